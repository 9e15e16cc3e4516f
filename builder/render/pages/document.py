"""The list page as a 公文 (GB/T 9704-2012): its title, its own 文号, the notice it rests on
(依据), its 落款, and the announcement a 公示 opens with, all from the round's data.

A 公示 is titled "关于…的公示" (§7.3.1), carries its issuer and date, and cites the notice it
follows as its basis; it never presents that notice's 文号 as its own, and when the round's
notice is itself the 公示 (a committee publishes its list for objections) it cites nothing.
The announcement says only what the data says: the period, the channels, the bureau's rules
(the round's own, else data/site.yml's standing wording), never a condition of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from builder.model import timeline
from builder.model.contract import Campaign, Contact, Objections
from builder.model.portal import Round

_NOTICE_TITLE = re.compile(
    r"^(?:.+?)?关于(?:开展|做好|组织开展|组织|进行|启动|命名|表彰|公布|授予)?(?P<core>.+?)(?:工作)?的(?:通知|公告|决定)$"
)
_YEAR = re.compile(r"(?:19|20|21)\d{2}年")
_ACTION = re.compile(r"(?:选拔|评选|推荐|推选|遴选|认定|申报|评审|评定)$")


def _core(c: Campaign, *, people: bool = False) -> str:
    """What the round is about, from its notice's title: 关于开展2026年示例市学术技术带头人选拔
    工作的通知 → 2026年示例市学术技术带头人选拔 (with the round's year when the title names
    none: a decision of 2026 on 2025年度劳动模范 keeps its own), else
    its series. `people`: whom it is about, the notice's action word dropped (…学术技术带头人)."""
    m = _NOTICE_TITLE.match(c.title)
    if m:
        core = m.group("core").removesuffix("名单")
        if people:
            core = _ACTION.sub("", core) or core
    else:
        core = c.series_name
    return core if _YEAR.search(core) else f"{c.year}年{core}"


def notice_is_publicity(r: Round) -> bool:
    """The round's notice is itself the 公示: a 公示-only round (a committee's list published
    for objections, with no application stage) or a notice titled …公示."""
    c = r.campaign
    return c.publicity is not None and (timeline.publicity_only(r) or c.title.endswith("公示"))


def decision_only(r: Round) -> bool:
    """A round whose notice is its decision: a decision, with no 公示 and no application stage."""
    c = r.campaign
    return c.award is not None and c.publicity is None and timeline.last_deadline(r) is None


def notice_is_page(r: Round) -> bool:
    """The notice is the document the list page shows (the 公示 itself, an announced list, a
    decision's list): the page cites no basis, and the notice's 文号 is the page's own."""
    c = r.campaign
    return notice_is_publicity(r) or (c.publicity is None and (c.announced or decision_only(r)))


def subject(r: Round) -> str:
    """What a 公示 is about: the list's name without 名单 (2026年示例市学术技术带头人拟入选人选),
    else, from the notice, its core with 拟入选人选 for the action word (选拔, 评选…)."""
    listing = r.candidates
    if listing is not None and listing.title:
        return listing.title.removesuffix("名单") or listing.title
    return _core(r.campaign, people=True) + "拟入选人选"


def list_name(r: Round) -> str:
    """The list's own name: its `title`, else one made from the notice's (a notice's title is
    not a list's): …拟入选人选名单 for a 公示, …名单 for a decision's or an announced list."""
    listing = r.candidates
    if listing is not None and listing.title:
        return listing.title
    if r.campaign.publicity is not None:
        return f"{subject(r)}名单"
    return f"{_core(r.campaign)}名单"


def page_title(r: Round) -> str:
    """The list page's title: a 公示 is "关于…的公示" unless the publicity gives its own
    title or the notice is itself the 公示 (its title then); any other list is its name."""
    c = r.campaign
    if c.publicity is None:
        return list_name(r)
    if c.publicity.title:
        return c.publicity.title
    if notice_is_publicity(r):
        return c.title
    return f"关于{subject(r)}的公示"


def own_doc_number(r: Round) -> str | None:
    """The page's own 文号: the 公示's (`publicity.doc_number`), or the notice's when the notice
    is the page itself; never the notice's otherwise."""
    c = r.campaign
    if c.publicity is not None and c.publicity.doc_number:
        return c.publicity.doc_number
    return c.doc_number if notice_is_page(r) else None


@dataclass(frozen=True)
class Basis:
    """The notice a page rests on (依据)."""

    title: str
    doc_number: str | None

    @property
    def text(self) -> str:
        return f"《{self.title}》" + (f"（{self.doc_number}）" if self.doc_number else "")


def basis(r: Round) -> Basis | None:
    """The notice the page cites as its basis, or None when the notice is the page itself."""
    if notice_is_page(r):
        return None
    return Basis(r.campaign.title, r.campaign.doc_number)


def signed_on(r: Round) -> dt.date | None:
    """The date of the 落款: a 公示's own (its first day), else the decision's (the round as
    published holds a decision only from its day), else the notice's."""
    c = r.campaign
    if c.publicity is not None:
        return r.publicity_start
    if c.award is not None:
        return c.award.date
    return c.published


def objection_channels(r: Round) -> Objections | Contact | None:
    """Where the public sends an objection: the publicity's own channels; else, unless the
    bureau's own rules say how (they may name offices of their own), the office that runs the
    round (`gongshi validate` warns that its contact is published as the channel)."""
    pub = r.campaign.publicity
    own = pub.objections if pub is not None else None
    if own is not None and (own.phone or own.email or own.address):
        return own
    if own is not None and own.rules:
        return None
    return r.campaign.contact


def objection_rules(r: Round, standing: str | None) -> str | None:
    """The rules an objection follows: the round's own (`objections.rules`), else the bureau's
    standing wording (data/site.yml `objection_rules`), else none."""
    pub = r.campaign.publicity
    if pub is not None and pub.objections is not None and pub.objections.rules:
        return pub.objections.rules
    return standing
