"""What each page of the bundled demo site says at several dates, read in headless Chromium.

Sites are built from data/ with GONGSHI_TODAY set (site_factory); the browser clock is set to the
same Beijing date so that the page's script and the build agree, and a second visit without
JavaScript checks that the build-time text is the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import unquote, urljoin
from zoneinfo import ZoneInfo

import pytest
from conftest import DATA, open_context
from page_types import AFTER

from builder.load.loader import load
from builder.model.portal import Round
from builder.model.urls import candidate_anchor
from builder.render.pages.document import page_title
from builder.render.pages.publicity_list import ordered
from builder.tools.roster import with_blank_rosters

SHANGHAI = ZoneInfo("Asia/Shanghai")
JISHU = "2026-shili-jishu-daitouren"
QINGNIAN = "2026-shili-qingnian-rencai"
GAOJINENG = "2025-shili-youxiu-gaojineng"
SEEDS = ("2013-neimenggu-yixian", "2020-jiaozuo-xueshu-daitouren")

pytestmark = pytest.mark.browser


def bundled() -> dict[str, Round]:
    loaded = load(DATA)
    assert loaded.portal is not None, loaded.problems.to_text()
    return {r.id: r for r in with_blank_rosters(loaded.portal).rounds}  # as published


ROUNDS = bundled()


def visit(page, url: str, day: str | None = None, hour: int = 10) -> None:
    if day is not None:
        y, m, d = map(int, day.split("-"))
        page.clock.set_fixed_time(dt.datetime(y, m, d, hour, 0, tzinfo=SHANGHAI))
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def section(page, heading: str):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def visible_texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(f"{selector} >> visible=true").all_inner_texts()]


def dynamic_state(page) -> dict[str, list[str]]:
    """Everything the date script may change, as a visitor sees it."""
    return {
        "labels": visible_texts(page, "[data-gs-label]"),
        "details": visible_texts(page, "[data-gs-detail]"),
        "countdowns": visible_texts(page, "[data-gs-countdown]"),
        "items": visible_texts(page, "[data-gs-item]"),
        "steps": [
            f"{el.get_attribute('data-gs-step')}={el.get_attribute('data-state')}"
            for el in page.locator("[data-gs-step]").all()
        ],
        "empty": visible_texts(page, "[data-gs-empty]"),
    }


PAGES = (
    "",
    "archive/",
    "deadlines/",
    "forms/",
    f"campaigns/{JISHU}/",
    f"campaigns/{QINGNIAN}/",
    f"campaigns/{GAOJINENG}/",
    f"campaigns/{GAOJINENG}/gongshi/",
    f"campaigns/{SEEDS[1]}/",
)


@pytest.mark.parametrize("day", ["2026-10-01", "2026-11-18", AFTER])
def test_script_and_build_agree_on_the_build_day(browser, site_factory, server_factory, day):
    """Opened on the day it was built, the page's script changes nothing a visitor reads."""
    site = site_factory(day)
    base = server_factory(site)
    on = open_context(browser)
    off = open_context(browser, java_script_enabled=False)
    try:
        p_on, p_off = on.new_page(), off.new_page()
        pages = [p for p in (*PAGES, f"campaigns/{JISHU}/gongshi/") if (site / p).is_dir()]
        assert len(pages) >= len(PAGES) - 1
        for path in pages:
            visit(p_on, base + path, day)
            visit(p_off, base + path)
            assert dynamic_state(p_on) == dynamic_state(p_off), path
        assert on.watch.external == [] and off.watch.external == []
    finally:
        on.close()
        off.close()


