"""Search's part of the MkDocs build, called by builder.adapter.mkdocs.plugin.

- `on_files`: collects candidates, notices and forms from the portal, adds the 名单检索 page
  (/search/), and puts the asset URLs the header partial needs into
  `config.extra["gongshi_search"]`.
- `on_page_content`: renders the /search/ page body; records every other page's text.
- `on_post_build`: writes the manifest (content-hashed name) and its shards and chunks
  (builder/search/shards.py).

The index is built when a template first asks for the manifest's URL: MkDocs runs
`on_page_content` for every page before it renders any template, so by then every page's text
is known, and the hashed name can be written into every page.

`mkdocs serve` rebuilds the whole site in the same process on every save, so the finished
files (and their gzip) are kept at module level, keyed by the digest of the corpus: a rebuild
whose names, units, forms and page texts did not change (an edited 主要业绩, say) reuses them.
Page texts are memoised by the page's HTML.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import html as html_lib
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Generic, TypeVar

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.cachestats import CacheStats
from builder.models import Candidate
from builder.names.readings import text_initials
from builder.portal import Portal, Round
from builder.search import index as search_index
from builder.search import shards as search_shards
from builder.urls import campaign_url, candidate_anchor, file_path, gongshi_url

SEARCH_URL = "search/"
SEARCH_SRC = "search/index.md"
SEARCH_TITLE = "名单检索"
ASSET_DIR = "assets/search/"
EXTRA_KEY = "gongshi_search"
_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parents[2] / "search" / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


V = TypeVar("V")


class Lru(Generic[V]):
    """A module-level cache that survives `mkdocs serve` reloads: content digest → value, at
    most `size` entries, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, V] = OrderedDict()
        self.stats = CacheStats()

    def get(self, key: str, make: Callable[[], V]) -> V:
        found = self.entries.get(key)
        if found is not None:
            self.stats.hits += 1
            self.entries.move_to_end(key)
            return found
        self.stats.misses += 1
        value = make()
        self.entries[key] = value
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value


