"""What every page renderer shares: `Context`, `PageSource`, the template environment, and the
machine-readable round data that the browser uses to re-evaluate dates. URLs are builder.model.urls's,
the publishing policy builder.render.publish's."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from builder.model import timeline
from builder.model.contract import Candidate
from builder.model.portal import Portal, Round
from builder.model.urls import (
    ABOUT,
    ARCHIVE,
    DEADLINES,
    FEED,
    FORMS,
    HELP,
    HOME,
    ICS,
    OBJECTIONS,
    SITEMAP,
    STATEMENT,
    Column,
    campaign_url,
    candidate_anchor,
    download_name,
    file_path,
    gongshi_url,
    relative,
)
from builder.render.pages.document import (
    basis,
    list_name,
    notice_is_publicity,
    objection_channels,
    objection_rules,
    own_doc_number,
    page_title,
    signed_on,
)
from builder.render.pages.markdown_safe import render_markdown
from builder.render.publish import list_published


def count_text(people: Sequence[Candidate]) -> str:
    """How many a list holds, one unit per kind: 8 人, or 3 个集体、5 名个人 when teams stand
    beside individuals (a team is not 1 人)."""
    groups = sum(1 for p in people if p.is_collective)
    persons = len(people) - groups
    if not groups:
        return f"{persons} 人"
    if not persons:
        return f"{groups} 个集体"
    return f"{groups} 个集体、{persons} 名个人"


def meta_line(*parts: str | None) -> str:
    """Card metadata joined by · with the missing parts (a notice without 文号) left out."""
    return " · ".join(p for p in parts if p)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def round_crumbs(r: Round, today: dt.date) -> tuple[tuple[str, str | None], ...]:
    """Where a round's pages sit: under 当前评选 while the public can act on it, else 往期归档."""
    if timeline.is_current(r, today):
        return (("当前评选", None),)
    return (("往期归档", ARCHIVE),)


def round_data(r: Round, portal: Portal) -> str:
    """JSON the browser needs to recompute a round's status (see gongshi-time.js)."""
    c = r.campaign
    pub = c.publicity
    start = r.publicity_start
    workdays = timeline.publicity_workdays(r, portal.calendar)
    data: dict[str, object] = {
        "published": c.published.isoformat() if c.published else None,
        # Only the application deadlines: they alone decide 申报中 (timeline.deadline_kind).
        "deadlines": [
            {"at": timeline.deadline_iso(d), "title": d.title, "time": d.time}
            for d in timeline.application_deadlines(r)
        ],
        "pubStart": start.isoformat() if start else None,
        "pubEnd": r.publicity_end.isoformat() if r.publicity_end else None,
        "pubEndTime": pub.end_time if pub else None,
        "workdays": [d.isoformat() for d in workdays] if workdays is not None else None,
        "award": c.award.date.isoformat() if c.award else None,
    }
    if c.announced:
        data["announced"] = True
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


PageKind = Literal["page", "notice", "list"]


@dataclass(frozen=True)
class PageTags:
    """A generated page's own page tags, as the 政府网站发展指引 names them (the theme adds the
    site's: SiteName, SiteDomain, SiteIDCode from data/site.yml, and Description and Url)."""

    column: Column
    """ColumnName and ColumnType."""
    article: str | None = None
    """ArticleTitle: only a content page (a notice, a 公示) has one."""
    published: dt.date | None = None
    """PubDate: the day the content went public on this site; None when the data has no date."""
    source: str | None = None
    """ContentSource: who issued the content."""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class GovInfo:
    """The 政府信息公开 metadata of a document (templates/pages/_govinfo.html shows it)."""

    round: Round
    index_number: str | None
    subject: str
    issuer: str
    written: dt.date | None
    """成文日期: the date the document bears (its 落款)."""
    published: dt.date | None
    """发布日期: the day it went public here."""
    doc_number: str | None
    period_end: dt.date | None = None
    """A 公示's last day: its 有效性 says whether the period has ended."""
    closing_time: str | None = None
    """The hour the period closes on its last day (`publicity.end_time`), else its end."""


def notice_info(r: Round) -> GovInfo:
    """A notice bears its 发布日期 and goes public on it: both dates are `published`."""
    c = r.campaign
    return GovInfo(r, r.notice_index, r.subject, "、".join(c.issuer), c.published, c.published,
                   c.doc_number)


