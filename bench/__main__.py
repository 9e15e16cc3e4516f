"""`python -m bench`: generate, build, serve, search, compare; write bench/RESULTS.md.

Then the search beside Pagefind (bench/search_compare.py) at `--search-sizes` (default 1,000 to
200,000 candidates; 200,000 with fewer repetitions), into its own section of RESULTS.md;
`--search-sizes ""` leaves it out.

Repetitions per size keep the whole run under ~45 minutes on a 2-core machine: fewer at 50,000
candidates, where one build takes minutes. Raw results go to bench/out/results.json first, so
`python -m bench --report-only` can re-render RESULTS.md without measuring again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import build_timing, report, serve_rebuild
from bench.generate import BIG_ROUND_ID, SEED, TODAY, generate
from bench.measure import OUT, REPO, dir_size, nginx


@dataclass(frozen=True)
class Plan:
    builds: int
    edits: int
    ready: int
    passes: int


PLANS = {
    1_000: Plan(builds=5, edits=3, ready=5, passes=3),
    10_000: Plan(builds=5, edits=3, ready=5, passes=3),
    # One build takes minutes here; the serve rebuild runs only if the time budget allows it.
    50_000: Plan(builds=2, edits=1, ready=3, passes=1),
}
QUICK = Plan(builds=1, edits=1, ready=1, passes=1)
RESULTS_JSON = OUT / "results.json"
PROFILE_AT = 10_000


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", flush=True)


class Run:
    def __init__(self, sizes: list[int]) -> None:
        self.started = time.time()
        self.data: dict[str, Any] = {
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "finished": None,
            "duration_s": 0.0,
            "seed": SEED,
            "today": TODAY.isoformat(),
            "machine": report.machine(),
            "versions": report.versions(),
            "plans": {},
            "sizes": {str(n): {} for n in sizes},
            "errors": [],
            "load_start": round(os.getloadavg()[0], 2),
        }

    def save(self) -> None:
        self.data["finished"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        self.data["duration_s"] = time.time() - self.started
        self.data["load_end"] = round(os.getloadavg()[0], 2)
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_JSON.write_text(json.dumps(self.data, ensure_ascii=False, indent=1), encoding="utf-8")

    def error(self, where: str) -> None:
        text = traceback.format_exc(limit=3).strip().splitlines()
        message = f"{where}: {text[-1]}"
        log("ERROR " + message)
        print(traceback.format_exc(), file=sys.stderr)
        self.data["errors"].append(message)


def _data_stats(data: Path, seconds: float) -> dict[str, Any]:
    size, files = dir_size(data)
    rounds = len(list((data / "campaigns").glob("*.yml")))
    candidates = sum(text.count("\n- name: ") + text.startswith("- name: ")
                     for text in (p.read_text(encoding="utf-8")
                                  for p in (data / "candidates").glob("*.yml")))
    return {"rounds": rounds, "candidates": candidates, "bytes": size, "files": files,
            "generate_s": seconds}


def measure_size(run: Run, n: int, plan: Plan, *, profile: bool, browser: Any,
                 deadline: float) -> None:
    from bench import browser_timing as bt

    key = str(n)
    entry = run.data["sizes"][key]
    portal: dict[str, Any] = entry.setdefault("portal", {})
    alternative: dict[str, Any] = entry.setdefault("alternative", {})
    data = OUT / f"data-{n}"
    site = OUT / f"site-{n}"
    alt = OUT / f"alt-{n}"

    log(f"N={n}: generating")
    start = time.perf_counter()
    generate(n, data)
    entry["data"] = _data_stats(data, time.perf_counter() - start)
    run.save()

    log(f"N={n}: writing the alternative's pages")
    build_timing.alternative_sources(data, alt)

    pb = build_timing.BuildSeries()
    ab = build_timing.BuildSeries()
    for i in range(plan.builds):
        for label, action, series in (
            ("portal", lambda: build_timing.portal_build(data, site), pb),
            ("alternative", lambda: build_timing.alternative_build(alt), ab),
        ):
            try:
                result = action()
            except build_timing.BuildFailed:
                run.error(f"N={n} {label} build {i + 1}")
                continue
            series.wall.add(result.wall)
            series.rss.add(result.peak_rss)
            log(f"N={n}: {label} build {i + 1}/{plan.builds}: {result.wall:.1f} s, "
                f"peak RSS {result.peak_rss / 2**20:.0f} MiB")
        portal["build"] = asdict(pb)
        alternative["build"] = asdict(ab)
        run.save()
    if site.is_dir():
        portal["site"] = dict(zip(("bytes", "files"), dir_size(site), strict=True))
    if (alt / "site").is_dir():
        alternative["site"] = dict(zip(("bytes", "files"), dir_size(alt / "site"), strict=True))
    run.save()

    if time.time() + 2 * (max(_vals(pb.wall)) if pb.wall.values else 0) < deadline:
        log(f"N={n}: build with wall time per stage")
        try:
            portal["stages"] = build_timing.stage_build(data, OUT / "site-stages",
                                                        OUT / f"stages-{n}.json")
        except Exception:
            run.error(f"N={n} staged build")
        if n == PROFILE_AT:
            for edit in ("achievements", "rename"):
                log(f"N={n}: stages of a rebuild in one process after the {edit} edit")
                try:
                    portal[f"stages_{edit}"] = build_timing.stage_build(
                        data, OUT / "site-stages", OUT / f"stages-{n}-{edit}.json", edit
                    )
                except Exception:
                    run.error(f"N={n} staged rebuild ({edit})")
        shutil.rmtree(OUT / "site-stages", ignore_errors=True)
        run.save()

    if profile and n == PROFILE_AT:
        log(f"N={n}: profiled build")
        try:
            out = OUT / f"profile-{n}.txt"
            prof = build_timing.profile_build(data, OUT / "site-profile", out)
            stages = build_timing.cumulative(out.with_suffix(".prof"), STAGES)
            run.data["profile"] = {
                "n": n, "total": prof.total, "by_package": prof.by_package,
                "top_functions": prof.top_functions, "stages": stages, "text": prof.text_path,
            }
            shutil.rmtree(OUT / "site-profile", ignore_errors=True)
        except Exception:
            run.error(f"N={n} profile")
        run.save()

    builds = _vals(pb.wall)
    # A serve run costs a first build plus one build per edit; skip it rather than overrun.
    projected = (1 + plan.edits) * (max(builds) if builds else 0) + 60
    if time.time() + projected > deadline and n != PROFILE_AT:
        portal["rebuild_skipped"] = (f"skipped: {projected / 60:.0f} min projected, beyond the "
                                     "time budget")
        log(f"N={n}: mkdocs serve rebuilds skipped (time budget)")
        plan = Plan(plan.builds, 0, plan.ready, plan.passes)
    if plan.edits:
        log(f"N={n}: mkdocs serve rebuilds ({plan.edits})")
    try:
        if not plan.edits:
            raise _Skip
        rebuild = serve_rebuild.measure(data, edits=plan.edits, label=key)
        portal["rebuild"] = asdict(rebuild)
        log(f"N={n}: first build under serve {rebuild.first_build:.1f} s, "
            f"rebuilds {[round(v, 2) for v in rebuild.rebuilds.values]}, "
            f"renames {[round(v, 2) for v in rebuild.renames.values]}")
    except _Skip:
        pass
    except Exception:
        run.error(f"N={n} serve rebuild")
    run.save()

    if browser is None or not site.is_dir() or not (alt / "site").is_dir():
        return
    list_path = f"campaigns/{BIG_ROUND_ID}/gongshi/"
    with nginx(site) as purl, nginx(alt / "site", csp=False) as aurl:
        for side, base, engine, root in ((portal, purl, bt.PORTAL, site),
                                         (alternative, aurl, bt.MATERIAL, alt / "site")):
            name = engine.name
            try:
                side["home"] = asdict(bt.page_weight(browser, base, root, base))
                side["list500"] = asdict(bt.page_weight(browser, base + list_path, root, base))
            except Exception:
                run.error(f"N={n} {name} page weight")
            log(f"N={n}: {name} search in Chromium")
            try:
                searched = bt.measure_engine(browser, engine, base, root, ready_repeats=plan.ready,
                                             passes=plan.passes)
                side["search"] = asdict(searched)
                hit, total = searched.recall()
                log(f"N={n}: {name}: ready {searched.ready.values}, median query "
                    f"{searched.latency.median * 1000 if searched.latency.values else float('nan'):.1f} ms,"
                    f" recall {hit}/{total}")
            except Exception:
                run.error(f"N={n} {name} search")
            run.save()


class _Skip(Exception):
    pass


def _vals(series: Any) -> list[float]:
    return list(series.values)


STAGES = (
    "builder/load/loader.py:load",
    "builder/render/pages/__init__.py:render_all",
    "builder/build.py:write_search_files",
    "builder/render/search/shards.py:build",
    "builder/checks/runner.py:check_output",
    "mkdocs/commands/build.py:_build_page",
    "mkdocs/commands/build.py:_populate_page",
    "mkdocs/structure/pages.py:render",
    "mkdocs/utils/__init__.py:write_file",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000",
                        help="comma-separated candidate counts (default 1000,10000,50000)")
    parser.add_argument("--quick", action="store_true", help="one repetition of everything")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiled build")
    parser.add_argument("--report-only", action="store_true",
                        help="re-render RESULTS.md from bench/out/results.json")
    parser.add_argument("--output", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--budget", type=float, default=45.0,
                        help="minutes; optional stages are skipped when they would overrun")
    parser.add_argument("--search-sizes", default="1000,10000,50000,200000",
                        help="candidate counts of the search beside Pagefind (bench.search_compare); "
                             "empty: not run")
    args = parser.parse_args(argv)

    if args.report_only:
        results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        Path(args.output).write_text(report.render(results), encoding="utf-8")
        log(f"wrote {args.output}")
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    run = Run(sizes)
    deadline = run.started + args.budget * 60
    for n in sizes:
        plan = QUICK if args.quick else PLANS.get(n, QUICK)
        run.data["plans"][str(n)] = asdict(plan)
    run.save()

    def measure_all(browser: Any) -> None:
        for n in sizes:
            plan = QUICK if args.quick else PLANS.get(n, QUICK)
            try:
                measure_size(run, n, plan, profile=not args.no_profile, browser=browser,
                             deadline=deadline)
            except Exception:
                run.error(f"N={n}")
            run.save()

    if args.no_browser:
        measure_all(None)
    else:
        from playwright.sync_api import sync_playwright

        from harness.chromium import launch

        with sync_playwright() as pw:
            browser = launch(pw)
            try:
                measure_all(browser)
            finally:
                browser.close()
    run.save()
    from bench import search_compare

    output = Path(args.output)
    previous = search_compare.section_of(output.read_text(encoding="utf-8")) if output.exists() else None
    output.write_text(report.render(run.data), encoding="utf-8")
    if previous:  # the last search comparison stays until a new one replaces it
        search_compare.write_section(previous, output)
    log(f"done in {(time.time() - run.started) / 60:.1f} min; wrote {args.output}")
    failed = bool(run.data["errors"])
    if args.search_sizes.strip() and not args.no_browser:
        log(f"search beside Pagefind at {args.search_sizes}")
        compare = ["--sizes", args.search_sizes, "--output", args.output] + (["--quick"] if args.quick else [])
        failed = search_compare.main(compare) != 0 or failed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
