"""A problem of an import or export, told by workbook row and column or by YAML line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from builder.text.problems import Severity


@dataclass(frozen=True)
class RosterProblem:
    """One problem of an import or export, located in the workbook when it comes from a cell."""

    file: str
    message: str
    severity: Severity = Severity.ERROR
    row: int | None = None
    column: int | None = None
    header: str | None = None
    line: int | None = None
    """For problems in a YAML file (the campaign): `path:line:column` as everywhere else."""

    def __str__(self) -> str:
        tag = "" if self.severity is Severity.ERROR else "警告："
        if self.line is not None:
            return f"{self.file}:{self.line}:{self.column}: {tag}{self.message}"
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行"
            if self.column is not None:
                where += f" {get_column_letter(self.column)}列"
                if self.header:
                    where += f"（{self.header}）"
        return f"{where}: {tag}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def _sorted(findings: Iterable[RosterProblem]) -> list[RosterProblem]:
    def key(f: RosterProblem) -> tuple[Any, ...]:
        return (not f.is_error, f.file, f.line or 0, f.row or 0, f.column or 0, f.message)

    return sorted(findings, key=key)
