"""The rebuild caches' one mechanism: hit and miss counters (tests assert on these, never on
timings) and the bounded least-recently-used cache keyed by a content digest."""

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


class Lru(Generic[V]):
    """A module-level cache that survives `mkdocs serve` reloads: content digest → value, at
    most `size` entries, least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, V] = OrderedDict()
        self.stats = CacheStats()

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
