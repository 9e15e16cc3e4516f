"""The sharded index: what is in it, that the files say what the writer meant, and what the
build writes."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pytest

from builder.files.contentname import content_dir
from builder.model.urls import candidate_anchor
from builder.render.search import index as si
from builder.render.search import shards
from builder.render.search.corpus import page_text
from builder.render.search.files import MANIFEST
from builder.render.search.query import parse_query
from builder.render.search.terms import corpus_terms

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


def docs_of(built: shards.Sharded, clause: dict) -> set[tuple[str, int]]:
    """(space, document) of one clause, read from the shard files (prefixes by a scan)."""
    found: set[tuple[str, int]] = set()
    for f in clause["fields"]:
        spec = shards.SCHEMA["fields"][f]
        key = spec["key"] + clause["term"]
        keys = [t for t in built.postings if t.startswith(key)] if clause["wildcard"] else [key]
        for k in keys:
            found |= {(spec["space"], d) for d in shards.read_term(built.manifest, built.files, k).get(f, {})}
    return found


def entries_of(built: shards.Sharded) -> dict[str, dict]:
    """Every term's entry in the shard files (postings, readings, sounds, simplified form)."""
    entries: dict[str, dict] = {}
    for path, body in built.files.items():
        if path.rsplit("/", 1)[1].startswith("t"):
            shard = json.loads(body)
            entries.update(zip(shard["terms"], shard["entries"], strict=True))
    return entries


def run(built: shards.Sharded, text: str, kinds: frozenset[str] | None = None) -> set[str]:
    """Names of candidates any alternative (of `kinds`, if given) finds (directly or through a
    unit), as the browser evaluates an alternative: every required clause, and one of the others."""
    people = shards.read_rows(built.manifest, built.files, "cand")
    units = shards.read_rows(built.manifest, built.files, "unit")
    found: set[str] = set()
    chars = {t: " ".join(sorted(set(
        r for p in people for pair in p["readings"].split() if pair.startswith(t + "=")
        for r in pair.split("=")[1].split(",")))) for t in built.postings if len(t) == 1}
    sounds = {t: e["h"] for t, e in entries_of(built).items() if "h" in e}
    for alt in parse_query(text, chars, sounds)["alts"]:
        if kinds is not None and alt["kind"] not in kinds:
            continue
        if alt["kind"] == "unit-initials":
            hits = {("unit", u) for u, row in enumerate(units) if alt["exact"] in row["initials"]}
        else:
            required = [docs_of(built, c) for c in alt["clauses"] if c["presence"] == 2]
            optional = [docs_of(built, c) for c in alt["clauses"] if c["presence"] != 2]
            hits = set.intersection(*required) if required else set.union(*optional)
            if required and optional and alt["need"]:
                hits &= set.union(*optional)
        for space, d in hits:
            if space == "cand":
                found.add(people[d]["name"])
            elif space == "unit":
                # Its own people (its range, as the browser reads it) and whom it recommended.
                found |= {p["name"] for i, p in enumerate(people)
                          if units[d]["start"] <= i < units[d]["end"] or p["rec"] == d}
    return found


def test_candidates_are_found_by_name_pinyin_initials_and_unit() -> None:
    built = shards.build(corpus_of(PEOPLE), plain=True)
    assert run(built, "单天放") == {"单天放"}
    assert run(built, "shantianfang") == {"单天放"}
    assert run(built, "zs") == {"张三", "张三丰"}
    assert run(built, "包头钢铁") == {"张三"}
    assert run(built, "maimaiti") == {"阿依古丽·买买提"}
    assert run(built, "qqqxxx") == set()


