"""Tokeniser and query parser against the shared vectors (the browser runs the same file:
tests/test_search_browser.py::test_shared_vectors_in_the_browser)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.render.search.query import box_order, code_key, parse_query
from builder.render.search.tokenize import (
    fold_numbers,
    fuzzy,
    query_tokens,
    tagged_tokens,
    text_tokens,
)
from builder.text.names.text import normalize

VECTORS = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["normalize"], ids=lambda c: c["input"])
def test_normalize(case: dict[str, str]) -> None:
    assert normalize(case["input"]) == case["output"]


@pytest.mark.parametrize("case", VECTORS["tokens"], ids=lambda c: c["input"] or "empty")
def test_tokens(case: dict[str, object]) -> None:
    assert text_tokens(str(case["input"])) == case["tokens"]


@pytest.mark.parametrize("case", VECTORS["queries"], ids=lambda c: c["input"] or "empty")
def test_parsed_query(case: dict[str, object]) -> None:
    assert parse_query(str(case["input"]), VECTORS["chars"], VECTORS["sounds"]) == case["parsed"]


def test_vectors_cover_every_kind_of_query() -> None:
    kinds = {a["kind"] for case in VECTORS["queries"] for a in case["parsed"]["alts"]}
    assert kinds == {
        "name", "unit", "text", "pinyin", "initials", "unfolded", "fuzzy", "unit-initials", "latin-name", "mixed",
        "mixed-initials", "pages", "code", "wenhao", "unit-folded", "pages-folded", "sound", "sound-unit",
        "sound-pages",
    }


@pytest.mark.parametrize("case", VECTORS["fold"], ids=lambda c: c["input"])
def test_numbers_fold_to_digits(case: dict[str, str]) -> None:
    assert fold_numbers(case["input"]) == case["output"]


@pytest.mark.parametrize("case", VECTORS["codes"], ids=lambda c: c["input"])
def test_code_keys(case: dict[str, str]) -> None:
    assert code_key(case["input"]) == case["output"]


def test_a_homophone_is_read_as_every_pinyin_of_its_characters() -> None:
    """曾志愿 for 曾志远: names by every reading (曾 zeng and ceng) as read, not folded (right
    readings and the forgiving readings as read); units and titles by syllable pairs."""
    alts = parse_query("曾志愿", VECTORS["chars"], VECTORS["sounds"])["alts"]
    assert {a["exact"] for a in alts if a["kind"] == "sound"} == {"zengzhiyuan", "cengzhiyuan"}
    assert all(c["fields"] == ["p", "g"] for a in alts if a["kind"] == "sound" for c in a["clauses"])
    pairs = [[c["term"] for c in a["clauses"]] for a in alts if a["kind"] == "sound-unit"]
    assert ["zengzhi", "zhiyuan"] in pairs and ["cengzhi", "zhiyuan"] in pairs
    # One character is not read as its pinyin, and a mixed query is read as typed.
    assert not [a for a in parse_query("曾", VECTORS["chars"], VECTORS["sounds"])["alts"] if a["kind"].startswith("sound")]
    assert not [a for a in parse_query("曾zy", VECTORS["chars"], VECTORS["sounds"])["alts"] if a["kind"].startswith("sound")]


def test_the_digits_of_a_join_are_not_asked_apart() -> None:
    """20所 implies 20 wherever it is indexed (units, pages, texts, 文号): one lookup fewer."""
    assert query_tokens("中国电科20所") == [t for t in tagged_tokens("中国电科20所") if t != ("latin", "20")]
    assert ("latin", "2026") in query_tokens("示人社〔2026〕12号") and ("latin", "12") not in query_tokens("示人社〔2026〕12号")
    units = {a["kind"]: [c["term"] for c in a["clauses"]] for a in parse_query("中国电科20所", {}, {})["alts"]}
    assert "20" not in units["unit"] and "20所" in units["unit"]
    assert query_tokens("2018-1团支部").count(("latin", "2018")) == 1 and ("latin", "1") not in query_tokens("2018-1团支部")


def test_digits_alone_are_no_reading() -> None:
    """张20 is no mixed reading (no name's pinyin has a digit), 张s is."""
    assert not [a for a in parse_query("张20", VECTORS["chars"], {})["alts"] if a["kind"].startswith("mixed")]
    assert [a for a in parse_query("张s", VECTORS["chars"], {})["alts"] if a["kind"] == "mixed"]


def test_numbers_are_tried_folded_and_as_written() -> None:
    alts = {a["kind"]: a for a in parse_query("第二中学", {}, {})["alts"]}
    assert [c["term"] for c in alts["unit"]["clauses"]] == ["第二", "二中", "中学"]
    assert [c["term"] for c in alts["unit-folded"]["clauses"]] == ["2中", "中学"]  # 2中 implies 2
    assert "unit-folded" not in {a["kind"] for a in parse_query("中学", {}, {})["alts"]}


def test_a_code_is_looked_up_whole_and_only_without_han() -> None:
    assert [a["exact"] for a in parse_query("2026-0102", {}, {})["alts"] if a["kind"] == "code"] == ["20260102"]
    assert not [a for a in parse_query("第2026号", {}, {})["alts"] if a["kind"] == "code"]
    assert not [a for a in parse_query("ab", {}, {})["alts"] if a["kind"] == "code"]


@pytest.mark.parametrize("case", VECTORS["fuzzy"], ids=lambda c: c["input"])
def test_fuzzy_folding(case: dict[str, str]) -> None:
    assert fuzzy(case["input"]) == case["output"]


def test_english_order_and_hyphens_give_the_chinese_order_reading() -> None:
    chars = VECTORS["chars"]
    for text in ("Tianfang Shan", "Shan Tian-fang", "Tian-fang Shan"):
        exact = {a["exact"] for a in parse_query(text, chars)["alts"] if a["kind"] == "pinyin"}
        assert "shantianfang" in exact, text


def test_chinese_is_characters_and_bigrams() -> None:
    assert text_tokens("包头钢铁") == ["包", "包头", "头", "头钢", "钢", "钢铁", "铁"]


def test_tone_marks_capitals_and_spaces_fold_to_one_query() -> None:
    chars = VECTORS["chars"]
    same = [parse_query(q, chars)["alts"][0] for q in ("zhangsan", "Zhang San", "Zhāng Sān", "ZHANGSAN")]
    assert all(alt == same[0] for alt in same)


def test_mixed_query_requires_the_chinese_and_one_reading() -> None:
    alts = parse_query("单tf", VECTORS["chars"])["alts"]
    mixed = [a for a in alts if a["kind"] == "mixed-initials"]
    assert {a["exact"] for a in mixed} == {"ctf", "dtf", "stf"}
    for a in mixed:
        assert {"term": "单", "fields": ["n"], "presence": 2, "wildcard": 0, "boost": 1} in a["clauses"]


def test_character_no_name_has_gives_no_name_alternative() -> None:
    alts = parse_query("锟x", VECTORS["chars"])["alts"]
    assert [a["kind"] for a in alts] == ["pages"]


def test_long_paste_is_cut() -> None:
    parsed = parse_query("张" * 100, VECTORS["chars"])
    assert len(parsed["han"]) == 40


@pytest.mark.parametrize("case", VECTORS["box"], ids=lambda c: c["about"])
def test_the_box_order(case: dict[str, object]) -> None:
    assert box_order(case["tiers"], case["size"]) == case["order"]  # type: ignore[arg-type]
