"""Importing unit after unit: each unit's roster replaces that unit's people only, said by name.

Real workbooks made with openpyxl as units send them: the unit named above the header or in the
推荐单位 column, their own column headers, hidden rows and sheets, formulas; one conflicting.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from openpyxl import Workbook

from builder.cli import main
from builder.load.loader import load
from builder.text.problems import display_path

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
ROUND = "2026-roster-fixture"

# The fixture's list, with comments HR staff wrote: they must survive every import.
COMMENTED = {
    "  - name: 单天放\n": "  # 甲区第一位，材料已于5月6日收齐\n  - name: 单天放\n",
    "    title: 主任医师\n": "    title: 主任医师  # 以职称证书为准\n",
    "  - name: 欧阳明\n": "  - name: 欧阳明  # 农业农村局推荐，不占名额\n",
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(FIXTURE, dst)
    people = dst / "candidates" / f"{ROUND}.yml"
    text = people.read_text(encoding="utf-8")
    for old, new in COMMENTED.items():
        assert old in text
        text = text.replace(old, new)
    people.write_text(text, encoding="utf-8")
    return dst


def _workbook(
    path: Path,
    headers: list[str],
    rows: list[list[object]],
    *,
    unit_line: str | None = None,
    hidden_rows: tuple[int, ...] = (),
    hidden_sheet: list[list[object]] | None = None,
) -> Path:
    """A unit's roster: a title, optionally `推荐单位：…` above the header, then the people.

    `hidden_rows` are indexes into `rows`.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = "推荐人员花名册"
    ws.append(["2026年测试市拔尖人才推荐人员花名册"])
    ws.append([unit_line] if unit_line else [])
    ws.append(headers)
    for i, row in enumerate(rows):
        ws.append(row)
        if i in hidden_rows:
            ws.row_dimensions[ws.max_row].hidden = True
    if hidden_sheet is not None:
        old = wb.create_sheet("上次报送（作废）")
        for row in hidden_sheet:
            old.append(row)
        old.sheet_state = "hidden"
    wb.save(path)
    return path


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Store `value` as the formula result of `cell`, as Excel does when it saves (openpyxl
    writes formulas without results)."""
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()
    xml, n = re.subn(rf'<c r="{cell}"><f>(.*?)</f><v\s*/>', rf'<c r="{cell}" t="str"><f>\1</f><v>{value}</v>', xml)
    assert n == 1, xml
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for n_, data in parts.items():
            dst.writestr(n_, data)


def _jiaqu(tmp_path: Path) -> Path:
    """甲区's roster: the unit named above the header, no 推荐单位 column, real headers
    (工作单位及职务, 专业技术职务), a hidden row and a formula Excel has computed."""
    path = _workbook(tmp_path / "甲区推荐人员花名册.xlsx",
                     ["序号", "姓 名", "性别", "出生年月", "工作单位及职务", "专业技术职务", "人选类别"],
                     [
                         ["=ROW()-3", "单天放", "男", "1979-03", "测试市第一人民医院", "二级主任医师", None],
                         [2, "曾小燕", "女", "1984-06", '="测试市"&"妇幼保健院"', "副主任医师", None],
                         [3, "解明远", "男", "1979-11", "测试市农业科学院", "研究员", None],
                     ],
                     unit_line="推荐单位（盖章）：甲区　　　　填表日期：2026年5月6日", hidden_rows=(2,))
    _with_cached_value(path, "E5", "测试市妇幼保健院")
    return path


def _yixian(tmp_path: Path) -> Path:
    """乙县's roster: the unit in the 推荐单位 column, and an old list in a hidden sheet."""
    return _workbook(tmp_path / "乙县.xlsx",
                     ["姓名", "性别", "工作单位", "推荐单位", "公示状态"],
                     [
                         ["王五", "男", "测试市第二中学", "乙县", "拟入选"],
                         ["周八", "男", "测试市第一中学", "乙县", None],
                     ],
                     hidden_sheet=[["姓名", "性别", "工作单位"], ["钱九", "女", "乙县医院"]])


