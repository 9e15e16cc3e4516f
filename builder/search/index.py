"""The prebuilt search index (lunr.py) and the store the browser shows results from.

Documents are of four kinds, numbered in this order so a ref says what it is: candidates,
units, pages, forms. A candidate carries only its name (Han tokens, full pinyin, initials); its
work unit and recommending unit are separate unit documents, because a unit's tokens repeated
on each of its candidates would multiply the index by the candidates per unit. The browser maps
a unit hit back to that unit's candidates through the store.

Pinyin prefixes are not indexed: the browser queries `zhangs*` with a trailing wildcard and lunr
walks its token set. A unit is found by any contiguous part of two or more characters (its
bigrams; a single character such as 市 says nothing about which unit is meant), and by the
initials of any part of its name, which the browser finds by a substring scan of the store's
per-unit initials (a few thousand short strings) rather than by thousands of suffix terms.

Candidates are numbered in pinyin order and units in initials order: neighbouring terms then
point at neighbouring documents, so the delta-coded postings of `pack` stay small.

The build runs lunr.py's `Builder.add` and packs the builder's inverted index and term
frequencies directly (`pack_builder`). `Builder.build()` (BM25 field vectors, token set),
`serialize()` and `canonical()` are skipped: the download never carried their output, the
browser recomputes the weights from the counts. That full lunr.py path stays as `reference`,
which the tests compare the pack and the browser's `unpack` against (`Built.index`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import itertools
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

import lunr.builder
from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.token import Token
from lunr.tokenizer import Tokenizer as lunr_tokenizer
from lunr.utils import as_string

from builder.names.readings import (
    char_reading_map,
    full_tokens,
    initials_tokens,
    name_readings,
    text_initials,
)
from builder.search.tokenize import text_tokens, unique

# Field name → boost. Query alternatives name their fields, so a boost only weighs a page's
# title against its text.
FIELDS: tuple[tuple[str, int], ...] = (
    ("n", 1),  # candidate: Han characters of the name
    ("p", 1),  # candidate: full pinyin of each reading (zhangsan)
    ("i", 1),  # candidate: initials of each reading (zs)
    ("u", 1),  # unit: bigrams of the name
    ("t", 4),  # page or form: title
    ("b", 1),  # page or form: text
)

STATUSES = ("拟入选", "入选", "未入选", "撤销")
GENDERS = ("男", "女")
STORE_VERSION = 1
PACK_FORMAT = "gongshi-lunr-pack/1"
K1 = 1.2
B = 0.75
"""lunr.py's BM25 parameters (Builder._k1, Builder._b); the browser recomputes scores with them."""


@dataclass(frozen=True)
class RoundEntry:
    id: str
    title: str
    year: int
    list_url: str | None
    notice_url: str
    label: str
    """Short name shown with each result: 2026年示例市学术技术带头人."""


@dataclass(frozen=True)
class CandidateEntry:
    round: int
    name: str
    unit: str
    recommended_by: str | None
    gender: str | None
    status: str
    anchor: str
    """Fragment id of the candidate's row on the list page (the portal's `candidate_anchor`)."""
    pinyin: str | None = None


@dataclass(frozen=True)
class PageEntry:
    url: str
    title: str
    text: str
    kind: str  # "notice" | "page"
    round: int | None = None


@dataclass(frozen=True)
class FormEntry:
    url: str
    title: str
    round: int
    format: str
    note: str | None = None


@dataclass
class SearchCorpus:
    """Everything the search knows, collected during the build."""

    rounds: list[RoundEntry] = field(default_factory=list)
    candidates: list[CandidateEntry] = field(default_factory=list)
    pages: list[PageEntry] = field(default_factory=list)
    forms: list[FormEntry] = field(default_factory=list)


