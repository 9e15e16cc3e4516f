"""The date a published file last changed, as the public should read it.

A file's modification time in a git checkout is the time of the checkout, not of the change: on
a fresh clone every form would say it was updated today. So a committed, unmodified file takes
the date of the last commit that touched it; a file with uncommitted changes (HR staff
previewing an edit) or outside any repository takes its modification time.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True, text=True, encoding="utf-8", timeout=60, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


@dataclass
class FileDates:
    """Dates of the files under one folder, read with two git calls for all of them."""

    root: Path
    committed: dict[Path, dt.date] = field(default_factory=dict)
    dirty: set[Path] = field(default_factory=set)

    @classmethod
    def scan(cls, root: Path) -> FileDates:
        root = root.resolve()
        dates = cls(root)
        top = _git(root, "rev-parse", "--show-toplevel")
        if top is None:
            return dates
        base = Path(top.strip())
        log = _git(root, "-c", "core.quotepath=off", "log", "--format=%x00%cs", "--name-only",
                   "--", ".")
        status = _git(root, "-c", "core.quotepath=off", "status", "--porcelain",
                      "--untracked-files=all", "--", ".")
        day: dt.date | None = None
        for line in (log or "").splitlines():
            if line.startswith("\0"):
                day = dt.date.fromisoformat(line[1:].strip())
            elif line and day is not None:
                dates.committed.setdefault((base / line).resolve(), day)  # newest first
        for line in (status or "").splitlines():
            name = line[3:].split(" -> ")[-1].strip('"')
            dates.dirty.add((base / name).resolve())
        return dates

    def date_of(self, path: Path) -> dt.date:
        # Resolved only to be looked up among the committed files: outside a repository (a
        # publishing server's extracted commit) there are none (≈ 3,000 paths of 200,000
        # candidates' data, each component a system call).
        if self.committed:
            resolved = path.resolve()
            if resolved not in self.dirty and resolved in self.committed:
                return self.committed[resolved]
        return dt.datetime.fromtimestamp(path.stat().st_mtime).date()
