"""Publishing as a bureau runs it: `gongshi server init`, real `git push` to the bare repository
(so the real hooks run), releases switched under `current`, served by real nginx whose workers
run unprivileged. A tiny data set (the roster fixture's one round) keeps each build short.

`test_the_life_of_a_server` runs its steps in order on one server directory, as its life goes
(each step needs the state the previous ones left): first push (two commits of past days: the
forms' dates), a refused push, another branch, the timer on the day a list goes public, two
quick pushes, a kill -9 mid-build, rollbacks, pruning, a failure after acceptance.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO

from harness.nginx import serve as nginx_serve

ROUND = "2026-roster-fixture"
FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
URL = "https://gongshi.example.gov.cn/"
GONGSHI = [sys.executable, "-m", "builder.cli"]
BEFORE_PUBLICITY = "2026-05-08"
PUBLICITY_STARTS = "2026-05-11"

def run(*args: str, cwd: Path, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGSHI_", "GIT_"))}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "GIT_AUTHOR_NAME": "王人事",
            "GIT_AUTHOR_EMAIL": "hr@example.gov.cn", "GIT_COMMITTER_NAME": "王人事",
            "GIT_COMMITTER_EMAIL": "hr@example.gov.cn", **extra}


def git(clone: Path, *args: str, today: str = BEFORE_PUBLICITY, check: bool = True):
    return run("git", *args, cwd=clone, env=clean_env(GONGSHI_TODAY=today), check=check)


def commit_all(clone: Path, message: str) -> str:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)
    return git(clone, "rev-parse", "HEAD").stdout.strip()


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def live(srv: Path) -> dict[str, object]:
    return json.loads((srv / "current" / ".gongshi-release.json").read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def hr_clone(srv: Path, clone: Path) -> Path:
    """HR staff's clone of the server's repository with the portal's project in it (its pages,
    theme and configuration, and the one-round data set), not yet committed."""
    run("git", "clone", "-q", str(srv / "repo.git"), str(clone), cwd=clone.parent, env=clean_env())
    for name in ("site_src", "theme_overrides"):
        shutil.copytree(REPO / name, clone / name)
    shutil.copytree(FIXTURE, clone / "data")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (clone / "mkdocs.yml").write_text(config.replace("  - builder/render/templates\n", ""),
                                      encoding="utf-8")
    return clone


@pytest.fixture(scope="module")
def world(www_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """(server dir, HR's clone, nginx base URL): a server set up as deploy/README.md says."""
    srv = www_root / "srv"
    done = run(*GONGSHI, "server", "init", str(srv), "--site-url", URL, "--keep", "3",
               "--retain-days", "0",
               cwd=www_root, env=clean_env())
    assert "服务器目录已就绪" in done.stdout
    work = tmp_path_factory.mktemp("hr")
    clone = work / "portal"
    hr_clone(srv, clone)
    with nginx_serve(srv / "current", tmp_path_factory.mktemp("nginx")) as base:
        yield srv, clone, base


def test_init_is_idempotent_and_refuses_a_directory_holding_something_else(
    world, tmp_path: Path
) -> None:
    srv, _, _ = world
    again = run(*GONGSHI, "server", "init", str(srv), "--site-url", URL, "--keep", "3",
               "--retain-days", "0",
                cwd=tmp_path, env=clean_env())
    assert again.returncode == 0
    hook = (srv / "repo.git" / "hooks" / "pre-receive").read_text(encoding="utf-8")
    assert sys.executable in hook and str(srv) in hook
    nginx = (srv / "etc" / "gongshi-nginx.conf").read_text(encoding="utf-8")
    assert f"root {srv / 'current'};" in nginx and "server_name gongshi.example.gov.cn;" in nginx
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x", encoding="utf-8")
    refused = run(*GONGSHI, "server", "init", str(other), "--site-url", URL, cwd=tmp_path,
                  env=clean_env(), check=False)
    assert refused.returncode == 1
    assert "中已有别的内容（notes.txt），不是公示门户的服务器目录" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]
    bad = run(*GONGSHI, "server", "init", str(tmp_path / "new"), "--site-url", "gongshi.gov.cn",
              cwd=tmp_path, env=clean_env(), check=False)
    assert bad.returncode == 1 and "--site-url 应为网站根目录的完整地址" in bad.stderr