def test_before_the_deadline(page, site_factory, server_factory):
    day = "2026-10-01"
    base = server_factory(site_factory(day))
    visit(page, base, day)
    open_calls = section(page, "正在申报")
    card = open_calls.locator("li", has_text=ROUNDS[JISHU].campaign.title)
    assert card.is_visible()
    assert card.locator("[data-gs-detail]").inner_text() == "申报材料报送截止：还有 8 天截止"
    assert section(page, "正在公示").get_by_text("目前没有正在公示的名单").is_visible()
    # The 2026 青年拔尖人才 notice is dated 2 November: on 1 October it is not on the site.
    assert ROUNDS[QINGNIAN].campaign.title not in page.locator("article").inner_text()
    assert page.request.get(base + f"campaigns/{QINGNIAN}/").status == 404

    visit(page, base + f"campaigns/{JISHU}/", day)
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "申报中"
    deadlines = section(page, "时间节点")
    assert "2026年10月9日 17:30" in deadlines.inner_text()
    assert deadlines.locator("[data-gs-countdown]").inner_text() == "还有 8 天截止"
    # The candidate list exists in data/ but its publicity starts on 16 November: no names yet.
    assert page.request.get(base + f"campaigns/{JISHU}/gongshi/").status == 404
    some_name = ROUNDS[JISHU].people[0].name
    assert some_name not in page.content()
    assert "名单将于2026年11月16日公示期开始时公布" in section(page, "社会公示").inner_text()


def test_forms_carry_size_format_and_a_true_sha256(page, site_factory, server_factory):
    day = "2026-11-18"
    base = server_factory(site_factory(day))
    r = ROUNDS[QINGNIAN]
    assert r.forms, "the open call of the demo data should have forms"
    for path in (f"campaigns/{QINGNIAN}/", "forms/"):
        visit(page, base + path, day)
        for form in r.forms:
            item = page.locator(".gs-form", has=page.get_by_role("link", name=form.title, exact=True))
            text = item.inner_text()
            assert form.sha256 in text and form.format in text and form.file in text
            href = item.get_by_role("link", name=form.title, exact=True).get_attribute("href")
            # Chinese file names are percent-encoded in links.
            assert href is not None and href.isascii()
            body = page.request.get(urljoin(page.url, href)).body()
            assert hashlib.sha256(body).hexdigest() == form.sha256
            assert unquote(href).endswith("files/" + form.file)


