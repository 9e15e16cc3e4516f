"""Personal data that a 公示 must not carry (data-format.md; issue: safety).

One detector, `find_personal_data(text)`, serves both guards: the input guard (every key and
string of a data file, via builder.load.privacy_source.scan_document) and the output guard (every file the build
wrote, via builder.checks.personal_data). What it looks for:

- 18-digit identity-card numbers: a valid province code, a real birth date (1900–2099) and a
  valid ISO 7064 MOD 11-2 check digit (the last may be X/x). The checksum is what keeps dates,
  document numbers and hashes from being flagged.
- 15-digit (pre-1999) identity-card numbers: a valid province code and a real 19yy birth date,
  and not glued to letters or a decimal point (they have no checksum, so context matters more).
- Mobile numbers: 1[3-9] + 9 digits, optionally after +86 / 0086, not glued to letters, digits or
  a decimal point. Landlines (0391-2118928) are not personal data of a candidate and pass.
- E-mail addresses.
- Home addresses, by two heuristics. Work units legitimately contain 路 and 号 (示例市人民路1号),
  so a street address alone is never flagged. Flagged are (a) text after an explicit personal
  address label (住址, 家庭住址, 户籍地址, 户籍所在地, 户口所在地, 居住地址, 家住; not 通讯地址,
  which notices use for the issuing office) that looks like an address (after 家住: a street,
  building or number, since 家住农村 is prose), and (b) residential-unit patterns: building +
  单元 (3栋2单元),
  单元 + room (2单元501室), a residential compound + building (幸福小区3号楼), a village
  group + house number (王庄村三组15号).

People hide digits from naive patterns by accident or on purpose: spaces, dashes, full-width
digits (１３８), a full-width Ｘ, zero-width characters, a line break (a YAML folded or literal
block split). The text is normalised (NFKC, invisible characters dropped) with an index map back
to the original, and digit runs joined only by spaces/dashes/line breaks are read together.

The numbers' own rules are builder.text.idnumbers; the text as matching reads it is
builder.text.readable; whose office contacts are allowed where is builder.model.contacts.

Messages never repeat a number whole: `110***********18`, `138******78`, `z***@example.com`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from builder.text.idnumbers import is_bank_card, is_id15, is_id18, is_mobile
from builder.text.readable import Readable, as_read

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

NEVER_ALLOWED = frozenset({"id18", "id15", "permit", "bank"})
"""Kinds that are never an office's contact: refused wherever they appear."""

@dataclass(frozen=True)
class Kind:
    """What a kind of personal data is called: in a finding (`label`: 身份证号（110***18）) and
    in the reason it may not be published (`forbidden`: 不能公开身份证号)."""

    label: str
    forbidden: str


KINDS = {
    "permit": Kind("护照或港澳台通行证号码", "护照或通行证号码"),
    "bank": Kind("银行卡号", "银行卡号"),
    "id18": Kind("身份证号", "身份证号"),
    "id15": Kind("身份证号（15位）", "身份证号"),
    "mobile": Kind("手机号", "个人手机号"),
    "email": Kind("电子邮箱", "个人电子邮箱"),
    "address": Kind("家庭住址", "家庭住址等个人住址"),
}
"""The one table of the kinds' names (the input guard's and the output guard's messages)."""


# What may sit between the digit groups of one number as people write it (after NFKC, so the
# full-width forms are already folded): spaces of every kind, line breaks, dashes.
_DASHES = set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\ufe58\ufe63")
# Also written between the groups of a mobile or card number: 138.1234.5678, 138_1234_5678.
_GROUP_MARKS = set("._\u00b7\u30fb")


def _joins(gap: str) -> bool:
    """Separators that keep two digit groups one number: a few spaces or dashes, or a line break
    with the indentation around it (a number split over two lines of a block or of HTML), or
    one dot or underscore."""
    if len(gap) == 1 and gap in _GROUP_MARKS:
        return True
    if not gap or not all(is_separator(c) for c in gap):
        return False
    return len(gap) <= 3 or ("\n" in gap and len(gap) <= 24 and sum(c in _DASHES for c in gap) <= 1)


