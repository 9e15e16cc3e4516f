"""Measuring primitives: child processes with their own peak RSS, sizes, statistics, nginx."""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness import nginx as harness_nginx
from harness.net import free_port

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


@contextlib.contextmanager
def nginx(root: Path, *, csp: bool = True, tls: bool = False) -> Iterator[str]:
    """Serve `root` with Debian's nginx and the project's deploy/nginx.conf on a free loopback
    port (gzip on, cache headers as deployed; `csp=False` for the Material alternative, whose
    inline scripts the portal's CSP hashes do not cover: it changes what may run, not how fast).
    `tls`: over HTTPS and HTTP/2, as production is deployed (deploy/README.md), with the bench's
    own certificate (`certificate`)."""
    port = free_port()
    work = OUT / f"nginx-{port}"
    try:
        with harness_nginx.serve(root, work, port=port, csp=csp, access_log=False,
                                 tls=certificate() if tls else None) as url:
            yield url
    finally:
        shutil.rmtree(work, ignore_errors=True)


TLS = OUT / "tls"


def certificate() -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and its key), made once under bench/out/tls."""
    cert, key = TLS / "cert.pem", TLS / "key.pem"
    if not (cert.is_file() and key.is_file()):
        TLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-days", "3650", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
        for path in (TLS, cert, key):  # nginx's workers read them (www-data)
            path.chmod(0o755 if path.is_dir() else 0o644)
    return cert, key


def spki_hash(cert: Path) -> str:
    """base64 SHA-256 of the certificate's public key: what Chromium's
    --ignore-certificate-errors-spki-list trusts (as it would a CA-signed certificate: the
    HTTP cache and HTTP/2 work as on a real site)."""
    pub = subprocess.run(["openssl", "x509", "-in", str(cert), "-noout", "-pubkey"], check=True,
                         capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=pub, check=True,
                         capture_output=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


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
