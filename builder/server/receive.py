"""What the repository's hooks run (`python -m builder.server.receive pre-receive|post-receive DIR`).

pre-receive, for the published branch (other branches are accepted and never built):
1. a push that rewrites the branch's history (not a fast-forward) or deletes it is refused;
2. the commit's files are checked from git's listing before anything is extracted
   (builder.server.tree: links, limits, hidden names, unreadable types in site_src/), and a push
   that changes a file outside data/ and site_src/ (relative to the branch's previous tip) into
   anything but the installed program's is refused: HR staff change content, administrators
   change the program (issue 26). On the branch's first push those files are not compared, only
   never used: the server builds with the installed program's configuration and theme;
3. data/ and site_src/ alone are built into a release (builder.server.release.prebuild: the
   build step, exactly as every build runs it), which checks them as every build does
   (`gongshi validate` plus the hand-written pages, then the output checks).
Every problem is printed (git prefixes them with "remote:"); any of them refuses the push.

post-receive: the release built for the accepted commit is switched live (builder.server.release).
The data is thus checked once per push, by the build itself: a push is accepted exactly when
its release could be built.

Nothing is printed raw from a commit (control characters are removed), and an unexpected error
is logged, never shown as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import traceback
from pathlib import Path

from builder.server import tree
from builder.server.layout import Layout, ServerError, Settings, log_event, printable

# Only what refuses a push by its files is imported up front (a refusal takes a blink); the
# data checks and the build import the rest when they start.

ZERO = "0" * 40


def _updates(stdin: str) -> list[tuple[str, str, str]]:
    return [tuple(line.split()[:3]) for line in stdin.splitlines() if line.strip()]  # type: ignore[misc]


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _zero(oid: str) -> bool:
    return set(oid) == {"0"}


def fast_forward(layout: Layout, old: str, new: str) -> bool:
    done = subprocess.run(["git", "--git-dir", str(layout.repo), "merge-base", "--is-ancestor",
                           old, new], capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise ServerError(f"无法比较提交 {old[:7]} 和 {new[:7]}")
    return done.returncode == 0


def check_push(layout: Layout, settings: Settings, old: str, new: str) -> str:
    """"" when the push of `new` (the branch was at `old`) may go live; else every reason is
    printed, and the first returned (for publish.log)."""
    branch = settings.branch
    if not _zero(old) and not fast_forward(layout, old, new):
        say(f"推送被拒绝：这次推送会改写发布分支 {branch} 的历史（强制推送，或变基、重置后的推送），"
            f"已发布的提交 {old[:7]} 不在其中。网站发布过的内容必须留在分支上；请先 git pull"
            "（合并服务器上的提交）再推送。网站没有改变。")
        return "改写发布分支的历史"
    say(f"正在检查提交 {new[:7]} 的文件……")
    entries, too_many = tree.read_tree(layout.repo, new, settings.max_files)
    found = tree.problems(entries, too_many, settings)
    if not _zero(old) and not too_many:
        found += tree.outside_changes(layout.repo, old, new)
    if found:
        for line in found[: tree.SHOWN]:
            say(line)
        if len(found) > tree.SHOWN:
            say(f"……另有 {len(found) - tree.SHOWN} 个问题")
        outside = any(line.endswith(tree.OUTSIDE_MESSAGE) for line in found)
        say("推送被拒绝：以上文件不能推送到发布分支，网站没有改变。"
            + ("要改模板或配置，请联系管理员升级程序；请撤销对这些文件的修改"
               "（如 git checkout 服务器上的版本 -- 文件名）后重新提交并推送。" if outside else
               "请改正后重新提交并推送。"))
        return found[0]
    if _zero(old):
        ignored = tree.outside_count(entries)
        if ignored:
            say(f"首次推送：data/ 和 site_src/ 以外的 {ignored} 个文件（如 mkdocs.yml、theme_overrides/）"
                "不会被使用，网站的模板和配置以服务器上安装的程序为准；以后的推送只能修改 data/ 和 site_src/")
    say(f"正在检查并生成提交 {new[:7]}……")
    from builder.server.release import DATA_ERRORS, prebuild

    first = prebuild(layout, settings, new, entries)
    if first == DATA_ERRORS:
        say("推送被拒绝：数据有错误（见上），网站没有改变。请改正后重新提交并推送。")
    elif first:
        say(f"推送被拒绝：{first}，网站没有改变。请改正后重新提交并推送；"
            "若不是数据的问题，请把推送的时间告诉管理员（gongshi server status 会显示这次失败）。")
    return first


def pre_receive(layout: Layout, stdin: str) -> int:
    settings = layout.settings()
    branch = f"refs/heads/{settings.branch}"
    status = 0
    for old, new, ref in _updates(stdin):
        if ref != branch:
            say(f"{tree.shown(ref)}：已接收，此分支不发布到网站（只发布 {settings.branch}）")
            continue
        if _zero(new):
            say(f"推送被拒绝：不能删除发布分支 {settings.branch}：网站由它生成")
            refused = "删除发布分支"
        else:
            refused = check_push(layout, settings, old, new)
        if refused:
            # Who tried what, for the administrator (publish.log; the live site is unchanged).
            log_event(layout, "refused", commit=new, reason=printable(refused)[:300])
            status = 1
    return status


def post_receive(layout: Layout, stdin: str) -> int:
    branch = f"refs/heads/{layout.settings().branch}"
    if not any(ref == branch and not _zero(new) for _, new, ref in _updates(stdin)):
        return 0
    from builder.server.release import publish

    return publish(layout, reason="push")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongshi-receive")
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
        say(f"服务器错误：{exc}")
        return 1
    except Exception:
        # The pusher sees no traceback (it shows the server's paths); the administrator finds
        # it in publish.log (`gongshi server status` shows the failure).
        with contextlib.suppress(Exception):
            log_event(layout, "failure", reason=args.hook, message="服务器程序异常（详情见 publish.log）",
                      traceback=traceback.format_exc())
        refused = "推送被拒绝" if args.hook == "pre-receive" else "发布失败"
        say(f"{refused}：服务器程序出错，网站没有改变。请把推送的时间告诉管理员"
            "（gongshi server status 会显示这次失败，详情在 publish.log 中）。")
        return 1


if __name__ == "__main__":
    sys.exit(main())
