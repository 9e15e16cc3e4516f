"""What an HR editor waits for under `mkdocs serve`: save one candidate file, see the page change.

The project is served as `make serve` does (`mkdocs serve`, livereload on), from a scratch
project that links to the repository's own site_src/ and theme_overrides/ (and every other entry
but data/), with a copy of mkdocs.yml and of the generated data in its `data/`, so relative
paths in mkdocs.yml resolve exactly as in the repository. It runs from the repository root, so
`builder` is imported from where the tests import it. The clock starts just before the file is
written and stops when the served list page carries the new text.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import TODAY
from bench.measure import OUT, PYTHON, REPO, Series
from harness.serve import ServeError, mkdocs_serve

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
    log = farm / "serve.log"
    start = time.perf_counter()
    with mkdocs_serve(farm / "mkdocs.yml", log=log, today=TODAY.isoformat(), cwd=REPO,
                      python=PYTHON) as served:

        def shows(text: str) -> float:
            return served.wait_for(f"{text!r} on /{url_path}",
                                   lambda: text in served.get(url_path, timeout=30)[1],
                                   limit=timeout, interval=0.05)

        try:
            first = shows("</html>") - start
            result = RebuildResult(first_build=first, page="/" + url_path)
            original = target.read_text(encoding="utf-8")
            for k in range(1, edits + 1):
                marker = f"基准测试第{k}次修改"
                edited = original.replace("achievements: |\n    ", f"achievements: |\n    {marker}。", 1)
                assert edited != original, "no achievements field to edit"
                time.sleep(1.0)  # let the watcher settle after the previous build
                t0 = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                result.rebuilds.add(shows(marker) - t0)
            for k in range(1, edits + 1):
                listed = re.search(r"^(\s*- name: )(\S+)$", original, re.MULTILINE)
                assert listed is not None, "no candidate to rename"
                renamed = f"{listed.group(2)[:1]}测改{'甲乙丙丁戊己庚辛'[k % 8]}"
                assert renamed not in original, renamed
                edited = original[: listed.start(2)] + renamed + original[listed.end(2) :]
                time.sleep(1.0)
                t0 = time.perf_counter()
                target.write_text(edited, encoding="utf-8")
                result.renames.add(shows(renamed) - t0)
            target.write_text(original, encoding="utf-8")
        except ServeError as exc:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
            raise RuntimeError(f"{str(exc).splitlines()[0]}; mkdocs serve said: "
                               + " / ".join(tail)) from exc
    result.log_tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    shutil.rmtree(farm, ignore_errors=True)
    return result
