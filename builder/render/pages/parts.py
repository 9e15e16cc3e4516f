"""What each round contributes to the pages that list every round: its row on 往期归档, its rows on
截止日期 and its entries on 网站地图 (templates/pages/_parts.html), and its entries of /feed.xml
(builder.render.feed).

Those pages read every round, so a correction of one round used to render them whole again
(at 200,000 candidates, ~4,000 rounds, ≈ 1.9 s of a correction's build step, py-spy). A round's
parts are rendered from the round's own narrowed context (`Context` over a portal of that round
and the working-day calendar, on the build date), which is also their key
(builder.render.pages: kept in memory under `mkdocs serve`, in the disk store on a publishing
server): they cannot read another round or anything the key lacks. The pages then join the
parts in their order; the same code makes a build from nothing, so the pages are the same bytes
whichever parts came from the store.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from builder.files import diskcache
from builder.model import timeline
from builder.model.portal import Round
from builder.model.timeline import cn_date
from builder.model.urls import (
    ARCHIVE,
    DEADLINES,
    NOTICES,
    PUBLICITY,
    SITEMAP,
    Column,
    campaign_url,
    candidate_anchor,
    gongshi_url,
)
from builder.render.pages.anchors import round_anchors
from builder.render.pages.common import ENV, Context, count_text, meta_line
from builder.render.pages.document import own_doc_number, page_title

PAST = (
    timeline.Phase.PUBLISHED, timeline.Phase.CLOSED, timeline.Phase.PUBLICITY_OVER,
    timeline.Phase.AWARDED, timeline.Phase.ANNOUNCED,
)
"""The phases in which a round is listed as past on 往期归档 (the others are hidden there)."""


@dataclass(frozen=True)
class RowDate:
    day: dt.date
    what: str


def row_date(r: Round) -> RowDate | None:
    """The date an archive row shows (an item without a date reads as never updated): the
    notice's 发布日期, else, as the 2013 notice has none, its first deadline, said as such;
    None only for a round with neither (no date is made up)."""
    if r.campaign.published is not None:
        return RowDate(r.campaign.published, "发布")
    deadlines = sorted(r.campaign.deadlines, key=timeline.deadline_iso)
    if deadlines:
        return RowDate(deadlines[0].date, deadlines[0].title)
    start = r.publicity_start
    return RowDate(start, "公示开始") if start is not None else None


def selected(r: Round) -> int:
    """How many on the round's list are 入选 (a final list's count). Counted here, not by the
    template's filters: at 200,000 candidates those were 0.8 s of 往期归档's 1.2 s."""
    return sum(1 for p in r.people if p.status == "入选")


@dataclass(frozen=True)
class MapEntry:
    """A page on 网站地图; `html`: its item as the round's parts rendered it (None: rendered
    with the map)."""

    column: Column
    title: str
    url: str
    note: str = ""
    sample: bool = False
    html: Markup | None = None


def notice_entry(r: Round) -> MapEntry:
    c = r.campaign
    return MapEntry(NOTICES, c.title, campaign_url(r.id),
                    meta_line(c.doc_number, cn_date(c.published) if c.published else None),
                    c.sample)


def list_entry(r: Round) -> MapEntry:
    start, end = r.publicity_start, r.publicity_end
    period = f"公示期{cn_date(start)}至{cn_date(end)}" if start and end else ""
    return MapEntry(PUBLICITY, page_title(r), gongshi_url(r.id), period, r.campaign.sample)


@dataclass(frozen=True)
class DeadlineRow:
    """One event of the round (timeline.events) on 截止日期: its place in the page's order and
    its row in each table (`until`: 即将截止, `after`: 已经截止)."""

    at: str
    kind: str
    index: int
    upcoming: bool
    """On or after the build date (shown under 即将截止)."""
    until: Markup
    after: Markup


def sentences(*parts: str | None) -> str:
    """The parts that are there, each ended by one 。 (nothing for none: no lone "。")."""
    return "".join(p.rstrip("。") + "。" for p in parts if p and p.rstrip("。"))


@dataclass(frozen=True)
class FeedItem:
    """An entry of /feed.xml but for the site's address, which the feed puts before `path` (the
    site path it links to, its id too: a notice page, a list page, a person's row on it)."""

    day: dt.date
    path: str
    title: str
    summary: str
    authors: tuple[str, ...]
    kind: str
    kind_label: str


def feed_items(r: Round, today: dt.date) -> tuple[FeedItem, ...]:
    """The round's entries of the feed on `today`: its notice once published, the start of its
    公示, and each withdrawal (撤销) from its published list."""
    c = r.campaign
    sample = "【示例数据】" if c.sample else ""
    out: list[FeedItem] = []
    day = r.sort_date
    if day <= today:
        out.append(FeedItem(day, campaign_url(r.id), f"{sample}{c.title}",
                            sentences(c.doc_number, c.summary), c.issuer, "notice", "通知"))
    pub = c.publicity
    start = r.publicity_start
    if pub is not None and r.people and start and start <= today and r.publicity_end is not None:
        out.append(FeedItem(
            start, gongshi_url(r.id), f"{sample}{page_title(r)}",
            # The 公示's own 文号 only: the notice's is the notice entry's.
            sentences(
                own_doc_number(r),
                f"公示期{cn_date(start)}至{cn_date(r.publicity_end)}，"
                f"共{count_text(r.people).replace(' ', '')}",
            ),
            c.issuer, "publicity", "公示",
        ))
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
            out.append(FeedItem(
                changed, gongshi_url(r.id) + "#" + anchor,
                f"{sample}更正：撤销{person.name}（{page_title(r)}）",
                sentences(own_doc_number(r), person.status_note or "已撤销"),
                c.issuer, "withdrawal", "撤销",
            ))
    return tuple(out)


