"""Every rule of data-format.md, one bad input each, asserting the exact `path:line:column: 消息`.

Each test starts from a small valid portal (BASE_CAMPAIGN + BASE_CANDIDATES, which load without
a single problem), changes one thing, and asserts the complete list of problems: so each case
fails for its own reason alone and the message HR staff read is pinned word for word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile import forms as hostile_forms

from builder.load.loader import load
from builder.model.workdays import package_years

BASE_CAMPAIGN = """\
id: demo
title: 示例评选
year: 2020
issuer: 示例市人力资源和社会保障局
doc_number: 示人社〔2020〕1号
published: 2020-04-10
notice: |
  正文
deadlines:
  - date: 2020-07-10
    time: "17:30"
    title: 推荐材料报送截止
quotas:
  allocations:
    - {unit: 甲区, seats: 2}
    - {unit: 乙市, seats: 3, reserved: {高技能人才: 1}}
  default: {seats: 1}
forms:
  - title: 登记表
    file: 登记表.docx
contact:
  phone: "0391-2118928"
publicity:
  start: 2020-09-28
  working_days: 5
  objections:
    phone: "0391-2118929"
"""

BASE_CANDIDATES = """\
campaign: demo
candidates:
  - name: 张三
    gender: 男
    unit: 甲单位
    recommended_by: 甲区
  - name: 李四
    gender: 女
    born: 1980-05
    unit: 乙单位
    recommended_by: 乙市
    category: 高技能人才
"""

CAMPAIGN = "data/campaigns/demo.yml"
CANDIDATES = "data/candidates/demo.yml"


def edit(text: str, old: str, new: str) -> str:
    """Replace the one occurrence of `old` (a test that edits nothing would prove nothing)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def person(name: str, recommended_by: str = "甲区", unit: str = "丙单位", extra: str = "") -> str:
    return (
        f"  - name: {name}\n    gender: 男\n    unit: {unit}\n"
        f"    recommended_by: {recommended_by}\n{extra}"
    )


Check = Callable[..., list[str]]


@pytest.fixture
def check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Check:
    """check(campaign=..., candidates=..., files={...}) → every problem line, errors first.

    Each call writes a fresh portal folder and makes it the working directory, so paths in
    messages read `data/...` and `load(Path("data"))` afterwards sees the same files.
    """
    runs = iter(range(1000))

    def run(
        campaign: str | None = BASE_CAMPAIGN,
        candidates: str | None = BASE_CANDIDATES,
        files: dict[str, str | bytes] | None = None,
    ) -> list[str]:
        root = tmp_path / f"run{next(runs)}"
        data = root / "data"
        for folder in ("campaigns", "candidates", "calendar"):
            (data / folder).mkdir(parents=True)
        if campaign is not None or CAMPAIGN in (files or {}):
            (data / "campaigns" / "demo").mkdir()
            (data / "campaigns" / "demo" / "登记表.docx").write_bytes(hostile_forms.docx(["登记表"]))
        if campaign is not None:
            (root / CAMPAIGN).write_text(campaign, encoding="utf-8")
        if candidates is not None:
            (root / CANDIDATES).write_text(candidates, encoding="utf-8")
        for name, content in (files or {}).items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        monkeypatch.chdir(root)
        problems = load(Path("data")).problems
        return [str(p) for p in [*problems.errors, *problems.warnings]]

    return run


def test_base_portal_has_no_problem(check: Check) -> None:
    assert check() == []


# --- schema: keys ---------------------------------------------------------------------------


def test_unknown_key_suggests_the_right_one(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    gender: 男", "    gander: 男")
    # gender is optional (most award lists do not publish it): only the typo is reported.
    assert check(candidates=bad) == [
        f"{CANDIDATES}:4:5: 第1位候选人「张三」有未知的键「gander」，是否应为 gender（性别）？",
    ]


def test_chinese_key_suggests_the_english_one(check: Check) -> None:
    bad = BASE_CANDIDATES + "    民族: 汉族\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:5: 第2位候选人「李四」有未知的键「民族」，是否应为 ethnicity（民族）？",
    ]


def test_unknown_nested_key_names_its_section(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '  phone: "0391-2118928"', '  phon: "0391-2118928"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:3: contact（联系方式）有未知的键「phon」，是否应为 phone（电话）？",
    ]


def test_unknown_key_without_a_near_match_lists_the_keys(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  default: {seats: 1}", "  default: {seats: 1}\n  beizhu: 说明")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:18:3: quotas（推荐名额）有未知的键「beizhu」；"
        "此处可用的键：target、target_note、allocations、default、exemption、note",
    ]


def test_missing_required_key(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    unit: 甲单位\n", "")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:3:5: 第1位候选人「张三」缺少必填项 unit（工作单位）",
    ]


def test_empty_required_value(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    unit: 乙单位", "    unit:")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:10:5: 第2位候选人「李四」的 unit（工作单位）为空；这是必填项，请填写",
    ]


def test_blank_text_is_empty(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "title: 示例评选", 'title: "  "')
    assert check(campaign=bad) == [f"{CAMPAIGN}:2:8: title（标题）不能为空"]


def test_wrong_literal(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    gender: 女", "    gender: 南")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:8:13: 第2位候选人「李四」的 gender（性别）为「南」，应为「男」或「女」",
    ]


def test_list_where_a_mapping_was_expected(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '  phone: "0391-2118928"', '  - phone: "0391-2118928"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:3: contact（联系方式）应为若干「键: 值」，而不是以“- ”开头的列表",
    ]


