"""What the search knows (the corpus) and each document's terms, per field.

Documents live in three numbered spaces, and a field says which one its postings point into:
candidates, units and documents (pages, then forms). A candidate carries only its name; its work
unit and recommending unit are unit documents, because a unit's terms repeated on each of its
candidates would multiply the postings by the candidates per unit. A unit hit is mapped back to
its candidates through the unit's row (candidates are numbered by work unit, so a unit's own
candidates are one range) and the `@c` filter term of the candidates it recommended.

Candidate fields:
- n: every contiguous part of the name's Han characters (the single characters too) and its
  Latin words: 天放 finds 单天放 as a contiguous part, 单放 by its characters;
- np: the first character (单) and nl: every longer leading part (单天, 单天放): the name
  starts with the query, and is the query when it is as long (the postings' value, below). A
  leading part of two or more characters is the same term as the contiguous part (n) and lives
  in its entry, so a name query reads one shard for both; the first character sorts apart (^),
  away from the postings of every name that has it anywhere;
- p: the full pinyin of each reading (shantianfang), i: its initials (stf); prefixes of both are
  found by scanning the sorted terms of a shard, so no prefix terms are indexed;
- z: the forgiving tier, ranked below every right reading: each reading, the everyday reading of
  every character (dantianfang for 单天放, whose surname reads Shàn) and the given name alone
  (tianfang), all folded by `tokenize.fuzzy` (模糊音: santianfan meets shantianfang);
- g: the everyday readings and the given name alone as read, not folded (those that are not a
  right reading, p): a forgiving hit the query matches as typed ranks above one it matches only
  by 模糊音 (tianfang: 单天放 by its given name before 田帆, tianfan). Its terms sort among the
  full readings, so the pinyin prefix the query asks anyway brings them;
- x: the free text (专业领域, 主要业绩, 职称, 职务, 荣誉称号 …): its bigrams, joins (12号) and
  Latin words (`tokenize.long_terms`), once per candidate; ranked below every name and unit
  match. Not memoised: texts are as many as candidates and each is read once per build;
- f: filter terms of the 名单检索 page: @r<round id>, @y<year>, @s<status>, @c<recommending unit>;
- k: the codes a list publishes for the candidate (准考证号: `query.code_key`), looked up whole.
Unit fields: u (bigrams of the name; one character says nothing about which unit is meant),
ui (trigrams of its initials, so btgt finds 包头钢铁 by btg and tgt, then checked in the row),
uf (the bigrams, digits and joins of the name with its numerals folded, `tokenize.fold_numbers`,
that the name lacks as written: 0六一基地 → 061, 061基) and us (its syllable pairs, donghu huruan …, for
homophones).
Document fields: t (title: characters and bigrams) and b (text: bigrams and Latin words), with
BM25 weights; pf (the terms of title and text with numerals folded that they lack as written), ts (the title's
syllable pairs) and w (the 文号 the document bears: a notice its own, a final list its
decision's).

builder/render/search/shards.py writes these postings as term shards and the result rows as chunks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import operator
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from builder.files.cache import register
from builder.render.search.tokenize import (
    fold_numbers,
    fuzzy,
    text_tokens,
    unique,
    without_single_han,
)
from builder.text.names.readings import (
    Reading,
    char_reading_map,
    char_readings,
    full_tokens,
    initials_tokens,
    name_readings,
    text_initials,
    text_syllables,
)
from builder.text.names.surnames import split_name
from builder.text.names.text import is_han, normalize, runs

STATUSES = ("拟入选", "入选", "未入选", "撤销")
WITHDRAWN = STATUSES.index("撤销")
GENDERS = ("男", "女")
STORE_VERSION = 6

@dataclass(frozen=True)
class RoundEntry:
    id: str
    title: str
    year: int
    list_url: str | None
    notice_url: str
    label: str
    """Short name shown with each result: 2026年示例市学术技术带头人."""
    doc_numbers: str = ""
    """The text its list page is found by: the page's own 文号, its decision's, and the notice's
    cited as its basis (builder.search.corpus.doc_numbers)."""
    notice_bears: str = ""
    """The 文号 the notice page bears: the notice's own (a 公示 list cites it as its basis)."""
    list_bears: str = ""
    """The 文号 the list page bears: its own (a 公示's, or the notice's when the notice is the
    page itself) and its decision's, never the one it cites."""
    current: bool = False
    """The public may still act on the round on the build day (its publicity is ahead or under
    way): among equally good matches its people rank first, since they are whom visitors look for
    during a 公示; at 50,000 names an initials query (xxh) has hundreds of equal matches."""


