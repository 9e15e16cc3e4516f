"""/campaigns/<id>/gongshi/: the 公示 list (公示名单), in the order the candidate file asks for."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from builder.model import listcolumns
from builder.model.contract import BUILTIN_COLUMNS, Candidate, CandidateList
from builder.model.portal import Round
from builder.model.urls import PUBLICITY, campaign_url, candidate_anchor, gongshi_url
from builder.render.pages.anchors import round_anchors
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
    """One section of a list (突出贡献奖), one value of its `group_by` column (a 岗位, a 评审资格),
    or the whole list when it has neither: its own heading, count, numbering and order."""

    title: str | None
    note: str | None
    order: str
    people: list[Candidate]
    label: str | None = None
    """The `group_by` column the title is a value of (岗位名称), else None (a section)."""
    section: str | None = None
    """The section this value-group is part of, when the list has both."""
    opens: tuple[str | None, str | None, str, list[Candidate]] | None = None
    """(title, note, order, people) of the section this group is the first of, when a section
    is split by `group_by`: its heading comes before the group's."""


def _by_value(people: list[Candidate], label: str, listing: CandidateList) -> dict[str, list[Candidate]]:
    """People by their value of column `label`, values in first-seen order (in the file)."""
    col = column_of(listing, label)
    out: dict[str, list[Candidate]] = {}
    for p in people:
        out.setdefault(col.value(p) if col else "", []).append(p)
    return out


def groups(r: Round) -> list[Group]:
    listing = r.candidates
    if listing is None:
        return []
    people = list(r.people)
    sections: list[tuple[str | None, str | None, str, list[Candidate]]] = [
        (s.title, s.note, s.order or listing.order, [p for p in people if p.section == s.title])
        for s in listing.sections
    ] or [(None, None, listing.order, people)]
    out: list[Group] = []
    for title, note, order, members in sections:
        if not listing.group_by:
            out.append(Group(title, note, order, _sorted(members, order)))
            continue
        for n, (value, part) in enumerate(_by_value(members, listing.group_by, listing).items()):
            opens = (title, note, order, members) if title is not None and n == 0 else None
            out.append(Group(value, None, order, _sorted(part, order), listing.group_by, title, opens))
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
    """The candidate field (`title`), `name` for the name, or `extra:<label>` for a list's own."""
    label: str
    value: Callable[[Candidate], str]
    short: bool = False
    """A few characters at most (性别, 出生年月): kept on one line."""
    word: bool = False
    """One term (高级工程师, 高技能人才): broken only where it would stick out of its cell, so
    a narrow column (a printed page) does not print 高级工程／师."""
    number: bool = False
    """A 分数 or 名次: figures aligned in their column."""
    declared: bool = False
    """Named by the list's `columns`: shown even where nobody in the list fills it."""


def _text(key: str) -> Callable[[Candidate], str]:
    return lambda p: str(getattr(p, key) or "")


NAME_COLUMN = ListColumn("name", "姓名", lambda p: p.name)

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
    ListColumn("unit", "工作单位", lambda p: "；".join((p.unit or "", *p.other_units)).strip("；")),
    ListColumn("position", "职务", lambda p: _fact(p, "position")),
    ListColumn("field", "专业领域", _text("field")),
    ListColumn("honours", "荣誉称号", lambda p: "、".join(p.honours)),
    ListColumn("recommended_by", "推荐单位", _text("recommended_by")),
    ListColumn("category", "类别", _text("category"), word=True),
)

# Built-in fields a list's `columns` may name beyond the default ones (builder.models.BUILTIN_COLUMNS).
_MORE_COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("ethnicity", "民族", _text("ethnicity"), short=True),
    ListColumn("members", "成员", lambda p: "、".join(p.members)),
    ListColumn("name_zh", "中文译名", _text("name_zh")),
    ListColumn("other_units", "其他单位", lambda p: "；".join(p.other_units)),
    ListColumn("other_positions", "其他职务", lambda p: "；".join(p.other_positions)),
    ListColumn("quota_exempt", "不占名额原因", _text("quota_exempt")),
)
_BUILTIN: dict[str, ListColumn] = {c.key: c for c in (NAME_COLUMN, *OPTIONAL_COLUMNS, *_MORE_COLUMNS)}
assert {c.key for c in _BUILTIN.values()} == set(BUILTIN_COLUMNS.values()), "a built-in column has no renderer"

# What the expander under a row may hold, in the order it shows them.
MORE_FIELDS: tuple[tuple[str, str], ...] = (
    ("ethnicity", "民族"),
    ("position", "职务"),
    ("field", "专业领域"),
    ("members", "成员"),
    ("quota_exempt", "不占名额"),
)
# With declared `columns`, a filled field the columns leave out is shown there too, so that
# nothing a list holds vanishes from the page (validation warns that it is not printed).
_DECLARED_MORE: tuple[tuple[str, str], ...] = (
    ("gender", "性别"), ("born", "出生年月"), ("ethnicity", "民族"), ("education", "学历"),
    ("title", "职称"), ("position", "职务"), ("unit", "工作单位"), ("field", "专业领域"),
    ("honours", "荣誉称号"), ("recommended_by", "推荐单位"), ("category", "类别"),
    ("leader", "负责人"), ("members_count", "人数"), ("members", "成员"),
    ("quota_exempt", "不占名额"),
)