def test_mapping_where_a_list_was_expected(check: Check) -> None:
    bad = edit(
        BASE_CAMPAIGN,
        "  - date: 2020-07-10\n    time: \"17:30\"\n    title: 推荐材料报送截止",
        "  date: 2020-07-10\n  title: 推荐材料报送截止",
    )
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:10:3: deadlines（截止时间）应为列表（每项以“- ”开头），而不是若干「键: 值」",
    ]


def test_number_out_of_range(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "{unit: 甲区, seats: 2}", "{unit: 甲区, seats: -1}")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:15:25: quotas（推荐名额）的 allocations（名额分配）第1项的 seats（名额）"
        "为 -1，不能小于 0",
    ]


def test_negative_reserved_seats_name_the_category(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "reserved: {高技能人才: 1}", "reserved: {高技能人才: -1}")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:16:46: quotas（推荐名额）的 allocations（名额分配）第2项的 reserved（预留名额）"
        "的「高技能人才」为 -1，不能小于 0",
    ]


def test_quoted_number(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "year: 2020", 'year: "2020"')
    assert check(campaign=bad) == [f"{CAMPAIGN}:3:7: year（年度）为「2020」，应为整数（不要加引号）"]


def test_id_must_be_a_slug(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "id: demo", "id: Demo")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:1:5: id（编号）为「Demo」，"
        "应为小写英文字母、数字和连字符组成的编号，如 2020-jiaozuo-xueshu-daitouren",
    ]


# --- YAML pitfalls: values YAML turned into something else ------------------------------------


def test_unquoted_phone_number_is_an_int(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '  phone: "0391-2118928"', "  phone: 2118928")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:10: contact（联系方式）的 phone（电话）为「2118928」，"
        'YAML 把它读成了数字，这里应为文字，请加引号写成 "2118928"',
    ]


def test_unquoted_no_is_a_bool(check: Check) -> None:
    bad = BASE_CANDIDATES + "    ethnicity: no\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:16: 第2位候选人「李四」的 ethnicity（民族）为「no」，"
        'YAML 把它读成了是/否值，这里应为文字，请加引号写成 "no"',
    ]


def test_unquoted_no_in_a_choice(check: Check) -> None:
    bad = BASE_CANDIDATES + "    status: no\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:13: 第2位候选人「李四」的 status（状态）为「no」（YAML 把它读成了是/否值），"
        "应为「拟入选」或「入选」或「未入选」或「撤销」",
    ]


def test_unquoted_date_in_a_text_field(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "title: 示例评选", "title: 2020-01-01")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:2:8: title（标题）为「2020-01-01」，"
        'YAML 把它读成了日期，这里应为文字，请加引号写成 "2020-01-01"',
    ]


def test_unquoted_impossible_date_in_a_text_field(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "title: 示例评选", "title: 2020-02-30")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:2:8: title（标题）为「2020-02-30」，YAML 会把它当作日期读取（而这一天并不存在）；"
        '这里应为文字，请加引号写成 "2020-02-30"',
    ]


def test_unquoted_time_is_a_sexagesimal_int(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '    time: "17:30"', "    time: 17:30")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:11:11: deadlines（截止时间）第1项的 time（时间）为「17:30」，"
        'YAML 把它读成了数字，这里应为文字，请加引号写成 "17:30"',
    ]


def test_time_format(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '    time: "17:30"', '    time: "5:30 pm"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:11:11: deadlines（截止时间）第1项的 time（时间）为「5:30 pm」，"
        '应为 24 小时制的“时:分”，如 "17:30"（需加引号）',
    ]


def test_unquoted_number_in_a_list_of_text(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "issuer: 示例市人力资源和社会保障局", "issuer: [示例市人社局, 12]")
    assert check(campaign=bad) == [
        f'{CAMPAIGN}:4:18: issuer（发文单位）第2项为「12」，YAML 把它读成了数字，这里应为文字，请加引号写成 "12"',
    ]


def test_duplicate_key_at_top_level(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "year: 2020\n", "year: 2020\nyear: 2021\n")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:4:1: 键 year（年度）重复出现（第一次在第3行）；"
        "YAML 只会保留其中一个，请删除或合并重复的一项",
    ]


def test_duplicate_key_names_the_candidate(check: Check) -> None:
    bad = BASE_CANDIDATES + "    gender: 男\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:5: 第2位候选人「李四」的键 gender（性别）重复出现（第一次在第8行）；"
        "YAML 只会保留其中一个，请删除或合并重复的一项",
    ]


# --- dates ----------------------------------------------------------------------------------


def test_impossible_date(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "published: 2020-04-10", "published: 2020-02-30")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:6:12: published（发布日期）为「2020-02-30」，这一天并不存在，请检查年月日",
    ]


def test_impossible_quoted_date(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  start: 2020-09-28", '  start: "2020-09-31"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:24:10: publicity（社会公示）的 start（公示开始）为「2020-09-31」，"
        "这一天并不存在，请检查年月日",
    ]


def test_quoted_date_is_accepted(check: Check) -> None:
    good = edit(BASE_CAMPAIGN, "published: 2020-04-10", 'published: "2020-04-10"')
    assert check(campaign=good) == []


@pytest.mark.parametrize("value", ["2020-04-10 09:00", "2020-04-10 09:00:00"])
def test_date_with_a_time(check: Check, value: str) -> None:
    bad = edit(BASE_CAMPAIGN, "published: 2020-04-10", f"published: {value}")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:6:12: published（发布日期）为「{value}」，这里只写日期、不写时间，格式如 2020-04-10",
    ]


def test_date_in_another_format(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "published: 2020-04-10", "published: 2020年4月10日")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:6:12: published（发布日期）为「2020年4月10日」，应为日期，格式如 2020-04-10",
    ]


