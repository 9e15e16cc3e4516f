"""Turn a located YAML document into a model, translating every pydantic error to Chinese.

Also salvages the valid parts of a document that failed, so that cross-field and cross-file
rules can still run on them: HR staff then see every problem in one run, not one layer per fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.model.contacts import office_contacts
from builder.model.contract import Campaign
from builder.text.labels import context_at, label, label_at, model_at
from builder.text.privacy import mask_personal_data, masker
from builder.text.problems import Problems
from builder.text.yamlsrc import Describe, Loc, PathKey, SourceDoc

M = TypeVar("M", bound=BaseModel)

_KIND_WORD = {
    "int": "数字",
    "float": "数字",
    "bool": "是/否值",
    "date": "日期",
}

_PATTERN_HINTS = {
    "born": "应为「年-月」格式，如 1980-05",
    "id": "应为小写英文字母、数字和连字符组成的编号，如 2020-jiaozuo-xueshu-daitouren",
    "campaign": "应为评选编号（小写英文字母、数字和连字符），即 data/campaigns/ 中的文件名",
    "time": "应为 24 小时制的“时:分”，如 \"17:30\"（需加引号）",
    "end_time": "应为 24 小时制的“时:分”，如 \"17:00\"（需加引号）",
    "pinyin": "只能包含拼音字母、空格和间隔号",
    "file": "应为 site_src/ 中 Markdown 页面的路径，如 about.md 或 notices/2026.md（英文字母、数字、- 和 _，以 .md 结尾；操作手册 manual/ 不能放进公开网站的导航）",
    "title": "不能有 <、>、&、英文引号（\"、'）；引号请用中文的“”",
}

_DATE_ERRORS = ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing")


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def subject(root: type[BaseModel], path: PathKey, who: str) -> str:
    """Plain words for the value at `path`: 第3位候选人「张三」的 gender（性别）."""
    if path and isinstance(path[-1], int):
        return who or context_at(root, (*path, ""))
    name = label_at(root, path)
    if not name.endswith("）"):  # a free key such as a reserved-seat category, not a field
        name = f"「{name}」"
        where = who or context_at(root, path)
        return f"{where}的{name}" if where else name
    where = who or context_at(root, path)
    return f"{where}的 {name}" if where else name


def _is_required(root: type[BaseModel], path: PathKey) -> bool:
    if not path or not isinstance(path[-1], str):
        return False
    field = model_at(root, path).model_fields.get(path[-1])
    return field is not None and field.is_required()


def _message(
    err: dict[str, Any],
    root: type[BaseModel],
    doc: SourceDoc,
    path: PathKey,
    who: str,
    mask: Callable[[str], str] = mask_personal_data,
) -> tuple[str, bool]:
    """(message, located at the key?) for one pydantic error.

    `who` names the record the error is in (第3位候选人「张三」) or is empty. A message quotes
    the value it is about; personal data in it is masked by `mask` (which keeps a campaign's
    own office phone whole, so "quote it" shows the right text).
    """
    kind = err["type"]
    key = next((p for p in reversed(path) if isinstance(p, str)), None)
    what = mask(subject(root, path, who))
    src_kind = doc.kinds.get(path)
    raw_value = doc.raw.get(path)
    raw = mask(raw_value) if raw_value is not None else None
    shown = raw if raw is not None else mask(_shown(err.get("input")))

    if kind == "missing":
        where = who or context_at(root, path)
        return f"{where}缺少必填项 {label_at(root, path)}", False
    if kind == "extra_forbidden":
        model = model_at(root, path)
        known = list(model.model_fields)
        where = who or context_at(root, path)
        lead = f"{where}有未知的键「{mask(str(key))}」" if where else f"未知的键「{mask(str(key))}」"
        # HR staff sometimes write the Chinese name of a key (性别: 男): map it back.
        by_title = {f.title: name for name, f in model.model_fields.items() if f.title}
        close = [by_title[str(key)]] if str(key) in by_title else []
        close = close or difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if close:
            return f"{lead}，是否应为 {label(model, close[0])}？", True
        return f"{lead}；此处可用的键：{'、'.join(known)}", True
    if src_kind == "null":
        if _is_required(root, path):
            return f"{what}为空；这是必填项，请填写", True
        return f"{what}为空，请填写内容或删除这一行", True
    if src_kind == "invalid":  # a date-looking plain scalar naming a day that does not exist
        if kind in _DATE_ERRORS:
            return f"{what}为「{raw}」，这一天并不存在，请检查年月日", False
        if kind in ("string_type", "literal_error", "string_pattern_mismatch"):
            return (
                f"{what}为「{raw}」，YAML 会把它当作日期读取（而这一天并不存在）；"
                f"这里应为文字，请加引号写成 \"{raw}\"",
                False,
            )
    if kind == "string_type":
        if key == "born" and src_kind in _KIND_WORD:
            return f"{what}为「{raw}」，{_PATTERN_HINTS['born']}", False
        if src_kind in _KIND_WORD:
            return (
                f"{what}为「{raw}」，YAML 把它读成了{_KIND_WORD[src_kind]}，"
                f"这里应为文字，请加引号写成 \"{raw}\"",
                False,
            )
        if src_kind in ("seq", "map"):
            form = "列表" if src_kind == "seq" else "「键: 值」映射"
            return f"{what}应为一段文字，而不是{form}", False
        return f"{what}应为一段文字", False
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = "」或「".join(
            part.strip(" '") for chunk in expected.split(" or ") for part in chunk.split(",")
        )
        if src_kind in ("seq", "map"):
            return f"{what}应为「{options}」之一", False
        note = f"（YAML 把它读成了{_KIND_WORD[src_kind]}）" if src_kind in _KIND_WORD else ""
        return f"{what}为「{shown}」{note}，应为「{options}」", False
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(key), "格式不正确")
        return f"{what}为「{shown}」，{hint}", False
    if key == "name" and kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        return f"{what}为「{shown}」，姓名应为 2～20 个字", False
    if kind == "string_too_short":
        return f"{what}不能为空", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = "（不要加引号）" if src_kind == "str" and str(raw).strip().isdigit() else ""
        return f"{what}为「{shown}」，应为整数{hint}", False
    if kind in ("greater_than_equal", "greater_than"):
        limit = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
        return f"{what}为 {err.get('input')}，不能小于 {limit}", False
    if kind in ("less_than_equal", "less_than"):
        limit = err.get("ctx", {}).get("le", err.get("ctx", {}).get("lt"))
        return f"{what}为 {err.get('input')}，不能大于 {limit}", False
    if kind == "impossible_date":
        return f"{what}为「{shown}」，这一天并不存在，请检查年月日", False
    if kind in _DATE_ERRORS:
        if ":" in str(shown):
            return f"{what}为「{shown}」，这里只写日期、不写时间，格式如 2020-04-10", False
        return f"{what}为「{shown}」，应为日期，格式如 2020-04-10", False
    if kind == "bool_type":
        return f"{what}为「{shown}」，应为 true 或 false", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if src_kind == "seq":
            return f"{what}应为若干「键: 值」，而不是以“- ”开头的列表", False
        return f"{what}应为若干「键: 值」，而不是「{shown}」", False
    if kind in ("tuple_type", "list_type"):
        if src_kind == "map":
            return f"{what}应为列表（每项以“- ”开头），而不是若干「键: 值」", False
        return f"{what}应为列表（每项以“- ”开头）", False
    if kind == "too_short":
        if isinstance(err.get("input"), str):
            return f"{what}不能为空", False
        return f"{what}至少需要一项", False
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
        return f"{what}：{msg}", False
    return f"{what}的值不符合要求（{err.get('msg')}）", False


def validate_doc(
    doc: SourceDoc,
    model: type[M],
    problems: Problems,
    describe: Describe | None = None,
    *,
    covered: Collection[PathKey] = (),
) -> M | None:
    """Validate `doc.data` as `model`; every error goes to `problems` located in `doc`.

    `covered`: paths the personal-data guard already reported as errors; an error at one of
    them is the same value reported twice and is left out. Nothing else is ever left out: a
    file that fails validation always has at least one error (issue 12: a dropped error made a
    whole round vanish from the site with "数据检查通过").
    """
    if doc.data is None:
        if not doc.failed:
            problems.error(doc.path, 1, 1, "文件是空的，没有任何数据")
        return None
    if not isinstance(doc.data, dict):
        problems.error(doc.path, 1, 1, "文件内容应为若干「键: 值」，而不是列表或单个值")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        keep = office_contacts(lambda p: doc.raw.get(p)) if model is Campaign else frozenset()
        mask = masker(keep)
        reported = 0
        for err in exc.errors(include_url=False):
            path = _source_path(doc, tuple(err["loc"]))
            if path in covered and err["type"] != "missing":
                reported += 1
                continue
            who = describe(path) if describe else ""
            text, at_key = _message(dict(err), model, doc, path, who, mask)
            where: Loc = doc.loc(path, key=at_key)
            problems.error(doc.path, where.line, where.column, text, keep=keep)
            reported += 1
        if not reported:  # cannot happen today; a file that fails is never silent
            problems.error(doc.path, 1, 1, "数据不符合要求，未能发布；请检查这个文件")
        return None


def salvage(doc: SourceDoc, model: type[M], **fallbacks: Any) -> tuple[M, set[str]] | None:
    """The top-level fields of a failed document that are valid on their own.

    Returns a stand-in instance holding those fields (broken or missing ones take `fallbacks`
    or their defaults) and the names of the broken fields. It exists only so cross-field rules
    can run; it must never be rendered, and it never is, because its file has errors.
    """
    if not isinstance(doc.data, dict):
        return None
    instance = model.model_construct(**fallbacks)
    broken: set[str] = set()
    for name, field in model.model_fields.items():
        if name not in doc.data:
            if field.is_required():
                broken.add(name)
            continue
        try:
            model.__pydantic_validator__.validate_assignment(instance, name, doc.data[name])
        except ValidationError:
            broken.add(name)
    return instance, broken


def salvage_items(doc: SourceDoc, key: str, model: type[M]) -> list[tuple[int, M]]:
    """(source index, item) for every item of the list at `key` that is valid on its own."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return []
    out: list[tuple[int, M]] = []
    for i, item in enumerate(items):
        try:
            out.append((i, model.model_validate(item)))
        except ValidationError:
            continue
    return out


