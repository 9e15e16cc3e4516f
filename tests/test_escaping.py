"""Every value from YAML is escaped wherever it lands: a hostile round, built and visited.

The corpus (tests/fixtures/hostile/strings.json) holds script tags, event handlers,
`javascript:` and `data:` URLs, template syntax, CDATA terminators, iCalendar separators and
line breaks, bidi and zero-width characters, spreadsheet formulas and a 10,000-character
string. A campaign and a candidate list are generated from the models' JSON Schema so that
EVERY string field gets one (a new field gets one too, or the coverage test fails); the site is
built and then read as its users read it: Chromium (no dialog, nothing from data runs, the text
shows literally), the search index and its results, the iCalendar file, the Atom feed and the
roster workbook.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import quote

import feedparser
import icalendar
import openpyxl
import pytest
import yaml
from conftest import DATA, build, open_context

from builder.load.loader import load
from builder.model.contract import BUILTIN_COLUMNS, Campaign, CandidateList
from builder.render.search.files import MANIFEST

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CORPUS = json.loads((HOSTILE / "strings.json").read_text(encoding="utf-8"))
STRINGS: list[str] = CORPUS["strings"]
MARKDOWN: list[str] = CORPUS["markdown"]
LONG = "长" * 9_990 + "<b>结尾</b>"
TODAY = "2026-11-18"
ROUND = "hostile-round"
ROUND_ALL = "hostile-all"
# Every way out of every context at once, for the round where each field holds this same string:
# element text, RCDATA (<title>, <textarea>), raw text (<script>, <style>), both attribute
# quotings, CDATA, templates, and an iCalendar line break.
BREAKOUT = (
    "</textarea></title></style></script><script>alert(1);window.__pwned=1</script>"
    "\"><img src=x onerror=\"alert(1);window.__pwned=1\">'><svg onload=alert(1)>"
    "]]>{{ 7*7 }}\nSUMMARY:注入"
)
MARKDOWN_KEYS = {"notice", "rules", "achievements", "exemption", "note"}
CATEGORY = "<b>高技能</b>人才"
UNITS = ["<script>alert(1)</script>单位", "{{ 7*7 }} 单位"]
NAMES = ["<b>张三</b>", "{{ 7*7 }}", "${7*7}李四", "王\u202e五六", "\"'><i>赵六", "</td>钱七"]
OFFICE_EMAIL = "office@example.org"
CANDIDATE_MARKDOWN = [m for m in MARKDOWN if OFFICE_EMAIL not in m]
FORM_FILE = "表\"<img src=x onerror=alert(1)>'&%20.docx"

DATES = {
    "published": "2026-11-01",
    "start": "2026-11-16",
    "deadlines[].date": "2026-11-10",
    "date": "2026-11-30",
    "award.date": "2026-12-20",
}


class Filler:
    """Walks a model's JSON Schema and writes a value for every field, hostile where it can."""

    def __init__(self, markdown: list[str], plain: list[str] = STRINGS, round_id: str = ROUND) -> None:
        self.plain = itertools.cycle(plain)
        self.markdown = markdown
        self.round_id = round_id
        self.strings: dict[str, str] = {}
        """schema path (keys joined by '.', list items as []) → the hostile value written."""

    def text(self, path: str, key: str) -> str:
        if key in MARKDOWN_KEYS:
            # Every Markdown field gets every Markdown attack, and one plain string.
            value = "\n\n".join([*self.markdown, next(self.plain)])
        else:
            value = next(self.plain)
        self.strings[path] = value
        return value

    def fill(self, schema: dict[str, Any], defs: dict[str, Any], path: str, key: str) -> Any:
        if "$ref" in schema:
            return self.fill(defs[schema["$ref"].split("/")[-1]], defs, path, key)
        if "anyOf" in schema:
            branch = next(s for s in schema["anyOf"] if s.get("type") != "null")
            return self.fill(branch, defs, path, key)
        kind = schema.get("type")
        if kind == "object" and "properties" in schema:
            out = {}
            for name, sub in schema["properties"].items():
                out[name] = self.fill(sub, defs, f"{path}.{name}" if path else name, name)
            return out
        if kind == "object":
            return {CATEGORY: 1}
        if kind == "array":
            return [self.fill(schema["items"], defs, f"{path}[]", key) for _ in range(2)]
        if kind == "integer":
            return {"year": 2026, "working_days": 5, "seats": 5, "target": 10}.get(key, 1)
        if kind == "boolean":
            return False
        if "enum" in schema or "const" in schema:
            return schema.get("enum", [schema.get("const")])[0]
        if schema.get("format") == "date":
            return DATES.get(path, DATES.get(key, "2026-11-30"))
        if "pattern" in schema:
            return {"id": self.round_id, "campaign": self.round_id, "time": "17:30", "end_time": "17:00",
                    "born": "1980-05",
                    "pinyin": "Zhang San"}[key]
        return self.text(path, key)


