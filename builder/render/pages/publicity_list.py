"""/campaigns/<id>/gongshi/: the 公示 list (公示名单), in the order the candidate file asks for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from builder.model.contract import Candidate
from builder.model.portal import Round
from builder.model.urls import PUBLICITY, campaign_url, gongshi_url
from builder.render.pages.common import (
    Context,
    PageSource,
    list_info,
    render,
    round_crumbs,
    round_tags,
)
from builder.render.pages.document import page_title, signed_on
from builder.text.names.order import pinyin_key
from builder.text.names.readings import name_readings
from builder.text.names.strokes import stroke_key

ORDER_TEXT = {
    "stroke": "按姓氏笔画排序",
    "pinyin": "按姓名拼音排序",
    "listed": "按原名单顺序排列",
}


def _sorted(people: list[Candidate], order: str) -> list[Candidate]:
    if order == "stroke":
        return sorted(people, key=lambda p: stroke_key(p.name))
    if order == "pinyin":
        return sorted(people, key=lambda p: pinyin_key(p.name, p.pinyin))
    return people


def ordered(r: Round) -> list[Candidate]:
    """Every entry in the order the page shows them: section by section, each in its order."""
    return [p for g in groups(r) for p in g.people]


@dataclass(frozen=True)
class Group:
    """One section of a list (突出贡献奖), or the whole list when it has no sections: its own
    heading, count, numbering and order."""

    title: str | None
    note: str | None
    order: str
    people: list[Candidate]


def groups(r: Round) -> list[Group]:
    listing = r.candidates
    if listing is None:
        return []
    people = list(r.people)
    if not listing.sections:
        return [Group(None, None, listing.order, _sorted(people, listing.order))]
    out = []
    for s in listing.sections:
        order = s.order or listing.order
        members = [p for p in people if p.section == s.title]
        out.append(Group(s.title, s.note, order, _sorted(members, order)))
    return out


def born_text(born: str | None) -> str:
    if not born:
        return ""
    year, month = born.split("-")
    return f"{year}.{month}"


@dataclass(frozen=True)
class ListColumn:
    """A column of the list table (and of the phone card and the printed page)."""

    key: str
    label: str
    value: Callable[[Candidate], str]
    short: bool = False
    """A few characters at most (性别, 出生年月): kept on one line."""
    word: bool = False
    """One term (高级工程师, 高技能人才): broken only where it would stick out of its cell, so
    a narrow column (a printed page) does not print 高级工程／师."""


def _text(key: str) -> Callable[[Candidate], str]:
    return lambda p: str(getattr(p, key) or "")


# The table's optional columns in the order of the published lists; 序号 and 姓名 always come
# first. A column is shown only when at least one entry of the list has a value for it: a list
# that publishes no gender (most award lists) shows no 性别 column, rather than an empty one.
OPTIONAL_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("gender", "性别", _text("gender"), short=True),
    ListColumn("born", "出生年月", lambda p: born_text(p.born), short=True),
    ListColumn("education", "学历", _text("education"), short=True),
    ListColumn("leader", "负责人", lambda p: _leader(p)),
    ListColumn("members_count", "人数", lambda p: f"{p.members_count} 人" if p.members_count else "",
               short=True),
    ListColumn("title", "职称", _text("title"), word=True),
    ListColumn("unit", "工作单位", lambda p: "；".join((p.unit, *p.other_units))),
    ListColumn("honours", "荣誉称号", lambda p: "、".join(p.honours)),
    ListColumn("recommended_by", "推荐单位", _text("recommended_by")),
    ListColumn("category", "类别", _text("category"), word=True),
)

# What the expander under a row may hold, in the order it shows them.
MORE_FIELDS: tuple[tuple[str, str], ...] = (
    ("ethnicity", "民族"),
    ("position", "职务"),
    ("field", "专业领域"),
    ("members", "成员"),
    ("quota_exempt", "不占名额"),
)


def _fact(p: Candidate, key: str) -> str:
    if key == "position":
        return "；".join(x for x in (p.position, *p.other_positions) if x)
    if key == "members":
        return "、".join(p.members)
    return str(getattr(p, key) or "")


def columns(people: list[Candidate]) -> list[ListColumn]:
    return [c for c in OPTIONAL_COLUMNS if any(c.value(p) for p in people)]


def more_fields(p: Candidate, shown: list[ListColumn]) -> list[tuple[str, str]]:
    """(label, value) of the facts the expander holds: those not already a column."""
    keys = {c.key for c in shown}
    return [(label, _fact(p, key)) for key, label in MORE_FIELDS
            if key not in keys and _fact(p, key)]


def _leader(p: Candidate) -> str:
    """A collective's leader; 张三（领衔人） when the list calls the leader otherwise."""
    if not p.leader:
        return ""
    if p.leader_title and p.leader_title != "负责人":
        return f"{p.leader}（{p.leader_title}）"
    return p.leader


def more_title(p: Candidate, facts: list[tuple[str, str]]) -> str:
    """The expander is named after what it holds: 主要业绩 only when it holds them."""
    labels = (["主要业绩"] if p.achievements else []) + [label for label, _ in facts]
    if len(labels) > 3:
        return "、".join(labels[:2]) + "等"
    return "、".join(labels)


FILTER_FROM = 20
"""Entries from which a list offers its in-list filter (a phone shows about 3 cards a screen)."""


def find_text(p: Candidate) -> str:
    """What the in-list filter matches an entry by (gongshi-filter.js): its names and units,
    and for a person the pinyin of each likely reading, whole and as initials (zhangsan, zs)."""
    words = [p.name, p.name_zh or "", p.unit or "", *p.other_units, p.recommended_by or ""]
    if not p.is_collective:
        for reading in name_readings(p.name, p.pinyin, limit=4):
            syllables = [s for part in reading for s in part]
            words += ["".join(syllables), "".join(s[0] for s in syllables if s)]
    # One line per word: a query matches inside one word, not across two.
    return "\n".join(w.lower() for w in words if w)


def render_publicity_list(ctx: Context, r: Round) -> PageSource:
    url = gongshi_url(r.id)
    ctx = ctx.at(url)
    # A section nobody is in (all withdrawn from it, or its people not selected) is not shown.
    parts = [g for g in groups(r) if g.people]
    people = [p for g in parts for p in g.people]
    title = page_title(r)
    shown = columns(people)
    if any(g.title for g in parts):
        # Sections already say which category each entry is in.
        shown = [c for c in shown if c.key != "category"]
    html = render(
        "pages/publicity_list.html",
        ctx,
        r=r,
        title=title,
        people=people,
        revoked=sum(1 for p in people if p.status == "撤销"),
        show_result=any(p.status in ("入选", "未入选") for p in people),
        order_text=ORDER_TEXT[r.candidates.order if r.candidates else "stroke"],
        order_texts=ORDER_TEXT,
        groups=parts,
        collectives=any(p.is_collective for p in people),
        columns=shown,
        expandable=any(p.achievements or more_fields(p, shown) for p in people),
        more_fields=lambda p: more_fields(p, shown),
        more_title=more_title,
        find_text=find_text,
        filtered=len(people) >= FILTER_FROM,
        info=list_info(r),
    )
    crumbs = (*round_crumbs(r, ctx.today), (r.campaign.title, campaign_url(r.id)))
    return PageSource(url, title, html, sample=r.campaign.sample, hide=("toc", "navigation"),
                      crumbs=crumbs, kind="list", round=r.id,
                      tags=round_tags(r, PUBLICITY, title, signed_on(r)))
