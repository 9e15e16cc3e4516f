"""The preview shows data errors in the browser, Hugo style, and only the preview does.

A real `mkdocs serve` over a copy of the demo data, a page open in Chromium: breaking two files
makes that page (by live reload, without touching the browser) and every other page served show
every problem with its file:line:column, in `gongshi validate` order; the terminal repeats the
whole list on every failed rebuild; fixing the data makes the overlay go away by live reload.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_data
from helpers import served_config
from playwright.sync_api import Error as PlaywrightError

from builder.adapter.preview_errors import OVERLAY_ID
from builder.cli import main
from harness.net import free_port
from harness.serve import Served, mkdocs_serve

TODAY = "2026-11-18"
ROUND = "2026-shili-jishu-daitouren"
LIST = f"campaigns/{ROUND}/gongshi/"
SHOTS = os.environ.get("GONGSHI_SCREENSHOTS")
"""Set to a directory to keep the screenshots (docs/screenshots/preview-error.png comes from here)."""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    data = copy_data(tmp_path)
    port = free_port()
    conf = served_config(tmp_path, data, port)
    with mkdocs_serve(conf, log=tmp_path / "serve.log", today=TODAY, port=port) as server:
        server.wait_serving()
        yield server, data


def _validate(data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The problem lines `gongshi validate data` prints where the preview runs, in its order."""
    monkeypatch.chdir(data.parent)  # where `mkdocs serve` runs, so the paths read the same
    capsys.readouterr()
    main(["validate", "data"])
    out = capsys.readouterr().out.splitlines()
    return [line for line in out if line.startswith("data/")]


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """`page.goto`, again if the preview's live reload superseded it.

    A rebuild that ends while we navigate makes the page reload itself, and Chromium then aborts
    our navigation (net::ERR_ABORTED): the page is still the preview, just a newer load of it."""
    for attempt in range(3):
        try:
            page.goto(url)
            return
        except PlaywrightError as e:
            if "ERR_ABORTED" not in str(e) or attempt == 2:
                raise


