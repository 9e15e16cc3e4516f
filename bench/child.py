"""What the benchmark runs in a child process, so each build has its own peak RSS and cold start.

    python -m bench.child portal  DATA SITE TODAY          build the portal (builder.sitebuild)
    python -m bench.child profile DATA SITE TODAY OUT      the same under cProfile, stats to OUT
    python -m bench.child alt-sources DATA TODAY ALT       the portal's pages as plain Markdown
"""

from __future__ import annotations

import cProfile
import pstats
import sys
from pathlib import Path

from bench.measure import REPO


def build_portal(data: Path, site: Path, today: str) -> int:
    from builder.sitebuild import build_site

    return build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today=today)


def profile_portal(data: Path, site: Path, today: str, out: Path) -> int:
    profiler = cProfile.Profile()
    code = profiler.runcall(build_portal, data, site, today)
    profiler.dump_stats(str(out.with_suffix(".prof")))
    with out.open("w", encoding="utf-8") as sink:
        stats = pstats.Stats(profiler, stream=sink)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)
    return code


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "portal":
        return build_portal(Path(args[0]), Path(args[1]), args[2])
    if command == "profile":
        return profile_portal(Path(args[0]), Path(args[1]), args[2], Path(args[3]))
    if command == "alt-sources":
        from bench.alternative import write_project

        return write_project(Path(args[0]), args[1], Path(args[2]))
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
