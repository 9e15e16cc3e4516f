"""`gongshi server …` and `gongshi schedule`: the command-line side of publishing."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from builder.server.layout import Layout, ServerError, Settings


def cmd_init(args: argparse.Namespace) -> int:
    from builder.server.initdir import init
    from builder.server.units import (
        BUILD_UNIT,
        BUILD_WRAPPER,
        CRON,
        GIT_PUSH,
        NGINX,
        SERVICE,
        TIMER,
    )

    layout = init(Path(args.dir), site_url=args.site_url, branch=args.branch, keep=args.keep,
                  mirrors=tuple(args.mirror), max_files=args.max_files,
                  max_file_mb=args.max_file_mb, max_total_mb=args.max_total_mb,
                  build_command=tuple(shlex.split(args.build_command or "")),
                  retain_days=args.retain_days, publish_to=tuple(args.publish_to))
    etc = layout.etc
    print(
        f"服务器目录已就绪：{layout.root}\n"
        f"  推送地址：{layout.repo}（如 git remote add server 用户@主机:{layout.repo}）\n"
        f"  网站目录：{layout.current}（nginx 的 root）\n"
        f"  nginx 配置：{etc / NGINX} → 复制到 /etc/nginx/conf.d/gongshi.conf\n"
        f"  每日定时生成：{etc / SERVICE}、{etc / TIMER} → 复制到 /etc/systemd/system/ 后\n"
        f"      systemctl enable --now {TIMER}\n"
        f"  没有 systemd 时：{etc / CRON} → 复制到 /etc/cron.d/gongshi-rebuild\n"
        f"  人事工作人员的 ssh 钥匙只能运行：{etc / GIT_PUSH}\n"
        f"  生成用单独的账号、无网络：{etc / BUILD_WRAPPER}（及 {etc / BUILD_UNIT}）\n"
        "详见 deploy/README.md"
    )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from builder.server.status import status_text

    print(status_text(Layout(Path(args.dir).resolve())))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from builder.server.release import rollback

    return rollback(Layout(Path(args.dir).resolve()), args.release)


def cmd_rebuild(args: argparse.Namespace) -> int:
    from builder.server.release import publish

    return publish(Layout(Path(args.dir).resolve()), reason="timer", if_new_day=args.if_new_day)


def cmd_sync(args: argparse.Namespace) -> int:
    from builder.server.release import sync

    return sync(Layout(Path(args.dir).resolve()))


def cmd_schedule(args: argparse.Namespace) -> int:
    from builder.load.loader import load
    from builder.model.clock import build_day
    from builder.server.schedule import format_changes, upcoming

    loaded = load(Path(args.dir))
    if loaded.portal is None:
        print(loaded.problems.to_text())
        print(loaded.problems.summary())
        return 1
    day = build_day()
    print(f"自 {day.isoformat()} 之后网站会自动变化的日期（每日定时生成时公开）：")
    print(format_changes(upcoming(loaded.portal, day)))
    return 0


def _guard(func: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        try:
            return int(func(args))
        except ServerError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1

    return run


def add_commands(sub: Any) -> None:
    p = sub.add_parser("schedule", help="列出网站到期自动变化的日期及原因")
    p.add_argument("dir", nargs="?", default="data", help="数据目录（默认 data）")
    p.set_defaults(func=cmd_schedule)

    server = sub.add_parser("server", help="服务器：推送即发布（init/status/rollback/rebuild/sync）")
    verbs = server.add_subparsers(dest="verb", required=True, metavar="操作")
    p = verbs.add_parser("init", help="建立服务器目录：仓库、钩子、版本目录、nginx 与定时任务文件")
    p.add_argument("dir")
    p.add_argument("--site-url", required=True, help="网站的公开地址，如 https://gongshi.example.gov.cn/")
    p.add_argument("--branch", default="main", help="发布的分支（默认 main）")
    p.add_argument("--keep", type=int, default=10, help="保留的版本数（默认 10）")
    p.add_argument("--retain-days", type=int, default=Settings.retain_days, metavar="天数",
                   help="每个新版本同时保留最近多少天内上线过的各版本的检索文件和脚本，"
                   f"让之前打开的页面仍能检索（默认 {Settings.retain_days}）")
    p.add_argument("--mirror", action="append", default=[], metavar="主机:/路径",
                   help="另一台网站服务器上的目录（可重复）：每个版本先复制到每一台，再逐台切换")
    p.add_argument("--publish-to", action="append", default=[], metavar="s3://存储桶[/前缀]",
                   help="对象存储（可重复）：每个版本按安全的顺序上传（见 deploy/README.md）；"
                   "地址和密钥取自环境变量 AWS_ENDPOINT_URL、AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY、"
                   "AWS_DEFAULT_REGION，保存在服务器目录的 etc/bucket-credentials.json（仅本账号可读）")
    p.add_argument("--max-files", type=int, default=Settings.max_files, metavar="个数",
                   help=f"一次推送的提交最多有多少个文件（默认 {Settings.max_files}）")
    p.add_argument("--max-file-mb", type=int, default=Settings.max_file_mb, metavar="MB",
                   help=f"单个文件最大多少 MB（默认 {Settings.max_file_mb}）")
    p.add_argument("--max-total-mb", type=int, default=Settings.max_total_mb, metavar="MB",
                   help=f"提交中全部文件合计最大多少 MB（默认 {Settings.max_total_mb}）")
    p.add_argument("--build-command", metavar="命令",
                   help="以单独的账号、无网络地运行每次生成的命令，如 \"sudo -n /usr/local/sbin/gongshi-build\""
                   "（见 deploy/README.md；默认以本账号运行）")
    p.set_defaults(func=_guard(cmd_init))
    p = verbs.add_parser("status", help="当前发布的版本、下一次自动变化、最近一次失败")
    p.add_argument("dir")
    p.set_defaults(func=_guard(cmd_status))
    p = verbs.add_parser("rollback", help="撤回到上一个版本（或指定的版本）")
    p.add_argument("dir")
    p.add_argument("release", nargs="?", help="版本名（见 status）；不填则为上一个版本")
    p.set_defaults(func=_guard(cmd_rollback))
    p = verbs.add_parser("sync", help="把线上版本复制到每台镜像服务器并切换（--mirror 设置的），"
                         "补传到没有完整上传的对象存储（--publish-to 设置的）")
    p.add_argument("dir")
    p.set_defaults(func=_guard(cmd_sync))
    p = verbs.add_parser("rebuild", help="按今天的日期重新生成当前发布分支（定时任务运行的命令）")
    p.add_argument("dir")
    p.add_argument("--if-new-day", action="store_true",
                   help="当前版本已是同一提交、按今天（北京时间）、由同一版本的 gongshi 为同一网址"
                   "生成时不再生成（定时任务用）")
    p.set_defaults(func=_guard(cmd_rebuild))
