"""The index build pauses the cyclic garbage collector while it collects postings (see
builder.render.search.shards.collector_paused) and leaves it as it found it."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from test_search_cache import synthetic

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