@dataclass(frozen=True, slots=True)
class CandidateEntry:
    """One name a visitor may type, with what its result shows. Slotted: a corpus holds one per
    name (200,000 and more), all alive to the end of the build; without a `__dict__` each is
    made faster (a correction reads the unchanged rounds' from the store) and is one object,
    not two, for the cyclic collector to walk."""

    round: int
    name: str
    unit: str
    recommended_by: str | None
    gender: str | None
    status: str
    anchor: str
    """Fragment id of the candidate's row on the list page (the portal's `candidate_anchor`)."""
    pinyin: str | None = None
    text: str = ""
    """The candidate's free text: 专业领域, 主要业绩 and the like (field x)."""
    codes: tuple[str, ...] = ()
    """The values of the list's 编号 columns (准考证号, 岗位代码), as written: looked up whole
    (field k)."""
    alias: str | None = None
    """The other form of the person's name, shown with a hit: the Chinese transliteration of a
    Latin name (name_zh), or the Latin name on the transliteration's entry."""


@dataclass(frozen=True)
class PageEntry:
    url: str
    title: str
    text: str
    kind: str  # "notice" | "list" | "page" (builder.render.pages.common.PageKind)
    round: int | None = None
    bears: str = ""
    """The 文号 this document bears (field w), as opposed to one its text cites."""


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
    known: KnownCandidates | None = field(default=None, init=False, repr=False, compare=False)
    """What the corpus's maker knows of its candidates' digest (builder.render.search.corpus)."""


@dataclass(frozen=True)
class KnownCandidates:
    """A digest of a corpus's candidates known from how they were made (each round's stored
    entries, builder.render.search.corpus), and the very entries it is of: it stands for the
    candidates while the corpus holds those same objects, in the same order
    (`candidates_key`), and a corpus whose candidates were replaced, added to or copied is
    digested from its candidates. CandidateEntry is frozen: the same object is the same value."""

    entries: tuple[CandidateEntry, ...]
    digest: str


def candidates_key(corpus: SearchCorpus) -> str:
    """A digest of the corpus's candidates: the one its maker knows (KnownCandidates), else
    `candidates_digest` (~0.45 s at 200,000 candidates). Two corpora of the same candidates may
    have different keys (one known, one not): a key is only ever a cache's, so that is a miss,
    never a wrong hit."""
    known = corpus.known
    if (known is not None and len(known.entries) == len(corpus.candidates)
            and all(map(operator.is_, known.entries, corpus.candidates))):
        return known.digest
    return candidates_digest(corpus.candidates)


def corpus_digest(corpus: SearchCorpus, candidates: str | None = None,
                  texts: Sequence[str] | None = None) -> str:
    """sha256 of everything in the corpus: the key of a finished index (hooks' bundle cache).

    The reprs name every field with its value (strings quoted and escaped, None and integers
    unambiguous), so equal digests mean equal corpora; the versions are included so a format
    change can never be served from a stale entry. The candidates and the pages' texts are in
    it by their own digests (`candidates_digest`, `text_digest`), which a publishing server's
    shard build needs as well (builder.render.search.shards.Keys): `candidates` and `texts`
    (each page's) when the caller has them, so that nothing is read twice (at 200,000
    candidates the candidates' dataclass reprs alone were ~0.3 s of a correction's build step).
    """
    if candidates is None:
        candidates = candidates_key(corpus)
    if texts is None:
        texts = [text_digest(p.title, p.text, p.bears) for p in corpus.pages]
    if len(texts) != len(corpus.pages):
        raise ValueError("a text digest for each page")
    pages = [(p.url, p.kind, p.round, digest) for p, digest in zip(corpus.pages, texts, strict=True)]
    key = repr((STORE_VERSION, corpus.rounds, candidates, pages, corpus.forms))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def candidates_digest(candidates: Sequence[CandidateEntry]) -> str:
    """sha256 of every field of every candidate, in order: each as the tuple of its fields (the
    repr of a tuple is C, the dataclass's is not: ~0.15 s at 50,000 candidates)."""
    fields = operator.attrgetter(*(f.name for f in dataclasses.fields(CandidateEntry)))
    body = repr(list(map(fields, candidates)))
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def text_digest(title: str, text: str, bears: str) -> str:
    """sha256 of a document's title, text and the 文号 it bears (a form: "")."""
    return hashlib.sha256(repr((title, text, bears)).encode("utf-8", "surrogatepass")).hexdigest()


