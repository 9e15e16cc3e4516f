"""The search download: a small manifest, term shards and result chunks, loaded piecemeal.

A visitor's query needs the postings of a few terms and the rows of the few results shown, so
nothing is downloaded whole. The manifest (`search/index-v2.json`, the name every page carries)
lists the first term of each shard; the browser finds a term's shard by binary search, a prefix
(zhangs*) by the range of shards it spans, fetches only those, and then the chunks of the rows
it shows. Everything but the manifest lives in `search/d.<hash>/` (`dir`, relative to the
manifest), named by the hash of all of it (builder.files.contentname), so a new build never
mixes with a cached old one, and a tab that loaded an earlier manifest keeps reading the files
it names, which the server keeps for a while (builder.server.retain).

The rows of the likeliest hits travel with their terms (`TOP_ROWS`), so that the first answer
to a name, a pinyin or a title word takes one round trip, not two: a shard carries, besides its
terms, the rows of the first `SCHEMA["top"]` documents of each of its terms in the name's
leading parts (np, nl), full pinyin (p) and initials (i), and in titles (t), in the order the
browser ranks the documents of one term (candidates: active first, shorter names, a round
still under way, number; documents: weight in title and text together, number; pages and
forms apart, as the box lists them). A shard's rows are keyed by document
number, each once (a name's leading parts sort side by side). The browser takes a shown
result's row from there when it has it, else from its chunk.

The layout is declared once, in `SCHEMA`, and shipped in the manifest: each field's document
space and encoding, and the named columns of each kind of row. gongshi-search-index.js decodes by
those names and encodings only, and tests hold its decoding of every file of a build to
`read_term`/`read_rows` here (tests/test_search_browser.py::test_browser_reads_the_build_as_python_does).

Encodings of a term's postings (flat lists of integers):
- "plain": document numbers as gaps (first from 0);
- "grouped": for candidates, by the name's length in Han characters, shortest first: length,
  count, then that many gaps; a tier's results are listed shorter names first without fetching
  any name;
- "weighted": (gap, weight) pairs, the weight being BM25 × the field's boost × 1000, rounded.
Terms sort by UTF-16 code units, as JavaScript compares strings.
"""

from __future__ import annotations

import array
import base64
import binascii
import bisect
import contextlib
import hashlib
import heapq
import itertools
import json
import math
import operator
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from builder.files import collector, diskcache
from builder.files.contentname import content_dir
from builder.render.search.index import (
    STATUSES,
    WITHDRAWN,
    CandidateDoc,
    CandidateEntry,
    SearchCorpus,
    candidates_key,
    dumps,
    text_digest,
)
from builder.render.search.query import code_key
from builder.render.search.terms import CorpusTerms, corpus_terms, text_inputs
from builder.render.search.terms import doc_terms as one_doc_terms
from builder.render.search.tokenize import long_terms, text_tokens, unique, without_single_han
from builder.text.names.text import is_han, normalize

FORMAT = "gongshi-shards/3"
MANIFEST = f"search/index-v{FORMAT.rsplit('/', 1)[1]}.json"
"""The manifest's site path: the one search file whose name stays, so that no page names a
file that changes with the data (a correction re-renders only the pages it changes). It is
revalidated on every use (deploy/nginx.conf); every file it names is content-named. It carries
the format's version, raised with every change an older script cannot read (3: rows name their
round by its line in the rounds file): after an upgrade that changes the format, a tab still
running the old script keeps reading the last manifest of its own format, which later releases
carry while the release that built it is in the retention window (builder.files.retain), never
one it cannot read."""
SHARD_BYTES = 16_500
"""A shard is closed once its JSON passes this size (≈ 5 KB gzip); a single term's postings
larger than that (a common surname at 200,000 candidates) make a shard of their own. It was
24,000 while rows carried their round's id, label and page: the rounds file took a third of a
shard's JSON away, and the shards are cut as many as before (the manifest lists the first term
of each), so that a query fetches a fifth fewer bytes rather than the same bytes for more terms."""
K1, B = 1.2, 0.75
"""BM25 parameters, lunr's defaults."""
BOOSTS = {"t": 4, "b": 1}

SCHEMA: dict[str, Any] = {
    "fields": {
        # "key": what the field's terms are prefixed with in the shards, so that a name's
        # first character as a leading part (np) sorts apart from the (much longer) postings
        # of the character anywhere (n): 王 as a first keystroke reads "^王". A longer leading
        # part (nl) is in the entry of the same contiguous part (n): 王建国 reads one entry,
        # whose nl says who is named so (the length is 3) and who is named 王建国X.
        "n": {"space": "cand", "encoding": "grouped", "key": ""},
        "np": {"space": "cand", "encoding": "grouped", "key": "^"},
        "nl": {"space": "cand", "encoding": "grouped", "key": ""},
        "p": {"space": "cand", "encoding": "grouped", "key": ""},
        "i": {"space": "cand", "encoding": "grouped", "key": ""},
        "z": {"space": "cand", "encoding": "grouped", "key": "~"},
        # The forgiving readings as read: among the full readings (p), so that the pinyin
        # prefix a Latin query reads anyway brings them.
        "g": {"space": "cand", "encoding": "grouped", "key": ""},
        "x": {"space": "cand", "encoding": "plain", "key": ""},
        "f": {"space": "cand", "encoding": "plain", "key": ""},
        # Codes sort apart ("#"), as do syllable pairs ("%": not prefixes of name readings).
        "k": {"space": "cand", "encoding": "plain", "key": "#"},
        "u": {"space": "unit", "encoding": "plain", "key": ""},
        "ui": {"space": "unit", "encoding": "plain", "key": ""},
        "uf": {"space": "unit", "encoding": "plain", "key": ""},
        "us": {"space": "unit", "encoding": "plain", "key": "%"},
        "t": {"space": "doc", "encoding": "weighted", "key": ""},
        "b": {"space": "doc", "encoding": "weighted", "key": ""},
        "pf": {"space": "doc", "encoding": "plain", "key": ""},
        "ts": {"space": "doc", "encoding": "plain", "key": "%"},
        "w": {"space": "doc", "encoding": "plain", "key": ""},
    },
    # A term's entry in a shard: postings under the field names above, plus "r": the readings
    # a single Han character has in the indexed names (space-separated), for mixed queries,
    # "h": every reading it has (any character a visitor may type: GB 2312 and every character
    # of the indexed names, units and titles), for homophones, and "s": for a traditional
    # character that no term holds, its simplified form (張 → 张).
    "readings": "r",
    "sounds": "h",
    "simplified": "s",
    # Rows carry what a result shows (unit names, the round's label and page), so that showing
    # a result costs one more request, not a chain of them; nothing a result does not show (a
    # candidate's unit is the one whose range, start to end, holds the candidate's number).
    "rows": {
        "cand": {"chunk": 128, "columns": [
            "name", "rec", "unit_name", "rec_name", "round", "status",
            "gender", "anchor", "readings", "alias", "codes",
        ]},
        "unit": {"chunk": 256, "columns": ["name", "initials", "start", "end", "recs"]},
        "doc": {"chunk": 128, "columns": ["title", "url", "kind", "round", "format"]},
    },
    # A row's "round" is a line of the rounds file (line 0: no round), whose columns a reader
    # puts into the row by these names ("of": which of them each kind of row shows). A round's
    # id, label and page are the same in every row of its people, yet a shard's rows are of
    # people of many rounds, so that gzip found little to share: carried, they were a fifth of
    # a shard's bytes. The browser fetches the file with the first shards (one request more in
    # the first round, none later; ≈ 15 KB gzip for 2,000 rounds).
    "rounds": {"columns": ["round_id", "year", "label", "href"],
               "of": {"cand": ["round_id", "label", "href"], "doc": ["round_id", "year", "label"]}},
    # A shard's "rows": kind → [[document number, row], …] (TOP_ROWS).
    "top": 6,
    # A unit term carries the rows of all its units when they are this few (UNIT_ROWS); a
    # unit-initials query that finds more units than this names none of them.
    "unit_top": 24,
    # … and, when they are this few, the rows of the first "top" people of each (UNIT_PEOPLE).
    "unit_people": 2,
    "files": {"shard": "t{n}.json", "cand": "c{n}.json", "unit": "u{n}.json", "doc": "d{n}.json",
              "readings": "r.json", "sounds": "h.json", "rounds": "rounds.json"},
    "statuses": list(STATUSES),
    "genders": ["男", "女"],  # 2: not published (most award lists, every collective)
}


TOP_ROWS = {"np": "cand", "nl": "cand", "p": "cand", "i": "cand", "t": "doc", "u": "unit", "uf": "unit", "ui": "unit"}
"""The fields whose terms carry the rows of their first SCHEMA["top"] documents (a shard's
"rows"): the terms a first keystroke, a whole name and a pinyin are answered from (and the
Latin words of names, n, for a foreign expert's name: few); and the unit
fields whose terms carry the rows of all their units when there are at most SCHEMA["unit_top"]
(UNIT_ROWS): a unit query's rarest word (岱川 of 岱川职业技术) brings the rows of every unit it
can find, so its people (a unit's own candidates are one range, its row's start and end, and
whom it recommended, `recs`) are known in the first round, not after a round for the unit rows
and another for the recommending units' `@c` terms."""
UNIT_ROWS = ("u", "uf", "ui")
UNIT_PEOPLE = ("u", "uf")
"""The unit fields whose terms of at most SCHEMA["unit_people"] units also carry the rows of
the first SCHEMA["top"] people of each (its own, then whom it recommended, in the browser's
order within a tier): a unit query by its name (岱川职业技术) is then shown from its shards
alone, like a name. Only the words of few units: a unit's people are its range of the
candidates, and a word of many units would carry rows of people no query of it shows first."""


def utf16_key(term: str) -> bytes:
    return term.encode("utf-16-be", "surrogatepass")


@dataclass
class Sharded:
    """One build's search files: the manifest and every other file, by site path."""

    manifest_path: str
    manifest: dict[str, Any]
    files: dict[str, bytes] = field(repr=False)
    postings: dict[str, dict[str, list[int]]] = field(repr=False)
    """term → field → the documents (sorted), what the shards encode: for tests, only when
    `build` is asked for it (`plain`), else empty."""
    fresh: list[str] | None = field(default=None, repr=False)
    """The shards this build cut, where it took the others from an earlier build's files
    (_merged_stored); None where it cut them all."""


def _gaps(docs: Iterable[int]) -> list[int]:
    out: list[int] = []
    prev = 0
    for d in docs:
        out.append(d - prev)
        prev = d
    return out


def _sorted_gaps(docs: Sequence[int]) -> list[int]:
    """Gaps of an ascending list (what the build collects): the differences in one pass in C."""
    return list(map(operator.sub, docs, itertools.chain((0,), docs)))


def encode(encoding: str, docs: Sequence[int] | Mapping[int, int], lengths: list[int] | None = None) -> list[int]:
    """`docs`: the documents in ascending order, or (weighted) document → weight."""
    if encoding == "weighted":
        assert isinstance(docs, Mapping)
        weighted = sorted(docs)
        out = [0] * (2 * len(weighted))  # gaps and weights interleaved, by slices (in C)
        out[0::2] = _sorted_gaps(weighted)
        out[1::2] = list(map(docs.__getitem__, weighted))
        return out
    ordered: Sequence[int] = sorted(docs) if isinstance(docs, Mapping) else docs
    if encoding == "plain":
        return _sorted_gaps(ordered)
    assert lengths is not None
    groups: dict[int, list[int]] = defaultdict(list)
    for d in ordered:
        groups[lengths[d]].append(d)
    out = []
    for length in sorted(groups):
        out += [length, len(groups[length]), *_sorted_gaps(groups[length])]
    return out


def decode(encoding: str, data: list[int]) -> dict[int, int]:
    """document → value: the weight ("weighted"), the name's length ("grouped"), 1 ("plain");
    the reverse of `encode`."""
    out: dict[int, int] = {}
    if encoding == "plain":
        d = 0
        for gap in data:
            d += gap
            out[d] = 1
    elif encoding == "weighted":
        d = 0
        for k in range(0, len(data), 2):
            d += data[k]
            out[d] = data[k + 1]
    else:
        k = 0
        while k < len(data):
            length, count = data[k], data[k + 1]
            d = 0
            for gap in data[k + 2 : k + 2 + count]:
                d += gap
                out[d] = length
            k += 2 + count
    return out


