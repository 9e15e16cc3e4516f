"""builder.files.reuse.link: how a new release takes a file from the previous one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from builder.files import reuse


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    old = tmp_path / "old"
    (old / "a" / "b").mkdir(parents=True)
    (old / "a" / "b" / "page.html").write_text("old page", encoding="utf-8")
    return old


def test_a_file_is_hard_linked_into_a_folder_not_made_yet(previous: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    reuse.link(previous, site, "a/b/page.html")
    assert os.path.samefile(site / "a/b/page.html", previous / "a/b/page.html")
    reuse.link(previous, site, "a/b/copy.html", source="a/b/page.html")  # another path, same bytes
    assert os.path.samefile(site / "a/b/copy.html", previous / "a/b/page.html")


def test_a_file_already_there_is_replaced(previous: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "page.html").write_text("written by the build", encoding="utf-8")
    reuse.link(previous, site, "a/b/page.html")
    assert os.path.samefile(site / "a/b/page.html", previous / "a/b/page.html")
    reuse.link(previous, site, "a/b/page.html")  # the same file again: still one link, no leftovers
    assert sorted(p.name for p in (site / "a" / "b").iterdir()) == ["page.html"]


def test_a_refused_link_is_a_copy_unless_a_link_was_required(
    previous: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(src: object, dst: object, **_kwargs: object) -> None:
        raise OSError(errno.EXDEV, "another file system")

    monkeypatch.setattr(os, "link", refused)
    site = tmp_path / "site"
    site.mkdir()
    reuse.link(previous, site, "a/b/page.html")
    assert (site / "a/b/page.html").read_text(encoding="utf-8") == "old page"
    assert not os.path.samefile(site / "a/b/page.html", previous / "a/b/page.html")
    with pytest.raises(OSError):
        reuse.link(previous, site, "a/b/page.html", or_copy=False)


def test_a_missing_original_is_an_error(previous: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    with pytest.raises(FileNotFoundError):
        reuse.link(previous, site, "a/b/gone.html")
    assert not (site / "a").exists()


def test_many_files_are_linked_each_folder_made_once(previous: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for rel in ("index.html", "a/x/index.html", "a/x/y/index.html", "c/d/e/f.csv"):
        (previous / rel).parent.mkdir(parents=True, exist_ok=True)
        (previous / rel).write_text(rel, encoding="utf-8")
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)  # a folder the build has made already
    made: list[str] = []
    mkdir = os.mkdir

    def counted(path: str, *args: object) -> None:
        made.append(os.path.relpath(path, site))
        mkdir(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", counted)
    rels = ["c/d/e/f.csv", "a/x/y/index.html", "index.html", "a/b/page.html", "a/x/index.html"]
    reuse.link_all(previous, site, rels)
    for rel in rels:
        assert os.path.samefile(site / rel, previous / rel)
    assert sorted(made) == ["a", "a/b", "a/x", "a/x/y", "c", "c/d", "c/d/e"]  # each once


def test_a_file_where_a_folder_goes_is_an_error(previous: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "a").write_text("a file", encoding="utf-8")
    with pytest.raises(OSError):
        reuse.link_all(previous, site, ["a/b/page.html"])