@pytest.mark.parametrize("value", ["1980-13", "1980", "八〇年五月", "1980-05-01-02"])
def test_born_format(check: Check, value: str) -> None:
    bad = edit(BASE_CANDIDATES, "    born: 1980-05", f"    born: {value}")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:9:11: 第2位候选人「李四」的 born（出生年月）为「{value}」，"
        "应为「年-月」格式，如 1980-05",
    ]


@pytest.mark.parametrize("value", ["1980-5", "1980.05", "1980-05-01", "198005", "1980年5月"])
def test_born_as_lists_write_it_is_read_as_year_month(
    value: str, tmp_path: Path
) -> None:
    """One rule for YAML and the roster import (builder.text.normalise): 1980年5月 is 1980-05."""
    from builder.model.contract import Candidate

    person = Candidate.model_validate({"name": "李四", "unit": "乙单位", "born": value})
    assert person.born == "1980-05"


def test_typographic_space_in_a_name_is_dropped_as_on_import() -> None:
    from builder.model.contract import Candidate
    from builder.tools.roster.reader import _cell_text

    class Cell:
        value = "于　全"

    assert Candidate.model_validate({"name": "于 全", "unit": "乙单位"}).name == "于全"
    assert _cell_text("name", Cell())[0] == "于全"
    assert Candidate.model_validate({"name": "John  A. Smith", "unit": "乙单位"}).name == "John A. Smith"


def test_born_quoted_is_accepted(check: Check) -> None:
    good = edit(BASE_CANDIDATES, "    born: 1980-05", '    born: "1980-05"')
    assert check(candidates=good) == []


def test_deadline_before_published(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  - date: 2020-07-10", "  - date: 2020-04-09")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:10:11: deadlines（截止时间）第1项「推荐材料报送截止」的日期 2020-04-09 "
        "早于 published（发布日期）2020-04-10",
    ]


def test_publicity_start_before_published(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  start: 2020-09-28", "  start: 2020-03-28")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:24:10: publicity（社会公示）的 start（公示开始）2020-03-28 "
        "早于 published（发布日期）2020-04-10",
    ]


def test_dates_without_published_are_not_ordered(check: Check) -> None:
    good = edit(BASE_CAMPAIGN, "published: 2020-04-10\n", "")
    good = edit(good, "  start: 2020-09-28", "  start: 2020-08-28")
    good = edit(good, "  - date: 2020-07-10", "  - date: 2020-03-01")
    assert check(campaign=good) == []


def test_publicity_end_before_start(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  working_days: 5", "  end: 2020-09-01")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:25:8: publicity（社会公示）的 end（公示结束）2020-09-01 "
        "早于 start（公示开始）2020-09-28",
    ]


def test_publicity_with_both_end_and_working_days_that_disagree(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  working_days: 5", "  working_days: 5\n  end: 2020-10-09")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:26:8: publicity（社会公示）的 end（公示结束）2020-10-09 与 working_days"
        "（公示工作日数）5 个工作日不一致：从 2020-09-28 起算 5 个工作日，公示最后一天是 2020-10-10；"
        "请改正其中一个，或只写一个",
    ]


def test_publicity_with_both_end_and_working_days_that_agree(check: Check) -> None:
    # 2020-09-28 (Mon) + 5 working days: 28, 29, 30 Sept, 9 Oct and Saturday 10 Oct, a make-up
    # working day after the National Day holiday (1-8 Oct).
    good = edit(BASE_CAMPAIGN, "  working_days: 5", "  working_days: 5\n  end: 2020-10-10")
    assert check(campaign=good) == []


def test_publicity_from_the_day_of_publication(check: Check) -> None:
    """自公示之日起: no start, the publication date is the first day (a 公示-only round: its
    notice is the 公示 itself, with no application deadline before it)."""
    good = edit(BASE_CAMPAIGN, "  start: 2020-09-28\n", "")
    good = edit(good, 'deadlines:\n  - date: 2020-07-10\n    time: "17:30"\n    title: 推荐材料报送截止\n', "")
    assert check(campaign=good) == []
    bad = edit(good, "published: 2020-04-10\n", "")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:18:1: publicity（社会公示）没有写 start（公示开始），这表示「自公示之日起」，"
        "以 published（发布日期）为公示第一天；但评选文件没有 published（发布日期）：请写明其中之一",
    ]


def test_publicity_end_time_must_be_a_quoted_time(check: Check) -> None:
    good = edit(BASE_CAMPAIGN, "  working_days: 5", '  working_days: 5\n  end_time: "17:00"')
    assert check(campaign=good) == []
    bad = edit(BASE_CAMPAIGN, "  working_days: 5", '  working_days: 5\n  end_time: "17点"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:26:13: publicity（社会公示）的 end_time（结束时间）为「17点」，"
        "应为 24 小时制的“时:分”，如 \"17:00\"（需加引号）",
    ]


def test_publicity_with_neither_end_nor_working_days(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  working_days: 5\n", "")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:23:1: publicity（社会公示）须写明 end（公示结束）或 working_days（公示工作日数）",
    ]


def test_working_days_reaching_an_unknown_year(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "  start: 2020-09-28", "  start: 2099-09-28")
    first, last = package_years()
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:25:17: 无法计算工作日：不知道2099年的法定节假日和调休安排"
        f"（日历程序包只收录{first}–{last}年）。请按国务院办公厅当年的放假通知添加 data/calendar/2099.yml",
    ]


# --- files: id, campaign, forms ---------------------------------------------------------------


