"""Writing the 花名册 workbook: the candidates of a round, or the blank template for applicants.

The workbook bytes are deterministic (fixed document properties and zip timestamps): the
blank template is published as a form of every round with quotas, with its SHA-256 on the page,
and an unchanged round must not show a new checksum on every build.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from builder.model.contract import (
    BUILTIN_COLUMNS,
    GENDERS,
    STATUSES,
    Allocation,
    Campaign,
    Candidate,
    CandidateList,
    DefaultQuota,
)
from builder.tools.roster.columns import COLUMNS, LIST_KEYS, Column, join_list

SHEET_TITLE = "花名册"
OPTIONS_SHEET = "选项"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
BLANK_ROWS = 20
"""Bordered empty rows in the blank template, so it prints as a form to fill in by hand."""
VALIDATION_SPARE_ROWS = 500
INLINE_LIST_LIMIT = 255
"""Excel refuses a data-validation list written inline in the formula beyond 255 characters."""


def _roster_title(campaign: Campaign, people: CandidateList | None) -> str:
    if people is not None and people.title and people.candidates:
        return people.title
    series = campaign.series_name
    year = "" if series.startswith(str(campaign.year)) else f"{campaign.year}年"
    return f"{year}{series}推荐人员花名册"


def _reserved_categories(campaign: Campaign) -> list[str]:
    quotas = campaign.quotas
    if quotas is None:
        return []
    rows: list[Allocation | DefaultQuota] = [*quotas.allocations, *([quotas.default] if quotas.default else [])]
    seen: dict[str, None] = {}
    for row in rows:
        for name in row.reserved:
            seen.setdefault(name, None)
    return list(seen)


def _document_time(campaign: Campaign) -> dt.datetime:
    """A timestamp taken from the data, so the workbook does not change with the clock."""
    if campaign.published:
        day = campaign.published
    elif campaign.deadlines:
        day = min(d.date for d in campaign.deadlines)
    else:
        day = dt.date(campaign.year, 1, 1)
    return dt.datetime.combine(day, dt.time(0, 0))


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY_FONT = Font(name="宋体", size=11)
_HEADER_FONT = Font(name="宋体", size=11, bold=True)
_TITLE_FONT = Font(name="宋体", size=16, bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="D9D9D9", end_color="D9D9D9")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


_KIND_WIDTHS = {"文本": 18, "编号": 14, "分数": 10, "名次": 8, "日期": 12}


def roster_columns(people: CandidateList | None) -> list[Column]:
    """The workbook's columns: a list's own `columns` first, as its table shows them (序号,
    then each in order, its own columns by their label), then every other field someone in
    the list fills, and 公示状态; without `columns`, every field (the template's columns)."""
    if people is None or not people.columns:
        return list(COLUMNS)
    by_key = {c.key: c for c in COLUMNS}
    out = [by_key[None]]
    for col in people.columns:
        if col.kind is None:
            out.append(by_key[BUILTIN_COLUMNS[col.label]])
        else:
            out.append(Column(f"extra:{col.label}", col.label, _KIND_WIDTHS[col.kind]))
    if not any(c.key == "name" for c in out):
        out.insert(1, by_key["name"])
    shown = {c.key for c in out}
    out += [c for c in COLUMNS if c.key not in shown and c.key is not None and (
        c.key == "status" or any(_cell_value(p, c.key) for p in people.candidates))]
    return out


def _own_cell(cell: object, kind: str, text: str) -> None:
    """A value of a list's own column: a 分数 or 名次 as a number Excel can sort, shown with the
    decimals it was given (80.40 with format 0.00); anything else text."""
    from openpyxl.cell.cell import Cell

    assert isinstance(cell, Cell)
    if kind in ("分数", "名次") and text.strip().lstrip("+-").replace(".", "", 1).isdigit():
        number = text.strip()
        decimals = len(number.partition(".")[2])
        cell.value = float(number) if decimals else int(number)
        cell.number_format = "0." + "0" * decimals if decimals else "0"
    else:
        cell.value = text
        cell.number_format = "@"


def _cell_value(person: Candidate, key: str) -> str | None:
    if key.startswith("extra:"):
        return person.extra.get(key.removeprefix("extra:"))
    value = getattr(person, key)
    if key in LIST_KEYS:
        return join_list(key, value) or None
    if key == "kind" and value == "个人":
        return None  # the default: a roster of individuals needs no 类型 column filled in
    return None if value is None else str(value)


def _list_validation(
    ws: Worksheet,
    wb: Workbook,
    column: int,
    items: list[str],
    last_row: int,
    *,
    strict: bool,
    title: str,
    message: str,
) -> None:
    """A drop-down list on `column`; long lists go to a hidden sheet, as Excel requires."""
    inline = ",".join(items)
    if len(inline) + 2 <= INLINE_LIST_LIMIT and not any(("," in i or '"' in i) for i in items):
        formula = f'"{inline}"'
    else:
        sheet = wb[OPTIONS_SHEET] if OPTIONS_SHEET in wb.sheetnames else None
        if sheet is None:
            sheet = wb.create_sheet(OPTIONS_SHEET)
            sheet.sheet_state = "hidden"
        col = sheet.max_column + 1 if sheet.max_row > 1 or sheet["A1"].value is not None else 1
        for i, item in enumerate(items, start=1):
            sheet.cell(row=i, column=col, value=item)
        letter = get_column_letter(col)
        formula = f"'{OPTIONS_SHEET}'!${letter}$1:${letter}${len(items)}"
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the arrow
        showErrorMessage=True,
        errorStyle="stop" if strict else "warning",
        errorTitle=title,
        error=message,
        showInputMessage=True,
        promptTitle=title,
        prompt=message,
    )
    letter = get_column_letter(column)
    dv.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
    ws.add_data_validation(dv)


