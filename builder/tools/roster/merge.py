"""Merging unit rosters into a candidates file: each unit's roster replaces that unit's people.

The bureau receives one 推荐人员花名册 per recommending unit. Importing them one after another
must not leave only the last unit, so an import is scoped by unit (`recommended_by`, or the unit
named above the sheet's header): people of the units in the rosters are added or updated, people
of every other unit are not touched, and a person of an imported unit who is missing from its
roster is kept and reported unless removal is asked for.

The candidates file is edited as text, key by key, never re-dumped: HR staff's comments, quoting
and layout survive, and an unchanged person keeps their lines byte for byte. Every line of the
result knows where it came from (a line of the old file or a workbook cell), so the loader's
problems with the merged file can be told at the right place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import yaml

from builder.model.contract import Candidate
from builder.text import normalise
from builder.tools.roster.columns import _HEADER_BY_KEY, FIELD_ORDER, LIST_KEYS, join_list
from builder.tools.roster.findings import RosterProblem
from builder.tools.roster.reader import Roster, _Row
from builder.tools.roster.yaml_out import (
    column_item,
    decode_extra,
    encode_extra,
    extra_line,
    field_lines,
)

Origin = tuple[str, int] | tuple[str, str, int, str, int]
"""("orig", 0-based line of the old file) | ("cell" or "first", workbook, row, field, value column);
"first" marks the first line of a person the import added; ("header", workbook, header row,
label, column) a line of `columns` the import added for a column of the workbook."""

_DEFAULTS = {
    k: str(f.default) for k, f in Candidate.model_fields.items()
    if isinstance(f.default, str)
}
"""Values the model assumes when a key is absent (状态 拟入选): writing them is no change."""


@dataclass
class PersonChange:
    kind: Literal["added", "changed", "unchanged", "kept", "removed"]
    name: str
    unit: str | None
    file: str
    """The workbook (for kept/removed people: the workbook of their unit)."""
    row: int | None = None
    fields: tuple[str, ...] = ()
    """Headers of the fields that changed."""


@dataclass
class _Key:
    first: int
    last: int
    comment: str
    """An end-of-line comment after a one-line value, kept when the value changes."""


@dataclass
class _Item:
    values: dict[str, str]
    first: int
    last: int
    key_col: int
    keys: dict[str, _Key]

    @property
    def unit(self) -> str | None:
        return self.values.get("recommended_by") or None

    @property
    def name(self) -> str:
        return self.values.get("name", "")


@dataclass
class _Existing:
    lines: list[str]
    items: list[_Item]
    list_line: int | None
    """The line of `candidates:`; None when the file has no such key."""
    dash_col: int = 2
    key_col: int = 4


class MergeRefused(Exception):
    """The candidates file cannot be edited safely (its problem is told with its line)."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _scalar_text(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _comparable(key: str, node: yaml.Node) -> str:
    """A value of the file as the roster's cell for it would read: 于 全 is 于全 and
    1990年9月 is 1990-09 (builder.text.normalise, as the model reads them), and a list of texts is
    its cell (甲大学；乙研究院), so an unchanged person is not rewritten."""
    scalar = _scalar_text(node)
    if scalar is not None:
        if key == "name":
            return normalise.name(scalar)
        if key == "born":
            return normalise.born(scalar)
        return scalar
    if key == "extra" and isinstance(node, yaml.MappingNode):
        pairs = [(_scalar_text(k), _scalar_text(v)) for k, v in node.value]
        if all(k is not None and v is not None for k, v in pairs):
            return encode_extra({str(k): str(v).strip() for k, v in pairs})
    if key in LIST_KEYS and isinstance(node, yaml.SequenceNode):
        items = [_scalar_text(x) for x in node.value]
        if all(x is not None for x in items):
            return join_list(key, tuple(x for x in items if x is not None))
    return "\0complex"


