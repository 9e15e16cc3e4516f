"""Loading remembers each data file by its bytes (builder.load.parsecache): `mkdocs serve` reloads
everything on each save, and only the saved file may cost a parse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_data

from builder.files import diskcache
from builder.files.cache import clear_all
from builder.load import parsecache
from builder.load.loader import load
from builder.text.problems import display_path

DEMO_LIST = "candidates/2026-shili-jishu-daitouren.yml"


def _counts() -> tuple[int, int]:
    return parsecache.stats.hits, parsecache.stats.misses


def _files(data: Path) -> int:
    """The data files the loader parses: data/<kind>/<file>.yml, and data/site.yml."""
    return sum(1 for p in data.rglob("*.yml") if p.parent.parent == data or p == data / "site.yml")


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    first = load(data)
    assert first.portal is not None and not first.problems.errors
    hits, misses = _counts()
    second = load(data)
    assert _counts() == (hits + _files(data), misses)
    assert second.problems.items == first.problems.items
    assert second.portal is not None
    # The very same immutable models, which later stages use as cache keys in turn.
    for a, b in zip(first.portal.rounds, second.portal.rounds, strict=True):
        assert a.campaign is b.campaign
        assert a.candidates is b.candidates


_TWO_CORES = """
import json, sys
from pathlib import Path
from builder.files.cache import clear_all
from builder.files import workers
from builder.load import parsecache
from builder.load.loader import load
data = Path(sys.argv[1])
alone = load(data)
clear_all()
parsecache.PREFETCH_BYTES = 0
workers.cores = lambda: 2
hits, misses = parsecache.stats.hits, parsecache.stats.misses
two = load(data)
print(json.dumps({"hits": parsecache.stats.hits - hits, "misses": parsecache.stats.misses - misses,
                  "portal": two.portal == alone.portal, "problems": two.problems.items == alone.problems.items,
                  "errors": len(alone.problems.errors)}))
"""


def test_many_files_are_parsed_on_two_cores_with_the_same_result(tmp_path: Path) -> None:
    """parsecache.prefetch: a forked worker parses every second candidate file while the load
    parses the others; the portal and every problem (a file with an error among them) are the
    ones a load in one process finds, and the worker's files are not parsed here again. In a
    process of its own: prefetch forks only a process with no other thread (a test worker has
    some)."""
    data = copy_data(tmp_path)
    target = data / DEMO_LIST
    target.write_text(target.read_text(encoding="utf-8").replace("gender: 男", "gender: 南", 1),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _TWO_CORES, str(data)], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    lists = len(list((data / "candidates").glob("*.yml")))
    assert lists >= 4 and found["errors"] > 0
    # Every list is asked for once more by the loader, and found; the worker's half was never
    # parsed in this process.
    assert (found["hits"], found["misses"]) == (lists, _files(data) - lists // 2)
    assert found["portal"] and found["problems"]


def test_a_saved_file_is_parsed_again_and_only_it(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    load(data)
    target = data / DEMO_LIST
    text = target.read_text(encoding="utf-8")
    person = "  - name: "
    assert person in text
    target.write_text(text.replace("achievements: |\n      ", "achievements: |\n      新增的一句。", 1),
                      encoding="utf-8")
    hits, misses = _counts()
    loaded = load(data)
    assert _counts() == (hits + _files(data) - 1, misses + 1)
    assert loaded.portal is not None
    round_ = next(r for r in loaded.portal.rounds if r.id == "2026-shili-jishu-daitouren")
    assert any(p.achievements.startswith("新增的一句。") for p in round_.people)


def test_problems_of_an_unchanged_file_are_reported_on_every_load(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    target = data / DEMO_LIST
    text = target.read_text(encoding="utf-8")
    # A valid identity-card number (check digit X) pasted into the achievements.
    target.write_text(
        text.replace("achievements: |\n      ", "achievements: |\n      身份证11010519491231002X。", 1),
        encoding="utf-8",
    )
    first = load(data)
    second = load(data)
    assert first.portal is None and second.portal is None
    leaks = [str(p) for p in second.problems.errors if "身份证" in p.message]
    assert leaks and leaks == [str(p) for p in first.problems.errors if "身份证" in p.message]
    assert all("11010519491231002X" not in m for m in leaks)


def test_the_cache_keeps_only_the_last_load(tmp_path: Path) -> None:
    a = copy_data(tmp_path / "a")
    b = copy_data(tmp_path / "b")
    load(a)
    load(b)
    kept = {shown for _model, shown, _digest in parsecache._CACHE.entries}
    assert kept and all(str(tmp_path / "b") in str(Path(s).resolve()) for s in kept)
    # Same bytes under another path is another entry: messages name the path.
    hits, misses = _counts()
    load(a)
    assert _counts() == (hits, misses + _files(a))


def test_a_lean_build_lets_the_parsed_files_go_and_builds_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`gongshi build` (lean: no later build in its process) keeps no parsed file once the data
    is loaded, no round's pages once the engine has written them and no candidate's search
    terms; a build that may be followed by another keeps them, and both sites are the same."""
    from conftest import REPO
    from helpers import snapshot

    from builder.adapter.mkdocs.sitebuild import build_site
    from builder.render import pages
    from builder.render.search.index import candidate_doc

    data = REPO / "tests" / "fixtures" / "portal"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795003200")  # the sitemap's date, whatever the clock
    sites = {}
    for lean in (False, True):
        clear_all()
        site = tmp_path / f"site-{lean}"
        assert build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today="2026-11-18", lean=lean) == 0
        assert bool(parsecache._CACHE.entries) is not lean
        assert bool(pages._ROUND_PAGES.entries) is not lean
        assert bool(candidate_doc.cache_info().currsize) is not lean
        sites[lean] = snapshot(site, dirs=False)
    assert sites[True] == sites[False]


