"""Importing the bureau's own workbook (issue 21, item 1): a title row merged above a header of
two rows, headers beyond the built-in fields become the list's own columns (kinds from the cells),
no 推荐单位 column means the whole list, and export writes the same columns back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from builder.cli import main
from builder.load.loader import load
from builder.tools.roster.reader import infer_kind

CAMPAIGN = """\
id: zhaopin
title: 2026年示例市事业单位公开招聘工作人员公告
year: 2026
issuer: 示例市人力资源和社会保障局
published: 2026-09-01
notice: |
  正文。
publicity:
  start: 2026-11-16
  working_days: 7
  objections:
    phone: "0000-1234567"
"""

# 序号 岗位名称 岗位代码 姓名 性别 毕业院校 准考证号 | 成绩: 笔试 面试 总成绩 | 排名
ROWS = [
    [1, "高中语文教师", "2026001", "张三", "男", "示例师范大学", "13624089159", 78.5, 82.3, 80.4, 1],
    [2, "高中语文教师", "2026001", "李四", "女", "示例大学", "13624089160", 76, 81.2, 78.6, 2],
    [3, "检验技师", "2026015", "王五", "男", "示例医科大学", "0136240801", 70.5, 85, 77.75, 1],
    [4, "检验技师", "2026015", "张三", "女", "示例大学", "13624089188", 69, 80, 74.5, 2],
]


def bureau_workbook(path: Path, rows: list[list[object]]) -> Path:
    """A 拟聘用人员名单 as bureaus publish it: a title merged across the sheet, then a header
    whose 成绩 spans three columns named in the row below, scores shown with two decimals."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年示例市事业单位公开招聘拟聘用人员名单"])
    ws.merge_cells("A1:K1")
    ws.append(["序号", "岗位名称", "岗位代码", "姓  名", "性别", "毕业院校", "准考证号", "成绩", None, None, "排名"])
    ws.append([None] * 7 + ["笔试", "面试", "总成绩", None])
    for col in "ABCDEFGK":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("H2:J2")
    for row in rows:
        ws.append(row)
    for line in ws.iter_rows(min_row=4, min_col=8, max_col=10):
        for cell in line:
            cell.number_format = "0.00"
    wb.save(path)
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "campaigns").mkdir(parents=True)
    (data / "candidates").mkdir()
    (data / "campaigns" / "zhaopin.yml").write_text(CAMPAIGN, encoding="utf-8")
    return data


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_bureau_workbook_imported_with_its_own_columns_and_exported_back(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = bureau_workbook(tmp_path / "拟聘用人员名单.xlsx", ROWS)
    target = data_dir / "candidates" / "zhaopin.yml"
    code, out, err = run(capsys, "import-roster", "--campaign", "zhaopin", "--data", str(data_dir), str(xlsx), "--check")
    assert code == 0, err
    assert not target.exists()
    # --check already says what the list gains: every column in the workbook's order.
    assert "名单原来没有 columns（列），将按花名册的列写入：岗位名称、岗位代码、姓名、性别、毕业院校、准考证号、" \
           "笔试成绩、面试成绩、总成绩、排名" in out
    assert "名单将新增 8 列（写入 columns，按花名册的顺序）：岗位名称（文本）、岗位代码（编号）、毕业院校（文本）、" \
           "准考证号（编号）、笔试成绩（分数）、面试成绩（分数）、总成绩（分数）、排名（名次）" in out
    assert f"{xlsx.name} → 整份名单（花名册没有推荐单位一列）：" in out
    assert "新增：张三（第4行）" in out and "新增：张三（第7行）" in out

    code, out, err = run(capsys, "import-roster", "--campaign", "zhaopin", "--data", str(data_dir), str(xlsx))
    assert code == 0, err
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["order"] == "listed"  # the bureau's own order
    assert written["columns"][:4] == [{"label": "岗位名称", "kind": "文本"}, {"label": "岗位代码", "kind": "编号"},
                                      "姓名", "性别"]
    first, _, wang, _ = written["candidates"]
    assert first == {"name": "张三", "gender": "男", "extra": {
        "岗位名称": "高中语文教师", "岗位代码": "2026001", "毕业院校": "示例师范大学", "准考证号": "13624089159",
        "笔试成绩": "78.50", "面试成绩": "82.30", "总成绩": "80.40", "排名": "1"}}
    # Leading zeros of a code stored as text; the decimals the cells show.
    assert wang["extra"]["准考证号"] == "0136240801" and wang["extra"]["面试成绩"] == "85.00"
    assert "unit" not in first  # 工作单位 is not among the columns: not required
    loaded = load(data_dir)
    assert loaded.portal is not None and not loaded.problems.errors

    # Export writes the same columns back, scores as numbers shown with their decimals.
    exported = tmp_path / "导出.xlsx"
    code, out, err = run(capsys, "export-roster", "zhaopin", "--data", str(data_dir), "-o", str(exported))
    assert code == 0, err
    ws = load_workbook(exported)["花名册"]
    header = [c.value for c in ws[4]]
    assert header == ["序号", "岗位名称", "岗位代码", "姓名", "性别", "毕业院校", "准考证号", "笔试成绩", "面试成绩",
                      "总成绩", "排名", "公示状态"]
    total = ws.cell(row=5, column=10)
    assert total.value == 80.4 and total.number_format == "0.00"
    assert ws.cell(row=7, column=7).value == "0136240801"

    # Imported again (a score corrected in Excel): person by person, the two 张三 told apart by 准考证号.
    ws.cell(row=8, column=10).value = 75.5
    fixed = tmp_path / "更正.xlsx"
    ws.parent.save(fixed)
    code, out, err = run(capsys, "import-roster", "--campaign", "zhaopin", "--data", str(data_dir), str(fixed))
    assert code == 0, err
    assert "修改：张三（第8行）：总成绩" in out and "未变：3 人" in out
    assert "名单" not in out.split("→")[0]  # no new column this time
    again = yaml.safe_load(target.read_text(encoding="utf-8"))["candidates"]
    assert again[3]["extra"]["总成绩"] == "75.50" and again[0]["extra"]["总成绩"] == "80.40"


def test_a_cell_the_column_refuses_is_told_at_its_cell(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [list(r) for r in ROWS]
    rows[1][7] = "缺考"
    rows[2][10] = 1.5
    xlsx = bureau_workbook(tmp_path / "名单.xlsx", rows)
    (data_dir / "candidates" / "zhaopin.yml").write_text(
        "campaign: zhaopin\ncolumns:\n  - 姓名\n  - {label: 笔试成绩, kind: 分数}\n  - {label: 排名, kind: 名次}\n"
        "candidates: []\n", encoding="utf-8")
    code, _, err = run(capsys, "import-roster", "--campaign", "zhaopin", "--data", str(data_dir), str(xlsx))
    assert code == 1
    assert f"{xlsx.name} 第5行 H列（笔试成绩）: 第2位候选人「李四」的「笔试成绩」为「缺考」：分数应为数字，如 80.40" in err
    assert f"{xlsx.name} 第6行 K列（排名）: 第3位候选人「王五」的「排名」为「1.5」：名次应为整数，如 1" in err
    assert "未写入任何文件" in err


@pytest.mark.parametrize(("header", "values", "kind"), [
    ("准考证号", ["0136", "2024001"], "编号"),
    ("岗位代码", [2026001, 2026002], "编号"),
    ("总成绩", [80.4, 75], "分数"),
    ("笔试成绩", [80, 75], "分数"),
    ("排名", [1, 2], "名次"),
    ("名次", ["1", "2"], "名次"),
    ("毕业院校", ["示例大学", "0136"], "文本"),
    ("面试日期", [dt.datetime(2026, 5, 10)], "日期"),
    ("年龄", [30, 41], "文本"),
])
def test_kind_from_the_cells(header: str, values: list[object], kind: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for value in values:
        ws.append([value])
    assert infer_kind(header, [row[0] for row in ws.iter_rows()]) == kind

