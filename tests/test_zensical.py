"""`gongshi build --engine zensical`: the same portal from the same data, built by Zensical.

One Zensical build of the demo site per module (a build costs seconds); the pages are looked at
in Chromium, the search box is asked the shared query table's questions, and a broken copy of
the hand-written pages shows that the output checks run and the swap is atomic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import REPO, config_with_docs, serve
from helpers import snapshot
from page_types import PAGE_TYPES, TODAY
from test_search_browser import QUERIES, ask

from builder.adapter import zensical
from builder.checks.htmlscan import parse_html
from builder.checks.markup import check_markup
from builder.render.search.files import MANIFEST
from builder.text.idnumbers import id18_check_digit

pytestmark = pytest.mark.browser

ID = "11010519800101001" + id18_check_digit("11010519800101001")


@pytest.fixture(scope="module")
def home(www_root: Path) -> Path:
    path = Path(tempfile.mkdtemp(prefix="zensical-", dir=www_root))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="module")
def zsite(home: Path) -> Path:
    """The demo site built by `gongshi build --engine zensical` (the command, in a child)."""
    out = home / "site"
    config = config_with_docs(home, REPO / "site_src")
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_dir"] = str(out)
    settings["plugins"] = [{"gongshi": {"data_dir": str(REPO / "data")}}]
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    ran = subprocess.run(
        [sys.executable, "-m", "builder.cli", "build", "--engine", "zensical", "-f", str(config)],
        cwd=home, env={**os.environ, "GONGSHI_TODAY": TODAY}, capture_output=True, text=True,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert 'content="zensical-' in (out / "index.html").read_text(encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def zbase(zsite: Path) -> Iterator[str]:
    # A plain static server: deploy/nginx.conf's CSP lists the hashes of Material's inline
    # scripts, and Zensical writes other ones (README: the Zensical gaps).
    with serve(zsite) as url:
        yield url


def test_every_page_type_renders_with_the_portal_templates(page, zbase: str, zsite: Path) -> None:
    failures = []
    for kind, url in PAGE_TYPES.items():
        page.goto(zbase + ("404.html" if kind == "404" else url))
        found = page.evaluate(
            """() => ({
              masthead: !!document.querySelector('header.gs-header .gs-masthead .gs-brand__name'),
              bar: document.querySelectorAll('.gs-mainnav__list a').length,
              crumbs: !!document.querySelector('nav.gs-crumbs li[aria-current=page]'),
              footer: !!document.querySelector('footer.gs-footer .gs-footer__links'),
              search: !!document.querySelector('form.gss[data-index$=".json"]'),
              h1: document.querySelectorAll('h1').length,
              placeholder: document.documentElement.innerHTML.includes('data-gongshi-body'),
            })"""
        )
        want = {"masthead": True, "bar": 8, "crumbs": True, "footer": True, "search": True,
                "h1": 1, "placeholder": False}
        if found != want:
            failures.append(f"{kind}: {found}")
    assert failures == []
    assert page.watch.errors == [] and page.watch.external == []
    # The generated bodies are the core's HTML, not Markdown's idea of it.
    listing = (zsite / "campaigns/2026-shili-jishu-daitouren/gongshi/index.html").read_text("utf-8")
    assert "gs-list" in listing and "<table" in listing


def test_the_search_files_are_the_mkdocs_builds_and_the_box_answers_the_same(
    page, zbase: str, zsite: Path, site_factory
) -> None:
    # The same corpus, so the same index, shards and rows, byte for byte (the 名单检索 page
    # itself, search/index.html, is each engine's page around the same form).
    files = {k: v for k, v in snapshot(zsite / "search", dirs=False).items() if k != "index.html"}
    assert files == {k: v for k, v in snapshot(site_factory(TODAY) / "search", dirs=False).items() if k != "index.html"}
    assert MANIFEST.removeprefix("search/") in files
    # Every fifth row of the shared table, typed into the box of a Zensical page.
    page.goto(zbase + "campaigns/2026-shili-jishu-daitouren/")
    failures = []
    for row in QUERIES[::5]:
        got = ask(page, row["query"])
        if row["group"] == "—":
            if got:
                failures.append(f"{row['query']!r} should find nothing, found {got}")
            continue
        if row["expect"] not in got.get(row["group"], [])[: int(row["within"])]:
            failures.append(f"{row['query']!r}: expected {row['expect']}, shown {got}")
    assert failures == []
    assert page.watch.errors == [] and page.watch.external == []


def test_a_failed_check_leaves_the_site_byte_identical(tmp_path: Path, zsite: Path, capfd) -> None:
    """An ID number in a hand-written page and an empty image URL: the build lists both, stops;
    the previous site (here: the module's Zensical build, copied) is untouched."""
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    with (docs / "about.md").open("a", encoding="utf-8") as f:
        f.write(f"\n联系人身份证号 {ID}\n")
    with (docs / "help.md").open("a", encoding="utf-8") as f:
        f.write("\n![空图片]()\n")
    target = tmp_path / "live" / "site"
    shutil.copytree(zsite, target)
    before = snapshot(target, dirs=False)
    config = config_with_docs(tmp_path, docs)
    code = zensical.build_site(config, site_dir=target, data_dir=REPO / "data", today=TODAY)
    assert code == 1
    err = capfd.readouterr().err
    assert "site/about/index.html" in err and "身份证号" in err and ID not in err
    assert "site/help/index.html" in err and "<img> 的 src 是空的" in err
    assert snapshot(target, dirs=False) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["site"], "a work directory was left"


def test_a_successful_build_swaps_the_whole_site_in(tmp_path: Path, capfd) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "stale.html").write_text("old", encoding="utf-8")
    code = zensical.build_site(REPO / "mkdocs.yml", site_dir=target, data_dir=REPO / "data",
                               today=TODAY)
    assert code == 0, capfd.readouterr().err
    assert not (target / "stale.html").exists() and (target / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert oct(target.stat().st_mode & 0o777) == "0o755"


def test_an_empty_url_is_an_output_problem() -> None:
    """MiniJinja prints an undefined value as nothing: a URL the browser loads must not be empty
    (a link to the page itself, href="", is what both engines write for the current page)."""
    html = ('<link rel="stylesheet" href=""><a href="">x</a><img src=" " alt="">'
            '<form class="gss" data-index="" data-root="./"></form><script src="a.js"></script>')
    found = [m.split("：")[0] for _, _, m in check_markup(parse_html(html))]
    assert found == ["<link> 的 href 是空的", "<img> 的 src 是空的", "<form> 的 data-index 是空的"]
