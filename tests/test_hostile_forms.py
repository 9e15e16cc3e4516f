"""Hostile corpus, class "form files": every accepted type is scanned piece by piece, every
other type is refused with the list of accepted ones, and the tricks (nested archives, zip
bombs, image metadata, UTF-16) are caught. Through `load`, i.e. what validate and build run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import copy_data

from builder.load.loader import load
from builder.text import formscan
from builder.text.idnumbers import id18_check_digit

sys.path.insert(0, str(Path(__file__).parent))
from hostile import forms

ID = "11010519800101001" + id18_check_digit("11010519800101001")
MOBILE = "13812345678"
ROUND = "2026-shili-jishu-daitouren"


def _with_form(tmp_path: Path, name: str, data: bytes) -> tuple[list[str], str]:
    """Replace the round's first form by `name` holding `data`; (errors, where the file is)."""
    root = copy_data(tmp_path)
    campaign = root / "campaigns" / f"{ROUND}.yml"
    text = campaign.read_text(encoding="utf-8")
    assert "file: 申报表.docx" in text
    campaign.write_text(text.replace("file: 申报表.docx", f"file: {name}", 1), encoding="utf-8")
    (root / "campaigns" / ROUND / name).write_bytes(data)
    line = next(i for i, ln in enumerate(campaign.read_text(encoding="utf-8").splitlines(), 1) if f"file: {name}" in ln)
    loaded = load(root)
    assert loaded.portal is None or not loaded.problems.errors
    return [str(p) for p in loaded.problems.errors], f"{line}:"


def test_every_accepted_type_has_a_maker() -> None:
    assert set(formscan.ACCEPTED) == set(forms.MAKERS)


@pytest.mark.parametrize("suffix", sorted(formscan.ACCEPTED))
def test_an_id_and_a_mobile_in_adjacent_pieces_are_both_found(tmp_path: Path, suffix: str) -> None:
    errors, line = _with_form(tmp_path, f"表{suffix}", forms.MAKERS[suffix]([ID, MOBILE]))
    text = "\n".join(errors)
    assert ID not in text and MOBILE not in text
    id_hits = [e for e in errors if "身份证号（110*************16）" in e and f".yml:{line}" in e]
    mobile_hits = [e for e in errors if "手机号（138******78）" in e and f".yml:{line}" in e]
    assert id_hits and mobile_hits, errors
    assert "请从文件中删除后再放入" in id_hits[0]


@pytest.mark.parametrize("suffix", sorted(formscan.ACCEPTED))
def test_a_clean_form_of_every_accepted_type_is_published(tmp_path: Path, suffix: str) -> None:
    errors, _ = _with_form(tmp_path, f"表{suffix}", forms.MAKERS[suffix](["Name", "0391-2118928"]))
    assert errors == []


@pytest.mark.parametrize(
    "suffix", [".doc", ".xls", ".ppt", ".wps", ".et", ".rtf", ".zip", ".rar", ".7z", ".jpg", ".png",
               ".html", ".htm", ".js", ".svg", ".xml", ".exe", ""],
)
def test_a_type_that_cannot_be_scanned_is_refused_with_the_accepted_list(tmp_path: Path, suffix: str) -> None:
    errors, line = _with_form(tmp_path, f"表{suffix}", b"plain bytes")
    assert len(errors) == 1, errors
    assert f".yml:{line}" in errors[0] and "不能发布" in errors[0]
    assert formscan.accepted_list() in errors[0]


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("nested.docx", forms.docx_with_nested_archive, "内嵌了其他文件（oleObject1.bin）"),
        ("bomb.xlsx", forms.zip_bomb_xlsx, "超过上限 64 MB"),
        ("image.docx", lambda: forms.docx_with_image_metadata(f"tel {MOBILE}"), "内嵌的 image1.png 的文字信息含有手机号"),
        ("utf16.txt", lambda: forms.utf16_text(["申报说明", f"身份证 {ID}"]), "第2行含有身份证号"),
        ("broken.docx", lambda: b"PK\x03\x04 not really", "已损坏"),
    ],
    ids=["nested-archive", "zip-bomb", "image-metadata", "utf-16", "corrupt"],
)
def test_form_file_tricks_are_caught(tmp_path: Path, name: str, make, expected: str) -> None:
    errors, line = _with_form(tmp_path, name, make())
    assert any(expected in e and f".yml:{line}" in e for e in errors), errors
    assert not any(ID in e or MOBILE in e for e in errors)
