"""YAML reading that keeps where every value came from.

PyYAML's loaders throw positions away and silently keep the last of two equal keys. HR staff
need `file:line:column` for every problem, and a duplicated key is a mistake we must report, so
we compose the node graph ourselves and record, for each path into the data, the position of the
key and the value, the tag YAML resolved and the literal text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel

from builder.text.labels import label_at
from builder.text.problems import Problems
from builder.text.yamlslips import (
    BAD_CHARS,
    UNCLOSED_QUOTE,
    bad_char_message,
    bad_character,
    encoding_error_location,
    typing_slips,
    unclosed_quote,
    yaml_error_location,
    yaml_error_message,
)

PathKey = tuple[str | int, ...]
Describe = Callable[[PathKey], str]
"""Names the record a path points into, e.g. 第3位候选人「张三」, or returns ""."""

_SCALAR_KIND = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


_STR = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Loc:
    line: int
    column: int


@dataclass(frozen=True)
class BadDate:
    """A plain scalar YAML resolves as a date although no such day exists (`2020-02-30`).

    PyYAML raises on it; we keep the text so validation can say what is wrong for the field it
    is in: an impossible date in a date field, an unquoted text that looks like a date elsewhere.
    It is deliberately not a `str`, so no text field accepts it silently.
    """

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Duplicate:
    path: PathKey
    where: Loc
    first: Loc


@dataclass
class SourceDoc:
    """A parsed YAML file with a position for every key and value."""

    path: str
    data: Any = None
    values: dict[PathKey, Loc] = field(default_factory=dict)
    keys: dict[PathKey, Loc] = field(default_factory=dict)
    kinds: dict[PathKey, str] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    text: str = ""
    failed: bool = False
    """True when the file could not be read or parsed (already reported)."""

    def at(self, path: PathKey, *, key: bool = False) -> tuple[str, int, int]:
        """(file, line, column) of a value (or its key): where a problem is reported."""
        loc = self.loc(path, key=key)
        return self.path, loc.line, loc.column

    def loc(self, path: PathKey, *, key: bool = False) -> Loc:
        """Position of `path`, or of its nearest located ancestor."""
        p = tuple(path)
        while True:
            table = self.keys if key and p in self.keys else self.values
            if p in table:
                return table[p]
            if not p:
                return Loc(1, 1)
            p = p[:-1]


def _mark(node: yaml.Node) -> Loc:
    return Loc(node.start_mark.line + 1, node.start_mark.column + 1)


MAX_DEPTH = 64
"""Nesting a data file may have (the contract needs 6): deeper input is refused before the
recursive composer and walker see it (a RecursionError, or a C stack overflow in libyaml)."""
MAX_ALIAS_NODES = 10_000
"""Nodes that aliases (*name) may repeat in all: a 530-byte "billion laughs" document would
otherwise expand to billions (issue 12: 59 s and 3.5 GB, then a MemoryError)."""


class TooLarge(Exception):
    """The document is refused as a whole; `message` and `where` say why and where."""

    def __init__(self, where: Loc, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


class _Walker:
    def __init__(self, doc: SourceDoc, loader: Any, problems: Problems) -> None:
        self.doc = doc
        self.loader = loader
        self.problems = problems
        self.seen: set[int] = set()
        self.in_alias = 0
        self.alias_nodes = 0

    def walk(self, node: yaml.Node, path: PathKey) -> Any:
        # An alias is the anchored node itself, met again: count what it repeats.
        repeated = id(node) in self.seen
        self.seen.add(id(node))
        self.in_alias += repeated
        try:
            if self.in_alias:
                self.alias_nodes += 1
                if self.alias_nodes > MAX_ALIAS_NODES:
                    raise TooLarge(
                        _mark(node),
                        f"别名（*）重复引用的内容超过 {MAX_ALIAS_NODES} 项（可能是恶意构造的“别名炸弹”），"
                        "文件未读取；数据文件中请不要使用 & 锚点和 * 别名，直接写出每一项",
                    )
            return self._walk(node, path)
        finally:
            self.in_alias -= repeated

    def _walk(self, node: yaml.Node, path: PathKey) -> Any:
        self.doc.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            self.doc.kinds[path] = "map"
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self.doc.kinds[path] = "seq"
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        kind = _SCALAR_KIND.get(node.tag, "str")
        self.doc.kinds[path] = kind
        self.doc.raw[path] = node.value
        code = bad_character(node.value)
        if code is not None:
            self.problems.error(self.doc.path, *_astuple(_mark(node)), bad_char_message(code))
            self.doc.raw[path] = BAD_CHARS.sub("\ufffd", node.value)
            return BAD_CHARS.sub("\ufffd", node.value)
        if node.tag == _STR:
            return node.value  # what the constructor gives a plain string, without its bookkeeping
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            # Only a timestamp can fail here: its pattern matched but the day does not exist.
            self.doc.kinds[path] = "invalid"
            return BadDate(node.value)

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_seen: dict[Any, Loc] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.error(
                    self.doc.path, *_astuple(_mark(key_node)), "键必须是简单的文字"
                )
                continue
            key = key_node.value
            where = _mark(key_node)
            code = bad_character(key)
            if code is not None:
                self.problems.error(self.doc.path, *_astuple(where), bad_char_message(code))
                key = BAD_CHARS.sub("\ufffd", key)
            if key in first_seen:
                # Reported after the walk, when the record it belongs to can be named.
                self.doc.duplicates.append(Duplicate((*path, key), where, first_seen[key]))
                continue
            first_seen[key] = where
            self.doc.keys[(*path, key)] = where
            out[key] = self.walk(value_node, (*path, key))
        return out


def _astuple(loc: Loc) -> tuple[int, int]:
    return loc.line, loc.column


def parse_yaml(
    text: str,
    display_path: str,
    problems: Problems,
    *,
    root: type[BaseModel] | None = None,
    describer: Callable[[SourceDoc], Describe] | None = None,
) -> SourceDoc:
    """Parse `text`; syntax errors and duplicate keys go to `problems`.

    `root` (the file's model) names keys in plain words, `describer` names the record a
    duplicate key sits in; both only improve messages.
    """
    try:
        _check_depth(text)
    except TooLarge as exc:
        problems.error(display_path, exc.where.line, exc.where.column, exc.message)
        return SourceDoc(path=display_path, text=text, failed=True)
    slips = typing_slips(text)
    for line, column, message in slips:
        problems.error(display_path, line, column, message)
    fast = _parse_with_libyaml(text, display_path)
    if fast is not None:
        doc, found = fast
        problems.extend(found.items)
    else:
        syntax = Problems()
        doc = _parse_with_python(text, display_path, syntax)
        # The syntax error a slip causes, a line or two below it, only repeats it less clearly.
        near = {line + d for line, _, _ in slips for d in (0, 1, 2)}
        problems.extend(p for p in syntax.items if p.line not in near)
    if doc.data is not None:
        _report_duplicates(doc, problems, root, describer(doc) if describer else None)
    return doc


# What bounds the nesting depth of a document, read cheaply from its text: a block collection
# nested in another starts at a larger column, or at the same one once (a sequence under a key),
# and every column a block node can start at lies within a line's prefix of indentation and
# indicators; every flow collection has an opening bracket. Real data files stay far below the
# limit, so the exact count (the parser's events, which costs about a third of a parse) runs
# only for the rare file this bound cannot clear.
_PREFIX = re.compile(r"^(?:[ \t\-?:]|[&!][^\s]*)*", re.M)


def _check_depth(text: str) -> None:
    prefix = max((len(m.group()) for m in _PREFIX.finditer(text)), default=0)
    if 2 * (prefix + 1) + text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    loader = (_CLoader or yaml.SafeLoader)(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark  # a parsed event always has one (typed Optional)
                    raise TooLarge(
                        Loc(mark.line + 1, mark.column + 1) if mark else Loc(1, 1),
                        f"嵌套超过 {MAX_DEPTH} 层，文件未读取：数据文件只需要几层缩进或括号，"
                        "请检查这里是否多了括号或缩进",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the parse that follows reports it where it is
    finally:
        loader.dispose()


# PyYAML's libyaml binding composes the same nodes with the same marks (columns counted in
# characters, as the pure-Python scanner does) about 5x faster; composing YAML was a third of
# a 10,000-candidate build. Its error texts and marks differ from the Python scanner's, so a
# file libyaml cannot read is parsed again by the Python loader, whose errors the messages
# above were written for.
_CLoader: Any = getattr(yaml, "CSafeLoader", None)


def _parse_with_libyaml(text: str, display_path: str) -> tuple[SourceDoc, Problems] | None:
    """The parsed document and its walk problems, or None when libyaml is missing or fails."""
    if _CLoader is None:
        return None
    doc = SourceDoc(path=display_path, text=text)
    found = Problems()
    loader = _CLoader(text)
    try:
        node = loader.get_single_node()
        doc.data = None if node is None else _Walker(doc, loader, found).walk(node, ())
    except TooLarge as exc:
        found.error(display_path, exc.where.line, exc.where.column, exc.message)
        doc.data, doc.failed = None, True
    except (yaml.YAMLError, ValueError):
        return None
    finally:
        loader.dispose()
    return doc, found


def _parse_with_python(text: str, display_path: str, problems: Problems) -> SourceDoc:
    doc = SourceDoc(path=display_path, text=text)
    try:
        # The reader refuses control characters while it is being constructed.
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        problems.error(
            display_path, line, column,
            f"含有不可见的控制字符（U+{exc.character:04X}），请删除它；"
            "它常随从网页、Word 或 Excel 复制的文字混进来",
        )
        doc.failed = True
        return doc
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data = None
        else:
            doc.data = _Walker(doc, loader, problems).walk(node, ())
    except TooLarge as exc:
        problems.error(display_path, exc.where.line, exc.where.column, exc.message)
        doc.data, doc.failed = None, True
    except yaml.MarkedYAMLError as exc:
        line, column = yaml_error_location(exc)
        message = yaml_error_message(exc)
        quote = unclosed_quote(text, line) if message != UNCLOSED_QUOTE else None
        if quote is not None:
            line, column = quote
            message = UNCLOSED_QUOTE
        problems.error(display_path, line, column, message)
        doc.data = None
        doc.failed = True
    except (yaml.YAMLError, ValueError) as exc:
        problems.error(display_path, 1, 1, f"YAML 格式错误：{exc}")
        doc.data = None
        doc.failed = True
    finally:
        loader.dispose()
    return doc


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index`, counted the way an editor counts them."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _report_duplicates(
    doc: SourceDoc,
    problems: Problems,
    root: type[BaseModel] | None,
    describe: Describe | None,
) -> None:
    for dup in doc.duplicates:
        name = label_at(root, dup.path) if root is not None else str(dup.path[-1])
        name = f" {name}" if name.endswith("）") else f"「{name}」"
        who = describe(dup.path) if describe else ""
        problems.error(
            doc.path,
            dup.where.line,
            dup.where.column,
            f"{who}{'的' if who else ''}键{name}重复出现（第一次在第{dup.first.line}行）；"
            "YAML 只会保留其中一个，请删除或合并重复的一项",
        )


_NOT_UTF8 = "文件不是有效的 UTF-8 编码，请用 UTF-8 保存（不要用 GBK/ANSI）"


def parse_bytes(
    raw: bytes,
    display_path: str,
    problems: Problems,
    *,
    root: type[BaseModel] | None = None,
    describer: Callable[[SourceDoc], Describe] | None = None,
) -> SourceDoc:
    """`parse_yaml` of a file's bytes, which must be UTF-8 (a BOM is allowed)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.error(display_path, *encoding_error_location(raw, exc), _NOT_UTF8)
        return SourceDoc(path=display_path, failed=True)
    return parse_yaml(text, display_path, problems, root=root, describer=describer)
