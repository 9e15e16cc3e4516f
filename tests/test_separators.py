"""No dangling separators (issue 15, item 5): a "·", "｜", "、" or "，" that joins parts never
stands at the start or end of a text, beside another separator or in empty brackets, because a
part was missing. Checked over every page of the built demo site, as a reader without scripts
sees it (elements with `hidden` left out) and as one with scripts (everything shown), and over
the feed and the calendar."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from page_types import TODAY

from builder.render.feed import sentences
from builder.render.pages.common import meta_line

# A separator at either end of an element's text, two in a row, or brackets with nothing (or
# only a separator) inside. Closing punctuation of prose (："如下：", "；" ending a list item)
# is not a separator and may end a text.
DANGLING = re.compile(
    r"^[·｜|、，,；;]"
    r"|[·｜|、，,]$"
    r"|[·｜|、，,；;：:][·｜|、，,；;。：:]"
    r"|（[·｜、，]?）|\([·|,]?\)|（[·、，]|[·、，]）"
)
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"}
SKIP = {"script", "style", "template", "svg"}
INLINE = {"a", "span", "time", "strong", "em", "small", "code", "button", "label", "abbr", "b",
          "i", "sup", "sub", "mark", "kbd"}


class _Texts(HTMLParser):
    """The text of every element, whitespace collapsed; `scripted`: as shown with scripts."""

    def __init__(self, scripted: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.scripted = scripted
        self.stack: list[tuple[str, list[str], bool]] = []
        self.texts: list[str] = []

    def _shown(self) -> bool:
        return all(shown for _, _, shown in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if self.stack:
                self.stack[-1][1].append(" ")
            return
        names = dict(attrs)
        hidden = "hidden" in names and not self.scripted
        self.stack.append((tag, [], tag not in SKIP and not hidden))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            name, parts, shown = self.stack.pop()
            text = " ".join("".join(parts).split())
            if shown and text:
                if name not in INLINE:  # a fragment (· 打印) may start with its separator
                    self.texts.append(text)
                if self.stack:
                    # Inline elements run into their parent's text; blocks stand apart.
                    self.stack[-1][1].append(text if name in INLINE else f" {text} ")
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self._shown():
            self.stack[-1][1].append(data)


def dangling(html: str, scripted: bool) -> list[str]:
    parser = _Texts(scripted)
    parser.feed(html)
    parser.close()
    return sorted({t for t in parser.texts if DANGLING.search(t.replace(" ", ""))})


def test_the_checker_finds_a_dangling_separator() -> None:
    assert dangling("<p>查看通知 · <span hidden>· <button>打印</button></span></p>", False) == [
        "查看通知 ·"
    ]
    assert dangling("<p>查看通知<span hidden> · <button>打印</button></span></p>", False) == []
    assert dangling("<p>查看通知<span hidden> · <button>打印</button></span></p>", True) == []
    assert dangling("<p><span>文号</span> · <span></span></p>", True) == ["文号 ·"]
    assert dangling("<ul><li>甲</li><li><button hidden>乙</button></li></ul>", False) == []
    assert dangling("<p>甲、、乙</p><p>（）</p><p>如下：</p>", True) == ["甲、、乙", "（）"]


def test_no_page_of_the_demo_site_has_a_dangling_separator(site_factory) -> None:
    site: Path = site_factory(TODAY)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    found = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for scripted in (False, True):
            for text in dangling(html, scripted):
                found.setdefault(str(page.relative_to(site)), set()).add(text)
    assert found == {}


def test_the_feed_and_the_calendar_have_no_dangling_separator(site_factory) -> None:
    site: Path = site_factory(TODAY)
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    texts = re.findall(r"<(?:title|summary)[^>]*>([^<]*)<", feed)
    assert len(texts) > 10
    ics = (site / "deadlines.ics").read_text(encoding="utf-8").replace("\r\n ", "")
    texts += re.findall(r"^(?:SUMMARY|DESCRIPTION):(.*)$", ics, flags=re.M)
    assert [t for t in texts if DANGLING.search(t.replace(" ", "")) or t.strip() in ("", "。")] == []


def test_joins_leave_out_the_missing_parts() -> None:
    assert meta_line(None, "8 人") == "8 人"
    assert meta_line("示人社〔2026〕1号", None) == "示人社〔2026〕1号"
    assert meta_line(None, None) == ""
    assert sentences(None, None) == ""
    assert sentences("示人社〔2026〕1号", "摘要。") == "示人社〔2026〕1号。摘要。"
    assert sentences(None, "已撤销") == "已撤销。"
