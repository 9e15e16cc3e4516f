"""Search's part of the MkDocs build, called by builder.mkdocs_plugin.

TEMPORARY: no-op bodies until the search work lands; the signatures are the contract.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from builder.portal import Portal


def on_files(files: Files, config: MkDocsConfig, portal: Portal) -> Files:
    """Add the generated search pages (e.g. /search/) to `files`."""
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, portal: Portal) -> str:
    """See each rendered page's HTML (to index hand-written pages and notices)."""
    return html


def on_post_build(config: MkDocsConfig, portal: Portal) -> None:
    """Write the prebuilt index and the search scripts into config.site_dir."""
