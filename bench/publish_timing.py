"""Push-to-publish timing: `git push` to a `gongshi server` directory → the new content served
by nginx, against a plain `gongshi build` of the same project; and a timer rebuild with
nothing changed.

    .venv/bin/python -m bench.publish_timing --sizes 1000 10000
    .venv/bin/python -m bench.publish_timing --releases --sizes 50000 200000

The push's check (pre-receive) builds the release and post-receive switches it live before the
push returns, so the push's own wall time is what HR staff wait for. "→ served" is the time
until nginx serves the change, polled from the push's start while it runs (post-receive still
prunes old releases and the store after the switch); "after return" is what it took beyond the
push's return, if anything.
"timer" is the units' command (`gongshi server rebuild DIR --if-new-day`): with nothing changed
it has nothing to do; the next day (GONGSHI_TODAY + 1, what 00:05 Beijing time sees) it rebuilds
with the caches of the earlier builds (builder.files.diskcache); "rebuild, next day again" is a forced
rebuild of that same day (every page's bytes already seen once).
Prints a Markdown table (paste it into RESULTS.md's "Publishing" section) and writes
bench/out/publish.json.

`--releases` times the build step of a release alone, as the server runs it (a child process
with the server's disk store, writing the release's record; builder.files.reuse): a first
release with the store empty, the same data again with the store warm but no previous release
to take from, a one-line correction of one round's notice built from the previous release, and
the next day (TODAY + 1) built from that, and a day on which nothing takes effect (the first
after the next day that the schedule, builder.server.schedule, does not list) built from the
day before it. TODAY + 1 is a decision day at 200,000 candidates: two rounds' results become
public and their 未入选 are withheld, which renumbers nearly every search row; the table says
which it was. Each is timed inside the build (the engine's build); the correction also as its
whole process (Python's start, the imports and the exit: what a push waits for). It writes
bench/out/releases.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from bench.generate import TODAY, generate
from bench.measure import OUT, REPO
from harness.nginx import serve as nginx_serve

GONGSHI = [sys.executable, "-m", "builder.cli"]


def env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GONGSHI_", "GIT_"))}
    return {**base, "NO_MKDOCS_2_WARNING": "1", "GONGSHI_TODAY": TODAY.isoformat(),
            "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}


def timed(*args: str, cwd: Path, extra: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(list(args), cwd=cwd, env={**env(), **(extra or {})},
                          capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return took


def project(root: Path, data: Path) -> Path:
    clone = root / "portal"
    for name in ("site_src", "theme_overrides", "mkdocs.yml"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, clone / name)
        else:
            shutil.copy2(src, clone / name)
    shutil.copytree(data, clone / "data")
    return clone


def served_after(base: str, path: str, marker: str, started: float) -> float:
    while True:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as r:
                if marker in r.read().decode("utf-8"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)


def measure(n: int) -> dict[str, float | int]:
    root = OUT / f"publish-{n}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    os.chmod(root, 0o755)
    data = data_of(n, root / "gen")
    srv = root / "srv"
    timed(*GONGSHI, "server", "init", str(srv), "--site-url", "https://bench.example.invalid/",
          cwd=root)
    clone = root / "hr"
    clone.mkdir()
    timed("git", "clone", "-q", str(srv / "repo.git"), str(clone / "portal"), cwd=clone)
    shutil.rmtree(clone / "portal")
    portal = project(clone, data)
    subprocess.run(["git", "init", "-q"], cwd=portal, check=True)
    timed("git", "remote", "add", "origin", str(srv / "repo.git"), cwd=portal)
    timed("git", "add", "-A", cwd=portal)
    timed("git", "commit", "-q", "-m", "bench data", cwd=portal)
    build = timed(*GONGSHI, "build", "-f", str(portal / "mkdocs.yml"), cwd=portal)
    first = timed("git", "push", "-q", "origin", "HEAD:main", cwd=portal)
    campaign = sorted((portal / "data" / "campaigns").glob("*.yml"))[0]
    marker = f"基准测试修改 {time.time_ns()}"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("notice: |\n", f"notice: |\n  {marker}\n\n", 1), encoding="utf-8")
    timed("git", "commit", "-q", "-am", "edit notice", cwd=portal)
    with nginx_serve(srv / "current", root / "nginx", access_log=False) as base:
        seen: list[float] = []
        start = time.perf_counter()
        poll = threading.Thread(target=lambda: seen.append(
            served_after(base, f"campaigns/{campaign.stem}/", marker, start)), daemon=True)
        poll.start()
        push = timed("git", "push", "-q", "origin", "HEAD:main", cwd=portal)
        poll.join()
        served = seen[0]
    timer = [*GONGSHI, "server", "rebuild", str(srv), "--if-new-day"]  # the units' ExecStart
    rebuild = timed(*timer, cwd=root)
    next_day = (TODAY + dt.timedelta(days=1)).isoformat()
    new_day = timed(*timer, cwd=root, extra={"GONGSHI_TODAY": next_day})
    forced = timed(*GONGSHI, "server", "rebuild", str(srv), cwd=root,
                   extra={"GONGSHI_TODAY": next_day})
    return {"candidates": n, "build": build, "first_push": first, "push": push,
            "push_to_served": served, "after_return": max(0.0, served - push),
            "timer_rebuild": rebuild, "timer_next_day": new_day, "rebuild_forced": forced,
            "load_average": os.getloadavg()[0]}


DATA_FROM: Path | None = None
"""--data-from: a folder holding data-<n>/ as bench.generate writes it (default seed), copied
instead of generated again (the same bytes; at 200,000 candidates generating takes minutes)."""


def data_of(n: int, out: Path) -> Path:
    source = DATA_FROM / f"data-{n}" if DATA_FROM is not None else None
    if source is None or not source.is_dir():
        return generate(n, out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(source, out)
    return out


def release_step(data: Path, site: Path, today: str, cache: Path, previous: Path | None = None) -> dict[str, Any]:
    """The build step's wall and CPU seconds, and its schedule: the dates after `today` on
    which the site changes by itself (builder.server.schedule)."""
    args = [sys.executable, "-m", "bench.child", "release", str(data), str(site), today, str(cache)]
    start = time.perf_counter()
    done = subprocess.run([*args, *([str(previous)] if previous else [])], cwd=REPO, env=env(),
                          capture_output=True, text=True)
    process = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    timing: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # The whole process as well (its start, imports and exit): what a push waits for.
    timing["process"] = process
    return timing


def quiet_day(after: dt.date, changes: list[str]) -> dt.date:
    """The first day after `after` on which no date of the schedule takes effect."""
    day = after + dt.timedelta(days=1)
    while day.isoformat() in changes:
        day += dt.timedelta(days=1)
    return day


def measure_releases(n: int) -> dict[str, float | int]:
    root = OUT / f"releases-{n}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    data = data_of(n, root / "data")
    cache = root / "cache"
    day = TODAY.isoformat()
    first = release_step(data, root / "r1", day, cache)
    again = release_step(data, root / "r1-again", day, cache)
    campaign = sorted((data / "campaigns").glob("*.yml"))[0]
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("notice: |\n", "notice: |\n  更正：以本通知为准。\n\n", 1),
                        encoding="utf-8")
    corrected = release_step(data, root / "r2", day, cache, previous=root / "r1")
    next_day = TODAY + dt.timedelta(days=1)
    tomorrow = release_step(data, root / "r3", next_day.isoformat(), cache, previous=root / "r2")
    # The bench's next day is whatever TODAY + 1 is in the data: at 200,000 candidates the
    # decision day of two rounds (their 未入选 withheld, every later search row renumbered).
    # An unchanged day is also measured: the first day after it that the schedule lists no
    # change for, built from the release of the day before it (the days between built first,
    # untimed).
    quiet = quiet_day(next_day, tomorrow["schedule"])
    before = root / "r3"
    for k in range(1, (quiet - next_day).days):
        between = next_day + dt.timedelta(days=k)
        release_step(data, root / f"r3-{k}", between.isoformat(), cache, previous=before)
        before = root / f"r3-{k}"
    unchanged = release_step(data, root / "r4", quiet.isoformat(), cache, previous=before)
    return {"candidates": n, "first": first["wall"], "first_cpu": first["cpu"],
            "again": again["wall"], "again_cpu": again["cpu"],
            "correction": corrected["wall"], "correction_cpu": corrected["cpu"],
            "correction_process": corrected["process"],
            "next_day": tomorrow["wall"], "next_day_cpu": tomorrow["cpu"],
            "next_day_changes": next_day.isoformat() in corrected["schedule"],
            "quiet_day": quiet.isoformat(), "unchanged": unchanged["wall"], "unchanged_cpu": unchanged["cpu"],
            "load_average": os.getloadavg()[0]}


def releases_table(rows: list[dict[str, float | int]]) -> str:
    lines = [
        "| candidates | first release (store empty) | same data again, nothing to take | one-line correction, from the previous release | the correction's whole process (start and exit too) | next day (TODAY + 1), from the previous release | an unchanged day (nothing takes effect), from the day before | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        cells = [f"{r[k]:.1f} s (CPU {r[k + '_cpu']:.1f} s)"
                 for k in ("first", "again", "correction", "next_day", "unchanged")]
        cells[3] += " (a date takes effect)" if r["next_day_changes"] else " (nothing takes effect)"
        cells[4] += f" ({r['quiet_day']})"
        cells.insert(3, f"{r['correction_process']:.1f} s")
        lines.append(f"| {r['candidates']:,} | " + " | ".join(cells) + f" | {r['load_average']:.1f} |")
    return "\n".join(lines)


def table(rows: list[dict[str, float | int]]) -> str:
    lines = [
        "| candidates | `gongshi build` | first push (cold caches) | `git push` → served | ratio (target ≤ 1.2) | of which after push returned | timer, nothing changed | timer, next day | rebuild, next day again | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['candidates']:,} | {r['build']:.1f} s | {r['first_push']:.1f} s | "
            f"{r['push_to_served']:.1f} s | "
            f"{r['push_to_served'] / r['build']:.2f} | {r['after_return']:.2f} s | "
            f"{r['timer_rebuild']:.1f} s | {r['timer_next_day']:.1f} s | "
            f"{r['rebuild_forced']:.1f} s | {r['load_average']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--releases", action="store_true",
                        help="time the build step of a release, from nothing and from the previous one")
    parser.add_argument("--data-from", type=Path,
                        help="copy DIR/data-<n> (bench.generate's output, default seed) instead of generating it")
    args = parser.parse_args()
    global DATA_FROM
    DATA_FROM = args.data_from
    if args.releases:
        found = [measure_releases(n) for n in args.sizes]
        (OUT / "releases.json").write_text(json.dumps(found, indent=2), encoding="utf-8")
        print(releases_table(found))
        print(f"\nload average: {os.getloadavg()}")
        return
    rows = [measure(n) for n in args.sizes]
    (OUT / "publish.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(table(rows))
    print(f"\nload average: {os.getloadavg()}")


if __name__ == "__main__":
    main()
