"""Rules of a list's own columns (`columns`, `extra`, `group_by`), each located in the file.

A candidates file may declare its table's columns: built-in fields by their label (职称) and
columns of its own with a kind (`{label: 准考证号, kind: 编号}`), whose values each person gives
under `extra`. Every problem is reported at once: an undeclared `extra` key, a 分数 that is not
a number, a 名次 that is not a whole number, a person without a value for the `group_by` column,
a 工作单位 missing where the list's columns need one.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence

from builder.model.contract import BUILTIN_COLUMNS, COLUMN_KINDS, Candidate, CandidateList
from builder.model.listcolumns import KIND_HINTS, value_fits
from builder.text.problems import Problems
from builder.text.yamlsrc import Describe, PathKey, SourceDoc

_KINDS = "、".join(COLUMN_KINDS)
_NOT_TABLE = {"序号": "序号由网站按组自动编排，不必列出", "主要业绩": "主要业绩在每人的详细信息中显示，不能作为表格的一列",
              "状态": "公示结果由 status（状态）决定，显示在「结果」一列，不必列出"}
# Filled built-in fields that a list's declared columns may leave out: the page shows them in
# the person's details only, and the printed list not at all (a warning says so).
_FIELDS_OUTSIDE = ("gender", "born", "ethnicity", "education", "title", "position", "unit", "field",
                   "honours", "recommended_by", "category", "leader", "members_count", "members",
                   "quota_exempt")
_LABEL_OF = {key: label for label, key in BUILTIN_COLUMNS.items()}
# A column that names personal data a 公示 must not carry (its values would be refused anyway,
# except a phone number declared as a 编号 column: the label is what gives it away).
_PERSONAL_WORDS = ("身份证", "证件号", "手机", "电话", "联系方式", "邮箱", "电子邮件", "住址", "家庭地址", "银行卡", "卡号")


def _close(word: str, options: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.5)
    return found[0] if found else None


def check_columns(listing: CandidateList, doc: SourceDoc, problems: Problems) -> None:
    """The list's `columns` and `group_by` themselves."""
    seen: dict[str, int] = {}
    for i, col in enumerate(listing.columns):
        where = ("columns", i)  # located only for a problem (builder.load.parsecache)
        lead = f"columns（列）第{i + 1}项「{col.label}」"
        if col.label in seen:
            problems.error(*doc.at(where), f"{lead}与第{seen[col.label] + 1}项重复：每一列只能列出一次")
            continue
        seen[col.label] = i
        personal = next((w for w in _PERSONAL_WORDS if w in col.label), None)
        if personal is not None:  # the same words as _refused
            problems.error(*doc.at(where), f"{lead}是个人信息（{personal}）：公示名单不能公开，请删除这一列和每人的这一项")
        elif col.label in _NOT_TABLE:
            problems.error(*doc.at(where), f"{lead}：{_NOT_TABLE[col.label]}")
        elif col.kind is None and col.label not in BUILTIN_COLUMNS:
            close = _close(col.label, list(BUILTIN_COLUMNS))
            hint = f"；如果指的是内置字段，是否应为「{close}」？" if close else ""
            problems.error(
                *doc.at(where),
                f"{lead}不是内置字段：名单自己的列须写明类型（kind），如 {{label: {col.label}, kind: 文本}}，"
                f"类型可为 {_KINDS}{hint}",
            )
        elif col.kind is not None and col.label in BUILTIN_COLUMNS:
            problems.error(
                *doc.at(("columns", i, "kind")),
                f"{lead}是内置字段（{BUILTIN_COLUMNS[col.label]}），不要写 kind（类型）："
                f"直接写「{col.label}」，每人的值写在 {BUILTIN_COLUMNS[col.label]} 中",
            )
    group = listing.group_by
    if group is None:
        return
    labels = [c.label for c in listing.columns] if listing.columns else list(BUILTIN_COLUMNS)
    if group not in labels or group == "姓名":
        close = _close(group, labels)
        if listing.columns:
            hint = "名单的 columns（列）中有：" + "、".join(labels)
        else:
            hint = "名单没有 columns（列）时，只能按内置字段分组，如 类别、推荐单位"
        problems.error(
            *doc.at(("group_by",)),
            f"group_by（分组列）「{group}」不是名单的一列"
            + (f"，是否应为「{close}」？" if close and close != "姓名" else "；") + hint,
        )