def test_id_differs_from_file_stem(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "id: demo", "id: demo-2020")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:1:5: id（编号）为「demo-2020」，但文件名是 demo.yml；两者必须一致",
    ]


def test_candidates_name_a_missing_campaign(check: Check) -> None:
    other = edit(BASE_CANDIDATES, "campaign: demo", "campaign: other")
    assert check(candidates=None, files={"data/candidates/other.yml": other}) == [
        "data/candidates/other.yml:1:11: campaign（所属评选）「other」不存在："
        "没有 data/campaigns/other.yml 这个文件",
    ]


def test_candidates_campaign_differs_from_file_stem(check: Check) -> None:
    assert check(candidates=None, files={"data/candidates/demo-2.yml": BASE_CANDIDATES}) == [
        "data/candidates/demo-2.yml:1:11: campaign（所属评选）为「demo」，"
        "但文件名是 demo-2.yml；两者必须一致",
    ]


def test_missing_form_file(check: Check) -> None:
    bad = edit(
        BASE_CAMPAIGN, "    file: 登记表.docx", "    file: 登记表.docx\n  - title: 汇总表\n    file: 汇总表.xlsx"
    )
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:11: forms（表格下载）第2项「汇总表」的文件不存在："
        "请把「汇总表.xlsx」放到 data/campaigns/demo/ 文件夹中，或改正文件名",
    ]


@pytest.mark.parametrize("target", ["../demo.yml", "/etc/hostname"])
def test_form_file_outside_its_folder(check: Check, target: str) -> None:
    bad = edit(
        BASE_CAMPAIGN, "    file: 登记表.docx", f"    file: 登记表.docx\n  - title: 其他\n    file: {target}"
    )
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:11: forms（表格下载）第2项的 file（文件）「{target}」"
        "必须位于 data/campaigns/demo/ 文件夹内",
    ]


def test_same_stem_twice(check: Check) -> None:
    assert check(files={"data/campaigns/demo.yaml": BASE_CAMPAIGN}) == [
        "data/campaigns/demo.yaml:1:1: 与 data/campaigns/demo.yml 重名：同一编号只能有一个文件，请删除其中一个",
    ]


def test_empty_file(check: Check) -> None:
    assert check(campaign="") == [f"{CAMPAIGN}:1:1: 文件是空的，没有任何数据"]


def test_file_that_is_a_list(check: Check) -> None:
    assert check(campaign="- id: demo\n") == [
        f"{CAMPAIGN}:1:1: 文件内容应为若干「键: 值」，而不是列表或单个值",
    ]


# --- YAML syntax and encoding -----------------------------------------------------------------


def test_tab_indentation(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, '  phone: "0391-2118928"', '\tphone: "0391-2118928"')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:22:1: YAML 格式错误：含有制表符（Tab），请改用空格缩进"
        "（found character '\\t' that cannot start any token）",
    ]


def test_unclosed_quote_points_at_the_quote(check: Check) -> None:
    # A double-quoted value may run over lines, so YAML itself fails only at line 11.
    bad = edit(BASE_CAMPAIGN, "title: 示例评选", 'title: "示例评选')
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:2:8: YAML 格式错误：从这里开始的引号没有闭合，请补上配对的引号",
    ]


def test_unclosed_quote_at_the_end(check: Check) -> None:
    bad = BASE_CAMPAIGN + "award:\n  date: 2020-11-01\n  title: '关于表彰的决定\n"
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:30:10: YAML 格式错误：从这里开始的引号没有闭合，请补上配对的引号",
    ]


def test_unclosed_brace(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "    - {unit: 甲区, seats: 2}", "    - {unit: 甲区, seats: 2")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:15:7: YAML 格式错误：从这里开始的花括号“{{”没有闭合，或其中缺少逗号",
    ]


def test_colon_in_an_unquoted_value(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "title: 示例评选", "title: 示例: 评选")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:2:10: YAML 格式错误：此处不能出现冒号“:”——可能是本行缩进不对，"
        "也可能冒号是文字的一部分，那样请给整个值加引号（mapping values are not allowed here）",
    ]


def test_two_documents_in_one_file(check: Check) -> None:
    bad = BASE_CAMPAIGN + "---\nid: other\n"
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:28:1: YAML 格式错误：一个文件中只能有一份数据，请删除多余的“---”分隔线"
        "（but found another document）",
    ]


def test_gbk_file(check: Check) -> None:
    gbk = edit(BASE_CAMPAIGN, "title: 示例评选", "title: GBK 示例评选").encode("gbk")
    assert check(campaign=None, files={CAMPAIGN: gbk}) == [
        f"{CAMPAIGN}:2:12: 文件不是有效的 UTF-8 编码，请用 UTF-8 保存（不要用 GBK/ANSI）",
    ]


def test_utf8_with_bom_is_accepted(check: Check) -> None:
    assert check(campaign=None, files={CAMPAIGN: BASE_CAMPAIGN.encode("utf-8-sig")}) == []


# --- candidates: people, quotas, reserved seats -----------------------------------------------


def test_same_person_twice(check: Check) -> None:
    bad = BASE_CANDIDATES + person("张三", recommended_by="乙市", unit="甲单位")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:11: 第3位候选人「张三」与第1位候选人是同一人（姓名和工作单位都相同），"
        "同一名单中不能重复",
    ]


def test_same_name_in_another_unit_is_another_person(check: Check) -> None:
    good = BASE_CANDIDATES + person("张三", recommended_by="乙市", unit="乙单位")
    assert check(candidates=good) == []


def test_withdrawn_without_status_note(check: Check) -> None:
    bad = BASE_CANDIDATES + "    status: 撤销\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:13:13: 第2位候选人「李四」的 status（状态）为「撤销」，"
        "必须填写 status_note（状态说明）：撤销的原因和时间",
    ]


