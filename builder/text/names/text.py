"""Normalising the text of names (and everything else that is searched or sorted by reading).

One rule for the whole builder: sorting (builder.text.names.order), anchors (builder.render.pages.common),
the search index and the query parser all fold text with `normalize` and cut it into Han and
Latin runs with `runs`. The browser has a port of the same rules in
theme_overrides/assets/search/gongshi-search-rules.js (`normalize`); tests/search_vectors.json pins
both to identical output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Code points treated as Han: 〇 (used in dates and some names), CJK Extension A, the URO,
# compatibility ideographs (NFKC maps most of them to the URO anyway) and the astral
# extensions B–F plus the compatibility supplement, where rare name characters live.
_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)

# Combining diacritical marks: tone marks of pinyin and every other accent.
_MARKS_START, _MARKS_END = 0x0300, 0x036F
_MARKS = re.compile(f"[{chr(_MARKS_START)}-{chr(_MARKS_END)}]+")
# A run is a maximal sequence of Han characters or of a-z0-9; with regular expressions, not a
# loop over characters, because the search tokenises every candidate's 主要业绩 (~50 million
# characters at 200,000 candidates).
_HAN_CLASS = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES)
_RUNS = re.compile(f"([{_HAN_CLASS}]+)|([a-z0-9]+)")


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


def is_latin(ch: str) -> bool:
    """Letters and digits after `normalize`: only ASCII a–z and 0–9 remain as word characters."""
    return ("a" <= ch <= "z") or ("0" <= ch <= "9")


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII), lowercase, ü → v, every diacritic dropped.

    ü becomes v before accents are stripped (it would otherwise fold into u); v is how pinyin
    input methods and pypinyin's NORMAL style spell it, and the index also carries the u and yu
    spellings of names, so lüming, lvming, luming and lyuming all meet.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = unicodedata.normalize("NFD", text).replace("u\u0308", "v")
    text = _MARKS.sub("", text)
    return unicodedata.normalize("NFC", text)


def runs(text: str) -> Iterator[tuple[str, str]]:
    """(kind, run) pairs of normalised text: kind "han" or "latin"; other characters separate."""
    for han, latin in _RUNS.findall(text):
        yield ("han", han) if han else ("latin", latin)


def spans(text: str) -> Iterator[tuple[str, str, int, int]]:
    """`runs` with where each run starts and ends in `text`."""
    for m in _RUNS.finditer(text):
        yield ("han" if m.group(1) else "latin"), m.group(0), m.start(), m.end()
