"""What the public may see on a date: the publishing policy, applied once to the whole portal.

Every output is made from `published_portal(portal, today)`, so no later stage (pages, search
index, calendar, feed) can show a notice before its date, a list before its publicity period, or
a person's details after the list's purpose is served.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from types import MappingProxyType

from builder.files import collector, diskcache
from builder.model.contract import BUILTIN_COLUMNS, Candidate, CandidateList
from builder.model.portal import Portal, Round

KEPT_FIELDS = frozenset({
    "name", "kind", "name_zh", "pinyin", "gender", "unit", "other_units",
    "leader", "leader_title", "members_count", "members", "section", "status",
})
"""What a list keeps of an entry once its 公示 is over: who (the names, a collective's leader and
members), 性别, 工作单位, the section it is listed under, and the result (its status: 入选, 撤销
without its reason). Birth month, 民族, 学历, 职称, 职务, achievements, 推荐单位 and the rest go,
unless the list marks the column as part of its result (`result: true`) or groups by it
(kept_columns)."""


def published_portal(portal: Portal, today: dt.date, *, staff: bool = False) -> Portal:
    """The portal as the public may see it on `today`.

    A notice committed ahead of its `published` date is left out everywhere (pages, calendar,
    feed, search) until that date, a candidate list ahead of its publicity period is dropped
    from its round, and a result ahead of its decision day is not there at all (`undecided`),
    so no later stage (search index included) can leak them. From the day after a list's
    purpose is served (details_end) plus data/site.yml's `keep_details` days, its entries keep
    only KEPT_FIELDS, on every page, in the search files and the feed alike; the daily rebuild
    does it on that day without anyone acting. `staff` (the staff build, `gongshi manual`)
    keeps every detail.
    """
    # Python's cyclic collector off meanwhile: each retired list is a new model per person,
    # all kept, freed later by reference counting (no cycles), yet every full collection while
    # they pile up scans the whole loaded portal (at 50,000 candidates it more than doubled
    # this stage; builder.files.collector).
    with collector.paused():
        return _published(portal, today, staff)


def _published(portal: Portal, today: dt.date, staff: bool) -> Portal:
    keep = portal.site.identity.keep_details if portal.site is not None else 0
    rounds: list[Round] = []
    for r in portal.rounds:
        if r.campaign.published is not None and r.campaign.published > today:
            continue
        # Dated by the round as the data has it (a decision committed ahead included).
        since = retired_on(r, keep)
        if not decided(r, today):
            r = undecided(r)
        if not list_published(r, today):
            rounds.append(dataclasses.replace(r, candidates=None))
            continue
        shown = _not_selected_withheld(r)
        retire = not staff and isinstance(keep, int) and (since is None or today >= since)
        rounds.append(_details_retired(shown, since) if retire else shown)
    return dataclasses.replace(portal, rounds=tuple(rounds))


def decision_day(r: Round) -> dt.date | None:
    """The day the round's result takes effect: its decision's date (`award.date`), or for a
    list the notice itself publishes as the final result (`announced`: a 命名, an announced
    list), the notice's publication date. None while no decision is recorded."""
    c = r.campaign
    if c.award is not None:
        return c.award.date
    if c.announced:
        return c.published
    return None


def decided(r: Round, today: dt.date) -> bool:
    day = decision_day(r)
    return day is not None and today >= day


def undecided(r: Round) -> Round:
    """The round as the public may see it before its decision day: no decision (its date,
    title and 文号 committed ahead stay off the site) and everyone on the list as on the 公示
    (拟入选), 入选 and 未入选 alike; a 撤销 stands, it is published when it happens.

    HR staff may commit the result ahead of the decision; nothing built from this round (page,
    print, search files, feed, calendar, the browser's own date recomputation) can then show
    it, and the daily rebuild publishes it on its day.
    """
    c = r.campaign
    listing = r.candidates
    if listing is not None and any(p.status in ("入选", "未入选") for p in listing.candidates):
        decided_list = listing
        listing = listing.model_copy(update={"candidates": tuple(
            p.model_copy(update={"status": "拟入选"}) if p.status in ("入选", "未入选") else p
            for p in listing.candidates
        )})
        _derived(listing, b"undecided", decided_list)
    if c.award is not None:
        c = c.model_copy(update={"award": None})
    if c is r.campaign and listing is r.candidates:
        return r
    return dataclasses.replace(r, campaign=c, candidates=listing)


def details_end(r: Round) -> dt.date | None:
    """The last day a list serves its purpose with every detail: its 公示's last day; a list
    without a 公示 is a result, served once its decision (decision_day) is public, else once
    its notice is; None for a list with no date at all, which never shows more than
    KEPT_FIELDS."""
    if r.publicity_end is not None:
        return r.publicity_end
    return decision_day(r) or r.campaign.published


def retired_on(r: Round, keep: int | str) -> dt.date | None:
    """The first day `r`'s list shows only KEPT_FIELDS: the day after details_end plus `keep`
    days; None when `keep` is 永久 (never), or when the list has no date (always)."""
    end = details_end(r)
    if not isinstance(keep, int) or end is None:
        return None
    return end + dt.timedelta(days=keep + 1)


def _details_retired(r: Round, since: dt.date | None) -> Round:
    listing = r.candidates
    if listing is None:
        return r
    fields, own = kept_columns(listing)
    retired = listing.model_copy(
        update={"candidates": tuple(_retired(p, fields, own) for p in listing.candidates)}
    )
    _derived(retired, b"retired", listing)
    return dataclasses.replace(
        r,
        candidates=retired,
        retired=True,
        retired_since=since,
        nominated=r.seats_taken,
    )


