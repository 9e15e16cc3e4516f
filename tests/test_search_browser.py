"""The search as a visitor meets it: the header box on every kind of page, on a desktop and a
phone, the 名单检索 page, and the browser half of the shared Python/JS rules."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from builder.load.loader import load
from builder.render.publish import published_portal
from builder.render.search import shards
from builder.render.search.files import MANIFEST

pytestmark = pytest.mark.browser

TODAY = "2026-11-18"
HERE = Path(__file__).parent
VECTORS = json.loads((HERE / "search_vectors.json").read_text(encoding="utf-8"))
ROUND_2026 = "2026-shili-jishu-daitouren"
PAGE_KINDS = {
    "home": "",
    "notice": f"campaigns/{ROUND_2026}/",
    "list": f"campaigns/{ROUND_2026}/gongshi/",
    "hand-written": "about/",
    "help": "help/",  # the staff manual is not in the public site
    "search": "search/",
}


def read_table() -> list[dict[str, str]]:
    lines = (HERE / "search_queries.tsv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t"))


QUERIES = read_table()


@pytest.fixture
def base(site_factory, server_factory) -> str:
    return server_factory(site_factory(TODAY))


def box(page):
    return page.get_by_role("combobox", name="搜索")


def ask(page, text: str) -> dict[str, list[str]]:
    """Type `text` into the header box as a visitor would; the shown results by group."""
    field = box(page)
    field.click()
    field.fill("")
    field.press_sequentially(text)
    page.wait_for_function(
        "q => document.getElementById('gss-q-list').dataset.query === q", arg=text, timeout=15000
    )
    return shown(page)


def shown(page) -> dict[str, list[str]]:
    return page.evaluate(
        """() => {
          const out = {};
          for (const g of document.querySelectorAll('#gss-q-list [role=group]')) {
            const name = g.querySelector('.gss-group__title').textContent.replace(/（.*$/, '');
            out[name] = Array.from(g.querySelectorAll('[role=option] .gss-result__title')).map(t =>
              Array.from(t.childNodes).filter(n => !n.classList || !/gss/.test(n.className))
                .map(n => n.textContent).join(''));
          }
          return out;
        }"""
    )


def requests_to(page, fragment: str) -> list[str]:
    return [u for u in page.requested if fragment in u]


def watch_requests(page) -> None:
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))


# ---- the query table, typed into the header box of every kind of page ----


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_query_table(page, base, kind: str) -> None:
    """Each row of tests/search_queries.tsv, typed into the box; the rows are shared out over
    the page kinds so every kind of page serves a part of the table."""
    rows = [row for i, row in enumerate(QUERIES) if i % len(PAGE_KINDS) == list(PAGE_KINDS).index(kind)]
    assert len(QUERIES) >= 60 and rows
    page.goto(base + PAGE_KINDS[kind])
    failures = []
    for row in rows:
        got = ask(page, row["query"])
        if row["group"] == "—":
            if got:
                failures.append(f"{row['query']!r} should find nothing, found {got}")
            continue
        first = got.get(row["group"], [])[: int(row["within"])]
        if row["expect"] not in first:
            failures.append(
                f"{row['query']!r} ({row['about']}): expected {row['expect']} within "
                f"{row['within']} of {row['group']}, shown {got}"
            )
    assert not failures, "\n".join(failures)
    assert page.watch.errors == [] and page.watch.external == []


def help_examples() -> list[tuple[str, str]]:
    """(query, what it must find) for every example of site_src/help.md's search section: the
    first table's 输入 column (all for the person the paragraph above names), the second table's
    (each row for the result its 找到 column quotes in 「」) and the readings quoted in the text."""
    text = (HERE.parent / "site_src" / "help.md").read_text(encoding="utf-8")
    section = text.split("## 查找人员或单位", 1)[1].split("\n## ", 1)[0]
    person = re.search(r"例如查找“(.+?)”", section).group(1)
    tables = re.findall(r"(?m)(?:^\|.*\n)+", section)
    assert len(tables) == 2, tables
    out = []
    for row in re.findall(r"(?m)^\| (?!输入|---)(.+?) \|", tables[0]):
        out += [(q, person) for q in row.split("、")]
    for row, found in re.findall(r"(?m)^\| (?!输入|---)(.+?) \| .*?「(.+?)」", tables[1]):
        out += [(q, found) for q in row.split("、")]
    inline = {"lvming": "吕明辉", "luming": "吕明辉", "dantianfang": "单天放", "cengzhiyuan": "曾志远"}
    for query, who in inline.items():
        assert query in section, query
        out.append((query, who))
    return out


def test_every_example_on_the_help_page_finds_its_person(page, base) -> None:
    examples = help_examples()
    assert len(examples) >= 30 and ("张s", "张书帆") in examples
    assert ("12号", "关于开展2026年示例市学术技术带头人选拔工作的通知") in examples and ("曾志愿", "曾志远") in examples
    page.goto(base + "help/")
    failures = []
    for query, who in examples:
        got = ask(page, query)
        if not any(who in titles[:3] for titles in got.values()):
            failures.append(f"{query!r}: expected {who} among the first three of a group, shown {got}")
    assert not failures, "\n".join(failures)


def test_free_text_matches_rank_below_unit_matches(page, base) -> None:
    """工程设计 is in 周少峰's unit and in 胡海涛's 主要业绩: the unit match first, and a text
    match says where the words are. 姜宏's 业绩 say it too, but his list's 公示 is over: they are
    no longer published, so he is not found by them."""
    page.goto(base)
    names = ask(page, "工程设计")["候选人"]
    assert names[0] == "周少峰" and "胡海涛" in names[1:] and "姜宏" not in names, names
    assert "专业领域或主要业绩中有：工程设计" in page.locator("#gss-q-list [role=option]").nth(1).inner_text()


def test_an_everyday_reading_says_did_you_mean(page, base) -> None:
    page.goto(base)
    assert ask(page, "dantianfang")["候选人"][0] == "单天放"
    assert "您是不是要找：单天放" in page.locator("#gss-q-list .gss-suggest").inner_text()
    # The right reading needs no suggestion.
    ask(page, "shantianfang")
    assert page.locator("#gss-q-list .gss-suggest").count() == 0


def test_a_homophone_says_what_was_meant(page, base) -> None:
    """A character of the same reading typed by mistake: the name, a unit's or a title's words
    as written are offered; a query that is right needs no suggestion."""
    page.goto(base)
    suggestion = page.locator("#gss-q-list .gss-suggest")
    assert ask(page, "曾志愿")["候选人"][0] == "曾志远"
    assert suggestion.inner_text() == "您是不是要找：曾志远？"
    # Not 学术技术代头人: the help page has that example, so the help page is an exact match.
    ask(page, "学术技术带头仁")
    assert suggestion.inner_text() == "您是不是要找：学术技术带头人？"
    ask(page, "东胡软件园")
    assert suggestion.inner_text() == "您是不是要找：东湖软件园？"
    assert ask(page, "曾志远")["候选人"][0] == "曾志远" and suggestion.count() == 0


def test_a_foreign_expert_shows_both_forms_of_the_name(page, base) -> None:
    page.goto(base)
    for typed, name, also in (("埃斯特万", "米格尔·埃斯特万", "（Miguel A. Esteban）"),
                              ("esteban", "Miguel A. Esteban", "（米格尔·埃斯特万）")):
        assert ask(page, typed)["候选人"][0] == name
        first = page.locator("#gss-q-list [role=option]").first
        assert first.locator(".gss-result__also").inner_text() == also
    page.goto(base + "search/?q=埃斯特万")
    assert page_results(page)["候选人"] == ["米格尔·埃斯特万"]
    assert page.locator(".gss-page__list li .gss-result__also").first.inner_text() == "（Miguel A. Esteban）"


def test_withdrawn_people_rank_below_active_ones(page, base) -> None:
    """杨帆 (撤销 on the 2026 list, recommended by 北岭区) comes after every active person."""
    page.goto(base + "search/?q=" + "北岭区")
    names = page_results(page)["候选人"]
    assert len(names) > 3 and "杨帆" in names and names[-1] == "杨帆"
    page.goto(base + "search/?q=" + "杨帆")
    assert page_results(page)["候选人"][-1] == "杨帆"


def test_people_of_a_round_under_way_rank_first_among_equal_matches(page, base) -> None:
    """zl: 张丽 (the 2026 list, in its 公示) before 赵磊 (the 2025 archive), both by initials."""
    page.goto(base)
    assert ask(page, "zl")["候选人"][:2] == ["张丽", "赵磊"]
    page.goto(base + "search/?q=zl")
    assert page_results(page)["候选人"][:2] == ["张丽", "赵磊"]


def test_exact_name_ranks_first(page, base) -> None:
    page.goto(base)
    assert ask(page, "张丽")["候选人"][0] == "张丽"
    assert ask(page, "王芳")["候选人"][0] == "王芳"
    # A unit's candidates come after candidates found by their own name.
    names = ask(page, "东湖")["候选人"]
    assert len(names) >= 6


def test_matches_are_highlighted(page, base) -> None:
    page.goto(base)
    ask(page, "单tf")
    first = page.locator("#gss-q-list [role=option]").first
    assert first.locator(".gss-result__title mark").all_inner_texts() == ["单天放"]
    ask(page, "东湖软件园")
    assert "东湖软件园" in page.locator("#gss-q-list [role=option] mark").first.inner_text()
    ask(page, "天放")
    assert page.locator("#gss-q-list [role=option]").first.locator("mark").all_inner_texts() == ["天放"]


def test_result_text_has_name_unit_and_round(page, base) -> None:
    page.goto(base)
    ask(page, "曾志远")
    text = page.locator("#gss-q-list [role=option]").first.inner_text()
    assert "曾志远" in text and "示例市水产科学研究所" in text and "2026年示例市学术技术带头人" in text
    ask(page, "申报表")
    forms = page.locator("#gss-q-list [role=group]", has_text="表格").locator("[role=option]")
    assert "Word" in forms.first.inner_text() or "DOCX" in forms.first.inner_text().upper()


# ---- the same rules in Python and in the browser ----


def test_shared_vectors_in_the_browser(page, base) -> None:
    page.goto(base)
    page.wait_for_function("() => window.GongshiSearch !== undefined")
    got = page.evaluate(
        """(v) => ({
          normalize: v.normalize.map(c => GongshiSearch.normalize(c.input)),
          tokens: v.tokens.map(c => GongshiSearch.textTokens(c.input)),
          queries: v.queries.map(c => GongshiSearch.parseQuery(c.input, v.chars, v.sounds)),
          fuzzy: v.fuzzy.map(c => GongshiSearch.fuzzy(c.input)),
          fold: v.fold.map(c => GongshiSearch.foldNumbers(c.input)),
          codes: v.codes.map(c => GongshiSearch.codeKey(c.input)),
          box: v.box.map(c => GongshiSearch.boxOrder(c.tiers.map((tier, i) => ({tier, i})), c.size).map(h => h.i)),
        })""",
        VECTORS,
    )
    for case, out in zip(VECTORS["normalize"], got["normalize"], strict=True):
        assert out == case["output"], case["input"]
    for case, out in zip(VECTORS["tokens"], got["tokens"], strict=True):
        assert out == case["tokens"], case["input"]
    for case, out in zip(VECTORS["queries"], got["queries"], strict=True):
        assert out == case["parsed"], case["input"]
    for kind in ("fuzzy", "fold", "codes"):
        for case, out in zip(VECTORS[kind], got[kind], strict=True):
            assert out == case["output"], (kind, case["input"])
    for case, out in zip(VECTORS["box"], got["box"], strict=True):
        assert out == case["order"], case["about"]


def test_browser_reads_the_build_as_python_does(page, base, site_factory) -> None:
    """The schema the Python writer declares is what the page decodes by: every term of every
    shard and every row of every chunk of the built site, read by gongshi-search-index.js, equals
    what builder/render/search/shards.py reads back (a drift in either fails here)."""
    site = site_factory(TODAY)
    manifest_path = site / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    folder = site / "search" / manifest["dir"]
    files = {f"search/{manifest['dir']}{p.name}": p.read_bytes() for p in folder.glob("*.json")}
    page.goto(base)
    page.wait_for_function("() => window.GongshiSearch !== undefined")
    got = page.evaluate(
        """async (url) => {
          const engine = await GongshiSearch.load({index: new URL(url, document.baseURI).href});
          const store = engine.store;
          const terms = {};
          for (let n = 0; n < store.m.shards.length; n++) {
            await store.need([store.m.shards[n]], []);
            const shard = store.shards.get(n);
            for (const t of shard.terms) {
              const post = store.term(t), plain = {};
              for (const f of Object.keys(post)) plain[f] = Array.from(post[f].entries());
              terms[t] = plain;
            }
          }
          const rows = {};
          for (const kind of Object.keys(store.schema.rows)) {
            const ids = Array.from({length: store.counts[kind]}, (_, i) => i);
            await store.needRows(kind, ids);
            rows[kind] = ids.map(i => store.row(kind, i));
          }
          // Each character's readings and simplified form, from its shard, then from the
          // readings file.
          const chars = Object.keys(terms).filter(t => [...t].length === 1 && t.charCodeAt(0) > 0x2e7f);
          const fromShards = chars.map(ch => [ch, store.readings(ch), store.simplified(ch), store.sounds(ch)]);
          await store.loadTable();
          await store.loadSounds();
          const fromFile = chars.map(ch => [ch, store.readings(ch), store.simplified(ch), store.sounds(ch)]);
          return {terms, rows, fromShards, fromFile};
        }""",
        "search/" + manifest_path.name,
    )
    postings = {t: shards.read_term(manifest, files, t) for t in got["terms"]}
    assert len(got["terms"]) > 500
    for term, fields in got["terms"].items():
        assert {f: dict(map(tuple, pairs)) for f, pairs in fields.items()} == postings[term], term
    for kind in manifest["schema"]["rows"]:
        assert got["rows"][kind] == shards.read_rows(manifest, files, kind), kind
    # The readings file says what the shards say (Store.readings and Store.simplified read it
    # once it is here), and what Python reads back from it.
    readings, simplified = shards.read_readings(manifest, files)
    sounds = shards.read_sounds(manifest, files)
    assert got["fromFile"] == got["fromShards"]
    assert {ch: r for ch, r, _s, _h in got["fromFile"] if r} == readings
    assert {ch: s for ch, _r, s, _h in got["fromFile"] if s} == simplified
    assert {ch: h for ch, _r, _s, h in got["fromFile"] if h} == {ch: h for ch, h in sounds.items() if ch in got["terms"]}
    assert "单" in readings and "張" in simplified and "代" in sounds


# ---- loading ----


def test_index_is_fetched_only_when_the_box_is_used(page, base) -> None:
    watch_requests(page)
    page.goto(base + PAGE_KINDS["notice"])
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(300)
    # Only the small manifest comes with the page (preloaded); no shard before a query.
    assert len(requests_to(page, "/search/index-v")) == 1 and requests_to(page, "/search/d.") == []
    assert len(requests_to(page, "/assets/search/gongshi-search-")) == 3
    box(page).focus()
    page.wait_for_function("() => document.querySelector('form.gss').dataset.ready === 'true'")
    assert len(requests_to(page, "/search/index-v")) == 1
    assert requests_to(page, "/search/d.") == []
    ask(page, "单天放")
    shards_for_name = [u for u in requests_to(page, "/search/d.") if u.rsplit("/", 1)[1].startswith("t")]
    # The shards of 单, 天, 放 (单天放 and its pairs sort beside 单 and 天), and those of its
    # homophones' readings: not all of them.
    assert 1 <= len(shards_for_name) <= 6
    ask(page, "zs")
    assert len(requests_to(page, "/search/index-v")) == 1  # loaded once
    assert len(set(requests_to(page, "/search/d."))) == len(requests_to(page, "/search/d."))  # each once
    assert page.watch.external == [] and page.watch.errors == []


def test_a_first_answer_takes_one_round_of_shards(page, base) -> None:
    """Typed at once after the page loaded (an IME commit): the manifest came with the page,
    and the people a whole name or its pinyin finds are shown from its term shards alone, which
    carry the rows of their likeliest hits (no row chunk); pages (the help page quotes 单天放)
    and the homophones of a Han name are added below."""
    watch_requests(page)
    page.goto(base)
    assert len(requests_to(page, "/search/index-v")) == 1  # preloaded, and taken by the script
    for query in ("单天放", "shantianfang"):
        before = len(page.requested)
        box(page).fill(query)
        page.wait_for_function("q => document.getElementById('gss-q-list').dataset.shown === q", arg=query)
        assert shown(page)["候选人"][0] == "单天放"
        fetched = [u.rsplit("/", 1)[1] for u in page.requested[before:] if "/search/d." in u]
        assert fetched and not any(name.startswith("c") for name in fetched), (query, fetched)
        page.wait_for_function("q => document.getElementById('gss-q-list').dataset.query === q", arg=query)
        assert shown(page)["候选人"][0] == "单天放"
    assert len(requests_to(page, "/search/index-v")) == 1 and page.watch.errors == []


def test_a_unit_query_needs_no_unit_rows_round(page, base) -> None:
    """东湖软件园 and the initials dhrjy: the rows of the few units its rarest word names come
    with that word's shard, with the range of their own people and whom they recommended, so no
    unit chunk is fetched (before: the unit rows, then the recommending units' @c terms)."""
    watch_requests(page)
    page.goto(base)
    for query in ("东湖软件园", "dhrjy"):
        before = len(page.requested)
        assert ask(page, query)["候选人"][0] == "张书帆", query
        fetched = [u.rsplit("/", 1)[1] for u in page.requested[before:] if "/search/d." in u]
        assert fetched and not any(name.startswith("u") for name in fetched), (query, fetched)
    assert page.watch.errors == []


class _HeldSearchFiles:
    """The search files a page asks for, held until the test lets them through; once released,
    later requests pass at once, and those for term shards (t*.json) are noted in `late_terms`."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.routes: list = []
        self.late_terms: list[str] = []
        self.released = False
        page.route("**/search/d.*/*.json", self._hold)

    def _hold(self, route) -> None:  # type: ignore[no-untyped-def]
        if not self.released:
            self.routes.append(route)
            return
        if route.request.url.rsplit("/", 1)[1].startswith("t"):
            self.late_terms.append(route.request.url)
        route.continue_()

    def release(self, routes: list) -> None:
        """From now on nothing is held; `routes` (held so far) go through."""
        self.released = True
        for route in routes:
            route.continue_()


def test_an_earlier_keystrokes_answer_shows_while_the_next_is_on_its_way(page, base) -> None:
    """Typing on: the answer to 单 is shown while 单天放's shards are still coming (its text
    begins the box's), then replaced by 单天放's; an answer never replaces a later one."""
    page.goto(base)
    held = _HeldSearchFiles(page)
    field = box(page)
    field.fill("单")
    page.wait_for_timeout(300)
    first = list(held.routes)
    assert first
    field.fill("单天放")
    page.wait_for_timeout(300)
    assert len(held.routes) > len(first)  # 天, 放 and their parts are in other shards
    for route in first:
        route.continue_()
    page.wait_for_function("() => document.getElementById('gss-q-list').dataset.shown === '单'")
    assert shown(page)["候选人"][0].startswith("单")
    held.release(held.routes[len(first):])
    page.wait_for_function("() => document.getElementById('gss-q-list').dataset.query === '单天放'")
    assert shown(page)["候选人"][0] == "单天放"


def test_an_earlier_keystrokes_homophones_are_not_asked_for(page, base) -> None:
    """Typing on: 单天 is no one's whole name, so its homophones would follow its answer; but
    单天放 is typed before that answer is shown, so they are never fetched (only the term shards
    of 单天 and of 单天放 as typed are)."""
    page.goto(base)
    held = _HeldSearchFiles(page)
    field = box(page)
    field.fill("单天")
    page.wait_for_timeout(300)
    assert held.routes
    field.fill("单天放")
    page.wait_for_timeout(300)
    held.release(held.routes)
    page.wait_for_function("() => document.getElementById('gss-q-list').dataset.query === '单天放'")
    page.wait_for_timeout(500)
    assert shown(page)["候选人"][0] == "单天放"
    assert held.late_terms == [], held.late_terms


def test_once_the_readings_are_here_a_mixed_or_traditional_query_takes_one_round(page, base) -> None:
    """The readings file comes after the first answer; from then on 覃haiyan asks the shards of
    覃 and of its readings' pinyin (qinhaiyan, tanhaiyan) at once, and 張書帆 its simplified
    terms: with every file held, each asks all its term shards, and none after they come."""
    page.goto(base)
    with page.expect_response(lambda r: r.url.endswith("/r.json")):
        assert ask(page, "单天放")["候选人"][0] == "单天放"
    held = _HeldSearchFiles(page)
    field = box(page)
    for query, who in (("覃haiyan", "覃海燕"), ("張書帆", "张书帆")):
        field.fill(query)
        page.wait_for_timeout(400)
        assert held.routes, query
        held.release(held.routes)
        page.wait_for_function("q => document.getElementById('gss-q-list').dataset.query === q", arg=query)
        page.wait_for_timeout(300)
        assert shown(page)["候选人"][0] == who, query
        assert held.late_terms == [], query
        held.released, held.routes = False, []


def test_the_sounds_file_comes_when_a_query_finds_nobody_as_typed(page, base) -> None:
    """单天 finds 单天放 (a name being typed): no sounds file (≈ 25 KB). 增志远 finds nobody as
    typed, a slip of the input method: it comes, for this query's homophones or the next's."""
    watch_requests(page)
    page.goto(base)
    assert ask(page, "单天")["候选人"][0] == "单天放"
    page.wait_for_timeout(500)
    assert not requests_to(page, "/h.json")
    with page.expect_response(lambda r: r.url.endswith("/h.json")):
        assert ask(page, "增志远")["候选人"][0] == "曾志远"
    assert page.watch.errors == []


def test_once_the_sounds_are_here_a_homophone_takes_two_rounds(page, base) -> None:
    """曾志愿 (for 曾志远) is nobody's name: its answer as typed (one round) is empty, and the
    whole answer reads its characters' shards. Once the sounds file is here (fetched by the
    first Han query that finds nobody as typed), the homophones' terms (zengzhiyuan, the syllable
    pairs) are asked in that same round, not in a third one after the characters' shards
    (whose readings were the only source before); the readings' terms carry their rows."""
    page.goto(base)
    page.wait_for_function("() => window.GongshiSearch !== undefined")
    asked = page.evaluate(
        """async (url) => {
          const engine = await GongshiSearch.load({index: new URL(url, document.baseURI).href});
          const store = engine.store, asked = [];
          const need = store.need.bind(store);
          store.need = (terms, prefixes) => { asked.push([terms, prefixes]); return need(terms, prefixes); };
          const plan = async () => {
            asked.length = 0;
            const found = await engine.searchAll('曾志愿');
            const whole = found.more ? await found.more() : found;
            return {asked: asked.map(a => a.slice()), first: whole.candidates.length};
          };
          const before = await plan();
          await store.loadTable();
          await store.loadSounds();
          const after = await plan();
          // Characters and digits (no name has a digit): no character's shard is asked.
          asked.length = 0;
          await engine.searchAll('中国电科20所');
          return {before, after, digits: asked.map(a => a[0])};
        }""",
        MANIFEST,
    )
    homophones = "zengzhiyuan"
    before, after = asked["before"]["asked"], asked["after"]["asked"]
    assert homophones not in before[0][1] and any(homophones in prefixes for _terms, prefixes in before[1:])
    assert homophones in after[0][1] and "%zhiyuan" in after[0][0]
    assert asked["before"]["first"] == asked["after"]["first"] > 0
    assert asked["digits"] and not [t for terms in asked["digits"] for t in terms if len(t) == 1 and t >= "\u4e00"]
    assert page.watch.errors == []


