"""The data contract (../shared/spec/data-format.md) as immutable pydantic models.

Field types are strict where YAML could silently change a value: text fields accept only text,
so an unquoted phone number (an int) or `no` (a bool) is reported instead of published wrong.
Every field's Chinese label lives in `json_schema_extra["label"]` via `Field(title=...)`; the
error messages, the JSON Schema and the roster headers all read it from here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

from builder.text import normalise, orgcode

SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
GENDERS = ("男", "女")
STATUSES = ("拟入选", "入选", "未入选", "撤销")
ORDERS = ("stroke", "pinyin", "listed")
COLUMN_KINDS = ("文本", "编号", "分数", "名次", "日期")
"""Kinds of a list's own column (`{label: 准考证号, kind: 编号}`): 文本 free text; 编号 an
identifier kept as written (leading zeros, never a number, never taken for a mobile number);
分数 a decimal shown with the decimals it was given (80.40); 名次 a whole number; 日期 a date."""

BUILTIN_COLUMNS: dict[str, str] = {
    "姓名": "name",
    "性别": "gender",
    "出生年月": "born",
    "民族": "ethnicity",
    "学历": "education",
    "职称": "title",
    "职务": "position",
    "工作单位": "unit",
    "推荐单位": "recommended_by",
    "类别": "category",
    "专业领域": "field",
    "荣誉称号": "honours",
    "负责人": "leader",
    "人数": "members_count",
    "成员": "members",
    "中文译名": "name_zh",
    "其他单位": "other_units",
    "其他职务": "other_positions",
    "不占名额原因": "quota_exempt",
}
"""The built-in fields a list's `columns` may name, by the label the table shows (a candidate
field's title; 人数 is `members_count`)."""


def _parse_date(value: object) -> object:
    """Accept a YAML date or an ISO `YYYY-MM-DD` string; refuse datetimes and numbers."""
    if isinstance(value, dt.datetime):
        return value  # rejected below with a clear type error
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise PydanticCustomError("impossible_date", "no such day: {value}", {"value": value}) from exc
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date), Field(strict=True)]


BORN = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")


def born_pattern(value: str) -> str:
    """YYYY-MM after normalisation; reported as pydantic's own pattern error (same message)."""
    if not BORN.match(value):
        raise PydanticCustomError(
            "string_pattern_mismatch", "String should match pattern '{pattern}'",
            {"pattern": BORN.pattern},
        )
    return value


# Names Windows reserves for devices: a repository with data/campaigns/con.yml cannot be checked
# out there, where many HR staff work.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
)


def _not_reserved(value: str) -> str:
    if value in WINDOWS_RESERVED:
        raise ValueError(f"「{value}」是 Windows 保留的设备名，以它命名的文件在 Windows 上无法检出，请换一个编号")
    return value


Slug = Annotated[StrictStr, Field(pattern=SLUG_RE), AfterValidator(_not_reserved)]


def strip(value: str) -> str:
    return value.strip()