def form_dates(page: str) -> dict[str, str]:
    """{form file: the day its 「更新于」 says} of a round's page."""
    found = dict(re.findall(r'class="gs-form__meta">([^ <]+) · [^<]*更新于 <time datetime="([^"]+)">',
                            page))
    assert found, "the page lists no forms"
    return found


FIRST_DAY, SECOND_DAY = "2026-03-01", "2026-03-20"
FORM_DATES = {"报名表.txt": FIRST_DAY, "推荐表.txt": SECOND_DAY}
"""The first push's two commits are of these days, the second changing 推荐表.txt only: as in a
checkout, each form says it was updated on the day of its last commit (not the day the server
extracted it), on every later build too."""


def commit_on(clone: Path, day: str, message: str) -> str:
    when = f"{day}T10:00:00+08:00"
    git(clone, "add", "-A")
    run("git", "commit", "-q", "-m", message, cwd=clone,
        env=clean_env(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when))
    return git(clone, "rev-parse", "HEAD").stdout.strip()


def a_good_push_goes_live_with_the_site_address(world) -> None:
    srv, clone, base = world
    forms = clone / "data" / "campaigns" / ROUND
    forms.mkdir()
    (forms / "报名表.txt").write_text("报名表\n姓名：\n", encoding="utf-8")
    (forms / "推荐表.txt").write_text("推荐表\n单位：\n", encoding="utf-8")
    campaign = clone / "data" / "campaigns" / f"{ROUND}.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8") + "forms:\n"
                        + "".join(f"  - {{title: {n[:3]}, file: {n}}}\n" for n in FORM_DATES),
                        encoding="utf-8")
    commit_on(clone, FIRST_DAY, "第一轮通知")
    edit(forms / "推荐表.txt", "单位：", "推荐单位：")
    sha = commit_on(clone, SECOND_DAY, "推荐表改一个字")
    pushed = git(clone, "push", "-q", "origin", "HEAD:main")
    assert "已发布：" in pushed.stderr
    assert live(srv)["commit"] == sha and live(srv)["build_date"] == BEFORE_PUBLICITY
    # HR staff read each warning once, in Chinese, while the push is checked: the check is the
    # production build itself (it warns of the missing data/site.yml), before the push is
    # accepted; making its release live afterwards repeats none.
    checked, _, published = pushed.stderr.partition(f"正在发布提交 {sha[:7]}")
    assert published, pushed.stderr
    assert checked.count("data/site.yml:1:1: 警告：缺少网站标识文件") == 1, pushed.stderr
    assert "警告" not in published and "WARNING" not in pushed.stderr, pushed.stderr
    status, page = fetch(base, f"campaigns/{ROUND}/")
    assert status == 200 and "关于开展2026年测试市拔尖人才推荐工作的通知" in page
    assert f'<link rel="canonical" href="{URL}campaigns/{ROUND}/">' in page
    assert form_dates(page) == FORM_DATES
    # The list is committed ahead of its publicity period: not public yet.
    assert fetch(base, f"campaigns/{ROUND}/gongshi/")[0] == 404
    target = os.readlink(srv / "current")
    assert target.startswith("releases/") and target.endswith(sha[:7])


