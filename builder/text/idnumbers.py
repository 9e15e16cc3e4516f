"""The numbers a 公示 must never carry, recognised by their own rules: resident identity cards
(province, birth date, ISO 7064 MOD 11-2 check digit), mobile numbers, bank cards (Luhn)."""

from __future__ import annotations

import datetime as dt
import re

# First two digits of a resident ID: the province-level division (GB/T 2260), 91 = abroad.
PROVINCES = frozenset(
    str(code)
    for code in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
                 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91)
)


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


_CHECK = "10X98765432"


def id18_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_id18(number: str) -> bool:
    """`number` is 17 digits + a digit or X: province, birth date and check digit all valid."""
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in PROVINCES:
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not 1900 <= year <= 2099 or not _real_date(year, month, day):
        return False
    return id18_check_digit(number[:17]) == number[17].upper()


def is_id15(number: str) -> bool:
    if len(number) != 15 or not number.isdigit() or number[:2] not in PROVINCES:
        return False
    return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def is_mobile(number: str) -> bool:
    return len(number) == 11 and re.fullmatch(r"1[3-9]\d{9}", number) is not None


# Issuer prefixes of the cards a Chinese bank issues: UnionPay (62), Visa (4), Mastercard (51-55,
# 2221-2720), American Express (34, 37), JCB (35). With the Luhn check this keeps document
# numbers and hashes out: a random 16-19-digit run passes both about once in 50.
_CARD_PREFIX = re.compile(r"^(?:62|4|5[1-5]|2[2-7]|3[457])")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    return digits.isdigit() and 16 <= len(digits) <= 19 and bool(_CARD_PREFIX.match(digits)) and luhn_ok(digits)
