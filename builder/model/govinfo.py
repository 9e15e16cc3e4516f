"""政府信息公开 metadata of the portal's documents: every notice and every 公示 is a piece of
government information with a 索引号 (机构代码/年份-流水号) and a 主题分类.

The 索引号 is made here, once for the whole portal, so that the number a page carries depends on
nothing a later publication can change:

- 机构代码 is data/site.yml's `org_code` (the issuer's 统一社会信用代码 or 组织机构代码);
- 年份 is the year of the document's own date (a notice's 发布日期, a 公示's first day), else its
  round's `year`;
- 流水号 is that date's month and day (0000 for an undated notice) followed by the document's
  place among the documents of that same day (a notice before a 公示, then by round id), 1–9
  (10 and more take two digits): 2026-09011 is the first document of 1 September 2026.

A document keeps its number when documents of other days are added, in any order (a round of
2013 entered in 2026 takes nothing from anyone); only a document added for the very same day
with a smaller round id moves the ones after it, which a round's own `index_number` (notice) or
`publicity.index_number` (公示) prevents. Rounds with a `publicity` block reserve their 公示's
number from the start, before their list is committed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from builder.model.portal import Round

NOTICE = "notice"
LIST = "list"


def has_list(r: Round) -> bool:
    return r.candidates is not None or r.campaign.publicity is not None


def documents(rounds: Iterable[Round]) -> list[tuple[str, str, dt.date | None, int]]:
    """(round id, kind, date, year) of every document the rounds publish, now or later."""
    out = []
    for r in rounds:
        c = r.campaign
        out.append((r.id, NOTICE, c.published, c.published.year if c.published else c.year))
        if has_list(r):
            day = r.list_day
            out.append((r.id, LIST, day, day.year if day else c.year))
    return out


def index_numbers(rounds: Iterable[Round], org_code: str) -> dict[tuple[str, str], str]:
    """(round id, kind) → generated 索引号 of every document (overrides are the caller's)."""
    days: dict[tuple[int, str], list[tuple[int, str, str]]] = defaultdict(list)
    for rid, kind, day, year in documents(rounds):
        stamp = f"{day.month:02d}{day.day:02d}" if day else "0000"
        days[(year, stamp)].append((0 if kind == NOTICE else 1, rid, kind))
    out: dict[tuple[str, str], str] = {}
    for (year, stamp), docs in days.items():
        for n, (_, rid, kind) in enumerate(sorted(docs), 1):
            out[(rid, kind)] = f"{org_code}/{year}-{stamp}{n}"
    return out


def assign(
    rounds: tuple[Round, ...], org_code: str | None, subject: str
) -> tuple[Round, ...]:
    """The rounds with their 主题分类 (their own, else `subject`) and their notice's and 公示's
    索引号: their own when the data gives one, else generated (none without an `org_code`: no
    number is made up without the issuer's code)."""
    made = index_numbers(rounds, org_code) if org_code else {}
    out = []
    for r in rounds:
        pub = r.campaign.publicity
        own_list = pub.index_number if pub is not None else None
        out.append(dataclasses.replace(
            r,
            notice_index=r.campaign.index_number or made.get((r.id, NOTICE)),
            list_index=own_list or made.get((r.id, LIST)),
            subject=r.campaign.subject or subject,
        ))
    return tuple(out)


def duplicates(rounds: Iterable[Round]) -> list[tuple[Round, str, str]]:
    """(round, kind, number) of every document whose 索引号 another document has too, listed
    where the data wrote it (an own number meeting a generated one is the own one's fault)."""
    seen: dict[str, int] = defaultdict(int)
    docs = []
    for r in rounds:
        for kind, number in ((NOTICE, r.notice_index), (LIST, r.list_index)):
            if number is not None:
                seen[number] += 1
                docs.append((r, kind, number))
    return [(r, kind, n) for r, kind, n in docs if seen[n] > 1 and _own(r, kind)]


def _own(r: Round, kind: str) -> bool:
    if kind == NOTICE:
        return r.campaign.index_number is not None
    return r.campaign.publicity is not None and r.campaign.publicity.index_number is not None
