"""Reading a roster workbook, also one people have rearranged: header, cells, and their problems.

Cells become the texts of the candidates file; Excel's guesses (dates, numbers) are
turned back into what was meant, or reported when they cannot be. What is not imported is said:
hidden rows and hidden sheets are skipped with a warning naming them, a formula is imported as
the value Excel last computed, with a warning.

The unit a roster comes from is the line `推荐单位：东湖区` (or 推荐单位（盖章）：…, 报送单位：…)
above the header, when it names one; the 推荐单位 column then may be left empty (it is filled in)
and must not name another unit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from builder.text import normalise
from builder.text.formscan import workbook_too_large
from builder.text.problems import Severity
from builder.tools.roster.columns import (
    _HEADER_BY_KEY,
    _HEADER_INDEX,
    PERSONAL_HEADERS,
    normalise_header,
)
from builder.tools.roster.findings import RosterProblem


class _At(TypedDict):
    """Where a finding about one cell is (RosterProblem's keyword arguments)."""

    row: int
    column: int
    header: str


@dataclass
class _Row:
    number: int
    values: dict[str, str] = field(default_factory=dict)
    file: str = ""
    """The workbook, as shown in messages."""


@dataclass
class Roster:
    """One workbook read: its rows, where each field's column is, and the unit it says it is from."""

    rows: list[_Row]
    columns: dict[str, int]
    findings: list[RosterProblem]
    shown: str
    unit: str | None = None
    """The unit named above the header (推荐单位：…), or None."""
    unit_at: tuple[int, int] | None = None
    """(row, column) of that cell."""


def _born_from_text(text: str) -> str:
    return normalise.born(text)


def _born_from_number(value: float, number_format: str) -> tuple[str | None, str | None]:
    """A 出生年月 Excel stored as a number: 1980.05 → 1980-05. (value, error)."""
    if float(value).is_integer():
        return _born_from_text(str(int(value))), None
    decimals = re.search(r"\.(0+)", number_format or "")
    text = f"{value:.{len(decimals.group(1))}f}" if decimals else f"{value:.10g}"
    year, _, month = text.partition(".")
    if len(month) == 1 and month == "1" and not decimals:
        return None, (
            f"出生年月「{text}」有歧义：Excel 把 {year}.1 和 {year}.10 存成同一个数字。"
            f"请把这一列设为“文本”格式，写成 {year}-01 或 {year}-10"
        )
    return _born_from_text(f"{year}.{month}"), None


def _cell_text(key: str, cell: Any) -> tuple[str | None, str | None]:
    """The text a cell stands for in the candidates file, or an error message."""
    value = cell.value
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"单元格是逻辑值（{'TRUE' if value else 'FALSE'}），此列应填写文字"
    if isinstance(value, dt.datetime | dt.date):
        if key == "born":
            return f"{value.year:04d}-{value.month:02d}", None
        shown = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        return None, (
            f"Excel 把这个单元格识别成了日期（{shown}），此列应为文字："
            "请把单元格格式设为“文本”后重新输入"
        )
    if isinstance(value, dt.time | dt.timedelta):
        return None, "Excel 把这个单元格识别成了时间，此列应为文字：请把单元格格式设为“文本”后重新输入"
    if isinstance(value, int | float):
        if key == "born":
            return _born_from_number(float(value), cell.number_format)
        text = str(int(value)) if float(value).is_integer() else f"{value:.15g}"
        return text, None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if key == "achievements":
        return (text if text.strip() else None), None
    text = text.strip()
    if not text:
        return None, None
    # The same rule as a YAML candidates file (builder.text.normalise): 于 全 is 于全 either way.
    if key == "name":
        text = normalise.name(text)
    elif key == "born":
        text = normalise.born(text)
    return text, None


def _find_header(ws: Worksheet) -> tuple[int, dict[int, Any]] | None:
    """(row number, {column: header value}) of the first row that looks like a roster header."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)), start=1):
        cells = {c.column: c.value for c in row if c.value is not None and str(c.value).strip()}
        known = [_HEADER_INDEX.get(normalise_header(v)) for v in cells.values()]
        keys = {c.key for c in known if c is not None}
        if "name" in keys and len(keys) >= 3:
            return r, cells
    return None


_UNIT_LINE = re.compile(
    r"(?:推荐单位|推荐部门|报送单位|填报单位)\s*(?:[（(]\s*盖章\s*[)）])?\s*[:：][\s\u3000]*"
    r"(?!(?:填表|填报|报送)?日期|联系人)(?P<unit>[^\s\u3000:：][^:：]*?)[\s\u3000]*(?:(?:填表|填报|报送)?日期|联系人|$)"
)


def _sheet_unit(ws: Worksheet, header_row: int) -> tuple[str | None, tuple[int, int] | None]:
    """The unit named above the header (推荐单位：东湖区), or None when none is filled in."""
    for row in ws.iter_rows(min_row=1, max_row=header_row - 1):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            m = _UNIT_LINE.search(cell.value)
            if m:
                return m.group("unit").strip(), (cell.row, cell.column)
    return None, None


def _has_content(ws: Worksheet) -> bool:
    return any(c.value is not None and str(c.value).strip() for r in ws.iter_rows() for c in r)


def _formula_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) → formula of every formula cell; the values come from the cached load."""
    try:
        ws = load_workbook(path, data_only=False)[sheet]
    except Exception:  # the cached load succeeded; a second failure means no formulas to tell
        return {}
    # Positions counted here: openpyxl types a cell's own row/column as possibly None.
    return {
        (r, col): str(c.value)
        for r, row in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1)
        for col, c in enumerate(row, start=1) if c.data_type == "f"
    }