def test_typing_before_the_index_arrives_still_answers(page, base) -> None:
    page.goto(base)
    field = box(page)
    field.click()
    field.press_sequentially("shantianfang", delay=0)
    page.wait_for_function("() => document.getElementById('gss-q-list').dataset.query === 'shantianfang'")
    assert shown(page)["候选人"][0] == "单天放"


# ---- keyboard ----


def test_keyboard_shortcuts_focus_the_box(page, base) -> None:
    page.goto(base + PAGE_KINDS["hand-written"])
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "gss-q"
    page.keyboard.type("单天放")
    assert box(page).input_value() == "单天放"  # the "/" itself was not typed
    page.keyboard.press("Escape")  # closes the list
    page.keyboard.press("Escape")  # clears the box
    assert box(page).input_value() == ""
    page.keyboard.press("Escape")  # leaves the box
    assert page.evaluate("document.activeElement.id") != "gss-q"
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "gss-q"


def test_arrows_enter_and_escape(page, base) -> None:
    page.goto(base)
    ask(page, "zs")
    field = box(page)
    options = page.locator("#gss-q-list [role=option]")
    count = options.count()
    assert count >= 3
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-activedescendant") is None
    field.press("ArrowDown")
    first = options.nth(0)
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    field.press("ArrowDown")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    assert first.get_attribute("aria-selected") == "false"
    field.press("ArrowUp")
    field.press("ArrowUp")  # wraps to the last option ("查看全部")
    assert field.get_attribute("aria-activedescendant") == options.nth(count - 1).get_attribute("id")
    field.press("Escape")
    assert page.locator("#gss-q-list").is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    field.press("ArrowDown")  # reopens
    assert page.locator("#gss-q-list").is_visible()
    assert page.evaluate("document.activeElement.id") == "gss-q"  # focus never left the box


