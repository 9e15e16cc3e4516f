"""Forms: what the page says about each file (format, size, SHA-256, date) is true of the file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import DATA, build, copy_data
from hostile import forms as hostile_forms

from builder.load.loader import load
from builder.model.portal import describe_format
from builder.text.problems import display_path
from builder.tools.roster import TEMPLATE_FILE, TEMPLATE_TITLE, roster_workbook, with_blank_rosters

DEMO = "2026-shili-jishu-daitouren"
TODAY = "2026-11-18"


def _portal(data_dir: Path = DATA, today: dt.date | None = None):
    """The portal with the generated blank rosters among the forms (as published on `today`:
    only on rounds still open)."""
    loaded = load(data_dir)
    assert loaded.portal is not None, loaded.problems.to_text()
    return with_blank_rosters(loaded.portal, today)


def _last_change(path: Path) -> dt.date:
    """What the page must call the file's date: its last commit, or its mtime when edited."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(path.parent), *args, "--", path.name],
                              capture_output=True, text=True, check=True).stdout.strip()

    if not git("status", "--porcelain") and (day := git("log", "-1", "--format=%cs")):
        return dt.date.fromisoformat(day)
    return dt.datetime.fromtimestamp(path.stat().st_mtime).date()


def test_a_form_is_dated_by_its_last_commit_not_by_the_checkout(tmp_path: Path) -> None:
    """On a fresh clone every file's mtime is the clone's time; the date shown must not be."""
    data_dir = copy_data(tmp_path)
    env = {"GIT_AUTHOR_DATE": "2020-03-04T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2020-03-04T10:00:00+08:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], env=env, check=True)
    forms = {f.file: f for f in _portal(data_dir).round(DEMO).forms}
    assert forms["申报表.docx"].modified == dt.date(2020, 3, 4)
    assert forms[TEMPLATE_FILE].modified == dt.date(2020, 3, 4)  # dated like its campaign file
    # An uncommitted edit is dated by the edit (HR staff previewing before they commit).
    edited = data_dir / "campaigns" / DEMO / "申报表.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    os.utime(edited, (dt.datetime(2021, 5, 6, 12).timestamp(),) * 2)
    assert {f.file: f for f in _portal(data_dir).round(DEMO).forms}["申报表.docx"].modified == dt.date(2021, 5, 6)


def test_listed_forms_carry_the_files_own_metadata() -> None:
    portal = _portal()
    checked = 0
    for rnd in portal.rounds:
        listed = [f for f in rnd.forms if f.content is None]
        assert [f.file for f in listed] == [f.file for f in rnd.campaign.forms]
        for form in listed:
            path = DATA / "campaigns" / rnd.id / form.file
            data = path.read_bytes()
            assert form.path.resolve() == path.resolve()
            assert form.size == len(data) == path.stat().st_size
            assert form.sha256 == hashlib.sha256(data).hexdigest()
            assert form.format == describe_format(path)
            assert form.modified == _last_change(path)
            checked += 1
    assert checked >= 2, "the bundled data should list real form files"


def test_every_round_with_quotas_offers_the_generated_blank_roster() -> None:
    portal = _portal()
    with_quotas = [r for r in portal.rounds if r.campaign.quotas is not None]
    assert {"2013-neimenggu-yixian", "2020-jiaozuo-xueshu-daitouren"} <= {r.id for r in with_quotas}
    for rnd in portal.rounds:
        generated = [f for f in rnd.forms if f.content is not None]
        if rnd.campaign.quotas is None:
            assert generated == []
            continue
        (form,) = generated
        assert (form.title, form.file) == (TEMPLATE_TITLE, TEMPLATE_FILE)
        assert form.content == roster_workbook(rnd.campaign, None)
        assert form.size == len(form.content)
        assert form.sha256 == hashlib.sha256(form.content).hexdigest()
        assert form.format == "Excel 表格（XLSX）"
        assert "根据名额表生成" in (form.note or "")
    # Same data, same bytes: the checksum on the page does not change from build to build.
    again = {r.id: [f.sha256 for f in r.forms] for r in _portal().rounds}
    assert again == {r.id: [f.sha256 for f in r.forms] for r in portal.rounds}


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_missing_form_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    campaign = data_dir / "campaigns" / f"{DEMO}.yml"
    _rewrite(campaign, "file: 申报表.docx", "file: 申请表.docx")
    loaded = load(data_dir)
    assert loaded.portal is None
    (error,) = [p for p in loaded.problems.errors if "申请表.docx" in p.message]
    assert error.path == display_path(campaign)
    line = campaign.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert line.strip() == "file: 申请表.docx"
    assert "不存在" in error.message


def test_a_file_of_an_accepted_type_is_offered_with_its_metadata(tmp_path: Path) -> None:
    # (Types that cannot be scanned for personal data are refused: tests/test_hostile_forms.py.)
    data_dir = copy_data(tmp_path)
    folder = data_dir / "campaigns" / DEMO
    payload = hostile_forms.MAKERS[".odt"](["填写说明"])
    (folder / "说明.odt").write_bytes(payload)
    _rewrite(
        data_dir / "campaigns" / f"{DEMO}.yml",
        "forms:\n",
        "forms:\n  - title: 填写说明\n    file: 说明.odt\n",
    )
    forms = {f.file: f for f in _portal(data_dir).round(DEMO).forms}
    odt = forms["说明.odt"]
    assert (odt.size, odt.sha256) == (len(payload), hashlib.sha256(payload).hexdigest())
    assert odt.format == "ODF 文档（ODT）"


def test_a_listed_file_named_like_the_template_replaces_the_generated_one(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    own = hostile_forms.MAKERS[".xlsx"](["HR's own roster"])
    (data_dir / "campaigns" / DEMO / TEMPLATE_FILE).write_bytes(own)
    _rewrite(
        data_dir / "campaigns" / f"{DEMO}.yml",
        "forms:\n",
        f"forms:\n  - title: 推荐人员花名册\n    file: {TEMPLATE_FILE}\n",
    )
    forms = [f for f in _portal(data_dir).round(DEMO).forms if f.file == TEMPLATE_FILE]
    assert len(forms) == 1 and forms[0].content is None
    assert forms[0].sha256 == hashlib.sha256(own).hexdigest()


def _shown_date(day: dt.date) -> re.Pattern[str]:
    return re.compile(rf"{day.isoformat()}|{day.year}年0?{day.month}月0?{day.day}日")


@pytest.mark.browser
def test_round_page_shows_true_metadata_and_serves_the_same_bytes(
    site_factory, server_factory, page
) -> None:
    from builder.render.pages.common import human_size

    base = server_factory(site_factory(TODAY))
    rnd = _portal(today=dt.date.fromisoformat(TODAY)).round(DEMO)
    assert len(rnd.forms) >= 2
    page.goto(f"{base}campaigns/{DEMO}/")
    for form in rnd.forms:
        item = page.locator(".gs-form", has=page.get_by_role("link", name=form.title, exact=True))
        assert item.count() == 1, f"form {form.title} is not listed once"
        text = item.inner_text()
        assert form.format in text and human_size(form.size) in text and form.file in text
        assert form.sha256 in text
        assert _shown_date(form.modified).search(text), (
            f"the page must show the date of {form.file} ({form.modified}); "
            f"the forms list shows only: {text!r}"
        )
        href = item.get_by_role("link", name=form.title, exact=True).get_attribute("href")
        assert href is not None
        body = page.request.get(page.url.split("#")[0] + href if not href.startswith("http")
                                else href).body()
        assert hashlib.sha256(body).hexdigest() == form.sha256
        assert len(body) == form.size
    assert page.watch.external == []


def test_a_form_whose_name_has_url_characters_builds_and_downloads(tmp_path: Path) -> None:
    """`#`, `?`, `%` and spaces in a file name are part of the name, never a fragment or query."""
    data_dir = copy_data(tmp_path)
    name = "申报表#2 (终稿)?100%.docx"
    content = hostile_forms.MAKERS[".docx"](["form"])
    (data_dir / "campaigns" / DEMO / name).write_bytes(content)
    _rewrite(
        data_dir / "campaigns" / f"{DEMO}.yml",
        "forms:\n",
        f"forms:\n  - title: 申报表终稿\n    file: \"{name}\"\n",
    )
    site = tmp_path / "site"
    assert build(site, today=TODAY, data_dir=data_dir) == 0  # the link check runs in the build
    page = (site / "campaigns" / DEMO / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="(files/[^"]*)"', page)
    (href,) = [h for h in hrefs if "%23" in h]
    assert "#" not in href and "?" not in href
    assert (site / "campaigns" / DEMO / unquote(href)).read_bytes() == content


def test_the_remembered_blank_roster_follows_every_edit_of_its_campaign(tmp_path: Path) -> None:
    """`mkdocs serve` reloads in one process: a remembered template must never go stale."""
    data_dir = copy_data(tmp_path)
    before = {f.file: f.sha256 for f in _portal(data_dir).round(DEMO).forms}[TEMPLATE_FILE]
    _rewrite(data_dir / "campaigns" / f"{DEMO}.yml", "doc_number: 示人社〔2026〕12号", "doc_number: 示人社〔2026〕13号")
    after = {f.file: f for f in _portal(data_dir).round(DEMO).forms}[TEMPLATE_FILE]
    assert after.sha256 != before
    assert after.content == roster_workbook(_portal(data_dir).round(DEMO).campaign, None)


_STORED_ROSTERS = """
import hashlib, sys
from pathlib import Path
from builder.files import diskcache
diskcache.enable(Path(sys.argv[1]))
from builder.load.loader import load
from builder.tools.roster.blank import TEMPLATE_FILE, with_blank_rosters
portal = with_blank_rosters(load(Path(sys.argv[2])).portal)
print(sorted(hashlib.sha256(f.content).hexdigest() for r in portal.rounds for f in r.forms
             if f.file == TEMPLATE_FILE))
print("openpyxl" in sys.modules)
"""


def test_a_publishing_server_takes_the_blank_roster_from_its_store(tmp_path: Path) -> None:
    """The next process of a publishing server (the disk store on) gets the very same workbook
    from the store, without building it or importing openpyxl."""
    def run() -> tuple[str, str]:
        done = subprocess.run([sys.executable, "-c", _STORED_ROSTERS, str(tmp_path / "store"), str(DATA)],
                              capture_output=True, text=True, check=True)
        digests, imported = done.stdout.splitlines()
        return digests, imported

    made = sorted(hashlib.sha256(roster_workbook(r.campaign, None)).hexdigest()
                  for r in load(DATA).portal.rounds if r.campaign.quotas is not None
                  and not any(f.file == TEMPLATE_FILE for f in r.forms))
    assert made
    assert run() == (str(made), "True")  # built, and stored
    assert run() == (str(made), "False")  # from the store
