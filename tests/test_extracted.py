"""The server keeps the commit's data/ and site_src/ extracted between builds (work/src/) and
writes only what a new commit changed (builder.server.extracted). Real git, no build: the
server's test (test_server.py) shows a push rewriting only the changed file.

Whatever happened to the kept tree, what the build step reads is exactly what a full extraction
of the commit writes; a tree that differs in any way from its manifest is extracted whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import hr_git as git
from helpers import snapshot

from builder.server import extracted, tree
from builder.server.layout import ServerError, Settings

SETTINGS = Settings(site_url="https://x.example.gov.cn/")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class Repo:
    def __init__(self, tmp_path: Path) -> None:
        self.clone = tmp_path / "portal"
        self.clone.mkdir()
        git(self.clone, "init", "-q", "-b", "main")
        self.bare = tmp_path / "repo.git"

    def commit(self, message: str) -> list[tree.Entry]:
        git(self.clone, "add", "-A")
        git(self.clone, "commit", "-q", "-m", message)
        if not self.bare.exists():
            git(self.clone.parent, "clone", "-q", "--bare", str(self.clone), str(self.bare))
        else:
            git(self.clone, "push", "-q", str(self.bare), "HEAD:main")
        sha = git(self.clone, "rev-parse", "HEAD").strip()
        return tree.checked(self.bare, sha, SETTINGS)


def full(repo: Repo, entries: list[tree.Entry], tmp_path: Path) -> dict[str, str]:
    dest = tmp_path / f"full-{len(list(tmp_path.iterdir()))}"
    tree.extract(repo.bare, entries, dest)
    return snapshot(dest)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path)
    write(r.clone, "data/campaigns/r1.yml", "id: r1\n")
    write(r.clone, "data/campaigns/r1/报名 表.txt", "报名表\n")
    write(r.clone, "data/campaigns/r1/旧表/说明.txt", "旧表\n")
    write(r.clone, "data/campaigns/r1/附件", "附件\n")
    write(r.clone, "data/candidates/r1.yml", "candidates: []\n")
    write(r.clone, "site_src/about.md", "关于\n")
    write(r.clone, "mkdocs.yml", "site_name: x\n")  # outside data/ and site_src/: never extracted
    return r


def test_a_new_commit_rewrites_only_what_it_changed_and_the_tree_is_a_full_extractions(
    repo: Repo, tmp_path: Path
) -> None:
    src, manifest = tmp_path / "work" / "src", tmp_path / "work" / "src.json"
    first = repo.commit("第一版")
    done = extracted.refresh(repo.bare, first, src, manifest)
    assert (done.whole, done.written, done.removed) == (True, 6, 0)
    assert snapshot(src) == full(repo, first, tmp_path)
    assert not (src / "mkdocs.yml").exists()
    inode = {p: (src / p).stat().st_ino for p in ("data/candidates/r1.yml", "site_src/about.md")}

    write(repo.clone, "data/campaigns/r1.yml", "id: r1\nnotice: 更正\n")  # edited
    (repo.clone / "data/campaigns/r1/旧表/说明.txt").unlink()  # its folder goes too
    (repo.clone / "data/campaigns/r1/旧表").rmdir()
    (repo.clone / "data/campaigns/r1/附件").unlink()
    write(repo.clone, "data/campaigns/r1/附件/一.txt", "一\n")  # a file's name is now a folder's
    write(repo.clone, "data/campaigns/r1/旧表", "旧表是文件了\n")  # and a folder's a file's
    write(repo.clone, "site_src/new.md", "新\n")
    second = repo.commit("更正")
    done = extracted.refresh(repo.bare, second, src, manifest)
    assert (done.whole, done.written, done.removed) == (False, 4, 3)
    assert snapshot(src) == full(repo, second, tmp_path)
    assert {p: (src / p).stat().st_ino for p in inode} == inode

    # Nothing changed (the daily rebuild): nothing written, nothing removed.
    done = extracted.refresh(repo.bare, second, src, manifest)
    assert (done.whole, done.written, done.removed) == (False, 0, 0)
    # Back to the first commit (a rollback's rebuild, a revert).
    done = extracted.refresh(repo.bare, first, src, manifest)
    assert not done.whole
    assert snapshot(src) == full(repo, first, tmp_path)


def _edited_in_place(src: Path) -> None:
    path = src / "data/candidates/r1.yml"
    path.write_text("candidates: [1]", encoding="utf-8")  # the same size, another content


def _touched(src: Path) -> None:
    os.utime(src / "site_src/about.md", ns=(1, 1))


def _added(src: Path) -> None:
    write(src, "data/campaigns/r1/多余.txt", "多余\n")


def _replaced(src: Path) -> None:
    path = src / "data/candidates/r1.yml"
    text = path.read_bytes()
    path.unlink()
    path.write_bytes(text)  # the same bytes in a new file: the manifest cannot vouch for it


def _linked(src: Path) -> None:
    (src / "data/campaigns/r1.yml").unlink()
    (src / "data/campaigns/r1.yml").symlink_to("/etc/passwd")


def _empty_folder(src: Path) -> None:
    (src / "data/空").mkdir()


def _removed(src: Path) -> None:
    (src / "site_src/about.md").unlink()


def _no_manifest(src: Path) -> None:
    (src.parent / "src.json").unlink()


def _bad_manifest(src: Path) -> None:
    (src.parent / "src.json").write_text('{"version": 1, "files": [1]}', encoding="utf-8")


def _manifest_with_less(src: Path) -> None:
    manifest = src.parent / "src.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    del data["files"]["site_src/about.md"]
    manifest.write_text(json.dumps(data), encoding="utf-8")


def _tree_is_a_file(src: Path) -> None:
    import shutil

    shutil.rmtree(src)
    src.write_text("x", encoding="utf-8")


@pytest.mark.parametrize("change", [
    _edited_in_place, _touched, _added, _replaced, _linked, _empty_folder, _removed,
    _no_manifest, _bad_manifest, _manifest_with_less, _tree_is_a_file,
])
def test_a_kept_tree_that_is_not_what_its_manifest_says_is_extracted_whole(
    repo: Repo, tmp_path: Path, change
) -> None:
    src, manifest = tmp_path / "work" / "src", tmp_path / "work" / "src.json"
    first = repo.commit("第一版")
    extracted.refresh(repo.bare, first, src, manifest)
    change(src)
    done = extracted.refresh(repo.bare, first, src, manifest)
    assert done.whole and done.written == 6
    assert snapshot(src) == full(repo, first, tmp_path)
    assert not (src.parent / "passwd").exists()
    # And it is trusted again.
    assert not extracted.refresh(repo.bare, first, src, manifest).whole


def test_an_interrupted_update_is_never_trusted(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, manifest = tmp_path / "work" / "src", tmp_path / "work" / "src.json"
    first = repo.commit("第一版")
    extracted.refresh(repo.bare, first, src, manifest)
    write(repo.clone, "data/campaigns/r1.yml", "id: r1\nnotice: 更正\n")
    write(repo.clone, "data/campaigns/r1/新表.txt", "新表\n")
    second = repo.commit("更正")

    real = tree.extract

    def killed(repo_dir: Path, entries: list[tree.Entry], dest: Path) -> None:
        real(repo_dir, entries[:1], dest)
        raise KeyboardInterrupt  # as a kill between two files leaves it

    monkeypatch.setattr(tree, "extract", killed)
    with pytest.raises(KeyboardInterrupt):
        extracted.refresh(repo.bare, second, src, manifest)
    assert not manifest.exists()
    monkeypatch.setattr(tree, "extract", real)
    done = extracted.refresh(repo.bare, second, src, manifest)
    assert done.whole
    assert snapshot(src) == full(repo, second, tmp_path)


def test_a_tree_naming_a_path_twice_is_refused_before_anything_is_changed(
    repo: Repo, tmp_path: Path
) -> None:
    src, manifest = tmp_path / "work" / "src", tmp_path / "work" / "src.json"
    first = repo.commit("第一版")
    extracted.refresh(repo.bare, first, src, manifest)
    before = (snapshot(src), manifest.read_bytes())
    twice = [*first, next(e for e in first if e.path == "site_src/about.md")]
    with pytest.raises(ServerError, match=tree.DUPLICATE_MESSAGE):
        extracted.refresh(repo.bare, twice, src, manifest)
    assert (snapshot(src), manifest.read_bytes()) == before
