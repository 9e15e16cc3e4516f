"""The search stage on a rebuild (`mkdocs serve` rebuilds the whole site in one process).

The finished search files are reused while the corpus (names, units, forms, page texts) is
unchanged, per-document extraction and page texts are memoised, and none of it may change a
byte of the site.
"""

from __future__ import annotations

import copy
import dataclasses
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import build, copy_data

from builder.files.cache import clear_all
from builder.render.search import corpus as search_corpus
from builder.render.search import files as search_files
from builder.render.search import index as si
from builder.render.search import shards

TODAY = "2026-11-18"  # the 2026 list is in its publicity period
LIST_FILE = "candidates/2026-shili-jishu-daitouren.yml"


def fresh_caches() -> None:
    """Forget everything the caches hold, as a new process would."""
    clear_all()


def bundle_stats() -> tuple[int, int]:
    return search_files.bundles.stats.hits, search_files.bundles.stats.misses


def synthetic() -> si.SearchCorpus:
    """Names, units and pages that exercise every special case of the index."""
    corpus = si.SearchCorpus()
    corpus.rounds.append(si.RoundEntry("r0", "2026年示例市学术技术带头人", 2026, "r0/g/", "r0/", "2026年带头人"))
    corpus.rounds.append(si.RoundEntry("r1", "吕梁市青年人才", 2025, None, "r1/", "2025年青年人才"))
    people: list[tuple[str, str, str | None, str | None]] = [
        ("单田芳", "示例市东湖区人民医院", "东湖区", None),  # polyphonic surname
        ("曾长乐", "示例市东湖区人民医院", "东湖区", None),  # polyphonic given name, 4 readings
        ("任长霞", "ABC科技有限公司", None, None),  # Latin inside a unit's name
        ("欧阳娜娜", "吕梁市第一中学", "吕梁市教育局", None),  # compound surname, ü in the unit
        ("尉迟恭", "𠀀𠀁研究所", None, None),  # compound surname; astral unit
        ("长孙无忌", "示例市中医院", "东湖区", None),
        ("单于伟", "示例市中医院", None, None),  # ambiguous compound
        ("吕明辉", "示例市中医院", "吕梁市教育局", None),  # ü: lv, lu, lyu
        ("女娲", "示例市中医院", None, None),
        ("𠀀明", "示例市中医院", None, None),  # astral character pypinyin does not know
        ("阿依古丽·买买提", "示例市中医院", "东湖区", "Ayiguli Maimaiti"),  # override, two parts
        ("张三", "内蒙古包头钢铁集团", None, "Zhāng Sān"),
        ("张三", "武当山道观", None, None),  # the same name twice
        ("买买提", "武当山道观", None, None),  # a repeated character
    ]
    for i, (name, unit, rec, override) in enumerate(people):
        corpus.candidates.append(
            si.CandidateEntry(i % 2, name, unit, rec, "男女"[i % 2], si.STATUSES[i % 4], f"p-{i}", override)
        )
    corpus.pages.append(si.PageEntry("x/", "𠀀𠀁 test", "𠀀𠀁𠀀𠀁 Excel excel 公示公示公示", "page"))
    corpus.pages.append(si.PageEntry("r0/", "通知", "公示名单 公示 名单 2026年 公示。吕梁 女娲", "notice", 0))
    corpus.pages.append(si.PageEntry("r0/g/", "公示名单", "", "list", 0))
    corpus.forms.append(si.FormEntry("r0/files/表.docx", "申报表", 0, "Word 文档", "推荐 推荐 推荐"))
    corpus.forms.append(si.FormEntry("r1/files/b.xlsx", "汇总表", 1, "Excel 表格"))
    return corpus


@pytest.fixture(scope="module")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> si.SearchCorpus:
    """The corpus of the demo site, as a real build collects it (pages' texts included)."""
    seen: list[si.SearchCorpus] = []
    real = shards.build

    def recording(corpus: si.SearchCorpus, **options: bool) -> shards.Sharded:
        seen.append(copy.deepcopy(corpus))
        return real(corpus, **options)

    fresh_caches()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shards, "build", recording)
        assert build(tmp_path_factory.mktemp("search-cache") / "site", today=TODAY) == 0
    assert len(seen) == 1, "the build did not make the index exactly once"
    return seen[0]


# ---- the files say what the writer collected ----


@pytest.mark.parametrize("which", ["demo", "synthetic"])
def test_every_posting_reads_back_from_the_files(which: str, request: pytest.FixtureRequest) -> None:
    corpus = request.getfixturevalue("demo_corpus") if which == "demo" else synthetic()
    built = shards.build(corpus, plain=True)
    for term, fields in built.postings.items():
        got = shards.read_term(built.manifest, built.files, term)
        assert {f: sorted(d) for f, d in got.items()} == fields, term
    counts = built.manifest["counts"]
    assert counts["cand"] == len(corpus.candidates) and counts["doc"] == len(corpus.pages) + len(corpus.forms)
    for kind in ("cand", "unit", "doc"):
        assert len(shards.read_rows(built.manifest, built.files, kind)) == counts[kind]
    # The corpus reaches the parts of the format that are easy to get wrong.
    weights = [w for fields in built.postings.values() for f in ("t", "b") for w in fields.get(f, [])]
    assert weights
    if which == "synthetic":
        assert {"𠀀", "𠀁", "ouyangnana", "yuchigong", "lvminghui", "lyuminghui", "ayigulimaimaiti"} <= set(built.postings)


