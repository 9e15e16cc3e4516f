"""What the benchmark runs in a child process, so each build has its own peak RSS and cold start.

    python -m bench.child portal  DATA SITE TODAY          build the portal (builder.adapter.mkdocs.sitebuild)
    python -m bench.child profile DATA SITE TODAY OUT      the same under cProfile, stats to OUT
    python -m bench.child stages DATA SITE TODAY OUT       wall time per build stage, JSON to OUT
    python -m bench.child stages DATA SITE TODAY OUT EDIT  the same for a rebuild in one process
                                                           after EDIT (achievements|rename) of a
                                                           scratch copy DATA
    python -m bench.child alt-sources DATA TODAY ALT       the portal's pages as plain Markdown
    python -m bench.child release DATA SITE TODAY CACHE [PREVIOUS]
                                                           a publishing server's build: the disk
                                                           store CACHE on, the record written,
                                                           taking what it can from PREVIOUS;
                                                           prints its wall and CPU seconds (JSON)
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import REPO


def build_portal(data: Path, site: Path, today: str, *, lean: bool = True) -> int:
    """A build as `gongshi build` makes it (`lean`), or one that keeps its caches for a rebuild
    in the same process."""
    from builder.adapter.mkdocs.sitebuild import build_site

    return build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today=today, lean=lean)


def build_release(data: Path, site: Path, today: str, cache: Path, previous: Path | None) -> int:
    import datetime as dt
    import json
    import time

    from builder.adapter.mkdocs.sitebuild import build_site
    from builder.files import diskcache
    from builder.server.schedule import upcoming

    wall, cpu = time.perf_counter(), time.process_time()
    diskcache.enable(cache)
    # The dates on which the site changes by itself, as the server's build step lists them
    # (bench.publish_timing picks a day on which nothing takes effect from them).
    changes: list[str] = []

    def schedule(plan: Any) -> None:
        if plan.loaded is not None:
            day = dt.date.fromisoformat(today)
            changes.extend(sorted({c.date.isoformat() for c in upcoming(plan.loaded, day)}))

    code = build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today=today,
                      previous=previous, record=True, planned=schedule)
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                      "schedule": changes}))
    return code


def profile_portal(data: Path, site: Path, today: str, out: Path) -> int:
    profiler = cProfile.Profile()
    code = profiler.runcall(build_portal, data, site, today)
    profiler.dump_stats(str(out.with_suffix(".prof")))
    with out.open("w", encoding="utf-8") as sink:
        stats = pstats.Stats(profiler, stream=sink)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    return code


# (label, module, attribute): functions timed by `stages`, looked up where their callers find
# them. Time is exclusive: a stage nested in another (the YAML parse inside the load) is taken
# out of the outer one, so the stages and "other" add up to the whole build.
STAGES: tuple[tuple[str, str, str], ...] = (
    ("load: YAML parse (yamlsrc.parse_bytes)", "builder.load.parsecache", "parse_bytes"),
    ("load: per-file validation (validation.validate_doc)", "builder.load.parsecache", "validate_doc"),
    ("publish: blank roster workbooks (roster.with_blank_rosters)", "builder.build", "with_blank_rosters"),
    ("load: cross-file rules and the model, the rest of loader.load", "builder.build", "load"),
    ("pages: builder.render.pages.render_all", "builder.build", "render_all"),
    ("search: shard build (search.shards.build)", "builder.render.search.shards", "build"),
    ("search: page texts (corpus.page_entry)", "builder.build", "page_entry"),
    ("search: files written (build.write_search_files)", "builder.build", "write_search_files"),
    ("output checks: checks.runner.check_output", "builder.build", "check_output"),
    ("MkDocs: Markdown of each page (_populate_page)", "mkdocs.commands.build", "_populate_page"),
    ("MkDocs: Material templates of each page (_build_page)", "mkdocs.commands.build", "_build_page"),
    ("MkDocs: site-wide templates (404, sitemap)", "mkdocs.commands.build", "_build_theme_template"),
    ("atomic swap (atomicfs.replace_dir)", "builder.adapter.mkdocs.plugin", "replace_dir"),
)


def stage_times(data: Path, site: Path, today: str, out: Path, edit: str | None = None) -> int:
    import functools
    import importlib
    import json
    import resource
    import time

    own: dict[str, float] = {label: 0.0 for label, _m, _a in STAGES}
    calls: dict[str, int] = {label: 0 for label, _m, _a in STAGES}
    # Memory at the end of each stage's last call, MB: the process's peak so far and what it
    # holds then (resident set), so that the stage that raised the peak shows.
    peak: dict[str, float] = {}
    held: dict[str, float] = {}
    page_mb = resource.getpagesize() / 2**20
    missing: list[str] = []
    stack: list[list[object]] = []  # [label, started]

    def timed(label: str, fn: Callable[..., object]) -> Callable[..., object]:
        @functools.wraps(fn)
        def wrapper(*args: object, **kwargs: object) -> object:
            now = time.perf_counter()
            if stack:
                outer = stack[-1]
                own[outer[0]] += now - outer[1]  # type: ignore[index,operator]
            stack.append([label, now])
            calls[label] += 1
            try:
                return fn(*args, **kwargs)
            finally:
                end = time.perf_counter()
                done = stack.pop()
                own[label] += end - done[1]  # type: ignore[operator]
                peak[label] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                with open("/proc/self/statm", encoding="ascii") as statm:
                    held[label] = int(statm.read().split()[1]) * page_mb
                if stack:
                    stack[-1][1] = time.perf_counter()

        return wrapper

    for label, module_name, attr in STAGES:
        try:
            module = importlib.import_module(module_name)
            setattr(module, attr, timed(label, getattr(module, attr)))
        except (ImportError, AttributeError):
            missing.append(f"{module_name}.{attr}")
    if edit is not None:
        # A rebuild as `mkdocs serve` makes it: the same process, after one full build.
        if build_portal(data, site, today, lean=False) != 0:
            return 1
        apply_edit(data, edit)
        for label in own:
            own[label], calls[label] = 0.0, 0
    start = time.perf_counter()
    code = build_portal(data, site, today, lean=edit is None)
    total = time.perf_counter() - start
    # A stage never called is a stale entry (a function renamed or called under another name),
    # not a stage that took no time: say so, or its time silently lands in "other".
    missing += [label for label, n in calls.items() if n == 0 and label not in missing]
    out.write_text(json.dumps({"total": total, "own": own, "calls": calls, "missing": missing,
                               "peak_mb": peak, "held_mb": held},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    return code


EDITS = ("achievements", "rename")


def apply_edit(data: Path, edit: str) -> None:
    """The edits of bench/serve_rebuild.py, on the file it edits (`data` is a scratch copy)."""
    import re

    from bench.serve_rebuild import edit_target

    target = data / "candidates" / f"{edit_target(data)}.yml"
    text = target.read_text(encoding="utf-8")
    if edit == "achievements":
        edited = text.replace("achievements: |\n    ", "achievements: |\n    基准测试修改。", 1)
    else:
        edited = re.sub(r"^(\s*- name: )(\S)\S*$", r"\1\2测改甲", text, count=1, flags=re.MULTILINE)
    assert edited != text and edit in EDITS, edit
    target.write_text(edited, encoding="utf-8")


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "portal":
        return build_portal(Path(args[0]), Path(args[1]), args[2])
    if command == "stages":
        return stage_times(Path(args[0]), Path(args[1]), args[2], Path(args[3]),
                           args[4] if len(args) > 4 else None)
    if command == "release":
        return build_release(Path(args[0]), Path(args[1]), args[2], Path(args[3]),
                             Path(args[4]) if len(args) > 4 else None)
    if command == "profile":
        return profile_portal(Path(args[0]), Path(args[1]), args[2], Path(args[3]))
    if command == "alt-sources":
        from bench.alternative import write_project

        return write_project(Path(args[0]), args[1], Path(args[2]))
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    # As the server's build step ends (builder.files.quickexit): a timed child's end is part of what
    # a push waits for.
    from builder.files.quickexit import exit_now

    exit_now(main(sys.argv[1:]))
