"""Importing rosters: the merged candidates file text, validated like the build, or the problems.

Each workbook is one unit's roster (or several units'); they are merged by unit into the
candidates file (`builder.tools.roster.merge`). Import validates through `builder.load.loader.load` on a
scratch copy of the round, so the result passes exactly the rules the build applies, and every
problem is translated back to the workbook cell or the line of the candidates file it is about.
Nothing is written here; the caller writes only when there is no error.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from builder.model.contract import BUILTIN_COLUMNS
from builder.text.problems import Problem, display_path
from builder.tools.roster.columns import _HEADER_BY_KEY
from builder.tools.roster.findings import RosterProblem, _sorted
from builder.tools.roster.merge import (
    ColumnLine,
    MergeRefused,
    MergeResult,
    PersonChange,
    add_columns,
    check_units,
    merge,
    parse_existing,
)
from builder.tools.roster.reader import Roster, read_roster
from builder.tools.roster.scratch import _campaign_path, _missing_campaign, _scratch_copy
from builder.tools.roster.yaml_out import new_file


@dataclass
class ImportResult:
    text: str | None
    """The candidates file to write; None when any error was found."""
    findings: list[RosterProblem]
    count: int = 0
    campaign_text: str | None = None
    """The campaign file with the publicity added, when one was asked for and it is new."""
    changes: list[PersonChange] = field(default_factory=list)
    """What the import does, person by person (also when it is refused, as far as known)."""
    rosters: list[Roster] = field(default_factory=list)
    new_columns: list[tuple[str, str]] = field(default_factory=list)
    """(label, kind) of the list's own columns the import adds to `columns`, in workbook order."""
    created_columns: list[str] = field(default_factory=list)
    """Every label of the `columns` the import wrote, when the list had none (else empty)."""

    @property
    def errors(self) -> list[RosterProblem]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[RosterProblem]:
        return [f for f in self.findings if not f.is_error]


COMMAND_LINE = "公示日期（--publicity-start 等参数）"
"""Where a problem of what was typed on the command line is told (it has no file yet)."""

_YAML_POSITION = re.compile(r"（第\d+行第\d+列）|（第\d+行）")


def _locate(
    problem: Problem, merged: MergeResult, rosters: dict[str, Roster], candidates_shown: str
) -> RosterProblem:
    """Where a problem of the merged file is: a workbook cell, a row, or a line of the old file."""
    origin = merged.lines[problem.line - 1][1] if 0 < problem.line <= len(merged.lines) else None
    if origin is None:
        return RosterProblem(candidates_shown, problem.message, problem.severity)
    if len(origin) == 2:  # ("orig", line): the length tells the two kinds of Origin apart
        return RosterProblem(candidates_shown, problem.message, problem.severity,
                       line=origin[1] + 1, column=problem.column)
    # A position inside the scratch YAML means nothing to someone looking at the workbook.
    message = _YAML_POSITION.sub("", problem.message)
    kind, file, row, key, col = origin
    if kind == "header":  # a line of `columns` the import added: the header cell it came from
        return RosterProblem(file, message, problem.severity, row=row, column=col, header=key)
    if kind == "first" and problem.column < col - len(key) - 2:
        return RosterProblem(file, message, problem.severity, row=row)
    if key == "extra":
        label = merged.extra_label(problem.line - 1, problem.column)
        own = {o.label: o.column for o in rosters[file].own}
        if label is None:
            return RosterProblem(file, message, problem.severity, row=row)
        return RosterProblem(file, message, problem.severity, row=row, column=own.get(label), header=label)
    return RosterProblem(file, message, problem.severity, row=row,
                   column=rosters[file].columns.get(key), header=_HEADER_BY_KEY[key])


@dataclass(frozen=True)
class PublicityChange:
    """The 社会公示 period given on the command line, so publishing needs no YAML typing."""

    start: dt.date
    working_days: int | None = None
    end: dt.date | None = None

    def block(self) -> str:
        lines = [
            "",
            "# 社会公示：由 gongshi import-roster 写入。异议受理方式（objections）可在下面补充，见操作手册。",
            "publicity:",
            f"  start: {self.start.isoformat()}",
        ]
        if self.working_days is not None:
            lines.append(f"  working_days: {self.working_days}")
        if self.end is not None:
            lines.append(f"  end: {self.end.isoformat()}")
        return "\n".join(lines) + "\n"

    def same_as(self, existing: object) -> bool:
        if not isinstance(existing, dict):
            return False
        wanted = {"start": self.start, "working_days": self.working_days, "end": self.end}
        return all(existing.get(k) == v for k, v in wanted.items())


