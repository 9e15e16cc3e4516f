"""What both engine adapters hand their engine besides the spine's plan (builder.build): the
Markdown source of a generated page (front matter only; the finished body is put in by the
adapter), the staff-manual filter of the nav, and the names of the values the templates read.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from markupsafe import escape

from builder.load.identity import MANUAL_DIR
from builder.model.portal import Portal
from builder.render.pages import PageSource

ROUNDS_SECTION = "当前评选"
"""The navigation section of the rounds the public can still act on (after 首页); the masthead's
bar leaves it out by this title (theme_overrides/partials/header.html)."""
SITE_KEY = "gongshi_site"
"""config.extra key of the masthead's and footer's values (builder.load.identity.template_data)."""
EXTRA_KEY = "gongshi_search"
"""config.extra key of the search files' site paths (builder.build.SearchFiles)."""



def front_matter(page: PageSource) -> str:
    """The Markdown source an engine sees for a generated page: metadata only.

    The body is put in as finished HTML by the adapter, so no YAML value ever goes through
    Markdown unescaped.
    """
    # The engines' themes treat a page's title and description as HTML (Material's templates
    # print them unescaped into <title>, the header and a meta attribute), so values from YAML
    # are escaped here: a title like `</title><script>…` must stay text.
    meta: dict[str, object] = {"title": str(escape(page.title)), "hide": list(page.hide)}
    if page.sample:
        meta["gongshi_sample"] = True
    if page.description:
        meta["description"] = str(escape(page.description))
    if page.crumbs:
        meta["gongshi_crumbs"] = [[str(escape(title)), url] for title, url in page.crumbs]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def without_manual(nav: object) -> object:
    """`nav` without the entries that lead into the staff manual."""
    if isinstance(nav, list):
        kept = [without_manual(item) for item in nav if not _is_manual(item)]
        return [k for k in kept if k not in ([], {})]
    if isinstance(nav, dict):
        return {k: without_manual(v) for k, v in nav.items() if not _is_manual(v)}
    return nav


def _is_manual(item: object) -> bool:
    if isinstance(item, str):
        return item.startswith(MANUAL_DIR)
    if isinstance(item, dict):
        return bool(item) and all(_is_manual(v) for v in item.values())
    if isinstance(item, list):
        return bool(item) and all(_is_manual(v) for v in item)
    return False


def nav_with_pages(nav: object, portal: Portal, docs_dir: Path) -> object:
    """`nav` with its hand-written pages replaced by data/site.yml's `pages` (title, file),
    where the first of them was (at the end when there was none); `nav` itself when the data
    lists none. A hand-written page is an entry naming a file of `docs_dir` outside the staff
    manual; the generated pages and the manual's section stay where they are."""
    if portal.site is None or portal.site.identity.pages is None:
        return nav
    listed: list[object] = [{p.title: p.file} for p in portal.site.identity.pages]
    out: list[object] = []
    placed = False
    for item in nav if isinstance(nav, list) else []:
        if _is_handwritten(item, docs_dir):
            if not placed:
                out.extend(listed)
                placed = True
            continue
        out.append(item)
    if not placed:
        out.extend(listed)
    return out


def _is_handwritten(item: object, docs_dir: Path) -> bool:
    if isinstance(item, dict) and len(item) == 1:
        item = next(iter(item.values()))
    return (isinstance(item, str) and not item.startswith(MANUAL_DIR)
            and (docs_dir / item).is_file())
