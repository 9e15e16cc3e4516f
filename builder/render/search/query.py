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
  (示人社〔2026〕12号, 〔2026〕12号, 12号) are found whatever else is typed with them.
- Latin only (zhangsan, Zhang San, Zhāng Sān, zhangs, zs): letters joined without spaces,
  as a prefix of a full-pinyin reading, as a prefix of the initials, reversed for "San Zhang",
  (4+ letters) fuzzy-folded as a prefix in the forgiving tier (everyday readings such as
  dantianfang, the given name alone, 模糊音), (3+ letters) anywhere in a unit's initials, and
  every word as a word of a name written in Latin script (Miguel A. Esteban: esteban, Miguel,
  a. esteban).
- Mixed (张s, 张san, zhang三, 欧阳jw): each Han character replaced by each of its readings in
  names (from the store's character table), tried as a full-pinyin prefix and as initials,
  with the Han characters required in the name.
A clause with a trailing wildcard is optional in lunr terms (a required wildcard clause costs
a set union per expanded term) and `need` lists the fields a document must have matched in.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from builder.render.search.tokenize import fuzzy, tagged_tokens, unique, without_single_han
from builder.text.names.text import normalize, runs

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


def _prefix_alt(kind: str, term: str, field: str, extra: list[dict[str, Any]]) -> dict[str, Any]:
    """`term` as a prefix of the field's terms, the whole term boosted (exact names first)."""
    prefix = [clause(term, [field], wildcard=TRAILING)] if len(term) >= MIN_PREFIX else []
    return {
        "kind": kind,
        "clauses": [*extra, *prefix, clause(term, [field], boost=EXACT_BOOST)],
        "need": [field],
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
    terms = unique(without_single_han([t for _kind, t in tagged_tokens(q)]))
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


def _page_alt(q: str) -> dict[str, Any] | None:
    """Pages by every word, join and bigram; a lone Han character by the title only (unless a
    join already holds it: 12号)."""
    clauses: list[dict[str, Any]] = []
    previous = ""
    for kind, token in tagged_tokens(q):
        if kind == "one":
            if previous != "join":
                clauses.append(clause(token, ["t"], presence=REQUIRED))
        elif kind != "han" or len(token) == 2:
            clauses.append(clause(token, ["t", "b"], presence=REQUIRED))
        previous = kind
    unique_clauses = list({c["term"]: c for c in clauses}.values())
    if not unique_clauses:
        return None
    return {"kind": "pages", "clauses": unique_clauses, "need": [], "exact": None}


def parse_query(text: str, chars: Mapping[str, str]) -> dict[str, Any]:
    """The alternatives for `text`. `chars` maps a Han character to the space-separated
    readings it has in the indexed names (the store's "chars")."""
    q = normalize(text)[:MAX_QUERY]
    items = list(runs(q))
    han_runs = [run for kind, run in items if kind == "han"]
    words = [run for kind, run in items if kind == "latin"]
    alts: list[dict[str, Any]] = []
    if han_runs and not words:
        alts += _han_alts(han_runs)
    elif words and not han_runs:
        alts += _latin_alts(words)
    elif words and han_runs:
        split = [(k, ch) for k, run in items for ch in (run if k == "han" else [run])]
        alts += _mixed_alts(split, chars)
    alts += _unit_and_text_alts(q)
    page = _page_alt(q)
    if page is not None:
        alts.append(page)
    return {"han": "".join(han_runs), "alts": alts}
