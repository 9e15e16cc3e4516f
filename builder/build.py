"""The whole build, in the order it runs: where to read what `gongshi build` does.

An engine adapter (builder/adapter/mkdocs/, builder/adapter/zensical.py) calls `prepare` before
its engine runs and `finish` after the engine has written the site; in between the engine puts
each page into the theme and hands every page's HTML back (`SitePlan.add_page_text`):

    prepare(options) -> SitePlan
        the date and the site address; the data loaded and checked (every problem reported);
        the portal as the public may see it on that date; its pages, the files that are no page,
        the 名单检索 page and the search corpus
    ... the engine renders ...
    finish(site_dir, plan) -> Problems
        the search files written; the output checks of the built site

Only the adapter stages the site and swaps it in (builder.files.atomicfs) when `finish` found no
error: a failed build leaves the previous site byte-identical.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from builder.checks import handwritten
from builder.checks.runner import (
    Ahead,
    ForkedChecks,
    check_output,
    early_checks,
    signatures,
)
from builder.files import collector, diskcache, hostfiles
from builder.files.contentname import content_name
from builder.files.reuse import Record, Signatures
from builder.load import parsecache
from builder.load.identity import MANUAL_DIR, gaps, template_data
from builder.load.loader import Loaded, load
from builder.model.clock import TODAY_ENV, build_day
from builder.model.portal import Portal
from builder.model.siteurl import LOOPBACK_HOSTS, SITE_URL_ENV, normalize_site_url
from builder.model.timeline import is_current
from builder.model.urls import SITEMAP, campaign_url, handwritten_url
from builder.render.extras import ExtraFile, extra_files
from builder.render.pages import PageSource, render_all
from builder.render.pages import forget as forget_pages
from builder.render.publish import list_published, published_portal
from builder.render.search import ahead as search_ahead
from builder.render.search.corpus import build_corpus, page_entry
from builder.render.search.files import MANIFEST, Bundle, make_bundle
from builder.render.search.index import SearchCorpus
from builder.render.search.page import SCRIPTS, SEARCH_URL, STYLE, search_page
from builder.text.problems import Problems, display_path
from builder.tools.roster.blank import with_blank_rosters


class BuildFailed(Exception):
    """Why nothing was published, in words for HR staff; `problems` when the data had errors."""

    def __init__(self, message: str, problems: Problems | None = None) -> None:
        super().__init__(message)
        self.problems = problems


def _to_stderr(message: str) -> None:
    print(f"WARNING -  {message}", file=sys.stderr)


@dataclass(frozen=True)
class BuildOptions:
    """What an adapter read from its configuration and command line."""

    data_dir: Path
    docs_dir: Path
    theme_dir: Path
    """The theme overrides (mkdocs.yml `custom_dir`): the search's script and style sheet."""
    engine_theme: Path
    """The engine's own templates: the output checks skip a file identical to one there."""
    site_name: str = ""
    site_url: str = ""
    """The configuration's; GONGSHI_SITE_URL and data/site.yml come first."""
    today: str | None = None
    """YYYY-MM-DD from the configuration or the command line; else GONGSHI_TODAY, else today."""
    preview: bool = False
    """`mkdocs serve`: data/site.yml may be incomplete, the served address stays, no `.gz`."""
    warn_local_address: bool = False
    """Warn when a build for today would link to this machine (the MkDocs adapter asks)."""
    warn: Callable[[str], None] = _to_stderr
    """Where warnings go (the engine's log)."""
    nav: object = None
    """The configured navigation (mkdocs.yml `nav`): the titles of the hand-written pages."""
    manual: bool = False
    """The staff manual (site_src/manual/) is part of this build: the staff build and the preview."""
    staff: bool = False
    """The staff build (`gongshi manual`): lists keep every detail after their 公示
    (builder.render.publish); the preview shows what the public will see."""
    lean: bool = False
    """No later build in this process (`gongshi build`): the parsed data files are let go once
    loaded (builder.load.parsecache.forget) instead of being kept for the next load."""


