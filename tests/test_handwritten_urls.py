"""One rule for where a hand-written page of site_src/ lands (builder.model.urls.handwritten_url),
used by the site map, the Zensical adapter and `gongshi check-site`: it must be MkDocs' own rule."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from mkdocs.structure.files import File

from builder.model.urls import handwritten_url

NAMES = ["index.md", "README.md", "about.md", "readme.md", "guide/index.md", "guide/README.md",
         "guide/step.md", "a/b/c.md", "政策/解读.md"]


@pytest.mark.parametrize("rel", NAMES)
def test_a_hand_written_page_lands_where_mkdocs_puts_it(rel: str) -> None:
    page = File(rel, src_dir="site_src", dest_dir="site", use_directory_urls=True)
    assert handwritten_url(rel) + "index.html" == page.dest_uri
    assert handwritten_url(rel) == unquote(page.url).removeprefix("./")
