"""The 花名册 (roster) workbook: HR staff's Excel view of a candidates file.

`roster_workbook` turns a round into an .xlsx file (the candidates, or a blank template for
applicants when there are none); `import_roster` reads such a workbook back, also one that
people have rearranged, and produces the text of `data/candidates/<id>.yml`, or the problems
that stop it. Import validates through `builder.loader.load` on a scratch copy of the round, so a
roster passes exactly the rules the build applies, and every problem is translated back to the
row and column of the workbook. Nothing is written unless there is no error, and then atomically.

The workbook bytes are deterministic (fixed document properties and zip timestamps): the
blank template is published as a form of every round with quotas, with its SHA-256 on the page,
and an unchanged round must not show a new checksum on every build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from builder.models import GENDERS, STATUSES, Campaign, Candidate, CandidateList
from builder.portal import FormFile
from builder.privacy import FORBIDDEN_KEYS
from builder.problems import Problem, Severity, display_path

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/candidates.schema.json"
TEMPLATE_FILE = "推荐人员花名册（空白模板）.xlsx"
TEMPLATE_TITLE = "推荐人员花名册（空白模板）"
TEMPLATE_NOTE = "由本站根据名额表生成；性别、推荐单位、类别可在表中下拉选择"
SHEET_TITLE = "花名册"
OPTIONS_SHEET = "选项"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
BLANK_ROWS = 20
"""Bordered empty rows in the blank template, so it prints as a form to fill in by hand."""
VALIDATION_SPARE_ROWS = 500
INLINE_LIST_LIMIT = 255
"""Excel refuses a data-validation list written inline in the formula beyond 255 characters."""


@dataclass(frozen=True)
class Column:
    key: str | None
    """Candidate field, or None for 序号 (a running number, not data)."""
    header: str
    width: float
    aliases: tuple[str, ...] = ()


def _title(key: str) -> str:
    title = Candidate.model_fields[key].title
    assert title, f"Candidate.{key} has no title"
    return title


# The order of the 花名册 (序号 … 公示状态), then the rest of the fields, so that a round
# trip keeps everything a candidates file can hold.
COLUMNS: tuple[Column, ...] = (
    Column(None, "序号", 6, ("编号", "no", "no.")),
    Column("name", _title("name"), 10),
    Column("gender", _title("gender"), 6),
    Column("born", _title("born"), 10, ("出生日期", "出生年月日")),
    Column("ethnicity", _title("ethnicity"), 8),
    Column("education", _title("education"), 12, ("学历学位", "最高学历")),
    Column("title", _title("title"), 14, ("专业技术职称", "技术职称", "专业技术职务")),
    Column("position", _title("position"), 14, ("行政职务",)),
    Column("unit", _title("unit"), 28, ("单位", "工作单位全称")),
    Column("recommended_by", _title("recommended_by"), 16, ("推荐部门",)),
    Column("category", _title("category"), 12, ("人选类别", "人才类别")),
    Column("achievements", _title("achievements"), 60, (
        "主要业绩事迹简介", "事迹简介", "主要事迹", "主要业绩简介", "业绩简介",
    )),
    Column("status", "公示状态", 10, (_title("status"),)),
    Column("status_note", _title("status_note"), 20, ("撤销原因",)),
    Column("field", _title("field"), 14, ("从事专业", "研究领域")),
    Column("quota_exempt", _title("quota_exempt"), 18, ("不受指标限制", "不占名额")),
    Column("pinyin", _title("pinyin"), 16, ("姓名拼音",)),
)
FIELD_ORDER = tuple(Candidate.model_fields)
assert {c.key for c in COLUMNS if c.key} == set(FIELD_ORDER), "every field needs a roster column"

# Columns a roster from elsewhere often carries that a 公示 must never show: reported, not read.
PERSONAL_HEADERS = {
    "身份证号": "身份证号", "身份证号码": "身份证号", "公民身份号码": "身份证号", "身份证": "身份证号",
    "手机": "手机号", "手机号": "手机号", "手机号码": "手机号", "电话": "电话", "联系电话": "电话",
    "办公电话": "电话", "电子邮箱": "电子邮箱", "邮箱": "电子邮箱", "电子邮件": "电子邮箱",
    "家庭住址": "住址", "住址": "住址", "通讯地址": "住址", "地址": "住址",
    **FORBIDDEN_KEYS,
}

_HEADER_NOISE = re.compile(r"[\s\u3000*＊：:（）()/／、\\]")


def normalise_header(text: object) -> str:
    """`学历（学位）`, ` 姓  名 `, `*性别` → 学历学位, 姓名, 性别: how people decorate headers."""
    return _HEADER_NOISE.sub("", str(text)).lower() if text is not None else ""


_HEADER_INDEX: dict[str, Column] = {}
for _col in COLUMNS:
    for _name in (_col.header, _col.key or "", *_col.aliases):
        if _name:
            _HEADER_INDEX[normalise_header(_name)] = _col


# ----------------------------------------------------------------------------- export


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
    rows = [*quotas.allocations, *([quotas.default] if quotas.default else [])]
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


def _cell_value(person: Candidate, key: str) -> str | None:
    value = getattr(person, key)
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
    ws.title = SHEET_TITLE
    ncols = len(COLUMNS)
    last_col = get_column_letter(ncols)

    ws.append([_roster_title(campaign, people)])
    ws.append([f"{campaign.title}（{campaign.doc_number}）"])
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

    ws.append([c.header for c in COLUMNS])
    for i, col in enumerate(COLUMNS, start=1):
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
        for i, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=FIRST_ROW + r, column=i)
            if col.key is None:
                cell.value = r + 1 if person is not None else None
                cell.alignment = _CENTER
            else:
                cell.value = _cell_value(person, col.key) if person is not None else None
                # Text format keeps Excel from turning 1980-05 into a date or 001 into 1.
                cell.number_format = "@"
                cell.alignment = _WRAP_TOP
            cell.font = _BODY_FONT
            cell.border = _BORDER

    last_row = FIRST_ROW + rows - 1
    spare_last = last_row + VALIDATION_SPARE_ROWS
    index = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    _list_validation(
        ws, wb, index["gender"], list(GENDERS), spare_last, strict=True,
        title="性别", message="请选择“男”或“女”",
    )
    _list_validation(
        ws, wb, index["status"], list(STATUSES), spare_last, strict=True,
        title="公示状态", message="拟入选、入选、未入选或撤销；不填即为拟入选",
    )
    quotas = campaign.quotas
    if quotas is not None and quotas.allocations:
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
    if categories:
        _list_validation(
            ws, wb, index["category"], categories, spare_last, strict=False,
            title="类别", message="有预留名额的类别：" + "、".join(categories) + "；其他类别可直接填写",
        )
    born = DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle="出生年月",
        prompt="按“年-月”填写，如 1980-05",
    )
    born.add(f"{get_column_letter(index['born'])}{FIRST_ROW}:"
             f"{get_column_letter(index['born'])}{spare_last}")
    ws.add_data_validation(born)

    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

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
    props.subject = f"{campaign.title}（{campaign.doc_number}）"
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


@lru_cache(maxsize=4096)
def _blank_template(campaign_json: str) -> bytes:
    """The blank roster of a campaign, remembered by its data: building a workbook takes tens of
    milliseconds, and `mkdocs serve` reloads every round on each edit of one file."""
    return roster_workbook(Campaign.model_validate_json(campaign_json), None)


def with_blank_roster(
    campaign: Campaign, forms: tuple[FormFile, ...], campaign_file: Path, modified: dt.date
) -> tuple[FormFile, ...]:
    """`forms` plus the generated blank roster, for a round with quotas (called by the loader).

    A file of the same name that HR staff list themselves wins over the generated one. The
    template changes when the campaign file does, so it carries that file's date (`modified`).
    """
    if campaign.quotas is None or any(f.file == TEMPLATE_FILE for f in forms):
        return forms
    from builder.loader import describe_format  # the loader imports this module

    content = _blank_template(campaign.model_dump_json())
    generated = FormFile(
        title=TEMPLATE_TITLE,
        file=TEMPLATE_FILE,
        note=TEMPLATE_NOTE,
        path=campaign_file.parent / campaign.id / TEMPLATE_FILE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        format=describe_format(Path(TEMPLATE_FILE)),
        modified=modified,
        content=content,
    )
    return (*forms, generated)


# ----------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
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


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    def key(f: Finding) -> tuple[Any, ...]:
        return (not f.is_error, f.file, f.line or 0, f.row or 0, f.column or 0, f.message)

    return sorted(findings, key=key)


# ----------------------------------------------------------------------------- scratch load


@dataclass
class _Scratch:
    """A private copy of one round's files, loaded with the real loader."""

    data_dir: Path
    real_dir: Path
    candidates_path: Path

    def real_path(self, shown: str) -> str:
        return shown.replace(display_path(self.data_dir), display_path(self.real_dir))

    def real_text(self, message: str) -> str:
        return self.real_path(message).replace(str(self.data_dir), display_path(self.real_dir))


