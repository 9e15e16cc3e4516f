"""Releases that keep serving what open pages still ask for, pruned by reference.

A real server directory (`gongshi server init`), real `git push` (the real hooks build each
release in the build step, from the live release: builder.files.reuse), the timer's `rebuild`,
`rollback`. Each release must serve, beside its own, the search files and scripts of every
release live in the last N days (`--retain-days`), only those that release built itself, never
one whose commit was taken off the branch; pruning never deletes a release of the window, and
nothing depends on a file's modification time. (A tab that searches across two releases, in
Chromium through nginx: tests/test_stale_tab.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from test_server import (
    GONGSHI,
    PUBLICITY_STARTS,
    ROUND,
    URL,
    clean_env,
    commit_all,
    edit,
    hr_clone,
    run,
)
from test_server import git as hr_git

from builder.files.retain import Gathering, move_gathered, own_files, retain
from builder.files.reuse import RECORD, site_files
from builder.model.clock import SHANGHAI
from builder.render.search.files import MANIFEST
from builder.server.window import in_window, switch_times

PEOPLE = f"candidates/{ROUND}.yml"


def push(clone: Path, message: str) -> None:
    commit_all(clone, message)
    pushed = hr_git(clone, "push", "-q", "origin", "HEAD:main", today=PUBLICITY_STARTS)
    assert "已发布：" in pushed.stderr, pushed.stderr


def server(srv: Path, *args: str) -> str:
    done = run(*GONGSHI, "server", *args, cwd=srv, env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS))
    return done.stdout + done.stderr


def live_name(srv: Path) -> str:
    return os.readlink(srv / "current").removeprefix("releases/")


def search_dir(release: Path) -> str:
    """The release's own search folder (search/d.<hash>/), as its manifest names it."""
    return "search/" + json.loads((release / MANIFEST).read_text(encoding="utf-8"))["dir"]


def has_own(site: Path, release: Path) -> bool:
    """`site` serves every file `release` built under assets/ and search/, with its bytes (the
    search manifest of their common format aside: each release has its own)."""
    own = [rel for rel in own_files(release) if rel.removesuffix(".gz") != MANIFEST]
    return bool(own) and all(
        (site / rel).is_file() and (site / rel).read_bytes() == (release / rel).read_bytes()
        for rel in own
    )


def test_an_earlier_formats_manifest_is_carried_and_the_own_one_kept(tmp_path: Path) -> None:
    """After an upgrade that changed the search format, a page loaded just before the switch
    runs the old script, which asks for the old format's manifest: the new release carries the
    last one built (and the folder it names), and never replaces its own manifest."""
    old, new = tmp_path / "old", tmp_path / "new"
    files = {
        old: {"search/index-v2.json": b'{"dir": "d.aaaaaaaaaaaa/"}', "search/index-v2.json.gz": b"gz2",
              "search/index-v3.json": b"v3 of old", "search/d.aaaaaaaaaaaa/t0.json": b"{}",
              "about/index.html": b"page", "logo.png": b"png"},
        new: {"search/index-v3.json": b"v3 of new", "search/d.bbbbbbbbbbbb/t0.json": b"{}"},
    }
    for site, made in files.items():
        for rel, body in made.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(body)
    added = retain(new, [old])
    assert sorted(added) == ["search/d.aaaaaaaaaaaa/t0.json", "search/index-v2.json",
                             "search/index-v2.json.gz"]
    assert (new / "search/index-v2.json").read_bytes() == b'{"dir": "d.aaaaaaaaaaaa/"}'
    assert (new / "search/index-v3.json").read_bytes() == b"v3 of new"
    assert not (new / "about").exists() and not (new / "logo.png").exists()


def test_files_gathered_while_a_release_is_built_are_what_retain_adds(tmp_path: Path) -> None:
    """The server links what a new release carries while the release is built (Gathering),
    then moves it in: the same files as `retain` adds afterwards, the same links (no copy), and
    a file or manifest the new release has itself stays its own."""
    releases = {
        "old": {"search/index-v2.json": b"v2", "search/index-v3.json": b"v3 old",
                "search/d.aaaaaaaaaaaa/t0.json": b"a0", "search/d.aaaaaaaaaaaa/t1.json": b"a1",
                "search/d.cccccccccccc/t0.json": b"c0", "assets/x.0123456789.js": b"x",
                "about/index.html": b"page"},
        "older": {"search/d.aaaaaaaaaaaa/t0.json": b"a0", "search/d.dddddddddddd/t0.json": b"d0",
                  "assets/x.0123456789.js": b"x", "assets/y.9876543210.js": b"y"},
    }
    new = {"search/index-v3.json": b"v3 new", "search/d.cccccccccccc/t0.json": b"c0",
           "search/d.bbbbbbbbbbbb/t0.json": b"b0", "assets/x.0123456789.js": b"x"}

    def write(site: Path, made: dict[str, bytes]) -> None:
        for rel, body in made.items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_bytes(body)

    for name, made in releases.items():
        write(tmp_path / name, made)
    earlier = [tmp_path / "old", tmp_path / "older"]
    after, ahead = tmp_path / "after", tmp_path / "ahead"
    write(after, new)
    write(ahead, new)
    expected = retain(after, earlier)
    gathering = Gathering(tmp_path / "work" / "files", earlier)
    assert gathering.done()
    moved = move_gathered(tmp_path / "work" / "files", ahead)
    assert moved is not None and sorted(moved) == sorted(expected)
    assert "search/d.dddddddddddd/t0.json" in moved and "search/d.aaaaaaaaaaaa/t1.json" in moved
    assert site_files(ahead) == site_files(after)
    for rel in site_files(after):
        assert (ahead / rel).read_bytes() == (after / rel).read_bytes(), rel
        assert (ahead / rel).stat().st_ino == (after / rel).stat().st_ino or rel in new, rel
    assert (ahead / "search/index-v3.json").read_bytes() == b"v3 new"
    assert list((tmp_path / "work").iterdir()) == []
    # A gathering that did not finish moves nothing.
    assert move_gathered(tmp_path / "work" / "files", ahead) is None


