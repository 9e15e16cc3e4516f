"""What a build takes unchanged from the previous one: its record, and hard links to its files.

A built site may carry a record of itself (`RECORD`, a hidden file nothing serves): every file's
SHA-256 and, for every page the engine rendered, the key of everything that page was made from
(builder.adapter.mkdocs.plugin). A build given the previous site (`BuildOptions.previous`, a
publishing server's live release) then

- does not render a page whose key is the previous build's for the same path, and takes the
  previous file instead (`link`): a correction of one round renders that round's pages and the
  few pages that list every round, not the thousands of closed rounds;
- after everything is written, replaces each file whose bytes equal the previous build's file at
  the same path by a hard link to it (`share_unchanged`): releases share every unchanged file on
  disk, and what changed is known without comparing bytes again (the uploads to object storage).

Nothing here decides what a page is: a page is taken only when its key matches, and the key is
made from the page's inputs, so the site is byte for byte what a build from nothing makes
(tests/test_incremental.py builds both). The record is trusted as the previous build wrote it:
the server's own directory, never served.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from builder.files.atomicfs import write_atomically

RECORD = ".gongshi-build.json"
CHECKED = ".gongshi-checked.json"
"""Beside the record, what the build's checks read (Record.checked): this machine's state
(inode numbers), not the site's, kept apart so that the record is the same for the same site."""
FORMAT = 1

Signatures = dict[str, tuple[int, int, int, str]]
"""Site path → (inode, size, modification time in ns, SHA-256 of the content summarised, hex)
of each file a build's output checks read (builder.checks.runner.signatures): CHECKED."""


