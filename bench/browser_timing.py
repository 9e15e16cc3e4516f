"""Search as a visitor meets it, in headless Debian Chromium over loopback nginx (gzip on).

Every timing is taken inside the page with `performance.now()`: t0 just before the query is put
into the search box (focus, value, `input` and `keyup` events in one task, which is what an IME
commit or a paste produces; Material reacts to `keyup`, the portal to `input`), t1 in a
MutationObserver callback at the first DOM change after which the engine shows an answer for the
query (result items, or its "nothing found" message). Playwright round trips are outside t0–t1.

- ready: a fresh browser context (empty HTTP cache), the home page loaded, then the first query;
  t1 − t0 includes whatever the engine must fetch and load before it can answer.
- latency: in a ready page, each query of the fixed set: clear the box (wait for the engine's
  empty state), put the query in, t1 − t0; the first time it is asked in a page, in several
  fresh visits, and again in the same page.
- recall: after an answer, once it is whole (Engine.whole) and 300 ms for late rendering, the
  first ten results are read; the
  query is a hit when one of them shows the expected text (name, unit or phrase), or, for a
  phrase from a notice, when the page it links to contains it.
"""

from __future__ import annotations

import contextlib
import html
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench.generate import QUERIES, Query
from bench.measure import Series, gz

PHONE = {"cpu_slowdown": 4, "down_bits_per_s": 1_600_000, "up_bits_per_s": 750_000, "rtt_ms": 150}
"""The phone profile: Chromium's CPU slowed 4× and its network held to 1.6 Mbit/s down with a
150 ms round trip (Chrome DevTools protocol), in a 375 px wide viewport."""
READY_TIMEOUT_MS = 180_000
"""Material builds its whole index in the browser first; at 50,000 candidates that takes long."""
ANSWER_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Engine:
    """How to drive one search UI: its box, its states and its result items, as JS."""

    name: str
    input: str
    """CSS selector of the search box."""
    state: str
    """JS function body returning 'empty' (no query), 'pending' or 'answered'."""
    items: str
    """JS function body returning each result, in order, as {text, href}."""
    prepare: str = ""
    """JS run once after load and before the first query (e.g. open a collapsed box)."""
    shown_for: str = "return '';"
    """JS function body returning the text whose answer is on screen ('' if none): what the
    character-by-character protocol tells each keystroke's answer by."""
    whole: str = "return true;"
    """JS function body of `query` returning whether the answer shown for it is whole (nothing
    more will be added below it): recall is judged on that."""


MATERIAL = Engine(
    name="material",
    input="input.md-search__input",
    state="""
        // zh messages: 键入以开始搜索 (placeholder), 正在初始化搜索引擎 (index loading),
        // 没有找到符合条件的结果, 找到 1 个符合条件的结果, N 个符合条件的结果.
        const meta = document.querySelector('.md-search-result__meta');
        const text = meta ? meta.textContent : '';
        const items = document.querySelectorAll('.md-search-result__item').length;
        if (text.includes('键入以开始搜索')) return 'empty';
        if (text.includes('没有找到')) return 'answered';
        if (text.includes('符合条件的结果') && items > 0) return 'answered';
        return 'pending';
    """,
    items="""
        return [...document.querySelectorAll('.md-search-result__item')].map(e => ({
            text: e.innerText.replace(/\\u200b/g, ''),
            href: (e.querySelector('a') || {}).href || '',
        }));
    """,
)

PORTAL = Engine(
    name="portal",
    input="form[role=search] input[type=search]",
    # gongshi-search-ui.js: the listbox is hidden while the box is empty; a query renders groups of
    # result links (role=option; the last one, "--all", links to the search page) or one
    # "…empty" line, then unhides the listbox. Selected by role so that class renames don't matter.
    state="""
        const form = document.querySelector('form[role=search]');
        const list = form && form.querySelector('[role=listbox]');
        if (!list || list.hidden) {
            const box = form && form.querySelector('input[type=search]');
            return box && box.value.trim() ? 'pending' : 'empty';
        }
        if (list.querySelector('a[role=option], [class*=empty]')) return 'answered';
        return 'pending';
    """,
    items="""
        const list = document.querySelector('form[role=search] [role=listbox]');
        return [...list.querySelectorAll('a[role=option]:not([class*="--all"])')]
            .map(a => ({text: a.innerText, href: a.href}));
    """,
    # data-shown: the text of the answer on screen (the first part of it included: the
    # homophones of a Han query are added below it a round trip later).
    shown_for="""
        const list = document.querySelector('form[role=search] [role=listbox]');
        return list && !list.hidden ? (list.dataset.shown || '') : '';
    """,
    # data-query: set once the answer is whole (the best results whose rows came with the
    # shards are shown first, the rest, the pages and the homophones added below them).
    whole="""
        const list = document.querySelector('form[role=search] [role=listbox]');
        return !!list && list.dataset.query === query;
    """,
)