def _bm25(docs: list[Mapping[str, tuple[str, ...]]],
          record: dict[str, _Recorded] | None = None) -> dict[str, dict[str, dict[int, int]]]:
    """lunr's BM25 per (field, document, term), × the field's boost × 1000, rounded: field →
    term → document → weight (documents ascending). Collected here, not through a call per
    weight (~400,000 at 50,000 candidates). `record`: each field's pairs are put there as well,
    document by document, with what a later build needs to tell which weights it must compute
    again (_Docs)."""
    n = len(docs)
    out: dict[str, dict[str, dict[int, int]]] = {}
    for f, boost in BOOSTS.items():
        lengths = [len(d.get(f, ())) for d in docs]
        avg = (sum(lengths) / n) if n else 1.0
        # Counted in C (Counter), each term's idf once: the same numbers, in the same order,
        # as counting and taking the logarithm per (document, term) in Python, which was most
        # of the pages' postings (list pages have thousands of terms each).
        tfs = [Counter(d.get(f, ())) for d in docs]
        df: Counter[str] = Counter()
        for counts in tfs:
            df.update(counts.keys())
        weights: dict[str, dict[int, int]] = {t: {} for t in df}
        # Each term's idf and weights in one look-up (the same expression, in the same order).
        per_term = {t: (_idf(n, k), weights[t]) for t, k in df.items()}
        k1_1 = K1 + 1
        if record is not None:
            record[f] = _record(tfs, lengths, avg, per_term, boost)
            out[f] = weights
            continue
        # Each document's counts let go once weighed: the weights grow as the counts go, so
        # that both are not held whole at once (the text's ~1.6 million pairs at 200,000
        # candidates, at a plain build's peak, beside the people's postings).
        for doc in range(n):
            counts = tfs[doc]
            tfs[doc] = _NO_COUNTS
            norm = _norm(lengths[doc], avg)
            for t, tf in counts.items():
                idf, of_term = per_term[t]
                w = round(idf * (k1_1 * tf) / (norm + tf) * boost * 1000)
                of_term[doc] = w if w > 1 else 1
        out[f] = weights
    return out


_NO_COUNTS: Counter[str] = Counter()


def _idf(n: int, k: int) -> float:
    """The idf of a term of `k` of `n` documents (lunr's)."""
    return math.log(1 + abs((n - k + 0.5) / (k + 0.5)))


def _norm(length: int, avg: float) -> float:
    """A document's length normalisation (BM25's K1 (1 - B + B length / avg))."""
    return K1 * (1 - B + B * (length / avg if avg else 0))


_Recorded = tuple[list[int], list[str], list[int], list[int], list[float], list[float]]
"""A BM25 field's pairs, document by document (_record): the documents' lengths, then of each
pair its term, count, weight and the interval of norms its weight holds in (_steady)."""


def _record(tfs: list[Counter[str]], lengths: list[int], avg: float,
            per_term: Mapping[str, tuple[float, dict[int, int]]], boost: int) -> _Recorded:
    """_bm25's loop of one field, each pair also put in lists (what _Docs stores)."""
    k1_1 = K1 + 1
    terms: list[str] = []
    counts_of: list[int] = []
    ws: list[int] = []
    los: list[float] = []
    his: list[float] = []
    for doc, counts in enumerate(tfs):
        norm = _norm(lengths[doc], avg)
        for t, tf in counts.items():
            idf, of_term = per_term[t]
            w = round(idf * (k1_1 * tf) / (norm + tf) * boost * 1000)
            w = of_term[doc] = w if w > 1 else 1
            lo, hi = _steady(idf, tf, boost, w)
            terms.append(t)
            counts_of.append(tf)
            ws.append(w)
            los.append(lo)
            his.append(hi)
    return lengths, terms, counts_of, ws, los, his


_BELOW, _ABOVE = 1 - 1e-9, 1 + 1e-9


def _steady(idf: float, tf: int, boost: int, w: int) -> tuple[float, float]:
    """An interval [lo, hi] of norms over which a pair's weight is `w`, with nothing computed
    (a correction changes the average length, so every document's norm, by ~1e-5, and moves
    a weight in a few hundred: those are found by their intervals, not by weighing ~1.6
    million pairs again at 200,000 candidates).

    The weight is round(V(x)) (at least 1), V the float evaluation of v(x) = k / (x + tf),
    k = idf (K1 + 1) tf boost 1000; each of its few operations rounds once, so V is v within a
    relative 1e-15. For x ≥ lo, v(x) ≤ (w + 0.5)(1 - 1e-9), so V(x) < w + 0.5; for x ≤ hi,
    v(x) ≥ (w - 0.5)(1 + 1e-9), so V(x) > w - 0.5: on [lo, hi] the weight is w, ties never
    met. A weight of 1 is the least, whatever V below 1.5. lo and hi are computed with the
    same relative error of ~1e-15, which the margin of 1e-9 covers many times over.

    Kept as 32-bit floats (_Docs, half the bytes to store and read): each end is moved
    inwards by a relative 2**-22 (and 1e-30) first, more than a 32-bit float's rounding
    (2**-24), so that the interval kept is within this one."""
    k = idf * ((K1 + 1) * tf) * boost * 1000
    lo = k / ((w + 0.5) * _BELOW) - tf
    lo += abs(lo) * _INWARDS + 1e-30
    if w == 1:
        return lo, math.inf
    hi = k / ((w - 0.5) * _ABOVE) - tf
    return lo, hi - abs(hi) * _INWARDS - 1e-30


_INWARDS = 2.0**-22


def build(corpus: SearchCorpus, *, plain: bool = False, remember: bool = True, keys: Keys | None = None,
          stored_as: str | None = None, earlier: Earlier | None = None, later: Later | None = None) -> Sharded:
    """The search files of `corpus`; with `plain`, also the postings they encode (tests).
    `remember`: the candidates' terms are kept for a later build in this process (terms.py).
    With the disk store on: `keys` its corpus_keys, if the caller has them; `stored_as`, the
    key its files are stored under (builder.render.search.files), and `earlier`, the files
    stored under a key, with which a later build takes the shards that did not change
    (_CutRecord); `later`: where to put what is to be stored after the build rather than
    during it (the documents' part, _stored_docs), for the caller to run."""
    with collector.paused():
        return _build(corpus, plain, remember, keys, stored_as, earlier, later)


def _build(corpus: SearchCorpus, keep_plain: bool, remember: bool, keys: Keys | None = None,
           stored_as: str | None = None, earlier: Earlier | None = None, later: Later | None = None) -> Sharded:
    """Every build makes the people's part and merges the pages' and forms' postings into it
    (_merged, _merged_stored): a publishing server's keeps the part in its store, and one
    cutter (_Cutter) cuts the files of both, so that they are the same bytes by construction
    (tests/test_search_cache.py compares them)."""
    if diskcache.enabled() and not keep_plain:
        return _build_from_people(corpus, remember, keys or corpus_keys(corpus), stored_as, earlier, later)
    plain: dict[str, dict[str, list[int]]] | None = {} if keep_plain else None
    # Nothing to store: each term's entry is made as the merge reaches it and its postings
    # let go, as the files grow (the whole part beside the files raised a plain build's peak).
    people, items, texts = _people_made(corpus, remember, plain)
    return _merged(corpus, people, _doc_part(corpus, texts, plain), plain, items)


@dataclass(frozen=True)
class Keys:
    """The digests of a corpus that both its bundle's key (index.corpus_digest) and a
    publishing server's shard build take: of its candidates and of each document's inputs
    (pages, then forms; text_inputs and the 文号), each read once."""

    candidates: str
    documents: list[str]

    def of_pages(self, corpus: SearchCorpus) -> list[str]:
        return self.documents[: len(corpus.pages)]


def corpus_keys(corpus: SearchCorpus) -> Keys:
    inputs = text_inputs(corpus)
    bears = [p.bears for p in corpus.pages]
    bears += [""] * (len(inputs) - len(bears))
    return Keys(candidates_key(corpus),
                [text_digest(title, text, of) for (title, text), of in zip(inputs, bears, strict=True)])


Earlier = Callable[[str], "Mapping[str, bytes] | None"]
"""The search files stored under a key (`build`'s `stored_as`), by site path, or None."""
Later = list[Callable[[], None]]
"""What a build leaves to be stored once its files are made (`build`'s `later`)."""


def _sharded(corpus: SearchCorpus, files: dict[str, bytes], first_terms: list[str],
             rows: dict[str, list[str]], withdrawn: list[int], current: list[int],
             plain: dict[str, dict[str, list[int]]]) -> Sharded:
    """The term shards `files` (first term of each, `first_terms`) with the rows' chunks
    (`rows`: kind → each row's JSON) and the rounds file, in their content-named folder, and
    the manifest naming them."""
    files.update(_row_chunks(rows))
    files[SCHEMA["files"]["rounds"]] = rounds_file(corpus)
    folder = content_dir("d", files)
    manifest = _manifest(corpus, folder, first_terms, {kind: len(rows[kind]) for kind in rows},
                         withdrawn, current)
    return Sharded(
        manifest_path=MANIFEST,
        manifest=manifest,
        files={"search/" + folder + name: body for name, body in files.items()},
        postings=plain,
    )


