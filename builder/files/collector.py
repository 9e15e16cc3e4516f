"""Python's cyclic garbage collector during a build's heavy stages.

A stage that allocates millions of small objects (the load's documents and models, the retired
lists, the pages read from the store, the search postings) pauses the collector (`paused`):
its objects stay alive until the stage ends, or are freed by reference counting (no reference
cycles), so a collection in between finds nothing, yet each one scans everything allocated so
far; at 200,000 candidates the collections while the load piles up its models cost about a
quarter of the YAML parse, and with the caches of a long `mkdocs serve` session on the heap
each full collection scans millions of objects.

Re-enabling the collector sets off one collection of everything the stage allocated (every
object made while it was off is in the youngest generation). On a publishing server (the disk
store on, builder.files.diskcache) the process makes one build and exits, and what a stage
leaves stays to the end or is freed by reference counts: a correction's load at 200,000
candidates leaves no cyclic garbage at all. There the stage's objects are frozen instead
(`gc.freeze`: left out of every later scan), which saved ≈ 0.6 s of a correction at 200,000
(the scans after the load and after the search postings). A stage that leaves cycles (the
pages' rendering) is still collected. `gongshi build` and `mkdocs serve` collect as before: a
plain build parses every file, and keeping what that leaves for good cost it 88 MB.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from builder.files import diskcache


@contextlib.contextmanager
def paused(*, cycles: bool = False) -> Iterator[None]:
    """The cyclic collector off while the block runs (see the module's docstring). `cycles`:
    the block may leave reference cycles behind (rendering pages does, ≈ 100 objects a page),
    so they are collected when it ends, with the disk store too."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if diskcache.enabled() and not cycles:
                gc.freeze()
            gc.enable()
