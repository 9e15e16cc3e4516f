"""Build the site atomically: into a temporary sibling directory, swapped in only on success.

A validation error, an exception mid-build or a failed output check leaves the previous site
byte-identical, so a typo in one YAML file never takes the live portal down.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

log = logging.getLogger("gongshi")


def _swap(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old tree is removed afterwards."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    data_dir: Path | None = None,
    today: str | None = None,
    strict: bool = False,
) -> int:
    """Build; 0 on success, 1 when anything failed (the previous site is untouched)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
    config_file = Path(config_file).resolve()
    try:
        cfg = load_config(str(config_file), strict=strict)
    except (ConfigurationError, Abort) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 1
    target = Path(site_dir).resolve() if site_dir else Path(cfg.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    cfg.site_dir = str(staging)
    plugin = cfg.plugins.get("gongshi")
    if plugin is not None:
        if data_dir is not None:
            plugin.config.data_dir = str(Path(data_dir).resolve())
        if today is not None:
            plugin.config.today = today
    try:
        build(cfg)
    except (PluginError, Abort, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"\n生成失败，原网站未改动：\n{exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"\n生成失败（程序异常：{type(exc).__name__}: {exc}），原网站未改动", file=sys.stderr)
        raise
    _swap(staging, target)
    return 0
