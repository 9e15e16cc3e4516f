"""/feed.xml: an Atom (RFC 4287) feed of new notices, of publicity periods that start and of
withdrawals (撤销) from a published list.

Entry ids are the permanent page URLs (the notice page, the list page for a publicity start,
the person's row on the list for a withdrawal), so a feed reader never shows the same entry
twice after a rebuild.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.files import diskcache
from builder.model.portal import Portal
from builder.model.timeline import cn_date
from builder.model.urls import FEED, campaign_url, candidate_anchor, gongshi_url
from builder.render.pages.anchors import round_anchors
from builder.render.pages.common import ENV, count_text
from builder.render.pages.document import own_doc_number, page_title
from builder.render.search.shards import collector_paused


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


def sentences(*parts: str | None) -> str:
    """The parts that are there, each ended by one 。 (nothing for none: no lone "。")."""
    return "".join(p.rstrip("。") + "。" for p in parts if p and p.rstrip("。"))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def build_feed(portal: Portal, *, site_url: str, site_name: str, today: dt.date) -> str:
    """The feed's XML. Without the cyclic collector: the template's output is a few hundred
    thousand small strings while the whole portal is alive, and the full collections they
    set off scanned all of it (at 200,000 candidates ~1.5 s of the feed's 1.8 s in a
    correction, py-spy; ~0.23 of 0.26 s at 50,000); the strings are freed by reference
    counting, nothing here makes a cycle."""
    with collector_paused():
        return _build_feed(portal, site_url=site_url, site_name=site_name, today=today)


def _build_feed(portal: Portal, *, site_url: str, site_name: str, today: dt.date) -> str:
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
                summary=sentences(c.doc_number, c.summary),
                authors=c.issuer,
                kind="notice",
                kind_label="通知",
            )))
        pub = c.publicity
        start = r.publicity_start
        if pub is not None and r.people and start and start <= today and r.publicity_end is not None:
            entries.append((start, Entry(
                id=base + gongshi_url(r.id),
                title=f"{sample}{page_title(r)}",
                href=base + gongshi_url(r.id),
                updated=_stamp(start),
                # The 公示's own 文号 only: the notice's is the notice entry's.
                summary=sentences(
                    own_doc_number(r),
                    f"公示期{cn_date(start)}至{cn_date(r.publicity_end)}，"
                    f"共{count_text(r.people).replace(' ', '')}",
                ),
                authors=c.issuer,
                kind="publicity",
                kind_label="公示",
            )))
        if r.people and (pub is None or (start is not None and start <= today)):
            # A file dated after the build day (a preview of a later day) is dated that day.
            changed = min(r.candidates_changed or today, today)
            # With the disk store, the round's anchors as its list page has them: in a
            # correction that page is taken from the previous release, and working out each
            # anchor here (the name's likeliest pinyin) was ~1.7 s at 200,000 candidates.
            anchors = round_anchors(r) if diskcache.enabled() and any(
                p.status == "撤销" for p in r.people) else None
            for n, person in enumerate(r.people):
                if person.status != "撤销":
                    continue
                anchor = anchors[n] if anchors is not None else candidate_anchor(person, r.candidates)
                href = base + gongshi_url(r.id) + "#" + anchor
                entries.append((changed, Entry(
                    id=href,
                    title=f"{sample}更正：撤销{person.name}（{page_title(r)}）",
                    href=href,
                    updated=_stamp(changed),
                    summary=sentences(own_doc_number(r), person.status_note or "已撤销"),
                    authors=c.issuer,
                    kind="withdrawal",
                    kind_label="撤销",
                )))
    entries.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
    updated = _stamp(entries[0][0]) if entries else _stamp(today)
    return ENV.get_template("feeds/atom.xml").render(
        site_name=site_name,
        feed_id=base + FEED if base else "urn:gongshi:feed",
        self_href=base + FEED if base else FEED,
        home_href=base or "./",
        updated=updated,
        author=site_name,
        entries=[e for _, e in entries],
    )
