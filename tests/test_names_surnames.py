"""The surname table and a name's readings: what pinyin a name is indexed under."""

from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from builder.render.search.index import name_fields
from builder.text.names.readings import name_readings, segment, syllables
from builder.text.names.surnames import (
    AMBIGUOUS_COMPOUNDS,
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    split_name,
    surname_readings,
)


def full(name: str, override: str | None = None) -> list[str]:
    return name_fields(name, override)["p"]


def initials(name: str, override: str | None = None) -> list[str]:
    return name_fields(name, override)["i"]


# The readings the issue lists, with a name pypinyin gets wrong without the table.
NAME_READINGS = [
    ("单", "shan", "单田芳", "dan"),
    ("曾", "zeng", "曾国藩", "ceng"),
    ("解", "xie", "解缙", "jie"),
    ("仇", "qiu", "仇英", "chou"),
    ("区", "ou", "区永康", "qu"),
    ("朴", "piao", "朴成哲", "pu"),
    ("查", "zha", "查文涛", "cha"),
    ("覃", "qin", "覃海燕", "tan"),
    ("翟", "zhai", "翟晓东", None),
    ("缪", "miao", "缪春红", None),
    ("盖", "ge", "盖叫天", "gai"),
    ("乐", "yue", "乐嘉文", "le"),
    ("尉迟", "yuchi", "尉迟恭", None),
    ("万俟", "moqi", "万俟卨", None),
    ("长孙", "zhangsun", "长孙无忌", None),
    # From pinyin-pro's surname table (builder/text/names/surnames.py cites it).
    ("能", "nai", "能国强", "neng"),
    ("乜", "nie", "乜晓红", "mie"),
    ("六", "lu", "六海波", "liu"),
    ("句龙", "goulong", "句龙建华", None),
    ("毌丘", "guanqiu", "毌丘俭", None),
]


@pytest.mark.parametrize(("surname", "reading", "name", "pypinyin_alone"), NAME_READINGS)
def test_listed_surnames_have_their_name_reading(
    surname: str, reading: str, name: str, pypinyin_alone: str | None
) -> None:
    assert surname_readings(surname)[0] == reading
    readings = name_readings(name)
    assert "".join(readings[0][0]).startswith(reading), readings
    assert full(name)[0].startswith(reading)
    if pypinyin_alone is not None:
        # Why the table exists: pypinyin alone reads the surname as a common word.
        assert lazy_pinyin(name)[0] == pypinyin_alone


@pytest.mark.parametrize(
    ("name", "readings"),
    [
        ("乐嘉文", {"yuejiawen", "lejiawen"}),
        ("覃海燕", {"qinhaiyan", "tanhaiyan"}),
        ("盖立新", {"gelixin", "gailixin"}),
    ],
)
def test_surnames_with_two_real_readings_are_indexed_under_both(name: str, readings: set[str]) -> None:
    assert readings <= set(full(name))


def test_the_first_of_two_readings_comes_first() -> None:
    assert full("乐嘉文")[0] == "yuejiawen"
    assert full("覃海燕")[0] == "qinhaiyan"


@pytest.mark.parametrize(
    ("name", "split"),
    [
        ("欧阳修", ("欧阳", "修")),
        ("尉迟明远", ("尉迟", "明远")),
        ("长孙静怡", ("长孙", "静怡")),
        ("司马文博", ("司马", "文博")),
        ("张三", ("张", "三")),
        ("欧阳", ("欧", "阳")),  # two characters: a compound surname needs a given name
    ],
)
def test_compound_surnames_are_matched_first(name: str, split: tuple[str, str]) -> None:
    assert split_name(name)[0] == split


def test_compound_reading_is_not_the_readings_of_its_characters() -> None:
    # 尉 alone is Wèi and 长 alone Cháng; in 尉迟 and 长孙 they are yù and zhǎng.
    assert full("尉迟恭") == ["yuchigong"]
    assert "weichigong" not in full("尉迟恭")
    assert all(not t.startswith("changsun") for t in full("长孙无忌"))
    assert full("万俟雪") == ["moqixue"]


def test_an_ambiguous_compound_is_also_read_as_a_single_surname() -> None:
    assert "单于" in AMBIGUOUS_COMPOUNDS
    tokens = full("单于伟")
    assert tokens[0] == "chanyuwei"
    assert "shanyuwei" in tokens


def test_polyphonic_given_names_are_indexed_under_each_reading() -> None:
    assert {"renzhangxia", "renchangxia"} <= set(full("任长霞"))
    assert {"lizhongyang", "lichongyang"} <= set(full("李重阳"))
    assert {"zengzhangle", "zengchangle", "zengzhangyue", "zengchangyue"} <= set(full("曾长乐"))
    assert {"rzx", "rcx"} <= set(initials("任长霞"))


def test_readings_no_word_uses_are_left_out() -> None:
    # 明 méng and 英 yāng are dictionary-only readings; no phrase uses them.
    assert not any("meng" in t for t in full("吕明辉"))
    assert not any("yang" in t for t in full("仇英"))


def test_u_umlaut_is_indexed_as_v_u_and_yu() -> None:
    assert {"lvminghui", "luminghui", "lyuminghui"} <= set(full("吕明辉"))
    assert {"nvwa", "nuwa", "nyuwa"} <= set(full("女娲"))


def test_override_wins() -> None:
    assert full("单田芳", "Dan Tianfang") == ["dantianfang"]
    assert initials("单田芳", "Dan Tianfang") == ["dtf"]
    assert full("张三", "Zhāng Sān") == ["zhangsan"]


def test_override_of_a_multi_part_name_keeps_its_parts() -> None:
    assert full("阿依古丽·买买提", "Ayiguli Maimaiti") == ["ayigulimaimaiti", "maimaiti"]
    assert initials("阿依古丽·买买提", "Ayiguli Maimaiti") == ["ayglmmt", "mmt"]


def test_multi_part_names_index_each_later_part() -> None:
    tokens = full("阿依古丽·买买提")
    assert tokens[0] == "ayigulimaimaiti"
    assert "maimaiti" in tokens
    assert "ayglmmt" in initials("阿依古丽·买买提")


def test_readings_are_capped() -> None:
    assert len(name_readings("阿依古丽·买买提")) <= 8


def test_segmentation_of_overrides() -> None:
    assert segment("tianfang") == ("tian", "fang")
    assert segment("zhangsunjingyi") == ("zhang", "sun", "jing", "yi")
    assert segment("au") == ("au",)  # not pinyin: kept whole, its first letter is its initial


def test_table_readings_are_real_pinyin() -> None:
    for table in (SINGLE_SURNAMES, COMPOUND_SURNAMES):
        for surname in table:
            for reading in surname_readings(surname) or ():
                parts = segment(reading)
                assert all(p in syllables() for p in parts), (surname, reading)
                assert len(parts) == len(surname), (surname, reading)