PROTOCOLS = {
    "idle": "an IME commit once the page has gone idle (network idle, then 1 s)",
    "commit": "an IME commit right after the load event, no idle wait",
    "typed": "character by character right after the load event, no idle wait, 200 ms apart",
}
"""How the first query reaches the box in `measure_first`."""
TYPING_GAP_MS = 200
"""Between two characters typed (an IME commit per character, as a quick typist makes them)."""

# The engine's JS is spliced into the evaluated source rather than built with `new Function`,
# which the portal's Content-Security-Policy (no 'unsafe-eval') would refuse.
_QUERY_JS = """
async ([selector, query, timeoutMs]) => {
    const state = () => { STATE };
    const box = document.querySelector(selector);
    return await new Promise((resolve) => {
        let done = false;
        let t0 = 0;
        // What the answer waited for: the requests issued from t0 until it was shown, and how
        // many rounds they took (a request issued after another of them had ended is a round
        // later; Resource Timing, in the page's own clock).
        const fetched = (t1) => {
            const mine = performance.getEntriesByType('resource')
                .filter((e) => e.startTime >= t0 && (t1 === null || e.startTime <= t1))
                .sort((a, b) => a.startTime - b.startTime);
            const out = [];
            for (const e of mine) {
                let round = 1;
                for (const o of out) if (o.end <= e.startTime - t0) round = Math.max(round, o.round + 1);
                out.push({url: e.name, start: e.startTime - t0, end: e.responseEnd - t0,
                          bytes: e.encodedBodySize, round});
            }
            return out;
        };
        const finish = (t1) => {
            if (done) return;
            done = true;
            observer.disconnect();
            resolve({t0, t1, state: state(), fetched: fetched(t1)});
        };
        const observer = new MutationObserver(() => {
            if (state() === 'answered') finish(performance.now());
        });
        observer.observe(document.documentElement,
            {subtree: true, childList: true, characterData: true, attributes: true});
        performance.setResourceTimingBufferSize(10000);
        t0 = performance.now();
        box.focus();
        box.value = query;
        box.dispatchEvent(new Event('input', {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: query.slice(-1)}));
        if (state() === 'answered') finish(performance.now());
        setTimeout(() => finish(null), timeoutMs);
    });
}
"""

# Each prefix of the text in turn (one `input` per character), `gap` ms apart; for each, when the
# engine first shows an answer for it (SHOWN: the text the shown answer is for). Resolves once
# the whole text is answered or `timeoutMs` has passed.
_TYPE_JS = """
async ([selector, parts, gap, timeoutMs]) => {
    const shownFor = () => { SHOWN };
    const box = document.querySelector(selector);
    const keys = [];
    const seen = () => {
        const q = shownFor(), now = performance.now();
        for (const k of keys) if (k.t1 === null && k.text === q) k.t1 = now;
    };
    const observer = new MutationObserver(seen);
    observer.observe(document.documentElement,
        {subtree: true, childList: true, characterData: true, attributes: true});
    box.focus();
    for (let n = 0; n < parts.length; n++) {
        const text = parts.slice(0, n + 1).join('');
        keys.push({text, t0: performance.now(), t1: null});
        box.value = text;
        box.dispatchEvent(new Event('input', {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: parts[n]}));
        seen();
        if (n + 1 < parts.length) await new Promise((r) => setTimeout(r, gap));
    }
    const start = performance.now();
    while (keys[keys.length - 1].t1 === null && performance.now() - start < timeoutMs) {
        await new Promise((r) => setTimeout(r, 10));
    }
    observer.disconnect();
    return keys;
}
"""

