"""`mkdocs serve` in a child process, as `make serve` runs it, for tests and the benchmark.

The child writes its output to a log file rather than a pipe, so a chatty server can never block
on a full pipe, and the log can be read at any time (to wait for a message, or to say why a page
never came).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from harness.net import base_url, free_port


class ServeError(RuntimeError):
    """The server exited, or what was waited for never came; the message carries its log."""


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    base: str
    """http://127.0.0.1:<port>/"""
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str = "", timeout: float = 60.0) -> tuple[int, str]:
        """(status, body) of `base + path`; (0, reason) when the server did not answer. The
        timeout only bounds a hung server on a loaded machine: it asserts no speed."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            return 0, f"no answer: {e}"

    def wait_for(self, what: str, condition: Callable[[], bool], limit: float = 120.0,
                 interval: float = 0.1) -> float:
        """Poll until `condition()`; returns `time.perf_counter()` when it held. Raises with the
        server's log when the server exits or `limit` seconds pass (a bound for a hung server)."""
        deadline = time.monotonic() + limit
        while True:
            if condition():
                return time.perf_counter()
            if self.proc.poll() is not None:
                raise ServeError(f"mkdocs serve exited ({self.proc.returncode}) waiting for "
                                 f"{what}:\n{self.log[-3000:]}")
            if time.monotonic() > deadline:
                raise ServeError(f"mkdocs serve: no {what} after {limit:.0f} s:\n{self.log[-3000:]}")
            time.sleep(interval)

    def wait_for_page(self, path: str, text: str, limit: float = 120.0,
                      interval: float = 0.1) -> str:
        """Poll `path` until its body contains `text`; returns the body."""
        seen: list[str] = []

        def shows() -> bool:
            status, body = self.get(path, timeout=min(limit, 60.0))
            seen[:] = [body]
            return status == 200 and text in body

        try:
            self.wait_for(f"{text!r} on /{path}", shows, limit, interval)
        except ServeError as e:
            raise ServeError(f"{e}\nlast body: {(seen or [''])[0][:300]}") from None
        return seen[0]

    def wait_serving(self, limit: float = 300.0) -> None:
        """Wait for the first build to finish ("Serving on" in the log)."""
        self.wait_for("first build", lambda: "Serving on" in self.log, limit)


@contextlib.contextmanager
def mkdocs_serve(config: Path, *, log: Path, today: str | None = None, cwd: Path | None = None,
                 python: str = sys.executable, port: int | None = None) -> Iterator[Served]:
    """Run `python -m mkdocs serve -f config` on a free loopback port until the block ends.

    `today` sets GONGSHI_TODAY (the portal's date); `cwd` is where relative paths of the config
    that MkDocs does not resolve itself (the plugin's `data_dir`) are taken from.
    """
    port = port or free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if today is not None:
        env["GONGSHI_TODAY"] = today
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [python, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=cwd or config.parent, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    try:
        yield Served(proc, base_url(port), log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