def parse_existing(text: str) -> _Existing:
    lines = text.split("\n")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MergeRefused((mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1,
                           "YAML 语法错误，无法按单位合并") from exc
    if root is None:
        return _Existing(lines, [], None)
    if not isinstance(root, yaml.MappingNode):
        raise MergeRefused(1, 1, "文件不是“键: 值”的结构，无法按单位合并")
    seq = None
    list_line = None
    for key, value in root.value:
        if _scalar_text(key) == "candidates":
            seq, list_line = value, key.start_mark.line
    if seq is None or (isinstance(seq, yaml.ScalarNode) and seq.value in ("", "~", "null")):
        return _Existing(lines, [], list_line)
    if not isinstance(seq, yaml.SequenceNode) or (seq.flow_style and seq.value):
        raise MergeRefused(seq.start_mark.line + 1, seq.start_mark.column + 1,
                           "candidates（候选人）应写成每人一项、以“- name:”开头的列表，才能按单位合并")
    existing = _Existing(lines, [], list_line)
    for node in seq.value:
        if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
            raise MergeRefused(node.start_mark.line + 1, node.start_mark.column + 1,
                               "这一项不是“键: 值”写法的候选人，无法按单位合并")
        keys: dict[str, _Key] = {}
        values: dict[str, str] = {}
        key_col = node.value[0][0].start_mark.column
        for k, v in node.value:
            name = _scalar_text(k) or ""
            first = k.start_mark.line
            end = v.end_mark
            last = end.line if end.column > 0 else end.line - 1
            while last > first and (
                not lines[last].strip()
                or (lines[last].lstrip().startswith("#")
                    and len(lines[last]) - len(lines[last].lstrip()) <= key_col)
            ):
                last -= 1
            comment = ""
            if first == last and isinstance(v, yaml.ScalarNode) and v.style not in ("|", ">"):
                rest = lines[last][end.column:]
                if rest.strip().startswith("#"):
                    comment = rest
            keys[name] = _Key(first, last, comment)
            values[name] = _comparable(name, v)
        first = node.start_mark.line
        if not lines[first].lstrip().startswith("-"):
            while first > 0 and lines[first].strip() != "-":
                first -= 1
        item = _Item(values, first, max(k.last for k in keys.values()), key_col, keys)
        existing.items.append(item)
    if existing.items:
        head = existing.lines[existing.items[0].first]
        existing.dash_col = len(head) - len(head.lstrip())
        existing.key_col = existing.items[0].key_col
    return existing


@dataclass
class MergeResult:
    lines: list[tuple[str, Origin]]
    changes: list[PersonChange]
    findings: list[RosterProblem] = field(default_factory=list)

    def extra_label(self, line: int, column: int) -> str | None:
        """The label of the `extra` entry at 0-based `line`, 1-based `column` of a line the import
        wrote (`extra: {准考证号: "…", 总成绩: "…"}`), so a problem there is told at its cell."""
        text, origin = self.lines[line]
        if not (len(origin) == 5 and origin[0] == "cell" and origin[3] == "extra"):
            return None
        lead, _, mapping = text.partition("extra: ")
        values = yaml.safe_load(mapping)
        if not isinstance(values, dict):
            return None
        # The line as yaml_out.extra_line wrote it: written again, it tells where each entry is.
        spans = extra_line({str(k): str(v) for k, v in values.items()}, lead + "extra: ")[1]
        found = [label for start, label in spans if start <= column]
        return found[-1] if found else None

    @property
    def text(self) -> str:
        return "\n".join(t for t, _ in self.lines)


def _unit_of(row: _Row) -> str | None:
    return row.values.get("recommended_by") or None


def _same_person(a: dict[str, str], b: dict[str, str]) -> bool:
    """Same name, and the same 出生年月 when both have one, else the same 工作单位."""
    if a.get("name") != b.get("name"):
        return False
    if a.get("born") and b.get("born"):
        return a["born"] == b["born"]
    return a.get("unit") == b.get("unit")


def _where(row: _Row) -> str:
    return f"{row.file} 第{row.number}行"


def check_units(rosters: list[Roster], existing: _Existing | None, shown_yaml: str) -> list[RosterProblem]:
    """Fill in each row's unit from its sheet, and the conflicts between rosters (errors)."""
    findings: list[RosterProblem] = []
    owner: dict[str | None, tuple[Roster, _Row]] = {}
    refused: set[int] = set()
    for roster in rosters:
        by_col = roster.columns.get("recommended_by")
        for row in roster.rows:
            given = _unit_of(row)
            if roster.unit is not None:
                if given is None:
                    row.values["recommended_by"] = roster.unit
                elif given != roster.unit:
                    r = roster.unit_at[0] if roster.unit_at else "?"
                    findings.append(RosterProblem(
                        roster.shown,
                        f"推荐单位填的是「{given}」，但这份花名册是「{roster.unit}」的"
                        f"（第{r}行写着推荐单位：{roster.unit}）：一个单位的花名册只能列本单位推荐的人选。"
                        f"请改正，或把此人放到「{given}」的花名册中",
                        row=row.number, column=by_col, header=_HEADER_BY_KEY["recommended_by"],
                    ))
                    refused.add(id(row))
                    continue
            unit = _unit_of(row)
            first = owner.get(unit)
            if first is None:
                owner[unit] = (roster, row)
            elif first[0] is not roster:
                label = f"推荐单位「{unit}」" if unit else "没有填推荐单位"
                findings.append(RosterProblem(
                    roster.shown,
                    f"{label}的人选也在 {_where(first[1])}：同一单位的人选须在同一份花名册中，"
                    "一次导入里每个单位只能有一份花名册。请把它们合成一份，或分两次导入",
                    row=row.number, column=by_col if unit else None,
                    header=_HEADER_BY_KEY["recommended_by"] if unit and by_col else None,
                ))
    rows = [(r, row) for r in rosters for row in r.rows if id(row) not in refused]
    imported = {_unit_of(row) for _, row in rows}
    seen: list[tuple[str, dict[str, str], str | None]] = []
    if existing is not None:
        for item in existing.items:
            if item.unit not in imported:
                line = item.keys["name"].first if "name" in item.keys else item.first
                seen.append((f"{shown_yaml}:{line + 1}", item.values, item.unit))
    for roster, row in rows:
        unit = _unit_of(row)
        for where, values, other in seen:
            if other != unit and _same_person(values, row.values):
                findings.append(RosterProblem(
                    roster.shown,
                    f"「{row.values.get('name')}」同时由「{unit or '（未填推荐单位）'}」和"
                    f"「{other or '（未填推荐单位）'}」推荐（另见 {where}）：同一人只能由一个单位推荐，"
                    "请与两个单位核实后删去其中一处",
                    row=row.number, column=roster.columns.get("name"), header=_HEADER_BY_KEY["name"],
                ))
                break
        seen.append((_where(row), row.values, unit))
    return findings


def _new_item(row: _Row, dash_col: int, key_col: int) -> list[tuple[str, Origin]]:
    out: list[tuple[str, Origin]] = []
    first = True
    for key in FIELD_ORDER:
        if key not in row.values:
            continue
        prefix = (" " * dash_col + "-").ljust(key_col) if first else " " * key_col
        for n, (text, col) in enumerate(field_lines(key, row.values[key], prefix, key_col)):
            kind = "first" if first and n == 0 else "cell"
            out.append((text, (kind, row.file, row.number, key, col)))
        first = False
    return out


def _edited_item(
    item: _Item, lines: list[str], new: dict[str, str], row: _Row
) -> list[tuple[str, Origin]]:
    """The item's lines with the changed keys rewritten, comments and untouched keys as they were."""
    order = sorted(item.keys, key=lambda k: item.keys[k].first)
    inserts: dict[str, list[str]] = defaultdict(list)
    for key in FIELD_ORDER:
        if key in new and key not in item.keys:
            before = [k for k in FIELD_ORDER[: FIELD_ORDER.index(key)] if k in item.keys]
            anchor = max(before, key=lambda k: item.keys[k].first) if before else order[0]
            inserts[anchor].append(key)
    out: list[tuple[str, Origin]] = []
    j = item.first
    for key in order:
        span = item.keys[key]
        out += [(lines[i], ("orig", i)) for i in range(j, span.first)]
        if key not in new:
            pass  # cleared in the roster
        elif new[key] == item.values.get(key):
            out += [(lines[i], ("orig", i)) for i in range(span.first, span.last + 1)]
        else:
            prefix = lines[span.first][: item.key_col]
            emitted = field_lines(key, new[key], prefix, item.key_col)
            for n, (text, col) in enumerate(emitted):
                if n == len(emitted) - 1 and span.comment and len(emitted) == 1:
                    text += span.comment
                out.append((text, ("cell", row.file, row.number, key, col)))
        for extra in inserts.get(key, []):
            for text, col in field_lines(extra, new[extra], " " * item.key_col, item.key_col):
                out.append((text, ("cell", row.file, row.number, extra, col)))
        j = span.last + 1
    out += [(lines[i], ("orig", i)) for i in range(j, item.last + 1)]
    return out


def _merged_values(
    item: _Item, row: _Row, columns: set[str], own: list[str], order: list[str]
) -> tuple[dict[str, str], list[str]]:
    """The person's fields after the import, and the fields that changed (`extra:<label>` for a
    column of the list's own). `own`: the list's own columns this roster has; `order`: all of
    the list's own columns, in the order `extra` lists them."""
    new = dict(item.values)
    changed: list[str] = []
    if own:
        old_text = item.values.get("extra")
        before = decode_extra(old_text) if old_text and old_text != "\0complex" else {}
        extra = dict(before)
        for label in own:
            cell = row.extra.get(label)
            if cell is None:
                if extra.pop(label, None) is not None:
                    changed.append(f"extra:{label}")
            elif before.get(label) != cell:
                extra[label] = cell
                changed.append(f"extra:{label}")
        if any(c.startswith("extra:") for c in changed):
            if extra:
                new["extra"] = encode_extra(_in_order(extra, order))
            else:
                new.pop("extra", None)
    for key in FIELD_ORDER:
        if key not in columns:
            continue  # the roster has no such column: it says nothing about this field
        old = item.values.get(key)
        value = row.values.get(key)
        if value is None:
            if old is not None:  # an empty cell clears the field
                new.pop(key, None)
                changed.append(key)
        elif old is None and _DEFAULTS.get(key) == value:
            continue
        elif value != old:
            new[key] = value
            changed.append(key)
    return new, changed


def _in_order(values: dict[str, str], order: list[str]) -> dict[str, str]:
    """`values` in the list's column order (labels it does not know yet last)."""
    rank = {label: i for i, label in enumerate(order)}
    return dict(sorted(values.items(), key=lambda kv: rank.get(kv[0], len(rank))))


def _codes(values: dict[str, str], code_labels: list[str]) -> tuple[str, ...]:
    extra = decode_extra(values["extra"]) if values.get("extra", "\0complex") != "\0complex" else {}
    return tuple(extra.get(label, "") for label in code_labels)


def header_of(key: str) -> str:
    """What a changed field is called in the summary: its roster header, or the column's label."""
    return key.removeprefix("extra:") if key.startswith("extra:") else _HEADER_BY_KEY[key]


def merge(
    existing: _Existing,
    rosters: list[Roster],
    *,
    remove_missing: bool,
    order: list[str] | None = None,
    code_labels: list[str] | None = None,
) -> MergeResult:
    """The candidates file with every roster merged into it by unit.

    `order`: the list's own columns (declared and new) in their order; `code_labels` those of
    kind 编号: two people of one name in a list without units (a recruitment list) are told
    apart by them."""
    order = order or []
    code_labels = code_labels or []
    lines = existing.lines
    own_of = {r.shown: [o.label for o in r.own] for r in rosters}
    for roster in rosters:
        for row in roster.rows:
            if row.extra:
                row.values["extra"] = encode_extra(_in_order(row.extra, order))
    columns_of = {r.shown: {*r.columns, *(["recommended_by"] if r.unit else [])} for r in rosters}
    file_of_unit: dict[str | None, str] = {}
    rows_of_unit: dict[str | None, list[_Row]] = defaultdict(list)
    for roster in rosters:
        for row in roster.rows:
            unit = _unit_of(row)
            file_of_unit.setdefault(unit, roster.shown)
            rows_of_unit[unit].append(row)
    by_name: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, item in enumerate(existing.items):
        by_name[(item.unit, item.name)].append(i)

    matched: dict[int, _Row] = {}
    added: list[_Row] = []
    changes: list[PersonChange] = []
    for unit, rows in rows_of_unit.items():
        for row in rows:
            candidates = by_name.get((unit, row.values.get("name", "")))
            if candidates and len(candidates) > 1 and code_labels:
                mine = _codes(row.values, code_labels)
                same = [i for i in candidates if _codes(existing.items[i].values, code_labels) == mine]
                if same:
                    candidates.remove(same[0])
                    matched[same[0]] = row
                    continue
            if candidates:
                matched[candidates.pop(0)] = row
            else:
                added.append(row)

    # New people go after the last person of their unit, or at the end of the list.
    anchor_of_unit: dict[str | None, int] = {}
    for i, item in enumerate(existing.items):
        anchor_of_unit[item.unit] = i
    after: dict[int, list[_Row]] = defaultdict(list)
    for row in added:
        after[anchor_of_unit.get(_unit_of(row), len(existing.items) - 1)].append(row)

    out: list[tuple[str, Origin]] = []

    def add(rows: list[_Row]) -> None:
        for new_row in rows:
            out.extend(_new_item(new_row, existing.dash_col, existing.key_col))
            changes.append(PersonChange("added", new_row.values.get("name", ""), _unit_of(new_row),
                                  new_row.file, new_row.number))

    item_at = {item.first: i for i, item in enumerate(existing.items)}
    i = 0
    while i < len(lines):
        if existing.list_line == i and not existing.items:
            # `candidates: []` (or no value) becomes a block list of the new people.
            out.append((lines[i].split(":", 1)[0] + ":", ("orig", i)))
            add(added)
            i += 1
            continue
        index = item_at.get(i)
        if index is None:
            out.append((lines[i], ("orig", i)))
            i += 1
            continue
        item = existing.items[index]
        match = matched.get(index)
        if match is not None:
            new, changed = _merged_values(item, match, columns_of[match.file], own_of[match.file], order)
            if changed:
                out += _edited_item(item, lines, new, match)
                headers = tuple(header_of(k) for k in changed)
                changes.append(PersonChange("changed", item.name, item.unit, match.file, match.number,
                                      headers))
            else:
                out += [(lines[n], ("orig", n)) for n in range(item.first, item.last + 1)]
                changes.append(PersonChange("unchanged", item.name, item.unit, match.file, match.number))
        elif item.unit in rows_of_unit and remove_missing:
            changes.append(PersonChange("removed", item.name, item.unit, file_of_unit[item.unit]))
        else:
            out += [(lines[n], ("orig", n)) for n in range(item.first, item.last + 1)]
            if item.unit in rows_of_unit:
                changes.append(PersonChange("kept", item.name, item.unit, file_of_unit[item.unit]))
        add(after.get(index, []))
        i = item.last + 1
    if existing.list_line is None and added:
        while out and not out[-1][0].strip():
            out.pop()
        out.append(("candidates:", ("orig", len(lines) - 1)))
        add(added)
        out.append(("", ("orig", len(lines) - 1)))
    return MergeResult(out, changes)


ColumnLine = tuple[str, str | None, Origin]
"""(label, kind or None for a built-in, origin) of an item the import adds to `columns`."""


def add_columns(result: MergeResult, items: list[ColumnLine]) -> None:
    """Add `items` to the candidates file's `columns`: after its last item, or as a new block
    before `candidates:` when it has none. A `columns` written as a flow list `[a, b]` is
    rewritten as a block list (one column a line), its items as they were written."""
    if not items:
        return
    lines = result.lines
    root = yaml.compose(result.text)
    key = value = people = None
    for k, v in root.value if isinstance(root, yaml.MappingNode) else ():
        if _scalar_text(k) == "columns":
            key, value = k, v
        elif _scalar_text(k) == "candidates":
            people = k
    added = [(f"  - {column_item(label, kind)}", origin) for label, kind, origin in items]
    if key is None or value is None:
        at = people.start_mark.line if people is not None else len(lines)
        lines[at:at] = [("columns:", items[0][2]), *added]
        return
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        first = lines[value.value[0].start_mark.line][0]
        indent = first[: len(first) - len(first.lstrip())]
        last = value.value[-1].end_mark
        end = last.line if last.column > 0 else last.line - 1
        lines[end + 1:end + 1] = [(indent + text.lstrip(), origin) for text, origin in added]
        return
    text = result.text
    kept: list[tuple[str, Origin]] = []
    if isinstance(value, yaml.SequenceNode):
        kept = [(f"  - {text[item.start_mark.index:item.end_mark.index]}", ("orig", item.start_mark.line))
                for item in value.value]
    end = value.end_mark.line if value.end_mark.column > 0 else value.end_mark.line - 1
    first_line = key.start_mark.line
    lines[first_line:max(end, first_line) + 1] = [("columns:", lines[first_line][1]), *kept, *added]