def is_separator(ch: str) -> bool:
    return ch.isspace() or ch in _DASHES


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: where it is in the original text and what it is."""

    kind: str
    start: int
    end: int
    key: str
    """Canonical value (digits, lower-case e-mail, address without spaces), for allowlists."""
    masked: str

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    @property
    def forbidden(self) -> str:
        return KINDS[self.kind].forbidden

    def describe(self) -> str:
        return f"{self.label}（{self.masked}）"


def mask_digits(digits: str) -> str:
    keep_head = 3 if len(digits) > 8 else 1
    return digits[:keep_head] + "*" * (len(digits) - keep_head - 2) + digits[-2:]


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def mask_text(text: str) -> str:
    squeezed = re.sub(r"\s+", "", text)
    return squeezed[:6] + "…" if len(squeezed) > 6 else squeezed[:2] + "…"


# Digit runs of the normalised text, joined into chains when only separators lie between them.
_RUN = re.compile(r"[0-9]+")


def _chains(norm: str) -> Iterator[list[tuple[int, int]]]:
    chain: list[tuple[int, int]] = []
    for m in _RUN.finditer(norm):
        if chain:
            gap = norm[chain[-1][1] : m.start()]
            if _joins(gap):
                chain.append(m.span())
                continue
            yield chain
        chain = [m.span()]
    if chain:
        yield chain


def _glued_before(norm: str, start: int) -> bool:
    """A letter, digit or decimal point right before: part of a code or a decimal number."""
    if start == 0:
        return False
    prev = norm[start - 1]
    return prev.isascii() and (prev.isalnum() or prev in "._")


def _glued_after(norm: str, end: int) -> bool:
    if end >= len(norm):
        return False
    nxt = norm[end]
    if nxt == "." and end + 1 < len(norm) and norm[end + 1].isdigit():
        return True
    return nxt.isascii() and (nxt.isalnum() or nxt == "_")


_FEWEST_DIGITS = 11
"""The fewest digits `_classify` finds anything in (a mobile number)."""


def _numbers(norm: Readable, length: int) -> Iterator[Finding]:
    text = norm.text
    for chain in _chains(text):
        taken_until = -1
        for i in range(len(chain)):
            if chain[i][0] < taken_until:
                continue
            digits = ""
            for j in range(i, min(len(chain), i + 6)):
                digits += text[chain[j][0] : chain[j][1]]
                if len(digits) > 19:
                    break
                if len(digits) < _FEWEST_DIGITS:
                    continue  # _classify finds nothing in it: spare the call (pages are full of years)
                start, end = chain[i][0], chain[j][1]
                found = _classify(text, digits, start, end, j - i + 1, [
                    chain[k][1] - chain[k][0] for k in range(i, j + 1)
                ])
                if found is not None:
                    kind, key, f_start, f_end = found
                    o_start, o_end = norm.span(f_start, f_end, length)
                    yield Finding(kind, o_start, o_end, key, mask_digits(key))
                    taken_until = f_end
                    break


def _classify(
    text: str, digits: str, start: int, end: int, n_tokens: int, sizes: list[int]
) -> tuple[str, str, int, int] | None:
    # 18-digit ID, with the final X written as a letter right after 17 digits.
    if len(digits) == 17 and end < len(text) and text[end] in "Xx":
        after = end + 1
        if not (after < len(text) and text[after].isascii() and text[after].isalnum()):
            number = digits + "X"
            if is_id18(number) and not (start > 0 and text[start - 1] == "."):
                return "id18", number, start, after
    if len(digits) == 18 and is_id18(digits) and not (start > 0 and text[start - 1] == "."):
        return "id18", digits, start, end
    glued = _glued_before(text, start) or _glued_after(text, end)
    if glued:
        return None
    if len(digits) == 15 and n_tokens <= 3 and min(sizes) >= 3 and is_id15(digits):
        return "id15", digits, start, end
    if n_tokens <= 4 and all(s >= 2 for s in sizes):
        plus = start > 0 and text[start - 1] == "+"
        for prefix in ("0086", "86"):
            if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
                rest = digits[len(prefix) :]
                prefixed_ok = prefix == "0086" or plus or sizes[0] == 2
                if prefixed_ok and is_mobile(rest) and (n_tokens == 1 or min(sizes[1:]) >= 3):
                    return "mobile", rest, start - (1 if plus else 0), end
        if len(digits) == 11 and min(sizes) >= 3 and is_mobile(digits):
            return "mobile", digits, start, end
    # Odd groupings people use for a mobile: 1 3812 345 678, 13 81 23 45 678.
    if len(digits) == 11 and n_tokens <= 6 and min(sizes) >= 1 and is_mobile(digits) and sizes[0] <= 4:
        return "mobile", digits, start, end
    if 16 <= len(digits) <= 19 and (n_tokens == 1 or min(sizes) >= 3) and is_bank_card(digits):
        return "bank", digits, start, end
    return None


_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)

# Passports (E12345678, EA1234567; older G/P/S/D + 8 digits), the permits of Hong Kong and Macau
# residents (H/M + 8 or 10 digits), mainland travel permits to Hong Kong/Macau (C + 8, or C + a
# letter + 7) and to Taiwan (L + 8), and the Taiwan compatriot permit (8 digits, with its name
# before it, since 8 digits alone are anything).
#
# Written to start with the letter, so that `re` skips from one of these letters to the next
# instead of trying a look-behind at every character of a built page's text (≈ 1.5 s of the
# output checks at 200,000 candidates); the assertions after the letter look back at it and at
# what precedes it, so it matches exactly what "(?<![A-Za-z0-9])(?:[EGPSD][0-9]{8}|...)" does.
_PERMIT = re.compile(
    r"[CDEGHLMPS](?<![A-Za-z0-9].)"
    r"(?:(?<=[EGPSD])[0-9]{8}|(?<=E)[A-HJ-NP-Z][0-9]{7}|(?<=[HM])[0-9]{8}(?:[0-9]{2})?|(?<=C)[0-9]{8}"
    r"|(?<=C)[A-HJ-NP-Z][0-9]{7}|(?<=L)[0-9]{8})(?![A-Za-z0-9])"
)
_TAIWAN_PERMIT = re.compile(r"(?:台胞证|台湾居民来往大陆通行证)[^0-9A-Za-z]{0,8}([0-9]{8}(?:[0-9]{2})?)(?![0-9])")


def _permits(norm: Readable, length: int) -> Iterator[Finding]:
    text = norm.text
    for m in _PERMIT.finditer(text):
        o_start, o_end = norm.span(m.start(), m.end(), length)
        yield Finding("permit", o_start, o_end, m.group(), mask_digits(m.group()))
    if "台" in text:
        for m in _TAIWAN_PERMIT.finditer(text):
            o_start, o_end = norm.span(m.start(1), m.end(1), length)
            yield Finding("permit", o_start, o_end, m.group(1), mask_digits(m.group(1)))


_NUM = r"[0-9一二三四五六七八九十百零〇两]+"
_SP = r"\s{0,2}"
# (words one of which every match contains, so the pattern only runs on text with one; pattern)
_ADDRESS_PATTERNS = (
    # Building + 单元: 3栋2单元, 5号楼一单元.
    (("单元",), re.compile(
        rf"{_NUM}{_SP}(?:栋|幢|号楼|座){_SP}{_NUM}{_SP}单元(?:{_SP}\d{{2,4}}{_SP}(?:室|号|房|户)?)?"
    )),
    # 单元 + room number: 2单元501室.
    (("单元",), re.compile(rf"{_NUM}{_SP}单元{_SP}\d{{2,4}}{_SP}(?:室|号|房|户)")),
    # A residential compound followed by a building: 幸福小区3号楼, 化工厂家属院5栋.
    (("小区", "家属", "新村", "宿舍"), re.compile(rf"(?:小区|家属院|家属楼|家属区|新村|宿舍区){_SP}{_NUM}{_SP}(?:栋|幢|号楼|号院|排)")),
    # Village group + house number: 王庄村三组15号.
    (("村",), re.compile(rf"村{_SP}{_NUM}{_SP}(?:组|队|社){_SP}{_NUM}{_SP}号")),
    # Courtyard + building + room: 88号院2号楼1503. (A building + room alone, 3号楼201室 or
    # B座1203室, is how offices are addressed too: it is found only after a residential label.)
    (("号院",), re.compile(rf"{_NUM}{_SP}号院{_SP}{_NUM}{_SP}(?:号楼|栋|幢){_SP}\d{{3,4}}(?:{_SP}(?:室|号|房|户))?(?![0-9])")),
    # Building-unit-room written with dashes after a place name: 幸福里3-2-501.
    (("-",), re.compile(r"(?<=[\u4e00-\u9fff])\d{1,3}-\d{1,2}-\d{3,4}(?![0-9-])")),
)
_ADDRESS_LABEL = re.compile(
    r"(?:家庭住址|家庭地址|现住址|住址|居住地址|现居住地|现居住于|现居于|现居|户籍地址|户籍所在地|户口所在地|家住)"
    r"[\s:：为是在于]{0,3}"
)
_ADDRESS_BODY = re.compile(r"[^\s,，。；;、)）\]】<>]{2,40}")
_ADDRESS_MARKERS = re.compile(
    r"[省市区县旗盟镇乡村屯路街巷弄道号栋幢楼室组]|\d|单元|小区|胡同"
)

_STRONG_MARKERS = re.compile(r"[路街巷弄号栋幢室组]|\d|单元|小区|胡同")


def _addresses(norm: Readable, length: int) -> Iterator[Finding]:
    text = norm.text
    spans: list[tuple[int, int]] = []
    labelled = "住" in text or "户" in text or "居" in text
    for m in _ADDRESS_LABEL.finditer(text) if labelled else ():
        body = _ADDRESS_BODY.match(text, m.end())
        # 家住 is also prose (家住农村); only a street, building or number makes it an address.
        markers = _STRONG_MARKERS if m.group().startswith("家住") else _ADDRESS_MARKERS
        if body and markers.search(body.group()):
            spans.append((m.start(), body.end()))
    for words, pattern in _ADDRESS_PATTERNS:
        if not any(w in text for w in words):
            continue
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e for s, e in spans):
                spans.append(m.span())
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for s, e in merged:
        o_start, o_end = norm.span(s, e, length)
        matched = text[s:e]
        label = _ADDRESS_LABEL.match(matched)
        # A label is kept alone (住址…): with the start of the address after it, the masked
        # form would itself read as an address when a message is masked again.
        shown = label.group().rstrip() + "…" if label else mask_text(matched)
        yield Finding("address", o_start, o_end, re.sub(r"\s+", "", matched), shown)


# Cheap tests that rule out most strings before the full scan: a number needs 11 digits, an
# e-mail an @, a home address one of these words. (\d also matches full-width digits.)
_ENOUGH_DIGITS = re.compile(r"(?:\D*+\d){11}")
_MAYBE_OTHER = re.compile(
    r"[@＠﹫居]|单元|小区|家属|新村|宿舍|村|住|户籍|户口|号院|[A-Z][0-9]{7}|台胞证|[〇零一二三四五六七八九幺两]{7}"
)
# A character each of _MAYBE_OTHER's alternatives and _DASHED holds in a text that reads as
# itself (_NOT_INERT): most strings (a name, a unit, a year-month) have none, and this one-class
# search is ten times cheaper than theirs.
_TRIGGER = re.compile(r"[@居单小家新宿村住户号\-A-Z台〇零一二三四五六七八九幺两]")
_DASHED = re.compile(r"\d-\d")
"""A dash between digits: the building-unit-room address 3-2-501 (the last of _ADDRESS_PATTERNS).
Its full-width dashes (３－２－５０１, which the quick test once let through unscanned) are not
inert, so such a text always gets the full scan."""


# Characters a Chinese text is full of that fold, as matching reads them, to punctuation only
# (never to a letter, a digit, an @, a dash or an ideograph): a text with no other character
# outside ASCII and the CJK ideographs reads as itself but for them.
_NOT_INERT = re.compile(r"[^\x00-\x7f\u4e00-\u9fff，。、；：？！“”‘’（）《》〈〉【】…—·\u3000]")
# What no digit chain of a number runs through: an ideograph, or an ASCII character that is
# neither a digit, a space nor a . - _ between digit groups.
_CHAIN_BREAK = re.compile(r"[\u4e00-\u9fff\x00-\x08\x0e-\x1b!-,/:-^`-\x7f]")


def _cannot_hold(text: str) -> bool:
    """True when `text` certainly holds no personal data, so the full scan can be skipped.

    Only a text that reads as itself but for inert punctuation (_NOT_INERT) is judged here;
    any other goes to the full scan, which reads it as matching does. Besides the cheap tests
    above (a run of seven Chinese digits already passes _MAYBE_OTHER): a number needs 11 digits
    in one chain of digit groups, which no ideograph interrupts (an achievement has 11 digits,
    far apart), and a dashed digit group matters only in a 3-2-501 address (a birth month
    1974-11 is not one).
    """
    if not text:
        return True
    if _NOT_INERT.search(text):
        # A character that may vanish or fold (a zero-width space in 家\u200b属院, a full-width
        # letter or dash): the cheap tests below read the text as written, so they could miss
        # what matching reads. Only the full scan, which reads it as read, decides.
        return False
    digits = _ENOUGH_DIGITS.match(text) is not None
    dashed = other = False
    if _TRIGGER.search(text):
        other = _MAYBE_OTHER.search(text) is not None
        dashed = not other and _DASHED.search(text) is not None
    if not (digits or other or dashed):
        return True
    if other:
        return False
    if dashed and _ADDRESS_PATTERNS[-1][1].search(text):
        return False
    return not (digits and any(_ENOUGH_DIGITS.match(part) for part in _CHAIN_BREAK.split(text)))


def find_personal_data(text: str) -> list[Finding]:
    """Every identity-card number, mobile number, e-mail and home address in `text`."""
    if _cannot_hold(text):
        return []
    return _scan(text)


def _scan(text: str) -> list[Finding]:
    norm = as_read(text)
    found = list(_numbers(norm, len(text)))
    found.extend(_permits(norm, len(text)))
    # An address has an @: `in` finds there is none far faster than the pattern's look-behind.
    for m in _EMAIL.finditer(norm.text) if "@" in norm.text else ():
        o_start, o_end = norm.span(m.start(), m.end(), len(text))
        address = m.group().lower()
        found.append(Finding("email", o_start, o_end, address, mask_email(address)))
    found.extend(_addresses(norm, len(text)))
    found.sort(key=lambda f: (f.start, f.end))
    return found


def mask_personal_data(text: str) -> str:
    """`text` with every finding replaced by its masked form, for messages that quote a value."""
    out = text
    for f in reversed(find_personal_data(text)):
        out = out[: f.start] + f.masked + out[f.end :]
    return out


def masker(allowed: frozenset[str] = frozenset()) -> Callable[[str], str]:
    """`mask_personal_data`, leaving whole the office contacts in `allowed`."""

    def mask(text: str) -> str:
        out = text
        for f in reversed(find_personal_data(text)):
            if f.kind in NEVER_ALLOWED or f.key not in allowed:
                out = out[: f.start] + f.masked + out[f.end :]
        return out

    return mask
