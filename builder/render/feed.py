"""/feed.xml: an Atom (RFC 4287) feed of new notices, of publicity periods that start and of
withdrawals (撤销) from a published list.

Entry ids are the permanent page URLs (the notice page, the list page for a publicity start,
the person's row on the list for a withdrawal), so a feed reader never shows the same entry
twice after a rebuild.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.files import collector
from builder.model.portal import Portal
from builder.model.urls import FEED
from builder.render.pages import round_parts
from builder.render.pages.common import ENV
from builder.render.pages.parts import sentences

__all__ = ["Entry", "build_feed", "sentences"]


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
    """The feed's XML. Without the cyclic collector: the template's output is a few hundred
    thousand small strings while the whole portal is alive, and the full collections they
    set off scanned all of it (at 200,000 candidates ~1.5 s of the feed's 1.8 s in a
    correction, py-spy; ~0.23 of 0.26 s at 50,000); the strings are freed by reference
    counting, nothing here makes a cycle."""
    with collector.paused():
        return _build_feed(portal, site_url=site_url, site_name=site_name, today=today)


def _build_feed(portal: Portal, *, site_url: str, site_name: str, today: dt.date) -> str:
    base = site_url.rstrip("/") + "/" if site_url else ""
    # Each round's entries as its parts have them (builder.render.pages.parts): in a build, made
    # with its pages and kept with them (a correction reads the unchanged rounds' from the
    # publishing server's store).
    parts = round_parts(portal, today)
    entries: list[tuple[dt.date, Entry]] = [
        (item.day, Entry(
            id=base + item.path, title=item.title, href=base + item.path, updated=_stamp(item.day),
            summary=item.summary, authors=item.authors, kind=item.kind, kind_label=item.kind_label,
        ))
        for r in portal.rounds for item in parts[r.id].feed
    ]
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
