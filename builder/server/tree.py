"""What a pushed commit holds, checked from git's own listing before anything is extracted.

Issue 26: a push could publish host files through a symbolic link, exhaust the server with a
git bomb (10⁵ files in a few KB) or a 300 MB file, publish `.well-known/` (enough to obtain a
TLS certificate for the portal's host), or publish `.yml`/`.xls`/`.doc` files of site_src/
that no check reads. So the commit's tree is read with `git ls-tree -r -l -z`, streamed and cut
off past the file limit, and refused, every problem named, when it holds:

- a symbolic link anywhere, or a submodule in data/ or site_src/;
- more files than `max_files`, a file over `max_file_mb`, or more than `max_total_mb` in all;
- in data/ or site_src/, a name starting with a dot (an empty `.gitkeep` aside), or one with
  control characters or not in UTF-8;
- in site_src/, a type the personal-data check cannot read (builder.checks.handwritten).

Only then are the blobs of data/ and site_src/ written out, by this module (`git cat-file
--batch`: no attributes, filters or links of the commit's choosing), and nothing else: the
server never reads the commit's other files. A push to the published branch may change those
only to make them what the installed program has (builder.server.program).

The extracted files have no repository around them, so their dates (a form's 更新于, a
round's date) are read from git here (`dates`), not from the files.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from builder.checks import handwritten
from builder.files import filedates
from builder.server.layout import ServerError, Settings

CONTENT = ("data", "site_src")
"""The only folders of a commit the server reads; a push may change nothing else."""
MB = 1024 * 1024
SHOWN = 50
"""Problems listed one by one; the rest are counted."""
OUTSIDE_MESSAGE = "模板和配置由管理员随程序升级，推送只能修改 data/ 和 site_src/"
DUPLICATE_MESSAGE = "提交中有重复的文件路径"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Entry:
    mode: str
    kind: str
    oid: str
    size: int
    """Bytes of a blob; -1 for anything else (a submodule)."""
    path: str
    raw: bytes
    """The path as git has it (`path` is its UTF-8 reading, with replacement characters)."""

    @property
    def top(self) -> str:
        return self.path.split("/", 1)[0]

    @property
    def content(self) -> bool:
        return "/" in self.path and self.top in CONTENT


def shown(path: str) -> str:
    """A file name as a message shows it: control characters spelled out, never sent raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", path)


def _git(repo: Path, *args: str) -> list[str]:
    return ["git", "--git-dir", str(repo), *args]


