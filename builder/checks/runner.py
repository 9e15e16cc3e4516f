"""Checks run on the built site before it is swapped in (and by `gongshi check-site`).

Three checks over every file the build wrote:
- personal data (builder.checks.personal_data): no identity-card number, personal mobile,
  e-mail or home address in any HTML, XML, JSON, ICS, JS or office file; the issuing offices'
  own contacts are allowed;
- link integrity (builder.checks.links): every internal link, anchor and download resolves,
  and no link uses javascript:/data:;
- markup (builder.checks.markup): no event-handler attribute, frame or plugin element, which
  only unescaped data could have put there.

Any finding is an error: the plugin fails the build, so the previous site stays in place.

Each file is read once and summarised (see FileSummary); the summaries are cached by content
across runs of one process (`mkdocs serve`), so a rebuild re-parses only the files whose bytes
changed, while link resolution and reporting are redone every run. On a publishing server the
summaries also go to the disk store (builder.files.diskcache) under the same key, so the next push's
build scans only the files whose bytes differ from an earlier build's.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from builder.checks import personal_data
from builder.checks.htmlscan import parse_html
from builder.checks.links import Link, PageLinks, classify_links, page_links, resolve_links
from builder.checks.markup import check_markup
from builder.files import diskcache, workers
from builder.files.cache import CacheStats, register
from builder.files.reuse import Signatures
from builder.model.contacts import Allowlist, portal_allowlist
from builder.model.portal import Portal
from builder.text.privacy import NEVER_ALLOWED, Finding
from builder.text.problems import Problems

log = logging.getLogger("mkdocs.plugins.gongshi.checks")

MAX_PAGE_DEPTH = 6
"""Pages this many folders deep or deeper: Material's inline script embeds the base URL
(`../../…`), and deploy/nginx.conf allows its hash for up to five levels only."""

MAX_REPORTED = 200
"""A leak of a whole list would print thousands of lines; the first ones say enough."""

_PARSED = personal_data.HTML_SUFFIXES | personal_data.XML_SUFFIXES
_ANCHORS_ONLY = "#ids"
"""Kind of a file read only for the anchors it defines (a theme page a link points into)."""


@dataclass(frozen=True, eq=False)
class FileSummary:
    """Everything the checks need from one file's content, so that the parsed document itself
    need not be kept: personal data found (before the allowlist, which comes from the portal
    and may change from one build to the next), unsafe markup, and for HTML/XML the URLs it
    links to and the anchors it defines. Depends on the content and its kind only."""

    hits: tuple[personal_data.Hit, ...] = ()
    markup: tuple[tuple[int, int, str], ...] = ()
    """(line, column, message); only HTML pages are checked for it."""
    links: tuple[Link, ...] = ()
    ids: frozenset[str] = frozenset()


STORED = diskcache.Codec(personal_data.Hit, Finding)
"""The findings of a summary, in the disk store (the rest is plain JSON, `_dumps`)."""
SUMMARY_VERSION = 1


def _dumps(summary: FileSummary) -> bytes:
    """A summary as the disk store keeps it: plain JSON lists, the findings (rare) tagged by
    STORED. A page's links were most of the entry, and decoding each as a tagged object was
    ~2 s of a 200,000-candidate correction's checks (19,000 files, 216,000 links)."""
    hits = STORED.dumps(summary.hits).decode("utf-8") if summary.hits else ""
    return json.dumps(
        [SUMMARY_VERSION, hits, [list(m) for m in summary.markup],
         [[k.tag, k.attr, k.url, k.line, k.column] for k in summary.links], sorted(summary.ids)],
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8", "surrogatepass")


def _loads(data: bytes) -> FileSummary | None:
    """`_dumps` read back; None for anything of another shape (a miss, summarised again). Each
    column's types are checked at once (map in C), not field by field."""
    try:
        version, hits, markup, links, ids = json.loads(data)
        if version != SUMMARY_VERSION or type(hits) is not str:
            return None
        found = STORED.loads(hits.encode("utf-8", "surrogatepass")) if hits else ()
        if type(found) is not tuple or not all(type(h) is personal_data.Hit for h in found):
            return None
        if not (_columns(markup, (int, int, str)) and _columns(links, (str, str, str, int, int))
                and type(ids) is list and set(map(type, ids)) <= {str}):
            return None
        return FileSummary(hits=found, markup=tuple(map(tuple, markup)),
                           links=tuple(map(Link._make, links)), ids=frozenset(ids))
    except (ValueError, TypeError):
        return None


def _columns(rows: object, types: tuple[type, ...]) -> bool:
    """`rows` is a list of lists, each of len(types) values of exactly those types."""
    if type(rows) is not list or not all(type(row) is list and len(row) == len(types) for row in rows):
        return False
    return not rows or all(set(map(type, column)) == {t} for column, t in zip(zip(*rows, strict=True), types, strict=True))


PARALLEL_BYTES = 48 * 2**20
"""Scanned content (bytes on disk) from which the summaries are made in worker processes, one
per available core: the files are independent, and at 200,000 candidates (~350 MB of pages
and search files) summarising them is most of the checks. A small site (every test's, a
rebuild under `mkdocs serve`, which summarises only the files whose bytes changed) is checked
in the process itself, with no start-up cost."""


def _summarise_file(item: tuple[str, str, bool]) -> FileSummary:
    """`summarise` of a file read from disk (`packed`: a precompressed copy), in a worker."""
    kind, path, packed = item
    with open(path, "rb") as f:
        data = f.read()
    return summarise(kind, personal_data.unpack(data) if packed else data)


def summarise(kind: str, data: bytes) -> FileSummary:
    """The summary of a file's content (`data`, unpacked) read as `kind` (its content suffix)."""
    if kind == _ANCHORS_ONLY:
        return FileSummary(ids=frozenset(parse_html(data.decode("utf-8", errors="replace")).ids))
    if kind not in _PARSED:
        return FileSummary(hits=tuple(personal_data.scan_content(kind, data)))
    doc = parse_html(data.decode("utf-8", errors="replace"))
    if kind in personal_data.HTML_SUFFIXES:
        return FileSummary(
            hits=tuple(personal_data.scan_parsed_html(doc)),
            markup=tuple(check_markup(doc)),
            links=page_links(doc),
            ids=frozenset(doc.ids),
        )
    return FileSummary(
        hits=tuple(personal_data.scan_parsed_xml(doc)), links=page_links(doc), ids=frozenset(doc.ids)
    )


def _summarise_ahead(
    items: list[tuple[str, str, str, bool]], roots: list[str], seen: set[_Key] | None = None
) -> list[tuple[_Key, FileSummary]]:
    """The summary of each file (kind, site path, path, packed) whose content no earlier item
    had (nor one in `seen`, which is updated), keyed as run_checks keys it; theme copies left
    out (run_checks skips them). In the worker, or here for the chunks it has not started."""
    out: list[tuple[_Key, FileSummary]] = []
    seen = set() if seen is None else seen
    theme = [Path(r) for r in roots]
    for kind, rel, path, packed in items:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue  # gone meanwhile: run_checks sees what is there in the end
        if not packed and personal_data.is_theme_copy(rel, data, theme):
            continue
        content = personal_data.unpack(data) if packed else data
        key = (kind, hashlib.sha256(content).digest())
        if key in seen:
            continue
        seen.add(key)
        out.append((key, summarise(kind, content)))
    return out


_kept: list[tuple[_Key, FileSummary]] = []
_kept_keys: set[_Key] = set()
"""In the worker of Ahead: what its tasks made, sent back at the end (`_send_kept`) rather than
task by task: this process is then still building the search files, and would hold every
summary on top of that build's peak."""


def _keep(items: list[tuple[str, str, str, bool]], roots: list[str]) -> None:
    """In the worker of Ahead: summarise `items` (`_summarise_ahead`) and keep the summaries."""
    _kept.extend(_summarise_ahead(items, roots, _kept_keys))


def _send_kept() -> list[tuple[_Key, FileSummary]]:
    """In the worker of Ahead: every summary its tasks made."""
    return _kept


AHEAD_CHUNK_BYTES = 2 * 2**20
"""Content (bytes on disk) per task of the worker of Ahead: small enough that the two processes
end at nearly the same time when this one joins in (a task takes ≈ 1 s), large enough that
handing the tasks over costs little."""


def _chunked(items: list[tuple[str, str, str, bool]], sizes: list[int]) -> list[list[tuple[str, str, str, bool]]]:
    """`items` cut into runs of about AHEAD_CHUNK_BYTES, a file's precompressed copy (which
    follows it in the site's order) kept with it: they share a summary."""
    chunks: list[list[tuple[str, str, str, bool]]] = []
    size = AHEAD_CHUNK_BYTES
    for item, n in zip(items, sizes, strict=True):
        if size >= AHEAD_CHUNK_BYTES and not (chunks and item[1] == chunks[-1][-1][1] + ".gz"):
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += n
    return chunks


class Ahead:
    """The summaries of the site's files, made while the build goes on: `build.finish` starts a
    worker process once the engine has written the pages, before the search files are built
    (≈ 45 s at 200,000 candidates, one core), so that the pages' checks use the machine's other
    core meanwhile; the search files are handed to it once written (`add`). When this process
    gets to the checks (`summaries`), it summarises the tasks the worker has not started, from
    the last back, while the worker finishes its own: neither core waits for the other.
    run_checks takes a summary from here only for a file whose content is the one summarised
    (its key); what was written or changed since is summarised then, as ever.

    Only for a site big enough for the checks' workers (PARALLEL_BYTES) on more than one core,
    and with no summaries at hand: none in this process (a rebuild under `mkdocs serve`) and no
    disk store (a publishing server's has those of every page that did not change); summarising
    them again would take a core from the build for nothing."""

    def __init__(self, site_dir: Path, theme_dirs: Sequence[Path], site_url: str | None = None,
                 early: ForkedChecks | None = None) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: list[tuple[list[tuple[str, str, str, bool]], Future[None]]] = []
        self._listed: set[str] = set()
        self._roots = [str(r) for r in theme_dirs]
        self._made: dict[_Key, FileSummary] | None = None
        if early is None and diskcache.enabled():
            early = ForkedChecks.start(theme_dirs)
            if early is not None:
                early.at(Path(site_dir), site_url)
        self._forked = early
        if early is not None:
            early.check_again()  # the pages are written: the copy checks them
        if not workers.may_work_ahead() or _summaries:
            return  # a rebuild under `mkdocs serve` has the summaries of this process
        items, sizes = self._new_files(Path(site_dir))
        if sum(sizes) < PARALLEL_BYTES:
            return
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._submit(items, sizes)

    def _new_files(self, site_dir: Path) -> tuple[list[tuple[str, str, str, bool]], list[int]]:
        """The scanned files not handed to the worker yet: (kind, site path, path, packed), and
        their sizes."""
        items: list[tuple[str, str, str, bool]] = []
        sizes: list[int] = []
        for rel, path in _site_files(site_dir):
            kind = personal_data.content_suffix(rel)
            if kind in personal_data.SCANNED_SUFFIXES and rel not in self._listed:
                self._listed.add(rel)
                items.append((kind, rel, path, rel.lower().endswith(".gz")))
                sizes.append(os.stat(path).st_size)
        return items, sizes

    def _submit(self, items: list[tuple[str, str, str, bool]], sizes: list[int]) -> None:
        assert self._pool is not None
        for chunk in _chunked(items, sizes):
            self._tasks.append((chunk, self._pool.submit(_keep, chunk, self._roots)))

    def add(self, site_dir: Path) -> None:
        """Hand the files written since the start (the search files) to the worker too."""
        if self._pool is not None and self._made is None:
            self._submit(*self._new_files(Path(site_dir)))

    def written(self, site_dir: Path) -> None:
        """The search files are written, their `.gz` copies not yet: the forked copy checks the
        site as it is now while this process compresses them, so that the report (`report`)
        has only the copies left to read (at 200,000 candidates a correction's new search
        folder was ≈ 3 s of checks after the build was otherwise done); the worker, when there
        is one, takes the files written so far (`add`)."""
        self.add(site_dir)
        if self._forked is not None:
            self._forked.check_again()

    def report(self, allow: Allowlist, site_url: str | None) -> CheckReport | None:
        """The whole check of the site as it is now, made by the forked copy (ForkedChecks);
        None when there is none or it failed (run_checks then checks here)."""
        return self._forked.report(allow, site_url) if self._forked is not None else None

    def summaries(self) -> dict[_Key, FileSummary]:
        """What the worker and this process made (waiting for the worker's last tasks); empty
        when no worker was started."""
        if self._made is not None or self._pool is None:
            return self._made or {}
        seen: set[_Key] = set()
        mine: list[tuple[_Key, FileSummary]] = []
        # The worker takes its tasks from the first on; a task it has not taken yet can be
        # cancelled, and is then this process's (cancel and the worker's taking are atomic).
        for chunk, future in reversed(self._tasks):
            if not future.cancel():
                break
            mine += _summarise_ahead(chunk, self._roots, seen)
        made: dict[_Key, FileSummary] = {}
        # After the tasks it took (a pool runs them in order). A dead worker: run_checks
        # summarises what it did not send.
        with contextlib.suppress(BrokenProcessPool):
            made.update(self._pool.submit(_send_kept).result())
        made.update(mine)
        self._pool.shutdown()
        self._tasks = []
        self._made = made
        return made


class ForkedChecks:
    """A publishing server's checks, begun by a copy of the build's process (a fork) once the
    engine has written the pages, while this process builds the search files.

    With the disk store the workers of Ahead are not worth starting (the store holds the
    summaries of every page that did not change), yet reading those summaries back, hashing
    the pages and classifying their links was most of a correction's checks (≈ 2 s at 50,000
    candidates, ≈ 5 s at 200,000) with the other core idle. The copy runs the checks over the
    site as it is (`run_checks`, its report discarded: the search files are not written yet),
    which leaves every page's summary and classified links in its memory; asked for the report
    (`report`, every file written), it checks the whole site again from there, exactly as this
    process would, reading only the files written or changed since (`same_files`: the search
    files), and sends the report with the store's entries it
    read (so that the store keeps them, builder.files.diskcache.adopt) and its counts."""

    def __init__(self, process: multiprocessing.process.BaseProcess, conn: Connection) -> None:
        self._process = process
        self._conn = conn
        # A build that exits without its report or `stop` (interrupted) closes the pipe before
        # multiprocessing's own exit handler (registered first, so run after this) waits for
        # the copy, which then ends on the end of file.
        atexit.register(self._conn.close)

    def _done(self) -> None:
        atexit.unregister(self._conn.close)
        self._conn.close()
        self._process.join()

    @classmethod
    def start(cls, theme_dirs: Sequence[Path], known: Mapping[str, str] | None = None,
              checked: Signatures | None = None) -> ForkedChecks | None:
        """The copy, waiting to be told which site it checks (`at`), then to be asked to check
        it (`check_again`); `known`, `checked`: see early_checks."""
        if not workers.may_fork_now():
            return None
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        # Not a daemon: a build whose pages all changed (a new day) has more to summarise than
        # one core should, and a daemon may start no workers (it died on the attempt, and this
        # process checked the site again). The copy closes its inherited copy of this end of the
        # pipe first thing, so that it ends when this process does, however it ends.
        process = context.Process(target=_checks_in_fork,
                                  args=(theirs, mine, list(theme_dirs), known, checked))
        process.start()
        theirs.close()
        return cls(process, mine)

    def at(self, site_dir: Path, site_url: str | None) -> None:
        """Tell the copy the site it checks: where the engine writes it, and its address (which
        the links of its pages are read against), without waiting."""
        with contextlib.suppress(OSError):  # the copy died: `report` finds out
            self._conn.send(("site", site_dir, site_url))

    def stop(self) -> None:
        """The build ended before its report (its data had errors): the copy ends too."""
        with contextlib.suppress(OSError):
            self._conn.send(("stop", None, None))
        self._done()

    def check_again(self) -> None:
        """Have the copy check the site as it is now (report discarded), without waiting."""
        # The copy died: `report` finds out, and this process checks.
        with contextlib.suppress(OSError):
            self._conn.send(("again", None, None))

    def report(self, allow: Allowlist, site_url: str | None) -> CheckReport | None:
        found: object = None
        try:
            self._conn.send(("report", allow, site_url))
            found = self._conn.recv()
        except (EOFError, OSError):
            found = None  # the copy died: this process checks
        finally:
            self._done()
        if not (isinstance(found, tuple) and len(found) == 5 and isinstance(found[0], CheckReport)):
            return None
        report, used, (hits, misses), (store_hits, store_misses), checked = found
        global _from_copy
        _from_copy = checked
        diskcache.used.update(used)
        stats.hits += hits
        stats.misses += misses
        diskcache.stats.hits += store_hits
        diskcache.stats.misses += store_misses
        return report


def early_checks(theme_dirs: Sequence[Path], known: Mapping[str, str],
                 checked: Signatures | None = None) -> ForkedChecks | None:
    """The checks' copy of a publishing server's build, started before the build loads its data,
    for `Ahead`: while this process loads and renders, it reads from the disk store the
    summaries of the files a previous build of the site had (`known`: site path → SHA-256 of
    its bytes, the previous build's record), and once told the site (`ForkedChecks.at`)
    classifies their pages' links, so that checking this build's pages, most of them the same
    bytes at the same paths, finds both in its memory. At 200,000 candidates that was ≈ 2 s of
    the copy's work, and it was on the build's path while the copy began only before the engine
    rendered: the other core had nothing to do during the load. `checked`: the files that
    build's checks read (its record's, see `signatures`), which the copy takes unread where
    this site has them hard-linked and unchanged. Started from a process that has
    loaded nothing yet, the copy also shares none of the load's ~2 GB, whose pages each process
    would otherwise copy on its next write to them. Only a guess: a summary is used only for the
    content it was made from, and a file is read and hashed unless `checked` shows it is the
    very file that build checked. None when the copy cannot be made (no disk store, one core,
    another thread)."""
    if not diskcache.enabled():
        return None
    return ForkedChecks.start(theme_dirs, known, checked)


def _store_key(key: _Key) -> bytes:
    """A summary's key in the disk store: its kind and its content's SHA-256."""
    return key[0].encode() + b"\0" + key[1]


def _stored_summary(key: _Key) -> FileSummary | None:
    """The summary the disk store keeps under `key`, or None (none, or of another shape)."""
    data = diskcache.get_raw("check", _store_key(key))
    return _loads(data) if data is not None else None


def _warm(known: Mapping[str, str]) -> dict[str, _Key]:
    """In the copy (early_checks): the summary of each content in `known` that the store has,
    as run_checks would keep it for its next run; the pages among them (site path → key), whose
    links `_classify_known` reads once the site's address is known."""
    global _summaries
    summaries: dict[_Key, FileSummary] = {}
    pages: dict[str, _Key] = {}
    for rel, hexdigest in known.items():
        kind = personal_data.content_suffix(rel)
        if kind not in personal_data.SCANNED_SUFFIXES or rel.lower().endswith(".gz"):
            continue  # a copy's key is its content's, which its original's entry gives
        try:
            key = (kind, bytes.fromhex(hexdigest))
        except ValueError:
            continue
        found = summaries.get(key)
        if found is None:
            # Marked used in the store, as run_checks' own reading would: it is used from memory.
            found = _stored_summary(key)
            if found is None:
                continue
            summaries[key] = found
        if kind in _PARSED:
            pages[rel] = key
    _summaries = summaries
    return pages


def _classify_known(pages: Mapping[str, _Key], site_url: str | None) -> None:
    """In the copy: the links of each page `_warm` found, classified for `site_url`."""
    global _classified
    _classified = {(rel, site_url, key): classify_links(rel, _summaries[key].links, site_url)
                   for rel, key in pages.items()}


def _checks_in_fork(conn: Connection, parents: Connection, theme_dirs: list[Path],
                    known: Mapping[str, str] | None, checked: Signatures | None) -> None:
    """In the copy (ForkedChecks): what a previous build had (`known`, see early_checks), then,
    told the site (`at`), the checks of it as it is each time it is asked ("again": the pages
    once the engine has written them, then the search files while the build compresses them),
    then of the whole site for the report. A build that ends first (its data had errors) says
    "stop", or closes the pipe by ending: the copy ends. `parents`: the build's end of the pipe,
    which the fork copied."""
    parents.close()
    # The summaries it makes are stored by a thread while it checks on (the build waits for the
    # copy to end, so they are all written when the build is).
    with diskcache.writing_behind():
        take_signatures(checked)
        pages = _warm(known) if known else {}
        try:
            what, site_dir, site_url = conn.recv()
            if what != "site":
                return  # "stop": the build ended first
            _classify_known(pages, site_url)
            while True:
                what, allow, url = conn.recv()
                if what == "report":
                    break
                if what != "again":
                    return
                run_checks(site_dir, site_url=site_url, theme_dirs=theme_dirs, same_files=True,
                           only_summaries=True)
        except EOFError:
            return
        hits, misses = stats.hits, stats.misses
        store_hits, store_misses = diskcache.stats.hits, diskcache.stats.misses
        report = run_checks(site_dir, allow=allow, site_url=url, theme_dirs=theme_dirs,
                            same_files=True)
        conn.send((report, sorted(diskcache.used), (stats.hits - hits, stats.misses - misses),
                   (diskcache.stats.hits - store_hits, diskcache.stats.misses - store_misses),
                   signatures()))
        conn.close()


# The cache that makes a rebuild cheap (`mkdocs serve` rebuilds the whole site on every save, in
# one process, and rewrites every file with mostly the same bytes). Summaries are keyed by the
# content's kind and SHA-256, not by path or mtime, so a hit is exactly what scanning would
# give; a precompressed copy shares the entry of its original. Links are classified per page
# path and site URL (relative links depend on both) on top of the summary. Link resolution
# across files is never cached: it is redone every run from the summaries, so a link broken by
# another file's change (a removed anchor, a deleted page) is found. Findings are reported from
# the cache on every run. Bound: after each run only the entries that run used are kept, i.e.
# one summary per distinct file content of the last checked site (~310 at 10,000 candidates,
# ~5.5 MiB).
_Key = tuple[str, bytes]
_summaries: dict[_Key, FileSummary] = {}
_LinkKey = tuple[str, str | None, _Key]
_classified: dict[_LinkKey, PageLinks] = {}
_Signature = tuple[int, int, int, int]
_seen: dict[str, tuple[_Signature, _Key | None]] = {}
"""The last run's files: site path → (inode, size, modification and change times in ns; its
summary's key, None for a theme copy), for `run_checks(same_files=True)`."""


_linked: dict[int, tuple[int, int, _Key]] = {}
"""The files a previous build checked (in another process, see `signatures`): inode → (size,
modification time in ns, its summary's key), for run_checks: a file of this site with that
inode, size and modification time is that file, hard-linked into this site (builder.files.reuse)
and not written since, so its content is the one checked."""


def _checked_before(status: os.stat_result) -> tuple[_Signature, _Key | None] | None:
    """The signature and key of the file of `status`, when a previous build checked it (_linked).
    Its change time is not compared: linking a file into the next site changes it."""
    found = _linked.get(status.st_ino)
    if found is None or found[0] != status.st_size or found[1] != status.st_mtime_ns:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns), found[2]


