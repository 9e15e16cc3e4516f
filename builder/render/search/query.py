"""What a typed query means: a list of alternative lunr queries, tried separately and merged.

The browser's `parseQuery` (theme_overrides/assets/search/gongshi-search-rules.js) is a port of
this module; tests/search_vectors.json pins the two to identical output. lunr has no OR of
ANDs, and a query such as 张s means "a name with 张 whose pinyin starts zhangs": the 张 must be
required while zhangs* is one of several spellings. So each interpretation is its own query:

- Han only (张三, 包头钢铁): every character required in a candidate's name (the browser ranks
  the whole name, then its start, then a contiguous part first); units, pages and candidates'
  free text (专业领域, 主要业绩: field x, ranked below every name and unit match) need every
  bigram. Digits count as words there, and digits written against a Han character are joined
  with it (12号, 20所: tokenize.tagged_tokens), so 中国电科20所, 2018-1团支部 and a 文号
  (示人社〔2026〕12号, 〔2026〕12号, 12号) are found whatever else is typed with them; the digits
  of a join are not asked apart (tokenize.query_tokens: the join implies them).
- Latin only (zhangsan, Zhang San, Zhāng Sān, zhangs, zs): letters joined without spaces,
  as a prefix of a full-pinyin reading, as a prefix of the initials, reversed for "San Zhang",
  (4+ letters) fuzzy-folded as a prefix in the forgiving tier (everyday readings such as
  dantianfang, the given name alone, 模糊音; "unfolded" first: the everyday reading or the
  given name as typed, g, before a 模糊音 match, z), (3+ letters) anywhere in a unit's initials, and
  every word as a word of a name written in Latin script (Miguel A. Esteban: esteban, Miguel,
  a. esteban).
- Mixed (张s, 张san, zhang三, 欧阳jw): each Han character replaced by each of its readings in
  names (from the store's character table), tried as a full-pinyin prefix and as initials,
  with the Han characters required in the name.
- Homophones (曾小燕 for 曾晓燕, 东胡软件 for 东湖软件, 学术技术代头人): a Han query of two or
  more characters is also read as its pinyin, every reading of each character (the store's
  `sounds`), toneless: names by their readings as read (p and g, as a prefix: not folded),
  units and titles by their syllable pairs (us, ts). Ranked below every other match of its
  group ("sound", "sound-unit", "sound-pages").
- Numbers (0六一基地 and 061基地, 第二中学 and 第2中学): a query with digits or Chinese numerals
  is also tried with its numerals folded to digits (tokenize.fold_numbers) against units and
  pages, which carry their folded form too (uf, pf); below the form as written.
- A 文号 (示人社〔2026〕12号, 12号): the pages that bear it (w: a notice its own 文号, a final
  list its decision's) before the pages that only cite it ("wenhao").
- A code a list publishes (准考证号): the whole code, without spaces or separators, looked up
  exactly in the candidates' codes (k), above every name match ("code").
A clause with a trailing wildcard is optional in lunr terms (a required wildcard clause costs
a set union per expanded term) and `need` lists the fields a document must have matched in.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from builder.render.search.tokenize import (
    fold_numbers,
    fuzzy,
    query_tokens,
    unique,
    without_single_han,
)
from builder.text.names.text import is_han, is_latin, normalize, runs

OPTIONAL, REQUIRED = 1, 2  # lunr.Query.presence
NO_WILDCARD, TRAILING = 0, 2  # lunr.Query.wildcard
MAX_QUERY = 40
"""Code points of the normalised query that are read; the rest of a pasted text is ignored."""
MAX_COMBOS = 8
"""Readings tried for a mixed query (a polyphonic character multiplies them)."""
EXACT_BOOST = 10
MIN_PREFIX = 2
"""A single letter is not searched as a prefix: z* expands to thousands of readings."""
MIN_UNIT_INITIALS = 3
"""Shorter initials match too many units to be what anyone meant."""
MIN_FUZZY = 4
"""The forgiving tier (everyday readings, given name alone, 模糊音) from this many letters on:
shorter, it would only add noise below the exact readings."""
MIN_SOUND = 2
"""Han characters a query needs before it is also read as its pinyin (one character's
homophones are hundreds of names)."""
MAX_SOUND_NAME = 4
"""Longer Han queries are read as pinyin against units and titles only (a name that long is
typed whole from a list, not from memory)."""
MIN_CODE = 3
"""Characters (with a digit among them) a query needs to be looked up as a code."""


def clause(
    term: str,
    fields: list[str],
    *,
    presence: int = OPTIONAL,
    wildcard: int = NO_WILDCARD,
    boost: int = 1,
) -> dict[str, Any]:
    return {
        "term": term,
        "fields": fields,
        "presence": presence,
        "wildcard": wildcard,
        "boost": boost,
    }


def _prefix_alt(kind: str, term: str, field: str | list[str], extra: list[dict[str, Any]]) -> dict[str, Any]:
    """`term` as a prefix of the field's (fields') terms, the whole term boosted (exact names first)."""
    fields = [field] if isinstance(field, str) else field
    prefix = [clause(term, fields, wildcard=TRAILING)] if len(term) >= MIN_PREFIX else []
    return {
        "kind": kind,
        "clauses": [*extra, *prefix, clause(term, fields, boost=EXACT_BOOST)],
        "need": fields,
        "exact": term,
    }


def _han_alts(han_runs: list[str]) -> list[dict[str, Any]]:
    chars = list(dict.fromkeys(ch for run in han_runs for ch in run))
    return [
        {
            "kind": "name",
            "clauses": [clause(ch, ["n"], presence=REQUIRED) for ch in chars],
            "need": [],
            "exact": None,
        }
    ]


def _unit_and_text_alts(q: str) -> list[dict[str, Any]]:
    """Units (u) and candidates' free text (x) by every bigram, join and word of the query, when
    it has something a unit's name or a text is indexed by: a bigram, a join or digits."""
    terms = unique(without_single_han([t for _kind, t in query_tokens(q)]))
    if not any(not t.isascii() or any(c.isdigit() for c in t) for t in terms):
        return []
    return [
        {
            "kind": kind,
            "clauses": [clause(t, [f], presence=REQUIRED) for t in terms],
            "need": [],
            "exact": None,
        }
        for kind, f in (("unit", "u"), ("text", "x"))
    ]


