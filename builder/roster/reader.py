"""Reading a roster workbook, also one people have rearranged: header, cells, and their problems.

Cells become the texts of the candidates file; Excel's guesses (dates, numbers) are
turned back into what was meant, or reported when they cannot be.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from builder.problems import Severity
from builder.roster.columns import _HEADER_BY_KEY, _HEADER_INDEX, PERSONAL_HEADERS, normalise_header
from builder.roster.findings import Finding


@dataclass
class _Row:
    number: int
    values: dict[str, str] = field(default_factory=dict)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"[\s\u3000]+")
_BORN_TEXT = (
    re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:\s*[-./]\s*\d{1,2}\s*日?|\s*\d{1,2}\s*日)?$"),
    re.compile(r"^(\d{4})(\d{2})(?:\d{2})?$"),
)


def _born_from_text(text: str) -> str:
    """`1980.5`, `1980年5月`, `1980/05`, `198005`, `1980-05-12` → 1980-05; else unchanged."""
    for pattern in _BORN_TEXT:
        m = pattern.match(text)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text


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
    if key == "name" and _CJK.search(text):
        # 张  三 / 张　三: spaces pad two-character names to line up in printed lists.
        parts = _SPACES.split(text)
        if all(_CJK.fullmatch(p[0]) and _CJK.fullmatch(p[-1]) for p in parts if p):
            text = "".join(parts)
    elif key == "born":
        text = _born_from_text(text)
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


def read_roster(path: Path, shown: str) -> tuple[list[_Row], dict[str, int], list[Finding]]:
    """Rows of a roster workbook with their texts by field; problems of cells and headers."""
    findings: list[Finding] = []
    try:
        wb = load_workbook(path, data_only=True)
    except FileNotFoundError:
        return [], {}, [Finding(shown, "找不到这个文件")]
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        hint = "请在 Excel/WPS 中“另存为” Excel 工作簿（.xlsx）后再导入"
        if path.suffix.lower() in (".xls", ".et", ".csv", ".ods"):
            hint = f"不支持 {path.suffix} 格式，" + hint
        return [], {}, [Finding(shown, f"无法作为 Excel 工作簿读取（{type(exc).__name__}）：{hint}")]
    sheets = [wb.active, *[s for s in wb.worksheets if s is not wb.active]]
    found = None
    ws = None
    for sheet in sheets:
        if sheet is None or sheet.sheet_state != "visible":
            continue
        found = _find_header(sheet)
        if found is not None:
            ws = sheet
            break
    if found is None or ws is None:
        return [], {}, [Finding(
            shown,
            "没有找到花名册的表头：前 30 行中应有一行写着“姓名”“性别”“工作单位”等列名。"
            "可先用 gongshi export-roster 生成一份花名册作为模板",
        )]
    header_row, headers = found
    columns: dict[str, int] = {}
    for col, value in sorted(headers.items()):
        name = str(value).strip()
        known = _HEADER_INDEX.get(normalise_header(value))
        at = {"row": header_row, "column": col, "header": name}
        if known is None:
            personal = PERSONAL_HEADERS.get(normalise_header(value))
            if personal:
                findings.append(Finding(
                    shown, f"这一列是{personal}，公示名单不能包含个人信息，整列未导入",
                    Severity.WARNING, **at,
                ))
            else:
                findings.append(Finding(
                    shown, f"花名册没有「{name}」这一列，整列未导入", Severity.WARNING, **at
                ))
            continue
        if known.key is None:
            continue
        if known.key in columns:
            first = columns[known.key]
            findings.append(Finding(
                shown,
                f"与 {get_column_letter(first)}列都是「{known.header}」，请删除或改名其中一列",
                **at,
            ))
            continue
        columns[known.key] = col
    for required in ("name", "gender", "unit"):
        if required not in columns:
            findings.append(Finding(
                shown, f"缺少「{_HEADER_BY_KEY[required]}」列（必填）", row=header_row
            ))
    if any(f.is_error for f in findings):
        return [], columns, findings

    rows: list[_Row] = []
    for cells in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
        by_col = {c.column: c for c in cells}
        row = _Row(cells[0].row)
        for key, col in columns.items():
            cell = by_col.get(col)
            if cell is None:
                continue
            text, error = _cell_text(key, cell)
            if error:
                findings.append(Finding(
                    shown, error, row=row.number, column=col, header=_HEADER_BY_KEY[key]
                ))
            if text is not None:
                row.values[key] = text
        if row.values or any(f.row == row.number and f.is_error for f in findings):
            rows.append(row)
    return rows, columns, findings
