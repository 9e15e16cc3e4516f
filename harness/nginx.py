"""Debian's nginx serving a built site with the deployed configuration, for tests and bench.

The site configuration is deploy/nginx.conf with only `listen` and `root` changed, so what is
tested and measured is what is deployed. Started as root (as on CI), the master drops its
workers to an unprivileged user as Debian's packaged nginx does (`user www-data;`), so a site
the workers cannot read fails here as it would on the server.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

from harness.net import base_url, free_port, wait_port

REPO = Path(__file__).resolve().parent.parent
DEPLOY_CONF = REPO / "deploy" / "nginx.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")
MISSING = "Debian nginx is missing (/usr/sbin/nginx): run `make test` (it installs it) or apt-get install nginx"


class NginxError(RuntimeError):
    """nginx is missing, cannot read the site, or did not start; the message says why."""


def binary() -> Path:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise NginxError(MISSING)
    return Path(found)


def worker_user() -> str:
    """What Debian's nginx runs its workers as (`user www-data;`), or `nobody` without it."""
    try:
        pwd.getpwnam("www-data")
        return "www-data"
    except KeyError:
        return "nobody nogroup"


def unreadable_for_workers(root: Path) -> Path | None:
    """The first directory on the way to `root` that other users cannot enter or list."""
    root = Path(root).absolute()
    for d in [*reversed(root.parents), root]:
        if not d.exists():
            break  # a `current` symlink before the first release: nginx answers 404 until then
        mode = d.stat().st_mode
        need = stat.S_IXOTH | (stat.S_IROTH if d == root else 0)
        if mode & need != need:
            return d
    return None


def site_config(root: Path, port: int, *, csp: bool = True, prefix: str = "/",
                tls: tuple[Path, Path] | None = None) -> str:
    """deploy/nginx.conf with only `listen` and `root` changed (and, with `csp=False`, without
    the Content-Security-Policy header: the benchmark's Material alternative is not bound by
    the portal's hashes). Fails when the deploy file no longer has the lines this relies on.

    `prefix`: the portal lives in `root`'s folder of that name (/gongshi/), as on a host that
    serves it under a sub-path; the locations of single files and the 404 page move under it,
    as deploy/README.md tells an administrator to do.

    `tls`: (certificate, key): HTTPS and HTTP/2 as deploy/README.md deploys it (the bench's
    `--tls`), in the `listen … ssl http2` form that nginx 1.22 (Debian 12) reads too."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    if prefix != "/":
        text, n_error = re.subn(r"(?m)^(\s*)error_page 404 /404\.html;", rf"\1error_page 404 {prefix}404.html;", text)
        text, n_feed = re.subn(r"(?m)^(\s*)location = /feed\.xml", rf"\1location = {prefix}feed.xml", text)
        if n_error != 1 or n_feed != 1:
            raise NginxError("deploy/nginx.conf must have one `error_page 404 /404.html;` and one `location = /feed.xml`")
    text, n_listen = re.subn(r"(?m)^(\s*)listen\s+(?:\[::\]:)?80;\n", "", text)
    text, n_root = re.subn(
        r"(?m)^(\s*)root\s+[^;]+;",
        lambda m: f"{m.group(1)}{_listen(port, tls, m.group(1))}\n{m.group(1)}root {root};",
        text,
    )
    if n_listen < 1 or n_root != 1:
        raise NginxError(
            "deploy/nginx.conf must have `listen 80;` and exactly one `root …;` line in its server block"
        )
    if not csp:
        text = re.sub(r"(?m)^\s*add_header Content-Security-Policy .*;\n", "", text)
    return text


def _listen(port: int, tls: tuple[Path, Path] | None, indent: str) -> str:
    if tls is None:
        return f"listen 127.0.0.1:{port};"
    cert, key = tls
    return (f"listen 127.0.0.1:{port} ssl http2;\n{indent}ssl_certificate {cert};\n"
            f"{indent}ssl_certificate_key {key};")


def main_config(work: Path, site_conf: Path, *, access_log: bool = True) -> str:
    """A whole nginx.conf for one server: everything nginx writes stays under `work`."""
    user = f"user {worker_user()};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {name}_temp_path {work / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    log = f"access_log {work / 'access.log'};" if access_log else "access_log off;"
    return (
        f"{user}worker_processes 1;\n"
        f"pid {work / 'nginx.pid'};\n"
        f"error_log {work / 'error.log'} warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        f"    {log}\n"
        "    sendfile on;\n"
        f"{temp}\n"
        f"    include {site_conf};\n"
        "}\n"
    )


@contextlib.contextmanager
def serve(root: Path, work: Path, *, port: int | None = None, csp: bool = True,
          access_log: bool = True, prefix: str = "/", tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Serve `root` on a free loopback port until the block ends; yields the base URL.

    `work` holds nginx's configuration, logs and pid file."""
    nginx = binary()
    blocked = unreadable_for_workers(root)
    if blocked is not None:
        raise NginxError(
            f"nginx's workers ({worker_user()}) cannot read {blocked} "
            f"(mode {stat.S_IMODE(blocked.stat().st_mode):o}): serve from a world-readable "
            "directory (the tests' `www_path`), not pytest's 0700 tmp_path"
        )
    work.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    site_conf = work / "site.conf"
    # Not resolved: a `current` symlink must stay one, switched under nginx's feet.
    site_conf.write_text(site_config(Path(root).absolute(), port, csp=csp, prefix=prefix, tls=tls), encoding="utf-8")
    conf = work / "nginx.conf"
    conf.write_text(main_config(work, site_conf, access_log=access_log), encoding="utf-8")
    output = work / "output.log"
    with output.open("wb") as sink:
        proc = subprocess.Popen([str(nginx), "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
                                stdout=sink, stderr=subprocess.STDOUT)
    try:
        try:
            wait_port(port, proc=proc)
        except RuntimeError as e:
            logs = [output, work / "error.log"]
            text = "\n".join(p.read_text(errors="replace") for p in logs if p.exists())
            raise NginxError(f"nginx did not start: {e}\n{text}") from None
        yield base_url(port).replace("http:", "https:", 1) if tls else base_url(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
