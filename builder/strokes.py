"""Sort names the way official Chinese lists are sorted: 姓氏笔画.

Order: the surname first (compound surnames such as 欧阳 or 尉迟 count as one surname), then the
given name; character by character, fewer strokes first, and among characters with the same
stroke count by stroke order, the first differing stroke deciding in the sequence
横 (一) 竖 (丨) 撇 (丿) 点 (丶) 折 (乙), as GB 13000.1 字序规范 prescribes.

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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

COMPOUND_SURNAMES = frozenset(
    ["欧阳", "尉迟", "司马", "长孙", "万俟", "上官", "诸葛", "东方", "皇甫", "夏侯", "公孙", "慕容", "令狐", "宇文", "端木", "司徒", "司空", "独孤", "南宫", "澹台", "公冶", "太叔", "申屠", "轩辕", "呼延", "钟离", "闻人", "赫连", "东郭", "西门", "百里", "左丘", "第五", "拓跋", "濮阳", "淳于", "单于", "公羊", "谷梁", "宰父", "亓官", "仲孙", "羊舌", "微生", "梁丘", "乐正", "漆雕", "壤驷", "巫马", "公西", "颛孙"]
)

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


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name); a compound surname only when something follows it."""
    name = name.strip()
    if "·" in name or "•" in name:
        # Transliterated minority names carry no Han surname; the whole name is the key.
        return "", name
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _chars_key(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(char_rank(ch) for ch in text if ch not in _SEPARATORS)


def stroke_key(name: str) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]:
    surname, given = split_name(name)
    if not surname:
        return _chars_key(given), ()
    return _chars_key(surname), _chars_key(given)


def sort_by_strokes(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """Stable sort of `items` by the 姓氏笔画 order of `name(item)`."""
    return sorted(items, key=lambda item: stroke_key(name(item)))


def sort_names(names: Sequence[str]) -> list[str]:
    return sort_by_strokes(names, lambda n: n)