def test_memoised_extraction_gives_what_a_fresh_process_gives() -> None:
    corpus = synthetic()
    fresh_caches()
    cold = shards.build(corpus)
    before = si.cache_info()
    warm = shards.build(copy.deepcopy(corpus))
    after = si.cache_info()
    assert after["candidates"].hits - before["candidates"].hits == len(corpus.candidates)
    assert after["candidates"].misses == before["candidates"].misses
    assert after["units"].misses == before["units"].misses
    assert after["pages"].misses == before["pages"].misses
    assert warm.files == cold.files and warm.manifest == cold.manifest
    # Cached fields are shared between builds, so they cannot be changed in place.
    with pytest.raises(TypeError):
        si.candidate_doc("单田芳", None).fields["n"] = ("x",)  # type: ignore[index]


# ---- the finished index file ----


def test_same_corpus_reuses_the_index_file() -> None:
    fresh_caches()
    first = search_files.make_bundle(synthetic())
    hits, misses = bundle_stats()
    again = search_files.make_bundle(synthetic())  # equal, not the same objects
    assert bundle_stats() == (hits + 1, misses)
    assert again == first
    assert gzip.decompress(dict(again.gz())[again.path]) == again.data


def test_a_changed_name_rebuilds_the_index_and_only_reads_that_name() -> None:
    fresh_caches()
    corpus = synthetic()
    first = search_files.make_bundle(corpus)
    changed = copy.deepcopy(corpus)
    changed.candidates[3] = dataclasses.replace(changed.candidates[3], name="欧阳娜")
    hits, misses = bundle_stats()
    before = si.cache_info()
    second = search_files.make_bundle(changed)
    after = si.cache_info()
    assert bundle_stats() == (hits, misses + 1)
    assert after["candidates"].misses - before["candidates"].misses == 1
    assert after["units"].misses == before["units"].misses
    assert after["pages"].misses == before["pages"].misses
    assert second.path == first.path == search_files.MANIFEST  # the name pages carry stays
    assert json.loads(second.data)["dir"] != json.loads(first.data)["dir"]
    names = [r["name"] for r in shards.read_rows(json.loads(second.data), second.files, "cand")]
    assert "欧阳娜" in names and "欧阳娜娜" not in names
    fresh_caches()
    assert search_files.make_bundle(changed) == second


def test_only_the_latest_two_index_files_are_kept() -> None:
    fresh_caches()
    corpora = [synthetic() for _ in range(3)]
    for i, corpus in enumerate(corpora):
        corpus.pages[0] = dataclasses.replace(corpus.pages[0], text=f"版本{i}")
        search_files.make_bundle(corpus)
    assert len(search_files.bundles.entries) == 2
    hits, misses = bundle_stats()
    search_files.make_bundle(corpora[2])
    search_files.make_bundle(corpora[0])
    assert bundle_stats() == (hits + 1, misses + 1)


def _other(value: object) -> object:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if value is None:
        return "x"
    if isinstance(value, tuple):  # codes: the values of a list's 编号 columns
        return (*value, "x")
    raise AssertionError(f"unexpected field value {value!r}")


def test_the_corpus_digest_covers_every_field() -> None:
    corpus = synthetic()
    key = si.corpus_digest(corpus)
    assert si.corpus_digest(copy.deepcopy(corpus)) == key
    checked = 0
    for part in ("rounds", "candidates", "pages", "forms"):
        entries = getattr(corpus, part)
        for f in dataclasses.fields(entries[0]):
            for i in (0, len(entries) - 1):  # the last one too: some fields are None there
                changed = copy.deepcopy(corpus)
                items = getattr(changed, part)
                items[i] = dataclasses.replace(items[i], **{f.name: _other(getattr(items[i], f.name))})
                assert si.corpus_digest(changed) != key, (part, f.name, i)
                checked += 1
        shorter = copy.deepcopy(corpus)
        getattr(shorter, part).pop()
        assert si.corpus_digest(shorter) != key, part
    assert checked == 2 * sum(
        len(dataclasses.fields(t)) for t in (si.RoundEntry, si.CandidateEntry, si.PageEntry, si.FormEntry)
    )


def test_page_text_is_read_once_per_distinct_page() -> None:
    fresh_caches()
    html = "<h2>通知</h2><p>下载<a href='x'>Excel</a>表格</p><script>var x = 1;</script>"
    assert search_corpus.page_text(html) == "通知 下载 Excel 表格"
    stats = search_corpus.page_texts.stats
    hits, misses = stats.hits, stats.misses
    assert search_corpus.page_text("".join(list(html))) == "通知 下载 Excel 表格"  # an equal new string
    assert (stats.hits, stats.misses) == (hits + 1, misses)
    assert search_corpus.page_text(html.replace("表格", "模板")) == "通知 下载 Excel 模板"
    assert (stats.hits, stats.misses) == (hits + 1, misses + 1)
    assert search_corpus.page_text("") == ""  # an empty text is a value like any other
    assert search_corpus.page_text("") == "" and stats.hits == hits + 2


# ---- the built site ----


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def index_of(files: dict[str, bytes]) -> tuple[str, dict[str, Any]]:
    """The manifest's path and its `dir`, the content-named folder of the files it names."""
    found = [k for k in files if k.startswith("search/index") and k.endswith(".json")]
    assert found == [search_files.MANIFEST], found
    manifest = json.loads(files[found[0]])
    return manifest["dir"], manifest