def test_name_too_short(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "  - name: 张三", "  - name: 张")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:3:11: 第1位候选人「张」的 name（姓名）为「张」，姓名应为 2～20 个字",
    ]


def test_recommended_by_missing_when_the_campaign_has_quotas(check: Check) -> None:
    bad = edit(BASE_CANDIDATES, "    recommended_by: 甲区\n", "")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:3:5: 第1位候选人「张三」缺少 recommended_by（推荐单位）："
        "本次评选有名额分配，须写明占用哪个单位的名额",
    ]


def test_recommended_by_not_needed_without_quota_rows(check: Check) -> None:
    campaign = edit(
        BASE_CAMPAIGN,
        "  allocations:\n    - {unit: 甲区, seats: 2}\n"
        "    - {unit: 乙市, seats: 3, reserved: {高技能人才: 1}}\n  default: {seats: 1}\n",
        "  target: 50\n",
    )
    candidates = edit(BASE_CANDIDATES, "    recommended_by: 甲区\n", "")
    assert check(campaign=campaign, candidates=candidates) == []


NO_DEFAULT = edit(BASE_CAMPAIGN, "  default: {seats: 1}\n", "")


def test_recommended_by_not_in_quotas(check: Check) -> None:
    bad = BASE_CANDIDATES + person("王五", recommended_by="某某单位")
    assert check(campaign=NO_DEFAULT, candidates=bad) == [
        f"{CANDIDATES}:16:21: 第3位候选人「王五」的 recommended_by（推荐单位）「某某单位」"
        "不在名额表中；名额表中有：甲区、乙市",
    ]


def test_recommended_by_not_in_quotas_suggests_a_unit(check: Check) -> None:
    bad = BASE_CANDIDATES + person("王五", recommended_by="甲县")
    assert check(campaign=NO_DEFAULT, candidates=bad) == [
        f"{CANDIDATES}:16:21: 第3位候选人「王五」的 recommended_by（推荐单位）「甲县」"
        "不在名额表中；是否应为「甲区」？",
    ]


def test_default_row_takes_any_other_unit(check: Check) -> None:
    good = BASE_CANDIDATES + person("王五", recommended_by="某某单位")
    assert check(candidates=good) == []


def test_default_row_warns_on_a_near_miss(check: Check) -> None:
    near = BASE_CANDIDATES + person("王五", recommended_by="乙市本级")
    assert check(candidates=near) == [
        f"{CANDIDATES}:16:21: 警告：第3位候选人「王五」的 recommended_by（推荐单位）「乙市本级」"
        "不在 allocations（名额分配）中，按 default（其他单位名额）计算；是否应为「乙市」？",
    ]


def test_over_seats(check: Check) -> None:
    bad = BASE_CANDIDATES + person("王五") + person("赵六")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:20:21: 推荐单位「甲区」的名额为 2 人，实际推荐 3 人"
        "（不含不占名额和已撤销的人选）：张三、王五、赵六",
    ]


def test_over_default_seats_per_unit(check: Check) -> None:
    bad = BASE_CANDIDATES + person("王五", "丁县") + person("赵六", "戊县") + person("钱七", "丁县")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:24:21: 推荐单位「丁县」的名额为 1 人，实际推荐 2 人"
        "（不含不占名额和已撤销的人选）：王五、钱七",
    ]


def test_exempt_and_withdrawn_are_not_counted(check: Check) -> None:
    # 甲区 has 2 seats; counting either of the last two would make 3.
    good = (
        BASE_CANDIDATES
        + person("王五")
        + person("赵六", extra="    quota_exempt: 援鄂医疗队队员\n")
        + person("钱七", extra="    status: 撤销\n    status_note: 2020年9月本人申请退出\n")
    )
    assert check(candidates=good) == []


def test_over_non_reserved_seats(check: Check) -> None:
    # 乙市: 3 seats, 1 reserved for 高技能人才 → at most 2 who are not; 3 in all is fine.
    bad = (
        edit(BASE_CANDIDATES, "    category: 高技能人才\n", "")
        + person("王五", "乙市")
        + person("赵六", "乙市")
    )
    assert check(candidates=bad) == [
        f"{CANDIDATES}:19:21: 推荐单位「乙市」的名额为 3 人，其中预留高技能人才 1 人；"
        "非高技能人才人选最多 2 人，实际推荐 3 人（不含不占名额和已撤销的人选）：李四、王五、赵六",
    ]


def test_reserved_seats_filled_by_their_category(check: Check) -> None:
    good = BASE_CANDIDATES + person("王五", "乙市") + person("赵六", "乙市")
    assert check(candidates=good) == []


def test_reserved_seats_of_two_categories(check: Check) -> None:
    campaign = edit(
        BASE_CAMPAIGN,
        "{unit: 乙市, seats: 3, reserved: {高技能人才: 1}}",
        "{unit: 乙市, seats: 4, reserved: {高技能人才: 1, 青年人才: 1}}",
    )
    # 4 seats, one held for each category. Nobody here is 青年人才, so the 青年人才 seat stays
    # empty and at most 4 - 1 = 3 may be nominated; once 钱七 is 青年人才 all four fit.
    bad = (
        BASE_CANDIDATES
        + person("王五", "乙市", extra="    category: 高技能人才\n")
        + person("赵六", "乙市")
        + person("钱七", "乙市")
    )
    assert check(campaign=campaign, candidates=bad) == [
        f"{CANDIDATES}:25:21: 推荐单位「乙市」的名额为 4 人，其中预留高技能人才 1 人、青年人才 1 人；"
        "非青年人才人选最多 3 人，实际推荐 4 人（不含不占名额和已撤销的人选）：李四、王五、赵六、钱七",
    ]
    good = edit(bad, "  - name: 钱七\n", "  - name: 钱七\n    category: 青年人才\n")
    assert check(campaign=campaign, candidates=good) == []


