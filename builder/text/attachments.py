"""The 附件 (attachment) lines at the end of a notice, and which downloadable form each one is.

A printed notice ends with its attachments: "附件：1、示例市学术技术带头人申报表", the next ones on
lines of their own ("2、…填表说明"), or one "附件1：…" line each. On the portal the title links to
the form of the same title, so the reader does not hunt for it under 表格下载. One parser for
the page (builder.render.pages.markdown_safe) and for `gongshi validate` (builder.load.rules), so a line the
page leaves as text is the line validation warns about.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_HEAD = re.compile(r"^[ \t\u3000]*附[ \t\u3000]*件[ \t\u3000]*(?:\d+|[一二三四五六七八九十]+)?[ \t\u3000]*[：:][ \t\u3000]*")
# "1、" "1." "1．" "1）" "（1）" "(1)" "- ": the ways attachments are numbered in notices (no
# `^`: it is matched at an offset too, where `^` would never match).
_NUMBER = re.compile(
    r"[ \t\u3000]*(?:\d{1,2}[ \t\u3000]*[、.．)）]|[（(]\d{1,2}[)）]|[-*+][ \t])[ \t\u3000]*"
)
_WRAPPERS = "《》〈〉“”\"'「」"
_TRAILING = "。；;，,、 \t\u3000"
_FORM_WORDS = re.compile(r"(表|表格|名册|清单|目录|登记册)$")
_PREFIX = re.compile(r"^附件\d*[：:]")


@dataclass(frozen=True)
class Block:
    """One line of text that may carry an attachment; `numbered` when the Markdown list it came
    from already took its number off (a `1. …` line is an ordered-list item)."""

    text: str
    numbered: bool = False


@dataclass(frozen=True)
class Attachment:
    block: int
    """Index of the block the title is in."""
    start: int
    end: int
    """The title is `blocks[block].text[start:end]`."""
    title: str


def _title_span(text: str, start: int) -> tuple[int, int] | None:
    end = len(text)
    while end > start and text[end - 1] in _TRAILING + _WRAPPERS:
        end -= 1
    while start < end and text[start] in _WRAPPERS:
        start += 1
    return (start, end) if start < end else None


def find(blocks: Sequence[Block]) -> list[Attachment]:
    """Every attachment title in `blocks` (a notice's lines, in order; blank ones left out).

    A 附件 line starts the attachments; after it, numbered lines continue them until a line
    that is neither (the issuer's signature, say)."""
    found: list[Attachment] = []
    listing = False
    for i, block in enumerate(blocks):
        head = _HEAD.match(block.text)
        if head is not None:
            listing = True
            rest = head.end()
            number = _NUMBER.match(block.text, rest)
            start = number.end() if number else rest
        elif listing and (block.numbered or _NUMBER.match(block.text)):
            number = _NUMBER.match(block.text)
            start = number.end() if number and not block.numbered else 0
        else:
            listing = False
            continue
        span = _title_span(block.text, start)
        if span is not None:
            found.append(Attachment(i, span[0], span[1], block.text[span[0]:span[1]]))
    return found


def in_text(text: str) -> list[Attachment]:
    """Attachments of a notice's Markdown source, one block per non-blank line (`block` is then
    the index among those lines; see `line_blocks`)."""
    return find([Block(line) for _, line in line_blocks(text)])


def line_blocks(text: str) -> list[tuple[int, str]]:
    """(0-based line number, line) of every non-blank line."""
    return [(n, line) for n, line in enumerate(text.split("\n")) if line.strip()]


def key(title: str) -> str:
    """What two titles must share to be the same form: no spaces (the seed's "2020 年…分配表"),
    no quotation marks, no leading "附件1：", full-width digits as ASCII."""
    folded = unicodedata.normalize("NFKC", title)
    folded = "".join(ch for ch in folded if not ch.isspace() and ch not in _WRAPPERS)
    return _PREFIX.sub("", folded)


def looks_like_form(title: str) -> bool:
    """A table or roster to fill in (…申报表, …花名册), as opposed to a document to read."""
    return bool(_FORM_WORDS.search(key(title)))


def is_quota_table(title: str) -> bool:
    """The notice's allocation table (…推荐指标分配表, …名额分配表): the round page shows it as
    its 推荐名额 table."""
    return "分配" in key(title)


def matches(titles: Iterable[str]) -> Mapping[str, str]:
    """key → title of the forms a round offers."""
    return {key(t): t for t in titles}
