"""`gongshi new-campaign <id>`: a commented campaign file and an empty candidates file to fill in.

The campaign file names every field with a Chinese comment. Required texts are left empty and
every date reads `请填写日期`, so an untouched file cannot be published: validation names each
field still to fill. Optional sections are commented-out examples; deleting the leading `# ` of
their lines turns them on (tests check that doing so gives a valid file once the blanks are
filled).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from builder.files.atomicfs import write_atomically
from builder.model import clock
from builder.model.contract import SLUG_RE
from builder.text.problems import display_path

DATE_PLACEHOLDER = "请填写日期"
CAMPAIGN_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/campaign.schema.json"
CANDIDATES_SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/candidates.schema.json"

# Lines starting with "@ " are optional examples: written commented out ("# ").
_CAMPAIGN = """\
{schema}
# 评选文件：{id}
# 由 gongshi new-campaign 生成。请按注释逐项填写，填好后运行 gongshi validate 检查、make serve 预览。
# 以“#”开头的行是说明或可选内容，不会被读取。要启用某个可选项，删除它每一行开头的“# ”
# （井号和它后面的一个空格），其余的空格保持不动。
# 所有写着“{date}”的地方都要改成真实日期，格式 YYYY-MM-DD，如 {year}-04-10。

# 评选编号：与文件名相同，是网址 /campaigns/{id}/ 的一部分，发布后不要再改。
id: {id}

# 通知标题（必填），照录原文，写在引号里，如 "关于开展{year}年度学术技术带头人推荐工作的通知"
title: ""

# 系列名称（可选）：同一评选不同年度共用的名称，用于归档；不填则用标题。
@ series: 某某市学术技术带头人

# 评选年度（必填）
year: {year}

# 发文单位（必填），照录原文。一个单位写在引号里；多个单位写成 [单位一, 单位二]
issuer: ""

# 通知文号（可选），原样照录，写在引号里；通知没有文号时不写，网站上不显示文号。
@ doc_number: "焦人社文〔2020〕28号"

# 印发/发布日期（通知写明时填写）；通知没有写明日期时，删除这一行。
published: {date}

# 一句话摘要（可选），显示在首页和搜索结果中。
@ summary: {year}年度推荐工作开始，推荐材料请于截止日期前报送。

# 示例数据：真实评选写 false；虚构的演示数据写 true（网站每页都会标明“示例数据”）。
sample: false

# 通知正文（必填），Markdown 格式，不允许 HTML。写法：把下面的 notice: "" 改成 notice: |
# 然后从下一行起粘贴正文，每行前面加两个空格，例如：
#   notice: |
#     各县（市、区）人力资源和社会保障局，市直各单位：
#
#     ### 一、推荐范围
notice: ""

# 截止时间，可写多项，每项以“- ”开头。time（可选）须加引号，如 "17:30"；不写表示当天结束。
# kind（可选）：申报 表示申报、报送的截止时间，决定网站显示“申报中”还是“申报已截止”；
# 信息 表示通知告知的日期（资格审查结果公布、评审会议等），不影响申报状态。
# 不写时，标题含“截止”的为申报，其余为信息。只有公示、没有申报阶段的评选，删除 deadlines 这几行。
deadlines:
  - date: {date}
    title: ""    # 截止事项，如 "推荐材料报送截止"
@     time: "17:30"
@     note: 逾期不报的单位，视为自动放弃推荐资格
@   - date: {date}
@     title: 资格审查结果公布
@     kind: 信息

# 推荐名额（可选）。有名额分配时启用下面各行，每个推荐单位一行；候选人的推荐单位须与这里一字不差。
# 有名额时，网站会自动提供“推荐人员花名册（空白模板）”供下载，其中推荐单位可下拉选择。
@ quotas:
@   target: 50    # 拟选拔人数，仅作说明
@   allocations:    # unit 推荐单位，group 分组，seats 名额，reserved 预留名额
@     - {{unit: 某某区, group: 县市区, seats: 5}}
@     - {{unit: 某某县, group: 县市区, seats: 8, reserved: {{高技能人才: 2}}}}
@   default: {{group: 市直单位, seats: 4}}    # 名额表未列出的单位适用的名额；不写则只接受表中的单位
@   exemption: 对在重大突发事件一线表现突出的专业技术人才，不受指标限制。    # 不占名额的情形

