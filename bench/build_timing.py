"""Full builds, each in its own child process: wall time from spawn to exit and its peak RSS.

The portal is built by `builder.adapter.mkdocs.sitebuild.build_site` (what `gongshi build` and the tests run:
load + validate, render, MkDocs + Material, search index, output checks, atomic swap). The
alternative is `python -m mkdocs build` on the same pages saved as Markdown (bench/alternative.py).
Both start a fresh interpreter, so imports are counted on both sides alike.
"""

from __future__ import annotations

import pstats
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import TODAY
from bench.measure import PYTHON, ChildRun, Series, run_child


@dataclass
class BuildSeries:
    wall: Series = field(default_factory=Series)
    rss: Series = field(default_factory=Series)


class BuildFailed(RuntimeError):
    pass


def _check(run: ChildRun, what: str) -> ChildRun:
    if run.returncode != 0:
        raise BuildFailed(f"{what} failed (exit {run.returncode}):\n{run.output[-4000:]}")
    return run


def portal_build(data: Path, site: Path) -> ChildRun:
    return _check(
        run_child([PYTHON, "-m", "bench.child", "portal", str(data), str(site), TODAY.isoformat()]),
        f"portal build of {data.name}",
    )


def alternative_build(project: Path) -> ChildRun:
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)  # mkdocs cleans it too; removing first keeps both sides equal
    return _check(
        run_child([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]),
        f"alternative build of {project.name}",
    )


def alternative_sources(data: Path, project: Path) -> ChildRun:
    return _check(
        run_child([PYTHON, "-m", "bench.child", "alt-sources", str(data), TODAY.isoformat(),
                   str(project)]),
        f"writing the alternative's pages for {data.name}",
    )


@dataclass
class Profile:
    total: float
    by_package: list[tuple[str, float]]
    top_functions: list[tuple[str, float, float]]
    """(function, own seconds, cumulative seconds)."""
    text_path: str


def _package(filename: str) -> str:
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins (C)"
    match = re.search(r"site-packages/([^/]+)/", filename)
    if match:
        return match.group(1)
    match = re.search(r"/(builder|bench)/(.+)\.py$", filename)
    if match:
        module = match.group(2).replace("/", ".")
        return f"{match.group(1)}.{module}"
    match = re.search(r"/lib/python3\.\d+/([^/]+?)(\.py)?/", filename + "/")
    if match:
        return f"stdlib {match.group(1)}"
    return filename


def profile_build(data: Path, site: Path, out: Path) -> Profile:
    _check(run_child([PYTHON, "-m", "bench.child", "profile", str(data), str(site),
                      TODAY.isoformat(), str(out)]), f"profiled build of {data.name}")
    stats = pstats.Stats(str(out.with_suffix(".prof")))
    raw = stats.stats  # type: ignore[attr-defined]
    own: dict[str, float] = defaultdict(float)
    functions: list[tuple[str, float, float]] = []
    for (filename, line, name), (_cc, _nc, tt, ct, _callers) in raw.items():
        own[_package(filename)] += tt
        functions.append((f"{_package(filename)}:{name} (line {line})", tt, ct))
    total = sum(own.values())
    functions.sort(key=lambda f: f[1], reverse=True)
    return Profile(
        total=total,
        by_package=sorted(own.items(), key=lambda kv: kv[1], reverse=True)[:15],
        top_functions=functions[:20],
        text_path=str(out),
    )


def cumulative(profile_path: Path, needles: tuple[str, ...]) -> list[tuple[str, float]]:
    """Cumulative time of the first function whose (file, name) contains each needle."""
    stats = pstats.Stats(str(profile_path))
    raw = stats.stats  # type: ignore[attr-defined]
    found: list[tuple[str, float]] = []
    for needle in needles:
        best = 0.0
        for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in raw.items():
            if needle in f"{filename}:{name}":
                best = max(best, ct)
        found.append((needle, best))
    return found


def stage_build(data: Path, site: Path, out: Path, edit: str | None = None) -> dict[str, object]:
    """One build with wall time per stage (bench.child `stages`), as a dict; with `edit`, the
    rebuild after that edit in the same process, on a scratch copy of `data`."""
    import json
    import shutil

    args = [PYTHON, "-m", "bench.child", "stages", str(data), str(site), TODAY.isoformat(), str(out)]
    scratch = out.with_suffix(".data")
    if edit is not None:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.copytree(data, scratch)
        args[4] = str(scratch)
        args.append(edit)
    try:
        _check(run_child(args), f"staged build of {data.name}" + (f" ({edit})" if edit else ""))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dict(json.loads(out.read_text(encoding="utf-8")))
