"""The output checks remember what each file's content gave, so that a rebuild under
`mkdocs serve` (every file rewritten, few of them changed) re-reads and hashes the site instead
of re-parsing it, and still reports every problem.

A second run over the same site hits the cache for every file and gives the identical report;
a planted leak is reported on both runs; an anchor removed from one page breaks a link in
another, unchanged page; a changed file is scanned again; the allowlist is applied after the
cache; the cache keeps only the files of the last run.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, REPO, config_with_docs

from builder.adapter.mkdocs.plugin import theme_dirs
from builder.adapter.mkdocs.sitebuild import build_site
from builder.checks import runner as output_checks
from builder.checks.runner import CheckReport, run_checks
from builder.files import workers as cpu
from builder.files.cache import clear_all
from builder.load.loader import load
from builder.model.contacts import portal_allowlist
from builder.render.search.files import MANIFEST
from builder.text.idnumbers import id18_check_digit

TODAY = "2026-11-18"
ID = "11010519800101001" + id18_check_digit("11010519800101001")
SITE_URL = "http://127.0.0.1:8000/"


@dataclass
class Run:
    report: CheckReport
    hits: int
    misses: int


def check(site: Path, allow: frozenset[str] = frozenset()) -> Run:
    hits, misses = output_checks.stats.hits, output_checks.stats.misses
    report = run_checks(site, allow=allow, site_url=SITE_URL, shown_as="site", theme_dirs=theme_dirs())
    return Run(report, output_checks.stats.hits - hits, output_checks.stats.misses - misses)


@pytest.fixture(scope="module")
def allow() -> frozenset[str]:
    portal = load(DATA).portal
    assert portal is not None
    return portal_allowlist(portal)


@pytest.fixture
def site_copy(site_factory, tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(site_factory(TODAY), target)
    return target


def summarised_here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kind of each file this process summarises from now on, in order."""
    kinds: list[str] = []
    summarise = output_checks.summarise

    def counted(kind: str, data: bytes) -> output_checks.FileSummary:
        kinds.append(kind)
        return summarise(kind, data)

    monkeypatch.setattr(output_checks, "summarise", counted)
    return kinds


