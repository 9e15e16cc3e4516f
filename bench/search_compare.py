"""The portal's search beside Pagefind 1.6 on the very same built site, on a desktop and on a
phone profile, at 1,000 to 200,000 candidates (`python -m bench.search_compare`).

For each size: the bench data (bench/generate.py), one portal build, Pagefind run over a copy
of that site (bench/pagefind.py); then in Chromium over loopback nginx, for each engine:
- first answer: a fresh context (empty cache), the home page loaded, the first query (a
  candidate's Chinese name) by each protocol of bench.browser_timing.PROTOCOLS: an IME commit
  after the page went idle, an IME commit right after load, and character by character right
  after load (each response counts: the first keystroke's answer and the last one's); time to
  the shown answer, and what was fetched from the first keystroke on (gzip -6 bytes); on the
  phone profile (bench.browser_timing.PHONE), and on a desktop (1280 px, no throttling) for the
  commit right after load;
- the bench queries (bench/generate.py QUERIES) on the phone profile: latency the first time
  each is asked in a page (what it needs is fetched then), in `Reps.visits` fresh visits (each
  query's median is what the p95 of a query not yet cached is read on), and asked again in the
  first visit; recall on the results shown.
The phone runs over HTTP/1.1, then over HTTPS + HTTP/2 (production's), the same way.
Results go to bench/out/search-compare.json and into RESULTS.md between the markers of the
"Search beside Pagefind" section (the rest of RESULTS.md is left as the last full run wrote it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import browser_timing as bt
from bench import build_timing, pagefind
from bench.generate import QUERIES, generate
from bench.measure import OUT, REPO, Series, certificate, nginx, spki_hash
from builder.render.search.files import MANIFEST

RESULTS = OUT / "search-compare.json"
BEGIN = "<!-- search-vs-pagefind:begin -->"
END = "<!-- search-vs-pagefind:end -->"


@dataclass(frozen=True)
class Reps:
    ready: int
    """Runs of each first-answer protocol (over HTTPS + HTTP/2: at most H2_READY)."""
    visits: int
    """Fresh visits in which each query is asked the first time (both protocols, both engines)."""


REPS = {1_000: Reps(3, 3), 10_000: Reps(3, 3), 50_000: Reps(3, 3), 200_000: Reps(2, 3)}
QUICK = Reps(1, 1)
H2_READY = 2
"""Runs of each first-answer protocol over HTTPS + HTTP/2, at most."""


def log(message: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def _search_files(site: Path) -> dict[str, Any]:
    manifest = site / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    files = [p for p in (site / "search" / data["dir"]).glob("*.json")]
    shards = [p for p in files if p.name.startswith("t")]
    gz = [len(gzip.compress(p.read_bytes(), 6)) for p in files]
    shard_gz = sorted(len(gzip.compress(p.read_bytes(), 6)) for p in shards)
    return {
        "manifest_raw": manifest.stat().st_size,
        "manifest_gzip": len(gzip.compress(manifest.read_bytes(), 6)),
        "files": len(files), "shards": len(shards),
        "total_gzip": sum(gz), "total_raw": sum(p.stat().st_size for p in files),
        "shard_gzip_median": shard_gz[len(shard_gz) // 2] if shard_gz else 0,
        "shard_gzip_max": shard_gz[-1] if shard_gz else 0,
    }


def measure(n: int, reps: Reps, browser: Any, entry: dict[str, Any], save: Any, *,
            reuse: dict[str, Any] | None = None) -> None:
    """`reuse`: the previous run's entry for this size; its generated data (the generator is
    seeded: the same bytes) and its Pagefind index are taken as they are when still on disk
    (Pagefind indexes a hard-linked copy of the site, whose pages the portal's search code
    does not change)."""
    data, site, pf_site = OUT / f"data-{n}", OUT / f"site-{n}", OUT / f"pagefind-{n}"
    entry["load"] = [round(os.getloadavg()[0], 2)]
    if reuse is not None and data.is_dir():
        log(f"N={n}: the generated data reused")
    else:
        log(f"N={n}: generating")
        generate(n, data)
    log(f"N={n}: portal build")
    built = build_timing.portal_build(data, site)
    entry["portal_build"] = {"wall": built.wall, "peak_rss": built.peak_rss}
    entry["portal_index"] = _search_files(site)
    log(f"N={n}: portal built in {built.wall:.1f} s; search files {entry['portal_index']}")
    if reuse is not None and reuse.get("pagefind_index") and (pf_site / "pagefind").is_dir():
        log(f"N={n}: Pagefind's index reused")
        entry["pagefind_index"] = {**reuse["pagefind_index"], "reused": True}
    else:
        log(f"N={n}: Pagefind")
        entry["pagefind_index"] = pagefind.index_site(site, pf_site)
    log(f"N={n}: Pagefind {pagefind.summary(entry['pagefind_index'])}")
    save()
    query = QUERIES[0].text
    with nginx(site) as purl, nginx(pf_site, csp=False) as furl:
        for engine, base, root, start in ((bt.PORTAL, purl, site, ""),
                                          (pagefind.PAGEFIND, furl, pf_site, pagefind.HARNESS)):
            side = entry.setdefault(engine.name, {})
            for profile, phone in (("desktop", False), ("phone", True)):
                run = bt.SearchRun(engine.name)
                for protocol in bt.PROTOCOLS if phone else ("commit",):
                    log(f"N={n}: {engine.name} first answer, {profile}, {protocol}")
                    bt.measure_first(browser, engine, base, root, run, repeats=reps.ready, query=query,
                                     protocol=protocol, phone=phone, start=start)
                if phone:
                    log(f"N={n}: {engine.name} the {len(QUERIES)} queries, phone, {reps.visits} visits")
                    bt.measure_queries(browser, engine, base, root, run, visits=reps.visits, again=1,
                                       phone=True, start=start)
                side[profile] = asdict(run)
                log(f"N={n}: {engine.name} {profile}: first answer "
                    f"{ {k: v.values for k, v in run.first.items()} }, last "
                    f"{ {k: v.values for k, v in run.last.items()} }, bytes "
                    f"{ {k: sum(t.gzip for t in v) for k, v in run.after_first_key.items()} }, recall {run.recall()}")
                save()
    # The same on the phone over HTTPS and HTTP/2, as production is served (deploy/README.md):
    # one connection carries every request, where HTTP/1.1 opens at most 6 per host and a query
    # of 7 files or more waits for a second wave.
    with nginx(site, tls=True) as purl, nginx(pf_site, csp=False, tls=True) as furl:
        for engine, base, root, start in ((bt.PORTAL, purl, site, ""),
                                          (pagefind.PAGEFIND, furl, pf_site, pagefind.HARNESS)):
            run = bt.SearchRun(engine.name)
            for protocol in bt.PROTOCOLS:
                log(f"N={n}: {engine.name} first answer, phone, HTTP/2, {protocol}")
                bt.measure_first(browser, engine, base, root, run, repeats=min(reps.ready, H2_READY), query=query,
                                 protocol=protocol, phone=True, start=start)
            log(f"N={n}: {engine.name} the {len(QUERIES)} queries, phone, HTTP/2, {reps.visits} visits")
            bt.measure_queries(browser, engine, base, root, run, visits=reps.visits, phone=True, start=start)
            entry.setdefault("h2", {})[engine.name] = {"phone": asdict(run)}
            p95 = _not_cached(asdict(run))
            log(f"N={n}: {engine.name} HTTP/2: first answer { {k: v.values for k, v in run.first.items()} }, "
                f"p95 {p95.p(95) if p95 else None}, recall {run.recall()}")
            save()
    entry["load"].append(round(os.getloadavg()[0], 2))


# ---- the report section ----


def _series(d: dict[str, Any] | None) -> Series | None:
    if not d or not d.get("values"):
        return None
    return Series([float(v) for v in d["values"]])


def _measured_apart(results: dict[str, Any]) -> str:
    """The sizes measured by runs of their own (`--merge`: one lock hold each), with when and at
    which commit."""
    apart = [(n, e) for n, e in results["sizes"].items() if e.get("started")]
    if not results.get("merged") or not apart:
        return ""
    return (". Sizes measured by runs of their own, merged: "
            + ", ".join(f"{int(n):,} {e['started'][11:16]}–{e.get('finished', '…')[11:16]} at {e.get('commit', '?')}"
                        for n, e in sorted(apart, key=lambda kv: int(kv[0]))))


def _not_cached(run: dict[str, Any] | None) -> Series | None:
    """Each query's median latency the first time it is asked in a page, over the fresh visits:
    the p95 of a query not yet cached is read on these. Not on all the samples together: the
    network is emulated the same way in every visit, so what differs from one visit to the next
    is this shared machine's load, whose hiccups (one visit's 519 ms for a query the others
    answered in 370) would otherwise decide the p95 of 74 queries. A run of one visit (before
    s32) gives its one sample per query."""
    by_query = (run or {}).get("first_by_query")
    if by_query:
        return Series([statistics.median(v) for v in by_query.values()])
    return _series((run or {}).get("latency_first"))


def _ms(s: Series | None, q: float | None = None) -> str:
    if s is None:
        return "—"
    v = s.median if q is None else s.p(q)
    return f"{v * 1000:,.0f} ms" if v < 10 else f"{v:,.1f} s"


def _s(s: Series | None) -> str:
    return "—" if s is None else f"{s.median:.2f} s"


def _kb(b: float | None) -> str:
    return "—" if b is None else f"{b / 1000:,.0f} KB"


def _bytes(run: dict[str, Any] | None) -> int | None:
    if not run:
        return None
    return sum(t["gzip"] for t in run.get("downloads", []))


def _recall(run: dict[str, Any] | None, kind: str | None = None) -> str:
    if not run:
        return "—"
    chosen = [q for q in QUERIES if kind is None or q.kind == kind]
    hits = sum(run.get("hits", {}).get(q.text, False) for q in chosen)
    return f"{hits}/{len(chosen)}"


def _first(run: dict[str, Any] | None, protocol: str, what: str = "first") -> Series | None:
    return _series(((run or {}).get(what) or {}).get(protocol))


def _kb_after(run: dict[str, Any] | None, protocol: str) -> float | None:
    transfers = ((run or {}).get("after_first_key") or {}).get(protocol)
    return None if transfers is None else sum(t["gzip"] for t in transfers)


def _vs(p: Series | None, f: Series | None) -> str:
    ratio = f" ({f.median / p.median:.1f}×)" if p and f and p.median else ""
    return f"{_s(p)} / {_s(f)}{ratio}"


TARGETS = {"first": 0.6, "ratio": 3.0, "kb": 60_000, "p95": 0.4}
"""Issue 23's targets: phone first answer ≤ 0.6 s and ≥ 3× faster than Pagefind, ≤ 60 KB
fetched from the first keystroke, a query not yet cached ≤ 400 ms at p95, recall 100%."""


def render(results: dict[str, Any]) -> str:
    out = [BEGIN, "## Search beside Pagefind (desktop and phone)", ""]
    out.append(
        f"Run {results['started']} → {results.get('finished', '…')}, commit {results.get('commit', '?')}, "
        f"by `python -m bench.search_compare` (part of `make bench`); Pagefind "
        f"{results.get('pagefind_version', '?')} over a hard-linked copy of the very site the portal built. "
        "Phone: Chromium with the CPU slowed 4×, 1.6 Mbit/s down, 150 ms round trip, 375 px wide "
        "(Chrome DevTools protocol). First answer: a fresh browser context (empty cache), the home page "
        f"loaded, the name {QUERIES[0].text} put into the box "
        + "; ".join(f"*{k}*: {v}" for k, v in bt.PROTOCOLS.items())
        + ". Time from the first keystroke to the first answer on screen (for *typed*, also from the last "
        "keystroke to the whole name's answer), and what was fetched from the first keystroke on (gzip -6 "
        "bytes of each response, first run). Repetitions per size: "
        + ", ".join(f"{int(n):,}: {r['ready']} runs of each protocol, " + (
            f"the queries in {r['visits']} fresh visits (a query not yet cached: each query's median over "
            "the visits, its p95 over the queries)" if "visits" in r else f"{r['passes']} passes of the queries")
            for n, r in results["reps"].items())
        + _measured_apart(results)
        + f". Load average (1 min) {results.get('load_start', '?')} at the start, {results.get('load_end', '?')} "
        "at the end; per size in the last column. Figures are medians; all wall time on a shared 2-core machine."
    )
    out += ["", "### First answer on the phone, by protocol (portal / Pagefind)", ""]
    out.append("| candidates | IME commit after idle | IME commit at once | typed at once: first answer | "
               "typed at once: last keystroke → answer | KB from the first keystroke (idle / at once / typed), "
               "portal | same, Pagefind |")
    out.append("|---|---|---|---|---|---|---|")
    sizes = sorted(results["sizes"].items(), key=lambda kv: int(kv[0]))
    for n, e in sizes:
        p, f = (e.get("portal") or {}).get("phone"), (e.get("pagefind") or {}).get("phone")
        kb = [" / ".join(_kb(_kb_after(x, k)).replace(" KB", "") for k in bt.PROTOCOLS) + " KB" for x in (p, f)]
        out.append(
            f"| {int(n):,} | {_vs(_first(p, 'idle'), _first(f, 'idle'))} | {_vs(_first(p, 'commit'), _first(f, 'commit'))} "
            f"| {_vs(_first(p, 'typed'), _first(f, 'typed'))} | {_vs(_first(p, 'typed', 'last'), _first(f, 'typed', 'last'))} "
            f"| {kb[0]} | {kb[1]} |"
        )
    out += ["", "### Sizes, desktop, queries and recall", ""]
    out.append("| candidates | portal search files (gzip, all) / manifest | Pagefind index (raw) | "
               "desktop first answer (IME at once): portal / Pagefind | "
               "phone query, first time asked: median / p95, portal / Pagefind | "
               "phone query, asked again: median / p95, portal / Pagefind | recall: portal / Pagefind | "
               "portal build | load average at the start / end of the size |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for n, e in sizes:
        pi, fi = e.get("portal_index", {}), e.get("pagefind_index", {})
        p, f = e.get("portal", {}), e.get("pagefind", {})
        lat = [(_not_cached if k == "latency_first" else lambda r, k=k: _series((r or {}).get(k)))(x.get("phone"))
               for x in (p, f) for k in ("latency_first", "latency_again")]
        build = e.get("portal_build") or {}
        built = f"{build['wall']:.0f} s, {build['peak_rss'] / 2**30:.2f} GiB" if build else "—"
        out.append(
            f"| {int(n):,} | {_kb(pi.get('total_gzip'))} in {pi.get('files', 0):,} files / {_kb(pi.get('manifest_gzip'))} "
            f"| {_kb(fi.get('bytes'))} in {fi.get('files', 0):,} files "
            f"| {_ms(_first(p.get('desktop'), 'commit'))} / {_ms(_first(f.get('desktop'), 'commit'))} "
            f"| {_ms(lat[0])} / {_ms(lat[0], 95)}, {_ms(lat[2])} / {_ms(lat[2], 95)} "
            f"| {_ms(lat[1])} / {_ms(lat[1], 95)}, {_ms(lat[3])} / {_ms(lat[3], 95)} "
            f"| {_recall(p.get('phone'))} / {_recall(f.get('phone'))} | {built} "
            f"| {' / '.join(str(x) for x in e.get('load', [])) or '?'} |"
        )
    h2 = [(n, e) for n, e in sizes if e.get("h2")]
    if h2:
        out += ["", "### The phone over HTTPS and HTTP/2, as deployed (portal / Pagefind)", "",
                "Both engines served by the same nginx configuration with TLS and HTTP/2 (deploy/README.md "
                "section 4; a self-signed certificate made under bench/out/tls, which Chromium trusts by its "
                "key: `--ignore-certificate-errors-spki-list`), the same phone profile; "
                f"at most {H2_READY} runs of each protocol, the queries in as many fresh visits as over HTTP/1.1 "
                "(not asked again). Over HTTP/1.1 "
                "(the tables above) Chromium opens at most 6 connections to a host, so a query that needs "
                "7 files or more waits for a second wave; over HTTP/2 one connection carries them all.", ""]
        out.append("| candidates | IME commit after idle | IME commit at once | typed at once: first answer | "
                   "KB from the first keystroke (idle / at once / typed), portal / Pagefind | "
                   "query, first time asked: median / p95, portal / Pagefind | recall: portal / Pagefind |")
        out.append("|---|---|---|---|---|---|---|")
        for n, e in h2:
            p, f = _h2(e, "portal"), _h2(e, "pagefind")
            kb = [" / ".join(_kb(_kb_after(x, k)).replace(" KB", "") for k in bt.PROTOCOLS) + " KB" for x in (p, f)]
            lp, lf = _not_cached(p), _not_cached(f)
            out.append(
                f"| {int(n):,} | {_vs(_first(p, 'idle'), _first(f, 'idle'))} | {_vs(_first(p, 'commit'), _first(f, 'commit'))} "
                f"| {_vs(_first(p, 'typed'), _first(f, 'typed'))} | {kb[0]}; {kb[1]} "
                f"| {_ms(lp)} / {_ms(lp, 95)}, {_ms(lf)} / {_ms(lf, 95)} | {_recall(p)} / {_recall(f)} |"
            )
    out += ["", "### Against the targets (issue 23, phone profile)", "",
            "Read against HTTPS + HTTP/2 where it was measured: production is served so (deploy/README.md); "
            "the HTTP/1.1 figure beside it is the plain loopback serving of the tables above.", ""]
    out.append("| candidates | first answer ≤ 0.6 s (slowest protocol): HTTP/2, HTTP/1.1 | ≥ 3× faster than "
               "Pagefind (least): HTTP/2, HTTP/1.1 | ≤ 60 KB from the first keystroke (most) | query not yet "
               "cached ≤ 400 ms at p95: HTTP/2, HTTP/1.1 | recall 100%: HTTP/2, HTTP/1.1 |")
    out.append("|---|---|---|---|---|---|")

    def verdict(ok: bool | None, text: str) -> str:
        return "—" if ok is None else f"{text} {'met' if ok else 'missed'}"

    for n, e in sizes:
        cells: list[list[str]] = [[], [], [], [], []]
        for p, f in ((_h2(e, "portal"), _h2(e, "pagefind")),
                     ((e.get("portal") or {}).get("phone"), (e.get("pagefind") or {}).get("phone"))):
            if not p:
                continue
            firsts = [s for k in bt.PROTOCOLS if (s := _first(p, k))]
            ratios = [fs.median / ps.median for k in bt.PROTOCOLS if (ps := _first(p, k)) and (fs := _first(f, k))]
            kbs = [b for k in bt.PROTOCOLS if (b := _kb_after(p, k)) is not None]
            p95 = _not_cached(p)
            worst = max((s.median for s in firsts), default=None)
            hits = _recall(p)
            cells[0].append(verdict(None if worst is None else worst <= TARGETS['first'], f'{worst:.2f} s' if worst else ''))
            cells[1].append(verdict(None if not ratios else min(ratios) >= TARGETS['ratio'], f'{min(ratios):.1f}×' if ratios else ''))
            cells[2].append(verdict(None if not kbs else max(kbs) <= TARGETS['kb'], _kb(max(kbs)) if kbs else ''))
            pooled = _series((p or {}).get("latency_first"))
            every = f" (all samples: {_ms(pooled, 95)})" if p.get("first_by_query") and pooled else ""
            cells[3].append(verdict(None if p95 is None else p95.p(95) <= TARGETS['p95'], _ms(p95, 95) + every))
            cells[4].append(verdict(None if hits == '—' else hits.split('/')[0] == hits.split('/')[1], hits))
        out.append(f"| {int(n):,} | " + " | ".join(", ".join(c) or "—" for c in cells) + " |")
    out += ["", "Recall by query class (phone run; the portal judged on what its box shows, Pagefind on "
            f"its first {pagefind.SHOWN} results; a phrase of a notice also counts when the linked page has it):", ""]
    kinds = list(dict.fromkeys(q.kind for q in QUERIES))
    out.append("| candidates | " + " | ".join(kinds) + " |")
    out.append("|---|" + "---|" * len(kinds))
    for n, e in sizes:
        p, f = (e.get("portal") or {}).get("phone"), (e.get("pagefind") or {}).get("phone")
        out.append(f"| {int(n):,} | " + " | ".join(f"{_recall(p, k)} / {_recall(f, k)}" for k in kinds) + " |")
    out += _slowest(sizes)
    if h2:
        out += _slowest(h2, "h2")
    out += ["", END]
    return "\n".join(out)


SLOWEST = 6
"""Queries listed per size in the profile of a query not yet cached."""


def _h2(entry: dict[str, Any], engine: str) -> dict[str, Any] | None:
    """An engine's phone run over HTTPS and HTTP/2 at one size, if measured."""
    got: dict[str, Any] | None = ((entry.get("h2") or {}).get(engine) or {}).get("phone")
    return got


