"""Markup that no page of the portal contains unless something from data escaped escaping.

The templates never use event-handler attributes (the site's Content-Security-Policy would
block them anyway) nor embed frames or plugins; seeing one in a built page means a value from
YAML was written as HTML. The build stops rather than publish it.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.checks.htmlscan import ParsedHTML

FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base"})


def check_markup(parsed: ParsedHTML) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) for every piece of markup that should not exist."""
    for tag in parsed.tags:
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