def check_people(
    listing: CandidateList,
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    problems: Problems,
    describe: Describe,
    broken: Mapping[int, frozenset[str]],
    *,
    columns_ok: bool = True,
) -> None:
    """Each person against the list's columns: `extra` keys and values, the `group_by` value, and
    工作单位 where the columns need it. `columns_ok` False (the list's own `columns` are broken,
    already reported): only the rules that do not depend on them run."""
    own = {c.label: c.kind for c in listing.columns if c.kind is not None}
    group = listing.group_by
    group_kind = own.get(group) if group else None
    for i, person in entries:
        path: PathKey = ("candidates", i)
        lost = broken.get(i, frozenset())
        if "unit" not in lost and person.unit is None and (not columns_ok or listing.requires_unit):
            if ("candidates", i, "unit") in doc.keys:
                problems.error(*doc.at((*path, "unit"), key=True),
                               f"{describe(path)}的 unit（工作单位）为空；这是必填项，请填写")
            else:
                problems.error(*doc.at(path), f"{describe(path)}缺少必填项 unit（工作单位）")
        if not columns_ok:
            continue
        if "extra" not in lost:
            for key, value in person.extra.items():
                value_path = (*path, "extra", key)
                if key not in own:
                    problems.error(*doc.at(value_path, key=True), _undeclared(describe(path), key, own))
                    continue
                kind = own[key]
                if not value_fits(kind, value):
                    problems.error(
                        *doc.at(value_path),
                        f"{describe(path)}的「{key}」为「{value.strip()}」：{KIND_HINTS[kind or '']}",
                    )
        if group and group in BUILTIN_COLUMNS.keys() | own.keys() and group != "姓名":
            field_key = "extra" if group_kind is not None else BUILTIN_COLUMNS[group]
            has = bool(person.extra.get(group)) if group_kind is not None else bool(
                getattr(person, field_key, None))
            if not has and field_key not in lost:
                field = f"extra（名单列）中的「{group}」" if group_kind is not None else f"{field_key}（{group}）"
                problems.error(
                    *doc.at(path),
                    f"{describe(path)}没有填写 {field}：名单按「{group}」分组（group_by），每人都须填写",
                )


def _refused(label: str) -> bool:
    return label in _NOT_TABLE or any(w in label for w in _PERSONAL_WORDS)


def _undeclared(who: str, key: str, own: Mapping[str, str | None]) -> str:
    lead = f"{who}的 extra（名单列）中的「{key}」不是名单自己的列"
    if key in BUILTIN_COLUMNS:
        field = BUILTIN_COLUMNS[key]
        return f"{lead}：「{key}」是内置字段，请写成 {field}: …，不写在 extra 中"
    close = _close(key, list(own))
    if close:
        return f"{lead}，是否应为「{close}」？"
    if own:
        return (f"{lead}：名单的 columns（列）中声明的有 " + "、".join(own)
                + f"；如果这是新的一列，请在 columns 中加上 {{label: {key}, kind: 文本}}（或 编号、分数、名次、日期）")
    return (f"{lead}：名单没有用 columns（列）声明自己的列；请在名单开头写 columns，"
            f"如 columns: [姓名, 性别, {{label: {key}, kind: 文本}}]")


def warnings(
    listing: CandidateList, entries: Sequence[tuple[int, Candidate]], doc: SourceDoc, problems: Problems
) -> None:
    """What a declared table leaves out or leaves empty (the data is fine, the page may not be)."""
    if not listing.columns:
        return
    people = [p for _, p in entries]
    declared = {c.label for c in listing.columns}
    for i, col in enumerate(listing.columns):
        key = BUILTIN_COLUMNS.get(col.label) if col.kind is None else None
        if (col.kind is None) == (col.label not in BUILTIN_COLUMNS) or _refused(col.label):
            continue  # an error of its own
        filled = any(p.extra.get(col.label) for p in people) if col.kind else any(
            getattr(p, key or "", None) for p in people)
        if people and not filled and col.label != "姓名":
            problems.warning(*doc.at(("columns", i)),
                             f"columns（列）中的「{col.label}」没有人填写：名单上这一列是空的")
    for key in _FIELDS_OUTSIDE:
        label = _LABEL_OF[key]
        if label in declared:
            continue
        count = sum(1 for p in people if getattr(p, key, None))
        if count:
            problems.warning(
                *doc.at(("columns",), key=True),
                f"名单的 columns（列）没有「{label}」，但有 {count} 人填写了 {key}（{label}）：网页上只在每人的"
                f"详细信息中显示，打印的名单中没有。如要显示为一列，请把「{label}」加入 columns",
            )
