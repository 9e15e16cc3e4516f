"""A full build of the fixture portal (tests/fixtures/portal/) is byte for byte what
tests/fixtures/portal.sha256 records: a restructuring that means to change nothing shows here
that it changed nothing.

After a change that is meant to change the output, regenerate the record and commit it:

    GONGSHI_GOLDEN=update .venv/bin/pytest tests/test_golden_build.py

The build is of a fixed day and address, from a copy of the fixture whose files all carry one
fixed modification time (outside a git checkout a form's date is its file's), with MkDocs' own
build date fixed too (SOURCE_DATE_EPOCH: the sitemap's lastmod).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build
from helpers import snapshot

FIXTURE = REPO / "tests" / "fixtures" / "portal"
RECORD = REPO / "tests" / "fixtures" / "portal.sha256"
TODAY = "2026-11-18"
SITE_URL = "https://gongshi.example.gov.cn/"
MTIME = 1_763_380_800  # 2025-11-17 12:00 UTC
BUILT = 1_795_003_200  # 2026-11-18 12:00 UTC


def _record(files: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(files.items()))


def _read(text: str) -> dict[str, str]:
    return {line[66:]: line[:64] for line in text.splitlines() if line}


def test_the_fixture_portal_builds_to_the_recorded_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data, ignore=shutil.ignore_patterns("README.md"))
    for path in [data, *data.rglob("*")]:
        os.utime(path, (MTIME, MTIME))
    monkeypatch.setenv("GONGSHI_SITE_URL", SITE_URL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILT))
    site = tmp_path / "site"
    assert build(site, today=TODAY, data_dir=data) == 0
    built = snapshot(site, dirs=False)
    if os.environ.get("GONGSHI_GOLDEN") == "update":
        RECORD.write_text(_record(built), encoding="utf-8")
    recorded = _read(RECORD.read_text(encoding="utf-8"))
    changed = sorted(p for p in built.keys() & recorded.keys() if built[p] != recorded[p])
    assert (sorted(built.keys() - recorded.keys()), sorted(recorded.keys() - built.keys()), changed) == (
        [], [], []
    ), "the build's output changed (new, gone, changed files); if that is meant, see the docstring"
