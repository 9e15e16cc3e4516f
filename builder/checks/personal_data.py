"""The output guard: no personal data in any file the build wrote.

The input guard refuses personal data in candidate files; this scan is the last line for
everything else (campaign texts, hand-written pages, templates, search index, feeds, calendars,
and data that slipped past a future code path). The issuing offices' own contact details
(`contact`/`objections` of the campaigns) are allowed.
"""

from __future__ import annotations

import bisect
import gzip
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from builder.checks.htmlscan import BREAK, ParsedHTML, parse_html, visible_text
from builder.text import formscan
from builder.text.privacy import Finding, find_personal_data

HTML_SUFFIXES = frozenset({".html", ".htm"})
XML_SUFFIXES = frozenset({".xml", ".atom", ".rss", ".svg"})
JSON_SUFFIXES = frozenset({".json", ".webmanifest"})
ICS_SUFFIXES = frozenset({".ics"})
TEXT_SUFFIXES = frozenset({".js", ".mjs", ".txt", ".csv"})
OFFICE_SUFFIXES = frozenset({".xlsx", ".docx", ".pptx", ".odt", ".ods", ".odp", ".pdf"})
SCANNED_SUFFIXES = (
    HTML_SUFFIXES | XML_SUFFIXES | JSON_SUFFIXES | ICS_SUFFIXES | TEXT_SUFFIXES | OFFICE_SUFFIXES
)


@dataclass(frozen=True)
class Hit:
    line: int
    column: int
    finding: Finding
    where: str = ""
    """Extra words on where in the file, e.g. 属性 href, or the part of an xlsx."""


def _scan_text(text: str, position) -> Iterator[Hit]:
    for f in find_personal_data(text):
        line, column = position(f.start)
        yield Hit(line, column, f)


def _line_col(text: str):
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    return position


_ASCII_MAYBE = re.compile(r"[0-9@]")
"""For an ASCII value, the same as: a character that is a digit or an @."""


def _scan_attributes(parsed: ParsedHTML) -> Iterator[Hit]:
    for tag in parsed.tags:
        for key, value in tag.attrs:
            if not value:
                continue
            if value.isascii():  # most are (classes, links): the same test in one regex search
                if not _ASCII_MAYBE.search(value):
                    continue
            elif not any(c.isdigit() or c == "@" or c > "\u2000" for c in value):
                continue
            # tel:138%201234%205678 and mailto:%7A… are the same data once decoded.
            decoded = unquote(value) if key in ("href", "src", "action", "content") else value
            for f in find_personal_data(decoded):
                yield Hit(tag.line, tag.column, f, f"<{tag.name}> 的 {key} 属性")


def scan_parsed_html(parsed: ParsedHTML) -> Iterator[Hit]:
    yield from _scan_text(parsed.text, parsed.position)
    yield from _scan_attributes(parsed)


def scan_html(source: str) -> Iterator[Hit]:
    yield from scan_parsed_html(parse_html(source))


def scan_xml(source: str) -> Iterator[Hit]:
    yield from scan_parsed_xml(parse_html(source))


def scan_parsed_xml(parsed: ParsedHTML) -> Iterator[Hit]:
    """Atom and other XML: text and attributes, and HTML carried escaped inside the text
    (an Atom `content type="html"` holds `&lt;p&gt;…`, i.e. a second layer of markup)."""
    yield from _scan_text(parsed.text, parsed.position)
    yield from _scan_attributes(parsed)
    offset = 0
    for chunk in parsed.text.split(BREAK):
        if "<" in chunk or "&" in chunk:
            direct = {f.key for f in find_personal_data(chunk)}
            line, column = parsed.position(offset)
            for f in find_personal_data(visible_text(chunk)):
                if f.key not in direct:
                    yield Hit(line, column, f, "内嵌的 HTML 内容")
        offset += len(chunk) + 1


# Integers shorter than 11 digits are not even tokens: no ID or mobile number fits in them
# (find_personal_data needs 11 digits), and the search index holds some 300,000 of them. The
# string alternative is the unrolled form of "(?:[^"\\\n]|\\.)*": same strings, a third of the time.
_JSON_TOKEN = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|(?<![\w.])-?\d{11,}(?![\w.])')


def scan_json(source: str) -> Iterator[Hit]:
    """Every string and integer literal, decoded (\\u escapes, and HTML inside strings)."""
    position = _line_col(source)
    for m in _JSON_TOKEN.finditer(source):
        literal = m.group()
        if literal[0] != '"':
            value, exact = literal, True
        elif "\\" not in literal:
            # No escape: the value is the text between the quotes (what json.loads gives, or
            # its fallback for a raw control character), at a third of the cost; the search
            # files hold millions of such strings.
            value, exact = literal[1:-1], True
        else:
            try:
                value = json.loads(literal)
            except ValueError:
                value = literal[1:-1]
            exact = False
        if not value or not isinstance(value, str):
            continue
        texts = [value]
        if "<" in value or "&" in value:
            texts.append(visible_text(value))
        seen: set[str] = set()
        for i, text in enumerate(texts):
            for f in find_personal_data(text):
                if f.key in seen:
                    continue
                seen.add(f.key)
                if i == 0 and exact:
                    offset = m.start() + (1 if literal[0] == '"' else 0) + f.start
                else:
                    offset = m.start()
                line, column = position(offset)
                yield Hit(line, column, f)