_from_copy: Signatures | None = None
"""What the last report's forked copy checked (ForkedChecks.report), when it made the report."""


def signatures() -> Signatures:
    """The files the last run_checks of this build checked (see Signatures), that the next
    build's checks take unread when its site has them hard-linked and unchanged (`_linked`):
    at 200,000 candidates a correction's ~20,000 files, all but ~2,000 linked from the previous
    build, were read, hashed and their ~7,000 .gz copies decompressed again, ≈ 2 s of the
    checks' copy's work, most of it after the build had written its last file."""
    if _from_copy is not None:
        return _from_copy
    return {rel: (sig[0], sig[1], sig[2], key[1].hex())
            for rel, (sig, key) in _seen.items() if key is not None}


def take_signatures(known: Signatures | None) -> None:
    """What a previous build checked (its record's `checked`), for this process's checks."""
    global _linked
    linked: dict[int, tuple[int, int, _Key]] = {}
    for rel, (ino, size, mtime_ns, hexdigest) in (known or {}).items():
        kind = personal_data.content_suffix(rel)
        try:
            linked[ino] = (size, mtime_ns, (kind, bytes.fromhex(hexdigest)))
        except ValueError:
            continue
    _linked = linked


stats = CacheStats()
"""The file summaries (`entries`: how many the last run kept)."""
classified_stats = CacheStats()
"""The pages' classified links."""


