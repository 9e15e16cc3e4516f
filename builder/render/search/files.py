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

    Stored as the files' text in plain JSON (every search file is UTF-8 JSON), written and read
    in C: as the Codec's tagged bytes, base64 each, storing it was ~0.5 s of a correction's
    build step at 50,000 candidates (py-spy), and reading it as slow."""
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


STORE_VERSION = 1
"""Of the stored bundle's shape (the store's code digest covers how its files are made)."""


_CONTROL = bytes(range(0x20))


def _bundle_dumps(bundle: Bundle) -> bytes:
    """json.dumps([STORE_VERSION, path, manifest text, {name: file text}], ensure_ascii=False,
    compact), UTF-8, made on the bytes: a file is JSON made by index.dumps, with no control
    character (its strings' are escaped), so its JSON string is itself with backslash and
    quote escaped, no decoding, escaping of other characters and encoding again (at 200,000
    candidates, ~1.3 s of a build step for ~60 MB). UnicodeDecodeError for a file that is not
    UTF-8 text (not stored)."""
    bodies = (bundle.data, *bundle.files.values())
    if any(len(body.translate(None, _CONTROL)) != len(body) for body in bodies):
        # Not what index.dumps makes: encoded by json itself.
        text = {name: body.decode("utf-8") for name, body in bundle.files.items()}
        return json.dumps([STORE_VERSION, bundle.path, bundle.data.decode("utf-8"), text],
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    for body in bodies:
        _valid_utf8(body)
    name = _TEXT.encode
    return b"".join((
        b"[", str(STORE_VERSION).encode(), b",", name(bundle.path).encode(), b",", _string(bundle.data), b",{",
        b",".join(name(path).encode() + b":" + _string(body) for path, body in bundle.files.items()),
        b"}]",
    ))


_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _string(body: bytes) -> bytes:
    if b"\\" in body:
        body = body.replace(b"\\", b"\\\\")
    return b'"' + body.replace(b'"', b'\\"') + b'"'


def _valid_utf8(body: bytes) -> None:
    """UnicodeDecodeError unless `body` is UTF-8 (all ASCII, most rows and entries, is)."""
    if not body.isascii():
        codecs.utf_8_decode(body, "strict", True)


def _bundle_loads(raw: bytes) -> Bundle:
    version, path, data, text = json.loads(raw)
    if version != STORE_VERSION or type(path) is not str or type(text) is not dict:
        raise ValueError("not a search bundle of this version")
    return Bundle(path, data.encode("utf-8"), {name: body.encode("utf-8") for name, body in text.items()})


def _make_bundle(corpus: search_index.SearchCorpus, remember: bool) -> Bundle:
    built = search_shards.build(corpus, remember=remember)
    return Bundle(built.manifest_path, search_index.dumps(built.manifest), built.files)
