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

The engine-neutral parts are the core's: the corpus and page texts (builder.search.corpus), the
search files and their cache (builder.search.files), the /search/ page (builder.search.page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as html_lib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.pages.common import PageSource
from builder.portal import Portal
from builder.publish import list_published
from builder.search import index as search_index
from builder.search.corpus import build_corpus, page_entry
from builder.search.files import Bundle, make_bundle
from builder.search.page import render_search_page
from builder.timeline import is_current

SEARCH_URL = "search/"
SEARCH_SRC = "search/index.md"
SEARCH_TITLE = "名单检索"
ASSET_DIR = "assets/search/"
EXTRA_KEY = "gongshi_search"


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

    def bundle(self) -> Bundle:
        """The index file; made (or found in the cache) once per build, on first use."""
        if self._bundle is None:
            self._bundle = make_bundle(self.corpus)
        return self._bundle

    @property
    def index(self) -> str:
        return self.bundle().path


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


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


def on_files(files: Files, config: MkDocsConfig, portal: Portal, today: dt.date) -> Files:
    """Add the generated search pages (e.g. /search/) to `files`."""
    if files.get_file_from_path(SEARCH_SRC) is not None:
        raise PluginError(f"site_src/{SEARCH_SRC} 与自动生成的名单检索页 /{SEARCH_URL} 冲突：请删除或改名该文件")
    listed = frozenset(r.id for r in portal.rounds if list_published(r, today))
    current = frozenset(r.id for r in portal.rounds if is_current(r, today))
    corpus, round_no = build_corpus(portal, listed, current)
    front = f"---\ntitle: {SEARCH_TITLE}\nhide: [toc]\n---\n"
    files.append(File.generated(config, SEARCH_SRC, content=front))
    config.extra[EXTRA_KEY] = SearchBuild(
        corpus=corpus,
        round_no=round_no,
        js=_versioned(files, f"{ASSET_DIR}gongshi-search.js"),
        css=_versioned(files, f"{ASSET_DIR}gongshi-search.css"),
        search_page_html=render_search_page(portal, listed),
    )
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, source: PageSource | None) -> str:
    """See each rendered page's HTML (to index hand-written pages and notices); `source` is the
    generated page's, None for a hand-written one."""
    state = _state(config)
    if page.file.src_uri == SEARCH_SRC:
        return state.search_page_html
    url = page.url
    # MkDocs page titles are HTML (generated pages' titles arrive escaped, see plugin.py).
    title = html_lib.unescape(page.title or "")
    kind = source.kind if source is not None else "page"
    round_id = source.round if source is not None else None
    n = state.round_no[round_id] if round_id is not None else None
    state.corpus.pages.append(page_entry(state.corpus, url, title, html, kind, n))
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
