"""A notice's 附件 lines link to the forms of the same title; one that matches none stays text,
and `gongshi validate` says where it is (issue 15, item 4)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import copy_data
from page_types import PAGE_TYPES, TODAY

from builder.cli import main
from builder.text import attachments


class _Notice(HTMLParser):
    """The links and the text of the 通知全文 section's paragraphs that start with 附件 or a
    number (the attachment lines)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # inside <section id="notice">
        self.in_p = False
        self.href: dict[str, str | None] | None = None
        self.paragraphs: list[list[tuple[str, dict[str, str | None] | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section" and ("id", "notice") in attrs:
            self.depth = 1
        elif self.depth and tag == "section":
            self.depth += 1
        elif self.depth and tag == "p":
            self.in_p = True
            self.paragraphs.append([])
        elif self.in_p and tag == "a":
            self.href = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "section":
            self.depth -= 1
        elif tag == "p":
            self.in_p = False
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.in_p:
            self.paragraphs[-1].append((data, self.href))


def attachment_lines(page: Path) -> list[list[tuple[str, dict[str, str | None] | None]]]:
    parser = _Notice()
    parser.feed(page.read_text(encoding="utf-8"))
    lines = [p for p in parser.paragraphs if p and re.match(r"(附件|\d、)", p[0][0])]
    assert lines, f"no 附件 line in {page}"
    return lines


def test_attachment_titles_link_to_their_forms_on_the_built_site(site_factory) -> None:
    site = site_factory(TODAY)
    page = site / PAGE_TYPES["campaign-demo"] / "index.html"
    lines = attachment_lines(page)
    assert [[text for text, _ in line] for line in lines] == [
        ["附件：1、", "示例市学术技术带头人申报表"],
        ["2、", "示例市学术技术带头人申报表填表说明"],
    ]
    for line, (file, saved) in zip(lines, [("申报表.docx", "示例市学术技术带头人申报表.docx"),
                                           ("填表说明.pdf", "示例市学术技术带头人申报表填表说明.pdf")],
                                  strict=True):
        link = line[1][1]
        assert link is not None and link["download"] == saved
        href = unquote(link["href"] or "")
        assert href == f"files/{file}"
        assert (page.parent / href).is_file()  # the link leads to the published file

    # The seed's allocation table is the round page's 推荐名额 table.
    jiaozuo = site / PAGE_TYPES["campaign-seed-2020"] / "index.html"
    [line] = attachment_lines(jiaozuo)
    assert line[1] == ("2018年市级学术技术带头人推荐指标分配表", {"href": "#quotas"})
    assert 'id="quotas"' in jiaozuo.read_text(encoding="utf-8")

    # The 2013 seed publishes no forms: its attachments stay text.
    old = attachment_lines(site / PAGE_TYPES["campaign-seed-2013"] / "index.html")
    assert all(href is None for line in old for _, href in line)
    assert "".join(t for t, _ in old[0]).endswith("科技人员呈报表")


CAMPAIGN = "data/campaigns/2026-shili-jishu-daitouren.yml"


def test_validate_warns_where_an_attachment_matches_no_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy_data(tmp_path)
    campaign = data / "campaigns/2026-shili-jishu-daitouren.yml"
    text = campaign.read_text(encoding="utf-8")
    # The form renamed in `forms`, the notice unchanged: the slip the warning is for. A document
    # to read (实施细则) and the allocation table are attachments too, but no form to download.
    text = text.replace("  - title: 示例市学术技术带头人申报表\n", "  - title: 示例市学术技术带头人推荐表\n")
    text = text.replace(
        "  2、示例市学术技术带头人申报表填表说明\n",
        "  2、示例市学术技术带头人申报表填表说明\n\n  3、示例市学术技术带头人评选实施细则\n\n"
        "  4、《2026年推荐名额分配表》\n",
    )
    campaign.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("  附件：1、"))
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "data"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{CAMPAIGN}:{row + 1}:8: 警告：通知正文的附件「示例市学术技术带头人申报表」在 forms（表格下载）中"
        "没有标题相同的表格，网页上只显示为文字，不能点击下载；是不是「示例市学术技术带头人推荐表」？请把两处写成一样"
    )
    assert out[1] == "共 0 个错误，1 个警告"

    # Without the form, no link on the page either (the parser the page uses agrees).
    found = attachments.in_text(text.split("notice: |\n", 1)[1].split("\ndeadlines:", 1)[0])
    assert [a.title for a in found] == [
        "示例市学术技术带头人申报表", "示例市学术技术带头人申报表填表说明",
        "示例市学术技术带头人评选实施细则", "2026年推荐名额分配表",
    ]


@pytest.mark.parametrize(("notice", "titles"), [
    ("附件：1、甲申报表\n\n2、乙花名册\n\n示例市人社局", ["甲申报表", "乙花名册"]),
    ("附件1：《甲申报表》。\n附件2：乙登记表\n", ["甲申报表", "乙登记表"]),
    ("附件：\n\n1. 甲申报表\n2. 乙汇总表\n\n示例市人社局\n", ["甲申报表", "乙汇总表"]),
    ("附件：甲申报表\n\n（一）后文不是附件\n\n2、也不是", ["甲申报表"]),
    ("请填写附件中的申报表。\n\n1、这不是附件行", []),
])
def test_the_shapes_of_attachment_lines(notice: str, titles: list[str]) -> None:
    assert [a.title for a in attachments.in_text(notice)] == titles


def test_a_listed_attachment_becomes_a_link_in_an_ordered_list() -> None:
    from builder.render.pages.markdown_safe import Link, render_markdown

    html = render_markdown("附件：\n\n1. 甲申报表\n2. 乙表\n", links={"甲申报表": Link("files/a.docx", "甲申报表.docx")})
    assert '<li><a download="甲申报表.docx" href="files/a.docx">甲申报表</a></li>' in html
    assert "<li>乙表</li>" in html
