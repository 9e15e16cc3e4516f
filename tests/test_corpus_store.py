"""A round's search entries in the disk store (builder.render.search.corpus.round_entries): kept by
the digest of the round's list, read back equal and numbered as asked; any change of the list is
a miss, and so is an entry of any other shape."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA

from builder.files import diskcache
from builder.load.loader import load
from builder.model.portal import Portal, Round
from builder.render.publish import published_portal
from builder.render.search import corpus
from builder.render.search import index as si
from builder.render.search.corpus import _entries_data, _entries_read, round_entries

TODAY = dt.date(2026, 6, 17)


@pytest.fixture(scope="module")
def rounds() -> list[Round]:
    loaded = load(DATA)
    assert loaded.portal is not None
    return [r for r in published_portal(loaded.portal, TODAY).rounds if r.people]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    diskcache.enable(tmp_path / "store")
    yield tmp_path / "store" / diskcache.code_digest()
    diskcache.disable()


def _made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    real = corpus._made_entries

    def counted(r: Round, n: int) -> list[object]:
        made.append(r.id)
        return real(r, n)  # type: ignore[return-value]

    monkeypatch.setattr(corpus, "_made_entries", counted)
    return made


def test_entries_come_back_equal_and_numbered_as_asked(
    rounds: list[Round], store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _made(monkeypatch)
    first = {r.id: round_entries(r, i) for i, r in enumerate(rounds)}
    assert made == [r.id for r in rounds]
    again = {r.id: round_entries(r, i + 7) for i, r in enumerate(rounds)}
    assert made == [r.id for r in rounds]  # nothing made again
    for i, r in enumerate(rounds):
        assert again[r.id] == [dataclasses.replace(e, round=i + 7) for e in first[r.id]]
        assert all(type(e.codes) is tuple for e in again[r.id])


def test_a_changed_list_is_a_miss(
    rounds: list[Round], store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = rounds[0]
    round_entries(r, 0)
    assert r.candidates is not None
    person = r.people[0]
    for change in ({"unit": "另一单位"}, {"field": "新的专业领域"}, {"pinyin": "Ling Yi"},
                   {"name_zh": "译名"}):
        edited = r.candidates.model_copy(update={"candidates": (
            person.model_copy(update=change), *r.people[1:])})
        made = _made(monkeypatch)
        entries = round_entries(dataclasses.replace(r, candidates=edited), 0)
        assert made == [r.id], change
        assert entries == corpus._made_entries(dataclasses.replace(r, candidates=edited), 0)
        monkeypatch.undo()


def test_an_entry_of_another_shape_is_a_miss(rounds: list[Round]) -> None:
    entries = corpus._made_entries(rounds[0], 3)
    data = _entries_data(entries)
    assert data is not None and _entries_read(data, 3) == entries
    assert _entries_read(b"[]", 3) == []
    for bad in (b"", b"{}", b"[1]", b"[[]]", data[:-1], data.replace(b"[[", b"[[1,", 1),
                data.replace(b'"', b"", 2), b'[["a","b",null,null,"s","x",null,"",["1",2],null]]',
                b'[["a","b",null,null,"s","x",null,"",[],null,"extra"]]',
                b'[["a",null,null,null,"s","x",null,"",[],null]]'):
        assert _entries_read(bad, 3) is None, bad[:60]
    assert _entries_read(b'[["a","b",null,null,"s","x",null,"",["1"],null]]', 3) is not None


@pytest.fixture(scope="module")
def portal() -> Portal:
    loaded = load(DATA)
    assert loaded.portal is not None
    return published_portal(loaded.portal, TODAY)


def _corpus_of(portal: Portal) -> si.SearchCorpus:
    return corpus.build_corpus(portal, frozenset(r.id for r in portal.rounds), frozenset())[0]


def test_the_candidates_key_is_known_from_the_rounds_stored_entries(portal: Portal, tmp_path: Path) -> None:
    """With the store on, the corpus knows its candidates' key from each round's stored entries
    (index.KnownCandidates: a correction does not digest 200,000 candidates again), the same
    whether they were made or read; a round's list changed is another key; candidates replaced,
    added or removed after the corpus was made are digested as they are (never the known key)."""
    assert _corpus_of(portal).known is None  # no store: nothing known, digested
    diskcache.enable(tmp_path / "store")
    try:
        made = _corpus_of(portal)
        read = _corpus_of(portal)
        at = next(i for i, r in enumerate(portal.rounds) if r.people and r.candidates is not None)
        first = portal.rounds[at]
        assert first.candidates is not None
        edited_list = first.candidates.model_copy(update={"candidates": (
            first.people[0].model_copy(update={"unit": "另一单位"}), *first.people[1:])})
        rounds = list(portal.rounds)
        rounds[at] = dataclasses.replace(first, candidates=edited_list)
        edited = dataclasses.replace(portal, rounds=tuple(rounds))
        changed = _corpus_of(edited)
    finally:
        diskcache.disable()
    assert made.known is not None and read.known is not None and changed.known is not None
    assert made.candidates == read.candidates and len(made.candidates) > 3
    key = si.candidates_key(made)
    assert key == made.known.digest == si.candidates_key(read) != si.candidates_digest(made.candidates)
    assert si.candidates_key(changed) != key
    assert si.candidates_key(copy.deepcopy(made)) == key  # the same candidates, copied with it
    for spoil in (lambda c: c.candidates.__setitem__(2, dataclasses.replace(c.candidates[2], name="某某")),
                  lambda c: c.candidates.append(c.candidates[0]),
                  lambda c: c.candidates.pop(),
                  lambda c: c.candidates.reverse()):
        spoiled = copy.deepcopy(made)
        spoil(spoiled)
        assert si.candidates_key(spoiled) == si.candidates_digest(spoiled.candidates), spoil
    assert si.corpus_digest(made) == si.corpus_digest(read) != si.corpus_digest(changed)
