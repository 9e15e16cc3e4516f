"""The search in the browser over an index built from a corpus of its own (no portal build):
what the demo data cannot show on its day or cannot show cheaply. Codes a list publishes
(准考证号: the corpus field `codes`, which builder.render.search.corpus fills from a list's 编号
columns, tests/test_list_columns.py; the demo's recruitment list is not yet up on 2026-11-18),
the order of a unit's numbers written both ways, two names of one reading, and a given name
as typed beside a 模糊音 reading. The page is the
real header partial (theme_overrides/partials/gongshi-search.html) rendered with the search
files' paths, and the real scripts."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import jinja2
import pytest

from builder.render.search import index as si
from builder.render.search.files import make_bundle
from builder.render.search.page import SCRIPTS, STYLE
from tests.conftest import REPO, serve

pytestmark = pytest.mark.browser

THEME = REPO / "theme_overrides"


def corpus() -> si.SearchCorpus:
    c = si.SearchCorpus()
    c.rounds.append(si.RoundEntry("r", "招聘公告", 2026, "r/gongshi/", "r/", "2026年示例市事业单位招聘"))
    people = [
        ("李雷", "示例市第2中学", ("2026-0102",)),
        ("韩梅梅", "示例市第二中学", ("2026-0103",)),
        ("王一凡", "示例市第二中学", ()),
        ("林涛", "示例大学", ("20260102A",)),
        ("曾小燕", "示例医院", ()),
        ("曾晓燕", "示例医院", ()),
        ("单天放", "示例医院", ()),
        ("田帆", "示例医院", ()),
    ]
    for name, unit, codes in people:
        c.candidates.append(si.CandidateEntry(0, name, unit, None, None, "拟入选", "a-" + name, codes=codes))
    return c


@pytest.fixture(scope="module")
def base(www_root: Path):
    home = Path(tempfile.mkdtemp(dir=www_root))
    home.chmod(0o755)
    bundle = make_bundle(corpus())
    for path, body in {bundle.path: bundle.data, **bundle.files}.items():
        (home / path).parent.mkdir(parents=True, exist_ok=True)
        (home / path).write_bytes(body)
    (home / "assets" / "search").mkdir(parents=True)
    for path in (*SCRIPTS, STYLE):
        shutil.copy(THEME / path, home / path)
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "partial.html": (THEME / "partials" / "gongshi-search.html").read_text(encoding="utf-8"),
        ".icons/material/magnify.svg": "<svg></svg>",
    }))
    env.filters["url"] = lambda u: u
    form = env.get_template("partial.html").render(config={"extra": {"gongshi_search": {
        "index": bundle.path, "css": STYLE, "page": "search/", "js": list(SCRIPTS),
    }}})
    (home / "index.html").write_text(
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>检索</title></head><body>{form}</body></html>',
        encoding="utf-8",
    )
    with serve(home) as url:
        yield url


def ask(page, text: str) -> list[str]:
    field = page.get_by_role("combobox", name="搜索")
    field.fill("")
    field.press_sequentially(text)
    page.wait_for_function("q => document.getElementById('gss-q-list').dataset.query === q", arg=text)
    return page.locator("#gss-q-list [role=option]:not(.gss-result--all)").all_inner_texts()


def test_a_whole_code_finds_its_row_first(page, base) -> None:
    page.goto(base)
    for typed in ("2026-0102", "20260102", "2026 0102"):
        got = ask(page, typed)
        assert got[0].startswith("李雷") and "编号：2026-0102" in got[0], (typed, got)
    # The whole code only: a part of one finds no row by its code.
    assert not any("编号" in r for r in ask(page, "2026010"))
    got = ask(page, "20260102a")
    assert got[0].startswith("林涛") and "编号：20260102A" in got[0]
    assert page.watch.errors == []


def test_a_number_written_as_typed_ranks_first(page, base) -> None:
    page.goto(base)
    first = [r.split("\n")[0] for r in ask(page, "第2中学")]
    assert first[0] == "李雷" and sorted(first[1:]) == ["王一凡", "韩梅梅"]
    first = [r.split("\n")[0] for r in ask(page, "第二中学")]
    assert sorted(first[:2]) == ["王一凡", "韩梅梅"] and first[2] == "李雷"


def test_a_whole_name_as_typed_brings_no_homophones(page, base) -> None:
    """曾小燕 is someone's name as typed: 曾晓燕 (same reading) is not offered with it. A name
    nobody has (曾晓艳) still finds both by their reading."""
    page.goto(base)
    assert [r.split("\n")[0] for r in ask(page, "曾小燕")] == ["曾小燕"]
    assert page.locator("#gss-q-list .gss-suggest").count() == 0
    found = [r.split("\n")[0] for r in ask(page, "曾晓艳")]
    assert sorted(found[:2]) == ["曾小燕", "曾晓燕"], found
    assert page.locator("#gss-q-list .gss-suggest").inner_text().startswith("您是不是要找：")
    assert page.watch.errors == []


def test_a_given_name_as_typed_ranks_before_a_fuzzy_reading(page, base) -> None:
    """tianfang: 单天放 by its given name alone as typed (the g field) before 田帆 (tianfan), whom
    only 模糊音 (an/ang) reads so; both have the one folded term, which ranked the shorter name
    first."""
    page.goto(base)
    first = [r.split("\n")[0] for r in ask(page, "tianfang")]
    assert first[:2] == ["单天放", "田帆"], first
    assert page.watch.errors == []
