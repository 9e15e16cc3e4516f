"""Hostile corpus, class "personal data kinds": the kinds issue 12 added (permits, passports,
bank cards, mobiles in odd writings, home addresses), and zero findings on what a 公示
legitimately carries: every office address and landline of the bundled data, seeds and pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO

from builder.load.rules.privacy import check_candidate_doc_privacy
from builder.model.contract import CandidateList
from builder.text.idnumbers import luhn_ok
from builder.text.privacy import find_personal_data
from builder.text.problems import Problems
from builder.text.yamlsrc import parse_yaml


def _card(prefix: str) -> str:
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


CARD = _card("622202123456789012")


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("护照号码 E12345678", "permit", "E12****78"),
        ("护照EA1234567", "permit", "EA1****67"),
        ("港澳居民来往内地通行证 H12345678", "permit", "H12****78"),
        ("澳门 M1234567890", "permit", "M12******90"),
        ("往来港澳通行证C12345678", "permit", "C12****78"),
        ("赴台通行证 L12345678", "permit", "L12****78"),
        ("台胞证：87654321", "permit", "8*****21"),
        (f"工资卡 {CARD}", "bank", CARD[:3] + "*" * (len(CARD) - 5) + CARD[-2:]),
        (f"卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", "bank", None),
        ("手机 138.1234.5678", "mobile", "138******78"),
        ("手机 138_1234_5678", "mobile", "138******78"),
        ("手机 1 3812 345 678", "mobile", "138******78"),
        ("电话一三八一二三四五六七八", "mobile", "138******78"),
        ("电话幺三八幺二三四五六七八", "mobile", "138******78"),
        ("住在幸福里3-2-501", "address", None),
        ("家在88号院2号楼1503", "address", None),
        ("住址：B座1203室", "address", None),
        ("现居示例市幸福路5号", "address", None),
    ],
)
def test_new_kinds_are_found_and_masked(text: str, kind: str, masked: str | None) -> None:
    found = [f for f in find_personal_data(text) if f.kind == kind]
    assert found, find_personal_data(text)
    if masked is not None:
        assert found[0].masked == masked


@pytest.mark.parametrize(
    "text",
    ["示例市市民中心B座507室", "示例市政务服务中心3号楼201室", "电话 0391-2118928", "0471-6945123",
     "焦人社文〔2020〕28号", "2020-10-10", "GB/T 2260-2007", "第3-2-1条", "版本 1.2.3", "一二年级",
     "E1234567", "ISBN 978-7-111-12345-6", "订单号 1234567890123456"],
)
def test_what_a_notice_carries_is_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []


def test_the_bundled_data_pages_and_seeds_have_nothing_but_office_emails() -> None:
    sources = [*(REPO / "data").rglob("*.yml"), *(REPO / "site_src").rglob("*.md"),
               *(REPO / "tests" / "fixtures").rglob("*.yml"), *Path("/work/shared/seeds").glob("*.txt")]
    assert len(sources) > 20
    found = []
    for path in sources:
        text = path.read_bytes().decode("utf-8", errors="replace")  # fixtures include a GBK file
        for f in find_personal_data(text):
            if f.kind == "mobile" and path.parent.name == "candidates":
                continue  # a list's 编号 (准考证号): the build's own guard decides, below
            if not (f.kind == "email" and f.key.endswith("@example.org")):
                found.append((path.name, f.kind, f.masked))
        if path.parent.name == "candidates":
            problems = Problems()
            check_candidate_doc_privacy(parse_yaml(text, str(path), problems, root=CandidateList), problems)
            found += [(path.name, "guard", p.message) for p in problems.errors]
    assert found == []