def _slowest(sizes: list[tuple[str, dict[str, Any]]], over: str = "") -> list[str]:
    """The portal's slowest queries the first time they are asked (phone), with the rounds of
    requests their answer waited for, how many files and how many bytes (gzip as sent): where
    the p95 of a query not yet cached goes. `over` "h2": the run over HTTPS and HTTP/2."""
    out = ["", f"The portal's {SLOWEST} slowest queries the first time they are asked (phone"
           f"{', HTTPS + HTTP/2' if over else ', HTTP/1.1'}): time to the "
           "first answer on screen, the median over the fresh visits [their least–most]; the rounds of "
           "requests it waited for (a request issued after another of them ended is a round later), files "
           "and KB as sent, in the first visit (what earlier queries of the visit fetched is cached):", ""]
    out.append("| candidates | " + " | ".join(f"{k + 1}." for k in range(SLOWEST)) + " |")
    out.append("|---|" + "---|" * SLOWEST)
    for n, e in sizes:
        p = (_h2(e, "portal") if over else (e.get("portal") or {}).get("phone")) or {}
        by_query: dict[str, list[float]] = p.get("first_by_query") or {}
        if not by_query:  # one visit (before s32): its one sample per query
            times = ((p.get("latency_first") or {}).get("values")) or []
            by_query = {q.text: [t] for q, t in zip(QUERIES, times, strict=False)} if len(times) == len(QUERIES) else {}
        fetched = p.get("fetched") or {}
        if not fetched or not by_query:
            continue
        cells = []
        for q in sorted((q for q in QUERIES if q.text in by_query),
                        key=lambda q: -statistics.median(by_query[q.text]))[:SLOWEST]:
            got, samples = fetched.get(q.text, []), by_query[q.text]
            rounds = max((f["round"] for f in got), default=0)
            kb = sum(f["bytes"] for f in got) / 1000
            spread = f" [{min(samples) * 1000:,.0f}–{max(samples) * 1000:,.0f}]" if len(samples) > 1 else ""
            cells.append(f"{q.text} ({q.kind}): {statistics.median(samples) * 1000:,.0f} ms{spread}, "
                         f"{rounds} rounds, {len(got)} files, {kb:.0f} KB")
        out.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    return out