def kept_columns(listing: CandidateList) -> tuple[frozenset[str], frozenset[str]]:
    """(candidate fields, own column labels) a list keeps after its 公示 besides KEPT_FIELDS:
    the columns it marks `result: true` (a 总成绩, a 评审资格: what was decided) and the column
    it is grouped by (its value is the group's heading: a 岗位 or a 评审资格)."""
    labels = set(listing.result_labels)
    if listing.group_by:
        labels.add(listing.group_by)
    fields = frozenset(BUILTIN_COLUMNS[label] for label in labels if label in BUILTIN_COLUMNS)
    own = frozenset(label for label in labels if label not in BUILTIN_COLUMNS)
    return fields, own


def _retired(person: Candidate, fields: frozenset[str], own: frozenset[str]) -> Candidate:
    """`person.model_copy(update=...)` with the fields a retired list blanks: the same object
    (its fields' values copied and updated, the updated fields counted as given), made without
    pydantic's generic copy (which copies the set of given fields and the dict through the copy
    module: at 200,000 candidates, most of them on retired lists, ≈ 0.5 s of every build;
    tests/test_lifecycle.py holds it to model_copy)."""
    kept, template, given = _plan(fields)
    # The blanks' dict copied (in C) and the kept fields set into it: fewer than half of the
    # fields are kept (0.9 of 4.2 µs an entry).
    values = template.copy()
    mine = person.__dict__
    for name in kept:
        values[name] = mine[name]
    extra = person.extra
    values["extra"] = {k: v for k, v in extra.items() if k in own} if extra else {}
    copy = _new(Candidate)
    _set(copy, "__dict__", values)
    # As model_copy does it, one name at a time: a union, or an update from a set, sizes the
    # table for both sets at once (≈ 500 bytes more an entry, ≈ 90 MB at 200,000).
    given_here = person.__pydantic_fields_set__.copy()
    given_here.update(given)
    _set(copy, "__pydantic_fields_set__", given_here)
    _set(copy, "__pydantic_extra__", None)
    _set(copy, "__pydantic_private__", None)
    return copy


_new = object.__new__
_set = object.__setattr__


@functools.cache
def _plan(fields: frozenset[str]) -> tuple[tuple[str, ...], dict[str, object], tuple[str, ...]]:
    """How `_retired` makes an entry: the fields it keeps, the entry's fields in their order
    with the blanks' values (and None for the others, each set then), and `_given`."""
    blanks = _blanks(fields)
    kept = tuple(name for name in Candidate.model_fields if name not in blanks and name != "extra")
    template: dict[str, object] = dict.fromkeys(Candidate.model_fields)
    template.update(blanks)
    return kept, template, _given(fields)


@functools.cache
def _given(fields: frozenset[str]) -> tuple[str, ...]:
    """The fields `_retired` sets: those `_blanks` blanks, and `extra` (a tuple, not a set:
    see `_retired`)."""
    return (*_blanks(fields), "extra")


@functools.cache
def _blanks(fields: frozenset[str]) -> Mapping[str, object]:
    """The defaults of the fields a retired list blanks (all but KEPT_FIELDS, `fields` and
    `extra`, set per person): asked once per set of kept columns, not once per person
    (FieldInfo.get_default costs ~20 µs a field; at 50,000 candidates, most of them on retired
    lists, that was ~0.9 s of a correction's build step, py-spy). Every such default is
    immutable (None or an empty tuple; the model is frozen), so one value serves every person,
    as the one default object did before."""
    blanks = {
        name: field.get_default(call_default_factory=True)
        for name, field in Candidate.model_fields.items()
        if name not in KEPT_FIELDS and name not in fields and name != "extra"
    }
    assert all(v is None or v == () for v in blanks.values()), blanks
    return MappingProxyType(blanks)


def _derived(made: CandidateList, how: bytes, source: CandidateList) -> None:
    """`made` is what the function named `how` here made of `source` alone: on a publishing
    server its digest (the key of its round's pages and search entries) is derived from
    `source`'s, when that is known, instead of digesting its JSON (diskcache.derived_digest)."""
    known = diskcache.known_digest(source)
    if known is not None:
        diskcache.derived_digest(made, how, known)


def _not_selected_withheld(r: Round) -> Round:
    """The round without its 未入选 entries, unless the list opts in to publishing them.

    A 公示 shows who is proposed and the archive who was awarded; naming those not selected,
    permanently and searchably, is unusual in Chinese practice and can harm them. Dropping them
    here keeps them off every page, the search index and the feed alike; the list page says how
    many were left out, so nothing vanishes silently.
    """
    listing = r.candidates
    if listing is None or listing.show_not_selected:
        return r
    kept = tuple(p for p in listing.candidates if p.status != "未入选")
    if len(kept) == len(listing.candidates):
        return r
    shown = listing.model_copy(update={"candidates": kept})
    _derived(shown, b"not-selected-withheld", listing)
    return dataclasses.replace(
        r,
        candidates=shown,
        withheld=len(listing.candidates) - len(kept),
    )


def list_published(r: Round, today: dt.date) -> bool:
    """Whether the round's candidate list may be shown on `today`.

    A list committed ahead of its publicity period stays off the site (names, counts and links)
    until the period starts: the site is rebuilt daily, and publishing early would leak it.
    """
    if not r.people:
        return False
    start = r.publicity_start
    return start is None or today >= start
