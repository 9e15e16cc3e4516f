"""Every way of building is safe to serve: world-readable output, atomic swaps, the site address.

`gongshi build` and a plain `mkdocs build` run as HR staff and servers run them (subprocesses,
a restrictive umask); the swap itself is checked on real directories.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, config_with_docs, copy_data
from helpers import snapshot

from builder.files import atomicfs

GONGSHI = [sys.executable, "-m", "builder.cli"]
MKDOCS = [sys.executable, "-m", "mkdocs"]
URL = "https://gongshi.rsj.example.gov.cn/"
LOCALHOST_WARNING = "网站地址 site_url 仍是「http://127.0.0.1:8000/」"


def project(tmp: Path, *, docs: Path | None = None) -> Path:
    """A project directory like an HR checkout: mkdocs.yml, data/ and site_src/ side by side."""
    copy_data(tmp)
    if docs is None:
        docs = tmp / "site_src"
        shutil.copytree(REPO / "site_src", docs)
    return config_with_docs(tmp, docs)


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in ("GONGSHI_TODAY", "GONGSHI_SITE_URL")}
    return {**out, "NO_MKDOCS_2_WARNING": "1", **extra}


def old_site(parent: Path) -> tuple[Path, dict[str, str]]:
    site = parent / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("<p>上一次发布的网站</p>", encoding="utf-8")
    (site / "old" / "page.html").write_text("old", encoding="utf-8")
    return site, snapshot(site)


def test_gongshi_build_is_world_readable_under_umask_077_and_uses_the_site_url(
    tmp_path: Path,
) -> None:
    cfg = project(tmp_path)
    form = next((tmp_path / "data" / "campaigns").rglob("*.docx"))
    form.chmod(0o600)  # a form saved by an editor with private permissions
    done = subprocess.run(
        [*GONGSHI, "build", "-f", str(cfg)], cwd=tmp_path, env=env(GONGSHI_SITE_URL=URL.rstrip("/")),
        capture_output=True, text=True, preexec_fn=lambda: os.umask(0o077),
    )
    assert done.returncode == 0, done.stderr
    assert "site_url 仍是" not in done.stderr
    site = tmp_path / "site"
    modes = {p.relative_to(site).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [site, *site.rglob("*")]}
    wrong = {path: f"{mode:o}" for path, mode in modes.items()
             if mode != (0o755 if (site / path).is_dir() else 0o644)}
    assert wrong == {}
    assert any(p.endswith(".docx") for p in modes)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    # The address given at setup is what the feed, the calendar, the sitemap and canonical
    # links use; localhost appears in none of them.
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    ics = (site / "deadlines.ics").read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert f'href="{URL}' in feed and f"<id>{URL}" in feed
    assert re.search(r"^UID:\S+\.gongshi\.rsj\.example\.gov\.cn\r?$", ics, re.M), "UIDs name the site host"
    assert f"<loc>{URL}about/</loc>" in sitemap
    assert f'<link rel="canonical" href="{URL}about/">' in about
    for text in (feed, ics, sitemap, about):
        assert "127.0.0.1" not in text


def test_a_bad_site_url_is_a_clear_error(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    site, before = old_site(tmp_path)
    done = subprocess.run(
        [*GONGSHI, "build", "-f", str(cfg)], cwd=tmp_path,
        env=env(GONGSHI_SITE_URL="rsj.example.gov.cn"), capture_output=True, text=True,
    )
    assert done.returncode == 1
    assert "环境变量 GONGSHI_SITE_URL 应为网站根目录的完整地址" in done.stderr
    assert "「rsj.example.gov.cn」" in done.stderr
    assert snapshot(site) == before
    done = subprocess.run(
        [*GONGSHI, "build", "-f", str(cfg)], cwd=tmp_path,
        env=env(GONGSHI_SITE_URL="https://rsj.example.gov.cn/gongshi/"), capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "（不带路径），而不是「https://rsj.example.gov.cn/gongshi/」" in done.stderr
    assert snapshot(site) == before


def test_a_failed_plain_mkdocs_build_leaves_the_site_byte_identical(tmp_path: Path) -> None:
    """An ID number in a hand-written page fails the output check after everything was written;
    the previous site stays as it was, and the production build warned about localhost."""
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n联系人身份证：110105 19800101 0016\n",
                     encoding="utf-8")
    cfg = project(tmp_path, docs=docs)
    site, before = old_site(tmp_path)
    done = subprocess.run([*MKDOCS, "build", "-f", str(cfg), "-d", str(site)], cwd=tmp_path,
                          env=env(), capture_output=True, text=True)
    assert done.returncode != 0
    assert "身份证号（110*************16）" in done.stderr
    assert LOCALHOST_WARNING in done.stderr and "GONGSHI_SITE_URL" in done.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_strict_mkdocs_build_stopped_by_a_warning_leaves_the_site_byte_identical(
    tmp_path: Path,
) -> None:
    # MkDocs aborts a strict build only after the last plugin hook: the swap must wait for it.
    cfg = project(tmp_path)
    (tmp_path / "data" / "campaigns" / "2026-shili-jishu-daitouren" / "草稿.docx").write_bytes(b"x")
    site, before = old_site(tmp_path)
    done = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(cfg), "-d", str(site)], cwd=tmp_path,
        env=env(GONGSHI_TODAY="2026-11-18"), capture_output=True, text=True,
    )
    assert done.returncode != 0
    assert "草稿.docx" in (done.stdout + done.stderr)
    assert "strict mode" in (done.stdout + done.stderr)
    assert LOCALHOST_WARNING not in done.stderr, "a build of a given day is a preview"
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    ok = subprocess.run(
        [*MKDOCS, "build", "-f", str(cfg), "-d", str(site)], cwd=tmp_path,
        env=env(GONGSHI_TODAY="2026-11-18"), capture_output=True, text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert (site / "feed.xml").is_file() and not (site / "old").exists()


def tree(root: Path, marker: str) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text(marker, encoding="utf-8")
    (root / "sub" / "a.html").write_text(marker, encoding="utf-8")
    return root


def test_the_swap_exchanges_in_one_step_without_a_moment_without_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new, target = tree(tmp_path / "new", "new"), tree(tmp_path / "site", "old")
    inode = target.stat().st_ino
    assert atomicfs.exchange(new, target), "renameat2(RENAME_EXCHANGE) works on Linux"
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert (new / "index.html").read_text(encoding="utf-8") == "old"
    assert new.stat().st_ino == inode
    # replace_dir never renames the live site away when the kernel can exchange.
    newer = tree(tmp_path / "newer", "newer")

    def no_rename(self: Path, dst: object) -> Path:
        raise AssertionError(f"renamed {self} → {dst}: the site would be missing meanwhile")

    monkeypatch.setattr(Path, "rename", no_rename)
    atomicfs.replace_dir(newer, target)
    assert (target / "sub" / "a.html").read_text(encoding="utf-8") == "newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "site"]


def test_without_renameat2_the_swap_falls_back_to_two_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomicfs, "_RENAMEAT2", None)
    new, target = tree(tmp_path / "new", "new"), tree(tmp_path / "site", "old")
    assert atomicfs.exchange(new, target) is False
    atomicfs.replace_dir(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_symlink_is_switched_by_renaming_a_new_one_over_it(tmp_path: Path) -> None:
    tree(tmp_path / "a", "a")
    tree(tmp_path / "b", "b")
    link = tmp_path / "current"
    atomicfs.switch_symlink(link, "a")
    inode_dir = os.lstat(link).st_ino
    atomicfs.switch_symlink(link, "b")
    assert os.readlink(link) == "b" and os.lstat(link).st_ino != inode_dir
    assert (link / "index.html").read_text(encoding="utf-8") == "b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "current"]


def test_the_tests_nginx_runs_its_workers_unprivileged_and_serves_a_built_site(
    tmp_path: Path, www_path: Path
) -> None:
    """As Debian's nginx does: a master started as root, workers as www-data (or nobody), so a
    site its workers cannot read answers 403 here exactly as it would live."""
    import pwd
    import urllib.error
    import urllib.request

    from harness.nginx import serve as nginx_serve
    from harness.nginx import worker_user as nginx_worker_user

    site = www_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<p>首页</p>", encoding="utf-8")
    (site / "sub" / "index.html").write_text("<p>子页</p>", encoding="utf-8")
    atomicfs.make_world_readable(site)
    with nginx_serve(site, tmp_path / "nginx") as base:
        master = int((tmp_path / "nginx" / "nginx.pid").read_text())
        workers = [
            int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()
            and (p / "stat").is_file()
            and int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master
        ]
        assert workers, "nginx has no worker processes"
        expected = pwd.getpwnam(nginx_worker_user().split()[0]).pw_uid if os.geteuid() == 0 \
            else os.geteuid()
        for pid in workers:
            uids = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                        if line.startswith("Uid:"))
            assert int(uids.split()[1]) == expected
            assert os.geteuid() != 0 or expected != 0
        with urllib.request.urlopen(base + "sub/") as r:
            assert r.status == 200 and "子页" in r.read().decode("utf-8")
        if os.geteuid() != 0:
            return  # the workers are this user: every file of the test is theirs
        (site / "sub" / "index.html").chmod(0o600)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "sub/")
        assert refused.value.code == 403
