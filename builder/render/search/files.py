"""The search files of a corpus (manifest, shards, chunks, and their gzip), made once per distinct
corpus: `mkdocs serve` rebuilds in one process, and an edit that changes no searchable text
reuses the previous build's files."""

from __future__ import annotations

import gzip
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


STORED = diskcache.Codec(Bundle)

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
    built the same corpus (a rebuild of the same commit), else made and stored."""
    return diskcache.remembered("search", digest.encode(), STORED, Bundle,
                                lambda: _make_bundle(corpus, remember))


def _make_bundle(corpus: search_index.SearchCorpus, remember: bool) -> Bundle:
    built = search_shards.build(corpus, remember=remember)
    return Bundle(built.manifest_path, search_index.dumps(built.manifest), built.files)
