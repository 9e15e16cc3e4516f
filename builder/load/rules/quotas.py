"""The allocation table (名额分配) and the seats a list takes: reserved seats, units, counts."""

from __future__ import annotations

import difflib
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence

from builder.model.contract import Allocation, Campaign, Candidate, DefaultQuota
from builder.text.problems import Problems
from builder.text.yamlsrc import Describe, PathKey, SourceDoc

AllocationRow = Allocation | DefaultQuota
"""A row of the allocation table: a unit's, or the default for every other unit."""

_QUOTA_FIELDS = frozenset({"recommended_by", "category", "quota_exempt", "status"})


def _rows(campaign: Campaign) -> list[tuple[PathKey, AllocationRow]]:
    quotas = campaign.quotas
    if quotas is None:
        return []
    rows: list[tuple[PathKey, AllocationRow]] = [
        (("quotas", "allocations", i), a) for i, a in enumerate(quotas.allocations)
    ]
    if quotas.default is not None:
        rows.append((("quotas", "default"), quotas.default))
    return rows


def _row_name(row: AllocationRow) -> str:
    return row.unit if isinstance(row, Allocation) else "其他单位（default）"


def check_quota_table(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for path, row in _rows(campaign):
        total = sum(row.reserved.values())
        if total > row.seats:
            problems.error(
                *doc.at((*path, "reserved")),
                f"「{_row_name(row)}」的 reserved（预留名额）合计 {total} 人，"
                f"超过其 seats（名额）{row.seats} 人",
            )
        if isinstance(row, Allocation):
            index = int(path[2])
            if row.unit in seen:
                problems.error(
                    *doc.at((*path, "unit")),
                    f"推荐单位「{row.unit}」在 allocations（名额分配）中重复出现"
                    f"（第一次是第{seen[row.unit] + 1}项）",
                )
            else:
                seen[row.unit] = index


def has_quota_table(campaign: Campaign) -> bool:
    """Quotas bind candidates only when there is a row to count against."""
    q = campaign.quotas
    return q is not None and (bool(q.allocations) or q.default is not None)


def quota_row(campaign: Campaign, unit: str) -> AllocationRow | None:
    """The allocation row (or the default) that governs `unit`, or None."""
    quotas = campaign.quotas
    if quotas is None:
        return None
    for row in quotas.allocations:
        if row.unit == unit:
            return row
    return quotas.default


def reserved_violation(
    row: AllocationRow, categories: Sequence[str | None]
) -> tuple[frozenset[str], int, list[int]] | None:
    """The first broken limit of `row` for nominees of these categories, or None.

    Reserved seats can be taken only by their category; the other seats by anyone. So for
    every set S of reserved categories, the nominees outside S may fill at most
    seats - (seats reserved for S). S = {} is the plain seat count. These conditions are
    exactly when every nominee can be given a seat (Hall's theorem). Returns (S, limit,
    indexes of the nominees outside S).
    """
    kinds = [k for k, n in row.reserved.items() if n > 0]
    for size in range(len(kinds) + 1):
        for chosen in itertools.combinations(kinds, size):
            held = frozenset(chosen)
            limit = row.seats - sum(row.reserved[k] for k in held)
            outside = [i for i, c in enumerate(categories) if c not in held]
            if len(outside) > limit:
                return held, limit, outside
    return None


def check_quota_use(
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    campaign: Campaign,
    problems: Problems,
    describe: Describe,
    broken: Mapping[int, frozenset[str]],
) -> None:
    quotas = campaign.quotas
    assert quotas is not None
    units = [a.unit for a in quotas.allocations]
    reserved_kinds = sorted({k for _, row in _rows(campaign) for k in row.reserved})
    by_unit: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
    for i, person in entries:
        path: PathKey = ("candidates", i)
        if broken.get(i, frozenset()) & _QUOTA_FIELDS:
            continue  # whether and where this person counts is unknown until the fields are fixed
        if person.recommended_by is None:
            problems.error(
                *doc.at(path),
                f"{describe(path)}缺少 recommended_by（推荐单位）："
                "本次评选有名额分配，须写明占用哪个单位的名额",
            )
            continue
        row = quota_row(campaign, person.recommended_by)
        if row is None:
            close = difflib.get_close_matches(person.recommended_by, units, n=1, cutoff=0.5)
            hint = (
                f"是否应为「{close[0]}」？"
                if close
                else "名额表中有：" + "、".join(units[:8]) + ("等" if len(units) > 8 else "")
            )
            problems.error(
                *doc.at((*path, "recommended_by")),
                f"{describe(path)}的 recommended_by（推荐单位）"
                f"「{person.recommended_by}」不在名额表中；{hint}",
            )
            continue
        if isinstance(row, DefaultQuota):
            close = difflib.get_close_matches(person.recommended_by, units, n=1, cutoff=0.6)
            if close:
                problems.warning(
                    *doc.at((*path, "recommended_by")),
                    f"{describe(path)}的 recommended_by（推荐单位）「{person.recommended_by}」"
                    f"不在 allocations（名额分配）中，按 default（其他单位名额）计算；"
                    f"是否应为「{close[0]}」？",
                )
        if (
            person.category is not None
            and reserved_kinds
            and person.category not in reserved_kinds
        ):
            close = difflib.get_close_matches(person.category, reserved_kinds, n=1, cutoff=0.5)
            if close:
                problems.warning(
                    *doc.at((*path, "category")),
                    f"{describe(path)}的 category（类别）「{person.category}」与预留名额的类别"
                    f"「{close[0]}」不完全相同，不会计入预留名额；是否应为「{close[0]}」？",
                )
        if person.counts_against_quota:
            by_unit[person.recommended_by].append((i, person))
    for unit, nominees in by_unit.items():
        row = quota_row(campaign, unit)
        assert row is not None
        if sum(row.reserved.values()) > row.seats:
            continue  # the quota table itself is wrong, and says so; counting would only confuse
        found = reserved_violation(row, [p.category for _, p in nominees])
        if found is None:
            continue
        held, limit, outside = found
        over = [nominees[k] for k in outside]
        names = "、".join(p.name for _, p in over)
        where = doc.at(("candidates", over[limit][0], "recommended_by"))
        if not held:
            problems.error(
                *where,
                f"推荐单位「{unit}」的名额为 {row.seats} 人，实际推荐 {len(over)} 人"
                f"（不含不占名额和已撤销的人选）：{names}",
            )
            continue
        kept = "、".join(f"{k} {n} 人" for k, n in row.reserved.items() if n > 0)
        others = "非" + "、".join(sorted(held)) if len(held) == 1 else "、".join(sorted(held)) + "以外的"
        problems.error(
            *where,
            f"推荐单位「{unit}」的名额为 {row.seats} 人，其中预留{kept}；"
            f"{others}人选最多 {limit} 人，实际推荐 {len(over)} 人"
            f"（不含不占名额和已撤销的人选）：{names}",
        )
