"""The HR manual is for staff: in the staff build (`gongshi manual`) and the preview, never in
the public site or its search index."""

from __future__ import annotations

import gzip
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from builder.cli import main

TODAY = "2026-11-18"
# Words only the manual has: its page titles and a message it quotes.
MANUAL_ONLY = ("常见错误信息", "记录表彰决定", "添加或导入候选人", "--remove-missing")


def _texts(site: Path) -> dict[str, str]:
    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
        out[path.relative_to(site).as_posix()] = raw.decode("utf-8", "replace")
    return out


def test_the_public_build_has_no_manual_and_its_search_knows_none(site_factory) -> None:  # type: ignore[no-untyped-def]
    public = site_factory(TODAY)
    staff = site_factory(TODAY, manual=True)
    assert not (public / "manual").exists()
    assert (staff / "manual" / "index.html").is_file()
    assert (staff / "manual" / "errors" / "index.html").is_file()

    leaks = {name: word for name, text in _texts(public).items() for word in MANUAL_ONLY if word in text}
    assert leaks == {}, "the public site mentions the manual's pages"
    # The same words are in the staff build's pages and its search index: the check can fail.
    staff_texts = _texts(staff)
    index = [name for name, text in staff_texts.items() if "search" in name and "常见错误信息" in text]
    assert index, "the staff build's search index has the manual"
    home = staff_texts["index.html"]
    assert "操作手册" in home  # in the navigation of the staff build


def test_gongshi_manual_builds_the_staff_site_into_its_own_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGSHI_TODAY", TODAY)
    out = tmp_path / "site-manual"
    assert main(["manual", "-f", str(REPO / "mkdocs.yml"), "-o", str(out)]) == 0
    assert (out / "manual" / "preview" / "index.html").is_file()
    said = capsys.readouterr().out
    assert "不要发布到公开网站" in said and "http://127.0.0.1:8000/manual/" in said


def test_the_manual_as_one_pdf_for_offline_reading(site_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`gongshi manual --pdf`: every chapter printed by Chromium, in the nav's order, one
    bookmark each, read back with pdftotext; it covers what issue 14 asked the manual to."""
    from pypdf import PdfReader

    from builder.tools.manual_pdf import chapters, page_file, write_pdf

    staff = site_factory(TODAY, manual=True)
    out = tmp_path / "manual.pdf"
    pages = write_pdf(staff, REPO / "mkdocs.yml", out)
    wanted = chapters(REPO / "mkdocs.yml")
    assert len(wanted) >= 10 and pages >= len(wanted)
    reader = PdfReader(out)
    assert [item.title for item in reader.outline] == [title for title, _ in wanted]
    starts = [reader.get_destination_page_number(item) for item in reader.outline]
    assert starts[0] == 0 and starts == sorted(set(starts)), "one chapter after another"

    def pdftotext(*args: str) -> str:
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(out), "-"],
                              capture_output=True, text=True, check=True)
        return "".join(done.stdout.split())

    for (title, src), start in zip(wanted, starts, strict=True):
        html = page_file(staff, src).read_text(encoding="utf-8")
        heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)[1])
        first = pdftotext("-f", str(start + 1), "-l", str(start + 1))
        assert "".join(heading.split()) in first, (title, heading)
    flat = pdftotext()
    for topic in (
        "各单位的花名册：按推荐单位合并",  # merging rosters
        "数据有错误，预览没有更新",  # what the preview shows on errors
        "启动预览时数据就有错误",
        "data/site.yml",  # where the site's identity lives
        "没有写objections的电话、邮箱、地址，也没有写受理规则时",  # the objections fallback to `contact`
        "gongshiserverrollback",
    ):
        assert topic in flat, topic
