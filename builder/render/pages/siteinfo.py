"""The pages about the site itself that inspections look for in the footer: /sitemap/ (网站地图,
every page by column) and /statement/ (网站声明: privacy, copyright, disclaimer)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.model.urls import (
    ARCHIVE,
    COLUMNS,
    DEADLINES,
    FEED,
    FORMS,
    HOME,
    ICS,
    SEARCH,
    SITE_INFO,
    SITEMAP,
    STATEMENT,
    Column,
)
from builder.render.pages.common import Context, PageSource, PageTags, render
from builder.render.pages.parts import MapEntry, RoundParts, list_entry, notice_entry

COLUMN_TYPES = ("首页", "信息发布", "办事服务", "互动交流", SITE_INFO)
"""The order of the map's sections (urls.Column.type)."""
SUBSCRIPTIONS = Column("订阅", "办事服务")


@dataclass(frozen=True)
class MapColumn:
    column: Column
    entries: list[MapEntry]

    @property
    def single(self) -> bool:
        """One page named as its column (往期归档): a link, not a heading with a list."""
        return len(self.entries) == 1 and self.entries[0].title == self.column.name


def map_entries(
    ctx: Context, handwritten: Sequence[tuple[str, str]], parts: Mapping[str, RoundParts]
) -> list[MapEntry]:
    """Every page of the site: the generated ones from the portal (each round's items as its
    parts have them, builder.render.pages.parts), the hand-written ones as the adapter found
    them ((title, URL), in the navigation's order)."""
    rounds = sorted(ctx.portal.rounds, key=lambda r: (r.sort_date, r.id), reverse=True)
    out = [MapEntry(COLUMNS[HOME], "首页", HOME)]
    for r in rounds:
        out.append(dataclasses.replace(notice_entry(r), html=parts[r.id].notice_item))
    for r in rounds:
        item = parts[r.id].list_item
        if item is not None:
            out.append(dataclasses.replace(list_entry(r), html=item))
    for url in (ARCHIVE, SEARCH, DEADLINES, FORMS):
        out.append(MapEntry(COLUMNS[url], COLUMNS[url].name, url))
    out.append(MapEntry(SUBSCRIPTIONS, "截止日期日历（.ics）", ICS))
    out.append(MapEntry(SUBSCRIPTIONS, "通知与公示订阅（Atom）", FEED))
    for title, url in handwritten:
        column = COLUMNS.get(url) or Column(title, SITE_INFO)
        out.append(MapEntry(column, title, url))
    for url in (STATEMENT, SITEMAP):
        out.append(MapEntry(COLUMNS[url], COLUMNS[url].name, url))
    return out


def grouped(entries: list[MapEntry]) -> list[tuple[str, list[MapColumn]]]:
    """Entries by column type (in COLUMN_TYPES' order, unknown types last), then by column."""
    out: dict[str, dict[str, MapColumn]] = {t: {} for t in COLUMN_TYPES}
    for e in entries:
        columns = out.setdefault(e.column.type, {})
        columns.setdefault(e.column.name, MapColumn(e.column, [])).entries.append(e)
    return [(t, list(cols.values())) for t, cols in out.items() if cols]


def render_sitemap(
    ctx: Context, handwritten: Sequence[tuple[str, str]], parts: Mapping[str, RoundParts]
) -> PageSource:
    ctx = ctx.at(SITEMAP)
    html = render("pages/sitemap.html", ctx, sections=grouped(map_entries(ctx, handwritten, parts)))
    return PageSource(SITEMAP, "网站地图", html, sample=ctx.portal.has_sample,
                      tags=PageTags(COLUMNS[SITEMAP]))


def render_statement(ctx: Context) -> PageSource:
    ctx = ctx.at(STATEMENT)
    site = ctx.portal.site.identity if ctx.portal.site is not None else None
    html = render("pages/statement.html", ctx, site=site)
    return PageSource(STATEMENT, "网站声明", html, tags=PageTags(COLUMNS[STATEMENT]),
                      description="本站的隐私与个人信息保护、版权和免责声明。")