# 表格下载（可选）：先把文件放进 data/campaigns/{id}/ 文件夹，再在这里列出，每个文件一项。
# 网站会显示每个文件的格式、大小、SHA-256 和日期；列出的文件不存在时无法生成网站。
@ forms:
@   - title: 推荐人选登记表
@     file: 登记表.docx    # 文件名，相对于 data/campaigns/{id}/ 文件夹
@     note: A4 纸打印

# 联系方式（可选）：受理部门。纯数字的电话号码要加引号。
@ contact:
@   department: 某某局专业技术人员管理科
@   person: 王老师    # 联系人（可选）
@   address: 某某大厦607房间
@   phone: "0391-2118928"
@   email: rencai@example.org

# 社会公示（名单确定后填写）：start 公示开始日期；通知写“自公示之日起”时不写 start，
# 以 published（发布日期）为第一天。公示期写 working_days（工作日数）或 end（结束日期），
# 也可以照通知两个都写（两者须一致，否则报错）。工作日不含周末和法定节假日，调休上班日计入。
# end_time（可选）：通知写“2月21日17:00前”时写 "17:00"（须加引号）；不写表示当天结束。
# title、doc_number（可选）：公示原文自己的标题和文号；不写标题时按名单标题写成“关于……的公示”，
# 公示页只把通知的文号列为“依据”。rules 照录公示原文的受理规则；不写则网站不添加任何规则。
# index_number（可选）：本单位政府信息公开系统已给公示编的索引号，照录；不写时网站自动编号。
@ publicity:
@   start: {date}
@   working_days: 5
@   end_time: "17:00"
@   title: 关于{year}年某某评选拟入选人选的公示
@   doc_number: 某人社文〔{year}〕2号
@   index_number: 11441700007280420Y/{year}-00051
@   objections:    # 异议受理方式
@     phone: "0391-2118928"
@     email: rencai@example.org
@     address: 某某大厦607房间
@     rules: |
@       照录公示原文的受理规则，如：公示期间可来信、来电、来访，由某某科受理。

# 表彰决定（评选结束后填写），同时把名单中每人的状态改为“入选”或“未入选”。
# 可以提前提交：决定日期（date）之前，网站上不显示决定，也不显示谁入选。
@ award:
@   date: {date}
@   doc_number: 某人社文〔{year}〕1号
@   title: 关于公布{year}年度评选结果的通知

# 通知公布的名单本身就是最终结果（命名、公布名单），没有公示和另外的表彰决定时，
# 不写 publicity 和 award，改写下面一行（须写 published：名单自发布日期起显示为“已公布”）。
# announced: true