def _with_publicity(
    campaign_path: Path, change: PublicityChange
) -> tuple[str | None, RosterProblem | None]:
    """(new campaign text or None when unchanged, error)."""
    text = campaign_path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None  # the scratch load reports the syntax error with its position
    existing = data.get("publicity") if isinstance(data, dict) else None
    if existing is not None:
        if change.same_as(existing):
            return None, None
        shown = existing.get("start") if isinstance(existing, dict) else existing
        return None, RosterProblem(
            display_path(campaign_path),
            f"评选文件中已经有 publicity（社会公示，开始日期 {shown}），未改动。"
            "要更改公示日期，请直接修改评选文件中的 publicity；导入名单时不要再加 --publicity-start",
        )
    return text.rstrip("\n") + "\n" + change.block(), None


def import_roster(
    xlsx: Path | Sequence[Path],
    campaign_id: str,
    data_dir: Path,
    publicity: PublicityChange | None = None,
    *,
    remove_missing: bool = False,
) -> ImportResult:
    """Merge roster workbooks into `campaign_id`'s candidates; the new file text when all is valid.

    With `publicity`, the campaign also gets that 社会公示 period (validated together). People of
    an imported unit who are not in its roster are kept, unless `remove_missing`.
    """
    paths = [Path(xlsx)] if isinstance(xlsx, str | Path) else [Path(p) for p in xlsx]
    data_dir = Path(data_dir)
    campaign_path = _campaign_path(data_dir, campaign_id)
    if not campaign_path.is_file():
        return ImportResult(None, [_missing_campaign(display_path(paths[0]), data_dir, campaign_id)])
    campaign_text: str | None = None
    if publicity is not None:
        campaign_text, refused = _with_publicity(campaign_path, publicity)
        if refused is not None:
            return ImportResult(None, [refused])
    target = data_dir / "candidates" / f"{campaign_id}.yml"
    base = target.read_text(encoding="utf-8-sig") if target.is_file() else None
    declared = _declared_columns(base)
    own_declared = {label: kind for label, kind in declared if kind is not None}
    findings: list[RosterProblem] = []
    rosters: list[Roster] = []
    for path in paths:
        roster = read_roster(path, display_path(path), own_declared)
        findings += roster.findings
        if not roster.rows and not any(f.is_error for f in roster.findings):
            # Most likely the blank template by mistake: there is nothing to import from it.
            findings.append(RosterProblem(roster.shown, "表头下面没有任何人选，未导入：请先在花名册中每人填写一行"))
        rosters.append(roster)
    count = sum(len(r.rows) for r in rosters)
    if any(f.is_error for f in findings):
        return ImportResult(None, _sorted(findings), count, rosters=rosters)
    items, new_columns, created = _column_lines(rosters, declared)
    labels = [label for label, _ in declared] + [label for label, _, _ in items]
    needs_unit = not labels or "工作单位" in labels
    for roster in rosters:
        if needs_unit and "unit" not in roster.columns:
            findings.append(RosterProblem(roster.shown, f"缺少「{_HEADER_BY_KEY['unit']}」列（必填）",
                                    row=roster.header_row))
    if any(f.is_error for f in findings):
        return ImportResult(None, _sorted(findings), count, rosters=rosters)
    kinds = {**own_declared, **dict(new_columns)}

    target_shown = display_path(target)
    if base is None:
        # A roster's 分组 column names the list's sections: the new file lists them.
        sections = [row.values["section"] for r in rosters for row in r.rows if row.values.get("section")]
        # The bureau's own whole list (no 推荐单位 anywhere) is published in its own order.
        whole = all("recommended_by" not in r.columns and r.unit is None for r in rosters)
        base = new_file(campaign_id, title=None, order="listed" if whole else None,
                        sources=[p.name for p in paths], sections=list(dict.fromkeys(sections)))
    try:
        existing = parse_existing(base)
    except MergeRefused as refused:
        findings.append(RosterProblem(
            target_shown, f"{refused.message}：请先改正这个文件（gongshi validate 会指出问题），再导入花名册",
            line=refused.line, column=refused.column,
        ))
        return ImportResult(None, _sorted(findings), count, rosters=rosters)
    findings += check_units(rosters, existing, target_shown)
    if any(f.is_error for f in findings):
        return ImportResult(None, _sorted(findings), count, rosters=rosters)
    merged = merge(existing, rosters, remove_missing=remove_missing, order=list(kinds),
                   code_labels=[label for label, kind in kinds.items() if kind == "编号"])
    add_columns(merged, items)

    from builder.load.loader import load

    by_file = {r.shown: r for r in rosters}
    original_lines = campaign_path.read_text(encoding="utf-8-sig").count("\n")
    with tempfile.TemporaryDirectory(prefix="gongshi-roster-") as tmp:
        scratch = _scratch_copy(Path(tmp), data_dir, campaign_id, merged.text, campaign_text)
        loaded = load(scratch.data_dir)
        ours = display_path(scratch.candidates_path)
        added = display_path(scratch.data_dir / "campaigns" / f"{campaign_id}.yml")
        for problem in loaded.problems.items:
            message = scratch.real_text(problem.message)
            problem = Problem(problem.path, problem.line, problem.column, message, problem.severity)
            if problem.path == ours:
                findings.append(_locate(problem, merged, by_file, target_shown))
            elif problem.path == added and campaign_text is not None and (
                problem.line > original_lines
            ):
                # The lines do not exist yet: they are what the command line asked to add.
                findings.append(RosterProblem(COMMAND_LINE, message, problem.severity))
            else:
                findings.append(RosterProblem(scratch.real_path(problem.path), message,
                                        problem.severity, line=problem.line,
                                        column=problem.column))
    findings = _sorted(findings)
    if any(f.is_error for f in findings):
        return ImportResult(None, findings, count, changes=merged.changes, rosters=rosters,
                            new_columns=new_columns, created_columns=created)
    return ImportResult(merged.text, findings, count, campaign_text, merged.changes, rosters,
                        new_columns, created)


