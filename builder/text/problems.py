"""Problems found in the data: errors stop a build, warnings are worth a look."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path

from builder.text.privacy import masker


def display_path(path: Path | str) -> str:
    """Paths in messages are relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located in a source file (1-based line and column)."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        tag = "" if self.severity is Severity.ERROR else "警告："
        return f"{self.path}:{self.line}:{self.column}: {tag}{self.message}"


def _masked(problem: Problem, keep: frozenset[str]) -> Problem:
    """`problem` with every identity-card number, mobile, e-mail and home address in its path
    and message masked (`keep`: a campaign's own office contacts, which may be shown whole).

    One place for every message: whatever a rule quotes (a value, a key, a file name), no
    message prints personal data whole into a terminal, a CI log or a JSON report.
    """
    mask = masker(keep)
    path, message = mask(problem.path), mask(problem.message)
    if path == problem.path and message == problem.message:
        return problem
    return Problem(path, problem.line, problem.column, message, problem.severity)


@dataclass
class Problems:
    """An ordered, de-duplicated collection of problems from one run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if problem not in self.items:
            self.items.append(problem)

    def error(
        self, path: str, line: int, column: int, message: str, *, keep: frozenset[str] = frozenset()
    ) -> None:
        self.add(_masked(Problem(path, line, column, message, Severity.ERROR), keep))

    def warning(
        self, path: str, line: int, column: int, message: str, *, keep: frozenset[str] = frozenset()
    ) -> None:
        self.add(_masked(Problem(path, line, column, message, Severity.WARNING), keep))

    def extend(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.add(p)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity is Severity.WARNING)

    def __bool__(self) -> bool:
        return bool(self.items)

    def to_json(self) -> str:
        return json.dumps(
            {
                "errors": [asdict(p) for p in self.errors],
                "warnings": [asdict(p) for p in self.warnings],
            },
            ensure_ascii=False,
            indent=2,
        )

    def to_text(self) -> str:
        """Errors first, then warnings, one `path:line:column: message` a line."""
        return "\n".join(str(p) for p in [*self.errors, *self.warnings])

    def summary(self) -> str:
        if not self.items:
            return "数据检查通过，没有发现问题"
        return f"共 {len(self.errors)} 个错误，{len(self.warnings)} 个警告"
