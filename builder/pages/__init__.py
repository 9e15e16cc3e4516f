"""Pure page renderers: the portal and a date in, page sources out. No MkDocs here."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from builder.cache import CacheStats
from builder.pages.archive import render_archive
from builder.pages.campaign import render_campaign
from builder.pages.common import Context, PageSource
from builder.pages.deadlines import render_deadlines
from builder.pages.forms import render_forms
from builder.pages.gongshi import render_gongshi
from builder.pages.home import render_home
from builder.portal import Portal, Round

__all__ = ["PageSource", "render_all", "round_page_stats"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def render_all(portal: Portal, today: dt.date, site_name: str) -> list[PageSource]:
    ctx = Context(portal, today)
    pages = [
        render_home(ctx, site_name),
        render_archive(ctx),
        render_deadlines(ctx),
        render_forms(ctx),
    ]
    stamp = _templates_stamp()
    for r in portal.rounds:
        pages += _ROUND_PAGES.get(r, ctx, stamp, functools.partial(_render_round, ctx, r))
    _ROUND_PAGES.keep({r.id for r in portal.rounds})
    return pages


def _render_round(ctx: Context, r: Round) -> list[PageSource]:
    pages = [render_campaign(ctx, r)]
    if ctx.listed(r):
        pages.append(render_gongshi(ctx, r))
    return pages


def _templates_stamp() -> tuple[tuple[str, int, int], ...]:
    """The page templates as they are on disk: `mkdocs serve` watches them, and Jinja reloads a
    template that changed, so a cached page must not outlive one."""
    return tuple(
        (str(p), st.st_mtime_ns, st.st_size)
        for p in sorted(TEMPLATES.rglob("*.html"))
        for st in (p.stat(),)
    )


@dataclass
class _Entry:
    key: tuple[object, ...]
    pages: list[PageSource]


class _RoundPageCache:
    """A round's notice and list pages, reused while nothing they are made from changed.

    Under `mkdocs serve` every save renders the whole portal again (in the same process), but a
    round's two pages depend only on the round itself, the build date, the working-day calendar
    and the templates: with 100 rounds, one saved list is one round to render, not 100. The key
    holds those inputs and is compared by identity first, then by value, so an equal round
    loaded again (builder.parsecache hands back the same models for the same bytes) is a hit
    without trusting identity for correctness. Only the rounds of the latest build are kept.
    """

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}
        self.stats = CacheStats()

    @staticmethod
    def key(r: Round, ctx: Context, stamp: object) -> tuple[object, ...]:
        cal = ctx.portal.calendar
        return (
            r.campaign, r.candidates, r.forms, r.publicity_end, r.source, r.candidates_source,
            ctx.today, dict(cal.overrides), cal.calendar_dir, stamp,
        )

    def get(
        self, r: Round, ctx: Context, stamp: object, render: Callable[[], list[PageSource]]
    ) -> list[PageSource]:
        key = self.key(r, ctx, stamp)
        found = self.entries.get(r.id)
        if found is not None and _same(found.key, key):
            self.stats.hits += 1
            return found.pages
        self.stats.misses += 1
        pages = render()
        self.entries[r.id] = _Entry(key, pages)
        return pages

    def keep(self, ids: set[str]) -> None:
        for stale in self.entries.keys() - ids:
            del self.entries[stale]


def _same(a: Sequence[object], b: Sequence[object]) -> bool:
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))


_ROUND_PAGES = _RoundPageCache()
round_page_stats = _ROUND_PAGES.stats
