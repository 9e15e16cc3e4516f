"""Loopback ports for the servers the tests and the benchmark start."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time


def free_port() -> int:
    """A loopback TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_url(port: int) -> str:
    """The address of a server of ours on a loopback port, as pages and tests use it."""
    return f"http://127.0.0.1:{port}/"


def listens(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


def wait_port(port: int, limit: float = 20.0, proc: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until something listens on 127.0.0.1:`port`; raise if `proc` exits first or
    nothing listens within `limit` seconds (which only bounds a hung server: it asserts no speed)."""
    deadline = time.monotonic() + limit
    while not listens(port):
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}) before listening on {port}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {limit:.0f} s")
        time.sleep(0.05)
