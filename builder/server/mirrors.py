"""More than one web server: each release copied to every mirror before any `current` switches.

A mirror is a directory on another nginx host, `host:/srv/gongshi` (rsync over ssh, the ssh
account's keys set up by the administrator), or a local path (a second disk, an NFS mount). It
holds `releases/` and `current` only, laid out like the server directory, so the same nginx
site file serves it.

Publishing with mirrors is two phases, under the server's lock:
1. copy: on every mirror, rsync the release into a hidden `releases/.<name>.partial/`, then
   rename it to `releases/<name>` (a mirror that already has it, on a rollback, gets only the
   files added to it since: the search files of later releases, never a changed one);
2. switch: only when every copy succeeded, switch `current` on the build host and then on each
   mirror, each by renaming a new symlink over the old one.
A copy that fails stops before anything switched anywhere. Within a host every step is atomic;
across hosts the switches follow one another (deploy/README.md says what that means).
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Sequence

from builder.server.layout import ServerError, printable

_REMOTE = re.compile(r"^(?P<host>[^/:]+):(?P<path>/.*)$")
_HOST = re.compile(r"^(?:[A-Za-z0-9_.-]+@)?[A-Za-z0-9_.-]+$")
RELEASE_NAME = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{7}(-\d+)?$")
"""What a release is called (builder.server.release); nothing else on a mirror is ever deleted."""
_RELEASE_GLOB = "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]-*"
OWN = ("releases", "current")


def _split(mirror: str) -> tuple[str | None, str]:
    m = _REMOTE.match(mirror)
    return (m["host"], m["path"]) if m else (None, mirror)


def check_mirror(mirror: str) -> str:
    """The mirror as given, refused unless it is an absolute path or host:/absolute/path with a
    plain host name (never an option for ssh or rsync: `-oProxyCommand=…:/srv/x`)."""
    host, path = _split(mirror)
    bad = (mirror.startswith("-") or not path.startswith("/") or path.rstrip("/") in ("", "/")
           or (host is not None and (not _HOST.match(host) or host.startswith("-")))
           or any(ch < " " or ch == "\x7f" for ch in mirror))
    if bad:
        raise ServerError(f"--mirror 应为绝对路径或 主机:/绝对路径（如 web2:/srv/gongshi），"
                          f"而不是「{printable(mirror)}」")
    return f"{host}:{path}" if host else path


def _sh(mirror: str, script: str) -> str:
    """Run `script` with sh on the mirror's host (ssh for a remote one); its output."""
    host, _ = _split(mirror)
    args = ["ssh", "-o", "BatchMode=yes", "--", host, script] if host else ["sh", "-c", script]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"{mirror}：{printable((done.stderr or done.stdout).strip()) or '命令失败'}")
    return done.stdout


def foreign_content(mirror: str) -> list[str]:
    """What a mirror's directory holds besides what publishing put there (`releases/` with
    releases only, `current`); a missing or empty directory holds nothing foreign. `server
    init` refuses a mirror with anything else: publishing deletes old releases there."""
    _, path = _split(mirror)
    root = shlex.quote(path)
    listing = _sh(mirror, f"[ -d {root} ] || exit 0; cd {root} && ls -A1 && "
                          "{ [ ! -d releases ] || [ -L releases ] || ls -A1 releases | sed 's|^|releases/|'; }")
    found = []
    for name in listing.splitlines():
        if name.startswith("releases/"):
            inside = name.removeprefix("releases/")
            if not (RELEASE_NAME.match(inside) or (inside.startswith(".") and inside.endswith(".partial"))):
                found.append(name)
        elif name not in OWN and not name.startswith(".current.new"):
            found.append(name)
    return found


def copy(mirrors: Sequence[str], releases: str, name: str) -> None:
    """Phase 1: release `name` (under the local `releases` dir) complete on every mirror. A
    mirror that already has it (a rollback) only gets the files added to it since (the search
    files of later releases, builder.files.retain); nothing there is changed or deleted."""
    for mirror in mirrors:
        _, path = _split(mirror)
        root = shlex.quote(path)
        partial = f"{path}/releases/.{name}.partial"
        final = shlex.quote(f"{path}/releases/{name}")
        had = _sh(mirror, f"mkdir -p {root}/releases && chmod 755 {root} {root}/releases && "
                          f"if [ -d {final} ]; then echo had; fi").strip() == "had"
        into = f"releases/{name}/" if had else f"releases/.{name}.partial/"
        done = subprocess.run(
            ["rsync", "-a", "--ignore-existing" if had else "--delete", "-e",
             "ssh -o BatchMode=yes", "--", f"{releases}/{name}/", f"{mirror.rstrip('/')}/{into}"],
            capture_output=True, text=True, check=False,
        )
        if done.returncode != 0:
            raise ServerError(f"复制到 {mirror} 失败：{printable(done.stderr.strip())}")
        if not had:
            # A mirror that got the release meanwhile keeps its own (complete: renamed in whole).
            _sh(mirror, f"if [ -d {final} ]; then rm -rf {shlex.quote(partial)}; "
                        f"else mv -T {shlex.quote(partial)} {final}; fi")


def switch(mirrors: Sequence[str], name: str) -> list[str]:
    """Phase 2: `current` on every mirror to `releases/<name>`; the mirrors that failed (the
    others are switched all the same, so that as many as possible serve the same release)."""
    failed = []
    for mirror in mirrors:
        _, path = _split(mirror)
        new = shlex.quote(f"{path}/.current.new")
        try:
            _sh(mirror, f"ln -sfn {shlex.quote('releases/' + name)} {new} && "
                        f"mv -T {new} {shlex.quote(path + '/current')}")
        except ServerError as exc:
            failed.append(str(exc))
    return failed


def prune(mirrors: Sequence[str], keep: Sequence[str]) -> None:
    """Delete the releases on each mirror that the build host no longer keeps (never the one a
    mirror's `current` points to); best effort: a failure here changes nothing served."""
    names = " ".join(shlex.quote(n) for n in keep)
    for mirror in mirrors:
        _, path = _split(mirror)
        root = shlex.quote(path)
        script = (
            f"cd {root}/releases || exit 0; live=$(basename \"$(readlink {root}/current)\"); "
            f"for r in {_RELEASE_GLOB}; do [ -d \"$r\" ] || continue; [ \"$r\" = \"$live\" ] && continue; "
            f"case \" {names} \" in *\" $r \"*) ;; *) rm -rf -- \"$r\";; esac; done; "
            "rm -rf -- .[0-9]*.partial"
        )
        try:
            _sh(mirror, script)
        except ServerError:
            continue
