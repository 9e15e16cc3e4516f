"""What both engine adapters hand their engine besides the spine's plan (builder.build): the
Markdown source of a generated page (front matter only; the finished body is put in by the
adapter), the staff-manual filter of the nav, and the names of the values the templates read.
"""

from __future__ import annotations

import yaml
from markupsafe import escape

from builder.render.pages import PageSource

ROUNDS_SECTION = "当前评选"
"""The navigation section of the rounds the public can still act on (after 首页); the masthead's
bar leaves it out by this title (theme_overrides/partials/header.html)."""
SITE_KEY = "gongshi_site"
"""config.extra key of the masthead's and footer's values (builder.load.identity.template_data)."""
EXTRA_KEY = "gongshi_search"
"""config.extra key of the search files' site paths (builder.build.SearchFiles)."""

MANUAL_DIR = "manual/"
"""The staff manual's folder in site_src/: only the staff build and the preview include it."""


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
