"""/feed.xml: an Atom (RFC 4287) feed of new notices and of publicity periods that start.

Entry ids are the permanent page URLs (the notice page, or the list page for a publicity
start), so a feed reader never shows the same notice twice after a rebuild.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from builder.pages.common import FEED, campaign_url, count_text, gongshi_url
from builder.pages.gongshi import list_title
from builder.portal import Portal

_ENV = Environment(
    loader=PackageLoader("builder", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    href: str
    updated: str
    summary: str
    authors: tuple[str, ...]
    kind: str
    kind_label: str


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def build_feed(portal: Portal, *, site_url: str, site_name: str, today: dt.date) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    entries: list[tuple[dt.date, Entry]] = []
    for r in portal.rounds:
        c = r.campaign
        sample = "【示例数据】" if c.sample else ""
        day = r.sort_date
        if day <= today:
            entries.append((day, Entry(
                id=base + campaign_url(r.id),
                title=f"{sample}{c.title}",
                href=base + campaign_url(r.id),
                updated=_stamp(day),
                summary="。".join(x for x in (c.doc_number, (c.summary or "").rstrip("。")) if x) + "。",
                authors=c.issuer,
                kind="notice",
                kind_label="通知",
            )))
        pub = c.publicity
        start = r.publicity_start
        if pub is not None and r.people and start and start <= today and r.publicity_end is not None:
            entries.append((start, Entry(
                id=base + gongshi_url(r.id),
                title=f"{sample}公示：{list_title(r)}",
                href=base + gongshi_url(r.id),
                updated=_stamp(start),
                summary=(
                    (f"{c.doc_number}。" if c.doc_number else "")
                    + f"公示期{start.isoformat()}至{r.publicity_end.isoformat()}，"
                    f"共{count_text(r.people).replace(' ', '')}。"
                ),
                authors=c.issuer,
                kind="publicity",
                kind_label="公示",
            )))
    entries.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    updated = _stamp(entries[0][0]) if entries else _stamp(today)
    return _ENV.get_template("feeds/atom.xml").render(
        site_name=site_name,
        feed_id=base + FEED if base else "urn:gongshi:feed",
        self_href=base + FEED if base else FEED,
        home_href=base or "./",
        updated=updated,
        author=site_name,
        entries=[e for _, e in entries],
    )