def test_rebuilds_reuse_the_index_and_write_the_same_site(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    fresh_caches()
    assert build(tmp_path / "a", today=TODAY, data_dir=data) == 0
    a = tree(tmp_path / "a")
    hits, misses = bundle_stats()
    assert build(tmp_path / "b", today=TODAY, data_dir=data) == 0
    assert bundle_stats() == (hits + 1, misses)
    assert tree(tmp_path / "b") == a

    # 学历 is on the list page but not in the search: the same index file.
    target = data / LIST_FILE
    text = target.read_text(encoding="utf-8")
    assert "education: 博士研究生\n" in text
    text = text.replace("education: 博士研究生\n", "education: 检索缓存测试学历\n", 1)
    target.write_text(text, encoding="utf-8")
    assert build(tmp_path / "c", today=TODAY, data_dir=data) == 0
    c = tree(tmp_path / "c")
    assert bundle_stats() == (hits + 2, misses)
    assert any("检索缓存测试学历" in v.decode("utf-8", "replace") for k, v in c.items() if "gongshi" in k)
    assert index_of(c)[0] == index_of(a)[0]

    # A renamed candidate: a new index, the same one a fresh process builds.
    assert "- name: 单天放\n" in text
    target.write_text(text.replace("- name: 单天放\n", "- name: 单天方\n", 1), encoding="utf-8")
    assert build(tmp_path / "d", today=TODAY, data_dir=data) == 0
    assert bundle_stats() == (hits + 2, misses + 1)
    d = tree(tmp_path / "d")
    folder, index = index_of(d)
    assert folder != index_of(a)[0]
    files = {k: v for k, v in d.items() if k.startswith("search/")}
    names = [r["name"] for r in shards.read_rows(index, files, "cand")]
    assert "单天方" in names and "单天放" not in names
    fresh_caches()
    assert build(tmp_path / "e", today=TODAY, data_dir=data) == 0
    assert tree(tmp_path / "e") == d


# ---- a publishing server's build: the people's part from its disk store ----


@pytest.mark.parametrize("which", ["demo", "synthetic"])
def test_a_page_corrected_takes_the_people_from_the_store_and_makes_the_same_files(
    which: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A correction of a page leaves the candidates as they were: the people's part of the shard
    build (their terms, numbering, postings, rows) is read from the store, not made, and the
    files are byte for byte those of a build with no store (cut into the same shards)."""
    from builder.files import diskcache

    corpus = copy.deepcopy(request.getfixturevalue("demo_corpus") if which == "demo" else synthetic())
    fresh_caches()
    diskcache.enable(tmp_path / "store")
    try:
        stored = shards.build(corpus)
        page = max(range(len(corpus.pages)), key=lambda i: len(corpus.pages[i].text))
        corpus.pages[page] = dataclasses.replace(
            corpus.pages[page], text="更正：以本通知为准。" + corpus.pages[page].text)
        fresh_caches()
        with monkeypatch.context() as patch:
            patch.setattr(shards, "_people_part", None)  # made: TypeError, not caught
            taken = shards.build(corpus)
        # An entry of another shape is a miss, made again.
        (entry,) = (tmp_path / "store").rglob("search-people-*.json")
        entry.write_bytes(b'[1, {"x": [[["n", "[1]"]], 7]}, {}, [], [], [], []]')
        fresh_caches()
        again = shards.build(corpus)
    finally:
        diskcache.disable()
    fresh_caches()
    full = shards.build(corpus)
    assert taken.manifest == full.manifest == again.manifest and taken.files == full.files == again.files
    assert stored.manifest["dir"] != full.manifest["dir"]
    if which == "demo":
        assert len(full.manifest["shards"]) > 3


def test_the_search_files_read_from_the_store_are_those_made(tmp_path: Path) -> None:
    """A publishing server's rebuild of the same corpus reads its search files from the disk
    store (plain JSON text), byte for byte those it made; an entry of another shape is made
    again."""
    from builder.files import diskcache

    fresh_caches()
    diskcache.enable(tmp_path / "store")
    try:
        made = search_files.make_bundle(synthetic())
        fresh_caches()
        diskcache.stats.hits = diskcache.stats.misses = 0
        read = search_files.make_bundle(synthetic())
        # The bundle, and what it was made from (kept: test_a_rebuild_taking_the_search_files…).
        assert (diskcache.stats.hits, diskcache.stats.misses) == (2, 0)
        (entry,) = (tmp_path / "store").rglob("search-files-*.json")
        entry.write_bytes(b'[1, "search/index-v3.json", 7, {}]')
        fresh_caches()
        again = search_files.make_bundle(synthetic())
    finally:
        diskcache.disable()
        fresh_caches()
    assert made == read == again and made.files and all(isinstance(b, bytes) for b in read.files.values())


def test_a_rebuild_taking_the_search_files_whole_keeps_what_a_correction_makes_them_from(
    tmp_path: Path,
) -> None:
    """As a publishing server runs it: each build in a process of its own writing its new
    entries apart (builder.server.buildstep), the publishing account moving them in and marking
    what the build used, then removing what no build used since it started (release.publish).
    A rebuild of the same corpus (the midnight rebuild of an unchanged day) takes the search
    files whole and reads none of their parts; those parts must stay all the same, or the
    next correction makes every round's terms again (≈ 45 s more at 200,000 candidates)."""
    import os

    from builder.files import diskcache

    store = tmp_path / "store"

    def server_build(n: int, corpus: si.SearchCorpus) -> tuple[search_files.Bundle, list[str]]:
        """The search files, and the names of the entries the build wrote."""
        fresh_caches()
        diskcache.enable(store, write_to=tmp_path / f"new-{n}")
        bundle = search_files.make_bundle(corpus)
        bundle.settle()
        used = sorted(diskcache.used)
        written = sorted(p.name for p in (tmp_path / f"new-{n}").rglob("*.json"))
        diskcache.enable(store)
        diskcache.adopt(tmp_path / f"new-{n}", used)
        return bundle, written

    def entries() -> dict[str, float]:
        return {p.name: p.stat().st_mtime for p in store.rglob("*.json")}

    def age_all() -> None:
        for p in store.rglob("*.json"):
            os.utime(p, (1, 1))

    def pages_changed() -> si.SearchCorpus:
        corpus = synthetic()
        corpus.pages[0] = dataclasses.replace(corpus.pages[0], text="更正：" + corpus.pages[0].text)
        return corpus

    def name_changed() -> si.SearchCorpus:
        corpus = pages_changed()
        corpus.candidates[0] = dataclasses.replace(corpus.candidates[0], name="单田方")
        return corpus

    try:
        server_build(1, synthetic())
        parts = {n for n in entries() if n.startswith(("search-terms-", "search-people-"))}
        assert len([n for n in parts if n.startswith("search-terms-")]) > 3
        age_all()
        assert server_build(2, synthetic())[1] == []  # the bundle is taken whole
        diskcache.prune(100)
        assert parts <= set(entries()), "the rebuild let the prune remove the search files' parts"
        # A page corrected: the people's part is taken whole; its own parts stay too.
        age_all()
        server_build(3, pages_changed())
        diskcache.prune(100)
        assert parts <= set(entries())
        # A name corrected: only that round's terms are made again, from the kept parts.
        age_all()
        made, written = server_build(4, name_changed())
        assert len([n for n in written if n.startswith("search-terms-")]) == 1, written
    finally:
        diskcache.disable()
        fresh_caches()
    assert made.files == search_files.make_bundle(name_changed()).files


def test_a_build_without_a_store_does_not_make_the_stored_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain `gongshi build` (no disk store) never makes the JSON text a store would keep:
    at 200,000 candidates it is ~100 MB made for nothing, and raised the build's peak."""
    from builder.files import diskcache

    assert not diskcache.enabled()
    fresh_caches()

    def refuse(bundle: search_files.Bundle) -> bytes:
        raise AssertionError("the stored text made with no store")

    monkeypatch.setattr(search_files, "_bundle_dumps", refuse)
    try:
        assert search_files.make_bundle(synthetic()).files
    finally:
        fresh_caches()


def _doc_fields_terms(corpus: si.SearchCorpus) -> set[str]:
    """The terms of a corpus that pages or forms have (a document field)."""
    doc_fields = {f for f, spec in shards.SCHEMA["fields"].items() if spec["space"] == "doc"}
    return {t for t, fields in shards.build(corpus, plain=True).postings.items() if fields.keys() & doc_fields}


@pytest.mark.parametrize("which", ["demo", "synthetic"])
def test_a_build_from_the_stored_people_orders_only_the_pages_terms_and_characters(
    which: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The people's part is stored in the shards' order: a build from it sorts (or looks up by
    UTF-16 key) only the pages' and forms' terms and the characters it adds to, and walks
    every other term into the shards as it is (sorting every term again was ~2.3 s of a
    correction at 200,000 candidates). Same bytes as a build with no store."""
    from builder.files import diskcache

    corpus = request.getfixturevalue("demo_corpus") if which == "demo" else synthetic()
    fresh_caches()
    full = shards.build(copy.deepcopy(corpus))
    doc_terms = _doc_fields_terms(corpus)
    diskcache.enable(tmp_path / "store")
    try:
        shards.build(copy.deepcopy(corpus))
        fresh_caches()
        keyed: list[str] = []
        real = shards.utf16_key

        def counting(term: str) -> bytes:
            keyed.append(term)
            return real(term)

        monkeypatch.setattr(shards, "utf16_key", counting)
        taken = shards.build(copy.deepcopy(corpus))
    finally:
        diskcache.disable()
        fresh_caches()
    assert taken.files == full.files and taken.manifest == full.manifest
    passed = {t for t in keyed if len(t) > 1 and t not in doc_terms}
    assert not passed, sorted(passed)[:10]
    assert keyed  # the pages' terms were sorted here


def test_the_stored_people_part_is_in_the_shards_order_and_reads_back(tmp_path: Path) -> None:
    """The people's part as stored: its terms in UTF-16 order (a character beyond the BMP
    sorts before one of E000–FFFF, unlike Python's order), each with its entry and what it
    costs in a shard, read back as it was written; an entry of another shape is refused."""
    corpus = synthetic()
    corpus.candidates.append(si.CandidateEntry(0, "山﨑明", "ﾃｽﾄ研究所", None, "男", si.STATUSES[0], "p-x"))
    people, _texts = shards._people_part(corpus)
    assert people.terms == sorted(people.terms, key=shards.utf16_key)
    assert not shards._code_point_order_is_utf16(people.terms)  # both kinds of characters are here
    assert people.terms != sorted(people.terms)
    for t, entry, cost in zip(people.terms, people.entries, people.costs, strict=True):
        assert list(json.loads(entry)) == sorted(json.loads(entry)) and cost == len(entry.encode()) + len(t.encode()) + 4
    made = people.dumps()
    read = shards._People.loads(made)
    assert read == people
    assert [read.carried[i] for i in range(len(read.carried))] == people.carried and read.carried[-2:] == people.carried[-2:]
    line, _, texts = made.partition(b"\n")
    head = json.loads(line)

    def with_head(*changes: tuple[int, Any]) -> bytes:
        changed = list(head)
        for at, value in changes:
            changed[at] = value
        return json.dumps(changed, ensure_ascii=False).encode() + b"\n" + texts

    (entries_count, entries_size) = head[-1][0]
    broken = [
        with_head((2, head[2][:-1])),  # a list shorter than the terms
        with_head((3, [*head[3][:-1], 10**6])),  # a line beyond the carried rows' table
        with_head((3, [*head[3][:-1], -1])),
        with_head((0, 3)),  # another version
        with_head((11, [[entries_count + 1, entries_size], *head[11][1:]])),  # an entry more
        with_head((11, [[entries_count, entries_size + 1], *head[11][1:]])),  # sizes that do not add up
        made[:-1], made + b" ",
        line + b"\n" + texts.replace(b"{", b"\n{", 1),  # an entry broken in two
        line + b"\n" + texts.replace(b"}", b"\xff", 1),  # not ASCII
        json.dumps([3, head[1], "", head[2]]).encode(),  # the last version's shape: one JSON text
    ]
    for data in broken:
        with pytest.raises(ValueError):
            shards._People.loads(data)
    # The carried rows' table is read as a term asks for its line: a line of another shape is
    # refused then (the merge, which it fails, builds from nothing: _build_from_people).
    first_line = len(line) + 1 + entries_size + len(b"0\n")  # the table's line 1 (line 0: none)
    assert made[first_line : first_line + 2] == b"[["
    spoiled = made[:first_line] + b"{" + made[first_line + 1 :]
    with pytest.raises(ValueError):
        list(shards._People.loads(spoiled).carried)


def test_a_stored_people_part_whose_carried_rows_are_spoiled_is_made_again(tmp_path: Path) -> None:
    """The carried rows' table of the stored people's part is read as the merge asks for a line
    (shards._Carried): a line of another shape fails the merge, and the build makes the part
    again (and rewrites it), the files those of a build with no store."""
    from builder.files import diskcache

    corpus = synthetic()
    fresh_caches()
    full = shards.build(copy.deepcopy(corpus))
    diskcache.enable(tmp_path / "store")
    try:
        shards.build(copy.deepcopy(corpus))
        entry = _store_entry(tmp_path / "store", "search-people")
        made = entry.read_bytes()
        line = made.partition(b"\n")[0]
        first_line = len(line) + 1 + json.loads(line)[-1][0][1] + len(b"0\n")  # the table's line 1
        assert made[first_line : first_line + 2] == b"[["
        entry.write_bytes(made[:first_line] + b"{" + made[first_line + 1 :])
        fresh_caches()
        again = shards.build(copy.deepcopy(corpus))
        assert entry.read_bytes() == made
    finally:
        diskcache.disable()
        fresh_caches()
    assert again.files == full.files and again.manifest == full.manifest


def test_terms_beyond_the_bmp_and_of_e000_ffff_are_cut_in_utf16_order(tmp_path: Path) -> None:
    """Where a term has a character beyond the BMP and another one of E000–FFFF, the merge
    compares by UTF-16 key (Python's order is not the browser's): every shard's terms, and the
    shards' first terms, in UTF-16 order, and the store's files those of a build without."""
    from builder.files import diskcache

    corpus = synthetic()
    corpus.candidates.append(si.CandidateEntry(0, "山﨑明", "ﾃｽﾄ研究所", None, "男", si.STATUSES[0], "p-x"))
    corpus.pages.append(si.PageEntry("y/", "﨑𠀀", "𠀀﨑ﾃｽﾄ 山﨑", "page"))
    fresh_caches()
    full = shards.build(copy.deepcopy(corpus))
    diskcache.enable(tmp_path / "store")
    try:
        shards.build(copy.deepcopy(corpus))
        fresh_caches()
        taken = shards.build(copy.deepcopy(corpus))
    finally:
        diskcache.disable()
        fresh_caches()
    assert taken.files == full.files and taken.manifest == full.manifest
    terms = [t for name, body in sorted(full.files.items(), key=lambda kv: kv[0])
             if "/t" in name for t in json.loads(body)["terms"]]
    every = [t for n in range(len(full.manifest["shards"]))
             for t in json.loads(full.files["search/" + full.manifest["dir"] + f"t{n}.json"])["terms"]]
    assert every == sorted(every, key=shards.utf16_key) and sorted(terms) == sorted(every)
    assert "﨑" in every and "𠀀" in every


def test_the_stored_bundle_reads_back_as_it_was_made() -> None:
    """The stored bundle is the files' bytes behind a line naming them: read back byte for byte
    (quotes, backslashes, line breaks, characters beyond the BMP, in a file or its name); one
    that is not UTF-8 is not stored (UnicodeDecodeError); an entry cut short, or with a file
    that is not UTF-8, is refused."""
    files = {"search/d.1/t0.json": '{"terms":["a\\"b","\\\\","𠀀"],"h":"张 \u2028\x7f"}'.encode(),
             "search/d.1/c0.json": b"[]", "search/d.1/\n\u2028.json": b'"\n\t"', "search/d.1/e.json": b""}
    bundle = search_files.Bundle("search/index-v3.json", b'{"dir":"d.1/","s":["\\"x"]}', files)
    made = search_files._bundle_dumps(bundle)
    assert search_files._bundle_loads(made) == bundle
    assert made.endswith(bundle.data + b"".join(files.values()))
    with pytest.raises(UnicodeDecodeError):
        search_files._bundle_dumps(search_files.Bundle(bundle.path, bundle.data, {"x": b"\xff\xfe"}))
    for broken in (made[:-1], made + b" ", made.replace(b"\xe5\xbc\xa0", b"\xe5\xbc\xa0"[:2] + b"x")):
        with pytest.raises(ValueError):
            search_files._bundle_loads(broken)


def _texts_corpus(seed: int) -> si.SearchCorpus:
    """Pages and forms of random words (a few hundred, some in every page, most in a few), so
    that a correction moves the average length and, rounded, some weights of other pages."""
    import random

    rng = random.Random(seed)
    han = [chr(0x4E00 + rng.randrange(3000)) for _ in range(60)]
    words = [rng.choice(han) + rng.choice(han) for _ in range(300)]

    def text(n: int) -> str:
        return " ".join(rng.choice(words[: rng.choice((20, 300))]) for _ in range(n))

    corpus = si.SearchCorpus()
    corpus.rounds.append(si.RoundEntry("r0", "示例轮次", 2026, "r0/g/", "r0/", "2026年示例"))
    for i in range(48):
        corpus.pages.append(si.PageEntry(f"p{i}/", text(3), text(rng.randrange(5, 200)) + f" 第{i}号",
                                         "notice", 0, f"示人社〔2026〕{i}号" if i % 3 == 0 else ""))
    for i in range(8):
        corpus.forms.append(si.FormEntry(f"r0/f{i}.docx", text(2), 0, "Word 文档", text(4) if i % 2 else None))
    return corpus


@pytest.mark.parametrize("seed", [1, 2])
def test_the_stored_documents_part_weighs_again_only_what_may_have_moved(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' and forms' part made from the last build's (_Docs.update) is the part made
    from nothing, correction after correction (a line added to a text, a text shortened, a
    new word, a title and a 文号 changed), read back from its stored text each time; and it
    weighs again only the pairs that may have moved: none of the other documents' where no
    average length changed (a 文号)."""
    import random

    fresh_caches()
    corpus = _texts_corpus(seed)
    rng = random.Random(seed)

    def digests(c: si.SearchCorpus) -> list[str]:
        inputs = shards.text_inputs(c)
        bears = [p.bears for p in c.pages] + [""] * len(c.forms)
        return [shards._doc_digest(title, text, b) for (title, text), b in zip(inputs, bears, strict=True)]

    def texts(c: si.SearchCorpus) -> list[Any]:
        return [shards.one_doc_terms(*i) for i in shards.text_inputs(c)]

    state, part = shards._Docs.made(corpus, texts(corpus), digests(corpus))
    assert part == shards._doc_part(corpus, texts(corpus))
    weighed: list[int] = []
    real = shards._steady
    monkeypatch.setattr(shards, "_steady", lambda *a: (weighed.append(1), real(*a))[1])
    edits = [
        lambda p: dataclasses.replace(p, text="更正：以本通知为准。 " + p.text),
        lambda p: dataclasses.replace(p, text=p.text[: len(p.text) // 2]),
        lambda p: dataclasses.replace(p, text=p.text + " 新词语 新词语 2026年5月"),
        lambda p: dataclasses.replace(p, title=p.title + " 更正"),
        lambda p: dataclasses.replace(p, bears="示人社〔2026〕99号"),
    ]
    moved = 0
    for edit in edits:
        page = rng.randrange(len(corpus.pages))
        corpus.pages[page] = edit(corpus.pages[page])
        now = digests(corpus)
        changed = [d for d, (a, b) in enumerate(zip(state.digests, now, strict=True)) if a != b]
        assert changed == [page]
        state = shards._Docs.loads(state.dumps())
        weighed.clear()
        updated = state.update(corpus, changed, {page: shards.one_doc_terms(*shards.text_inputs(corpus)[page])}, now)
        full = shards._doc_part(corpus, texts(corpus))
        assert updated == full
        moved += sum(1 for t in full if part.get(t) != full[t])
        part = full
        if edit is edits[-1]:  # no text changed: only that page's pairs weighed again
            assert len(weighed) == sum(w.offsets[page + 1] - w.offsets[page] for w in state.weighted.values())
    assert moved  # the corrections did change the part


def test_a_weight_is_the_same_over_its_interval() -> None:
    """_steady's interval: at both of its ends, as stored (32-bit floats), the weight as _bm25
    computes it is the weight it was made for; it holds the norm it was made for, but where
    the weight is a hair from rounding otherwise; a little beyond it the weight is mostly
    another."""
    import array
    import math
    import random

    rng = random.Random(7)
    beyond = inside = 0
    for _ in range(20_000):
        idf, tf, boost = rng.uniform(0.01, 12), rng.choice((1, 1, 2, 3, 17, 400)), rng.choice((1, 4))
        x = rng.uniform(0.3, 40)

        def weight(norm: float, idf: float = idf, tf: int = tf, boost: int = boost) -> int:
            w = round(idf * ((shards.K1 + 1) * tf) / (norm + tf) * boost * 1000)
            return w if w > 1 else 1

        w = weight(x)
        lo, hi = array.array("f", shards._steady(idf, tf, boost, w))
        inside += lo <= x <= hi
        for end in (lo, hi):
            if math.isfinite(end) and end > -tf:
                assert weight(end) == w, (idf, tf, boost, x, end)
        span = hi - lo if math.isfinite(hi) else 1.0
        beyond += weight(lo - span / 100) != w if lo - span / 100 > -tf else 1
    assert inside > 19_900
    assert beyond > 15_000  # the intervals are about as wide as they can be


def test_a_correction_takes_the_documents_part_from_the_store_and_makes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publishing server's build after a page's correction makes its pages' and forms' part
    from the last build's (not from every page's terms), and the files are those of a build
    with no store; an entry of another shape is made again."""
    from builder.files import diskcache

    corpus = synthetic()
    texts = _texts_corpus(3)
    corpus.pages += texts.pages
    corpus.forms += [dataclasses.replace(f, round=1) for f in texts.forms]
    fresh_caches()
    diskcache.enable(tmp_path / "store")
    try:
        shards.build(copy.deepcopy(corpus))
        corpus.pages[9] = dataclasses.replace(corpus.pages[9], text="更正：以本通知为准。 " + corpus.pages[9].text)
        fresh_caches()
        with monkeypatch.context() as patch:
            patch.setattr(shards._Docs, "made", None)  # made: TypeError, not caught
            patch.setattr(shards, "_doc_part", None)
            taken = shards.build(copy.deepcopy(corpus))
        (entry,) = (tmp_path / "store").rglob("search-docs-*.json")
        entry.write_bytes(entry.read_bytes().replace(b'[1,"', b'[1,["', 1))
        fresh_caches()
        again = shards.build(copy.deepcopy(corpus))
    finally:
        diskcache.disable()
    fresh_caches()
    full = shards.build(copy.deepcopy(corpus))
    assert taken.files == full.files == again.files and taken.manifest == full.manifest == again.manifest


# ---- a publishing server's build: the shards that did not change from the last build's files ----


def _corrected(corpus: si.SearchCorpus, n: int) -> si.SearchCorpus:
    """`corpus` with its `n`th longest page's text corrected (a line added at its start)."""
    changed = copy.deepcopy(corpus)
    page = sorted(range(len(changed.pages)), key=lambda i: -len(changed.pages[i].text))[n]
    changed.pages[page] = dataclasses.replace(changed.pages[page], text=f"更正{n}：以本通知为准。" + changed.pages[page].text)
    return changed


def _cold_bundle(corpus: si.SearchCorpus, *, settle: bool = True) -> search_files.Bundle:
    """The bundle of a new process, in the store when it returns (as write_search_files
    leaves it) unless not `settle`."""
    fresh_caches()
    bundle = search_files.make_bundle(copy.deepcopy(corpus))
    if settle:
        bundle.settle()
    return bundle


def _store_entry(store: Path, namespace: str) -> Path:
    (entry,) = store.rglob(f"{namespace}-*.json")
    return entry


def _many_people(seed: int, count: int) -> si.SearchCorpus:
    """synthetic() with `count` more candidates of random names (most shards hold only their
    terms) and the pages and forms of _texts_corpus."""
    import random

    corpus = synthetic()
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红飞峰凤云琴"
    units = [f"示例市第{i}中学" for i in range(40)]
    for i in range(count):
        name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2))))
        corpus.candidates.append(si.CandidateEntry(i % 2, name, rng.choice(units), None, "男女"[i % 2],
                                                   si.STATUSES[i % 4], f"q-{i}"))
    texts = _texts_corpus(seed)
    corpus.pages += texts.pages
    corpus.forms += [dataclasses.replace(f, round=1) for f in texts.forms]
    return corpus


