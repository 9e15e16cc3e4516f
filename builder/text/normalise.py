"""One rule for what people type into names and dates of birth, whichever way the data comes
in: a YAML candidates file (the models' validators) or a roster workbook (builder.tools.roster).

Published lists pad two-character names to line up (张  三, 于　全) and write 出生年月 as
1990年9月 or 1990.09; both paths must read the same text the same way.
"""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"[\s\u3000]+")
_BORN_TEXT = (
    re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:\s*[-./]\s*\d{1,2}\s*日?|\s*\d{1,2}\s*日)?$"),
    re.compile(r"^(\d{4})(\d{2})(?:\d{2})?$"),
)


BORN_SCHEMA_PATTERN = (
    r"^\s*(19|20)\d{2}(\s*[-./年]\s*(0?[1-9]|1[0-2])\s*月?(\s*[-./]\s*\d{1,2}\s*日?|\s*\d{1,2}\s*日)?"
    r"|(0[1-9]|1[0-2])(\d{2})?)\s*$"
)
"""What `born` accepts, for editors (the JSON Schema): every form `born()` turns into YYYY-MM."""


def name(text: str) -> str:
    """`于 全`, `张　三` → 于全, 张三: typographic spaces between Chinese characters go; a
    Latin name (John A. Smith) keeps its single spaces."""
    text = text.strip()
    if not _CJK.search(text):
        return _SPACES.sub(" ", text)
    parts = _SPACES.split(text)
    if all(_CJK.fullmatch(p[0]) and _CJK.fullmatch(p[-1]) for p in parts if p):
        return "".join(parts)
    return text


def born(text: str) -> str:
    """`1980.5`, `1980年5月`, `1980/05`, `198005`, `1980-05-12` → 1980-05; else unchanged."""
    text = text.strip()
    for pattern in _BORN_TEXT:
        m = pattern.match(text)
        if m and 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return text
