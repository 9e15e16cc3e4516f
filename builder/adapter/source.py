"""What both engine adapters hand their engine besides the spine's plan (builder.build): the
Markdown source of a generated page (front matter only; the finished body is put in by the
adapter), the staff-manual filter of the nav, and the names of the values the templates read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from builder.load.identity import MANUAL_DIR
from builder.model.portal import Portal
from builder.render.pages import PageSource
from builder.render.pages.common import PageTags

ROUNDS_SECTION = "当前评选"
"""The navigation section of the rounds the public can still act on (after 首页); the masthead's
bar leaves it out by this title (theme_overrides/partials/header.html)."""
SITE_KEY = "gongshi_site"
"""config.extra key of the masthead's and footer's values (builder.load.identity.template_data)."""
EXTRA_KEY = "gongshi_search"
"""config.extra key of the search files' site paths (builder.build.SearchFiles)."""
ASSETS_KEY = "gongshi_assets"
"""config.extra key of the theme's scripts and style sheets → their content-named copies
(builder.build.SitePlan.assets)."""

__all__ = ["EXTRA_KEY", "MANUAL_DIR", "ROUNDS_SECTION", "SITE_KEY", "front_matter", "without_manual"]


def front_matter(page: PageSource) -> str:
    """The Markdown source an engine sees for a generated page: metadata only (`page_meta`).

    The body is put in as finished HTML by the adapter, so no YAML value ever goes through
    Markdown unescaped.
    """
    return "---\n" + yaml.dump(page_meta(page), Dumper=_DUMPER, allow_unicode=True,
                               sort_keys=False) + "---\n"


def page_meta(page: PageSource) -> dict[str, object]:
    """A generated page's metadata, as its front matter reads back (`front_matter`): what the
    engine's templates read from `page.meta`."""
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
    if page.tags is not None:
        meta["gongshi_tags"] = [[name, str(escape(value))] for name, value in page_tags(page.tags)]
    return meta


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it (as the data's parse uses its loader, builder.text.yamlsrc):
~7× faster than PyYAML's own, which was ~1.3 s of a correction's build step at 50,000 candidates
(every generated page's front matter, taken pages too; py-spy). Its text differs in places
(a character outside the BMP is written as an escape) but reads back to the same values, which
is all the engine takes from it; PyYAML's emitter even lost a NEL (U+0085) it wrote
(tests/test_escaping.py)."""


def page_tags(tags: PageTags) -> list[tuple[str, str]]:
    """A page's own tags as (name, value) `<meta>` pairs, named as the 政府网站发展指引
    (国办发〔2017〕47号) names them and as government pages carry them (checked against the
    tags of www.miit.gov.cn, www.ccgp.gov.cn and www.hd.gov.cn pages): ColumnName, ColumnType;
    on a content page ArticleTitle, PubDate (`YYYY-MM-DD HH:MM`) and ContentSource; Keywords.
    The theme writes the site's (SiteName, SiteDomain, SiteIDCode) and Description and Url.

    The data has dates, not times: a page goes public with the first build of its day (the
    daily rebuild runs just after midnight), so PubDate is that day at 00:00."""
    out = [("ColumnName", tags.column.name), ("ColumnType", tags.column.type)]
    if tags.article:
        out.append(("ArticleTitle", tags.article))
    if tags.published:
        out.append(("PubDate", f"{tags.published.isoformat()} 00:00"))
    if tags.source:
        out.append(("ContentSource", tags.source))
    out.append(("Keywords", ",".join(tags.keywords or (tags.column.name,))))
    return out


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