def test_near_miss_category_warns(check: Check) -> None:
    near = BASE_CANDIDATES + person("王五", "乙市", extra="    category: 高技能\n")
    assert check(candidates=near) == [
        f"{CANDIDATES}:17:15: 警告：第3位候选人「王五」的 category（类别）「高技能」与预留名额的类别"
        "「高技能人才」不完全相同，不会计入预留名额；是否应为「高技能人才」？",
    ]


def test_reserved_more_than_seats(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "{unit: 甲区, seats: 2}", "{unit: 甲区, seats: 2, reserved: {高技能人才: 3}}")
    assert check(campaign=bad) == [
        f"{CAMPAIGN}:15:38: 「甲区」的 reserved（预留名额）合计 3 人，超过其 seats（名额）2 人",
    ]


def test_unit_twice_in_the_quota_table(check: Check) -> None:
    bad = edit(BASE_CAMPAIGN, "{unit: 甲区, seats: 2}", "{unit: 乙市, seats: 2}")
    candidates = edit(BASE_CANDIDATES, "recommended_by: 甲区", "recommended_by: 乙市")
    assert check(campaign=bad, candidates=candidates) == [
        f"{CAMPAIGN}:16:14: 推荐单位「乙市」在 allocations（名额分配）中重复出现（第一次是第1项）",
    ]


# --- one run, every file; no confusing follow-ups -------------------------------------------


def test_every_problem_of_every_file_in_one_run(check: Check) -> None:
    campaign = edit(BASE_CAMPAIGN, '  phone: "0391-2118928"', "  phone: 2118928")
    campaign = edit(campaign, "  - date: 2020-07-10", "  - date: 2020-04-09")
    candidates = edit(BASE_CANDIDATES, "    gender: 女", "    gender: 南")
    candidates += person("张三", recommended_by="乙市", unit="甲单位")
    calendar = "year: 2098\nsource: 测试\n"
    second = edit(BASE_CAMPAIGN, "id: demo", "id: second")
    second = edit(second, "year: 2020", "year: 2020.5")
    second = edit(second, "    file: 登记表.docx", "    file: 缺.docx")
    assert check(
        campaign=campaign,
        candidates=candidates,
        files={"data/calendar/2099.yml": calendar, "data/campaigns/second.yml": second},
    ) == [
        "data/calendar/2099.yml:1:7: year（年份）为 2098，但文件名是 2099.yml；两者必须一致",
        # the salvaged campaign still gets its date-order rule
        f"{CAMPAIGN}:10:11: deadlines（截止时间）第1项「推荐材料报送截止」的日期 2020-04-09 "
        "早于 published（发布日期）2020-04-10",
        f"{CAMPAIGN}:22:10: contact（联系方式）的 phone（电话）为「2118928」，"
        'YAML 把它读成了数字，这里应为文字，请加引号写成 "2118928"',
        "data/campaigns/second.yml:3:7: year（年度）为「2020.5」，应为整数",
        "data/campaigns/second.yml:20:11: forms（表格下载）第1项「登记表」的文件不存在："
        "请把「缺.docx」放到 data/campaigns/second/ 文件夹中，或改正文件名",
        f"{CANDIDATES}:8:13: 第2位候选人「李四」的 gender（性别）为「南」，应为「男」或「女」",
        # the salvaged list (李四 left out) still gets its same-person rule
        f"{CANDIDATES}:13:11: 第3位候选人「张三」与第1位候选人是同一人（姓名和工作单位都相同），"
        "同一名单中不能重复",
    ]


def test_broken_campaign_causes_no_follow_up_errors(check: Check) -> None:
    # The quota table is broken, so nothing can be counted against it: the candidates file,
    # which would be over quota and use unknown units, reports nothing of its own.
    campaign = edit(BASE_CAMPAIGN, "{unit: 甲区, seats: 2}", "{unit: 甲区, seats: 两}")
    candidates = BASE_CANDIDATES + person("王五") + person("赵六") + person("钱七", "某单位")
    assert check(campaign=campaign.replace("  default: {seats: 1}\n", ""), candidates=candidates) == [
        f"{CAMPAIGN}:15:25: quotas（推荐名额）的 allocations（名额分配）第1项的 seats（名额）"
        "为「两」，应为整数",
    ]


def test_unparseable_campaign_causes_no_follow_up_errors(check: Check) -> None:
    campaign = edit(BASE_CAMPAIGN, "title: 示例评选", "title: [示例评选")
    candidates = BASE_CANDIDATES + person("王五") + person("赵六")
    problems = check(campaign=campaign, candidates=candidates)
    assert problems == [f"{CAMPAIGN}:2:8: YAML 格式错误：从这里开始的方括号“[”没有闭合，或其中缺少逗号"]


# --- warnings -------------------------------------------------------------------------------


def test_unlisted_file_in_the_forms_folder_is_a_warning(check: Check) -> None:
    assert check(files={"data/campaigns/demo/旧表.doc": b"old"}) == [
        f"{CAMPAIGN}:18:1: 警告：文件 data/campaigns/demo/旧表.doc 没有列在 forms（表格下载）中，"
        "不会出现在网站上",
    ]


