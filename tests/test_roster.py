"""The 花名册 workbook: export → import round trips, Excel's habits, row-located errors, safety."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import DATA, REPO
from openpyxl import Workbook, load_workbook

from builder.cli import main
from builder.load.loader import load
from builder.model.contract import Campaign, CandidateList
from builder.text.problems import display_path
from builder.tools.roster import (
    COLUMNS,
    export_roster,
    import_roster,
    roster_workbook,
    with_blank_rosters,
)

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
FIXTURE_ID = "2026-roster-fixture"
DEMO_ID = "2026-shili-jishu-daitouren"
ISSUE_HEADERS = [
    "序号", "姓名", "性别", "出生年月", "民族", "学历", "职称", "职务", "工作单位", "推荐单位", "类别",
    "主要业绩", "公示状态",
]
HEADER_ROW = 4


def _round(data_dir: Path, round_id: str):
    """The round as published: with the generated blank roster among its forms."""
    loaded = load(data_dir)
    assert loaded.portal is not None, loaded.problems.to_text()
    return with_blank_rosters(loaded.portal).round(round_id)


def _copy(tmp_path: Path, src: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(src, dst)
    return dst


def _export(tmp_path: Path, data_dir: Path, round_id: str, name: str = "roster.xlsx") -> Path:
    out = tmp_path / name
    assert main(["export-roster", round_id, "-o", str(out), "--data", str(data_dir)]) == 0
    return out


def _column(header: str) -> int:
    return next(i for i, c in enumerate(COLUMNS, start=1) if c.header == header)


def _validations(ws) -> dict[str, object]:
    """First cell of each data validation's range → the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split()[0].split(":")[0]
        out[first] = dv
    return out


# ------------------------------------------------------------------------------ round trip


@pytest.mark.parametrize(
    ("src", "round_id"),
    [(FIXTURE, FIXTURE_ID), (DATA, DEMO_ID), (DATA, "2026-shili-jineng-dashi"),
     (DATA, "2026-shili-kejijiang")],
    # collectives (leader, members) and individuals; sections, foreign names, honours, units
    ids=["fixture", "demo-2026", "collectives", "sections"],
)
def test_export_then_import_gives_back_the_same_data(tmp_path: Path, src: Path, round_id: str) -> None:
    data_dir = _copy(tmp_path, src)
    before = _round(data_dir, round_id).candidates
    assert before is not None and before.candidates, "the round needs candidates to round-trip"
    xlsx = _export(tmp_path, data_dir, round_id)
    written = data_dir / "candidates" / f"{round_id}.yml"
    original = written.read_bytes()

    assert main(["import-roster", str(xlsx), "--campaign", round_id, "--data", str(data_dir)]) == 0

    after = _round(data_dir, round_id).candidates
    assert after == before  # every field of every person, the title and the order
    # Nothing changed, so the merge leaves every byte (comments, quoting) as HR staff wrote it.
    assert written.read_bytes() == original

    # Into a round without a candidates file, the same roster makes a new one.
    written.unlink()
    assert main(["import-roster", str(xlsx), "--campaign", round_id, "--data", str(data_dir)]) == 0
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/candidates.schema.json\n")
    fresh = CandidateList.model_validate(yaml.safe_load(text))
    if before.order == "listed":
        # A new file is filled unit by unit (the merge is by unit): the same entries, and the
        # sections come from the 分组 column.
        assert sorted(map(repr, fresh.candidates)) == sorted(map(repr, before.candidates))
        assert [s.title for s in fresh.sections] == [s.title for s in before.sections]
    else:
        assert fresh.candidates == before.candidates


