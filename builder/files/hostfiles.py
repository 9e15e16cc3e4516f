"""Nothing of the build host gets published: no symbolic link is followed out of the sources.

A form is copied into the site byte for byte, and MkDocs copies every file of site_src/. If
`data/campaigns/<id>/` is a link to /etc, a form named `shadow` would publish the host's
/etc/shadow (issue 12); a link in site_src/ publishes whatever it points to. Resolving a path
before checking that it stays inside its folder is exactly what lets the link through, so the
check works on the path as written: no `..`, and no component (the folder itself included) may
be a symbolic link, tested with lstat, which does not follow links. The same walk refuses links
anywhere under data/ and site_src/, files and folders alike.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

LINK_MESSAGE = (
    "这是一个符号链接（快捷方式），指向别处的文件或文件夹；为了不把服务器上的其他文件发布出去，"
    "数据和页面目录中不允许使用链接，请换成真实的文件或文件夹"
)


def symlinks(root: Path) -> Iterator[Path]:
    """Every symbolic link under `root` (files and folders; links are not entered)."""
    if not root.is_dir() or root.is_symlink():
        return
    for directory, dirs, files in os.walk(root, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(directory, name)
            if path.is_symlink():
                yield path


def unsafe_component(base: Path, relative: str) -> str | None:
    """Why `relative` (a form's `file`) would leave `base` or pass through a link, or None.

    Checked on the unresolved path: `..`, an absolute path, or any component from `base` down
    that is a symbolic link (lstat) is refused; the last component must be a regular file.
    """
    rel = PurePosixPath(relative.replace("\\", "/"))
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return "outside"
    current = base
    for part in (None, *rel.parts):
        if part is not None:
            current = current / part
        try:
            info = os.lstat(current)
        except OSError:
            return "missing"
        if stat.S_ISLNK(info.st_mode):
            return "link"
    return None if stat.S_ISREG(info.st_mode) else "missing"