PEOPLE_FIELDS = frozenset(f for f, spec in SCHEMA["fields"].items() if spec["space"] != "doc")
"""The fields whose postings are made from the candidates and their units alone (_People)."""
_PEOPLE_TOP = {f: kind for f, kind in TOP_ROWS.items() if f in PEOPLE_FIELDS}
_DOC_TOP = {f: kind for f, kind in TOP_ROWS.items() if f not in PEOPLE_FIELDS}
PEOPLE_VERSION = 4
"""Of the stored people's part's shape (the store's code digest covers how it is made).
2: terms in UTF-16 order in parallel lists, entries whole, rows as their JSON. 3: the carried
rows as a table of those that differ and each term's line in it. 4: a line of JSON, then the
entries, the table and the rows as lines of text (_People.dumps)."""
_LIST = json.JSONEncoder(separators=(",", ":"))
"""A posting list's JSON (integers only: the same text as index.dumps makes of it)."""
_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""index.dumps as text: a list's JSON is then its items' JSON joined by commas in brackets,
so that a shard or a chunk is put together from pieces encoded once."""
_C_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_ROW_ENCODER: Any = (None if _C_ENCODER is None else _C_ENCODER(
    None, _TEXT.default, json.encoder.encode_basestring, None, _TEXT.key_separator, _TEXT.item_separator,
    _TEXT.sort_keys, _TEXT.skipkeys, _TEXT.allow_nan))
"""The C encoder _TEXT.encode makes anew for each value (json.encoder's iterencode), made once
(no check for cycles: a row has none): each row's JSON, the same text."""


def _row_texts(rows: Iterable[list[Any]]) -> list[str]:
    """_TEXT.encode of each row: with one encoder, in half the time (the pages' and forms' rows
    were ~0.15 s of a correction at 200,000 candidates, the candidates' ~0.3 s of a full build)."""
    if _ROW_ENCODER is None:
        return [_TEXT.encode(row) for row in rows]
    encoder = _ROW_ENCODER
    return ["".join(encoder(row, 0)) for row in rows]


class _Carried(Sequence[Any]):
    """The rows each term of a stored people's part carries (_People.carried), read from the
    table of those that differ as a term asks for them: a correction walks the terms of the
    few shards it cuts again (~60,000 of ~460,000 at 200,000 candidates), and reading the
    whole table was ~0.2 s of its build step."""

    def __init__(self, table: list[str], lines: list[int]) -> None:
        """`table`: each carried rows' JSON (line 0: "0", none); `lines`: each term's line."""
        self.table = table
        self.lines = lines
        self.read: dict[int, Any] = {0: 0}

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[Any]:
        return map(self.__getitem__, range(len(self.lines)))

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        line = self.lines[i]
        found = self.read.get(line)
        if found is None:
            found = self.read[line] = json.loads(self.table[line])
            if type(found) is not list:
                raise ValueError("not carried rows")
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


@dataclass
class _People:
    """What the search files take from the candidates and their units alone: each term's
    postings in the candidate and unit fields as its entry's JSON and the rows they carry, the
    names' readings, the candidate and unit rows and the manifest's lists of them.

    A correction of a notice, a page or a form, or a day on which no round's people change,
    leaves all of it as it was, yet it is most of the shard build. A publishing server keeps
    it in its disk store (`_build_from_people`), keyed by exactly what it is made from
    (`_people_key`), and a build then makes only the pages' and forms' postings and merges
    them in (_merged). The pages cannot shift it: candidates, units and documents are
    numbered apart, and a page's BM25 statistics touch only the document fields.

    Kept the way the merge reads it, so that a build from it does no work per term but
    for the few terms pages, forms or a character's readings share: the terms in the
    shards' (UTF-16) order, each with its whole entry and what it costs in a shard, in
    parallel lists; a merge is then a walk along them with the pages' few terms put in
    (at 200,000 candidates, sorting and splitting every term again was ~2.3 s of a
    correction's build step)."""

    terms: list[str]
    """Every term (with its field's key), in UTF-16 order."""
    entries: list[str]
    """Each term's entry JSON, '{"n":[…],"p":[…]}' (its fields in field order)."""
    costs: list[int]
    """Each term's bytes in a shard but for its rows (_Cutter)."""
    carried: Sequence[Any]
    """Each term's carried rows, [[kind, [document, …]], …] (_carried), or 0 for none."""
    readings: dict[str, list[str]]
    """Each Han character of the names → its readings in them, sorted."""
    chars: str
    """Each Han character of the terms once (simplified_forms)."""
    short: str
    """Each Han character of the terms of one or two characters once (sound_table)."""
    singles: str
    """The terms of one character (simplified_forms: a traditional form held as a term)."""
    cand_rows: list[str]
    """Each candidate row's JSON."""
    unit_rows: list[str]
    withdrawn: list[int]
    current: list[int]
    kinds: list[bool]
    """Whether a term has a character beyond the BMP, and one of E000–FFFF (_order_kinds)."""

    def dumps(self) -> bytes:
        """A line of JSON, [PEOPLE_VERSION, terms, costs, each term's line of the carried rows'
        table, readings, chars, short, singles, withdrawn, current, kinds, [the lines and bytes
        of each text that follows]], then as lines of text the entries, the carried rows' table
        and the candidate and unit rows: each is JSON with no line break in it (entries and
        table ASCII), so that reading it is a split, where as JSON strings and lists of a
        whole JSON text (UCS-2, for the rows' Han characters) it was ~1.2 s at 200,000
        candidates.

        The carried rows once each, and each term's line (0: none): ~150,000 differ of
        ~460,000 at 200,000 candidates (a name's terms carry its rows)."""
        lines: dict[str, int] = {"0": 0}
        of_terms = [lines.setdefault(_LIST.encode(c), len(lines)) if c else 0 for c in self.carried]
        texts = [_lines(self.entries).encode("ascii"), _lines(lines).encode("ascii"),
                 _lines(self.cand_rows).encode("utf-8"), _lines(self.unit_rows).encode("utf-8")]
        counts = [len(self.entries), len(lines), len(self.cand_rows), len(self.unit_rows)]
        head = (PEOPLE_VERSION, self.terms, self.costs, of_terms, self.readings, self.chars, self.short,
                self.singles, self.withdrawn, self.current, self.kinds,
                [[count, len(text)] for count, text in zip(counts, texts, strict=True)])
        return b"".join((b"[", b",".join(map(dumps, head)), b"]\n", *texts))

    @classmethod
    def loads(cls, data: bytes) -> _People:
        """From `dumps`; ValueError for anything else. Plain JSON (no object hook), its shape
        checked where a wrong one would not fail the merge (which then builds from nothing,
        _build_from_people): the lists' types and lengths. Each text decoded from the bytes
        read, not copied out of them first."""
        at = data.index(b"\n")  # JSON escapes a line break in a string
        (version, terms, costs, lines, readings, chars, short, singles, withdrawn, current, kinds,
         sizes) = json.loads(data[:at])
        if type(kinds) is not list or len(kinds) != 2 or not set(map(type, kinds)) <= {bool}:
            raise ValueError("not the terms' kinds of characters")
        if version != PEOPLE_VERSION or not all(
            type(v) is t for v, t in ((terms, list), (costs, list), (lines, list), (readings, dict), (chars, str),
                                      (short, str), (singles, str), (withdrawn, list), (current, list),
                                      (sizes, list))
        ):
            raise ValueError("not a people's part of this version")
        if len(sizes) != 4 or not all(type(s) is list and len(s) == 2 and set(map(type, s)) <= {int} for s in sizes):
            raise ValueError("not the texts' sizes")
        view = memoryview(data)
        at += 1
        texts: list[list[str]] = []
        for (count, size), encoding in zip(sizes, ("ascii", "ascii", "utf-8", "utf-8"), strict=True):
            if size < 0 or at + size > len(data):
                raise ValueError("sizes that do not add up")
            found = str(view[at : at + size], encoding).split("\n") if count else []
            if len(found) != count or (not count and size):
                raise ValueError("texts of other lengths")
            texts.append(found)
            at += size
        if at != len(data):
            raise ValueError("sizes that do not add up")
        entries, table, cand_rows, unit_rows = texts
        if not len(terms) == len(entries) == len(costs) == len(lines):
            raise ValueError("lists of other lengths")
        for items, kind in ((terms, str), (costs, int), (lines, int)):
            if not set(map(type, items)) <= {kind}:
                raise ValueError("an item of another type")
        if lines and not 0 <= min(lines) <= max(lines) < len(table):
            raise ValueError("not lines of the carried rows' table")
        return cls(terms, entries, costs, _Carried(table, lines), readings, chars, short, singles, cand_rows,
                   unit_rows, withdrawn, current, kinds)


def _joined(entries: list[str]) -> str:
    """The documents' entries as one string (_Docs): each is ASCII (field names and numbers)
    and has no line break, nor an apostrophe, which stands for its quotes."""
    return "\n".join(entries).replace('"', "'")


def _lines(items: Iterable[str]) -> str:
    """Items with no line break in them (JSON; the entries' ASCII), one a line."""
    return "\n".join(items)


def _people_key(corpus: SearchCorpus, candidates: str) -> bytes:
    """Everything _People is made from: the candidates (`candidates`: their candidates_digest,
    their round's line among their fields) and, of their rounds, the id and year (filter
    terms) and whether it is under way (the rows' order)."""
    rounds = [(r.id, r.year, r.current) for r in corpus.rounds]
    return hashlib.sha256(repr((PEOPLE_VERSION, rounds, candidates)).encode("utf-8", "surrogatepass")).digest()


_Item = tuple[str, str, int, Any]
"""A people's term as the merge takes it: term, entry JSON, its cost and carried rows (_People)."""


def _people_made(
    corpus: SearchCorpus, remember: bool, plain: dict[str, dict[str, list[int]]] | None,
) -> tuple[_People, Iterator[_Item], list[Mapping[str, tuple[str, ...]]]]:
    """The people's part with its terms but not yet their entries, costs and carried rows
    (empty lists), which the iterator makes in the terms' order, each term's postings let go
    as it is encoded (the lists outweigh their JSON); the pages' and forms' terms read on the
    way. `plain`: filled with each term's postings (tests)."""
    terms = corpus_terms(corpus, remember=remember)
    numbered = _numbered(corpus, terms)
    postings = Postings()
    _candidate_postings(corpus, numbered, postings)
    _unit_postings(numbered.units, postings, terms)
    rows = _people_rows(numbered, terms)
    top = _TopRows(corpus, numbered, {"unit": rows["unit"]})
    order = sorted(postings.terms, key=utf16_key)
    chars, short = _characters(order)
    people = _People(
        order, [], [], [], {ch: sorted(found) for ch, found in postings.readings.items()},
        "".join(sorted(filter(is_han, chars))), "".join(sorted(filter(is_han, short))),
        "".join(t for t in order if len(t) == 1),
        _row_texts(rows["cand"]), _row_texts(rows["unit"]),
        _withdrawn(numbered.people), _current(corpus, numbered.people), list(_order_kinds(order)),
    )
    return people, _people_items(order, postings.terms, numbered.lengths, top, plain), terms.texts


def _people_items(order: list[str], postings: dict[str, dict[str, Any]], lengths: list[int], top: _TopRows,
                  plain: dict[str, dict[str, list[int]]] | None) -> Iterator[_Item]:
    encoder = _LIST.encode
    for t in order:
        found_in = postings.pop(t)
        pieces = []
        for f in sorted(found_in):
            spec = SCHEMA["fields"][f]
            pieces.append(f'"{f}":' + encoder(encode(spec["encoding"], found_in[f],
                                                     lengths if spec["encoding"] == "grouped" else None)))
        entry = "{" + ",".join(pieces) + "}"  # ASCII: field names and numbers
        carried = [[kind, nos] for kind, nos in _carried(top, t, found_in, _PEOPLE_TOP) if nos]
        if plain is not None:
            plain.setdefault(t, {}).update(found_in)  # lists: no candidate or unit field is weighted
        yield t, entry, len(entry) + len(t.encode()) + 4, carried or 0


def _people_part(corpus: SearchCorpus, remember: bool = True) -> tuple[_People, list[Mapping[str, tuple[str, ...]]]]:
    """The people's part made afresh, whole (to be stored), and the pages' and forms' terms
    read on the way."""
    people, items, texts = _people_made(corpus, remember, None)
    carried_of: list[Any] = []
    for _t, entry, cost, carried in items:
        people.entries.append(entry)
        people.costs.append(cost)
        carried_of.append(carried)
    people.carried = carried_of
    return people, texts


def _build_from_people(corpus: SearchCorpus, remember: bool, keys: Keys, stored_as: str | None = None,
                       earlier: Earlier | None = None, later: Later | None = None) -> Sharded:
    """A publishing server's shard build (the disk store enabled): the people's part from the
    store when it holds the same candidates (_People), else made and stored; the same bytes
    as a build with no store (both cut by _Cutter, tests/test_search_cache.py)."""
    key = _people_key(corpus, keys.candidates)
    stored = diskcache.get_raw("search-people", key)
    if stored is not None:
        try:
            _kept[:] = [_People.loads(stored)]
            merged = _merged_stored(corpus, _kept[0], _stored_docs(corpus, keys.documents, later=later), key,
                                    stored_as, earlier)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            pass  # another shape: made again below, and rewritten
        else:
            # The rounds' terms it was made from: the next build that changes a name needs
            # every other round's (builder.files.diskcache.store_made_from).
            diskcache.keep_made_from("search-people", key)
            return merged
    made_from: set[str] = set()
    with diskcache.recording(made_from):
        people, texts = _people_part(corpus, remember)
    diskcache.store_made_from("search-people", key, made_from)
    diskcache.put_raw("search-people", key, people.dumps())
    _kept[:] = [people]
    return _merged_stored(corpus, people, _stored_docs(corpus, keys.documents, texts, later), key, stored_as,
                          earlier)


_kept: list[_People] = []
"""The last people's part a build took, kept: a publishing server's build process ends without
freeing its objects one by one (builder.files.quickexit), and freeing the part's ~460,000
terms, entries and rows here was ~0.23 s of a correction's build step at 200,000 candidates.
The store is only a server's, which builds once per process; a later build replaces it."""


_DocPart = dict[str, tuple[str, Any]]
"""The pages' and forms' part of the shards: each of their terms → its document fields' JSON
('"b":[…],"t":[…]', fields in name order) and the documents whose rows it carries (TOP_ROWS: a
term of a title), or 0 for none (no title has it)."""


def _field_of(piece: str) -> str:
    """The field of an entry's piece, '"name":[…]'."""
    return piece[1:piece.index('"', 1)]


def _decoded(encoding: str, data: list[int]) -> dict[int, int]:
    """decode of a document field ("weighted" or "plain"), in C."""
    if encoding == "weighted":
        return dict(zip(itertools.accumulate(data[0::2]), data[1::2], strict=True))
    return dict.fromkeys(itertools.accumulate(data), 1)


def _doc_entry(found_in: Mapping[str, Any]) -> str:
    encoder = _LIST.encode
    return ",".join(f'"{f}":' + encoder(encode(SCHEMA["fields"][f]["encoding"], found_in[f]))
                    for f in sorted(found_in))


def _doc_shown(top: _TopRows, found_in: Mapping[str, Any]) -> Any:
    return top.of("t", _ranked("t", found_in)) if "t" in found_in else 0


def _doc_part(corpus: SearchCorpus, texts: list[Mapping[str, tuple[str, ...]]],
              plain: dict[str, dict[str, list[int]]] | None = None) -> _DocPart:
    """The pages' and forms' part made from their terms `texts` (CorpusTerms.texts). `plain`:
    filled with its postings (tests)."""
    postings = Postings()
    _text_postings(corpus, postings, texts)
    top = _TopRows(corpus, None, {})
    part: _DocPart = {}
    for t, found_in in postings.terms.items():
        part[t] = (_doc_entry(found_in), _doc_shown(top, found_in))
        if plain is not None:
            plain.setdefault(t, {}).update(
                {f: sorted(found) if isinstance(found, dict) else found for f, found in found_in.items()})
    return part


DOCS_VERSION = 1
"""Of the stored documents' part's shape (_Docs)."""
_PLAIN_DOC_FIELDS = ("pf", "ts", "w")


_doc_digest = text_digest
"""Of everything one document's postings are made from (terms.text_inputs, its 文号)."""


def _stored_docs(corpus: SearchCorpus, digests: list[str], texts: list[Mapping[str, tuple[str, ...]]] | None = None,
                 later: Later | None = None) -> _DocPart:
    """The pages' and forms' part of a publishing server's build (the disk store enabled): from
    the last build's (_Docs), where it holds the same number of pages and forms, with what
    the documents that changed since change made again; else made (from `texts` when given).
    Stored for the next build either way.

    The entry is found by the shape of the numbering alone (how many pages and forms), not by
    the documents' inputs, since a correction is a build whose inputs the last build did not
    have; nothing in it is taken without its inputs checked: each document's is its digest
    (`digests`, Keys.documents), and a weight is taken only where its interval says it is the same
    (_steady). The same bytes as a build with no store (tests/test_search_cache.py).

    `later`: the new state's storing is put there, not done here: a publishing server's
    build stores it on the compressing thread, once the new shards are compressed
    (builder.render.search.files), since its text (~54 MB at 200,000 candidates) was
    ~0.1-0.3 s of a correction's main thread. The state is not changed after this returns."""
    inputs = text_inputs(corpus)
    key = hashlib.sha256(repr((DOCS_VERSION, len(corpus.pages), len(corpus.forms))).encode()).digest()
    raw = diskcache.get_raw("search-docs", key)
    part: _DocPart | None = None
    if raw is not None:
        try:
            state = _Docs.loads(raw)
            if state.pages == len(corpus.pages) and len(state.digests) == len(digests):
                changed = [d for d, (was, now) in enumerate(zip(state.digests, digests, strict=True)) if was != now]
                if not changed:
                    return state.part()
                if len(changed) * 8 <= len(digests):  # else made again: as cheap, and simpler
                    fields = {d: texts[d] if texts is not None else one_doc_terms(*inputs[d]) for d in changed}
                    part = state.update(corpus, changed, fields, digests)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            part = None  # another shape: made again, and rewritten
    if part is None:
        state, part = _Docs.made(corpus, texts if texts is not None else [one_doc_terms(*i) for i in inputs], digests)
    made = state

    def store() -> None:
        diskcache.put_raw("search-docs", key, made.dumps())

    if later is None:
        store()
    else:
        later.append(store)
    return part


@dataclass
class _Weighted:
    """A BM25 field's (t, b) pairs of the last build, document by document."""

    lengths: list[int]
    """Each document's length in the field (its tokens)."""
    offsets: list[int]
    """Document d's pairs are [offsets[d], offsets[d + 1])."""
    df: list[int]
    """Of each term (_Docs.terms), how many documents have it in the field."""
    tid: array.array[int]
    """Each pair's term."""
    tf: array.array[int]
    w: array.array[int]
    """Each pair's weight."""
    lo: array.array[float]
    hi: array.array[float]
    """The interval of the document's norm over which the pair weighs `w` (_steady)."""

    ARRAYS = ("tid", "tf", "w", "lo", "hi")


@dataclass
class _Docs:
    """What the pages' and forms' part of the shards was made of, and the part: a correction
    changes the text of a page or two, and with it the average length of a text, so the norm
    of every document and, rounded, a few of the ~1.6 million weights (at 200,000 candidates);
    a build from this finds those by their intervals (_steady), weighs those again and
    encodes again the terms whose postings changed, not the documents' terms, weights and
    entries of every page (~3 s of a correction's build step at 200,000 candidates)."""

    pages: int
    digests: list[str]
    """Each document's inputs' digest (Keys.documents)."""
    terms: list[str]
    """Every term the documents have had (a term's number in the lists here; one no document
    has any more has an empty entry)."""
    entries: list[str]
    """Each term's document fields' JSON (_DocPart), or "" for none."""
    shown: list[Any]
    """The documents whose rows each term carries, or 0 (_DocPart)."""
    plain: dict[str, list[list[int]]]
    """pf, ts and w: each document's terms there."""
    weighted: dict[str, _Weighted]

    def part(self) -> _DocPart:
        return {t: (entry, shown) for t, entry, shown in zip(self.terms, self.entries, self.shown, strict=True)
                if entry}

    @classmethod
    def made(cls, corpus: SearchCorpus, texts: list[Mapping[str, tuple[str, ...]]],
             digests: list[str]) -> tuple[_Docs, _DocPart]:
        postings = Postings()
        recorded: dict[str, _Recorded] = {}
        _text_postings(corpus, postings, texts, recorded)
        found = postings.terms
        terms = list(found)
        ids = {t: i for i, t in enumerate(terms)}
        top = _TopRows(corpus, None, {})
        entries = [_doc_entry(found[t]) for t in terms]
        shown = [_doc_shown(top, found[t]) for t in terms]
        keys = {f: SCHEMA["fields"][f]["key"] for f in _PLAIN_DOC_FIELDS}
        plain = {f: [list(dict.fromkeys(ids[keys[f] + t] for t in doc.get(f, ()))) for doc in texts]
                 for f in ("pf", "ts")}
        plain["w"] = [list(dict.fromkeys(ids[keys["w"] + t] for t in bears_tokens(p.bears))) for p in corpus.pages]
        plain["w"] += [[] for _ in corpus.forms]
        weighted: dict[str, _Weighted] = {}
        for f, (lengths, pair_terms, tfs, ws, los, his) in recorded.items():
            df = [len(found[t].get(f, ())) for t in terms]
            offsets = [0]
            for d, doc in enumerate(texts):
                offsets.append(offsets[d] + len(set(doc.get(f, ()))))
            weighted[f] = _Weighted(lengths, offsets, df, array.array("i", map(ids.__getitem__, pair_terms)),
                                    array.array("i", tfs), array.array("i", ws), array.array("f", los),
                                    array.array("f", his))
        state = cls(len(corpus.pages), digests, terms, entries, shown, plain, weighted)
        return state, state.part()

    def update(self, corpus: SearchCorpus, changed: list[int], fields: Mapping[int, Mapping[str, tuple[str, ...]]],
               digests: list[str]) -> _DocPart:
        """The part of the documents now, `changed` being those whose inputs changed, of the terms
        `fields` (their text_terms), `digests` every document's; this state becomes theirs."""
        ids = {t: i for i, t in enumerate(self.terms)}

        def term_id(t: str) -> int:
            i = ids.get(t)
            if i is None:
                i = ids[t] = len(self.terms)
                self.terms.append(t)
                self.entries.append("")
                self.shown.append(0)
                for weighted in self.weighted.values():
                    weighted.df.append(0)
            return i

        # term → field → document → its weight now (1 in a plain field), None: no longer there.
        moved: dict[int, dict[str, dict[int, int | None]]] = defaultdict(lambda: defaultdict(dict))
        keys = {f: SCHEMA["fields"][f]["key"] for f in _PLAIN_DOC_FIELDS}
        for f in _PLAIN_DOC_FIELDS:
            of_docs = self.plain[f]
            for d in changed:
                tokens = (bears_tokens(corpus.pages[d].bears) if d < self.pages else []) if f == "w" \
                    else fields[d].get(f, ())
                now = list(dict.fromkeys(term_id(keys[f] + t) for t in tokens))
                for i in set(of_docs[d]).difference(now):
                    moved[i][f][d] = None
                for i in set(now).difference(of_docs[d]):
                    moved[i][f][d] = 1
                of_docs[d] = now
        for f, boost in BOOSTS.items():
            self._reweigh(f, boost, changed, fields, term_id, moved)
        top = _TopRows(corpus, None, {})
        for i, by_field in moved.items():
            self._patch(i, by_field, top)
        self.digests = digests
        return self.part()

    def _patch(self, i: int, by_field: Mapping[str, Mapping[int, int | None]], top: _TopRows) -> None:
        """Term i's entry with the postings `by_field` moved (document → weight, 1 in a plain
        field, None: gone): only those fields decoded and encoded again, each as its documents
        and weights in lists, changed in place (a moved term is most often a common word, of
        thousands of documents, moved in one or two), the other fields' JSON as it is."""
        entry = self.entries[i]
        pieces = {_field_of(piece): piece for piece in entry.replace(',"', '\0"').split("\0")} if entry else {}
        # A field as its documents, and (weighted) its weights and all its numbers as their
        # text: a weight moved is put in place as text, and the field joined again, not
        # decoded and encoded whole (json.loads and dumps of these long lists were ~0.45 s of
        # a correction at 200,000 candidates). Integers' JSON is their str().
        lists: dict[str, tuple[list[int], list[str] | None, list[str]]] = {}

        def postings(f: str) -> tuple[list[int], list[str] | None, list[str]]:
            found = lists.get(f)
            if found is None:
                body = pieces[f][len(f) + 4 : -1] if f in pieces else ""
                numbers = body.split(",") if body else []
                if SCHEMA["fields"][f]["encoding"] == "weighted":
                    found = list(itertools.accumulate(map(int, numbers[0::2]))), numbers[1::2], numbers
                else:
                    found = list(itertools.accumulate(map(int, numbers))), None, numbers
                lists[f] = found
            return found

        for f, docs in by_field.items():
            ds, ws, numbers = postings(f)
            same_documents = True
            for d, w in docs.items():
                k = bisect.bisect_left(ds, d)
                there = k < len(ds) and ds[k] == d
                if w is None:
                    if there:
                        same_documents = False
                        del ds[k]
                        if ws is not None:
                            del ws[k]
                elif there:
                    if ws is not None:
                        ws[k] = str(w)
                else:
                    same_documents = False
                    ds.insert(k, d)
                    if ws is not None:
                        ws.insert(k, str(w))
            if not ds:
                pieces.pop(f, None)
                continue
            if ws is None:
                out = numbers if same_documents else list(map(str, _sorted_gaps(ds)))
            else:
                # As encode("weighted"): gaps and weights interleaved.
                out = numbers if same_documents else [""] * (2 * len(ds))
                if not same_documents:
                    out[0::2] = map(str, _sorted_gaps(ds))
                out[1::2] = ws
            pieces[f] = f'"{f}":[' + ",".join(out) + "]"
        self.entries[i] = ",".join(pieces[f] for f in sorted(pieces))
        if by_field.keys() & BOOSTS.keys():  # what the rows it carries are chosen by
            found_in: dict[str, dict[int, int]] = {}
            for f in BOOSTS if "t" in pieces else ():  # none without a title's (_doc_shown)
                if f in pieces:
                    ds, ws, _numbers = postings(f)
                    found_in[f] = dict(zip(ds, map(int, ws or ()), strict=True))
            self.shown[i] = _doc_shown(top, found_in)

    def _found(self, i: int) -> dict[str, dict[int, int]]:
        """Term i's postings: field → document → weight (1 in a plain field)."""
        entry = self.entries[i]
        if not entry:
            return {}
        return {f: _decoded(SCHEMA["fields"][f]["encoding"], data) for f, data in json.loads("{" + entry + "}").items()}

    def _reweigh(self, f: str, boost: int, changed: list[int], fields: Mapping[int, Mapping[str, tuple[str, ...]]],
                 term_id: Any, moved: dict[int, dict[str, dict[int, int | None]]]) -> None:
        """BM25 field f with the documents `changed` of `fields`: their pairs made again, and of
        the other documents' pairs those whose weight may have moved (out of their interval at
        the document's norm now, or of a term whose idf changed) weighed again, into `moved`."""
        pairs = self.weighted[f]
        n = len(self.digests)
        was_df: dict[int, int] = {}
        news: dict[int, list[tuple[int, int]]] = {}
        for d in changed:
            start, end = pairs.offsets[d], pairs.offsets[d + 1]
            old = set(pairs.tid[start:end])
            tokens = fields[d].get(f, ())
            new = [(term_id(t), tf) for t, tf in Counter(tokens).items()]
            pairs.lengths[d] = len(tokens)
            now = {i for i, _ in new}
            for i in old - now:
                was_df.setdefault(i, pairs.df[i])
                pairs.df[i] -= 1
                moved[i][f][d] = None
            for i in now - old:
                was_df.setdefault(i, pairs.df[i])
                pairs.df[i] += 1
            news[d] = new
        idf_moved = {i for i, k in was_df.items() if pairs.df[i] != k}
        lengths = pairs.lengths
        avg = (sum(lengths) / n) if n else 1.0
        norms = [_norm(length, avg) for length in lengths]
        skip = set(changed)
        redo: dict[int, int] = {}  # pair → its document
        lo, hi, tid, offsets = pairs.lo, pairs.hi, pairs.tid, pairs.offsets
        # Each pair's document's norm beside it, and one pass in C over all pairs (per document,
        # ~0.2 s at 200,000 candidates).
        at_pairs = array.array("d")
        for d, x in enumerate(norms):
            at_pairs.extend(array.array("d", (x,)) * (offsets[d + 1] - offsets[d]))
        pairs_count = len(lo)
        for out in (itertools.compress(range(pairs_count), map(operator.lt, at_pairs, lo)),
                    itertools.compress(range(pairs_count), map(operator.gt, at_pairs, hi))):
            for p in out:
                d = bisect.bisect_right(offsets, p) - 1
                if d not in skip:
                    redo[p] = d
        for i in idf_moved:
            for d in self._found(i).get(f, {}):
                if d not in skip:
                    redo[tid.index(i, pairs.offsets[d], pairs.offsets[d + 1])] = d
        idfs: dict[int, float] = {}
        k1_1 = K1 + 1
        for p, d in redo.items():
            i, tf, norm = tid[p], pairs.tf[p], norms[d]
            idf = idfs.get(i)
            if idf is None:
                idf = idfs[i] = _idf(n, pairs.df[i])
            w = round(idf * (k1_1 * tf) / (norm + tf) * boost * 1000)
            w = w if w > 1 else 1
            lo[p], hi[p] = _steady(idf, tf, boost, w)
            if w != pairs.w[p]:
                pairs.w[p] = w
                moved[i][f][d] = w
        # The changed documents' pairs: weighed, and put in place of theirs.
        made: dict[str, array.array[Any]] = {name: array.array(getattr(pairs, name).typecode)
                                             for name in _Weighted.ARRAYS}
        at = 0
        counts = [pairs.offsets[d + 1] - pairs.offsets[d] for d in range(n)]
        for d in sorted(changed):
            start, end = pairs.offsets[d], pairs.offsets[d + 1]
            for name in _Weighted.ARRAYS:
                made[name].extend(getattr(pairs, name)[at:start])
            norm = norms[d]
            for i, tf in news[d]:
                idf = idfs.get(i)
                if idf is None:
                    idf = idfs[i] = _idf(n, pairs.df[i])
                w = round(idf * (k1_1 * tf) / (norm + tf) * boost * 1000)
                w = w if w > 1 else 1
                low, high = _steady(idf, tf, boost, w)
                for name, value in zip(_Weighted.ARRAYS, (i, tf, w, low, high), strict=True):
                    made[name].append(value)
                moved[i][f][d] = w
            counts[d] = len(news[d])
            at = end
        for name in _Weighted.ARRAYS:
            made[name].extend(getattr(pairs, name)[at:])
            setattr(pairs, name, made[name])
        pairs.offsets = [0, *itertools.accumulate(counts)]

    def dumps(self) -> bytes:
        """A line of JSON, [DOCS_VERSION, byte order, pages, digests, terms, shown, plain,
        {field: [lengths, offsets, df]}, the sizes of what follows], then as text the entries
        (_joined) and each field's pairs' arrays, the bytes of each (in this machine's order)
        in base64, as the store keeps bytes (diskcache.Codec): none of it is JSON to escape or
        scan (~0.7 s to write and ~0.3 s to read at 200,000 candidates as JSON strings)."""
        texts = [_joined(self.entries).encode("ascii")]
        texts += [base64.b64encode(getattr(pairs, name).tobytes())
                  for pairs in self.weighted.values() for name in _Weighted.ARRAYS]
        head = [DOCS_VERSION, sys.byteorder, self.pages, self.digests, self.terms, self.shown, self.plain,
                {f: [w.lengths, w.offsets, w.df] for f, w in self.weighted.items()}, [len(t) for t in texts]]
        return b"".join((dumps(head), b"\n", *texts))  # JSON escapes a line break in a string

    @classmethod
    def loads(cls, data: bytes) -> _Docs:
        """From `dumps`; ValueError for anything else (its lists' types and lengths checked)."""
        # The texts decoded from the bytes read, not copied out of them first (~0.25 s of a
        # correction at 200,000 candidates).
        at = data.index(b"\n")  # JSON escapes a line break in a string
        version, order, pages, digests, terms, shown, plain, weighted, sizes = json.loads(data[:at])
        rest = memoryview(data)[at + 1 :]
        if version != DOCS_VERSION or order != sys.byteorder or not all(
            type(v) is t for v, t in ((pages, int), (digests, list), (terms, list), (shown, list),
                                      (plain, dict), (weighted, dict), (sizes, list))
        ):
            raise ValueError("not a documents' part of this version")
        if sum(sizes) != len(rest) or len(sizes) != 1 + len(_Weighted.ARRAYS) * len(BOOSTS) or min(sizes) < 0:
            raise ValueError("sizes that do not add up")
        texts = []
        at = 0
        for size in sizes:
            texts.append(rest[at : at + size])
            at += size
        entries = str(texts[0], "ascii").replace("'", '"').split("\n") if terms else []
        if not len(terms) == len(entries) == len(shown) or not set(map(type, terms)) <= {str}:
            raise ValueError("lists of other lengths")
        docs = len(digests)
        if set(plain) != set(_PLAIN_DOC_FIELDS) or any(len(of_docs) != docs for of_docs in plain.values()):
            raise ValueError("not the documents' plain fields")
        ids = [i for of_docs in plain.values() for i in itertools.chain.from_iterable(of_docs)]
        if ids and not (set(map(type, ids)) <= {int} and min(ids) >= 0 and max(ids) < len(terms)):
            raise ValueError("not terms' numbers")
        fields: dict[str, _Weighted] = {}
        if list(weighted) != list(BOOSTS):
            raise ValueError("not the documents' weighted fields")
        arrays = iter(texts[1:])
        for f, (lengths, offsets, df) in weighted.items():
            made: list[Any] = [array.array(code, binascii.a2b_base64(next(arrays), strict_mode=True))
                               for code in "iiiff"]
            pairs = _Weighted(lengths, offsets, df, *made)
            if (len(lengths) != docs or len(offsets) != docs + 1 or len(df) != len(terms) or offsets[0] != 0
                    or any(b < a for a, b in itertools.pairwise(offsets))
                    or any(len(a) != offsets[-1] for a in made)
                    or (made[0] and not 0 <= min(made[0]) <= max(made[0]) < len(terms))):
                raise ValueError("pairs of another shape")
            fields[f] = pairs
        return cls(pages, digests, terms, entries, shown, plain, fields)


def _characters(terms: Iterable[str]) -> tuple[set[str], set[str]]:
    """Every character of `terms`, and those of the terms of at most two characters (whose
    sounds the sounds file carries, sound_table)."""
    chars: set[str] = set()
    short: set[str] = set()
    for t in terms:
        chars.update(t)
        if len(t) <= 2:
            short.update(t)
    return chars, short


@dataclass
class _Extras:
    """What the merge of the people's part with the pages' and forms' part adds besides their
    entries (_merged, _others): the characters' readings, sounds and simplified forms, the two
    files that carry them, and every term that is not a people's entry as it is, in UTF-16
    order (`names`; `in_order`: code point order is UTF-16 order for them and the people's)."""

    readings: Mapping[str, Iterable[str]]
    simplified: dict[str, str]
    sounds: dict[str, str]
    files: dict[str, bytes]
    names: list[str]
    in_order: bool

    @classmethod
    def of(cls, people: _People, docs: Mapping[str, object]) -> _Extras:
        readings = people.readings
        doc_chars, doc_short = _characters(docs)
        simplified = _simplified({*people.chars, *filter(is_han, doc_chars)}, {*people.singles, *docs})
        sounds = _sounds({*people.short, *filter(is_han, doc_short)})
        files = {SCHEMA["files"]["readings"]: readings_file(readings, simplified),
                 SCHEMA["files"]["sounds"]: sounds_file(sounds)}
        names = sorted(docs.keys() | simplified.keys() | sounds.keys() | readings.keys(), key=utf16_key)
        # The people's terms' kinds found once, when the part was made (~0.16 s at 200,000).
        beyond, private = _order_kinds(names)
        in_order = not ((beyond or people.kinds[0]) and (private or people.kinds[1]))
        return cls(readings, simplified, sounds, files, names, in_order)

    def end_of(self, mine: list[str], t: str, at: int) -> int:
        """Where `t` goes among the people's terms `mine`, from `at` on (bisect_right)."""
        if self.in_order:
            return bisect.bisect_right(mine, t, at)
        return bisect.bisect_right(mine, utf16_key(t), at, key=utf16_key)

    def wanted(self, t: str, own: bool, doc: object) -> bool:
        """Whether `t` has an entry of its own making: a people's term the pages' part or a
        character's data adds to, or a term of the pages' part, or a character's sound or
        simplified form (a character's readings alone go in the readings file)."""
        return own or doc is not None or t in self.sounds or t in self.simplified

    def entry(self, t: str, own: tuple[str, list[Any] | None] | None,
              doc: tuple[str, int] | None) -> tuple[str, list[Any]]:
        """The entry of `t` put together from its pieces: the people's entry and what it
        carries (`own`), the pages' part's pieces and the rows it shows (`doc`), the
        character's readings, sound and simplified form; and what the entry carries."""
        carried: list[Any] = []
        parts: list[str] = []
        if own is not None:
            entry, carried_own = own
            # A field's JSON is '"name":[integers]', so ',"' parts them and nothing else does.
            parts = entry[1:-1].replace(',"', '\0"').split("\0")
            carried = carried_own or []
        if doc is not None:
            pieces, shown = doc
            parts += pieces.replace(',"', '\0"').split("\0")
            parts.sort(key=_field_of)
            if shown != 0:
                carried = [*carried, ("doc", shown)]
        if t in self.readings:
            parts.append(_R_KEY + _TEXT.encode(" ".join(self.readings[t])))
        if t in self.sounds:
            parts.append(_H_KEY + _TEXT.encode(self.sounds[t]))
        if t in self.simplified:
            parts.append(_S_KEY + _TEXT.encode(self.simplified[t]))
        return "{" + ",".join(parts) + "}", carried


_R_KEY, _H_KEY, _S_KEY = (f'"{SCHEMA[k]}":' for k in ("readings", "sounds", "simplified"))


def _merged(corpus: SearchCorpus, people: _People, docs: _DocPart,
            plain: dict[str, dict[str, list[int]]] | None = None, items: Iterator[_Item] | None = None) -> Sharded:
    """The search files of the people's part and the pages' and forms' part `docs`, walked into
    the people's terms in UTF-16 order; a term both have, or a character (readings, sounds,
    simplified form), has its entry put together from its pieces, every other term is the
    people's part's entry as it is. Cut into shards (_Cutter). `plain`: for tests, filled
    with the postings. `items`: the people's terms as the merge takes them, if not the part's
    lists (_people_made)."""
    rows = {"cand": people.cand_rows, "unit": people.unit_rows,
            "doc": _row_texts(_doc_rows(corpus))}
    extras = _Extras.of(people, docs)
    cut = _Cutter(rows, extras.files)
    mine = people.terms
    if items is None:
        items = zip(mine, people.entries, people.costs, people.carried, strict=True)
    # The terms that are not the people's part's entry as it is, in order; a name's character
    # that is none of them and no term has no entry.
    at = 0
    for t in extras.names:
        end = extras.end_of(mine, t, at)
        own = end > at and mine[end - 1] == t
        cut.run(items, end - 1 - at if own else end - at)
        at = end
        doc = docs.pop(t, None)
        if not extras.wanted(t, own, doc):
            continue
        if own:
            _t, people_entry, _cost, people_carried = next(items)
        entry, carried = extras.entry(t, (people_entry, people_carried) if own else None, doc)
        cut.add(t, entry, len(entry.encode()) + len(t.encode()) + 4, carried)
    cut.run(items, len(mine) - at)
    first_terms = cut.finish()
    return _sharded(corpus, extras.files, first_terms, rows, people.withdrawn, people.current, plain or {})


def _merged_stored(corpus: SearchCorpus, people: _People, docs: _DocPart, people_key: bytes,
                   stored_as: str | None = None, earlier: Earlier | None = None) -> Sharded:
    """_merged of a publishing server's build (the people's part whole, from its store), cut
    by the same _Cutter: the terms that are not the people's part's entry as it is are made
    first (_others), and the people's terms walked in between them from the part's lists.

    A correction of a page leaves most shards as they were (at 200,000 candidates, a line
    added to a notice moves the weights of ~900 of ~6,600 pages' terms, in ~750 of ~5,650
    shards), so the people's ~460,000 terms need not be walked again: where the last build's
    record (_CutRecord, found by the people's part's key) has a shard that begins where this
    build's next one begins and was cut from the same terms (the people's part and the
    documents' rows being the same, the same pages' and characters' entries from its first
    term to the next shard's), that shard is taken from the last build's stored files,
    checked against the record's digest of its bytes; from a shard that is not, the terms are
    cut again until a shard ends where the record has one that is. Every cut ends where the
    same cut from nothing ends, so the files are the same bytes (tests/test_search_cache.py).

    `stored_as`: the key this build's files are stored under (builder.render.search.files),
    which its record names; `earlier`: the files stored under a key."""
    rows = {"cand": people.cand_rows, "unit": people.unit_rows,
            "doc": _row_texts(_doc_rows(corpus))}
    files, others = _others(people, docs)
    names = [item[0] for item in others.items]
    beyond, private = _order_kinds(names)
    in_order = not ((beyond or people.kinds[0]) and (private or people.kinds[1]))
    rows_digest = hashlib.sha256("\n".join(rows["doc"]).encode()).hexdigest()
    record_key = hashlib.sha256(repr((CUT_VERSION, people_key)).encode()).digest()
    # Each of the others' text as the ranges' digests read it, made once for both (~0.15 s).
    texts = _item_texts(others.items) if earlier is not None or stored_as is not None else []
    base = _earlier_cut(record_key, rows_digest, names, texts, in_order, earlier)
    reusable = base.reusable if base is not None else {}
    mine = people.terms
    cut = _Cutter(rows, files)
    fresh: list[int] = []
    shas: dict[int, str] = {}

    def first(a: int, j: int) -> str | None:
        """The term at a position of the walk (the people's term a, the others' j)."""
        if j < len(names) and others.before[j] == a:
            return names[j]
        return mine[a] if a < len(mine) else None

    def position(t: str) -> tuple[int, int]:
        """The position of a term: the first of each list not before it."""
        if in_order:
            return bisect.bisect_left(mine, t), bisect.bisect_left(names, t)
        key = utf16_key(t)
        return bisect.bisect_left(mine, key, key=utf16_key), bisect.bisect_left(names, key, key=utf16_key)

    pos: tuple[int, int] | None = (0, 0)
    while pos is not None:
        t = first(*pos)
        if t is None:
            break
        k = reusable.get(t)
        if k is not None and base is not None:
            body = base.body(k)
            if body is not None:
                shas[len(cut.first_terms)] = base.record.shas[k]  # as checked: not digested again
                cut.taken(t, body)
                pos = position(base.record.firsts[k + 1]) if k + 1 < len(base.record.firsts) else None
                continue
            del reusable[t]  # not the bytes recorded: cut again
        before = len(cut.first_terms)
        pos = _walk(cut, people, others, pos, reusable)
        fresh += range(before, len(cut.first_terms))
    before = len(cut.first_terms)
    first_terms = cut.finish()
    fresh += range(before, len(first_terms))
    shards = {n: files[SCHEMA["files"]["shard"].format(n=n)] for n in range(len(first_terms))}
    sharded = _sharded(corpus, files, first_terms, rows, people.withdrawn, people.current, {})
    folder = sharded.manifest["dir"]
    if base is not None:
        sharded.fresh = ["search/" + folder + SCHEMA["files"]["shard"].format(n=n) for n in fresh]
    if stored_as is not None:
        record = _CutRecord(stored_as, folder, rows_digest, first_terms,
                            _range_digests(first_terms, names, texts, in_order),
                            [shas.get(n) or hashlib.sha256(shards[n]).hexdigest() for n in range(len(first_terms))])
        diskcache.put_raw("search-cut", record_key, record.dumps())
    return sharded


@dataclass
class _Others:
    """The terms of a publishing server's merge that are not the people's part's entries as
    they are (_merged_stored): each as the cutter takes it, in UTF-16 order, and where it goes
    among the people's terms."""

    items: list[_Item]
    before: list[int]
    """Each one's place among the people's terms: the term it stands for (`own`), else the
    first after it."""
    own: list[bool]
    """Whether it stands for a people's term (its entry put together with theirs)."""


def _others(people: _People, docs: _DocPart) -> tuple[dict[str, bytes], _Others]:
    """The readings and sounds files, and the terms of the pages and forms and of characters
    (readings, sounds, simplified form) with their entries put together as _merged does."""
    extras = _Extras.of(people, docs)
    mine = people.terms
    out = _Others([], [], [])
    at = 0
    for t in extras.names:
        end = extras.end_of(mine, t, at)
        own = end > at and mine[end - 1] == t
        at = end
        doc = docs.get(t)
        if not extras.wanted(t, own, doc):
            continue
        entry, carried = extras.entry(t, (people.entries[end - 1], people.carried[end - 1]) if own else None, doc)
        out.items.append((t, entry, len(entry.encode()) + len(t.encode()) + 4, carried))
        out.before.append(end - 1 if own else end)
        out.own.append(own)
    return extras.files, out


def _walk(cut: _Cutter, people: _People, others: _Others, pos: tuple[int, int],
          stop: Container[str]) -> tuple[int, int] | None:
    """Cut the merged terms from position `pos` (the people's term, the others') on, until a
    shard is closed before a term in `stop` (its position), or to the end (None)."""
    a, j = pos
    count = len(others.items)
    while True:
        end = others.before[j] if j < count else len(people.terms)
        stopped = cut.span(people, a, end, stop)
        if stopped is not None:
            return stopped, j
        if j == count:
            return None
        t, entry, cost, carried = others.items[j]
        if not cut.put(t, entry, cost, carried, stop):
            return end, j
        a = end + 1 if others.own[j] else end
        j += 1


CUT_VERSION = 1
"""Of the stored record of a build's shards (_CutRecord)."""


@dataclass
class _CutRecord:
    """How a publishing server's build cut its shards (the disk store, "search-cut", under its
    people's part's key): where its files are stored, and of each shard its first term, the
    digest of what else it was cut from (_range_digests) and the digest of its bytes."""

    stored_as: str
    """The key of its files in the store (`build`'s `stored_as`)."""
    folder: str
    """Its shards' folder, `d.<hash>/`."""
    rows: str
    """The digest of its documents' rows (what a shard carries besides the people's)."""
    firsts: list[str]
    inputs: list[str]
    shas: list[str]

    def dumps(self) -> bytes:
        return dumps([CUT_VERSION, self.stored_as, self.folder, self.rows, self.firsts, self.inputs, self.shas])

    @classmethod
    def loads(cls, data: bytes) -> _CutRecord:
        """From `dumps`; ValueError for anything else (its items' types, the lists' lengths,
        the first terms in UTF-16 order)."""
        version, stored_as, folder, rows, firsts, inputs, shas = json.loads(data)
        if version != CUT_VERSION or not all(type(v) is str for v in (stored_as, folder, rows)) or not all(
            type(v) is list for v in (firsts, inputs, shas)
        ):
            raise ValueError("not a record of shards of this version")
        if not len(firsts) == len(inputs) == len(shas) or not set(map(type, firsts + inputs + shas)) <= {str}:
            raise ValueError("lists of other lengths or types")
        keys = [utf16_key(t) for t in firsts]
        if any(b <= a for a, b in itertools.pairwise(keys)):
            raise ValueError("first terms out of order")
        return cls(stored_as, folder, rows, firsts, inputs, shas)


def _item_texts(items: list[_Item]) -> list[bytes]:
    """Each of the others' items (_others) as _range_digests digests it."""
    encode = _LIST.encode
    return [f"{t}\0{entry}\0{encode(carried)}\n".encode("utf-8", "surrogatepass")
            for t, entry, _cost, carried in items]


def _range_digests(firsts: list[str], names: list[str], texts: list[bytes], in_order: bool) -> list[str]:
    """Of each shard (`firsts`: the first term of each), the digest of the others' terms
    (_others: `names`, and `texts`, _item_texts of their items) from its first term to the
    next shard's, both included: the next shard's first term is what closed it. With the
    people's part, the documents' rows and the code the same, a shard begun at the same term
    is the same bytes when this is."""
    if in_order:
        lo = [bisect.bisect_left(names, t) for t in firsts]
        hi = [bisect.bisect_right(names, t) for t in firsts[1:]]
    else:
        lo = [bisect.bisect_left(names, utf16_key(t), key=utf16_key) for t in firsts]
        hi = [bisect.bisect_right(names, utf16_key(t), key=utf16_key) for t in firsts[1:]]
    hi.append(len(names))
    return [hashlib.sha256(b"".join(texts[start:end])).hexdigest() for start, end in zip(lo, hi, strict=True)]


@dataclass
class _EarlierCut:
    """The last build's record, the shards of it that may be taken (`reusable`: first term →
    number) and its files."""

    record: _CutRecord
    reusable: dict[str, int]
    files: Mapping[str, bytes]

    def body(self, k: int) -> bytes | None:
        """Shard k's bytes if its stored file has the digest recorded, else None."""
        body = self.files.get("search/" + self.record.folder + SCHEMA["files"]["shard"].format(n=k))
        if body is None or hashlib.sha256(body).hexdigest() != self.record.shas[k]:
            return None
        return body


def _earlier_cut(record_key: bytes, rows_digest: str, names: list[str], texts: list[bytes], in_order: bool,
                 earlier: Earlier | None) -> _EarlierCut | None:
    """The last build's record and files (_merged_stored), if the store holds both and the
    record is of the same documents' rows; None otherwise (every shard is cut)."""
    if earlier is None:
        return None
    raw = diskcache.get_raw("search-cut", record_key)
    if raw is None:
        return None
    try:
        record = _CutRecord.loads(raw)
    except (TypeError, ValueError, RecursionError):
        return None
    if record.rows != rows_digest:
        return None
    files = earlier(record.stored_as)
    if files is None:
        return None
    now = _range_digests(record.firsts, names, texts, in_order)
    reusable = {t: k for k, (t, was, digest) in enumerate(zip(record.firsts, record.inputs, now, strict=True))
                if was == digest}
    return _EarlierCut(record, reusable, files)


def _code_point_order_is_utf16(*lists: list[str]) -> bool:
    """Whether Python's order of these strings (by code point) is UTF-16's, so that bisection
    compares them in C, without encoding every term it passes: unless one has a character
    beyond the BMP (a surrogate pair, D800–DFFF in UTF-16) and one a character of E000–FFFF."""
    beyond, private = _order_kinds(*lists)
    return not (beyond and private)


def _order_kinds(*lists: list[str]) -> tuple[bool, bool]:
    """Whether these strings have a character beyond the BMP, and one of E000–FFFF."""
    text = "".join(itertools.chain.from_iterable(lists))
    return max(text, default="") >= "\U00010000", re.search("[\ue000-\uffff]", text) is not None


@dataclass
class Numbered:
    """The candidates in document order, with their index fields, and the units."""

    people: list[CandidateEntry]
    docs: list[CandidateDoc]
    """Their terms, taken out by _candidate_postings: what the rest of the build reads of them
    is in `lengths` and `readings`, so that a build that does not keep them for a later one
    (terms.py) lets each go once its postings are in (≈ 2 KB each)."""
    units: list[str]
    unit_no: dict[str, int]
    lengths: list[int] = field(init=False)
    """Each name's length in Han characters (the "grouped" encoding, the browser's order)."""
    readings: list[str] = field(init=False)
    """Each name's characters with their readings (a row's `readings`, _readings)."""

    def __post_init__(self) -> None:
        self.lengths = [d.length for d in self.docs]
        self.readings = [_readings(d) for d in self.docs]

    def take_docs(self) -> Iterator[CandidateDoc]:
        """Each candidate's terms in document order, each let go from here as it is taken."""
        docs = self.docs
        docs.reverse()
        while docs:
            yield docs.pop()


def _numbered(corpus: SearchCorpus, terms: CorpusTerms) -> Numbered:
    """Candidates numbered by work unit (a unit's own candidates are one range), then pinyin,
    then name. The units in initials order (index.units_of)."""
    initials = terms.unit_initials
    units = sorted(initials, key=lambda u: (initials[u], u))
    unit_no = {u: i for i, u in enumerate(units)}
    cands = terms.candidates
    order = sorted(
        range(len(corpus.candidates)),
        key=lambda i: (unit_no[corpus.candidates[i].unit], cands[i].fields["p"][:1], corpus.candidates[i].name, i),
    )
    numbered = Numbered([corpus.candidates[i] for i in order], [cands[i] for i in order], units, unit_no)
    cands.clear()  # the terms move to the numbering, which lets each go once used (Numbered.docs)
    return numbered


class Postings:
    """term → field → the documents in ascending order (they are added in order, each once), or
    for the weighted fields document → weight; and each Han character's readings in the names.
    Lists, not sets or dicts: the free text alone gives ~25 million postings at 200,000
    candidates."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[str, Any]] = defaultdict(dict)
        self.readings: dict[str, set[str]] = defaultdict(set)

    def add(self, t: str, f: str, no: int) -> None:
        found = self.terms[t].get(f)
        if found is None:
            self.terms[t][f] = [no]
        elif found[-1] != no:
            found.append(no)



def _candidate_postings(corpus: SearchCorpus, numbered: Numbered, postings: Postings) -> None:
    """Each candidate's name fields, filter terms and free text."""
    add = postings.add
    keys = {f: spec["key"] for f, spec in SCHEMA["fields"].items()}
    for no, (person, doc) in enumerate(zip(numbered.people, numbered.take_docs(), strict=True)):
        for f, doc_terms in doc.fields.items():
            key = keys[f]
            for t in doc_terms:
                add(key + t, f, no)
        for ch, in_name in doc.chars:
            postings.readings[ch].update(in_name)
        r = corpus.rounds[person.round]
        filters = [f"@r{r.id}", f"@y{r.year}", f"@s{STATUSES.index(person.status)}"]
        if person.recommended_by:
            filters.append(f"@c{person.recommended_by}")
        for t in filters:
            add(t, "f", no)
        if person.text:
            for t in long_terms(person.text):
                add(keys["x"] + t, "x", no)
        for code in dict.fromkeys(filter(None, map(code_key, person.codes))):
            add(keys["k"] + code, "k", no)


def _unit_postings(units: list[str], postings: Postings, terms: CorpusTerms) -> None:
    keys = {f: spec["key"] for f, spec in SCHEMA["fields"].items()}
    for no, unit in enumerate(units):
        for f, unit_terms in terms.unit_fields[unit].items():
            for t in unit_terms:
                postings.add(keys[f] + t, f, no)


def _text_postings(corpus: SearchCorpus, postings: Postings, text_docs: list[Mapping[str, tuple[str, ...]]],
                   record: dict[str, _Recorded] | None = None) -> None:
    """Pages, then forms (a form is found by its title, its round's title and its note): title
    and text by BM25, their folded numbers and syllable pairs, and the 文号 a page bears.
    `text_docs`: index.page_doc of each page, then of each form (title, its round's title and
    note). `record`: see _bm25."""
    keys = {f: spec["key"] for f, spec in SCHEMA["fields"].items()}
    for f, weighed in _bm25(text_docs, record).items():
        for t, weights in weighed.items():
            postings.terms[t][f] = weights
    for no, doc in enumerate(text_docs):
        for f in ("pf", "ts"):
            for t in doc.get(f, ()):
                postings.add(keys[f] + t, f, no)
    for no, page in enumerate(corpus.pages):
        for t in bears_tokens(page.bears):
            postings.add(keys["w"] + t, "w", no)


def bears_tokens(doc_number: str) -> list[str]:
    """The terms a 文号 is found by in w: what a page query asks of a text (bigrams, digits,
    joins), so that the same clauses run against it."""
    return unique(without_single_han(text_tokens(doc_number))) if doc_number else []


def _people_rows(numbered: Numbered, terms: CorpusTerms) -> dict[str, list[list[Any]]]:
    """What a result shows of a candidate and of a unit (SCHEMA["rows"] names the columns; the
    documents' are _doc_rows). A unit's row has the range [start, end) of its own candidates."""
    unit_no = numbered.unit_no
    start = [0] * len(numbered.units)
    end = [0] * len(numbered.units)
    for no, person in enumerate(numbered.people):
        u = unit_no[person.unit]
        if end[u] == 0:
            start[u] = no
        end[u] = no + 1
    recs: list[list[int]] = [[] for _ in numbered.units]
    for no, person in enumerate(numbered.people):
        if person.recommended_by:
            recs[unit_no[person.recommended_by]].append(no)
    return {
        "cand": [
            [p.name, unit_no[p.recommended_by] if p.recommended_by else -1,
             p.unit, p.recommended_by or "", p.round + 1,
             STATUSES.index(p.status), "男女".index(p.gender) if p.gender else 2, p.anchor, readings,
             p.alias or "", list(p.codes)]
            for p, readings in zip(numbered.people, numbered.readings, strict=True)
        ],
        "unit": [[u, terms.unit_initials[u], start[i], end[i], _gaps(recs[i])] for i, u in enumerate(numbered.units)],
    }


def _doc_rows(corpus: SearchCorpus) -> list[list[Any]]:
    return ([[p.title, p.url, p.kind, _round_line(p.round), ""] for p in corpus.pages]
            + [[f.title, f.url, "form", _round_line(f.round), f.format] for f in corpus.forms])


def _round_line(n: int | None) -> int:
    """A row's line of the rounds file: 0 for none (a page of no round), else the round's + 1."""
    return 0 if n is None else n + 1


def rounds_file(corpus: SearchCorpus) -> bytes:
    """SCHEMA["rounds"]: line 0 for a row of no round, then each round's id, year, label and the
    page its people are listed on (its list, else its notice)."""
    return dumps([["", 0, "", ""]] + [[r.id, r.year, r.label, r.list_url or r.notice_url] for r in corpus.rounds])


class _TopRows:
    """Which rows a term carries (TOP_ROWS)."""

    def __init__(self, corpus: SearchCorpus, numbered: Numbered | None, rows: dict[str, list[list[Any]]]) -> None:
        """`numbered` None: no candidate is ranked here (the document side, _merged), only
        pages' terms. `rows`: the unit rows (their people, UNIT_PEOPLE)."""
        self.rows = rows
        self.pages = len(corpus.pages)
        """Documents below this number are pages, the others forms."""
        self.top: int = SCHEMA["top"]
        self.unit_top: int = SCHEMA["unit_top"]
        self.rank: list[tuple[bool, int, bool, int]] = []
        if numbered is not None:
            people, lengths = numbered.people, numbered.lengths
            withdrawn = [STATUSES.index(p.status) == WITHDRAWN for p in people]
            current = [corpus.rounds[p.round].current for p in people]
            # The browser's order of the candidates of one term (gongshi-search-index.js
            # `order` within a tier): active first, shorter names, a round still under way,
            # number.
            self.rank = [(w, n, not c, no)
                         for no, (w, n, c) in enumerate(zip(withdrawn, lengths, current, strict=True))]
        self.unit_people: int = SCHEMA["unit_people"]
        self.first_people: dict[int, list[int]] = {}

    def people(self, f: str, found: Any) -> list[int]:
        """The candidates whose rows a unit term carries (UNIT_PEOPLE): the first of each of its
        units, when it has few."""
        if f not in UNIT_PEOPLE or len(found) > self.unit_people:
            return []
        out: list[int] = []
        for unit in found:
            first = self.first_people.get(unit)
            if first is None:
                _name, _initials, start, end, recs = self.rows["unit"][unit]
                own = itertools.chain(range(start, end), itertools.accumulate(recs))
                first = self.first_people[unit] = heapq.nsmallest(self.top, own, key=self.rank.__getitem__)
            out += first
        return out

    def of(self, f: str, found: Any) -> list[int]:
        """The documents of a term's postings in field `f` whose rows it carries."""
        if f in UNIT_ROWS:
            return list(found) if len(found) <= self.unit_top else []
        if isinstance(found, dict):  # weighted (t): the heaviest first, of pages and of forms
            # apart (the box lists the first six of each: 花名册 forms, whose titles are short,
            # would otherwise take every place of 学术技术带头人 from its notices).
            def heaviest(docs: Iterable[tuple[int, int]]) -> list[int]:
                return [d for d, _ in heapq.nsmallest(self.top, docs, key=lambda dw: (-dw[1], dw[0]))]

            pages = self.pages
            return (heaviest(dw for dw in found.items() if dw[0] < pages)
                    + heaviest(dw for dw in found.items() if dw[0] >= pages))
        if len(found) <= self.top:
            return list(found)
        rank = self.rank
        return heapq.nsmallest(self.top, found, key=rank.__getitem__)


def _carried(top: _TopRows, t: str, found_in: Mapping[str, Any], fields: Mapping[str, str],
             *, people: bool = True) -> list[tuple[str, list[int]]]:
    """The rows a term carries, by kind (TOP_ROWS): of its postings in `fields` (field → kind),
    and with `people`, of its units' first people (UNIT_PEOPLE) and of a Latin name word."""
    carried = [(kind, top.of(f, _ranked(f, found_in))) for f, kind in fields.items() if f in found_in]
    if people:
        carried += [("cand", top.people(f, found_in[f])) for f in UNIT_PEOPLE if f in found_in]
        if "n" in found_in and t.isascii():  # a word of a name written in Latin (esteban)
            carried.append(("cand", top.of("n", found_in["n"])))
    return carried


class _Cutter:
    """Each term's (term, entry JSON, cost, rows it carries), in UTF-16 order, cut into shards
    of about SHARD_BYTES, rows included, into `files`. A shard's JSON is put together from its
    entries' and rows' JSON, each encoded once (their sizes decide where the shard ends): the
    same bytes as dumps({"terms": [...], "entries": [...], "rows": {kind: [[number, row],
    ...]}}), each kind's rows by number (a kind with none left out). A term's cost is its
    entry's and its own bytes and 4; the cost of its rows counts each row not yet in the shard,
    in the order carried (a row listed twice by one term counts twice, as it always has)."""

    def __init__(self, rows: Mapping[str, list[str]], files: dict[str, bytes]) -> None:
        """`rows`: kind → each row's JSON."""
        self.rows = rows
        self.files = files
        self.first_terms: list[str] = []
        # Each row's bytes in a shard, '[number,row]' and its comma.
        self.row_bytes = {kind: [len(str(no)) + len(row.encode()) + 4 for no, row in enumerate(found)]
                          for kind, found in rows.items()}
        self._open()

    def _open(self) -> None:
        self.terms: list[str] = []
        self.entries: list[str] = []
        self.carried: dict[str, set[int]] = {"cand": set(), "doc": set(), "unit": set()}
        self.size = 0

    def add(self, t: str, entry: str, cost: int, carried: Iterable[tuple[str, list[int]]]) -> None:
        if self.size and self.size + cost > SHARD_BYTES:
            self._close()
        if carried:
            cost += self._rows_cost(carried)
        self.terms.append(t)
        self.entries.append(entry)
        self.size += cost

    def run(self, items: Iterator[_Item], count: int) -> None:
        """`add` of the next `count` people's terms as they are (most terms), in locals."""
        size, shard_terms, shard_entries = self.size, self.terms, self.entries
        for t, entry, cost, rows in itertools.islice(items, count):
            if size and size + cost > SHARD_BYTES:
                self.size = size
                self._close()
                size, shard_terms, shard_entries = 0, self.terms, self.entries
            if rows:
                cost += self._rows_cost(rows)
            shard_terms.append(t)
            shard_entries.append(entry)
            size += cost
        self.size = size

    def span(self, people: _People, start: int, end: int, stop: Container[str]) -> int | None:
        """`run` of the people's terms start … end - 1 from their lists; when a shard is closed
        before a term in `stop`, that term's number instead, not added (_merged_stored)."""
        size, shard_terms, shard_entries = self.size, self.terms, self.entries
        terms, entries, costs, carried = people.terms, people.entries, people.costs, people.carried
        for i in range(start, end):
            cost = costs[i]
            if size and size + cost > SHARD_BYTES:
                self.size = size
                self._close()
                if terms[i] in stop:
                    return i
                size, shard_terms, shard_entries = 0, self.terms, self.entries
            rows = carried[i]
            if rows:
                cost += self._rows_cost(rows)
            shard_terms.append(terms[i])
            shard_entries.append(entries[i])
            size += cost
        self.size = size
        return None

    def put(self, t: str, entry: str, cost: int, carried: Iterable[tuple[str, list[int]]],
            stop: Container[str]) -> bool:
        """`add`, unless a shard is closed before `t` and `t` is in `stop` (then False)."""
        if self.size and self.size + cost > SHARD_BYTES:
            self._close()
            if t in stop:
                return False
        self.add(t, entry, cost, carried)
        return True

    def taken(self, first: str, body: bytes) -> None:
        """An earlier build's shard as the next one, `first` its first term (_merged_stored):
        only between shards."""
        if self.terms:
            raise ValueError("a shard is open")
        self.files[SCHEMA["files"]["shard"].format(n=len(self.first_terms))] = body
        self.first_terms.append(first)

    def _rows_cost(self, carried: Iterable[tuple[str, list[int]]]) -> int:
        cost = 0
        for kind, nos in carried:
            have = self.carried[kind]
            new = [no for no in nos if no not in have]
            if new:
                have.update(new)
                cost += sum(map(self.row_bytes[kind].__getitem__, new))
        return cost

    def _close(self) -> None:
        if self.terms:
            rows = self.rows
            carried = ",".join(
                '"' + kind + '":[' + ",".join(f"[{no},{rows[kind][no]}]" for no in sorted(nos)) + "]"
                for kind, nos in self.carried.items() if nos
            )
            body = ('{"terms":' + _TEXT.encode(self.terms) + ',"entries":[' + ",".join(self.entries)
                    + '],"rows":{' + carried + "}}")
            self.files[SCHEMA["files"]["shard"].format(n=len(self.first_terms))] = body.encode()
            self.first_terms.append(self.terms[0])
        self._open()

    def finish(self) -> list[str]:
        """The last shard closed; the first term of each."""
        self._close()
        return self.first_terms


def readings_file(readings: Mapping[str, Iterable[str]], simplified: Mapping[str, str]) -> bytes:
    """The readings of every Han character of the indexed names (the shards' "r") and the
    simplified form of each traditional character (their "s"), in one small file: the browser
    fetches it once the first answer is shown, so that a later mixed query (覃liuqing) or
    traditional one (張書帆) asks its pinyin or simplified terms in its first round instead of
    after its characters' shards. Grouped, as {"r": {readings: characters}, "s": {simplified:
    traditional characters}}, each in code point order."""
    r: dict[str, str] = defaultdict(str)
    for ch in sorted(readings):
        r[" ".join(sorted(readings[ch]))] += ch
    s: dict[str, str] = defaultdict(str)
    for trad in sorted(simplified):
        s[simplified[trad]] += trad
    return dumps({"r": dict(sorted(r.items())), "s": dict(sorted(s.items()))})


def sounds_file(sounds: Mapping[str, str]) -> bytes:
    """Every reading of each character a visitor may type (the shards' "h"), in one file grouped
    as {readings: characters} (≈ 25 KB gzip: GB 2312 and the index's characters). The browser
    fetches it the first time a Han query of two or more characters finds nobody as typed (a
    slip of the input method is then likely); from then on a homophone query asks its
    homophones' terms with its characters' shards, one round sooner."""
    grouped: dict[str, str] = defaultdict(str)
    for ch in sorted(sounds):
        grouped[sounds[ch]] += ch
    return dumps(dict(sorted(grouped.items())))


def read_sounds(manifest: Mapping[str, Any], files: Mapping[str, bytes]) -> dict[str, str]:
    """Character → every reading of it, from the sounds file."""
    body = json.loads(files["search/" + manifest["dir"] + manifest["schema"]["files"]["sounds"]])
    return {ch: group for group, chars in body.items() for ch in chars}


def read_readings(manifest: Mapping[str, Any], files: Mapping[str, bytes]) -> tuple[dict[str, str], dict[str, str]]:
    """(character → its readings in names, traditional → simplified) of the readings file."""
    body = json.loads(files["search/" + manifest["dir"] + manifest["schema"]["files"]["readings"]])
    r = {ch: group for group, chars in body["r"].items() for ch in chars}
    s = {trad: simple for simple, trads in body["s"].items() for trad in trads}
    return r, s


def _ranked(f: str, found_in: Mapping[str, Any]) -> Any:
    """What a term's carried rows are chosen from in field `f`: its postings there; for a title
    term, its documents by the weight of title and text together (t and b), the order the
    browser lists a word's pages in (a phrase sums its words': 学术技术带头人's first pages are
    each of its words' first by title and text, not by title alone)."""
    if f != "t" or "b" not in found_in:
        return found_in[f]
    weights = dict(found_in["t"])
    for d, w in found_in["b"].items():
        weights[d] = weights.get(d, 0) + w
    return weights


def _row_chunks(rows: dict[str, list[str]]) -> dict[str, bytes]:
    """The rows' chunks, each put together from its rows' JSON (`rows`: kind → each row's)."""
    files: dict[str, bytes] = {}
    for kind, spec in SCHEMA["rows"].items():
        chunk = spec["chunk"]
        for n, at in enumerate(range(0, len(rows[kind]), chunk)):
            files[SCHEMA["files"][kind].format(n=n)] = ("[" + ",".join(rows[kind][at : at + chunk]) + "]").encode()
    return files


def _manifest(
    corpus: SearchCorpus, folder: str, first_terms: list[str], counts: dict[str, int],
    withdrawn: list[int], current: list[int],
) -> dict[str, Any]:
    """The manifest; `folder` (its `dir`) is named by the hash of every other file.
    `withdrawn`, `current`: _withdrawn and _current of the numbered candidates."""
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "dir": folder,
        "counts": {**counts, "pages": len(corpus.pages)},
        "shards": first_terms,
        "withdrawn": withdrawn,
        "current": current,
    }


