"""Debian's Chromium, driven by Playwright, as every test and the benchmark launch it.

Never Playwright's own browser download (`playwright install`): the project uses the distribution's
Chromium, which `make system-deps` installs. The arguments keep a headless run in a container
quiet and offline: no sandbox (containers run as root), no GPU, no QUIC, and none of the
background requests (updates, sync, first-run) that would leave loopback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
MISSING = "Debian chromium is missing: run `make test` (it installs it) or apt-get install chromium"


def launch(playwright: Any, extra: tuple[str, ...] = ()) -> Any:
    """A headless Chromium browser from a started `sync_playwright()`; raises when missing.
    `extra`: more arguments (the bench trusts its own certificate)."""
    if not CHROMIUM.exists():
        raise RuntimeError(MISSING)
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra])
