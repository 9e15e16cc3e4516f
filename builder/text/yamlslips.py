"""What a mistake in a data file looks like to HR staff, said in their words at the character:
YAML syntax errors (an unclosed quote or bracket, a tab, a stray colon), the typing slips of a
Chinese keyboard (a full-width colon after a key, an ideographic-space indent), characters no
data file may hold, and a file that is not UTF-8 (saved as GBK)."""

from __future__ import annotations

import re

import yaml

# Characters no data file needs and that break what is built from it (XML 1.0 forbids them in
# feed.xml, a lone surrogate cannot even be written as UTF-8): control characters other than
# tab and line breaks, surrogates, and the two non-characters U+FFFE/U+FFFF. YAML lets a
# double-quoted value write them as escapes ("\0", "\e", "\ud800"), which its reader's own
# check does not see.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def bad_character(text: str) -> str | None:
    """`U+XXXX` of the first character of `text` no data file may hold, or None."""
    m = BAD_CHARS.search(text)
    return f"U+{ord(m.group()):04X}" if m else None


def bad_char_message(code: str) -> str:
    return (
        f"含有不可见的控制字符或无效字符（{code}），请删除它；它可能是双引号中的转义（如 \\0、\\e），"
        "也常随从网页、Word 或 Excel 复制的文字混进来"
    )


# A value that opens a quote and does not close it on the same line: `title: "示例`. YAML lets
# quoted text run over several lines, so the parser fails only much later, somewhere confusing.
_OPEN_QUOTE = re.compile(r"""^\s*(?:-\s+)?[^\s#'"][^:#]*:\s+(?P<q>["'])(?:(?!(?P=q)).)*$""")


def unclosed_quote(text: str, before: int) -> tuple[int, int] | None:
    """(line, column) of the first value on a line before `before` whose quote never closes."""
    for number, line in enumerate(text.splitlines()[: max(before - 1, 0)], start=1):
        found = _OPEN_QUOTE.match(line)
        if found:
            return number, found.start("q") + 1
    return None


UNCLOSED_QUOTE = "YAML 格式错误：从这里开始的引号没有闭合，请补上配对的引号"


def yaml_error_location(exc: yaml.MarkedYAMLError) -> tuple[int, int]:
    """Where to point: the opening quote or bracket that was never closed, else the problem."""
    context = exc.context or ""
    unclosed = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    mark = exc.context_mark if unclosed and exc.context_mark else exc.problem_mark
    mark = mark or exc.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    context = exc.context or ""
    if context.startswith("while scanning a quoted scalar"):
        return UNCLOSED_QUOTE
    if context.startswith("while parsing a flow sequence"):
        return "YAML 格式错误：从这里开始的方括号“[”没有闭合，或其中缺少逗号"
    if context.startswith("while parsing a flow mapping"):
        return "YAML 格式错误：从这里开始的花括号“{”没有闭合，或其中缺少逗号"
    hints = {
        "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
        "mapping values are not allowed here": (
            "此处不能出现冒号“:”——可能是本行缩进不对，也可能冒号是文字的一部分，那样请给整个值加引号"
        ),
        "could not find expected ':'": "缺少冒号“:”，或上一行的引号没有闭合",
        "found undefined alias": "引用了未定义的别名（*）",
        "expected <block end>, but found": "缩进不一致，请检查本行与上一行的空格数",
        "found unexpected end of stream": "引号没有闭合",
        "found unknown escape character": "双引号中含有无效的反斜杠转义，请改用单引号",
        "expected a single document": "一个文件中只能有一份数据，请删除多余的“---”分隔线",
        "found character '%' that cannot start any token": "值不能以“%”开头，请给整个值加引号",
        "found character '@' that cannot start any token": "值不能以“@”开头，请给整个值加引号",
        "found character '`' that cannot start any token": "值不能以“`”开头，请给整个值加引号",
        "could not determine a constructor for the tag": "不支持以“!”开头的标记；如果是文字请加引号",
    }
    for needle, hint in hints.items():
        if needle in f"{context} {problem}":
            return f"YAML 格式错误：{hint}（{problem}）"
    return f"YAML 格式错误：{problem}"


# Typing Chinese, HR staff easily type a full-width colon after a key (`gender：男`) or indent
# with the ideographic space U+3000. YAML then reads the line as part of the previous value, or
# fails somewhere else; both are said here exactly, at the character. Lines inside a block
# scalar (`notice: |`) are text, where both are ordinary Chinese typography.
_BLOCK_START = re.compile(r"""^(?P<indent> *)(?:- +)*[^\s#'"][^#]*?:\s+[|>][-+0-9]*\s*(?:#.*)?$""")

_WIDE_COLON_KEY = re.compile(r"^(?P<lead>[ \u3000]*(?:-[ \u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \u3000]*：")

_LEADING = re.compile(r"^[ \u3000]+")


def typing_slips(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for full-width colons after keys and ideographic-space indents."""
    found: list[tuple[int, int, str]] = []
    if "：" not in text and "\u3000" not in text:
        return found
    block: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        lead = _LEADING.match(line)
        if block is not None:
            if not line.strip() or len(line) - len(line.lstrip(" ")) > block:
                continue
            block = None
        if lead and "\u3000" in lead.group(0) and line.strip():
            column = lead.group(0).index("\u3000") + 1
            found.append((number, column,
                          "行首用了全角空格「　」缩进，YAML 只认半角空格：请把行首的全角空格换成半角空格"))
        wide = _WIDE_COLON_KEY.match(line) if "：" in line else None
        if wide:
            key = wide.group("key")
            column = line.index("：", wide.end("key")) + 1
            value = line[column:].strip()
            found.append((number, column,
                          f"键「{key}」后面是全角冒号「：」，YAML 只认半角冒号：请改为「{key}: {value}」"
                          "（半角冒号，后面加一个空格）"))
        start = _BLOCK_START.match(line) if ("|" in line or ">" in line) else None
        if start:
            block = len(start.group("indent"))
    return found


def encoding_error_location(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, int]:
    """(line, column) of the first character that is not UTF-8, counted in characters.

    A file saved as GBK is the usual case. Some GBK byte pairs happen to be valid UTF-8, so
    the decoder may fail a character or two late; when the file reads as GB 18030, point at
    its first non-ASCII character instead, which is where the GBK text starts.
    """
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        first = next((i for i, ch in enumerate(text) if ord(ch) > 127), None)
        if first is not None:
            line = text.count("\n", 0, first) + 1
            return line, first - (text.rfind("\n", 0, first) + 1) + 1
    line = raw[: exc.start].count(b"\n") + 1
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    return line, len(raw[line_start : exc.start].decode("utf-8-sig")) + 1
