"""The thin MkDocs adapter: each hook hands MkDocs what the build's spine (builder.build) made.

`on_config` runs `prepare` (date, address, data, pages, files, search) and stages the output in
a hidden sibling of `site_dir`; `on_files` gives MkDocs the generated pages and files
(`File.generated`: nothing is written into `site_src/`); `on_nav` adds the 当前评选 section;
`on_page_content` puts each generated page's finished body in and hands every page's HTML to
the search; `on_env` finds the pages a previous build already made (builder.files.reuse), which
MkDocs then renders to nothing; `on_post_build` takes those from the previous build, runs
`finish` (search files, output checks), writes the record of the site and swaps it in.
Replacing MkDocs means replacing only this package.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from builder.adapter.mkdocs import generated
from builder.adapter.source import (
    ASSETS_KEY,
    EXTRA_KEY,
    MANUAL_DIR,
    ROUNDS_SECTION,
    SITE_KEY,
    nav_with_pages,
    without_manual,
)
from builder.build import (
    BuildFailed,
    BuildOptions,
    ForkedChecks,
    SitePlan,
    begin_checks,
    checked_files,
    finish,
    prepare,
)
from builder.files import diskcache, reuse
from builder.files.atomicfs import make_world_readable, replace_dir
from builder.render.extras import ExtraFile
from builder.text.problems import Problems

log = logging.getLogger("mkdocs.plugins.gongshi")
BUILDER_DIR = Path(__file__).resolve().parents[2]
TAKEN = "gongshi-taken.html"
"""The template of a page the previous build already made: it renders nothing, and MkDocs
writes no file for a page that renders to nothing (its own log line says so, at debug level
here); the previous file takes its place (on_post_build)."""


def _strict_warnings_logged() -> bool:
    """Whether MkDocs' strict-mode counter saw a warning: it aborts only after on_post_build,
    so the swap must not happen before that."""
    return any(
        isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers
    )


def theme_dirs() -> list[Path]:
    """Where the theme's own static files come from (Material's templates folder): the output
    checks skip a site file identical to one there (Material's bundles name their authors'
    e-mail addresses, which are not a 公示's business)."""
    import material

    return [Path(material.__file__).resolve().parent / "templates"]


class GongshiConfig(Config):
    data_dir = c.Type(str, default="data")
    today = c.Optional(c.Type(str))
    group_writable = c.Type(bool, default=False)
    """Folders of the built site 0775 instead of 0755: a publishing server's build that runs as
    its own account (builder.server.buildstep)."""
    manual = c.Type(bool, default=False)
    """Include the staff manual (site_src/manual/): the staff build does, `mkdocs serve` always
    does, the public build never (it would be in the public search, and it is not for the public)."""


class GongshiPlugin(BasePlugin[GongshiConfig]):
    plan: SitePlan | None = None
    data_dir: Path
    command: str = "build"
    target: Path | None = None
    """Where the site goes once every check has passed (`site_dir` as configured)."""
    staging: Path | None = None
    """The sibling directory MkDocs writes into meanwhile (None under `mkdocs serve`)."""
    failure: list[str] | None = None
    """The problems that made the last build fail (for the preview's error page)."""
    with_manual: bool = False
    serving: bool = False
    """`mkdocs serve` has started its server (its first build is done)."""
    broken: bool = False
    """This build is the empty site of a preview started on data with errors."""
    previous: Path | None = None
    """A previous build of this site whose unchanged pages and files are taken (set by
    sitebuild.build_site; a publishing server passes its live release)."""
    record: bool = False
    """Write the site's record (builder.files.reuse) for the next build to take from."""
    lean: bool = False
    """No later build in this process: BuildOptions.lean (set by sitebuild.build_site)."""
    planned: Callable[[SitePlan], None] | None = None
    """Given the plan of a build whose site is in place (set by sitebuild.build_site)."""
    refused: Callable[[Problems], None] | None = None
    """Called when the data has errors (set by sitebuild.build_site)."""
    before: reuse.Record | None = None
    early: ForkedChecks | None = None
    """The checks' copy, started before the data is loaded (build.begin_checks)."""
    page_keys: dict[str, str]
    taken: set[str]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance for a whole serve session;
        # on_config resets every per-build attribute.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.staging = self.target = None
        self.broken = False
        self.plan = None
        self.page_keys, self.taken = {}, set()
        self.before = reuse.Record.read(self.previous) if self.previous is not None else None
        # The checks' copy starts before the load, from a process that holds nothing yet, and
        # reads the store while this one loads (builder.checks.runner.early_checks).
        self.early = (begin_checks(theme_dirs()[0], self.before)
                      if self.before is not None and self.command != "serve" else None)
        if not config.use_directory_urls:
            raise PluginError("mkdocs.yml 中 use_directory_urls 必须为 true：门户的永久网址以 / 结尾")
        self.failure = None
        self.with_manual = self.config.manual or self.command == "serve"
        if not self.with_manual and config.nav is not None:
            config.nav = without_manual(config.nav)
        base = Path(config.config_file_path).parent
        self.data_dir = (base / self.config.data_dir).resolve()
        serving = self.command == "serve"
        options = BuildOptions(
            data_dir=self.data_dir, docs_dir=Path(config.docs_dir),
            theme_dir=Path(config.theme.custom_dir or base / "theme_overrides"),
            engine_theme=theme_dirs()[0], site_name=config.site_name,
            site_url=config.site_url or "", today=self.config.today, preview=serving,
            nav=config.nav, manual=self.with_manual, staff=self.config.manual,
            # Logged as warnings so that `mkdocs build --strict` stops on them.
            warn_local_address=not serving, warn=log.warning, lean=self.lean and not serving,
        )
        try:
            self.plan = prepare(options)
        except BuildFailed as exc:
            if exc.problems is not None:
                self.failure = [str(p) for p in [*exc.problems.errors, *exc.problems.warnings]]
                if self.refused is not None and exc.problems.errors:
                    self.refused(exc.problems)
                if serving and not self.serving:
                    return self._broken_start(config)
            raise PluginError(str(exc)) from None
        config.site_name = self.plan.site_name
        # The hand-written pages' names and order are data (data/site.yml `pages`), so that a
        # publishing server, which builds with its own configuration, has them too.
        config.nav = nav_with_pages(config.nav, self.plan.portal, Path(config.docs_dir))
        if self.plan.site_url != (config.site_url or ""):
            config.site_url = self.plan.site_url
        if not serving:
            self._stage(config)
        return config

    def _broken_start(self, config: MkDocsConfig) -> MkDocsConfig:
        """`mkdocs serve` started on data with errors: MkDocs stops when its first build fails,
        and HR staff would see no preview at all. Build an empty site instead (no page, no
        theme template), so that every page the preview serves is the error page
        (builder.adapter.mkdocs.sitebuild.LastGoodSite) and live reload shows the portal once
        the data is fixed. Only under serve, and only before the preview has had a good build."""
        assert self.failure is not None
        log.error(
            f"预览未生成：数据有错误，共 {len(self.failure)} 个问题：\n" + "\n".join(self.failure)
            + "\n浏览器中的每一页都列出了这些问题；改正后保存文件，预览会自动更新。"
        )
        self.broken = True
        config.theme.static_templates.clear()
        config.extra_templates = []
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        """Send MkDocs' output to a hidden sibling of `site_dir`; `on_post_build` swaps it in
        only when every check has passed, so a failed `mkdocs build` or `gongshi build` leaves
        the previous site byte-identical. (`mkdocs serve` has its own: builder.adapter.mkdocs.sitebuild.)"""
        self.target = Path(config.site_dir).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent)
        )
        config.site_dir = str(self.staging)

    def discard_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def on_build_error(self, *, error: Exception) -> None:
        if self.early is not None:
            self.early.stop()
            self.early = None
        self.discard_staging()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.plan is None:
            return Files([])
        if not self.with_manual:
            for staff in [f for f in files if f.src_uri.startswith(MANUAL_DIR)]:
                files.remove(staff)
        try:
            self.plan.check_conflicts(lambda uri: files.get_file_from_path(uri) is not None)
        except BuildFailed as exc:
            raise PluginError(str(exc)) from None
        for page in self.plan.pages:
            # Its metadata and body are given to MkDocs' page itself (on_nav), never read.
            files.append(File.generated(config, page.src_uri, content=""))
        for extra in self.plan.extras:
            if self._take_file(extra):
                continue
            if extra.source is not None:
                files.append(File.generated(config, extra.uri, abs_src_path=str(extra.source)))
            else:
                files.append(File.generated(config, extra.uri, content=extra.content))
        # Hand-written pages may carry no campaign's office contacts (builder.model.contacts.Allowlist).
        self.plan.handwritten = frozenset(
            f.dest_uri for f in files if f.generated_by is None and f.src_uri.endswith(".md")
        )
        # The header partial reads the search files' paths; the files are made in on_post_build,
        # after on_page_content has run for every page.
        config.extra[EXTRA_KEY] = self.plan.search.urls()
        config.extra[ASSETS_KEY] = self.plan.assets
        return files

    def _take_file(self, extra: ExtraFile) -> bool:
        """Whether the previous build's file at the same path, of the same bytes, is taken (linked
        in on_post_build with the taken pages) instead of MkDocs copying this one: a correction
        at 200,000 candidates copied 1,000 unchanged forms (≈ 0.5 s with their folders)."""
        if (
            self.before is None or self.previous is None or extra.sha256 is None
            or self.before.files.get(extra.uri) != extra.sha256
            or not (self.previous / extra.uri).is_file()
        ):
            return False
        self.taken.add(extra.uri)
        return True

    _nav: Navigation | None = None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Rounds the public can still act on get their own 当前评选 section, after 首页.
        Every generated page's MkDocs page is made a GeneratedPage (MkDocs made them all with
        the navigation, and reads none yet)."""
        self._nav = nav
        if self.plan is None:
            return nav
        for source in self.plan.pages:
            file = files.get_file_from_path(source.src_uri)
            if file is None or file.page is None:
                raise PluginError(f"MkDocs made no page of {source.src_uri}")
            generated.adopt(file.page, source)
        pages: list[Page] = []
        for src_uri in self.plan.current:
            found = files.get_file_from_path(src_uri)
            if found is not None and found.page is not None:
                pages.append(found.page)
        if pages:
            section = Section(ROUNDS_SECTION, list(pages))
            for page in pages:
                page.parent = section
            nav.items.insert(1 if nav.items else 0, section)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.plan is not None:
            config.extra[SITE_KEY] = self.plan.site_data
            if self.record or self.before is not None:
                self._key_pages(env, config, files)
            if self.early is not None:
                self.early.at(Path(config.site_dir), self.plan.site_url or None)
        return env

    def _key_pages(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Every page's key: all that its file is made from (the site-wide part: code, theme,
        configuration, navigation; the page's own: its path, title, metadata and body). A page
        whose key is the previous build's at the same path is rendered to nothing and taken
        from there."""
        nav = self._nav_digest(config)
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            meta = {k: v for k, v in page.meta.items() if k != "template"}
            # The body is hashed as it is, after the rest (JSON, of a known length): encoding
            # ≈ 190 MB of HTML into JSON was ≈ 0.4 s of a correction at 200,000 candidates.
            head = json.dumps([nav, file.src_uri, file.dest_uri, page.url, page.title, meta],
                              ensure_ascii=False, sort_keys=True,
                              default=str).encode("utf-8", "surrogatepass")
            digest = hashlib.sha256(b"%d\n" % len(head) + head)
            digest.update(page.content.encode("utf-8", "surrogatepass"))
            key = digest.hexdigest()
            self.page_keys[file.dest_uri] = key
            if (
                self.before is not None and self.previous is not None
                and self.before.pages.get(file.dest_uri) == key
                and (self.previous / file.dest_uri).is_file()
                and "template" not in page.meta
            ):
                page.meta["template"] = TAKEN
                self.taken.add(file.dest_uri)
        if self.taken:
            env.loader = ChoiceLoader([DictLoader({TAKEN: ""}), env.loader])  # type: ignore[list-item]
            logging.getLogger("mkdocs.commands.build").addFilter(_quiet_taken)

    def _nav_digest(self, config: MkDocsConfig) -> str:
        """What every page shares: the code and its libraries, the theme's files, the
        configuration the templates read and the navigation with its titles."""
        theme = hashlib.sha256()
        if config.theme.custom_dir:
            custom = Path(config.theme.custom_dir)
            for path in sorted(custom.rglob("*")):
                if path.is_file():
                    theme.update(path.relative_to(custom).as_posix().encode() + b"\0" + path.read_bytes())
        settings = {k: config.get(k) for k in (
            "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
            "repo_name", "edit_uri", "use_directory_urls", "extra", "extra_css", "extra_javascript",
            "markdown_extensions", "mdx_configs",
        )}
        settings["theme"] = {k: config.theme[k] for k in sorted(config.theme.keys())}
        navigation = _nav_items(self._nav.items) if self._nav is not None else []
        return hashlib.sha256(json.dumps(
            [diskcache.code_digest(), theme.hexdigest(), settings, navigation],
            ensure_ascii=False, sort_keys=True, default=str,
        ).encode("utf-8", "surrogatepass")).hexdigest()

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.plan is not None
        generated = self.plan.page(page.file.src_uri)
        if generated is not None:
            html = str(generated.html)
        # MkDocs page titles are HTML (generated pages' titles arrive escaped: source.page_meta).
        self.plan.add_page_text(page.url, html_lib.unescape(page.title or ""), html, generated)
        return html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        # Written next, and read no more: MkDocs checks the anchors from each page's anchor
        # set and renders others from their titles. A lean build lets the body go now instead
        # of holding every page's to the end (SitePlan.written).
        if self.plan is not None and self.plan.options.lean:
            page.content = None
        return output

    def watched(self) -> list[Path]:
        """What `mkdocs serve` rebuilds on besides docs_dir: the data (wherever data_dir is) and
        every template folder of the builder (the pages' and the search page's), found from
        the installed package rather than listed by hand in mkdocs.yml."""
        folders = sorted(d for d in BUILDER_DIR.rglob("templates") if d.is_dir())
        return [self.data_dir, *(d for d in folders if d.parent.name != "templates")]

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., object]
    ) -> LiveReloadServer:
        for path in self.watched():
            server.watch(str(path))
        self.serving = True
        # A failed rebuild keeps the last good build on screen (builder.adapter.mkdocs.sitebuild).
        from builder.adapter.mkdocs.sitebuild import serve_last_good

        return serve_last_good(server, lambda: self.failure, broken=self.broken)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.plan is None:
            return
        site_dir = Path(config.site_dir)
        if self.previous is not None:
            reuse.link_all(self.previous, site_dir, self.taken)
        same = (reuse.Previous(self.previous, self.before)
                if self.previous is not None and self.before is not None else None)
        self.plan.written()
        problems = finish(site_dir, self.plan, same.take if same is not None else None, self.early)
        for problem in problems.warnings:
            log.warning(str(problem))
        if problems.errors:
            self.failure = [str(p) for p in problems.errors]
            raise PluginError(
                "生成的网站未通过检查，原网站未改动：\n"
                + "\n".join(str(p) for p in problems.errors)
            )
        if self.staging is None or self.target is None:
            return
        if config.strict and _strict_warnings_logged():
            self.discard_staging()  # MkDocs aborts right after this hook
            return
        if self.record:
            record = reuse.share_unchanged(site_dir, self.previous, self.before, self.taken,
                                           same.taken if same is not None else None, checked_files())
            record.pages = self.page_keys
            record.write(site_dir)
        make_world_readable(self.staging, group_writable=self.config.group_writable)
        replace_dir(self.staging, self.target)
        self.staging = None
        config.site_dir = str(self.target)
        if self.planned is not None:
            self.planned(self.plan)


def _nav_items(items: list[object]) -> list[object]:
    """The navigation as the templates show it: titles, addresses, sections and their items."""
    out: list[object] = []
    for item in items:
        children = getattr(item, "children", None)
        out.append([type(item).__name__, getattr(item, "title", None), getattr(item, "url", None),
                    _nav_items(children) if children else []])
    return out


def _quiet_taken(record: logging.LogRecord) -> bool:
    """MkDocs logs every page that renders to nothing; a taken page is no news."""
    return not str(record.msg).startswith("Page skipped:")