def _listed(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The overlay's items as validate prints them: `file:line:column: message`."""
    items = page.locator(f"#{OVERLAY_ID} li")
    out = []
    for i in range(items.count()):
        where = items.nth(i).locator("code").inner_text()
        whole = items.nth(i).inner_text()
        out.append(f"{where}: {whole[len(where):].lstrip()}")
    return out


@pytest.mark.browser
def test_errors_show_in_the_browser_until_the_data_is_fixed(
    serve, page, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    server, data = serve
    assert server.get("manual/")[0] == 200  # the staff manual is in the preview
    _open(page, server.base + LIST)
    assert page.locator(f"#{OVERLAY_ID}").count() == 0
    assert "单天放" in page.locator("body").inner_text()

    people = data / "candidates" / f"{ROUND}.yml"
    campaign = data / "campaigns" / f"{ROUND}.yml"
    good_people, good_campaign = people.read_text(encoding="utf-8"), campaign.read_text(encoding="utf-8")
    # Two files, an error and a warning among them, and a quota that now overflows.
    people.write_text(good_people.replace("gender: 男", "gender: 南", 1), encoding="utf-8")
    campaign.write_text(good_campaign.replace("notice: |\n", "notice: |\n  联系人手机 139 1234 5678。\n\n", 1),
                        encoding="utf-8")
    expected = _validate(data, capsys, monkeypatch)
    assert len(expected) >= 2 and any("南" in e for e in expected) and any("手机号" in e for e in expected)

    # The open page reloads by itself and shows every problem, in validate's order.
    page.wait_for_selector(f"#{OVERLAY_ID}", timeout=120_000)
    overlay = page.locator(f"#{OVERLAY_ID}")
    assert "数据有错误，预览没有更新" in overlay.inner_text()
    assert _listed(page) == expected
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / "preview-error.png"))
    page.screenshot(path=str(tmp_path / "preview-error-1280.png"))
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=str(tmp_path / "preview-error-375.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.set_viewport_size({"width": 1280, "height": 900})

    # Every page the preview serves says so, the home page and a page that does not exist too.
    for path in ("", "search/", "no-such-page/"):
        _open(page, server.base + path)
        assert _listed(page) == expected, path
    # It can be put aside to look at the last good page underneath.
    page.locator("#gs-pe-hide").click()
    assert page.locator(f"#{OVERLAY_ID}").count() == 0

    # The terminal has the whole list, again on every failed rebuild (MkDocs would say it once).
    assert all(line in server.log for line in expected)
    first = server.log.count(expected[0])
    people.write_text(good_people.replace("gender: 男", "gender: 南", 1) + "\n", encoding="utf-8")
    server.wait_for("the second failed rebuild", lambda: server.log.count(expected[0]) > first)
    assert all(server.log.count(line) >= 2 for line in expected)
    assert "The server will appear stuck" not in server.log

    # Fixed: the open page reloads by itself, without the overlay, with the new data.
    _open(page, server.base + LIST)
    page.wait_for_selector(f"#{OVERLAY_ID}")
    people.write_text(good_people.replace("单天放", "单天方", 1), encoding="utf-8")
    campaign.write_text(good_campaign, encoding="utf-8")
    page.wait_for_function(
        f"!document.getElementById('{OVERLAY_ID}') && !!document.body "
        "&& document.body.innerText.includes('单天方')",
        timeout=120_000,
    )
    assert page.watch.external == [] and page.watch.errors == []


@pytest.mark.browser
def test_a_preview_started_on_broken_data_shows_the_errors_then_the_portal(
    page, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """`make serve` on data that already has errors: MkDocs alone exits after its failed first
    build; the preview instead serves the error page for every path and becomes the portal by
    live reload once the data is fixed."""
    data = copy_data(tmp_path)
    people = data / "candidates" / f"{ROUND}.yml"
    campaign = data / "campaigns" / f"{ROUND}.yml"
    good_people, good_campaign = people.read_text(encoding="utf-8"), campaign.read_text(encoding="utf-8")
    people.write_text(good_people.replace("gender: 男", "gender: 南", 1), encoding="utf-8")
    campaign.write_text(good_campaign.replace("year: 2026", "year: 二〇二六", 1), encoding="utf-8")
    expected = _validate(data, capsys, monkeypatch)
    assert len(expected) >= 2 and any("南" in e for e in expected)
    port = free_port()
    conf = served_config(tmp_path, data, port)
    with mkdocs_serve(conf, log=tmp_path / "serve.log", today=TODAY, port=port) as server:
        server.wait_serving()
        assert all(line in server.log for line in expected)  # the terminal has the whole list
        for path in (LIST, "", "manual/"):
            _open(page, server.base + path)
            assert _listed(page) == expected, path
        overlay = page.locator(f"#{OVERLAY_ID}").inner_text()
        assert "数据有错误，预览没有更新" in overlay and "预览启动时数据就有错误" in overlay
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "preview-error-at-start.png"))
        page.set_viewport_size({"width": 375, "height": 812})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        page.set_viewport_size({"width": 1280, "height": 900})
        _open(page, server.base + LIST)
        people.write_text(good_people, encoding="utf-8")
        campaign.write_text(good_campaign, encoding="utf-8")
        # Fixed: the open page becomes the list by live reload, without the overlay.
        page.wait_for_function(
            f"!document.getElementById('{OVERLAY_ID}') && !!document.body "
            "&& document.body.innerText.includes('单天放')",
            timeout=120_000,
        )
        assert server.proc.poll() is None
        assert page.watch.external == [] and page.watch.errors == []


def test_a_production_build_never_carries_the_overlay(site_factory) -> None:  # type: ignore[no-untyped-def]
    site = site_factory(TODAY)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".json"):
            assert OVERLAY_ID.encode() not in path.read_bytes(), path
