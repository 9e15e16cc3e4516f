"""A generated page skips MkDocs' reading and Markdown (builder.adapter.mkdocs.generated): it
must leave every attribute MkDocs' own Page leaves for the same front matter, with this
project's Markdown extensions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import REPO
from markupsafe import Markup
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from builder.adapter.mkdocs.generated import GeneratedPage, adopt
from builder.adapter.source import front_matter
from builder.model.urls import Column
from builder.render.pages import PageSource
from builder.render.pages.common import PageTags


def _pages(tmp_path: Path, source: PageSource) -> tuple[Page, Page, Files]:
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins._current_plugin = "gongshi"  # as while a plugin's hook runs (File.generated)
    theirs = File.generated(config, source.src_uri, content=front_matter(source))
    ours = File.generated(config, "other/" + source.src_uri, content="")
    files = Files([theirs, ours])
    mkdocs_page, our_page = Page(None, theirs, config), Page(None, ours, config)
    adopt(our_page, source)
    for page in (mkdocs_page, our_page):
        page.read_source(config)
        page.render(config, files)
    return mkdocs_page, our_page, files


def test_a_generated_page_is_what_mkdocs_would_make_of_its_front_matter(tmp_path: Path) -> None:
    source = PageSource(
        url="campaigns/x/", title="</title><script>x</script> 名单", html=Markup("<p>正文</p>"),
        sample=True, hide=("toc", "navigation"), description="说明 & 𠀀",
        crumbs=(("评选", "campaigns/"), ("本轮", None)),
        tags=PageTags(Column("公示公告", "信息发布"), article="文", published=dt.date(2026, 6, 1),
                      source="人社局", keywords=("公示",)),
    )
    theirs, ours, _ = _pages(tmp_path, source)
    assert type(ours) is GeneratedPage
    for name in ("markdown", "meta", "content", "title", "_title_from_render", "present_anchor_ids",
                 "links_to_anchors"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert list(ours.toc) == list(theirs.toc) == []


def test_only_mkdocs_own_page_is_adopted(tmp_path: Path) -> None:
    source = PageSource(url="a/", title="t", html=Markup(""))
    _, ours, _ = _pages(tmp_path, source)
    try:
        adopt(ours, source)
    except TypeError:
        return
    raise AssertionError("a page adopted twice")
