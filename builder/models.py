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

SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
GENDERS = ("男", "女")
STATUSES = ("拟入选", "入选", "未入选", "撤销")
ORDERS = ("stroke", "pinyin", "listed")


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


def _strip(value: str) -> str:
    return value.strip()


Text = Annotated[StrictStr, AfterValidator(_strip), Field(min_length=1)]
LongText = Annotated[StrictStr, Field(min_length=1)]
Count = Annotated[StrictInt, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Deadline(_Model):
    date: Date = Field(title="日期")
    time: Annotated[StrictStr, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = Field(
        None, title="时间", description="北京时间 HH:MM，需加引号，如 \"17:30\"；不填表示当天结束"
    )
    title: Text = Field(title="标题")
    note: LongText | None = Field(None, title="说明", description="逾期后果等")


class Allocation(_Model):
    unit: Text = Field(title="推荐单位")
    group: Text | None = Field(None, title="分组")
    seats: Count = Field(title="名额")
    reserved: dict[StrictStr, Count] = Field(
        default_factory=dict, title="预留名额", description="如 {高技能人才: 2}"
    )


class DefaultQuota(_Model):
    group: Text | None = Field(None, title="分组")
    seats: Count = Field(title="名额")
    reserved: dict[StrictStr, Count] = Field(default_factory=dict, title="预留名额")


class Quotas(_Model):
    target: Count | None = Field(None, title="拟选拔人数")
    target_note: Text | None = Field(
        None, title="人数说明", description="扩展字段：原文的人数表述，如「50人至100人左右」"
    )
    allocations: tuple[Allocation, ...] = Field((), title="名额分配")
    default: DefaultQuota | None = Field(None, title="其他单位名额")
    exemption: LongText | None = Field(None, title="不受指标限制的情形")
    note: LongText | None = Field(None, title="名额说明", description="扩展字段：名额表的附注")


class Form(_Model):
    title: Text = Field(title="表格名称")
    file: Text = Field(title="文件")
    note: LongText | None = Field(None, title="说明")


class Contact(_Model):
    department: Text | None = Field(None, title="受理部门")
    address: Text | None = Field(None, title="地址")
    phone: Text | None = Field(None, title="电话")
    email: Text | None = Field(None, title="电子邮箱")


class Objections(_Model):
    phone: Text | None = Field(None, title="电话")
    email: Text | None = Field(None, title="电子邮箱")
    address: Text | None = Field(None, title="地址")
    rules: LongText | None = Field(None, title="受理规则")


class Publicity(_Model):
    start: Date = Field(title="公示开始")
    working_days: Annotated[StrictInt, Field(ge=1, le=60)] | None = Field(
        None, title="公示工作日数"
    )
    end: Date | None = Field(None, title="公示结束")
    objections: Objections | None = Field(None, title="异议受理")


class Award(_Model):
    date: Date = Field(title="决定日期")
    doc_number: Text | None = Field(None, title="决定文号")
    title: Text | None = Field(None, title="决定标题")


def _issuers(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Campaign(_Model):
    id: Annotated[StrictStr, Field(pattern=SLUG_RE)] = Field(title="编号")
    title: Text = Field(title="标题")
    series: Text | None = Field(None, title="系列")
    year: Annotated[StrictInt, Field(ge=1949, le=2200)] = Field(title="年度")
    issuer: Annotated[tuple[Text, ...], BeforeValidator(_issuers), Field(min_length=1)] = Field(
        title="发文单位"
    )
    doc_number: Text = Field(title="文号")
    published: Date | None = Field(None, title="发布日期")
    summary: Text | None = Field(None, title="摘要")
    sample: StrictBool = Field(False, title="示例数据")
    notice: LongText = Field(title="通知正文")
    deadlines: tuple[Deadline, ...] = Field((), title="截止时间")
    quotas: Quotas | None = Field(None, title="推荐名额")
    forms: tuple[Form, ...] = Field((), title="表格下载")
    contact: Contact | None = Field(None, title="联系方式")
    publicity: Publicity | None = Field(None, title="社会公示")
    award: Award | None = Field(None, title="表彰决定")

    @property
    def series_name(self) -> str:
        return self.series or self.title


class Candidate(_Model):
    name: Annotated[StrictStr, AfterValidator(_strip), Field(min_length=2, max_length=20)] = (
        Field(title="姓名")
    )
    gender: Literal["男", "女"] = Field(title="性别")
    born: Annotated[StrictStr, Field(pattern=r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")] | None = Field(
        None, title="出生年月", description="YYYY-MM，如 1980-05"
    )
    ethnicity: Text | None = Field(None, title="民族")
    education: Text | None = Field(None, title="学历")
    title: Text | None = Field(None, title="职称")
    position: Text | None = Field(None, title="职务")
    unit: Text = Field(title="工作单位")
    recommended_by: Text | None = Field(None, title="推荐单位")
    category: Text | None = Field(None, title="类别")
    field: Text | None = Field(None, title="专业领域")
    achievements: LongText | None = Field(None, title="主要业绩")
    quota_exempt: Text | None = Field(None, title="不占名额原因")
    status: Literal["拟入选", "入选", "未入选", "撤销"] = Field("拟入选", title="状态")
    status_note: Text | None = Field(None, title="状态说明")
    pinyin: Annotated[StrictStr, Field(pattern=r"^[A-Za-zÜüÀ-ž·' -]+$")] | None = Field(
        None, title="拼音"
    )

    @property
    def counts_against_quota(self) -> bool:
        return self.quota_exempt is None and self.status != "撤销"


class CandidateList(_Model):
    campaign: Annotated[StrictStr, Field(pattern=SLUG_RE)] = Field(title="所属评选")
    title: Text | None = Field(None, title="名单标题")
    order: Literal["stroke", "pinyin", "listed"] = Field("stroke", title="排序")
    candidates: tuple[Candidate, ...] = Field((), title="候选人")


class CalendarYear(_Model):
    year: Annotated[StrictInt, Field(ge=2000, le=2200)] = Field(title="年份")
    source: Text = Field(title="依据")
    holidays: tuple[Date, ...] = Field((), title="放假日期")
    workdays: tuple[Date, ...] = Field((), title="调休上班日期")