def test_from_the_disk_store_a_document_is_read_only_when_a_problem_needs_its_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publishing server's next process (the pre-receive check, the build, the timer) takes each
    unchanged file's model and problems from the disk store, and its document (every value's
    position, most of an entry) only when a rule reports a problem in it: at the same line and
    column as when the file was parsed, also when the document's entry is gone from the store."""
    data = copy_data(tmp_path)
    target = data / DEMO_LIST
    text = target.read_text(encoding="utf-8")
    assert "  - name: 张书帆\n" in text
    # A rule of the list as a whole (not the file's own validation) reports this one.
    target.write_text(text.replace("  - name: 张书帆\n", "  - name: “张书帆”\n", 1), encoding="utf-8")
    store = tmp_path / "store"
    diskcache.enable(store)
    try:
        clear_all()
        parsed = [str(p) for p in load(data).problems.errors]
        # The file had no problem of its own, so its positions were let go after validation and
        # come from parsing its bytes again: the value's own line and column.
        line = text.split("\n").index("  - name: 张书帆") + 1
        where = f"{display_path(target)}:{line}:{len('  - name: ') + 1}: "
        assert any(p.startswith(where) and "“张书帆”" in p and "中文引号" in p for p in parsed), parsed

        read: list[str] = []
        get = diskcache.get

        def counted(namespace: str, key: bytes, codec: diskcache.Codec) -> object | None:
            read.append(namespace)
            return get(namespace, key, codec)

        get_raw = diskcache.get_raw

        def counted_raw(namespace: str, key: bytes) -> bytes | None:
            read.append(namespace)
            return get_raw(namespace, key)

        monkeypatch.setattr(diskcache, "get", counted)
        monkeypatch.setattr(diskcache, "get_raw", counted_raw)
        entries = store / diskcache.code_digest()
        docs = sorted(p.name for p in entries.glob("parse-doc-*.json"))
        assert len(docs) == _files(data)
        for entry in entries.iterdir():
            os.utime(entry, (1_000_000, 1_000_000))
        clear_all()  # a new process: nothing in memory
        assert [str(p) for p in load(data).problems.errors] == parsed
        assert read.count("parsed") == _files(data)
        # The list's rules are remembered with their problems (builder.load.listrules): no
        # document is read at all.
        assert read.count("parse-doc") == 0 and read.count("list-rules") > 0
        for entry in entries.glob("list-rules-*.json"):
            entry.unlink()
        read.clear()
        clear_all()
        assert [str(p) for p in load(data).problems.errors] == parsed
        assert read.count("parse-doc") == 1  # the list with the problem, for its position
        # The documents not read were kept all the same: the next load may need them.
        diskcache.prune(2_000_000)
        assert sorted(p.name for p in entries.glob("parse-doc-*.json")) == docs

        for entry in [*entries.glob("parse-doc-*.json"), *entries.glob("list-rules-*.json")]:
            entry.unlink()
        clear_all()
        assert [str(p) for p in load(data).problems.errors] == parsed
        # The one document parsed again is back in the store for the next process.
        assert len(list(entries.glob("parse-doc-*.json"))) == 1
    finally:
        diskcache.disable()


