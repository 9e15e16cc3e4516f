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
    extra: dict[str, str] = field(default_factory=dict)
    """Values of the list's own columns (准考证号 …), by label, in the workbook's order."""


@dataclass
class OwnColumn:
    """A column of the workbook that is no built-in field: one of the list's own (准考证号)."""

    label: str
    column: int
    kind: str
    """文本, 编号, 分数, 名次 or 日期: the list's declaration, or inferred from the cells."""
    new: bool
    """Not declared by the list yet: the import adds it to `columns`."""


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
    own: list[OwnColumn] = field(default_factory=list)
    """The list's own columns in the workbook, in its order."""
    header_row: int = 0
    order: list[str] = field(default_factory=list)
    """Every imported column in the workbook's order: a field key, or `extra:<label>`."""


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
    """(row number, {column: header value}) of the first row that looks like a roster header:
    姓名 and two more known columns; else (a list of mostly its own columns: 准考证号, 笔试成绩)
    姓名 and two more headers. A title above it (often merged across the sheet) is skipped:
    a row with one text in it is never a header."""
    rows: list[tuple[int, dict[int, Any]]] = []
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)), start=1):
        cells = {c.column: c.value for c in row if c.value is not None and str(c.value).strip()}
        rows.append((r, cells))
        known = [_HEADER_INDEX.get(normalise_header(v)) for v in cells.values()]
        keys = {c.key for c in known if c is not None}
        if "name" in keys and len(keys) >= 3:
            return r, cells
    for r, cells in rows:
        names = [v for v in cells.values() if _HEADER_INDEX.get(normalise_header(v)) is _NAME_COLUMN]
        if names and len(cells) >= 3:
            return r, cells
    return None


_NAME_COLUMN = _HEADER_INDEX[normalise_header("姓名")]


def _two_row_header(ws: Worksheet, row: int, cells: dict[int, Any]) -> tuple[dict[int, Any], int]:
    """(headers, first data row): a header of two rows, where a cell merged across several columns
    (成绩) heads the cells under it (笔试, 面试, 总成绩), gives each of those columns its own name
    (笔试成绩, 面试成绩, 总成绩); the data then starts a row later."""
    spans = [m for m in ws.merged_cells.ranges
             if m.min_row == row == m.max_row and m.max_col > m.min_col and m.min_col in cells]
    if not spans:
        return cells, row + 1
    below = {c.column: c.value for c in ws[row + 1] if c.value is not None and str(c.value).strip()}
    out = dict(cells)
    for span in spans:
        parent = _label(cells[span.min_col])
        for col in range(span.min_col, span.max_col + 1):
            if col not in below:
                continue
            sub = _label(below[col])
            if parent in sub:
                out[col] = sub
            elif parent.endswith(("成绩", "分数")):
                out[col] = sub + parent[-2:]
            else:
                out[col] = parent + sub
    return out, row + 2
# Headers whose integers are ranks (排名, 名次), identifiers (准考证号, 岗位代码) or scores.
_RANK_HEADER = re.compile(r"排名|名次|排序")
_CODE_HEADER = re.compile(r"号|代码|编码|代号")
_SCORE_HEADER = re.compile(r"成绩|分数|得分|总分|折合")
_DIGITS = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")