@dataclass
class Record:
    pages: dict[str, str] = field(default_factory=dict)
    """Site path of a rendered page (…/index.html) → the key of what it was made from."""
    files: dict[str, str] = field(default_factory=dict)
    """Site path of every file (the record itself and other hidden files aside) → SHA-256."""
    checked: Signatures = field(default_factory=dict)
    """What the build's output checks read: the next build's checks take a file unread where it
    is the same file, linked (CHECKED)."""

    @classmethod
    def read(cls, site: Path, *, checked: bool = True) -> Record | None:
        """The record of the site built in `site`, or None (none, another format, unreadable).
        `checked`: with what its checks read (CHECKED), which only the next build needs."""
        try:
            raw = json.loads((site / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return None
        pages, files = raw.get("pages"), raw.get("files")
        if not isinstance(pages, dict) or not isinstance(files, dict):
            return None
        read: object = {}
        if checked:
            try:
                read = json.loads((site / CHECKED).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                read = {}  # none: every file is read
        signatures = read if isinstance(read, dict) else {}
        return cls({str(k): str(v) for k, v in pages.items()}, {str(k): str(v) for k, v in files.items()},
                   {str(k): (v[0], v[1], v[2], v[3]) for k, v in signatures.items() if _is_signature(v)})

    def write(self, site: Path) -> None:
        body = {"format": FORMAT, "pages": dict(sorted(self.pages.items())),
                "files": dict(sorted(self.files.items()))}
        # Written before the site is made world-readable and swapped in (the adapter's steps).
        write_atomically(site / RECORD, json.dumps(body, ensure_ascii=False, indent=0) + "\n",
                         durable=False)
        if self.checked:
            write_atomically(site / CHECKED, json.dumps(self.checked, ensure_ascii=False,
                                                        separators=(",", ":")), durable=False)


def _is_signature(value: object) -> TypeGuard[list[Any]]:
    return (isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value[:3])
            and type(value[3]) is str)


def digest_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def site_files(site: Path) -> list[str]:
    """Site paths of every regular file under `site` but the hidden files at its top (the
    record, a release's description)."""
    out: list[str] = []
    for folder, dirs, files in os.walk(site):
        rel = os.path.relpath(folder, site)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in files:
            if not (prefix == "" and name.startswith(".")) and os.path.isfile(os.path.join(folder, name)):
                out.append(prefix + name)
        dirs.sort()
    return sorted(out)


_CANNOT_LINK = frozenset({errno.EPERM, errno.EACCES, errno.EXDEV, errno.EMLINK})
"""Why a hard link may be refused where a copy is not: a file of another account under
fs.protected_hardlinks (the build step run as its own account, deploy/README.md), another file
system, too many links."""


def link(previous: Path, site: Path, rel: str, *, or_copy: bool = True, source: str | None = None) -> None:
    """Put the previous build's file `rel` (or `source`, a file of the same bytes at another
    path) into `site` as `rel`, a hard link (replacing what is there); where the system refuses
    the link, as a copy (`or_copy`), else OSError."""
    target = site / rel
    origin = previous / (rel if source is None else source)
    # Most files are taken into a folder that holds nothing at their path yet: one system call
    # then (a correction takes ~19,000 files at 200,000 candidates; the steps below for each
    # were ~1 s of its build step). A taken page is the first file of its own folder
    # (…/index.html): the folder is made, and the link made again, two calls more.
    try:
        os.link(origin, target)
        return
    except FileNotFoundError:
        if not os.path.lexists(origin):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(origin, target)
            return
        except OSError as exc:
            if exc.errno != errno.EEXIST and (not or_copy or exc.errno not in _CANNOT_LINK):
                raise
    except OSError as exc:
        if exc.errno != errno.EEXIST and (not or_copy or exc.errno not in _CANNOT_LINK):
            raise
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and os.path.samefile(origin, target):
        return  # already this very file (a rename onto it would leave the temporary name)
    tmp = target.with_name(f".{target.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        os.link(origin, tmp)
    except OSError as exc:
        if not or_copy or exc.errno not in _CANNOT_LINK:
            raise
        shutil.copyfile(origin, tmp)
    os.replace(tmp, target)


def link_all(previous: Path, site: Path, rels: Iterable[str]) -> None:
    """`link` each of `rels`, each folder they need made once, from the top: most taken pages
    are the first file of a folder of their own, and making it per file (`link`'s makedirs,
    which tries each missing level from the bottom up) was ~0.9 s of a correction's 5,000 taken
    files at 200,000 candidates."""
    made: set[str] = set()
    root = os.fspath(site)
    for rel in sorted(rels):
        folder = rel.rpartition("/")[0]
        if folder and folder not in made:
            parts = folder.split("/")
            for depth in range(1, len(parts) + 1):
                sub = "/".join(parts[:depth])
                if sub not in made:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(os.path.join(root, sub))
                    made.add(sub)
        link(previous, site, rel)


@dataclass
class Previous:
    """The previous build a new one takes unchanged files from: its directory and record, and
    the site paths taken so far with their digests (the previous record's)."""

    site: Path
    record: Record
    taken: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict, repr=False)
    """Site path taken → the previous build's path it was taken from, where they differ."""
    _by_digest: dict[str, str] | None = field(default=None, repr=False)

    def take(self, into: Path, rel: str, body: bytes | None = None) -> bool:
        """Put the previous build's file with the bytes `body` into the site `into` as `rel` (a
        hard link, as `link`), by the digests its record holds: its file at `rel`, else one
        with the same bytes at another path (a content-named folder whose name changed while
        most of its files did not). With `body` None: the `.gz` of a file taken, whenever the
        previous build has the `.gz` beside the file it was taken from (made from the same
        bytes). Whether it was taken; when not, the caller writes the file."""
        if body is None:
            base = rel[:-3] if rel.endswith(".gz") else ""
            origin = self.sources[base] + ".gz" if base in self.sources else rel
            found = self.record.files.get(origin)
            if found is None:
                return False
            digest = found
        else:
            digest = hashlib.sha256(body).hexdigest()
            moved = None if self.record.files.get(rel) == digest else self._path_of(digest)
            if moved is None and self.record.files.get(rel) != digest:
                return False
            origin = moved or rel
        old = self.site / origin
        try:
            if not old.is_file() or old.is_symlink():
                return False
            link(self.site, into, rel, source=None if origin == rel else origin)
        except OSError:
            return False
        self.taken[rel] = digest
        if origin != rel:
            self.sources[rel] = origin
        return True

    def _path_of(self, digest: str) -> str | None:
        if self._by_digest is None:
            self._by_digest = {}
            for path, found in self.record.files.items():
                self._by_digest.setdefault(found, path)
        return self._by_digest.get(digest)


def share_unchanged(site: Path, previous: Path | None, before: Record | None,
                    linked: set[str], known: Mapping[str, str] | None = None,
                    checked: Signatures | None = None) -> Record:
    """The record of the finished `site` (its `pages` filled by the caller), each file whose
    bytes equal the previous build's file at the same path turned into a hard link to it.
    `linked`: files already taken from the previous build at the same path (their digest is
    its record's); `known`: files taken from it, by their digest (Previous.taken); `checked`:
    what the site's checks read (Record.checked), but for the files turned into links here
    (another file now)."""
    record = Record(checked=dict(checked or {}))
    known = known or {}
    for rel in site_files(site):
        if rel in known:
            record.files[rel] = known[rel]
            continue
        if rel in linked and before is not None and rel in before.files:
            record.files[rel] = before.files[rel]
            continue
        digest = digest_file(site / rel)
        record.files[rel] = digest
        if previous is not None and before is not None and before.files.get(rel) == digest:
            old = previous / rel
            try:
                if not os.path.samefile(old, site / rel) and old.is_file():
                    link(previous, site, rel, or_copy=False)
                    record.checked.pop(rel, None)
            except OSError:
                continue  # the previous file is gone or on another filesystem: keep the copy
    return record
