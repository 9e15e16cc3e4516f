"""Personal data that a 公示 must not carry (data-format.md; issue: safety).

This module finds it in candidate data (input) and in built files (output).
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.yamlsrc import PathKey, SourceDoc

FORBIDDEN_KEYS = {
    "id_number": "身份证号",
    "id_card": "身份证号",
    "idcard": "身份证号",
    "identity": "身份证号",
    "sfz": "身份证号",
    "phone": "电话",
    "mobile": "手机号",
    "tel": "电话",
    "telephone": "电话",
    "email": "电子邮箱",
    "mail": "电子邮箱",
    "address": "住址",
    "home_address": "家庭住址",
}


def is_key_finding(path: PathKey, doc: SourceDoc) -> bool:
    return path in doc.keys and bool(path) and str(path[-1]).lower() in FORBIDDEN_KEYS


def scan_document(doc: SourceDoc) -> Iterator[tuple[PathKey, str]]:
    """(path, message) for every piece of personal data in a candidates file."""
    for path in doc.keys:
        key = str(path[-1]).lower()
        if key in FORBIDDEN_KEYS:
            yield (
                path,
                f"候选人数据不得包含{FORBIDDEN_KEYS[key]}（键「{path[-1]}」）：公示名单不能公开个人信息，"
                "请删除这一项",
            )