def _fact(p: Candidate, key: str) -> str:
    if key == "position":
        return "；".join(x for x in (p.position, *p.other_positions) if x)
    if key in _BUILTIN and key not in ("position", "name"):
        return _BUILTIN[key].value(p)
    return str(getattr(p, key) or "")


def _own(label: str, kind: str) -> ListColumn:
    return ListColumn(
        f"extra:{label}", label, lambda p: listcolumns.shown(kind, p.extra.get(label, "")),
        short=kind in ("编号", "分数", "名次", "日期"), number=kind in ("分数", "名次"),
        word=kind == "文本", declared=True,
    )


def column_of(listing: CandidateList, label: str) -> ListColumn | None:
    """The column called `label` in the list: one of its own, or a built-in field."""
    col = listing.column(label)
    if col is not None and col.kind is not None:
        return _own(col.label, col.kind)
    key = BUILTIN_COLUMNS.get(label)
    return _BUILTIN.get(key) if key else None


def columns(people: list[Candidate], listing: CandidateList | None = None) -> list[ListColumn]:
    """The table's columns after 序号, 姓名 among them: the list's `columns` in their order, else
    the default ones that someone in the list fills. The `group_by` column is left out: its value
    heads each group."""
    if listing is not None and listing.columns:
        out = [found for c in listing.columns if (found := column_of(listing, c.label)) is not None]
        out = [dataclasses.replace(c, declared=True) for c in out]
        if not any(c.key == "name" for c in out):
            out.insert(0, NAME_COLUMN)
    else:
        out = [NAME_COLUMN, *(c for c in OPTIONAL_COLUMNS if any(c.value(p) for p in people))]
    if listing is not None and listing.group_by:
        out = [c for c in out if c.label != listing.group_by]
    return out


def more_fields(p: Candidate, shown: list[ListColumn], declared: bool = False) -> list[tuple[str, str]]:
    """(label, value) of the facts the expander holds: those not already a column."""
    keys = {c.key for c in shown}
    fields = _DECLARED_MORE if declared else MORE_FIELDS
    return [(label, _fact(p, key)) for key, label in fields
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


WIDE_FROM = 8
"""Columns (姓名 included) beyond which a list prints on landscape A4: a recruitment list's
twelve columns do not fit the width of a portrait page."""

FILTER_FROM = 20
"""Entries from which a list offers its in-list filter (a phone shows about 3 cards a screen)."""


def find_text(p: Candidate, listing: CandidateList | None = None) -> str:
    """What the in-list filter matches an entry by (gongshi-filter.js): its names and units,
    its 编号 (准考证号) and text columns, and for a person the pinyin of each likely reading, whole
    and as initials (zhangsan, zs)."""
    words = [p.name, p.name_zh or "", p.unit or "", *p.other_units, p.recommended_by or "",
             *listcolumns.codes(p, listing), *listcolumns.texts(p, listing)]
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
    listing = r.candidates
    declared = bool(listing and listing.columns)
    shown = columns(people, listing)
    if listing and listing.sections and not declared:
        # Sections already say which category each entry is in.
        shown = [c for c in shown if c.key != "category"]
    if r.retired:
        # After its 公示 a list keeps only who, their unit and the result (builder.render.publish):
        # the declared columns it no longer fills (准考证号, 毕业院校) go, not stay as empty ones.
        shown = [c for c in shown if c.key == "name" or any(c.value(p) for p in people)]
    # The people as the round has them, by identity (`people` are those same objects, in the
    # page's order): their anchors come from the store when the list did not change (a
    # corrected notice renders its list page again; each anchor reads its name's pinyin).
    anchors = {id(p): a for p, a in zip(r.people, round_anchors(r), strict=True)}
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
        expandable=any(p.achievements or more_fields(p, shown, declared) for p in people),
        more_fields=lambda p: more_fields(p, shown, declared),
        more_title=more_title,
        find_text=lambda p: find_text(p, listing),
        anchor=lambda p: anchors.get(id(p)) or candidate_anchor(p, listing),
        wide=len(shown) > WIDE_FROM,
        filtered=len(people) >= FILTER_FROM,
        info=list_info(r),
    )
    crumbs = (*round_crumbs(r, ctx.today), (r.campaign.title, campaign_url(r.id)))
    return PageSource(url, title, html, sample=r.campaign.sample, hide=("toc", "navigation"),
                      crumbs=crumbs, kind="list", round=r.id,
                      tags=round_tags(r, PUBLICITY, title, signed_on(r)))
