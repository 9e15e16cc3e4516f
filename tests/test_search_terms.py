"""Each document's search terms, remembered in a publishing server's disk store
(builder.render.search.terms): a build in a new process reads the terms of every round and page
a change left alone, and what it reads is exactly what extracting them again gives.

A small corpus made by hand (three rounds, a page, a form), no portal build: milliseconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.files import diskcache
from builder.files.cache import clear_all
from builder.render.search import shards
from builder.render.search.index import (
    CandidateEntry,
    FormEntry,
    PageEntry,
    RoundEntry,
    SearchCorpus,
    candidate_doc,
    page_doc,
    unit_doc,
)
from builder.render.search.terms import corpus_terms
from builder.text.names.readings import text_initials


def corpus(notice: str = "关于开展2026年学术技术带头人评选的通知：申报材料。", name: str = "单天放") -> SearchCorpus:
    rounds = [RoundEntry(id=f"2026-r{i}", title=f"第{i}批人选", year=2026, list_url=f"r{i}/gongshi/",
                         notice_url=f"r{i}/", label=f"2026年第{i}批") for i in range(3)]
    people = [
        CandidateEntry(0, name, "岱川职业技术学院", "云岚市人社局", "男", "拟入选", "c1"),
        CandidateEntry(0, "曾晓燕", "0六一基地", None, "女", "拟入选", "c2", text="主要业绩：12号"),
        CandidateEntry(1, "Miguel A. Esteban", "东湖软件园", None, None, "入选", "c3", alias="埃斯特万"),
        CandidateEntry(2, "长孙无忌", "重庆银行", "岱川职业技术学院", None, "入选", "c4", pinyin="zhangsun wuji"),
    ]
    pages = [PageEntry("r0/", "关于开展评选的通知", notice, "notice", 0),
             PageEntry("about/", "网站声明", "本网站由云岚市人力资源和社会保障局主办。", "page")]
    forms = [FormEntry("r0/forms/a.xlsx", "推荐汇总表", 0, "xlsx", note="六六八纺织")]
    return SearchCorpus(rounds, people, pages, forms)


def fresh(c: SearchCorpus) -> object:
    """The terms as the in-process functions extract them, with no store."""
    texts = [page_doc(p.title, p.text) for p in c.pages]
    texts += [page_doc(f.title, " ".join(filter(None, (c.rounds[f.round].title, f.note)))) for f in c.forms]
    units = {u for p in c.candidates for u in (p.unit, p.recommended_by) if u}
    return ([candidate_doc(p.name, p.pinyin) for p in c.candidates],
            {u: text_initials(u) for u in units}, {u: dict(unit_doc(u)) for u in units},
            [dict(t) for t in texts])


def as_plain(c: SearchCorpus) -> object:
    t = corpus_terms(c)
    return (t.candidates, t.unit_initials, {u: dict(f) for u, f in t.unit_fields.items()},
            [dict(f) for f in t.texts])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    clear_all()
    diskcache.enable(tmp_path / "store")
    try:
        yield tmp_path / "store" / diskcache.code_digest()
    finally:
        diskcache.disable()
        clear_all()


def entries(folder: Path) -> set[str]:
    return {p.name for p in folder.glob("search-terms-*.json")}


def test_terms_read_from_the_store_are_the_terms_extracted_again(store: Path) -> None:
    first = as_plain(corpus())
    assert len(entries(store)) == 3 + 2 + 1  # a piece per round, per page, per form
    clear_all()  # a new process: the in-process caches are empty
    diskcache.stats.hits = diskcache.stats.misses = 0
    again = as_plain(corpus())
    assert diskcache.stats.misses == 0 and diskcache.stats.hits == 6
    assert again == first == fresh(corpus())
    # ...and so are the search files made from them.
    clear_all()
    from_store = shards.build(corpus())
    diskcache.disable()
    clear_all()
    extracted = shards.build(corpus())
    assert from_store.files == extracted.files and from_store.manifest == extracted.manifest


def test_a_change_misses_only_the_pieces_it_changes(store: Path) -> None:
    as_plain(corpus())
    before = entries(store)
    clear_all()
    diskcache.stats.hits = diskcache.stats.misses = 0
    changed = corpus(notice="更正：以本通知为准。申报材料。", name="单田芳")
    assert as_plain(changed) == fresh(changed)
    # The corrected notice and the renamed person's round are new; two rounds, a page and the
    # form are read.
    assert (diskcache.stats.misses, diskcache.stats.hits) == (2, 4)
    assert len(entries(store) - before) == 2


def test_an_entry_of_another_shape_is_a_miss_and_written_again(store: Path) -> None:
    expected = as_plain(corpus())
    for path in sorted(store.glob("search-terms-*.json")):
        value = json.loads(path.read_bytes())
        if len(value) == 2 and isinstance(value[1], list) and value[0] and len(value[0][0]) == 3:
            broken = [value[0][1:], value[1]]  # a round's piece short of a person
        else:
            broken = [[1, ["a"]]]  # a page's piece with a field that is no name
        path.write_bytes(json.dumps(broken).encode())
    clear_all()
    diskcache.stats.hits = diskcache.stats.misses = 0
    assert as_plain(corpus()) == expected
    assert diskcache.stats.hits == 6  # read, refused, made again
    clear_all()
    diskcache.stats.hits = diskcache.stats.misses = 0
    assert as_plain(corpus()) == expected
    assert diskcache.stats.hits == 6 and diskcache.stats.misses == 0  # and written again


def test_anchors_read_from_the_store_are_the_anchors_made_again(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round's anchors (its people's pinyin, on every list page and search row) come from the
    disk store in a new process, and the corpus is the one made without the store."""
    from conftest import DATA

    from builder.load.loader import load
    from builder.render.search import corpus as search_corpus

    portal = load(DATA).portal
    assert portal is not None
    listed = frozenset(r.id for r in portal.rounds)
    first, _ = search_corpus.build_corpus(portal, listed, frozenset())
    assert first.candidates and entries_of_kind(store, "anchors")
    clear_all()

    def made_again(*_args: object) -> str:
        raise AssertionError("an anchor made again although the store has its round's")

    monkeypatch.setattr(search_corpus, "candidate_anchor", made_again)
    again, _ = search_corpus.build_corpus(portal, listed, frozenset())
    monkeypatch.undo()
    diskcache.disable()
    clear_all()
    without, _ = search_corpus.build_corpus(portal, listed, frozenset())
    assert again == first == without