def insert_before(page: Path, marker: str, html: str) -> tuple[int, int]:
    """Write `html` into `page` before the first `marker`; the line and column it starts at."""
    text = page.read_text(encoding="utf-8")
    assert marker in text, f"{page} has no {marker}"
    page.write_text(text.replace(marker, html + marker, 1), encoding="utf-8")
    before = text[: text.index(marker)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def test_a_second_run_over_the_same_site_hits_for_every_file_and_reports_the_same(
    site_copy: Path, allow: frozenset[str]
) -> None:
    clear_all()
    first = check(site_copy, allow)
    assert first.hits + first.misses == first.report.files_scanned
    assert first.misses > 0
    second = check(site_copy, allow)
    assert second.misses == 0
    assert second.hits == second.report.files_scanned
    assert second.report == first.report
    assert second.report.summary() == first.report.summary()
    assert first.report.links_checked > 0 and first.report.problems.to_text() == ""


def test_a_leak_is_reported_on_every_run_also_from_the_cache(
    site_copy: Path, allow: frozenset[str]
) -> None:
    line, _ = insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    # The precompressed copy of a file has the same content: one scan serves both.
    index = site_copy / MANIFEST
    data = json.dumps({"docs": [{"text": f"身份证 {ID}"}]}).encode()
    index.write_bytes(data)
    index.with_name(index.name + ".gz").write_bytes(gzip.compress(data))
    runs = [check(site_copy, allow), check(site_copy, allow)]
    assert runs[1].misses == 0
    for run in runs:
        text = run.report.problems.to_text()
        assert f"site/about/index.html:{line}:" in text
        assert f"site/search/{index.name}:1:" in text
        assert f"site/search/{index.name}.gz:1:" in text
        assert "身份证号（110*************16）" in text
        assert run.report.findings == 3
    assert runs[0].report == runs[1].report


def test_summaries_made_in_worker_processes_give_the_same_report(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site is summarised by one worker process per core: the same findings, links and
    counts as in one process, leaks in a page, a JSON file and its precompressed copy included."""
    insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    index = site_copy / MANIFEST
    data = json.dumps({"docs": [{"text": f"身份证 {ID}"}]}).encode()
    index.write_bytes(data)
    index.with_name(index.name + ".gz").write_bytes(gzip.compress(data))
    clear_all()
    alone = check(site_copy, allow)
    clear_all()
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(cpu, "cores", lambda: 2)
    workers = check(site_copy, allow)
    assert workers.report == alone.report and workers.report.findings == 3
    assert (workers.hits, workers.misses) == (alone.hits, alone.misses)
    assert workers.report.links_checked > 0


def test_a_few_files_left_to_summarise_on_a_large_site_are_summarised_here(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site whose summaries are at hand but for a few files (a correction on a publishing
    server, whose store has the rest) summarises those few in this process, with no worker to
    start; the report is a check's from nothing."""
    clear_all()
    check(site_copy, allow)  # every summary at hand
    line, _ = insert_before(site_copy / "help" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 200_000)  # the site is larger, the page not
    monkeypatch.setattr(cpu, "cores", lambda: 2)

    def no_workers(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("workers started for one changed page")

    monkeypatch.setattr(output_checks, "ProcessPoolExecutor", no_workers)
    few = check(site_copy, allow)
    assert few.misses == 1
    clear_all()
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 1 << 40)  # from nothing, in this process
    alone = check(site_copy, allow)
    assert few.report == alone.report and f"site/help/index.html:{line}:" in few.report.problems.to_text()


def test_summaries_made_ahead_while_the_build_goes_on_are_used_only_for_the_same_content(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """build.finish starts summarising the pages in a worker before it builds the search
    files: what the worker made serves the files whose content it summarised; a page changed and
    a file written afterwards are summarised then, and the report is a check's from nothing."""
    insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    clear_all()
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(cpu, "cores", lambda: 2)
    ahead = output_checks.Ahead(site_copy, theme_dirs())
    assert len(ahead.summaries()) > 50  # the worker is done: every page summarised
    # After it started: a page changed (another leak), a search file written (with its .gz).
    line, _ = insert_before(site_copy / "help" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    index = site_copy / MANIFEST
    data = json.dumps({"docs": [{"text": f"身份证 {ID}"}]}).encode()
    index.write_bytes(data)
    index.with_name(index.name + ".gz").write_bytes(gzip.compress(data))
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 1 << 40)  # the rest in this process
    kinds = summarised_here(monkeypatch)
    early = output_checks.run_checks(site_copy, allow=allow, site_url=SITE_URL, shown_as="site",
                                     theme_dirs=theme_dirs(), ahead=ahead)
    assert sorted(k for k in kinds if k != "#ids") == [".html", ".json"]
    clear_all()
    alone = check(site_copy, allow)
    assert early == alone.report and early.findings == 4
    assert f"site/help/index.html:{line}:" in early.problems.to_text()


def test_an_anchor_removed_from_one_page_breaks_the_link_in_another_unchanged_page(
    site_copy: Path, allow: frozenset[str]
) -> None:
    deadlines = site_copy / "deadlines" / "index.html"
    assert 'id="past-h"' in deadlines.read_text(encoding="utf-8")
    line, column = insert_before(
        site_copy / "help" / "index.html", "</article>", '<a href="/deadlines/#past-h">往期</a>'
    )
    assert check(site_copy, allow).report.problems.to_text() == ""

    deadlines.write_text(
        deadlines.read_text(encoding="utf-8").replace('id="past-h"', 'id="past-heading"'),
        encoding="utf-8",
    )
    run = check(site_copy, allow)
    assert run.misses == 1  # only the deadlines page was read again; the help page was not
    assert run.report.broken_links == 1
    assert run.report.problems.to_text() == (
        f"site/help/index.html:{line}:{column}: 链接「/deadlines/#past-h」的锚点「#past-h」在 deadlines/index.html 中不存在（没有这个 id 的元素）"
    )

    # The page that is linked to disappears altogether: the same unchanged link is broken.
    shutil.rmtree(site_copy / "deadlines")
    run = check(site_copy, allow)
    assert run.misses == 0
    assert run.report.broken_links >= 1
    assert (
        f"site/help/index.html:{line}:{column}: 链接「/deadlines/#past-h」指向的文件不存在（/deadlines/）"
        in run.report.problems.to_text()
    )


def test_a_changed_file_is_scanned_again_and_its_new_content_counts(
    site_factory, site_copy: Path, allow: frozenset[str]
) -> None:
    about = site_copy / "about" / "index.html"
    assert check(site_copy, allow).report.problems.to_text() == ""
    line, column = insert_before(about, "</article>", f'<p onclick="x()">{ID}</p>')
    run = check(site_copy, allow)
    assert run.misses == 1 and run.hits == run.report.files_scanned - 1
    assert run.report.findings == 1 and run.report.unsafe_markup == 1
    text = run.report.problems.to_text()
    assert f"site/about/index.html:{line}:{column}: <p> 带有事件处理属性 onclick" in text
    assert "身份证号（110*************16）" in text
    # Back to the original bytes: the last run no longer used them, so they were dropped from
    # the cache and are scanned again; the site is clean again.
    shutil.copyfile(site_factory(TODAY) / "about" / "index.html", about)
    run = check(site_copy, allow)
    assert run.misses == 1
    assert run.report.problems.to_text() == ""


def test_the_allowlist_is_applied_after_the_cache(site_copy: Path, allow: frozenset[str]) -> None:
    with_allow = check(site_copy, allow)
    assert with_allow.report.findings == 0
    # The same files without the issuing offices' contacts allowed: the contacts are findings,
    # although no file was read again.
    without = check(site_copy, frozenset())
    assert without.misses == 0
    assert without.report.findings > 0
    assert "个人手机号" in without.report.problems.to_text() or "个人电子邮箱" in (
        without.report.problems.to_text()
    )
    assert check(site_copy, allow).report == with_allow.report


def mini_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><html><body>\n{body}\n</body></html>", encoding="utf-8")
    return root


def test_more_problems_than_are_listed_are_counted_the_same_from_the_cache(tmp_path: Path) -> None:
    leaks = "\n".join(f"<p>手机 1381234{i:04d}</p>" for i in range(150))
    links = "\n".join(f'<a href="/p{i}/">x</a><a href="a/#n{i}">y</a>' for i in range(60))
    site = mini_site(tmp_path / "site", {"index.html": leaks + links, "a/index.html": "<p>A</p>"})
    runs = [check(site), check(site)]
    assert runs[1].misses == 0 and runs[1].hits == 2
    assert runs[0].report == runs[1].report
    text = runs[1].report.problems.to_text()
    assert "共发现 270 处问题，以上只列出前 200 处" in text
    assert runs[1].report.findings == 150 and runs[1].report.broken_links == 120


def test_the_cache_keeps_only_the_files_of_the_last_run(site_copy: Path, tmp_path: Path) -> None:
    first = check(site_copy)
    small = mini_site(tmp_path / "small", {"index.html": "<p>一</p>", "a/index.html": "<p>二</p>"})
    assert check(small).misses == 2
    assert output_checks.stats.entries == 2
    # The demo site's summaries were dropped with that run: all of it is scanned again (a
    # content met twice in one run, like a precompressed copy, is scanned once).
    again = check(site_copy)
    assert again.misses > 0
    assert again.misses == output_checks.stats.entries
    assert again.hits == again.report.files_scanned - again.misses
    assert again.report == first.report


def test_a_rebuild_in_the_same_process_reports_a_broken_link_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    help_page = docs / "help.md"
    help_page.write_text(
        help_page.read_text(encoding="utf-8") + "\n\n另见[截止日期](/deadlines/#no-such-anchor)。\n",
        encoding="utf-8",
    )
    config = config_with_docs(tmp_path, docs)
    message = "链接「/deadlines/#no-such-anchor」的锚点「#no-such-anchor」在 deadlines/index.html 中不存在"
    hits = output_checks.stats.hits
    for attempt in range(2):
        caplog.clear()
        site = tmp_path / "site"
        assert build_site(config, site_dir=site, data_dir=DATA, today=TODAY) == 1
        assert "site/help/index.html:" in caplog.text, attempt
        assert message in caplog.text, attempt
        assert not site.exists()
    assert output_checks.stats.hits > hits  # the second build read its files from the cache


def test_the_tasks_the_worker_has_not_started_are_summarised_here_when_the_checks_begin(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ahead.summaries: this process does not wait for the worker to reach the last of its tasks
    but summarises those it has not started (from the last back), the search files handed over
    afterwards (Ahead.add) among them; the report is a check's from nothing."""
    insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    clear_all()
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(output_checks, "AHEAD_CHUNK_BYTES", 1)  # a task per file
    monkeypatch.setattr(cpu, "cores", lambda: 2)
    index = site_copy / MANIFEST
    data = index.read_bytes()
    index.unlink()
    ahead = output_checks.Ahead(site_copy, theme_dirs())
    index.write_bytes(data)  # written after the start, as the search files are
    ahead.add(site_copy)
    here = summarised_here(monkeypatch)
    made = ahead.summaries()  # at once: the worker is still starting (a spawned process)
    assert ".json" in here and len(made) > len(here) > 0
    before = len(here)
    monkeypatch.setattr(output_checks, "PARALLEL_BYTES", 1 << 40)  # the rest in this process
    early = output_checks.run_checks(site_copy, allow=allow, site_url=SITE_URL, shown_as="site",
                                     theme_dirs=theme_dirs(), ahead=ahead)
    assert [k for k in here[before:] if k != "#ids"] == []  # every file's summary was made ahead
    clear_all()
    alone = check(site_copy, allow)
    assert early == alone.report and early.findings == 1


def test_the_disk_store_gives_back_each_summary_as_made_and_refuses_other_shapes(tmp_path: Path) -> None:
    """A publishing server keeps every file's summary in its disk store as plain JSON
    (runner._dumps): what it reads back is the summary made, findings, markup, links and anchors
    alike; an entry of any other shape is a miss, summarised again."""
    from builder.checks.runner import FileSummary, _dumps, _loads, summarise

    page = (f'<html><body><p id="a">身份证 {ID}</p><a href="../x/#a">x</a>'
            '<img src="data:image/png;base64,AA" onerror="x()"><a href="javascript:alert(1)">y</a></body></html>')
    made = summarise(".html", page.encode("utf-8"))
    assert made.hits and made.links and made.ids and made.markup  # every part is exercised
    back = _loads(_dumps(made))
    assert back is not None
    assert (back.hits, back.markup, back.links, back.ids) == (made.hits, made.markup, made.links, made.ids)
    assert _loads(_dumps(FileSummary())) is not None
    for other in (b"", b"{}", b"[1]", json.dumps([2, "", [], [], []]).encode(),
                  json.dumps([1, "", [], [["a", "href", 3, 1, 1]], []]).encode(),
                  json.dumps([1, "", [[1, "x", "m"]], [], []]).encode(),
                  json.dumps([1, "not the codec's", [], [], []]).encode(),
                  json.dumps([1, "", [], [], [7]]).encode()):
        assert _loads(other) is None, other


FORKED = """
import gzip, json, sys
from pathlib import Path
from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks import runner
from builder.files import diskcache, workers

site, store, manifest, url, leak_text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
workers.cores = lambda: 2
diskcache.enable(store)
made = runner.summarise
for step in sys.argv[6:]:
    leak, _, how = step.partition(":")
    diskcache.used.clear()
    runner.summarise = made
    ahead = runner.Ahead(site, theme_dirs(), url)
    forked = ahead._forked is not None
    if how == "die" and forked:
        ahead._forked._process.kill()
        ahead._forked._process.join()
    # Written after the fork: a page changed, the search manifest (with its .gz).
    page = site / leak / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>" + leak_text + "</p></article>", 1),
                    encoding="utf-8")
    data = json.dumps({"docs": [{"text": leak_text + " " + leak}]}).encode()
    (site / manifest).write_bytes(data)
    (site / (manifest + ".gz")).write_bytes(gzip.compress(data))
    kinds = []
    runner.summarise = lambda kind, data: (kinds.append(kind), made(kind, data))[1]
    found = runner.check_output(site, site_url=url, theme_dirs=theme_dirs(), ahead=ahead)
    print(json.dumps({"forked": forked, "kinds": kinds, "used": len(diskcache.used), "text": found.to_text()}))
"""


def test_with_the_disk_store_a_forked_copy_checks_the_site_as_this_process_would(
    site_copy: Path, tmp_path: Path
) -> None:
    """A publishing server's build (the disk store on) begins the checks in a fork of itself
    once the pages are written (runner.ForkedChecks), while it builds the search files: the
    report is the one this process would make of the finished site, a page changed and a file
    written after the fork included; this process summarises nothing; the store keeps what the
    copy read (its entries' names come back); a copy that died leaves the check to this
    process. In a process of its own: a fork needs a process with one thread (pytest's workers
    have more)."""
    insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")

    def forked_checks(*steps: str) -> list[dict[str, Any]]:
        done = subprocess.run(
            [sys.executable, "-c", FORKED, str(site_copy), str(tmp_path / "store"), MANIFEST, SITE_URL,
             f"身份证 {ID}", *steps], cwd=REPO, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        return [json.loads(line) for line in done.stdout.strip().splitlines()[-len(steps):]]

    # The second check finds every other page's summary in the store; the third's copy dies.
    first, again = forked_checks("help", "deadlines")
    assert first["forked"] and first["kinds"] == []
    assert again["forked"] and again["kinds"] == []
    assert again["used"] > 50  # each page's summary, read by the copy, is kept by the store
    clear_all()
    alone = output_checks.check_output(site_copy, site_url=SITE_URL, theme_dirs=theme_dirs())
    assert again["text"] == alone.to_text()
    for leak in ("about/index.html", "help/index.html", "deadlines/index.html", MANIFEST, MANIFEST + ".gz"):
        assert any(p.path.endswith("/site/" + leak) for p in alone.items), leak

    (died,) = forked_checks("help:die")  # another leak: the report made here
    assert died["forked"] and died["kinds"]
    clear_all()
    assert died["text"] == output_checks.check_output(site_copy, site_url=SITE_URL, theme_dirs=theme_dirs()).to_text()


EARLY = """
import hashlib, json, sys
from pathlib import Path
from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks import runner
from builder.files import diskcache, workers

site, store, url, leak_text, changed = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
workers.cores = lambda: 2
diskcache.enable(store)
# The previous build's record: every file as it is now, but for one page it had other bytes.
known = {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
         for p in site.rglob("*") if p.is_file()}
known[changed + "/index.html"] = hashlib.sha256(b"<html>another page</html>").hexdigest()
early = runner.early_checks(theme_dirs(), known)
if early is not None:
    early.at(site, url)
# The engine writes the pages meanwhile: one of them now with a leak.
page = site / changed / "index.html"
page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>" + leak_text + "</p></article>", 1),
                encoding="utf-8")
made = runner.summarise
kinds = []
runner.summarise = lambda kind, data: (kinds.append(kind), made(kind, data))[1]
ahead = runner.Ahead(site, theme_dirs(), url, early)
found = runner.check_output(site, site_url=url, theme_dirs=theme_dirs(), ahead=ahead)
print(json.dumps({"early": early is not None and ahead._forked is early, "kinds": kinds,
                  "text": found.to_text()}))
"""


def test_the_checks_copy_started_before_the_engine_renders_reports_the_site_as_it_is(
    site_copy: Path, tmp_path: Path
) -> None:
    """A server's build starts the checks' copy before the engine renders
    (runner.early_checks), and the copy reads meanwhile what the store knows of the previous
    build's files (its record). That is only a guess: a page the engine wrote with other bytes
    than the record says, here with a leak, is checked for what it is, and the report is a
    check's from nothing."""
    # The store knows every file of the site (a first check of it, forked as on a server).
    done = subprocess.run([sys.executable, "-c", FORKED, str(site_copy), str(tmp_path / "store"), MANIFEST,
                           SITE_URL, "无", "about"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    done = subprocess.run([sys.executable, "-c", EARLY, str(site_copy), str(tmp_path / "store"), SITE_URL,
                           f"身份证 {ID}", "help"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["early"] and found["kinds"] == []  # the copy checked, this process nothing
    clear_all()
    alone = output_checks.check_output(site_copy, site_url=SITE_URL, theme_dirs=theme_dirs())
    assert found["text"] == alone.to_text()
    assert any(p.path.endswith("/site/help/index.html") for p in alone.items)


def test_same_files_reads_again_only_what_changed_since_the_last_run(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forked checks' second run (`same_files`) takes a file whose inode, size and times
    are as the last run saw them as read then; any write shows: a page rewritten in place with
    the same size and its modification time put back (the change time still moves), a new
    file. The report is a check's from nothing."""
    import os

    clear_all()
    check(site_copy, allow)
    page = site_copy / "help" / "index.html"
    text = page.read_text(encoding="utf-8")
    marker = "</article>"
    leak = f"<p>{ID}</p>"
    assert text.count(" ") > len(leak)
    # The same size: the leak replaces as many spaces further on.
    edited = text.replace(marker, leak + marker, 1)
    cut = edited.rindex("  ")
    while len(edited.encode()) > len(text.encode()):
        edited = edited[:cut] + edited[cut + 1:]
        cut = edited.rindex("  ")
    assert len(edited.encode()) == len(text.encode())
    status = page.stat()
    page.write_text(edited, encoding="utf-8")
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    (site_copy / "new.json").write_text(json.dumps({"x": f"身份证 {ID}"}), encoding="utf-8")
    read: list[str] = []
    real_open = open

    def counted(path: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(output_checks, "open", counted, raising=False)
    again = output_checks.run_checks(site_copy, allow=allow, site_url=SITE_URL, shown_as="site",
                                     theme_dirs=theme_dirs(), same_files=True)
    monkeypatch.undo()
    assert sorted(Path(p).relative_to(site_copy).as_posix() for p in read) == ["help/index.html", "new.json"]
    clear_all()
    alone = check(site_copy, allow).report
    assert again == alone and again.findings == 2


def test_a_run_for_the_summaries_only_reports_nothing_and_the_next_run_everything(
    site_copy: Path, allow: frozenset[str]
) -> None:
    """The forked checks' passes before the last keep the summaries and classified links for
    the last, and report nothing; the last reports all, as a run from nothing does."""
    line, _ = insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    insert_before(site_copy / "help" / "index.html", "</article>", '<a href="/nowhere/">无</a>')
    clear_all()
    quiet = run_checks(site_copy, allow=allow, site_url=SITE_URL, shown_as="site",
                       theme_dirs=theme_dirs(), only_summaries=True)
    assert quiet.problems.to_text() == "" and quiet.findings == quiet.broken_links == 0
    after = check(site_copy, allow)
    assert after.misses == 0  # every summary was made by the quiet run
    clear_all()
    fresh = check(site_copy, allow)
    assert after.report == fresh.report
    assert fresh.report.findings == 1 and fresh.report.broken_links == 1
    assert f"site/about/index.html:{line}:" in fresh.report.problems.to_text()


def test_a_file_the_previous_build_checked_is_taken_unread_only_while_it_is_that_file(
    site_copy: Path, allow: frozenset[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A release takes most of its files from the previous one by hard links, and that build's
    record says what its checks read (Record.checked: inode, size, modification time, content):
    the next build's checks take such a file unread. Any write since shows: a page written in
    place (the same inode, a new modification time), a page of the same path written anew (a
    new inode). The report is a check's from nothing; the record keeps the signatures."""
    import os

    from builder.files.reuse import Record

    clear_all()
    check(site_copy, allow)
    checked = output_checks.signatures()
    record = Record(checked=checked)
    record.write(tmp_path)
    read_back = Record.read(tmp_path)
    assert read_back is not None and read_back.checked == checked
    theme_copies = {rel for rel, _ in output_checks._site_files(site_copy)} - set(checked)
    # The next release: every file linked from this one.
    after = tmp_path / "next"
    for rel, path in output_checks._site_files(site_copy):
        (after / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(path, after / rel)
    in_place = after / "help" / "index.html"
    with open(in_place, "r+b") as f:  # the previous release's file too: the same inode
        text = f.read()
        f.seek(0)
        f.write(text.replace(b"</article>", f"<p>{ID}</p></article>".encode(), 1))
    anew = after / "about" / "index.html"
    text = anew.read_text(encoding="utf-8")
    anew.unlink()
    anew.write_text(text.replace("</article>", f"<p>身份证 {ID}</p></article>", 1), encoding="utf-8")

    output_checks.take_signatures(read_back.checked)
    read: list[str] = []
    real_open = open

    def counted(path: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(Path(path).relative_to(after).as_posix())
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(output_checks, "open", counted, raising=False)
    taken = output_checks.run_checks(after, allow=allow, site_url=SITE_URL, shown_as="site",
                                     theme_dirs=theme_dirs())
    monkeypatch.undo()
    assert sorted(set(read) - theme_copies) == ["about/index.html", "help/index.html"]
    clear_all()
    alone = check(after, allow).report
    assert taken == alone and taken.findings == 2


COPY_WORKERS = """
import json, sys
from pathlib import Path
from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks import runner
from builder.files import diskcache, workers

site, store, url, report = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4] == "report"
workers.cores = lambda: 2
runner.PARALLEL_BYTES = 1  # every check summarises in worker processes, the copy's too
diskcache.enable(store)
early = runner.early_checks(theme_dirs(), {})
assert early is not None
print(early._process.pid, flush=True)
if report:
    early.at(site, url)
    ahead = runner.Ahead(site, theme_dirs(), url, early)
    found = runner.check_output(site, site_url=url, theme_dirs=theme_dirs(), ahead=ahead)
    print(json.dumps({"exitcode": early._process.exitcode, "text": found.to_text()}))
# else: the build ends here, interrupted, without its report or stop
"""


def test_the_checks_copy_may_start_workers_and_never_outlives_its_build(site_copy: Path, tmp_path: Path) -> None:
    """A server's build whose files all changed (a new day) has its checks' copy summarise them
    in worker processes: the copy is no daemon (a daemon may start none: it died on the
    attempt, and the build checked the site again), and its report is a check's from nothing.
    A build that ends without its report (interrupted) ends its copy with it: the build's exit
    is no wait for a copy that waits for it."""
    insert_before(site_copy / "about" / "index.html", "</article>", f"<p>身份证 {ID}</p>")
    done = subprocess.run([sys.executable, "-c", COPY_WORKERS, str(site_copy), str(tmp_path / "store"), SITE_URL,
                           "report"], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["exitcode"] == 0  # the copy made the report
    clear_all()
    assert found["text"] == output_checks.check_output(site_copy, site_url=SITE_URL, theme_dirs=theme_dirs()).to_text()

    # A hang would be the failure here; the limit only bounds it.
    ended = subprocess.run([sys.executable, "-c", COPY_WORKERS, str(site_copy), str(tmp_path / "store2"), SITE_URL,
                            "exit"], cwd=REPO, capture_output=True, text=True, check=False, timeout=300)
    assert ended.returncode == 0, ended.stderr[-3000:]
    copy = int(ended.stdout.split()[0])
    assert not Path(f"/proc/{copy}").exists()  # ended before its build did: none left behind
