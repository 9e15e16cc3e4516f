"""The search files of a corpus (manifest, shards, chunks, and their gzip), made once per distinct
corpus: `mkdocs serve` rebuilds in one process, and an edit that changes no searchable text
reuses the previous build's files."""

from __future__ import annotations

import codecs
import gzip
import json
from collections.abc import Container, Iterator
from dataclasses import dataclass, field

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

    def gz(self, only: Container[str] | None = None) -> Iterator[tuple[str, bytes]]:
        """Each file compressed (`only`: those of these paths), for nginx `gzip_static on;`
        (compressing per request costs the first answer time): gzip -9, ≈ 0.1 s per MB. One at
        a time, as they are written, so that a build does not hold a second copy of the search
        files (≈ 60 MB at 200,000)."""
        for path, body in ((self.path, self.data), *self.files.items()):
            if only is None or path in only:
                yield path, gzip.compress(body, 9, mtime=0)


# The latest build's bundle and the one before it, so that undoing an edit under serve is free
# as well.
bundles: Lru[Bundle] = Lru(2)


def make_bundle(corpus: search_index.SearchCorpus, *, remember: bool = True) -> Bundle:
    """The search files of a corpus: from the cache when an earlier build had the same corpus.
    `remember`: a later build in this process may need the candidates' terms (shards.build)."""
    digest = search_index.corpus_digest(corpus)
    return bundles.get(digest, lambda: _stored_bundle(digest, corpus, remember))


def _stored_bundle(digest: str, corpus: search_index.SearchCorpus, remember: bool) -> Bundle:
    """From the publishing server's disk store (builder.files.diskcache) when an earlier process
    built the same corpus (a rebuild of the same commit), else made and stored.

    Stored as the files' text one after another, behind a line of JSON that names them and
    their sizes (every search file is UTF-8 JSON): as the Codec's tagged bytes, base64 each,
    storing it was ~0.5 s of a correction's build step at 50,000 candidates (py-spy), and as
    one JSON string each, escaped, ~0.5 s at 200,000."""
    key = digest.encode()
    raw = diskcache.get_raw("search-files", key)
    if raw is not None:
        try:
            return _bundle_loads(raw)
        except (ValueError, TypeError, AttributeError):
            pass  # another shape: made again and rewritten
    bundle = _make_bundle(corpus, remember)
    if not diskcache.enabled():
        # No store (a plain `gongshi build`): its text would be made for nothing, and at
        # 200,000 candidates it raised the build's peak by ~275 MiB.
        return bundle
    try:
        stored = _bundle_dumps(bundle)
    except UnicodeDecodeError:
        return bundle  # not text: not stored
    diskcache.put_raw("search-files", key, stored)
    return bundle


STORE_VERSION = 2
"""Of the stored bundle's shape (the store's code digest covers how its files are made).
2: the files' text behind a line naming them."""


def _bundle_dumps(bundle: Bundle) -> bytes:
    """A line of JSON, [STORE_VERSION, path, the manifest's size, [[name, size], …]], then the
    manifest's and each file's bytes, as they are: nothing escaped or encoded again.
    UnicodeDecodeError for a file that is not UTF-8 text (not stored: the store holds text)."""
    bodies = (bundle.data, *bundle.files.values())
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


def _bundle_loads(raw: bytes) -> Bundle:
    """From `_bundle_dumps`; ValueError for anything else (sizes that do not add up, a file that
    is not UTF-8)."""
    head, _, rest = raw.partition(b"\n")  # JSON escapes a line break in a string
    version, path, size, sizes = json.loads(head)
    if version != STORE_VERSION or type(path) is not str or type(size) is not int or type(sizes) is not list:
        raise ValueError("not a search bundle of this version")
    if size < 0 or size + sum(n for _name, n in sizes) != len(rest):
        raise ValueError("sizes that do not add up")
    data = rest[:size]
    files: dict[str, bytes] = {}
    at = size
    for name, n in sizes:
        if type(name) is not str or type(n) is not int or n < 0:
            raise ValueError("not a file's name and size")
        files[name] = rest[at : at + n]
        at += n
    for body in (data, *files.values()):
        _valid_utf8(body)
    return Bundle(path, data, files)


def _make_bundle(corpus: search_index.SearchCorpus, remember: bool) -> Bundle:
    built = search_shards.build(corpus, remember=remember)
    return Bundle(built.manifest_path, search_index.dumps(built.manifest), built.files)