def test_enter_opens_the_chosen_candidate_at_their_row(page, base) -> None:
    page.goto(base + PAGE_KINDS["help"])
    ask(page, "ycmy")
    box(page).press("ArrowDown")
    href = page.locator("#gss-q-list [aria-selected=true]").get_attribute("href")
    box(page).press("Enter")
    page.wait_for_url(re.compile(r"/gongshi/#"))
    anchor = unquote(urlsplit(page.url).fragment)
    assert href.endswith("#" + anchor)
    row = page.locator(f"[id='{anchor}']")
    assert "尉迟明远" in row.inner_text()
    assert row.is_visible()


def test_enter_without_choosing_opens_the_best_match(page, base) -> None:
    page.goto(base)
    ask(page, "qinhaiyan")
    box(page).press("Enter")
    page.wait_for_url(re.compile(r"/gongshi/#"))
    assert "覃海燕" in page.locator(f"[id='{unquote(urlsplit(page.url).fragment)}']").inner_text()


def test_enter_on_a_broad_query_opens_the_results_page(page, base) -> None:
    page.goto(base)
    assert len(ask(page, "东湖")["候选人"]) > 1
    box(page).press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["东湖"]
    assert len(page_results(page)["候选人"]) >= 11


def test_click_a_page_result(page, base) -> None:
    page.goto(base)
    ask(page, "异议受理须知")
    page.locator("#gss-q-list [role=option]", has_text="异议受理须知").first.click()
    page.wait_for_url(re.compile(r"/objections/$"))
    assert "异议受理须知" in page.locator("h1").inner_text()


