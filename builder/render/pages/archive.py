"""/archive/: past rounds by year and by series, each with its final list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from builder.model.portal import Round
from builder.model.urls import ARCHIVE, COLUMNS
from builder.render.pages.common import Context, PageSource, PageTags, render
from builder.render.pages.parts import RoundParts


def render_archive(ctx: Context, parts: Mapping[str, RoundParts]) -> PageSource:
    """The page, with each round's row as its parts have it (builder.render.pages.parts)."""
    ctx = ctx.at(ARCHIVE)
    rounds = sorted(ctx.portal.rounds, key=lambda r: (r.sort_date, r.id), reverse=True)
    years: dict[int, list[Round]] = defaultdict(list)
    series: dict[str, list[Round]] = defaultdict(list)
    for r in rounds:
        years[r.campaign.year].append(r)
        series[r.campaign.series_name].append(r)

    def past(r: Round) -> bool:
        return parts[r.id].past

    by_series = sorted(series.items(), key=lambda kv: (-max(r.campaign.year for r in kv[1]), kv[0]))
    html = render(
        "pages/archive.html",
        ctx,
        by_year=sorted(years.items(), reverse=True),
        by_series=by_series,
        shown_year={y: any(past(r) for r in rs) for y, rs in years.items()},
        shown_series={s: any(past(r) for r in rs) for s, rs in series.items()},
        rows={r.id: parts[r.id].archive for r in rounds},
    )
    return PageSource(ARCHIVE, "往期归档", html, sample=ctx.portal.has_sample,
                      tags=PageTags(COLUMNS[ARCHIVE]))
