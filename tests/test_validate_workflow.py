"""The checks HR staff asked for, each with its exact message, and quota rules on broken files.

Same harness as test_validate_rules: a small valid portal, one change, the complete list of
problems pinned word for word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_validate_rules
from test_validate_rules import (
    BASE_CAMPAIGN,
    BASE_CANDIDATES,
    CAMPAIGN,
    CANDIDATES,
    Check,
    edit,
    person,
)


@pytest.fixture
def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Check:
    """test_validate_rules' harness: a fresh portal per call, every problem line."""
    return test_validate_rules.check.__wrapped__(tmp_path, monkeypatch)


OBJECTIONS = '  objections:\n    phone: "0391-2118929"\n'


def test_publicity_before_the_application_deadline(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  start: 2020-09-28", "  start: 2020-07-06")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:24:10: publicity（社会公示）的 start（公示开始）2020-07-06 早于 deadlines（截止时间）"
        "第1项「推荐材料报送截止」的截止日期 2020-07-10：申报截止、评审之后才能公示名单，请检查日期",
    ]


def test_publicity_without_objections_publishes_the_office_contact(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, OBJECTIONS, "")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:23:1: 警告：publicity（社会公示）没有写 objections（异议受理）的电话、邮箱或地址："
        "名单页将把 contact（联系方式）中的电话 0391-2118928作为异议受理渠道公布。"
        "异议另有受理电话或邮箱时，请在 publicity 下写明 objections",
    ]


def test_publicity_without_objections_or_contact(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, OBJECTIONS, "")
    bad = edit(bad, 'contact:\n  phone: "0391-2118928"\n', "")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:21:1: 警告：publicity（社会公示）没有写 objections（异议受理）的电话、邮箱、地址或受理规则，"
        "contact（联系方式）中也没有：公示页不会列出任何反映渠道。请在 publicity 下写明 objections",
    ]


def test_full_width_colon_after_a_key(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    gender: 女\n", "    gender：女\n")
    # Only the slip: not the syntax error YAML reports on the next line because of it.
    assert check(candidates=bad) == [
        f"{CANDIDATES}:8:11: 键「gender」后面是全角冒号「：」，YAML 只认半角冒号：请改为「gender: 女」"
        "（半角冒号，后面加一个空格）",
    ]


def test_ideographic_space_indentation(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    born: 1980-05\n", "　　born: 1980-05\n")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:9:1: 行首用了全角空格「\u3000」缩进，YAML 只认半角空格：请把行首的全角空格换成半角空格",
    ]


def test_chinese_typography_inside_a_block_text_is_fine(check: Check) -> None:
    text = "    achievements: |\n      　　获奖情况：省级一等奖。\n      email：见材料\n"
    good = edit(BASE_CANDIDATES, "    category: 高技能人才\n", "    category: 高技能人才\n" + text)
    assert check(candidates=good) == []


def test_chinese_quotation_marks_around_a_name(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "  - name: 张三\n", "  - name: “陈静”\n")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:3:11: 第1位候选人「“陈静”」的 name（姓名）「“陈静”」带着中文引号：YAML 只认半角引号 \" 或 '，"
        "中文引号会原样成为姓名的一部分。请删去引号，写成 name: 陈静",
    ]


def test_quota_is_checked_while_a_candidate_of_the_unit_has_a_field_error(check: Check) -> None:
    # 甲区 has 2 seats: 张三, 王五 (whose born is wrong) and 赵六 make three.
    people = BASE_CANDIDATES + person("王五", extra="    born: 1980.5\n") + person("赵六")
    assert check(candidates=people) == [
        f"{CANDIDATES}:17:11: 第3位候选人「王五」的 born（出生年月）为「1980.5」，应为「年-月」格式，如 1980-05",
        f"{CANDIDATES}:21:21: 推荐单位「甲区」的名额为 2 人，实际推荐 3 人（不含不占名额和已撤销的人选）：张三、王五、赵六",
    ]


def test_a_candidate_whose_unit_is_broken_is_not_counted(check: Check) -> None:
    people = BASE_CANDIDATES + person("王五", recommended_by="[甲区]") + person("赵六")
    assert check(candidates=people) == [
        f"{CANDIDATES}:16:21: 第3位候选人「王五」的 recommended_by（推荐单位）应为一段文字，而不是列表",
    ]


