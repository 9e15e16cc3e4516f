"""The engine-neutral half of a build: the published portal and everything made from it.

Each engine adapter (builder/adapter/mkdocs, builder/adapter/zensical.py) calls these and only
hands the results to its engine: the portal as the public may see it on the build's date, the
generated pages' Markdown sources (metadata only; the finished HTML body is the adapter's to put
in), the extra files (forms, site images, calendar, feed), and the staff-manual filter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from markupsafe import escape

from builder import hostfiles
from builder.calendar_ics import build_ics
from builder.feed import build_feed
from builder.identity import gaps
from builder.loader import load
from builder.pages import PageSource
from builder.portal import Portal
from builder.problems import Problems, display_path
from builder.publish import published_portal
from builder.roster import with_blank_rosters
from builder.rules import today_in_shanghai
from builder.urls import FEED, ICS, file_path

ROUNDS_SECTION = "当前评选"
"""The navigation section of the rounds the public can still act on (after 首页); the masthead's
bar leaves it out by this title (theme_overrides/partials/header.html)."""
SITE_KEY = "gongshi_site"
"""config.extra key of the masthead's and footer's values (builder.identity.template_data)."""

MANUAL_DIR = "manual/"
"""The staff manual's folder in site_src/: only the staff build and the preview include it."""


def build_day(value: str | None) -> dt.date:
    """The build's date: `value` (YYYY-MM-DD, from the config or GONGSHI_TODAY), else today in
    China. ValueError, with the message for HR staff, when `value` is not such a date."""
    if not value:
        return today_in_shanghai()
    try:
        # fromisoformat alone also takes 20261201 and 2026-W49-2.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"GONGSHI_TODAY 应为 YYYY-MM-DD 格式的日期，而不是「{value}」") from None


def load_published(
    data_dir: Path, docs_dir: Path, today: dt.date, *, production: bool
) -> tuple[Portal | None, Problems]:
    """The portal as the public may see it on `today` (None when the data has errors) and every
    problem found. A `production` build must also say who runs the site (data/site.yml); a
    preview need not, so HR staff are not nagged while editing."""
    loaded = load(data_dir)
    # An engine copies site_src/ following links: a link there would publish a host file.
    for link in hostfiles.symlinks(docs_dir):
        loaded.problems.error(display_path(link), 1, 1, hostfiles.LINK_MESSAGE)
    if production and loaded.portal is not None:
        identity = Problems()
        gaps(loaded.portal.site, data_dir, identity)
        loaded.problems.extend(identity.items)
    if loaded.portal is None or loaded.problems.errors:
        return None, loaded.problems
    # The generated forms (the blank roster of a round with quotas) join on the publishing side.
    return with_blank_rosters(published_portal(loaded.portal, today), today), loaded.problems


def front_matter(page: PageSource) -> str:
    """The Markdown source an engine sees for a generated page: metadata only.

    The body is put in as finished HTML by the adapter, so no YAML value ever goes through
    Markdown unescaped.
    """
    # The engines' themes treat a page's title and description as HTML (Material's templates
    # print them unescaped into <title>, the header and a meta attribute), so values from YAML
    # are escaped here: a title like `</title><script>…` must stay text.
    meta: dict[str, object] = {"title": str(escape(page.title)), "hide": list(page.hide)}
    if page.sample:
        meta["gongshi_sample"] = True
    if page.description:
        meta["description"] = str(escape(page.description))
    if page.crumbs:
        meta["gongshi_crumbs"] = [[str(escape(title)), url] for title, url in page.crumbs]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


@dataclass(frozen=True)
class ExtraFile:
    """A file of the site that is no page: its site path and either its bytes or its source."""

    uri: str
    content: bytes | str = b""
    source: Path | None = None


def extra_files(portal: Portal, today: dt.date, site_url: str, site_name: str) -> list[ExtraFile]:
    """The site images, every round's forms, the calendar and the feed."""
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
                out.append(ExtraFile(uri, content=form.content))
            else:
                out.append(ExtraFile(uri, source=form.path))
    host = urlsplit(site_url).hostname or "gongshi.invalid"
    out.append(ExtraFile(
        ICS, content=build_ics(portal, site_url=site_url, host=host, today=today, site_name=site_name)
    ))
    out.append(ExtraFile(
        FEED, content=build_feed(portal, site_url=site_url, site_name=site_name, today=today)
    ))
    return out


def without_manual(nav: object) -> object:
    """`nav` without the entries that lead into the staff manual."""
    if isinstance(nav, list):
        kept = [without_manual(item) for item in nav if not _is_manual(item)]
        return [k for k in kept if k not in ([], {})]
    if isinstance(nav, dict):
        return {k: without_manual(v) for k, v in nav.items() if not _is_manual(v)}
    return nav


def _is_manual(item: object) -> bool:
    if isinstance(item, str):
        return item.startswith(MANUAL_DIR)
    if isinstance(item, dict):
        return bool(item) and all(_is_manual(v) for v in item.values())
    if isinstance(item, list):
        return bool(item) and all(_is_manual(v) for v in item)
    return False
