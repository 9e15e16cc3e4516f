"""The repository's hooks (`python -m builder.server.hook pre-receive|post-receive DIR`).

pre-receive: the pushed commit of the published branch is checked out into a temporary
directory and validated exactly as `gongshi validate` does; errors refuse the push, and the
pusher's terminal shows every message (git prefixes them with "remote:"). Other branches are
accepted and never built. post-receive: the accepted commit is built and switched live.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from builder.files import diskcache
from builder.server.layout import Layout, ServerError
from builder.server.release import checkout, publish

ZERO = "0" * 40


def _updates(stdin: str) -> list[tuple[str, str, str]]:
    return [tuple(line.split()[:3]) for line in stdin.splitlines() if line.strip()]  # type: ignore[misc]


def validate_commit(layout: Layout, commit: str) -> int:
    """`gongshi validate` on the commit's data/; its exit status."""
    from builder.cli import main as gongshi

    # Not under DIR/work/: a build running meanwhile cleans that up. Only validated, never served.
    dest = Path(tempfile.mkdtemp(prefix=f"gongshi-check-{commit[:7]}-")) / "src"
    try:
        checkout(layout, commit, dest)
        # The parse results go to the server's store, where the build after acceptance (and
        # the next push's check) finds every file that did not change (builder.files.diskcache).
        diskcache.enable(layout.cache)
        cwd = Path.cwd()
        os.chdir(dest)
        try:
            with contextlib.redirect_stdout(sys.stderr):
                return gongshi(["validate", "data"])
        finally:
            os.chdir(cwd)
    finally:
        shutil.rmtree(dest.parent, ignore_errors=True)


def pre_receive(layout: Layout, stdin: str) -> int:
    branch = f"refs/heads/{layout.settings().branch}"
    status = 0
    for _old, new, ref in _updates(stdin):
        if ref != branch:
            print(f"{ref}：已接收，此分支不发布到网站（只发布 {branch[11:]}）", file=sys.stderr)
            continue
        if new == ZERO:
            print(f"不能删除发布分支 {branch[11:]}：网站由它生成", file=sys.stderr)
            status = 1
            continue
        print(f"正在检查提交 {new[:7]} 的数据……", file=sys.stderr)
        if validate_commit(layout, new) != 0:
            print("推送被拒绝：数据有错误（见上），网站没有改变。请改正后重新提交并推送。",
                  file=sys.stderr)
            status = 1
    return status


def post_receive(layout: Layout, stdin: str) -> int:
    branch = f"refs/heads/{layout.settings().branch}"
    if not any(ref == branch and new != ZERO for _, new, ref in _updates(stdin)):
        return 0
    return publish(layout, reason="push")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongshi-hook")
    parser.add_argument("hook", choices=["pre-receive", "post-receive"])
    parser.add_argument("dir")
    args = parser.parse_args(argv)
    layout = Layout(Path(args.dir))
    stdin = sys.stdin.read()
    try:
        if args.hook == "pre-receive":
            return pre_receive(layout, stdin)
        return post_receive(layout, stdin)
    except ServerError as exc:
        print(f"服务器错误：{exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