def _withdrawn(people: list[CandidateEntry]) -> list[int]:
    return _gaps(no for no, p in enumerate(people) if STATUSES.index(p.status) == WITHDRAWN)


def _current(corpus: SearchCorpus, people: list[CandidateEntry]) -> list[int]:
    return _gaps(no for no, p in enumerate(people) if corpus.rounds[p.round].current)


@cache
def traditional_to_simplified() -> dict[str, str]:
    """OpenCC's character table TSCharacters.txt (traditional → simplified; the first form where
    it lists several), as shipped in opencc-python-reimplemented 0.1.7's data."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simple = line.partition("\t")
        forms = simple.split()
        if len(trad) == 1 and forms and len(forms[0]) == 1 and forms[0] != trad:
            out[trad] = forms[0]
    return out


def simplified_forms(postings: Collection[str]) -> dict[str, str]:
    """Traditional characters whose simplified form occurs in some term, and that no term holds
    itself (a character the data writes in its traditional form is searched as written)."""
    chars: set[str] = set()
    for term in postings:
        chars.update(term)
    return _simplified({ch for ch in chars if is_han(ch)}, postings)


def _simplified(used: Container[str], held: Container[str]) -> dict[str, str]:
    """simplified_forms of the terms whose Han characters are `used` and that hold `held`
    (at least every term of one character)."""
    return {t: s for t, s in traditional_to_simplified().items() if s in used and t not in held}


@cache
def typed_chars() -> frozenset[str]:
    """The characters of GB 2312 (6,763): what a Chinese input method offers first, so what a
    visitor's wrong character of the same reading most likely is."""
    out: set[str] = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                out.add(bytes((hi, lo)).decode("gb2312"))
    return frozenset(out)


