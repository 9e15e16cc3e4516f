"""/deadlines.ics and /feed.xml of the bundled site, read with real parsers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from conftest import DATA
from page_types import AFTER

from builder.load.loader import load
from builder.render.calendar_ics import fold

SHANGHAI = ZoneInfo("Asia/Shanghai")


def expected_events() -> list[tuple[str, dt.date, str | None]]:
    portal = load(DATA).portal
    assert portal is not None
    out = []
    for r in portal.rounds:
        if r.campaign.published and r.campaign.published > dt.date(2026, 11, 18):
            continue
        out += [(r.id, d.date, d.time) for d in r.campaign.deadlines]
        if r.publicity_end:
            # A publicity closing at an hour (end_time "17:00") is a timed event.
            end_time = r.campaign.publicity.end_time if r.campaign.publicity else None
            out.append((r.id, r.publicity_end, end_time))
    return out


def events(site: Path) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical((site / "deadlines.ics").read_bytes())
    return list(cal.walk("VEVENT"))


def test_ics_has_every_deadline_and_publicity_end(site_factory) -> None:
    site = site_factory("2026-11-18")
    raw = (site / "deadlines.ics").read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.get("VERSION") == "2.0" and cal.get("PRODID")
    assert [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    found = []
    for ev in events(site):
        start = ev.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=8)
            found.append((start.date(), start.strftime("%H:%M")))
        else:
            assert ev.decoded("DTEND") == start + dt.timedelta(days=1)
            found.append((start, None))
        assert str(ev.get("URL")).startswith("http://127.0.0.1:8000/campaigns/")
    assert sorted(found, key=str) == sorted(((d, t) for _, d, t in expected_events()), key=str)
    summaries = [str(ev.get("SUMMARY")) for ev in events(site)]
    assert any("社会公示结束：" in s for s in summaries)
    assert any(s.startswith("【示例数据】") for s in summaries)


def test_ics_uids_are_unique_and_stable_across_builds(site_factory) -> None:
    one = {str(ev.get("UID")): str(ev.get("SUMMARY")) for ev in events(site_factory("2026-11-18"))}
    two = {str(ev.get("UID")): str(ev.get("SUMMARY")) for ev in events(site_factory(AFTER))}
    assert len(one) == len(events(site_factory("2026-11-18")))
    assert all(uid.endswith(".127.0.0.1") and "@" not in uid for uid in one)
    assert one == two


def test_ics_text_is_escaped_and_folded_on_character_boundaries() -> None:
    line = "SUMMARY:" + "公示，名单；" * 20
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_feed_is_valid_atom_with_notices_and_publicity_starts(site_factory) -> None:
    site = site_factory("2026-11-18")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids))
    portal = load(DATA).portal
    assert portal is not None
    published = [
        r for r in portal.rounds
        if r.sort_date <= dt.date(2026, 11, 18)
    ]
    for r in published:
        assert f"http://127.0.0.1:8000/campaigns/{r.id}/" in ids, r.id
    publicity = [e for e in feed.entries if e.tags[0].term == "publicity"]
    jishu = [e for e in publicity if e.id.endswith("/campaigns/2026-shili-jishu-daitouren/gongshi/")]
    # Titled as the 公示 is; its summary gives no 文号 the 公示 does not have of its own.
    assert [e.title for e in jishu] == ["【示例数据】关于2026年示例市学术技术带头人拟入选人选的公示"]
    assert "示人社" not in jishu[0].summary
    for e in feed.entries:
        local = e.link.removeprefix("http://127.0.0.1:8000/").split("#")[0]
        assert (site / local / "index.html").is_file(), e.link
        assert e.updated_parsed is not None
    # Newest first.
    stamps = [e.updated_parsed for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True)
    # A list whose publicity has not started is not announced.
    early = feedparser.parse((site_factory("2026-10-01") / "feed.xml").read_bytes())
    assert not any("/gongshi/" in e.id and "2026-shili" in e.id for e in early.entries)


def test_ics_events_last_and_remind_the_day_before(site_factory) -> None:
    import datetime as _dt

    site = site_factory("2026-11-18")
    built_day_start = _dt.datetime(2026, 11, 18, tzinfo=SHANGHAI)
    for ev in events(site):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert end > start, ev.get("SUMMARY")
        assert ev.decoded("DTSTAMP") <= built_day_start
        alarms = ev.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0].get("ACTION")) == "DISPLAY"
        trigger = alarms[0].decoded("TRIGGER")
        if isinstance(start, _dt.datetime):
            assert end - start == _dt.timedelta(minutes=30)
            assert trigger == -_dt.timedelta(days=1)  # same time, the day before
        else:
            assert trigger == -_dt.timedelta(hours=15)  # 9:00 the day before
        assert str(alarms[0].get("DESCRIPTION")).startswith("明天")


def test_feed_titles_are_not_doubled_and_withdrawals_are_entries(site_factory) -> None:
    site = site_factory("2026-11-18")
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    for e in feed.entries:
        assert "——公示名单" not in e.title and e.title.count("公示：") <= 1, e.title
    portal = load(DATA).portal
    assert portal is not None
    revoked = [
        (r, p) for r in portal.rounds for p in r.people
        if p.status == "撤销" and r.campaign.publicity and r.campaign.publicity.start <= dt.date(2026, 11, 18)
    ]
    assert revoked, "the bundled data has a withdrawal"
    withdrawals = [e for e in feed.entries if "更正：撤销" in e.title]
    assert len(withdrawals) == len(revoked)
    for (r, person), e in zip(sorted(revoked, key=lambda x: x[1].name), sorted(withdrawals, key=lambda e: e.title), strict=False):
        assert person.name in e.title
        assert f"/campaigns/{r.id}/gongshi/#" in e.id
        assert person.status_note and person.status_note in e.summary
        assert e.updated_parsed[:3] <= (2026, 11, 18)


def test_with_the_disk_store_the_feed_takes_the_stored_anchors_and_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publishing server's feed takes a withdrawal's anchor from the round's stored anchors
    (builder.render.pages.anchors), as its list page does, and each round's entries from its
    stored parts (builder.render.pages.parts): the feed is the one made without the store,
    each round's entries made again from stored anchors only, and read from the stored parts."""
    from builder.files import cache, diskcache
    from builder.render.feed import build_feed
    from builder.render.pages import parts as parts_module
    from builder.render.publish import published_portal

    today = dt.date(2026, 11, 18)
    loaded = load(DATA).portal
    assert loaded is not None
    portal = published_portal(loaded, today)
    cache.clear_all()
    plain = build_feed(portal, site_url="https://example.invalid/", site_name="站", today=today)
    assert "更正：撤销" in plain
    made = [parts_module.feed_items(r, today) for r in portal.rounds]
    diskcache.enable(tmp_path / "store")
    try:
        cache.clear_all()
        assert build_feed(portal, site_url="https://example.invalid/", site_name="站", today=today) == plain
        worked_out: list[object] = []
        real = parts_module.candidate_anchor
        monkeypatch.setattr(parts_module, "candidate_anchor", lambda *a: worked_out.append(a) or real(*a))
        again = [parts_module.feed_items(r, today) for r in portal.rounds]
        cache.clear_all()
        hits = diskcache.stats.hits
        stored = build_feed(portal, site_url="https://example.invalid/", site_name="站", today=today)
        assert diskcache.stats.hits - hits == len(portal.rounds)  # every round's parts, no anchors
    finally:
        diskcache.disable()
        cache.clear_all()
    assert stored == plain and again == made and worked_out == []
    assert any(item.kind == "withdrawal" for items in made for item in items)



def test_a_calendar_line_is_folded_at_75_octets_between_characters() -> None:
    import itertools
    import random

    from builder.render.calendar_ics import fold

    pieces = ["a", "申", "报", "€", "😀", " ", ";", "截止时间：", "https://example.org/x"]
    rng = random.Random(7)
    for n in range(0, 200, 3):
        line = "DESCRIPTION:" + "".join(rng.choice(pieces) for _ in range(n))
        folded = fold(line)
        physical = folded.split("\r\n")
        assert all(len(p.encode("utf-8")) <= 75 for p in physical)
        assert all(p.startswith(" ") for p in physical[1:])
        assert all(len(p) > 1 for p in physical[1:])
        assert "".join([physical[0], *(p[1:] for p in physical[1:])]) == line
        # Greedy: each line but the last is full up to the character that would not fit.
        for p, after in itertools.pairwise(physical):
            assert len(p.encode("utf-8")) + len(after[1].encode("utf-8")) > 75