def _latin_alts(words: list[str]) -> list[dict[str, Any]]:
    joined = "".join(words)
    alts = [
        _prefix_alt("pinyin", joined, "p", []),
        _prefix_alt("initials", joined, "i", []),
    ]
    if len(words) >= 2:
        turned = words[-1] + "".join(words[:-1])
        if turned != joined:
            alts.append(_prefix_alt("pinyin", turned, "p", []))
    if len(joined) >= MIN_FUZZY:
        alts.append(_prefix_alt("unfolded", joined, "g", []))
        alts.append(_prefix_alt("fuzzy", fuzzy(joined), "z", []))
    if len(joined) >= MIN_UNIT_INITIALS:
        alts.append({"kind": "unit-initials", "clauses": [], "need": [], "exact": joined})
    alts.append({
        "kind": "latin-name",
        "clauses": [clause(w, ["n"], presence=REQUIRED) for w in dict.fromkeys(words)],
        "need": [],
        "exact": None,
    })
    return alts


def _mixed_alts(
    items: list[tuple[str, str]], chars: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Items are ("han", one character) or ("latin", a run), in typed order."""
    options: list[list[str]] = []
    for kind, text in items:
        if kind == "han":
            readings = chars.get(text, "").split()
            if not readings:
                return []  # a character no name is read with: nothing can match
            options.append(readings)
        else:
            options.append([text])
    han = list(dict.fromkeys(text for kind, text in items if kind == "han"))
    required = [clause(ch, ["n"], presence=REQUIRED) for ch in han]
    fulls = list(dict.fromkeys("".join(c) for c in itertools.islice(itertools.product(*options), MAX_COMBOS)))
    initial_options = [
        list(dict.fromkeys(r[0] for r in opts)) if kind == "han" else opts
        for (kind, _), opts in zip(items, options, strict=True)
    ]
    initials = list(
        dict.fromkeys(
            "".join(c) for c in itertools.islice(itertools.product(*initial_options), MAX_COMBOS)
        )
    )
    alts = [_prefix_alt("mixed", s, "p", required) for s in fulls]
    alts += [_prefix_alt("mixed-initials", s, "i", required) for s in initials]
    return alts


def _page_alt(q: str, kind: str = "pages", title: tuple[str, ...] = ("t",),
              body: tuple[str, ...] = ("t", "b")) -> dict[str, Any] | None:
    """Pages by every word, join and bigram (in `body` fields); a lone Han character by the
    title only (`title` fields), unless a join already holds it (12号)."""
    clauses: list[dict[str, Any]] = []
    previous = ""
    for token_kind, token in query_tokens(q):
        if token_kind == "one":
            if previous != "join":
                clauses.append(clause(token, list(title), presence=REQUIRED))
        elif token_kind != "han" or len(token) == 2:
            clauses.append(clause(token, list(body), presence=REQUIRED))
        previous = token_kind
    unique_clauses = list({c["term"]: c for c in clauses}.values())
    if not unique_clauses:
        return None
    return {"kind": kind, "clauses": unique_clauses, "need": [], "exact": None}


def _number_alts(q: str) -> list[dict[str, Any]]:
    """Units and pages by the query with its numerals folded to digits, in the fields of the
    form as written and of the folded form (uf, pf): 061基地 finds 0六一基地 and the reverse."""
    if not any("0" <= ch <= "9" for ch in q) and fold_numbers(q) == q:
        return []
    folded = fold_numbers(q)
    out: list[dict[str, Any]] = []
    terms = unique(without_single_han([t for _kind, t in query_tokens(folded)]))
    if terms:
        out.append({
            "kind": "unit-folded",
            "clauses": [clause(t, ["u", "uf"], presence=REQUIRED) for t in terms],
            "need": [],
            "exact": None,
        })
    page = _page_alt(folded, "pages-folded", ("t", "pf"), ("t", "b", "pf"))
    if page is not None:
        out.append(page)
    return out


def _wenhao_alt(q: str) -> dict[str, Any] | None:
    """The pages that bear a 文号 (w), when the query has a number (every 文号 has one)."""
    if not any("0" <= ch <= "9" for ch in q):
        return None
    return _page_alt(q, "wenhao", ("w",), ("w",))


def sound_combos(han: str, sounds: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The readings of a run of Han characters, each character by each of its readings (in
    typed order, the last varying fastest), at most MAX_COMBOS; [] if one has none."""
    options = [sounds.get(ch, "").split() for ch in han]
    if not options or not all(options):
        return []
    return list(itertools.islice(itertools.product(*options), MAX_COMBOS))


def _sound_alts(han_runs: list[str], sounds: Mapping[str, str]) -> list[dict[str, Any]]:
    """A Han query read as its pinyin: names by their readings as read (p: the right ones; g:
    the everyday reading and the given name alone), units and titles by their syllable pairs
    (us, ts). Not folded: a homophone is the same reading, and the right readings' terms carry
    their rows (shards.TOP_ROWS), so a homophone's answer needs no round for its rows."""
    han = "".join(han_runs)
    if len(han) < MIN_SOUND:
        return []
    alts: list[dict[str, Any]] = []
    combos = sound_combos(han, sounds)
    if len(han) <= MAX_SOUND_NAME:
        names = unique(["".join(c) for c in combos])
        alts += [_prefix_alt("sound", s, ["p", "g"], []) for s in names if len(s) >= MIN_FUZZY]
    pairs: list[list[str]] = []
    for combo in combos:
        at, out = 0, []
        for run in han_runs:
            syllables = combo[at : at + len(run)]
            out += [a + b for a, b in itertools.pairwise(syllables)]
            at += len(run)
        if out and out not in pairs:
            pairs.append(out)
    for kind, f in (("sound-unit", "us"), ("sound-pages", "ts")):
        alts += [
            {"kind": kind, "clauses": [clause(t, [f], presence=REQUIRED) for t in unique(p)], "need": [], "exact": None}
            for p in pairs
        ]
    return alts


def code_key(text: str) -> str:
    """A code as it is looked up: normalised, its letters and digits only (准考证号 2026-0102,
    2026 0102 and 20260102 are the same code)."""
    return "".join(ch for ch in normalize(text) if is_latin(ch))


def _code_alt(q: str) -> dict[str, Any] | None:
    """The whole query as a code, when it has no Han character and a digit."""
    key = code_key(q)
    if len(key) < MIN_CODE or not any("0" <= ch <= "9" for ch in key) or any(is_han(ch) for ch in q):
        return None
    return {"kind": "code", "clauses": [clause(key, ["k"], presence=REQUIRED)], "need": [], "exact": key}


def parse_query(
    text: str, chars: Mapping[str, str], sounds: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The alternatives for `text`. `chars` maps a Han character to the space-separated
    readings it has in the indexed names (the store's "r"), `sounds` to every reading it has
    (the store's "h", for homophones)."""
    q = normalize(text)[:MAX_QUERY]
    items = list(runs(q))
    han_runs = [run for kind, run in items if kind == "han"]
    words = [run for kind, run in items if kind == "latin"]
    alts: list[dict[str, Any]] = []
    code = _code_alt(q)
    if code is not None:
        alts.append(code)
    if han_runs and not words:
        alts += _han_alts(han_runs)
    elif words and not han_runs:
        alts += _latin_alts(words)
    elif words and han_runs and not all(w.isdigit() for w in words):
        # Digits alone are no reading (中国电科20所, a 文号): no name's pinyin has one, and its
        # characters' shards, which a mixed reading requires, are the largest there are.
        split = [(k, ch) for k, run in items for ch in (run if k == "han" else [run])]
        alts += _mixed_alts(split, chars)
    alts += _unit_and_text_alts(q)
    for extra in (_page_alt(q), _wenhao_alt(q)):
        if extra is not None:
            alts.append(extra)
    alts += _number_alts(q)
    if han_runs and not words:
        alts += _sound_alts(han_runs, sounds or {})
    return {"han": "".join(han_runs), "alts": alts}


# ---- the header box's six places (gongshi-search-index.js `boxOrder`, pinned by the vectors) ----

TIER = {
    "code": 6, "exact": 5, "prefix": 4, "contains": 3, "initialsExact": 3, "chars": 2, "initials": 2,
    "unfolded": 1.75, "fuzzy": 1.5, "unit": 1, "unitFolded": 0.9, "text": 0.5, "sound": 0.4, "unitSound": 0.3,
}
"""A candidate hit's rank (gongshi-search-index.js TIER, where the engine gives it): higher first."""
MEANINGS = (("code", 6.0), ("name", 2.0), ("fuzzy", 1.5), ("unit", 0.9), ("text", 0.5), ("sound", 0.4),
            ("unit-sound", 0.0))
"""What a hit says the visitor meant, by the lowest tier of each meaning: the code; the name's
characters or right readings (whole, leading, contiguous, anywhere, initials); the forgiving
readings (everyday reading, given name alone, 模糊音); the unit; the free text; a homophone of
a name; a homophone of a unit."""


def meaning(tier: float) -> str:
    return next(name for name, lowest in MEANINGS if tier >= lowest)


def box_order(tiers: list[float], size: int) -> list[int]:
    """The order the header box lists hits in (the first `size` are shown), given their tiers in
    strict rank order: that order, except that when the best meaning alone would fill the box,
    its last place goes to the best hit of another meaning (the visitor's other likely
    meaning: 单天放 by the given name tianfang, below six people read tianfang…). A last place
    held by an exact hit (the name as typed, a whole reading, a code) is not given away. What
    comes after the box keeps the strict order (the 名单检索 page lists it all strictly)."""
    order = list(range(len(tiers)))
    if len(tiers) <= size or size < 2 or tiers[size - 1] >= TIER["exact"]:
        return order
    best = meaning(tiers[0])
    if any(meaning(t) != best for t in tiers[:size]):
        return order
    other = next((k for k in range(size, len(tiers)) if meaning(tiers[k]) != best), None)
    if other is None:
        return order
    return [*order[: size - 1], other, *order[size - 1 : other], *order[other + 1 :]]