def sound_table(terms: Iterable[str]) -> dict[str, str]:
    """Han character → every reading it has, toneless (SCHEMA "sounds"), for the characters a
    visitor may type: GB 2312 and those of the indexed terms (names, units, titles)."""
    chars: set[str] = set()
    for term in terms:
        if len(term) <= 2:
            chars.update(term)
    return _sounds({ch for ch in chars if is_han(ch)})


def _sounds(short: Iterable[str]) -> dict[str, str]:
    """sound_table of the terms whose Han characters of one- and two-character terms are
    `short`."""
    out = dict(_typed_sounds())
    for ch in set(short) - out.keys():
        found = char_sounds(ch)
        if found:
            out[ch] = found
    return out


@cache
def _typed_sounds() -> dict[str, str]:
    """sound_table's readings of the characters of GB 2312 (the sounds file's bulk). A
    publishing server keeps them in its disk store (its key space holds pypinyin's version and
    this code): made from pypinyin's table they were ~0.17 s of every build step at 200,000
    candidates; read, a few milliseconds. An entry of another shape is made again."""
    if diskcache.enabled():
        raw = diskcache.get_raw("search-sounds", _SOUNDS_KEY)
        stored = _sounds_read(raw) if raw is not None else None
        if stored is not None:
            return stored
    made = {ch: found for ch in typed_chars() if (found := char_sounds(ch))}
    if diskcache.enabled():
        diskcache.put_raw("search-sounds", _SOUNDS_KEY, dumps(made))
    return made


