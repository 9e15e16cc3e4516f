"""The publishing server's disk store (builder.files.diskcache) changes how fast a build is, never what
it builds: a build that finds the earlier builds' entries (another checkout, another day, one
notice edited since) writes a site byte-identical to a cold build of the same data and day.

The builds run in their own processes, as the server's hooks and timer do, so the in-memory
caches cannot be what answers.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from markupsafe import Markup

from builder.files import diskcache
from builder.model.contract import Campaign

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
ROUND = "2026-roster-fixture"
BEFORE_PUBLICITY = "2026-05-08"
PUBLICITY_STARTS = "2026-05-11"

BUILD = """
import json, sys
from pathlib import Path
from builder.files import diskcache
from builder.adapter.mkdocs.sitebuild import build_site
store, site, today = sys.argv[1:4]
if store != "-":
    diskcache.enable(Path(store))
code = build_site(Path(sys.argv[4]), site_dir=Path(site), data_dir=Path("data"), today=today)
print(json.dumps({"code": code, "hits": diskcache.stats.hits, "misses": diskcache.stats.misses}))
"""


def build(checkout: Path, site: Path, today: str, store: Path | None) -> dict[str, int]:
    """Build `checkout`'s data in a new process, from inside the checkout (as the server does)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGSHI_")}
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(store or "-"), str(site), today, str(REPO / "mkdocs.yml")],
        cwd=checkout, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, done.stderr[-3000:]
    return result


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def checkout(where: Path) -> Path:
    shutil.copytree(FIXTURE, where / "data")
    return where


def test_a_build_from_the_store_is_byte_identical_to_a_cold_build(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    # Yesterday's build of the previous commit, in its own checkout, fills the store.
    assert not store.exists()
    first = build(checkout(tmp_path / "a"), tmp_path / "site-a", BEFORE_PUBLICITY, store)
    # (A hit is possible even so, depending on timing: the checks' copy
    # (builder.checks.runner.ForkedChecks) checks the site while the search files are being
    # written, then again, so a content may be looked up in the store twice. Seen once, under
    # load, as 9 hits; the output is compared below either way.)
    assert first["misses"] > 0
    # Today's commit: one notice edited. Today the list goes public (the pages change by date).
    b = checkout(tmp_path / "b")
    notice = b / "data" / "campaigns" / f"{ROUND}.yml"
    text = notice.read_text(encoding="utf-8")
    assert "现就推荐工作通知如下。" in text
    notice.write_text(text.replace("现就推荐工作通知如下。", "现就推荐工作通知如下（更正）。"),
                      encoding="utf-8")
    warm = build(b, tmp_path / "site-warm", PUBLICITY_STARTS, store)
    assert warm["hits"] > 0, "the build did not use the store"
    assert warm["misses"] > 0, "the edited notice and the new day's pages must be made again"
    cold = build(b, tmp_path / "site-cold", PUBLICITY_STARTS, None)
    assert cold["hits"] == 0
    warm_tree, cold_tree = tree(tmp_path / "site-warm"), tree(tmp_path / "site-cold")
    assert sorted(warm_tree) == sorted(cold_tree)
    assert [p for p in warm_tree if warm_tree[p] != cold_tree[p]] == []
    page = warm_tree[f"campaigns/{ROUND}/index.html"].decode()
    assert "现就推荐工作通知如下（更正）。" in page
    assert '本页生成于 <time datetime="2026-05-11">' in page
    assert f"campaigns/{ROUND}/gongshi/index.html" in warm_tree
    # The same commit again (the timer's forced rebuild of the same day): all from the store.
    again = build(b, tmp_path / "site-again", PUBLICITY_STARTS, store)
    assert again["misses"] == 0 and again["hits"] > 0
    assert tree(tmp_path / "site-again") == cold_tree


@pytest.fixture
def store(tmp_path: Path):
    diskcache.enable(tmp_path / "store")
    yield tmp_path / "store"
    diskcache.disable()


PLAIN = diskcache.Codec()


def test_the_store_answers_only_the_same_key_and_survives_broken_entries(store: Path) -> None:
    diskcache.put("ns", b"key", {"value": 1}, PLAIN)
    assert diskcache.get("ns", b"key", PLAIN) == {"value": 1}
    assert diskcache.get("ns", b"other", PLAIN) is None
    assert diskcache.get("other-ns", b"key", PLAIN) is None
    entries = list((store / diskcache.code_digest()).iterdir())
    assert len(entries) == 1 and not entries[0].name.startswith(".")
    # A truncated entry (a full disk) is a miss, and the next put replaces it.
    entries[0].write_bytes(entries[0].read_bytes()[:5])
    assert diskcache.get("ns", b"key", PLAIN) is None
    diskcache.put("ns", b"key", 2, PLAIN)
    assert diskcache.get("ns", b"key", PLAIN) == 2


def test_entries_are_plain_data_and_a_foreign_entry_is_a_miss_that_runs_nothing(
    store: Path, tmp_path: Path
) -> None:
    """Issue 26: a pickle left in the store ran in every later build. Entries are JSON now, and
    reading one builds only the classes its cache names."""
    from builder.load.parsecache import STORED as PARSED
    from builder.load.parsecache import StoredDoc, parse_file
    from builder.render.pages import STORED as PAGES
    from builder.render.pages.common import PageSource

    page = PageSource("a/", "标题", Markup("<p>正文</p>"), crumbs=(("上级", "b/"),), round="r")
    diskcache.put("pages", b"k", [page], PAGES)
    (entry,) = (store / diskcache.code_digest()).iterdir()
    # JSON, readable by anything, runnable by nothing:
    ok = json.loads(entry.read_bytes())
    assert ok == [{"\0c": ["PageSource", ["a/", "标题", {"\0h": "<p>正文</p>"}, False,
                                        {"\0t": ["toc"]}, None,
                                        {"\0t": [{"\0t": ["上级", "b/"]}]}, "page", "r", None]]}]
    assert diskcache.get("pages", b"k", PAGES) == [page]
    # A parsed data file (document, pydantic model, problems) comes back equal, types and all.
    parsed = parse_file(FIXTURE / "campaigns" / f"{ROUND}.yml", "c.yml", Campaign)
    assert parsed.model is not None
    # A clean file's document comes from the cache without its positions (parsed again when
    # asked for); what would be stored is the whole document.
    assert isinstance(parsed.doc, StoredDoc)
    parsed = dataclasses.replace(parsed, doc=parsed.doc.full())
    diskcache.put("parse", b"p", parsed, PARSED)
    again = diskcache.get("parse", b"p", PARSED)
    assert again == parsed and type(again.model) is Campaign  # type: ignore[union-attr]
    assert again.model.model_dump() == parsed.model.model_dump()  # type: ignore[union-attr]

    marker = tmp_path / "ran"
    payload = pickle.dumps(_Boom(str(marker)))
    entry.write_bytes(payload)  # what the attack of issue 26 wrote
    assert diskcache.get("pages", b"k", PAGES) is None
    # Well-formed JSON naming a class the cache does not name, or another shape: a miss.
    for foreign in (
        {"\0c": ["Popen", [["touch", str(marker)]]]},  # a class the cache does not name
        [{"\0p": ["Campaign", "{}"]}],  # nor this one
        [{"\0c": ["PageSource", ["a/"]]}],  # fields missing
        [{"\0c": ["PageSource", [*ok[0]["\0c"][1], "one too many"]]}],
        {"\0x": 1},
        {"\0c": "PageSource"},
    ):
        entry.write_text(json.dumps(foreign), encoding="utf-8")
        assert diskcache.get("pages", b"k", PAGES) is None, foreign
    # A link planted in the store is not followed.
    entry.unlink()
    entry.symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "elsewhere.json").write_text(json.dumps([]), encoding="utf-8")
    assert diskcache.get("pages", b"k", PAGES) is None
    assert not marker.exists()
    # What a codec does not name is not stored (and nothing breaks).
    diskcache.put("pages", b"other", [object()], PAGES)
    assert diskcache.get("pages", b"other", PAGES) is None


