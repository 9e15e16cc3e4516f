"""Pure page renderers: the portal and a date in, page sources out. No MkDocs here."""

from __future__ import annotations

import datetime as dt

from builder.pages.archive import render_archive
from builder.pages.campaign import render_campaign
from builder.pages.common import Context, PageSource
from builder.pages.deadlines import render_deadlines
from builder.pages.forms import render_forms
from builder.pages.gongshi import render_gongshi
from builder.pages.home import render_home
from builder.portal import Portal

__all__ = ["PageSource", "render_all"]


def render_all(portal: Portal, today: dt.date, site_name: str) -> list[PageSource]:
    ctx = Context(portal, today)
    pages = [
        render_home(ctx, site_name),
        render_archive(ctx),
        render_deadlines(ctx),
        render_forms(ctx),
    ]
    for r in portal.rounds:
        pages.append(render_campaign(ctx, r))
        if ctx.listed(r):
            pages.append(render_gongshi(ctx, r))
    return pages