def section_of(text: str) -> str | None:
    """The "Search beside Pagefind" section of a RESULTS.md text, markers included."""
    found = re.search(re.escape(BEGIN) + ".*?" + re.escape(END), text, flags=re.S)
    return found.group(0) if found else None


def write_section(results: dict[str, Any] | str, path: Path) -> None:
    """Put the section (rendered from `results`, or given as text) into RESULTS.md."""
    text = path.read_text(encoding="utf-8")
    section = results if isinstance(results, str) else render(results)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        marker = "## Analysis (hand-written)"
        at = text.find(marker)
        text = text + "\n" + section + "\n" if at < 0 else text[:at] + section + "\n\n" + text[at:]
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_compare", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000,200000")
    parser.add_argument("--quick", action="store_true", help="one repetition of everything")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="take the generated data and Pagefind's index of the last run when still on disk")
    parser.add_argument("--merge", action="store_true",
                        help="keep the last run's other sizes (measure the sizes one lock hold at a time)")
    parser.add_argument("--output", default=str(REPO / "bench" / "RESULTS.md"))
    args = parser.parse_args(argv)
    if args.report_only:
        write_section(json.loads(RESULTS.read_text(encoding="utf-8")), Path(args.output))
        return 0
    import subprocess

    from playwright.sync_api import sync_playwright

    from harness.chromium import launch

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "commit": commit,
        "reps": {str(n): asdict(QUICK if args.quick else REPS.get(n, QUICK)) for n in sizes},
        "sizes": {str(n): {} for n in sizes}, "errors": [],
        "load_start": round(os.getloadavg()[0], 2),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if (args.reuse or args.merge) and RESULTS.is_file() else {}
    if args.merge and previous:
        kept = {k: v for k, v in previous.get("sizes", {}).items() if k not in results["sizes"]}
        results["sizes"] = dict(sorted({**kept, **results["sizes"]}.items(), key=lambda kv: int(kv[0])))
        results["reps"] = {k: v for k, v in {**previous.get("reps", {}), **results["reps"]}.items() if k in results["sizes"]}
        results["merged"] = True

    def save() -> None:
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")

    results["pagefind_version"] = subprocess.run([str(pagefind.binary()), "--version"], capture_output=True,
                                                 text=True).stdout.strip()
    cert, _key = certificate()
    with sync_playwright() as pw:
        # The bench's own certificate trusted by its key, as a CA-signed one would be.
        browser = launch(pw, (f"--ignore-certificate-errors-spki-list={spki_hash(cert)}",))
        try:
            for n in sizes:
                reps = QUICK if args.quick else REPS.get(n, QUICK)
                entry = results["sizes"][str(n)] = {
                    "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "commit": commit}
                try:
                    measure(n, reps, browser, entry, save,
                            reuse=(previous.get("sizes") or {}).get(str(n), {}) if args.reuse else None)
                except Exception as exc:  # one size failing must not lose the others
                    import traceback

                    results["errors"].append(f"N={n}: {exc!r}\n{traceback.format_exc()}")
                    log(f"N={n}: failed: {exc!r}")
                entry["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                save()
        finally:
            browser.close()
    results["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_end"] = round(os.getloadavg()[0], 2)
    save()
    write_section(results, Path(args.output))
    log(f"wrote {args.output}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    start = time.time()
    code = main()
    log(f"done in {(time.time() - start) / 60:.1f} min")
    sys.exit(code)