def test_a_correction_takes_the_shards_that_did_not_change_and_makes_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A publishing server's build after a page's correction takes the shards the correction did
    not change from the last build's stored files (shards._CutRecord), cuts the others, and
    its files are byte for byte those of a build with no store, correction after correction
    (a 文号 changed too, and a title)."""
    from builder.files import diskcache

    corpus = _many_people(5, 1500)
    retitled = copy.deepcopy(corpus)
    retitled.pages[3] = dataclasses.replace(retitled.pages[3], title=retitled.pages[3].title + "（更正）")
    bears = copy.deepcopy(retitled)
    bears.pages[5] = dataclasses.replace(bears.pages[5], bears="示人社〔2026〕77号")
    versions = [corpus, _corrected(corpus, 0), _corrected(corpus, 1), _corrected(_corrected(corpus, 0), 2),
                retitled, bears]
    taken: list[int] = []
    real = shards._Cutter.taken
    monkeypatch.setattr(shards._Cutter, "taken", lambda self, *a: (taken.append(1), real(self, *a))[1])
    stored = []
    diskcache.enable(tmp_path / "store")
    try:
        for version in versions:
            taken.clear()
            stored.append((_cold_bundle(version), len(taken)))
    finally:
        diskcache.disable()
    for version, (bundle, count) in zip(versions, stored, strict=True):
        full = _cold_bundle(version)
        assert bundle == full
        assert count < len(json.loads(full.data)["shards"])
    counts = [count for _, count in stored]
    # Nothing to take from the first time; a changed title changes a document's row, which the
    # record holds as one digest of all of them: every shard is cut then.
    assert counts[0] == counts[4] == 0 and all(counts[1:4]) and counts[5], counts
    assert len({b.data for b, _ in stored}) == len(versions)


def test_a_stored_shard_that_is_not_as_recorded_is_cut_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored file of the last build whose bytes are not those its record names (changed in
    the store, same size), a record of another shape, a record of other documents' rows, the
    last build's files gone: each shard the build cannot take as recorded is cut again, and
    the files are those of a build with no store."""
    from builder.files import diskcache

    corpus = _many_people(6, 1500)
    corrected = _corrected(corpus, 0)
    full = _cold_bundle(corrected)
    shard_names = [name for name in full.files if "/t" in name]
    assert len(shard_names) > 3
    taken: list[int] = []
    real = shards._Cutter.taken
    monkeypatch.setattr(shards._Cutter, "taken", lambda self, *a: (taken.append(1), real(self, *a))[1])

    def spoiled(spoil: Any) -> search_files.Bundle:
        store = tmp_path / f"store-{len(list(tmp_path.iterdir()))}"
        diskcache.enable(store)
        try:
            _cold_bundle(corpus)
            spoil(store)
            taken.clear()
            return _cold_bundle(corrected)
        finally:
            diskcache.disable()

    def nothing(store: Path) -> None:
        pass

    def shard_bytes(store: Path) -> None:
        entry = _store_entry(store, "search-files")
        raw = entry.read_bytes()
        head, _, rest = raw.partition(b"\n")
        # Numbers changed in place: the same sizes, other bytes.
        assert b"1," in rest
        entry.write_bytes(head + b"\n" + rest.replace(b"1,", b"2,"))

    def record_shape(store: Path) -> None:
        _store_entry(store, "search-cut").write_bytes(b'[1, "x", "d.1/", "y", ["b", "a"], ["", ""], ["", ""]]')

    def record_unordered(store: Path) -> None:
        entry = _store_entry(store, "search-cut")
        record = json.loads(entry.read_bytes())
        record[4] = record[4][::-1]
        entry.write_bytes(json.dumps(record).encode())

    def other_rows(store: Path) -> None:
        entry = _store_entry(store, "search-cut")
        record = json.loads(entry.read_bytes())
        record[3] = "0" * 64
        entry.write_bytes(json.dumps(record).encode())

    def files_gone(store: Path) -> None:
        _store_entry(store, "search-files").unlink()

    def files_cut_short(store: Path) -> None:
        entry = _store_entry(store, "search-files")
        entry.write_bytes(entry.read_bytes()[:-1])

    assert spoiled(nothing) == full and taken  # the case the others spoil: shards are taken
    for spoil in (shard_bytes, record_shape, record_unordered, other_rows, files_gone, files_cut_short):
        assert spoiled(spoil) == full, spoil.__name__
        if spoil is not shard_bytes:
            assert not taken, spoil.__name__


