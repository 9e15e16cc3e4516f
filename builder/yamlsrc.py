"""YAML reading that keeps where every value came from.

PyYAML's loaders throw positions away and silently keep the last of two equal keys. HR staff
need `file:line:column` for every problem, and a duplicated key is a mistake we must report, so
we compose the node graph ourselves and record, for each path into the data, the position of the
key and the value, the tag YAML resolved and the literal text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.problems import Problems

PathKey = tuple[str | int, ...]

_SCALAR_KIND = {
    "tag:yaml.org,2002:str": "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "date",
}


@dataclass(frozen=True)
class Loc:
    line: int
    column: int


@dataclass
class SourceDoc:
    """A parsed YAML file with a position for every key and value."""

    path: str
    data: Any = None
    values: dict[PathKey, Loc] = field(default_factory=dict)
    keys: dict[PathKey, Loc] = field(default_factory=dict)
    kinds: dict[PathKey, str] = field(default_factory=dict)
    raw: dict[PathKey, str] = field(default_factory=dict)
    text: str = ""

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


class _Walker:
    def __init__(self, doc: SourceDoc, loader: yaml.SafeLoader, problems: Problems) -> None:
        self.doc = doc
        self.loader = loader
        self.problems = problems

    def walk(self, node: yaml.Node, path: PathKey) -> Any:
        self.doc.values[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        kind = _SCALAR_KIND.get(node.tag, "str")
        self.doc.kinds[path] = kind
        self.doc.raw[path] = node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:
            where = _mark(node)
            self.problems.error(
                self.doc.path,
                where.line,
                where.column,
                f"「{node.value}」不是真实存在的日期，请检查年月日",
            )
            self.doc.kinds[path] = "invalid"
            return node.value

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
            if key in first_seen:
                self.problems.error(
                    self.doc.path,
                    where.line,
                    where.column,
                    f"键「{key}」重复出现（第一次在第{first_seen[key].line}行）；"
                    "YAML 只会保留最后一个，请删除或合并其中一个",
                )
                continue
            first_seen[key] = where
            self.doc.keys[(*path, key)] = where
            out[key] = self.walk(value_node, (*path, key))
        return out


def _astuple(loc: Loc) -> tuple[int, int]:
    return loc.line, loc.column


def _yaml_error_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    hints = {
        "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
        "mapping values are not allowed here": "此处不能出现冒号“:”；如果冒号是文字的一部分，请给整个值加引号",
        "could not find expected ':'": "缺少冒号“:”，或上一行的引号没有闭合",
        "found undefined alias": "引用了未定义的别名（*）",
        "expected <block end>, but found": "缩进不一致，请检查本行与上一行的空格数",
        "found unexpected end of stream": "引号没有闭合",
        "found unknown escape character": "双引号中含有无效的反斜杠转义，请改用单引号",
    }
    for needle, hint in hints.items():
        if needle in problem:
            return f"YAML 格式错误：{hint}（{problem}）"
    return f"YAML 格式错误：{problem}"


def parse_yaml(text: str, display_path: str, problems: Problems) -> SourceDoc:
    """Parse `text`; syntax errors and duplicate keys go to `problems`."""
    doc = SourceDoc(path=display_path, text=text)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data = None
        else:
            doc.data = _Walker(doc, loader, problems).walk(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.error(display_path, line, column, _yaml_error_message(exc))
        doc.data = None
    except (yaml.YAMLError, ValueError) as exc:
        problems.error(display_path, 1, 1, f"YAML 格式错误：{exc}")
        doc.data = None
    finally:
        loader.dispose()
    return doc


def read_yaml(path: Path, display_path: str, problems: Problems) -> SourceDoc:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(display_path, 1, 1, f"无法读取文件：{exc.strerror}")
        return SourceDoc(path=display_path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(
            display_path, line, col, "文件不是有效的 UTF-8 编码，请用 UTF-8 保存（不要用 GBK/ANSI）"
        )
        return SourceDoc(path=display_path)
    return parse_yaml(text, display_path, problems)
