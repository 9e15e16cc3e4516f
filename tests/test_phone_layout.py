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