def entries_of_kind(folder: Path, namespace: str) -> set[str]:
    return {p.name for p in folder.glob(f"{namespace}-*")}


_AHEAD = """
import json, sys
sys.path.insert(0, sys.argv[1])
from test_search_terms import corpus
from builder.files import workers
from builder.files.cache import clear_all
from builder.render.search import ahead, terms
from builder.render.search.index import candidate_doc
c = corpus()
expected = terms.corpus_terms(c)  # as without a worker (the in-process functions)
clear_all()
workers.cores = lambda: 2
ahead.AHEAD_CANDIDATES = 1
ahead.start(c)
started = ahead._ahead is not None
class Refused:
    def __wrapped__(self, name, pinyin):
        raise AssertionError("extracted here although the worker did: " + name)
terms.candidate_doc = Refused()
got = terms.corpus_terms(c, remember=False)
print(json.dumps({"started": started, "same": got == expected,
                  "cached": candidate_doc.cache_info().currsize}))
"""


def test_names_terms_extracted_ahead_on_the_other_core_are_those_extracted_here(tmp_path: Path) -> None:
    """ahead.start: a forked worker extracts the names' terms while the engine renders, and the
    shard build's corpus_terms takes every one from it (extracting none here), the same terms.
    In a process of its own: it forks only a process with no other thread (a test worker has
    some)."""
    tests = Path(__file__).resolve().parent
    done = subprocess.run([sys.executable, "-c", _AHEAD, str(tests)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"started": True, "same": True, "cached": 0}