def test_during_publicity(page, site_factory, server_factory):
    day = "2026-11-18"
    base = server_factory(site_factory(day))
    r = ROUNDS[JISHU]
    visit(page, base, day)
    now = section(page, "正在公示").locator("li >> visible=true")
    assert now.count() == 1
    assert r.candidates is not None and r.candidates.title is not None
    assert page_title(r) == "关于2026年示例市学术技术带头人拟入选人选的公示"
    assert page_title(r) in now.inner_text()
    # Wednesday 18th: 18, 19, 20, 23, 24 November are left.
    assert now.locator("[data-gs-detail]").inner_text() == "公示至2026年11月24日，还有 5 个工作日"
    open_calls = section(page, "正在申报")
    assert ROUNDS[QINGNIAN].campaign.title in open_calls.inner_text()
    assert "还有 30 天截止" in open_calls.inner_text()

    visit(page, base + f"campaigns/{JISHU}/gongshi/", day)
    head = page.locator(".gs-gongshi__head").inner_text()
    # A 公示 titled as one, citing the notice's 文号 as its basis.
    assert page_title(r) in head
    assert "依据" in head and f"《{r.campaign.title}》（{r.campaign.doc_number}）" in head
    assert "2026年11月16日至2026年11月24日，共 7 个工作日" in head
    objections = r.campaign.publicity.objections
    assert objections is not None
    announcement = page.locator(".gs-announce").inner_text()
    assert objections.phone in announcement and objections.rules is not None
    assert objections.rules.split("\n")[0].strip() in announcement

    rows = page.locator("tr.gs-person")
    people = ordered(r)
    assert rows.count() == len(r.people) == len(people)
    names = [n.strip() for n in page.locator("tr.gs-person .gs-name").all_inner_texts()]
    assert names == [p.name for p in people]
    headers = [h.strip() for h in page.locator(".gs-list thead th[scope=col]").all_inner_texts()]
    # 类别 is a column because some of this list have one (高技能人才); every column has a value.
    # 职务 and 专业领域 are columns too (issue 21, item 2: a printed list kept neither).
    assert headers == ["序号", "姓名", "性别", "出生年月", "学历", "职称", "工作单位", "职务", "专业领域",
                       "推荐单位", "类别"]
    # Stable anchors: every row has its own id, and a link to it lands on that person.
    ids = [el.get_attribute("id") for el in rows.all()]
    assert ids == [candidate_anchor(p) for p in people] and len(set(ids)) == len(ids)
    target = people[len(people) // 2]
    visit(page, base, day)
    visit(page, base + f"campaigns/{JISHU}/gongshi/#{candidate_anchor(target)}", day)
    assert page.locator("tr:target .gs-name").inner_text() == target.name

    # 主要业绩 are collapsed until asked for.
    first = next(p for p in people if p.achievements)
    row = page.locator(f"#{candidate_anchor(first)}")
    more = row.locator("xpath=following-sibling::tr[1]")
    snippet = first.achievements.strip().splitlines()[0][:12]
    assert not more.get_by_text(snippet).is_visible()
    more.locator("summary").click()
    assert more.get_by_text(snippet).first.is_visible()


def test_revoked_candidate_stays_visible_struck_through_with_note(page, site_factory, server_factory):
    day = "2026-11-20"
    base = server_factory(site_factory(day))
    r = ROUNDS[JISHU]
    revoked = [p for p in r.people if p.status == "撤销"]
    assert revoked, "the demo list should contain a 撤销 candidate"
    visit(page, base + f"campaigns/{JISHU}/gongshi/", day)
    for p in revoked:
        row = page.locator(f"#{candidate_anchor(p)}")
        assert row.is_visible()
        assert "已撤销" in row.inner_text()
        decoration = row.locator(".gs-name").evaluate("e => getComputedStyle(e).textDecorationLine")
        assert decoration == "line-through"
        note = row.locator("xpath=following-sibling::tr[1]")
        assert p.status_note is not None and p.status_note in note.inner_text()
        assert note.get_by_text(p.status_note).is_visible()
    assert f"其中 {len(revoked)} 人已撤销" in page.locator("#list-h").inner_text()


def test_after_publicity_and_after_award(page, site_factory, server_factory):
    day = AFTER
    base = server_factory(site_factory(day))
    visit(page, base, day)
    assert section(page, "正在公示").get_by_text("目前没有正在公示的名单").is_visible()

    visit(page, base + f"campaigns/{JISHU}/", day)
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "公示已结束"
    assert page.locator(".gs-status [data-gs-detail]").inner_text() == "公示已于2026年11月24日结束"

    visit(page, base + "archive/", day)
    years = section(page, "按年度")
    for rid in (JISHU, GAOJINENG, *SEEDS):
        assert ROUNDS[rid].campaign.title in years.inner_text(), rid
    # Still open: not in the archive yet.
    assert not page.get_by_role("link", name=ROUNDS[QINGNIAN].campaign.title).first.is_visible()
    series = section(page, "按系列")
    assert ROUNDS[JISHU].campaign.series_name in series.inner_text()
    awarded = ROUNDS[GAOJINENG]
    chosen = sum(1 for p in awarded.people if p.status == "入选")
    link = years.get_by_role("link", name=f"最终名单（入选 {chosen} 人）")
    assert link.count() >= 1
    link.first.click()
    assert page.url.endswith(f"campaigns/{GAOJINENG}/gongshi/")
    assert "结果" in page.locator(".gs-list thead").inner_text()
    assert awarded.campaign.award is not None
    assert awarded.campaign.award.title in page.locator("#award-h + p").inner_text()


def test_deadlines_page_lists_every_deadline_and_publicity_end(page, site_factory, server_factory):
    day = "2026-11-18"
    base = server_factory(site_factory(day))
    visit(page, base + "deadlines/", day)
    upcoming = section(page, "即将截止").locator("tbody tr >> visible=true").all_inner_texts()
    past = section(page, "已经截止").locator("tbody tr >> visible=true").all_inner_texts()
    expected = sum(
        len(r.campaign.deadlines) + (1 if r.publicity_end else 0) for r in ROUNDS.values()
        if r.campaign.published is None or r.campaign.published <= dt.date(2026, 11, 18)
    )
    assert len(upcoming) + len(past) == expected
    assert any("社会公示结束" in t and "2026年11月24日" in t for t in upcoming)
    assert any("2026年12月18日 17:00" in t for t in upcoming)
    # A deadline closes (已截止); an event that only informs (a 笔试, kind 信息) is past (已过).
    assert all("已截止" in t or ("已过" in t and ("笔试" in t or "面试" in t)) for t in past)
    assert any("已截止" in t for t in past) and any("笔试" in t and "已过" in t for t in past)
    assert re.search(r"还有 \d+ 天截止", "\n".join(upcoming))
