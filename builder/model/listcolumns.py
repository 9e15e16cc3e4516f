"""A list's own columns (`columns`, `extra`, `group_by` of a candidates file): what a value of
each kind may be, how it is shown, and what tells two people of a list apart.

The kinds (builder.models.COLUMN_KINDS): 文本 free text; 编号 an identifier (准考证号, 岗位代码)
kept exactly as written, never a number and never taken for a mobile number; 分数 a decimal shown
with the decimals it was given (80.40 stays 80.40); 名次 a whole number; 日期 a date.
"""

from __future__ import annotations

import datetime as dt
import re

from builder.model.contract import BUILTIN_COLUMNS, Candidate, CandidateList, Column

_SCORE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_RANK = re.compile(r"^\d+$")
_DATES = (
    re.compile(r"^(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})\.(?P<m>\d{1,2})(?:\.(?P<d>\d{1,2}))?$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})(?:/(?P<d>\d{1,2}))?$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?$"),
)

KIND_HINTS = {
    "分数": "分数应为数字，如 80.40（小数位数按填写的显示）",
    "名次": "名次应为整数，如 1",
    "日期": "日期应写成 2026-05-10、2026-05 或 2026年5月10日",
}
"""Why a value is refused, by kind (the validation message ends with it)."""


def _real_date(text: str) -> bool:
    for pattern in _DATES:
        m = pattern.match(text)
        if m is None:
            continue
        day = int(m.group("d")) if m.group("d") else 1
        try:
            dt.date(int(m.group("y")), int(m.group("m")), day)
        except ValueError:
            return False
        return True
    return False


def value_fits(kind: str | None, value: str) -> bool:
    """Whether `value` is a value of a column of `kind` (文本 and 编号 take any text)."""
    text = value.strip()
    if kind == "分数":
        return bool(_SCORE.match(text))
    if kind == "名次":
        return bool(_RANK.match(text))
    if kind == "日期":
        return _real_date(text)
    return True


def shown(kind: str | None, value: str) -> str:
    """A value as the table shows it: as written (80.40 stays 80.40, 007 stays 007), a 名次
    without leading zeros."""
    text = value.strip()
    if kind == "名次" and _RANK.match(text):
        return str(int(text))
    return text


def is_builtin(col: Column) -> bool:
    return col.kind is None and col.label in BUILTIN_COLUMNS


def own_columns(listing: CandidateList | None) -> tuple[Column, ...]:
    """The list-specific columns (those with a kind), in order."""
    return tuple(c for c in listing.columns if c.kind is not None) if listing else ()


def codes(person: Candidate, listing: CandidateList | None) -> tuple[str, ...]:
    """The person's values of the list's 编号 columns (准考证号 …), in column order."""
    if listing is None:
        return ()
    return tuple(person.extra[label].strip() for label in listing.labels_of("编号") if person.extra.get(label))


def texts(person: Candidate, listing: CandidateList | None) -> tuple[str, ...]:
    """The person's values of the list's 文本 columns (招聘单位, 毕业院校, 评审资格 …)."""
    if listing is None:
        return ()
    return tuple(person.extra[label] for label in listing.labels_of("文本") if person.extra.get(label))


def identity(person: Candidate, listing: CandidateList | None) -> str:
    """What tells this person apart from another of the same name in the list: the work unit;
    in a list without one (a recruitment list), the 编号 values (准考证号), else every value of the
    list's own columns."""
    if person.unit:
        return person.unit
    found = codes(person, listing)
    if found:
        return "|".join(found)
    return "|".join(f"{k}={v}" for k, v in sorted(person.extra.items()))