def _import(data_dir: Path, *files: Path, extra: tuple[str, ...] = ()) -> int:
    return main(["import-roster", *map(str, files), "--campaign", ROUND, "--data", str(data_dir),
                 *extra])


def _people(data_dir: Path) -> list[dict[str, str]]:
    text = (data_dir / "candidates" / f"{ROUND}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["candidates"]


def test_two_units_merge_into_the_list_and_the_import_says_what_changed(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jia, yi = _jiaqu(tmp_path), _yixian(tmp_path)
    target = data_dir / "candidates" / f"{ROUND}.yml"
    before = target.read_text(encoding="utf-8")
    capsys.readouterr()

    # --check: the same summary, nothing written.
    assert _import(data_dir, jia, yi, extra=("--check",)) == 0
    checked = capsys.readouterr()
    assert target.read_text(encoding="utf-8") == before

    assert _import(data_dir, jia, yi) == 0
    out, err = capsys.readouterr()
    a, b = display_path(jia), display_path(yi)
    summary = [
        f"{a} → 推荐单位「甲区」：",
        "  新增：曾小燕（第5行）",
        "  修改：单天放（第4行）：职称",
        "  保留：阿依古丽·买买提（不在花名册中，仍留在名单里；要删除请加 --remove-missing）",
        f"{b} → 推荐单位「乙县」：",
        "  新增：周八（第5行）",
        "  保留：李四（不在花名册中，仍留在名单里；要删除请加 --remove-missing）",
        "  未变：1 人",
    ]
    assert out.splitlines()[: len(summary)] == summary, out
    assert "合计：新增 2 人，修改 1 人，删除 0 人，保留 2 人，未变 1 人" in out
    assert checked.out.splitlines()[: len(summary)] == summary
    assert "合计：将新增 2 人，将修改 1 人，将删除 0 人，保留 2 人，未变 1 人" in checked.out

    # What was not imported is named: the hidden row, the hidden sheet; the formula is warned.
    assert f"{a} 第6行: 警告：这是隐藏行（姓名：解明远），未导入；要导入请在 Excel 中取消隐藏这一行" in err
    assert (f"{b}: 警告：工作表「上次报送（作废）」是隐藏的，未导入；要导入请在 Excel 中取消隐藏，"
            "并把人选移到花名册所在的工作表") in err
    assert (f"{a} 第5行 E列（工作单位）: 警告：单元格是公式（=\"测试市\"&\"妇幼保健院\"），导入的是 Excel "
            "上次保存时算出的值「测试市妇幼保健院」；请确认无误") in err

    people = {p["name"]: p for p in _people(data_dir)}
    assert set(people) == {"单天放", "阿依古丽·买买提", "欧阳明", "李四", "王五", "曾小燕", "周八"}
    assert "解明远" not in people and "钱九" not in people
    assert people["曾小燕"] == {"name": "曾小燕", "gender": "女", "born": "1984-06", "title": "副主任医师",
                             "unit": "测试市妇幼保健院", "recommended_by": "甲区"}
    # 单天放: the roster's columns replace those fields; the ones it has no column for stay.
    assert people["单天放"]["title"] == "二级主任医师" and people["单天放"]["pinyin"] == "Shan Tianfang"
    assert people["单天放"]["achievements"].startswith("长期从事冠心病介入诊疗工作。")

    after = target.read_text(encoding="utf-8")
    assert "  # 甲区第一位，材料已于5月6日收齐\n  - name: 单天放\n" in after
    assert "    title: 二级主任医师  # 以职称证书为准\n" in after
    assert "  - name: 欧阳明  # 农业农村局推荐，不占名额\n" in after
    # A unit not in this import is not touched, byte for byte.
    block = before[before.index("  - name: 欧阳明"):before.index("  - name: 李四")]
    assert block in after
    # New people join their unit, after its last person.
    assert after.index("name: 曾小燕") < after.index("name: 欧阳明") < after.index("name: 周八")
    loaded = load(data_dir)
    assert loaded.portal is not None, loaded.problems.to_text()

    # Importing the same rosters again changes nothing.
    assert _import(data_dir, jia, yi) == 0
    assert "合计：新增 0 人，修改 0 人，删除 0 人，保留 2 人，未变 4 人" in capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == after


def test_removing_people_missing_from_their_units_roster_needs_an_option(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yi = _yixian(tmp_path)
    capsys.readouterr()
    assert _import(data_dir, yi, extra=("--remove-missing",)) == 0
    out = capsys.readouterr().out
    assert f"{display_path(yi)} → 推荐单位「乙县」：\n  新增：周八（第5行）\n  删除：李四\n  未变：1 人\n" in out
    names = [p["name"] for p in _people(data_dir)]
    assert names == ["单天放", "阿依古丽·买买提", "欧阳明", "王五", "周八"]  # 甲区 untouched


def test_conflicts_between_rosters_name_both_workbooks_and_cells(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    yi = _yixian(tmp_path)
    # 园林局's roster lists someone of 甲区, and 乙县's 周八, who 乙县 recommends too.
    other = _workbook(tmp_path / "园林局.xlsx", ["姓名", "性别", "工作单位", "推荐单位"], [
        ["孙七", "女", "测试市园林局", None],
        ["曾小燕", "女", "测试市妇幼保健院", "甲区"],
        ["周八", "男", "测试市第一中学", None],
    ], unit_line="推荐单位：测试市园林局")
    # A second roster of 乙县 in the same import.
    again = _workbook(tmp_path / "乙县补报.xlsx", ["姓名", "性别", "工作单位", "推荐单位"], [
        ["吴九", "女", "测试市二中", "乙县"],
    ])
    # The same person as the list's 单天放 (甲区), now from 测试市卫健委.
    health = _workbook(tmp_path / "卫健委.xlsx", ["姓名", "性别", "出生年月", "工作单位", "推荐单位"], [
        ["单天放", "男", "1979-03", "测试市第一人民医院", "测试市卫健委"],
    ])
    target = data_dir / "candidates" / f"{ROUND}.yml"
    before = target.read_bytes()
    capsys.readouterr()

    assert _import(data_dir, yi, other, again, health) == 1
    err = capsys.readouterr().err
    o, y, g, h = (display_path(p) for p in (other, yi, again, health))
    expected = [
        f"{o} 第5行 D列（推荐单位）: 推荐单位填的是「甲区」，但这份花名册是「测试市园林局」的"
        "（第2行写着推荐单位：测试市园林局）：一个单位的花名册只能列本单位推荐的人选。请改正，或把此人放到「甲区」的花名册中",
        f"{o} 第6行 A列（姓名）: 「周八」同时由「测试市园林局」和「乙县」推荐（另见 {y} 第5行）："
        "同一人只能由一个单位推荐，请与两个单位核实后删去其中一处",
        f"{g} 第4行 D列（推荐单位）: 推荐单位「乙县」的人选也在 {y} 第4行：同一单位的人选须在同一份花名册中，"
        "一次导入里每个单位只能有一份花名册。请把它们合成一份，或分两次导入",
        f"{h} 第4行 A列（姓名）: 「单天放」同时由「测试市卫健委」和「甲区」推荐（另见 "
        f"{display_path(target)}:9）：同一人只能由一个单位推荐，请与两个单位核实后删去其中一处",
    ]
    for line in expected:
        assert line in err.splitlines(), err
    assert "发现 4 个错误，未写入任何文件；请在 Excel 中改正后重新导入" in err
    assert target.read_bytes() == before


def test_a_formula_without_a_computed_value_is_refused(tmp_path: Path, data_dir: Path) -> None:
    from builder.tools.roster import import_roster

    path = _workbook(tmp_path / "丙.xlsx", ["姓名", "性别", "工作单位", "推荐单位"], [
        ["孙七", "女", '=CONCAT("测试市","园林局")', "测试市园林局"],
    ])
    result = import_roster(path, ROUND, data_dir)
    assert result.text is None
    assert [str(f) for f in result.errors] == [
        f"{display_path(path)} 第4行 C列（工作单位）: 单元格是公式（=CONCAT(\"测试市\",\"园林局\")），"
        "但文件中没有它的计算结果：请在 Excel 中打开并保存后再导入，或把公式换成它的值",
    ]
