"""Where a round stands on a given day: its phase, days left, countdowns. Pure and date-only.

The browser recomputes the same thing from the visitor's clock
(theme_overrides/assets/javascripts/gongshi-time.js); the texts produced here and there must stay
identical, and tests/test_timeline.py plus the browser tests hold both to that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel

from builder.model.contract import Deadline
from builder.model.portal import Round
from builder.model.workdays import UnknownYear, WorkCalendar


class Phase(StrEnum):
    PENDING = "未发布"
    PUBLISHED = "发布"
    OPEN = "申报中"
    CLOSED = "申报截止"
    PUBLICITY = "公示中"
    PUBLICITY_OVER = "公示已结束"
    AWARDED = "已表彰"
    ANNOUNCED = "已公布"
    """A list the notice itself publishes as the final result (`announced`), from its date."""


PHASE_LABELS: dict[Phase, str] = {
    Phase.PENDING: "即将发布",
    Phase.PUBLISHED: "已发布",
    Phase.OPEN: "申报中",
    Phase.CLOSED: "申报已截止",
    Phase.PUBLICITY: "公示中",
    Phase.PUBLICITY_OVER: "公示已结束",
    Phase.AWARDED: "已公布结果",
    Phase.ANNOUNCED: "已公布",
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


DeadlineKind = Literal["申报", "信息"]
APPLICATION: DeadlineKind = "申报"
INFORMATION: DeadlineKind = "信息"


def deadline_kind(d: Deadline, siblings: tuple[Deadline, ...] | list[Deadline]) -> DeadlineKind:
    """申报 (an application deadline: decides 申报中 / 申报已截止) or 信息 (a date the notice
    announces, such as 资格审查结果公布 or 评审会议).

    An explicit `kind` wins. Otherwise a title with 截止 is an application deadline and any
    other title is informational, except in a round where no title says 截止: there every
    unmarked entry stays an application deadline, as data-format.md's `deadlines` always were.
    """
    if d.kind is not None:
        return d.kind
    if "截止" in d.title:
        return APPLICATION
    if any(x.kind is None and "截止" in x.title for x in siblings):
        return INFORMATION
    return APPLICATION


def is_application(d: Deadline, siblings: tuple[Deadline, ...] | list[Deadline]) -> bool:
    return deadline_kind(d, siblings) == APPLICATION


def countdown_text(
    d: Deadline,
    today: dt.date,
    *,
    informational: bool = False,
    workdays: tuple[dt.date, ...] | None = None,
) -> str:
    """What a visitor reads beside a dated entry on `today` (date-only view).

    An informational date is not a deadline: it says 还有 N 天, never 截止. A publicity end
    counted in working days says 还有 N 个工作日, the unit its status uses too.
    """
    days = (d.date - today).days
    when = f" {d.time}" if d.time else ""
    if informational:
        if days < 0:
            return "已过"
        if days == 0:
            return f"今天{when}"
        if days == 1:
            return f"明天{when}"
        return f"还有 {days} 天"
    if days < 0:
        return "已截止"
    if days == 0:
        return f"今天{when} 截止" if when else "今天截止"
    if workdays is not None:
        return f"还有 {sum(1 for w in workdays if w >= today)} 个工作日"
    if days == 1:
        return f"明天{when} 截止" if when else "明天截止"
    return f"还有 {days} 天截止"


def application_deadlines(r: Round) -> list[Deadline]:
    """The round's application deadlines in time order: they alone decide 申报中."""
    ds = r.campaign.deadlines
    return sorted((d for d in ds if is_application(d, ds)), key=deadline_iso)


def upcoming_deadlines(r: Round, today: dt.date) -> list[Deadline]:
    return [d for d in application_deadlines(r) if d.date >= today]


def last_deadline(r: Round) -> Deadline | None:
    found = application_deadlines(r)
    return found[-1] if found else None


def publicity_only(r: Round) -> bool:
    """A round that is only a 公示 (a committee's list published for objections): it has a
    publicity period and no application deadline."""
    return r.campaign.publicity is not None and last_deadline(r) is None


