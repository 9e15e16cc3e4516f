"""Each document's search terms for the shard build, remembered across processes.

The terms of a name, a unit or a page (builder.render.search.index: candidate_doc, unit_doc,
page_doc, and a unit's initials) are pure functions of their text: pypinyin readings, initials,
syllable pairs, tokens. Under `mkdocs serve` their in-process LRU caches make a rebuild re-read
only what changed. A publishing server runs every build in a new process, where those caches
are empty: at 50,000 candidates, extracting the terms again was half of the search files'
build (≈ 7 of 15 s) on every push, although a correction changes one round.

With the disk store enabled (builder.files.diskcache, only on a publishing server), the terms
are stored in pieces a correction leaves alone: the candidates of one round (their names and
readings, and the names of their work and recommending units), and each page or form by its
title and text. A piece is keyed by exactly the inputs its terms are made from (and the
store's code digest), so an entry is found only for the same texts; the value is plain JSON
(lists of strings), turned back into the same read-only structures the LRU functions return.
Without the store, this is the LRU functions, unchanged; and in a build with no later build in
its process (`remember=False`: `gongshi build`), the candidates' terms are made without their
LRU cache, which would keep every one alive to the end of the build: at 200,000 candidates they
are ≈ 2 KB each, ≈ 350 MB, and the shard build lets them go as their postings are added
(builder.render.search.shards); `gongshi build` has them extracted on the other core while the
engine renders (builder.render.search.ahead).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from builder.files import diskcache
from builder.render.search import ahead
from builder.render.search.index import (
    CandidateDoc,
    CandidateEntry,
    Fields,
    SearchCorpus,
    candidate_doc,
    page_doc,
    unit_doc,
)
from builder.text.names.readings import text_initials

VERSION = 1
"""Of the stored shape below (the code digest already covers what the terms are made by)."""

_PLAIN = diskcache.Codec()
"""Lists, strings and integers only: JSON's own types."""


@dataclass
class CorpusTerms:
    """The terms of one corpus, in the corpus's order."""

    candidates: list[CandidateDoc]
    """corpus.candidates[i]'s name terms."""
    unit_initials: dict[str, str]
    """Every work and recommending unit → text_initials(unit)."""
    unit_fields: dict[str, Fields]
    """Every work and recommending unit → unit_doc(unit)."""
    texts: list[Fields]
    """page_doc of the pages, then of the forms (shards._text_postings' documents)."""


def corpus_terms(corpus: SearchCorpus, *, remember: bool = True) -> CorpusTerms:
    """`remember`: the candidates' terms are kept for a later build in this process (their LRU
    cache, `mkdocs serve`), else made for this corpus alone (a name twice made once)."""
    cands: list[CandidateDoc] = []
    initials: dict[str, str] = {}
    fields: dict[str, Fields] = {}
    make = candidate_doc if remember else _Once(candidate_doc.__wrapped__, ahead.taken())
    for group in _by_round(corpus.candidates):
        docs, units = _round_terms(group, make)
        cands += docs
        for unit, unit_initials, unit_fields in units:
            initials.setdefault(unit, unit_initials)
            fields.setdefault(unit, unit_fields)
    return CorpusTerms(cands, initials, fields, text_terms(corpus))


def text_terms(corpus: SearchCorpus) -> list[Fields]:
    """CorpusTerms.texts alone: page_doc of the pages, then of the forms (title, its round's
    title and note)."""
    return [_text_terms(title, text) for title, text in text_inputs(corpus)]


def text_inputs(corpus: SearchCorpus) -> list[tuple[str, str]]:
    """What each of CorpusTerms.texts is made from (doc_terms): the title and text of each page,
    then of each form its title, and its round's title with its note."""
    inputs = [(p.title, p.text) for p in corpus.pages]
    for form in corpus.forms:
        r = corpus.rounds[form.round]
        inputs.append((form.title, " ".join(filter(None, (r.title, form.note)))))
    return inputs


def doc_terms(title: str, text: str) -> Fields:
    """One of CorpusTerms.texts, of its `text_inputs`: from the store when it is enabled."""
    return _text_terms(title, text)


def _by_round(candidates: Sequence[CandidateEntry]) -> Iterable[Sequence[CandidateEntry]]:
    """Runs of candidates of the same round (a corpus lists each round's together)."""
    start = 0
    for i in range(1, len(candidates) + 1):
        if i == len(candidates) or candidates[i].round != candidates[start].round:
            yield candidates[start:i]
            start = i


