"""/campaigns/<id>/gongshi/: the 公示 list, in the order the candidate file asks for."""

from __future__ import annotations

import re

from builder.models import Candidate
from builder.names.order import pinyin_key
from builder.names.strokes import stroke_key
from builder.pages.common import Context, PageSource, gongshi_url, render
from builder.portal import Round

ORDER_TEXT = {
    "stroke": "按姓氏笔画排序",
    "pinyin": "按姓名拼音排序",
    "listed": "按推荐顺序排列",
}


def ordered(r: Round) -> list[Candidate]:
    people = list(r.people)
    order = r.candidates.order if r.candidates else "stroke"
    if order == "stroke":
        return sorted(people, key=lambda p: stroke_key(p.name))
    if order == "pinyin":
        return sorted(people, key=lambda p: pinyin_key(p.name, p.pinyin))
    return people


def born_text(born: str | None) -> str:
    if not born:
        return ""
    year, month = born.split("-")
    return f"{year}.{month}"


_NOTICE_TITLE = re.compile(r"^关于(?:开展|做好|组织开展|组织|进行|启动)?(?P<core>.+?)(?:工作)?的(?:通知|公告)$")


def list_title(r: Round) -> str:
    """The list's own `title`, else one made from the notice's: 关于开展2026年示例市学术技术带头人
    选拔工作的通知 → 2026年示例市学术技术带头人选拔公示名单 (a notice's title is not a list's)."""
    if r.candidates and r.candidates.title:
        return r.candidates.title
    c = r.campaign
    m = _NOTICE_TITLE.match(c.title)
    core = m.group("core") if m else c.series_name
    return f"{core}公示名单" if str(c.year) in core else f"{c.year}年{core}公示名单"


def render_gongshi(ctx: Context, r: Round) -> PageSource:
    url = gongshi_url(r.id)
    ctx = ctx.at(url)
    people = ordered(r)
    title = list_title(r)
    html = render(
        "pages/gongshi.html",
        ctx,
        r=r,
        title=title,
        people=people,
        revoked=sum(1 for p in people if p.status == "撤销"),
        show_result=any(p.status in ("入选", "未入选") for p in people),
        order_text=ORDER_TEXT[r.candidates.order if r.candidates else "stroke"],
        born=born_text,
    )
    return PageSource(url, title, html, sample=r.campaign.sample, hide=("toc", "navigation"))
