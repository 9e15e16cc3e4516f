"""Writing the candidates file for imported rows, and which workbook cell each line came from."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from builder.roster.columns import FIELD_ORDER
from builder.roster.reader import _Row

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/candidates.schema.json"


def _plain(text: str) -> str:
    """`text` as a one-line YAML scalar that reads back as exactly this text."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_flow_style=False)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if "\n" in dumped:
        dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000, default_style='"')
        dumped = dumped.removesuffix("\n")
    return dumped


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


@dataclass
class _Emitted:
    text: str
    cells: dict[int, tuple[int, str, int]]
    """YAML line → (workbook row, field, column of the value in that line)."""
    starts: dict[int, int]
    """YAML line of each candidate's first key → its workbook row."""


def candidates_yaml(
    campaign_id: str,
    rows: list[_Row],
    *,
    title: str | None,
    order: str | None,
    source_name: str,
) -> _Emitted:
    """The candidates file for `rows`, with where each line came from."""
    lines = [
        SCHEMA_LINE,
        f"# 由 gongshi import-roster 从「{source_name}」导入。可以直接修改本文件，"
        "也可以改好 Excel 后重新导入（会整体替换本文件）。",
        f"campaign: {_plain(campaign_id)}",
    ]
    if title:
        lines.append(f"title: {_plain(title)}")
    lines.append(f"order: {_plain(order or 'stroke')}")
    cells: dict[int, tuple[int, str, int]] = {}
    starts: dict[int, int] = {}
    if not rows:
        lines.append("candidates: []")
    else:
        lines.append("candidates:")
    for row in rows:
        first = True
        for key in FIELD_ORDER:
            if key not in row.values:
                continue
            value = row.values[key]
            prefix = "  - " if first else "    "
            lead = f"{prefix}{key}: "
            block = _block(value, "      ") if "\n" in value else None
            if block is not None:
                lines.append(lead + block[0])
                cells[len(lines)] = (row.number, key, len(lead) + 1)
                for extra in block[1:]:
                    lines.append(extra)
                    cells[len(lines)] = (row.number, key, 1)
            else:
                lines.append(lead + _plain(value))
                cells[len(lines)] = (row.number, key, len(lead) + 1)
            if first:
                starts[len(lines)] = row.number
            first = False
    return _Emitted("\n".join(lines) + "\n", cells, starts)
