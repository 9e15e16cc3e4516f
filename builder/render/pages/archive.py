"""/archive/: past rounds by year and by series, each with its final list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from builder.model import timeline
from builder.model.portal import Round
from builder.model.urls import ARCHIVE, COLUMNS
from builder.render.pages.common import Context, PageSource, PageTags, render

PAST = (
    timeline.Phase.PUBLISHED, timeline.Phase.CLOSED, timeline.Phase.PUBLICITY_OVER,
    timeline.Phase.AWARDED, timeline.Phase.ANNOUNCED,
)


@dataclass(frozen=True)
class RowDate:
    day: dt.date
    what: str


def row_date(r: Round) -> RowDate | None:
    """The date an archive row shows (an item without a date reads as never updated): the
    notice's 发布日期, else, as the 2013 notice has none, its first deadline, said as such;
    None only for a round with neither (no date is made up)."""
    if r.campaign.published is not None:
        return RowDate(r.campaign.published, "发布")
    deadlines = sorted(r.campaign.deadlines, key=timeline.deadline_iso)
    if deadlines:
        return RowDate(deadlines[0].date, deadlines[0].title)
    start = r.publicity_start
    return RowDate(start, "公示开始") if start is not None else None


def selected(r: Round) -> int:
    """How many on the round's list are 入选 (a final list's count). Counted here, not by the
    template's filters: at 200,000 candidates those were 0.8 s of the page's 1.2 s."""
    return sum(1 for p in r.people if p.status == "入选")


def render_archive(ctx: Context) -> PageSource:
    ctx = ctx.at(ARCHIVE)
    rounds = sorted(ctx.portal.rounds, key=lambda r: (r.sort_date, r.id), reverse=True)
    years: dict[int, list[Round]] = defaultdict(list)
    series: dict[str, list[Round]] = defaultdict(list)
    for r in rounds:
        years[r.campaign.year].append(r)
        series[r.campaign.series_name].append(r)

    def past(r: Round) -> bool:
        return ctx.status(r).phase in PAST

    by_series = sorted(series.items(), key=lambda kv: (-max(r.campaign.year for r in kv[1]), kv[0]))
    html = render(
        "pages/archive.html",
        ctx,
        by_year=sorted(years.items(), reverse=True),
        by_series=by_series,
        shown_year={y: any(past(r) for r in rs) for y, rs in years.items()},
        shown_series={s: any(past(r) for r in rs) for s, rs in series.items()},
        past_phases=" ".join(PAST),
        past_list=list(PAST),
        row_date=row_date,
        selected=selected,
    )
    return PageSource(ARCHIVE, "往期归档", html, sample=ctx.portal.has_sample,
                      tags=PageTags(COLUMNS[ARCHIVE]))