def _clear() -> None:
    """Forget every summary (builder.files.cache.clear_all)."""
    global _summaries, _classified, _seen, _linked
    _summaries, _classified, _seen, _linked = {}, {}, {}, {}
    stats.entries = 0


register(_clear)


@dataclass
class CheckReport:
    problems: Problems = field(default_factory=Problems)
    files_scanned: int = 0
    theme_files: int = 0
    links_checked: int = 0
    anchors_checked: int = 0
    external_links: int = 0
    findings: int = 0
    broken_links: int = 0
    unsafe_markup: int = 0

    def summary(self) -> str:
        return (
            f"检查了 {self.files_scanned} 个文件（另有 {self.theme_files} 个主题自带文件未扫描）、"
            f"{self.links_checked} 个站内链接"
            f"（其中 {self.anchors_checked} 个带锚点，另有 {self.external_links} 个外部链接未访问）："
            f"个人信息 {self.findings} 处，失效链接 {self.broken_links} 个，"
            f"可疑标记 {self.unsafe_markup} 处"
        )


def display_root(site_dir: Path) -> str:
    """How paths in messages start: `site/…`, also while the build is still in its staging
    directory (`.site.new-xxxx`, see builder.adapter.mkdocs.sitebuild)."""
    site_dir = Path(site_dir)
    m = re.match(r"^\.(.+)\.new-", site_dir.name)
    shown = site_dir.with_name(m.group(1)) if m else site_dir
    try:
        rel = os.path.relpath(shown)
    except ValueError:
        rel = str(shown)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else str(shown)


