"""/campaigns/<id>/gongshi/: the 公示 list, in the order the candidate file asks for."""

from __future__ import annotations

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


def list_title(r: Round) -> str:
    if r.candidates and r.candidates.title:
        return r.candidates.title
    return f"{r.campaign.title}——公示名单"


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