@dataclass
class SearchFiles:
    """The search of one build: its corpus, filled while the engine renders, and the site paths
    the header partial reads (`index`, `js` in load order, `css`, `page`). The search files are
    made on first use of `bundle`, once every page's text is in (after the engine rendered)."""

    corpus: SearchCorpus
    round_no: dict[str, int]
    js: tuple[str, ...]
    """The scripts, in load order (render.search.page SCRIPTS), by their content names."""
    css: str
    page: str = SEARCH_URL
    lean: bool = False
    """No later build in this process (BuildOptions.lean): the shard build keeps nothing for one."""
    _bundle: Bundle | None = field(default=None, repr=False)

    def bundle(self) -> Bundle:
        if self._bundle is None:
            self._bundle = make_bundle(self.corpus, remember=not self.lean)
        return self._bundle

    def urls(self) -> dict[str, object]:
        return {"index": MANIFEST, "js": list(self.js), "css": self.css, "page": self.page}


@dataclass
class SitePlan:
    """Everything the engine is given, and what it hands back (page texts, hand-written pages)."""

    options: BuildOptions
    today: dt.date
    site_url: str
    site_name: str
    portal: Portal
    problems: Problems
    """The data's warnings (a plan is made only from data without errors)."""
    loaded: Portal | None
    """The portal as the data has it, before what the public may see on `today` is applied:
    what a publishing server's schedule of coming changes reads (builder.server.schedule).
    None in a lean build (`gongshi build`), which has no schedule: it would keep every
    retired list's details alive through the rest of the build (at 200,000 candidates most
    lists are retired)."""
    pages: list[PageSource]
    """The generated pages, the 名单检索 page last."""
    extras: list[ExtraFile]
    """Every file that is no page, the content-named copies of the theme's scripts and style
    sheets among them."""
    assets: dict[str, str]
    """The theme's own scripts and style sheets (theme_overrides/assets/…) → their content-named
    copies, which the pages load instead (config.extra.gongshi_assets)."""
    search: SearchFiles
    site_data: dict[str, object]
    """The masthead's and footer's values (config.extra.gongshi_site)."""
    current: list[str]
    """Source paths of the rounds' pages the public can still act on (the 当前评选 section)."""
    handwritten: frozenset[str] = frozenset()
    """Site paths of the hand-written pages, as the engine found them (set by the adapter)."""

    def __post_init__(self) -> None:
        self._by_source = {p.src_uri: p for p in self.pages}

    def written(self) -> None:
        """The engine has written every page: a lean build (`gongshi build`) lets their HTML go
        before the search files are built, where its memory peaks (what is left to do reads the
        site's files, the portal and the search corpus). At 200,000 candidates the generated
        pages are ≈ 4,000 files of ≈ 190 MB; the engine's copy of each is let go by the adapter
        as each page is written (builder.adapter.mkdocs.plugin)."""
        if not self.options.lean:
            return
        self.pages = []
        self._by_source = {}
        forget_pages()

    def page(self, src_uri: str) -> PageSource | None:
        """The generated page of this source path, if it is one."""
        return self._by_source.get(src_uri)

    def check_conflicts(self, exists: Callable[[str], bool]) -> None:
        """A hand-written page where a generated one goes is refused."""
        for page in self.pages:
            if not exists(page.src_uri):
                continue
            if page.url == SEARCH_URL:
                raise BuildFailed(
                    f"site_src/{page.src_uri} 与自动生成的名单检索页 /{SEARCH_URL} 冲突：请删除或改名该文件"
                )
            raise BuildFailed(
                f"site_src/{page.src_uri} 与自动生成的页面 /{page.url} 冲突：请删除或改名该文件"
            )

    def add_page_text(self, url: str, title: str, html: str, source: PageSource | None) -> None:
        """A rendered page for the search (`source`: the generated page's, None for one written
        by hand); the 名单检索 page itself is not searched, nor the 网站地图 (every title again:
        a search for a notice would find the map beside it)."""
        if url in (SEARCH_URL, SITEMAP):
            return
        kind = source.kind if source is not None else "page"
        round_id = source.round if source is not None else None
        n = self.search.round_no[round_id] if round_id is not None else None
        corpus = self.search.corpus
        corpus.pages.append(page_entry(corpus, url, title, html, kind, n))


