"""Filesystem steps that publishing relies on: atomic file writes, directory swaps, symlink
switches, modes. The one place that replaces anything in one step.

Whatever the web server reads must never be missing or half-written, and must be readable by
its unprivileged workers (Debian's nginx runs them as www-data) whatever the umask of the
build: `tempfile.mkdtemp` makes 0700 directories, and copied form files keep their own modes.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> object | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    func = getattr(libc, "renameat2", None)
    if func is None:
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_RENAMEAT2 = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap the two paths in one step (Linux renameat2 RENAME_EXCHANGE).

    False when the C library, the kernel or the filesystem cannot do it; any other failure
    raises. After True, `a` holds what `b` held and the other way round.
    """
    if _RENAMEAT2 is None:
        return False
    rc = _RENAMEAT2(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
    )
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished tree `new` in place of `target`; the old tree is removed afterwards.

    With RENAME_EXCHANGE there is no moment without `target`, and a crash at any point leaves
    either the old or the new tree complete there. Only where the kernel cannot exchange does
    it fall back to two renames (a short window without `target`, undone on failure).
    """
    if not target.exists():
        new.rename(target)
        return
    if exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_atomically(path: Path, data: str | bytes, *, durable: bool = True,
                     mode: int | None = None) -> None:
    """Replace `path` by `data` (text is written as UTF-8 with \\n line ends) in one step: a
    reader (or `mkdocs serve`) sees the old file or the new, never half. `durable`: on disk
    (fsync) before the rename, so a power cut leaves one of the two; a cache entry, which is
    only a miss when lost, need not wait for that. `mode`: the file's permissions (else 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def switch_symlink(link: Path, points_to: str) -> None:
    """Make `link` point to `points_to` by renaming a new symlink over it (atomic)."""
    tmp = link.with_name(f".{link.name}.new-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(points_to)
    os.replace(tmp, link)


DIR_MODE = 0o755
FILE_MODE = 0o644


GROUP_DIR_MODE = 0o775


def make_world_readable(root: Path, *, group_writable: bool = False) -> None:
    """Directories 0755 and files 0644 under (and including) `root`; symlinks are left alone.

    Execute bits on files are dropped too: nothing a static site serves is a program.
    `group_writable`: directories 0775, for a publishing server whose build runs as its own
    account (deploy/README.md): the publishing account, in the same group, moves the release
    into place and later deletes it.
    """
    dir_mode = GROUP_DIR_MODE if group_writable else DIR_MODE
    os.chmod(root, dir_mode)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, dir_mode)
        for name in filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode) and stat.S_IMODE(st.st_mode) != FILE_MODE:
                os.chmod(path, FILE_MODE)