def corpus_digest(corpus: SearchCorpus) -> str:
    """sha256 of everything in the corpus: the key of a finished index (hooks' bundle cache).

    The dataclass reprs name every field with its value (strings quoted and escaped, None and
    integers unambiguous), so equal digests mean equal corpora; the versions are included so a
    format change can never be served from a stale entry. About 20 ms at 10,000 candidates.
    """
    key = repr((STORE_VERSION, PACK_FORMAT, corpus.rounds, corpus.candidates, corpus.pages, corpus.forms))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


Fields = Mapping[str, tuple[str, ...]]
"""A document's tokens per field, read-only (a mapping proxy of tuples): the extractors'
results are cached and shared between builds. lunr's Tokenizer takes tuples like lists."""


class CandidateDoc(NamedTuple):
    fields: Fields
    chars: tuple[tuple[str, tuple[str, ...]], ...]
    """(character, its readings in this name), for the store's `chars` (mixed queries)."""


# Per-document extraction is memoised so that a rebuild whose corpus changed in one place (a
# name edited under `mkdocs serve`) re-reads only that document. The caches are LRU-bounded
# by entries. An LRU smaller than one build's documents would miss on every lookup (a build
# walks them in the same order each time), so each bound is well above the largest corpus
# expected (bench/ goes to 50,000 candidates; ~100,000 names fit), and what the bound evicts
# is stale entries (edited names, old page texts). Retained sizes measured with tracemalloc
# at 10,000 candidates: ~1.2 KB per name, ~0.4 KB per unit, ~8 KB per page; so ~12 MB for
# that corpus, and at most ~160 + 14 + 35 MB if every bound were filled.
NAME_CACHE_SIZE = 1 << 17
UNIT_CACHE_SIZE = 1 << 15
PAGE_CACHE_SIZE = 1 << 12


def _interned(tokens: list[str]) -> tuple[str, ...]:
    # Cached tokens share one string object per distinct token (a notice repeats a few thousand
    # bigrams; names share characters): a cached tuple then costs about a pointer per token.
    return tuple(map(sys.intern, tokens))


@lru_cache(maxsize=NAME_CACHE_SIZE)
def candidate_doc(name: str, override: str | None) -> CandidateDoc:
    """A candidate's index fields and its characters' readings."""
    readings = name_readings(name, override)
    tokens = [t for t in text_tokens(name) if len(t) == 1 or t.isascii()]
    fields = MappingProxyType({
        "n": _interned(unique(tokens)),
        "p": _interned(full_tokens(readings)),
        "i": _interned(initials_tokens(readings)),
    })
    chars = char_reading_map(name, readings)
    return CandidateDoc(
        fields, tuple((sys.intern(ch), _interned(sorted(found))) for ch, found in chars.items())
    )


def name_fields(name: str, override: str | None) -> dict[str, list[str]]:
    """Characters only, no bigrams: whether the typed characters are the whole name, its start
    or a contiguous part of it is decided by the browser from the stored name (exact names rank
    first), so bigrams would only add a term per name."""
    return {f: list(tokens) for f, tokens in candidate_doc(name, override).fields.items()}


def without_single_han(tokens: list[str]) -> list[str]:
    """Bigrams and Latin words: a single character found somewhere in a long notice or a unit's
    name says nothing, and dropping them halves the postings."""
    return [t for t in tokens if len(t) > 1 or t.isascii()]


@lru_cache(maxsize=UNIT_CACHE_SIZE)
def unit_doc(unit: str) -> Fields:
    return MappingProxyType({"u": _interned(unique(without_single_han(text_tokens(unit))))})


@lru_cache(maxsize=PAGE_CACHE_SIZE)
def page_doc(title: str, text: str) -> Fields:
    return MappingProxyType({
        "t": _interned(text_tokens(title)),
        "b": _interned(without_single_han(text_tokens(text))),
    })


def page_fields(title: str, text: str) -> dict[str, list[str]]:
    """Title: characters and bigrams (a one-character query can still find a title)."""
    return {f: list(tokens) for f, tokens in page_doc(title, text).items()}


