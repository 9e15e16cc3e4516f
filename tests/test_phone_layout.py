"""Phones (issue 15, item 5): no page type is wider than the viewport at 320 px and 375 px, in
normal and in large-text mode (and at 1280 px), served by nginx with its CSP; the quota table
reads as one card per unit on a phone, 名额 and 10／10 never broken inside a word.
"""

from __future__ import annotations

import pytest
from conftest import open_context
from page_types import PAGE_TYPES, TODAY

pytestmark = pytest.mark.browser

LARGE_TEXT_KEY = "gongshi-large-text"  # theme_overrides/assets/javascripts/gongshi-prefs.js

# The elements that stick out past the right edge, for the failure message.
WIDEST = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5 && getComputedStyle(el).position !== "fixed") {
      let inScroller = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible" && p.scrollWidth > p.clientWidth) { inScroller = true; break; }
      }
      if (!inScroller) out.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " → " + Math.round(r.right));
    }
  }
  return out.slice(0, 8);
}"""


@pytest.mark.parametrize(("width", "large"), [
    (320, False), (320, True), (375, False), (375, True), (1280, False), (1280, True),
], ids=["320px", "320px-large", "375px", "375px-large", "1280px", "1280px-large"])
def test_no_page_type_is_wider_than_the_viewport(
    browser, site_factory, server_factory, width: int, large: bool
) -> None:
    base = server_factory(site_factory(TODAY))
    phone = width < 600
    context = open_context(browser, width=width, height=700 if phone else 900,
                           is_mobile=phone, has_touch=phone)
    if large:
        context.add_init_script(f"localStorage.setItem('{LARGE_TEXT_KEY}', '1')")
    wide: dict[str, str] = {}
    try:
        page = context.new_page()
        for name, path in PAGE_TYPES.items():
            page.goto(base + path)
            page.wait_for_load_state("networkidle" if path.startswith("search/?") else "load")
            assert page.evaluate("document.documentElement.classList.contains('gs-large')") is large
            # Measured against the width asked for: a phone browser widens its layout viewport
            # (innerWidth) to fit a page that overflows.
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wide[name] = f"{scroll}px: " + ", ".join(page.evaluate(WIDEST, width))
        assert context.watch.external == []
    finally:
        context.close()
    assert wide == {}, "\n".join(f"{k} is {v}" for k, v in wide.items())


# Per quota row: is it a card (the header row hidden), does anything stick out of it, and
# which whole words (10人, 10／10, 高技能人才, the column headings) were broken over two lines.
QUOTA = """() => {
  const table = document.querySelector(".gs-quota");
  const scroller = table.closest(".gs-scroll");
  const rows = [...table.querySelectorAll("tbody tr")].map(tr => {
    const box = tr.getBoundingClientRect();
    const out = [...tr.querySelectorAll("*")].filter(el => el.getBoundingClientRect().right > box.right + 0.5);
    return {card: getComputedStyle(tr).display === "block", outside: out.length};
  });
  const words = [...table.querySelectorAll(".gs-nb, .gs-word, thead th")]
    .filter(el => el.getClientRects().length && getComputedStyle(el).position !== "absolute")
    .filter(el => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      return lines.size > 1;
    })
    .map(el => el.textContent);
  return {rows, broken: words, scrolls: scroller.scrollWidth > scroller.clientWidth,
          labels: [...table.querySelectorAll("tbody tr:first-child td")].map(td => getComputedStyle(td, "::before").content)};
}"""


@pytest.mark.parametrize(("width", "large"), [(320, True), (375, False), (1280, False)],
                         ids=["320px-large", "375px", "1280px"])
def test_the_quota_table_is_readable_without_scrolling_sideways(
    browser, site_factory, server_factory, width: int, large: bool
) -> None:
    base = server_factory(site_factory(TODAY))
    phone = width < 600
    context = open_context(browser, width=width, height=700, is_mobile=phone, has_touch=phone)
    if large:
        context.add_init_script(f"localStorage.setItem('{LARGE_TEXT_KEY}', '1')")
    try:
        page = context.new_page()
        page.goto(base + PAGE_TYPES["campaign-demo"])
        got = page.evaluate(QUOTA)
    finally:
        context.close()
    assert len(got["rows"]) >= 10
    assert {row["card"] for row in got["rows"]} == {phone}
    assert sum(row["outside"] for row in got["rows"]) == 0
    assert got["broken"] == []
    assert got["scrolls"] is False
    if phone:  # each value says what it is
        assert got["labels"] == ['"分组"', '"名额"', '"其中预留"', '"已推荐／名额"']
