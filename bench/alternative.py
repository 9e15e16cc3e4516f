"""The alternative a bureau would use instead: the same pages, plain MkDocs + Material + its search.

`write_project` (run in a child by bench.child) renders every page the portal generates with the
portal's own pure renderers (builder.render.pages.render_all, the function the plugin calls) and saves
each as a plain Markdown file whose body is the portal's HTML for that page (Markdown passes block
HTML through), with the same title and Material `hide` settings; the hand-written pages and the
form files are copied. Its mkdocs.yml is the project's own (nav, Markdown extensions, palette)
without the portal: no gongshi plugin, no custom_dir, and Material's search plugin on with its
defaults (language from the theme: zh; jieba, installed in this venv, segments Chinese, as
Material's documentation recommends for Chinese).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from bench.measure import REPO


def write_project(data: Path, today: str, alt: Path) -> int:
    """Write every page the portal generates as a plain MkDocs page, plus the hand-written ones.

    The body is the portal's own HTML for the page (Markdown passes block HTML through), with the
    same title and the same Material `hide` settings, so plain MkDocs + Material renders the same
    content; what differs is only the machinery (no portal plugin, templates or search).
    """
    import datetime as dt

    from mkdocs.config import load_config

    from builder.load.loader import load
    from builder.model.urls import file_path
    from builder.render.pages import render_all

    loaded = load(data)
    if loaded.portal is None:
        print(loaded.problems.to_text(), file=sys.stderr)
        return 1
    cfg = load_config(str(REPO / "mkdocs.yml"))
    docs = alt / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(REPO / cfg.docs_dir if not Path(cfg.docs_dir).is_absolute() else cfg.docs_dir,
                    docs)
    for page in render_all(loaded.portal, dt.date.fromisoformat(today), cfg.site_name):
        meta: dict[str, object] = {"title": page.title}
        if page.hide:
            meta["hide"] = list(page.hide)
        if page.description:
            meta["description"] = page.description
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        target.write_text(f"---\n{front}---\n\n{page.html}\n", encoding="utf-8")
    for r in loaded.portal.rounds:
        for form in r.forms:
            target = docs / file_path(r.id, form)
            target.parent.mkdir(parents=True, exist_ok=True)
            if form.content is not None:
                target.write_bytes(form.content)
            else:
                shutil.copyfile(form.path, target)
    # The project's own configuration (nav, Markdown extensions, palette…) minus the portal:
    # no plugin, no custom_dir, Material's search on with its defaults (language from the theme).
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update({"docs_dir": "docs", "site_dir": "site", "strict": False, "plugins": ["search"]})
    config.pop("watch", None)
    config.pop("hooks", None)
    theme = config.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    (alt / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return 0


