"""What an HR editor waits for under `mkdocs serve`: save one candidate file, see the page change.

The project is served as `make serve` does (`mkdocs serve`, livereload on), from a scratch
project that links to the repository's own site_src/ and theme_overrides/ (and every other entry
but data/), with a copy of mkdocs.yml and of the generated data in its `data/`, so relative
paths in mkdocs.yml resolve exactly as in the repository. It runs from the repository root, so
`builder` is imported from where the tests import it. The clock starts just before the file is written and stops when the served list
page carries the new text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import TODAY
from bench.measure import OUT, PYTHON, REPO, Series, free_port

# Entries of the repository that the scratch project must not share: its data and outputs.
NOT_LINKED = {"data", "site", "bench", ".git", ".venv", "mkdocs.yml", ".ruff_cache", "build"}


@dataclass
class RebuildResult:
    first_build: float
    rebuilds: Series = field(default_factory=Series)
    """A sentence added to one candidate's achievements: the list page changes, the index not."""
    renames: Series = field(default_factory=Series)
    """One candidate renamed: the list page and the search index (so every page's link to it)."""
    page: str = ""
    log_tail: str = ""


def scratch_project(data_dir: Path, name: str) -> Path:
    farm = OUT / name
    if farm.exists():
        shutil.rmtree(farm)
    farm.mkdir(parents=True)
    for entry in REPO.iterdir():
        if entry.name in NOT_LINKED or entry.name.startswith(("site.", ".site")):
            continue
        (farm / entry.name).symlink_to(entry)
    shutil.copy2(REPO / "mkdocs.yml", farm / "mkdocs.yml")
    shutil.copytree(data_dir, farm / "data")
    return farm


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, text: str, timeout: float, proc: subprocess.Popen[bytes]) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError("mkdocs serve exited")
        body = _fetch(url)
        if body is not None and text in body:
            return time.perf_counter()
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def edit_target(data_dir: Path) -> str:
    """The round whose candidate file is edited: a typical one (about 100 people), fixed per N."""
    stems = sorted(p.stem for p in (data_dir / "candidates").glob("*.yml"))
    stems = [s for s in stems if not s.startswith("2026-yunlan")]
    return stems[len(stems) // 2]


def measure(data_dir: Path, *, edits: int, label: str, timeout: float = 1800.0) -> RebuildResult:
    farm = scratch_project(data_dir, f"serve-{label}")
    round_id = edit_target(data_dir)
    target = farm / "data" / "candidates" / f"{round_id}.yml"
    url_path = f"campaigns/{round_id}/gongshi/"
    port = free_port()
    log = farm / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GONGSHI_TODAY": TODAY.isoformat()}
    with log.open("wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "-f", str(farm / "mkdocs.yml"),
             "--dev-addr", f"127.0.0.1:{port}"],
            cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            first = _wait_for(base + url_path, "</html>", timeout, proc) - start
            result = RebuildResult(first_build=first, page="/" + url_path)
            original = target.read_text(encoding="utf-8")
            for k in range(1, edits + 1):
                marker = f"基准测试第{k}次修改"
                edited = original.replace("achievements: |\n    ", f"achievements: |\n    {marker}。", 1)
                assert edited != original, "no achievements field to edit"
                time.sleep(1.0)  # let the watcher settle after the previous build
                t0 = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                t1 = _wait_for(base + url_path, marker, timeout, proc)
                result.rebuilds.add(t1 - t0)
            for k in range(1, edits + 1):
                listed = re.search(r"^(\s*- name: )(\S+)$", original, re.MULTILINE)
                assert listed is not None, "no candidate to rename"
                renamed = f"{listed.group(2)[:1]}测改{'甲乙丙丁戊己庚辛'[k % 8]}"
                assert renamed not in original, renamed
                edited = original[: listed.start(2)] + renamed + original[listed.end(2) :]
                time.sleep(1.0)
                t0 = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                t1 = _wait_for(base + url_path, renamed, timeout, proc)
                result.renames.add(t1 - t0)
            target.write_text(original, encoding="utf-8")
        except (RuntimeError, TimeoutError) as exc:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{exc}; mkdocs serve said: " + " / ".join(tail)) from exc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    result.log_tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    shutil.rmtree(farm, ignore_errors=True)
    return result