def prepare(options: BuildOptions) -> SitePlan:
    """Everything the engine renders, made from the data; BuildFailed when it cannot be built."""
    site_url = options.site_url
    env_url = os.environ.get(SITE_URL_ENV)
    try:
        if env_url:
            site_url = normalize_site_url(env_url)
        today = build_day(options.today)
    except ValueError as exc:
        raise BuildFailed(str(exc)) from None
    portal, problems, loaded = _load_published(
        options.data_dir, options.docs_dir, today, production=not options.preview,
        staff=options.staff,
    )
    _settled(options)
    if options.lean:
        parsecache.forget()
    if portal is None or loaded is None:
        # Every problem, the warnings too, once: in this message.
        raise BuildFailed("数据有错误，未生成网站：\n" + problems.to_text(), problems)
    for problem in problems.warnings:
        options.warn(str(problem))
    site = portal.site
    site_name = site.identity.name if site is not None else options.site_name
    if site is not None and site.identity.site_url and not env_url and not options.preview:
        # data/site.yml is where the address lives; GONGSHI_SITE_URL (server builds) wins, and a
        # preview keeps its own address (it serves what it was configured for).
        site_url = site.identity.site_url
    if options.warn_local_address:
        _warn_local_address(site_url, options)

    listed = frozenset(r.id for r in portal.rounds if list_published(r, today))
    current = frozenset(r.id for r in portal.rounds if is_current(r, today))
    corpus, round_no = build_corpus(portal, listed, current)
    assets, copies = named_assets(options.theme_dir)
    missing = [uri for uri in (*SCRIPTS, STYLE) if uri not in assets]
    if missing:
        raise BuildFailed(f"缺少检索脚本 {missing[0]}（theme_overrides/{missing[0]}）")
    pages = [
        *render_all(portal, today, site_name, handwritten_pages(
            options.docs_dir, _listed_nav(portal, options.nav), manual=options.manual)),
        search_page(portal, listed),
    ]
    _settled(options)
    if options.lean:
        # The names' search terms, extracted on the other core while the engine renders
        # (a build that keeps them for a later one has them in its cache).
        search_ahead.start(corpus)
    return SitePlan(
        options=options, today=today, site_url=site_url, site_name=site_name, portal=portal,
        problems=problems, loaded=None if options.lean else loaded,
        pages=pages,
        extras=[*extra_files(portal, today, site_url, site_name), *copies],
        assets=assets,
        search=SearchFiles(corpus, round_no, tuple(assets[uri] for uri in SCRIPTS), assets[STYLE],
                           lean=options.lean),
        site_data=template_data(site, site_name, site_url),
        current=[f"{campaign_url(r.id)}index.md" for r in portal.rounds if r.id in current],
    )


def _settled(options: BuildOptions) -> None:
    """In a process that makes one build (`gongshi build`, a publishing server's build step:
    the disk store is on), what the build made so far stays to its end: Python's collector is
    told to leave it out of its scans (`gc.freeze`). Each full collection walked the loaded
    portal again: ≈ 1.1 s of a correction at 200,000 candidates. Garbage among it would still
    be freed by reference counts; `mkdocs serve`, whose builds come and go, collects as usual."""
    if options.lean or diskcache.enabled():
        gc.freeze()


def begin_checks(engine_theme: Path, before: Record) -> ForkedChecks | None:
    """A publishing server's build, before it loads the data: the checks' copy is started now,
    and meanwhile reads what it knows of the files of the previous build (`before`: its record,
    each file's SHA-256 and what its checks read); the build tells it the site once it is
    planned (`ForkedChecks.at`), for `finish` (builder.checks.runner.early_checks)."""
    return early_checks([engine_theme], before.files, before.checked)


def checked_files() -> Signatures:
    """What the last `finish` checked, for the build's record (builder.checks.runner.signatures)."""
    return signatures()


