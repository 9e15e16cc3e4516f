"""Text as a reader sees it, for matching: invisible characters dropped, look-alike digits folded
(full-width, circled, Chinese digits spelled out one by one), with a map back to each character's
place in the original so that a finding is reported where it stands."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from builder.files.cache import register

# Characters nobody sees, derived from Unicode rather than listed by hand (issue 12: a list of a
# few zero-width spaces missed the variation selectors): every format character (Cf), every
# non-spacing and enclosing mark (Mn, Me: a combining mark or a keycap around a digit leaves the
# digit readable, so matching reads the digit alone), the Hangul fillers, and the code points
# Unicode declares Default_Ignorable_Code_Point (DerivedCoreProperties.txt), unassigned ones
# included, since a newer font or browser may render them as nothing too.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


_SCANNED_BLOCKS = ((0, 0x3400), (0x4DC0, 0x4E00), (0xA000, 0xAC00), (0xD7A4, 0xD800), (0xF900, 0x20000))


def _invisible_ranges() -> list[tuple[int, int]]:
    points: set[int] = set()
    for lo, hi in _DEFAULT_IGNORABLE:
        points.update(range(lo, hi + 1))
    # Planes 0 and 1 hold every assigned Cf/Mn/Me outside the ranges above (plane 14 is in
    # them). Blocks that are all letters, surrogates or private use are skipped: it halves the
    # 0.2 s this costs at import.
    for lo, hi in _SCANNED_BLOCKS:
        for cp in range(lo, hi):
            if unicodedata.category(chr(cp)) in ("Cf", "Mn", "Me"):
                points.add(cp)
    ranges: list[tuple[int, int]] = []
    for cp in sorted(points):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def _char_class(ranges: list[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )


_RANGES = _invisible_ranges()
_INVISIBLE_CLASS = _char_class(_RANGES)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE_CLASS}]")

# The same class split at the end of the BMP, for `_has_invisible`. `re` tests a BMP character
# against one bitmap, but every range above U+FFFF (plane 1's combining marks, ~130 of them) one
# by one, for each character of the text: searching a built page's text (4 MB for the largest)
# with the whole class was a fifth of the output checks' personal-data scan.
_INVISIBLE_BMP = re.compile(f"[{_char_class([(lo, min(hi, 0xFFFF)) for lo, hi in _RANGES if lo <= 0xFFFF])}]")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _has_invisible(text: str) -> bool:
    """`_INVISIBLE_RE.search(text)`, at the cost of a bitmap test per character."""
    if _INVISIBLE_BMP.search(text):
        return True
    return _ASTRAL.search(text) is not None and _INVISIBLE_RE.search(text) is not None


def is_invisible(ch: str) -> bool:
    """A character that renders as nothing (or only decorates its neighbour)."""
    return _INVISIBLE_RE.match(ch) is not None


@dataclass
class Readable:
    """NFKC text without invisible characters, with each character's original index
    (`index` is None when nothing was dropped, so positions are unchanged)."""

    text: str
    index: list[int] | None

    def span(self, start: int, end: int, original_length: int) -> tuple[int, int]:
        if self.index is None:
            return start, end
        o_start = self.index[start] if start < len(self.index) else original_length
        o_end = self.index[end - 1] + 1 if end > 0 else 0
        return o_start, o_end


_FOLD_CACHE: dict[str, str] = {}


register(_FOLD_CACHE.clear)


def _fold(ch: str) -> str:
    """One character as matching sees it: always exactly one character."""
    folded = _FOLD_CACHE.get(ch)
    if folded is None:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            folded = str(digit)
        else:
            folded = unicodedata.normalize("NFKC", ch)
            # NFKC turns ⑴ into "(1)" and ¹ into "1": only true decimal digits (above) become
            # digits, and nothing may grow, so positions stay one-to-one.
            if len(folded) != 1 or folded.isdigit():
                folded = ch
        _FOLD_CACHE[ch] = folded
    return folded


# Characters that may fold to something else; CJK ideographs and ASCII never do.
_FOLDABLE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]")


_CHINESE_DIGITS = {"〇": "0", "零": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3", "四": "4",
                   "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


# A run this long of Chinese digits is a number spelled out digit by digit (a phone number
# written 一三八…), never prose; shorter runs (三组, 一二年级) are left as they are.
_CHINESE_RUN = re.compile("[" + "".join(_CHINESE_DIGITS) + "]{7,}")


def as_read(text: str) -> Readable:
    folded = _FOLDABLE.sub(lambda m: _fold(m.group()), text)
    if _CHINESE_RUN.search(folded):
        folded = _CHINESE_RUN.sub(lambda m: "".join(_CHINESE_DIGITS[c] for c in m.group()), folded)
    if not _has_invisible(text):
        return Readable(folded, None)
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(folded):
        if _INVISIBLE_RE.match(text, i):
            continue
        out.append(ch)
        index.append(i)
    return Readable("".join(out), index)