def hostile_campaign(filler: Filler) -> dict[str, Any]:
    """A campaign with a hostile value in every free-text field (see Filler)."""
    data = filler.fill(Campaign.model_json_schema(), Campaign.model_json_schema().get("$defs", {}), "", "")
    data["sample"] = True
    data["publicity"].pop("end")  # exactly one of end / working_days
    data["award"]["date"] = DATES["award.date"]
    data["forms"] = data["forms"][:1]
    data["forms"][0]["file"] = FORM_FILE
    for row, unit in zip(data["quotas"]["allocations"], UNITS, strict=True):
        row["unit"] = unit
    data["id"] = filler.round_id
    data["summary"] = LONG
    # The one e-mail address of the corpus (a mailto: link) is the office's, so it is declared
    # where offices declare theirs; in a candidate's record it would be refused as personal data.
    data["publicity"]["objections"]["email"] = OFFICE_EMAIL
    del filler.strings["publicity.objections.email"]
    # Every document's 索引号 must differ (issue 22), the notice's and its 公示's too.
    data["publicity"]["index_number"] += "（公示）"
    filler.strings["publicity.index_number"] = data["publicity"]["index_number"]
    return data


def hostile_candidates(filler: Filler) -> dict[str, Any]:
    schema = CandidateList.model_json_schema()
    data = filler.fill(schema, schema.get("$defs", {}), "", "")
    template = data["candidates"][0]
    people = []
    for i, name in enumerate(NAMES):
        person = dict(template) if i == 0 else {
            k: v for k, v in data["candidates"][1].items()
        }
        person.update(name=name, gender="男" if i % 2 else "女", recommended_by=UNITS[i % 2],
                      unit=f"{next(filler.plain)}{i}", category=CATEGORY if i < 2 else None,
                      quota_exempt=None, status="拟入选", status_note=None, pinyin=None)
        people.append({k: v for k, v in person.items() if v is not None})
    # Issue 13's shapes: the first entry is a collective (it has a leader and members, and no
    # gender or birth date); the others are people, without a collective's fields. Every entry
    # sits in a declared section, whose first heading is the hostile section string recorded.
    people[0].update(kind="集体", members_count=len(people[0]["members"]))
    people[0].pop("gender", None)
    people[0].pop("born", None)
    for person in people[1:]:
        person["kind"] = "个人"
        for key in ("leader", "leader_title", "members_count", "members"):
            person.pop(key, None)
    # Issue 21's columns: every built-in column, then two of the list's own with hostile labels,
    # grouped by the first; every person's values of them are hostile too.
    own = [filler.strings["columns[].label"], filler.text("columns[].label (2)", "label")]
    if own[1] == own[0]:
        own[1] += "2"
    data["columns"] = [*BUILTIN_COLUMNS, {"label": own[0], "kind": "文本", "result": True},
                       {"label": own[1], "kind": "编号"}]
    data["group_by"] = filler.strings["group_by"] = own[0]
    for person in people:
        person["extra"] = {own[0]: next(filler.plain), own[1]: next(filler.plain)}
    filler.strings["candidates[].extra"] = people[0]["extra"][own[0]]
    data["sections"][0]["title"] = filler.strings["candidates[].section"]
    for i, person in enumerate(people):
        person["section"] = data["sections"][i % len(data["sections"])]["title"]
    people[-1]["status"] = "撤销"
    people[-1]["status_note"] = next(filler.plain)
    people[2]["quota_exempt"] = next(filler.plain)
    people[3]["achievements"] = LONG
    data["candidates"] = people
    data["order"] = "listed"
    data["campaign"] = filler.round_id
    return data