@dataclass(frozen=True)
class RoundParts:
    archive: Markup
    """Its row on 往期归档 (the same under its year and its series)."""
    past: bool
    """Its phase on the build date is one of PAST."""
    deadlines: tuple[DeadlineRow, ...]
    notice_item: Markup
    """Its notice's item on 网站地图."""
    list_item: Markup | None
    """Its list's item on 网站地图, when the list is on the site."""
    feed: tuple[FeedItem, ...]
    """Its entries of /feed.xml."""
    settled: dt.date | None
    """timeline.settled_from of the round, which its own pages are rendered as of (a walk
    over every field of its campaign: ~0.2 s for 4,000 rounds, kept here with what else is
    made from the round)."""


def parts_data(parts: RoundParts) -> bytes | None:
    """The parts as plain JSON for the disk store, one list of field values a record (tagged
    objects, as `diskcache.Codec` writes them, were ~0.2 s of reading 4,000 rounds' parts at
    200,000 candidates); None: not storable (a lone surrogate)."""
    body = [
        str(parts.archive), parts.past, str(parts.notice_item),
        None if parts.list_item is None else str(parts.list_item),
        [[row.at, row.kind, row.index, row.upcoming, str(row.until), str(row.after)]
         for row in parts.deadlines],
        [[item.day.isoformat(), item.path, item.title, item.summary, list(item.authors),
          item.kind, item.kind_label] for item in parts.feed],
        None if parts.settled is None else parts.settled.isoformat(),
    ]
    try:
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return None


_ROW_TYPES = (str, str, int, bool, str, str)
_ITEM_TYPES = (str, str, str, str, list, str, str)


def parts_read(data: bytes) -> RoundParts | None:
    """The parts `parts_data` stored; None for anything of another shape (a miss)."""
    try:
        body = json.loads(data)
    except ValueError:
        return None
    if type(body) is not list or len(body) != 7:
        return None
    archive, past, notice_item, list_item, rows, items, settled = body
    if not (type(archive) is str and type(past) is bool and type(notice_item) is str
            and (list_item is None or type(list_item) is str)
            and type(rows) is list and type(items) is list
            and (settled is None or type(settled) is str)):
        return None
    try:
        settled_day = None if settled is None else dt.date.fromisoformat(settled)
    except ValueError:
        return None
    deadlines: list[DeadlineRow] = []
    for row in rows:
        if type(row) is not list or len(row) != len(_ROW_TYPES) or any(
                type(v) is not kind for v, kind in zip(row, _ROW_TYPES, strict=True)):
            return None
        at, kind, index, upcoming, until, after = row
        deadlines.append(DeadlineRow(at, kind, index, upcoming, Markup(until), Markup(after)))
    feed: list[FeedItem] = []
    for item in items:
        if type(item) is not list or len(item) != len(_ITEM_TYPES) or any(
                type(v) is not kind for v, kind in zip(item, _ITEM_TYPES, strict=True)):
            return None
        day, path, title, summary, authors, kind, label = item
        if not all(type(a) is str for a in authors):
            return None
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            return None
        feed.append(FeedItem(when, path, title, summary, tuple(authors), kind, label))
    return RoundParts(Markup(archive), past, tuple(deadlines), Markup(notice_item),
                      None if list_item is None else Markup(list_item), tuple(feed), settled_day)


def parts_module(today: dt.date) -> Any:
    """The macros of templates/pages/_parts.html, for one build date (what they read besides
    their arguments: the date and constants of this code)."""
    return ENV.get_template("pages/_parts.html").make_module({
        "today": today, "past_phases": " ".join(PAST), "past_list": list(PAST),
        "row_date": row_date, "selected": selected,
    })


def render_parts(ctx: Context, r: Round, macros: Any) -> RoundParts:
    """The round's parts; `ctx` is its own (a portal of this round alone), `macros` the
    `parts_module` of `ctx.today`."""
    assert len(ctx.portal.rounds) == 1 and ctx.portal.rounds[0] is r
    at_archive, at_deadlines, at_map = ctx.at(ARCHIVE), ctx.at(DEADLINES), ctx.at(SITEMAP)
    rows = tuple(
        DeadlineRow(e.at, e.kind, e.index, e.date >= ctx.today,
                    Markup(macros.deadline_row(e, "until", at_deadlines)),
                    Markup(macros.deadline_row(e, "after", at_deadlines)))
        for e in timeline.events(ctx.portal.rounds, ctx.portal.calendar)
    )
    listed = ctx.listed(r)
    return RoundParts(
        archive=Markup(macros.archive_entry(r, at_archive)),
        past=ctx.status(r).phase in PAST,
        deadlines=rows,
        notice_item=Markup(macros.sitemap_item(notice_entry(r), at_map)),
        list_item=Markup(macros.sitemap_item(list_entry(r), at_map)) if listed else None,
        feed=feed_items(r, ctx.today),
        settled=timeline.settled_from(r),
    )
