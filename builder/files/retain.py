"""The search files and scripts a new release keeps serving for pages of earlier releases.

A visitor who opened a page before a release still runs that page's scripts, which load the
manifest it knew and then the shards that manifest names; a page loaded just before the switch
asks for the scripts it names. Those files are named by their content (builder.files.contentname),
so a new release can carry them beside its own without any clash: `retain` hard-links into the
new release every content-named file under `RETAINED` that an earlier release of the window built
itself and the new one lacks. One fixed-name file is carried too: the search manifest of an
earlier *format* (`search/index-v<N>.json`, named by the format's version), so that a page whose
script is older than an upgrade that changed the format still finds the last manifest it can
read (a release of the same format has its own, which it keeps). Nothing else is carried: an
earlier page, form or list never comes back (a list withdrawn, or data taken down, stays down),
and neither does another fixed-name file (an image).

Only what each earlier release built itself (its record, builder.files.reuse) is carried, never
what it carried in turn: the files kept are exactly those the window's releases reference, so a
file leaves as soon as the last release that referenced it leaves the window. Nothing is kept or
dropped by its age or modification time.

Hard links rather than a store shared by releases: each release stays one complete, self-standing
directory that nginx serves through `current`, that rsync copies to a mirror as it is, that a
rollback switches to, and that an upload to object storage reads; a file lives as long as one
release that links it, so removing an old release can never take a file from a newer one. Which
earlier releases make the window (those live at some moment of the last N days, and never one
whose commit was taken off the published branch, such as a push of data published by mistake)
is the server's choice (builder.server.window).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import stat
import threading
from collections.abc import Sequence
from pathlib import Path

from builder.files.contentname import is_content_named
from builder.files.reuse import Record, link, site_files

RETAINED = ("assets/", "search/")
"""Where the scripts, style sheets and search files live."""
SEARCH_MANIFEST = re.compile(r"search/index-v[0-9]+\.json(\.gz)?")
"""The search manifest of any format (builder.render.search.shards MANIFEST), precompressed or not."""


def own_files(release: Path) -> list[str]:
    """The site paths `release` would carry into a later one: the content-named files under
    RETAINED and the search manifest that it built itself (all such files it holds when it has
    no record: a release built before records existed never carried any). A later release of
    the same format has a manifest of that name, which `retain` never replaces."""
    record = Record.read(release, checked=False)
    found = sorted(record.files) if record is not None else site_files(release)
    return [rel for rel in found
            if (rel.startswith(RETAINED) and is_content_named(rel)) or SEARCH_MANIFEST.fullmatch(rel)]


def retain(site: Path, earlier: Sequence[Path]) -> list[str]:
    """Hard-link into `site` each file of `own_files` of the `earlier` release directories
    (newest first) that `site` does not have; the site paths added, in order. Only adds files:
    `site` may already be live (a rollback)."""
    added: list[str] = []
    have = set(site_files(site))
    folders: set[str] = set()
    into = os.fspath(site) + "/"
    for source in earlier:
        # Thousands of search files per release in the window (≈ 14,000 at 200,000 candidates,
        # each a search folder of its own): paths joined as strings, and one system call each
        # where it can be (a new name, so nothing is replaced and nothing can be half there).
        start = os.fspath(source) + "/"
        for rel in own_files(source):
            if rel in have:
                continue
            old = start + rel
            try:
                if not stat.S_ISREG(os.lstat(old).st_mode):
                    continue  # a link (followed nowhere) or anything but a file
            except OSError:
                continue  # gone
            folder = rel.rpartition("/")[0]
            if folder not in folders:
                os.makedirs(into + folder, exist_ok=True)
                folders.add(folder)
            try:
                os.link(old, into + rel, follow_symlinks=False)
            except OSError:
                link(source, site, rel)  # refused (another account's file, …): as a copy
            have.add(rel)
            added.append(rel)
    return added


GATHERED = "carried.json"
"""Beside a gathered folder (`Gathering`): the site paths `retain` linked into it."""


class Gathering:
    """`retain` done ahead, while the build runs: every file the `earlier` releases would carry
    into a new one is hard-linked, in a thread, into `folder` (emptied first), then moved into
    the built site by `move_gathered`. The links are made while the build step's process works (a wait
    for it is the only other thing this process does), and the move is one rename per folder
    the site lacks: a correction's release carries the search folders of every release of the
    window, ≈ 4,200 files each at 50,000 candidates, which took ≈ 0.9 s before the switch with
    thirteen releases in the window, and grew with every push of the week."""

    def __init__(self, folder: Path, earlier: Sequence[Path]) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self._paths: list[str] | None = None
        self._thread = threading.Thread(target=self._gather, args=(list(earlier),), daemon=True)
        self._thread.start()

    def _gather(self, earlier: list[Path]) -> None:
        # Behind the build on the CPU (Linux's nice value is a thread's own): with a week of
        # releases in the window these are ~170,000 links at 200,000 candidates, ≈ 6 s of a
        # core, which took a core from the build step and its checks while all three ran.
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            self._paths = retain(self.folder, earlier)
        except OSError:
            self._paths = None  # done() says so; the caller carries the usual way

    def done(self) -> bool:
        """Wait for the links; whether all were made (the list is kept beside the folder)."""
        self._thread.join()
        if self._paths is None:
            return False
        (self.folder.parent / GATHERED).write_text(json.dumps(self._paths), encoding="utf-8")
        return True

    def discard(self) -> None:
        self._thread.join()
        shutil.rmtree(self.folder, ignore_errors=True)
        (self.folder.parent / GATHERED).unlink(missing_ok=True)


def move_gathered(folder: Path, site: Path) -> list[str] | None:
    """Move into `site` what a `Gathering` linked into `folder` and `site` lacks (a folder the
    site lacks, whole, by one rename; else file by file; what the site has stays, as `retain`
    never replaces a file); the site paths added, as `retain` would have returned them. None
    (nothing moved) when the gathering is not complete."""
    try:
        paths = json.loads((folder.parent / GATHERED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        return None
    moved: set[str] = set()
    _move(str(folder), str(site), "", moved)
    shutil.rmtree(folder, ignore_errors=True)
    (folder.parent / GATHERED).unlink(missing_ok=True)
    return [p for p in paths if _under(p, moved)]


def _move(source: str, target: str, rel: str, moved: set[str]) -> None:
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        there = os.path.join(target, entry.name)
        if not os.path.lexists(there):
            os.rename(entry.path, there)
            moved.add(rel + entry.name)
        elif entry.is_dir(follow_symlinks=False) and os.path.isdir(there) and not os.path.islink(there):
            _move(entry.path, there, rel + entry.name + "/", moved)


def _under(path: str, moved: set[str]) -> bool:
    """Whether `path` or one of its folders was moved."""
    while True:
        if path in moved:
            return True
        path, _, _ = path.rpartition("/")
        if not path:
            return False