def cache_info() -> dict[str, Any]:
    """Hits and misses of the per-document caches (for tests and measurements)."""
    return {
        "candidates": candidate_doc.cache_info(),
        "units": unit_doc.cache_info(),
        "pages": page_doc.cache_info(),
    }


@dataclass(frozen=True)
class Built:
    packed: dict[str, Any]
    """What the download carries as `index`."""
    store: dict[str, Any]
    docs: tuple[Fields, ...] = field(repr=False)
    """Document i of the index, as given to lunr.py's Builder."""

    @cached_property
    def index(self) -> dict[str, Any]:
        """`canonical` lunr.py serialization: what lunr.js `Index.load` gets after `unpack`.
        Computed on demand through the full lunr.py path (the build itself does not need it)."""
        return reference(self.docs)[0]


Freqs = dict[str, dict[tuple[int, str], int]]
"""Per field, (document, term) → term frequency, for frequencies other than 1."""


class _Lunr:
    """lunr.py's Builder with no pipeline functions: tokens arrive final (no stemmer or stop
    words for Chinese, and lunr's trimmer strips non-word characters, i.e. all Han), and an empty
    pipeline needs nothing registered in the browser (`lunr.Pipeline.load` of [] is empty)."""

    def __init__(self, docs: Sequence[Mapping[str, Sequence[str]]], *, fast: bool = True) -> None:
        self.builder = Builder()
        self.builder.ref("id")
        for name, boost in FIELDS:
            self.builder.field(name, boost=boost, extractor=lambda d, _n=name: d.get(_n, ()))
        with _list_tokenizer() if fast else contextlib.nullcontext():
            for i, doc in enumerate(docs):
                self.builder.add({**doc, "id": str(i)})

    def freqs(self) -> Freqs:
        freqs: Freqs = {f: {} for f, _ in FIELDS}
        for ref, terms in self.builder.field_term_frequencies.items():
            f, doc = ref.split("/", 1)
            for term, tf in terms.items():
                if tf != 1:
                    freqs[f][(int(doc), term)] = tf
        return freqs

    def serialize(self) -> dict[str, Any]:
        """lunr.py's own serialization: `Builder.build()` (BM25 vectors, token set), then
        `Index.serialize()`. Only `reference` needs it."""
        return self.builder.build().serialize()

    def pack(self) -> dict[str, Any]:
        """`pack` of `serialize()`, from the builder's counts without building the index."""
        return pack_builder(self.builder, self.freqs())


def _tokens(obj: Any, metadata: dict[str, Any] | None = None, separator: Any = None) -> list[Token]:
    """lunr.py's `Tokenizer` for a list, minus a `deepcopy` of the (always empty) metadata per
    token: `Builder.add` passes none, and a third of a 10,000-candidate index build went into
    copying `{}` 260,000 times. Anything but a list goes to lunr.py's own."""
    if isinstance(obj, (list, tuple)):
        return [Token(as_string(element).lower(), dict(metadata or {})) for element in obj]
    return lunr_tokenizer(obj, metadata, separator)