def publicity_workdays(r: Round, calendar: WorkCalendar) -> tuple[dt.date, ...] | None:
    """Every working day of the publicity period, or None when a year is unknown."""
    if r.publicity_start is None or r.publicity_end is None:
        return None
    days: list[dt.date] = []
    day = r.publicity_start
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
    if c.announced:
        return Phase.ANNOUNCED
    if c.award is not None and today >= c.award.date:
        return Phase.AWARDED
    start = r.publicity_start
    if start is not None and r.publicity_end is not None:
        if today > r.publicity_end:
            return Phase.PUBLICITY_OVER
        if today >= start:
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
        end_time = c.publicity.end_time if c.publicity else None
        return Status(
            phase, label, publicity_left_text(r.publicity_end, today, left, end_time), left,
            days_left,
        )
    if phase is Phase.OPEN:
        nxt = upcoming_deadlines(r, today)[0]
        return Status(
            phase, label, f"{nxt.title}：{countdown_text(nxt, today)}", next_deadline=nxt
        )
    if phase is Phase.CLOSED:
        if r.publicity_start is not None and r.publicity_start > today:
            return Status(phase, label, f"拟定人选将于{cn_date(r.publicity_start)}起公示")
        last = last_deadline(r)
        assert last is not None
        return Status(phase, label, f"申报已于{cn_date(last.date)}截止")
    if phase is Phase.PUBLICITY_OVER:
        assert r.publicity_end is not None
        return Status(phase, label, f"公示已于{cn_date(r.publicity_end)}结束")
    if phase is Phase.AWARDED:
        assert c.award is not None
        return Status(phase, label, f"{cn_date(c.award.date)}公布结果")
    if phase is Phase.ANNOUNCED:
        return Status(phase, label, f"{cn_date(c.published)}公布" if c.published else "")
    if phase is Phase.PENDING:
        assert c.published is not None
        return Status(phase, label, f"将于{cn_date(c.published)}发布")
    if r.publicity_start is not None and r.publicity_start > today:
        return Status(phase, label, f"将于{cn_date(r.publicity_start)}起公示")
    return Status(phase, label, f"{cn_date(c.published)}发布" if c.published else "")


def publicity_left_text(
    end: dt.date, today: dt.date, workdays_left: int | None, end_time: str | None = None
) -> str:
    until = cn_date(end) + (end_time or "")
    if today == end:
        if end_time:
            return f"今天是公示最后一天，{end_time} 结束（{cn_date(end)}）"
        return f"今天是公示最后一天（{cn_date(end)}）"
    if workdays_left is None:
        return f"公示至{until}，还有 {(end - today).days + 1} 天"
    return f"公示至{until}，还有 {workdays_left} 个工作日"


STEP_STATE_TEXT = {"done": "已完成", "current": "进行中", "todo": "未开始"}
"""What a step says of itself (the browser script has the same words)."""

RESULT_PENDING_FOR = dt.timedelta(days=365)
"""How long after a round's last step (its 公示's end, else its last application deadline, else
its publication) a result not recorded here is still to come (待公布); later, it is a past step
the site does not hold (本站未收录)."""


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    when: str
    state: str  # done | current | todo
    known: bool = True
    """False for a past step the site does not hold (a result never recorded)."""

    @property
    def state_text(self) -> str:
        if not self.known:
            return "本站未收录"
        if self.state == "todo" and self.key in ("result", "announce"):
            return "待公布"
        return STEP_STATE_TEXT[self.state]


def last_step_day(r: Round) -> dt.date:
    """The day of the round's last step before its result."""
    if r.publicity_end is not None:
        return r.publicity_end
    last = last_deadline(r)
    if last is not None:
        return last.date
    return r.campaign.published or dt.date(r.campaign.year, 12, 31)


def result_pending(r: Round, today: dt.date) -> bool:
    """No result recorded yet, and still to come: within `RESULT_PENDING_FOR` of the round's
    last step (later, a result the site does not hold)."""
    return r.campaign.award is None and today - last_step_day(r) <= RESULT_PENDING_FOR


def steps_at(r: Round, today: dt.date) -> list[Step]:
    """The steps the round has, and no other: 发布, its application deadline when it has one,
    its 公示 when it has one, its result. A round whose notice is the decision (a decision and
    nothing before it) shows that decision alone, and a list the notice publishes as the final
    result (`announced`) its 公布 alone. A step still to come says 未开始 (待公布 for a result);
    本站未收录 is kept for a result the site never recorded, `RESULT_PENDING_FOR` after the
    round's last step."""
    c = r.campaign
    phase = phase_at(r, today)
    rank = ORDER.index(phase)

    def state(done_from: Phase, current: Phase | None) -> str:
        if rank >= ORDER.index(done_from):
            return "done"
        return "current" if phase is current else "todo"

    published = cn_date(c.published) if c.published else f"{c.year}年"
    if c.announced:
        return [Step("announce", "公布", published, state(Phase.ANNOUNCED, None))]
    last = last_deadline(r)
    result = Step(
        "result", "结果", cn_date(c.award.date) if c.award else "", state(Phase.AWARDED, None),
        known=c.award is not None or result_pending(r, today),
    )
    if c.award is not None and c.publicity is None and last is None:
        return [result]
    steps = [Step("publish", "发布", published, state(Phase.PUBLISHED, None))]
    if last is not None:
        # Named as the notice names it (申报材料报送截止), not one word for every deadline.
        steps.append(Step("deadline", last.title, deadline_text(last), state(Phase.CLOSED, Phase.OPEN)))
    if c.publicity is not None:
        start = r.publicity_start
        steps.append(Step(
            "publicity", "公示",
            f"{cn_date(start)}至{cn_date(r.publicity_end)}" if start and r.publicity_end else "",
            state(Phase.PUBLICITY_OVER, Phase.PUBLICITY),
        ))
    steps.append(result)
    return steps


