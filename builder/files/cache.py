"""The rebuild caches' one mechanism: the registry every cache joins, hit and miss counters
(tests assert on these, never on timings) and the bounded least-recently-used cache keyed by a
content digest.

Every in-memory cache of a build registers the function that empties it (`register`), so
`clear_all()` empties them all: what tests call to start cold, instead of reaching into each
cache's private parts. Each cache's key is derived from its inputs (a content digest, the
function's arguments, or the narrowed context a renderer reads), never listed by hand.
Memoised constants (tables read from package data) are no rebuild caches and do not register.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar


@dataclass
class CacheStats:
    """One cache's counters, cumulative over the process (`mkdocs serve` rebuilds in one)."""

    hits: int = 0
    misses: int = 0
    entries: int = 0
    """Entries kept after the last run, for the caches that report their size."""


V = TypeVar("V")
_CLEARS: list[Callable[[], None]] = []


def register(clear: Callable[[], None]) -> None:
    """Join the registry: `clear` empties one cache (its counters stay, they are cumulative)."""
    _CLEARS.append(clear)


def clear_all() -> None:
    """Empty every registered cache: the next build starts cold."""
    for clear in _CLEARS:
        clear()


class Lru(Generic[V]):
    """A module-level cache that survives `mkdocs serve` reloads: content digest → value, at
    most `size` entries, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, V] = OrderedDict()
        self.stats = CacheStats()
        register(self.entries.clear)

    def get(self, key: str, make: Callable[[], V]) -> V:
        found = self.entries.get(key)
        if found is not None:
            self.stats.hits += 1
            self.entries.move_to_end(key)
            return found
        self.stats.misses += 1
        value = make()
        self.entries[key] = value
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value