@contextlib.contextmanager
def _list_tokenizer() -> Iterator[None]:
    """`Builder.add` calls the module-level `lunr.builder.Tokenizer`, with no hook to pass
    another, so it is swapped for `_tokens` while our documents are added. `reference`, which
    tests compare the build with, runs with lunr.py's own."""
    original = lunr.builder.Tokenizer
    lunr.builder.Tokenizer = _tokens
    try:
        yield
    finally:
        lunr.builder.Tokenizer = original


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while lunr.py builds the postings.

    Adding 13,000 documents allocates a few hundred thousand dicts and tokens that all stay
    alive until `pack` has read them and are then freed by reference counting (the builder
    holds no reference cycles), so a collection in between can find nothing. It still ran,
    and with the caches of a long `mkdocs serve` session on the heap a full collection scans
    millions of objects: at 10,000 candidates, 0.5 s of a 1.4 s index build after a rename.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reference(docs: Sequence[Mapping[str, Sequence[str]]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(canonical index, packed) of the documents through lunr.py's whole path: build,
    serialize, canonical, and `pack` of the serialization. The build does not run this; tests
    hold its direct packing (`pack_builder`) and the browser's `unpack` to it."""
    lunr = _Lunr(docs, fast=False)
    serialized = lunr.serialize()
    return canonical(serialized), pack(serialized, lunr.freqs(), len(docs))


def canonical(index: dict[str, Any]) -> dict[str, Any]:
    """lunr.py's serialization with term indices renumbered to sorted order and empty field
    vectors dropped. lunr uses `_index` only as a vector dimension and never reads the vector of
    a field without postings, so this is the same index; it is what `unpack` reproduces."""
    order = {term: i for i, (term, _) in enumerate(index["invertedIndex"])}
    old_to_new = {post["_index"]: order[term] for term, post in index["invertedIndex"]}
    inverted = [[term, {**post, "_index": order[term]}] for term, post in index["invertedIndex"]]
    vectors = []
    for ref, elements in index["fieldVectors"]:
        if elements:
            pairs = sorted(
                (old_to_new[elements[i]], elements[i + 1]) for i in range(0, len(elements), 2)
            )
            vectors.append([ref, [x for pair in pairs for x in pair]])
    return {**index, "fieldVectors": vectors, "invertedIndex": inverted}


def pack(index: dict[str, Any], freqs: Freqs, documents: int) -> dict[str, Any]:
    """The lunr.py serialization packed for download; `unpack` in gongshi-search.js reverses it.

    Terms: sorted, front-coded (shared-prefix lengths in UTF-16 code units in `prefix`, the
    rest in `suffixes`).
    Per field, one flat list of integers: for each term with postings in the field, the gap in
    term number since the previous such term, the number of documents, the first document as a
    signed gap from the previous term's first document, then the gaps between documents. Term
    frequencies other than 1 follow in `tf` as (gap in posting position, frequency) pairs.
    Scores are not shipped: they are lunr.py's BM25 weights, a function of these counts.
    """
    posts = dict(index["invertedIndex"])
    return _packed(
        index["fields"], [term for term, _ in index["invertedIndex"]],
        lambda term, f: posts[term][f], freqs, documents, index["version"], index["pipeline"],
    )


def _front_coded(terms: list[str]) -> tuple[list[int], list[str]]:
    prefix: list[int] = []
    suffixes: list[str] = []
    prev = ""
    for term in terms:
        k = 0
        limit = min(len(term), len(prev))
        while k < limit and term[k] == prev[k]:
            k += 1
        # The browser slices strings in UTF-16 code units; astral Han characters take two.
        prefix.append(len(term[:k].encode("utf-16-le")) // 2)
        suffixes.append(term[k:])
        prev = term
    return prefix, suffixes


def pack_builder(builder: Builder, freqs: Freqs) -> dict[str, Any]:
    """`pack` straight from a lunr.py Builder after `add()`: the same bytes as `pack` of the
    builder's serialized index, which lists `sorted(inverted_index)` (code point order) with
    each term's postings, the fields in the order they were added, `__TARGET_JS_VERSION__`
    and the (empty) search pipeline. `_index` (the term's vector dimension) is not packed."""
    inverted = builder.inverted_index
    return _packed(
        [f for f, _ in FIELDS], sorted(inverted), lambda term, f: inverted[term][f], freqs,
        builder.document_count, __TARGET_JS_VERSION__, builder.search_pipeline.serialize(),
    )


def _packed(
    fields: list[str],
    terms: list[str],
    refs: Callable[[str, str], Mapping[str, Any]],
    freqs: Freqs,
    documents: int,
    version: str,
    pipeline: list[str],
) -> dict[str, Any]:
    """The format `pack` describes, from sorted `terms` and each (term, field)'s postings."""
    prefix, suffixes = _front_coded(terms)
    postings: list[list[int]] = []
    tfs: list[list[int]] = []
    for f in fields:
        field_freqs = freqs[f]
        out: list[int] = []
        tf_out: list[int] = []
        prev_term = prev_first = position = prev_position = 0
        for number, term in enumerate(terms):
            found = refs(term, f)
            if not found:
                continue
            docs = sorted(map(int, found))
            out += [number - prev_term, len(docs), docs[0] - prev_first]
            out += [b - a for a, b in itertools.pairwise(docs)]
            prev_term, prev_first = number, docs[0]
            if field_freqs:
                for doc in docs:
                    tf = field_freqs.get((doc, term), 1)
                    if tf != 1:
                        tf_out += [position - prev_position, tf]
                        prev_position = position
                    position += 1
        postings.append(out)
        tfs.append(tf_out)
    boosts = dict(FIELDS)
    return {
        "format": PACK_FORMAT,
        "version": version,
        "fields": fields,
        "boosts": [boosts[f] for f in fields],
        "k1": K1,
        "b": B,
        "documents": documents,
        "prefix": prefix,
        "suffixes": "\n".join(suffixes),
        "postings": postings,
        "tf": tfs,
        "pipeline": pipeline,
    }


def _units(corpus: SearchCorpus) -> list[str]:
    seen: dict[str, None] = {}
    for c in corpus.candidates:
        seen.setdefault(c.unit)
        if c.recommended_by:
            seen.setdefault(c.recommended_by)
    return sorted(seen, key=lambda u: (text_initials(u), u))


def build(corpus: SearchCorpus) -> Built:
    """Index and store for a corpus; candidate i of the store is document i of the index."""
    cands = [candidate_doc(c.name, c.pinyin) for c in corpus.candidates]
    order = sorted(
        range(len(corpus.candidates)),
        key=lambda i: (cands[i].fields["p"][:1], corpus.candidates[i].name, i),
    )
    candidates = [corpus.candidates[i] for i in order]
    units = _units(corpus)
    unit_no = {u: i for i, u in enumerate(units)}
    docs: list[Fields] = [cands[i].fields for i in order]
    docs += [unit_doc(u) for u in units]
    docs += [page_doc(p.title, p.text) for p in corpus.pages]
    for form in corpus.forms:
        r = corpus.rounds[form.round]
        docs.append(page_doc(form.title, " ".join(filter(None, (r.title, form.note)))))
    with _collector_paused():
        packed = _Lunr(docs).pack()
    chars: dict[str, set[str]] = {}
    for i in order:
        for ch, readings in cands[i].chars:
            chars.setdefault(ch, set()).update(readings)
    store = {
        "v": STORE_VERSION,
        "counts": [len(candidates), len(units), len(corpus.pages), len(corpus.forms)],
        "rounds": [
            [r.id, r.title, r.year, r.list_url, r.notice_url, r.label] for r in corpus.rounds
        ],
        "units": units,
        "unitInitials": [text_initials(u) for u in units],
        # Columns rather than rows: each column is regular and compresses on its own.
        "names": "\n".join(c.name for c in candidates),
        "unit": [unit_no[c.unit] for c in candidates],
        "rec": [unit_no[c.recommended_by] if c.recommended_by else -1 for c in candidates],
        "round": [c.round for c in candidates],
        # 0 男, 1 女, 2 not published (most award lists, every collective).
        "gender": "".join(str(GENDERS.index(c.gender)) if c.gender else "2" for c in candidates),
        "status": "".join(str(STATUSES.index(c.status)) for c in candidates),
        "anchors": "\n".join(c.anchor for c in candidates),
        "statuses": list(STATUSES),
        "pages": [[p.title, p.url, p.kind, -1 if p.round is None else p.round] for p in corpus.pages],
        "forms": [[f.title, f.url, f.round, f.format] for f in corpus.forms],
        "chars": {ch: " ".join(sorted(found)) for ch, found in sorted(chars.items())},
    }
    return Built(packed=packed, store=store, docs=tuple(docs))


def dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
