"""The thin MkDocs adapter: load the data, hand generated pages to MkDocs, write extra files.

Everything it does is delegated to the core; replacing MkDocs means replacing only this file.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from builder.loader import load
from builder.portal import Portal
from builder.rules import today_in_shanghai


class GongshiConfig(Config):
    data_dir = c.Type(str, default="data")
    today = c.Optional(c.Type(str))


class GongshiPlugin(BasePlugin[GongshiConfig]):
    portal: Portal | None = None

    def _today(self) -> dt.date:
        value = self.config.today or os.environ.get("GONGSHI_TODAY")
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError as exc:
                raise PluginError(f"GONGSHI_TODAY 应为 YYYY-MM-DD 格式的日期，而不是「{value}」") from exc
        return today_in_shanghai()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path).parent
        data_dir = (base / self.config.data_dir).resolve()
        loaded = load(data_dir)
        if loaded.portal is None:
            raise PluginError("数据有错误，未生成网站：\n" + loaded.problems.to_text())
        self.portal = loaded.portal
        self.today = self._today()
        return config
