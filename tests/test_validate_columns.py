"""The rules of a list's own columns (issue 21, items 1 and 8), each message pinned with its
`file:line:column`, every problem of a file at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.load.loader import load

CAMPAIGN = """\
id: demo
title: 示例招聘
year: 2020
issuer: 示例市人力资源和社会保障局
published: 2020-04-10
notice: |
  正文
publicity:
  start: 2020-09-28
  working_days: 5
  objections:
    phone: "0391-2118929"
"""

C = "data/candidates/demo.yml"


def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, candidates: str) -> list[str]:
    data = tmp_path / "data"
    (data / "campaigns").mkdir(parents=True)
    (data / "candidates").mkdir()
    (data / "campaigns" / "demo.yml").write_text(CAMPAIGN, encoding="utf-8")
    (data / "candidates" / "demo.yml").write_text(candidates, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = load(Path("data")).problems
    return [str(p) for p in [*found.errors, *found.warnings]]


HEAD = """\
campaign: demo
group_by: 岗位名称
columns:
  - 姓名
  - {label: 岗位名称, kind: 文本}
  - {label: 准考证号, kind: 编号}
  - {label: 总成绩, kind: 分数, result: true}
  - {label: 排名, kind: 名次}
  - {label: 面试日期, kind: 日期}
candidates:
"""


def test_a_valid_recruitment_list_has_no_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = HEAD + (
        '  - name: 张三\n    extra: {岗位名称: 语文教师, 准考证号: "13624089159", 总成绩: "80.40",'
        ' 排名: "1", 面试日期: "2020-08-01"}\n'
    )
    # No 工作单位: the list's columns leave it out. An 11-digit 准考证号 beginning 13 is a 编号.
    assert problems(tmp_path, monkeypatch, good) == []
    portal = load(Path("data")).portal
    assert portal is not None
    listing = portal.round("demo").candidates
    assert listing is not None and listing.result_labels == ("总成绩",)
    assert listing.candidates[0].extra["总成绩"] == "80.40"


def test_every_value_problem_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = HEAD + (
        '  - name: 张三\n'
        '    extra: {岗位名称: 语文教师, 准考证号: "0136", 总成绩: "八十", 排名: "1.5", 面试日期: "2020-02-30"}\n'
        '  - name: 李四\n'
        '    extra: {岗位名称: 语文教师, 总成 绩: "80.40", 职称: 高级教师}\n'
        '  - name: 王五\n'
        '    extra: {准考证号: "0137", 总成绩: 80.40}\n'
        '  - name: 赵六\n'
        '    extra: {岗位名称: 数学教师, 准考证号: "0138"}\n'
    )
    assert problems(tmp_path, monkeypatch, bad) == [
        f"{C}:12:44: 第1位候选人「张三」的「总成绩」为「八十」：分数应为数字，如 80.40（小数位数按填写的显示）",
        f"{C}:12:54: 第1位候选人「张三」的「排名」为「1.5」：名次应为整数，如 1",
        f"{C}:12:67: 第1位候选人「张三」的「面试日期」为「2020-02-30」：日期应写成 2026-05-10、2026-05 或 2026年5月10日",
        f"{C}:14:25: 第2位候选人「李四」的 extra（名单列）中的「总成 绩」不是名单自己的列，是否应为「总成绩」？",
        f"{C}:14:40: 第2位候选人「李四」的 extra（名单列）中的「职称」不是名单自己的列：「职称」是内置字段，"
        "请写成 title: …，不写在 extra 中",
        f"{C}:16:32: 第3位候选人「王五」的「总成绩」为「80.40」，YAML 把它读成了数字，这里应为文字，请加引号写成 \"80.40\"",
    ]


def test_group_by_value_required_and_known(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = '准考证号: "0136", 总成绩: "80", 排名: "1", 面试日期: "2020-08-01"'
    bad = HEAD + f'  - name: 张三\n    extra: {{{full}}}\n  - name: 李四\n    extra: {{岗位名称: 语文, {full}}}\n'
    assert problems(tmp_path, monkeypatch, bad) == [
        f"{C}:11:5: 第1位候选人「张三」没有填写 extra（名单列）中的「岗位名称」：名单按「岗位名称」分组（group_by），每人都须填写",
    ]
    bad = HEAD.replace("group_by: 岗位名称", "group_by: 岗位") + f'  - name: 张三\n    extra: {{岗位名称: 语文, {full}}}\n'
    assert problems(tmp_path / "b", monkeypatch, bad) == [
        "data/candidates/demo.yml:2:11: group_by（分组列）「岗位」不是名单的一列，是否应为「岗位名称」？"
        "名单的 columns（列）中有：姓名、岗位名称、准考证号、总成绩、排名、面试日期",
    ]


def test_columns_themselves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = (
        "campaign: demo\n"
        "columns:\n"
        "  - 序号\n"
        "  - 姓名\n"
        "  - 工作单元\n"
        "  - {label: 职称, kind: 文本}\n"
        "  - {label: 联系电话, kind: 编号}\n"
        "  - 姓名\n"
        "  - {label: 岗位, kind: 等级}\n"
        "candidates:\n"
        "  - name: 张三\n    unit: 甲单位\n"
    )
    assert problems(tmp_path, monkeypatch, bad) == [
        f"{C}:9:23: columns（列）第7项的 kind（类型）为「等级」，应为「文本」或「编号」或「分数」或「名次」或「日期」",
    ]
    bad = bad.replace("kind: 等级", "kind: 文本")
    assert problems(tmp_path / "b", monkeypatch, bad) == [
        f"{C}:3:5: columns（列）第1项「序号」：序号由网站按组自动编排，不必列出",
        f"{C}:5:5: columns（列）第3项「工作单元」不是内置字段：名单自己的列须写明类型（kind），"
        "如 {label: 工作单元, kind: 文本}，类型可为 文本、编号、分数、名次、日期；如果指的是内置字段，是否应为「工作单位」？",
        f"{C}:6:23: columns（列）第4项「职称」是内置字段（title），不要写 kind（类型）：直接写「职称」，每人的值写在 title 中",
        f"{C}:7:5: columns（列）第5项「联系电话」是个人信息（电话）：公示名单不能公开，请删除这一列和每人的这一项",
        f"{C}:8:5: columns（列）第6项「姓名」与第2项重复：每一列只能列出一次",
        # 工作单位 is not a column: the unit the person has is shown in the details only.
        f"{C}:2:1: 警告：名单的 columns（列）没有「工作单位」，但有 1 人填写了 unit（工作单位）：网页上只在每人的"
        "详细信息中显示，打印的名单中没有。如要显示为一列，请把「工作单位」加入 columns",
        f"{C}:9:5: 警告：columns（列）中的「岗位」没有人填写：名单上这一列是空的",
    ]


def test_unit_is_required_unless_the_columns_leave_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = "campaign: demo\ncandidates:\n  - name: 张三\n"
    assert problems(tmp_path, monkeypatch, plain) == [f"{C}:3:5: 第1位候选人「张三」缺少必填项 unit（工作单位）"]
    declared = "campaign: demo\ncolumns: [姓名, 工作单位]\ncandidates:\n  - name: 张三\n    unit:\n"
    assert problems(tmp_path / "b", monkeypatch, declared) == [
        f"{C}:5:5: 第1位候选人「张三」的 unit（工作单位）为空；这是必填项，请填写",
        f"{C}:2:15: 警告：columns（列）中的「工作单位」没有人填写：名单上这一列是空的"]
    without = "campaign: demo\ncolumns: [姓名, {label: 毕业院校, kind: 文本}]\ncandidates:\n  - name: 张三\n"
    assert problems(tmp_path / "c", monkeypatch, without) == [
        f"{C}:2:15: 警告：columns（列）中的「毕业院校」没有人填写：名单上这一列是空的"]


def test_extra_without_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = 'campaign: demo\ncandidates:\n  - name: 张三\n    unit: 甲单位\n    extra: {准考证号: "0136"}\n'
    assert problems(tmp_path, monkeypatch, bad) == [
        f"{C}:5:13: 第1位候选人「张三」的 extra（名单列）中的「准考证号」不是名单自己的列：名单没有用 columns（列）"
        "声明自己的列；请在名单开头写 columns，如 columns: [姓名, 性别, {label: 准考证号, kind: 文本}]",
    ]


def test_only_a_declared_code_is_not_a_mobile_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 8: an 11-digit 准考证号 beginning 13–19 is an identifier when its column says 编号; an
    identity-card number is still refused there, and a mobile number anywhere else."""
    bad = (
        "campaign: demo\n"
        "columns: [姓名, 工作单位, {label: 准考证号, kind: 编号}, {label: 毕业院校, kind: 文本}]\n"
        "candidates:\n"
        '  - name: 张三\n    unit: 甲单位\n    extra: {准考证号: "13624089159", 毕业院校: 示例大学}\n'
        '  - name: 李四\n    unit: 乙单位 13800138000\n    extra: {准考证号: "110101199003074514", 毕业院校: "13912345678"}\n'
    )
    assert problems(tmp_path, monkeypatch, bad) == [
        f"{C}:8:15: 第2位候选人「李四」的 unit（工作单位）含有手机号（138******00）：公示名单不能公开个人手机号，请删除",
        f"{C}:9:20: 第2位候选人「李四」的「准考证号」含有身份证号（110*************14）：公示名单不能公开身份证号，请删除",
        f"{C}:9:48: 第2位候选人「李四」的「毕业院校」含有手机号（139******78）：公示名单不能公开个人手机号，请删除",
    ]
