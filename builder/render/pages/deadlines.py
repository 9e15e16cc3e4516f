"""/deadlines/: every deadline and every end of a publicity period."""

from __future__ import annotations

from builder.model import timeline
from builder.model.urls import COLUMNS, DEADLINES
from builder.render.pages.common import Context, PageSource, PageTags, render


def render_deadlines(ctx: Context) -> PageSource:
    ctx = ctx.at(DEADLINES)
    events = timeline.events(ctx.portal.rounds, ctx.portal.calendar)
    html = render(
        "pages/deadlines.html",
        ctx,
        events=events,
        upcoming_shown=any(e.date >= ctx.today for e in events),
        past_shown=any(e.date < ctx.today for e in events),
    )
    return PageSource(DEADLINES, "截止日期", html, sample=ctx.portal.has_sample,
                      tags=PageTags(COLUMNS[DEADLINES]))
