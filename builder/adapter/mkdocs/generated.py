"""A generated page as MkDocs handles it: its metadata given, its body rendered by nobody.

MkDocs reads every page's source and converts its Markdown: for a generated page that is a
YAML front matter parsed by PyYAML's pure-Python loader and a Markdown instance made with every
configured extension, only to convert an empty body whose HTML the adapter then replaces
(`GongshiPlugin.on_page_content`). At 200,000 candidates (≈ 4,000 generated pages) the two
were ≈ 1.3 s of a correction's build (py-spy: `get_data` 0.68 s, `Markdown.__init__` 0.63 s).

`GeneratedPage` is the page MkDocs made, with its class switched once the navigation exists
(`adopt`), so that every attribute MkDocs set (the nav title, parent, neighbours, URLs) stays
as it was: `read_source` takes the metadata as `builder.adapter.source.page_meta` gives it
(what the front matter reads back) and `render` leaves what converting an empty body leaves.
tests/test_adapter_generated.py holds both to MkDocs' own methods.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from builder.adapter.source import page_meta
from builder.render.pages import PageSource

_pages_log = logging.getLogger("mkdocs.structure.pages")


class GeneratedPage(Page):
    source: PageSource

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        self.meta = page_meta(self.source)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        # What Page.render leaves for an empty body: no HTML, no headings, no anchors, no links.
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if _pages_log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}


def adopt(page: Page, source: PageSource) -> None:
    """Make the page MkDocs made for `source` a GeneratedPage (before MkDocs reads it)."""
    if type(page) is not Page:
        raise TypeError(f"{page.file.src_uri}: a page of type {type(page).__name__}, not MkDocs' Page")
    page.__class__ = GeneratedPage
    page.source = source  # type: ignore[attr-defined]
