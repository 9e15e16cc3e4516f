"""Round status at a date, from real YAML through the loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder.load.loader import load
from builder.model.portal import Portal
from builder.model.timeline import Phase, events, period_text, settled_from, status_at, steps_at

CAMPAIGN = """\
id: 2026-test-round
title: 测试评选通知
year: 2026
issuer: 测试市人力资源和社会保障局
doc_number: 测人社〔2026〕1号
published: 2026-09-01
notice: 正文
deadlines:
  - {{date: 2026-10-09, time: "17:30", title: 申报材料报送截止}}
  - {{date: 2026-09-20, title: 网上报名截止}}
publicity:
  start: 2026-11-16
  working_days: 7
{award}
"""


def portal(tmp_path: Path, award: str = "") -> Portal:
    (tmp_path / "campaigns").mkdir(parents=True)
    (tmp_path / "campaigns" / "2026-test-round.yml").write_text(
        CAMPAIGN.format(award=award), encoding="utf-8"
    )
    loaded = load(tmp_path)
    assert loaded.portal is not None, loaded.problems.to_text()
    return loaded.portal


def at(p: Portal, day: str):
    return status_at(p.rounds[0], dt.date.fromisoformat(day), p.calendar)


@pytest.mark.parametrize(
    ("day", "phase", "detail"),
    [
        ("2026-08-31", Phase.PENDING, "将于2026年9月1日发布"),
        ("2026-09-01", Phase.OPEN, "网上报名截止：还有 19 天截止"),
        ("2026-09-19", Phase.OPEN, "网上报名截止：明天截止"),
        ("2026-09-20", Phase.OPEN, "网上报名截止：今天截止"),
        ("2026-09-21", Phase.OPEN, "申报材料报送截止：还有 18 天截止"),
        ("2026-10-09", Phase.OPEN, "申报材料报送截止：今天 17:30 截止"),
        ("2026-10-10", Phase.CLOSED, "拟定人选将于2026年11月16日起公示"),
        ("2026-11-16", Phase.PUBLICITY, "公示至2026年11月24日，还有 7 个工作日"),
        # Saturday and Sunday do not count: Friday 20th leaves 3 working days (20, 23, 24).
        ("2026-11-20", Phase.PUBLICITY, "公示至2026年11月24日，还有 3 个工作日"),
        ("2026-11-22", Phase.PUBLICITY, "公示至2026年11月24日，还有 2 个工作日"),
        ("2026-11-24", Phase.PUBLICITY, "今天是公示最后一天（2026年11月24日）"),
        ("2026-11-25", Phase.PUBLICITY_OVER, "公示已于2026年11月24日结束"),
    ],
)
def test_phase_and_detail(tmp_path: Path, day: str, phase: Phase, detail: str) -> None:
    st = at(portal(tmp_path), day)
    assert (st.phase, st.detail) == (phase, detail)


def test_award_ends_the_round(tmp_path: Path) -> None:
    p = portal(tmp_path, "award: {date: 2026-12-10, doc_number: 测人社〔2026〕9号}")
    assert at(p, "2026-12-09").phase is Phase.PUBLICITY_OVER
    st = at(p, "2026-12-10")
    assert (st.phase, st.label, st.detail) == (Phase.AWARDED, "已公布结果", "2026年12月10日公布结果")


def test_working_days_skip_a_holiday(tmp_path: Path) -> None:
    """National Day 2026: 1–7 October off, the publicity counts only working days."""
    text = CAMPAIGN.format(award="").replace("start: 2026-11-16", "start: 2026-09-29").replace(
        "working_days: 7", "working_days: 4"
    ).replace("date: 2026-10-09", "date: 2026-09-25")
    (tmp_path / "campaigns").mkdir(parents=True)
    (tmp_path / "campaigns" / "2026-test-round.yml").write_text(text, encoding="utf-8")
    loaded = load(tmp_path)
    assert loaded.portal is not None, loaded.problems.to_text()
    r = loaded.portal.rounds[0]
    # 29, 30 September, then the holiday (1–7 October), then 8 and 9 October.
    assert r.publicity_end == dt.date(2026, 10, 9)
    st = status_at(r, dt.date(2026, 10, 3), loaded.portal.calendar)
    assert st.phase is Phase.PUBLICITY
    assert st.workdays_left == 2


def test_steps_follow_the_phase(tmp_path: Path) -> None:
    p = portal(tmp_path)
    r = p.rounds[0]
    states = {s.key: s.state for s in steps_at(r, dt.date(2026, 11, 18))}
    assert states == {"publish": "done", "deadline": "done", "publicity": "current",
                      "result": "todo"}
    states = {s.key: s.state for s in steps_at(r, dt.date(2026, 9, 5))}
    assert states == {"publish": "done", "deadline": "current", "publicity": "todo",
                      "result": "todo"}


def test_period_text_states_the_rule(tmp_path: Path) -> None:
    r = portal(tmp_path).rounds[0]
    text = period_text(r)
    assert text.startswith("2026年11月16日至2026年11月24日，共 7 个工作日")
    assert "法定节假日不计入" in text


def test_events_are_every_deadline_and_publicity_end_in_time_order(tmp_path: Path) -> None:
    p = portal(tmp_path)
    found = [(e.kind, e.index, e.at) for e in events(p.rounds)]
    assert found == [
        ("deadline", 2, "2026-09-20T23:59"),
        ("deadline", 1, "2026-10-09T17:30"),
        ("publicity-end", 1, "2026-11-24T23:59"),
    ]


def _round(tmp_path: Path, text: str):
    (tmp_path / "campaigns").mkdir(parents=True, exist_ok=True)
    (tmp_path / "campaigns" / "2026-test-round.yml").write_text(text, encoding="utf-8")
    loaded = load(tmp_path)
    assert loaded.portal is not None, loaded.problems.to_text()
    return loaded.portal.rounds[0], loaded.portal.calendar


INFO_ROUND = """\
id: 2026-test-round
title: 测试评选通知
year: 2026
issuer: 测试局
published: 2026-11-02
notice: 正文
deadlines:
  - {date: 2026-12-18, time: "17:00", title: 申报材料报送截止}
  - {date: 2026-12-25, title: 资格审查结果公布}