def _wrong_entries(entry: bytes) -> list[bytes]:
    """Entries of another shape, made from a parsed list's entry (see parsecache._entry_of)."""
    head, _, body = entry.partition(b"\n")
    assert b'"CandidateList"' in head and b'",false,null,' in head and body.endswith(b"}")
    return [
        b"", head, head + b"\n", entry[:-1], b"[1]\n" + body,
        head.replace(b'"CandidateList"', b'"Campaign"'),
        head.replace(b'"CandidateList"', b"null"),  # no model, yet a body
        head.replace(b'",false,null,', b'",0,null,') + b"\n" + body,  # `failed` not a bool
        head.replace(b'",false,null,', b'",false,{"a":1},') + b"\n" + body,  # a model in the head
        head + b"\n" + body[:-1] + b',"unknown":1}',  # pydantic refuses it
        head + b"\n" + body.replace(b'"name":"', b'"name":1,"x":"', 1),
    ]


def test_a_parsed_entry_of_another_shape_is_a_miss(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    diskcache.enable(tmp_path / "store")
    try:
        clear_all()
        first = [str(p) for p in load(data).problems.items]
        entries = tmp_path / "store" / diskcache.code_digest()
        target = next(p for p in entries.glob("parsed-*.json") if b'"CandidateList"' in p.read_bytes())
        good = target.read_bytes()
        for bad in _wrong_entries(good):
            target.write_bytes(bad)
            clear_all()
            assert [str(p) for p in load(data).problems.items] == first
            assert target.read_bytes() == good, bad[:80]  # parsed again and written again
    finally:
        diskcache.disable()


def test_a_model_read_back_from_the_store_is_checked_as_strictly_without_its_normalisers(
    tmp_path: Path,
) -> None:
    """The store's copy of a validated model is validated again (builder.load.storedmodel) with
    every type, length and pattern check, but without the Python normalisers its values already
    went through: those must then be idempotent, and what it reads must equal the model."""
    from pydantic import BaseModel, ValidationError

    from builder.load.storedmodel import IDEMPOTENT, stored_validator
    from builder.model import contract

    for normaliser in IDEMPOTENT:
        for text in ("  张  三 ", "于　全", "John  A.   Smith", " 1980年5月 ", "1980.5", "198005",
                     "1980-05-12", "阿依古丽·买买提", "\u3000李\u3000四\u3000", "x", " a b ", "2001-13"):
            once = normaliser(text)
            assert normaliser(once) == once, (normaliser, text)

    loaded = load(copy_data(tmp_path))
    assert loaded.portal is not None
    models: list[BaseModel] = []
    for r in loaded.portal.rounds:
        models.append(r.campaign)
        if r.candidates is not None:
            models.append(r.candidates)
    assert any(isinstance(m, contract.CandidateList) for m in models)
    for model in models:
        stored = model.__pydantic_serializer__.to_json(model, exclude_unset=True)
        again = stored_validator(type(model)).validate_json(stored)
        assert type(again) is type(model) and again == model
        assert type(model).__pydantic_complete__  # left as it was

    # The checks the normalisers came with still hold, in the store's reading too.
    listing = next(m for m in models if isinstance(m, contract.CandidateList))
    person = json.loads(listing.candidates[0].model_dump_json(exclude_unset=True))
    validator = stored_validator(contract.CandidateList)
    for field, bad in (("name", "张"), ("name", "x" * 81), ("born", "1980-13"), ("born", "1980年5月"),
                       ("unit", ""), ("unit", 5), ("status", "入围"), ("nickname", "小张")):
        body = json.dumps({"campaign": listing.campaign, "candidates": [{**person, field: bad}]})
        with pytest.raises(ValidationError):
            validator.validate_json(body)
    good = json.dumps({"campaign": listing.campaign, "candidates": [person]})
    assert validator.validate_json(good).candidates[0] == listing.candidates[0]
    # And it really leaves the normalisers out (pydantic-core would otherwise reuse the model's
    # own validator for it): a value no normaliser touched comes back as it was stored.
    raw = json.dumps({"campaign": listing.campaign, "candidates": [{**person, "name": "张 三"}]})
    assert validator.validate_json(raw).candidates[0].name == "张 三"
    assert contract.CandidateList.model_validate_json(raw).candidates[0].name == "张三"