def _scratch_copy(
    tmp: Path,
    data_dir: Path,
    campaign_id: str,
    candidates_text: str | None,
    campaign_text: str | None = None,
) -> _Scratch:
    scratch = tmp / "data"
    (scratch / "campaigns").mkdir(parents=True)
    (scratch / "candidates").mkdir()
    shutil.copy2(data_dir / "campaigns" / f"{campaign_id}.yml", scratch / "campaigns")
    if campaign_text is not None:
        (scratch / "campaigns" / f"{campaign_id}.yml").write_text(campaign_text, encoding="utf-8")
    folder = data_dir / "campaigns" / campaign_id
    if folder.is_dir():
        shutil.copytree(folder, scratch / "campaigns" / campaign_id)
    if (data_dir / "calendar").is_dir():
        shutil.copytree(data_dir / "calendar", scratch / "calendar")
    target = scratch / "candidates" / f"{campaign_id}.yml"
    if candidates_text is not None:
        target.write_text(candidates_text, encoding="utf-8")
    return _Scratch(scratch, data_dir, target)


def _campaign_path(data_dir: Path, campaign_id: str) -> Path:
    return data_dir / "campaigns" / f"{campaign_id}.yml"


def _missing_campaign(file: str, data_dir: Path, campaign_id: str) -> Finding:
    return Finding(
        file,
        f"评选「{campaign_id}」不存在：没有 {display_path(_campaign_path(data_dir, campaign_id))}。"
        f"请先用 gongshi new-campaign {campaign_id} 创建评选文件，或检查 --campaign 的拼写",
    )


