"""The manual chapter on list columns (site_src/manual/columns.md) quotes real output: its broken
list gives exactly the messages it shows, its workbook exactly the import summary it shows."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import DATA
from openpyxl import Workbook

from builder.cli import main
from builder.load.loader import load

MANUAL = Path(__file__).resolve().parent.parent / "site_src" / "manual" / "columns.md"


def _blocks(after: str) -> list[str]:
    """The code blocks of the chapter that follow the line `after`, as their texts."""
    text = MANUAL.read_text(encoding="utf-8")
    return re.findall(r"```[a-z]*\n(.*?)```", text[text.index(after):], flags=re.S)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_manual_chapter_quotes_real_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """site_src/manual/columns.md: its broken list gives exactly the messages it quotes, and its
    workbook gives exactly the import output it quotes (--check, then a re-import)."""
    rid = "2026-shili-shiye-zhaopin"
    data = tmp_path / "data"
    (data / "candidates").mkdir(parents=True)
    shutil.copytree(DATA / "campaigns" / rid, data / "campaigns" / rid)
    shutil.copy(DATA / "campaigns" / f"{rid}.yml", data / "campaigns")

    broken, messages = _blocks("下面这份名单有几处错误")[:2]
    (data / "candidates" / f"{rid}.yml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = sorted(load(Path("data")).problems.items, key=lambda p: (p.path, p.line, p.column))
    assert [str(p) for p in found] == messages.splitlines()
    (data / "candidates" / f"{rid}.yml").unlink()

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年示例市市直事业单位公开招聘拟聘用人员名单"])
    ws.merge_cells("A1:N1")
    ws.append(["序号", "招聘单位", "岗位名称", "岗位代码", "姓名", "性别", "毕业院校", "准考证号", "笔试成绩",
               "面试成绩", "总成绩", "排名", "联系电话", "备注"])
    ws.append([1, "示例市第一高级中学", "高中语文教师", "2026001", "张三", "男", "示例师范大学", "2026089159",
               78.5, 82.3, 80.4, 1, "13800000000", None])
    ws.append([2, "示例市第一高级中学", "高中语文教师", "2026001", "李四", "女", "示例大学", "2026089160",
               76, 81.2, 78.6, 2, None, None])
    ws.append([3, "示例市疾病预防控制中心", "检验技师", "2026008", "王五", "男", "示例医科大学", "0136240801",
               70.5, 85, 77.75, 1, None, None])
    for line in ws.iter_rows(min_row=3, min_col=9, max_col=11):
        for cell in line:
            cell.number_format = "0.00"
    wb.save(tmp_path / "拟聘用人员名单.xlsx")

    checked, again = _blocks("上面那份表格加 `--check` 的结果")[:2]
    code, out, err = run(capsys, "import-roster", "拟聘用人员名单.xlsx", "--campaign", rid, "--check")
    assert code == 0 and (err + out).splitlines() == checked.splitlines()
    code, out, err = run(capsys, "import-roster", "拟聘用人员名单.xlsx", "--campaign", rid)
    assert code == 0, err
    ws.cell(row=5, column=11).value = 78.25
    wb.save(tmp_path / "拟聘用人员名单.xlsx")
    code, out, err = run(capsys, "import-roster", "拟聘用人员名单.xlsx", "--campaign", rid)
    assert code == 0, err
    assert out.splitlines()[:len(again.splitlines())] == again.splitlines()
