"""Hostile corpus, class "personal data in any field": every string of every data file.

The fields come from the models (tests/hostile/fields.py), so a field added later is covered
without touching this file. At each one an identity-card number and a mobile number hidden by
invisible characters are planted in turn; `load` (what `gongshi validate` and the build run)
must refuse the file with a Chinese message at the number's own line and column, masked, and
publish nothing. The one exception, by design: a mobile number in a campaign's declared office
phone (builder.model.contacts.OFFICE_CONTACT_FIELDS) is that office's contact and is allowed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.load.loader import load
from builder.model.contacts import OFFICE_CONTACT_FIELDS
from builder.model.contract import CalendarYear, Campaign, CandidateList
from builder.text.idnumbers import id18_check_digit

sys.path.insert(0, str(Path(__file__).parent))
from hostile.fields import plain, replaced, sample, string_leaves

ID = "11010519800101001" + id18_check_digit("11010519800101001")
MOBILE = "13812345678"
# A mobile number with a variation selector, a zero-width space, a combining keycap and a tag
# character between its digits: each renders as nothing (or leaves the digit readable).
HIDDEN_MOBILE = "138\ufe0f1234\u200b5\u20e36\U000e0041" + "78"

FILES: dict[str, tuple[type, str]] = {
    "campaign": (Campaign, "campaigns/demo.yml"),
    "candidates": (CandidateList, "candidates/demo.yml"),
    "calendar": (CalendarYear, "calendar/2027.yml"),
}


def _cases() -> list[Any]:
    cases = []
    for kind, (model, _) in FILES.items():
        for path, is_key in string_leaves(sample(model)):
            for payload_name in ("id", "mobile"):
                shown = "/".join(map(str, path)) + ("(key)" if is_key else "")
                cases.append(pytest.param(kind, path, is_key, payload_name, id=f"{kind}:{shown}:{payload_name}"))
    return cases


def _position(text: str, needle: str) -> tuple[int, int]:
    at = text.index(needle)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def _write(root: Path, kind: str, doc: dict[str, Any]) -> str:
    _model, rel = FILES[kind]
    text = yaml.safe_dump(plain(doc), allow_unicode=True, sort_keys=False, width=10_000)
    target = root / "data" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    if kind == "candidates":  # its campaign, so the list is read as a list of that round
        campaign = sample(Campaign)
        campaign.update(forms=[], quotas=None)
        (root / "data" / "campaigns").mkdir(parents=True, exist_ok=True)
        (root / "data" / "campaigns" / "demo.yml").write_text(
            yaml.safe_dump(plain({k: v for k, v in campaign.items() if v is not None}),
                           allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    return text


@pytest.mark.parametrize(("kind", "path", "is_key", "payload_name"), _cases())
def test_personal_data_in_any_field_is_refused_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, path: tuple, is_key: bool,
    payload_name: str,
) -> None:
    payload = ID if payload_name == "id" else HIDDEN_MOBILE
    text = f"联系人 {payload} 处"
    doc = replaced(sample(FILES[kind][0]), path, text, key=is_key)
    written = _write(tmp_path, kind, doc)
    monkeypatch.chdir(tmp_path)
    loaded = load(Path("data"))
    messages = [str(p) for p in loaded.problems.errors]
    everything = "\n".join(str(p) for p in loaded.problems.items)
    assert ID not in everything and MOBILE not in everything and HIDDEN_MOBILE not in everything
    office_phone = kind == "campaign" and OFFICE_CONTACT_FIELDS.get(path) == "mobile"
    if payload_name == "mobile" and office_phone:
        assert not any("手机号" in m for m in messages), messages
        return
    assert loaded.portal is None
    line, column = _position(written, payload)
    masked = "110*************16" if payload_name == "id" else "138******78"
    label = "身份证号" if payload_name == "id" else "手机号"
    expected = f"data/{FILES[kind][1]}:{line}:{column}: "
    hits = [m for m in messages if m.startswith(expected) and f"{label}（{masked}）" in m]
    assert hits, (expected, messages)
    assert "请删除" in hits[0]


@pytest.mark.parametrize("kind", list(FILES))
def test_an_unknown_key_holding_an_id_number_is_masked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    doc = sample(FILES[kind][0])
    doc[ID] = "x"
    written = _write(tmp_path, kind, doc)
    monkeypatch.chdir(tmp_path)
    loaded = load(Path("data"))
    everything = "\n".join(str(p) for p in loaded.problems.items)
    assert ID not in everything
    line, column = _position(written, ID)  # the key is quoted: the number starts after it
    assert f"data/{FILES[kind][1]}:{line}:{column}: 键「110*************16」中含有身份证号" in everything
    assert loaded.portal is None
