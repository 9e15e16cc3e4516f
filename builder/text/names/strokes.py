"""Sort names the way official Chinese lists are sorted: 姓氏笔画.

Order: the surname first (compound surnames such as 欧阳 or 尉迟 count as one surname, as
builder.text.names.surnames splits them), then the given name; character by character, fewer strokes
first, and among characters with the same stroke count by stroke order, the first differing
stroke deciding in the sequence 横 (一) 竖 (丨) 撇 (丿) 点 (丶) 折 (乙), as GB 13000.1 字序规范
prescribes.

Stroke data: the `cn-sort` package (PyPI `cn-sort`, MIT licence, https://github.com/bmxbmx3/cn_sort),
whose `res/all_word.json` ranks 20,993 characters by stroke count and then stroke order
(`stroke_increment_level`). It is read straight from the installed package's data file: importing
`cn_sort` itself would reconfigure the process's logging (it calls `logging.config.fileConfig`)
and pull in numpy and jieba, which the portal does not need at run time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from builder.text.names.surnames import split_name

# Characters that are part of a written name but not of its sort key (阿依古丽·买买提).
_SEPARATORS = "·•‧・ .-"


class StrokeDataMissing(RuntimeError):
    """The `cn-sort` package (our stroke data) is not installed."""


def _data_file() -> Path:
    spec = importlib.util.find_spec("cn_sort")
    if spec is None or not spec.submodule_search_locations:
        raise StrokeDataMissing(
            "缺少笔画数据：请安装 cn-sort 程序包（make site 会自动安装 requirements.lock 中的依赖）"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "res" / "all_word.json"


@functools.lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Character → position in stroke-count-then-stroke-order sequence."""
    entries = json.loads(_data_file().read_text(encoding="utf-8"))["all_word"]
    ranks: dict[str, int] = {}
    for entry in entries:
        ch = entry["chinese"]
        if len(ch) == 1 and ord(ch) >= 0x2E80:
            ranks.setdefault(ch, int(entry["stroke_increment_level"]))
    return ranks


def char_rank(ch: str) -> tuple[int, int]:
    """Sort key of one character: known Han characters by strokes, anything else after them."""
    rank = _ranks().get(ch)
    if rank is not None:
        return (0, rank)
    return (1, ord(ch))


CharsKey = tuple[tuple[int, int], ...]
StrokeKey = tuple[CharsKey, CharsKey]


def _chars_key(text: str) -> CharsKey:
    return tuple(char_rank(ch) for ch in text if ch not in _SEPARATORS)


def stroke_key(name: str) -> StrokeKey:
    """Surname first, then given name; the likeliest split (a compound surname counts as one)."""
    surname, given = split_name(name)[0]
    if not surname:
        return _chars_key(given), ()
    return _chars_key(surname), _chars_key(given)
