"""The dates on which the site changes by itself, and why: what the daily rebuild publishes.

Nothing here decides what is public: each candidate date is judged by the builder's own rules
(`published_portal`/`list_published` for what may be shown, `timeline.phase_at` for a round's
phase) on that day and on the day before, and a date is listed when the answer differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model.portal import Portal, Round
from builder.model.timeline import PHASE_LABELS, Phase, last_deadline, phase_at
from builder.render.publish import list_published

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Change:
    date: dt.date
    round_id: str
    title: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "round": self.round_id, "title": self.title,
                "reason": self.reason}


def _visible(r: Round, day: dt.date) -> bool:
    return r.campaign.published is None or r.campaign.published <= day


def _state(r: Round, day: dt.date) -> tuple[bool, Phase, bool]:
    return _visible(r, day), phase_at(r, day), _visible(r, day) and list_published(r, day)


def _candidate_dates(r: Round) -> set[dt.date]:
    c = r.campaign
    days: set[dt.date] = set()
    if c.published is not None:
        days.add(c.published)
    last = last_deadline(r)
    if last is not None:
        days.add(last.date + DAY)
    if c.publicity is not None:
        if r.publicity_start is not None:
            days.add(r.publicity_start)
        if r.publicity_end is not None:
            days.add(r.publicity_end + DAY)
    if c.award is not None:
        days.add(c.award.date)
    return days


def _reason(r: Round, before: tuple[bool, Phase, bool], after: tuple[bool, Phase, bool]) -> str:
    parts: list[str] = []
    if after[0] and not before[0]:
        parts.append("通知发布（此前不在网站上）")
    if after[2] and not before[2]:
        parts.append("候选人名单公开")
    if after[1] is not before[1] and after[0]:
        parts.append(f"状态变为「{PHASE_LABELS[after[1]]}」")
    return "；".join(parts)


def upcoming(portal: Portal, today: dt.date) -> list[Change]:
    """Every date after `today` on which a rebuild changes what the public sees, in order."""
    out: list[Change] = []
    for r in portal.rounds:
        for day in sorted(d for d in _candidate_dates(r) if d > today):
            before, after = _state(r, day - DAY), _state(r, day)
            if before != after:
                reason = _reason(r, before, after)
                if reason:
                    out.append(Change(day, r.id, r.campaign.title, reason))
    return sorted(out, key=lambda c: (c.date, c.round_id))


def format_changes(changes: list[Change]) -> str:
    if not changes:
        return "今后没有到期自动公开的内容（网站只会因新的提交而改变）"
    return "\n".join(f"{c.date.isoformat()}  {c.title}（{c.round_id}）：{c.reason}" for c in changes)
