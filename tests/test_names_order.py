"""`order: pinyin` reads names as the search and the anchors do: surname table first."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import copy_data

from builder.load.loader import load
from builder.model.urls import candidate_anchor
from builder.render.pages.publicity_list import ordered
from builder.render.search.index import name_fields
from builder.text.names.order import likeliest_syllables, pinyin_key

PINYIN_ROUND = "2025-shili-youxiu-gaojineng"


def test_pinyin_order_sorts_by_surname_reading() -> None:
    # pypinyin alone reads 单 dān, 曾 céng, 区 qū: as a list sorted by those readings would.
    names = ["区永康", "单田芳", "曾国藩", "丁一", "沙宝亮", "邓超"]
    assert sorted(names, key=pinyin_key) == ["邓超", "丁一", "区永康", "沙宝亮", "单田芳", "曾国藩"]


def test_an_override_is_the_reading_sorted_by() -> None:
    assert likeliest_syllables("单田芳", "Dan Tianfang") == ("dan", "tian", "fang")
    def key(name: str) -> object:
        return pinyin_key(name, "Dan Tianfang" if name == "单田芳" else None)

    assert sorted(["邓超", "单田芳"], key=key) == ["单田芳", "邓超"]


def test_names_that_read_alike_keep_the_stroke_order() -> None:
    # 张 and 章 both read zhang: 张 (7 strokes) before 章 (11), whatever the file's order.
    assert sorted(["章三", "张三"], key=pinyin_key) == ["张三", "章三"]


def test_a_pinyin_list_puts_shan_tianfang_under_s_where_search_finds_him(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    path = data / "candidates" / f"{PINYIN_ROUND}.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["order"] == "pinyin"
    (zhou,) = [c for c in doc["candidates"] if c["name"] == "周丽娟"]
    zhou["name"] = "单田芳"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    loaded = load(data)
    assert loaded.portal is not None, loaded.problems.to_text()
    (r,) = [r for r in loaded.portal.rounds if r.id == PINYIN_ROUND]
    people = ordered(r)
    names = [p.name for p in people]
    shan = names.index("单田芳")
    # Right after 钱 (qian) and before 沈 (shen) and 孙 (sun); not among the D names.
    assert [n[0] for n in names[shan - 1 : shan + 2]] == ["钱", "单", "沈"], names
    person = people[shan]
    # The list, its anchor and the search index all read him shan tianfang.
    assert candidate_anchor(person).startswith("shantianfang-")
    assert name_fields(person.name, person.pinyin)["p"][0] == "shantianfang"
