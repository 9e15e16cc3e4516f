"""Tokenisation shared, rule for rule, with the browser (normalisation: builder.names.text).

The same algorithm lives in theme_overrides/assets/search/gongshi-search.js (`textTokens`);
tests/search_vectors.json pins both to identical output. Chinese has no spaces, so a run of
Han characters becomes its characters plus its bigrams: a query of any length can then be
matched by requiring its characters (names, units) or its bigrams (long pages), and lunr's
whitespace tokenizer never sees a 50-character "word". Latin text is lowercased and stripped
of tone marks (`normalize`) so that "Zhāng Sān", "ZHANG SAN" and "zhang san" are the same words.
"""

from __future__ import annotations

from builder.names.text import normalize, runs


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
    out: list[str] = []
    for kind, run in runs(normalize(text)):
        if kind == "han":
            out.extend(han_tokens(run))
        else:
            out.append(run)
    return out


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
