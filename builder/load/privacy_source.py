"""The input guard: personal data in the YAML sources, reported where it is in the document.

builder.text.privacy finds personal data in a text; this module walks a parsed document (every key
and string, builder.text.yamlsrc) and turns each finding into a message with its line and column,
saying whose field it is. Apart from builder.text.privacy because problems masks every message
through privacy, and the YAML reader reports problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from builder.model.contacts import office_contacts
from builder.text.privacy import (
    FORBIDDEN_KEYS,
    NEVER_ALLOWED,
    Finding,
    find_personal_data,
    is_separator,
    mask_personal_data,
)
from builder.text.readable import as_read
from builder.text.yamlsrc import Loc, PathKey, SourceDoc


def is_key_finding(path: PathKey, doc: SourceDoc) -> bool:
    return path in doc.keys and bool(path) and str(path[-1]).lower() in FORBIDDEN_KEYS


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _offset(starts: list[int], loc: Loc) -> int:
    line = min(max(loc.line, 1), len(starts))
    return starts[line - 1] + loc.column - 1


def _loc_of(starts: list[int], offset: int) -> Loc:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return Loc(lo + 1, offset - starts[lo] + 1)


def _source_position(doc: SourceDoc, starts: list[int], node: Loc, finding: Finding) -> Loc:
    """Where `finding` is in the file: its key searched from the node's start, separators and
    line breaks ignored, so a number folded over two lines is found where it begins."""
    text = doc.text
    begin = _offset(starts, node)
    compact: list[str] = []
    index: list[int] = []
    norm = as_read(text[begin : begin + 200_000])
    positions = norm.index if norm.index is not None else range(len(norm.text))
    for ch, i in zip(norm.text, positions, strict=True):
        if is_separator(ch):
            continue
        compact.append(ch.lower())
        index.append(begin + i)
    needle = "".join(c for c in finding.key if not is_separator(c)).lower()
    hit = "".join(compact).find(needle)
    if hit < 0:
        return node
    return _loc_of(starts, index[hit])


def _who_and_what(doc: SourceDoc, root: type[BaseModel], path: PathKey) -> str:
    from builder.text.labels import context_at, label_at

    parts = list(path)
    if len(parts) >= 2 and parts[0] == "candidates" and isinstance(parts[1], int):
        people = doc.data.get("candidates") if isinstance(doc.data, dict) else None
        name = None
        if isinstance(people, list) and parts[1] < len(people) and isinstance(people[parts[1]], dict):
            raw = people[parts[1]].get("name")
            name = raw.strip() if isinstance(raw, str) and raw.strip() else None
        who = f"第{parts[1] + 1}位候选人" + (f"「{mask_personal_data(name)}」" if name else "")
        rest = tuple(parts[2:])
        if not rest:
            return who
        if len(rest) == 2 and rest[0] == "extra":  # a value of the list's own column
            return f"{who}的「{mask_personal_data(str(rest[1]))}」"
        inner = next((p for p in rest if isinstance(p, str)), None)
        field_name = label_at(root, tuple(parts)) if inner else "此项"
        return f"{who}的 {field_name}"
    if not parts:
        return "文件"
    if isinstance(parts[-1], int):
        return context_at(root, (*parts, ""))
    context = context_at(root, tuple(parts))
    field_name = label_at(root, tuple(parts))
    return f"{context}的 {field_name}" if context else field_name


def _is_under_forbidden_key(path: PathKey) -> bool:
    return any(isinstance(p, str) and p.lower() in FORBIDDEN_KEYS for p in path)


def code_paths(doc: SourceDoc) -> frozenset[PathKey]:
    """Where a candidates file holds values of its 编号 columns (`columns: [{label: 准考证号,
    kind: 编号}]`, each person's `extra: {准考证号: "13624089159"}`): read from the document
    itself, so the guard runs before (and whether or not) the file validates."""
    data = doc.data if isinstance(doc.data, dict) else {}
    columns = data.get("columns")
    labels = {
        str(c["label"]) for c in (columns if isinstance(columns, list) else ())
        if isinstance(c, dict) and c.get("kind") == "编号" and isinstance(c.get("label"), str)
    }
    people = data.get("candidates")
    if not labels or not isinstance(people, list):
        return frozenset()
    return frozenset(
        ("candidates", i, "extra", label)
        for i, person in enumerate(people) if isinstance(person, dict) and isinstance(person.get("extra"), dict)
        for label in labels if label in person["extra"]
    )


def scan_document(
    doc: SourceDoc, root: type[BaseModel], *, forbidden_keys: bool = False
) -> Iterator[tuple[PathKey, Loc, str]]:
    """(path, position, message) for every piece of personal data in a data file: every key and every
    string value, whatever the field (issue 12: the guard ran on candidate files only).

    `root` is the file's model (it names the fields). A campaign's office contacts
    (OFFICE_CONTACT_FIELDS) are allowed in its own file; an identity-card number never is.
    `forbidden_keys`: keys such as `phone` are refused outright (candidate files). A value is
    reported at its node; when the finding is further inside (a long block), the message gives
    its own line and column; the position is the finding's own. In a candidates file the values
    of its 编号 columns (`code_paths`) are not taken for mobile numbers.
    """
    audience = "公示名单" if forbidden_keys else "网站"
    if forbidden_keys:
        for path in doc.keys:
            key = str(path[-1]).lower()
            if key in FORBIDDEN_KEYS:
                owner = _who_and_what(doc, root, path[:-1]) if len(path) > 1 else "文件"
                yield (
                    path,
                    doc.loc(path, key=True),
                    f"{owner}有「{path[-1]}」（{FORBIDDEN_KEYS[key]}）一项：候选人数据不得包含"
                    f"{FORBIDDEN_KEYS[key]}，公示名单不能公开个人信息，请删除这一项",
                )
    allowed = office_contacts(lambda p: doc.raw.get(p)) if not forbidden_keys else frozenset()
    codes = code_paths(doc) if forbidden_keys else frozenset()
    # A path lies under a forbidden key only if some key of the document is one (every string
    # of a path is a key of the document): most files have none, and then no path is tested.
    skip_forbidden = forbidden_keys and any(
        str(path[-1]).lower() in FORBIDDEN_KEYS for path in doc.keys
    )
    starts: list[int] | None = None
    key_findings: dict[str, list[Finding]] = {}
    for path in doc.keys:
        if skip_forbidden and _is_under_forbidden_key(path):
            continue
        key = str(path[-1])
        findings = key_findings.get(key)
        if findings is None:
            findings = key_findings[key] = find_personal_data(key)
        if findings:
            kinds = "、".join(dict.fromkeys(f.describe() for f in findings))
            at = doc.loc(path, key=True)
            if doc.text:  # the finding's own column (keys are on one line; skip a quote)
                starts = starts if starts is not None else _line_starts(doc.text)
                offset = _offset(starts, at)
                quoted = doc.text[offset : offset + 1] in ("'", '"')
                at = Loc(at.line, at.column + findings[0].start + quoted)
            yield (
                path,
                at,
                f"键「{mask_personal_data(str(path[-1]))}」中含有{kinds}：{audience}不能公开个人信息，请删除",
            )
    for path, raw in doc.raw.items():
        if (skip_forbidden and _is_under_forbidden_key(path)) or not isinstance(raw, str):
            continue
        findings = [
            f for f in find_personal_data(raw) if f.kind in NEVER_ALLOWED or f.key not in allowed
        ]
        if path in codes:  # a declared 编号 (准考证号) is not a mobile number; nothing else changes
            findings = [f for f in findings if f.kind != "mobile"]
        if not findings:
            continue
        node = doc.loc(path)
        where = _who_and_what(doc, root, path)
        for finding in findings:
            if doc.text:
                starts = starts if starts is not None else _line_starts(doc.text)
                at = _source_position(doc, starts, node, finding)
            else:
                at = node
            hint = ""
            if not forbidden_keys and finding.kind in ("mobile", "email"):
                hint = (
                    "；如果这是受理部门的电话或邮箱，请写在 contact（联系方式）或 "
                    "publicity.objections（异议受理）的 phone（电话）、email（电子邮箱）中"
                )
            yield (
                path,
                at,
                f"{where}含有{finding.describe()}：{audience}不能公开{finding.forbidden}，请删除{hint}",
            )
