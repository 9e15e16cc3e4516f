"""Lists as they are really published (issue 13), from the bundled demo data, in Chromium at
375 and 1280 px and printed to A4: what is shown, counted and searchable.

- 2026-shili-jineng-dashi: collectives beside individuals, no gender, no 文号, a publicity
  stated as both an end date and working days that closes at 17:00;
- 2026-shili-kejijiang: a committee's 公示-only round (自公示之日起), three sections, foreign
  names with Chinese transliterations, honours and several units;
- 2026-shili-qingnian-rencai: an application deadline followed by an informational date.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA

from builder.load.loader import load

SHANGHAI = ZoneInfo("Asia/Shanghai")
DASHI = "2026-shili-jineng-dashi"
KEJI = "2026-shili-kejijiang"
QINGNIAN = "2026-shili-qingnian-rencai"

pytestmark = pytest.mark.browser


def at(day: str, hour: int = 10, minute: int = 0) -> dt.datetime:
    y, m, d = map(int, day.split("-"))
    return dt.datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


def open_page(page, url: str, day: str, hour: int = 10, minute: int = 0) -> None:
    page.clock.set_fixed_time(at(day, hour, minute))
    response = page.goto(url)
    assert response is not None and response.ok, url


def printed(page, tmp_path: Path, name: str) -> str:
    """The page printed to A4, as pdftotext lays it out (table cells wrap: check short words).
    The page's own @page size counts, as in a browser's print: a wide list prints landscape."""
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text


def _list_right_edge(page) -> float:
    """The rightmost edge of anything in the list block: the list itself fits a phone (the
    page's masthead and breadcrumb are issue 15's)."""
    return page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('.gs-list-block, .gs-list-block *'))"
        ".map(e => e.getBoundingClientRect().right))"
    )


def headers(page) -> list[list[str]]:
    """The header row of every list table on the page."""
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.gs-list')).map(t =>"
        " Array.from(t.querySelectorAll('thead th[scope=col]')).map(th => th.textContent.trim()))"
    )


@pytest.fixture(scope="module")
def dashi_day() -> str:
    return "2026-12-08"


def test_collectives_without_gender_or_doc_number(
    page, phone, site_factory, server_factory, tmp_path, dashi_day
):
    base = server_factory(site_factory(dashi_day))
    url = base + f"campaigns/{DASHI}/gongshi/"
    open_page(page, url, dashi_day)
    # Counted apart: a team is not 1 人.
    assert page.locator("#list-h").inner_text() == "名单（3 个集体、5 名个人）"
    # No column that no entry has: no 性别, 出生年月, 学历; 负责人 and 人数 from the teams; 职务
    # and 专业领域 are columns as soon as one entry has them (issue 21, item 2).
    assert headers(page) == [["序号", "名称／姓名", "负责人", "人数", "职称", "工作单位", "职务", "专业领域", "推荐单位"]]
    head = page.locator(".gs-gongshi__head").inner_text()
    assert "文号" not in head and "发文单位" in head
    team = page.locator("tr.gs-collective").first
    assert "韩立新数控技能大师工作室" in team.inner_text() and "集体" in team.inner_text()
    assert "韩立新（领衔人）" in team.inner_text() and "6 人" in team.inner_text()
    # The expander says what it holds: this one holds 主要业绩 and 成员 (专业领域 is a column).
    summary = team.locator("xpath=following-sibling::tr[1]").locator("summary")
    assert summary.inner_text().startswith("主要业绩、成员")
    assert "数控加工" in team.inner_text()
    # "于 全" in the file is 于全, as a roster import would read it.
    assert "于全" in page.locator(".gs-name").all_inner_texts()
    # 职务 in its column, other posts with it; nothing left behind a toggle.
    yu = page.locator("tr.gs-person").nth(3)
    assert yu.locator("td[data-label=职务]").inner_text() == "焊接车间主任"
    assert yu.locator("xpath=following-sibling::tr[1]").get_attribute("class") != "gs-more"
    feng = page.locator("tr.gs-person").nth(5)
    assert feng.locator("td[data-label=职务]").inner_text() == "示例市电力行业协会技能委员会委员"

    # The publicity closes at 17:00 on its last day: the browser says so, and after 17:00 it ends.
    detail = page.locator(".gs-status [data-gs-detail]")
    assert detail.inner_text() == "公示至2026年12月11日17:00，还有 4 个工作日"
    open_page(page, url, "2026-12-11", 16, 30)
    assert detail.inner_text() == "今天是公示最后一天，17:00 结束（2026年12月11日）"
    open_page(page, url, "2026-12-11", 17, 1)
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "公示已结束"

    # Phone cards: only what each entry has (no empty 职称 on a team, no 负责人 on a person).
    open_page(phone, url, dashi_day)
    cards = phone.locator("tr.gs-person")
    team_labels = cards.first.locator("td:visible, th:visible").evaluate_all(
        "els => els.map(e => e.dataset.label)"
    )
    assert team_labels == ["序号", "名称", "负责人", "人数", "工作单位", "专业领域", "推荐单位"]
    person_labels = cards.nth(4).locator("td:visible, th:visible").evaluate_all(
        "els => els.map(e => e.dataset.label)"
    )
    assert person_labels == ["序号", "姓名", "职称", "工作单位", "推荐单位"]
    assert _list_right_edge(phone) <= 375

    # Print: every shown column, no "click to expand".
    open_page(page, url, dashi_day)
    text = printed(page, tmp_path, "dashi")
    compact = "".join(text.split())
    for word in ("负责人", "人数", "职称", "工作单位", "职务", "焊接车间主任", "专业领域", "数控加工",
                 "推荐单位", "3个集体、5名个人",
                 "韩立新", "欧阳春", "12人", "于全", "褚明远", "至2026年12月11日17:00"):
        assert word in compact, word
    assert "点击" not in compact and "性别" not in compact and "文号" not in compact


def ask(page, query: str):
    box = page.get_by_role("combobox", name="搜索")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.getElementById('gss-q-list').dataset.query === q", arg=query, timeout=15000
    )
    return page.locator("#gss-q-list [role=option]").first


@pytest.mark.parametrize(
    ("query", "title", "row"),
    [
        # By its leader: the result names the leader and the collective, and opens its row.
        ("欧阳春", "欧阳春", "示例市西山区电力检修技能大师工作室"),
        ("ouyangchun", "欧阳春", "示例市西山区电力检修技能大师工作室"),
        # By its own name.
        ("韩立新数控", "韩立新数控技能大师工作室", "韩立新数控技能大师工作室"),
    ],
)
def test_collective_is_found_by_name_and_leader(
    page, site_factory, server_factory, dashi_day, query, title, row
):
    base = server_factory(site_factory(dashi_day))
    open_page(page, base, dashi_day)
    first = ask(page, query)
    assert first.locator(".gss-result__title").inner_text().startswith(title)
    # Choose the first hit, as a visitor does (Enter alone opens it only for one exact name).
    field = page.get_by_role("combobox", name="搜索")
    field.press("ArrowDown")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/gongshi/#"))
    anchor = unquote(urlsplit(page.url).fragment)
    assert row in page.locator(f"[id='{anchor}']").inner_text()


def test_sections_foreign_names_and_a_publicity_only_round(
    page, phone, site_factory, server_factory, tmp_path
):
    day = "2026-12-16"
    base = server_factory(site_factory(day))
    open_page(page, base + f"campaigns/{KEJI}/", day)
    # A 公示-only round: no application step; the result is still to come (待公布).
    steps = page.locator(".gs-step .gs-step__title").all_inner_texts()
    assert steps == ["发布", "公示", "结果"]
    assert page.locator(".gs-step", has_text="本站未收录").count() == 0
    assert page.locator("[data-gs-step=result] .gs-step__state").inner_text() == "待公布"
    assert page.locator("#deadlines").count() == 0
    link = page.locator("#publicity a[href='gongshi/']")
    assert link.inner_text() == "2026年度示例市科学技术奖拟奖励人选公示"
    assert "（7 人）" in link.locator("xpath=..").inner_text()
    contact = page.locator("#contact").inner_text()
    assert "联系人\n钱老师" in contact or "联系人\t钱老师" in contact, contact
    period = page.locator("#publicity dd").first.inner_text()
    assert period.startswith("自公示之日起（2026年12月14日）至2026年12月22日，共 7 个工作日")

    open_page(page, base + f"campaigns/{KEJI}/gongshi/", day)
    sections = [h.strip() for h in page.locator("h3.gs-section").all_inner_texts()]
    assert sections == ["突出贡献奖（2 人）", "国际合作奖（2 人）", "青年创新奖（3 人）"]
    tables = page.locator("table.gs-list")
    numbers = [t.locator("tr.gs-person td:first-child").all_inner_texts() for t in tables.all()]
    assert numbers == [["1", "2"], ["1", "2"], ["1", "2", "3"]]
    # 突出贡献奖 keeps the order of the source (listed); 青年创新奖 is by surname strokes.
    names = [t.locator(".gs-name").all_inner_texts() for t in tables.all()]
    assert names[0] == ["司马文远", "欧阳晓兰"]
    assert names[2] == ["丁蕾", "王一凡", "林静"]
    assert "荣誉称号" in headers(page)[0] and "类别" not in headers(page)[0]
    first = tables.first.locator("tr.gs-person").first.inner_text()
    assert "中国科学院院士" in first and "示例大学；示例市科学院" in first
    # born written 1958年3月 and "1990.11" are shown like every other date of birth.
    assert "1958.03" in first
    assert "1990.11" in tables.nth(2).inner_text()
    foreign = tables.nth(1).locator("tr.gs-person").first.inner_text()
    assert "Johannes M. Example-Beispiel" in foreign and "约翰内斯·埃克桑普尔" in foreign

    open_page(phone, base + f"campaigns/{KEJI}/gongshi/", day)
    assert _list_right_edge(phone) <= 375
    assert phone.locator("h3.gs-section").count() == 3

    text = "".join(printed(page, tmp_path, "keji").split())
    for word in ("突出贡献奖（2人）", "国际合作奖（2人）", "青年创新奖（3人）", "荣誉称号",
                 "中国工程院院士", "JohannesM.Example-Beispiel", "约翰内斯", "Aleksandr·Primerov"):
        assert word in text, word


def test_foreign_name_is_searchable_by_its_transliteration(page, site_factory, server_factory):
    day = "2026-12-16"
    base = server_factory(site_factory(day))
    open_page(page, base, day)
    assert "约翰内斯·埃克桑普尔" in ask(page, "约翰内斯").inner_text()


def test_status_follows_the_application_deadline(page, site_factory, server_factory):
    """Item 7: at 2026-12-19 the call closed on 12-18 17:00; 12-25 only announces results."""
    day = "2026-12-19"
    base = server_factory(site_factory(day))
    open_page(page, base + f"campaigns/{QINGNIAN}/", day)
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "申报已截止"
    assert page.locator(".gs-status [data-gs-detail]").inner_text() == "申报已于2026年12月18日截止"
    steps = page.locator(".gs-step .gs-step__title").all_inner_texts()
    assert steps[1] == "申报材料报送截止"
    rows = page.locator("#deadlines tbody tr")
    assert rows.nth(0).locator(".gs-countdown").inner_text() == "已截止"
    assert rows.nth(1).locator(".gs-countdown").inner_text() == "还有 6 天"
    open_page(page, base, day)
    assert page.locator(".gs-home__open .gs-card:visible").count() == 0
    open_page(page, base + "forms/", day)
    assert page.get_by_role("heading", name=ROUND_TITLE).count() == 0
    # Built the day before: open at 16:00, and the browser closes it at 17:00 on every page
    # (gongshi-time.js follows the same application deadline as the build).
    base = server_factory(site_factory("2026-12-18"))
    for hour, minute, is_open in ((16, 0, True), (17, 1, False)):
        open_page(page, base + "forms/", "2026-12-18", hour, minute)
        assert page.get_by_role("heading", name=ROUND_TITLE).is_visible() is is_open
        open_page(page, base, "2026-12-18", hour, minute)
        cards = page.locator(".gs-home__open .gs-card:visible", has_text=ROUND_TITLE)
        assert cards.count() == (1 if is_open else 0)
        open_page(page, base + f"campaigns/{QINGNIAN}/", "2026-12-18", hour, minute)
        label = page.locator(".gs-status [data-gs-label]").inner_text()
        assert label == ("申报中" if is_open else "申报已截止")


ROUND_TITLE = load(DATA).portal.round(QINGNIAN).campaign.title  # type: ignore[union-attr]


def test_home_page_counts_one_end_in_one_unit(page, site_factory, server_factory, dashi_day):
    """The publicity card and the 近期截止 list name the same end in the same unit."""
    base = server_factory(site_factory(dashi_day))
    for hour in (10, 12):  # the build's text, then the browser's after the clock moved on
        open_page(page, base, dashi_day, hour)
        card = page.locator(".gs-home__now .gs-card:visible", has_text="技能大师工作室")
        assert card.locator("[data-gs-detail]").inner_text() == "公示至2026年12月11日17:00，还有 4 个工作日"
        assert "3 个集体、5 名个人" in card.inner_text()
        event = page.locator(".gs-events li:visible", has_text="社会公示结束").filter(
            has_text="技能大师工作室"
        )
        assert event.locator(".gs-countdown").inner_text() == "还有 4 个工作日"
        assert "2026年12月11日 17:00" in event.inner_text()
