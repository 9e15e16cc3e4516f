"""Hit and miss counters of the rebuild caches (tests assert on these, never on timings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CacheStats:
    """One cache's counters, cumulative over the process (`mkdocs serve` rebuilds in one)."""

    hits: int = 0
    misses: int = 0
    entries: int = 0
    """Entries kept after the last run, for the caches that report their size."""