def period_span(r: Round) -> str:
    """The publicity period as the round's data states it: its days, and its working days when
    it is given in them (what a 公示's announcement says, no rule added)."""
    pub = r.campaign.publicity
    start = r.publicity_start
    if pub is None or start is None or r.publicity_end is None:
        return ""
    first = cn_date(start) if pub.start else f"自公示之日起（{cn_date(start)}）"
    span = f"{first}至{cn_date(r.publicity_end)}{pub.end_time or ''}"
    return f"{span}，共 {pub.working_days} 个工作日" if pub.working_days else span


def period_text(r: Round) -> str:
    """The publicity period with how the site counts it (the page's facts, not the 公示's)."""
    pub = r.campaign.publicity
    span = period_span(r)
    if pub is None or not span:
        return ""
    end_time = pub.end_time
    if pub.working_days:
        closes = f"{end_time} " if end_time else "24 时"
        return f"{span}（周末和法定节假日不计入，调休上班日计入；公示期至最后一个工作日 {closes}结束）"
    if end_time:
        assert r.publicity_end is not None
        return f"{span}（{cn_date(r.publicity_end)} {end_time} 结束）"
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
    informational: bool = False
    """A date the notice announces (资格审查结果公布), not a deadline."""
    workdays: tuple[dt.date, ...] | None = None
    """The working days of a publicity period: its countdown is counted in them."""

    @property
    def at(self) -> str:
        return f"{self.date.isoformat()}T{self.time or '23:59'}"

    @property
    def deadline(self) -> Deadline:
        return Deadline(
            date=self.date, time=self.time, title=self.title, note=self.note,
            kind=INFORMATION if self.informational else APPLICATION,
        )

    @property
    def uid_stem(self) -> str:
        return f"{self.round.id}-{self.kind}-{self.index}"


def events(
    rounds: tuple[Round, ...] | list[Round], calendar: WorkCalendar | None = None
) -> list[Event]:
    """Every deadline and publicity end of every round, in time order."""
    out: list[Event] = []
    for r in rounds:
        ds = r.campaign.deadlines
        for i, d in enumerate(ds, start=1):
            out.append(Event(r, "deadline", i, d.title, d.date, d.time, d.note,
                             informational=not is_application(d, ds)))
        pub = r.campaign.publicity
        if pub is not None and r.publicity_end is not None:
            workdays = publicity_workdays(r, calendar) if calendar is not None else None
            out.append(
                Event(r, "publicity-end", 1, "社会公示结束", r.publicity_end, pub.end_time,
                      "公示期内可按公示页面所列方式反映情况", workdays=workdays)
            )
    return sorted(out, key=lambda e: (e.at, e.round.id, e.kind, e.index))


def settled_from(r: Round) -> dt.date | None:
    """The first day from which nothing this module says about the round changes any more: the
    day after the last date it holds. Every date of the campaign counts, found by walking the
    model (a date field added to the contract counts without being listed here), and the
    computed publicity period, and for a round without a recorded result the day its result
    turns from 待公布 to 本站未收录 (`RESULT_PENDING_FOR` after its last step). None for a round
    without any date (never frozen: there is no day to name).

    Pages of a round rendered on any day from then on are the same bytes (builder.render.pages
    renders them as of this day and without the build date), so the daily rebuild takes them
    unchanged. Whatever renders a round's page differently later than its last date (a period
    counted from one of its dates) must move this day: tests/test_timeline.py renders every
    demo round on this day and ten years later and compares."""
    found = [d for d in _dates(r.campaign) if not isinstance(d, dt.datetime)]
    found += [d for d in (r.publicity_start, r.publicity_end) if d is not None]
    if r.campaign.award is None and found:
        # A result not recorded turns from 待公布 to 本站未收录 (result_pending).
        found.append(last_step_day(r) + RESULT_PENDING_FOR)
    return max(found) + dt.timedelta(days=1) if found else None


def _dates(value: object) -> list[dt.date]:
    if isinstance(value, dt.date):
        return [value]
    if isinstance(value, BaseModel):
        return [d for name in type(value).model_fields for d in _dates(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [d for v in value for d in _dates(v)]
    if isinstance(value, dict):
        return [d for v in value.values() for d in _dates(v)]
    return []


def is_current(r: Round, today: dt.date) -> bool:
    """A round the public may still act on: a deadline or the publicity period ahead (or today).

    The navigation's 当前评选 and the home page's sections show these rounds.
    """
    last = last_deadline(r)
    return (r.publicity_end is not None and r.publicity_end >= today) or (
        last is not None and last.date >= today
    )
