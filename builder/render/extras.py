"""The files of the site that are no page: the site images, every round's forms (the blank
roster among them), the calendar (/deadlines.ics) and the feed (/feed.xml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from builder.files import collector
from builder.model.portal import Portal
from builder.model.urls import FEED, ICS, file_path
from builder.render.calendar_ics import build_ics
from builder.render.feed import build_feed


@dataclass(frozen=True)
class ExtraFile:
    """A file of the site that is no page: its site path and either its bytes or its source."""

    uri: str
    content: bytes | str = b""
    source: Path | None = None
    sha256: str | None = None
    """The SHA-256 of its bytes where it is known without reading them again (a round's form,
    hashed by the loader): a publishing server then takes the previous release's file of the
    same bytes instead of copying it (builder.adapter.mkdocs.plugin)."""


def extra_files(portal: Portal, today: dt.date, site_url: str, site_name: str) -> list[ExtraFile]:
    """The site images, every round's forms, the calendar and the feed. Without the cyclic
    collector: the calendar's events and the feed's entries are many small objects made while
    the whole portal is alive, and the full collections they set off scanned all of it (at
    200,000 candidates ~0.3 s of the calendar's 0.6 s in a correction, py-spy); nothing here
    makes a cycle."""
    with collector.paused():
        return _extra_files(portal, today, site_url, site_name)


def _extra_files(portal: Portal, today: dt.date, site_url: str, site_name: str) -> list[ExtraFile]:
    out: list[ExtraFile] = []
    if portal.site is not None:
        for field, path in portal.site.images.items():
            url = portal.site.asset_url(field)
            assert url is not None
            out.append(ExtraFile(url, source=path))
    for r in portal.rounds:
        for form in r.forms:
            uri = file_path(r.id, form)
            if form.content is not None:
                out.append(ExtraFile(uri, content=form.content, sha256=form.sha256))
            else:
                out.append(ExtraFile(uri, source=form.path, sha256=form.sha256))
    host = urlsplit(site_url).hostname or "gongshi.invalid"
    out.append(ExtraFile(
        ICS, content=build_ics(portal, site_url=site_url, host=host, today=today, site_name=site_name)
    ))
    out.append(ExtraFile(
        FEED, content=build_feed(portal, site_url=site_url, site_name=site_name, today=today)
    ))
    return out