class _TextOf(HTMLParser):
    """The readable text of a page body (what a visitor can search for)."""

    SKIP = frozenset({"script", "style", "template", "svg", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


# Keyed by the HTML's digest, so the cache holds texts, not pages. Bounded by pages: a site has
# a couple per round (~220 at 10,000 candidates) and the bound is far above that; what it
# evicts is a serve session's earlier versions of edited pages. Texts average ~1.3 KB, so even
# a full cache stays in the tens of MB.
page_texts: Lru[str] = Lru(4096)


def page_text(html: str) -> str:
    """The page's readable text; HTMLParser is run once per distinct page body."""
    key = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    return page_texts.get(key, lambda: _page_text(html))


def _page_text(html: str) -> str:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


@dataclass
class Bundle:
    """The search files of one corpus: the manifest's site path and bytes, and the rest."""

    path: str
    data: bytes
    files: dict[str, bytes] = field(repr=False)

    @cached_property
    def gz(self) -> dict[str, bytes]:
        # Compressed once, for nginx `gzip_static on;`: compressing per request costs the
        # first answer time. gzip -9 of every file, ≈ 0.1 s per MB.
        out = {self.path: gzip.compress(self.data, 9, mtime=0)}
        for path, body in self.files.items():
            out[path] = gzip.compress(body, 9, mtime=0)
        return out


# The latest build's bundle and the one before it, so that undoing an edit under serve is free
# as well.
bundles: Lru[Bundle] = Lru(2)


def make_bundle(corpus: search_index.SearchCorpus) -> Bundle:
    """The search files of a corpus: from the cache when an earlier build had the same corpus."""
    return bundles.get(search_index.corpus_digest(corpus), lambda: _make_bundle(corpus))


def _make_bundle(corpus: search_index.SearchCorpus) -> Bundle:
    built = search_shards.build(corpus)
    return Bundle(built.manifest_path, search_index.dumps(built.manifest), built.files)


@dataclass
class SearchBuild:
    """One build's search state, in `config.extra` (so it dies with the build's config); the
    header partial reads its `index`, `js`, `css` and `page` paths."""

    corpus: search_index.SearchCorpus
    round_no: dict[str, int]
    js: str
    css: str
    search_page_html: str
    page: str = SEARCH_URL
    _bundle: Bundle | None = field(default=None, repr=False)
    # Page URL → round number, for telling notices and list pages apart in `on_page_content`.
    notice_at: dict[str, int] = field(default_factory=dict, repr=False)
    list_at: dict[str, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # setdefault: the first round with a URL wins, as a search through the rounds would.
        for rid, n in self.round_no.items():
            self.notice_at.setdefault(campaign_url(rid), n)
            self.list_at.setdefault(gongshi_url(rid), n)

    def bundle(self) -> Bundle:
        """The index file; made (or found in the cache) once per build, on first use."""
        if self._bundle is None:
            self._bundle = make_bundle(self.corpus)
        return self._bundle

    @property
    def index(self) -> str:
        return self.bundle().path


def _state(config: MkDocsConfig) -> SearchBuild:
    state = config.extra.get(EXTRA_KEY)
    if not isinstance(state, SearchBuild):
        raise PluginError("内部错误：检索模块的 on_files 未运行")
    return state


def index_path(config: MkDocsConfig) -> str:
    """Site path of this build's index file (its name carries its content hash)."""
    return _state(config).index


def _versioned(files: Files, uri: str) -> str:
    """`uri?v=<hash>`: theme assets keep their names, so the query string refreshes caches."""
    found = files.get_file_from_path(uri)
    if found is None or found.abs_src_path is None:
        raise PluginError(f"缺少检索脚本 {uri}（theme_overrides/{uri}）")
    return f"{uri}?v={_digest(Path(found.abs_src_path).read_bytes())}"


def round_label(r: Round) -> str:
    series = r.campaign.series_name
    year = str(r.campaign.year)
    return series if year in series else f"{year}年{series}"


def _entries(person: Candidate, round_no: int) -> list[search_index.CandidateEntry]:
    """The search entries of one list entry: itself, and the other names it is found by.

    A collective is found by its leader's name too, and a foreign expert by the Chinese
    transliteration: each such name is an entry of its own that leads to the same row (its
    anchor), shown with what it stands for (the collective's name in place of a unit).
    """
    anchor = candidate_anchor(person)
    own = search_index.CandidateEntry(
        round=round_no,
        name=person.name,
        unit=person.unit,
        recommended_by=person.recommended_by,
        gender=person.gender,
        status=person.status,
        anchor=anchor,
        pinyin=person.pinyin,
    )
    out = [own]
    if person.is_collective and person.leader and person.leader != person.name:
        out.append(dataclasses.replace(
            own, name=person.leader, unit=person.name, recommended_by=person.unit, gender=None,
            pinyin=None,
        ))
    if person.name_zh and person.name_zh != person.name:
        out.append(dataclasses.replace(own, name=person.name_zh, pinyin=None))
    return out


def _corpus(portal: Portal, listed: frozenset[str]) -> tuple[search_index.SearchCorpus, dict[str, int]]:
    corpus = search_index.SearchCorpus()
    round_no: dict[str, int] = {}
    for r in portal.rounds:
        n = len(corpus.rounds)
        round_no[r.id] = n
        shown = r.id in listed
        corpus.rounds.append(
            search_index.RoundEntry(
                id=r.id,
                title=r.campaign.title,
                year=r.campaign.year,
                list_url=gongshi_url(r.id) if shown else None,
                notice_url=campaign_url(r.id),
                label=round_label(r),
            )
        )
        # A list committed ahead of its publicity period is not on the site yet (the portal
        # generates no list page), so its names must not be in the index either.
        if shown:
            for person in r.people:
                corpus.candidates.extend(_entries(person, n))
        for form in r.forms:
            corpus.forms.append(
                search_index.FormEntry(
                    url=file_path(r.id, form),
                    title=form.title,
                    round=n,
                    format=form.format,
                    note=form.note,
                )
            )
    return corpus, round_no


def _search_page(portal: Portal, listed: frozenset[str]) -> str:
    rounds = [r for r in portal.rounds if r.id in listed]
    years = sorted({r.campaign.year for r in portal.rounds}, reverse=True)
    # Units that recommended someone on a published list: the filter's choices.
    recommenders = sorted(
        {p.recommended_by for r in rounds for p in r.people if p.recommended_by},
        key=lambda u: (text_initials(u), u),
    )
    return _TEMPLATES.get_template("search_page.html").render(
        rounds=[(r.id, round_label(r)) for r in portal.rounds],
        years=years,
        recommenders=recommenders,
        statuses=search_index.STATUSES,
    )


def on_files(files: Files, config: MkDocsConfig, portal: Portal) -> Files:
    """Add the generated search pages (e.g. /search/) to `files`."""
    if files.get_file_from_path(SEARCH_SRC) is not None:
        raise PluginError(f"site_src/{SEARCH_SRC} 与自动生成的名单检索页 /{SEARCH_URL} 冲突：请删除或改名该文件")
    listed = frozenset(
        r.id for r in portal.rounds if files.get_file_from_path(f"{gongshi_url(r.id)}index.md")
    )
    corpus, round_no = _corpus(portal, listed)
    front = f"---\ntitle: {SEARCH_TITLE}\nhide: [toc]\n---\n"
    files.append(File.generated(config, SEARCH_SRC, content=front))
    config.extra[EXTRA_KEY] = SearchBuild(
        corpus=corpus,
        round_no=round_no,
        js=_versioned(files, f"{ASSET_DIR}gongshi-search.js"),
        css=_versioned(files, f"{ASSET_DIR}gongshi-search.css"),
        search_page_html=_search_page(portal, listed),
    )
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, portal: Portal) -> str:
    """See each rendered page's HTML (to index hand-written pages and notices)."""
    state = _state(config)
    if page.file.src_uri == SEARCH_SRC:
        return state.search_page_html
    url = page.url
    # MkDocs page titles are HTML (generated pages' titles arrive escaped, see plugin.py).
    title = html_lib.unescape(page.title or "")
    notice = state.notice_at.get(url)
    listing = state.list_at.get(url)
    # A list page's body is its candidates, which are indexed one by one; its title is enough.
    state.corpus.pages.append(
        search_index.PageEntry(
            url=url,
            title=title,
            text="" if listing is not None else page_text(html),
            kind="notice" if notice is not None else "list" if listing is not None else "page",
            round=notice if notice is not None else listing,
        )
    )
    return html


def on_post_build(config: MkDocsConfig, portal: Portal, *, precompressed: bool = True) -> None:
    """Write the search files into config.site_dir, and their `.gz` copies for nginx unless
    `precompressed` is False (`mkdocs serve`, whose server never sends a `.gz` file)."""
    bundle = _state(config).bundle()
    site = Path(config.site_dir)
    written = {bundle.path: bundle.data, **bundle.files}
    for folder in {PurePosixPath(p).parent for p in written}:
        (site / folder).mkdir(parents=True, exist_ok=True)
    for path, body in written.items():
        (site / path).write_bytes(body)
    if precompressed:
        for path, body in bundle.gz.items():
            (site / (path + ".gz")).write_bytes(body)
