"""bench/RESULTS.md from the raw results (bench/out/results.json), figures with portal/alternative.

Every number in the file comes from the results of one `make bench` run; the hand-written
analysis (bench/NOTES.md) is appended verbatim and says which run it was written against.
"""

from __future__ import annotations

import platform
import re
import statistics
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.generate import QUERIES
from bench.measure import REPO, fmt_bytes, fmt_seconds

TARGET_BUILD_RATIO = 1.5
TARGET_REBUILD_S = 3.0
TARGET_INDEX_GZIP = 600_000  # "600 KB", read strictly as 600,000 bytes
TARGET_READY_S = 0.300
TARGET_QUERY_S = 0.016
MEMORY_LIMIT = 24 * 1024**3
PINYIN_KINDS = ("全拼", "拼音前缀", "首字母", "混合")


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
    os_name = "unknown"
    release = Path("/etc/os-release")
    if release.exists():
        match = re.search(r'PRETTY_NAME="([^"]+)"', release.read_text())
        os_name = match.group(1) if match else os_name
    import os

    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": fmt_bytes(mem_kb * 1024),
        "os": f"{os_name}, Linux {platform.release()}",
    }


def _command_version(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "missing"
    # Debian's chromium wrapper prints shell noise before the version line; take the last line
    # that names the program.
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    named = [line for line in lines if Path(cmd[0]).name.lower() in line.lower() and ": " not in line]
    return (named or lines or ["unknown"])[-1]


def versions() -> dict[str, str]:
    out = {"Python": platform.python_version()}
    for dist in ("mkdocs", "mkdocs-material", "lunr", "jieba", "pypinyin", "playwright", "PyYAML",
                 "pydantic"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    import mkdocs

    lunr_js = Path(mkdocs.__file__).parent / "contrib/search/templates/search/lunr.js"
    match = re.search(r"not as bright - ([\d.]+)", lunr_js.read_text(encoding="utf-8")[:400])
    out["lunr.js (from mkdocs)"] = match.group(1) if match else "unknown"
    out["Chromium"] = _command_version(["/usr/bin/chromium", "--version"]).replace("Chromium ", "")
    out["nginx"] = _command_version(["nginx", "-v"]).replace("nginx version: nginx/", "")
    out["git commit"] = _command_version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    return out


# --- formatting -------------------------------------------------------------------------------------
def _vals(series: dict[str, Any] | None) -> list[float]:
    return list(series["values"]) if series else []


def med(series: dict[str, Any] | None) -> float | None:
    values = _vals(series)
    return statistics.median(values) if values else None


def pct(series: dict[str, Any] | None, q: float) -> float | None:
    values = sorted(_vals(series))
    if not values:
        return None
    rank = max(1, -(-len(values) * q // 100))
    return values[int(rank) - 1]


def spread(series: dict[str, Any] | None, fmt: Any = fmt_seconds) -> str:
    values = _vals(series)
    if not values:
        return "—"
    if len(values) == 1:
        return f"{fmt(values[0])} (1 run)"
    return f"{fmt(statistics.median(values))} [{fmt(min(values))}–{fmt(max(values))}] ×{len(values)}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "—"
    if b == 0:
        return "∞" if a else "—"
    return f"{a / b:.2f}"


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f} ms"


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def _sum(transfers: list[dict[str, Any]] | None, key: str) -> int | None:
    return sum(t[key] for t in transfers) if transfers else None


def index_files(run: dict[str, Any]) -> list[dict[str, Any]]:
    """The search index data a page fetched: JSON files (the portal's on first use, Material's
    search_index.json at load), not the code that reads them."""
    seen = run.get("downloads", []) + run.get("load_downloads", [])
    return [t for t in seen if t["url"].split("?")[0].endswith(".json")]


def _recall(run: dict[str, Any] | None, kinds: tuple[str, ...] | None = None) -> tuple[int, int] | None:
    if not run or not run.get("hits"):
        return None
    chosen = [q for q in QUERIES if kinds is None or q.kind in kinds]
    return sum(bool(run["hits"].get(q.text)) for q in chosen), len(chosen)


def _frac(value: tuple[int, int] | None) -> str:
    if value is None:
        return "—"
    hit, total = value
    return f"{hit}/{total} ({100 * hit / total:.0f}%)"


def _frac_ratio(a: tuple[int, int] | None, b: tuple[int, int] | None) -> str:
    if a is None or b is None:
        return "—"
    return ratio(a[0] / a[1], b[0] / b[1])


# --- the document -----------------------------------------------------------------------------------
def render(results: dict[str, Any]) -> str:
    sizes = sorted(results["sizes"], key=int)
    lines: list[str] = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add("Generated by `make bench` (`python -m bench`, code in `bench/`); do not edit by hand — the")
    add("analysis at the end comes from `bench/NOTES.md`. Each figure is *median [min–max] ×runs*;")
    add("**ratio** is portal / alternative (below 1: the portal is smaller or faster).")
    add("")
    add(f"Run: {results['started']} → {results['finished']} "
        f"({results['duration_s'] / 60:.1f} min in all). Load average (1 min) at the start "
        f"{results.get('load_start', '—')}, at the end {results.get('load_end', '—')}: other work on"
        " the machine slows every figure.")
    add("")
    add("## Machine and versions")
    add("")
    add("| | |")
    add("| --- | --- |")
    for key, value in results["machine"].items():
        add(f"| {key} | {value} |")
    for key, value in results["versions"].items():
        add(f"| {key} | {value} |")
    add("")
    add("## What is compared")
    add("")
    add("- **portal**: `builder.adapter.mkdocs.sitebuild.build_site` with the project's `mkdocs.yml` (gongshi plugin,")
    add("  theme overrides, prebuilt lunr.py index, its own search UI), build date "
        f"{results['today']}.")
    add("- **alternative**: the very pages the portal generates (`builder.render.pages.render_all`), saved as")
    add("  Markdown files (body = the portal's HTML for the page), plus the hand-written pages and")
    add("  form files, built by plain `mkdocs build` with the project's mkdocs.yml minus the portal:")
    add("  Material theme, no custom_dir, Material's `search` plugin on with its defaults (zh;")
    add("  jieba is installed in the venv, so Material segments Chinese with it).")
    add("- Data: `bench/generate.py`, seed " f"{results['seed']}"
        ": N candidates over N/100 rounds, one round of 500 in publicity,")
    add("  surnames by national frequency incl. polyphonic/compound/minority names, 150–300 characters")
    add("  of achievements, quotas the lists respect, ~1% 撤销, some quota-exempt.")
    add("- Browser: Debian Chromium (headless, Playwright), sites served by nginx on loopback with")
    add("  `gzip on` (bench/measure.py). Timings are taken in the page with `performance.now()`, see")
    add("  bench/browser_timing.py.")
    add("")
    add("| N | rounds | candidates | data (YAML) | generation |")
    add("| --- | --- | --- | --- | --- |")
    for n in sizes:
        d = results["sizes"][n]["data"]
        add(f"| {int(n):,} | {d['rounds']} | {d['candidates']:,} | {fmt_bytes(d['bytes'])} in "
            f"{d['files']} files | {fmt_seconds(d['generate_s'])} |")
    add("")
    _targets(results, add)
    _build_tables(results, sizes, add)
    _size_tables(results, sizes, add)
    _search_tables(results, sizes, add)
    _stages(results, add)
    _profile(results, add)
    _queries(results, add)
    if results.get("errors"):
        add("## Errors during the run")
        add("")
        for error in results["errors"]:
            add(f"- {error}")
        add("")
    notes = REPO / "bench" / "NOTES.md"
    if notes.exists():
        add(notes.read_text(encoding="utf-8").rstrip())
        add("")
    return "\n".join(lines)


def _get(results: dict[str, Any], n: str, *path: str) -> Any:
    node: Any = results["sizes"].get(n)
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _targets(results: dict[str, Any], add: Any) -> None:
    n = "10000"
    add("## Targets (at 10,000 candidates, this 2-core machine)")
    add("")
    if n not in results["sizes"]:
        add("Not measured: the run did not include N = 10,000.")
        add("")
        return
    pb = med(_get(results, n, "portal", "build", "wall"))
    ab = med(_get(results, n, "alternative", "build", "wall"))
    rebuild = med(_get(results, n, "portal", "rebuild", "rebuilds"))
    index = _sum(index_files(_get(results, n, "portal", "search") or {}), "gzip")
    ready = med(_get(results, n, "portal", "search", "ready"))
    latency = med(_get(results, n, "portal", "search", "latency"))
    p_recall = _recall(_get(results, n, "portal", "search"), PINYIN_KINDS)
    m_recall = _recall(_get(results, n, "alternative", "search"), PINYIN_KINDS)
    add("| target | measured | verdict |")
    add("| --- | --- | --- |")
    add(f"| full build ≤ 1.5 × the alternative's | {fmt_seconds(pb) if pb else '—'} vs "
        f"{fmt_seconds(ab) if ab else '—'}: ratio {ratio(pb, ab)} | "
        f"{verdict(None if pb is None or ab is None else pb / ab <= TARGET_BUILD_RATIO)} |")
    add(f"| one-file rebuild under `mkdocs serve` ≤ 3 s (achievements edited) | "
        f"{fmt_seconds(rebuild) if rebuild else '—'} | "
        f"{verdict(None if rebuild is None else rebuild <= TARGET_REBUILD_S)} |")
    rename = med(_get(results, n, "portal", "rebuild", "renames") or {"values": []})
    add(f"| one-file rebuild under `mkdocs serve` ≤ 3 s (a name edited: the index is rebuilt) | "
        f"{fmt_seconds(rename) if rename else '—'} | "
        f"{verdict(None if rename is None else rename <= TARGET_REBUILD_S)} |")
    index_text = f"{fmt_bytes(index)} ({index:,} B)" if index else "—"
    add(f"| search index ≤ 600 KB gzip (gzip -6 of the index data) | {index_text} | "
        f"{verdict(None if index is None else index <= TARGET_INDEX_GZIP)} |")
    add(f"| ready ≤ 300 ms after the first keystroke | {ms(ready)} | "
        f"{verdict(None if ready is None else ready <= TARGET_READY_S)} |")
    add(f"| median query ≤ 16 ms | {ms(latency)} | "
        f"{verdict(None if latency is None else latency <= TARGET_QUERY_S)} |")
    pinyin_ok = None
    if p_recall and m_recall:
        pinyin_ok = p_recall[0] == p_recall[1] and m_recall[0] == 0
    add(f"| pinyin recall 100% where Material's is 0 | portal {_frac(p_recall)}, Material "
        f"{_frac(m_recall)} | {verdict(pinyin_ok)} |")
    big = "50000"
    if big in results["sizes"]:
        rss = med(_get(results, big, "portal", "build", "rss"))
        wall = med(_get(results, big, "portal", "build", "wall"))
        idx50 = _sum(index_files(_get(results, big, "portal", "search") or {}), "gzip")
        ready50 = med(_get(results, big, "portal", "search", "ready"))
        lat50 = med(_get(results, big, "portal", "search", "latency"))
        ok = None if rss is None else rss <= MEMORY_LIMIT
        add(f"| 50,000: build completes within 24 GiB | "
            f"{'completed in ' + fmt_seconds(wall) + ', peak RSS ' + fmt_bytes(rss) if rss and wall is not None else 'did not complete'} "
            f"| {verdict(ok)} |")
        recall50 = _recall(_get(results, big, "portal", "search"))
        usable = None
        if ready50 is not None and lat50 is not None and recall50 is not None:
            usable = ready50 <= 1.0 and lat50 <= TARGET_QUERY_S and recall50[0] == recall50[1]
        add(f"| 50,000: search stays usable (read as: first answer ≤ 1 s after the first keystroke, "
            f"median query ≤ 16 ms, every probe still found) | index {fmt_bytes(idx50) if idx50 else '—'} "
            f"gzip fetched once on first use, ready {ms(ready50)}, median query {ms(lat50)}, recall "
            f"{_frac(recall50)} | {verdict(usable)} |")
    add("")


def _build_tables(results: dict[str, Any], sizes: list[str], add: Any) -> None:
    add("## Build")
    add("")
    add("Full build in a fresh child process (interpreter start and imports included on both sides),")
    add("wall time and the child's peak RSS (`wait4` rusage). Builds alternate portal / alternative.")
    add("")
    add("| N | portal build | alternative build | ratio | portal peak RSS | alternative peak RSS | ratio |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for n in sizes:
        pw = _get(results, n, "portal", "build", "wall")
        aw = _get(results, n, "alternative", "build", "wall")
        pr = _get(results, n, "portal", "build", "rss")
        ar = _get(results, n, "alternative", "build", "rss")
        add(f"| {int(n):,} | {spread(pw)} | {spread(aw)} | {ratio(med(pw), med(aw))} | "
            f"{spread(pr, fmt_bytes)} | {spread(ar, fmt_bytes)} | {ratio(med(pr), med(ar))} |")
    add("")
    add("### Rebuild under `mkdocs serve`")
    add("")
    add("`mkdocs serve` (livereload on, as `make serve`) on a scratch project that links the")
    add("repository's mkdocs.yml, site_src/ and theme_overrides/; one candidate file of a typical round")
    add("(~100 people) is saved with a new sentence in one candidate's achievements (the list page")
    add("changes, the search index does not), or with one candidate renamed (the search index changes")
    add("too, and with its content-hashed name every page that links to it); the time runs from just")
    add("before the write to the first HTTP response of that round's list page that contains the edit.")
    add("")
    add("| N | first build under serve | achievements edited: save → page shows it | name edited: save → page shows it |")
    add("| --- | --- | --- | --- |")
    for n in sizes:
        rb = _get(results, n, "portal", "rebuild")
        if not rb:
            failed = any(e.startswith(f"N={n} serve rebuild") for e in results.get("errors", []))
            why = _get(results, n, "portal", "rebuild_skipped") or (
                "failed, see *Errors during the run*" if failed else "—")
            add(f"| {int(n):,} | {why} | — | — |")
            continue
        renames = spread(rb["renames"]) if rb.get("renames", {}).get("values") else "—"
        add(f"| {int(n):,} | {fmt_seconds(rb['first_build'])} | {spread(rb['rebuilds'])} | {renames} |")
    add("")


def _size_tables(results: dict[str, Any], sizes: list[str], add: Any) -> None:
    add("## Size and page weight")
    add("")
    add("Page weight: every response of a cold visit until the network is idle (HTML, CSS, JS, fonts,")
    add("images; the portal's search index is not loaded until the box is used, Material's is), raw and")
    add("gzip -6 (what nginx sends). The list page is the 500-candidate round's 公示 list.")
    add("")
    add("| N | | portal | alternative | ratio |")
    add("| --- | --- | --- | --- | --- |")
    for n in sizes:
        ps = _get(results, n, "portal", "site")
        as_ = _get(results, n, "alternative", "site")
        if ps and as_:
            add(f"| {int(n):,} | site on disk | {fmt_bytes(ps['bytes'])}, {ps['files']:,} files | "
                f"{fmt_bytes(as_['bytes'])}, {as_['files']:,} files | {ratio(ps['bytes'], as_['bytes'])} |")
        for key, label in (("home", "home page"), ("list500", "500-candidate list")):
            pp = _get(results, n, "portal", key)
            ap = _get(results, n, "alternative", key)
            if not pp or not ap:
                continue
            add(f"| | {label}: HTML raw / gzip | {fmt_bytes(pp['html_raw'])} / {fmt_bytes(pp['html_gzip'])} | "
                f"{fmt_bytes(ap['html_raw'])} / {fmt_bytes(ap['html_gzip'])} | "
                f"{ratio(pp['html_gzip'], ap['html_gzip'])} |")
            add(f"| | {label}: all requests raw / gzip | {fmt_bytes(pp['total_raw'])} / "
                f"{fmt_bytes(pp['total_gzip'])} ({pp['requests']} req.) | {fmt_bytes(ap['total_raw'])} / "
                f"{fmt_bytes(ap['total_gzip'])} ({ap['requests']} req.) | "
                f"{ratio(pp['total_gzip'], ap['total_gzip'])} |")
    add("")


def _search_tables(results: dict[str, Any], sizes: list[str], add: Any) -> None:
    add("## Search")
    add("")
    add("- **index data**: the JSON the portal page downloads on first use of the box (its prebuilt")
    add("  lunr index with the result store), against Material's `search/search_index.json`, which")
    add("  every page downloads at load and turns into a lunr index in a web worker. *search download*")
    add("  adds the code fetched for search (the portal's lunr.js; Material's search worker).")
    add("- **ready**: fresh browser context (cold cache), home page loaded (`load` event), then the")
    add("  first query (`单天放`) is put into the header box; time until the first answer is rendered.")
    add("  *from navigation* is the same moment counted from the start of the page load.")
    add("- **query**: in a ready page, the fixed 50 queries (bench/generate.py `QUERIES`), each from an")
    add("  empty box to its first rendered answer; median and p95 over all passes.")
    add("- **recall**: a query is a hit when one of the first ten results shows the expected name, unit")
    add("  or phrase, or for a phrase from a notice links to a page that contains it")
    add("  (`pinyin` = 全拼 + 拼音前缀 + 首字母 + 混合, 29 queries).")
    add("")
    add("| N | | portal | alternative (Material) | ratio |")
    add("| --- | --- | --- | --- | --- |")
    for n in sizes:
        ps = _get(results, n, "portal", "search")
        as_ = _get(results, n, "alternative", "search")
        if not ps and not as_:
            add(f"| {int(n):,} | not measured | | | |")
            continue
        ps = ps or {}
        as_ = as_ or {}
        p_index = index_files(ps)
        a_index = index_files(as_)
        p_raw, p_gz = _sum(p_index, "raw"), _sum(p_index, "gzip")
        a_raw, a_gz = _sum(a_index, "raw"), _sum(a_index, "gzip")
        add(f"| {int(n):,} | index data raw | {fmt_bytes(p_raw) if p_raw else '—'} | "
            f"{fmt_bytes(a_raw) if a_raw else '—'} | {ratio(p_raw, a_raw)} |")
        add(f"| | index data gzip -6 | {fmt_bytes(p_gz) if p_gz else '—'} | "
            f"{fmt_bytes(a_gz) if a_gz else '—'} | {ratio(p_gz, a_gz)} |")
        p_wire, a_wire = _sum(p_index, "transferred"), _sum(a_index, "transferred")
        add(f"| | index data as sent by nginx | {fmt_bytes(p_wire) if p_wire else '—'} | "
            f"{fmt_bytes(a_wire) if a_wire else '—'} | {ratio(p_wire, a_wire)} |")
        p_all = _sum(ps.get("downloads"), "gzip")
        a_code = [t for t in as_.get("load_downloads", []) if "/workers/search" in t["url"]]
        a_all = (a_gz or 0) + (_sum(a_code, "gzip") or 0) if a_gz else None
        add(f"| | search download gzip (index + lunr.js / worker) | "
            f"{fmt_bytes(p_all) if p_all else '—'} | {fmt_bytes(a_all) if a_all else '—'} | "
            f"{ratio(p_all, a_all)} |")
        add(f"| | ready after first keystroke | {spread(ps.get('ready'))} | {spread(as_.get('ready'))} | "
            f"{ratio(med(ps.get('ready')), med(as_.get('ready')))} |")
        add(f"| | ready, from navigation | {spread(ps.get('ready_from_navigation'))} | "
            f"{spread(as_.get('ready_from_navigation'))} | "
            f"{ratio(med(ps.get('ready_from_navigation')), med(as_.get('ready_from_navigation')))} |")
        add(f"| | query median / p95 | {ms(med(ps.get('latency')))} / {ms(pct(ps.get('latency'), 95))} | "
            f"{ms(med(as_.get('latency')))} / {ms(pct(as_.get('latency'), 95))} | "
            f"{ratio(med(ps.get('latency')), med(as_.get('latency')))} |")
        for label, kinds in (("recall, all 50", None), ("recall, pinyin", PINYIN_KINDS),
                             ("recall, Chinese", ("中文姓名", "中文部分")), ("recall, units", ("单位",)),
                             ("recall, notices", ("通知",))):
            pr, ar = _recall(ps, kinds), _recall(as_, kinds)
            add(f"| | {label} | {_frac(pr)} | {_frac(ar)} | {_frac_ratio(pr, ar)} |")
        timeouts = f"{ps.get('timeouts', 0)} / {as_.get('timeouts', 0)}"
        errors = len(ps.get("errors", [])) + len(as_.get("errors", []))
        add(f"| | unanswered queries (30 s; 180 s for the first) / page errors | {timeouts} | {errors} page errors | |")
    add("")


def _stages(results: dict[str, Any], add: Any) -> None:
    sizes = [n for n in sorted(results["sizes"], key=int) if _get(results, n, "portal", "stages")]
    if not sizes:
        return
    add("## Where the portal's build time goes")
    add("")
    add("One more build per size with the functions below wrapped in wall-clock timers (bench/child.py")
    add("`stages`). Time is exclusive (a stage nested in another is taken out of it), so the rows and")
    add("*other* (MkDocs' own work outside these functions: file collection, static files, ICS/feed,")
    add("logging) add up to the build; interpreter start and imports are outside it.")
    add("")
    _stage_table([(f"N = {int(n):,}", _get(results, n, "portal", "stages")) for n in sizes], add)
    n = "10000"
    edits = [(label, _get(results, n, "portal", key)) for label, key in (
        ("full build", "stages"),
        ("rebuild, achievements edited", "stages_achievements"),
        ("rebuild, a name edited", "stages_rename"),
    )]
    if all(stages for _label, stages in edits):
        add("### A rebuild in one process, as under `mkdocs serve` (N = 10,000)")
        add("")
        add("The same timers on the second build of one process, after the edit the serve measurement")
        add("makes (bench/child.py `stages … EDIT` on a scratch copy of the data): what a save costs")
        add("once the caches of the first build are warm.")
        add("")
        _stage_table(edits, add)


def _stage_table(columns: list[tuple[str, dict[str, Any]]], add: Any) -> None:
    add("| stage | " + " | ".join(header for header, _ in columns) + " |")
    add("| --- |" + " --- |" * len(columns))
    labels: list[str] = []
    for _header, stages in columns:
        for label in stages["own"]:
            if label not in labels:
                labels.append(label)
    for label in labels:
        cells = []
        for _header, stages in columns:
            value = stages["own"].get(label)
            share = 100 * value / stages["total"] if value is not None else 0
            cells.append("—" if value is None else f"{fmt_seconds(value)} ({share:.0f}%)")
        add(f"| {label} | " + " | ".join(cells) + " |")
    cells = []
    for _header, stages in columns:
        other = stages["total"] - sum(stages["own"].values())
        cells.append(f"{fmt_seconds(other)} ({100 * other / stages['total']:.0f}%)")
    add("| other | " + " | ".join(cells) + " |")
    add("| **build (in-process)** | "
        + " | ".join(f"**{fmt_seconds(stages['total'])}**" for _header, stages in columns) + " |")
    missing = sorted({m for _header, stages in columns for m in stages.get("missing", [])})
    if missing:
        add("")
        add("Not found in this version of the code, or never called (not timed): " + ", ".join(f"`{m}`" for m in missing))
    add("")


def _profile(results: dict[str, Any], add: Any) -> None:
    prof = results.get("profile")
    if not prof:
        return
    add(f"### cProfile of one build (N = {int(prof['n']):,})")
    add("")
    add(f"{fmt_seconds(prof['total'])} of profiled time. cProfile's per-call overhead inflates")
    add("pure-Python code (PyYAML's scanner above all) far more than C code, so these shares")
    add("overstate Python-heavy stages; the wall-clock stage table above is the one to read.")
    add("Own time by package/module:")
    add("")
    add("| package / module | own time | share |")
    add("| --- | --- | --- |")
    for name, seconds in prof["by_package"]:
        add(f"| {name} | {fmt_seconds(seconds)} | {100 * seconds / prof['total']:.0f}% |")
    add("")
    add("Stages (cumulative time of the entry point):")
    add("")
    add("| stage | cumulative | share |")
    add("| --- | --- | --- |")
    for name, seconds in prof["stages"]:
        add(f"| `{name}` | {fmt_seconds(seconds)} | {100 * seconds / prof['total']:.0f}% |")
    add("")
    add("Top functions by own time:")
    add("")
    add("| function | own | cumulative |")
    add("| --- | --- | --- |")
    for name, own, cum in prof["top_functions"][:15]:
        add(f"| `{name}` | {fmt_seconds(own)} | {fmt_seconds(cum)} |")
    add("")


def _queries(results: dict[str, Any], add: Any) -> None:
    n = "10000" if "10000" in results["sizes"] else max(results["sizes"], key=int)
    ps = _get(results, n, "portal", "search") or {}
    as_ = _get(results, n, "alternative", "search") or {}
    if not ps.get("hits") and not as_.get("hits"):
        return
    add(f"## The 50 queries at N = {int(n):,}")
    add("")
    add("| query | kind | expected | portal | Material |")
    add("| --- | --- | --- | --- | --- |")
    for q in QUERIES:
        p = ps.get("hits", {}).get(q.text)
        a = as_.get("hits", {}).get(q.text)

        def mark(v: bool | None) -> str:
            return "—" if v is None else ("hit" if v else "miss")

        add(f"| `{q.text}` | {q.kind} | {q.expect} | {mark(p)} | {mark(a)} |")
    add("")
