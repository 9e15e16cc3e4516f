"""/forms/: the forms of every round whose call is open."""

from __future__ import annotations

from builder.model import timeline
from builder.model.urls import COLUMNS, FORMS
from builder.render.pages.common import Context, PageSource, PageTags, render

OPEN = (timeline.Phase.PUBLISHED, timeline.Phase.OPEN)


def render_forms(ctx: Context) -> PageSource:
    ctx = ctx.at(FORMS)
    # Rounds that may still be open when the page is read: the browser hides closed ones.
    rounds = [
        r for r in ctx.portal.rounds
        if r.forms and (
            ctx.status(r).phase in OPEN
        )
    ]
    html = render(
        "pages/forms.html",
        ctx,
        rounds=rounds,
        shown=bool(rounds),
        open_phases=" ".join(OPEN),
        open_list=list(OPEN),
    )
    return PageSource(FORMS, "表格下载", html, sample=any(r.campaign.sample for r in rounds),
                      tags=PageTags(COLUMNS[FORMS]))