def finish(site_dir: Path, plan: SitePlan, take: Take | None = None,
           early: ForkedChecks | None = None) -> Problems:
    """Write the search files into the built site, drop the engine's copies of the theme assets
    the pages load by their content names, and check every file of the site. `take`: a
    previous build's file instead of writing the same bytes (see write_search_files). `early`:
    the checks' copy, started before the data was loaded (builder.checks.runner.early_checks)."""
    # Before the checks start listing the site's files: they run beside this process.
    for uri in plan.assets:
        (site_dir / uri).unlink(missing_ok=True)
    # The pages' checks start in a worker while this process builds the search files.
    ahead = Ahead(site_dir, [plan.options.engine_theme], plan.site_url or None, early)
    bundle = plan.search.bundle()
    try:
        write_search_files(site_dir, bundle, gz=not plan.options.preview, take=take,
                           on_written=lambda: ahead.written(site_dir))
        ahead.add(site_dir)  # the search files, after the pages
        return check_output(
            site_dir, plan.portal, site_url=plan.site_url or None, handwritten=plan.handwritten,
            theme_dirs=[plan.options.engine_theme], ahead=ahead,
        )
    finally:
        # The bundle's storing on the compressing thread, waited for last: it overlaps the
        # checks (≈ 0.3 s of a correction's wait at 200,000 candidates, before the checks).
        bundle.settle()


def load_sources(data_dir: Path, docs_dir: Path, *, production: bool = False) -> Loaded:
    """The data (`gongshi validate`) and the hand-written pages, with every problem of both:
    what a build refuses before it starts, and what a publishing server checks a push for.
    A `production` build must also say who runs the site (data/site.yml); a preview need not,
    so HR staff are not nagged while editing."""
    with collector.paused():
        loaded = load(data_dir)
    # An engine copies site_src/ following links: a link there would publish a host file.
    for link in hostfiles.symlinks(docs_dir):
        loaded.problems.error(display_path(link), 1, 1, hostfiles.LINK_MESSAGE)
    # ...and every other file as it is: only pages without active content and readable documents.
    handwritten.check_docs(docs_dir, loaded.problems)
    if production and loaded.portal is not None:
        identity = Problems()
        gaps(loaded.portal.site, data_dir, identity)
        loaded.problems.extend(identity.items)
    return loaded


def load_published(
    data_dir: Path, docs_dir: Path, today: dt.date, *, production: bool, staff: bool = False
) -> tuple[Portal | None, Problems]:
    """The portal as the public may see it on `today` (None when the data has errors) and every
    problem found (`production`: see load_sources). The `staff` build keeps every
    detail of a list whose 公示 is over (builder.render.publish)."""
    portal, problems, _loaded = _load_published(data_dir, docs_dir, today, production=production,
                                                staff=staff)
    return portal, problems


def _load_published(
    data_dir: Path, docs_dir: Path, today: dt.date, *, production: bool, staff: bool
) -> tuple[Portal | None, Problems, Portal | None]:
    """`load_published`, and the portal as loaded (None when the data has errors)."""
    loaded = load_sources(data_dir, docs_dir, production=production)
    if loaded.portal is None or loaded.problems.errors:
        return None, loaded.problems, None
    # The generated forms (the blank roster of a round with quotas) join on the publishing side.
    return (
        with_blank_rosters(published_portal(loaded.portal, today, staff=staff), today),
        loaded.problems,
        loaded.portal,
    )


def handwritten_pages(docs_dir: Path, nav: object, *, manual: bool) -> list[tuple[str, str]]:
    """(title, URL) of every hand-written page the build publishes (the staff manual's only with
    `manual`), in the navigation's order, then the others by path: what the 网站地图 lists. A
    page is titled as MkDocs titles it: by the navigation, its front matter's `title`, its first
    `# ` heading, else its file name."""
    titles = _nav_titles(nav)
    order = {path: i for i, path in enumerate(titles)}
    found: list[tuple[int, str, str, str]] = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if not manual and rel.startswith(MANUAL_DIR):
            continue
        title = titles.get(rel) or _own_title(path)
        found.append((order.get(rel, len(order)), rel, title, handwritten_url(rel)))
    return [(title, url) for _, _, title, url in sorted(found)]