def _build_workbook(campaign: Campaign, people: CandidateList | None) -> Workbook:
    persons = people.candidates if people is not None else ()
    blank = not persons
    wb = Workbook()
    ws = wb.active
    # A new workbook's active sheet is always a worksheet (openpyxl types it as possibly none).
    assert isinstance(ws, Worksheet)
    ws.title = SHEET_TITLE
    columns = roster_columns(people)
    kinds = {f"extra:{c.label}": c.kind for c in (people.columns if people else ()) if c.kind}
    ncols = len(columns)
    last_col = get_column_letter(ncols)

    ws.append([_roster_title(campaign, people)])
    ws.append([f"{campaign.title}（{campaign.doc_number}）" if campaign.doc_number else campaign.title])
    if blank:
        note = (
            "填表说明：每位人选填一行；出生年月按“1980-05”格式填写；性别、推荐单位、类别可从下拉列表中选择；"
            "公示状态由受理部门填写。推荐单位（盖章）：　　　　　　　　填表日期：　　年　　月　　日"
        )
    else:
        note = (
            f"共 {len(persons)} 人。本表由 gongshi export-roster 导出；修改后可用 "
            f"gongshi import-roster 导入。"
        )
    ws.append([note])
    for row, font, height in ((1, _TITLE_FONT, 32), (2, _BODY_FONT, 20), (3, _BODY_FONT, 30)):
        ws.merge_cells(f"A{row}:{last_col}{row}")
        ws.cell(row=row, column=1).font = font
        ws.cell(row=row, column=1).alignment = _CENTER if row < 3 else _LEFT
        ws.row_dimensions[row].height = height

    ws.append([c.header for c in columns])
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTER
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.row_dimensions[HEADER_ROW].height = 30

    rows = len(persons) if persons else BLANK_ROWS
    for r in range(rows):
        person = persons[r] if persons else None
        for i, col in enumerate(columns, start=1):
            cell = ws.cell(row=FIRST_ROW + r, column=i)
            if col.key is None:
                cell.value = r + 1 if person is not None else None
                cell.alignment = _CENTER
            elif col.key in kinds:
                text = _cell_value(person, col.key) if person is not None else None
                if text is not None:
                    _own_cell(cell, kinds[col.key] or "文本", text)
                else:
                    cell.number_format = "@"
                cell.alignment = _WRAP_TOP
            else:
                cell.value = _cell_value(person, col.key) if person is not None else None
                # Text format keeps Excel from turning 1980-05 into a date or 001 into 1.
                cell.number_format = "@"
                cell.alignment = _WRAP_TOP
            cell.font = _BODY_FONT
            cell.border = _BORDER

    last_row = FIRST_ROW + rows - 1
    spare_last = last_row + VALIDATION_SPARE_ROWS
    index = {c.key: i for i, c in enumerate(columns, start=1)}
    if "gender" in index:
        _list_validation(
            ws, wb, index["gender"], list(GENDERS), spare_last, strict=True,
            title="性别", message="请选择“男”或“女”",
        )
    _list_validation(
        ws, wb, index["status"], list(STATUSES), spare_last, strict=True,
        title="公示状态", message="拟入选、入选、未入选或撤销；不填即为拟入选",
    )
    quotas = campaign.quotas
    if quotas is not None and quotas.allocations and "recommended_by" in index:
        units = [a.unit for a in quotas.allocations]
        if quotas.default is not None:
            msg = "请从名额表中选择；表中没有的单位可直接填写全称（按其他单位的名额计算）"
        else:
            msg = "请从名额表中选择推荐单位，须与名额表一字不差"
        _list_validation(
            ws, wb, index["recommended_by"], units, spare_last,
            strict=quotas.default is None, title="推荐单位", message=msg,
        )
    categories = _reserved_categories(campaign)
    if categories and "category" in index:
        _list_validation(
            ws, wb, index["category"], categories, spare_last, strict=False,
            title="类别", message="有预留名额的类别：" + "、".join(categories) + "；其他类别可直接填写",
        )
    if "born" in index:
        born = DataValidation(
            allow_blank=True, showInputMessage=True, promptTitle="出生年月",
            prompt="按“年-月”填写，如 1980-05",
        )
        born.add(f"{get_column_letter(index['born'])}{FIRST_ROW}:"
                 f"{get_column_letter(index['born'])}{spare_last}")
        ws.add_data_validation(born)

    # The columns up to the name stay in view.
    ws.freeze_panes = f"{get_column_letter(index['name'] + 1)}{FIRST_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    page_setup, footer = ws.sheet_properties.pageSetUpPr, ws.oddFooter
    assert page_setup is not None and footer is not None  # a new worksheet has both
    page_setup.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    footer.center.text = "第 &P 页，共 &N 页"

    # Every cell holds text from YAML: one starting with "=" must stay text, never become a
    # formula (openpyxl writes such strings as formulas: spreadsheet formula injection).
    for sheet in wb.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                if cell.data_type == "f":
                    cell.data_type = "s"

    _as_text(wb)
    when = _document_time(campaign)
    props = wb.properties
    props.creator = "gongshi"
    props.lastModifiedBy = "gongshi"
    props.title = _roster_title(campaign, people)
    props.subject = f"{campaign.title}（{campaign.doc_number}）" if campaign.doc_number else campaign.title
    props.created = when
    props.modified = when
    wb.active = 0
    return wb


def _as_text(wb: Workbook) -> None:
    """Keep every value text. openpyxl takes any string starting with "=" for a formula, which
    Excel would run (=HYPERLINK(…) becomes a link) instead of showing what was typed."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _deterministic_bytes(wb: Workbook) -> bytes:
    """Save `wb` with no trace of the clock: openpyxl stamps the zip entries with 'now'."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def roster_workbook(campaign: Campaign, people: CandidateList | None = None) -> bytes:
    """The 花名册 of a round as .xlsx bytes; a blank template when there are no candidates."""
    return _deterministic_bytes(_build_workbook(campaign, people))
