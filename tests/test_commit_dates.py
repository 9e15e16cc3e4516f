"""A publishing server dates the files it extracts from a commit as an HR checkout of that commit
does (builder.server.tree.dates → builder.files.filedates.from_commit): by the last commit that
touched each, not by when they were written out. Git only, no build: the server's test
(test_server.py, the first push and the timer) shows the dates on the live site.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import hr_git as git

from builder.files import filedates
from builder.files.filedates import FileDates
from builder.server import tree
from builder.server.layout import ServerError, Settings


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(clone: Path, day: str, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message, day=day)


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, str, Path]:
    """(bare repository, its main's commit, HR's checkout of it): a root commit, edits, a
    deletion, a side branch merged back, names with spaces and Chinese."""
    clone = tmp_path / "portal"
    clone.mkdir()
    git(clone, "init", "-q", "-b", "main")
    write(clone, "data/campaigns/r1.yml", "id: r1\n")
    write(clone, "data/campaigns/r1/报名 表.txt", "报名表\n")
    write(clone, "data/campaigns/r1/推荐表.txt", "推荐表\n")
    write(clone, "data/campaigns/r1/旧表.txt", "旧表\n")
    write(clone, 'data/campaigns/r1/"引号"\\表.txt', "引号\n")  # git quotes it without -z
    write(clone, "data/candidates/r1.yml", "candidates: []\n")
    write(clone, "site_src/about.md", "关于\n")
    commit(clone, "2026-03-01", "root")
    write(clone, "data/campaigns/r1/推荐表.txt", "推荐表（改）\n")
    (clone / "data/campaigns/r1/旧表.txt").unlink()
    commit(clone, "2026-03-05", "edit, delete")
    git(clone, "checkout", "-q", "-b", "side")
    write(clone, "data/campaigns/r1.yml", "id: r1\ntitle: 改\n")
    commit(clone, "2026-03-10", "side: campaign")
    git(clone, "checkout", "-q", "main")
    write(clone, "data/candidates/r1.yml", "candidates: [1]\n")
    write(clone, "site_src/about.md", "关于本站\n")
    commit(clone, "2026-03-12", "main: list")
    git(clone, "merge", "-q", "--no-ff", "-m", "merge", "side", day="2026-03-15")
    bare = tmp_path / "repo.git"
    git(tmp_path, "clone", "-q", "--bare", str(clone), str(bare))
    return bare, git(clone, "rev-parse", "HEAD").strip(), clone


EXPECTED = {
    "data/campaigns/r1.yml": "2026-03-10",
    "data/campaigns/r1/报名 表.txt": "2026-03-01",
    "data/campaigns/r1/推荐表.txt": "2026-03-05",
    'data/campaigns/r1/"引号"\\表.txt': "2026-03-01",
    "data/candidates/r1.yml": "2026-03-12",
}


def checkout_dates(data: Path) -> dict[str, str]:
    """What the loader's FileDates give each file of `data` (its two dated folders)."""
    out = {}
    for folder in ("campaigns", "candidates"):
        dates = FileDates.scan(data / folder)
        for path in sorted((data / folder).rglob("*")):
            if path.is_file():
                out[f"data/{path.relative_to(data).as_posix()}"] = dates.date_of(path).isoformat()
    return out


def test_the_server_reads_each_files_last_commit_as_a_checkout_does(history) -> None:
    bare, sha, clone = history
    entries = tree.checked(bare, sha, Settings(site_url="https://x.example.gov.cn/"))
    with tree.dates(bare, sha) as dates_of:
        found = dates_of(entries)
    # Only the commit's files of data/ (no deleted 旧表.txt, nothing of site_src/).
    assert found == EXPECTED
    assert checkout_dates(clone / "data") == EXPECTED
    # HR staff previewing edits: a changed and a renamed file take their own time.
    write(clone, "data/campaigns/r1/报名 表.txt", "报名表（改）\n")
    git(clone, "mv", "data/campaigns/r1/推荐表.txt", "data/campaigns/r1/推荐 表2.txt")
    today = dt.date.today().isoformat()
    expected = {k: v for k, v in EXPECTED.items() if k != "data/campaigns/r1/推荐表.txt"}
    assert checkout_dates(clone / "data") == {
        **expected, "data/campaigns/r1/报名 表.txt": today, "data/campaigns/r1/推荐 表2.txt": today,
    }


def test_the_build_of_extracted_files_takes_the_commits_dates_and_runs_no_git(
    history, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare, sha, _ = history
    entries = tree.checked(bare, sha, Settings(site_url="https://x.example.gov.cn/"))
    src = tmp_path / "job" / "src"
    with tree.dates(bare, sha) as dates_of:
        tree.extract(bare, entries, src)
        found = dates_of(entries)
    monkeypatch.setattr(filedates, "_extracted", None)  # restored after the test

    def no_git(*args: object) -> None:
        raise AssertionError(f"git was run: {args}")

    monkeypatch.setattr(filedates, "_git", no_git)
    filedates.from_commit(src, {p: dt.date.fromisoformat(d) for p, d in found.items()})
    assert checkout_dates(src / "data") == EXPECTED
    # The loader's spellings: relative to the working directory (the build step's is src/).
    monkeypatch.chdir(src)
    assert FileDates.scan(Path("data/campaigns")).date_of(
        Path("data/campaigns/r1/推荐表.txt")).isoformat() == "2026-03-05"
    # A file the commit did not bring (none on a server): its own time, as before.
    write(src, "data/campaigns/r1/new.txt", "x")
    today = dt.datetime.fromtimestamp((src / "data/campaigns/r1/new.txt").stat().st_mtime).date()
    assert FileDates.scan(src / "data/campaigns").date_of(src / "data/campaigns/r1/new.txt") == today


def test_a_missing_commit_fails_the_build_with_a_message(tmp_path: Path, history) -> None:
    bare, _, _ = history
    with tree.dates(bare, "0" * 40) as dates_of, pytest.raises(
        ServerError, match="无法读取提交 0000000 的历史"
    ):
        dates_of([])
