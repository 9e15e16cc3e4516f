"""The roster's columns: their order, headers and widths, and how a decorated header maps back."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.model.contract import Candidate
from builder.text.privacy import FORBIDDEN_KEYS


@dataclass(frozen=True)
class Column:
    key: str | None
    """Candidate field, or None for 序号 (a running number, not data)."""
    header: str
    width: float
    aliases: tuple[str, ...] = ()


def _title(key: str) -> str:
    title = Candidate.model_fields[key].title
    assert title, f"Candidate.{key} has no title"
    return title


# The order of the 花名册 (序号 … 公示状态), then the rest of the fields, so that a round
# trip keeps everything a candidates file can hold.
COLUMNS: tuple[Column, ...] = (
    Column(None, "序号", 6, ("编号", "no", "no.", "排序")),
    Column("name", _title("name"), 10, ("人选姓名", "推荐人选姓名")),
    Column("gender", _title("gender"), 6),
    Column("born", _title("born"), 10, ("出生日期", "出生年月日")),
    Column("ethnicity", _title("ethnicity"), 8),
    Column("education", _title("education"), 12, ("学历学位", "最高学历", "文化程度", "学历及学位")),
    Column("title", _title("title"), 14, (
        "专业技术职称", "技术职称", "专业技术职务", "现任专业技术职务", "专业技术职务任职资格",
        "职称职业资格", "职称或职业资格", "职业资格", "技术等级",
    )),
    Column("position", _title("position"), 14, ("行政职务",)),
    # Real rosters often join the unit and the post in one column (工作单位及职务): the text goes
    # to 工作单位 as written.
    Column("unit", _title("unit"), 28, (
        "单位", "工作单位全称", "工作单位及职务", "工作单位及职称", "单位及职务", "工作单位和职务",
        "现工作单位", "所在单位", "现工作单位及职务",
    )),
    Column("recommended_by", _title("recommended_by"), 16, (
        "推荐部门", "推荐单位盖章", "报送单位", "推荐盟市", "盟市或部门", "推荐地区或部门", "推荐盟市部门",
    )),
    Column("category", _title("category"), 12, ("人选类别", "人才类别")),
    Column("achievements", _title("achievements"), 60, (
        "主要业绩事迹简介", "事迹简介", "主要事迹", "主要业绩简介", "业绩简介", "主要贡献",
        "主要业绩贡献", "主要业绩和贡献", "突出贡献", "主要业绩成果",
    )),
    Column("status", "公示状态", 10, (_title("status"),)),
    Column("status_note", _title("status_note"), 20, ("撤销原因",)),
    Column("field", _title("field"), 14, ("从事专业", "研究领域", "现从事专业", "专业", "从事专业及专长")),
    Column("quota_exempt", _title("quota_exempt"), 18, ("不受指标限制", "不占名额")),
    Column("pinyin", _title("pinyin"), 16, ("姓名拼音",)),
    # Fields beyond data-format.md (README): collectives, sections, people as published.
    Column("kind", _title("kind"), 8, ("个人集体", "个人或集体")),
    Column("leader", _title("leader"), 10, ("领衔人", "带头人", "团队负责人")),
    Column("leader_title", _title("leader_title"), 10),
    Column("members_count", _title("members_count"), 8, ("人数", "团队人数")),
    Column("members", _title("members"), 30, ("团队成员", "主要成员")),
    Column("section", _title("section"), 14, ("奖项", "奖项类别", "组别")),
    Column("name_zh", _title("name_zh"), 14, ("译名",)),
    Column("other_units", _title("other_units"), 24, ("兼职单位",)),
    Column("other_positions", _title("other_positions"), 20, ("兼任职务", "社会兼职")),
    Column("honours", _title("honours"), 16, ("荣誉", "称号")),
)
LIST_KEYS = frozenset(
    k for k, f in Candidate.model_fields.items() if getattr(f.annotation, "__origin__", None) is tuple
)
"""Fields holding several texts: one cell, the texts separated by ； or a line break."""
INT_KEYS = frozenset({"members_count"})
_LIST_SPLIT = re.compile(r"\s*(?:[；;\n]|、(?=.))\s*")


def split_list(key: str, text: str) -> list[str]:
    """A cell of a list field as its texts: 甲大学；乙研究院 → [甲大学, 乙研究院]. Member
    names may also be separated by 、 (张三、李四), as lists print them; units keep their 、."""
    parts = re.split(r"\s*[；;\n]\s*" if key != "members" else _LIST_SPLIT, text)
    return [p for p in (x.strip() for x in parts) if p]


def join_list(key: str, values: tuple[str, ...]) -> str:
    return ("、" if key == "members" else "；").join(values)
FIELD_ORDER = tuple(Candidate.model_fields)
# `extra` holds the list's own columns (准考证号, 总成绩 …): one roster column each, by its label.
assert {c.key for c in COLUMNS if c.key} == set(FIELD_ORDER) - {"extra"}, "every field needs a roster column"

# Columns a roster from elsewhere often carries that a 公示 must never show: reported, not read.
PERSONAL_HEADERS = {
    "身份证号": "身份证号", "身份证号码": "身份证号", "公民身份号码": "身份证号", "身份证": "身份证号",
    "手机": "手机号", "手机号": "手机号", "手机号码": "手机号", "电话": "电话", "联系电话": "电话",
    "办公电话": "电话", "电子邮箱": "电子邮箱", "邮箱": "电子邮箱", "电子邮件": "电子邮箱",
    "家庭住址": "住址", "住址": "住址", "通讯地址": "住址", "地址": "住址",
    **FORBIDDEN_KEYS,
}

_HEADER_NOISE = re.compile(r"[\s\u3000*＊：:（）()/／、\\]")


def normalise_header(text: object) -> str:
    """`学历（学位）`, ` 姓  名 `, `*性别` → 学历学位, 姓名, 性别: how people decorate headers."""
    return _HEADER_NOISE.sub("", str(text)).lower() if text is not None else ""


_HEADER_INDEX: dict[str, Column] = {}
for _col in COLUMNS:
    for _name in (_col.header, _col.key or "", *_col.aliases):
        if _name:
            _HEADER_INDEX[normalise_header(_name)] = _col


_HEADER_BY_KEY = {c.key: c.header for c in COLUMNS if c.key}
