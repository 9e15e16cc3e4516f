"""A build given the previous site takes every page and file that would come out the same from
it, and the site it makes is byte for byte the one a build from nothing makes.

Real builds of a copy of the fixture portal (tests/fixtures/portal/): a full build, then a
corrected notice built from it,
then the next day built from that, each beside a full build of the same data and day. The
taken files are hard links to the previous build's (the same inode), and a changed page is not.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_data
from mkdocs.structure.files import File

from builder.adapter.mkdocs.plugin import GongshiPlugin
from builder.adapter.mkdocs.sitebuild import build_site
from builder.files.cache import clear_all
from builder.files.reuse import CHECKED, RECORD, Record
from builder.render.extras import ExtraFile
from builder.render.search import files as search_files

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-18"
FIXTURE = REPO / "tests" / "fixtures" / "portal"
ROUND = "2026-shili-jishu-daitouren"
NOTICE = f"campaigns/{ROUND}/index.html"
OTHER = "campaigns/2025-shili-youxiu-gaojineng/gongshi/index.html"
"""The list page of a round that settled long before TODAY."""


def built(site: Path, data: Path, today: str, previous: Path | None = None) -> Path:
    clear_all()  # each build as a new process would start it (a server's hook does)
    code = build_site(REPO / "mkdocs.yml", site_dir=site, data_dir=data, today=today,
                      previous=previous, record=True)
    assert code == 0
    return site


def tree(site: Path) -> dict[str, bytes]:
    """Every file of the site, the record included; not what its checks read (reuse.CHECKED),
    which names this machine's inodes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).as_posix() != CHECKED}