# 政府信息公开（可选）：index_number 照录本单位政府信息公开系统已给通知编的索引号，不写时按
# data/site.yml 的 org_code（机构代码）自动编号；subject 是这一轮的主题分类，不写时用
# data/site.yml 的 subject（默认 劳动、人事、监察\\人事工作）。
@ index_number: 11441700007280420Y/{year}-00050
@ subject: 劳动、人事、监察\\人事工作
"""

_CANDIDATES = """\
{schema}
# 「{id}」的候选人名单。
# 用 Excel 填写：gongshi export-roster {id} 生成花名册，填好后用
#   gongshi import-roster 花名册.xlsx --campaign {id}
# 导入（会检查每一行，没有错误才写入；按推荐单位合并，本文件中的注释会保留）。
# 也可以直接在本文件中逐人填写：把 candidates: [] 改成 candidates:，然后每人一段，例如
#   - name: 张三
#     gender: 男              # 可选：名单不公布性别时不写
#     unit: 某某市人民医院
#     recommended_by: 某某区
#     honours: [中国工程院院士]                # 可选：院士等称号
#     other_units: [某某大学]                  # 可选：同时任职的其他单位
#   - name: John A. Smith                      # 外文姓名照录，可超过 20 个字符
#     name_zh: 约翰·史密斯                      # 可选：中文译名，可按译名查找
#     unit: 某某研究院
#   - name: 张三技能大师工作室                   # 集体（团队、工作室）：写 kind: 集体
#     kind: 集体
#     unit: 某某公司                            # 所在（依托）单位
#     leader: 张三                              # 可选：负责人
#     leader_title: 领衔人                      # 可选：负责人、领衔人、带头人、队长 或 组长
#     members_count: 8                          # 可选：成员人数
#     members: [张三, 李四]                     # 可选：成员姓名
#     recommended_by: 某某区                    # 一个集体占一个名额
# 名单分组公布（如奖项等次）时，在 candidates 前写 sections，每人写 section（分组），例如
#   sections:
#     - title: 突出贡献奖
#       order: listed      # 本组排序（可选）
#     - title: 创新奖
# 名单有自己的列（招聘名单的准考证号、成绩，职称名单的评审资格）时，用 columns 按原件的顺序列出各列：
# 内置的列写名称，自己的列写 {{label: 列名, kind: 类型}}（类型：文本、编号、分数、名次、日期），
# 每人的值写在 extra 中并加引号；group_by 按某一列分组（详见操作手册“名单的列”），例如
#   group_by: 岗位名称
#   columns:
#     - {{label: 岗位名称, kind: 文本}}
#     - 姓名
#     - {{label: 准考证号, kind: 编号}}
#     - {{label: 总成绩, kind: 分数, result: true}}
#   candidates:
#     - name: 张三
#       extra: {{岗位名称: 语文教师, 准考证号: "2026089159", 总成绩: "80.40"}}
campaign: {id}
# title: {year}年某某评选拟推荐人选名单    # 名单标题（可选）
order: stroke    # 排序：stroke 按姓氏笔画（默认），pinyin 按拼音，listed 按本文件中的顺序
# show_not_selected: true    # 有表彰决定后默认不公布“未入选”人员；确需公布时写这一行
candidates: []
"""


def campaign_text(campaign_id: str, year: int, *, examples_on: bool = False) -> str:
    """The campaign file; `examples_on` renders the optional examples enabled (for tests)."""
    text = _CAMPAIGN.format(
        schema=CAMPAIGN_SCHEMA_LINE, id=campaign_id, year=year, date=DATE_PLACEHOLDER
    )
    prefix = "" if examples_on else "# "
    return "".join(
        prefix + line[2:] if line.startswith("@ ") else line
        for line in text.splitlines(keepends=True)
    )


def candidates_text(campaign_id: str, year: int) -> str:
    return _CANDIDATES.format(schema=CANDIDATES_SCHEMA_LINE, id=campaign_id, year=year)


def year_of(campaign_id: str, today_year: int) -> int:
    """The year an id starts with (2026-shili-…), else the current year."""
    m = re.match(r"^((?:19|20|21)\d{2})(?:-|$)", campaign_id)
    return int(m.group(1)) if m else today_year


@dataclass
class Created:
    paths: list[Path]
    errors: list[str]


def new_campaign(data_dir: Path, campaign_id: str, year: int | None = None) -> Created:
    """Write the two files of a new round; nothing is written when either exists."""
    if not re.fullmatch(SLUG_RE, campaign_id):
        return Created([], [
            f"编号「{campaign_id}」不合格式：只能用小写英文字母、数字和连字符（-），"
            "以字母或数字开头和结尾，如 2026-jiaozuo-xueshu-daitouren"
        ])
    if year is None:
        year = year_of(campaign_id, clock.today().year)
    data_dir = Path(data_dir)
    campaign = data_dir / "campaigns" / f"{campaign_id}.yml"
    people = data_dir / "candidates" / f"{campaign_id}.yml"
    existing = [p for p in (campaign, people, campaign.with_suffix(".yaml"), people.with_suffix(".yaml"))
                if p.exists()]
    if existing:
        return Created([], [
            f"{display_path(p)} 已经存在，未做任何改动：new-campaign 不会覆盖已有文件。"
            "如要新建，请换一个编号；如要修改，请直接编辑该文件"
            for p in existing
        ])
    write_atomically(campaign, campaign_text(campaign_id, year))
    write_atomically(people, candidates_text(campaign_id, year))
    return Created([campaign, people], [])


def cmd_new_campaign(args: argparse.Namespace) -> int:
    created = new_campaign(Path(args.data), args.id, args.year)
    for error in created.errors:
        print(error, file=sys.stderr)
    if created.errors:
        return 1
    campaign, people = created.paths
    print(f"已创建 {display_path(campaign)}（评选文件，请按其中的注释填写）")
    print(f"已创建 {display_path(people)}（候选人名单，目前为空）")
    print(
        "下一步：填写评选文件后运行 gongshi validate 检查；"
        f"有名额分配时，可用 gongshi export-roster {args.id} 生成花名册。"
    )
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new-campaign", help="新建一轮评选：生成带注释的评选文件和空的候选人名单")
    p.add_argument("id", help="评选编号，如 2026-jiaozuo-xueshu-daitouren")
    p.add_argument("--data", default="data", help="数据目录（默认 data）")
    p.add_argument("--year", type=int, help="评选年度（默认取编号开头的年份，否则为今年）")
    p.set_defaults(func=cmd_new_campaign)
