"""Accessibility: axe-core reports no violation on any page type, on a small and a common phone
(320 px, 375 px) and a desktop, in the standard display and with both reader preferences on
(大字 and 高对比度), and with the interactive parts (search list, menu) open.

高对比度 changes colours only and 大字 sizes only, so the two runs per width cover each mode
without a run per combination: the standard colours at the standard sizes, the high-contrast
colours at the large sizes (text that passes at standard size passes when larger, which only
lowers the contrast it needs).

axe-core comes from the installed axe-playwright-python package; pages are served by nginx with
deploy/nginx.conf (server_factory), so the Content-Security-Policy is in force too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import open_context
from page_types import PAGE_TYPES, TODAY

pytestmark = pytest.mark.browser

AXE = Axe()
LARGE_TEXT_KEY = "gongshi-large-text"  # theme_overrides/assets/javascripts/gongshi-prefs.js
CONTRAST_KEY = "gongshi-contrast"


def violations(page, where: str) -> tuple[list[str], int]:
    """Readable violations of the current page, and how many rules axe ran."""
    result = AXE.run(page).response
    rules = sum(len(result[k]) for k in ("violations", "passes", "incomplete", "inapplicable"))
    found = []
    for v in result["violations"]:
        for node in v["nodes"][:5]:
            found.append(
                f"{where}: {v['id']} ({v['impact']}) {node['target']} — "
                + node["failureSummary"].replace("\n", " ")
            )
    return found, rules


def settle(page, path: str) -> None:
    page.wait_for_load_state("load")
    if path.startswith("search/?"):
        # results come after lunr.js and the index are fetched
        page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-text-high-contrast"])
@pytest.mark.parametrize("width", [320, 375, 1280], ids=["320px", "375px", "1280px"])
def test_no_axe_violation_on_any_page_type(
    browser, site_factory, server_factory, width: int, large: bool
) -> None:
    base = server_factory(site_factory(TODAY))
    phone = width < 600
    context = open_context(browser, width=width, height=812 if phone else 900,
                           is_mobile=phone, has_touch=phone)
    if large:
        context.add_init_script(f"localStorage.setItem('{LARGE_TEXT_KEY}', '1')")
        context.add_init_script(f"localStorage.setItem('{CONTRAST_KEY}', '1')")
    found: list[str] = []
    try:
        page = context.new_page()
        for name, path in PAGE_TYPES.items():
            page.goto(base + path)
            settle(page, path)
            assert page.evaluate("document.documentElement.classList.contains('gs-large')") is large, name
            assert page.evaluate("document.documentElement.classList.contains('gs-contrast')") is large, name
            more, rules = violations(page, name)
            assert rules >= 80, f"{name}: axe ran only {rules} rules"
            found += more
        assert context.watch.external == []
    finally:
        context.close()
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("width", [375, 1280], ids=["375px", "1280px"])
def test_no_axe_violation_with_the_search_list_and_the_menu_open(
    browser, site_factory, server_factory, width: int
) -> None:
    base = server_factory(site_factory(TODAY))
    phone = width < 600
    context = open_context(browser, width=width, height=812 if phone else 900,
                           is_mobile=phone, has_touch=phone)
    found: list[str] = []
    try:
        page = context.new_page()
        page.goto(base + PAGE_TYPES["gongshi-list"])
        page.fill("#gss-q", "zhang")
        page.wait_for_selector("#gss-q-list:not([hidden]) [role=option]")
        more, _ = violations(page, "search list open")
        found += more
        if phone:
            page.goto(base + PAGE_TYPES["campaign-demo"])
            page.click(".md-header label[for=__drawer]")
            page.wait_for_function("document.getElementById('__drawer').checked")
            more, _ = violations(page, "navigation drawer open")
            found += more
    finally:
        context.close()
    assert found == [], "\n".join(found)


MANUAL_PAGES = sorted(
    p.stem for p in (Path(__file__).resolve().parent.parent / "site_src" / "manual").glob("*.md")
)


@pytest.mark.parametrize(("width", "large"), [(375, True), (1280, False)],
                         ids=["375px-large-text-high-contrast", "1280px"])
def test_no_axe_violation_on_any_page_of_the_staff_manual(
    browser, site_factory, server_factory, width: int, large: bool
) -> None:
    """The staff build (`gongshi manual` → site-manual/): every page of the HR manual."""
    base = server_factory(site_factory(TODAY, manual=True))
    phone = width < 600
    context = open_context(browser, width=width, height=812 if phone else 900,
                           is_mobile=phone, has_touch=phone)
    if large:
        context.add_init_script(f"localStorage.setItem('{LARGE_TEXT_KEY}', '1')")
        context.add_init_script(f"localStorage.setItem('{CONTRAST_KEY}', '1')")
    found: list[str] = []
    try:
        page = context.new_page()
        assert len(MANUAL_PAGES) >= 10
        for name in MANUAL_PAGES:
            path = "manual/" if name == "index" else f"manual/{name}/"
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            settle(page, path)
            more, rules = violations(page, path)
            assert rules >= 80, f"{path}: axe ran only {rules} rules"
            found += more
        assert context.watch.external == []
    finally:
        context.close()
    assert found == [], "\n".join(found)
