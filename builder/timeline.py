"""Where a round stands on a given day: its phase, days left, countdowns. Pure and date-only.

The browser recomputes the same thing from the visitor's clock
(theme_overrides/assets/javascripts/gongshi-time.js); the texts produced here and there must stay
identical, and tests/test_timeline.py plus the browser tests hold both to that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from builder.models import Deadline
from builder.portal import Round
from builder.workdays import UnknownYear, WorkCalendar


class Phase(StrEnum):
    PENDING = "未发布"
    PUBLISHED = "发布"
    OPEN = "申报中"
    CLOSED = "申报截止"
    PUBLICITY = "公示中"
    PUBLICITY_OVER = "公示已结束"
    AWARDED = "已表彰"


PHASE_LABELS: dict[Phase, str] = {
    Phase.PENDING: "即将发布",
    Phase.PUBLISHED: "已发布",
    Phase.OPEN: "申报中",
    Phase.CLOSED: "申报已截止",
    Phase.PUBLICITY: "公示中",
    Phase.PUBLICITY_OVER: "公示已结束",
    Phase.AWARDED: "已公布结果",
}

ORDER: tuple[Phase, ...] = tuple(Phase)
"""Phases in the order a round goes through them (the browser script has the same list)."""


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def deadline_text(d: Deadline) -> str:
    return cn_date(d.date) + (f" {d.time}" if d.time else "")


def deadline_iso(d: Deadline) -> str:
    """Local Asia/Shanghai time of the deadline, minute precision; a date alone ends the day."""
    return f"{d.date.isoformat()}T{d.time or '23:59'}"


def countdown_text(d: Deadline, today: dt.date) -> str:
    """What a visitor reads beside a deadline on `today` (date-only view)."""
    days = (d.date - today).days
    if days < 0:
        return "已截止"
    if days == 0:
        return f"今天 {d.time} 截止" if d.time else "今天截止"
    if days == 1:
        return f"明天 {d.time} 截止" if d.time else "明天截止"
    return f"还有 {days} 天截止"


def upcoming_deadlines(r: Round, today: dt.date) -> list[Deadline]:
    return sorted((d for d in r.campaign.deadlines if d.date >= today), key=deadline_iso)


def last_deadline(r: Round) -> Deadline | None:
    return max(r.campaign.deadlines, key=deadline_iso, default=None)


def publicity_workdays(r: Round, calendar: WorkCalendar) -> tuple[dt.date, ...] | None:
    """Every working day of the publicity period, or None when a year is unknown."""
    pub = r.campaign.publicity
    if pub is None or r.publicity_end is None:
        return None
    days: list[dt.date] = []
    day = pub.start
    try:
        while day <= r.publicity_end:
            if calendar.is_workday(day):
                days.append(day)
            day += dt.timedelta(days=1)
    except UnknownYear:
        return None
    return tuple(days)


@dataclass(frozen=True)
class Status:
    phase: Phase
    label: str
    detail: str
    workdays_left: int | None = None
    days_left: int | None = None
    next_deadline: Deadline | None = None


def phase_at(r: Round, today: dt.date) -> Phase:
    c = r.campaign
    if c.published is not None and today < c.published:
        # Committed ahead of its publication date: a preview of a scheduled notice.
        return Phase.PENDING
    if c.award is not None and today >= c.award.date:
        return Phase.AWARDED
    pub = c.publicity
    if pub is not None and r.publicity_end is not None:
        if today > r.publicity_end:
            return Phase.PUBLICITY_OVER
        if today >= pub.start:
            return Phase.PUBLICITY
    last = last_deadline(r)
    if last is not None:
        return Phase.OPEN if today <= last.date else Phase.CLOSED
    return Phase.PUBLISHED


def status_at(r: Round, today: dt.date, calendar: WorkCalendar) -> Status:
    phase = phase_at(r, today)
    label = PHASE_LABELS[phase]
    c = r.campaign
    if phase is Phase.PUBLICITY:
        assert r.publicity_end is not None
        days_left = (r.publicity_end - today).days
        workdays = publicity_workdays(r, calendar)
        left = None if workdays is None else sum(1 for d in workdays if d >= today)
        return Status(
            phase, label, publicity_left_text(r.publicity_end, today, left), left, days_left
        )
    if phase is Phase.OPEN:
        nxt = upcoming_deadlines(r, today)[0]
        return Status(
            phase, label, f"{nxt.title}：{countdown_text(nxt, today)}", next_deadline=nxt
        )
    if phase is Phase.CLOSED:
        pub = c.publicity
        if pub is not None and pub.start > today:
            return Status(phase, label, f"拟定人选将于{cn_date(pub.start)}起公示")
        last = last_deadline(r)
        assert last is not None
        return Status(phase, label, f"申报已于{cn_date(last.date)}截止")
    if phase is Phase.PUBLICITY_OVER:
        assert r.publicity_end is not None
        return Status(phase, label, f"公示已于{cn_date(r.publicity_end)}结束")
    if phase is Phase.AWARDED:
        assert c.award is not None
        return Status(phase, label, f"{cn_date(c.award.date)}公布结果")
    if phase is Phase.PENDING:
        assert c.published is not None
        return Status(phase, label, f"将于{cn_date(c.published)}发布")
    return Status(phase, label, f"{cn_date(c.published)}发布" if c.published else "")


def publicity_left_text(end: dt.date, today: dt.date, workdays_left: int | None) -> str:
    if today == end:
        return f"今天是公示最后一天（{cn_date(end)}）"
    if workdays_left is None:
        return f"公示至{cn_date(end)}，还有 {(end - today).days + 1} 天"
    return f"公示至{cn_date(end)}，还有 {workdays_left} 个工作日"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    when: str
    state: str  # done | current | todo
    known: bool = True
    """False when the data has no date for this step (no publicity, no award recorded)."""


def steps_at(r: Round, today: dt.date) -> list[Step]:
    """The 发布 → 申报截止 → 公示 → 结果 timeline of a round."""
    c = r.campaign
    phase = phase_at(r, today)
    rank = ORDER.index(phase)

    def state(done_from: Phase, current: Phase | None) -> str:
        if rank >= ORDER.index(done_from):
            return "done"
        return "current" if phase is current else "todo"

    last = last_deadline(r)
    pub = c.publicity
    return [
        Step("publish", "发布", cn_date(c.published) if c.published else f"{c.year}年",
             state(Phase.PUBLISHED, None)),
        Step("deadline", "申报截止", deadline_text(last) if last else "—",
             state(Phase.CLOSED, Phase.OPEN), known=last is not None),
        Step(
            "publicity", "公示",
            f"{cn_date(pub.start)}至{cn_date(r.publicity_end)}" if pub and r.publicity_end else "—",
            state(Phase.PUBLICITY_OVER, Phase.PUBLICITY),
            known=pub is not None and r.publicity_end is not None,
        ),
        Step("result", "结果", cn_date(c.award.date) if c.award else "—",
             state(Phase.AWARDED, None), known=c.award is not None),
    ]


def period_text(r: Round) -> str:
    """The publicity period with its rule, as a notice would state it."""
    pub = r.campaign.publicity
    if pub is None or r.publicity_end is None:
        return ""
    span = f"{cn_date(pub.start)}至{cn_date(r.publicity_end)}"
    if pub.working_days:
        return (
            f"{span}，共 {pub.working_days} 个工作日"
            "（周末和法定节假日不计入，调休上班日计入；公示期至最后一个工作日 24 时结束）"
        )
    return span


@dataclass(frozen=True)
class Event:
    """A dated thing a visitor must not miss: a deadline or the end of a publicity period."""

    round: Round
    kind: str  # "deadline" | "publicity-end"
    index: int
    title: str
    date: dt.date
    time: str | None
    note: str | None

    @property
    def at(self) -> str:
        return f"{self.date.isoformat()}T{self.time or '23:59'}"

    @property
    def deadline(self) -> Deadline:
        return Deadline(date=self.date, time=self.time, title=self.title, note=self.note)

    @property
    def uid_stem(self) -> str:
        return f"{self.round.id}-{self.kind}-{self.index}"


def events(rounds: tuple[Round, ...] | list[Round]) -> list[Event]:
    """Every deadline and publicity end of every round, in time order."""
    out: list[Event] = []
    for r in rounds:
        for i, d in enumerate(r.campaign.deadlines, start=1):
            out.append(Event(r, "deadline", i, d.title, d.date, d.time, d.note))
        if r.campaign.publicity is not None and r.publicity_end is not None:
            out.append(
                Event(r, "publicity-end", 1, "社会公示结束", r.publicity_end, None,
                      "公示期内可按公示页面所列方式反映情况")
            )
    return sorted(out, key=lambda e: (e.at, e.round.id, e.kind, e.index))