def _listed_nav(portal: Portal, nav: object) -> object:
    """The navigation's hand-written pages as the public sees them: data/site.yml's `pages`
    when it lists them (what the adapters put in place of the configured ones), else `nav`."""
    if portal.site is None or portal.site.identity.pages is None:
        return nav
    return [{p.title: p.file} for p in portal.site.identity.pages]


def _nav_titles(nav: object) -> dict[str, str]:
    """Source path → the title the nav gives it (`- 首页: index.md`), in the nav's order."""
    out: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            for k, v in _nav_titles(item).items():
                out.setdefault(k, v)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                out.setdefault(value, str(title))
            else:
                for k, v in _nav_titles(value).items():
                    out.setdefault(k, v)
    return out


def _own_title(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", text, re.S)
    if m:
        try:
            meta = yaml.safe_load(m.group(1) or "")
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict) and meta.get("title"):
            return str(meta["title"])
        text = text[m.end():]
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text, re.M)
    return heading.group(1).strip() if heading else path.stem


Take = Callable[[Path, str, "bytes | None"], bool]
"""Puts a previous build's file into the site when it has these bytes (None: whenever it has
the file, one made from bytes found the same); whether it did (builder.files.reuse.Previous)."""


def write_search_files(site_dir: Path, bundle: Bundle, *, gz: bool, take: Take | None = None,
                       on_written: Callable[[], None] | None = None) -> Bundle:
    """The manifest, its shards and chunks, and their `.gz` copies for nginx unless `gz` is
    False (`mkdocs serve`, whose server never sends a `.gz` file). `take`: each file the
    previous build has with the same bytes is taken from it, and so is its `.gz` (the same
    bytes compress the same); a search that did not change (the next day's rebuild) is then
    neither written nor compressed again. `on_written`: called once the files are written, before
    their `.gz` copies are made (the checks begin on them meanwhile)."""
    written = {bundle.path: bundle.data, **bundle.files}
    for folder in {p.rpartition("/")[0] for p in written}:  # str: ~7,400 paths at 200,000
        (site_dir / folder).mkdir(parents=True, exist_ok=True)
    compress: list[str] = []
    for path, body in written.items():
        if take is not None and take(site_dir, path, body):
            if gz and not take(site_dir, path + ".gz", None):
                compress.append(path)
            continue
        (site_dir / path).write_bytes(body)
        compress.append(path)
    if on_written is not None:
        on_written()
    if gz and compress:
        # Only the files not taken with their .gz (a correction changes some shards; the rest
        # are the previous build's, in a folder of another name).
        for path, body in bundle.gz(only=set(compress)):
            (site_dir / (path + ".gz")).write_bytes(body)
    return bundle


ASSET_SUFFIXES = (".js", ".css")


def named_assets(theme_dir: Path) -> tuple[dict[str, str], list[ExtraFile]]:
    """The theme's own scripts and style sheets (theme_overrides/assets/**.js, .css), each copied
    under its content name (builder.files.contentname): the pages load that name, so a page of
    any release gets the very script it was built with, and a new script is never mistaken for
    a cached old one. Site path → named path, and the copies."""
    names: dict[str, str] = {}
    copies: list[ExtraFile] = []
    root = theme_dir / "assets"
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if path.suffix not in ASSET_SUFFIXES or not path.is_file():
            continue
        uri = path.relative_to(theme_dir).as_posix()
        data = path.read_bytes()
        names[uri] = content_name(uri, data)
        copies.append(ExtraFile(names[uri], content=data))
    return names, copies


def _warn_local_address(site_url: str, options: BuildOptions) -> None:
    """A build of a given day (GONGSHI_TODAY) is a preview or a test; a build for today is what
    gets published, and would link to localhost."""
    host = urlsplit(site_url or "").hostname
    if options.today or os.environ.get(TODAY_ENV) or (host is not None and host not in LOOPBACK_HOSTS):
        return
    options.warn(
        f"网站地址 site_url 仍是「{site_url or '（未设置）'}」：订阅、日历、站点地图和"
        f"规范链接都会指向本机。正式发布前请设置环境变量 {SITE_URL_ENV}=https://本站域名/，"
        "或修改 data/site.yml 中的 site_url"
    )
