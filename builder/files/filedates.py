"""The date a published file last changed, as the public should read it.

A file's modification time in a git checkout is the time of the checkout, not of the change: on
a fresh clone every form would say it was updated today. So a committed, unmodified file takes
the date of the last commit that touched it; a file with uncommitted changes (HR staff
previewing an edit) or outside any repository takes its modification time.

A publishing server builds files extracted from the pushed commit, with no repository around
them (builder.server.tree): there the server reads the same dates from the commit's history
and the build step hands them over (`from_commit`) before anything is loaded.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_extracted: dict[str, dt.date] | None = None
"""Set by `from_commit`: each extracted file's absolute path → its last commit's day."""


def from_commit(top: Path, days: Mapping[str, dt.date]) -> None:
    """The files under `top` were extracted from a commit (a publishing server's build): `days`
    (each file's path relative to `top`, '/'-separated) are the days of the last commits that
    touched them, as git gives them in a checkout of that commit. Every `FileDates` of this
    process then takes its dates from these and runs no git.

    Keyed by absolute path as the loader spells it (`top` joined with the path, not resolved):
    an extracted tree holds no symbolic links (builder.server.tree refuses them), so the
    spelling is the file, and a look-up makes no system call (≈ 3,000 files at 200,000
    candidates)."""
    global _extracted
    base = os.path.abspath(top)
    _extracted = {os.path.join(base, *rel.split("/")): day for rel, day in days.items()}


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


LOG_FORMAT = ("log", "-z", "--format=@%cs", "--name-only")
"""The git log `last_changes` reads: here, and on a publishing server (builder.server.tree)."""


def last_changes(log: bytes) -> dict[bytes, dt.date]:
    """Each file name in `log` (git's output of LOG_FORMAT, newest commit first) → the day of the
    newest commit that lists it. "@<day>" NUL, then each file the commit changed,
    NUL-terminated, the first one after a newline. Names are paths from the top of the
    repository, so a token "@…" without "/" is a commit's day; a day past year 9999 prints more
    digits and is skipped (its files keep the day of an earlier commit, or their own)."""
    last: dict[bytes, dt.date] = {}
    day: dt.date | None = None
    for token in log.split(b"\0"):
        token = token.lstrip(b"\n")
        if token.startswith(b"@") and b"/" not in token:
            day = _day(token[1:])
        elif token and day is not None:
            last.setdefault(token, day)
    return last


def _day(text: bytes) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None


@dataclass
class FileDates:
    """Dates of the files under one folder, read with two git calls for all of them (none on a
    publishing server: `from_commit`)."""

    root: Path
    committed: dict[Path, dt.date] = field(default_factory=dict)
    dirty: set[Path] = field(default_factory=set)
    extracted: dict[str, dt.date] | None = None
    """The commit's dates (`from_commit`), when the files were extracted from it."""

    @classmethod
    def scan(cls, root: Path) -> FileDates:
        if _extracted is not None:
            return cls(Path(os.path.abspath(root)), extracted=_extracted)
        root = root.resolve()
        dates = cls(root)
        top = _git(root, "rev-parse", "--show-toplevel")
        if top is None:
            return dates
        base = Path(top.strip())
        # -z: names verbatim (without it git quotes a name with `"` or `\\` even with
        # core.quotepath=off, and such a file would take its modification time).
        log = _git(root, *LOG_FORMAT, "--", ".")
        status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
        for name, day in last_changes((log or "").encode("utf-8")).items():
            dates.committed.setdefault((base / name.decode("utf-8")).resolve(), day)
        # "XY <path>" NUL; a rename or copy is followed by the name it had, NUL-terminated.
        tokens = iter((status or "").split("\0"))
        for token in tokens:
            if len(token) > 3:
                dates.dirty.add((base / token[3:]).resolve())
                if "R" in token[:2] or "C" in token[:2]:
                    next(tokens, None)
        return dates

    def date_of(self, path: Path) -> dt.date:
        if self.extracted is not None:
            day = self.extracted.get(os.path.abspath(path))
            if day is not None:
                return day
        # Resolved only to be looked up among the committed files: outside a repository there
        # are none (≈ 3,000 paths of 200,000 candidates' data, each component a system call).
        elif self.committed:
            resolved = path.resolve()
            if resolved not in self.dirty and resolved in self.committed:
                return self.committed[resolved]
        return dt.datetime.fromtimestamp(path.stat().st_mtime).date()
