"""Each round's parts of the pages that list every round (builder.render.pages.parts): made from
the round's own context and keyed by it, so a changed input is a changed part and a changed key;
the pages joined from stored parts are the pages made from nothing; a stored part of another
shape is a miss."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import DATA
from markupsafe import Markup

from builder.files import cache, diskcache
from builder.load.loader import load
from builder.model.portal import Portal, Round
from builder.render.pages import _templates_stamp, render_all, round_parts_stats, stable_digest
from builder.render.pages.common import Context
from builder.render.pages.parts import parts_data, parts_module, parts_read, render_parts
from builder.render.publish import published_portal

TODAY = dt.date(2026, 6, 17)


@pytest.fixture(scope="module")
def portal() -> Portal:
    loaded = load(DATA)
    assert loaded.portal is not None
    return published_portal(loaded.portal, TODAY)


def _own(portal: Portal, r: Round, today: dt.date = TODAY) -> Context:
    return Context(Portal(rounds=(r,), calendar=portal.calendar, data_dir=Path()), today)


def _key(portal: Portal, r: Round, today: dt.date = TODAY) -> bytes:
    return stable_digest((_own(portal, r, today).portal, today, _templates_stamp()))


def test_pages_from_stored_parts_are_the_pages_made_from_nothing(portal: Portal, tmp_path: Path) -> None:
    handwritten = [("关于本站", "about/")]
    cache.clear_all()
    plain = render_all(portal, TODAY, "站", handwritten)
    diskcache.enable(tmp_path / "store")
    try:
        cache.clear_all()
        stored = render_all(portal, TODAY, "站", handwritten)
        cache.clear_all()
        hits = diskcache.stats.hits
        read = render_all(portal, TODAY, "站", handwritten)
        assert diskcache.stats.hits - hits >= len(portal.rounds)  # every round's parts read
    finally:
        diskcache.disable()
        cache.clear_all()
    assert plain == stored == read
    by_url = {p.url: p for p in read}
    for r in portal.rounds:  # every round is on the pages that list them
        assert r.campaign.title in by_url["archive/"].html
        assert r.campaign.title in by_url["sitemap/"].html


def _with_deadlines(portal: Portal) -> Round:
    return next(r for r in portal.rounds if r.campaign.deadlines and r.people)


def test_a_changed_input_changes_the_part_and_its_key(portal: Portal) -> None:
    r = _with_deadlines(portal)
    macros = parts_module(TODAY)
    base = render_parts(_own(portal, r), r, macros)
    assert base.deadlines and base.list_item is not None and base.feed
    renamed = dataclasses.replace(r, campaign=r.campaign.model_copy(update={"title": "另一个标题"}))
    other = render_parts(_own(portal, renamed), renamed, macros)
    assert "另一个标题" in other.archive and "另一个标题" not in base.archive
    assert "另一个标题" in other.notice_item
    assert all("另一个标题" in row.until and "另一个标题" in row.after for row in other.deadlines)
    assert other.feed and all(item.kind != "notice" or "另一个标题" in item.title for item in other.feed)
    assert [item.title for item in other.feed] != [item.title for item in base.feed]
    assert _key(portal, renamed) != _key(portal, r)
    # Another day: another key, and the rows say what that day makes of the round.
    first = min(row_day for row_day in (d.date for d in r.campaign.deadlines))
    before = first - dt.timedelta(days=1)
    early = render_parts(_own(portal, r, before), r, parts_module(before))
    assert _key(portal, r, before) != _key(portal, r)
    assert early.deadlines[0].upcoming and early.deadlines != base.deadlines
    # A list changed under the same campaign is another key as well.
    person = r.people[0]
    assert r.candidates is not None
    relisted = dataclasses.replace(r, candidates=r.candidates.model_copy(update={
        "candidates": (person.model_copy(update={"name": person.name + "甲"}), *r.people[1:])}))
    assert _key(portal, relisted) != _key(portal, r)


def test_a_stored_part_of_another_shape_is_a_miss(portal: Portal) -> None:
    r = _with_deadlines(portal)
    base = render_parts(_own(portal, r), r, parts_module(TODAY))
    data = parts_data(base)
    assert data is not None
    again = parts_read(data)
    assert again == base and again is not None
    assert type(again.archive) is Markup and all(type(row.until) is Markup for row in again.deadlines)
    body = json.loads(data)
    assert body[4] and body[5]  # deadlines and feed entries, so their bad forms below are read
    bad: list[object] = [
        [], body[:6], [*body, 1],
        [1, *body[1:]],  # no text where the row's HTML is due
        [body[0], 1, *body[2:]],  # past: not a bool
        [*body[:3], 1, *body[4:]],
        [*body[:4], [[*body[4][0][:2], "1", *body[4][0][3:]]], *body[5:]],  # index as text
        [*body[:4], [body[4][0][:5]], *body[5:]],  # a field short
        [*body[:5], [["2026-13-01", *body[5][0][1:]]], body[6]],  # no date
        [*body[:5], [[*body[5][0][:4], [1], *body[5][0][5:]]], body[6]],  # an author not a text
        [*body[:6], "2026-02-30"],  # settled: no date
        [*body[:6], 20260201],
        {"archive": body[0]},
    ]
    assert parts_read(json.dumps([*body[:6], None], ensure_ascii=False).encode()) is not None
    for wrong in bad:
        assert parts_read(json.dumps(wrong, ensure_ascii=False).encode()) is None, wrong
    assert parts_read(b"\xff") is None and parts_read(data[:-1]) is None
    odd = dataclasses.replace(base, archive=Markup("\ud800"))
    assert parts_data(odd) is None  # a lone surrogate: not stored


def test_parts_are_counted(portal: Portal) -> None:
    cache.clear_all()
    misses = round_parts_stats.misses
    render_all(portal, TODAY, "站")
    assert round_parts_stats.misses - misses == len(portal.rounds)
    hits = round_parts_stats.hits
    render_all(portal, TODAY, "站")
    assert round_parts_stats.hits - hits == len(portal.rounds)
