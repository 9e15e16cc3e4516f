"""/deadlines/: every deadline and every end of a publicity period."""

from __future__ import annotations

from collections.abc import Mapping

from builder.model.urls import COLUMNS, DEADLINES
from builder.render.pages.common import Context, PageSource, PageTags, render
from builder.render.pages.parts import DeadlineRow, RoundParts


def render_deadlines(ctx: Context, parts: Mapping[str, RoundParts]) -> PageSource:
    """The page, with each event's rows as its round's parts have them
    (builder.render.pages.parts), in time order (timeline.events' order)."""
    ctx = ctx.at(DEADLINES)
    rows: list[tuple[tuple[str, str, str, int], DeadlineRow]] = [
        ((row.at, r.id, row.kind, row.index), row)
        for r in ctx.portal.rounds for row in parts[r.id].deadlines
    ]
    rows.sort(key=lambda pair: pair[0])
    events = [row for _, row in rows]
    html = render(
        "pages/deadlines.html",
        ctx,
        until=[e.until for e in events],
        after=[e.after for e in reversed(events)],
        upcoming_shown=any(e.upcoming for e in events),
        past_shown=any(not e.upcoming for e in events),
    )
    return PageSource(DEADLINES, "截止日期", html, sample=ctx.portal.has_sample,
                      tags=PageTags(COLUMNS[DEADLINES]))