_TABLE_LABELS = {key: label for label, key in BUILTIN_COLUMNS.items()}
"""Built-in fields that can be a column of the table, by their label there (members_count → 人数)."""


def _declared_columns(text: str | None) -> list[tuple[str, str | None]]:
    """(label, kind or None) of the `columns` a candidates file already declares."""
    try:
        data = yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return []  # the merge reports the syntax error with its position
    columns = data.get("columns") if isinstance(data, dict) else None
    out: list[tuple[str, str | None]] = []
    for item in columns if isinstance(columns, list) else ():
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, dict) and isinstance(item.get("label"), str):
            kind = item.get("kind")
            out.append((item["label"], kind if isinstance(kind, str) else None))
    return out


def _column_lines(
    rosters: list[Roster], declared: list[tuple[str, str | None]]
) -> tuple[list[ColumnLine], list[tuple[str, str]], list[str]]:
    """What the import adds to `columns`: (items with the header cell each comes from, the new
    own columns, and every label when `columns` is written for the first time).

    A list with `columns` gets the workbook's new own columns at the end, in its order. A list
    without them gets `columns` only when the workbook has columns of its own (准考证号): then
    every column of the workbook that can be one of the table, in the workbook's order, so the
    table shows what the workbook shows."""
    new: dict[str, ColumnLine] = {}
    for roster in rosters:
        for o in roster.own:
            if o.new and o.label not in new:
                new[o.label] = (o.label, o.kind, ("header", roster.shown, roster.header_row, o.label, o.column))
    new_columns = [(label, str(kind)) for label, kind, _ in new.values()]
    if declared or not new:
        return list(new.values()), new_columns, []
    items: dict[str, ColumnLine] = {}
    for roster in rosters:
        own = {f"extra:{o.label}": o for o in roster.own}
        for key in roster.order:
            if key in own:
                o = own[key]
                items.setdefault(o.label, new.get(o.label) or (o.label, o.kind, (
                    "header", roster.shown, roster.header_row, o.label, o.column)))
            elif key in _TABLE_LABELS:
                label = _TABLE_LABELS[key]
                items.setdefault(label, (label, None, (
                    "header", roster.shown, roster.header_row, label, roster.columns[key])))
    return list(items.values()), new_columns, list(items)
