"""Shared fixtures: build real sites from real YAML, serve them on loopback, drive Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest

from harness import chromium, nginx
from harness.net import base_url

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def build(site_dir: Path, *, today: str, data_dir: Path = DATA, strict: bool = False,
          manual: bool = False) -> int:
    """Build the portal from `data_dir` as of `today` into `site_dir` (atomic); `manual`: the
    staff build, with the HR manual."""
    from builder.adapter.mkdocs.sitebuild import build_site

    return build_site(
        REPO / "mkdocs.yml", site_dir=site_dir, data_dir=data_dir, today=today, strict=strict,
        manual=manual,
    )


def build_site_with(tmp: Path, site_dir: Path, data_dir: Path, docs_dir: Path, today: str) -> int:
    """Build with another site_src (`docs_dir`, e.g. a broken copy) into `site_dir`."""
    from builder.adapter.mkdocs.sitebuild import build_site

    return build_site(config_with_docs(tmp, docs_dir), site_dir=site_dir, data_dir=data_dir, today=today)


@pytest.fixture(scope="session")
def www_root() -> Iterator[Path]:
    """A world-readable directory (0755) for everything nginx serves.

    nginx's workers run as an unprivileged user, as in production, and pytest's `tmp_path`
    directories are 0700: a site built there answers 403.
    """
    root = Path(tempfile.mkdtemp(prefix="gongshi-www-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def www_path(www_root: Path) -> Path:
    """A fresh world-readable directory for one test (build the site to serve under it)."""
    path = Path(tempfile.mkdtemp(dir=www_root))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="session")
def site_factory(www_root: Path):
    """`site_factory(today, data_dir=DATA, manual=False)` → path of a built site (the staff
    build with `manual`), cached per session."""
    cache: dict[tuple[str, str, bool], Path] = {}

    def make(today: str, data_dir: Path = DATA, manual: bool = False) -> Path:
        key = (today, str(data_dir), manual)
        if key not in cache:
            home = Path(tempfile.mkdtemp(prefix=f"site-{today}-", dir=www_root))
            home.chmod(0o755)
            out = home / "site"
            assert build(out, today=today, data_dir=data_dir, manual=manual) == 0, "site build failed"
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
        yield base_url(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def server_factory(tmp_path_factory: pytest.TempPathFactory):
    """`server_factory(site_dir)` → base URL of nginx serving it with deploy/nginx.conf;
    servers live for the session."""
    stack = contextlib.ExitStack()
    urls: dict[Path, str] = {}

    def make(root: Path) -> str:
        if root not in urls:
            tmp = tmp_path_factory.mktemp("nginx")
            urls[root] = stack.enter_context(nginx.serve(root, tmp))
        return urls[root]

    with stack:
        yield make


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that starts Chromium (through the `browser` fixture, which `page` and `phone` use
    too) must say so with @pytest.mark.browser, so `-m "not browser"` leaves out exactly those."""
    fixtures = getattr(item, "fixturenames", ())
    if "browser" in fixtures and item.get_closest_marker("browser") is None:
        pytest.fail(
            f"{item.nodeid} starts Chromium but is not marked: add @pytest.mark.browser "
            "(or pytestmark = pytest.mark.browser for the module)",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser():
    if not chromium.CHROMIUM.exists():
        pytest.fail(chromium.MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = chromium.launch(pw)
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


def config_with_docs(tmp: Path, docs_dir: Path) -> Path:
    """A copy of mkdocs.yml in `tmp` that builds the hand-written pages of `docs_dir`
    (paths made absolute), for tests that add or break a page."""
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(docs_dir)
    config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    config["watch"] = []
    path = tmp / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def copy_data(tmp: Path, src: Path = DATA) -> Path:
    """A writable copy of a data directory, for tests that break it on purpose."""
    dst = tmp / "data"
    shutil.copytree(src, dst)
    return dst