Fields = Mapping[str, tuple[str, ...]]
"""A document's tokens per field, read-only (a mapping proxy of tuples): the extractors'
results are cached and shared between builds."""


class CandidateDoc(NamedTuple):
    fields: Fields
    chars: tuple[tuple[str, tuple[str, ...]], ...]
    """(character, its readings in this name), for the term shards' readings (mixed queries)."""
    length: int
    """Han characters in the name: results of a tier list shorter names first."""


# Per-document extraction is memoised so that a rebuild whose corpus changed in one place (a
# name edited under `mkdocs serve`) re-reads only that document. The caches are LRU-bounded
# by entries. An LRU smaller than one build's documents would miss on every lookup (a build
# walks them in the same order each time), so each bound is well above the largest corpus
# expected (bench/ goes to 200,000 candidates; ~260,000 names fit), and what the bound evicts
# is stale entries (edited names, old page texts). Retained sizes measured with tracemalloc
# at 10,000 candidates: ~1.2 KB per name, ~0.4 KB per unit, ~8 KB per page; so ~12 MB for
# that corpus, and at most ~160 + 14 + 35 MB if every bound were filled.
NAME_CACHE_SIZE = 1 << 18
UNIT_CACHE_SIZE = 1 << 16
PAGE_CACHE_SIZE = 1 << 13


def _interned(tokens: list[str]) -> tuple[str, ...]:
    # Cached tokens share one string object per distinct token (a notice repeats a few thousand
    # bigrams; names share characters): a cached tuple then costs about a pointer per token.
    return tuple(map(sys.intern, tokens))


def han_name(name: str) -> str:
    """The name's Han characters, its runs joined (阿依古丽·买买提 → 阿依古丽买买提)."""
    return "".join(run for kind, run in runs(normalize(name)) if kind == "han")


def name_parts(han: str) -> tuple[list[str], list[str]]:
    """(every contiguous part, every leading part) of a name's Han characters."""
    chars = list(han)
    parts = unique(["".join(chars[i:j]) for i in range(len(chars)) for j in range(i + 1, len(chars) + 1)])
    return parts, ["".join(chars[:j]) for j in range(1, len(chars) + 1)]


@lru_cache(maxsize=NAME_CACHE_SIZE)
def candidate_doc(name: str, override: str | None) -> CandidateDoc:
    """A candidate's index fields and its characters' readings."""
    readings = name_readings(name, override)
    han = han_name(name)
    parts, leading = name_parts(han)
    latin = [t for t in text_tokens(name) if t.isascii()]
    full = full_tokens(readings)
    forgiving = forgiving_readings(name, han, readings)
    fields = MappingProxyType({
        "n": _interned(unique(parts + latin)),
        "z": _interned(unique([fuzzy(t) for t in forgiving])),
        "g": _interned([t for t in forgiving if t not in full]),
        "np": _interned(leading[:1]),
        "nl": _interned(leading[1:]),
        "p": _interned(full),
        "i": _interned(initials_tokens(readings)),
    })
    chars = char_reading_map(name, readings)
    return CandidateDoc(
        fields,
        tuple((sys.intern(ch), _interned(sorted(found))) for ch, found in chars.items()),
        sum(1 for ch in han if is_han(ch)),
    )


MAX_EVERYDAY = 6
"""Readings of a surname's characters tried in the forgiving tier (a compound multiplies them)."""


