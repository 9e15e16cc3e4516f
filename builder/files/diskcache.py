"""A content-keyed store on disk, so that the caches of one build serve the next process.

`mkdocs serve` keeps its caches in memory (one process). A publishing server runs a new process
per step: the pre-receive hook validates the pushed commit, the post-receive hook builds it, the
daily timer rebuilds it. Each started cold, parsing the same 200 YAML files and scanning the same
700 output files again. With the store enabled (only `builder.server` enables it, for its own
directory), the caches that are keyed by content also look here:

- a value is stored under the digest of its key, and a key is always a content hash of the
  input (file bytes, page bytes, search corpus) plus what else the value depends on, so a value
  is found only for exactly the same input: another commit's different file is a miss, never a
  stale hit; nothing trusts modification times;
- the key space also holds the digest of the code (every file of the `builder` package) and of
  the installed distributions' versions, so an upgraded gongshi or library never reads what an
  older one wrote;
- entries are written to a temporary file and renamed, so a `kill -9` leaves a complete entry or
  none; an entry that cannot be read (truncated by a full disk, from another Python) is a miss.

The values are pickles, read only from the server's own directory (written by the same account
that reads it, as the releases are). `prune` bounds the size: the publishing step removes what
no run used since it started.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import os
import pickle
import sys
from pathlib import Path

from builder.files.atomicfs import write_atomically
from builder.files.cache import CacheStats

_root: Path | None = None
stats = CacheStats()
"""Hits and misses of the store (tests read them)."""

BUILDER_DIR = Path(__file__).resolve().parents[1]


def enable(root: Path) -> None:
    """Use `root` for this process (created if missing, private to the account)."""
    global _root
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _root = root


def disable() -> None:
    global _root
    _root = None


def enabled() -> bool:
    return _root is not None


@functools.cache
def code_digest() -> str:
    """What every stored value depends on besides its key: this code and its libraries."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for path in sorted(BUILDER_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(BUILDER_DIR)).encode() + b"\0")
            h.update(path.read_bytes())
    for name, version in sorted(
        (d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions()
    ):
        h.update(f"{name}=={version}\0".encode())
    return h.hexdigest()


def _entry(namespace: str, key: bytes) -> Path | None:
    if _root is None:
        return None
    name = hashlib.blake2b(namespace.encode() + b"\0" + key, digest_size=20).hexdigest()
    return _root / code_digest() / f"{namespace}-{name}.pickle"


def get(namespace: str, key: bytes) -> object | None:
    """The value stored under `key`, or None (also when the store is not enabled)."""
    path = _entry(namespace, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)
    except Exception:  # missing or unreadable: a miss (and rewritten)
        stats.misses += 1
        return None
    stats.hits += 1
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: prune keeps it
    return value


def put(namespace: str, key: bytes, value: object) -> None:
    path = _entry(namespace, key)
    if path is None:
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), durable=False)


def prune(used_since: float) -> int:
    """Remove entries neither written nor read since `used_since` (a time.time()), and
    everything of other code versions; how many files were removed. Entries that a concurrent
    run writes or reads meanwhile are newer, so they stay."""
    if _root is None:
        return 0
    removed = 0
    current = code_digest()
    for folder in _root.iterdir():
        for path in folder.iterdir() if folder.is_dir() else [folder]:
            try:
                if folder.name != current or path.stat().st_mtime < used_since:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        if folder.is_dir() and folder.name != current:
            with contextlib.suppress(OSError):  # a run of the other version still writes
                folder.rmdir()
    return removed
