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
import re

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


def query_tokens(text: str) -> list[tuple[str, str]]:
    """`tagged_tokens` of a query, less each run of digits that its join follows (the 2 of 2号,
    the 20 of 20所): every text indexed with the join has the digits as a word too, so asking
    for both adds a lookup (often a shard: digits sort apart from the join) and no precision."""
    tagged = tagged_tokens(text)
    return [
        (kind, token) for k, (kind, token) in enumerate(tagged)
        if not (kind == "latin" and k + 1 < len(tagged) and tagged[k + 1][0] == "join"
                and tagged[k + 1][1].startswith(token))
    ]


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


# ---- numbers written in Chinese numerals, folded to digits ----

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
POWERS = {"十": 10, "百": 100, "千": 1000}
_NUMERALS = re.compile("[〇零一二三四五六七八九十百千两]+")


def fold_numbers(text: str) -> str:
    """Runs of Chinese numerals written as digits, so that 0六一基地 and 061基地, 六六八纺织 and
    668纺织, 第二中学 and 第2中学 meet (applied to normalised text, in the index and the query):
    - without 十/百/千 digit by digit, 〇 and 零 as 0: 六六八 → 668, 二〇二六 → 2026, 一 → 1;
    - with them as a number up to 9999: 十二 → 12, 二十 → 20, 一百零五 → 105, 两百 → 200, and
      a last digit after 百 or 千 counts in the next lower place, as it is said (一百五 → 150);
    - 两 only where it stands for 二, before 十, 百 or 千 (两百 → 200; 两院 stays).
    A run that is not a well-formed number is left as written."""
    return _NUMERALS.sub(lambda m: _number(m.group(0)), text)


def _number(run: str) -> str:
    if not any(ch in POWERS for ch in run):
        return run if "两" in run else "".join(str(DIGITS[ch]) for ch in run)
    value, pending, last_power, zero = 0, -1, 10_000, False
    for k, ch in enumerate(run):
        if ch in POWERS:
            power = POWERS[ch]
            if power >= last_power or (pending < 0 and (k > 0 or power != 10)):
                return run
            value += (pending if pending >= 0 else 1) * power
            pending, last_power, zero = -1, power, False
        elif ch == "两":
            if k + 1 >= len(run) or run[k + 1] not in POWERS or pending >= 0:
                return run
            pending = 2
        elif DIGITS[ch] == 0:
            if pending >= 0:
                return run
            zero = True
        else:
            if pending >= 0:
                return run
            pending = DIGITS[ch]
    if pending >= 0:
        # 一百五 is 150 (the next lower place), 一百零五 is 105, 二十五 is 25.
        value += pending * (last_power // 10 if not zero and last_power >= 100 else 1)
    return str(value)
