"""The build of one release, in a process of its own: `python -m builder.server.buildstep DIR`.

The publishing account (the hooks, the timer) prepares everything under DIR/work/build/ and runs
this, optionally through the command prefix of `server init --build-as` (deploy/README.md: as
its own account, without network, able to write that folder only):

    work/build/job.json   what to build (written by the publishing account), with the day of
                          the last commit that touched each file of data/ (builder.server.tree
                          .dates: the extracted files have no repository to read them from)
    work/src/             the commit's data/ and site_src/ (written by the publishing account,
                          kept between builds: builder.server.extracted)
    work/build/site/      the built site (written here), moved into releases/ afterwards
    work/build/cache/     new entries of the disk store (written here; DIR/cache is only read)
    work/build/result.json  the dates the site changes by itself, the store's entries used
    releases/<live>/      read only: the live release, whose unchanged pages and files the build
                          takes (job.json `previous`; builder.files.reuse)

It builds with the installed program's configuration and theme (builder.adapter.mkdocs.fixed).
It takes no argument but DIR, so that a sudoers rule or a unit can name the exact command.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sys
import traceback
from pathlib import Path

from builder.files.quickexit import exit_now
from builder.server.layout import Layout


def run(layout: Layout) -> int:
    from builder.adapter.mkdocs.fixed import ConfigProblem, fixed_config
    from builder.adapter.mkdocs.sitebuild import build_site
    from builder.build import SitePlan
    from builder.files import diskcache, filedates
    from builder.model.siteurl import SITE_URL_ENV, normalize_site_url
    from builder.server import program
    from builder.server.schedule import upcoming
    from builder.text.problems import Problems

    job = layout.job
    # What a build killed before left here is this account's to remove (its folders are
    # private to it until the build ends).
    for stale in [job / "site", job / "cache", *job.glob(".site.new-*")]:
        shutil.rmtree(stale, ignore_errors=True)
    spec = json.loads((job / "job.json").read_text(encoding="utf-8"))
    day = dt.date.fromisoformat(str(spec["day"]))
    site_url = normalize_site_url(str(spec["site_url"]))
    group_writable = spec.get("group_writable") is True
    # The push's check (builder.server.release.prebuild): no step before listed the data's
    # warnings, so this build does; a later build of the same commit repeats none.
    check = spec.get("check") is True
    src = layout.src
    # Before anything is loaded, and with src as given (os.chdir below).
    filedates.from_commit(src, {path: dt.date.fromisoformat(str(day))
                                for path, day in dict(spec.get("file_dates") or {}).items()})
    try:
        config = fixed_config(program.CONFIG, program.THEME, src, group_writable=group_writable)
    except ConfigProblem as exc:
        print(f"生成失败：{exc}", file=sys.stderr)
        return 1
    diskcache.enable(layout.cache, write_to=job / "cache")
    os.environ[SITE_URL_ENV] = site_url
    os.chdir(src)  # messages name data/… as `gongshi validate` does in a checkout
    _quiet_mkdocs(repeat=check)
    # The live release: what would come out the same is taken from it (builder.files.reuse).
    previous = layout.releases / str(spec["previous"]) if spec.get("previous") else None
    if previous is not None and not previous.is_dir():
        previous = None
    # The dates the site changes by itself, from the data the build loaded (not loaded again).
    changes: list[dict[str, str]] = []

    def schedule(plan: SitePlan) -> None:
        if plan.loaded is None:  # only a lean build keeps none, and this one is not lean
            raise RuntimeError("the build kept no loaded portal for the schedule")
        changes.extend(c.to_json() for c in upcoming(plan.loaded, day))

    found: list[Problems] = []

    def refused(problems: Problems) -> None:
        # What the publishing account tells the pusher: the data, not the server, failed.
        (job / "data-errors").write_text("", encoding="utf-8")
        found.append(problems)

    code = build_site(src / "mkdocs.yml", config=config, site_dir=job / "site",
                      data_dir=src / "data", today=day.isoformat(), previous=previous,
                      record=True, planned=schedule, refused=refused)
    if code != 0:
        for problems in found:
            print(problems.summary(), file=sys.stderr)  # as `gongshi validate` ends
        return 1
    result = {"schedule": changes, "used": sorted(diskcache.used)}
    (job / "result.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


def _quiet_mkdocs(*, repeat: bool) -> None:
    """Only warnings and errors reach the pusher's terminal (not MkDocs' progress lines), in
    Chinese, and (unless `repeat`) not the data's own warnings a second time."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_PusherFormatter())
        if not repeat:
            handler.addFilter(_not_checked_before)
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


# A problem of a source file (`data/…:line:column: 警告：…`): the push's build before acceptance
# (builder.server.release.prebuild, a production build like this one) listed every one of them
# already, and the timer's rebuild builds a commit a push had checked.
_SOURCE_PROBLEM = re.compile(r"^(data|site_src)/[^\n]*:\d+:\d+: ")


def _not_checked_before(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR or not _SOURCE_PROBLEM.match(record.getMessage())


class _PusherFormatter(logging.Formatter):
    """The message as the portal wrote it (its own label 警告/错误 inside), else with a Chinese
    label: HR staff read this in their terminal, not MkDocs' `WARNING -` prefix."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if "警告" in message or "错误" in message:
            return message
        return ("错误：" if record.levelno >= logging.ERROR else "警告：") + message


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("用法：python -m builder.server.buildstep 服务器目录", file=sys.stderr)
        return 2
    layout = Layout(Path(args[0]))
    try:
        return run(layout)
    except Exception as exc:
        # The pusher reads what failed, never a traceback; the publishing account puts it
        # into publish.log.
        (layout.job / "traceback.txt").write_text(traceback.format_exc(), encoding="utf-8")
        print(f"生成失败（程序异常：{type(exc).__name__}）", file=sys.stderr)
        return 1


if __name__ == "__main__":
    exit_now(main())  # the push waits for this process to end (builder.files.quickexit)
