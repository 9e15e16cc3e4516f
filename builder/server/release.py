"""Build a commit into a new release and make it live: the one path for pushes, the daily
timer and rollbacks, always under the server's lock.

A release directory appears under releases/ only complete (the build step, builder.server.buildstep,
builds it in work/build/ and it is renamed in), gets its description file last, and goes live by
renaming a new `current` symlink over the old one. A `kill -9` at any moment therefore leaves the
old release live; whatever it left half-done (a release without description, the build under
work/) is removed by the next run before it builds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.files import diskcache
from builder.files.atomicfs import switch_symlink
from builder.files.retain import Gathering, move_gathered, retain
from builder.model.clock import build_day, now
from builder.server import bucket, extracted, lock, mirrors, program, tree, window
from builder.server.layout import (
    RELEASE_META,
    Layout,
    ServerError,
    Settings,
    git,
    log_event,
    printable,
    pusher,
)


def read_log(layout: Layout) -> list[dict[str, object]]:
    if not layout.log.is_file():
        return []
    out = []
    for line in layout.log.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash
    return out


def release_meta(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads((path / RELEASE_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def complete_releases(layout: Layout) -> list[str]:
    """Names of finished releases, oldest first (names start with their build time)."""
    if not layout.releases.is_dir():
        return []
    return sorted(
        p.name for p in layout.releases.iterdir()
        if not p.name.startswith(".") and p.is_dir() and release_meta(p) is not None
    )


def live_release(layout: Layout) -> str | None:
    try:
        return Path(os.readlink(layout.current)).name
    except OSError:
        return None


def clean_up(layout: Layout) -> list[str]:
    """Remove what an interrupted run left; never the live release. Returns what was removed."""
    removed: list[str] = []
    live = live_release(layout)
    complete = set(complete_releases(layout))
    for p in sorted(layout.releases.iterdir()) if layout.releases.is_dir() else []:
        if p.name not in complete and p.name != live:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() and not p.is_symlink() else p.unlink()
            removed.append(f"releases/{p.name}")
    kept = {READY, layout.src.name, layout.src_manifest.name}
    for p in sorted(layout.work.iterdir()) if layout.work.is_dir() else []:
        if p.name in kept:
            # A push's release, built before it was accepted (prebuild), and its own; the kept
            # extraction, trusted only as far as its manifest matches it (builder.server.extracted).
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(f"work/{p.name}")
    for p in layout.root.glob(".current.new-*"):
        p.unlink()
        removed.append(p.name)
    return removed


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str
    subject: str


def describe(layout: Layout, ref: str) -> Commit:
    """The commit `ref` names; its author and subject printable (they are the pusher's text)."""
    out = git("--git-dir", str(layout.repo), "log", "-1", "--format=%H%x00%an <%ae>%x00%aI%x00%s",
              ref)
    sha, author, date, subject = out.split("\x00")
    return Commit(sha, printable(author), date, printable(subject))


def on_branch(layout: Layout, commit: str, branch: str) -> bool:
    """Whether `commit` is on the branch (its tip or an ancestor of it)."""
    done = subprocess.run(["git", "--git-dir", str(layout.repo), "merge-base", "--is-ancestor",
                           commit, f"refs/heads/{branch}"], capture_output=True, check=False)
    return done.returncode == 0


class BuildStepFailed(ServerError):
    """The build step failed; `details` (a traceback) go to publish.log, not to the pusher."""

    def __init__(self, message: str, details: str | None = None) -> None:
        super().__init__(message)
        self.details = details


def build_command(layout: Layout, settings: Settings) -> list[str]:
    """The command that runs the build step: `server init --build-command`, else this account."""
    if settings.build_command:
        return list(settings.build_command)
    return [settings.python, "-m", "builder.server.buildstep", str(layout.root)]


def _prepare_job(layout: Layout, settings: Settings) -> Path:
    """work/build/, emptied of what this account can remove (a build step run as its own
    account removes what it left itself); group-writable for that account."""
    job = layout.job
    job.mkdir(parents=True, exist_ok=True)
    for path in job.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    os.chmod(job, 0o2770 if settings.build_command else 0o755)
    return job


class DataErrors(BuildStepFailed):
    """The build step found errors in the data (it built nothing); they are printed above."""


DATA_ERRORS = "数据有错误"


READY = "ready"
"""work/ready/<commit>/: a release built by the push's check (pre-receive) for post-receive to
make live: its `site` and what it was built as (READY_META)."""
READY_META = "ready.json"


def _run_build_step(layout: Layout, settings: Settings, commit: str, entries: list[tree.Entry],
                    day: dt.date, previous: str | None, *,
                    check: bool) -> tuple[Path, dict[str, Any]]:
    """Run the build step (builder.server.buildstep) on the `entries` of `commit` (their data/
    and site_src/ only are extracted, into work/src/, rewriting only the files that changed
    since the last build: builder.server.extracted; the dates of data/'s files are read from the
    commit's history: tree.dates); the built site (work/build/site) and the step's result.
    `check`: the build is the push's check (it lists the data's warnings, which no earlier step
    printed). DataErrors or BuildStepFailed when it fails.

    The build itself runs in a process of its own, with the installed program's configuration
    and theme, writing only into work/build/; `server init --build-command` runs it as its own
    account without network (deploy/README.md).

    `previous`: the live release, whose unchanged pages and files the build takes instead of
    making them again (builder.files.reuse): a correction of one round renders that round."""
    program.require()
    job = _prepare_job(layout, settings)
    with tree.dates(layout.repo, commit) as dates_of:
        extracted.refresh(layout.repo, entries, layout.src, layout.src_manifest)
        file_dates = dates_of(entries)
    spec = {"day": day.isoformat(), "site_url": settings.site_url,
            "group_writable": bool(settings.build_command), "previous": previous, "check": check,
            "file_dates": file_dates}
    (job / "job.json").write_text(json.dumps(spec), encoding="utf-8")
    os.chmod(job / "job.json", 0o644)
    sys.stderr.flush()
    # The pusher sees the build's own messages (its stdout and stderr are the hook's).
    done = subprocess.run(build_command(layout, settings), stdin=subprocess.DEVNULL, check=False)
    result_file = job / "result.json"
    if done.returncode != 0 or not result_file.is_file():
        if (job / "data-errors").is_file():
            raise DataErrors(DATA_ERRORS)
        failed = job / "traceback.txt"
        details = failed.read_text(encoding="utf-8", errors="replace") if failed.is_file() else None
        raise BuildStepFailed("生成失败（原因见上方的错误信息）", details)
    result: dict[str, Any] = json.loads(result_file.read_text(encoding="utf-8"))
    diskcache.enable(layout.cache)
    diskcache.adopt(job / "cache", [str(n) for n in result.get("used", [])])
    return job / "site", result


def _release(layout: Layout, settings: Settings, site: Path, commit: Commit, day: dt.date,
             reason: str, schedule: object) -> str:
    """Move the built `site` into releases/ under a new name, described last; the name."""
    stamp = now()
    name = f"{stamp:%Y%m%d-%H%M%S}-{commit.sha[:7]}"
    n = 1
    while (layout.releases / name).exists():
        n += 1
        name = f"{stamp:%Y%m%d-%H%M%S}-{commit.sha[:7]}-{n}"
    os.rename(site, layout.releases / name)
    meta: dict[str, object] = {
        "release": name, "commit": commit.sha, "author": commit.author,
        "commit_date": commit.date, "subject": commit.subject, "built_at": now().isoformat(),
        "build_date": day.isoformat(), "reason": reason, "site_url": settings.site_url,
        "code": diskcache.code_digest(), "schedule": schedule,
    }
    who = pusher()
    if reason == "push" and who:
        meta["pusher"] = who
    tmp = layout.releases / name / f"{RELEASE_META}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o644)
    os.replace(tmp, layout.releases / name / RELEASE_META)
    return name


def _build(layout: Layout, settings: Settings, commit: Commit, day: dt.date, reason: str,
           previous: str | None, window: list[str]) -> tuple[str, Gathered | None]:
    """Build `commit` into a new complete release; its name, and the files the releases of
    `window` carry into it, gathered while it was built (None when that failed). ServerError
    when the build fails.

    Only the commit's data/ and site_src/ are extracted, after the same checks as pre-receive (a
    commit accepted by an older version is held to them too); see _run_build_step."""
    program.require()
    entries = tree.checked(layout.repo, commit.sha, settings)
    gathering = _gather(layout, layout.work / CARRY / GATHERED_DIR, window)
    try:
        site, result = _run_build_step(layout, settings, commit.sha, entries, day, previous,
                                       check=False)
    except BaseException:
        gathering.discard()
        raise
    name = _release(layout, settings, site, commit, day, reason, result.get("schedule", []))
    shutil.rmtree(layout.job, ignore_errors=True)
    return name, Gathered(gathering.folder, window) if gathering.done() else None


CARRY = "carry"
"""work/carry/: the files the window's releases carry into the release being built (timer)."""
GATHERED_DIR = "files"


@dataclass(frozen=True)
class Gathered:
    """The files a new release is to carry, linked ahead while it was built
    (builder.files.retain.Gathering), and the retention window they were gathered for."""

    folder: Path
    window: list[str]


def _gather(layout: Layout, folder: Path, window: list[str]) -> Gathering:
    """Start linking the files the `window`'s releases carry into a new one, into `folder`."""
    return Gathering(folder, [layout.releases / n for n in window])


def _carry_into(layout: Layout, name: str, gathered: Gathered | None,
                window: list[str]) -> tuple[list[str], bool]:
    """`carry` into release `name` for `window`: by moving in what was gathered for exactly
    this window while the release was built, else the usual way; the site paths added, and
    whether they were gathered. A window that changed meanwhile (a release left it, or its
    commit was taken off the branch) never gets the gathered files."""
    # The window as gathered for was read before the release existed (the new release is in
    # the window as read now, and carries nothing into itself).
    if gathered is not None and gathered.window == [n for n in window if n != name]:
        moved = move_gathered(gathered.folder, layout.releases / name)
        if moved is not None:
            return moved, True
    return carry(layout, name, window), False


def _live_previous(layout: Layout) -> str | None:
    """The live release, when it is one a build may take files from (it names its commit)."""
    live = live_release(layout)
    meta = release_meta(layout.releases / live) if live else None
    return live if live and meta and meta.get("commit") else None


def prebuild(layout: Layout, settings: Settings, commit: str, entries: list[tree.Entry]) -> str:
    """The push's check of the data (pre-receive): the commit built into work/ready/<commit>/,
    for post-receive to make live (`publish`). "" when it was built, else why not (for
    publish.log: the data's errors, or the build's failure, already printed).

    One validation per push: the build step loads and checks the data as every build does, and
    the push is accepted only when that build succeeded, so the hook does not check the data
    in a load of its own first, and post-receive builds nothing again. The build runs exactly
    as post-receive would run it (the build step, as its own account without network when so
    configured, writing only work/build/), so a push still runs no code of its own."""
    with lock.exclusive(layout.lock):
        day = build_day(None)
        started = time.time()
        ready = layout.work / READY / commit
        shutil.rmtree(ready, ignore_errors=True)
        # What the release will carry for the window as it is now, linked while it is built
        # (post-receive moves it in when the window is still the same).
        window = retention_window(layout, settings)
        gathering = _gather(layout, ready / GATHERED_DIR, window)
        try:
            site, result = _run_build_step(layout, settings, commit, entries, day,
                                           _live_previous(layout), check=True)
        except BaseException as exc:
            gathering.discard()
            shutil.rmtree(ready, ignore_errors=True)
            with contextlib.suppress(OSError):
                ready.parent.rmdir()  # work/ready/ as it was, unless another commit's is there
            if not isinstance(exc, BuildStepFailed):
                raise
            if not isinstance(exc, DataErrors):  # the data's errors are printed, not logged
                log_event(layout, "failure", reason="push", commit=commit, build_date=day.isoformat(),
                          message=str(exc), **({"traceback": exc.details} if exc.details else {}))
            return str(exc)
        os.rename(site, ready / "site")
        meta = {"commit": commit, "build_date": day.isoformat(), "code": diskcache.code_digest(),
                "site_url": settings.site_url, "schedule": result.get("schedule", []),
                "started": started, "window": window if gathering.done() else None}
        (ready / READY_META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        shutil.rmtree(layout.job, ignore_errors=True)
        return ""


def _ready(layout: Layout, settings: Settings, commit: Commit,
           day: dt.date) -> tuple[Path, object, float, Gathered | None] | None:
    """The site pre-receive built for `commit` (prebuild), when it was built as this run would
    build it (the same day, code and site address): its folder, schedule, build's start and
    the files gathered for it to carry."""
    ready = layout.work / READY / commit.sha
    try:
        meta = json.loads((ready / READY_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or not (ready / "site").is_dir():
        return None
    wanted = {"commit": commit.sha, "build_date": day.isoformat(), "code": diskcache.code_digest(),
              "site_url": settings.site_url}
    started = meta.get("started")
    if any(meta.get(k) != v for k, v in wanted.items()) or not isinstance(started, (int, float)):
        return None
    window = meta.get("window")
    gathered = (Gathered(ready / GATHERED_DIR, window)
                if isinstance(window, list) and all(isinstance(n, str) for n in window) else None)
    return ready / "site", meta.get("schedule", []), float(started), gathered


def switch(layout: Layout, name: str) -> None:
    switch_symlink(layout.current, f"releases/{name}")


def retention_window(layout: Layout, settings: Settings) -> list[str]:
    """The complete releases whose pages may still be open (builder.server.window: live at some
    moment of the last `retain_days` days), newest first; never one whose commit is no longer on
    the published branch (history rewritten on the server to take data down): its search files
    must not come back."""
    names = complete_releases(layout)
    built = {n: str((release_meta(layout.releases / n) or {}).get("built_at", "")) for n in names}
    since = now() - dt.timedelta(days=settings.retain_days)
    found = window.in_window(window.switch_times(read_log(layout), built), live_release(layout),
                             since)
    kept = []
    for name in sorted(found & set(names), reverse=True):
        commit = str((release_meta(layout.releases / name) or {}).get("commit", ""))
        if commit and on_branch(layout, commit, settings.branch):
            kept.append(name)
    return kept


def carry(layout: Layout, name: str, kept: list[str]) -> list[str]:
    """Release `name` serves, beside its own, the search files and scripts of the releases in
    `kept` (builder.files.retain); the site paths added."""
    earlier = [layout.releases / n for n in kept if n != name]
    return retain(layout.releases / name, earlier)


def prune(layout: Layout, keep: int, referenced: Iterable[str] = ()) -> list[str]:
    """Delete the oldest releases beyond `keep`; the live one and the `referenced` ones (the
    retention window) always stay."""
    names = complete_releases(layout)
    live = live_release(layout)
    protected = {live, *referenced}
    old = [n for n in names[: max(0, len(names) - keep)] if n not in protected]
    for n in old:
        shutil.rmtree(layout.releases / n, ignore_errors=True)
    return old


def publish(layout: Layout, *, reason: str, today: str | None = None,
            if_new_day: bool = False) -> int:
    """Build the published branch's newest commit and make it live; 0 when live (or nothing
    to do), 1 when it failed (the live site is unchanged; the failure is logged)."""
    settings = layout.settings()
    with lock.exclusive(layout.lock):
        removed = clean_up(layout)
        if removed:
            print(f"清理了上次中断留下的内容：{'、'.join(removed)}", file=sys.stderr)
        try:
            commit = describe(layout, f"refs/heads/{settings.branch}")
        except ServerError:
            print(f"仓库中还没有 {settings.branch} 分支，没有可发布的内容", file=sys.stderr)
            return 0
        day = build_day(today)
        live = live_release(layout)
        meta = release_meta(layout.releases / live) if live else None
        # Two quick pushes: the first hook to get the lock already built the newest commit.
        meta = meta or {}
        same = meta.get("commit") == commit.sha
        # A build is a function of the commit, the day, the code and the site's address: when
        # none changed, the timer (and a catch-up run at boot) has nothing to do.
        unchanged = same and (meta.get("build_date"), meta.get("code"), meta.get("site_url")) == (
            day.isoformat(), diskcache.code_digest(), settings.site_url)
        if same and (reason == "push" or (if_new_day and unchanged)):
            print(f"网站已是提交 {commit.sha[:7]}（{meta.get('build_date')}）的内容，无需重新生成",
                  file=sys.stderr)
            catch_up(layout, settings)
            return 0
        ready = _ready(layout, settings, commit, day)
        verb = "发布" if ready is not None else "生成"
        print(f"正在{verb}提交 {commit.sha[:7]}「{commit.subject}」（按 {day.isoformat()} 的日期）……",
              file=sys.stderr)
        # The store's entries the build used since it started stay (diskcache.prune below).
        started = time.time() if ready is None else ready[2]
        try:
            if ready is not None:
                name = _release(layout, settings, ready[0], commit, day, reason, ready[1])
                gathered = ready[3]
            else:
                name, gathered = _build(layout, settings, commit, day, reason,
                                        live if live and meta.get("commit") else None,
                                        retention_window(layout, settings))
            kept = retention_window(layout, settings)
            carried, ahead = _carry_into(layout, name, gathered, kept)
        except Exception as exc:
            message = str(exc) if isinstance(exc, ServerError) else f"{type(exc).__name__}: {exc}"
            details = exc.details if isinstance(exc, BuildStepFailed) else None
            log_event(layout, "failure", reason=reason, commit=commit.sha, author=commit.author,
                      build_date=day.isoformat(), message=message,
                      **({"traceback": details} if details else {}))
            print(f"发布失败，网站保持原样：{message}", file=sys.stderr)
            return 1
        finally:
            # What pre-receive built for this or another commit (one never accepted) is done,
            # and so is what was gathered for this release.
            shutil.rmtree(layout.work / READY, ignore_errors=True)
            shutil.rmtree(layout.work / CARRY, ignore_errors=True)
        if not _go_live(layout, settings, name, kept, reason=reason, commit=commit.sha):
            # Never live anywhere: not a release to roll back to.
            shutil.rmtree(layout.releases / name, ignore_errors=True)
            return 1
        pruned = prune(layout, settings.keep, kept)
        mirrors.prune(settings.mirrors, complete_releases(layout))
        # What neither this build nor a concurrent hook used since it started is not needed.
        diskcache.prune(started - 1)
        log_event(layout, "live", reason=reason, release=name, commit=commit.sha,
                  author=commit.author, build_date=day.isoformat(), pruned=pruned,
                  window=kept, carried=len(carried), carried_ahead=ahead)
        print(f"已发布：{name}（{settings.site_url}）", file=sys.stderr)
        return 0


def _go_live(layout: Layout, settings: Settings, name: str, kept: list[str],
             **event: object) -> bool:
    """Make release `name` live here and on every mirror: copied to all first, then switched;
    then upload it to every bucket (builder.server.bucket; `kept`: the retention window, whose
    files the buckets keep). False (logged, printed) when a copy failed: then nothing switched
    anywhere. A failed upload leaves that bucket serving the release it had, whole, and is
    finished by the next run (`catch_up`)."""
    try:
        mirrors.copy(settings.mirrors, str(layout.releases), name)
    except ServerError as exc:
        log_event(layout, "failure", release=name, message=str(exc), **event)
        print(f"发布失败，所有服务器保持原样：{exc}", file=sys.stderr)
        return False
    switch(layout, name)
    for failed in mirrors.switch(settings.mirrors, name):
        log_event(layout, "failure", release=name, message=f"切换失败：{failed}", **event)
        print(f"警告：这台服务器仍是旧版本：{failed}", file=sys.stderr)
    _upload(layout, settings, name, kept, settings.publish_to, **event)
    return True


def _upload(layout: Layout, settings: Settings, name: str, kept: list[str],
            targets: Iterable[str], **event: object) -> None:
    for value in targets:
        target = bucket.Target.parse(value)
        try:
            counts = bucket.upload(layout, target, layout.releases / name,
                                   [layout.releases / n for n in kept if n != name])
        except Exception as exc:  # the network, the service: the next run finishes the upload
            message = str(exc) if isinstance(exc, ServerError) else f"{type(exc).__name__}: {exc}"
            log_event(layout, "failure", release=name, target=str(target),
                      message=f"上传失败：{message}", **event)
            print(f"警告：{target} 仍是原来的版本（上传失败，下次发布、定时生成或 server sync 时补传）："
                  f"{printable(message)}", file=sys.stderr)
            continue
        print(f"已上传到 {target}：{counts['files'] - counts['unchanged']} 个文件有变化，"
              f"删除 {counts['deleted']} 个旧文件", file=sys.stderr)


def catch_up(layout: Layout, settings: Settings) -> None:
    """Upload the live release to every bucket that does not hold it completely yet (an
    upload killed or failed earlier)."""
    live = live_release(layout)
    if live is None or not settings.publish_to:
        return
    behind = []
    for value in settings.publish_to:
        done, _ = bucket.held(layout, bucket.Target.parse(value))
        if done is None or done.get("release") != live:
            behind.append(value)
    if behind:
        print(f"补传线上版本 {live} 到：{'、'.join(behind)}", file=sys.stderr)
        _upload(layout, settings, live, retention_window(layout, settings), behind,
                reason="catch-up")


def sync(layout: Layout) -> int:
    """Copy the live release to every mirror and switch them (after adding a mirror)."""
    settings = layout.settings()
    with lock.exclusive(layout.lock):
        live = live_release(layout)
        if live is None:
            print("还没有线上版本，没有可复制的内容", file=sys.stderr)
            return 1
        if not settings.mirrors and not settings.publish_to:
            print("没有设置镜像服务器或对象存储（gongshi server init … --mirror 主机:/路径 或 "
                  "--publish-to s3://存储桶）", file=sys.stderr)
            return 1
        if not settings.mirrors:
            # Only buckets: upload the live release where it is not complete.
            catch_up(layout, settings)
            return 0
        if not _go_live(layout, settings, live, retention_window(layout, settings), reason="sync"):
            return 1
        mirrors.prune(settings.mirrors, complete_releases(layout))
        print(f"已复制并切换到 {live}：{'、'.join(settings.mirrors)}", file=sys.stderr)
        return 0


def rollback(layout: Layout, release: str | None = None) -> int:
    """Make an earlier release live again: the one before the live one, or `release`. A release
    whose commit is no longer on the published branch (its history was rewritten on the server,
    e.g. to remove personal data published by mistake) is not made live again."""
    settings = layout.settings()
    with lock.exclusive(layout.lock):
        names = complete_releases(layout)
        live = live_release(layout)

        def gone(name: str) -> str | None:
            commit = str((release_meta(layout.releases / name) or {}).get("commit", ""))
            if commit and on_branch(layout, commit, settings.branch):
                return None
            return (f"版本 {name} 的提交 {commit[:7] or '（未知）'} 已不在发布分支 {settings.branch} 上"
                    "（分支的历史在服务器上被改写过，例如为删除误发的个人信息）")

        if release is None:
            older = [n for n in names if live is None or n < live]
            skipped = []
            while older and (why := gone(older[-1])) is not None:
                skipped.append(why)
                older.pop()
            for why in skipped:
                print(f"跳过：{why}", file=sys.stderr)
            if not older:
                print("没有比当前版本更早、且提交仍在发布分支上的版本可以撤回到", file=sys.stderr)
                return 1
            release = older[-1]
        elif release not in names:
            shown = "、".join(names[-settings.keep:]) or "（无）"
            print(f"没有名为 {printable(release)} 的版本。现有版本：{shown}", file=sys.stderr)
            return 1
        elif (why := gone(release)) is not None:
            print(f"不能撤回到 {release}：{why}。它的内容已从分支上删除，不应再上线", file=sys.stderr)
            return 1
        kept = retention_window(layout, settings)
        # Pages of the releases live since may be open: the release made live again serves
        # their search files too (only files added, so it may be one a mirror still serves).
        carried = carry(layout, release, kept)
        if not _go_live(layout, settings, release, kept, reason="rollback"):
            return 1
        meta = release_meta(layout.releases / release) or {}
        log_event(layout, "rollback", release=release, previous=live, commit=meta.get("commit"),
                  window=kept, carried=len(carried))
        print(f"已撤回到 {release}（提交 {str(meta.get('commit', ''))[:7]}）。注意：下一次推送或"
              "每日定时生成会重新发布分支上最新的提交", file=sys.stderr)
        return 0
