"""One pass over an HTML (or XML) file: its text with positions, its tags, its anchors.

Both output checks read the same parse: the personal-data scan reads the text (entities decoded,
so `&#49;` counts as `1`) and attribute values; the link check reads tags and ids.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements whose boundaries separate text visually: digits in two table cells are two numbers.
_HTML_BLOCKS = (
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html input label legend li "
    "main meta nav noscript ol option p pre script section select style summary table tbody td "
    "template textarea tfoot th thead title tr ul"
)
# Atom elements, so that the text of two entries never runs together.
_FEED_BLOCKS = "entry feed content id updated published link author name uri category subtitle"
BLOCK = frozenset(f"{_HTML_BLOCKS} {_FEED_BLOCKS}".split(" "))
BREAK = "\x00"


@dataclass(frozen=True)
class Tag:
    name: str
    attrs: tuple[tuple[str, str | None], ...]
    line: int
    column: int

    def get(self, key: str) -> str | None:
        for k, v in self.attrs:
            if k == key:
                return v
        return None


@dataclass
class ParsedHTML:
    text: str
    """All text, decoded, with BREAK between blocks."""
    tags: list[Tag]
    ids: set[str]
    segments: list[tuple[int, int, int, str | None]] = field(repr=False)
    """(offset in `text`, line, column, literal source text or None for a decoded reference)."""

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the source file of `text[offset]`."""
        if not self.segments:
            return 1, 1
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, offset) - 1, 0)
        seg_start, line, column, literal = self.segments[i]
        if literal is None:
            return line, column
        before = literal[: offset - seg_start]
        newlines = before.count("\n")
        if newlines:
            return line + newlines, len(before) - before.rfind("\n")
        return line, column + len(before)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.length = 0
        self.segments: list[tuple[int, int, int, str | None]] = []
        self.tags: list[Tag] = []
        self.ids: set[str] = set()

    def _pos(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return line, offset + 1

    def _emit(self, text: str, line: int, column: int, literal: bool) -> None:
        if not text:
            return
        self.segments.append((self.length, line, column, text if literal else None))
        self.parts.append(text)
        self.length += len(text)

    def _break(self) -> None:
        line, column = self._pos()
        self._emit(BREAK, line, column, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self._pos()
        self.tags.append(Tag(tag, tuple(attrs), line, column))
        for key, value in attrs:
            if value is not None and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)
        if tag in BLOCK:
            self._break()
        elif tag == "br":
            self._emit("\n", line, column, False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK:
            self._break()

    def handle_data(self, data: str) -> None:
        line, column = self._pos()
        self._emit(data, line, column, True)

    def handle_entityref(self, name: str) -> None:
        line, column = self._pos()
        self._emit(html.unescape(f"&{name};"), line, column, False)

    def handle_charref(self, name: str) -> None:
        line, column = self._pos()
        self._emit(html.unescape(f"&#{name};"), line, column, False)

    def handle_comment(self, data: str) -> None:
        line, column = self._pos()
        self._break()
        self._emit(data, line, column + 4, True)
        self._break()

    def unknown_decl(self, data: str) -> None:
        if data.startswith("CDATA["):
            line, column = self._pos()
            self._break()
            self._emit(data[6:], line, column + 9, True)
            self._break()


def parse_html(source: str) -> ParsedHTML:
    parser = _Parser()
    parser.feed(source)
    parser.close()
    return ParsedHTML("".join(parser.parts), parser.tags, parser.ids, parser.segments)


def visible_text(fragment: str) -> str:
    """Text of an HTML fragment (tags dropped, references decoded), blocks separated."""
    return parse_html(fragment).text