def _decimals(number_format: str | None) -> int | None:
    """Decimals a number format shows (0.00 → 2, 0 → 0), None for General (as typed)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt == "General" or ("0" not in fmt and "#" not in fmt):
        return None
    m = re.search(r"\.([0#]+)", fmt)
    return len(m.group(1)) if m else 0


def _zero_width(number_format: str | None) -> int:
    """The width of a zero-padded integer format (000000 → 6): an identifier Excel stores as a
    number but shows with its leading zeros."""
    fmt = (number_format or "").split(";")[0]
    return len(fmt) if re.fullmatch(r"0{2,}", fmt) else 0


def _label(value: object) -> str:
    """A header as the list's column label: spaces and line breaks inside Chinese words go
    (准 考 证 号, 笔试\\n成绩 → 准考证号, 笔试成绩), anything else stays as written."""
    text = str(value).strip()
    if re.fullmatch(r"[\s\u3000\u4e00-\u9fff（）()]+", text):
        return re.sub(r"[\s\u3000]+", "", text)
    return text


def infer_kind(header: str, cells: list[Any]) -> str:
    """The kind of a list's own column from its cells (openpyxl cells of the data rows):
    digits stored as text are a 编号; decimals a 分数; integers under 排名 or 名次 a 名次 (under
    准考证号, 岗位代码 a 编号, under 成绩 a 分数); dates a 日期; anything else 文本."""
    values = [c for c in cells if c.value is not None and str(c.value).strip()]
    if not values:
        return "文本"
    kinds = set()
    for c in values:
        v = c.value
        if isinstance(v, bool):
            kinds.add("other")
        elif isinstance(v, dt.datetime | dt.date):
            kinds.add("date")
        elif isinstance(v, int | float):
            decimals = _decimals(c.number_format)
            if not float(v).is_integer() or (decimals or 0) > 0:
                kinds.add("decimal")
            elif _zero_width(c.number_format):
                kinds.add("digits")
            else:
                kinds.add("integer")
        else:
            text = str(v).strip()
            if _DIGITS.match(text):
                kinds.add("digits")
            elif _DECIMAL.match(text):
                kinds.add("decimal")
            else:
                kinds.add("other")
    if kinds == {"date"}:
        return "日期"
    if "other" in kinds or "date" in kinds:
        return "文本"
    if _RANK_HEADER.search(header) and kinds <= {"integer", "digits"}:
        return "名次"
    if "decimal" in kinds:
        return "分数" if kinds <= {"decimal", "integer"} or _SCORE_HEADER.search(header) else "文本"
    if "digits" in kinds or _CODE_HEADER.search(header):
        return "编号"
    return "分数" if _SCORE_HEADER.search(header) else "文本"


def _own_text(kind: str, cell: Any) -> tuple[str | None, str | None]:
    """The text of a list's own column (准考证号 …) as the candidates file keeps it, or an error:
    a 编号 keeps its leading zeros, a 分数 the decimals its cell shows (80.40)."""
    value = cell.value
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"单元格是逻辑值（{'TRUE' if value else 'FALSE'}），此列应填写{'文字' if kind == '文本' else kind}"
    if isinstance(value, dt.datetime | dt.date):
        if kind == "日期":
            day = value.date() if isinstance(value, dt.datetime) else value
            fmt = (cell.number_format or "").lower()
            return (f"{day.year:04d}-{day.month:02d}" if "d" not in fmt else day.isoformat()), None
        shown = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
        return None, (
            f"Excel 把这个单元格识别成了日期（{shown}），此列是{kind}：请把单元格格式设为“文本”后重新输入"
        )
    if isinstance(value, dt.time | dt.timedelta):
        return None, f"Excel 把这个单元格识别成了时间，此列是{kind}：请把单元格格式设为“文本”后重新输入"
    if isinstance(value, int | float):
        integer = float(value).is_integer()
        if kind == "编号":
            if not integer:
                return None, f"编号「{value}」带小数：请把这一列设为“文本”格式，照原样填写"
            width = _zero_width(cell.number_format)
            return str(int(value)).zfill(width), None
        if kind == "分数":
            decimals = _decimals(cell.number_format)
            if decimals is None:
                return (str(int(value)) if integer else f"{value:.15g}"), None
            return f"{value:.{decimals}f}", None
        return (str(int(value)) if integer else f"{value:.15g}"), None
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return (text or None), None


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


def read_roster(path: Path, shown: str, declared: dict[str, str] | None = None) -> Roster:
    """Rows of a roster workbook with their texts by field; problems of cells and headers.

    `declared`: the list's own columns it already has (label → kind). A header that is one of
    them, or no built-in field, is a column of the list's own; the kind of a new one comes from
    its cells (`infer_kind`)."""
    declared = declared or {}
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
    headers, first_data = _two_row_header(ws, header_row, headers)
    columns: dict[str, int] = {}
    own: list[OwnColumn] = []
    order: list[str] = []
    seen_own: dict[str, int] = {}
    data_rows = [list(r) for r in ws.iter_rows(min_row=first_data, max_row=ws.max_row, min_col=1)]
    for col, value in sorted(headers.items()):
        name = _label(value)
        known = _HEADER_INDEX.get(normalise_header(value)) if name not in declared else None
        at: _At = {"row": header_row, "column": col, "header": name}
        if known is None:
            personal = PERSONAL_HEADERS.get(normalise_header(value))
            if personal:
                findings.append(RosterProblem(
                    shown, f"这一列是{personal}，公示名单不能包含个人信息，整列未导入",
                    Severity.WARNING, **at,
                ))
                continue
            if name in seen_own:
                findings.append(RosterProblem(
                    shown, f"与 {get_column_letter(seen_own[name])}列都是「{name}」，请删除或改名其中一列", **at,
                ))
                continue
            column_cells = [r[col - 1] for r in data_rows
                            if len(r) >= col and not ws.row_dimensions[r[0].row or 0].hidden]
            if name not in declared and not any(
                    c.value is not None and str(c.value).strip() for c in column_cells):
                findings.append(RosterProblem(
                    shown, f"「{name}」这一列没有填写任何内容，未导入", Severity.WARNING, **at))
                continue
            seen_own[name] = col
            own.append(OwnColumn(name, col, declared.get(name) or infer_kind(name, column_cells),
                                 name not in declared))
            order.append(f"extra:{name}")
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
        order.append(known.key)
    if "name" not in columns:
        findings.append(RosterProblem(shown, f"缺少「{_HEADER_BY_KEY['name']}」列（必填）", row=header_row))
    if any(f.is_error for f in findings):
        return Roster([], columns, findings, shown, unit, unit_at, own, header_row, order)

    formulas = _formula_cells(path, ws.title)
    rows: list[_Row] = []
    cells_at: list[tuple[str, int, str | None]] = [
        *((key, col, None) for key, col in columns.items()), *((o.label, o.column, o.kind) for o in own)]
    for number, row_cells in enumerate(data_rows, start=first_data):
        by_col = dict(enumerate(row_cells, start=1))
        if ws.row_dimensions[number].hidden:
            name_cell = by_col.get(columns["name"])
            if any(by_col.get(col) is not None and by_col[col].value is not None
                   for _, col, _ in cells_at):
                name = f"（姓名：{str(name_cell.value).strip()}）" if (
                    name_cell is not None and name_cell.value is not None) else ""
                findings.append(RosterProblem(
                    shown, f"这是隐藏行{name}，未导入；要导入请在 Excel 中取消隐藏这一行",
                    Severity.WARNING, row=number,
                ))
            continue
        row = _Row(number, file=shown)
        for key, col, kind in cells_at:
            cell = by_col.get(col)
            if cell is None:
                continue
            shown_header = _HEADER_BY_KEY[key] if kind is None else key
            formula = formulas.get((number, col))
            if formula is not None:
                at = {"row": number, "column": col, "header": shown_header}
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
            text, error = _cell_text(key, cell) if kind is None else _own_text(kind, cell)
            if error:
                findings.append(RosterProblem(
                    shown, error, row=row.number, column=col, header=shown_header
                ))
            if text is not None:
                if kind is None:
                    row.values[key] = text
                else:
                    row.extra[key] = text
        if row.values or row.extra or any(f.row == row.number and f.is_error for f in findings):
            rows.append(row)
    return Roster(rows, columns, findings, shown, unit, unit_at, own, header_row, order)
