"""`gongshi check-site site/`: the output checks on a built site, from the command line.

The engine's theme folder (files identical to its own are not scanned) is the adapter's to
know: the command line (builder.cli) hands it in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from builder.checks.runner import run_checks
from builder.model.contacts import Allowlist, portal_allowlist
from builder.model.urls import handwritten_url


def _site_url(config: Path) -> str | None:
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    value = data.get("site_url") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def handwritten_pages(config: Path) -> set[str]:
    """Site paths of the pages written by hand in the config's docs_dir (a.md -> a/index.html)."""
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return set()
    docs = config.parent / (data.get("docs_dir", "docs") if isinstance(data, dict) else "docs")
    out: set[str] = set()
    for md in docs.rglob("*.md") if docs.is_dir() else ():
        out.add(handwritten_url(md.relative_to(docs).as_posix()) + "index.html")
    return out


def add_parser(sub: argparse._SubParsersAction, theme_dirs: Callable[[], list[Path]]) -> None:
    p = sub.add_parser(
        "check-site",
        help="检查生成的网站：不得含有身份证号、个人手机号等个人信息，站内链接全部有效",
    )
    p.add_argument("site", nargs="?", default="site", help="网站目录（默认 site）")
    p.add_argument(
        "--data",
        default="data",
        help="数据目录（默认 data）：其中评选的联系电话和异议受理电话、邮箱是允许出现的",
    )
    p.add_argument("-f", "--config", default="mkdocs.yml", help="MkDocs 配置文件（读取 site_url）")
    p.set_defaults(func=lambda args: cmd_check_site(args, theme_dirs()))


def cmd_check_site(args: argparse.Namespace, theme_dirs: list[Path]) -> int:
    from builder.load.loader import load

    site = Path(args.site)
    if not site.is_dir():
        print(f"{args.site}: 网站目录不存在，请先生成网站（gongshi build）", file=sys.stderr)
        return 2
    allow = Allowlist()
    data = Path(args.data)
    if data.is_dir():
        loaded = load(data)
        if loaded.portal is not None:
            allow = portal_allowlist(loaded.portal).with_handwritten(
                handwritten_pages(Path(args.config))
            )
        else:
            print(
                f"警告：{args.data} 中的数据有错误，无法读取发布单位的联系方式；"
                "网站中出现的所有手机号和邮箱都会被当作个人信息报告",
                file=sys.stderr,
            )
    report = run_checks(
        site,
        allow=allow,
        site_url=_site_url(Path(args.config)),
        shown_as=str(args.site).rstrip("/\\") or ".",
        theme_dirs=theme_dirs,
    )
    if report.problems:
        print(report.problems.to_text(), file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 1 if report.problems.errors else 0
