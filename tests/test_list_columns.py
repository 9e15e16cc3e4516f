"""A list's own columns (issue 21, items 1, 2 and 8): `columns`, `extra`, `group_by` in the
1280-px table, the phone cards, the A4 print, the search corpus and the personal-data guards.

One small portal built once: a recruitment list (grouped by 岗位名称, no 工作单位, 准考证号 of
11 digits beginning 13, scores with trailing zeros) and a 职称 list (sections split by 评审资格).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DATA, build, open_context, serve

from builder.load.loader import load
from builder.model.contacts import portal_allowlist
from builder.model.urls import candidate_anchor
from builder.render.publish import published_portal
from builder.render.search.corpus import build_corpus

TODAY = "2026-11-18"
ZHAOPIN = "2026-zhaopin"
ZHICHENG = "2026-zhicheng"

CAMPAIGN = """\
id: {id}
title: {title}
year: 2026
issuer: 示例市人力资源和社会保障局
doc_number: 示人社〔2026〕{n}号
published: 2026-09-01
sample: true
notice: |
  正文。
publicity:
  start: 2026-11-16
  working_days: 7
  objections:
    phone: "0000-1234567"
"""

RECRUITMENT = """\
campaign: 2026-zhaopin
title: 2026年示例市事业单位公开招聘拟聘用人员名单
order: listed
group_by: 岗位名称
columns:
  - {label: 招聘单位, kind: 文本}
  - {label: 岗位名称, kind: 文本}
  - {label: 岗位代码, kind: 编号}
  - 姓名
  - 性别
  - 学历
  - {label: 毕业院校, kind: 文本}
  - {label: 准考证号, kind: 编号}
  - {label: 笔试成绩, kind: 分数}
  - {label: 面试成绩, kind: 分数}
  - {label: 总成绩, kind: 分数, result: true}
  - {label: 排名, kind: 名次, result: true}
candidates:
  - name: 张三
    gender: 男
    education: 硕士研究生
    extra: {招聘单位: 示例市第一中学, 岗位名称: 高中语文教师, 岗位代码: "2026001", 毕业院校: 示例师范大学, 准考证号: "13624089159", 笔试成绩: "78.50", 面试成绩: "82.30", 总成绩: "80.40", 排名: "1"}
  - name: 李四
    gender: 女
    education: 大学本科
    extra: {招聘单位: 示例市第一中学, 岗位名称: 高中语文教师, 岗位代码: "2026001", 毕业院校: 示例大学, 准考证号: "13624089160", 笔试成绩: "76.00", 面试成绩: "81.20", 总成绩: "78.60", 排名: "2"}
  - name: 王五
    gender: 男
    education: 大学本科
    extra: {招聘单位: 示例市疾病预防控制中心, 岗位名称: 检验技师, 岗位代码: "2026015", 毕业院校: 示例医科大学, 准考证号: "0136240801", 笔试成绩: "70.5", 面试成绩: "85.00", 总成绩: "77.75", 排名: "1"}
  - name: 张三
    gender: 女
    education: 大学本科
    extra: {招聘单位: 示例市疾病预防控制中心, 岗位名称: 检验技师, 岗位代码: "2026015", 毕业院校: 示例大学, 准考证号: "13624089188", 笔试成绩: "69.00", 面试成绩: "80.00", 总成绩: "74.50", 排名: "2"}
"""

TITLES = """\
campaign: 2026-zhicheng
title: 2026年示例市职称评审通过人员名单
sections:
  - title: 正高级
  - title: 副高级
group_by: 评审资格
columns:
  - 姓名
  - 工作单位
  - {label: 专业, kind: 文本}
  - {label: 评审资格, kind: 文本, result: true}
candidates:
  - {name: 赵一, section: 正高级, unit: 示例市设计院, extra: {专业: 建筑设计, 评审资格: 正高级工程师}}
  - {name: 钱二, section: 副高级, unit: 示例市第一医院, extra: {专业: 内科, 评审资格: 副主任医师}}
  - {name: 孙三, section: 副高级, unit: 示例市设计院, extra: {专业: 结构设计, 评审资格: 高级工程师}}
  - {name: 李四, section: 副高级, unit: 示例市第二医院, extra: {专业: 外科, 评审资格: 副主任医师}}
  - {name: 周五, section: 正高级, unit: 示例市第一医院, extra: {专业: 儿科, 评审资格: 主任医师}}