def test_stray_files_and_folders_are_warnings(check: Check) -> None:
    assert check(
        files={
            "data/candidates/名单.xlsx": b"PK",
            "data/campaigns/old/表.docx": b"PK",
            "data/candidates/.gitkeep": b"",
        }
    ) == [
        "data/campaigns/old:1:1: 警告：文件夹没有对应的评选文件 data/campaigns/old.yml，"
        "其中的文件不会出现在网站上",
        "data/candidates/名单.xlsx:1:1: 警告：这不是 .yml 数据文件，已忽略；"
        "如果它是数据文件，请把扩展名改为 .yml",
    ]


def test_decided_candidates_without_award_is_a_warning(check: Check) -> None:
    candidates = edit(BASE_CANDIDATES, "    unit: 甲单位\n", "    unit: 甲单位\n    status: 入选\n")
    assert check(candidates=candidates) == [
        f"{CANDIDATES}:2:1: 警告：名单中已有 1 人标为入选/未入选，但评选文件没有 award（表彰决定）："
        "入选、未入选自决定日期起才显示，在写上 award 之前网站上只列为公示人选。"
        "通知公布的名单就是最终结果（如命名）时，在评选文件中写 announced: true",
    ]


def test_warnings_do_not_stop_the_portal(check: Check) -> None:
    check(files={"data/campaigns/demo/旧表.doc": b"old"})
    loaded = load(Path("data"))
    assert loaded.portal is not None
    assert [str(w.severity) for w in loaded.problems.items] == ["warning"]


def test_errors_stop_the_portal(check: Check) -> None:
    check(campaign=edit(BASE_CAMPAIGN, "id: demo", "id: other"))
    assert load(Path("data")).portal is None


# --- the loaded portal ----------------------------------------------------------------------


def test_loaded_round(check: Check) -> None:
    assert check() == []
    portal = load(Path("data")).portal
    assert portal is not None
    (round_,) = portal.rounds
    assert round_.publicity_end == dt.date(2020, 10, 10)
    assert [p.name for p in round_.people] == ["张三", "李四"]
    form = next(f for f in round_.forms if f.file == "登记表.docx")
    assert (form.title, form.size, form.format) == (
        "登记表", len(hostile_forms.docx(["登记表"])), "Word 文档（DOCX）"
    )


def test_rounds_without_published_sort_by_year_then_earliest_deadline(check: Check) -> None:
    def campaign(id_: str, year: int, published: str | None, deadlines: list[str]) -> str:
        text = edit(BASE_CAMPAIGN, "id: demo", f"id: {id_}")
        text = edit(text, "year: 2020", f"year: {year}")
        text = edit(text, "published: 2020-04-10\n", f"published: {published}\n" if published else "")
        rows = "".join(f"  - date: {d}\n    title: 截止{i}\n" for i, d in enumerate(deadlines))
        text = edit(text, '  - date: 2020-07-10\n    time: "17:30"\n    title: 推荐材料报送截止\n', rows)
        text = edit(text, "forms:\n  - title: 登记表\n    file: 登记表.docx\n", "")
        return edit(text, "publicity:\n  start: 2020-09-28\n  working_days: 5\n"
                    '  objections:\n    phone: "0391-2118929"\n', "")

    files: dict[str, str | bytes] = {
        "data/campaigns/a2013.yml": campaign("a2013", 2013, None, ["2013-04-15"]),
        "data/campaigns/b2020.yml": campaign("b2020", 2020, "2020-04-10", ["2020-07-10"]),
        # no published: its earliest deadline (2020-03-01) puts it before b2020
        "data/campaigns/c2020.yml": campaign("c2020", 2020, None, ["2020-09-01", "2020-03-01"]),
        # published in 2019 for the 2021 round: the year comes first
        "data/campaigns/d2021.yml": campaign("d2021", 2021, "2019-12-20", ["2020-01-10"]),
    }
    assert check(campaign=None, candidates=None, files=files) == []
    portal = load(Path("data")).portal
    assert portal is not None
    assert [r.id for r in portal.rounds] == ["d2021", "b2020", "c2020", "a2013"]


# --- calendar files -------------------------------------------------------------------------

CALENDAR = """\
year: 2099
source: 测试用的假日安排
holidays: [2099-01-01, 2099-01-02]
workdays: [2099-01-03]
"""


def test_calendar_year_differs_from_file_stem(check: Check) -> None:
    assert check(files={"data/calendar/2098.yml": CALENDAR}) == [
        "data/calendar/2098.yml:1:7: year（年份）为 2099，但文件名是 2098.yml；两者必须一致",
    ]


def test_calendar_date_outside_its_year(check: Check) -> None:
    bad = edit(CALENDAR, "2099-01-02]", "2100-01-02]")
    assert check(files={"data/calendar/2099.yml": bad}) == [
        "data/calendar/2099.yml:3:24: holidays（放假日期）中的 2100-01-02 不属于 2099 年",
    ]


def test_calendar_source_required(check: Check) -> None:
    bad = edit(CALENDAR, "source: 测试用的假日安排\n", "")
    assert check(files={"data/calendar/2099.yml": bad}) == [
        "data/calendar/2099.yml:1:1: 缺少必填项 source（依据）",
    ]


def test_calendar_day_both_off_and_working(check: Check) -> None:
    bad = edit(CALENDAR, "workdays: [2099-01-03]", "workdays: [2099-01-03, 2099-01-02]")
    assert check(files={"data/calendar/2099.yml": bad}) == [
        "data/calendar/2099.yml:4:24: 2099-01-02 同时列在 holidays（放假日期）和 workdays（调休上班日期）中",
        "data/calendar/2099.yml:4:24: 警告：workdays（调休上班日期）中的 2099-01-02 是星期五，"
        "本来就是工作日；这里只需列出调休上班的周六、周日",
    ]