Text = Annotated[StrictStr, AfterValidator(strip), Field(min_length=1)]
LongText = Annotated[StrictStr, Field(min_length=1)]
Count = Annotated[StrictInt, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Deadline(_Model):
    date: Date = Field(title="日期", description="截止日期，格式 YYYY-MM-DD，如 2020-07-10")
    time: Annotated[StrictStr, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = Field(
        None, title="时间", description="北京时间 HH:MM，需加引号，如 \"17:30\"；不填表示当天结束"
    )
    title: Text = Field(title="标题", description="截止事项，如「推荐材料报送截止」")
    note: LongText | None = Field(None, title="说明", description="逾期后果等")
    kind: Literal["申报", "信息"] | None = Field(
        None, title="类型",
        description="扩展字段：申报（申报、报送的截止时间，决定「申报中／申报已截止」）或 信息"
        "（资格审查结果公布、评审会议等告知的日期，不影响申报状态）；不填时，标题含「截止」的为申报，"
        "其余为信息；没有一项含「截止」时，全部按申报处理",
    )


class Allocation(_Model):
    unit: Text = Field(title="推荐单位", description="推荐单位名称；候选人的 recommended_by（推荐单位）须与之一字不差")
    group: Text | None = Field(None, title="分组", description="单位所属类别，如 县市区、盟市、市直单位")
    seats: Count = Field(title="名额", description="该单位最多可推荐的人数（整数）")
    reserved: dict[StrictStr, Count] = Field(
        default_factory=dict, title="预留名额", description="如 {高技能人才: 2}"
    )


class DefaultQuota(_Model):
    group: Text | None = Field(None, title="分组", description="名额表未列出的单位所属类别，如 自治区直属行业主管部门")
    seats: Count = Field(title="名额", description="名额表未列出的单位各自最多可推荐的人数")
    reserved: dict[StrictStr, Count] = Field(default_factory=dict, title="预留名额", description="预留给某类人选的名额，如 {高技能人才: 2}")


class Quotas(_Model):
    target: Count | None = Field(None, title="拟选拔人数", description="拟选拔总人数，仅作说明，不参与校验")
    target_note: Text | None = Field(
        None, title="人数说明", description="扩展字段：原文的人数表述，如「50人至100人左右」"
    )
    allocations: tuple[Allocation, ...] = Field((), title="名额分配", description="每个推荐单位一行，如 - {unit: 沁阳市, group: 县市区, seats: 5}")
    default: DefaultQuota | None = Field(None, title="其他单位名额", description="名额表未列出的单位适用的名额；不写则只接受名额表中列出的单位")
    exemption: LongText | None = Field(None, title="不受指标限制的情形", description="不占用名额的情形（文字说明）；对应候选人的 quota_exempt（不占名额原因）")
    note: LongText | None = Field(None, title="名额说明", description="扩展字段：名额表的附注")


class Form(_Model):
    title: Text = Field(title="表格名称", description="下载链接上显示的名称")
    file: Text = Field(title="文件", description="文件名，相对于 data/campaigns/<编号>/ 文件夹；文件必须存在，格式限 DOCX、XLSX、PPTX、ODT、ODS、ODP、PDF、TXT、CSV（发布前检查其中不含个人信息）")
    note: LongText | None = Field(None, title="说明", description="显示在下载链接旁的说明，如「A4 纸打印」")


class Contact(_Model):
    department: Text | None = Field(None, title="受理部门", description="受理部门名称")
    person: Text | None = Field(None, title="联系人", description="扩展字段：受理部门的联系人，如 王老师、李科长")
    address: Text | None = Field(None, title="地址", description="受理地址，如 市人社大厦607房间")
    phone: Text | None = Field(None, title="电话", description="受理电话，如 0391-2118928；纯数字的号码请加引号")
    email: Text | None = Field(None, title="电子邮箱", description="受理电子邮箱")


class Objections(_Model):
    phone: Text | None = Field(None, title="电话", description="异议受理电话；纯数字的号码请加引号")
    email: Text | None = Field(None, title="电子邮箱", description="异议受理电子邮箱")
    address: Text | None = Field(None, title="地址", description="异议受理地址（来信、来访）")
    rules: LongText | None = Field(None, title="受理规则", description="异议受理规则，Markdown 格式，不允许 HTML")


class Publicity(_Model):
    start: Date | None = Field(None, title="公示开始", description="公示第一天，格式 YYYY-MM-DD；通知写「自公示之日起」时不填，以 published（发布日期）为公示第一天")
    working_days: Annotated[StrictInt, Field(ge=1, le=60)] | None = Field(
        None, title="公示工作日数", description="公示期的工作日数：周末和法定节假日不计，调休上班日计入；可与 end 同时写，两者须一致"
    )
    end: Date | None = Field(None, title="公示结束", description="公示最后一天，格式 YYYY-MM-DD；可与 working_days 同时写，两者须一致")
    end_time: Annotated[StrictStr, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = Field(
        None, title="结束时间", description="扩展字段：公示最后一天的截止时刻，北京时间 HH:MM，需加引号，如 \"17:00\"（通知写「2月21日17:00前」时）；不填表示当天结束"
    )
    objections: Objections | None = Field(None, title="异议受理", description="公示期间受理异议的方式")
    title: Text | None = Field(
        None, title="公示标题",
        description="扩展字段：公示自己的标题，照录原文，如「关于2026年示例市学术技术带头人拟入选人选的公示」；"
        "不填时按名单标题写成「关于……的公示」（评选通知本身就是公示时，用通知的标题）",
    )
    doc_number: Text | None = Field(
        None, title="公示文号",
        description="扩展字段：公示自己的文号，原样照录（公示另行发文时）；不填时公示页只把通知的文号列为「依据」",
    )
    index_number: IndexNumber | None = Field(
        None, title="公示索引号",
        description="扩展字段：公示的政府信息公开索引号，原样照录，如 11441700007280420Y/2026-00051；不填时按 data/site.yml 的 org_code（机构代码）自动编号",
    )


class Award(_Model):
    date: Date = Field(title="决定日期", description="表彰/批准决定的日期，格式 YYYY-MM-DD")
    doc_number: Text | None = Field(None, title="决定文号", description="决定的文号，原样照录")
    title: Text | None = Field(None, title="决定标题", description="决定的标题，如「关于表彰……的决定」")


def _org_code(value: str) -> str:
    code = orgcode.normalise(value)
    why = orgcode.problem(code)
    if why is not None:
        raise ValueError(why)
    return code


OrgCode = Annotated[StrictStr, AfterValidator(_org_code)]

def _keep_days(value: object) -> object:
    """One clear message for data/site.yml `keep_details` (a union would give one per branch)."""
    if value == "永久" or (type(value) is int and 0 <= value <= 3650):
        return value
    raise ValueError(f"应为天数（0 到 3650 的整数，如 30），或「永久」，而不是「{value}」")


DEFAULT_SUBJECT = "劳动、人事、监察\\人事工作"
"""The default 主题分类 (data/site.yml `subject`): 人事工作 in the class 劳动、人事、监察 of the
政务公开 subject classification (the 国务院 政府信息公开 主题分类 of central and local 政府信息公开
catalogues), written class\\subclass as www.gov.cn writes 综合政务\\政务公开."""

IndexNumber = Text


def _issuers(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Campaign(_Model):
    id: Slug = Field(title="编号", description="评选编号：小写英文字母、数字和连字符，须与文件名相同，如 2020-jiaozuo-xueshu-daitouren；它是网址的一部分，发布后不要再改")
    title: Text = Field(title="标题", description="通知标题，照录原文")
    series: Text | None = Field(None, title="系列", description="同一评选不同年度共用的名称，用于归档；不填则用 title")
    year: Annotated[StrictInt, Field(ge=1949, le=2200)] = Field(title="年度", description="评选年度，如 2026")
    issuer: Annotated[tuple[Text, ...], BeforeValidator(_issuers), Field(min_length=1)] = Field(
        title="发文单位", description="发文单位，一个或多个，如 [中共焦作市委组织部, 焦作市人力资源和社会保障局]"
    )
    doc_number: Text | None = Field(None, title="文号", description="通知文号，原样照录，如 焦人社文〔2020〕28号；通知没有文号时不填，网站上不显示文号")
    published: Date | None = Field(None, title="发布日期", description="印发/发布日期，格式 YYYY-MM-DD；通知没有写明时不填")
    summary: Text | None = Field(None, title="摘要", description="一句话摘要，显示在首页和搜索结果中")
    sample: StrictBool = Field(False, title="示例数据", description="true 表示虚构的示例数据，网站每页都会标明「示例数据」；真实评选写 false")
    notice: LongText = Field(title="通知正文", description="通知全文，Markdown 格式，不允许 HTML；写成 notice: | 后另起一行、每行缩进两个空格")
    deadlines: tuple[Deadline, ...] = Field((), title="截止时间", description="截止时间，可写多项，每项以“- ”开头")
    quotas: Quotas | None = Field(None, title="推荐名额", description="推荐名额分配；有名额时每位候选人须写明 recommended_by（推荐单位）")
    forms: tuple[Form, ...] = Field((), title="表格下载", description="供下载的表格等文件，每项以“- ”开头")
    contact: Contact | None = Field(None, title="联系方式", description="受理部门的联系方式")
    publicity: Publicity | None = Field(None, title="社会公示", description="社会公示：开始日期、公示期和异议受理方式")
    award: Award | None = Field(None, title="表彰决定", description="表彰决定，评选结束后填写；名单中的入选、未入选自决定日期起才在网站上显示")
    announced: StrictBool = Field(
        False, title="公布名单",
        description="扩展字段：true 表示这份通知公布的名单就是最终结果（如命名、公布名单），没有另外的表彰决定日期："
        "名单自 published（发布日期）起显示为「已公布」，入选、未入选也从这一天起显示。须写 published，"
        "不能同时写 publicity 或 award",
    )
    index_number: IndexNumber | None = Field(
        None, title="索引号",
        description="扩展字段：通知的政府信息公开索引号，原样照录，如 11441700007280420Y/2026-00050；不填时按 data/site.yml 的 org_code（机构代码）自动编号",
    )
    subject: Text | None = Field(
        None, title="主题分类",
        description="扩展字段：这一轮评选（通知和公示）的政府信息公开主题分类；不填时用 data/site.yml 的 subject（默认 劳动、人事、监察\\人事工作）",
    )

    @property
    def series_name(self) -> str:
        return self.series or self.title

    @property
    def publicity_start(self) -> dt.date | None:
        """The first day of the publicity: its `start`, else (自公示之日起) `published`."""
        pub = self.publicity
        return None if pub is None else pub.start or self.published


NAME_MAX = 20
"""Longest Chinese name; foreign names in Latin letters and collectives may be longer."""
LONG_NAME_MAX = 80


class Candidate(_Model):
    name: Annotated[StrictStr, AfterValidator(normalise.name), Field(min_length=2, max_length=LONG_NAME_MAX)] = (
        Field(title="姓名", description="姓名，2～20 个字，如 张三、阿依古丽·买买提；外文姓名（如 John A. Smith）和集体名称不超过 80 个字符")
    )
    kind: Literal["个人", "集体"] = Field(
        "个人", title="类型", description="扩展字段：个人（默认）或 集体（团队、工作室、实验室等）；集体不填性别和出生年月，单独计数"
    )
    name_zh: Text | None = Field(None, title="中文译名", description="扩展字段：外文姓名的中文译名，如 约翰·史密斯；可按译名查找")
    gender: Literal["男", "女"] | None = Field(
        None, title="性别", description="男 或 女；名单没有公布性别时不填（集体不填）"
    )
    born: Annotated[
        StrictStr, AfterValidator(normalise.born), AfterValidator(born_pattern),
        Field(json_schema_extra={"pattern": normalise.BORN_SCHEMA_PATTERN}),
    ] | None = Field(
        None, title="出生年月", description="YYYY-MM，如 1980-05；也可写 1980年5月、1980.05（按 1980-05 读取）"
    )
    ethnicity: Text | None = Field(None, title="民族", description="民族，如 汉族")
    education: Text | None = Field(None, title="学历", description="学历/学位，如 硕士研究生")
    title: Text | None = Field(None, title="职称", description="职称，如 高级工程师")
    position: Text | None = Field(None, title="职务", description="职务，如 副主任")
    unit: Text | None = Field(
        None, title="工作单位",
        description="工作单位；集体填所在（依托）单位。必填，除非名单的 columns（列）不含工作单位（如招聘名单列的是招聘单位、毕业院校）",
    )
    other_units: tuple[Text, ...] = Field((), title="其他单位", description="扩展字段：同时任职的其他单位，如 [某大学, 某研究院]")
    other_positions: tuple[Text, ...] = Field((), title="其他职务", description="扩展字段：其他职务，如 [某学会副理事长]")
    honours: tuple[Text, ...] = Field((), title="荣誉称号", description="扩展字段：院士等称号，如 [中国工程院院士]")
    leader: Text | None = Field(None, title="负责人", description="扩展字段：集体的负责人（或领衔人）姓名")
    leader_title: Literal["负责人", "领衔人", "带头人", "队长", "组长"] | None = Field(
        None, title="负责人称谓", description="扩展字段：名单对负责人的称呼：负责人（默认）、领衔人、带头人、队长 或 组长"
    )
    members_count: Annotated[StrictInt, Field(ge=1)] | None = Field(None, title="成员人数", description="扩展字段：集体的成员人数")
    members: tuple[Text, ...] = Field((), title="成员", description="扩展字段：集体成员的姓名，如 [张三, 李四]")
    section: Text | None = Field(None, title="分组", description="扩展字段：名单分为几组（如 突出贡献奖、创新奖）时，此人所在组的标题，须与 sections（分组）中的一项一字不差")
    recommended_by: Text | None = Field(None, title="推荐单位", description="推荐单位：占用哪个单位的名额，须与名额表一字不差；评选有名额分配时必填")
    category: Text | None = Field(None, title="类别", description="人选类别，如 高技能人才；与预留名额同名时计入预留名额")
    field: Text | None = Field(None, title="专业领域", description="专业领域，如 临床医学")
    achievements: LongText | None = Field(None, title="主要业绩", description="主要业绩/事迹简介，Markdown 格式，不允许 HTML")
    quota_exempt: Text | None = Field(None, title="不占名额原因", description="不占名额的原因，如 援鄂医疗队队员；填写后不计入推荐单位的名额")
    status: Literal["拟入选", "入选", "未入选", "撤销"] = Field("拟入选", title="状态", description="拟入选（默认）、入选、未入选 或 撤销")
    status_note: Text | None = Field(None, title="状态说明", description="状态说明；状态为撤销时必填：撤销的原因和时间")
    pinyin: Annotated[StrictStr, Field(pattern=r"^[A-Za-zÜüÀ-ž·' -]+$")] | None = Field(
        None, title="拼音", description="姓名拼音，仅在自动注音有误时填写，如 Shan Tianfang"
    )
    extra: dict[StrictStr, Text] = Field(
        default_factory=dict, title="名单列",
        description="扩展字段：名单自己的列（在名单的 columns 中声明）的值，一律加引号，"
        "如 {准考证号: \"13624089159\", 总成绩: \"80.40\"}",
    )

    @property
    def counts_against_quota(self) -> bool:
        return self.quota_exempt is None and self.status != "撤销"

    @property
    def is_collective(self) -> bool:
        return self.kind == "集体"


class Section(_Model):
    title: Text = Field(title="标题", description="分组标题，如 突出贡献奖；候选人的 section（分组）须与之一字不差")
    order: Literal["stroke", "pinyin", "listed"] | None = Field(
        None, title="排序", description="本组的排序：stroke、pinyin 或 listed；不填时沿用名单的 order"
    )
    note: LongText | None = Field(None, title="说明", description="显示在分组标题下的说明，Markdown 格式")


def _column_item(value: object) -> object:
    """`职称` (a built-in column named by its label) is `{label: 职称}`."""
    return {"label": value} if isinstance(value, str) else value


class Column(_Model):
    label: Text = Field(
        title="列名",
        description="列名：内置字段的名称（姓名、性别、出生年月、民族、学历、职称、职务、工作单位、推荐单位、类别、"
        "专业领域、荣誉称号等），或名单自己的列名（如 准考证号，须写 kind）",
    )
    kind: Literal["文本", "编号", "分数", "名次", "日期"] | None = Field(
        None, title="类型",
        description="名单自己的列的类型：文本；编号（准考证号等，原样保留前导 0，不当作数字或手机号）；"
        "分数（小数，按填写的位数显示，80.40 仍为 80.40）；名次（整数）；日期。内置字段不写",
    )
    result: StrictBool = Field(
        False, title="属于结果",
        description="true 表示这一列属于公布的结果（如 总成绩、评审资格）：公示结束后仍保留；默认 false",
    )


ColumnItem = Annotated[Column, BeforeValidator(_column_item)]


class CandidateList(_Model):
    campaign: Slug = Field(title="所属评选", description="所属评选的编号，须与文件名相同")
    title: Text | None = Field(None, title="名单标题", description="名单标题，如 2020年焦作市学术技术带头人拟推荐人选名单")
    order: Literal["stroke", "pinyin", "listed"] = Field("stroke", title="排序", description="排序：stroke 按姓氏笔画（默认），pinyin 按拼音，listed 按本文件中的顺序（保留原名单的序号）")
    sections: tuple[Section, ...] = Field((), title="分组", description="扩展字段：名单分为几组时（如奖项等次），每组一项：- {title: 突出贡献奖}；每组单独计数、编号和排序")
    columns: tuple[ColumnItem, ...] = Field(
        (), title="列",
        description="扩展字段：名单表格的列，按顺序列出：内置字段写名称（如 职称），名单自己的列写 "
        "{label: 准考证号, kind: 编号}，每人的值写在 extra（名单列）中；不写时按默认列显示",
    )
    group_by: Text | None = Field(
        None, title="分组列",
        description="扩展字段：按哪一列分组显示（如 岗位名称、评审资格）：按首次出现的顺序，每组一个标题，组内从 1 编号；可与 sections 同用",
    )
    show_not_selected: StrictBool = Field(
        False, title="公布未入选人员",
        description="扩展字段：有表彰决定后，名单默认只列入选人员，不再公布未入选人员；确需公布时写 true",
    )
    candidates: tuple[Candidate, ...] = Field((), title="候选人", description="候选人列表，每人以“- name:”开头")

    def column(self, label: str) -> Column | None:
        return next((c for c in self.columns if c.label == label), None)

    def labels_of(self, kind: str) -> tuple[str, ...]:
        """The labels of the list's own columns of `kind` (编号: 准考证号 …)."""
        return tuple(c.label for c in self.columns if c.kind == kind)

    @property
    def result_labels(self) -> tuple[str, ...]:
        """Columns marked `result: true`: part of the published result (kept after the 公示)."""
        return tuple(c.label for c in self.columns if c.result)

    @property
    def requires_unit(self) -> bool:
        """工作单位 is required unless the list declares columns that leave it out."""
        return not self.columns or any(c.label == "工作单位" and c.kind is None for c in self.columns)


class CalendarYear(_Model):
    year: Annotated[StrictInt, Field(ge=2000, le=2200)] = Field(title="年份", description="年份，须与文件名相同，如 2027")
    source: Text = Field(title="依据", description="依据，如 国务院办公厅关于2027年部分节假日安排的通知")
    holidays: tuple[Date, ...] = Field((), title="放假日期", description="法定节假日放假的日期（含其中的周末）")
    workdays: tuple[Date, ...] = Field((), title="调休上班日期", description="调休上班的周末日期")


class FooterLink(_Model):
    title: Text = Field(title="链接文字", description="页脚链接上显示的文字，如 中国政府网")
    url: Annotated[StrictStr, Field(pattern=r"^(https?://\S+|[a-z0-9][a-z0-9/_.-]*/?)$")] = Field(
        title="网址",
        description="外部网址（以 http:// 或 https:// 开头），或本站页面的路径，如 about/",
    )


NAV_PAGE_FILE = r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.md$"
"""A hand-written page of site_src/: letters, digits, - and _ only (not the staff manual,
manual/, which builder.identity refuses)."""


class NavPage(_Model):
    title: Annotated[StrictStr, AfterValidator(strip),
                     Field(min_length=1, max_length=20, pattern=r"^[^<>&\"']+$")] = Field(
        title="导航标题", description="导航栏中显示的页面名称，如 异议受理须知（不超过 20 个字）",
    )
    file: Annotated[StrictStr, Field(pattern=NAV_PAGE_FILE)] = Field(
        title="页面文件", description="site_src/ 中的 Markdown 页面，如 objections.md 或 notices/2026.md",
    )


ImageFile = Annotated[StrictStr, Field(pattern=r"^[^/\\][^\\]*\.(svg|png|jpg|jpeg|gif|webp)$")]

WebAddress = Annotated[StrictStr, Field(pattern=r"^https?://[^\s/]+(/\S*)?$")]


class SiteLink(_Model):
    title: Text = Field(title="网站名称", description="链接上显示的名称，如 人力资源和社会保障部")
    url: WebAddress = Field(title="网址", description="以 http:// 或 https:// 开头的网址，如 https://www.mohrss.gov.cn/")


class SiteIdentity(_Model):
    """data/site.yml: who runs the portal, as every Chinese government site shows it."""

    name: Text = Field(title="网站名称", description="网站名称，显示在每页页眉和浏览器标题中，如 某某省人力资源和社会保障厅人才评选公示网")
    sponsor: Text | None = Field(None, title="主办单位", description="主办单位全称，显示在页眉和页脚，如 某某省人力资源和社会保障厅；正式上线前必填")
    organizer: Text | None = Field(None, title="承办单位", description="承办单位（可选）")
    tech_support: Text | None = Field(None, title="技术支持", description="技术支持单位（可选）")
    address: Text | None = Field(None, title="地址", description="主办单位地址（含邮编），显示在页脚；正式上线前必填")
    phone: Text | None = Field(None, title="电话", description="咨询电话，显示在页脚；纯数字的号码请加引号；正式上线前必填")
    office_hours: Text | None = Field(None, title="办公时间", description="办公时间，如 工作日 9:00—12:00，13:30—17:30")
    email: Text | None = Field(None, title="电子邮箱", description="咨询电子邮箱（可选）")
    site_url: Annotated[StrictStr, Field(pattern=r"^https?://[^\s/]+(/\S*)?/$")] | None = Field(
        None, title="网站地址",
        description="网站的公开网址，以 / 结尾，如 https://rsj.example.gov.cn/gongshi/；服务器上的环境变量 GONGSHI_SITE_URL 优先；正式上线前必填",
    )
    site_code: Annotated[StrictStr, Field(pattern=r"^[0-9A-Za-z]{10}$")] | None = Field(
        None, title="网站标识码", description="全国政府网站信息报送系统分配的 10 位网站标识码，需加引号；正式上线前必填"
    )
    icp: Text | None = Field(None, title="ICP备案号", description="ICP备案号，如 某ICP备12345678号；链接到工业和信息化部备案查询页；正式上线前必填")
    police_record: Text | None = Field(None, title="公安机关备案号", description="公安机关备案号，如 某公网安备 12345678901234号；正式上线前必填")
    emblem: ImageFile | None = Field(None, title="徽标", description="页眉的徽标或标志图片，相对于 data/ 文件夹，如 site/emblem.svg（可选）")
    mark: ImageFile | None = Field(None, title="党政机关网站标识", description="党政机关网站标识图片，相对于 data/ 文件夹，如 site/mark.png（可选）")
    mark_url: Annotated[StrictStr, Field(pattern=r"^https?://\S+$")] | None = Field(
        None, title="标识链接",
        description="党政机关网站标识的证书（核验）网址，即党政机关网站标识管理平台给出的链接，如 "
        "https://bszs.conac.cn/sitename?method=show&id=…；页脚的标识图片链接到它（可选）",
    )
    footer_links: tuple[FooterLink, ...] = Field((), title="页脚链接", description="页脚的链接，每项以“- ”开头，如 - {title: 中国政府网, url: https://www.gov.cn/}")
    objection_rules: LongText | None = Field(
        None, title="异议受理通用规则",
        description="扩展字段：本单位每次公示都适用的异议受理规则（Markdown），如「以个人名义反映的，须署真实姓名……」；"
        "评选文件的 publicity.objections.rules（受理规则）没有写时，公示页和打印稿使用这里的文字。"
        "不填时，网站不添加任何评选文件中没有的规则",
    )
    pages: tuple[NavPage, ...] | None = Field(
        None, title="导航中的手写页面",
        description="导航栏中手写页面（site_src/ 中的 Markdown 文件）的名称和顺序，排在首页、名单检索、往期归档、截止日期、表格下载之后；每项以“- ”开头，如 - {title: 异议受理须知, file: objections.md}。不写时用程序自带的顺序；写了就只列出这里的页面（未列出的页面仍可通过网址访问）",
    )
    sponsor_url: WebAddress | None = Field(
        None, title="主办单位网站",
        description="扩展字段：主办单位门户网站的网址，如 https://rsj.example.gov.cn/；页脚的主办单位名称链接到它（可选）",
    )
    superior: SiteLink | None = Field(
        None, title="上级部门网站",
        description="扩展字段：页脚监督栏中链接的上级部门网站，如 {title: 人力资源和社会保障部, url: https://www.mohrss.gov.cn/}（可选）",
    )
    org_code: OrgCode | None = Field(
        None, title="机构代码",
        description="扩展字段：主办单位的统一社会信用代码（18 位）或组织机构代码（9 位），需加引号，如 \"11441700007280420Y\"；"
        "通知和公示的政府信息公开索引号（机构代码/年份-流水号）由它开头；校验位不对时报错；正式上线前必填",
    )
    subject: Text = Field(
        DEFAULT_SUBJECT, title="主题分类",
        description="扩展字段：通知和公示的政府信息公开主题分类，默认 劳动、人事、监察\\人事工作（政务公开主题分类中的人事工作）；一轮评选可用自己的 subject 另写",
    )
    keep_details: Annotated[
        Annotated[StrictInt, Field(ge=0, le=3650)] | Literal["永久"], BeforeValidator(_keep_days)
    ] = Field(
        0, title="详细信息保留天数",
        description="扩展字段：公示结束后，名单中的出生年月、民族、学历、职务、主要业绩、推荐单位、撤销原因等详细信息再公开多少天；"
        "默认 0：公示结束的次日起，名单只保留姓名、性别、工作单位和评选结果。写 永久 则一直公开（不建议：个人信息应在公示目的达到后删除）",
    )
    statement: LongText | None = Field(
        None, title="网站声明",
        description="扩展字段：网站声明页（/statement/）中「版权声明」和「免责声明」的文字，Markdown 格式；不填时用默认文字。"
        "「隐私与个人信息」一节总是按本站实际的做法生成，不能改写",
    )