def _site_files(site_dir: Path) -> list[tuple[str, str]]:
    """(path in the site with /, path on disk) of every file, as `sorted(site_dir.rglob("*"))`
    would list them (component by component, symlinked directories not entered) but in one
    scandir pass."""
    found: list[tuple[str, str]] = []

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.path))

    walk(os.fspath(site_dir), "")
    # Component by component: a / read as a character before any other ("\0" is in no name).
    found.sort(key=lambda item: item[0].replace("/", "\0"))
    return found


def run_checks(
    site_dir: Path,
    *,
    allow: Allowlist | Iterable[str] = (),
    site_url: str | None = None,
    shown_as: str | None = None,
    theme_dirs: Sequence[Path],
    ahead: Ahead | None = None,
    same_files: bool = False,
    only_summaries: bool = False,
) -> CheckReport:
    """Check the built site in `site_dir`.

    `theme_dirs`: where the engine's theme takes its static files from (the adapter knows): a
    site file identical to one there is the theme's, not ours, and is not scanned.
    `ahead`: summaries made while the build went on (Ahead).
    `same_files`: a file of the last run in this process whose inode, size and modification
    and change times are as they were then is taken as read then, not read and hashed again
    (the forked checks' second run: the build's process writes only the search files between
    the two, each a new file).
    `only_summaries`: a run whose report nobody reads (the forked checks' runs before the last):
    the files' summaries and the pages' classified links are made and kept for the next run,
    and nothing else (the links between files are resolved by the next run anyway: ≈ 0.25 s of
    each pass at 200,000 candidates).
    """
    global _summaries, _classified, _seen, _from_copy
    _from_copy = None  # this run's signatures are the build's from now on
    site_dir = Path(site_dir)
    root = shown_as if shown_as is not None else display_root(site_dir)
    allowlist = allow if isinstance(allow, Allowlist) else Allowlist(everywhere=frozenset(allow))
    report = CheckReport()
    problems = report.problems
    reported = 0
    used: dict[_Key, FileSummary] = {}
    used_links: dict[_LinkKey, PageLinks] = {}

    def add(rel: str, line: int, column: int, message: str) -> None:
        nonlocal reported
        reported += 1
        if reported <= MAX_REPORTED:
            problems.error(f"{root}/{rel}", line, column, message)

    early = ahead.summaries() if ahead is not None else {}

    def stored(kind: str, key: _Key) -> FileSummary | None:
        found = used.get(key) or _summaries.get(key)
        if found is None and key in early:
            return made(kind, key, early[key])
        if found is None:
            found = _stored_summary(key)
        return found

    def made(kind: str, key: _Key, found: FileSummary) -> FileSummary:
        stats.misses += 1
        if diskcache.enabled():
            diskcache.put_raw("check", _store_key(key), _dumps(found))
        used[key] = found
        return found

    def summary_of(kind: str, data: bytes) -> tuple[_Key, FileSummary]:
        key = (kind, hashlib.sha256(data).digest())
        found = stored(kind, key)
        if found is None:
            return key, made(kind, key, summarise(kind, data))
        stats.hits += 1
        used[key] = found
        return key, found

    files = _site_files(site_dir)
    roots = list(theme_dirs)
    scanned = [(rel, path, personal_data.content_suffix(rel)) for rel, path in files]
    scanned = [item for item in scanned if item[2] in personal_data.SCANNED_SUFFIXES]
    cores = workers.cores()
    # Each file's status, asked once: its size decides how to summarise, and its inode, size
    # and times tell a file of the last run (stat twice was 19,000 more calls a pass at
    # 200,000 candidates).
    statuses = [os.stat(path) for _, path, _ in scanned]
    parallel = cores > 1 and sum(s.st_size for s in statuses) >= PARALLEL_BYTES
    # In order, each scanned file: (site path, key of its summary, plain: not a .gz copy).
    entries: list[tuple[str, _Key, bool]] = []
    pending: dict[_Key, tuple[str, str, bool]] = {}
    """Summaries to make in the workers: key → (kind, path, packed), each content once."""
    seen: dict[str, tuple[_Signature, _Key | None]] = {}
    for (rel, path, kind), status in zip(scanned, statuses, strict=True):
        signature = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
        before = _seen.get(rel) if same_files else None
        if before is None or before[0] != signature:
            before = _checked_before(status)
        if before is not None and before[0] == signature:
            seen[rel] = before
            key_before = before[1]
            if key_before is None:
                report.theme_files += 1
                continue
            found_before = stored(kind, key_before)
            if found_before is not None:
                stats.hits += 1
                used[key_before] = found_before
                report.files_scanned += 1
                entries.append((rel, key_before, not rel.lower().endswith(".gz")))
                continue
        with open(path, "rb") as f:
            data = f.read()
        if personal_data.is_theme_copy(rel, data, roots):
            report.theme_files += 1
            seen[rel] = (signature, None)
            continue
        report.files_scanned += 1
        plain = not rel.lower().endswith(".gz")
        content = data if plain else personal_data.unpack(data)
        if not parallel:
            key, _summary = summary_of(kind, content)
        else:
            key = (kind, hashlib.sha256(content).digest())
            known = None if key in pending else stored(kind, key)
            if known is not None or key in pending:
                stats.hits += 1
                if known is not None:
                    used[key] = known
            else:
                pending[key] = (kind, path, not plain)
        entries.append((rel, key, plain))
        seen[rel] = (signature, key)
    keys = list(pending)
    if sum(os.stat(pending[k][1]).st_size for k in keys) < PARALLEL_BYTES:
        # Few left to summarise (a publishing server's store had the rest: a correction's
        # changed pages and search files): starting the workers, each importing the checks,
        # would cost more than summarising them here (≈ 1.5 s of a correction's build step at
        # 50,000 candidates, for ≈ 260 files).
        for key in keys:
            made(key[0], key, _summarise_file(pending[key]))
    else:
        with ProcessPoolExecutor(min(cores, len(keys)), mp_context=multiprocessing.get_context("spawn")) as pool:
            for key, summary in zip(keys, pool.map(_summarise_file, [pending[k] for k in keys], chunksize=8),
                                    strict=True):
                made(key[0], key, summary)

    pages: dict[str, tuple[_Key, FileSummary]] = {}
    for rel, key, plain in entries:
        summary = used[key]
        if only_summaries:
            if plain and key[0] in _PARSED:
                pages[rel] = key, summary
            continue
        allowed = allowlist.for_file(rel) if summary.hits else frozenset()
        for hit in summary.hits:
            if hit.finding.key in allowed and hit.finding.kind not in NEVER_ALLOWED:
                continue
            report.findings += 1
            add(rel, hit.line, hit.column, personal_data.message(hit))
        if plain and key[0] in _PARSED:
            pages[rel] = key, summary

    for rel in sorted(pages) if not only_summaries else ():
        if rel.endswith((".html", ".htm")) and rel.count("/") >= MAX_PAGE_DEPTH:
            problems.warning(
                f"{root}/{rel}", 1, 1,
                f"页面位于 {rel.count('/')} 层目录之下：deploy/nginx.conf 的内容安全策略只允许主题在 "
                f"{MAX_PAGE_DEPTH - 1} 层以内的页面运行其内嵌脚本，更深的页面搜索、大字模式等功能会失效；"
                "请把 site_src/ 中的这个页面移到较浅的目录",
            )
        if rel.endswith((".html", ".htm")):
            for line, column, message in pages[rel][1].markup:
                report.unsafe_markup += 1
                add(rel, line, column, message)

    classified: dict[str, PageLinks] = {}
    for rel, (key, summary) in pages.items():
        link_key = (rel, site_url, key)
        found = _classified.get(link_key)
        if found is None:
            classified_stats.misses += 1
            found = classify_links(rel, summary.links, site_url)
        else:
            classified_stats.hits += 1
        used_links[link_key] = classified[rel] = found
    if only_summaries:
        _summaries, _classified, _seen = used, used_links, seen
        stats.entries = len(used)
        return report

    def ids_of(target: str) -> Collection[str] | None:
        if target in pages:
            return pages[target][1].ids
        # A page outside the scanned set (a theme copy): read for its anchors only.
        try:
            with open(site_dir / target, "rb") as f:
                data = f.read()
        except OSError:
            return None
        return summary_of(_ANCHORS_ONLY, data)[1].ids

    link_problems, link_stats = resolve_links({rel for rel, _ in files}, classified, ids_of)
    report.links_checked = link_stats.links
    report.anchors_checked = link_stats.anchors
    report.external_links = link_stats.external
    report.broken_links = len(link_problems)
    for p in link_problems:
        add(p.file, p.line, p.column, p.message)
    if reported > MAX_REPORTED:
        problems.error(
            root, 1, 1, f"共发现 {reported} 处问题，以上只列出前 {MAX_REPORTED} 处"
        )
    _summaries, _classified, _seen = used, used_links, seen
    stats.entries = len(used)
    return report


def check_output(
    site_dir: Path,
    portal: Portal | None = None,
    *,
    site_url: str | None = None,
    handwritten: Iterable[str] = (),
    theme_dirs: Sequence[Path],
    ahead: Ahead | None = None,
) -> Problems:
    """Every problem found in the built files (personal data, broken links...).

    Pass the build's `portal` so that the issuing offices' contacts (campaign `contact` and
    `publicity.objections`) are allowed, each campaign's in its own pages and the generated
    site-wide files but never in `handwritten` pages (site paths of site_src pages); and the
    config's `site_url` so that absolute links to the portal itself are checked too.
    """
    allow = (portal_allowlist(portal) if portal is not None else Allowlist()).with_handwritten(handwritten)
    report = ahead.report(allow, site_url) if ahead is not None else None
    if report is None:
        report = run_checks(Path(site_dir), allow=allow, site_url=site_url, theme_dirs=theme_dirs,
                            ahead=ahead)
    log.info(report.summary())
    return report.problems