def test_the_window_is_every_release_live_since_its_start() -> None:
    t = dt.datetime(2026, 5, 1, 12, tzinfo=SHANGHAI)
    log = [
        {"event": "live", "release": "a", "time": (t - dt.timedelta(days=9)).isoformat()},
        {"event": "failure", "release": "x", "time": (t - dt.timedelta(days=8)).isoformat()},
        {"event": "live", "release": "b", "time": (t - dt.timedelta(days=8)).isoformat()},
        {"event": "rollback", "release": "a", "time": (t - dt.timedelta(days=3)).isoformat()},
        {"event": "live", "release": "c", "time": (t - dt.timedelta(days=1)).isoformat()},
    ]
    built = {"a": (t - dt.timedelta(days=9)).isoformat(), "b": "", "c": "garbled", "d": "x"}
    switches = switch_times(log, built)
    # b was live when the window of 7 days began; a was live again later; d never was.
    assert in_window(switches, "c", t - dt.timedelta(days=7)) == {"a", "b", "c"}
    assert in_window(switches, "c", t - dt.timedelta(days=2)) == {"a", "c"}
    assert in_window(switches, "c", t) == {"c"}
    # A release known only by its build time (no log) counts from then.
    assert in_window(switch_times([], {"a": log[0]["time"], "b": log[2]["time"]}), None,
                     t - dt.timedelta(days=7)) == {"b"}


def test_releases_carry_the_window_and_prune_by_reference(www_path: Path, tmp_path: Path) -> None:
    srv = www_path / "srv"
    server(www_path, "init", str(srv), "--site-url", URL, "--keep", "1")
    clone = tmp_path / "portal"
    hr_clone(srv, clone)
    releases = srv / "releases"

    push(clone, "第一轮名单")
    a = releases / live_name(srv)
    # Modification times play no part: the oldest files are kept as long as referenced.
    for rel in site_files(a):
        os.utime(a / rel, (0, 0))
    edit(clone / "data" / PEOPLE, "name: 欧阳明\n", "name: 欧阳鸣\n")
    push(clone, "更正姓名")
    b = releases / live_name(srv)
    assert search_dir(a) != search_dir(b)
    # The server builds from the live release: an unchanged page is the same file on disk.
    assert os.path.samefile(a / "about" / "index.html", b / "about" / "index.html")
    assert (b / RECORD).is_file() and has_own(b, a)
    # Carried as hard links: one file on disk for all releases.
    carried = [rel for rel in own_files(a) if rel.startswith(search_dir(a))]
    assert carried and all(os.path.samefile(b / rel, a / rel) for rel in carried)
    # ...linked while b was built (pre-receive), moved in before the switch.
    live = [json.loads(line) for line in (srv / "publish.log").read_text().splitlines()][-1]
    assert live["release"] == b.name and live["carried_ahead"] is True
    assert live["carried"] >= len(carried)
    # --keep 1, but a was live within the window: not pruned.
    assert sorted(p.name for p in releases.iterdir()) == sorted(r.name for r in (a, b))
    status = server(srv, "status", str(srv))
    assert "最近 7 天上线过的版本（其检索文件和脚本仍随当前版本提供" in status
    assert all(r.name in status for r in (a, b))

    # A rollback makes the first release live again, serving what pages of b ask for; its own
    # files stay its own.
    own_a = set(own_files(a))
    assert "已撤回到" in server(srv, "rollback", str(srv), a.name)
    assert has_own(a, b) and set(own_files(a)) == own_a
    assert any(rel.startswith(search_dir(a)) for rel in own_a)

    # Data published by mistake, with a window of no days: the release carries only what the
    # live one (a) built itself, not what a carried for b; b goes.
    good = run("git", "--git-dir", str(srv / "repo.git"), "rev-parse", "main", cwd=srv).stdout
    of_b = search_dir(b)
    server(www_path, "init", str(srv), "--site-url", URL, "--keep", "1", "--retain-days", "0")
    edit(clone / "data" / PEOPLE, "name: 李四\n", "name: 李思\n")
    push(clone, "误发")
    f = releases / live_name(srv)
    mistaken = search_dir(f)
    assert has_own(f, a) and not (f / of_b).exists() and mistaken != of_b
    assert sorted(p.name for p in releases.iterdir()) == sorted(r.name for r in (a, f))
    # Every file f's pages and manifest name is there.
    manifest = json.loads((f / MANIFEST).read_text(encoding="utf-8"))
    assert (f / "search" / manifest["dir"]).is_dir()

    # The administrator takes its commit off the branch; the next run (a window of 7 days
    # again) serves none of that release's search files, and the release itself goes.
    server(www_path, "init", str(srv), "--site-url", URL, "--keep", "1")
    run("git", "--git-dir", str(srv / "repo.git"), "update-ref", "refs/heads/main", good.strip(),
        cwd=srv)
    assert "已发布：" in server(srv, "rebuild", str(srv))
    g = releases / live_name(srv)
    assert not (g / mistaken).exists() and not f.exists()
    assert search_dir(g) == of_b and has_own(g, a)
    log = [json.loads(line) for line in (srv / "publish.log").read_text().splitlines()]
    assert log[-1]["event"] == "live" and f.name not in log[-1]["window"]
    # The timer's build gathered them too, for the window without f.
    assert log[-1]["carried_ahead"] is True
