"""Organisation codes of Chinese public bodies, checked by their check characters: the 18-character
统一社会信用代码 (GB 32100-2015) and the 9-character 组织机构代码 (GB 11714-1997) it superseded.

The 政府信息公开 索引号 of a page begins with its issuer's code (11441700007280420Y/2021-00050,
000014349/2017-00110); a mistyped code would stand on every page, so data/site.yml's `org_code`
is refused unless its check character agrees.
"""

from __future__ import annotations

import re

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a 统一社会信用代码 (no I, O, S, V, Z), in value order."""
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalise(value: str) -> str:
    """The code as it is written in a 索引号: capitals, without spaces or the hyphen of the
    organisation code's printed form (00001434-9)."""
    return re.sub(r"[\s\-－]", "", value).upper()


def uscc_check(body: str) -> str:
    """The 18th character of a 统一社会信用代码 whose first 17 are `body`."""
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def org_check(body: str) -> str:
    """The 9th character of a 组织机构代码 whose first 8 are `body` (digits and capitals)."""
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def problem(code: str) -> str | None:
    """Why `code` (normalised) is not a valid code, in words for HR staff; None when it is."""
    if len(code) == 18:
        if any(ch not in USCC_CHARS for ch in code):
            return "统一社会信用代码只由数字和除 I、O、S、V、Z 以外的大写字母组成"
        if code[8:17] != code[8:16] + org_check(code[8:16]):
            return "统一社会信用代码第 9～17 位（组织机构代码）的校验位不对，请核对"
        if code[17] != uscc_check(code[:17]):
            return "统一社会信用代码的最后一位（校验位）不对，请核对"
        return None
    if len(code) == 9:
        if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
            return "组织机构代码应为 8 位数字或大写字母加 1 位校验位（数字或 X）"
        if code[8] != org_check(code[:8]):
            return "组织机构代码的最后一位（校验位）不对，请核对"
        return None
    return "应为 18 位统一社会信用代码或 9 位组织机构代码"