_SOUNDS_KEY = b"gb2312-sounds-1"


def _sounds_read(raw: bytes) -> dict[str, str] | None:
    """The stored readings (_typed_sounds): one character → its readings, else None."""
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    if (type(found) is not dict or not set(map(len, found)) <= {1}
            or not set(map(type, found.values())) <= {str} or not all(found.values())):
        return None
    return found


@cache
def char_sounds(ch: str) -> str:
    """Every reading of one character, space-separated, toneless (ü as v); "" if unknown: the
    same as `names.readings.char_readings`, read straight from pypinyin's character table
    (imported here: importing pypinyin loads its dictionaries, ≈ 0.17 s, and a build whose
    sounds are in the store needs none)."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = (normalize(r) for r in pinyin_dict.get(ord(ch), "").split(","))
    return " ".join(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


def _readings(doc: CandidateDoc) -> str:
    """Each Han character of the name with its readings in it, `单=shan 长=chang,zhang`: what the
    browser highlights a pinyin match with."""
    return " ".join(ch + "=" + ",".join(found) for ch, found in doc.chars)


# ---- reading it back (the tests' reference reader; gongshi-search-index.js does the same) ----


def shard_of(manifest: Mapping[str, Any], term: str) -> int:
    """Index of the shard that holds `term` if any does: the last whose first term ≤ term."""
    firsts = [utf16_key(t) for t in manifest["shards"]]
    key = utf16_key(term)
    lo, hi = 0, len(firsts)
    while lo < hi:
        mid = (lo + hi) // 2
        if firsts[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return max(lo - 1, 0)


def read_term(manifest: Mapping[str, Any], files: Mapping[str, bytes], term: str) -> dict[str, dict[int, int]]:
    """field → document → value of one shard key (a term with its field's `key` prefix)."""
    if not manifest["shards"]:
        return {}
    name = manifest["schema"]["files"]["shard"].format(n=shard_of(manifest, term))
    shard = json.loads(files["search/" + manifest["dir"] + name])
    if term not in shard["terms"]:
        return {}
    entry = shard["entries"][shard["terms"].index(term)]
    fields = manifest["schema"]["fields"]
    return {f: decode(fields[f]["encoding"], data) for f, data in entry.items() if f in fields}


def read_shard_rows(manifest: Mapping[str, Any], files: Mapping[str, bytes], n: int) -> dict[str, dict[int, dict[str, Any]]]:
    """The rows shard `n` carries (TOP_ROWS): kind → document number → named columns."""
    shard = json.loads(files["search/" + manifest["dir"] + manifest["schema"]["files"]["shard"].format(n=n)])
    named = _row_reader(manifest, files)
    return {kind: {no: named(kind, row) for no, row in rows} for kind, rows in shard["rows"].items()}


def read_rows(manifest: Mapping[str, Any], files: Mapping[str, bytes], kind: str) -> list[dict[str, Any]]:
    """Every row of a kind, as named columns."""
    named = _row_reader(manifest, files)
    out: list[dict[str, Any]] = []
    n = 0
    while len(out) < manifest["counts"][kind]:
        body = files["search/" + manifest["dir"] + manifest["schema"]["files"][kind].format(n=n)]
        out += [named(kind, row) for row in json.loads(body)]
        n += 1
    return out


def _row_reader(manifest: Mapping[str, Any], files: Mapping[str, bytes]) -> Any:
    """(kind, row) → the row's named columns, with those of its round (SCHEMA["rounds"])."""
    schema = manifest["schema"]
    rounds = json.loads(files["search/" + manifest["dir"] + schema["files"]["rounds"]])
    round_columns = schema["rounds"]["columns"]

    def named(kind: str, row: list[Any]) -> dict[str, Any]:
        out = dict(zip(schema["rows"][kind]["columns"], row, strict=True))
        for c in schema["rounds"]["of"].get(kind, ()):
            out[c] = rounds[out["round"]][round_columns.index(c)]
        return out

    return named
