"""The installed program: the configuration and theme every server build uses.

HR staff change content; administrators change the program, by upgrading it (issue 26). The
server builds with the `mkdocs.yml` and `theme_overrides/` of the source tree gongshi is
installed from (as `units` takes `deploy/nginx.conf` from it), never with the pushed ones. A
push may change files outside data/ and site_src/ only to make them what the installed program
has: after an upgrade, HR staff may pull the new program into their repository and push it.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path, PurePosixPath

from builder.server.layout import ServerError

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
THEME = ROOT / "theme_overrides"


def require() -> None:
    """ServerError unless the program's configuration and theme are where the build reads them."""
    for path in (CONFIG, THEME):
        if not path.exists():
            raise ServerError(f"找不到 {path}：请从门户的源代码目录安装 gongshi（见 deploy/README.md）")


def blob_id(data: bytes, length: int) -> str:
    """The git object id of a file with these bytes (SHA-1, or SHA-256 for a 64-digit id)."""
    h = hashlib.sha1() if length == 40 else hashlib.sha256()
    h.update(b"blob %d\0" % len(data))
    h.update(data)
    return h.hexdigest()


def program_blob(rel: str, length: int) -> str | None:
    """The git object id of the program's file at `rel` ('/'-separated), or None when the
    program has no regular file there (a link anywhere on the way does not count)."""
    parts = PurePosixPath(rel).parts
    if not parts or any(p in ("", ".", "..") for p in parts) or rel.startswith("/"):
        return None
    current = ROOT
    for part in parts:
        current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return blob_id(current.read_bytes(), length)
