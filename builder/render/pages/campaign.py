"""/campaigns/<id>/: the notice with everything an applicant needs, and the round's status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from builder.model import timeline
from builder.model.portal import Round
from builder.model.urls import NOTICES, campaign_url, download_name, file_path
from builder.render.pages.common import (
    Context,
    PageSource,
    notice_info,
    render,
    round_crumbs,
    round_tags,
)
from builder.render.pages.markdown_safe import Link, render_markdown
from builder.text import attachments


@dataclass(frozen=True)
class QuotaRow:
    unit: str
    group: str | None
    seats: int
    reserved: tuple[tuple[str, int], ...]
    used: int
    exempt: int
    default: bool = False
    aggregate: bool = False


def quota_rows(r: Round) -> list[QuotaRow]:
    """Allocation rows with nominees counted; units on the default quota get a row each."""
    quotas = r.campaign.quotas
    if quotas is None:
        return []
    used: Counter[str] = Counter()
    exempt: Counter[str] = Counter()
    for unit, on_quota, exempted in r.seats_taken:
        used[unit], exempt[unit] = on_quota, exempted
    rows = [
        QuotaRow(a.unit, a.group, a.seats, tuple(a.reserved.items()), used[a.unit], exempt[a.unit])
        for a in quotas.allocations
    ]
    listed = {a.unit for a in quotas.allocations}
    if quotas.default is not None:
        d = quotas.default
        others = sorted((set(used) | set(exempt)) - listed)
        for unit in others:
            rows.append(
                QuotaRow(unit, d.group, d.seats, tuple(d.reserved.items()), used[unit],
                         exempt[unit], default=True)
            )
        rows.append(
            QuotaRow("表中未列出的单位（每单位）", d.group, d.seats, tuple(d.reserved.items()), 0, 0,
                     default=True, aggregate=True)
        )
    return rows


def notice_html(ctx: Context, r: Round) -> Markup:
    """The notice, its 附件 titles linked to the forms of the same title (builder.text.attachments);
    the allocation table (…指标分配表) to this page's 推荐名额 table, which shows it."""
    links = {
        attachments.key(f.title): Link(ctx.href(file_path(r.id, f)), download_name(f))
        for f in r.forms
    }
    if quota_rows(r):  # the page shows the table
        for found in attachments.in_text(r.campaign.notice):
            if attachments.is_quota_table(found.title):
                links.setdefault(attachments.key(found.title), Link("#quotas"))
    return render_markdown(r.campaign.notice, heading_base=3, links=links)


def render_campaign(ctx: Context, r: Round) -> PageSource:
    url = campaign_url(r.id)
    ctx = ctx.at(url)
    html = render(
        "pages/campaign.html",
        ctx,
        r=r,
        deadlines=[
            (d, not timeline.is_application(d, r.campaign.deadlines))
            for d in sorted(r.campaign.deadlines, key=timeline.deadline_iso)
        ],
        quota_rows=quota_rows(r),
        notice=notice_html(ctx, r),
        info=notice_info(r),
    )
    return PageSource(url, r.campaign.title, html, sample=r.campaign.sample,
                      description=r.campaign.summary, crumbs=round_crumbs(r, ctx.today),
                      kind="notice", round=r.id,
                      tags=round_tags(r, NOTICES, r.campaign.title, r.campaign.published))
