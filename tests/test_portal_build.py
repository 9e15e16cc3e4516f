"""The MkDocs adapter as HR staff and developers meet it: build, strict build, serve, bad data."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, REPO, build, copy_data
from helpers import snapshot

from builder.load.loader import load
from builder.model.urls import campaign_url, file_path
from builder.tools.roster import with_blank_rosters
from harness.serve import mkdocs_serve

MKDOCS = [sys.executable, "-m", "mkdocs"]


def run_mkdocs(*args: str, today: str = "2026-11-18", cwd: Path = REPO):
    env = {**os.environ, "GONGSHI_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*MKDOCS, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_strict_build_passes_on_bundled_data_and_writes_nothing_into_site_src(tmp_path):
    before = snapshot(REPO / "site_src", dirs=False)
    done = run_mkdocs("build", "--strict", "-d", str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    assert snapshot(REPO / "site_src", dirs=False) == before
    site = tmp_path / "site"
    for page in ("index.html", "archive/index.html", "deadlines/index.html", "forms/index.html",
                 "deadlines.ics", "feed.xml", "about/index.html", "objections/index.html",
                 "help/index.html"):
        assert (site / page).is_file(), page
    html = (site / "index.html").read_text(encoding="utf-8")
    # Material's own search is off; the portal's header is in place.
    assert "gs-header" in html and 'data-md-component="search"' not in html


def test_every_form_of_every_round_is_served_byte_for_byte(site_factory):
    site = site_factory("2026-11-18")
    loaded = load(DATA).portal
    assert loaded is not None
    portal = with_blank_rosters(loaded, dt.date(2026, 11, 18))  # as published: generated forms too
    generated = 0
    for r in portal.rounds:
        if not (site / campaign_url(r.id)).is_dir():
            continue
        page = (site / campaign_url(r.id) / "index.html").read_text(encoding="utf-8")
        for form in r.forms:
            served = site / file_path(r.id, form)
            data = form.content if form.content is not None else form.path.read_bytes()
            generated += form.content is not None
            assert served.read_bytes() == data, served
            assert form.sha256 in page
    assert generated >= 1, "the demo data should include a builder-generated form (blank roster)"


def test_data_warnings_stop_a_strict_build_only(tmp_path):
    data = copy_data(tmp_path)
    stray = data / "campaigns" / "2026-shili-jishu-daitouren" / "草稿.docx"
    stray.write_bytes(b"draft")
    cfg = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site_src", f"docs_dir: {REPO / 'site_src'}")
    text = text.replace("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}")
    cfg.write_text(text, encoding="utf-8")
    strict = run_mkdocs("build", "--strict", "-f", str(cfg), "-d", str(tmp_path / "a"), cwd=tmp_path)
    assert strict.returncode != 0
    assert "草稿.docx" in strict.stderr and "没有列在 forms" in strict.stderr
    assert build(tmp_path / "b", today="2026-11-18", data_dir=data) == 0


def test_data_errors_stop_the_build_listing_every_problem(tmp_path, caplog):
    data = copy_data(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.html").write_text("old", encoding="utf-8")
    one = data / "campaigns" / "2026-shili-qingnian-rencai.yml"
    one.write_text(one.read_text(encoding="utf-8").replace("year: 2026", "year: 二〇二六"),
                   encoding="utf-8")
    two = data / "candidates" / "2026-shili-jishu-daitouren.yml"
    two.write_text(two.read_text(encoding="utf-8").replace("gender: 男", "gender: 南", 1),
                   encoding="utf-8")
    assert build(tmp_path / "site", today="2026-11-18", data_dir=data) == 1
    err = caplog.text
    assert "数据有错误，未生成网站" in err
    assert "2026-shili-qingnian-rencai.yml" in err and "2026-shili-jishu-daitouren.yml" in err
    assert "「南」" in err
    assert (tmp_path / "site" / "keep.html").read_text(encoding="utf-8") == "old"


@pytest.mark.browser
def test_raw_html_and_script_links_in_yaml_never_reach_the_page(
    tmp_path, www_path, page, server_factory
):
    data = copy_data(tmp_path)
    campaign = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = campaign.read_text(encoding="utf-8").replace(
        "notice: |\n",
        "notice: |\n  <script>alert('x')</script> <img src=x onerror=alert(1)>"
        " [点我](javascript:alert(1)) <b>粗</b>\n\n",
        1,
    )
    campaign.write_text(text, encoding="utf-8")
    site = www_path / "site"
    assert build(site, today="2026-11-18", data_dir=data) == 0
    base = server_factory(site)
    page.goto(base + "campaigns/2026-shili-jishu-daitouren/")
    notice = page.locator("#notice")
    assert "<script>alert('x')</script>" in notice.inner_text()
    assert "<b>粗</b>" in notice.inner_text()
    assert notice.locator("script, img, b").count() == 0
    assert notice.locator("a[href^='javascript']").count() == 0
    assert page.watch.dialogs == [] and page.watch.external == []


def test_mkdocs_serve_rebuilds_when_data_changes(tmp_path):
    data = copy_data(tmp_path)
    cfg = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: site_src", f"docs_dir: {REPO / 'site_src'}")
    text = text.replace("custom_dir: theme_overrides", f"custom_dir: {REPO / 'theme_overrides'}")
    cfg.write_text(text, encoding="utf-8")
    page = "campaigns/2026-shili-qingnian-rencai/"
    with mkdocs_serve(cfg, log=tmp_path / "serve.log", today="2026-11-18") as served:
        served.wait_for_page(page, "青年拔尖人才")
        yml = data / "campaigns" / "2026-shili-qingnian-rencai.yml"
        yml.write_text(
            yml.read_text(encoding="utf-8").replace(
                "title: 关于开展2026年示例市青年拔尖人才申报工作的通知",
                "title: 关于开展2026年示例市青年拔尖人才申报工作的通知（修订）",
            ),
            encoding="utf-8",
        )
        served.wait_for_page(page, "申报工作的通知（修订）")


def test_objections_go_to_the_contact_office_when_the_publicity_names_no_channel(tmp_path):
    data = copy_data(tmp_path)
    yml = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = yml.read_text(encoding="utf-8")
    # No channel and no rules of its own (rules would say how: then no other channel is added).
    start = text.index("  objections:\n")
    end = text.index("      - 受理部门对反映人的信息严格保密，对反映的问题认真核查并及时反馈。\n")
    end = text.index("\n", end) + 1
    yml.write_text(text[:start] + text[end:], encoding="utf-8")
    site = tmp_path / "site"
    assert build(site, today="2026-11-18", data_dir=data) == 0
    page = (site / "campaigns" / "2026-shili-jishu-daitouren" / "gongshi" / "index.html").read_text(
        encoding="utf-8"
    )
    section = page[page.index('class="gs-announce"') : page.index('id="list-h"')]
    # The office that runs the round answers: its phone, e-mail and address, never an empty list.
    assert "010-00000123" in section and "rencai@example.org" in section
    assert "示例市市民中心B座507室" in section
    assert "<ul>\n</ul>" not in section and "<li></li>" not in section


def test_serve_watches_the_data_and_every_template_of_the_builder() -> None:
    # A saved search-page template must rebuild the preview like a page template does.
    from builder.adapter.mkdocs.plugin import GongshiPlugin

    plugin = GongshiPlugin()
    plugin.data_dir = DATA
    watched = plugin.watched()
    assert watched[0] == DATA
    templates = sorted((REPO / "builder").rglob("*.html"))
    assert any("search" in t.parts for t in templates) and len(templates) > 5
    unwatched = [t for t in templates if not any(t.is_relative_to(w) for w in watched[1:])]
    assert unwatched == []