def string_paths(model: type) -> set[str]:
    """Every path of a free-text string field in a model (what must get a hostile value)."""
    schema = model.model_json_schema()  # type: ignore[attr-defined]
    defs = schema.get("$defs", {})
    out: set[str] = set()

    def walk(node: dict[str, Any], path: str) -> None:
        if "$ref" in node:
            walk(defs[node["$ref"].split("/")[-1]], path)
        elif "anyOf" in node:
            for branch in node["anyOf"]:
                walk(branch, path)
        elif node.get("type") == "object" and "properties" in node:
            for name, sub in node["properties"].items():
                walk(sub, f"{path}.{name}" if path else name)
        elif node.get("type") == "array":
            walk(node["items"], f"{path}[]")
        elif node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node):
            out.add(path)

    walk(schema, "")
    return out


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def hostile(www_root: Path) -> dict[str, Any]:
    """The demo data plus the hostile round, built once for this module (served by nginx,
    hence under the world-readable `www_root`)."""
    root = www_root / "hostile"
    root.mkdir(mode=0o755)
    data = root / "data"
    shutil.copytree(DATA, data)
    campaign_filler = Filler(MARKDOWN)
    campaign = hostile_campaign(campaign_filler)
    people_filler = Filler(CANDIDATE_MARKDOWN)
    people = hostile_candidates(people_filler)
    docx = next((DATA / "campaigns").rglob("*.docx")).read_bytes()
    other = hostile_campaign(Filler(MARKDOWN, [BREAKOUT], ROUND_ALL))
    # ...and the second round's are its own.
    other["index_number"] += "（二）"
    other["publicity"]["index_number"] += "（二）"
    rounds = [(ROUND, campaign, people),
              (ROUND_ALL, other, hostile_candidates(Filler(CANDIDATE_MARKDOWN, [BREAKOUT], ROUND_ALL)))]
    for round_id, c, p in rounds:
        write_yaml(data / "campaigns" / f"{round_id}.yml", c)
        write_yaml(data / "candidates" / f"{round_id}.yml", p)
        (data / "campaigns" / round_id).mkdir()
        (data / "campaigns" / round_id / FORM_FILE).write_bytes(docx)
    site = root / "site"
    code = build(site, today=TODAY, data_dir=data)
    return {"site": site, "data": data, "campaign": campaign, "people": people,
            "fillers": {Campaign: campaign_filler, CandidateList: people_filler}, "code": code}


def test_every_free_text_field_of_the_models_gets_a_hostile_value(hostile) -> None:
    exempt = {"publicity.objections.email"}  # holds the office address, see hostile_campaign
    used: set[str] = set()
    for model, filler in hostile["fillers"].items():
        missing = string_paths(model) - set(filler.strings) - exempt
        assert not missing, f"{model.__name__} fields without a hostile value: {sorted(missing)}"
        used |= set(filler.strings.values())
    unused = [s for s in STRINGS if not any(s in v for v in used)]
    assert unused == [], "every string of the corpus lands in some field"
    assert all(any(m in v for v in used) for m in MARKDOWN)


def test_the_hostile_round_builds(hostile) -> None:
    assert hostile["code"] == 0, "the hostile round must build: hostile text is just text"
    loaded = load(hostile["data"])
    assert loaded.portal is not None
    assert loaded.portal.round(ROUND).people