def test_nothing_found_is_said(page, base) -> None:
    page.goto(base)
    assert ask(page, "qqqxxx") == {}
    assert "没有找到" in page.locator("#gss-q-list").inner_text()
    assert "没有找到" in page.locator("form.gss [role=status]").inner_text()
    assert page.locator("#gss-q-list [role=option]").count() == 0


def test_open_list_is_accessible(page, base) -> None:
    page.goto(base + PAGE_KINDS["list"])
    ask(page, "张")
    box(page).press("ArrowDown")
    results = Axe().run(page, context={"include": [["form.gss"]]})
    assert results.violations_count == 0, results.generate_report()


def test_search_page_is_accessible(page, base) -> None:
    page.goto(base + "search/?q=东湖")
    page_results(page)
    ask(page, "单tf")  # both search forms in use: two labelled search landmarks
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


# ---- phone ----


def test_phone(phone, base) -> None:
    phone.goto(base + PAGE_KINDS["list"])
    field = box(phone)
    assert field.is_visible()
    field.tap()
    field.press_sequentially("单tf")
    phone.wait_for_function("() => document.getElementById('gss-q-list').dataset.query === '单tf'")
    width = phone.viewport_size["width"]
    form = phone.locator("form.gss").bounding_box()
    assert form["x"] <= 1 and form["width"] >= width - 2  # the box spreads over the header
    results = phone.locator("#gss-q-list").bounding_box()
    assert results["x"] >= 0 and results["x"] + results["width"] <= width + 1
    option = phone.locator("#gss-q-list [role=option]").first
    assert "单天放" in option.inner_text()
    assert option.bounding_box()["height"] >= 44  # a finger-sized target
    option.tap()
    phone.wait_for_url(re.compile(r"/gongshi/#"))
    assert "单天放" in phone.locator(f"[id='{unquote(urlsplit(phone.url).fragment)}']").inner_text()
    assert phone.watch.errors == [] and phone.watch.external == []