def a_push_with_data_errors_is_refused_with_the_messages_and_the_site_unchanged(
    world,
) -> None:
    srv, clone, base = world
    before = (os.readlink(srv / "current"), fetch(base, f"campaigns/{ROUND}/"))
    people = clone / "data" / "candidates" / f"{ROUND}.yml"
    edit(people, "gender: 男", "gender: 南")
    campaign = clone / "data" / "campaigns" / f"{ROUND}.yml"
    edit(campaign, "year: 2026", "year: 二〇二六")
    commit_all(clone, "有错误的名单")
    expected = run(*GONGSHI, "validate", "data", cwd=clone, env=clean_env(), check=False)
    assert expected.returncode == 1
    messages = [line for line in expected.stdout.splitlines() if line.startswith("data/")]
    assert len(messages) >= 2
    pushed = git(clone, "push", "origin", "HEAD:main", check=False)
    assert pushed.returncode != 0
    assert "pre-receive hook declined" in pushed.stderr
    remote = [line.removeprefix("remote: ").rstrip() for line in pushed.stderr.splitlines()]
    for message in messages:
        assert message in remote, message
    assert "推送被拒绝：数据有错误（见上），网站没有改变。请改正后重新提交并推送。" in remote
    assert (os.readlink(srv / "current"), fetch(base, f"campaigns/{ROUND}/")) == before
    # A branch other than the published one is accepted, even broken, and never built.
    draft = git(clone, "push", "origin", "HEAD:draft")
    assert "refs/heads/draft：已接收，此分支不发布到网站（只发布 main）" in draft.stderr
    assert os.readlink(srv / "current") == before[0]
    git(clone, "reset", "-q", "--hard", "HEAD~1")


def a_list_scheduled_for_later_appears_after_the_timer_runs_on_that_day(world) -> None:
    srv, clone, base = world
    schedule = run(*GONGSHI, "schedule", "data", cwd=clone,
                   env=clean_env(GONGSHI_TODAY=BEFORE_PUBLICITY))
    assert f"{PUBLICITY_STARTS}  关于开展2026年测试市拔尖人才推荐工作的通知（{ROUND}）：候选人名单公开；" \
        "状态变为「公示中」" in schedule.stdout
    status = run(*GONGSHI, "server", "status", str(srv), cwd=srv,
                 env=clean_env(GONGSHI_TODAY=BEFORE_PUBLICITY)).stdout
    assert f"下一次自动变化：{PUBLICITY_STARTS} 关于开展2026年测试市拔尖人才推荐工作的通知：候选人名单公开" in status
    assert fetch(base, f"campaigns/{ROUND}/gongshi/")[0] == 404
    # What the timer runs (etc/gongshi-rebuild.service), on the morning the publicity starts.
    service = (srv / "etc" / "gongshi-rebuild.service").read_text(encoding="utf-8")
    command = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert command == f"ExecStart={sys.executable} -m builder.cli server rebuild {srv} --if-new-day"
    run(*command.removeprefix("ExecStart=").split(), cwd=Path("/"),
        env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS))
    code, page = fetch(base, f"campaigns/{ROUND}/gongshi/")
    assert code == 200 and "欧阳明" in page
    # Built with the earlier builds' caches (DIR/cache), yet for the new day.
    assert f'本页生成于 <time datetime="{PUBLICITY_STARTS}">' in page
    # The forms keep their commits' days on a later day's build (extracted again that day).
    assert form_dates(fetch(base, f"campaigns/{ROUND}/")[1]) == FORM_DATES
    assert any((srv / "cache").rglob("*.json"))
    assert not any((srv / "cache").rglob("*.pickle"))
    assert live(srv)["build_date"] == PUBLICITY_STARTS and live(srv)["reason"] == "timer"
    # cron's hourly run does nothing more that day.
    again = run(*GONGSHI, "server", "rebuild", str(srv), "--if-new-day", cwd=srv,
                env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS))
    assert "无需重新生成" in again.stderr


