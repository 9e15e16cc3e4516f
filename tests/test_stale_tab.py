"""A tab opened before two releases still searches after them, through real nginx (workers
unprivileged) serving the live release through a `current` symlink switched as the server does.

Three releases of the fixture portal: the tab loads a page of the first and its search manifest;
a candidate is renamed and the second release goes live, then the third; the tab, never
reloaded, is asked for a name. Its manifest names the first release's search folder, which the
third still serves because each release retains the search files and scripts of the earlier ones
(builder.files.retain). Without them the same tab gets 404s.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import copy_data, open_context
from test_search_browser import ask

from builder.adapter.mkdocs.sitebuild import build_site
from builder.files.atomicfs import switch_symlink
from builder.files.cache import clear_all
from builder.files.retain import retain
from builder.render.search.files import MANIFEST
from harness.nginx import serve as nginx_serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "portal"
TODAY = "2026-11-18"
LIST = "campaigns/2026-shili-jishu-daitouren/gongshi/"
PEOPLE = "candidates/2026-shili-jishu-daitouren.yml"


def release(root: Path, name: str, data: Path, previous: Path | None) -> Path:
    clear_all()
    site = root / "releases" / name
    assert build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today=TODAY,
                      previous=previous, record=True) == 0
    return site


def rename(data: Path, old: str, new: str) -> None:
    path = data / PEOPLE
    text = path.read_text(encoding="utf-8")
    assert f"name: {old}\n" in text
    path.write_text(text.replace(f"name: {old}\n", f"name: {new}\n", 1), encoding="utf-8")


def test_a_tab_opened_before_two_releases_searches_after_them(
    browser, www_path: Path, tmp_path: Path
) -> None:
    data = copy_data(tmp_path, FIXTURE)
    r1 = release(www_path, "r1", data, None)
    old_folder = json.loads((r1 / MANIFEST).read_text(encoding="utf-8"))["dir"]
    current = www_path / "current"
    switch_symlink(current, "releases/r1")
    os.chmod(www_path / "releases", 0o755)
    with nginx_serve(current, tmp_path / "nginx") as base:
        context = open_context(browser)
        page = context.new_page()
        answered: list[tuple[int, str]] = []
        page.on("response", lambda r: answered.append((r.status, r.url)))
        page.goto(base + LIST)
        # The box used once: the tab holds r1's manifest, which names r1's search folder.
        assert "单天放" in ask(page, "单天放").get("候选人", [])
        rename(data, "单天放", "单天方")
        r2 = release(www_path, "r2", data, r1)
        retain(r2, [r1])
        switch_symlink(current, "releases/r2")
        rename(data, "周少峰", "周少锋")
        r3 = release(www_path, "r3", data, r2)
        added = retain(r3, [r2, r1])
        switch_symlink(current, "releases/r3")
        assert json.loads((r3 / MANIFEST).read_text(encoding="utf-8"))["dir"] != old_folder
        assert any(rel.startswith(f"search/{old_folder}") for rel in added)
        answered.clear()
        # Two releases later, the same tab, never reloaded, searches as it did.
        assert "张书帆" in ask(page, "zhangshufan").get("候选人", [])
        assert "周少峰" in ask(page, "zhoushaofeng").get("候选人", [])
        searched = [(status, url) for status, url in answered if "/search/" in url]
        assert searched and all(status == 200 for status, _ in searched), searched
        assert all(f"/search/{old_folder}" in url for _, url in searched), searched
        # A tab opened now finds the new names.
        fresh = context.new_page()
        fresh.goto(base + LIST)
        assert "周少锋" in ask(fresh, "周少锋").get("候选人", [])
        assert "单天方" in ask(fresh, "单天方").get("候选人", [])
        context.close()
