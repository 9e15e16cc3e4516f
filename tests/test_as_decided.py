"""Every 公示 as the bureau decided it (issue 21): results only from the decision day, only the
bureau's words, the 公示 as a 公文, campaign pages that link their list, timelines that tell the
truth, no empty sections.

One small portal, written below, built for three days: before the 公示, during it (with the
decision committed ahead, dated 2026-04-01), and on the decision day. Every built file is read
(pages, search files, feed.xml, deadlines.ics) for a leaked result; one Chromium session looks
at the pages, the header search and the print as a visitor meets them.

- 2026-fx-decided: an application round, a 公示 (9–13 March), sections, the bureau's own
  objection rules naming two offices, and a decision on 1 April that a person entered ahead as
  未入选 (the only one of his section) is not selected;
- 2026-fx-committee: a committee's notice that is itself the 公示, with its own 文号 and no
  rules of its own: data/site.yml's standing wording is used;
- 2026-fx-announced: a 命名, a final list with no decision date (`announced: true`);
- 2026-fx-decision: a decision and nothing before it.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from builder.render.search.files import MANIFEST

SITE = """\
name: 测试市人才评选公示网
sponsor: 测试市人力资源和社会保障局
objection_rules: 反映情况请写明被反映人的姓名和工作单位（本局通用规则）。
"""

DECIDED = """\
id: 2026-fx-decided
title: 关于开展2026年测试市青年专家选拔工作的通知
year: 2026
issuer: 测试市人力资源和社会保障局
doc_number: 测人社〔2026〕7号
published: 2026-02-02
notice: 现开展2026年测试市青年专家选拔工作。
deadlines:
  - {date: 2026-02-27, title: 申报材料报送截止}
publicity:
  start: 2026-03-09
  working_days: 5
  objections:
    phone: "0000-1234567"
    rules: 公示期间可来信、来电、来访，本局人才科和驻局纪检组均可受理。
award:
  date: 2026-04-01
  doc_number: 测人社〔2026〕19号
  title: 关于公布2026年测试市青年专家名单的通知
"""

DECIDED_LIST = """\
campaign: 2026-fx-decided
title: 2026年测试市青年专家拟入选人选名单
sections:
  - {title: 自然科学类}
  - {title: 社会科学类}
candidates:
  - {name: 赵一鸣, unit: 测试市第一医院, section: 自然科学类, status: 入选}
  - {name: 钱二丽, unit: 测试大学, section: 自然科学类, status: 入选}
  - {name: 孙三强, unit: 测试市社会科学院, section: 社会科学类, status: 未入选}
"""

COMMITTEE = """\
id: 2026-fx-committee
title: 2026年度测试市科学技术奖拟奖励人选公示
year: 2026
issuer: 测试市科学技术奖励评审委员会
doc_number: 测科奖〔2026〕1号
published: 2026-03-09
notice: 经评审，拟授予以下人选2026年度测试市科学技术奖。现予公示。
publicity:
  working_days: 5
  objections: {phone: "0000-7654321"}
"""

COMMITTEE_LIST = """\
campaign: 2026-fx-committee
candidates:
  - {name: 周四海, unit: 测试市农业科学院}
"""

ANNOUNCED = """\
id: 2026-fx-announced
title: 关于命名2026年度测试市技能大师工作室的通知
year: 2026
issuer: 测试市人力资源和社会保障局
doc_number: 测人社〔2026〕3号
published: 2026-03-03
notice: 现命名以下工作室为2026年度测试市技能大师工作室。
announced: true
"""

ANNOUNCED_LIST = """\
campaign: 2026-fx-announced
candidates:
  - {name: 吴五福数控技能大师工作室, kind: 集体, leader: 吴五福, unit: 测试市机床厂}
"""

DECISION = """\
id: 2026-fx-decision
title: 测试市人民政府关于表彰2025年度测试市劳动模范的决定
year: 2026
issuer: 测试市人民政府
doc_number: 测政〔2026〕2号
published: 2026-02-16
notice: 决定授予以下同志测试市劳动模范称号。
award: {date: 2026-02-16, doc_number: 测政〔2026〕2号}
"""

DECISION_LIST = """\
campaign: 2026-fx-decision
candidates:
  - {name: 郑六顺, unit: 测试市公交公司, status: 入选}
