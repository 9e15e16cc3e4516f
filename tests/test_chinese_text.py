"""Chinese text: soft line breaks between Chinese characters, one date format, download names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import DATA, REPO, config_with_docs, copy_data

from builder.load.loader import load
from builder.model.urls import download_name
from builder.render.cjk_breaks import join_cjk_lines
from builder.render.pages.markdown_safe import render_markdown
from builder.tools.roster import TEMPLATE_FILE, with_blank_rosters


def test_a_soft_break_between_chinese_characters_is_no_space() -> None:
    assert join_cjk_lines("文件夹里的\n数据文件") == "文件夹里的数据文件"
    assert join_cjk_lines("申报表，\n  请于") == "申报表，请于"
    assert join_cjk_lines("see the\nmanual") == "see the\nmanual"
    assert join_cjk_lines("共 3\n人") == "共 3\n人"  # a digit is not a wide character
    html = str(render_markdown("请把表格放进文件夹里的\n数据文件中。\n\n```\n第一行\n第二行\n```"))
    assert "文件夹里的数据文件中" in html
    assert "第一行\n第二行" in html  # code keeps its lines


def test_hand_written_pages_and_yaml_notices_join_chinese_lines(tmp_path: Path) -> None:
    import shutil

    from builder.adapter.mkdocs.sitebuild import build_site

    data = copy_data(tmp_path)
    notice = data / "campaigns" / "2026-shili-qingnian-rencai.yml"
    text = notice.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^notice: \|\n", "notice: |\n  请各单位把材料放进文件夹里的\n  数据文件中。\n\n", text, count=1)
    notice.write_text(text, encoding="utf-8")
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "site_src", docs)
    with (docs / "about.md").open("a", encoding="utf-8") as f:
        f.write("\n\n本站的数据放在仓库的\n数据文件夹中。\n")
    site = tmp_path / "site"
    config = config_with_docs(tmp_path, docs)
    assert build_site(config, site_dir=site, data_dir=data, today="2026-11-18") == 0
    page = (site / "campaigns" / "2026-shili-qingnian-rencai" / "index.html").read_text(encoding="utf-8")
    assert "文件夹里的数据文件中" in page
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "仓库的数据文件夹中" in about


def test_dates_read_in_nian_yue_ri_everywhere(site_factory) -> None:
    site = site_factory("2026-11-18")
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        # Dates shown as text (not in attributes) are 2026年11月18日, never 2026-11-18.
        shown = re.sub(r'"[^"]*"', '""', re.sub(r"<script.*?</script>", "", html, flags=re.S))
        assert not re.search(r">[^<]*\b(19|20)\d\d-\d\d-\d\d\b[^<]*<", shown), path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "本页生成于 <time datetime=\"2026-11-18\">2026年11月18日</time>" in home


def test_blank_roster_only_on_rounds_still_open() -> None:
    portal = load(DATA).portal
    assert portal is not None
    today = dt.date(2026, 11, 18)
    published = with_blank_rosters(portal, today)
    for r in published.rounds:
        has = any(f.file == TEMPLATE_FILE for f in r.forms)
        open_ = r.campaign.quotas is not None and any(d.date >= today for d in r.campaign.deadlines)
        assert has == open_, r.id
    assert any(any(f.file == TEMPLATE_FILE for f in r.forms) for r in published.rounds)


def test_closed_rounds_neither_offer_nor_count_the_blank_roster(site_factory) -> None:
    site = site_factory("2026-11-18")
    closed = site / "campaigns" / "2020-jiaozuo-xueshu-daitouren"
    assert not (closed / "files" / TEMPLATE_FILE).exists()
    assert TEMPLATE_FILE not in (closed / "index.html").read_text(encoding="utf-8")
    assert (site / "campaigns" / "2026-shili-qingnian-rencai" / "files" / TEMPLATE_FILE).is_file()


def test_downloads_are_saved_under_their_chinese_titles(site_factory) -> None:
    site = site_factory("2026-11-18")
    portal = load(DATA).portal
    assert portal is not None
    checked = 0
    for r in portal.rounds:
        page = site / "campaigns" / r.id / "index.html"
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        for form in r.forms:
            name = download_name(form)
            assert name.endswith(Path(form.file).suffix) and form.title.split("/")[0][:4] in name
            assert f'download="{name}"' in html, (r.id, name)
            checked += 1
    assert checked >= 3
