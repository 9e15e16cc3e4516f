"""The portal in a real browser: nothing leaves the site, time moves on, large text, print, phones."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA, open_context

from builder.load.loader import load
from builder.render.pages.document import page_title

SHANGHAI = ZoneInfo("Asia/Shanghai")
JISHU = "2026-shili-jishu-daitouren"
GAOJINENG = "2025-shili-youxiu-gaojineng"
PAGE_TYPES = {
    "home": "",
    "campaign": f"campaigns/{JISHU}/",
    "campaign-seed": "campaigns/2013-neimenggu-yixian/",
    "gongshi": f"campaigns/{JISHU}/gongshi/",
    "gongshi-awarded": f"campaigns/{GAOJINENG}/gongshi/",
    "archive": "archive/",
    "deadlines": "deadlines/",
    "forms": "forms/",
    "about": "about/",
    "objections": "objections/",
    "help": "help/",
}

pytestmark = pytest.mark.browser


def at(day: str, hour: int = 10) -> dt.datetime:
    y, m, d = map(int, day.split("-"))
    return dt.datetime(y, m, d, hour, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)])
def test_every_page_type_loads_with_nothing_leaving_the_site(
    browser, site_factory, server_factory, tmp_path_factory, width, height
):
    """All non-loopback requests are blocked and recorded: none may be attempted.

    Also: no script error, no sideways scrolling on a phone, a screenshot of each page to look at.
    """
    base = server_factory(site_factory("2026-11-18"))
    shots = tmp_path_factory.mktemp(f"shots-{width}")
    mobile = width < 500
    context = open_context(browser, width=width, height=height, is_mobile=mobile, has_touch=mobile)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.clock.set_fixed_time(at("2026-11-18"))
        for name, path in PAGE_TYPES.items():
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            page.wait_for_load_state("networkidle")
            assert page.locator("html").get_attribute("lang") == "zh-CN"
            assert page.locator("h1").count() == 1, path
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        assert context.watch.external == []
        assert errors == []
    finally:
        context.close()
    assert len(list(shots.glob("*.png"))) == len(PAGE_TYPES)


def test_a_page_built_on_the_first_publicity_day_knows_when_it_is_over(
    browser, site_factory, server_factory
):
    base = server_factory(site_factory("2026-11-16"))
    url = base + f"campaigns/{JISHU}/gongshi/"

    context = open_context(browser)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(at("2026-11-26"))
        page.goto(url)
        status = page.locator(".gs-status")
        assert status.locator("[data-gs-label]").inner_text() == "公示已结束"
        assert status.locator("[data-gs-detail]").inner_text() == "公示已于2026年11月24日结束"
        assert "本页生成于 2026年11月16日" in status.inner_text()
        assert "已按北京时间2026年11月26日更新" in status.inner_text()
        # So does the 有效性 of its 政府信息公开 metadata.
        validity = page.locator(".gs-govinfo div", has_text="有效性").locator("dd")
        assert validity.inner_text() == "公示期已结束（2026年11月24日）"
        # The home page moves the round out of 正在公示 as well.
        page.goto(base)
        assert page.get_by_text("目前没有正在公示的名单").is_visible()

        # On the last day, late in the evening in Beijing: still running.
        page.clock.set_fixed_time(at("2026-11-24", hour=23))
        page.goto(url)
        assert page.locator(".gs-status [data-gs-detail]").inner_text() == (
            "今天是公示最后一天（2026年11月24日）"
        )
        assert validity.inner_text() == "公示期内（至2026年11月24日）"
        # The visitor's own time zone does not matter: 2026-11-24 17:00 UTC is 25 Nov in Beijing.
        page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC))
        page.goto(url)
        assert page.locator(".gs-status [data-gs-label]").inner_text() == "公示已结束"
    finally:
        context.close()

    context = open_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        status = page.locator(".gs-status")
        assert status.locator("[data-gs-label]").inner_text() == "公示中"
        assert status.locator("[data-gs-detail]").inner_text() == (
            "公示至2026年11月24日，还有 7 个工作日"
        )
        assert "本页生成于 2026年11月16日" in status.inner_text()
        validity = page.locator(".gs-govinfo div", has_text="有效性").locator("dd")
        assert validity.inner_text() == "公示期内（至2026年11月24日）"
    finally:
        context.close()


def test_deadline_countdown_follows_the_clock_to_the_minute(browser, site_factory, server_factory):
    base = server_factory(site_factory("2026-11-18"))
    context = open_context(browser)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(at("2026-12-18", hour=16))
        page.goto(base + "campaigns/2026-shili-qingnian-rencai/")
        first = page.locator("#deadlines [data-gs-countdown]").first
        assert first.inner_text() == "今天 17:00 截止"
        assert page.locator(".gs-status [data-gs-label]").inner_text() == "申报中"
        page.clock.set_fixed_time(at("2026-12-18", hour=18))
        page.reload()
        assert first.inner_text() == "已截止"
    finally:
        context.close()


def test_large_text_mode_persists_across_pages(page, site_factory, server_factory):
    base = server_factory(site_factory("2026-11-18"))
    page.goto(base)

    def root_px() -> float:
        return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))

    normal = root_px()
    toggle = page.get_by_role("button", name="大字")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.locator("html.gs-large").count() == 1
    large = root_px()
    assert large >= normal * 1.3
    page.get_by_role("link", name="往期归档").first.click()
    page.wait_for_url("**/archive/")
    assert page.locator("html.gs-large").count() == 1
    assert root_px() == large
    switch = page.get_by_role("button", name="标准字")
    assert switch.get_attribute("aria-pressed") == "true"
    # Applied before the first paint: the class is set by the time the body is parsed.
    page.goto(base + "help/", wait_until="commit")
    page.wait_for_selector("body", state="attached")
    assert page.evaluate("document.documentElement.classList.contains('gs-large')")
    page.wait_for_load_state()
    page.get_by_role("button", name="标准字").click()
    page.goto(base)
    assert page.locator("html.gs-large").count() == 0
    assert root_px() == normal


def test_high_contrast_mode_sits_beside_large_text_and_persists(page, site_factory, server_factory):
    """高对比度, remembered in the browser like 大字 and applied before the first paint: black
    text on white, the bars black."""
    base = server_factory(site_factory("2026-11-18"))
    page.goto(base)

    def colours() -> list[str]:
        return page.evaluate("""() => [
            getComputedStyle(document.querySelector('.gs-lead')).color,
            getComputedStyle(document.querySelector('.gs-bar')).backgroundColor,
            getComputedStyle(document.querySelector('.gs-card__meta')).color,
        ]""")

    standard = colours()
    header = page.locator(".gs-bar")
    toggle = header.get_by_role("button", name="高对比度")
    # Beside 大字, in the header's bar.
    assert header.get_by_role("button", name="大字").is_visible() and toggle.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert page.locator("html.gs-contrast").count() == 1
    assert toggle.get_attribute("aria-pressed") == "true"
    assert colours() == ["rgb(0, 0, 0)", "rgb(0, 0, 0)", "rgb(0, 0, 0)"] != standard
    assert page.evaluate("localStorage.getItem('gongshi-contrast')") == "1"
    page.goto(base + "help/", wait_until="commit")
    page.wait_for_selector("body", state="attached")
    assert page.evaluate("document.documentElement.classList.contains('gs-contrast')")
    page.wait_for_load_state()
    footer = page.locator(".gs-footer").get_by_role("button", name="无障碍·高对比度")
    assert footer.get_attribute("aria-pressed") == "true"
    footer.click()
    page.goto(base)
    assert page.locator("html.gs-contrast").count() == 0
    assert colours() == standard


def test_gongshi_list_prints_on_a4_with_header_and_every_name(
    page, site_factory, server_factory, tmp_path
):
    base = server_factory(site_factory("2026-11-18"))
    page.clock.set_fixed_time(at("2026-11-18"))
    page.goto(base + f"campaigns/{JISHU}/gongshi/")
    pdf = tmp_path / "gongshi.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    compact = "".join(text.split())
    portal = load(DATA).portal
    assert portal is not None
    r = portal.round(JISHU)
    assert r.candidates is not None and r.candidates.title
    pub = r.campaign.publicity
    assert pub is not None and pub.objections is not None and pub.objections.phone
    for expected in (
        r.candidates.title,
        r.campaign.doc_number,
        "2026年11月16日至2026年11月24日",
        pub.objections.phone,
        "示例数据",
    ):
        assert "".join(expected.split()) in compact, expected
    for person in r.people:
        assert person.name in compact, person.name
    # The announcement a printed 公示 opens with, and the 落款 after the list.
    assert "现将" in compact and "予以公示" in compact and "须署真实姓名" in compact
    last = max(compact.index(p.name) for p in r.people)
    issuer = "".join(r.campaign.issuer)
    assert compact.index(issuer + "2026年11月16日", last) > last
    # Numbered pages, and the list's title repeated at the top of each page of the table.
    pages_n = len(re.findall(r"第(\d+)页，共(\d+)页", compact))
    assert pages_n >= 3 and f"第{pages_n}页，共{pages_n}页" in compact
    # (pdftotext may set a run of digits apart from the Chinese around it: compared without.)
    heading = re.sub(r"\d", "", page_title(r))
    for n in range(1, pages_n + 1):
        one = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], check=True,
                             capture_output=True, text=True).stdout
        assert heading in re.sub(r"\d|\s", "", one), f"page {n} has no running title"
    # No navigation or controls on paper.
    for chrome in ("往期归档", "使用帮助", "打印名单", "大字", "标准字", "当前位置", "在本名单中查找"):
        assert chrome not in compact, chrome
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    size = next(line for line in pages.splitlines() if line.startswith("Page size"))
    assert "(A4)" in size


def test_list_is_readable_as_cards_on_a_phone(phone, site_factory, server_factory):
    base = server_factory(site_factory("2026-11-18"))
    phone.goto(base + f"campaigns/{JISHU}/gongshi/")
    first = phone.locator("tr.gs-person").first
    box = first.bounding_box()
    assert box is not None and box["width"] <= 375
    # Each value is labelled on the card itself.
    labels = first.locator("[data-label]").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').content)"
    )
    assert labels[:3] == ['"序号"', '"姓名"', '"性别"']
    assert phone.watch.external == []


def test_site_src_holds_no_generated_file(site_factory):
    site_factory("2026-11-18")
    repo = Path(__file__).resolve().parent.parent
    names = {p.relative_to(repo / "site_src").as_posix() for p in (repo / "site_src").rglob("*")}
    assert not any(n.startswith(("campaigns", "archive", "deadlines", "forms")) for n in names)
    assert "index.md" not in names and "deadlines.ics" not in names and "feed.xml" not in names