def unfold_ics(source: str) -> Iterator[tuple[int, str]]:
    """(first physical line, logical line) of an iCalendar file (RFC 5545 §3.1 folding)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    current: str | None = None
    first = 0
    for number, line in enumerate(lines, start=1):
        if line[:1] in (" ", "\t") and current is not None:
            current += line[1:]
            continue
        if current is not None:
            yield first, current
        current, first = line, number
    if current is not None:
        yield first, current


def ics_unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def scan_ics(source: str) -> Iterator[Hit]:
    for number, line in unfold_ics(source):
        name, sep, value = line.partition(":")
        if not sep:
            value = line
        if name.split(";")[0].upper() == "UID":
            # `<round id>-<kind>-<n>@<site host>` (builder.render.calendar_ics): made of a round id
            # ([a-z0-9-], validated) and the site's own host, it looks like an address but
            # holds nothing personal, and is an address once site_url names a real host.
            continue
        for f in find_personal_data(ics_unescape(value)):
            yield Hit(number, 1, f, f"{name.split(';')[0]} 项")


def scan_office(data: bytes, suffix: str = ".docx") -> Iterator[Hit]:
    """An office file or PDF, piece by piece (builder.text.formscan: each cell and paragraph on its
    own, so neighbouring numbers are never read as one). A file that cannot be read is not
    scanned here: the loader refuses such forms before anything is built."""
    try:
        for piece in formscan.pieces(suffix, data):
            for f in find_personal_data(piece.text):
                yield Hit(1, 1, f, f"文件内的{piece.where}")
    except formscan.Unscannable:
        return


def content_suffix(path: Path | str) -> str:
    """The type that decides how a file is read: `index.json.gz` is read as JSON. `path`: a
    Path, or a site path with / (its suffixes as Path.suffixes reads them, without making a
    Path: the checks ask for each of ~20,000 files a run at 200,000 candidates)."""
    name = path.rpartition("/")[2] if isinstance(path, str) else path.name
    if name.endswith("."):
        return ""
    suffixes = name.lstrip(".").lower().split(".")[1:]
    if len(suffixes) >= 2 and suffixes[-1] == "gz":
        return "." + suffixes[-2]
    return "." + suffixes[-1] if suffixes else ""


def unpack(data: bytes) -> bytes:
    """The content of a precompressed copy (for nginx gzip_static): what visitors get, so what
    is checked; a file that only looks compressed is checked as it is."""
    try:
        return gzip.decompress(data)
    except (OSError, EOFError):
        return data


def read_content(path: Path) -> bytes:
    """A file's bytes, precompressed copies unpacked."""
    data = path.read_bytes()
    return unpack(data) if path.suffix.lower() == ".gz" else data


def scan_content(suffix: str, data: bytes) -> Iterator[Hit]:
    """Personal data in a file's content (unpacked), read the way its type (`content_suffix`)
    says."""
    if suffix in OFFICE_SUFFIXES:
        yield from scan_office(data, suffix)
        return
    source = data.decode("utf-8", errors="replace")
    if suffix in HTML_SUFFIXES:
        yield from scan_html(source)
    elif suffix in XML_SUFFIXES:
        yield from scan_xml(source)
    elif suffix in JSON_SUFFIXES:
        yield from scan_json(source)
    elif suffix in ICS_SUFFIXES:
        yield from scan_ics(source)
    else:
        yield from _scan_text(source, _line_col(source))


def scan_file(path: Path) -> Iterator[Hit]:
    yield from scan_content(content_suffix(path), read_content(path))


def is_theme_copy(rel: str, data: bytes, roots: Sequence[Path]) -> bool:
    """A file (`rel` in the site, `data` its bytes as written) copied byte for byte from the
    installed theme carries no data of ours (Material's bundles name their authors' e-mail
    addresses, which are not a 公示's business)."""
    for root in roots:
        # os.path, not pathlib: this runs for every file of the site (≈ 20,000 at 200,000
        # candidates), nearly all of them not in the theme, and pathlib's objects cost ten
        # times the stat.
        original = os.path.join(root, rel)
        try:
            if os.stat(original).st_size != len(data):
                continue
            with open(original, "rb") as f:
                if f.read() == data:
                    return True
        except OSError:  # not in the theme, or not a file
            continue
    return False


def message(hit: Hit) -> str:
    where = f"（{hit.where}）" if hit.where else ""
    text = (
        f"生成的网站{where}含有{hit.finding.describe()}：公示不得公开{hit.finding.forbidden}。"
        "请在数据文件或 site_src 页面中找到并删除它"
    )
    if hit.finding.kind in ("mobile", "email"):
        text += (
            "；如果这是发布单位的联系电话或邮箱，请写在评选的 contact（联系方式）或 "
            "publicity.objections（异议受理）中"
        )
    return text