# ---- the 名单检索 page ----


def page_results(page) -> dict[str, list[str]]:
    page.wait_for_function(
        "() => !/正在检索|输入检索词/.test(document.querySelector('.gss-page__status').textContent)"
    )
    return page.evaluate(
        """() => {
          const out = {};
          for (const s of document.querySelectorAll('.gss-page__group')) {
            out[s.querySelector('h2').textContent.replace(/（.*$/, '')] =
              Array.from(s.querySelectorAll('li > a')).map(a => a.textContent);
          }
          return out;
        }"""
    )


def test_search_page_takes_q_from_the_address(page, base) -> None:
    page.goto(base + "search/?q=" + "单tf")
    assert page.locator("#gss-page-q").input_value() == "单tf"
    assert page_results(page)["候选人"][0] == "单天放"


def test_the_box_offers_another_meaning_and_the_search_page_keeps_strict_order(page, base) -> None:
    """zhang: six people read zhang… (张丽, 长孙静怡…) would fill the box; its last place goes to
    陈长青, found by the given name alone (长青 read zhangqing, the forgiving tier), while the
    名单检索 page lists every zhang… reading first."""
    readings = {"张丽", "张书帆", "张伟华", "张建军", "张明", "长孙静怡"}
    page.goto(base)
    boxed = ask(page, "zhang")["候选人"]
    assert len(boxed) == 6 and boxed[-1] == "陈长青" and set(boxed[:5]) < readings, boxed
    page.goto(base + "search/?q=zhang")
    listed = page_results(page)["候选人"]
    assert set(listed[:6]) == readings and listed[6] == "陈长青", listed


