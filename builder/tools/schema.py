"""JSON Schemas of the data file kinds, generated from the models for editors.

Editors that speak yaml-language-server (VS Code's YAML extension, JetBrains IDEs, …) read the
`# yaml-language-server: $schema=…` line at the top of every data file and then complete keys,
show each field's Chinese title and description on hover and underline typos such as `gander:`
while HR staff type. The schemas are derived from the pydantic models, so they cannot describe a
field the builder does not accept; `tests/test_schema.py` checks that the committed files equal a
fresh generation and that they accept all bundled data.

The schemas describe the *shape* of a file. Rules across fields or files (quota use, dates in
order, a campaign that exists) stay with the builder, which reports them with file and line.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from builder.model.contract import CalendarYear, Campaign, CandidateList, SiteIdentity
from builder.text.problems import display_path

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# File name (under schema/) → (root model, title, description). The data files refer to these
# exact names: `# yaml-language-server: $schema=../../schema/<name>`.
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "campaign.schema.json": (
        Campaign,
        "评选文件（data/campaigns/<编号>.yml）",
        "一轮评选的通知及其截止时间、推荐名额、表格下载、联系方式、社会公示和表彰决定。",
    ),
    "candidates.schema.json": (
        CandidateList,
        "候选人名单（data/candidates/<编号>.yml）",
        "一轮评选的公示名单/表彰名单。不得包含身份证号、手机号、电子邮箱、住址等个人信息。",
    ),
    "calendar.schema.json": (
        CalendarYear,
        "节假日安排（data/calendar/<年份>.yml）",
        "某一年的法定节假日和调休上班日，依据国务院办公厅的节假日安排通知填写。",
    ),
    "site.schema.json": (
        SiteIdentity,
        "网站标识（data/site.yml）",
        "网站名称、主办单位、联系方式、网站标识码、ICP备案号、公安机关备案号、徽标和页脚链接，显示在每页的页眉和页脚。",
    ),
}

# Chinese names of the nested records, shown by editors instead of the Python class names.
MODEL_TITLES: dict[str, tuple[str, str]] = {
    "Deadline": ("截止时间", "一个截止事项：日期、时间（可选）、标题和说明。"),
    "Allocation": ("名额分配行", "一个推荐单位的名额，如 {unit: 沁阳市, group: 县市区, seats: 5}。"),
    "DefaultQuota": ("其他单位名额", "名额表未列出的单位适用的名额。"),
    "Quotas": ("推荐名额", "拟选拔人数、各推荐单位的名额分配及不受指标限制的情形。"),
    "Form": ("下载表格", "一个供下载的文件，放在 data/campaigns/<编号>/ 文件夹中。"),
    "Contact": ("联系方式", "受理部门的名称、地址、电话和电子邮箱。"),
    "Objections": ("异议受理", "公示期间受理异议的电话、电子邮箱、地址和规则。"),
    "Publicity": ("社会公示", "公示开始日期（不填为「自公示之日起」），以及公示工作日数和／或结束日期（都写时须一致）、结束时刻。"),
    "Award": ("表彰决定", "评选结束后的表彰/批准决定。"),
    "Candidate": ("候选人", "名单中的一位候选人，或一个集体（kind: 集体）。"),
    "Section": ("名单分组", "名单中的一组（如一个奖项等次）：标题、排序和说明。"),
    "Campaign": SCHEMAS["campaign.schema.json"][1:],
    "CandidateList": SCHEMAS["candidates.schema.json"][1:],
    "CalendarYear": SCHEMAS["calendar.schema.json"][1:],
    "SiteIdentity": SCHEMAS["site.schema.json"][1:],
    "FooterLink": ("页脚链接", "页脚的一个链接：文字和网址。"),
    "NavPage": ("导航中的手写页面", "导航栏中的一个手写页面：显示的名称和 site_src/ 中的文件。"),
    "SiteLink": ("网站链接", "另一个网站：名称和网址。"),
    "Column": ("名单的列", "名单表格的一列：内置字段写名称（如 职称），名单自己的列写 {label: 准考证号, kind: 编号}。"),
}


def _widen_issuer(schema: dict[str, Any]) -> None:
    """`issuer` also takes a single text: the model's before-validator wraps it in a list."""
    prop = schema["properties"]["issuer"]
    notes = {k: prop[k] for k in ("title", "description") if k in prop}
    array = {k: v for k, v in prop.items() if k not in notes}
    schema["properties"]["issuer"] = {"anyOf": [array["items"], array], **notes}


def _widen_columns(schema: dict[str, Any]) -> None:
    """A `columns` item may also be a built-in column's label alone (职称): the model's
    before-validator makes it `{label: 职称}`."""
    prop = schema["properties"]["columns"]
    builtin = {"type": "string", "minLength": 1, "title": "内置的列",
               "description": "内置字段的名称，如 姓名、性别、职称、工作单位"}
    prop["items"] = {"anyOf": [builtin, prop["items"]]}


def _fix_array_lengths(node: Any) -> None:
    """pydantic emits `min_length` of a tuple as `minLength`, which JSON Schema ignores on arrays."""
    if isinstance(node, dict):
        if node.get("type") == "array" and "minLength" in node:
            node["minItems"] = node.pop("minLength")
        for value in node.values():
            _fix_array_lengths(value)
    elif isinstance(node, list):
        for value in node:
            _fix_array_lengths(value)


def _titled(schema: dict[str, Any], name: str) -> None:
    # A model added without an entry keeps its class name; tests/test_schema.py flags it.
    if name in MODEL_TITLES:
        schema["title"], schema["description"] = MODEL_TITLES[name]


def generate(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    """The JSON Schema of one root model, with Chinese names everywhere."""
    raw = model.model_json_schema(mode="validation")
    schema = copy.deepcopy(raw)
    for name, sub in schema.get("$defs", {}).items():
        _titled(sub, name)
    _fix_array_lengths(schema)
    if model is Campaign:
        _widen_issuer(schema)
    if model is CandidateList:
        _widen_columns(schema)
    ordered: dict[str, Any] = {"$schema": SCHEMA_DIALECT, "title": title, "description": description}
    ordered.update({k: v for k, v in schema.items() if k not in ("title", "description")})
    return ordered


def render(schema: dict[str, Any]) -> str:
    """Stable text: same models → same bytes, so the committed files can be compared."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → text of every schema."""
    return {name: render(generate(*spec)) for name, spec in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    """(Re)write every schema file in `folder`; returns the files whose content changed."""
    folder.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, text in all_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files in `folder` that are missing or differ from a fresh generation."""
    out = []
    for name, text in all_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(name)
    return out


def cmd_schema(args: argparse.Namespace) -> int:
    folder = Path(args.out)
    if args.check:
        stale = stale_schemas(folder)
        for name in stale:
            print(f"{display_path(folder / name)} 与数据模型不一致，请运行 gongshi schema 重新生成",
                  file=sys.stderr)
        return 1 if stale else 0
    changed = write_schemas(folder)
    for path in changed:
        print(f"已更新 {display_path(path)}")
    if not changed:
        print("JSON Schema 已是最新，无需更新")
    return 0


def add_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="根据数据模型重新生成 schema/*.json（编辑器的自动补全和检查）")
    p.add_argument("--out", default="schema", help="输出目录（默认 schema）")
    p.add_argument("--check", action="store_true", help="只检查是否最新，不写入")
    p.set_defaults(func=cmd_schema)
