"""Round status at a date, from real YAML through the loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder.loader import load
from builder.portal import Portal
from builder.timeline import Phase, events, period_text, status_at, steps_at

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