def forgiving_readings(name: str, han: str, readings: tuple[Reading, ...]) -> list[str]:
    """Readings, the everyday reading and the given name alone, as read: the z field folds
    them (`tokenize.fuzzy`), the g field keeps those that are not right readings."""
    out = list(full_tokens(readings))
    if han and len([run for kind, run in runs(normalize(name)) if kind == "han"]) == 1:
        # Every reading the surname's characters have on their own, with the given name as
        # read: what someone who does not know the surname reading types (单 dan, 曾 ceng,
        # 仇 chou, 解 jie, 区 qu, 查 cha, 尉迟 weichi, 长孙 changsun).
        surname = len(split_name(name)[0][0])
        if readings and surname:
            given = [s for part in readings[0] for s in part][surname:]
            options = [char_readings(ch) or ("",) for ch in han[:surname]]
            for combo in itertools.islice(itertools.product(*options), MAX_EVERYDAY):
                out.append("".join(combo) + "".join(given))
        for reading in readings:
            syllables = [s for part in reading for s in part]
            if len(syllables) == len(han) and surname < len(syllables):
                out.append("".join(syllables[surname:]))
    return unique([t for t in out if t.isascii() and t])



def name_fields(name: str, override: str | None) -> dict[str, list[str]]:
    return {f: list(tokens) for f, tokens in candidate_doc(name, override).fields.items()}


@lru_cache(maxsize=UNIT_CACHE_SIZE)
def unit_doc(unit: str) -> Fields:
    initials = text_initials(unit)
    trigrams = unique([initials[i : i + 3] for i in range(len(initials) - 2)])
    fields = {
        "u": _interned(unique(without_single_han(text_tokens(unit)))),
        "ui": _interned(trigrams),
        "us": _interned(sound_pairs(unit)),
    }
    # Only the folded terms the name lacks as written (a folded query asks for u or uf).
    folded = [t for t in folded_tokens(unit) if t not in fields["u"]]
    if folded:
        fields["uf"] = _interned(folded)
    return MappingProxyType(fields)


def folded_tokens(text: str) -> list[str]:
    """The terms of `text` with its numerals folded to digits, if folding changes it."""
    norm = normalize(text)
    folded = fold_numbers(norm)
    return unique(without_single_han(text_tokens(folded))) if folded != norm else []


def sound_pairs(text: str) -> list[str]:
    """Adjacent syllables of each Han run, joined (东湖软件园 → donghu huruan ruanjian jianyuan):
    what a homophone query's pairs meet. Read with pypinyin's phrase dictionary (银行 yinhang)."""
    out: list[str] = []
    for syllables in text_syllables(text):
        out += [a + b for a, b in itertools.pairwise(syllables)]
    return unique(out)


@lru_cache(maxsize=PAGE_CACHE_SIZE)
def page_doc(title: str, text: str) -> Fields:
    fields = {
        "t": _interned(text_tokens(title)),
        "b": _interned(without_single_han(text_tokens(text))),
        "ts": _interned(sound_pairs(title)),
    }
    # Only the folded terms the page lacks as written: a folded query asks for each term in t, b
    # or pf (query._number_alts), and a notice's every term with a date in it (2026年…) would
    # otherwise be in pf twice over, a third of a common word's postings.
    written = set(fields["t"]) | set(fields["b"])
    folded = [t for t in unique(folded_tokens(title) + folded_tokens(text)) if t not in written]
    if folded:
        fields["pf"] = _interned(folded)
    return MappingProxyType(fields)


for _memo in (candidate_doc, unit_doc, page_doc):
    register(_memo.cache_clear)


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


def units_of(corpus: SearchCorpus) -> list[str]:
    """Every work and recommending unit once, in initials order."""
    seen: dict[str, None] = {}
    for c in corpus.candidates:
        seen.setdefault(c.unit)
        if c.recommended_by:
            seen.setdefault(c.recommended_by)
    return sorted(seen, key=lambda u: (text_initials(u), u))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What json.dumps(…, ensure_ascii=False, separators=(",", ":")) makes afresh on every call
(the shard build encodes some 750,000 entries and rows at 200,000 candidates)."""


def dumps(data: object) -> bytes:
    return _ENCODER.encode(data).encode("utf-8")