def two_quick_pushes_end_with_the_later_commit_live(world) -> None:
    srv, clone, base = world
    campaign = clone / "data" / "campaigns" / f"{ROUND}.yml"
    kept = srv / "work" / "src"
    unchanged = {p: p.stat().st_ino for p in kept.rglob("*") if p.is_file()}
    del unchanged[kept / "data" / "campaigns" / campaign.name]
    edit(campaign, "现就推荐工作通知如下。", "现就推荐工作通知如下（第一次更正）。")
    first_sha = commit_all(clone, "更正一")
    first = subprocess.Popen(["git", "push", "-q", "origin", "HEAD:main"], cwd=clone,
                             env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The ref is updated before post-receive starts building: push again right then.
        while run("git", "--git-dir", str(srv / "repo.git"), "rev-parse", "main",
                  cwd=srv).stdout.strip() != first_sha:
            assert first.poll() is None or first.returncode == 0
            time.sleep(0.05)
        edit(campaign, "（第一次更正）", "（第二次更正）")
        second_sha = commit_all(clone, "更正二")
        git(clone, "push", "-q", "origin", "HEAD:main", today=PUBLICITY_STARTS)
    finally:
        _out, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert live(srv)["commit"] == second_sha
    page = fetch(base, f"campaigns/{ROUND}/")[1]
    assert "第二次更正" in page and "第一次更正" not in page
    # The builds wrote out only the file the pushes changed: every other file of the kept
    # extraction is the one an earlier build wrote.
    assert len(unchanged) > 5
    assert {p: p.stat().st_ino for p in unchanged} == unchanged
    assert (kept / "data" / "campaigns" / campaign.name).read_bytes() == campaign.read_bytes()


def kill_9_during_a_build_leaves_the_live_site_and_the_next_run_cleans_up(world) -> None:
    srv, _, base = world
    before = os.readlink(srv / "current")
    page_before = fetch(base, f"campaigns/{ROUND}/")
    proc = subprocess.Popen([*GONGSHI, "server", "rebuild", str(srv)], cwd=srv,
                            env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        # Wait until MkDocs is writing pages into the build's hidden staging folder, then kill.
        while not any((p / "404.html").exists() for p in (srv / "work" / "build").glob(".site.new-*")):
            assert proc.poll() is None, "the build finished before it could be killed"
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert any((srv / "work" / "build").glob(".site.new-*")), "the kill left its half-built site"
    assert [p.name for p in (srv / "releases").iterdir() if p.name.startswith(".")] == []
    assert os.readlink(srv / "current") == before
    assert fetch(base, f"campaigns/{ROUND}/") == page_before
    done = run(*GONGSHI, "server", "rebuild", str(srv), cwd=srv,
               env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS))
    assert "清理了上次中断留下的内容：" in done.stderr
    assert [p.name for p in (srv / "releases").iterdir() if p.name.startswith(".")] == []
    # Only the kept extraction of the commit (builder.server.extracted) stays.
    assert sorted(p.name for p in (srv / "work").iterdir()) == ["src", "src.json"]
    assert os.readlink(srv / "current") != before
    assert fetch(base, f"campaigns/{ROUND}/")[0] == 200


def rollback_to_the_previous_and_to_a_named_release_and_pruning(world) -> None:
    srv, _clone, base = world
    releases = sorted(p.name for p in (srv / "releases").iterdir())
    assert len(releases) == 3, "--keep 3"
    newest = os.readlink(srv / "current").removeprefix("releases/")
    assert newest == releases[-1]
    done = run(*GONGSHI, "server", "rollback", str(srv), cwd=srv, env=clean_env())
    assert f"已撤回到 {releases[-2]}" in done.stderr and "下一次推送或每日定时生成" in done.stderr
    assert os.readlink(srv / "current") == f"releases/{releases[-2]}"
    named = run(*GONGSHI, "server", "rollback", str(srv), releases[0], cwd=srv, env=clean_env())
    assert f"已撤回到 {releases[0]}" in named.stderr
    assert live(srv)["release"] == releases[0]
    assert fetch(base, f"campaigns/{ROUND}/")[0] == 200
    missing = run(*GONGSHI, "server", "rollback", str(srv), "no-such", cwd=srv, env=clean_env(),
                  check=False)
    assert missing.returncode == 1 and "没有名为 no-such 的版本" in missing.stderr
    status = run(*GONGSHI, "server", "status", str(srv), cwd=srv,
                 env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS)).stdout
    assert f"当前版本：{releases[0]}" in status
    assert "作者：王人事 <hr@example.gov.cn>" in status


