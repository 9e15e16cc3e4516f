"""The candidates' name terms extracted on the machine's other core while the engine renders.

In `gongshi build` at 200,000 candidates, extracting every name's terms (pypinyin readings,
parts, initials: index.candidate_doc) was ≈ 19 s of the shard build, on one core, after the
engine had spent ≈ 15 s on one core rendering the pages into the theme. The names are known
before the engine starts (the search corpus is made with the plan), so a forked worker extracts
their terms meanwhile and the shard build takes them (terms.corpus_terms).

A name's terms are a pure function of the name and its pinyin override, and they are taken by
exactly that key: what the worker made is what this process would make. Only for a build that
keeps nothing for a later one (`remember=False`: the in-process LRU is not filled either way),
with 2+ cores, AHEAD_CANDIDATES+ names, no disk store (a publishing server reads the terms of
what did not change from it) and no other thread (a fork copies only this one).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import MappingProxyType

from builder.files import workers
from builder.render.search.index import CandidateDoc, SearchCorpus, candidate_doc

AHEAD_CANDIDATES = 20_000
"""Names from which their terms are extracted ahead (below, a worker's start costs more than it
saves)."""

_Key = tuple[str, str | None]
_Plain = tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, tuple[str, ...]], ...], int]
"""A CandidateDoc as the worker sends it back: its fields as (field, terms) pairs in their order
(a MappingProxyType is not picklable), its characters' readings and its length."""

_job: list[_Key] | None = None
"""The names the forked worker extracts (inherited by the fork, so nothing is pickled to it)."""
_ahead: tuple[list[_Key], Future[list[_Plain]]] | None = None


def start(corpus: SearchCorpus) -> None:
    """Start extracting the terms of the corpus's names in a forked worker, when it pays and is
    safe (see the module's doc)."""
    global _job, _ahead
    if not workers.may_fork() or len(corpus.candidates) < AHEAD_CANDIDATES:
        return
    keys = list(dict.fromkeys((c.name, c.pinyin) for c in corpus.candidates))
    _job = keys
    try:
        # A fork pool starts its process here, before its manager thread: the fork copies only
        # this thread.
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(_worker)
        pool.shutdown(wait=False)
    finally:
        _job = None
    _ahead = (keys, future)


def _worker() -> list[_Plain]:
    assert _job is not None
    make = candidate_doc.__wrapped__
    out: list[_Plain] = []
    for name, pinyin in _job:
        doc = make(name, pinyin)
        out.append((tuple(doc.fields.items()), doc.chars, doc.length))
    return out


def taken() -> dict[_Key, CandidateDoc]:
    """The terms the worker extracted, by (name, pinyin) (waiting for it); empty when none was
    started, or when the worker died (then this process extracts them, as without one)."""
    global _ahead
    if _ahead is None:
        return {}
    keys, future = _ahead
    _ahead = None
    try:
        plain = future.result()
    except BrokenProcessPool:
        return {}
    # Each sent-back document let go as it is turned into a CandidateDoc, so that the names'
    # terms are not held twice over.
    plain.reverse()
    out: dict[_Key, CandidateDoc] = {}
    for key in keys:
        fields, chars, length = plain.pop()
        out[key] = CandidateDoc(MappingProxyType(dict(fields)), chars, length)
    return out