# ----------------------------------------------------------------------------- export (CLI)


@dataclass
class ExportResult:
    content: bytes | None
    findings: list[Finding]
    count: int = 0


def export_roster(data_dir: Path, campaign_id: str) -> ExportResult:
    """The roster of a round as it stands in `data_dir`, or the problems that prevent it."""
    data_dir = Path(data_dir)
    if not _campaign_path(data_dir, campaign_id).is_file():
        return ExportResult(None, [_missing_campaign(display_path(data_dir), data_dir, campaign_id)])
    from builder.loader import load

    source = data_dir / "candidates" / f"{campaign_id}.yml"
    text = source.read_text(encoding="utf-8-sig") if source.is_file() else None
    with tempfile.TemporaryDirectory(prefix="gongshi-roster-") as tmp:
        scratch = _scratch_copy(Path(tmp), data_dir, campaign_id, text)
        loaded = load(scratch.data_dir)
        findings = [
            Finding(scratch.real_path(p.path), scratch.real_text(p.message), p.severity,
                    line=p.line, column=p.column)
            for p in loaded.problems.items
        ]
    if loaded.portal is None:
        return ExportResult(None, _sorted(findings))
    rnd = loaded.portal.round(campaign_id)
    return ExportResult(roster_workbook(rnd.campaign, rnd.candidates), _sorted(findings),
                        len(rnd.people))


# ----------------------------------------------------------------------------- import