def list_info(r: Round) -> GovInfo:
    """A 公示 bears the date of its 落款 (its first day; a list without a 公示, a result, its
    decision's) and goes public on its first day (else the decision's, else the notice's); its
    文号 is its own (`publicity.doc_number`, or the notice's when the notice is the 公示), never
    the notice's it rests on (its 依据, document.own_doc_number)."""
    c = r.campaign
    return GovInfo(r, r.list_index, r.subject, "、".join(c.issuer), signed_on(r), r.list_day,
                   own_doc_number(r),
                   period_end=r.publicity_end if c.publicity is not None else None,
                   closing_time=c.publicity.end_time if c.publicity is not None else None)


def round_tags(r: Round, column: Column, title: str, published: dt.date | None) -> PageTags:
    """The tags of a round's content page: its title, date and issuers, and as keywords the
    series (what a search for the selection would use), the column and the 文号."""
    c = r.campaign
    return PageTags(
        column, article=title, published=published, source="、".join(c.issuer),
        keywords=tuple(k for k in (c.series_name, column.name, c.doc_number) if k),
    )


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it lives, its title and its HTML body."""

    url: str
    title: str
    html: Markup
    sample: bool = False
    hide: tuple[str, ...] = ("toc",)
    description: str | None = None
    crumbs: tuple[tuple[str, str | None], ...] = ()
    """The 当前位置 trail between 首页 and this page: (title, site-relative URL or None)."""
    kind: PageKind = "page"
    """What the page is to a visitor (and to the search, which labels its results by it)."""
    round: str | None = None
    """The id of the round a notice or list page belongs to."""
    tags: PageTags | None = None
    """Its page tags (ColumnName, ArticleTitle, PubDate…); None: the theme's defaults."""

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md" if self.url else "index.md"


@functools.lru_cache(maxsize=1 << 15)
def _page_href(from_url: str, to_url: str) -> str:
    """A link between two pages (`relative` is pure): the site-wide pages link every round's
    pages, twice over on 往期归档 (~16,000 links, ~0.25 s of relpath at 200,000 candidates)."""
    return relative(from_url, to_url)


@dataclass
class Context:
    """Everything a renderer reads: the portal, the build date and the page being rendered."""

    portal: Portal
    today: dt.date
    url: str = ""
    extras: dict[str, object] = field(default_factory=dict)
    objection_rules: str | None = None
    """data/site.yml's `objection_rules`: the bureau's standing wording for a 公示 whose round
    writes no rules of its own (round pages get it here, their portal has no site identity)."""
    settled: bool = False
    """A round's pages rendered as of the day the round settled (timeline.settled_from): the
    same on every later day, so they say nothing of the day they were built."""

    def at(self, url: str) -> Context:
        return Context(self.portal, self.today, url, self.extras, self.objection_rules, self.settled)

    def href(self, to_url: str, fragment: str = "") -> str:
        if fragment:
            return relative(self.url, to_url, fragment)
        return _page_href(self.url, to_url)

    def listed(self, r: Round) -> bool:
        return list_published(r, self.today)

    def status(self, r: Round) -> timeline.Status:
        return timeline.status_at(r, self.today, self.portal.calendar)


def _env() -> Environment:
    """The one template environment of the builder: pages, the search page and the feed."""
    env = Environment(
        loader=PackageLoader("builder.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["cn_date"] = timeline.cn_date
    env.filters["markdown"] = render_markdown
    env.filters["size"] = human_size
    env.globals.update(
        deadline_text=timeline.deadline_text,
        deadline_iso=timeline.deadline_iso,
        countdown=timeline.countdown_text,
        period_text=timeline.period_text,
        round_data=round_data,
        objection_channels=objection_channels,
        objection_rules=objection_rules,
        page_title=page_title,
        list_name=list_name,
        basis=basis,
        own_doc_number=own_doc_number,
        signed_on=signed_on,
        notice_is_publicity=notice_is_publicity,
        period_span=timeline.period_span,
        steps_at=timeline.steps_at,
        result_pending=timeline.result_pending,
        campaign_url=campaign_url,
        gongshi_url=gongshi_url,
        file_path=file_path,
        download_name=download_name,
        anchor=candidate_anchor,
        count_text=count_text,
        meta_line=meta_line,
        urls={
            "home": HOME, "archive": ARCHIVE, "deadlines": DEADLINES, "forms": FORMS,
            "ics": ICS, "feed": FEED, "about": ABOUT, "objections": OBJECTIONS, "help": HELP,
            "sitemap": SITEMAP, "statement": STATEMENT,
        },
    )
    return env


ENV = _env()


def render(template: str, ctx: Context, **values: object) -> Markup:
    return Markup(ENV.get_template(template).render(ctx=ctx, today=ctx.today, **values))