def read_tree(repo: Path, commit: str, max_files: int) -> tuple[list[Entry], bool]:
    """The commit's files (blobs, links, submodules) and whether there are more than
    `max_files` (then only the first max_files + 1 were read: git is stopped there)."""
    proc = subprocess.Popen(_git(repo, "ls-tree", "-r", "-l", "-z", "--full-tree", commit),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    entries: list[Entry] = []
    rest = b""
    too_many = False
    try:
        while not too_many:
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                break
            records = (rest + chunk).split(b"\0")
            rest = records.pop()
            for record in records:
                meta, _, raw = record.partition(b"\t")
                mode, kind, oid, size = meta.split()
                entries.append(Entry(mode.decode(), kind.decode(), oid.decode(),
                                     int(size) if size.isdigit() else -1,
                                     raw.decode("utf-8", errors="replace"), raw))
                if len(entries) > max_files:
                    too_many = True
                    break
    finally:
        if too_many:
            proc.kill()
        proc.stdout.close()
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        code = proc.wait()
    if not too_many and code != 0:
        raise ServerError(f"无法读取提交 {commit[:7]} 的文件列表：{err.strip()}")
    return entries, too_many


def problems(entries: list[Entry], too_many: bool, settings: Settings) -> list[str]:
    """Every reason to refuse the commit's files, each naming the file."""
    out: list[str] = []
    if too_many:
        out.append(f"提交中的文件超过 {settings.max_files} 个（全部文件夹合计），超过服务器的上限；"
                   "请删除不需要的文件（上限由管理员在 gongshi server init 时用 --max-files 设置）")
    total = 0
    for e in entries:
        p = shown(e.path)
        if e.mode == "120000":
            out.append(f"{p}：这是一个符号链接（快捷方式），指向别处的文件；仓库中不允许符号链接，"
                       "请换成真实的文件或删除它")
            continue
        if e.kind != "blob":
            if e.content:
                out.append(f"{p}：这是一个子模块（另一个仓库），不能发布；请删除它")
            continue
        total += e.size
        if e.size > settings.max_file_mb * MB:
            out.append(f"{p}：{e.size / MB:.1f} MB，超过单个文件 {settings.max_file_mb} MB 的上限"
                       "（上限由管理员在 gongshi server init 时用 --max-file-mb 设置）")
        if not e.content:
            continue
        inside = e.path.split("/", 1)[1]
        if _bad_name(e.raw):
            out.append(f"{p}：文件名中有控制字符或不是 UTF-8 编码的文字，请改名")
        elif handwritten.hidden(inside, e.size):
            out.append(f"{p}：{handwritten.HIDDEN_MESSAGE}")
        elif e.top == "site_src":
            why = handwritten.file_refusal(inside, e.size)
            if why is not None:
                out.append(f"{p}：{why}")
    if total > settings.max_total_mb * MB:
        out.append(f"提交中的文件共 {total / MB:.0f} MB，超过 {settings.max_total_mb} MB 的上限"
                   "（上限由管理员在 gongshi server init 时用 --max-total-mb 设置）")
    return out


def _bad_name(raw: bytes) -> bool:
    try:
        return _CONTROL.search(raw.decode("utf-8")) is not None
    except UnicodeDecodeError:
        return True


def outside_changes(repo: Path, old: str, new: str) -> list[str]:
    """Files outside data/ and site_src/ that the push changes from `old` to `new` into
    something else than the installed program's file (added, edited, deleted or retyped)."""
    done = subprocess.run(_git(repo, "diff-tree", "-r", "-z", "--no-renames", "--raw", old, new),
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"无法比较提交 {old[:7]} 和 {new[:7]}：{done.stderr.decode(errors='replace').strip()}")
    fields = done.stdout.split(b"\0")
    out: list[str] = []
    i = 0
    while i + 1 < len(fields):
        meta, raw = fields[i], fields[i + 1]
        i += 2
        if not meta.startswith(b":"):
            continue
        _old_mode, new_mode, _old_oid, new_oid, status = meta[1:].decode().split()
        path = raw.decode("utf-8", errors="replace")
        if "/" in path and path.split("/", 1)[0] in CONTENT:
            continue
        from builder.server import program

        mine = program.program_blob(path, len(new_oid))
        if status == "D" and mine is None:
            continue  # deleted, as the program has no such file
        if status != "D" and new_mode in ("100644", "100755") and mine == new_oid:
            continue  # now exactly the installed program's file
        out.append(f"{shown(path)}：{OUTSIDE_MESSAGE}")
    return out


def outside_count(entries: Iterable[Entry]) -> int:
    return sum(1 for e in entries if not e.content)


def content_blobs(entries: Iterable[Entry]) -> list[Entry]:
    """The files of data/ and site_src/ among `entries`: what the server extracts."""
    return [e for e in entries if e.content and e.kind == "blob" and e.mode != "120000"]


def extract(repo: Path, entries: list[Entry], dest: Path) -> None:
    """Write the blobs of data/ and site_src/ under `dest` (folders 0755, files 0644); nothing
    else of the commit. `entries` must have passed `problems`."""
    wanted = content_blobs(entries)
    dest.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(_git(repo, "cat-file", "--batch"), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for e in wanted:
            parts = PurePosixPath(e.path).parts
            if any(p in ("", ".", "..") for p in parts) or e.path.startswith("/"):
                raise ServerError(f"{shown(e.path)}：文件路径不正确")
            proc.stdin.write(e.oid.encode() + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise ServerError(f"无法取出 {shown(e.path)}")
            size = int(header[2])
            target = dest.joinpath(*parts)
            target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            # O_EXCL and O_NOFOLLOW: a tree naming one path twice cannot overwrite or follow.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                left = size
                while left:
                    chunk = proc.stdout.read(min(left, 1 << 20))
                    if not chunk:
                        raise ServerError(f"无法取出 {shown(e.path)}")
                    f.write(chunk)
                    left -= len(chunk)
            proc.stdout.read(1)  # the newline after the content
    except FileExistsError:
        raise ServerError(DUPLICATE_MESSAGE) from None
    finally:
        proc.stdin.close()
        proc.stdout.close()
        proc.wait()


@contextlib.contextmanager
def dates(repo: Path, commit: str) -> Iterator[Callable[[list[Entry]], dict[str, str]]]:
    """The day of the last commit in `commit`'s history that touched each file of data/: what
    builder.files.filedates reads from `git log` in an HR checkout of that commit, where the
    extracted files (written today, with no repository around them) would each say it was
    updated today, and differ on every daily rebuild.

    Yields `of(entries)`: `{path: "YYYY-MM-DD"}` for each file of data/ among `entries` (the
    commit's tree: the paths are git's, never names the log mentions such as deleted files').
    One `git log` of data/, started on entering so that it runs while the commit is extracted;
    its output goes to a temporary file (a pipe would stop it once full). The same log as the
    checkout's (%cs: the committer's date as git prints it; merges list no files), except that
    the root commit always lists its files and renames are not looked for (a renamed file's
    new name gets the same commit either way, and finding renames is the costly part)."""
    command = _git(repo, "-c", "log.showRoot=true", *filedates.LOG_FORMAT, "--no-renames",
                   commit, "--", "data")
    with tempfile.TemporaryFile() as out, subprocess.Popen(
        command, stdout=out, stderr=subprocess.PIPE
    ) as proc:

        def of(entries: list[Entry]) -> dict[str, str]:
            _, err = proc.communicate()
            if proc.returncode != 0:
                raise ServerError(f"无法读取提交 {commit[:7]} 的历史："
                                  f"{err.decode(errors='replace').strip()}")
            out.seek(0)
            return _last_changes(out.read(), entries)

        try:
            yield of
        finally:
            if proc.poll() is None:  # the extraction failed before the dates were read
                proc.kill()


def _last_changes(log: bytes, entries: list[Entry]) -> dict[str, str]:
    last = filedates.last_changes(log)
    return {e.path: last[e.raw].isoformat() for e in entries
            if e.top == "data" and e.content and e.kind == "blob" and e.raw in last}


def checked(repo: Path, commit: str, settings: Settings) -> list[Entry]:
    """The commit's files, or ServerError listing every problem (for a build: a commit the
    pre-receive check of an older version accepted)."""
    entries, too_many = read_tree(repo, commit, settings.max_files)
    found = problems(entries, too_many, settings)
    if found:
        raise ServerError("提交中的文件不能发布：\n" + "\n".join(found[:SHOWN]))
    return entries