@dataclass
class _Row:
    number: int
    values: dict[str, str] = field(default_factory=dict)


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


_HEADER_BY_KEY = {c.key: c.header for c in COLUMNS if c.key}


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


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` by `text` in one step: a reader sees the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "COLUMNS",
    "TEMPLATE_FILE",
    "ExportResult",
    "Finding",
    "ImportResult",
    "export_roster",
    "import_roster",
    "read_roster",
    "roster_workbook",
    "with_blank_roster",
    "write_atomically",
]


# ----------------------------------------------------------------------------- CLI


def _print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        print(finding, file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    output = Path(args.output or f"{args.id}-花名册.xlsx")
    if output.exists() and not args.force:
        print(f"{display_path(output)} 已经存在，未覆盖。要覆盖请加 --force，或用 -o 指定另一个文件名",
              file=sys.stderr)
        return 1
    result = export_roster(Path(args.data), args.id)
    _print_findings(result.findings)
    if result.content is None:
        print("数据有错误，未生成花名册", file=sys.stderr)
        return 1
    write_bytes_atomically(output, result.content)
    if result.count:
        print(f"已导出 {result.count} 人到 {display_path(output)}")
    else:
        print(f"该评选还没有候选人，已生成空白花名册 {display_path(output)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    data_dir = Path(args.data)
    publicity = None
    if args.publicity_start is not None:
        if (args.working_days is None) == (args.publicity_end is None):
            print("--publicity-start 须与 --working-days（公示工作日数）或 --publicity-end（公示结束日期）"
                  "之一同用，且只能用其中一个", file=sys.stderr)
            return 1
        publicity = PublicityChange(args.publicity_start, args.working_days, args.publicity_end)
    elif args.working_days is not None or args.publicity_end is not None:
        print("--working-days / --publicity-end 须与 --publicity-start（公示开始日期）同用", file=sys.stderr)
        return 1
    result = import_roster(Path(args.file), args.campaign, data_dir, publicity)
    _print_findings(result.findings)
    target = data_dir / "candidates" / f"{args.campaign}.yml"
    if result.text is None:
        print(f"发现 {len(result.errors)} 个错误，未写入任何文件；请在 Excel 中改正后重新导入",
              file=sys.stderr)
        return 1
    if args.check:
        print(f"检查通过：{result.count} 人，没有错误（--check：未写入文件）")
        return 0
    write_atomically(target, result.text)
    print(f"已导入 {result.count} 人，写入 {display_path(target)}")
    if result.campaign_text is not None:
        campaign = _campaign_path(data_dir, args.campaign)
        write_atomically(campaign, result.campaign_text)
        print(f"已在 {display_path(campaign)} 中写入社会公示：自 {args.publicity_start} 起")
    print("下一步：运行 make serve 预览，确认无误后提交")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-roster", help="把一轮评选的候选人导出为 Excel 花名册（没有候选人时为空白模板）")
    p.add_argument("id", help="评选编号")
    p.add_argument("-o", "--output", help="输出文件（默认 <编号>-花名册.xlsx）")
    p.add_argument("--data", default="data", help="数据目录（默认 data）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import-roster", help="从 Excel 花名册导入候选人名单（逐行检查，无错误才写入）")
    p.add_argument("file", help="花名册文件（.xlsx）")
    p.add_argument("--campaign", required=True, help="评选编号")
    p.add_argument("--data", default="data", help="数据目录（默认 data）")
    p.add_argument("--check", action="store_true", help="只检查，不写入文件")
    p.add_argument("--publicity-start", type=_date_arg, metavar="YYYY-MM-DD",
                   help="同时在评选文件中写入社会公示的开始日期（评选文件还没有 publicity 时）")
    p.add_argument("--working-days", type=int, metavar="天数", help="公示期的工作日数，如 5")
    p.add_argument("--publicity-end", type=_date_arg, metavar="YYYY-MM-DD",
                   help="公示结束日期（与 --working-days 二选一）")
    p.set_defaults(func=cmd_import)


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"「{text}」不是日期，格式应为 YYYY-MM-DD，如 2026-11-16") from exc
