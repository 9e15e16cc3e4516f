"""The search files of a corpus (manifest, shards, chunks, and their gzip), made once per distinct
corpus: `mkdocs serve` rebuilds in one process, and an edit that changes no searchable text
reuses the previous build's files."""

from __future__ import annotations

import codecs
import gzip
import json
import sys
import threading
from collections.abc import Container, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache

from builder.files import diskcache
from builder.files.cache import Lru
from builder.render.search import index as search_index
from builder.render.search import shards as search_shards

MANIFEST = search_shards.MANIFEST


@dataclass
class Bundle:
    """The search files of one corpus: the manifest's site path and bytes, and the rest."""

    path: str
    data: bytes
    files: dict[str, bytes] = field(repr=False)
    _ahead: dict[str, Future[dict[str, bytes]]] = field(default_factory=dict, repr=False, compare=False)
    """Files being compressed on another thread (`compress_ahead`)."""
    _storing: Future[None] | None = field(default=None, repr=False, compare=False)
    """Its storing in the disk store on that thread (_stored_bundle), until `settle`."""
    _later: search_shards.Later = field(default_factory=list, repr=False, compare=False)
    """What its build left to be stored with it (shards.build's `later`)."""

    def settle(self) -> None:
        """Wait until the bundle is in the disk store, if it is being stored on another thread
        (build.finish calls this once the site is written and checked): an entry the process
        would leave half-written is a miss, never a wrong file, but the next build would cut
        every shard again."""
        storing, self._storing = self._storing, None
        if storing is not None:
            storing.result()

    def gz(self, only: Container[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Each file compressed (`only`: those of these paths), for nginx `gzip_static on;`
        (compressing per request costs the first answer time): gzip -9, ≈ 0.1 s per MB. One at
        a time, as they are written, so that a build does not hold a second copy of the search
        files (≈ 60 MB at 200,000); those compressed ahead as they are done."""
        try:
            for path, body in ((self.path, self.data), *self.files.items()):
                if only is None or path in only:
                    ahead = self._ahead.pop(path, None)
                    # A batch the other thread has not begun is taken back and compressed
                    # here, so that both share what is left.
                    if ahead is None or ahead.cancel() or ahead.cancelled():
                        yield path, _gzip(body)
                    else:
                        yield path, ahead.result()[path]
        finally:
            for ahead in self._ahead.values():
                ahead.cancel()
            self._ahead.clear()

    def compress_ahead(self, paths: Iterable[str]) -> None:
        """Compress these files on another thread while this one goes on (zlib lets go of the
        interpreter while it compresses): the shards a correction cut anew, ~750 of ~5,650 at
        200,000 candidates, whose gzip -9 was ~1.5 s of its build step, while the output
        checks' process (builder.checks.runner) waits for the search files on the other core.
        A few files a task: a task each cost more in handing over than it saved."""
        pool = _compressor()
        todo = [path for path in dict.fromkeys(paths) if path in self.files and path not in self._ahead]
        for at in range(0, len(todo), _AHEAD_BATCH):
            batch = {path: self.files[path] for path in todo[at : at + _AHEAD_BATCH]}
            done = pool.submit(_gzip_all, batch)
            for path in batch:
                self._ahead[path] = done


_AHEAD_BATCH = 32
_SWITCH = sys.getswitchinterval()
"""The interpreter's switch interval, which the compressing thread lowers while it works
(_gzip_all)."""
_BUSY_SWITCH = 0.0002
_pending = [0]
_pending_lock = threading.Lock()


def _gzip(body: bytes) -> bytes:
    return gzip.compress(body, 9, mtime=0)


def _gzip_all(files: dict[str, bytes]) -> dict[str, bytes]:
    """Each file compressed, on the compressing thread. zlib lets go of the interpreter while
    it compresses a file, and the thread waits to take it back after each: as long as the
    switch interval (5 ms) when the main thread is running Python, which for ~750 shards of
    ~15 KB made the thread as slow as the main thread's own compressing. The interval is
    lowered while it works, and set back once it has nothing left to do."""
    with _pending_lock:
        _pending[0] += 1
        sys.setswitchinterval(_BUSY_SWITCH)
    try:
        return {path: _gzip(body) for path, body in files.items()}
    finally:
        with _pending_lock:
            _pending[0] -= 1
            if not _pending[0]:
                sys.setswitchinterval(_SWITCH)


@cache
def _compressor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongshi-gzip")


# The latest build's bundle and the one before it, so that undoing an edit under serve is free
# as well.
bundles: Lru[Bundle] = Lru(2)


def make_bundle(corpus: search_index.SearchCorpus, *, remember: bool = True) -> Bundle:
    """The search files of a corpus: from the cache when an earlier build had the same corpus.
    `remember`: a later build in this process may need the candidates' terms (shards.build)."""
    keys: search_shards.Keys | None = None
    if diskcache.enabled():
        # The digests of the candidates and texts once, for the key and the shard build.
        keys = search_shards.corpus_keys(corpus)
        digest = search_index.corpus_digest(corpus, keys.candidates, keys.of_pages(corpus))
    else:
        digest = search_index.corpus_digest(corpus)
    return bundles.get(digest, lambda: _stored_bundle(digest, corpus, remember, keys))


def _stored_bundle(digest: str, corpus: search_index.SearchCorpus, remember: bool,
                   keys: search_shards.Keys | None = None) -> Bundle:
    """From the publishing server's disk store (builder.files.diskcache) when an earlier process
    built the same corpus (a rebuild of the same commit), else made and stored.

    Stored as the files' text one after another, behind a line of JSON that names them and
    their sizes (every search file is UTF-8 JSON): as the Codec's tagged bytes, base64 each,
    storing it was ~0.5 s of a correction's build step at 50,000 candidates (py-spy), and as
    one JSON string each, escaped, ~0.5 s at 200,000. A later build of another corpus of the
    same candidates takes the shards that did not change from it (shards._CutRecord)."""
    key = digest.encode()
    raw = diskcache.get_raw("search-files", key)
    if raw is not None:
        try:
            bundle = _bundle_loads(raw)
        except (ValueError, TypeError, AttributeError):
            pass  # another shape: made again and rewritten
        else:
            # What the next corpus (a correction) is made from, though this build reads none of it.
            diskcache.keep_made_from("search-files", key)
            return bundle
    made_from: set[str] = set()
    with diskcache.recording(made_from):
        bundle = _make_bundle(corpus, remember, keys, digest if diskcache.enabled() else None)
    if not diskcache.enabled():
        # No store (a plain `gongshi build`): its text would be made for nothing, and at
        # 200,000 candidates it raised the build's peak by ~275 MiB.
        return bundle
    if bundle._ahead:
        # The new shards are being compressed on the other thread: stored there too, after
        # them (the main thread takes back the batches that thread has not begun when it
        # needs them, so both share the work); the writer waits for it (`settle`).
        bundle._storing = _compressor().submit(_store, key, bundle, made_from)
    else:
        _store(key, bundle, made_from)
    return bundle


def _store(key: bytes, bundle: Bundle, made_from: set[str]) -> None:
    """What the build left to be stored (the documents' part), then what the bundle was made
    from (`made_from`, with that part), then the bundle. Every file the build made is text by
    construction (str.encode), or a stored shard of an earlier build taken by the digest of
    what that build made: not decoded again here (~0.3 s at 200,000 candidates); reading it
    back checks (_bundle_loads)."""
    with diskcache.recording(made_from):
        while bundle._later:
            bundle._later.pop(0)()
    diskcache.store_made_from("search-files", key, made_from)
    diskcache.put_raw("search-files", key, _bundle_dumps(bundle, text=False))


def _earlier_files(digest: str) -> Mapping[str, bytes] | None:
    """The files stored under `digest` (shards.Earlier), or None: each file's bytes copied out
    of the entry only when asked for (a correction takes ~4,900 shards of ~7,400 files, and
    copying the whole entry's ~110 MB, twice, was ~0.55 s of its build step at 200,000
    candidates). Not checked for UTF-8 here: the shard build takes only a file whose digest its
    record holds."""
    raw = diskcache.get_raw("search-files", digest.encode())
    if raw is None:
        return None
    try:
        return _StoredFiles(raw, _bundle_index(raw)[2])
    except (ValueError, TypeError, AttributeError):
        return None


class _StoredFiles(Mapping[str, bytes]):
    """The files of a stored bundle (_bundle_dumps), each read from the entry as it is asked for."""

    def __init__(self, raw: bytes, spans: dict[str, tuple[int, int]]) -> None:
        self.raw = raw
        self.spans = spans

    def __getitem__(self, name: str) -> bytes:
        start, end = self.spans[name]
        return self.raw[start:end]

    def __iter__(self) -> Iterator[str]:
        return iter(self.spans)

    def __len__(self) -> int:
        return len(self.spans)


STORE_VERSION = 2
"""Of the stored bundle's shape (the store's code digest covers how its files are made).
2: the files' text behind a line naming them."""


def _bundle_dumps(bundle: Bundle, *, text: bool = True) -> bytes:
    """A line of JSON, [STORE_VERSION, path, the manifest's size, [[name, size], …]], then the
    manifest's and each file's bytes, as they are: nothing escaped or encoded again.
    UnicodeDecodeError for a file that is not UTF-8 text (not stored: the store holds text),
    unless `text` is False (the caller's files are text by construction)."""
    bodies = (bundle.data, *bundle.files.values())
    if text:
        for body in bodies:
            _valid_utf8(body)
    head = json.dumps([STORE_VERSION, bundle.path, len(bundle.data),
                       [[name, len(body)] for name, body in bundle.files.items()]],
                      ensure_ascii=False, separators=(",", ":"))
    return b"".join((head.encode("utf-8"), b"\n", *bodies))


def _valid_utf8(body: bytes) -> None:
    """UnicodeDecodeError unless `body` is UTF-8 (all ASCII, most rows and entries, is)."""
    if not body.isascii():
        codecs.utf_8_decode(body, "strict", True)


def _bundle_loads(raw: bytes, *, text: bool = True) -> Bundle:
    """From `_bundle_dumps`; ValueError for anything else (sizes that do not add up, a file that
    is not UTF-8, unless `text` is False)."""
    path, (start, end), spans = _bundle_index(raw)
    data = raw[start:end]
    files = {name: raw[a:b] for name, (a, b) in spans.items()}
    if text:
        for body in (data, *files.values()):
            _valid_utf8(body)
    return Bundle(path, data, files)


def _bundle_index(raw: bytes) -> tuple[str, tuple[int, int], dict[str, tuple[int, int]]]:
    """The manifest's path, and where in `raw` its bytes and each file's are (_bundle_dumps);
    ValueError for anything else (sizes that do not add up). Nothing copied but the line."""
    at = raw.index(b"\n")  # JSON escapes a line break in a string
    version, path, size, sizes = json.loads(raw[:at])
    if version != STORE_VERSION or type(path) is not str or type(size) is not int or type(sizes) is not list:
        raise ValueError("not a search bundle of this version")
    at += 1
    if size < 0 or at + size + sum(n for _name, n in sizes) != len(raw):
        raise ValueError("sizes that do not add up")
    manifest = (at, at + size)
    spans: dict[str, tuple[int, int]] = {}
    at += size
    for name, n in sizes:
        if type(name) is not str or type(n) is not int or n < 0:
            raise ValueError("not a file's name and size")
        spans[name] = (at, at + n)
        at += n
    return path, manifest, spans


def _make_bundle(corpus: search_index.SearchCorpus, remember: bool, keys: search_shards.Keys | None = None,
                 stored_as: str | None = None) -> Bundle:
    """`stored_as`: the key the bundle is to be stored under (shards.build)."""
    later: search_shards.Later = []
    built = search_shards.build(corpus, remember=remember, keys=keys, stored_as=stored_as,
                                earlier=_earlier_files if stored_as is not None else None,
                                later=later if stored_as is not None else None)
    bundle = Bundle(built.manifest_path, search_index.dumps(built.manifest), built.files, _later=later)
    if built.fresh is not None:
        # The shards taken from an earlier build are in its release with their .gz
        # (builder.files.reuse): only those cut anew are compressed, starting now.
        bundle.compress_ahead(built.fresh)
    return bundle
