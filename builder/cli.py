"""The `gongshi` command: a thin layer over the core. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.files.quickexit import exit_now
from builder.load.loader import load


def cmd_validate(args: argparse.Namespace) -> int:
    """Every problem of every file on stdout (errors, then warnings, then a summary): the data,
    and the hand-written pages of the site_src/ beside it (what a build and a publishing
    server's pre-receive check refuse too)."""
    data = Path(args.dir)
    docs = data.parent / "site_src"
    if docs.is_dir():
        from builder.build import load_sources

        problems = load_sources(data, docs).problems
    else:
        problems = load(data).problems
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
    if args.engine == "zensical":
        from builder.adapter import zensical

        return zensical.build_site(Path(args.config), strict=args.strict)
    from builder.adapter.mkdocs.sitebuild import build_site

    return build_site(Path(args.config), strict=args.strict, lean=True)


def cmd_manual(args: argparse.Namespace) -> int:
    from builder.adapter.mkdocs.sitebuild import build_site

    site = Path(args.output)
    code = build_site(Path(args.config), site_dir=site, manual=True, lean=True)
    if code == 0:
        print(f"\n工作人员版网站（含操作手册）已生成到 {site}/，操作手册在其中的 /manual/。"
              "可以放到只供工作人员访问的内网服务器上；不要发布到公开网站。"
              "本机查看手册最简单的办法是 make serve，然后打开 http://127.0.0.1:8000/manual/")
    if code == 0 and args.pdf:
        from builder.tools.manual_pdf import PDF_NAME, ManualPdfError, write_pdf

        out = site / PDF_NAME
        try:
            pages = write_pdf(site, Path(args.config), out)
        except ManualPdfError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
        print(f"操作手册 PDF（{pages} 页，每章一个书签）：{out}")
    return code


def _mkdocs_theme_dirs() -> list[Path]:
    """`gongshi check-site` checks a site `gongshi build` made: MkDocs' theme (imported only when
    the command runs)."""
    from builder.adapter.mkdocs.plugin import theme_dirs

    return theme_dirs()


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gongshi", description="公示门户生成工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("validate", help="检查 data/ 中的全部数据文件和旁边 site_src/ 中的手写页面")
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
    p.add_argument(
        "--engine", choices=["mkdocs", "zensical"], default="mkdocs",
        help="生成引擎：mkdocs（默认）或 zensical（Material for MkDocs 的后继者，试用）",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("manual", help="生成工作人员版网站（含操作手册）到 site-manual/，不发布")
    p.add_argument("-o", "--output", default="site-manual", help="输出目录（默认 site-manual）")
    p.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs 配置文件")
    p.add_argument("--pdf", action="store_true",
                   help="同时把操作手册打印成一个 PDF（需要 Chromium），放在输出目录中，供离线阅读和打印")
    p.set_defaults(func=cmd_manual)

    from builder.checks.command import add_parser as add_check_site

    add_check_site(sub, _mkdocs_theme_dirs)

    # HR staff's tools (scaffold, Excel roster, editor schemas) live in their own modules.
    from builder.tools import roster, scaffold, schema

    scaffold.add_command(sub)
    roster.add_commands(sub)
    schema.add_command(sub)

    from builder.server import command as server

    server.add_commands(sub)

    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return int(args.func(args))


def run() -> None:
    """The `gongshi` command: `main`, then the process ends without freeing the build's
    objects one by one (builder.files.quickexit)."""
    exit_now(main())


if __name__ == "__main__":
    run()