def test_search_page_filters_and_shareable_address(page, base) -> None:
    watch_requests(page)
    page.goto(base + "search/")
    assert "输入检索词" in page.locator(".gss-page__status").inner_text()
    assert page.locator(".gss-page__group").count() == 0
    assert requests_to(page, "/search/d.") == []  # nothing asked yet: no shard loaded
    page.locator("#gss-page-q").press_sequentially("北岭钢铁")
    # The address follows each keystroke; wait for the whole query, not its first character.
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '北岭钢铁'")
    assert set(page_results(page)["候选人"]) == {"魏建新", "冯建华", "司马文博"}
    page.locator("#gss-f-year").select_option("2026")
    page.wait_for_function("() => location.search.includes('year=2026')")
    assert page_results(page)["候选人"] == ["司马文博"]
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"q": ["北岭钢铁"], "year": ["2026"]}
    page.goto("about:blank")
    page.goto(shared)
    assert page.locator("#gss-f-year").input_value() == "2026"
    assert page_results(page)["候选人"] == ["司马文博"]


def test_search_page_lists_by_filters_alone(page, base) -> None:
    portal = published_portal(load(HERE.parent / "data").portal, dt.date(2026, 11, 18))
    donghu = sorted(p.name for r in portal.rounds if r.id == ROUND_2026 for p in r.people
                    if p.recommended_by == "东湖区")
    revoked = sorted(p.name for r in portal.rounds for p in r.people if p.status == "撤销")
    page.goto(base + f"search/?rec=东湖区&round={ROUND_2026}")
    assert sorted(page_results(page)["候选人"]) == donghu
    page.goto(base + "search/?status=撤销")
    got = page_results(page)
    assert sorted(got["候选人"]) == revoked and "通知与页面" not in got
    page.locator("button[type=reset]").click()
    page.wait_for_function("() => location.search === ''")


def test_dropdown_leads_to_the_search_page(page, base) -> None:
    page.goto(base)
    ask(page, "东湖")
    page.locator("#gss-q-list .gss-result--all").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["东湖"]
    assert len(page_results(page)["候选人"]) >= 11