"""


@pytest.fixture(scope="module")
def portal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("columns") / "data"
    (data / "campaigns").mkdir(parents=True)
    (data / "candidates").mkdir()
    shutil.copy(DATA / "site.yml", data / "site.yml")
    shutil.copytree(DATA / "site", data / "site")
    for n, (rid, title) in enumerate(((ZHAOPIN, "2026年示例市事业单位公开招聘工作人员公告"),
                                      (ZHICHENG, "关于2026年示例市职称评审结果的公示")), start=1):
        (data / "campaigns" / f"{rid}.yml").write_text(CAMPAIGN.format(id=rid, title=title, n=n), encoding="utf-8")
    (data / "candidates" / f"{ZHAOPIN}.yml").write_text(RECRUITMENT, encoding="utf-8")
    (data / "candidates" / f"{ZHICHENG}.yml").write_text(TITLES, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def site(portal_dir: Path) -> Path:
    out = portal_dir.parent / "site"
    assert build(out, today=TODAY, data_dir=portal_dir) == 0
    return out


class _Table(HTMLParser):
    """Headings, header rows and body rows of a list page, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, list[str] | str]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: list[str] | None = None
        self._running = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag in ("h3", "h4") and "gs-section" in cls:
            self._heading = []
        elif tag == "tr":
            self._running = "gs-list__running" in cls
            self._row = [] if "gs-more" not in cls else None
        elif tag in ("td", "th") and self._row is not None and not self._running:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h3", "h4") and self._heading is not None:
            self.items.append((tag, "".join(self._heading).strip()))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row:
            self.items.append(("tr", self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)


def _page(site: Path, rid: str) -> list[tuple[str, list[str] | str]]:
    parser = _Table()
    parser.feed((site / "campaigns" / rid / "gongshi" / "index.html").read_text(encoding="utf-8"))
    return parser.items


def test_declared_columns_in_order_grouped_by_post_numbered_per_group(site: Path) -> None:
    items = _page(site, ZHAOPIN)
    header = ["序号", "招聘单位", "岗位代码", "姓名", "性别", "学历", "毕业院校", "准考证号",
              "笔试成绩", "面试成绩", "总成绩", "排名"]
    # The group_by column heads each group instead of repeating on every row; first seen first.
    assert items == [
        ("h3", "岗位名称：高中语文教师（2 人）"),
        ("tr", header),
        ("tr", ["1", "示例市第一中学", "2026001", "张三", "男", "硕士研究生", "示例师范大学", "13624089159",
                "78.50", "82.30", "80.40", "1"]),
        ("tr", ["2", "示例市第一中学", "2026001", "李四", "女", "大学本科", "示例大学", "13624089160",
                "76.00", "81.20", "78.60", "2"]),
        ("h3", "岗位名称：检验技师（2 人）"),
        ("tr", header),
        ("tr", ["1", "示例市疾病预防控制中心", "2026015", "王五", "男", "大学本科", "示例医科大学", "0136240801",
                "70.5", "85.00", "77.75", "1"]),
        ("tr", ["2", "示例市疾病预防控制中心", "2026015", "张三", "女", "大学本科", "示例大学", "13624089188",
                "69.00", "80.00", "74.50", "2"]),
    ]
    html = (site / "campaigns" / ZHAOPIN / "gongshi" / "index.html").read_text(encoding="utf-8")
    assert "按岗位名称分为 2 组，每组单独编号" in html
    # Two people named 张三 without a 工作单位: their rows are told apart by 准考证号.
    ids = re.findall(r'<tr id="([^"]+)"', html)
    assert len(ids) == 4 and len(set(ids)) == 4


def test_sections_split_by_a_column(site: Path) -> None:
    items = _page(site, ZHICHENG)
    headings = [text for kind, text in items if kind != "tr"]
    assert headings == [
        "正高级（2 人）", "评审资格：正高级工程师（1 人）", "评审资格：主任医师（1 人）",
        "副高级（3 人）", "评审资格：副主任医师（2 人）", "评审资格：高级工程师（1 人）",
    ]
    rows = [row for kind, row in items if kind == "tr"]
    assert rows[0] == ["序号", "姓名", "工作单位", "专业"]
    # Numbered from 1 in each group; sorted by surname strokes (the list's order) inside it.
    assert [r[:2] for r in rows if r[0] != "序号"] == [
        ["1", "赵一"], ["1", "周五"], ["1", "李四"], ["2", "钱二"], ["1", "孙三"]]
    tags = [kind for kind, _ in items if kind != "tr"]
    assert tags == ["h3", "h4", "h4", "h3", "h4", "h4"]


def test_search_corpus_carries_codes_and_text_columns(portal_dir: Path) -> None:
    loaded = load(portal_dir)
    assert loaded.portal is not None, loaded.problems
    portal = published_portal(loaded.portal, dt.date.fromisoformat(TODAY))
    corpus, _ = build_corpus(portal, frozenset({ZHAOPIN, ZHICHENG}), frozenset())
    by_code = {e.codes: e for e in corpus.candidates if e.codes}
    first = by_code[("2026001", "13624089159")]
    assert first.name == "张三" and first.unit == ""
    assert "示例市第一中学" in first.text and "示例师范大学" in first.text and "高中语文教师" in first.text
    # Scores and ranks are not free text.
    assert "80.40" not in first.text
    assert by_code[("2026015", "0136240801")].name == "王五"
    r = portal.round(ZHAOPIN)
    assert first.anchor == candidate_anchor(r.people[0], r.candidates)
    # The 编号 values are allowed in the generated pages and search files, never in a
    # hand-written page.
    allow = portal_allowlist(portal)
    assert "13624089159" in allow.for_file(f"campaigns/{ZHAOPIN}/gongshi/index.html")
    assert "13624089159" in allow.for_file("search/manifest.json")
    assert "13624089159" not in allow.with_handwritten(["about/index.html"]).for_file("about/index.html")


@pytest.mark.browser
def test_every_column_on_screen_on_phones_and_on_paper(browser, site: Path, tmp_path: Path) -> None:
    with serve(site) as base:
        url = base + f"campaigns/{ZHAOPIN}/gongshi/"
        context = open_context(browser, width=1280)
        page = context.new_page()
        page.goto(url)
        heads = page.locator("table.gs-list").first.locator("thead tr:not(.gs-print-only) th")
        assert heads.all_inner_texts()[-4:] == ["笔试成绩", "面试成绩", "总成绩", "排名"]
        assert all(page.locator("table.gs-list").first.locator(f"th:has-text('{h}')").is_visible()
                   for h in ("准考证号", "毕业院校"))
        # Scores line up on the right, as figures in a column do.
        align = page.locator("td[data-label=总成绩]").first.evaluate("e => getComputedStyle(e).textAlign")
        assert align == "right"

        pdf = tmp_path / "zhaopin.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        context.close()
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        # Twelve columns print across landscape A4.
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert width > height
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        compact = "".join(text.split())
        for word in ("岗位名称：高中语文教师（2人）", "岗位名称：检验技师（2人）", "准考证号", "13624089159",
                     "0136240801", "2026015", "80.40", "78.50", "85.00", "示例医科大学", "总成绩", "排名"):
            assert word in compact, word

        phone = open_context(browser, width=375, height=812, is_mobile=True, has_touch=True)
        card_page = phone.new_page()
        card_page.goto(url)
        card = card_page.locator("tr.gs-person").first
        # Every declared column on the card, no toggle: number and name first.
        labels = card.locator("td:visible, th:visible").evaluate_all(
            "els => els.map(e => [e.dataset.label, e.getBoundingClientRect().top])"
            ".sort((a, b) => a[1] - b[1]).map(a => a[0])")
        assert labels == ["序号", "姓名", "招聘单位", "岗位代码", "性别", "学历", "毕业院校", "准考证号",
                          "笔试成绩", "面试成绩", "总成绩", "排名"]
        assert card.locator("td[data-label=准考证号]").inner_text() == "13624089159"
        assert card_page.locator("details").count() == 0
        right = card_page.evaluate(
            "() => Math.max(...Array.from(document.querySelectorAll('.gs-list-block *'))"
            ".map(e => e.getBoundingClientRect().right))")
        assert right <= 375
        phone.close()
