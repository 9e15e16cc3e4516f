"""The server directory: its paths and its settings file."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SETTINGS = "gongshi-server.json"
MARK = "gongshi-server"
RELEASE_META = ".gongshi-release.json"


class ServerError(Exception):
    """A problem the administrator must fix; the message is for them (Chinese)."""


@dataclass(frozen=True)
class Settings:
    site_url: str
    branch: str = "main"
    keep: int = 10
    """Releases kept at least (more while the retention window references them)."""
    retain_days: int = 7
    """Each release serves, beside its own, the search files and scripts of every release live
    in the last this many days, so a page opened then still searches (builder.server.window)."""
    python: str = sys.executable
    """The interpreter (of the venv) that ran `server init`: hooks and units run gongshi with it."""
    kind: str = MARK
    mirrors: tuple[str, ...] = ()
    """Other web servers' directories (host:/path or /path) that get every release
    (builder.server.mirrors)."""
    max_files: int = 10_000
    """A pushed commit holds at most this many files (all folders; a git bomb is refused)."""
    max_file_mb: int = 20
    """No file of a pushed commit is larger (MB)."""
    max_total_mb: int = 200
    """All files of a pushed commit together (MB); also git's limit on one push's pack."""
    build_command: tuple[str, ...] = ()
    publish_to: tuple[str, ...] = ()
    """Buckets (s3://BUCKET[/PREFIX]) that get every release (builder.server.bucket)."""
    """How to run the build step (builder.server.buildstep) as its own account, e.g. the
    `etc/gongshi-build` wrapper through sudo (deploy/README.md); empty: `python -m
    builder.server.buildstep DIR` as this account."""


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def repo(self) -> Path:
        return self.root / "repo.git"

    @property
    def releases(self) -> Path:
        return self.root / "releases"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def work(self) -> Path:
        """Builds in progress (never served); whatever is left here was interrupted, but for the
        kept extraction (`src`, which checks itself) and a push's built release (READY)."""
        return self.root / "work"

    @property
    def src(self) -> Path:
        """The built commit's data/ and site_src/, kept between builds (builder.server.extracted):
        written by the publishing account only, read by the build step."""
        return self.work / "src"

    @property
    def src_manifest(self) -> Path:
        """What work/src/ holds, file by file; without it, work/src/ is extracted anew."""
        return self.work / "src.json"

    @property
    def job(self) -> Path:
        """The one release being built (builds are serialised by the lock): the only folder the
        build step writes (builder.server.buildstep)."""
        return self.work / "build"

    @property
    def cache(self) -> Path:
        """The builds' content-keyed caches (builder.files.diskcache), shared by the hooks and the
        timer; never served, safe to delete."""
        return self.root / "cache"

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS

    @property
    def log(self) -> Path:
        return self.root / "publish.log"

    @property
    def lock(self) -> Path:
        return self.root / "build.lock"

    def settings(self) -> Settings:
        try:
            raw = json.loads(self.settings_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ServerError(
                f"{self.root} 不是公示门户的服务器目录（没有 {SETTINGS}）：请先运行 gongshi server init"
            ) from None
        values = {k: raw[k] for k in Settings.__dataclass_fields__ if k in raw}
        values["mirrors"] = tuple(values.get("mirrors", ()))
        values["build_command"] = tuple(values.get("build_command", ()))
        values["publish_to"] = tuple(values.get("publish_to", ()))
        return Settings(**values)


_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def printable(text: object) -> str:
    """`text` (a commit's subject or author, a file name) safe to print on the administrator's
    or the pusher's terminal: no control characters, so no escape sequence can move the cursor,
    erase a line or retitle the window, and no bidirectional override can reorder what is shown
    (issue 26). A tab or newline becomes a space."""
    return _UNPRINTABLE.sub("", str(text).replace("\t", " ").replace("\n", " ").replace("\r", " "))


PUSHER_ENV = "GONGSHI_PUSHER"
"""Who pushed: set per ssh key by `command=` in authorized_keys (deploy/README.md), recorded
with every event a push causes."""


def pusher() -> str | None:
    value = os.environ.get(PUSHER_ENV)
    return printable(value)[:80] if value else None


def log_event(layout: Layout, event: str, **fields: object) -> None:
    """One line of publish.log (JSON), with the time and, for a push, who pushed."""
    from builder.model.clock import now

    entry = {"time": now().isoformat(), "event": event, **fields}
    who = pusher()
    if who and "pusher" not in entry:
        entry["pusher"] = who
    with layout.log.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")


def git(*args: str, cwd: Path | None = None, input: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"git {' '.join(args)} 失败：{done.stderr.decode(errors='replace').strip()}")
    return done.stdout.decode("utf-8", errors="replace").strip()


