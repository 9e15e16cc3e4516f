"""Markup that no page of the portal contains unless something from data escaped escaping.

The templates never use event-handler attributes (the site's Content-Security-Policy would
block them anyway) nor embed frames or plugins; seeing one in a built page means a value from
YAML was written as HTML. The build stops rather than publish it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from builder.checks.htmlscan import ParsedHTML

FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})


# Attributes a browser fetches by itself when the page loads (a link <a href> is only followed
# when clicked, and is counted as an external link instead). The portal promises to make no
# request to another host: an image or script from elsewhere in a hand-written page is refused.
_LOADED = {
    "img": ("src", "srcset"), "script": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "link": ("href",),
}
_LINK_LOADS = frozenset({"stylesheet", "icon", "shortcut", "preload", "prefetch", "modulepreload",
                         "manifest", "apple-touch-icon", "dns-prefetch", "preconnect"})
_ELSEWHERE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def _loads_from_elsewhere(name: str, key: str, value: str) -> bool:
    if key not in _LOADED.get(name, ()):
        return False
    return any(_ELSEWHERE.match(part) for part in value.split(","))


# Attributes whose URL the browser loads by itself. An empty one is a template that printed a
# value it did not have: MiniJinja (the Zensical build) prints an undefined value as nothing,
# where Jinja2's strict mode would stop, and the page would load itself as an image, a script or
# the search index. (An empty <a href> or <form action> is a link to the page itself, which both
# engines write for the current page, so those are not refused.)
_URL_ATTRIBUTES = frozenset({"src", "poster", "data-index", "data-root"})


def check_markup(parsed: ParsedHTML) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) for every piece of markup that should not exist."""
    for tag in parsed.tags:
        for key, value in tag.attrs:
            loaded = key in _URL_ATTRIBUTES or (key == "href" and tag.name == "link")
            if loaded and value is not None and not value.strip():
                yield tag.line, tag.column, (
                    f"<{tag.name}> 的 {key} 是空的：模板引用了一个不存在的值（网址），"
                    "浏览器会把页面自己当作这个文件加载；请检查模板和它读取的配置"
                )
        # Only an element that may load something has its attributes read again (most of a list
        # page's millions of tags are cells and rows).
        loading = tag.name in _LOADED and not (
            tag.name == "link" and not set((dict(tag.attrs).get("rel") or "").lower().split()) & _LINK_LOADS
        )
        for key, value in tag.attrs if loading else ():
            if not value:
                continue
            if _loads_from_elsewhere(tag.name, key, value):
                yield tag.line, tag.column, (
                    f"页面从其他网站加载 <{tag.name}> 的 {key}（{value.strip()[:80]}）：本站承诺不向外部"
                    "发出任何请求，内网也要能用；请把文件放进 site_src/ 并用相对路径引用，或删除它"
                )
        if tag.name in FORBIDDEN_ELEMENTS:
            yield tag.line, tag.column, (
                f"页面中出现了 <{tag.name}> 元素：本站模板从不使用它，可能是数据中的 HTML 未被转义"
            )
        for key, _ in tag.attrs:
            if key.startswith("on"):
                yield tag.line, tag.column, (
                    f"<{tag.name}> 带有事件处理属性 {key}：本站模板从不使用它，"
                    "可能是数据中的 HTML 未被转义"
                )
