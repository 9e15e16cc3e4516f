"""Hit and miss counters of the rebuild caches (tests assert on these, never on timings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
