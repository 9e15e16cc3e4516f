"""data/site.yml: validated like every data file, shown on every page, required for production."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import DATA, REPO, build, copy_data

from builder.load.loader import load

SITE = (DATA / "site.yml").read_text(encoding="utf-8")


def _site(tmp_path: Path, text: str) -> Path:
    data = copy_data(tmp_path)
    (data / "site.yml").write_text(text, encoding="utf-8")
    return data


def _messages(data: Path) -> list[str]:
    problems = load(data).problems
    return [str(p) for p in [*problems.errors, *problems.warnings] if "site.yml" in p.path]


def test_bundled_identity_is_complete_and_fictional() -> None:
    loaded = load(DATA)
    assert loaded.portal is not None and loaded.portal.site is not None
    identity = loaded.portal.site.identity
    assert identity.sponsor and identity.sponsor.startswith("示例")
    assert identity.icp and identity.icp.startswith("示ICP备")
    assert set(loaded.portal.site.images) == {"emblem", "mark"}


def test_bad_site_file_is_reported_with_line_and_column(tmp_path: Path, monkeypatch) -> None:
    bad = (
        SITE.replace('phone: "0000-0000000"', "phone: 12345678")
        .replace('site_code: "0000000000"', 'site_code: "12"')
        .replace("mark: site/mark.svg", "mark: site/没有.png")
        .replace("name: 示例市人才评选公示网", "name: 示例市人才评选公示网\nsponser: 某局")
    )
    data = _site(tmp_path, bad)
    monkeypatch.chdir(tmp_path)
    found = _messages(Path("data"))
    text = "\n".join(found)
    assert re.search(r"data/site\.yml:\d+:\d+: .*phone（电话）.*请加引号", text), text
    assert re.search(r"data/site\.yml:\d+:\d+: .*site_code（网站标识码）", text), text
    assert re.search(r"data/site\.yml:\d+:\d+: .*sponser", text), text
    assert load(data).portal is None


def test_missing_image_is_an_error_at_its_line(tmp_path: Path, monkeypatch) -> None:
    data = _site(tmp_path, SITE.replace("mark: site/mark.svg", "mark: site/没有.png"))
    monkeypatch.chdir(tmp_path)
    line = next(i for i, t in enumerate(SITE.splitlines(), 1) if t.startswith("mark:"))
    assert _messages(Path("data")) == [
        f"data/site.yml:{line}:7: mark（党政机关网站标识）的图片不存在：请把「site/没有.png」放到 data/ 文件夹中，或改正文件名"
    ]
    assert load(data).portal is None


def test_svg_with_script_is_refused(tmp_path: Path, monkeypatch) -> None:
    data = _site(tmp_path, SITE)
    (data / "site" / "emblem.svg").write_text('<svg onload="alert(1)"></svg>', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert any("含有脚本" in m for m in _messages(Path("data")))


def test_production_build_warns_about_missing_identity_and_strict_refuses(tmp_path: Path) -> None:
    data = _site(tmp_path, "\n".join(
        line for line in SITE.splitlines() if not line.startswith(("icp:", "police_record:"))
    ) + "\n")
    site = tmp_path / "site"
    assert build(site, today="2026-11-18", data_dir=data) == 0
    assert build(tmp_path / "strict", today="2026-11-18", data_dir=data, strict=True) == 1
    assert not (tmp_path / "strict").exists()
    (data / "site.yml").unlink()
    (data / "site").rename(data / "images")
    assert build(tmp_path / "strict", today="2026-11-18", data_dir=data, strict=True) == 1
    # Without site.yml the site still builds, named as in mkdocs.yml.
    assert build(site, today="2026-11-18", data_dir=data) == 0
    assert "<title>公示门户（示例）</title>" in (site / "index.html").read_text(encoding="utf-8")


def test_missing_identity_is_named_in_the_build_log(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = _site(tmp_path, SITE.replace('site_code: "0000000000"\n', ""))
    env = {**os.environ, "GONGSHI_TODAY": "2026-11-18", "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from builder.adapter.mkdocs.sitebuild import build_site; "
         f"sys.exit(build_site({str(REPO / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 's')!r}, "
         f"data_dir={str(data)!r}, strict=True))"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert "site.yml:1:1: 警告：正式发布的网站还缺少：site_code（网站标识码）" in done.stderr


# A root address: output_checks cannot yet resolve the 404 page's absolute links under a sub-path.
@pytest.mark.parametrize("env_url", [None, "https://rsj.example.gov.cn"])
def test_site_url_comes_from_site_file_unless_the_environment_says(
    tmp_path: Path, monkeypatch, env_url: str | None
) -> None:
    data = _site(tmp_path, SITE.replace("site_url: http://127.0.0.1:8000/", "site_url: https://gongshi.example.org/"))
    if env_url is None:
        monkeypatch.delenv("GONGSHI_SITE_URL", raising=False)
    else:
        monkeypatch.setenv("GONGSHI_SITE_URL", env_url)
    site = tmp_path / "site"
    assert build(site, today="2026-11-18", data_dir=data) == 0
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    expected = (env_url + "/") if env_url else "https://gongshi.example.org/"
    assert expected + "campaigns/" in feed
    other = "https://gongshi.example.org/" if env_url else "https://rsj.example.gov.cn/"
    assert other not in feed


def test_every_page_carries_masthead_footer_breadcrumb_and_language(site_factory) -> None:
    site = site_factory("2026-11-18")
    identity = load(DATA).portal.site.identity  # type: ignore[union-attr]
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(site)
        assert '<html lang="zh-CN"' in html, where
        assert 'class="gs-skip" href="#gs-content"' in html and 'id="gs-content"' in html, where
        header = html[html.index('<header class="md-header gs-header"'):html.index("</header>")]
        assert identity.sponsor in header and identity.name in header, where
        assert "assets/site/emblem.svg" in header, where
        footer = html[html.index('<footer class="gs-footer">'):]
        for value in (identity.sponsor, identity.address, identity.phone, identity.site_code,
                      identity.icp, identity.police_record):
            assert value and value in footer, (where, value)
        assert 'href="https://beian.miit.gov.cn/"' in footer, where
        assert "assets/site/mark.svg" in footer, where
        assert 'aria-label="当前位置"' in html and "当前位置：" in html, where
        assert "M12 8a3 3 0 0 0 3-3" not in html, where  # no Material book icon
    assert (site / "assets" / "site" / "emblem.svg").read_bytes() == (DATA / "site" / "emblem.svg").read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<title>{identity.name}</title>" in home
    notfound = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>页面不存在</h1>" in notfound and "Not found" not in notfound