def a_push_whose_build_fails_is_refused_logged_and_leaves_the_site(world) -> None:
    srv, clone, _base = world
    before = os.readlink(srv / "current")
    tip = run("git", "--git-dir", str(srv / "repo.git"), "rev-parse", "main", cwd=srv).stdout
    # Valid data, but a hand-written page with an ID number: only the output check sees it. The
    # push is built before it is accepted, so it is refused and the branch stays where it was.
    about = clone / "site_src" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n身份证：110105 19800101 0016\n",
                     encoding="utf-8")
    commit_all(clone, "关于本站加了一行")
    pushed = git(clone, "push", "origin", "HEAD:main", today=PUBLICITY_STARTS, check=False)
    assert pushed.returncode != 0 and "pre-receive hook declined" in pushed.stderr
    assert "推送被拒绝：生成失败（原因见上方的错误信息），网站没有改变" in pushed.stderr
    assert "身份证号（110*************16）" in pushed.stderr
    assert run("git", "--git-dir", str(srv / "repo.git"), "rev-parse", "main", cwd=srv).stdout == tip
    assert os.readlink(srv / "current") == before
    assert not (srv / "work" / "ready").exists()
    status = run(*GONGSHI, "server", "status", str(srv), cwd=srv, env=clean_env()).stdout
    assert "最近一次失败：" in status and "生成失败" in status


def test_the_units_pass_systemd_analyze_verify(world, tmp_path: Path) -> None:
    srv, _, _ = world
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: apt-get install systemd (the timer's command "
                    "itself is run by test_a_list_scheduled_for_later_appears_after_the_timer…)")
    units = tmp_path / "units"
    units.mkdir()
    for name in ("gongshi-rebuild.service", "gongshi-rebuild.timer", "gongshi-build.service"):
        shutil.copy(srv / "etc" / name, units / name)
    # gongshi-build.service: the build step's sandbox (deploy/README.md), the properties the
    # etc/gongshi-build wrapper gives systemd-run.
    done = run(analyze, "verify", str(units / "gongshi-rebuild.timer"),
               str(units / "gongshi-rebuild.service"), str(units / "gongshi-build.service"),
               cwd=units, check=False, env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    assert done.returncode == 0, done.stdout + done.stderr
    cal = run(analyze, "calendar", "*-*-* 00:05:00 Asia/Shanghai", cwd=units, check=False)
    assert cal.returncode == 0 and "Asia/Shanghai" in cal.stdout, cal.stdout + cal.stderr
    wrapper = (srv / "etc" / "gongshi-build").read_text(encoding="utf-8")
    unit = (srv / "etc" / "gongshi-build.service").read_text(encoding="utf-8")
    properties = [line for line in unit.splitlines() if "=" in line and not line.startswith(
        ("Description=", "Type=", "ExecStart="))]
    assert "PrivateNetwork=yes" in properties and f"ReadWritePaths={srv / 'work' / 'build'}" in properties
    for prop in properties:
        assert f"-p {shlex.quote(prop)}" in wrapper, prop
    assert run("sh", "-n", str(srv / "etc" / "gongshi-build"), cwd=units, check=False).returncode == 0
    cron = (srv / "etc" / "gongshi-rebuild.cron").read_text(encoding="utf-8")
    line = next(x for x in cron.splitlines() if x.startswith("5 * * * * "))
    assert f" {sys.executable} -m builder.cli server rebuild {srv} --if-new-day" in line


def test_the_life_of_a_server(world) -> None:
    a_good_push_goes_live_with_the_site_address(world)
    a_push_with_data_errors_is_refused_with_the_messages_and_the_site_unchanged(world)
    a_list_scheduled_for_later_appears_after_the_timer_runs_on_that_day(world)
    two_quick_pushes_end_with_the_later_commit_live(world)
    kill_9_during_a_build_leaves_the_live_site_and_the_next_run_cleans_up(world)
    rollback_to_the_previous_and_to_a_named_release_and_pruning(world)
    a_push_whose_build_fails_is_refused_logged_and_leaves_the_site(world)