def _units(group: Sequence[CandidateEntry]) -> list[str]:
    seen: dict[str, None] = {}
    for c in group:
        seen.setdefault(c.unit)
        if c.recommended_by:
            seen.setdefault(c.recommended_by)
    return list(seen)


_UnitTerms = tuple[str, str, Fields]


class _Once:
    """`make` memoised for one corpus: a name in several rounds is made once, and nothing is
    kept once the corpus's terms are let go. `made`: what a worker made already (ahead.py)."""

    def __init__(
        self, make: Callable[[str, str | None], CandidateDoc],
        made: dict[tuple[str, str | None], CandidateDoc],
    ) -> None:
        self.make = make
        self.made = made

    def __call__(self, name: str, pinyin: str | None) -> CandidateDoc:
        key = (name, pinyin)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self.make(name, pinyin)
        return found


def _round_terms(
    group: Sequence[CandidateEntry], make: Callable[[str, str | None], CandidateDoc]
) -> tuple[list[CandidateDoc], list[_UnitTerms]]:
    units = _units(group)
    if not diskcache.enabled():
        return ([make(c.name, c.pinyin) for c in group],
                [(u, text_initials(u), unit_doc(u)) for u in units])
    key = _key("round", [[c.name, c.pinyin] for c in group], units)
    stored = diskcache.get("search-terms", key, _PLAIN)
    if stored is not None:
        try:
            return _round_from_json(stored, len(group), units)
        except (TypeError, ValueError, KeyError, IndexError):
            pass  # another shape: made again and rewritten
    docs = [make(c.name, c.pinyin) for c in group]
    unit_terms = [(u, text_initials(u), unit_doc(u)) for u in units]
    diskcache.put("search-terms", key, [
        [[_fields_json(d.fields), [[ch, list(found)] for ch, found in d.chars], d.length] for d in docs],
        [[initials, _fields_json(f)] for _u, initials, f in unit_terms],
    ], _PLAIN)
    return docs, unit_terms


def _text_terms(title: str, text: str) -> Fields:
    if not diskcache.enabled():
        return page_doc(title, text)
    key = _key("text", title, text)
    stored = diskcache.get("search-terms", key, _PLAIN)
    if stored is not None:
        try:
            return _fields_from_json(stored)
        except (TypeError, ValueError, KeyError, IndexError):
            pass
    made = page_doc(title, text)
    diskcache.put("search-terms", key, _fields_json(made), _PLAIN)
    return made


def _key(kind: str, *parts: Any) -> bytes:
    body = repr((VERSION, kind, parts)).encode("utf-8", "surrogatepass")
    return hashlib.sha256(body).digest()


def _fields_json(fields: Fields) -> list[Any]:
    # Pairs, not an object: the fields' order is kept as the extractors made it.
    return [[f, list(tokens)] for f, tokens in fields.items()]


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise ValueError("not a list of strings")
    return tuple(map(sys.intern, value))  # TypeError for anything but a string


def _fields_from_json(value: Any) -> Fields:
    if type(value) is not list:
        raise ValueError("not a list of fields")
    out: dict[str, tuple[str, ...]] = {}
    for f, tokens in value:
        if type(f) is not str:
            raise ValueError("not a field name")
        out[f] = _strings(tokens)
    return MappingProxyType(out)


def _round_from_json(value: Any, count: int, units: list[str]) -> tuple[list[CandidateDoc], list[_UnitTerms]]:
    docs_json, units_json = value
    if len(docs_json) != count or len(units_json) != len(units):
        raise ValueError("another number of documents")
    docs: list[CandidateDoc] = []
    for fields, chars, length in docs_json:
        if type(length) is not int:
            raise ValueError("not a length")
        if type(chars) is not list or not all(type(pair[0]) is str for pair in chars):
            raise ValueError("not a name's characters")
        docs.append(CandidateDoc(
            _fields_from_json(fields),
            tuple((sys.intern(ch), _strings(found)) for ch, found in chars),
            length,
        ))
    unit_terms: list[_UnitTerms] = []
    for unit, (initials, fields) in zip(units, units_json, strict=True):
        if type(initials) is not str:
            raise ValueError("not initials")
        unit_terms.append((unit, initials, _fields_from_json(fields)))
    return docs, unit_terms
