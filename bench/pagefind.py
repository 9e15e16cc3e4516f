"""Pagefind 1.6 (npm `pagefind`, extended build with Chinese segmentation) over the very site
the portal built: installed into bench/out/pagefind-npm/ from the npm registry on first use
(never committed), run on a hard-linked copy of the site, and driven in Chromium through a
small page that does what Pagefind's own UI does on a keystroke: load pagefind.js on first
use, `search()`, then `data()` of the first five results, and show them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from bench.browser_timing import Engine
from bench.measure import OUT

VERSION = "1.6.0"
NPM_DIR = OUT / "pagefind-npm"
HARNESS = "pagefind-bench.html"
SHOWN = 5
"""Results Pagefind's default UI loads and shows at first."""

_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pagefind</title></head><body>
<form role="search" onsubmit="return false"><input type="search" id="q" aria-label="搜索"></form>
<div id="results" role="listbox" hidden></div>
<script type="module">
let engine = null;
let seq = 0;
const list = document.getElementById("results");
async function pagefind() {
  if (!engine) {
    engine = await import("./pagefind/pagefind.js");
    await engine.init();
  }
  return engine;
}
document.getElementById("q").addEventListener("input", async (e) => {
  const mine = ++seq;
  const typed = e.target.value;
  const text = typed.trim();
  if (!text) { list.hidden = true; list.replaceChildren(); return; }
  const pf = await pagefind();
  const found = await pf.search(text);
  if (mine !== seq) return;
  const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
  if (mine !== seq) return;
  list.replaceChildren();
  for (const d of data) {
    const a = document.createElement("a");
    a.setAttribute("role", "option");
    a.href = d.url;
    a.textContent = (d.meta.title || "") + " " + d.excerpt.replace(/<[^>]+>/g, "");
    list.appendChild(a);
  }
  if (!data.length) {
    const none = document.createElement("div");
    none.className = "pf-empty";
    none.textContent = "没有结果";
    list.appendChild(none);
  }
  list.dataset.shown = typed;
  list.hidden = false;
});
</script></body></html>
""".replace("SHOWN", str(SHOWN))

PAGEFIND = Engine(
    name="pagefind",
    input="#q",
    state="""
        const list = document.getElementById('results');
        const box = document.getElementById('q');
        if (!list || list.hidden) return box && box.value.trim() ? 'pending' : 'empty';
        if (list.querySelector('a[role=option], .pf-empty')) return 'answered';
        return 'pending';
    """,
    items="""
        return [...document.querySelectorAll('#results a[role=option]')]
            .map(a => ({text: a.textContent, href: a.href}));
    """,
    shown_for="""
        const list = document.getElementById('results');
        return list && !list.hidden ? (list.dataset.shown || '') : '';
    """,
)


def binary() -> Path:
    """The pagefind executable, installed with npm into bench/out/ if it is not there yet."""
    exe = NPM_DIR / "node_modules" / ".bin" / "pagefind"
    if not exe.exists():
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR), f"pagefind@{VERSION}"],
            check=True, capture_output=True,
        )
    return exe


def index_site(site: Path, target: Path) -> dict[str, object]:
    """A hard-linked copy of `site` at `target` with Pagefind's index and the bench's page."""
    import time

    if target.exists():
        shutil.rmtree(target)
    subprocess.run(["cp", "-al", str(site), str(target)], check=True)
    start = time.perf_counter()
    done = subprocess.run([str(binary()), "--site", str(target)], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    (target / HARNESS).write_text(_PAGE, encoding="utf-8")
    index = target / "pagefind"
    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
    version = subprocess.run([str(binary()), "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "seconds": seconds, "bytes": size, "files": sum(1 for p in index.rglob("*") if p.is_file()),
        "version": version, "extended": "extended" in done.stdout.lower(),
        "log": done.stdout[-2000:],
    }


def summary(info: dict[str, object]) -> str:
    return json.dumps({k: v for k, v in info.items() if k != "log"})