def read_roster(path: Path, shown: str) -> Roster:
    """Rows of a roster workbook with their texts by field; problems of cells and headers."""
    findings: list[RosterProblem] = []
    try:
        too_large = workbook_too_large(path.read_bytes())
    except OSError:
        too_large = None  # reported just below, as openpyxl fails to open it
    if too_large is not None:
        return Roster([], {}, [RosterProblem(shown, too_large)], shown)
    try:
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        return Roster([], {}, [RosterProblem(shown, "找不到这个文件")], shown)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        hint = "请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再导入"
        if path.suffix.lower() in (".xls", ".et", ".csv", ".ods"):
            hint = f"不支持 {path.suffix} 格式，" + hint
        return Roster([], {}, [RosterProblem(
            shown, f"无法作为 Excel 工作簿读取（{type(exc).__name__}）：{hint}")], shown)
    from builder.tools.roster.workbook import OPTIONS_SHEET

    sheets = [wb.active, *[s for s in wb.worksheets if s is not wb.active]]
    found = None
    ws = None
    for sheet in sheets:
        if sheet is None:
            continue
        if sheet.sheet_state != "visible":
            # The drop-down lists of our own template live in a hidden sheet on purpose.
            if sheet.title != OPTIONS_SHEET and _has_content(sheet):
                findings.append(RosterProblem(
                    shown, f"工作表「{sheet.title}」是隐藏的，未导入；要导入请在 Excel 中取消隐藏"
                    "，并把人选移到花名册所在的工作表", Severity.WARNING,
                ))
            continue
        header = _find_header(sheet)
        if header is None:
            continue
        if found is None:
            found, ws = header, sheet
        else:
            findings.append(RosterProblem(
                shown, f"工作表「{sheet.title}」也像一份花名册，未导入：每个文件只导入一个工作表"
                f"（已导入「{ws.title if ws else ''}」），请把人选移到同一个工作表，或另存为单独的文件",
                Severity.WARNING,
            ))
    if found is None or ws is None:
        return Roster([], {}, [*findings, RosterProblem(
            shown,
            "没有找到花名册的表头：前 30 行中应有一行写着“姓名”“性别”“工作单位”等列名。"
            "可先用 gongshi export-roster 生成一份花名册作为模板",
        )], shown)
    header_row, headers = found
    unit, unit_at = _sheet_unit(ws, header_row)
    columns: dict[str, int] = {}
    for col, value in sorted(headers.items()):
        name = str(value).strip()
        known = _HEADER_INDEX.get(normalise_header(value))
        at: _At = {"row": header_row, "column": col, "header": name}
        if known is None:
            personal = PERSONAL_HEADERS.get(normalise_header(value))
            if personal:
                findings.append(RosterProblem(
                    shown, f"这一列是{personal}，公示名单不能包含个人信息，整列未导入",
                    Severity.WARNING, **at,
                ))
            else:
                findings.append(RosterProblem(
                    shown, f"花名册没有「{name}」这一列，整列未导入", Severity.WARNING, **at
                ))
            continue
        if known.key is None:
            continue
        if known.key in columns:
            first = columns[known.key]
            findings.append(RosterProblem(
                shown,
                f"与 {get_column_letter(first)}列都是「{known.header}」，请删除或改名其中一列",
                **at,
            ))
            continue
        columns[known.key] = col
    for required in ("name", "unit"):
        if required not in columns:
            findings.append(RosterProblem(
                shown, f"缺少「{_HEADER_BY_KEY[required]}」列（必填）", row=header_row
            ))
    if any(f.is_error for f in findings):
        return Roster([], columns, findings, shown, unit, unit_at)

    formulas = _formula_cells(path, ws.title)
    rows: list[_Row] = []
    for number, cells in enumerate(
        ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row, min_col=1), start=header_row + 1
    ):
        by_col = dict(enumerate(cells, start=1))
        if ws.row_dimensions[number].hidden:
            name_cell = by_col.get(columns["name"])
            if any(by_col.get(col) is not None and by_col[col].value is not None
                   for col in columns.values()):
                name = f"（姓名：{str(name_cell.value).strip()}）" if (
                    name_cell is not None and name_cell.value is not None) else ""
                findings.append(RosterProblem(
                    shown, f"这是隐藏行{name}，未导入；要导入请在 Excel 中取消隐藏这一行",
                    Severity.WARNING, row=number,
                ))
            continue
        row = _Row(number, file=shown)
        for key, col in columns.items():
            cell = by_col.get(col)
            if cell is None:
                continue
            formula = formulas.get((number, col))
            if formula is not None:
                at = {"row": number, "column": col, "header": _HEADER_BY_KEY[key]}
                shown_formula = formula if len(formula) <= 40 else formula[:39] + "…"
                if cell.value is None:
                    findings.append(RosterProblem(
                        shown, f"单元格是公式（{shown_formula}），但文件中没有它的计算结果："
                        "请在 Excel 中打开并保存后再导入，或把公式换成它的值", **at,
                    ))
                    continue
                findings.append(RosterProblem(
                    shown, f"单元格是公式（{shown_formula}），导入的是 Excel 上次保存时算出的值"
                    f"「{cell.value}」；请确认无误", Severity.WARNING, **at,
                ))
            text, error = _cell_text(key, cell)
            if error:
                findings.append(RosterProblem(
                    shown, error, row=row.number, column=col, header=_HEADER_BY_KEY[key]
                ))
            if text is not None:
                row.values[key] = text
        if row.values or any(f.row == row.number and f.is_error for f in findings):
            rows.append(row)
    return Roster(rows, columns, findings, shown, unit, unit_at)