_CLEAR_JS = """
async ([selector]) => {
    const state = () => { STATE };
    const box = document.querySelector(selector);
    box.value = '';
    box.dispatchEvent(new Event('input', {bubbles: true}));
    box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'Backspace'}));
    const start = performance.now();
    while (state() !== 'empty' && performance.now() - start < 5000) {
        await new Promise((r) => setTimeout(r, 10));
    }
    return state();
}
"""


@dataclass
class Transfer:
    url: str
    raw: int
    gzip: int
    transferred: int


@dataclass
class PageWeight:
    url: str
    html_raw: int
    html_gzip: int
    total_raw: int
    total_gzip: int
    requests: int


@dataclass
class SearchRun:
    engine: str
    ready: Series = field(default_factory=Series)
    ready_from_navigation: Series = field(default_factory=Series)
    latency: Series = field(default_factory=Series)
    latency_first: Series = field(default_factory=Series)
    """Latency the first time each query is asked in the page (including what it must fetch)."""
    latency_again: Series = field(default_factory=Series)
    """Latency on the later passes (what the query needs was fetched before)."""
    first_by_query: dict[str, list[float]] = field(default_factory=dict)
    """Query → its latency the first time it is asked in a page, one per fresh visit
    (measure_queries): the p95 of a query not yet cached is read on each query's median."""
    downloads: list[Transfer] = field(default_factory=list)
    """What the first query made the browser fetch (the portal's index), first ready run."""
    load_downloads: list[Transfer] = field(default_factory=list)
    """What the page fetched while loading (Material fetches its index here)."""
    first: dict[str, Series] = field(default_factory=dict)
    """Protocol (PROTOCOLS) → time from the first keystroke to the first answer on screen."""
    last: dict[str, Series] = field(default_factory=dict)
    """Protocol → time from the last keystroke to its answer (the whole query's)."""
    after_first_key: dict[str, list[Transfer]] = field(default_factory=dict)
    """Protocol → what the first run fetched from the first keystroke on."""
    hits: dict[str, bool] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    fetched: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Query → the requests its answer waited for, the first time it was asked in the page
    (url, start and end in ms from the query, gzip bytes, round), for the profile of a query
    not yet cached (bench/search_compare.py lists the slowest)."""
    timeouts: int = 0
    errors: list[str] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> tuple[int, int]:
        chosen = [q for q in QUERIES if kind is None or q.kind == kind]
        return sum(self.hits.get(q.text, False) for q in chosen), len(chosen)


def _context(browser: Any, phone: bool = False) -> Any:
    # 1280 px wide: Material shows its header search box at this width without a click.
    size = {"width": 375, "height": 812} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=size, service_workers="block")
    context.set_default_timeout(READY_TIMEOUT_MS)
    return context


def _page(context: Any, phone: bool = False) -> Any:
    """A new page, slowed to the phone profile if asked (before anything is loaded)."""
    page = context.new_page()
    if phone:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False,
            "latency": PHONE["rtt_ms"],
            "downloadThroughput": PHONE["down_bits_per_s"] / 8,
            "uploadThroughput": PHONE["up_bits_per_s"] / 8,
        })
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["cpu_slowdown"]})
    return page


class _Recorder:
    """Every request of a page in the order it was *issued*, with its size once finished, so
    that what a keystroke caused is told apart from page assets that merely finish later."""

    def __init__(self, page: Any, site: Path, base: str) -> None:
        self.site = site
        self.base = base
        self.issued: list[Any] = []
        self.done: dict[int, Transfer] = {}
        page.on("request", self._issued)
        page.on("requestfinished", self._finished)

    def _issued(self, request: Any) -> None:
        self.issued.append(request)

    def _finished(self, request: Any) -> None:
        try:
            sizes = request.sizes()
            # Sizes of files of the site come from disk: Playwright cannot hand over bodies of
            # 100 MB (Material's index at 50,000 candidates).
            raw, packed = _file_sizes(self.site, self.base, request.url)
            if raw is None:
                response = request.response()
                body = response.body() if response is not None else b""
                raw, packed = len(body), gz(body)
        except Exception:  # a request cancelled by navigation has no body
            return
        self.done[id(request)] = Transfer(request.url, raw, packed, int(sizes["responseBodySize"]))

    def transfers(self, start: int = 0, stop: int | None = None) -> list[Transfer]:
        chosen = self.issued[start:stop]
        return [self.done[id(r)] for r in chosen if id(r) in self.done]


_GZ_CACHE: dict[tuple[str, float, int], int] = {}


def _file_sizes(site: Path, base: str, url: str) -> tuple[int | None, int]:
    """(raw, gzip -6) of the site file `url` is served from, or (None, 0) if there is none."""
    if not url.startswith(base):
        return None, 0
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    if not path.is_file():
        return None, 0
    stat = path.stat()
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _GZ_CACHE:
        _GZ_CACHE[key] = gz(path.read_bytes())
    return stat.st_size, _GZ_CACHE[key]


def page_weight(browser: Any, url: str, site: Path, base: str) -> PageWeight:
    """Everything a cold visit to `url` downloads before the network goes idle."""
    context = _context(browser)
    page = context.new_page()
    recorder = _Recorder(page, site, base)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    seen = recorder.transfers()
    context.close()
    html = next((t for t in seen if t.url == url), None)
    if html is None:
        raise RuntimeError(f"no document response for {url}")
    return PageWeight(url, html.raw, html.gzip, sum(t.raw for t in seen),
                      sum(t.gzip for t in seen), len(seen))


def _ask(page: Any, engine: Engine, query: str, timeout_ms: int = ANSWER_TIMEOUT_MS) -> dict[str, Any]:
    return page.evaluate(_QUERY_JS.replace("STATE", engine.state), [engine.input, query, timeout_ms])


def measure_ready(browser: Any, engine: Engine, base: str, site: Path, run: SearchRun, *,
                  repeats: int, query: str, phone: bool = False, start: str = "") -> None:
    for i in range(repeats):
        context = _context(browser, phone)
        page = _page(context, phone)
        page.on("pageerror", lambda e: run.errors.append(str(e)))
        recorder = _Recorder(page, site, base)
        page.goto(base + start, wait_until="load")
        if engine.prepare:
            page.evaluate(f"() => {{ {engine.prepare} }}")
        page.wait_for_selector(engine.input, state="attached")
        before = len(recorder.issued)
        answer = _ask(page, engine, query, READY_TIMEOUT_MS)
        page.wait_for_timeout(300)
        if answer["t1"] is None:
            run.timeouts += 1
        else:
            run.ready.add((answer["t1"] - answer["t0"]) / 1000)
            run.ready_from_navigation.add(answer["t1"] / 1000)  # performance.now() starts at navigation
        if i == 0:
            page.wait_for_load_state("networkidle")
            run.load_downloads = recorder.transfers(0, before)
            run.downloads = recorder.transfers(before)
        context.close()


def measure_first(browser: Any, engine: Engine, base: str, site: Path, run: SearchRun, *,
                  repeats: int, query: str, protocol: str, phone: bool = False, start: str = "") -> None:
    """The first query of a fresh visit (empty cache) by `protocol` (PROTOCOLS): time from its
    first keystroke to the first answer on screen, from its last to its answer, and what was
    fetched from the first keystroke on (first run)."""
    first, last = run.first.setdefault(protocol, Series()), run.last.setdefault(protocol, Series())
    for i in range(repeats):
        context = _context(browser, phone)
        page = _page(context, phone)
        page.on("pageerror", lambda e: run.errors.append(str(e)))
        recorder = _Recorder(page, site, base)
        page.goto(base + start, wait_until="load")
        if engine.prepare:
            page.evaluate(f"() => {{ {engine.prepare} }}")
        page.wait_for_selector(engine.input, state="attached")
        if protocol == "idle":
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)
        parts = list(query) if protocol == "typed" else [query]
        before = len(recorder.issued)
        keys = page.evaluate(_TYPE_JS.replace("SHOWN", engine.shown_for),
                             [engine.input, parts, TYPING_GAP_MS, READY_TIMEOUT_MS])
        page.wait_for_timeout(300)
        shown = [k["t1"] for k in keys if k["t1"] is not None]
        if keys[-1]["t1"] is None:
            run.timeouts += 1
        else:
            first.add((min(shown) - keys[0]["t0"]) / 1000)
            last.add((keys[-1]["t1"] - keys[-1]["t0"]) / 1000)
        if i == 0:
            page.wait_for_load_state("networkidle")
            run.after_first_key[protocol] = recorder.transfers(before)
        context.close()


def _page_text(site: Path, base: str, href: str, cache: dict[str, str]) -> str:
    """Text of the built page a result links to (read from disk, tags stripped)."""
    path = urlsplit(href).path if href.startswith(base) else ""
    if not path:
        return ""
    if path not in cache:
        target = site / unquote(path).lstrip("/")
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        raw = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
        main = re.search(r"<article[^>]*>(.*)</article>", raw, re.S)
        cache[path] = html.unescape(re.sub(r"<[^>]+>", " ", main.group(1) if main else raw))
    return cache[path]


def _hit(query: Query, shown: list[dict[str, str]], site: Path, base: str,
         cache: dict[str, str]) -> bool:
    """The expected text is in what a result shows; for a phrase from a notice (kind 通知), in
    the page the result links to, since a title-only result is as good as one with a snippet."""
    if any(query.expect in item["text"] for item in shown):
        return True
    if query.kind == "通知":
        return any(query.expect in _page_text(site, base, item["href"], cache) for item in shown)
    return False


def _visit(browser: Any, engine: Engine, base: str, run: SearchRun, *, phone: bool, start: str,
           warm_up: str) -> tuple[Any, Any]:
    """A fresh context (empty HTTP cache) on the home page, its engine ready: the warm-up query
    answered (the first answer pays for the index; latency is about a ready engine)."""
    context = _context(browser, phone)
    page = _page(context, phone)
    page.on("pageerror", lambda e: run.errors.append(str(e)))
    page.goto(base + start, wait_until="load")
    if engine.prepare:
        page.evaluate(f"() => {{ {engine.prepare} }}")
    warm = _ask(page, engine, warm_up, READY_TIMEOUT_MS)
    if warm["t1"] is None:
        context.close()
        raise RuntimeError(f"{engine.name}: no answer to the warm-up query within the timeout")
    return context, page


def measure_queries(browser: Any, engine: Engine, base: str, site: Path, run: SearchRun, *,
                    visits: int, again: int = 0, queries: tuple[Query, ...] = QUERIES, phone: bool = False,
                    start: str = "") -> None:
    """Each query the first time it is asked in a page, in `visits` fresh visits (each a new
    context, so nothing is cached but what the warm-up and the earlier queries of the visit
    fetched: the same in every visit, the queries being asked in the same order), and `again`
    times more in the first visit, when what it needs is cached. Each visit's latency of each
    query goes to run.first_by_query (and all of them to run.latency_first); the requests and
    the recall are taken in the first visit."""
    for visit in range(visits):
        context, page = _visit(browser, engine, base, run, phone=phone, start=start, warm_up=queries[0].text)
        cache: dict[str, str] = {}
        for p in range(1 + (again if visit == 0 else 0)):
            for q in queries:
                page.evaluate(_CLEAR_JS.replace("STATE", engine.state), [engine.input])
                answer = _ask(page, engine, q.text)
                if answer["t1"] is None:
                    run.timeouts += 1
                    continue
                took = (answer["t1"] - answer["t0"]) / 1000
                run.latency.add(took)
                if p > 0:
                    run.latency_again.add(took)
                    continue
                run.latency_first.add(took)
                run.first_by_query.setdefault(q.text, []).append(took)
                # In every visit the next query waits until this one's answer is whole (what is
                # added below the first answer, homophones and pages, fetched): else its requests
                # would share the 1.6 Mbit/s with the next query's in the later visits only.
                with contextlib.suppress(Exception):  # judged on what is shown by then
                    page.wait_for_function(f"(query) => {{ {engine.whole} }}", arg=q.text, timeout=ANSWER_TIMEOUT_MS)
                page.wait_for_timeout(300)
                if visit > 0:
                    continue
                run.fetched[q.text] = [{**f, "url": f["url"].rsplit("/", 1)[-1]} for f in answer["fetched"]]
                shown = page.evaluate(f"() => {{ {engine.items} }}")[:10]
                run.shown[q.text] = [item["text"][:200] for item in shown]
                run.hits[q.text] = _hit(q, shown, site, base, cache)
        context.close()


def measure_engine(browser: Any, engine: Engine, base: str, site: Path, *, ready_repeats: int,
                   passes: int) -> SearchRun:
    run = SearchRun(engine.name)
    measure_ready(browser, engine, base, site, run, repeats=ready_repeats, query=QUERIES[0].text)
    time.sleep(0.5)
    measure_queries(browser, engine, base, site, run, visits=1, again=passes - 1)
    return run