def test_rows_line_up_with_postings() -> None:
    built = shards.build(corpus_of(PEOPLE), plain=True)
    people = shards.read_rows(built.manifest, built.files, "cand")
    units = shards.read_rows(built.manifest, built.files, "unit")
    assert built.manifest["counts"] == {"cand": 4, "unit": 5, "doc": 2, "pages": 1}
    assert sorted(p["name"] for p in people) == sorted(p[0] for p in PEOPLE)
    for i, person in enumerate(people):
        assert person["anchor"] == "a-" + person["name"]
        # Candidate i of the rows is document i of the candidate fields.
        assert i in shards.read_term(built.manifest, built.files, "^" + person["name"][0])["np"]
        # The whole name is the leading part as long as the name (the value: its length).
        han = si.han_name(person["name"])
        assert shards.read_term(built.manifest, built.files, han)["nl"][i] == len(han)
        # A unit's own candidates are its [start, end).
        unit = next(u for u in units if u["name"] == person["unit_name"])
        assert unit["start"] <= i < unit["end"]
    assert "单=shan" in next(p["readings"] for p in people if p["name"] == "单天放")


def test_a_rounds_columns_are_written_once_in_the_rounds_file() -> None:
    """Rows name their round by its line in the rounds file: no shard or chunk repeats a round's
    id, label or page (a carried row of each person did, a fifth of a shard's bytes), and every
    row read back has its round's."""
    corpus = corpus_of(PEOPLE)
    corpus.rounds.append(si.RoundEntry("r2-long-round-id", "通知", 2025, None, "campaigns/r2/", "2025年示例市专家"))
    corpus.candidates.append(si.CandidateEntry(1, "李四", "示例市中医院", None, "女", "入选", "a-李四"))
    corpus.pages.append(si.PageEntry("campaigns/r2/", "关于专家的通知", "通知全文。", "notice", 1))
    built = shards.build(corpus)
    for path, body in built.files.items():
        name = path.rsplit("/", 1)[1]
        if name[0] in "tcd":  # a shard's rows (its terms hold the filter term @r<id>) and the chunks
            rows = json.dumps(json.loads(body)["rows"] if name[0] == "t" else json.loads(body), ensure_ascii=False)
            assert "r2-long-round-id" not in rows and "2025年示例市专家" not in rows, path
    people = {p["name"]: p for p in shards.read_rows(built.manifest, built.files, "cand")}
    assert (people["李四"]["round_id"], people["李四"]["label"], people["李四"]["href"]) == (
        "r2-long-round-id", "2025年示例市专家", "campaigns/r2/")
    assert (people["张三"]["round_id"], people["张三"]["href"]) == ("r", "campaigns/r/gongshi/")
    docs = {d["title"]: d for d in shards.read_rows(built.manifest, built.files, "doc")}
    assert (docs["关于专家的通知"]["round_id"], docs["关于专家的通知"]["year"]) == ("r2-long-round-id", 2025)
    assert (docs["关于本站"]["round_id"], docs["关于本站"]["year"], docs["关于本站"]["label"]) == ("", 0, "")
    carried = shards.read_shard_rows(built.manifest, built.files, shards.shard_of(built.manifest, "^李"))
    assert any(row["label"] == "2025年示例市专家" for row in carried["cand"].values())


def test_candidates_are_numbered_by_unit_then_pinyin() -> None:
    built = shards.build(corpus_of(PEOPLE), plain=True)
    names = [p["name"] for p in shards.read_rows(built.manifest, built.files, "cand")]
    # Units in initials order: nmgbtgtjt, sxsdhqrmyy, sxszyy, wdsdg.
    assert names == ["张三", "单天放", "阿依古丽·买买提", "张三丰"]


def test_every_term_reads_back_from_its_shard() -> None:
    """The shard files decode to exactly the postings the writer collected; astral terms too."""
    corpus = corpus_of([*PEOPLE, ("𠀀明", "𠀀𠀁研究所", None), ("﨑玉", "示例市中医院", None)])
    built = shards.build(corpus, plain=True)
    assert len(built.manifest["shards"]) >= 1
    for term, fields in built.postings.items():
        got = shards.read_term(built.manifest, built.files, term)
        assert {f: sorted(d) for f, d in got.items()} == fields, term
    assert shards.read_term(built.manifest, built.files, "不存在的词") == {}


