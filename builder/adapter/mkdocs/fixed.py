"""The configuration a publishing server builds with: the installed program's, never a pushed one.

A pushed `mkdocs.yml` can run code (`hooks:`, a `!!python/object` tag: MkDocs reads its config
with PyYAML's unsafe loader), read host files (`pymdownx.snippets`, `docs_dir: /`), make the
build fetch intranet addresses (`material/privacy`), or publish what it should not
(`exclude_docs`). So the server reads only the program's own `mkdocs.yml` (safe loader), takes
from it the keys that describe the site's look, and fixes everything else: the pushed source's
`site_src/` and `data/`, the program's `theme_overrides/`, no hooks, the gongshi plugin alone,
and only the Markdown extensions of `builder.checks.handwritten.MARKDOWN_EXTENSIONS`. The pages'
names and order come from `data/site.yml` (`pages`), checked like any data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from builder.checks.handwritten import MARKDOWN_CONFIGS, MARKDOWN_EXTENSIONS

TAKEN = ("site_name", "site_description", "site_author", "copyright", "extra", "nav")
"""Keys of the program's mkdocs.yml the server build takes as they are; every other key is
either fixed below or left out."""
THEME_TAKEN = ("name", "language", "font", "features", "palette", "icon", "favicon", "logo")


class ConfigProblem(ValueError):
    """The program's own mkdocs.yml cannot be the server's configuration (for the administrator)."""


def fixed_config(program_config: Path, theme_dir: Path, source: Path, *,
                 group_writable: bool = False) -> dict[str, Any]:
    """The MkDocs configuration for building `source` (a folder holding data/ and site_src/);
    `group_writable`: the site's folders 0775 (a build running as its own account)."""
    try:
        raw = yaml.safe_load(program_config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigProblem(f"无法读取程序的 {program_config}：{exc}") from None
    if not isinstance(raw, dict):
        raise ConfigProblem(f"程序的 {program_config} 不是一个映射")
    theme = raw.get("theme") or {}
    if not isinstance(theme, dict) or theme.get("name") != "material":
        raise ConfigProblem(f"程序的 {program_config} 中 theme.name 应为 material")
    extensions: list[Any] = []
    for item in raw.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else item
        if name not in MARKDOWN_EXTENSIONS:
            raise ConfigProblem(
                f"程序的 {program_config} 使用了 Markdown 扩展 {name}，服务器只用固定的扩展："
                + "、".join(MARKDOWN_EXTENSIONS)
            )
    for name in MARKDOWN_EXTENSIONS:
        options = MARKDOWN_CONFIGS.get(name)
        extensions.append({name: dict(options)} if options else name)
    config: dict[str, Any] = {key: raw[key] for key in TAKEN if key in raw}
    config.update({
        "docs_dir": str(source / "site_src"),
        "use_directory_urls": True,
        "strict": False,
        "theme": {**{k: theme[k] for k in THEME_TAKEN if k in theme},
                  "custom_dir": str(theme_dir)},
        "markdown_extensions": extensions,
        "plugins": [{"gongshi": {"data_dir": str(source / "data"),
                                 "group_writable": group_writable}}],
    })
    return config