# --- smaller message fixes -------------------------------------------------------------------


def test_a_list_without_a_title_is_headed_by_the_round_not_by_the_notice(check: Check) -> None:
    """A 公示 is titled 关于…的公示 (GB/T 9704-2012 §7.3.1), its list named after what it lists,
    never after the notice ("…的通知公示名单")."""
    from builder.load.loader import load
    from builder.render.pages.document import list_name, page_title

    notice = edit(BASE_CAMPAIGN, "title: 示例评选", "title: 关于开展2020年示例市拔尖人才选拔工作的通知")
    assert check(campaign=notice) == []
    portal = load(Path("data")).portal
    assert portal is not None
    assert page_title(portal.round("demo")) == "关于2020年示例市拔尖人才拟入选人选的公示"
    assert list_name(portal.round("demo")) == "2020年示例市拔尖人才拟入选人选名单"
    # A title that is not a notice's: the year and the round's name.
    assert check() == []
    portal = load(Path("data")).portal
    assert portal is not None
    assert page_title(portal.round("demo")) == "关于2020年示例评选拟入选人选的公示"


def test_export_roster_of_an_unknown_round_names_the_id_it_was_given(
    tmp_path, capsys  # type: ignore[no-untyped-def]
) -> None:
    from conftest import DATA

    from builder.cli import main

    assert main(["export-roster", "2099-no-such-round", "-o", str(tmp_path / "x.xlsx"),
                 "--data", str(DATA)]) == 1
    err = capsys.readouterr().err
    assert "评选「2099-no-such-round」不存在" in err
    assert "或检查评选编号的拼写" in err and "--campaign" not in err


def test_a_refused_command_line_option_is_not_blamed_on_excel(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from conftest import REPO
    from openpyxl import Workbook

    from builder.cli import main

    data = tmp_path / "data"
    shutil.copytree(REPO / "tests" / "fixtures" / "roster" / "data", data)
    campaign = data / "campaigns" / "2026-roster-fixture.yml"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("publicity:\n  start: 2026-05-11\n  working_days: 5\n", ""),
                        encoding="utf-8")
    wb = Workbook()
    wb.active.append(["姓名", "性别", "工作单位", "推荐单位"])
    wb.active.append(["曾小燕", "女", "测试市第一人民医院", "甲区"])
    wb.save(tmp_path / "甲区.xlsx")
    capsys.readouterr()
    assert main(["import-roster", str(tmp_path / "甲区.xlsx"), "--campaign", "2026-roster-fixture",
                 "--data", str(data), "--publicity-start", "2026-02-01", "--working-days", "5"]) == 1
    err = capsys.readouterr().err
    assert "公示日期（--publicity-start 等参数）: " in err
    assert err.splitlines()[-1] == "发现 1 个错误，未写入任何文件；请改正命令行参数后重新运行"
    assert "Excel" not in err


def test_rules_of_its_own_are_the_objection_channel(check: Check) -> None:
    """A publicity whose rules say how to object (offices of their own) is not given the contact
    office's phone as a channel, so no warning either."""
    own = edit(BASE_CAMPAIGN, OBJECTIONS, "  objections:\n    rules: 来信来访请至市人社局人才科或市纪委派驻纪检组。\n")
    assert check(campaign=own) == []


def test_an_announced_list_is_decided_on_its_notice_date(check: Check) -> None:
    announced = edit(BASE_CAMPAIGN, "published: 2020-04-10\n", "announced: true\n")
    assert check(campaign=announced) == [
        f"{CAMPAIGN}:6:12: announced: true 表示通知公布的名单就是最终结果，不能同时写 publicity（社会公示）："
        "名单先公示、后决定的，请删除 announced，结果写在 award（表彰决定）中",
        f"{CAMPAIGN}:6:12: announced: true 表示通知公布的名单就是最终结果，自 published（发布日期）起显示为「已公布」；"
        "但评选文件没有 published（发布日期）：请写明发布日期",
    ]