def test_round_trip_keeps_texts_yaml_and_excel_would_change(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    ws = load_workbook(xlsx)["花名册"]
    # Excel keeps these as typed only because the cells are text, not General.
    unit_of_lisi = ws.cell(row=HEADER_ROW + 4, column=_column("工作单位"))
    assert (unit_of_lisi.value, unit_of_lisi.number_format) == ("0391", "@")
    assert ws.cell(row=HEADER_ROW + 1, column=_column("出生年月")).value == "1979-03"

    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.errors == [], [str(f) for f in result.findings]
    people = yaml.safe_load(result.text)["candidates"]
    assert people[1]["field"] == "2020"
    assert people[2]["title"] == "yes" and people[2]["position"] == "true"
    assert people[3]["unit"] == "0391"
    assert people[0]["achievements"].endswith("时间缩短近一半。\n")
    assert people[2]["achievements"].endswith("最后一行没有换行")
    assert "achievements: |\n" in result.text  # block scalars, as people write them


def test_values_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    people = data_dir / "candidates" / f"{FIXTURE_ID}.yml"
    text = people.read_text(encoding="utf-8")
    text = text.replace("unit: 测试市第二中学", 'unit: "=1+1"')
    text = text.replace("achievements: 一句话的事迹，没有换行。",
                        "achievements: '=HYPERLINK(\"http://example.invalid\",\"点我\")'")
    people.write_text(text, encoding="utf-8")
    before = _round(data_dir, FIXTURE_ID).candidates
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    cells = [c for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # Excel would run them
    assert "=1+1" in {c.value for c in cells}
    assert main(["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir)]) == 0
    assert _round(data_dir, FIXTURE_ID).candidates == before


def test_blank_roster_imports_nothing_and_leaves_the_list_alone(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    target = data_dir / "candidates" / f"{FIXTURE_ID}.yml"
    before = target.read_bytes()
    rnd = _round(data_dir, FIXTURE_ID)
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(roster_workbook(rnd.campaign, None))
    code = main(["import-roster", str(blank), "--campaign", FIXTURE_ID, "--data", str(data_dir)])
    assert code == 1
    assert target.read_bytes() == before


# ------------------------------------------------------------------------------ workbook


def test_export_workbook_layout_validations_and_print_setup(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    rnd = _round(data_dir, FIXTURE_ID)
    wb = load_workbook(_export(tmp_path, data_dir, FIXTURE_ID))
    ws = wb.active
    assert ws.title == "花名册"
    assert ws["A1"].value == "2026年测试市拔尖人才拟推荐人选名单"
    assert ws["A2"].value == "关于开展2026年测试市拔尖人才推荐工作的通知（测人社〔2026〕7号）"
    headers = [c.value for c in ws[HEADER_ROW]]
    assert headers[: len(ISSUE_HEADERS)] == ISSUE_HEADERS
    assert headers == [c.header for c in COLUMNS]
    first = [c.value for c in ws[HEADER_ROW + 1]]
    assert first[:4] == [1, "单天放", "男", "1979-03"]
    assert ws.max_row == HEADER_ROW + len(rnd.people)

    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    assert ws.print_title_rows == "$4:$4"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.column_dimensions["L"].width == 60  # 主要业绩

    dvs = _validations(ws)
    row = HEADER_ROW + 1
    assert dvs[f"C{row}"].formula1 == '"男,女"'
    assert dvs[f"C{row}"].errorStyle == "stop"
    status = dvs[f"{_letter('公示状态')}{row}"]
    assert status.formula1 == '"拟入选,入选,未入选,撤销"'
    unit = dvs[f"{_letter('推荐单位')}{row}"]
    assert unit.formula1 == '"甲区,乙县"'
    assert unit.errorStyle == "warning"  # the campaign has a default quota: other units allowed
    assert dvs[f"{_letter('类别')}{row}"].formula1 == '"高技能人才"'


def _letter(header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(_column(header))


def test_long_unit_list_goes_to_a_hidden_sheet() -> None:
    # Excel refuses an inline list over 255 characters; 40 unit names are far beyond that.
    units = [f"测试市第{i}人民医院" for i in range(1, 41)]
    campaign = Campaign.model_validate({
        "id": "2026-long-list", "title": "通知", "year": 2026, "issuer": "测试局",
        "doc_number": "测〔2026〕1号", "notice": "正文",
        "quotas": {"allocations": [{"unit": u, "seats": 1} for u in units]},
    })
    wb = load_workbook(io.BytesIO(roster_workbook(campaign, None)))
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    dv = _validations(wb["花名册"])[f"{_letter('推荐单位')}{HEADER_ROW + 1}"]
    assert dv.formula1 == f"'选项'!$A$1:$A${len(units)}"
    assert [options.cell(row=i, column=1).value for i in range(1, len(units) + 1)] == units
    assert dv.errorStyle == "stop"  # no default quota: only listed units may nominate


def test_short_unit_list_is_inline_and_the_real_notice_fits() -> None:
    rnd = _round(DATA, "2020-jiaozuo-xueshu-daitouren")
    quotas = rnd.campaign.quotas
    assert quotas is not None
    wb = load_workbook(io.BytesIO(roster_workbook(rnd.campaign, None)))
    assert wb.sheetnames == ["花名册"]
    dv = _validations(wb["花名册"])[f"{_letter('推荐单位')}{HEADER_ROW + 1}"]
    assert dv.formula1 == '"' + ",".join(a.unit for a in quotas.allocations) + '"'


def test_blank_template_has_title_doc_number_and_a_grid_to_fill() -> None:
    rnd = _round(DATA, "2013-neimenggu-yixian")
    ws = load_workbook(io.BytesIO(roster_workbook(rnd.campaign, None))).active
    assert ws["A1"].value == "2013年内蒙古自治区深入生产第一线做出突出贡献科技人员推荐人员花名册"
    assert "内人社办发〔2013〕38号" in ws["A2"].value
    assert "填表说明" in ws["A3"].value
    assert [c.value for c in ws[HEADER_ROW]] == [c.header for c in COLUMNS]
    grid = ws.iter_rows(min_row=HEADER_ROW + 1, max_row=ws.max_row)
    assert all(c.value is None and c.border.left.style == "thin" for row in grid for c in row)
    dv = _validations(ws)[f"{_letter('类别')}{HEADER_ROW + 1}"]
    assert dv.formula1 == '"高技能人才"'


def test_workbook_bytes_do_not_depend_on_the_clock() -> None:
    rnd = _round(DATA, DEMO_ID)
    first = roster_workbook(rnd.campaign, rnd.candidates)
    assert roster_workbook(rnd.campaign, rnd.candidates) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    # Timestamps come from the data (published 2026-09-01), never from now.
    assert "2026-09-01T00:00:00Z" in core
    assert core.count("2026-09-01T00:00:00Z") == 2


# ------------------------------------------------------------------------------ foreign rosters


def _foreign_roster(path: Path, rows: list[list[object]], headers: list[str]) -> Path:
    """A roster as people make them: a title above, decorated headers, their own column order."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2026年测试市拔尖人才推荐汇总表"])
    ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_reads_any_column_order_and_what_excel_did_to_the_cells(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    (data_dir / "candidates" / f"{FIXTURE_ID}.yml").unlink()  # a first import: no list yet
    headers = ["备注", "姓  名", "工作单位", "*性别", "出生年月", "学历（学位）", "身份证号",
               "推荐单位", "主要业绩/事迹简介", "name_extra"]
    xlsx = _foreign_roster(tmp_path / "外来.xlsx", [
        ["已审核", "张　三", "测试市第一人民医院", "男", dt.datetime(1980, 5, 1), "硕士研究生",
         "11010519491231002X", "甲区", "业绩一\n业绩二", "x"],
        [None] * 10,
        [None, "李红", 3201, "女", 1985.05, None, None, "乙县", None, None],
        [None, "赵六", "测试市第三中学", "男", "1986年3月", None, None, "乙县", None, None],
        [None, "孙七", "测试市园林局", "女", 198712, None, None, "测试市园林局", None, None],
    ], headers)
    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.errors == [], [str(f) for f in result.findings]
    people = yaml.safe_load(result.text)["candidates"]
    assert [p["name"] for p in people] == ["张三", "李红", "赵六", "孙七"]
    assert [p["born"] for p in people] == ["1980-05", "1985-05", "1986-03", "1987-12"]
    assert people[0]["education"] == "硕士研究生"
    assert people[0]["achievements"] == "业绩一\n业绩二"
    assert people[1]["unit"] == "3201"
    assert "11010519491231002X" not in result.text  # the ID-number column is never read

    shown = display_path(xlsx)
    warnings = [str(f) for f in result.warnings]
    # Columns that are no built-in field are the list's own (issue 21): 备注 and name_extra
    # join the list's columns, after the built-in ones the workbook has, in its order.
    assert result.new_columns == [("备注", "文本"), ("name_extra", "文本")]
    assert result.created_columns == ["备注", "姓名", "工作单位", "性别", "出生年月", "学历", "推荐单位", "name_extra"]
    assert people[0]["extra"] == {"备注": "已审核", "name_extra": "x"}
    assert any(w.startswith(f"{shown} 第3行 G列（身份证号）: 警告：") and "个人信息" in w
               for w in warnings)
    assert result.count == 4


def test_import_refuses_cells_it_cannot_read_back_faithfully(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _foreign_roster(tmp_path / "r.xlsx", [
        ["张三", "男", 1980.1, "测试市第一人民医院", "甲区", dt.datetime(2020, 1, 2)],
        ["李四", "女", None, "测试市第二人民医院", "甲区", True],
    ], ["姓名", "性别", "出生年月", "工作单位", "推荐单位", "职务"])
    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.text is None
    shown = display_path(xlsx)
    errors = [str(f) for f in result.errors]
    assert any(e.startswith(f"{shown} 第4行 C列（出生年月）: ") and "有歧义" in e for e in errors)
    assert any(e.startswith(f"{shown} 第4行 F列（职务）: ") and "日期" in e for e in errors)
    assert any(e.startswith(f"{shown} 第5行 F列（职务）: ") and "逻辑值" in e for e in errors)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["姓名", "性别", "推荐单位"], "缺少「工作单位」列（必填）"),
        (["姓名", "工作单位", "工作单位", "性别"], "与 B列都是「工作单位」，请删除或改名其中一列"),
    ],
    ids=["missing-column", "duplicate-column"],
)
def test_import_reports_header_problems(tmp_path: Path, headers: list[str], expected: str) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _foreign_roster(tmp_path / "h.xlsx", [["张三", "男", "甲区", "x"]], headers)
    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.text is None
    assert any(str(f).startswith(f"{display_path(xlsx)} 第3行") and expected in str(f)
               for f in result.errors), [str(f) for f in result.findings]


def test_import_of_something_that_is_not_a_roster(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    not_xlsx = tmp_path / "名单.xls"
    not_xlsx.write_bytes(b"\xd0\xcf\x11\xe0 old binary Excel")
    result = import_roster(not_xlsx, FIXTURE_ID, data_dir)
    assert result.text is None
    assert "另存为" in str(result.errors[0]) and ".xls" in str(result.errors[0])

    no_header = _foreign_roster(tmp_path / "n.xlsx", [["a", "b"]], ["甲", "乙"])
    result = import_roster(no_header, FIXTURE_ID, data_dir)
    assert result.text is None and "没有找到花名册的表头" in str(result.errors[0])

    result = import_roster(no_header, "2099-no-such-round", data_dir)
    assert "gongshi new-campaign 2099-no-such-round" in str(result.errors[0])


# ------------------------------------------------------------------------------ bad rows


def _edit(xlsx: Path, edits: dict[tuple[int, str], object], append: list[list[object]] = ()) -> None:
    wb = load_workbook(xlsx)
    ws = wb["花名册"]
    for (row, header), value in edits.items():
        ws.cell(row=row, column=_column(header), value=value)
    for values in append:
        ws.append(values)
    wb.save(xlsx)


def test_bad_row_is_reported_at_its_cell_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    row = HEADER_ROW + 3  # the third candidate, 欧阳明
    _edit(xlsx, {(row, "性别"): "南"})
    candidates = data_dir / "candidates"
    before = {p.name: p.read_bytes() for p in candidates.iterdir()}
    capsys.readouterr()

    code = main(["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir)])

    err = capsys.readouterr().err
    assert code == 1
    line = next(x for x in err.splitlines() if "南" in x)
    assert line.startswith(f"{display_path(xlsx)} 第{row}行 C列（性别）: ")
    assert "欧阳明" in line and "「男」或「女」" in line
    assert "未写入任何文件" in err
    assert {p.name: p.read_bytes() for p in candidates.iterdir()} == before  # no temp files either


def test_cross_row_rules_point_at_the_right_rows(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    # 乙县 has 2 seats; 李四 is withdrawn, 王五 counts: two more make three.
    extra = [
        [None, "周八", "男", None, None, None, None, None, "测试市一中", "乙县"],
        [None, "吴九", "女", None, None, None, None, None, "测试市二中", "乙县"],
        [None, "单天放", "男", None, None, None, None, None, "测试市第一人民医院", "甲区"],
    ]
    _edit(xlsx, {}, append=extra)
    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.text is None
    shown = display_path(xlsx)
    errors = [str(f) for f in result.errors]
    first_new = HEADER_ROW + 6
    over = [e for e in errors if "乙县" in e and "名额为 2 人" in e]
    assert over and over[0].startswith(f"{shown} 第{first_new + 1}行 J列（推荐单位）: "), errors
    same = [e for e in errors if "同一人" in e]
    assert same and same[0].startswith(f"{shown} 第{first_new + 2}行 B列（姓名）: "), errors


def test_personal_data_in_a_cell_is_refused_at_that_cell(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    row = HEADER_ROW + 2
    _edit(xlsx, {(row, "主要业绩"): "事迹第一行\n联系电话 13812345678，欢迎来电。"})
    result = import_roster(xlsx, FIXTURE_ID, data_dir)
    assert result.text is None
    located = [str(f) for f in result.errors
               if str(f).startswith(f"{display_path(xlsx)} 第{row}行 L列（主要业绩）: ")]
    assert located, [str(f) for f in result.findings]
    assert all("13812345678" not in e for e in located), "the message must not repeat the number"
    assert all("行第" not in e for e in located), "no position inside the generated YAML"


def test_check_only_and_refusal_to_overwrite(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    before = xlsx.read_bytes()
    code = main(["export-roster", FIXTURE_ID, "-o", str(xlsx), "--data", str(data_dir)])
    assert code == 1 and xlsx.read_bytes() == before
    _edit(xlsx, {(HEADER_ROW + 1, "职务"): "科主任"})
    target = data_dir / "candidates" / f"{FIXTURE_ID}.yml"
    untouched = target.read_bytes()
    assert main(["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir),
                 "--check"]) == 0
    assert target.read_bytes() == untouched
    assert main(["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir)]) == 0
    assert "position: 科主任" in target.read_text(encoding="utf-8")


def test_export_of_a_round_without_candidates_is_the_blank_template(tmp_path: Path) -> None:
    result = export_roster(DATA, "2013-neimenggu-yixian")
    assert result.content is not None and result.count == 0
    rnd = _round(DATA, "2013-neimenggu-yixian")
    assert result.content == roster_workbook(rnd.campaign, None)
    generated = next(f for f in rnd.forms if f.content is not None)
    assert generated.content == result.content


# ------------------------------------------------------------------------------ two commands


def _without_publicity(data_dir: Path) -> Path:
    campaign = data_dir / "campaigns" / f"{FIXTURE_ID}.yml"
    text = campaign.read_text(encoding="utf-8")
    block = "publicity:\n  start: 2026-05-11\n  working_days: 5\n"
    assert block in text
    campaign.write_text(text.replace(block, ""), encoding="utf-8")
    (data_dir / "candidates" / f"{FIXTURE_ID}.yml").unlink()
    return campaign


def _filled_template(tmp_path: Path, data_dir: Path) -> Path:
    """The blank template as the site offers it, filled in by a recommending unit in Excel."""
    rnd = _round(data_dir, FIXTURE_ID)
    xlsx = tmp_path / "甲区推荐人员花名册.xlsx"
    xlsx.write_bytes(next(f.content for f in rnd.forms if f.content is not None))
    wb = load_workbook(xlsx)
    ws = wb["花名册"]
    people = [
        ("曾小燕", "女", "1984-06", "测试市第一人民医院", "甲区"),
        ("解明远", "男", "1979-11", "测试市农业科学院", "甲区"),
        ("覃海", "男", "1990-02", "测试市机床厂", "乙县"),
    ]
    for i, (name, gender, born, unit, by) in enumerate(people):
        row = HEADER_ROW + 1 + i
        for header, value in (("序号", i + 1), ("姓名", name), ("性别", gender),
                              ("出生年月", born), ("工作单位", unit), ("推荐单位", by)):
            ws.cell(row=row, column=_column(header), value=value)
    wb.save(xlsx)
    return xlsx


@pytest.mark.browser
def test_from_an_excel_roster_to_a_published_list_with_two_commands(tmp_path: Path, page) -> None:
    from conftest import build, serve

    data_dir = _copy(tmp_path, FIXTURE)
    campaign = _without_publicity(data_dir)
    xlsx = _filled_template(tmp_path, data_dir)

    # Command 1: import the roster and open the publicity period.
    assert main(["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir),
                 "--publicity-start", "2026-05-11", "--working-days", "5"]) == 0
    assert "publicity:\n  start: 2026-05-11\n  working_days: 5\n" in campaign.read_text(
        encoding="utf-8")
    # Command 2: build the site (what `make site` does), here for a day of the publicity.
    site = tmp_path / "site"
    assert build(site, today="2026-05-12", data_dir=data_dir) == 0

    with serve(site) as base:
        page.clock.set_fixed_time(dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.timezone(
            dt.timedelta(hours=8))))
        page.goto(f"{base}campaigns/{FIXTURE_ID}/gongshi/")
        body = page.locator("body").inner_text()
        for name in ("曾小燕", "解明远", "覃海"):
            assert name in body
        assert "公示中" in body
        assert "2026年5月15日" in body  # 5 working days: Monday 11 to Friday 15 May
    assert page.watch.external == []


def test_publicity_is_added_once_and_never_overwritten(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    xlsx = _export(tmp_path, data_dir, FIXTURE_ID)
    campaign = data_dir / "campaigns" / f"{FIXTURE_ID}.yml"
    before = campaign.read_bytes()
    args = ["import-roster", str(xlsx), "--campaign", FIXTURE_ID, "--data", str(data_dir)]
    # The fixture already has this very publicity: nothing to change, the import goes ahead.
    assert main([*args, "--publicity-start", "2026-05-11", "--working-days", "5"]) == 0
    assert campaign.read_bytes() == before
    # Another period would overwrite what HR staff wrote: refused, nothing written.
    candidates = data_dir / "candidates" / f"{FIXTURE_ID}.yml"
    people = candidates.read_bytes()
    assert main([*args, "--publicity-start", "2026-05-18", "--working-days", "5"]) == 1
    assert campaign.read_bytes() == before and candidates.read_bytes() == people
    assert main([*args, "--publicity-start", "2026-05-18"]) == 1  # neither days nor end


def test_a_publicity_the_rules_refuse_is_reported_against_the_command_line(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path, FIXTURE)
    campaign = _without_publicity(data_dir)
    before = campaign.read_bytes()
    xlsx = _filled_template(tmp_path, data_dir)
    from builder.tools.roster import PublicityChange

    result = import_roster(xlsx, FIXTURE_ID, data_dir,
                           PublicityChange(dt.date(2026, 2, 1), working_days=5))
    assert result.text is None and result.campaign_text is None
    (error,) = result.errors
    assert str(error).startswith("公示日期（--publicity-start 等参数）: ")
    assert "早于" in str(error) and "2026-03-02" in str(error)
    assert campaign.read_bytes() == before
