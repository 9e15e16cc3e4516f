"""Shared fixtures: build real sites from real YAML, serve them on loopback, drive Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def build(site_dir: Path, *, today: str, data_dir: Path = DATA, strict: bool = False) -> int:
    """Build the portal from `data_dir` as of `today` into `site_dir` (atomic)."""
    from builder.sitebuild import build_site

    return build_site(
        REPO / "mkdocs.yml", site_dir=site_dir, data_dir=data_dir, today=today, strict=strict
    )


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory: pytest.TempPathFactory):
    """`site_factory(today, data_dir=DATA)` → path of a built site, cached per session."""
    cache: dict[tuple[str, str], Path] = {}

    def make(today: str, data_dir: Path = DATA) -> Path:
        key = (today, str(data_dir))
        if key not in cache:
            out = tmp_path_factory.mktemp(f"site-{today}") / "site"
            assert build(out, today=today, data_dir=data_dir) == 0, "site build failed"
            cache[key] = out
        return cache[key]

    return make


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".xml": "application/xml",
        ".js": "text/javascript",
        ".json": "application/json",
    }

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on a free loopback port; yields the base URL (with trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def server_factory():
    """`server_factory(site_dir)` → base URL; servers live for the session."""
    stack = contextlib.ExitStack()
    urls: dict[Path, str] = {}

    def make(root: Path) -> str:
        if root not in urls:
            urls[root] = stack.enter_context(serve(root))
        return urls[root]

    with stack:
        yield make


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """What a page tried to do that it must not: leave loopback, open dialogs, log errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []


def open_context(browser, *, width: int = 1280, height: int = 900, **kwargs):
    """A fresh browser context that blocks and records every non-loopback request."""
    context = browser.new_context(viewport={"width": width, "height": height}, **kwargs)
    watch = PageWatch()

    def route(r):
        host = urlsplit(r.request.url).hostname or ""
        scheme = urlsplit(r.request.url).scheme
        if scheme in ("data", "blob", "about") or host in LOOPBACK:
            r.continue_()
        else:
            watch.external.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.watch = watch  # type: ignore[attr-defined]
    return context


@pytest.fixture
def page(browser):
    """A 1280-px page; `page.watch` lists blocked requests, dialogs and JS errors."""
    context = open_context(browser)
    p = context.new_page()
    p.watch = context.watch  # type: ignore[attr-defined]
    p.on("dialog", lambda d: (p.watch.dialogs.append(d.message), d.dismiss()))
    p.on("pageerror", lambda e: p.watch.errors.append(str(e)))
    yield p
    context.close()


@pytest.fixture
def phone(browser):
    """A 375-px touch page, like a phone."""
    context = open_context(browser, width=375, height=812, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.watch = context.watch  # type: ignore[attr-defined]
    p.on("dialog", lambda d: (p.watch.dialogs.append(d.message), d.dismiss()))
    p.on("pageerror", lambda e: p.watch.errors.append(str(e)))
    yield p
    context.close()


def copy_data(tmp: Path, src: Path = DATA) -> Path:
    """A writable copy of a data directory, for tests that break it on purpose."""
    dst = tmp / "data"
    shutil.copytree(src, dst)
    return dst
