"""The index build pauses the cyclic garbage collector while lunr.py adds documents (see
builder.search.index._collector_paused) and leaves it as it found it."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from test_search_cache import synthetic

from builder.search import index as si


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_is_paused_during_add_and_restored(
    enabled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = si._Lunr

    def spy(docs: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(docs, **kwargs)

    monkeypatch.setattr(si, "_Lunr", spy)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        built = si.build(synthetic())
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]
    assert built.packed == si.reference(built.docs)[1]
