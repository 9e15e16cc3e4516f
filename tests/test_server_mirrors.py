"""More than one web server: `gongshi server init … --mirror`, real `git push`, and two "hosts"
(two directories, each served by its own real nginx with unprivileged workers on loopback).

Every release is copied to every mirror (rsync, the command deploy/README.md documents) before
any `current` switches; a copy that fails leaves every host on the old release; `server sync`
brings the mirrors up to date; a rollback switches them all. The remote form (host:/path) runs
the same commands through ssh, which this machine has no server for.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_server import (
    GONGSHI,
    ROUND,
    URL,
    clean_env,
    commit_all,
    edit,
    fetch,
    git,
    hr_clone,
    run,
)

from harness.nginx import serve as nginx_serve

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "roster" / "data"
REPO = Path(__file__).resolve().parent.parent


def release_of(root: Path) -> tuple[str, str]:
    """(the release `current` points to, the commit its description names)."""
    meta = json.loads((root / "current" / ".gongshi-release.json").read_text(encoding="utf-8"))
    return os.readlink(root / "current"), str(meta["commit"])


@pytest.fixture
def hosts(www_path: Path, tmp_path: Path):
    srv, web1, web2 = www_path / "srv", www_path / "web1", www_path / "web2"
    for d in (web1, web2):
        d.mkdir()
        os.chmod(d, 0o755)
    done = run(*GONGSHI, "server", "init", str(srv), "--site-url", URL, "--keep", "2",
               "--mirror", str(web1), "--mirror", str(web2), cwd=www_path, env=clean_env())
    assert done.returncode == 0
    clone = tmp_path / "portal"
    hr_clone(srv, clone)
    with nginx_serve(web1 / "current", tmp_path / "nginx1") as base1, \
            nginx_serve(web2 / "current", tmp_path / "nginx2") as base2:
        yield srv, clone, [(web1, base1), (web2, base2)]


def test_every_release_reaches_every_host_before_any_switches(hosts) -> None:
    srv, clone, webs = hosts
    sha = commit_all(clone, "第一轮通知")
    pushed = git(clone, "push", "-q", "origin", "HEAD:main")
    assert "已发布：" in pushed.stderr, pushed.stderr
    live = release_of(srv)
    assert live[1] == sha
    for web, base in webs:
        assert release_of(web) == live  # the same release name, complete, on each host
        status, page = fetch(base, f"campaigns/{ROUND}/")
        assert status == 200 and "关于开展2026年测试市拔尖人才推荐工作的通知" in page
        assert [p.name for p in (web / "releases").iterdir() if p.name.startswith(".")] == []
        mode = (web / "current" / "index.html").stat().st_mode & 0o777
        assert mode == 0o644  # readable by nginx's www-data workers, as on the build host

    # web2 cannot take the next release (its releases/ is not a directory): the copy fails
    # before anything switched, so every host, the build host too, keeps serving the old one.
    campaign = clone / "data" / "campaigns" / f"{ROUND}.yml"
    edit(campaign, "现就推荐工作通知如下。", "现就推荐工作通知如下（更正）。")
    second = commit_all(clone, "更正")
    web2 = webs[1][0]
    (web2 / "releases").rename(web2 / "releases.real")
    (web2 / "releases").write_text("not a directory", encoding="utf-8")
    refused = git(clone, "push", "origin", "HEAD:main", check=False)
    assert "发布失败，所有服务器保持原样" in refused.stderr and str(web2) in refused.stderr
    assert release_of(srv) == live
    for _web, base in webs:
        assert "（更正）" not in fetch(base, f"campaigns/{ROUND}/")[1]
    assert release_of(webs[0][0]) == live
    status = run(*GONGSHI, "server", "status", str(srv), cwd=srv, env=clean_env()).stdout
    assert "最近一次失败：" in status and str(web2) in status

    # Repaired: the next push publishes everywhere.
    (web2 / "releases").unlink()
    (web2 / "releases.real").rename(web2 / "releases")
    edit(campaign, "（更正）", "（再次更正）")
    third = commit_all(clone, "再次更正")
    git(clone, "push", "-q", "origin", "HEAD:main")
    newest = release_of(srv)
    assert newest[1] == third != second
    for web, base in webs:
        assert release_of(web) == newest
        assert "（再次更正）" in fetch(base, f"campaigns/{ROUND}/")[1]

    # A rollback switches every host; `server sync` re-copies what a host lost.
    run(*GONGSHI, "server", "rollback", str(srv), cwd=srv, env=clean_env())
    for web, base in webs:
        assert release_of(web) == release_of(srv) == live
        assert "（再次更正）" not in fetch(base, f"campaigns/{ROUND}/")[1]
    shutil.rmtree(webs[0][0] / "releases")
    (webs[0][0] / "current").unlink()
    synced = run(*GONGSHI, "server", "sync", str(srv), cwd=srv, env=clean_env())
    assert "已复制并切换到" in synced.stderr
    assert release_of(webs[0][0]) == live
    assert fetch(webs[0][1], f"campaigns/{ROUND}/")[0] == 200
    # --keep 2 holds on the mirrors too (the live one always stays).
    for web, _ in webs:
        kept = {p.name for p in (web / "releases").iterdir()}
        assert kept <= {p.name for p in (srv / "releases").iterdir()}


def test_a_mirror_must_be_an_absolute_path(www_path: Path) -> None:
    bad = run(*GONGSHI, "server", "init", str(www_path / "srv2"), "--site-url", URL,
              "--mirror", "web1", cwd=www_path, env=clean_env(), check=False)
    assert bad.returncode == 1 and "--mirror 应为绝对路径或 主机:/绝对路径" in bad.stderr