def test_files_compressed_ahead_are_those_compressed_at_once() -> None:
    """The shards a build compresses on another thread (Bundle.compress_ahead) are the bytes of
    gzip -9 at once, each under its own path, and a file not asked for ahead is compressed as
    it comes."""
    bundle = _cold_bundle(synthetic())
    at_once = dict(bundle.gz())
    names = list(bundle.files)
    ahead = search_files.Bundle(bundle.path, bundle.data, dict(bundle.files))
    ahead.compress_ahead([*names[::2], "not/a/file.json"])
    assert dict(ahead.gz()) == at_once
    assert {path: gzip.decompress(body) for path, body in at_once.items()} == {bundle.path: bundle.data, **bundle.files}
    ahead.compress_ahead(names)
    assert dict(ahead.gz(only={names[0]})) == {names[0]: at_once[names[0]]}


def test_a_bundle_stored_on_the_other_thread_is_in_the_store_once_settled(tmp_path: Path) -> None:
    """A correction's bundle is stored on the compressing thread; once settled
    (write_search_files), a build of the same corpus reads it from the store, byte for byte."""
    from builder.files import diskcache

    corpus = _many_people(7, 600)
    corrected = _corrected(corpus, 0)
    diskcache.enable(tmp_path / "store")
    try:
        _cold_bundle(corpus)
        made = _cold_bundle(corrected, settle=False)
        assert made._storing is not None
        made.settle()
        assert made._storing is None
        diskcache.stats.hits = diskcache.stats.misses = 0
        read = _cold_bundle(corrected)
        assert (diskcache.stats.hits, diskcache.stats.misses) == (2, 0)  # and its made-from
    finally:
        diskcache.disable()
    assert read == made == _cold_bundle(corrected)