def test_big_corpora_split_into_shards_that_each_stay_small() -> None:
    corpus = corpus_of([])
    surnames, given = "张王李赵刘陈杨黄周吴", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    for k in range(3000):
        name = surnames[k % 10] + given[k % len(given)] + given[(k // len(given)) % len(given)]
        corpus.candidates.append(si.CandidateEntry(0, name, f"示例市第{k % 97}医院", "东湖区", "男", "拟入选", f"a{k}"))
    built = shards.build(corpus, plain=True)
    sizes = [len(body) for path, body in built.files.items() if "/t" in path]
    assert len(sizes) > 5
    # One term's postings may exceed the target on their own; no shard holds two such terms.
    assert sorted(sizes)[-2] < 3 * shards.SHARD_BYTES
    for term in ("张伟伟", "张伟", "zhangweiwei", "zww", "@c东湖区", "医院", "@s0"):
        assert shards.read_term(built.manifest, built.files, term), term


def test_terms_carry_the_rows_of_their_likeliest_hits() -> None:
    """A shard carries the rows of the first hits of its name, pinyin, initials and title
    terms (in the browser's order within one term), and of every unit of a unit term that has
    few, the same rows as the chunks: a first answer needs no chunk. A withdrawn person comes
    after every active one."""
    corpus = corpus_of([])
    for k in range(40):
        status = "撤销" if k == 0 else "拟入选"
        corpus.candidates.append(si.CandidateEntry(0, "王" + "伟芳娜敏静丽强磊军洋"[k % 10] * (1 + k % 3), f"单位{k}",
                                                   None, "男", status, f"a{k}"))
    corpus.candidates.append(si.CandidateEntry(0, "单天放", "示例市东湖区人民医院", "东湖区", "男", "拟入选", "a-dan"))
    corpus.candidates.append(si.CandidateEntry(0, "李雷", "东湖区", None, "男", "拟入选", "a-li"))
    built = shards.build(corpus, plain=True)
    rows_of = {kind: shards.read_rows(built.manifest, built.files, kind) for kind in ("cand", "doc", "unit")}
    people, units = rows_of["cand"], rows_of["unit"]
    carried: dict[str, dict[int, dict]] = {"cand": {}, "doc": {}, "unit": {}}
    for n in range(len(built.manifest["shards"])):
        for kind, rows in shards.read_shard_rows(built.manifest, built.files, n).items():
            for no, row in rows.items():
                assert row == rows_of[kind][no]
                carried[kind][no] = row
    top = shards.SCHEMA["top"]

    def shard_rows(term: str) -> dict[str, dict[int, dict]]:
        return shards.read_shard_rows(built.manifest, built.files, shards.shard_of(built.manifest, term))

    # 王: 40 names start with it; its shard carries the first six: active, shortest names first.
    wang = [no for no, p in sorted(enumerate(people), key=lambda np: (np[1]["status"] == 3, len(np[1]["name"]), np[0]))
            if p["name"].startswith("王")][:top]
    assert set(wang) <= set(shard_rows("^王")["cand"]) and all(len(people[no]["name"]) == 2 for no in wang)
    assert not any(people[no]["status"] == 3 for no in wang)
    dan = next(no for no, p in enumerate(people) if p["name"] == "单天放")
    for term in ("单天放", "单天", "^单", "shantianfang", "stf"):
        assert dan in shard_rows(term)["cand"], term
    assert 1 in shard_rows("申报")["doc"] and set(carried["doc"]) == {0, 1}
    # A unit word few units have brings their rows: the range of their own people and whom they
    # recommended (东湖区 recommended 单天放, who works elsewhere), so no round for either.
    donghu = next(no for no, u in enumerate(units) if u["name"] == "东湖区")
    assert donghu in shard_rows("东湖")["unit"] and donghu in shard_rows("dhq")["unit"]
    li, dan = (next(no for no, p in enumerate(people) if p["name"] == name) for name in ("李雷", "单天放"))
    assert units[donghu]["start"] <= li < units[donghu]["end"] and units[donghu]["recs"] == [dan]
    # 东湖 is in two units' names: it carries their people's rows too (a unit query is shown
    # from its shards alone).
    assert {li, dan} <= set(shard_rows("东湖")["cand"])
    # 单位: in all 40 units' names, more than a term carries the rows of.
    danwei = {no for no, u in enumerate(units) if u["name"].startswith("单位")}
    assert len(danwei) == 40 and not danwei <= set(shard_rows("单位").get("unit", {}))
    # Every row travels with the terms of its own whole name, pinyin and initials (王伟伟's
    # with 王伟伟, beyond the first six of ^王).
    assert len(carried["cand"]) == len(people)


def test_a_title_word_carries_its_first_pages_by_title_and_text() -> None:
    """Eight notices titled alike; the last also names 带头人 in its text, so it is the first a
    query of that word lists (title and text weights summed, as the browser ranks pages): it
    travels with the word's shard, and the eighth of the alike ones does not."""
    corpus = corpus_of([])
    for k in range(8):
        text = "选拔学术技术带头人。" if k == 7 else "本通知附件见下方。"
        corpus.pages.append(si.PageEntry(f"n{k}/", f"学术技术带头人第{k}次通知", text, "notice"))
    built = shards.build(corpus, plain=True)
    titles = {no: row["title"] for no, row in enumerate(shards.read_rows(built.manifest, built.files, "doc"))}
    carried = shards.read_shard_rows(built.manifest, built.files, shards.shard_of(built.manifest, "带头"))["doc"]
    assert "学术技术带头人第7次通知" in {titles[no] for no in carried}
    assert "学术技术带头人第6次通知" not in {titles[no] for no in carried}


def test_a_title_word_carries_its_first_pages_and_forms_apart() -> None:
    """The box lists six pages and six forms: a title word's carried rows are the first six of
    each, so eight heavier forms (short 花名册 titles) do not take every place from its notices."""
    corpus = corpus_of([])
    for k in range(8):
        corpus.pages.append(si.PageEntry(f"n{k}/", f"学术技术带头人第{k}次通知", "", "notice"))
        corpus.forms.append(si.FormEntry(f"f{k}.csv", "带头人花名册", 0, "CSV 文件"))
    terms = corpus_terms(corpus)
    numbered = shards._numbered(corpus, terms)
    top = shards._TopRows(corpus, numbered, shards._people_rows(numbered, terms))
    pages = len(corpus.pages)
    weights = {d: (100 if d < pages else 900) - d for d in range(pages + len(corpus.forms) + 1)}
    carried = top.of("t", weights)
    assert [d for d in carried if d < pages] == [0, 1, 2, 3, 4, 5]
    assert [d for d in carried if d >= pages] == list(range(pages, pages + 6))


def test_page_text_skips_scripts_and_keeps_words_apart() -> None:
    html = '<h2>通知</h2><p>下载<a href="x">Excel</a>表格</p><script>var x = "张三";</script>'
    assert page_text(html) == "通知 下载 Excel 表格"


def test_page_text_leaves_out_the_words_of_the_day() -> None:
    """What gongshi-time.js rewrites from the visitor's clock is no content: a page's text, and so
    the search files, are the same on every day its data does not change."""
    html = ('<div data-gs-round="{}"><p><span data-gs-label>公示中</span> <span data-gs-detail>公示至'
            '2026年11月24日，还有 <b>3</b> 个工作日</span></p><ol><li><span>公示</span>'
            '<span data-gs-step-state>进行中</span></li></ol><p class="gs-built">本页生成于 <time>'
            '2026年11月18日</time><span data-gs-now></span></p></div><p>申报截止 <span '
            'data-gs-countdown>还有 3 天</span><br>地点：人社局</p>')
    assert page_text(html) == "公示 申报截止 地点：人社局"


# ---- the built site ----


def index_file(site: Path) -> tuple[Path, dict]:
    found = sorted((site / "search").glob("index*.json"))
    assert found == [site / MANIFEST], found
    return found[0], json.loads(found[0].read_text(encoding="utf-8"))


def site_files(site: Path) -> tuple[dict, dict[str, bytes]]:
    """The manifest and every search file of a built site, by site path."""
    _, manifest = index_file(site)
    folder = site / "search" / manifest["dir"]
    files = {f"search/{manifest['dir']}{p.name}": p.read_bytes() for p in folder.glob("*.json")}
    return manifest, files


def test_build_writes_the_manifest_and_a_content_named_folder_of_its_files(site_factory) -> None:
    site = site_factory(TODAY)
    path, manifest = index_file(site)
    assert manifest["format"] == shards.FORMAT and manifest["schema"] == shards.SCHEMA
    assert path.name == f"index-v{shards.FORMAT.rsplit('/', 1)[1]}.json"
    assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    folder = site / "search" / manifest["dir"]
    files = sorted(folder.glob("*.json"))
    # The folder is named by the hash of every file in it: a file never changes under its name.
    assert manifest["dir"] == content_dir("d", {f.name: f.read_bytes() for f in files})
    assert len(files) >= 5
    for f in files:
        assert gzip.decompress(f.with_name(f.name + ".gz").read_bytes()) == f.read_bytes()
    # No lunr.js any more, and Material's own search plugin is off: no index of its own, no worker.
    assert not list((site / "search").glob("lunr.*.js"))
    assert not (site / "search" / "search_index.json").exists()
    assert not list(site.rglob("search/worker.js"))


def test_every_page_has_the_box_pointing_at_the_same_index(site_factory) -> None:
    site = site_factory(TODAY)
    path, _ = index_file(site)
    pages = [p for p in site.rglob("*.html") if p.name == "index.html"]
    assert len(pages) > 15  # the staff manual is not in the public build
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="gss"') == 1, page
        index_ref = re.search(r'data-index="([^"]+)"', html)
        assert index_ref and (page.parent / index_ref.group(1)).resolve() == path.resolve(), page
        assert 'role="combobox"' in html and ">搜索<" in html


def test_published_list_is_indexed_with_the_portals_anchors(site_factory) -> None:
    from builder.load.loader import load
    from builder.render.publish import published_portal

    site = site_factory(TODAY)
    manifest, files = site_files(site)
    rows = shards.read_rows(manifest, files, "cand")
    portal = published_portal(load(Path(__file__).parent.parent / "data").portal, dt.date(2026, 11, 18))
    # A foreign expert is found by the Chinese transliteration too: a second entry, same row.
    people = {(name, candidate_anchor(p)) for r in portal.rounds for p in r.people
              for name in (p.name, p.name_zh) if name}
    assert any(p.name_zh for r in portal.rounds for p in r.people)
    assert {(r["name"], r["anchor"]) for r in rows} == people
    page = (site / "campaigns/2026-shili-jishu-daitouren/gongshi/index.html").read_text(encoding="utf-8")
    anchor = next(r["anchor"] for r in rows if r["name"] == "单天放")
    assert f'id="{anchor}"' in page
    withdrawn = [i for i, r in enumerate(rows) if r["status"] == si.WITHDRAWN]
    assert withdrawn and shards.decode("plain", manifest["withdrawn"]) == dict.fromkeys(withdrawn, 1)


def test_a_list_before_its_publicity_is_not_in_the_index(site_factory) -> None:
    site = site_factory(BEFORE)
    manifest, files = site_files(site)
    names = {r["name"] for r in shards.read_rows(manifest, files, "cand")}
    docs = shards.read_rows(manifest, files, "doc")
    assert "2026-shili-jishu-daitouren" in {r["round_id"] for r in docs}  # its notice is public
    assert "单天放" not in names and "尉迟明远" not in names
    assert shards.read_term(manifest, files, "尉") == {}
    assert shards.read_term(manifest, files, "@r2026-shili-jishu-daitouren") == {}


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


def test_traditional_characters_point_at_their_simplified_form() -> None:
    built = shards.build(corpus_of([("张书帆", "示例市东湖区人民医院", None), ("乾隆", "示例市中医院", None)]), plain=True)
    entries = entries_of(built)
    assert entries["張"] == {"s": "张"} and entries["書"] == {"s": "书"}
    # A character the data itself uses is searched as written, never mapped.
    assert "s" not in entries["乾"]
    assert "帆" in entries and "s" not in entries["帆"]
    # The readings file says the same, for the browser to read in one request: every such
    # form, and the readings of every character of the names.
    readings, simplified = shards.read_readings(built.manifest, built.files)
    assert simplified == {t: e["s"] for t, e in entries.items() if "s" in e}
    assert readings == {t: e["r"] for t, e in entries.items() if "r" in e} and readings["张"] == "zhang"


def test_digits_latin_names_and_free_text_are_found() -> None:
    corpus = corpus_of([
        ("王一凡", "中国电科20所", None),
        ("林晓雪", "岱川大学2018-1团支部", None),
        ("李四", "岱川大学2018级团委", None),
        ("Miguel A. Esteban", "示例大学", None),
    ])
    corpus.candidates.append(si.CandidateEntry(
        0, "单天放", "示例市东湖区人民医院", "东湖区", "男", "拟入选", "a-单天放",
        text="心血管内科\n长期从事冠心病介入诊疗工作。"))
    built = shards.build(corpus, plain=True)
    for query in ("中国电科20所", "20所", "电科20"):
        assert run(built, query) == {"王一凡"}, query
    assert run(built, "2018-1团支部") == {"林晓雪"}
    assert "李四" in run(built, "2018") and "李四" not in run(built, "2018-1")
    for query in ("Esteban", "miguel", "MIGUEL ESTEBAN", "Miguel A. Esteban", "esteban, miguel"):
        assert "Miguel A. Esteban" in run(built, query), query
    assert run(built, "心血管") == {"单天放"}
    assert run(built, "冠心病介入") == {"单天放"}
    assert run(built, "心血管外科") == set()  # every bigram is required


def test_homophones_find_names_units_and_titles() -> None:
    """A wrong character of the same reading: in the given name (曾小燕), the surname (增晓燕), a
    unit (东胡软件园) or a title (学术技术代头人); never found by the characters as written."""
    corpus = corpus_of([("曾晓燕", "示例市东湖软件园发展有限公司", None), ("单天放", "示例市第一人民医院", None)])
    corpus.pages.append(si.PageEntry("n/", "关于开展学术技术带头人推荐工作的通知", "通知正文", "notice", 0))
    built = shards.build(corpus, plain=True)
    sound = frozenset({"sound"})
    assert run(built, "曾小燕", sound) == {"曾晓燕"} and run(built, "增晓燕", sound) == {"曾晓燕"}
    assert run(built, "曾小燕", frozenset({"name", "unit", "text"})) == set()
    assert run(built, "东胡软件园", frozenset({"sound-unit"})) == {"曾晓燕"}
    # 学 … 人 by their syllable pairs in the title (ts); every character has its sounds.
    entries = entries_of(built)
    assert entries["代"]["h"] == "dai" and "zeng" in entries["曾"]["h"].split()
    # The sounds file says the same in one request, for the browser's next homophone query.
    assert shards.read_sounds(built.manifest, built.files) == {t: e["h"] for t, e in entries.items() if "h" in e}
    titles = [a for a in parse_query("学术技术代头人", {}, {ch: entries[ch]["h"] for ch in "学术技代头人"})["alts"]
              if a["kind"] == "sound-pages"]
    # Page 0 is 关于本站 (corpus_of), page 1 the notice.
    assert any(all(("doc", 1) in docs_of(built, c) for c in a["clauses"]) for a in titles)


def test_a_forgiving_reading_as_typed_is_told_from_a_folded_one() -> None:
    """tianfang: 单天放 by its given name alone as read (g), 田帆 (tianfan) only by 模糊音; both
    by the folded term (z), which cannot tell them apart."""
    built = shards.build(corpus_of([("单天放", "示例市人民医院", None), ("田帆", "示例市第二中学", None)]), plain=True)
    assert run(built, "tianfang", frozenset({"fuzzy"})) == {"单天放", "田帆"}
    assert run(built, "tianfang", frozenset({"unfolded"})) == {"单天放"}
    assert run(built, "dantianfang", frozenset({"unfolded"})) == {"单天放"}  # the everyday reading
    assert run(built, "tianfan", frozenset({"unfolded"})) == {"单天放"}  # a prefix, as typed
    assert run(built, "tianfan", frozenset({"pinyin"})) == {"田帆"}  # its right reading ranks higher


def test_numbers_in_units_are_found_in_either_form() -> None:
    corpus = corpus_of([
        ("王一凡", "中国航天科工集团〇六一基地", None),
        ("李四", "示例市第二中学", None),
        ("张三", "示例市第2中学", None),
        ("赵六", "示例市六六八纺织厂", None),
    ])
    built = shards.build(corpus, plain=True)
    assert run(built, "061基地") == {"王一凡"}
    assert run(built, "〇六一基地") == {"王一凡"}
    assert run(built, "第2中学") == {"李四", "张三"} == run(built, "第二中学")
    assert run(built, "第二中学", frozenset({"unit"})) == {"李四"}  # the form as written: its own alt
    assert run(built, "668纺织") == {"赵六"}


def test_codes_are_looked_up_whole() -> None:
    corpus = corpus_of([])
    corpus.candidates.append(si.CandidateEntry(0, "李雷", "示例大学", None, "男", "拟入选", "a-1", codes=("2026-0102",)))
    corpus.candidates.append(si.CandidateEntry(0, "韩梅梅", "示例大学", None, "女", "拟入选", "a-2", codes=("20260103",)))
    built = shards.build(corpus, plain=True)
    code = frozenset({"code"})
    assert run(built, "20260102", code) == {"李雷"} == run(built, "2026 0102", code) == run(built, "2026-0102", code)
    assert run(built, "2026010", code) == set()  # the whole code only
    rows = {r["name"]: r for r in shards.read_rows(built.manifest, built.files, "cand")}
    assert rows["李雷"]["codes"] == ["2026-0102"]


def test_a_page_bears_its_own_doc_number_and_a_foreign_name_has_both_forms() -> None:
    corpus = corpus_of([])
    corpus.pages.append(si.PageEntry("n/", "通知", "示人社〔2026〕12号 正文", "notice", 0, bears="示人社〔2026〕12号"))
    corpus.pages.append(si.PageEntry("g/", "公示", "示人社〔2026〕12号", "list", 0))
    corpus.candidates.append(si.CandidateEntry(0, "Miguel A. Esteban", "示例大学", None, "男", "入选", "m", alias="米格尔"))
    built = shards.build(corpus, plain=True)
    # Page 0 is 关于本站 (corpus_of); the notice bears the 文号, the list only cites it.
    assert set(shards.read_term(built.manifest, built.files, "12号")["w"]) == {1}
    assert set(shards.read_term(built.manifest, built.files, "12号")["b"]) == {1, 2}
    rows = shards.read_rows(built.manifest, built.files, "cand")
    assert [r["alias"] for r in rows] == ["米格尔"]