"""


@pytest.mark.parametrize(
    ("day", "phase", "detail"),
    [
        ("2026-12-18", Phase.OPEN, "申报材料报送截止：今天 17:00 截止"),
        # The 12-25 entry announces a date; it does not keep the call open (issue 13, item 7).
        ("2026-12-19", Phase.CLOSED, "申报已于2026年12月18日截止"),
        ("2026-12-26", Phase.CLOSED, "申报已于2026年12月18日截止"),
    ],
)
def test_an_informational_date_does_not_keep_the_call_open(
    tmp_path: Path, day: str, phase: Phase, detail: str
) -> None:
    r, cal = _round(tmp_path, INFO_ROUND)
    st = status_at(r, dt.date.fromisoformat(day), cal)
    assert (st.phase, st.detail) == (phase, detail)


def test_deadline_kind_explicit_and_derived(tmp_path: Path) -> None:
    from builder.model.contract import Deadline
    from builder.model.timeline import deadline_kind

    apply = Deadline(date=dt.date(2026, 1, 1), title="申报材料报送截止")
    meeting = Deadline(date=dt.date(2026, 1, 2), title="评审会议")
    assert deadline_kind(meeting, [apply, meeting]) == "信息"
    # A round whose titles never say 截止 keeps data-format.md's meaning: all application.
    assert deadline_kind(meeting, [meeting]) == "申报"
    forced = Deadline(date=dt.date(2026, 1, 3), title="网上报名截止", kind="信息")
    assert deadline_kind(forced, [apply, forced]) == "信息"


def test_informational_countdown_never_says_deadline(tmp_path: Path) -> None:
    from builder.model.timeline import countdown_text

    r, _ = _round(tmp_path, INFO_ROUND)
    info = r.campaign.deadlines[1]
    assert countdown_text(info, dt.date(2026, 12, 20), informational=True) == "还有 5 天"
    assert countdown_text(info, dt.date(2026, 12, 25), informational=True) == "今天"
    assert countdown_text(info, dt.date(2026, 12, 26), informational=True) == "已过"


def test_step_is_named_after_the_application_deadline(tmp_path: Path) -> None:
    r, _ = _round(tmp_path, INFO_ROUND)
    titles = [s.title for s in steps_at(r, dt.date(2026, 12, 1))]
    # The round has no 公示 (yet): its timeline invents none.
    assert titles == ["发布", "申报材料报送截止", "结果"]


PUBLICITY_ONLY = """\
id: 2026-test-round
title: 拟奖励人选公示
year: 2026
issuer: 测试评审委员会
published: 2026-12-14
notice: 现予公示。
publicity:
  working_days: 7
  end_time: "17:00"
"""


def test_publicity_only_round(tmp_path: Path) -> None:
    r, cal = _round(tmp_path, PUBLICITY_ONLY)
    # 自公示之日起: the publication date is the first day; 14-18, 21, 22 December.
    assert r.publicity_start == dt.date(2026, 12, 14)
    assert r.publicity_end == dt.date(2026, 12, 22)
    steps = steps_at(r, dt.date(2026, 12, 15))
    # During the 公示 the result is still to come: 待公布, never 本站未收录.
    assert [(s.key, s.state_text) for s in steps] == [
        ("publish", "已完成"), ("publicity", "进行中"), ("result", "待公布")
    ]
    st = status_at(r, dt.date(2026, 12, 15), cal)
    assert (st.phase, st.detail) == (Phase.PUBLICITY, "公示至2026年12月22日17:00，还有 6 个工作日")
    last = status_at(r, dt.date(2026, 12, 22), cal)
    assert last.detail == "今天是公示最后一天，17:00 结束（2026年12月22日）"
    assert period_text(r) == (
        "自公示之日起（2026年12月14日）至2026年12月22日17:00，共 7 个工作日"
        "（周末和法定节假日不计入，调休上班日计入；公示期至最后一个工作日 17:00 结束）"
    )


def test_publicity_end_counts_in_the_unit_of_its_status(tmp_path: Path) -> None:
    """One end date, one unit: the home page's card and its deadline list both say 工作日."""
    from builder.model.timeline import countdown_text

    r, cal = _round(tmp_path, PUBLICITY_ONLY)
    end = next(e for e in events([r], cal) if e.kind == "publicity-end")
    day = dt.date(2026, 12, 18)
    st = status_at(r, day, cal)
    text = countdown_text(end.deadline, day, workdays=end.workdays)
    assert st.detail.endswith("还有 3 个工作日") and text == "还有 3 个工作日"
    assert end.time == "17:00"


