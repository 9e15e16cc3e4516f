"""Importing a roster: the candidates file text, validated like the build, or the problems.

Import validates through `builder.loader.load` on a scratch copy of the round, so a roster passes
exactly the rules the build applies, and every problem is translated back to the row and column
of the workbook. Nothing is written here; the caller writes only when there is no error.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.problems import Problem, display_path
from builder.roster.columns import _HEADER_BY_KEY
from builder.roster.findings import Finding, _sorted
from builder.roster.reader import read_roster
from builder.roster.scratch import _campaign_path, _missing_campaign, _scratch_copy
from builder.roster.yaml_out import _Emitted, candidates_yaml


@dataclass
class ImportResult:
    text: str | None
    """The candidates file to write; None when any error was found."""
    findings: list[Finding]
    count: int = 0
    campaign_text: str | None = None
    """The campaign file with the publicity added, when one was asked for and it is new."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]


def _existing_header(path: Path) -> tuple[str | None, str | None]:
    """`title` and `order` of the candidates file being replaced: the roster does not carry them."""
    if not path.is_file():
        return None, None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None, None
    if not isinstance(data, dict):
        return None, None
    title = data.get("title") if isinstance(data.get("title"), str) else None
    order = data.get("order") if isinstance(data.get("order"), str) else None
    return title, order


_YAML_POSITION = re.compile(r"（第\d+行第\d+列）|（第\d+行）")


def _locate(
    problem: Problem, emitted: _Emitted, shown: str, columns: dict[str, int]
) -> Finding:
    # A position inside the scratch YAML means nothing to someone looking at the workbook.
    problem = Problem(problem.path, problem.line, problem.column,
                      _YAML_POSITION.sub("", problem.message), problem.severity)
    line = problem.line
    if line in emitted.starts and problem.column <= 5:
        return Finding(shown, problem.message, problem.severity, row=emitted.starts[line])
    if line in emitted.cells:
        row, key, _ = emitted.cells[line]
        return Finding(shown, problem.message, problem.severity, row=row,
                       column=columns.get(key), header=_HEADER_BY_KEY[key])
    return Finding(shown, problem.message, problem.severity)


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
) -> tuple[str | None, Finding | None]:
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
        return None, Finding(
            display_path(campaign_path),
            f"评选文件中已经有 publicity（社会公示，开始日期 {shown}），未改动。"
            "要更改公示日期，请直接修改评选文件中的 publicity；导入名单时不要再加 --publicity-start",
        )
    return text.rstrip("\n") + "\n" + change.block(), None


def import_roster(
    xlsx: Path, campaign_id: str, data_dir: Path, publicity: PublicityChange | None = None
) -> ImportResult:
    """Read a roster workbook for `campaign_id`; the candidates file text when it is all valid.

    With `publicity`, the campaign also gets that 社会公示 period (validated together).
    """
    xlsx, data_dir = Path(xlsx), Path(data_dir)
    shown = display_path(xlsx)
    campaign_path = _campaign_path(data_dir, campaign_id)
    if not campaign_path.is_file():
        return ImportResult(None, [_missing_campaign(shown, data_dir, campaign_id)])
    campaign_text: str | None = None
    if publicity is not None:
        campaign_text, refused = _with_publicity(campaign_path, publicity)
        if refused is not None:
            return ImportResult(None, [refused])
    rows, columns, findings = read_roster(xlsx, shown)
    if any(f.is_error for f in findings) and not rows:
        return ImportResult(None, _sorted(findings))
    if not rows:
        # Most likely the blank template by mistake: importing it would empty the list.
        findings.append(Finding(shown, "表头下面没有任何人选，未导入：请先在花名册中每人填写一行"))
        return ImportResult(None, _sorted(findings))
    target = data_dir / "candidates" / f"{campaign_id}.yml"
    title, order = _existing_header(target)
    emitted = candidates_yaml(campaign_id, rows, title=title, order=order, source_name=xlsx.name)

    from builder.loader import load

    original_lines = campaign_path.read_text(encoding="utf-8-sig").count("\n")
    with tempfile.TemporaryDirectory(prefix="gongshi-roster-") as tmp:
        scratch = _scratch_copy(Path(tmp), data_dir, campaign_id, emitted.text, campaign_text)
        loaded = load(scratch.data_dir)
        ours = display_path(scratch.candidates_path)
        added = display_path(scratch.data_dir / "campaigns" / f"{campaign_id}.yml")
        for problem in loaded.problems.items:
            message = scratch.real_text(problem.message)
            problem = Problem(problem.path, problem.line, problem.column, message, problem.severity)
            if problem.path == ours:
                findings.append(_locate(problem, emitted, shown, columns))
            elif problem.path == added and campaign_text is not None and (
                problem.line > original_lines
            ):
                # The lines do not exist yet: they are what the command line asked to add.
                findings.append(Finding("公示日期（--publicity-start 等参数）", message,
                                        problem.severity))
            else:
                findings.append(Finding(scratch.real_path(problem.path), message,
                                        problem.severity, line=problem.line,
                                        column=problem.column))
    findings = _sorted(findings)
    if any(f.is_error for f in findings):
        return ImportResult(None, findings, len(rows))
    return ImportResult(emitted.text, findings, len(rows), campaign_text)
