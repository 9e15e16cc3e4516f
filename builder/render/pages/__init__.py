"""Pure page renderers: the portal and a date in, page sources out. No MkDocs here."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from markupsafe import Markup
from pydantic import BaseModel

from builder.files import collector, diskcache, workers
from builder.files.cache import CacheStats, register
from builder.model.portal import FormFile, Portal, Round
from builder.model.urls import Column
from builder.model.workdays import WorkCalendar
from builder.render.pages.archive import render_archive
from builder.render.pages.campaign import render_campaign
from builder.render.pages.common import Context, PageSource, PageTags
from builder.render.pages.deadlines import render_deadlines
from builder.render.pages.forms import render_forms
from builder.render.pages.home import render_home
from builder.render.pages.parts import (
    RoundParts,
    parts_data,
    parts_module,
    parts_read,
    render_parts,
)
from builder.render.pages.publicity_list import render_publicity_list
from builder.render.pages.siteinfo import render_sitemap, render_statement
from builder.text.problems import display_path

__all__ = ["PageSource", "render_all", "round_page_stats", "round_parts"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_all(
    portal: Portal, today: dt.date, site_name: str, handwritten: Sequence[tuple[str, str]] = ()
) -> list[PageSource]:
    """Every generated page; `handwritten` are the hand-written pages ((title, URL), from
    builder.build.handwritten_pages), which the 网站地图 lists too."""
    # With the disk store (a publishing server), without the cyclic collector: the pages read
    # from the store stay alive, and each full collection would scan the whole portal
    # (builder.files.collector). Not in a build that renders every round: rendering leaves cycles
    # (≈ 100 objects a page), which the collector frees as it goes.
    with collector.paused(cycles=True) if diskcache.enabled() else contextlib.nullcontext():
        return _render_all(portal, today, site_name, handwritten)


def _render_all(
    portal: Portal, today: dt.date, site_name: str, handwritten: Sequence[tuple[str, str]]
) -> list[PageSource]:
    rules = portal.site.identity.objection_rules if portal.site is not None else None
    ctx = Context(portal, today, objection_rules=rules)
    stamp = _templates_stamp()
    parts = round_parts(portal, today, stamp)
    pages = [
        render_home(ctx, site_name),
        render_archive(ctx, parts),
        render_deadlines(ctx, parts),
        render_forms(ctx),
        render_sitemap(ctx, handwritten, parts),
        render_statement(ctx),
    ]
    rounds: _Rounds = []
    for r in portal.rounds:
        own = _round_context(ctx, r, parts[r.id].settled)
        rounds.append((r, own, (own.portal, own.today, own.objection_rules, own.settled, stamp)))
    _render_ahead(rounds)
    for r, own, key in rounds:
        pages += _ROUND_PAGES.get(r.id, key, functools.partial(_render_round, own, r))
    _ROUND_PAGES.keep({r.id for r in portal.rounds})
    return pages


def round_parts(
    portal: Portal, today: dt.date, stamp: tuple[tuple[str, int, int], ...] | None = None
) -> dict[str, RoundParts]:
    """Each round's parts of the pages that list every round and of the feed, by round id
    (builder.render.pages.parts): made once per build (the feed, built after the pages, finds
    them in memory) and, on a publishing server, read from the store for the rounds whose
    context is the same."""
    stamp = _templates_stamp() if stamp is None else stamp
    macros = parts_module(today)
    parts: dict[str, RoundParts] = {}
    with collector.paused() if diskcache.enabled() else contextlib.nullcontext():
        for r in portal.rounds:
            # Only the round, the calendar and the date, all in the key.
            own = Context(Portal(rounds=(r,), calendar=portal.calendar, data_dir=Path()), today)
            parts[r.id] = _ROUND_PARTS.get(r.id, (own.portal, own.today, stamp),
                                           functools.partial(render_parts, own, r, macros))
    _ROUND_PARTS.keep(set(parts))
    return parts


AHEAD_ROUNDS = 200
"""Rounds to render, from which `_render_ahead` renders half of them in a second process."""

_Rounds = list[tuple[Round, Context, tuple[object, ...]]]
_job: _Rounds | None = None
"""The rounds the forked worker of `_render_ahead` renders (inherited by the fork, so that
nothing of the portal is pickled to it)."""


def _render_worker() -> list[tuple[str, list[PageSource]]]:
    assert _job is not None
    return [(r.id, _render_round(own, r)) for r, own, _key in _job]


def _render_ahead(rounds: _Rounds) -> None:
    """Render the rounds the cache does not have on two cores when they are many: a forked
    worker renders every second one while this process renders the others (at 200,000
    candidates, 4,000 rounds' pages were ≈ 28 s on one core); the cache then has them all, as
    if this process had rendered them (the same renderers of the same narrowed context).

    Only with 2+ cores, AHEAD_ROUNDS+ rounds to render, no disk store (a publishing server
    reads the unchanged rounds' pages from it) and no other thread (a fork copies only this
    one)."""
    global _job
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not workers.may_fork():
        return
    missing = [(r, own, key) for r, own, key in rounds
               if (found := _ROUND_PAGES.entries.get(r.id)) is None or not _same(found.key, key)]
    if len(missing) < AHEAD_ROUNDS:
        return
    theirs, mine = missing[1::2], missing[0::2]
    _job = theirs
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            future = pool.submit(_render_worker)
            for r, own, key in mine:
                _ROUND_PAGES.get(r.id, key, functools.partial(_render_round, own, r))
            rendered = dict(future.result())
    finally:
        _job = None
    for r, _own, key in theirs:
        _ROUND_PAGES.stats.misses += 1
        _ROUND_PAGES.entries[r.id] = _Entry(key, rendered[r.id])


def _round_context(ctx: Context, r: Round, settled: dt.date | None) -> Context:
    """All that a round's notice and list pages may read: the round itself, the working-day
    calendar and the build date. The renderers get this narrowed portal, not the whole one, so
    the round-page cache keyed by it cannot miss an input (a field added to Round is in the key
    by itself). No other round, no site identity, no data folder (the masthead and footer are
    the theme's, from config.extra); of data/site.yml only the 公示 wording (`objection_rules`),
    which is in the key.

    A round past its last date (timeline.settled_from) is rendered as of the day it settled and
    without the build date: its pages are then the same bytes on every later day, and the daily
    rebuild of a site with thousands of closed rounds re-renders only the open ones.
    `settled`: timeline.settled_from(r), as the round's parts have it."""
    portal = Portal(rounds=(r,), calendar=ctx.portal.calendar, data_dir=Path())
    if settled is not None and settled <= ctx.today:
        return Context(portal, settled, objection_rules=ctx.objection_rules, settled=True)
    return Context(portal, ctx.today, objection_rules=ctx.objection_rules)


def _render_round(ctx: Context, r: Round) -> list[PageSource]:
    pages = [render_campaign(ctx, r)]
    if ctx.listed(r):
        pages.append(render_publicity_list(ctx, r))
    return pages


def _templates_stamp() -> tuple[tuple[str, int, int], ...]:
    """The page templates as they are on disk: `mkdocs serve` watches them, and Jinja reloads a
    template that changed, so a cached page must not outlive one."""
    return tuple(
        (str(p), st.st_mtime_ns, st.st_size)
        for p in sorted(TEMPLATES.rglob("*.html"))
        for st in (p.stat(),)
    )


T = TypeVar("T")


@dataclass
class _Entry(Generic[T]):
    key: tuple[object, ...]
    value: T


STORED = diskcache.Codec(PageSource, PageTags, Column)


class _RoundMemo(Generic[T]):
    """What is made of one round, reused while the key it is made from is the same: in memory
    (`mkdocs serve` renders the whole portal again on every save, in the same process), and in
    the disk store of a publishing server (under `namespace`, by `stable_digest` of the key;
    `encode` and `decode` are the entry's bytes, None when it cannot be stored or read). The
    key is compared by identity first, then by value, so an equal round loaded again
    (builder.load.parsecache hands back the same models for the same bytes) is a hit without
    trusting identity for correctness. Only the rounds of the latest build are kept."""

    def __init__(self, namespace: str, encode: Callable[[T], bytes | None],
                 decode: Callable[[bytes], T | None]) -> None:
        self.namespace = namespace
        self.encode = encode
        self.decode = decode
        self.entries: dict[str, _Entry[T]] = {}
        self.stats = CacheStats()
        register(self.entries.clear)

    def get(self, round_id: str, key: tuple[object, ...], render: Callable[[], T]) -> T:
        found = self.entries.get(round_id)
        if found is not None and _same(found.key, key):
            self.stats.hits += 1
            return found.value
        self.stats.misses += 1
        disk_key = stable_digest(key) if diskcache.enabled() else b""
        data = diskcache.get_raw(self.namespace, disk_key) if disk_key else None
        stored = self.decode(data) if data is not None else None
        if stored is not None:
            value = stored
        else:
            value = render()
            if disk_key and (data := self.encode(value)) is not None:
                diskcache.put_raw(self.namespace, disk_key, data)
        self.entries[round_id] = _Entry(key, value)
        return value

    def keep(self, ids: set[str]) -> None:
        for stale in self.entries.keys() - ids:
            del self.entries[stale]


def _entry_of(pages: list[PageSource]) -> bytes | None:
    """A round's pages for the disk store: their fields but the HTML as `STORED`'s JSON, with
    the length of each page's HTML, on one line; then the pages' HTML, as UTF-8, one after the
    other. Read back, the HTML is sliced and decoded, not parsed out of a JSON string with
    escapes in every attribute (≈ 0.2 s at 50,000 candidates of a correction's 0.25 s of
    reading the unchanged rounds' pages). None: not storable."""
    try:
        bodies = [str(p.html).encode("utf-8") for p in pages]
        head = STORED.dumps(([dataclasses.replace(p, html=Markup("")) for p in pages],
                             [len(b) for b in bodies]))
    except (diskcache.Unstorable, UnicodeEncodeError):
        return None
    return b"\n".join((head, b"".join(bodies)))  # the JSON has no raw line break


def _pages_of(data: bytes) -> list[PageSource] | None:
    """The pages `_entry_of` stored, or None for anything of another shape (a miss)."""
    head, newline, rest = data.partition(b"\n")
    try:
        found = STORED.loads(head) if newline else None
    except ValueError:
        return None
    if not (type(found) is tuple and len(found) == 2 and type(found[0]) is list
            and type(found[1]) is list and len(found[0]) == len(found[1])
            and all(type(p) is PageSource and p.html == "" for p in found[0])
            and all(type(n) is int and n >= 0 for n in found[1]) and sum(found[1]) == len(rest)):
        return None
    pages: list[PageSource] = []
    start = 0
    for page, size in zip(found[0], found[1], strict=True):
        try:
            html = rest[start:start + size].decode("utf-8")
        except UnicodeDecodeError:
            return None
        pages.append(dataclasses.replace(page, html=Markup(html)))
        start += size
    return pages


def stable_digest(key: object) -> bytes:
    """A digest of a round's key that is the same in every process for equal inputs (pickles
    are not: a model's set of fields given is pickled in hash order), for the disk store of a
    publishing server (builder.files.diskcache), whose builds run in one process each."""
    return hashlib.blake2b(repr(_stable(key)).encode("utf-8", "surrogatepass"),
                           digest_size=20).digest()


_PLAIN = frozenset({str, int, bool, float, type(None), bytes, dt.date, dt.datetime})
"""Types `_stable` keeps as they are (exactly these: a subclass such as Markup takes the long
way, and ends up kept too, as before)."""


def _stable(value: object) -> object:
    t = type(value)
    if t in _PLAIN:
        return value
    if t is tuple or t is list:
        # Without a call per plain item: a retired round's `nominated` holds a pair per person
        # (at 50,000 candidates ~40,000 of them, most of the key's cost), so a tuple of tuples
        # of plain values is checked by their types' sets (in C) and kept as it is: the same
        # value as item by item.
        items: Sequence[object] = value  # type: ignore[assignment]
        kinds = set(map(type, items))
        if kinds <= _PLAIN or (kinds == {tuple} and set(
                map(type, itertools.chain.from_iterable(items))) <= _PLAIN):  # type: ignore[arg-type]
            return tuple(items)
        return tuple(v if type(v) in _PLAIN else _stable(v) for v in items)
    if isinstance(value, BaseModel):
        return (type(value).__qualname__, diskcache.model_digest(value))
    if t is Round or t is WorkCalendar:
        return _shared(value)
    if isinstance(value, FormFile):
        # Pages never read the file's location, which is inside each build's own checkout;
        # its place in the project and its content (sha256, size) are kept.
        value = dataclasses.replace(value, path=Path(display_path(value.path)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, (tuple, list)):
        return tuple(_stable(v) for v in value)
    if isinstance(value, dict):
        return tuple((_stable(k), _stable(v)) for k, v in value.items())
    return value


def _fields(value: object) -> tuple[str, tuple[object, ...]]:
    return (type(value).__qualname__,
            tuple(_stable(getattr(value, f.name)) for f in dataclasses.fields(value)))  # type: ignore[arg-type]


_SHARED: dict[int, tuple[weakref.ref[object], tuple[str, bytes]]] = {}
"""`_shared` of the rounds and calendars alive, by identity."""


def _shared(value: object) -> tuple[str, bytes]:
    """A round or the calendar as a digest of `_stable` of its fields, made once while it
    lives: each is in the key of its round's pages and of its round's parts (the calendar in
    every round's), and a retired round's `nominated` alone is a pair per person. Rounds and
    calendars are frozen: a changed value is a new object."""
    found = _SHARED.get(id(value))
    if found is not None and found[0]() is value:
        return found[1]
    name, fields = _fields(value)
    made = (name, hashlib.blake2b(repr(fields).encode("utf-8", "surrogatepass"), digest_size=20).digest())
    key = id(value)

    def forget(ref: weakref.ref[object]) -> None:
        entry = _SHARED.get(key)
        if entry is not None and entry[0] is ref:
            del _SHARED[key]

    _SHARED[key] = (weakref.ref(value, forget), made)
    return made


def _same(a: Sequence[object], b: Sequence[object]) -> bool:
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


_ROUND_PAGES: _RoundMemo[list[PageSource]] = _RoundMemo("round-pages", _entry_of, _pages_of)
"""A round's notice and list pages. They depend only on the round itself, the build date, the
working-day calendar and the templates: the key is exactly what the renderers are given
(`_round_context`) plus the templates' stamp. With 100 rounds, one saved list is one round to
render, not 100."""
round_page_stats = _ROUND_PAGES.stats
_ROUND_PARTS: _RoundMemo[RoundParts] = _RoundMemo("round-parts", parts_data, parts_read)
"""Each round's parts of the pages that list every round (builder.render.pages.parts), keyed by
exactly what they are rendered from. Unlike the round's own pages, they are of the build date,
not of the day the round settled: the store holds a day's parts, and a correction on the same
day reads all but the corrected round's."""
round_parts_stats = _ROUND_PARTS.stats


def forget() -> None:
    """Forget the rounds' pages: a build that runs once in its process (`gongshi build`) has no
    later build to serve, and once the engine has written them their HTML is read no more (at
    200,000 candidates it is held twice over until the end of the build, here and in the
    engine's pages: builder.build.SitePlan.written)."""
    _ROUND_PAGES.entries.clear()
    _ROUND_PARTS.entries.clear()