def test_the_sounds_of_gb2312_are_kept_in_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A publishing server reads the readings of GB 2312's characters (the sounds file's bulk)
    from its store, not from pypinyin's table each build; an entry of another shape is made
    again, and the readings are those made with no store."""
    from builder.files import diskcache

    shards._typed_sounds.cache_clear()
    made = dict(shards._typed_sounds())
    assert len(made) > 6000
    shards._typed_sounds.cache_clear()
    diskcache.enable(tmp_path / "store")
    try:
        assert shards._typed_sounds() == made
        entry = _store_entry(tmp_path / "store", "search-sounds")
        shards._typed_sounds.cache_clear()
        with monkeypatch.context() as patch:
            patch.setattr(shards, "char_sounds", None)  # made: TypeError
            assert shards._typed_sounds() == made
        for bad in (b"[]", b'{"ab":"x"}', b'{"a":""}', b'{"a":1}', b"{"):
            entry.write_bytes(bad)
            shards._typed_sounds.cache_clear()
            assert shards._typed_sounds() == made, bad
    finally:
        diskcache.disable()
        shards._typed_sounds.cache_clear()


def test_rows_are_encoded_as_the_json_encoder_encodes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """shards._row_texts (one C encoder for every row) is _TEXT.encode of each row: quotes,
    backslashes, control characters, U+2028, characters beyond the BMP, None, nested lists;
    the same without the C encoder."""
    rows = [["a\"b\\c", "\n\t\x7f\u2028", "𠀀张", None, 0, -12, ["1", "2"], [], True, False],
            [], [[["x"]], ""]]
    expected = [shards._TEXT.encode(row) for row in rows]
    assert shards._ROW_ENCODER is not None
    assert shards._row_texts(rows) == expected
    monkeypatch.setattr(shards, "_ROW_ENCODER", None)
    assert shards._row_texts(iter(rows)) == expected


def test_a_corrections_documents_part_is_stored_with_its_bundle(tmp_path: Path) -> None:
    """The documents' part a correction's build made is stored with its bundle (on the
    compressing thread), and is in the store once the bundle is settled: the next build finds
    every document's inputs as they are now."""
    from builder.files import diskcache

    corpus = _many_people(8, 300)
    corrected = _corrected(corpus, 0)
    diskcache.enable(tmp_path / "store")
    try:
        _cold_bundle(corpus)
        was = shards._Docs.loads(_store_entry(tmp_path / "store", "search-docs").read_bytes()).digests
        made = _cold_bundle(corrected, settle=False)
        made.settle()
        assert not made._later
        now = shards._Docs.loads(_store_entry(tmp_path / "store", "search-docs").read_bytes()).digests
    finally:
        diskcache.disable()
    assert was == shards.corpus_keys(corpus).documents != now == shards.corpus_keys(corrected).documents
