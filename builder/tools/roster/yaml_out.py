"""Writing the candidates file for imported rows, and which workbook cell each line came from."""

from __future__ import annotations

import json
import re

import yaml

from builder.tools.roster.columns import INT_KEYS, LIST_KEYS, split_list

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/candidates.schema.json"


def _plain(text: str) -> str:
    """`text` as a one-line YAML scalar that reads back as exactly this text."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=False)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"')
        dumped = dumped.removesuffix("\n")
    return dumped


def _flow(text: str) -> str:
    """`text` as an item of a flow list `[a, b]`: quoted when a comma or bracket would split it."""
    plain = _plain(text)
    if any(ch in plain for ch in ",[]{}#") and not plain.startswith(("'", '"')):
        return yaml.safe_dump(text, allow_unicode=True, default_style='"').removesuffix("\n")
    return plain


def _block(text: str, indent: str) -> list[str] | None:
    """`text` as a literal block (`|`), or None when a block cannot carry it exactly."""
    trailing = len(text) - len(text.rstrip("\n"))
    chomp = {0: "-", 1: ""}.get(trailing, "+")
    body = text[: len(text) - trailing] if trailing else text
    lines = body.split("\n")
    if not body or any(ch in body for ch in "\t\x85\u2028\u2029\ufeff") or lines[0][:1] == " ":
        return None
    out = [f"|{chomp}"]
    out += [f"{indent}{line}" if line else "" for line in lines]
    out += [""] * (trailing - 1 if trailing > 1 else 0)
    probe = "k: " + out[0] + "\n" + "\n".join(out[1:]) + "\n"
    try:
        if yaml.safe_load(probe) != {"k": text}:
            return None
    except yaml.YAMLError:
        return None
    return out


def encode_extra(values: dict[str, str]) -> str:
    """A person's `extra` (the list's own columns) as one comparable text, in the given order."""
    return json.dumps(list(values.items()), ensure_ascii=False)


def decode_extra(text: str) -> dict[str, str]:
    try:
        pairs = json.loads(text)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in pairs} if isinstance(pairs, list) else {}


def extra_line(values: dict[str, str], lead: str) -> tuple[str, list[tuple[int, str]]]:
    """`extra: {准考证号: "13624089159", 总成绩: "80.40"}` after `lead`: every value quoted, so it
    stays text (a 分数 keeps its zeros, a 编号 its leading zeros); with the 1-based column where
    each label's entry starts."""
    line = lead + "{"
    spans: list[tuple[int, str]] = []
    for n, (label, value) in enumerate(values.items()):
        if n:
            line += ", "
        spans.append((len(line) + 1, label))
        line += f"{_flow(label)}: {json.dumps(value, ensure_ascii=False)}"
    return line + "}", spans


def column_item(label: str, kind: str | None) -> str:
    """One item of a list's `columns`: 姓名, or {label: 准考证号, kind: 编号}."""
    return _flow(label) if kind is None else f"{{label: {_flow(label)}, kind: {kind}}}"


def field_lines(key: str, value: str, prefix: str, key_col: int) -> list[tuple[str, int]]:
    """`key: value` as lines of a candidate at `prefix` (which ends at column `key_col`), each
    with the 1-based column where its part of the value starts."""
    lead = f"{prefix}{key}: "
    if key == "extra":  # the list's own columns, `encode_extra`d
        return [(extra_line(decode_extra(value), lead)[0], len(lead) + 1)]
    if key in LIST_KEYS:  # 甲大学；乙研究院 → [甲大学, 乙研究院]
        return [(lead + "[" + ", ".join(_flow(x) for x in split_list(key, value)) + "]", len(lead) + 1)]
    if key in INT_KEYS and value.isdigit():
        return [(lead + value, len(lead) + 1)]  # a number (成员人数), not the text "5"
    block = _block(value, " " * (key_col + 2)) if "\n" in value else None
    if block is None:
        return [(lead + _plain(value), len(lead) + 1)]
    return [(lead + block[0], len(lead) + 1), *((extra, 1) for extra in block[1:])]


_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def new_file(
    campaign_id: str, *, title: str | None, order: str | None, sources: list[str],
    sections: list[str] | None = None,
) -> str:
    """A candidates file with no one in it yet, for the import to merge the rosters into."""
    # A file name may hold a line break (or any control character): in a comment line it would
    # start a line of YAML of its own.
    named = "、".join(f"「{_BREAKS.sub(' ', s)}」" for s in sources)
    lines = [
        SCHEMA_LINE,
        f"# 由 gongshi import-roster 从{named}导入。可以直接修改本文件（注释会保留），"
        "也可以再导入各单位的花名册：按推荐单位合并，只改动花名册中那些单位的人选。",
        f"campaign: {_plain(campaign_id)}",
    ]
    if title:
        lines.append(f"title: {_plain(title)}")
    lines.append(f"order: {_plain(order or 'stroke')}")
    if sections:
        lines.append("sections:")
        lines += [f"  - title: {_plain(s)}" for s in sections]
    lines.append("candidates: []")
    return "\n".join(lines) + "\n"
