"""Hostile corpus, class "downloads run as the site" and "dotfiles": through deploy/nginx.conf
served by Debian's nginx (unprivileged workers, see conftest), in Chromium.

HTML/JS/SVG are refused as forms (tests/test_hostile_forms.py); these tests put such files
under /campaigns/<id>/files/ by hand, as a mistake on the server would, and check that the
browser saves them instead of running them on the portal's origin.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import open_context
from page_types import TODAY
from test_nginx import fetch

ROUND = "2026-shili-jishu-daitouren"
SCRIPT = "localStorage.setItem('pwned', document.domain); document.title = 'pwned';"
PAGE = '<!doctype html><title>x</title><script src="x.js"></script><script>' + SCRIPT + "</script>"
SVG = f'<svg xmlns="http://www.w3.org/2000/svg"><script>{SCRIPT}</script></svg>'


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    return site_factory(TODAY)


@pytest.fixture(scope="module")
def base(site, server_factory) -> str:
    return server_factory(site)


@contextlib.contextmanager
def planted(site: Path, files: dict[str, str]) -> Iterator[None]:
    paths = []
    try:
        for rel, body in files.items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            paths.append(path)
        yield
    finally:
        for path in paths:
            path.unlink()
        for path in paths:
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only the folders made here are empty


FILES = f"campaigns/{ROUND}/files"


def test_downloads_are_attachments_under_a_sandbox(site: Path, base: str) -> None:
    with planted(site, {f"{FILES}/x.html": PAGE, f"{FILES}/x.js": SCRIPT, f"{FILES}/x.svg": SVG}):
        for name in ("x.html", "x.js", "x.svg", "申报表.docx"):
            r = fetch(base, f"{FILES}/{name}")
            assert r.status == 200
            assert r.headers["Content-Disposition"] == "attachment"
            policies = r.headers.get_all("Content-Security-Policy")
            assert "sandbox; default-src 'none'" in policies and len(policies) == 2
        page = fetch(base, f"campaigns/{ROUND}/")
        assert page.headers["Content-Disposition"] is None
        assert len(page.headers.get_all("Content-Security-Policy")) == 1


@pytest.mark.browser
def test_a_planted_html_download_does_not_run_on_the_portal(browser, site: Path, base: str) -> None:
    context = open_context(browser, accept_downloads=True)
    try:
        with planted(site, {f"{FILES}/x.html": PAGE, f"{FILES}/x.js": SCRIPT, f"{FILES}/x.svg": SVG}):
            page = context.new_page()
            page.goto(base + f"campaigns/{ROUND}/")
            for name in ("x.html", "x.svg"):
                # The navigation is aborted because the response is a download.
                with page.expect_download() as info, contextlib.suppress(Exception):
                    page.goto(base + f"{FILES}/{name}")
                assert info.value.suggested_filename == name
            page.goto(base + f"campaigns/{ROUND}/")
            assert page.title() != "pwned"
            assert page.evaluate("localStorage.getItem('pwned')") is None
    finally:
        context.close()


@pytest.mark.parametrize("path", [".secret.ics", ".hidden/x.docx", ".bak.xlsx", f"{FILES}/.draft.docx"])
def test_dotfiles_are_not_served_whatever_their_type(site: Path, base: str, path: str) -> None:
    with planted(site, {path: "secret"}):
        r = fetch(base, path)
        assert r.status == 404
        assert b"secret" not in r.decoded()
