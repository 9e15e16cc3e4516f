"""The in-list filter of a long 公示 list (issue 15, item 5): on a phone, typing part of a
Chinese name, a unit or the pinyin narrows the 63 cards to the matching ones; the count is
announced; Esc clears; nothing is fetched; without scripts the whole list stands, and paper
always carries the whole list."""

from __future__ import annotations

import re

import pytest
from conftest import open_context
from page_types import PAGE_TYPES, TODAY

from builder.load.loader import load
from builder.render.pages.publicity_list import FILTER_FROM, find_text
from builder.render.publish import published_portal

pytestmark = pytest.mark.browser

LIST = PAGE_TYPES["gongshi-list"]
JISHU = "2026-shili-jishu-daitouren"


def _people():
    import datetime as dt

    from conftest import DATA

    loaded = load(DATA)
    assert loaded.portal is not None
    r = published_portal(loaded.portal, dt.date.fromisoformat(TODAY)).round(JISHU)
    return r.people


def _expected(query: str) -> int:
    """How many entries of the published list have a word containing `query`."""
    q = query.lower().replace(" ", "")
    return sum(1 for p in _people() if any(q in w.replace(" ", "") for w in find_text(p).split("\n")))


def visible(page) -> list[str]:
    return page.eval_on_selector_all(
        "tr.gs-person", "rows => rows.filter(r => r.getClientRects().length).map(r => r.querySelector('.gs-name').textContent)"
    )


def test_a_long_list_filters_by_name_unit_and_pinyin_from_the_keyboard(
    browser, site_factory, server_factory
) -> None:
    people = _people()
    assert len(people) >= FILTER_FROM
    base = server_factory(site_factory(TODAY))
    context = open_context(browser, width=320, height=640, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base + LIST)
        assert len(visible(page)) == len(people)
        # A native search field, typed into from the keyboard.
        box = page.locator("#gs-filter-q")
        assert box.is_visible()
        assert page.get_by_label("在本名单中查找").count() == 1
        box.focus()
        status = page.locator("#gs-filter-count")

        for query in ("王", "北岭区", "wang", "mqx", "气象局"):
            box.fill("")
            page.keyboard.type(query)
            want = _expected(query)
            assert 0 < want < len(people), query
            page.wait_for_function(
                "n => document.querySelectorAll('tr.gs-person:not(.gs-filtered-out)').length === n", arg=want
            )
            assert len(visible(page)) == want, query
            # Announced (politely, once typing pauses) with the count.
            said = f"找到 {want} 人，共 {len(people)} 人"
            page.wait_for_function("s => document.getElementById('gs-filter-count').textContent === s", arg=said)
            assert status.inner_text() == said
            assert status.get_attribute("role") == "status"

        shown = visible(page)
        assert all(any("气象局" in w for w in find_text(p).split("\n")) for p in people if p.name in shown)
        box.fill("")
        page.keyboard.type("没有这个人")
        page.wait_for_function("() => document.getElementById('gs-filter-count').textContent.startsWith('没有')")
        assert visible(page) == []
        assert status.inner_text() == f"没有相符的人选，共 {len(people)} 人"

        page.keyboard.press("Escape")
        assert box.input_value() == ""
        assert len(visible(page)) == len(people)

        # Paper carries the whole list whatever the filter holds, and no filter box.
        page.keyboard.type("北岭区")
        page.emulate_media(media="print")
        assert len(visible(page)) == len(people)
        assert not box.is_visible()
        page.emulate_media(media="screen")
        assert context.watch.external == []
    finally:
        context.close()


def test_without_scripts_the_whole_list_stands_and_no_dead_box_shows(
    browser, site_factory, server_factory
) -> None:
    base = server_factory(site_factory(TODAY))
    context = browser.new_context(viewport={"width": 375, "height": 700}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + LIST)
        assert len(visible(page)) == len(_people())
        assert not page.locator("#gs-filter-q").is_visible()
    finally:
        context.close()


def test_only_long_lists_get_the_filter(site_factory) -> None:
    site = site_factory(TODAY)
    html = {p.parent.parent.name: p.read_text(encoding="utf-8")
            for p in site.glob("campaigns/*/gongshi/index.html")}
    for name, text in html.items():
        rows = len(re.findall(r'<tr id="[^"]+"[^>]* class="gs-person', text))
        assert ("data-gs-filter" in text) is (rows >= FILTER_FROM), name
