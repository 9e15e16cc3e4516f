"""The test harness's own rules: a test that starts Chromium carries the `browser` marker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_a_test_that_starts_chromium_without_the_browser_marker_fails(tmp_path: Path) -> None:
    (tmp_path / "test_unmarked.py").write_text(
        "import pytest\n\n"
        "def test_unmarked(page):\n    pass\n\n"
        "def test_not_a_browser_test():\n    pass\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "tests"), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-q",
         "--rootdir", str(tmp_path), str(tmp_path / "test_unmarked.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "test_unmarked.py::test_unmarked starts Chromium but is not marked" in out, out
    assert "1 passed, 1 error" in out, out


def test_chromium_is_launched_only_by_the_browser_fixture() -> None:
    # So the marker check above sees every test that starts Chromium.
    launching = [
        p.name for p in sorted((REPO / "tests").glob("*.py"))
        if p.name not in ("conftest.py", Path(__file__).name)
        and any(s in p.read_text(encoding="utf-8") for s in ("sync_playwright()", "chromium.launch("))
    ]
    assert launching == []