DECISION_ONLY = """\
id: 2026-test-round
title: 关于表彰2026年度测试市劳动模范的决定
year: 2026
issuer: 测试市人民政府
doc_number: 测政〔2026〕3号
published: 2026-04-28
notice: 决定授予以下同志测试市劳动模范称号。
award: {date: 2026-04-28, doc_number: 测政〔2026〕3号}
"""

ANNOUNCED = """\
id: 2026-test-round
title: 关于命名2026年度测试市技能大师工作室的通知
year: 2026
issuer: 测试市人力资源和社会保障局
published: 2026-06-01
notice: 现命名以下工作室为2026年度测试市技能大师工作室。
announced: true
"""


def test_a_decision_only_round_shows_its_decision_alone(tmp_path: Path) -> None:
    r, cal = _round(tmp_path, DECISION_ONLY)
    steps = steps_at(r, dt.date(2026, 5, 1))
    assert [(s.key, s.when, s.state_text) for s in steps] == [("result", "2026年4月28日", "已完成")]
    assert status_at(r, dt.date(2026, 5, 1), cal).label == "已公布结果"


def test_an_announced_list_reads_published_from_its_date(tmp_path: Path) -> None:
    r, cal = _round(tmp_path, ANNOUNCED)
    st = status_at(r, dt.date(2026, 6, 1), cal)
    assert (st.phase, st.label, st.detail) == (Phase.ANNOUNCED, "已公布", "2026年6月1日公布")
    assert status_at(r, dt.date(2026, 5, 31), cal).phase is Phase.PENDING
    assert [(s.key, s.title, s.state_text) for s in steps_at(r, dt.date(2026, 6, 1))] == [
        ("announce", "公布", "已完成")
    ]


def test_a_result_never_recorded_is_unrecorded_only_once_past(tmp_path: Path) -> None:
    """本站未收录 is for a past step the site does not hold: a result still missing a year after
    the round's last step; before that it is 待公布."""
    p = portal(tmp_path)
    r = p.rounds[0]
    result = {d: steps_at(r, dt.date.fromisoformat(d))[-1].state_text
              for d in ("2026-09-05", "2026-11-18", "2027-11-24", "2027-11-25")}
    assert result == {"2026-09-05": "待公布", "2026-11-18": "待公布", "2027-11-24": "待公布",
                      "2027-11-25": "本站未收录"}
    # A step still to come says 未开始.
    assert [s.state_text for s in steps_at(r, dt.date(2026, 9, 5))] == [
        "已完成", "进行中", "未开始", "待公布"
    ]


def test_a_round_past_its_last_date_renders_the_same_on_every_later_day() -> None:
    """timeline.settled_from is the day from which a round's pages no longer change: every demo
    round that has settled by the day after its last date renders the same bytes then and ten
    years later (render_pages renders it as of that day, without the build date, and the daily
    rebuild takes those pages unchanged; a rendering that still changed later would be a page
    frozen too early)."""
    from builder.render.pages import _render_round
    from builder.render.pages.common import Context
    from builder.render.publish import published_portal

    loaded = load(Path(__file__).resolve().parent.parent / "data")
    assert loaded.portal is not None
    checked = 0
    for r in loaded.portal.rounds:
        settled = settled_from(r)
        assert settled is not None, r.id
        later = settled + dt.timedelta(days=3653)
        own = published_portal(Portal(rounds=(r,), calendar=loaded.portal.calendar,
                                      data_dir=Path()), later)
        (shown,) = own.rounds
        pages = [_render_round(Context(own, day, settled=True), shown) for day in (settled, later)]
        assert pages[0] == pages[1], r.id
        assert all("本页生成于" not in p.html for p in pages[0]), r.id
        assert all(d < settled for d in (r.publicity_end, r.campaign.published) if d), r.id
        checked += 1
    assert checked >= 5


def test_pages_of_a_settled_round_carry_no_build_date_and_open_ones_do(tmp_path: Path) -> None:
    from builder.render.pages import render_all

    p = portal(tmp_path, award="award: {date: 2026-12-20, title: 表彰决定}")
    r = p.rounds[0]
    assert settled_from(r) == dt.date(2026, 12, 21)
    for day, stamped in (("2026-12-20", True), ("2026-12-21", False), ("2027-03-01", False)):
        pages = [pg for pg in render_all(p, dt.date.fromisoformat(day), "站") if pg.round == r.id]
        assert pages and all(("本页生成于" in pg.html) is stamped for pg in pages), day
