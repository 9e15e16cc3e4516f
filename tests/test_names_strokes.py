"""姓氏笔画 order: stroke count first, then stroke order 横竖撇点折, surname before given name."""

from __future__ import annotations

from builder.text.names.strokes import char_rank, stroke_key
from builder.text.names.surnames import split_name


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=stroke_key)


def test_fewer_strokes_first() -> None:
    # 丁 2 strokes, 马 3, 王 4, 石 5, 刘 6, 李 7
    assert sort_names(["李四", "刘五", "石六", "王七", "马八", "丁九"]) == [
        "丁九", "马八", "王七", "石六", "刘五", "李四",
    ]


def test_same_count_by_first_stroke_heng_shu_pie_dian_zhe() -> None:
    # All four strokes: 王 starts 横, 毛 撇, 方 点, 孔 折 (竖-first 4-stroke: 日 is 竖)
    assert sort_names(["孔一", "方一", "毛一", "日一", "王一"]) == [
        "王一", "日一", "毛一", "方一", "孔一",
    ]


def test_later_strokes_break_ties() -> None:
    # 于 横横竖, 万 横折撇, 上 竖横横: all three strokes
    assert sort_names(["上官", "万一", "于一"]) == ["于一", "万一", "上官"]
    # 卫 折竖横 before 马 折折横
    assert sort_names(["马一", "卫一"]) == ["卫一", "马一"]


def test_surname_groups_before_given_name() -> None:
    # Everyone named 王 comes before anyone named 石, whatever the given names.
    names = ["石一", "王鑫鑫", "王二", "王一"]
    assert sort_names(names) == ["王一", "王二", "王鑫鑫", "石一"]


def test_compound_surnames_are_one_surname() -> None:
    assert split_name("欧阳明")[0] == ("欧阳", "明")
    assert split_name("司马文博")[0] == ("司马", "文博")
    assert split_name("万俟雪")[0] == ("万俟", "雪")
    assert split_name("长孙静怡")[0] == ("长孙", "静怡")
    assert split_name("尉迟恭")[0] == ("尉迟", "恭")
    # A two-character name is surname + given name even when it spells a compound surname.
    assert split_name("欧阳")[0] == ("欧", "阳")
    # 欧 alone sorts before the compound 欧阳 (the shorter surname key first).
    assert sort_names(["欧阳一", "欧强"]) == ["欧强", "欧阳一"]


def test_transliterated_names_have_no_han_surname() -> None:
    assert split_name("阿依古丽·买买提")[0] == ("", "阿依古丽·买买提")
    ordered = sort_names(["阿依古丽·买买提", "丁一"])
    assert ordered == ["丁一", "阿依古丽·买买提"]


def test_unknown_characters_sort_after_han_characters() -> None:
    assert char_rank("王") < char_rank("Ω")
    assert sort_names(["Ωa", "王一"]) == ["王一", "Ωa"]


def test_sort_is_stable_for_same_names() -> None:
    people = [("张三", 1), ("张三", 2), ("丁一", 3)]
    assert [n for _, n in sorted(people, key=lambda p: stroke_key(p[0]))] == [3, 1, 2]


def test_every_compound_surname_of_the_one_table_is_one_surname_in_stroke_order() -> None:
    # 闾丘 was missing from the stroke order's own table: 闾丘露薇 sorted under 闾 with the given
    # name 丘露薇, before 闾伟 (丘 has 5 strokes, 伟 6), while the search read 闾丘 as one surname.
    assert split_name("闾丘露薇")[0] == ("闾丘", "露薇")
    assert sort_names(["闾丘露薇", "闾伟"]) == ["闾伟", "闾丘露薇"]
    assert split_name("独孤信")[0] == ("独孤", "信")