def same_file(a: Path, b: Path) -> bool:
    return os.stat(a).st_ino == os.stat(b).st_ino


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("incremental")
    data = copy_data(root, FIXTURE)
    out = {"first": built(root / "first", data, TODAY)}
    campaign = data / "campaigns" / f"{ROUND}.yml"
    text = campaign.read_text(encoding="utf-8")
    assert "notice: |\n" in text
    campaign.write_text(text.replace("notice: |\n", "notice: |\n  更正：申报时间以本通知为准。\n\n", 1),
                        encoding="utf-8")
    tomorrow = (dt.date.fromisoformat(TODAY) + dt.timedelta(days=1)).isoformat()
    compressed: dict[str, int] = {}
    copied: dict[str, list[str]] = {}
    compress = search_files.gzip.compress
    copy_file = File.copy_file
    for name, previous, day in (("corrected", out["first"], TODAY), ("corrected-full", None, TODAY),
                                ("next-day", "corrected", tomorrow), ("next-day-full", None, tomorrow)):
        calls: list[int] = []

        def counted(*args: Any, _calls: list[int] = calls, **kwargs: Any) -> bytes:
            _calls.append(1)
            return compress(*args, **kwargs)

        copies: list[str] = []

        def copying(file: File, *args: Any, _copies: list[str] = copies, **kwargs: Any) -> None:
            _copies.append(file.dest_uri)
            copy_file(file, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:  # how many search files are gzipped
            patch.setattr(search_files.gzip, "compress", counted)
            patch.setattr(File, "copy_file", copying)  # which files MkDocs copies
            out[name] = built(root / name, data, day,
                              previous=out[previous] if isinstance(previous, str) else previous)
        compressed[name] = len(calls)
        copied[name] = copies
    return {**out, "data": data, "tomorrow": tomorrow, "compressed": compressed, "copied": copied}


def test_a_correction_built_from_the_previous_site_is_the_full_build(sites) -> None:
    assert tree(sites["corrected"]) == tree(sites["corrected-full"])
    assert "更正：申报时间以本通知为准" in (sites["corrected"] / NOTICE).read_text(encoding="utf-8")


def test_the_next_day_built_from_the_previous_site_is_the_full_build(sites) -> None:
    assert tree(sites["next-day"]) == tree(sites["next-day-full"])


def test_unchanged_pages_and_files_are_the_previous_builds_and_changed_ones_are_new(sites) -> None:
    first, corrected = sites["first"], sites["corrected"]
    record = Record.read(corrected)
    assert record is not None and OTHER in record.pages and NOTICE in record.pages
    # The corrected notice is new; a closed round's list page, its forms and the theme's files
    # are the previous build's own files.
    assert not same_file(first / NOTICE, corrected / NOTICE)
    assert same_file(first / OTHER, corrected / OTHER)
    shared = [rel for rel in record.files if (first / rel).is_file() and same_file(first / rel, corrected / rel)]
    assert len(shared) > len(record.files) // 2
    # A settled round's page is the same bytes the next day: taken again, not rendered.
    assert same_file(corrected / OTHER, sites["next-day"] / OTHER)
    # The search did not change with the day: its files and their .gz are the previous build's,
    # neither written nor compressed again. The correction's search (the notice's text is in
    # it) is new.
    search = [rel for rel in record.files if rel.startswith("search/") and not rel.endswith(".html")]
    assert any(rel.endswith(".gz") for rel in search) and len(search) > 4
    assert all(same_file(corrected / rel, sites["next-day"] / rel) for rel in search)
    assert sites["compressed"]["next-day"] == 0
    assert sites["compressed"]["next-day-full"] == sites["compressed"]["corrected-full"] == len(search) // 2
    assert not any(same_file(first / rel, corrected / rel) for rel in search if (first / rel).is_file())
    # ...but a search file whose bytes did not change is the previous build's file, and so is
    # its .gz, although it now lives in another content-named folder.
    earlier = {(first / rel).read_bytes(): rel for rel in Record.read(first).files  # type: ignore[union-attr]
               if rel.startswith("search/d.") and not rel.endswith(".gz")}
    moved = [(earlier[(corrected / rel).read_bytes()], rel) for rel in search
             if not rel.endswith(".gz") and not (first / rel).exists()
             and (corrected / rel).read_bytes() in earlier]
    assert moved
    assert all(same_file(first / old, corrected / new) and same_file(first / f"{old}.gz", corrected / f"{new}.gz")
               for old, new in moved)
    assert all(record.files[new] == Record.read(first).files[old] for old, new in moved)  # type: ignore[union-attr]
    # Only the files not taken were compressed.
    assert sites["compressed"]["corrected"] == len(search) // 2 - len(moved)


def test_a_build_without_a_usable_record_builds_everything(sites, tmp_path: Path) -> None:
    """A previous site with no record (built before records, or by hand) is no source of pages."""
    plain = tmp_path / "plain"
    shutil.copytree(sites["next-day-full"], plain)
    (plain / RECORD).unlink()
    again = built(tmp_path / "again", sites["data"], sites["tomorrow"], previous=plain)
    assert tree(again) == tree(sites["next-day-full"])
    assert not any(same_file(plain / rel, again / rel) for rel in ("index.html", NOTICE, OTHER))


def test_an_unchanged_form_is_taken_not_copied(sites) -> None:
    """The round's forms did not change with its notice: the correction takes them from the
    previous build (hard links) instead of copying them; a build from nothing copies them."""
    forms = [rel for rel in Record.read(sites["corrected"]).files  # type: ignore[union-attr]
             if rel.startswith(f"campaigns/{ROUND}/files/") and not rel.endswith(".xlsx")]
    assert len(forms) == 2
    assert all(rel in sites["copied"]["corrected-full"] for rel in forms)
    assert not any(rel in sites["copied"]["corrected"] for rel in forms)
    assert all(same_file(sites["first"] / rel, sites["corrected"] / rel) for rel in forms)


def test_a_form_is_taken_only_with_the_same_bytes_at_the_same_path(sites) -> None:
    first = sites["first"]
    record = Record.read(first)
    assert record is not None
    rel = next(r for r in record.files if r.startswith(f"campaigns/{ROUND}/files/"))
    plugin = GongshiPlugin()
    plugin.previous, plugin.before, plugin.taken = first, record, set()
    digest = record.files[rel]
    assert not plugin._take_file(ExtraFile(rel, source=first / rel, sha256="0" * 64))  # changed
    assert not plugin._take_file(ExtraFile(rel, source=first / rel))  # bytes not known
    assert not plugin._take_file(ExtraFile(f"{rel}.moved", source=first / rel, sha256=digest))
    assert plugin.taken == set()
    assert plugin._take_file(ExtraFile(rel, source=first / rel, sha256=digest))
    assert plugin.taken == {rel}