"""

FILES = {
    "site.yml": SITE,
    "campaigns/2026-fx-decided.yml": DECIDED,
    "candidates/2026-fx-decided.yml": DECIDED_LIST,
    "campaigns/2026-fx-committee.yml": COMMITTEE,
    "candidates/2026-fx-committee.yml": COMMITTEE_LIST,
    "campaigns/2026-fx-announced.yml": ANNOUNCED,
    "candidates/2026-fx-announced.yml": ANNOUNCED_LIST,
    "campaigns/2026-fx-decision.yml": DECISION,
    "candidates/2026-fx-decision.yml": DECISION_LIST,
}

BEFORE, DURING, DECIDED_DAY = "2026-03-02", "2026-03-10", "2026-04-01"
LIST = "campaigns/2026-fx-decided/gongshi/index.html"
# What only the decision says: nothing built before its day may hold any of these.
DECISION_WORDS = ("测人社〔2026〕19号", "关于公布2026年测试市青年专家名单的通知", "2026年4月1日",
                  "2026-04-01", "20260401")
# Conditions no file of this portal states: nothing built may add them.
NOT_THE_BUREAUS = ("匿名", "不予受理", "公章", "真实姓名", "实名")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("as-decided") / "data"
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(site_factory, data: Path) -> dict[str, Path]:
    return {day: site_factory(day, data) for day in (BEFORE, DURING, DECIDED_DAY)}


def texts(site: Path) -> dict[str, str]:
    """Every text file of a built site (the .gz copies are the same bytes compressed)."""
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".ics", ".js", ".txt")
        and "assets/" not in p.relative_to(site).as_posix()
    }


def search_rows(site: Path) -> dict[str, str]:
    """name → status of every candidate row in the search files, as the header search reads it."""
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    columns = manifest["schema"]["rows"]["cand"]["columns"]
    statuses = manifest["schema"]["statuses"]
    out = {}
    for chunk in (site / "search" / manifest["dir"]).glob("c*.json"):
        for row in json.loads(chunk.read_text(encoding="utf-8")):
            out[row[columns.index("name")]] = statuses[row[columns.index("status")]]
    return out


def without_proposed(text: str) -> str:
    """The text with 拟入选 (on the 公示) taken out: what is left of 入选 is a result."""
    return text.replace("拟入选", "")


def visible_text(html: str) -> str:
    start, end = html.find("<article"), html.find("</article>")
    body = html[max(start, 0):end if end >= 0 else len(html)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_before_its_decision_day_nothing_built_reveals_the_result(sites: dict[str, Path]) -> None:
    for day in (BEFORE, DURING):
        files = texts(sites[day])
        for path, text in files.items():
            for word in DECISION_WORDS:
                assert word not in text, f"{day} {path}: {word}"
        archived = files["archive/index.html"].split('id="by-year"', 1)[1]
        entry = archived[archived.index("campaigns/2026-fx-decided/"):][:3000].split("</li>")[0]
        assert "最终名单" not in entry and "评选结果" not in entry
        if day == BEFORE:  # the list is to come: never 本站未收录
            assert "名单将于2026年3月9日起公示" in entry
        mine = {p: t for p, t in files.items() if "2026-fx-decided" in p or p in (
            "feed.xml", "deadlines.ics")
            or re.match(r"search/[^/]+/[cd]\d+\.json$", p)}  # rows (term shards index every page)
        for path, text in mine.items():
            assert "入选" not in without_proposed(text), f"{day} {path}"
            assert "另有" not in text, f"{day} {path}"
    # Before the 公示: no name anywhere.
    assert not any("孙三强" in t or "赵一鸣" in t for t in texts(sites[BEFORE]).values())
    # During it: everyone on the 公示, the one entered ahead as 未入选 too, and in the search
    # files as on the 公示 (the rows and the status filter are made from the same entry).
    site = sites[DURING]
    page = (site / LIST).read_text(encoding="utf-8")
    for name in ("赵一鸣", "钱二丽", "孙三强"):
        assert name in page
    assert '<th scope="col">结果</th>' not in page
    assert "社会科学类（1 人）" in visible_text(page)
    rows = search_rows(site)
    assert {rows[n] for n in ("赵一鸣", "钱二丽", "孙三强")} == {"拟入选"}
    # Signed with the 公示's own date, never the decision's.
    sign = page[page.index("gs-gongshi__sign"):]
    assert 'datetime="2026-03-09"' in sign[:600]
    # The notice page: no decision, the result still to come, and nothing for the browser to
    # reveal on the day (the daily rebuild publishes it).
    notice = (site / "campaigns/2026-fx-decided/index.html").read_text(encoding="utf-8")
    assert 'id="award"' not in notice and '&#34;award&#34;:null' in notice
    steps = re.findall(r'data-gs-step="(\w+)".*?gs-step__state[^>]*>([^<]+)<', notice, re.S)
    assert steps == [("publish", "已完成"), ("deadline", "已完成"), ("publicity", "进行中"),
                     ("result", "待公布")]


def test_the_decision_day_publishes_the_result(sites: dict[str, Path]) -> None:
    site = sites[DECIDED_DAY]
    files = texts(site)
    # Not selected: off every page, search file and feed; the list says one was left out, and
    # the section he alone was in is not shown.
    assert not any("孙三强" in t for t in files.values())
    page = files[LIST]
    shown = visible_text(page)
    assert "另有 1 人未入选" in shown and "社会科学类" not in shown
    assert '<th scope="col">结果</th>' in page
    assert "测人社〔2026〕19号" in shown
    assert search_rows(site) == {"赵一鸣": "入选", "钱二丽": "入选", "周四海": "拟入选",
                                 "吴五福数控技能大师工作室": "拟入选", "吴五福": "拟入选",
                                 "郑六顺": "入选"}
    notice = files["campaigns/2026-fx-decided/index.html"]
    assert 'id="award"' in notice and "2026年4月1日" in notice


def test_the_list_page_is_a_gongwen(sites: dict[str, Path]) -> None:
    files = texts(sites[DURING])
    page = files[LIST]
    head = visible_text(page[:page.index('id="list-h"')])
    # 关于…的公示, citing the notice as its basis; the notice's 文号 is not its own.
    assert "<h1>关于2026年测试市青年专家拟入选人选的公示</h1>" in page
    assert "gs-gongshi__docno" not in page
    assert "依据 《关于开展2026年测试市青年专家选拔工作的通知》（测人社〔2026〕7号）" in head
    assert "现将2026年测试市青年专家拟入选人选名单予以公示" in head
    # The announcement: the period, the channel and the bureau's own rules, nothing else.
    assert "公示期：2026年3月9日至2026年3月13日，共 5 个工作日。" in head
    assert "公示期间可来信、来电、来访，本局人才科和驻局纪检组均可受理。" in head
    assert "本局通用规则" not in head, "a round's own rules replace the standing wording"
    # A committee's notice that is itself the 公示: its own title and 文号, no basis cited,
    # and the standing wording of data/site.yml, as it has no rules of its own.
    committee = files["campaigns/2026-fx-committee/gongshi/index.html"]
    text = visible_text(committee)
    assert "<h1>2026年度测试市科学技术奖拟奖励人选公示</h1>" in committee
    assert '<p class="gs-gongshi__docno">测科奖〔2026〕1号</p>' in committee
    assert "依据" not in text and "根据" not in text
    assert "经评审，拟授予以下人选2026年度测试市科学技术奖。现予公示。" in text
    assert "反映情况请写明被反映人的姓名和工作单位（本局通用规则）。" in text
    # Only the bureau's words: no page, feed or calendar adds a condition of its own, hand-written
    # pages included.
    for path, body in files.items():
        for word in NOT_THE_BUREAUS:
            assert word not in body, f"{path}: {word}"
    # The title is what the search finds the page by; its text cites the notice's 文号.
    docs = " ".join(t for p, t in files.items() if re.search(r"search/.*/d\d+\.json$", p))
    assert "关于2026年测试市青年专家拟入选人选的公示" in docs
    feed = files["feed.xml"]
    assert "<title>关于2026年测试市青年专家拟入选人选的公示</title>" in feed


def test_every_campaign_page_links_its_list_and_tells_only_its_steps(sites: dict[str, Path]) -> None:
    files = texts(sites[DURING])

    def steps(path: str) -> list[tuple[str, str]]:
        return re.findall(r'gs-step__title">([^<]+)<.*?gs-step__state[^>]*>([^<]+)<', files[path], re.S)

    for rid in ("2026-fx-decided", "2026-fx-committee", "2026-fx-announced", "2026-fx-decision"):
        assert 'href="gongshi/"' in files[f"campaigns/{rid}/index.html"], rid
    # A 命名: its list is the result, 已公布 from its date.
    announced = files["campaigns/2026-fx-announced/index.html"]
    assert steps("campaigns/2026-fx-announced/index.html") == [("公布", "已完成")]
    assert 'data-gs-label>已公布<' in announced
    listed = files["campaigns/2026-fx-announced/gongshi/index.html"]
    assert "<h1>2026年度测试市技能大师工作室名单</h1>" in listed
    assert '<p class="gs-gongshi__docno">测人社〔2026〕3号</p>' in listed
    # A decision: shown alone, no invented 发布, 申报截止 or 公示; its list named for the year
    # the decision names (2025年度), not the round's.
    assert steps("campaigns/2026-fx-decision/index.html") == [("结果", "已完成")]
    assert "<h1>2025年度测试市劳动模范名单</h1>" in files["campaigns/2026-fx-decision/gongshi/index.html"]
    # A committee's 公示: no application step; the result is still to come.
    assert steps("campaigns/2026-fx-committee/index.html") == [
        ("发布", "已完成"), ("公示", "进行中"), ("结果", "待公布")]


SHANGHAI = ZoneInfo("Asia/Shanghai")


def _open(page, url: str, day: str) -> None:
    import datetime as dt

    y, m, d = map(int, day.split("-"))
    page.clock.set_fixed_time(dt.datetime(y, m, d, 10, tzinfo=SHANGHAI))
    response = page.goto(url)
    assert response is not None and response.ok, url


def _printed(page, path: Path) -> str:
    page.pdf(path=str(path), format="A4", print_background=True)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return "".join(out.stdout.split())


def _search(page, query: str):
    box = page.get_by_role("combobox", name="搜索")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.getElementById('gss-q-list').dataset.query === q", arg=query, timeout=15000
    )
    return page.locator("#gss-q-list [role=option]")


@pytest.mark.browser
def test_a_visitor_meets_the_result_only_from_its_day(
    page, phone, sites: dict[str, Path], server_factory, tmp_path: Path
) -> None:
    during = server_factory(sites[DURING])
    # A page built during the 公示, opened after the decision day: the browser's own date
    # recomputation moves the status on, but has no result to reveal.
    _open(page, during + "campaigns/2026-fx-decided/gongshi/", "2026-04-02")
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "公示已结束"
    text = page.locator("article.gs-gongshi").inner_text()
    assert "入选" not in without_proposed(text) and "评选结果" not in text
    _open(page, during + "campaigns/2026-fx-decided/", "2026-04-02")
    assert page.locator("[data-gs-step=result] .gs-step__state").inner_text() == "待公布"
    assert page.locator("#award").count() == 0
    # The browser's recomputation agrees with the build on the rounds without a 公示.
    _open(page, during + "campaigns/2026-fx-announced/", "2026-04-02")
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "已公布"
    assert page.locator(".gs-step .gs-step__state").all_inner_texts() == ["已完成"]
    _open(page, during + "campaigns/2026-fx-decision/", "2026-04-02")
    assert page.locator(".gs-step .gs-step__title").all_inner_texts() == ["结果"]
    assert page.locator(".gs-step .gs-step__state").all_inner_texts() == ["已完成"]
    # Printed during the 公示: the bureau's own objection text, the basis, the 落款 on the
    # 公示's date, everyone on it, no result.
    _open(page, during + "campaigns/2026-fx-decided/gongshi/", DURING)
    paper = _printed(page, tmp_path / "during.pdf")
    for word in ("关于2026年测试市青年专家拟入选人选的公示", "（测人社〔2026〕7号）",
                 "本局人才科和驻局纪检组均可受理", "0000-1234567", "测试市人力资源和社会保障局2026年3月9日",
                 "赵一鸣", "钱二丽", "孙三强", "社会科学类（1人）"):
        assert word in paper, word
    assert "入选" not in without_proposed(paper)
    # The header search: found as on the 公示, with no result beside the name.
    found = _search(page, "孙三强")
    assert found.count() >= 1 and page.locator("#gss-q-list .gss-result__status").count() == 0
    # The committee's 公示 on paper: its own 文号 and the standing wording.
    _open(page, during + "campaigns/2026-fx-committee/gongshi/", DURING)
    paper = _printed(page, tmp_path / "committee.pdf")
    assert "测科奖〔2026〕1号" in paper and "（本局通用规则）" in paper and "依据" not in paper
    # On a phone the announcement and the 落款 stay within the screen.
    _open(phone, during + "campaigns/2026-fx-decided/gongshi/", DURING)
    right = phone.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('.gs-announce, .gs-announce *,"
        " .gs-gongshi__sign, .gs-gongshi__sign *')).map(e => e.getBoundingClientRect().right))"
    )
    assert right <= 375

    # On the decision day, the rebuild publishes it: result column, the section nobody is left
    # in gone on screen and on paper, the one not selected out of the search.
    decided = server_factory(sites[DECIDED_DAY])
    _open(page, decided + "campaigns/2026-fx-decided/gongshi/", DECIDED_DAY)
    assert page.locator(".gs-status [data-gs-label]").inner_text() == "已公布结果"
    paper = _printed(page, tmp_path / "decided.pdf")
    assert "入选" in without_proposed(paper) and "社会科学类" not in paper and "孙三强" not in paper
    assert _search(page, "赵一鸣").first.locator(".gss-result__status").inner_text() == "入选"
    assert _search(page, "孙三强").count() == 0


def test_rules_of_its_own_are_not_given_another_channel(tmp_path: Path) -> None:
    """A 公示 whose own rules say where to object (two offices) is not made to name the round's
    contact office as the place; without rules, the contact office is the channel (and
    `gongshi validate` warns that it is published as such)."""
    from builder.load.loader import load
    from builder.render.pages.document import objection_channels

    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    campaign = tmp_path / "campaigns/2026-fx-decided.yml"
    with_contact = DECIDED + 'contact: {department: 测试市人社局人才科, phone: "0000-1111111"}\n'
    campaign.write_text(with_contact.replace('    phone: "0000-1234567"\n', ""), encoding="utf-8")
    portal = load(tmp_path).portal
    assert portal is not None
    assert objection_channels(portal.round("2026-fx-decided")) is None
    campaign.write_text(with_contact.replace(
        '  objections:\n    phone: "0000-1234567"\n    rules: 公示期间可来信、来电、来访，本局人才科和驻局纪检组均可受理。\n', ""),
        encoding="utf-8")
    portal = load(tmp_path).portal
    assert portal is not None
    found = objection_channels(portal.round("2026-fx-decided"))
    assert found is not None and found.phone == "0000-1111111"


def test_the_daily_rebuild_knows_the_decision_day(data: Path) -> None:
    """The server's timer rebuilds every day; `gongshi schedule` (what it will publish by
    itself) names the decision day, on which the result appears."""
    import datetime as dt

    from builder.load.loader import load
    from builder.server.schedule import upcoming

    portal = load(data).portal
    assert portal is not None
    changes = [(c.date, c.round_id, c.reason) for c in upcoming(portal, dt.date(2026, 3, 10))]
    assert (dt.date(2026, 4, 1), "2026-fx-decided", "状态变为「已公布结果」") in changes
