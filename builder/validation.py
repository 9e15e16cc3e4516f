"""Turn a located YAML document into a model, translating every pydantic error to Chinese."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from builder.labels import label, label_at, model_at
from builder.privacy import FORBIDDEN_KEYS
from builder.problems import Problems
from builder.yamlsrc import Loc, PathKey, SourceDoc

M = TypeVar("M", bound=BaseModel)

_KIND_WORD = {
    "int": "数字",
    "float": "数字",
    "bool": "是/否（布尔值）",
    "date": "日期",
}

_PATTERN_HINTS = {
    "born": "应为「年-月」格式，如 1980-05",
    "id": "应为小写英文字母、数字和连字符组成的编号，如 2020-jiaozuo-xueshu-daitouren",
    "campaign": "应为评选编号（小写英文字母、数字和连字符）",
    "time": "应为 24 小时制的\"时:分\"，如 \"17:30\"（需加引号）",
    "pinyin": "只能包含拼音字母、空格和间隔号",
}

Describe = Callable[[PathKey], str]


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _message(
    err: dict[str, Any], root: type[BaseModel], doc: SourceDoc, path: PathKey, who: str
) -> tuple[str, bool] | None:
    """(message, located at key?) for one pydantic error, or None to drop it.

    `who` names the record the error is in (第3位候选人「张三」) or is empty.
    """
    kind = err["type"]
    loc = tuple(err["loc"])
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    what = (f"{who}的 " if who else "") + label_at(root, loc)
    src_kind = doc.kinds.get(path)
    raw = doc.raw.get(path)
    if src_kind == "invalid":
        return None  # already reported as an impossible date
    if kind == "missing":
        return f"{who}缺少必填项 {label_at(root, loc)}", False
    if kind == "extra_forbidden":
        if str(key).lower() in FORBIDDEN_KEYS:
            return None  # the personal-data guard reports it, more precisely
        model = model_at(root, loc)
        known = list(model.model_fields)
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        if close:
            return f"{who}有未知的键「{key}」，是否应为 {label(model, close[0])}？", True
        return f"{who}有未知的键「{key}」；此处可用的键：{'、'.join(known)}", True
    if src_kind == "null" and kind not in ("literal_error",):
        return f"{what}为空，请填写内容或删除这一行", False
    if kind in ("string_type", "str_type") and src_kind in _KIND_WORD:
        return (
            f"{what}为「{raw}」，YAML 把它读成了{_KIND_WORD[src_kind]}，"
            f"这里应为文字，请加引号写成 \"{raw}\"",
            False,
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = "」或「".join(part.strip(" '") for part in expected.split(" or ")
                              for part in part.split(","))
        shown = raw if raw is not None else _shown(err.get("input"))
        note = f"（YAML 把它读成了{_KIND_WORD[src_kind]}）" if src_kind in _KIND_WORD else ""
        return f"{what}为「{shown}」{note}，应为「{options}」", False
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(str(key), "格式不正确")
        return f"{what}为「{_shown(err.get('input'))}」，{hint}", False
    if kind in ("string_too_short",):
        if key == "name":
            return f"{what}为「{err.get('input')}」，姓名应为 2～20 个字", False
        return f"{what}不能为空", False
    if kind == "string_too_long":
        return f"{what}过长（{len(str(err.get('input')))} 个字），姓名应为 2～20 个字", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{what}为「{raw if raw is not None else _shown(err.get('input'))}」，应为整数", False
    if kind in ("greater_than_equal", "greater_than"):
        limit = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
        return f"{what}为 {err.get('input')}，不能小于 {limit}", False
    if kind in ("less_than_equal", "less_than"):
        limit = err.get("ctx", {}).get("le", err.get("ctx", {}).get("lt"))
        return f"{what}为 {err.get('input')}，不能大于 {limit}", False
    if kind.startswith("date") or (kind == "value_error" and key in ("date", "start", "end")):
        shown = raw if raw is not None else _shown(err.get("input"))
        return f"{what}为「{shown}」，应为日期，格式如 2020-04-10", False
    if kind == "bool_type":
        return f"{what}为「{raw}」，应为 true 或 false", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{what}应为若干「键: 值」组成的映射", False
    if kind in ("tuple_type", "list_type"):
        return f"{what}应为列表（每项以“- ”开头）", False
    if kind == "too_short":
        return f"{what}至少需要一项", False
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
        return f"{what}：{msg}", False
    return f"{what}：{err.get('msg')}", False


def validate_doc(
    doc: SourceDoc,
    model: type[M],
    problems: Problems,
    describe: Describe | None = None,
    context: dict[str, Any] | None = None,
) -> M | None:
    """Validate `doc.data` as `model`; every error goes to `problems` located in `doc`."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        problems.error(doc.path, 1, 1, "文件内容应为若干「键: 值」组成的映射")
        return None
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            path = _source_path(doc, tuple(err["loc"]))
            who = describe(path) if describe else ""
            found = _message(dict(err), model, doc, path, who)
            if found is None:
                continue
            text, at_key = found
            where: Loc = doc.loc(path, key=at_key)
            problems.error(doc.path, where.line, where.column, text)
        return None


def _source_path(doc: SourceDoc, loc: tuple[Any, ...]) -> PathKey:
    """Drop the synthetic parts pydantic adds to `loc` (union branches, validator tags)."""
    out: list[str | int] = []
    for part in loc:
        candidate = (*out, part)
        if candidate in doc.values or candidate in doc.keys or (isinstance(part, int | str) and not out_of_source(part)):
            out.append(part)
    return tuple(out)


def out_of_source(part: object) -> bool:
    return isinstance(part, str) and (
        part.startswith(("function-", "literal[", "constrained-", "tagged-union"))
        or part in ("str", "int", "date", "bool", "none", "tuple", "list")
        or "[" in part
    )
