"""Tokenisation shared, rule for rule, with the browser (normalisation: builder.text.names.text).

The same algorithm lives in theme_overrides/assets/search/gongshi-search-rules.js (`textTokens`);
tests/search_vectors.json pins both to identical output. Chinese has no spaces, so a run of
Han characters becomes its characters plus its bigrams: a query of any length can then be
matched by requiring its characters (names, units) or its bigrams (long pages), and lunr's
whitespace tokenizer never sees a 50-character "word". Latin text is lowercased and stripped
of tone marks (`normalize`) so that "Zhāng Sān", "ZHANG SAN" and "zhang san" are the same words.

Digits written against Han characters are also joined with the character that follows them
(`join`): 12号, 20所, 1团 (of 2018-1团支部). A 文号 such as 示人社〔2026〕12号 or a unit such as
中国电科20所 is then found by 12号 or 20所 without requiring 号 or 所 alone, which a page or a
unit's name would not be indexed by (one character says nothing there).
"""

from __future__ import annotations

import operator

from builder.text.names.text import normalize, spans


def han_tokens(run: str) -> list[str]:
    """Characters and bigrams in reading order: 包头钢 → 包, 包头, 头, 头钢, 钢."""
    out: list[str] = []
    for i, ch in enumerate(run):
        out.append(ch)
        if i + 1 < len(run):
            out.append(run[i : i + 2])
    return out


def text_tokens(text: str) -> list[str]:
    """Index/query tokens of free text, duplicates kept (term frequency matters for pages)."""
    return [token for _kind, token in tagged_tokens(text)]


def tagged_tokens(text: str) -> list[tuple[str, str]]:
    """(kind, token) of `text_tokens`: kind "han" (a character or a bigram of a longer Han run),
    "one" (a Han run of one character), "latin" (a word) or "join" (digits and the Han character
    written right after them: 12号)."""
    out: list[tuple[str, str]] = []
    digits, end = "", -1
    for kind, run, start, stop in spans(normalize(text)):
        if kind == "han":
            if digits and start == end:
                out.append(("join", digits + run[0]))
            out.extend(("han" if len(run) > 1 else "one", t) for t in han_tokens(run))
            digits = ""
        else:
            out.append(("latin", run))
            digits, end = (run, stop) if run.isdigit() else ("", -1)
    return out


def without_single_han(tokens: list[str]) -> list[str]:
    """Bigrams, joins and Latin words: a single character found somewhere in a long notice or a
    unit's name says nothing, and dropping them halves the postings."""
    return [t for t in tokens if len(t) > 1 or t.isascii()]


def unique(tokens: list[str]) -> list[str]:
    """Tokens in first-seen order without repeats (short fields: a name is not a bag of words)."""
    return list(dict.fromkeys(tokens))


def fuzzy(word: str) -> str:
    """A Latin word with the distinctions of 模糊音 folded away, as southern Mandarin speakers and
    input methods' fuzzy-pinyin settings treat them: zh/ch/sh → z/c/s, l → n, h → f, ng → n
    (an/ang, en/eng, in/ing). Applied alike to indexed readings and to the query, so a match
    means "the same up to these confusions"."""
    w = word.replace("zh", "z").replace("ch", "c").replace("sh", "s")
    return w.replace("l", "n").replace("h", "f").replace("ng", "n")


def long_terms(text: str) -> list[str]:
    """`unique(without_single_han(text_tokens(text)))`, computed without the single characters:
    the terms of a candidate's free text, of which a large archive has tens of millions."""
    out: dict[str, None] = {}
    digits, end = "", -1
    for kind, run, start, stop in spans(normalize(text)):
        if kind == "han":
            if digits and start == end:
                out[digits + run[0]] = None
            out.update(dict.fromkeys(map(operator.add, run, run[1:])))
            digits = ""
        else:
            out[run] = None
            digits, end = (run, stop) if run.isdigit() else ("", -1)
    return list(out)
