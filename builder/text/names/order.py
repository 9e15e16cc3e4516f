"""The two orders a list of names can be given in by its data: 姓氏笔画 and pinyin.

`order: pinyin` reads each name as the search and the list page's anchors read it: the
likeliest reading of builder.text.names.readings, surname table first, so 单田芳 sorts under S
(Shàn), where he is also found, and not under D, as pypinyin's word reading dān would put him.
A `pinyin:` override in the data is that reading. Names compare syllable by syllable, toneless
(Zhang San before Zhang Sanfeng before Zhao Yi); names that read alike keep the 姓氏笔画 order
among themselves, so the order never depends on the order of the file.
"""

from __future__ import annotations

from builder.text.names.readings import name_readings
from builder.text.names.strokes import StrokeKey, stroke_key

PinyinKey = tuple[tuple[str, ...], StrokeKey]


def likeliest_syllables(name: str, override: str | None = None) -> tuple[str, ...]:
    """The syllables of the name's first reading (toneless, ü as v); () for a name without any."""
    readings = name_readings(name, override)
    return tuple(s for part in readings[0] for s in part) if readings else ()


def pinyin_key(name: str, override: str | None = None) -> PinyinKey:
    """Sort key of `order: pinyin`: the likeliest reading, then the 姓氏笔画 key."""
    return (likeliest_syllables(name, override), stroke_key(name))