class _Boom:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.path}",))


def test_prune_keeps_what_was_used_since_and_drops_other_code_versions(store: Path) -> None:
    diskcache.put("ns", b"old", 1, PLAIN)
    diskcache.put("ns", b"used", 2, PLAIN)
    folder = store / diskcache.code_digest()
    for entry in folder.iterdir():
        os.utime(entry, (1_000_000, 1_000_000))
    stale_version = store / ("0" * 32)
    stale_version.mkdir()
    (stale_version / "ns-x.pickle").write_bytes(b"x")
    since = 2_000_000.0
    assert diskcache.get("ns", b"used", PLAIN) == 2  # read now: its time is renewed
    assert diskcache.prune(since) == 2
    assert diskcache.get("ns", b"used", PLAIN) == 2 and diskcache.get("ns", b"old", PLAIN) is None
    assert not stale_version.exists()


def test_entries_written_behind_are_all_there_when_the_block_ends(store: Path) -> None:
    """writing_behind: the caller goes on while a thread writes; at the block's end every entry
    is on disk and reads back; one the thread cannot write is a miss, not an error."""
    import threading

    threads: list[str] = []
    real = diskcache.write_atomically

    def writer(*args: object, **kwargs: object) -> None:
        threads.append(threading.current_thread().name)
        if str(args[0]).endswith(diskcache._name("raw", b"refused")):
            raise PermissionError("refused")
        real(*args, **kwargs)  # type: ignore[arg-type]

    diskcache.write_atomically = writer  # type: ignore[assignment]
    try:
        with diskcache.writing_behind():
            for i in range(200):
                diskcache.put_raw("raw", b"%d" % i, b'{"n":%d}' % i)
            diskcache.put_raw("raw", b"refused", b"{}")
    finally:
        diskcache.write_atomically = real  # type: ignore[assignment]
    assert [diskcache.get_raw("raw", b"%d" % i) for i in range(200)] == [b'{"n":%d}' % i for i in range(200)]
    assert diskcache.get_raw("raw", b"refused") is None
    assert set(threads) == {"store-writer"} and len(threads) == 201
    diskcache.put_raw("raw", b"after", b"1")  # written here again, at once
    assert diskcache.get_raw("raw", b"after") == b"1"
