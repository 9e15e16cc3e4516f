"""/: what is in publicity now, open calls, upcoming deadlines, latest notices."""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import timeline
from builder.model.urls import COLUMNS, HOME
from builder.render.pages.common import Context, PageSource, PageTags, render

UPCOMING_LIMIT = 6
LATEST_LIMIT = 8


@dataclass(frozen=True)
class ShownEvent:
    event: timeline.Event
    visible: bool

    @property
    def at(self) -> str:
        return self.event.at


def render_home(ctx: Context, site_name: str) -> PageSource:
    ctx = ctx.at(HOME)
    portal, today = ctx.portal, ctx.today
    # Every round that is, or may later be, in a section is rendered; the browser shows the
    # ones that match the visitor's date, the build-time state is the no-script fallback.
    publicity = [
        r for r in portal.rounds
        if r.publicity_end is not None and r.publicity_end >= today
    ]
    open_calls = [
        r for r in portal.rounds
        if (last := timeline.last_deadline(r)) is not None and last.date >= today
    ]
    upcoming = [e for e in timeline.events(portal.rounds, portal.calendar) if e.date >= today]
    events = [ShownEvent(e, i < UPCOMING_LIMIT) for i, e in enumerate(upcoming)]
    latest = sorted(portal.rounds, key=lambda r: (r.sort_date, r.id), reverse=True)[:LATEST_LIMIT]
    html = render(
        "pages/home.html",
        ctx,
        title=site_name,
        sample=portal.has_sample,
        publicity=publicity,
        publicity_shown=any(ctx.status(r).phase is timeline.Phase.PUBLICITY for r in publicity),
        open_calls=open_calls,
        open_shown=any(ctx.status(r).phase is timeline.Phase.OPEN for r in open_calls),
        events=events,
        events_shown=bool(events),
        limit=UPCOMING_LIMIT,
        latest=latest,
        total=len(portal.rounds),
        published_phases=" ".join(p for p in timeline.ORDER if p is not timeline.Phase.PENDING),
    )
    return PageSource(HOME, site_name, html, sample=portal.has_sample, hide=("toc",),
                      tags=PageTags(COLUMNS[HOME]))
