"""The `gongshi` command: a thin layer over the core. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.loader import load


def cmd_validate(args: argparse.Namespace) -> int:
    """Every problem of every file on stdout (errors, then warnings, then a summary)."""
    problems = load(Path(args.dir)).problems
    if args.format == "json":
        print(problems.to_json())
    else:
        if problems:
            print(problems.to_text())
        print(problems.summary())
        if problems.warnings and not problems.errors and not args.strict:
            print("警告不影响生成网站，但值得检查；加 --strict 时警告也视为失败")
    if problems.errors or (args.strict and problems.warnings):
        return 1
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from builder.sitebuild import build_site

    return build_site(Path(args.config), strict=args.strict)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongshi", description="公示门户生成工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("validate", help="检查 data/ 中的全部数据文件")
    p.add_argument("dir", nargs="?", default="data", help="数据目录（默认 data）")
    p.add_argument(
        "--format", choices=["text", "json"], default="text",
        help="text：每行一个问题（默认）；json：供程序读取",
    )
    p.add_argument("--strict", action="store_true", help="有警告时也以非零状态退出")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="生成网站到 site/（全部检查通过后才替换旧网站）")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs 配置文件")
    p.add_argument("--strict", action="store_true", help="有警告时也不生成")
    p.set_defaults(func=cmd_build)

    from builder.checks.command import add_parser as add_check_site

    add_check_site(sub)

    # HR staff's tools (scaffold, Excel roster, editor schemas) live in their own modules.
    from builder import roster, scaffold, schema

    scaffold.add_command(sub)
    roster.add_commands(sub)
    schema.add_command(sub)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