def pages_of(site: Path) -> list[str]:
    """Every page the hostile round appears on, relative URLs."""
    return [
        f"campaigns/{ROUND}/", f"campaigns/{ROUND}/gongshi/",
        f"campaigns/{ROUND_ALL}/", f"campaigns/{ROUND_ALL}/gongshi/",
        "", "archive/", "deadlines/", "forms/",
        "search/?q=" + quote("张三"), "search/?q=" + quote("7*7"), "search/?q=" + quote("注入"),
    ]


VISIBLE = [
    "<script>alert(1);window.__pwned=1</script>",
    "\"><img src=x onerror=\"alert(1);window.__pwned=1\">",
    "{{ 7*7 }}",
    "${7*7}",
    "<b>张三</b>",
    "&amp; &lt;b&gt; &#60;script&#62;",
]

CHECK_DOM = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = (a.value || '').trim().toLowerCase().replace(/[\\s\\u0000-\\u001f]/g, '');
      if (a.name.startsWith('on')) bad.push(el.tagName + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(a.name)
          && /^(javascript|vbscript|data:text)/.test(v)) bad.push(el.tagName + ' ' + a.name + '=' + v);
    }
  }
  for (const tag of ['iframe', 'object', 'embed', 'svg script', 'math']) {
    for (const el of document.querySelectorAll('main ' + tag)) bad.push('element ' + tag);
  }
  return bad;
}"""


@pytest.mark.browser
def test_in_chromium_nothing_from_data_runs_and_the_text_shows_literally(
    hostile, browser, server_factory
) -> None:
    assert hostile["code"] == 0
    base = server_factory(hostile["site"])
    context = open_context(browser)
    dialogs: list[str] = []
    try:
        seen = ""
        for path in pages_of(hostile["site"]):
            page = context.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(base + path)
            page.wait_for_load_state("load")
            if path.startswith("search/"):
                page.wait_for_function(
                    "() => !/正在检索/.test(document.querySelector('main').innerText)"
                )
            assert page.evaluate("typeof window.__pwned") == "undefined", path
            assert page.evaluate(CHECK_DOM) == [], path
            text = page.inner_text("body")
            assert "49" not in re.findall(r"\b49\b", text), f"{path}: a template was evaluated"
            seen += text
            page.close()
        for literal in VISIBLE:
            assert literal in seen, f"not shown literally: {literal}"
        assert "原样" in seen and "{% raw %}原样{% endraw %}" in seen
        # Typing into the header search box: results are built from the index's strings.
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(base + f"campaigns/{ROUND}/gongshi/")
        page.fill("#gss-q", "张三")
        page.wait_for_selector("#gss-q-list:not([hidden])")
        assert "<b>张三</b>" in page.inner_text("#gss-q-list")
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate(CHECK_DOM) == []
        page.close()
        assert context.watch.external == []
    finally:
        context.close()
    assert dialogs == []


def test_markdown_fields_keep_only_web_mail_and_phone_links(hostile) -> None:
    from builder.checks.htmlscan import parse_html

    html = (hostile["site"] / "campaigns" / ROUND / "index.html").read_text(encoding="utf-8")
    parsed = parse_html(html)
    hrefs = [t.get("href") or "" for t in parsed.tags if t.name == "a"]
    assert "https://www.example.org/" in hrefs and "mailto:office@example.org" in hrefs
    assert "tel:0391-2118928" in hrefs
    for href in hrefs:
        scheme = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
        assert scheme in ("", "http", "https", "mailto", "tel"), href
    for body in re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>(.*?)</script", html, re.S):
        assert "alert" not in body and "__pwned" not in body
    assert "<div onclick" not in html and "<img src=x" not in html


def test_the_search_index_carries_the_strings_as_data(hostile) -> None:
    site = hostile["site"]
    index = site / MANIFEST
    folder = site / "search" / json.loads(index.read_text(encoding="utf-8"))["dir"]
    rows = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    decoded = json.dumps(rows, ensure_ascii=False)  # the name rows are in the candidate chunks
    for name in NAMES:
        assert json.dumps(name, ensure_ascii=False)[1:-1] in decoded, name


def test_the_calendar_keeps_separators_and_line_breaks_inside_one_event(hostile) -> None:
    ics = next(hostile["site"].glob("*.ics")).read_bytes()
    cal = icalendar.Calendar.from_ical(ics)
    summaries = [str(e.get("SUMMARY")) for e in cal.walk("VEVENT")]
    titles = [d["title"] for d in hostile["campaign"]["deadlines"]]
    for title in titles:
        assert any(title in s for s in summaries), f"deadline title not carried: {title!r}"
    assert "注入的事件" not in [s.strip() for s in summaries]
    assert not any(s.startswith("SUMMARY:注入") for s in ics.decode("utf-8").splitlines())


def test_the_feed_is_well_formed_and_carries_titles_as_text(hostile) -> None:
    raw = (hostile["site"] / "feed.xml").read_bytes()
    ET.fromstring(raw)  # well-formed despite ]]>, <, & and control-looking text
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    title = hostile["campaign"]["title"]
    assert any(title.strip() in e.title for e in feed.entries), [e.title for e in feed.entries]


def test_the_roster_workbook_writes_formulas_as_text(hostile) -> None:
    from builder.tools.roster import roster_workbook

    portal = load(hostile["data"]).portal
    assert portal is not None
    r = portal.round(ROUND)
    wb = openpyxl.load_workbook(io.BytesIO(roster_workbook(r.campaign, r.candidates)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    formulas = [c.coordinate + "=" + str(c.value) for c in cells if c.data_type == "f"]
    assert formulas == [], f"data written as formulas: {formulas}"
    values = {str(c.value) for c in cells}
    for person in r.people:
        assert person.unit in values


def test_a_file_with_broken_utf8_is_a_clear_error(hostile, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.copy(HOSTILE / "broken-utf8.yml", data / "candidates" / "2026-shili-jishu-daitouren.yml")
    monkeypatch.chdir(tmp_path)
    problems = [str(p) for p in load(Path("data")).problems.errors]
    assert problems == [
        "data/candidates/2026-shili-jishu-daitouren.yml:5:12: "
        "文件不是有效的 UTF-8 编码，请用 UTF-8 保存（不要用 GBK/ANSI）"
    ]
    site = tmp_path / "site"
    assert build(site, today=TODAY, data_dir=data) == 1
    assert not site.exists()


@pytest.mark.parametrize("text", [
    "</title><script>alert(1)</script>", "a: b # c", "- x", "'q' \"dq\"", "yes", "null", "1.0",
    "2026-01-01", " lead", "trail ", "*alias", "!tag", "|", "---", "𠀀𠀁", "\x85nel", "\u2028",
    "\ufeffbom", "a\r\nb", "\x00\x07", "\ue000", "长" * 200,
])
def test_a_generated_pages_front_matter_reads_back_to_its_values(text: str) -> None:
    """The engine takes a generated page's title, description, crumbs and tags from its front
    matter (builder.adapter.source): whatever emitter writes it, MkDocs reads the same values."""
    from markupsafe import Markup, escape
    from mkdocs.utils import meta

    from builder.adapter.source import front_matter, page_meta
    from builder.model.urls import Column
    from builder.render.pages import PageSource
    from builder.render.pages.common import PageTags

    page = PageSource(url="x/", title=text, html=Markup(""), description=text, crumbs=((text, "/a/"),),
                      tags=PageTags(column=Column(text, "信息发布"), article=text))
    got = meta.get_data(front_matter(page) + "\nbody")[1]
    escaped = str(escape(text))
    assert got["title"] == got["description"] == escaped and got["gongshi_crumbs"] == [[escaped, "/a/"]]
    assert dict(got["gongshi_tags"])["ArticleTitle"] == escaped
    # The MkDocs adapter hands MkDocs these values without the YAML (builder.adapter.mkdocs.generated).
    assert page_meta(page) == got
