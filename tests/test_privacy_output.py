"""The personal-data guard on output: `gongshi check-site` and the check every build runs last.

A built demo site is clean; the same site with a number written into one of its files after the
build (HTML, Atom, iCalendar, JSON, xlsx) fails, naming the file and line; a candidate number
that got past the input guard stops the build itself.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, REPO, build, copy_data

from builder.adapter.mkdocs.plugin import theme_dirs
from builder.checks.runner import run_checks
from builder.load.loader import load
from builder.model.contacts import portal_allowlist
from builder.render.search.files import MANIFEST
from builder.text.idnumbers import id18_check_digit

TODAY = "2026-11-18"
ID = "11010519800101001" + id18_check_digit("11010519800101001")
MOBILE = "13812345678"


def check_site(site: Path, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "builder.cli", "check-site", str(site), *extra],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )


@pytest.fixture
def site_copy(site_factory, tmp_path: Path) -> Path:
    """A writable copy of the demo site, to damage after the build."""
    target = tmp_path / "site"
    shutil.copytree(site_factory(TODAY), target)
    return target


def test_the_demo_site_is_clean_and_every_text_file_is_scanned(site_factory) -> None:
    site = site_factory(TODAY)
    portal = load(DATA).portal
    assert portal is not None
    report = run_checks(site, allow=portal_allowlist(portal), theme_dirs=theme_dirs())
    assert report.problems.to_text() == ""
    html = list(site.rglob("*.html"))
    assert report.files_scanned >= len(html) + 2  # every page, the feed, the calendar, …
    assert report.theme_files > 0  # Material's own bundles are recognised, not scanned


def test_check_site_passes_on_the_demo_site(site_copy: Path, tmp_path: Path) -> None:
    result = check_site(site_copy, tmp_path, "--data", str(DATA), "-f", str(REPO / "mkdocs.yml"))
    assert result.returncode == 0, result.stderr
    assert "个人信息 0 处，失效链接 0 个" in result.stderr


def test_an_id_written_into_a_page_after_the_build_fails_check_site(
    site_copy: Path, tmp_path: Path
) -> None:
    page = site_copy / "about" / "index.html"
    text = page.read_text(encoding="utf-8")
    # Digits as character references: what the browser shows is what counts.
    encoded = "".join(f"&#{ord(c)};" if i % 3 == 0 else c for i, c in enumerate(ID))
    marker = "</article>"
    assert marker in text
    page.write_text(text.replace(marker, f"<p>身份证：{encoded}</p>{marker}", 1), encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1
    result = check_site(Path("site"), tmp_path, "--data", str(DATA))
    assert result.returncode == 1
    assert f"site/about/index.html:{line}:" in result.stderr
    assert "身份证号（110*************16）" in result.stderr
    assert ID not in result.stderr


def test_numbers_hidden_in_feed_calendar_json_and_xlsx_fail_check_site(
    site_copy: Path, tmp_path: Path
) -> None:
    feed = site_copy / "feed.xml"
    xml = feed.read_text(encoding="utf-8")
    # Atom carries HTML escaped inside <content>: a second layer of markup to see through.
    entry = (
        '<entry><content type="html">'
        "&lt;p&gt;手机 138&lt;b&gt;1234&lt;/b&gt;5678&lt;/p&gt;</content></entry>"
    )
    assert "</feed>" in xml
    xml = xml.replace("</feed>", entry + "</feed>")
    feed.write_text(xml, encoding="utf-8")

    ics = site_copy / "deadlines.ics"
    text = ics.read_text(encoding="utf-8")
    # RFC 5545 folding splits the number over two physical lines.
    event = f"BEGIN:VEVENT\r\nUID:x@test\r\nDESCRIPTION:身份证 {ID[:9]}\r\n {ID[9:]}\r\nEND:VEVENT\r\n"
    ics.write_text(text.replace("END:VCALENDAR", event + "END:VCALENDAR"), encoding="utf-8")

    # A precompressed copy (served by nginx gzip_static) is checked unpacked.
    index = site_copy / MANIFEST
    packed = index.with_name(index.name + ".gz")
    packed.write_bytes(gzip.compress(index.read_bytes().replace(b"]", f',"{ID}"]'.encode(), 1)))

    (site_copy / "leak.json").write_text(
        json.dumps({"docs": [{"text": f"邮箱 li.si@example.net 手机 {MOBILE}"}]}), encoding="utf-8"
    )

    roster = next(site_copy.rglob("*.xlsx"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(roster) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml" or info.filename.endswith("sheet1.xml"):
                data = data.replace(b"</", f"<!-- {MOBILE} --></".encode(), 1)
            dst.writestr(info, data)
    roster.write_bytes(buffer.getvalue())

    result = check_site(Path("site"), tmp_path, "--data", str(DATA))
    assert result.returncode == 1
    out = result.stderr
    assert "site/feed.xml:" in out and "内嵌的 HTML 内容" in out
    assert "site/deadlines.ics:" in out and "DESCRIPTION 项" in out and "110*************16" in out
    assert "site/leak.json:1:" in out and "l***@example.net" in out
    assert f"site/{roster.relative_to(site_copy).as_posix()}:" in out
    assert f"site/search/{packed.name}:" in out
    assert ID not in out and MOBILE not in out


def test_office_contacts_are_allowed_only_through_the_data(
    site_copy: Path, tmp_path: Path
) -> None:
    # The demo campaigns publish their offices' e-mail addresses; without the data to say so
    # they are indistinguishable from a candidate's.
    result = check_site(Path("site"), tmp_path, "--data", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert "电子邮箱（r***@example.org）" in result.stderr
    with_data = check_site(Path("site"), tmp_path, "--data", str(DATA))
    assert with_data.returncode == 0, with_data.stderr


def test_a_candidate_mobile_that_got_past_the_input_guard_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    data = copy_data(tmp_path)
    people = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    text = people.read_text(encoding="utf-8")
    old = "    position: 心内科主任\n"
    assert old in text
    people.write_text(
        text.replace(old, f"    position: 心内科主任（手机 {MOBILE}）\n", 1), encoding="utf-8"
    )
    # Switch the input guard off, as a future code path that forgets it would.
    monkeypatch.setattr("builder.load.privacy_source.scan_document", lambda doc, root, **kw: iter(()))
    site = tmp_path / "site"
    assert build(site, today=TODAY, data_dir=data) == 1
    err = caplog.text
    assert "生成的网站未通过检查" in err
    assert "site/campaigns/2026-shili-jishu-daitouren/gongshi/index.html:" in err
    assert "手机号（138******78）" in err
    assert not site.exists()
