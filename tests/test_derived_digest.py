"""A publishing server's lists are keyed by what they were made from (diskcache.derived_digest):
a parsed file's model by its bytes, a list as published (retired, its 未入选 withheld, before its
decision day) by the list it was made from. Equal inputs give the same digest in every process,
from the YAML or from the store; any change of a file gives another; a plain build derives
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, copy_data

from builder.files import diskcache
from builder.files.cache import clear_all
from builder.load.loader import load
from builder.model.portal import Portal
from builder.render.publish import published_portal

LATER = dt.date(2030, 1, 1)
"""Every fixture list is retired by then (data/site.yml keeps details for days, not years)."""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    diskcache.enable(tmp_path / "store")
    yield tmp_path
    diskcache.disable()


def _loaded(data: Path) -> Portal:
    clear_all()  # as a new process: the lists read from the store, not from memory
    loaded = load(data)
    assert loaded.portal is not None, loaded.problems.to_text()
    return loaded.portal


def _digests(portal: Portal) -> dict[str, bytes]:
    return {r.id: diskcache.model_digest(r.candidates) for r in portal.rounds if r.candidates is not None}


def test_lists_are_keyed_by_their_files_from_the_yaml_and_from_the_store(store: Path) -> None:
    parsed = _loaded(DATA)
    assert all(diskcache.known_digest(r.candidates) is not None for r in parsed.rounds if r.candidates)
    stored = _loaded(DATA)  # read back from the store: other objects, the same keys
    assert [r.candidates is s.candidates for r, s in zip(parsed.rounds, stored.rounds, strict=True)
            if r.candidates] == [False] * len(_digests(parsed))
    assert _digests(stored) == _digests(parsed)
    # Not the JSON's digest: nothing was digested.
    plain = {r.id: r.candidates.model_copy() for r in parsed.rounds if r.candidates is not None}
    assert all(diskcache.model_digest(plain[k]) != d for k, d in _digests(parsed).items())


def test_a_published_list_is_keyed_by_the_list_it_was_made_from(store: Path) -> None:
    published = published_portal(_loaded(DATA), LATER)
    again = published_portal(_loaded(DATA), LATER)
    retired = [r for r in published.rounds if r.retired and r.candidates is not None]
    assert retired
    assert all(diskcache.known_digest(r.candidates) is not None for r in retired)
    assert _digests(published) == _digests(again)
    assert not set(_digests(published).values()) & set(_digests(_loaded(DATA)).values())


def test_any_change_of_a_list_file_is_another_key(store: Path) -> None:
    data = copy_data(store / "copy")
    before = _digests(published_portal(_loaded(data), LATER))
    changed = sorted((data / "candidates").glob("*.yml"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    after = _digests(published_portal(_loaded(data), LATER))
    differ = {k for k in before if before[k] != after[k]}
    assert len(differ) == 1 and changed.stem in next(iter(differ))


def test_a_plain_build_derives_nothing() -> None:
    assert not diskcache.enabled()
    portal = published_portal(_loaded(DATA), LATER)
    assert all(diskcache.known_digest(r.candidates) is None for r in portal.rounds if r.candidates)
    listing = next(r.candidates for r in portal.rounds if r.candidates is not None)
    # Its JSON's digest: an equal copy has the same.
    assert diskcache.model_digest(listing) == diskcache.model_digest(listing.model_copy())
