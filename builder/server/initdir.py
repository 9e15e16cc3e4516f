"""`gongshi server init`: create or update a server directory (idempotent)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from builder.files.atomicfs import DIR_MODE
from builder.model.siteurl import normalize_site_url
from builder.server import bucket, install, program, units
from builder.server.layout import SETTINGS, Layout, ServerError, Settings, git, printable
from builder.server.mirrors import check_mirror, foreign_content

OWN_ENTRIES = {
    "repo.git", "releases", "current", "work", "cache", "etc", SETTINGS, "publish.log", "build.lock",
    "cron.log", "gongshi-server.tmp", "deploy.log",
}


def _ours(name: str) -> bool:
    return name in OWN_ENTRIES or name.startswith(".current.new-")


def init(root: Path, *, site_url: str, branch: str = "main", keep: int = 10,
         mirrors: tuple[str, ...] = (), max_files: int = Settings.max_files,
         max_file_mb: int = Settings.max_file_mb, max_total_mb: int = Settings.max_total_mb,
         build_command: tuple[str, ...] = (),
         retain_days: int = Settings.retain_days, publish_to: tuple[str, ...] = (),
         env: dict[str, str] | None = None) -> Layout:
    """Create (or bring up to date) a server directory. Idempotent; refuses a directory that
    holds anything else, so it never takes over a directory by mistake."""
    root = root.resolve()
    if keep < 1:
        raise ServerError("--keep 至少为 1")
    if retain_days < 0:
        raise ServerError("--retain-days 不能为负数")
    for option, value in (("--max-files", max_files), ("--max-file-mb", max_file_mb),
                          ("--max-total-mb", max_total_mb)):
        if value < 1:
            raise ServerError(f"{option} 至少为 1")
    program.require()
    try:
        site_url = normalize_site_url(site_url, source="--site-url")
    except ValueError as exc:
        raise ServerError(str(exc)) from None
    mirrors = tuple(check_mirror(m) for m in mirrors)
    targets = [bucket.Target.parse(t) for t in publish_to]
    publish_to = tuple(str(t) for t in targets)
    for mirror in mirrors:
        # Publishing deletes old releases on a mirror: never point it at anything else.
        foreign = foreign_content(mirror)
        if foreign:
            raise ServerError(
                f"镜像 {mirror} 中有不属于公示门户的内容（{'、'.join(printable(f) for f in foreign[:5])}）："
                "请换一个空目录（发布时会删除其中的旧版本）"
            )
    layout = Layout(root)
    if root.exists():
        if not root.is_dir():
            raise ServerError(f"{root} 已存在且不是目录")
        entries = {p.name for p in root.iterdir()}
        foreign = sorted(e for e in entries if not _ours(e))
        if entries and not layout.settings_file.is_file():
            raise ServerError(
                f"{root} 中已有别的内容（{'、'.join(sorted(entries)[:5])}），不是公示门户的服务器目录："
                "请换一个空目录"
            )
        if foreign:
            raise ServerError(f"{root} 中有不属于公示门户的内容：{'、'.join(foreign[:5])}")
        if layout.settings_file.is_file():
            layout.settings()  # a broken settings file stops here, not in a hook
    root.mkdir(parents=True, exist_ok=True)
    settings = Settings(site_url=site_url, branch=branch, keep=keep, python=sys.executable,
                        mirrors=mirrors, max_files=max_files, max_file_mb=max_file_mb,
                        max_total_mb=max_total_mb, build_command=build_command,
                        retain_days=retain_days, publish_to=publish_to)
    for d in (root, layout.releases, layout.work, layout.etc):
        d.mkdir(exist_ok=True)
        os.chmod(d, DIR_MODE)  # nginx's workers (www-data) must reach current/
    if targets:
        # The hooks and the timer read the keys from here, never from their environment.
        bucket.save_credentials(layout, dict(os.environ if env is None else env))
        s3 = bucket.client(layout)
        for target in targets:
            bucket.check_target(s3, target)
    if not (layout.repo / "HEAD").is_file():
        git("init", "--quiet", "--bare", f"--initial-branch={branch}", str(layout.repo))
    tmp = layout.settings_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, layout.settings_file)
    install.write_hooks(layout, settings)
    units.write_units(layout, settings)
    return layout
