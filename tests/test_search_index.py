"""The prebuilt index: what is in it, that it is lunr.py's index, and what the build writes."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest
from lunr.index import Index
from lunr.query import QueryPresence

from builder.pages.common import candidate_anchor
from builder.search import index as si
from builder.search.hooks import LUNR_SOURCE, page_text
from builder.search.query import parse_query

TODAY = "2026-11-18"  # the 2026 list is in its publicity period
BEFORE = "2026-10-01"  # the 2026 list is committed but its publicity has not started


def corpus_of(people: list[tuple[str, str, str | None]]) -> si.SearchCorpus:
    corpus = si.SearchCorpus()
    corpus.rounds.append(si.RoundEntry("r", "通知", 2026, "campaigns/r/gongshi/", "campaigns/r/", "2026年"))
    for name, unit, override in people:
        corpus.candidates.append(si.CandidateEntry(0, name, unit, "东湖区", "男", "拟入选", "a-" + name, override))
    corpus.pages.append(si.PageEntry("about/", "关于本站", "本站发布公示名单。公示名单可以打印。", "page"))
    corpus.forms.append(si.FormEntry("campaigns/r/files/表.docx", "申报表", 0, "Word 文档"))
    return corpus


PEOPLE = [
    ("单天放", "示例市东湖区人民医院", None),
    ("张三", "内蒙古包头钢铁集团", None),
    ("张三丰", "武当山道观", None),
    ("阿依古丽·买买提", "示例市中医院", "Ayiguli Maimaiti"),
]


def run(built: si.Built, text: str) -> set[str]:
    """Names of candidates any alternative finds (directly or through a unit), via lunr.py."""
    idx = Index.load(built.index)
    store = built.store
    names = store["names"].split("\n")
    n_cand, n_units = store["counts"][0], store["counts"][1]
    found: set[str] = set()
    for alt in parse_query(text, store["chars"])["alts"]:
        if not alt["clauses"]:
            continue
        query = idx.create_query()
        for c in alt["clauses"]:
            query.term(
                c["term"], fields=c["fields"], boost=c["boost"], wildcard=c["wildcard"],
                presence=QueryPresence(c["presence"]), use_pipeline=False,
            )
        for hit in idx.query(query):
            ref = int(hit["ref"])
            if ref < n_cand:
                found.add(names[ref])
            elif ref < n_cand + n_units:
                unit = ref - n_cand
                found |= {names[i] for i in range(n_cand) if unit in (store["unit"][i], store["rec"][i])}
    return found


def test_candidates_are_found_by_name_pinyin_initials_and_unit() -> None:
    built = si.build(corpus_of(PEOPLE))
    assert run(built, "单天放") == {"单天放"}
    assert run(built, "shantianfang") == {"单天放"}
    assert run(built, "zs") == {"张三", "张三丰"}
    assert run(built, "包头钢铁") == {"张三"}
    assert run(built, "maimaiti") == {"阿依古丽·买买提"}
    assert run(built, "qqqxxx") == set()


def test_store_columns_line_up_with_index_documents() -> None:
    built = si.build(corpus_of(PEOPLE))
    store = built.store
    names = store["names"].split("\n")
    anchors = store["anchors"].split("\n")
    assert store["counts"] == [4, 5, 1, 1]
    assert sorted(names) == sorted(p[0] for p in PEOPLE)
    for i, name in enumerate(names):
        assert anchors[i] == "a-" + name
        # Document i of the index is candidate i of the store.
        idx = Index.load(built.index)
        assert {r["ref"] for r in idx.query(idx.create_query().term(name[0], fields=["n"]))} >= {str(i)}
    assert len(store["unit"]) == len(store["rec"]) == len(store["round"]) == len(names)
    assert len(store["gender"]) == len(store["status"]) == len(names)
    assert len(store["unitInitials"]) == len(store["units"])
    assert set(store["chars"]["单"].split()) == {"shan"}


def test_candidates_are_numbered_in_pinyin_order() -> None:
    names = si.build(corpus_of(PEOPLE)).store["names"].split("\n")
    assert names == ["阿依古丽·买买提", "单天放", "张三", "张三丰"]


def test_canonical_index_answers_like_lunr_py_own() -> None:
    """`canonical` only renumbers terms and drops empty vectors: the same queries give the same
    documents with the same scores."""
    corpus = corpus_of(PEOPLE)
    docs = [si.name_fields(c.name, c.pinyin) for c in corpus.candidates]
    docs += [si.page_fields("公示名单", "公示名单 公示 名单 2026年 公示")]
    original = si._Lunr(docs).serialize()
    canon = si.canonical(original)
    assert [t for t, _ in canon["invertedIndex"]] == [t for t, _ in original["invertedIndex"]]
    assert all(post["_index"] == i for i, (_, post) in enumerate(canon["invertedIndex"]))
    assert all(v for _, v in canon["fieldVectors"])
    a, b = Index.load(original), Index.load(canon)
    for term, fields in [("张", ["n"]), ("zhangsan", ["p"]), ("公示", ["t", "b"]), ("2026", ["b"])]:
        qa = a.create_query().term(term, fields=fields, use_pipeline=False)
        qb = b.create_query().term(term, fields=fields, use_pipeline=False)
        ra = [(r["ref"], r["score"]) for r in a.query(qa)]
        assert ra and ra == [(r["ref"], r["score"]) for r in b.query(qb)]


def test_no_pipeline_functions_need_registering_in_the_browser() -> None:
    built = si.build(corpus_of(PEOPLE))
    assert built.index["pipeline"] == built.packed["pipeline"] == []
    assert built.index["version"] == "2.3.9"


def test_page_text_skips_scripts_and_keeps_words_apart() -> None:
    html = '<h2>通知</h2><p>下载<a href="x">Excel</a>表格</p><script>var x = "张三";</script>'
    assert page_text(html) == "通知 下载 Excel 表格"


# ---- the built site ----


def index_file(site: Path) -> tuple[Path, dict]:
    found = sorted((site / "search").glob("index.*.json"))
    assert len(found) == 1, found
    return found[0], json.loads(found[0].read_text(encoding="utf-8"))


def test_build_writes_a_content_hashed_index_and_lunr_from_mkdocs(site_factory) -> None:
    site = site_factory(TODAY)
    path, data = index_file(site)
    digest = re.fullmatch(r"index\.([0-9a-f]{12})\.json", path.name)
    assert digest and hashlib.sha256(path.read_bytes()).hexdigest()[:12] == digest.group(1)
    assert set(data) == {"index", "store"}
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    assert data["index"]["format"] == si.PACK_FORMAT
    lunr = list((site / "search").glob("lunr.*.js"))
    assert len(lunr) == 1 and lunr[0].read_bytes() == LUNR_SOURCE.read_bytes()
    # The installed mkdocs package's copy is lunr.js 2.3.9, the version lunr.py 0.8 targets.
    assert lunr[0].read_bytes().splitlines()[1].endswith(b"- 2.3.9")
    # Material's own search plugin is off: no index of its own, no worker.
    assert not (site / "search" / "search_index.json").exists()
    assert not list(site.rglob("search/worker.js"))


def test_every_page_has_the_box_pointing_at_the_same_index(site_factory) -> None:
    site = site_factory(TODAY)
    path, _ = index_file(site)
    pages = [p for p in site.rglob("*.html") if p.name == "index.html"]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="gss"') == 1, page
        index_ref = re.search(r'data-index="([^"]+)"', html)
        assert index_ref and (page.parent / index_ref.group(1)).resolve() == path.resolve(), page
        assert 'role="combobox"' in html and ">搜索<" in html


def test_published_list_is_indexed_with_the_portals_anchors(site_factory) -> None:
    from builder.loader import load
    from builder.pages.common import published_portal

    site = site_factory(TODAY)
    _, data = index_file(site)
    store = data["store"]
    names = store["names"].split("\n")
    anchors = store["anchors"].split("\n")
    portal = published_portal(load(Path(__file__).parent.parent / "data").portal, dt.date(2026, 11, 18))
    people = {(p.name, candidate_anchor(p)) for r in portal.rounds for p in r.people}
    assert set(zip(names, anchors, strict=True)) == people
    page = (site / "campaigns/2026-shili-jishu-daitouren/gongshi/index.html").read_text(encoding="utf-8")
    i = names.index("单天放")
    assert f'id="{anchors[i]}"' in page


def test_a_list_before_its_publicity_is_not_in_the_index(site_factory) -> None:
    site = site_factory(BEFORE)
    _, data = index_file(site)
    store = data["store"]
    names = set(store["names"].split("\n"))
    rounds = {r[0] for r in store["rounds"]}
    assert "2026-shili-jishu-daitouren" in rounds  # its notice is public
    assert "单天放" not in names and "尉迟明远" not in names
    assert "尉" not in store["chars"]
    listed = {store["rounds"][n][0] for n in store["round"]}
    assert "2026-shili-jishu-daitouren" not in listed


@pytest.mark.parametrize("select", ["round", "year", "rec", "status"])
def test_search_page_offers_the_filters(site_factory, select: str) -> None:
    html = (site_factory(TODAY) / "search" / "index.html").read_text(encoding="utf-8")
    assert "<h1>名单检索</h1>" in html
    options = re.search(rf'<select id="gss-f-{select}" name="{select}">(.*?)</select>', html, re.S)
    assert options is not None
    values = re.findall(r'<option value="([^"]*)"', options.group(1))
    assert values[0] == "" and len(values) > 2
    expected = {"round": "2026-shili-jishu-daitouren", "year": "2026", "rec": "东湖区", "status": "撤销"}
    assert expected[select] in values
