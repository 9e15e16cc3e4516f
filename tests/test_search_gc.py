"""The index build pauses the cyclic garbage collector while it collects postings (see
builder.files.collector) and leaves it as it found it; on a publishing server (the disk store
on) what a paused stage made is frozen instead of scanned when the collector is back on."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from test_search_cache import synthetic

from builder.files import collector, diskcache
from builder.render.search import shards


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_is_paused_during_the_build_and_restored(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = shards._bm25

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(shards, "_bm25", spy)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        built = shards.build(synthetic())
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]
    assert built.files


class _Made:
    """An object the collector tracks (an instance with a __dict__)."""


@pytest.mark.parametrize("store", [True, False])
def test_what_a_stage_made_is_frozen_only_with_the_store(store: bool, tmp_path: Any) -> None:
    was = gc.isenabled()
    gc.enable()
    if store:
        diskcache.enable(tmp_path / "store")
    try:
        before = gc.get_freeze_count()
        with collector.paused():
            assert not gc.isenabled()
            made = [_Made() for _ in range(1000)]
        assert gc.isenabled()
        frozen = gc.get_freeze_count() - before
        # Frozen: left out of every later scan, so the collector never scans them again.
        assert (frozen >= len(made)) is store
    finally:
        if store:
            diskcache.disable()
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