def _source_path(doc: SourceDoc, loc: tuple[Any, ...]) -> PathKey:
    """Drop the synthetic parts pydantic adds to `loc` (union branches, validator tags)."""
    out: list[str | int] = []
    for part in loc:
        real = (*out, part) in doc.values or (*out, part) in doc.keys
        if real or isinstance(part, int) or not _synthetic(part):
            out.append(part)
    return tuple(out)


def _synthetic(part: object) -> bool:
    return isinstance(part, str) and (
        part.startswith(("function-", "literal[", "constrained-", "tagged-union"))
        or part in ("str", "int", "date", "bool", "none", "tuple", "list", "dict")
        or "[" in part
    )


def salvage_partial_items(
    doc: SourceDoc, key: str, model: type[M]
) -> list[tuple[int, M, frozenset[str]]]:
    """(source index, stand-in, broken fields) for every item of the list at `key` that is NOT
    valid on its own but is a mapping: the stand-in holds its valid fields, so that rules that
    need only those still run. Like `salvage`, it must never be rendered."""
    items = doc.data.get(key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return []
    out: list[tuple[int, M, frozenset[str]]] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        try:
            model.model_validate(item)
        except ValidationError:
            instance = model.model_construct()
            lost: set[str] = set()
            for name, field in model.model_fields.items():
                if name not in item:
                    if field.is_required():
                        lost.add(name)
                    continue
                try:
                    model.__pydantic_validator__.validate_assignment(instance, name, item[name])
                except ValidationError:
                    lost.add(name)
            out.append((i, instance, frozenset(lost)))
    return out
