"""Measuring primitives: child processes with their own peak RSS, sizes, statistics, nginx."""

from __future__ import annotations

import contextlib
import gzip
import os
import pwd
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness.net import free_port, wait_port

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out"
PYTHON = sys.executable


@dataclass
class Series:
    """Repeated measurements of one quantity; printed as median [min–max]."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def p(self, q: float) -> float:
        """Nearest-rank percentile (q in 0–100); honest for small samples."""
        ordered = sorted(self.values)
        rank = max(1, -(-len(ordered) * q // 100))
        return ordered[int(rank) - 1]

    def to_json(self) -> dict[str, object]:
        return {"values": self.values}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Series:
        values = data["values"]
        assert isinstance(values, list), values
        return cls([float(v) for v in values])


@dataclass
class ChildRun:
    returncode: int
    wall: float
    peak_rss: int
    """Peak resident set size of the child (and the grandchildren it waited for), bytes."""
    output: str


def run_child(
    cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
    timeout: float = 3600.0,
) -> ChildRun:
    """Run `cmd`; wall time from spawn to exit and the peak RSS that this one child reached.

    `os.wait4` gives the rusage of exactly this child, unlike RUSAGE_CHILDREN, which is the
    maximum over every child this process ever waited for.
    """
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    log = OUT / "child.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w+b") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), env=full_env, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        output = sink.read().decode("utf-8", "replace")
    return ChildRun(proc.returncode, wall, usage.ru_maxrss * 1024, output)


def dir_size(root: Path) -> tuple[int, int]:
    """(bytes, files) of everything under `root`."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            total += os.path.getsize(os.path.join(dirpath, name))
            files += 1
    return total, files


def gz(data: bytes) -> int:
    """Size after gzip -6, what nginx's `gzip on` sends by default."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise RuntimeError("nginx is missing: run `make system-deps` (apt-get install nginx)")
    return found


DEPLOY_CONF = REPO / "deploy" / "nginx.conf"


def worker_user() -> str:
    try:
        pwd.getpwnam("www-data")
        return "www-data"
    except KeyError:
        return "nobody nogroup"


def _site_conf(root: Path, port: int, *, csp: bool) -> str:
    """deploy/nginx.conf with `listen` and `root` changed (and, for the alternative, no CSP)."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^\s*listen\s+(?:\[::\]:)?80;\n", "", text)
    text, roots = re.subn(r"(?m)^(\s*)root\s+[^;]+;",
                          lambda m: f"{m.group(1)}listen 127.0.0.1:{port};\n{m.group(1)}root {root};",
                          text)
    if not listens or roots != 1:
        raise RuntimeError("deploy/nginx.conf no longer has `listen 80;` and one `root …;` line")
    if not csp:
        # The portal's CSP allows Material's inline scripts by the hashes of the portal's pages;
        # the alternative is not bound by it. It changes what may run, not how fast.
        text = re.sub(r"(?m)^\s*add_header Content-Security-Policy .*;\n", "", text)
    return text


@contextlib.contextmanager
def nginx(root: Path, *, csp: bool = True) -> Iterator[str]:
    """Serve `root` with Debian's nginx and the project's deploy/nginx.conf on a free loopback
    port (gzip on, cache headers as deployed)."""
    port = free_port()
    work = OUT / f"nginx-{port}"
    work.mkdir(parents=True, exist_ok=True)
    site_conf = work / "site.conf"
    site_conf.write_text(_site_conf(root.resolve(), port, csp=csp), encoding="utf-8")
    temp = "\n".join(f"    {name}_temp_path {work / name};"
                     for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # Workers unprivileged, as Debian's nginx runs them (www-data), whatever bench runs as.
    user = f"user {worker_user()};\n" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'} warn;\n"
        "events { worker_connections 512; }\nhttp {\n    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n    access_log off;\n    sendfile on;\n"
        f"{temp}\n    include {site_conf};\n}}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([nginx_binary(), "-p", str(work), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, proc=proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def fmt_bytes(n: float) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.2f} GiB"
    if n >= 1024**2:
        return f"{n / 1024**2:.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n:.0f} B"


def fmt_seconds(s: float) -> str:
    if s >= 100:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.2f} s"
    return f"{s * 1000:.0f} ms"