def test_calendar_impossible_date(check: Check) -> None:
    bad = edit(CALENDAR, "2099-01-02]", "2099-02-29]")
    assert check(files={"data/calendar/2099.yml": bad}) == [
        "data/calendar/2099.yml:3:24: holidays（放假日期）第2项为「2099-02-29」，这一天并不存在，请检查年月日",
    ]


def test_a_personal_number_is_reported_once_by_the_guard_never_echoed(tmp_path: Path) -> None:
    """An unquoted ID number is also an int where text was meant; only the guard's message
    (masked) is shown, so no message repeats the number whole."""
    data = tmp_path / "data"
    (data / "campaigns").mkdir(parents=True)
    (data / "candidates").mkdir()
    (data / "campaigns" / "r.yml").write_text(
        "id: r\ntitle: 测试评选\nyear: 2020\nissuer: 示例局\ndoc_number: 示〔2020〕1号\nnotice: 正文\n",
        encoding="utf-8",
    )
    (data / "candidates" / "r.yml").write_text(
        "campaign: r\ncandidates:\n  - name: 张三\n    gender: 男\n    unit: 甲单位\n"
        "    title: 110105198001010016\n",
        encoding="utf-8",
    )
    errors = load(data).problems.errors
    assert [(e.line, e.column) for e in errors] == [(6, 12)]
    assert "身份证号" in errors[0].message
    assert "110105198001010016" not in errors[0].message


# --- real lists (issue 13): collectives, sections, names as published ------------------------

TEAM = """\
  - name: 张三技能大师工作室
    kind: 集体
    unit: 丙单位
    recommended_by: 甲区
    leader: 张三
    leader_title: 领衔人
    members_count: 8
    members: [张三, 王五]
"""


def test_a_collective_is_one_entry_against_the_quota(check: Check) -> None:
    # 甲区 has 2 seats: 张三 and one collective of 8 people fill them, no more.
    assert check(candidates=BASE_CANDIDATES + TEAM) == []
    assert check(candidates=BASE_CANDIDATES + TEAM + person("赵六")) == [
        f"{CANDIDATES}:24:21: 推荐单位「甲区」的名额为 2 人，实际推荐 3 人"
        "（不含不占名额和已撤销的人选）：张三、张三技能大师工作室、赵六",
    ]


def test_a_collective_has_no_gender_or_birth(check: Check) -> None:
    bad = BASE_CANDIDATES + TEAM + "    gender: 男\n    born: 1980-05\n"
    assert check(candidates=bad) == [
        f"{CANDIDATES}:21:5: 第3位候选人「张三技能大师工作室」是集体（kind: 集体），不填 gender（性别）；请删除这一行",
        f"{CANDIDATES}:22:5: 第3位候选人「张三技能大师工作室」是集体（kind: 集体），不填 born（出生年月）；请删除这一行",
    ]


def test_leader_belongs_to_a_collective(check: Check) -> None:
    bad = BASE_CANDIDATES + person("赵六", "乙市", extra="    leader: 赵六\n")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:17:5: 第3位候选人「赵六」的 leader（负责人）只用于集体；如果这是一个集体，请写 kind: 集体",
    ]


def test_more_members_listed_than_counted(check: Check) -> None:
    bad = edit(BASE_CANDIDATES + TEAM, "    members_count: 8", "    members_count: 1")
    assert check(candidates=bad) == [
        f"{CANDIDATES}:19:20: 第3位候选人「张三技能大师工作室」的 members（成员）列出 2 人，"
        "多于 members_count（成员人数）1 人",
    ]


def test_long_names_only_in_latin_letters_or_for_collectives(check: Check) -> None:
    latin = BASE_CANDIDATES + person("Johannes M. Example-Beispiel", "乙市")
    assert check(candidates=latin) == []
    han = BASE_CANDIDATES + person("阿" * 21, "乙市")
    assert check(candidates=han) == [
        f"{CANDIDATES}:13:11: 第3位候选人「{'阿' * 21}」的 name（姓名）为「{'阿' * 21}」，"
        "姓名应为 2～20 个字（外文姓名和集体名称可以更长：集体请写 kind: 集体）",
    ]


SECTIONED = """\
campaign: demo
sections:
  - title: 突出贡献奖
    order: listed
  - title: 创新奖
candidates:
  - name: 张三
    unit: 甲单位
    recommended_by: 甲区
    section: 突出贡献奖
  - name: 李四
    unit: 乙单位
    recommended_by: 乙市
    section: 创新奖
"""


def test_sections(check: Check) -> None:
    assert check(candidates=SECTIONED) == []
    unknown = edit(SECTIONED, "    section: 创新奖", "    section: 创新")
    assert check(candidates=unknown) == [
        f"{CANDIDATES}:14:14: 第2位候选人「李四」的 section（分组）「创新」不在名单的 sections（分组）中；"
        "是否应为「创新奖」？",
    ]
    missing = edit(SECTIONED, "    section: 创新奖\n", "")
    assert check(candidates=missing) == [
        f"{CANDIDATES}:11:5: 第2位候选人「李四」缺少 section（分组）：名单分为「创新奖」、「突出贡献奖」，"
        "须写明所在的组",
    ]
    stray = BASE_CANDIDATES + "    section: 创新奖\n"
    assert check(candidates=stray) == [
        f"{CANDIDATES}:13:14: 第2位候选人「李四」的 section（分组）「创新奖」不在名单的 sections（分组）中；"
        "名单没有 sections（分组），请在名单开头列出各组，或删除这一行",
    ]
