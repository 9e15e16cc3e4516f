"""The one place where Markdown from YAML becomes HTML: raw HTML is never passed through.

HR staff write `notice`, `achievements`, `rules`, `exemption` and `note` fields in Markdown. Anything
that looks like HTML is shown as text, links may only point to http(s), mailto and tel addresses,
images are dropped (an image would make the page fetch something from outside the site), and
headings are shifted so that the fragment fits under the page's own heading levels.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from builder.cjk_breaks import CjkBreaks

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def safe_href(url: str) -> str | None:
    """The URL if a visitor may follow it from YAML-authored text, else None."""
    url = url.strip()
    if not url or any(ord(ch) < 0x20 for ch in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ALLOWED_SCHEMES else None


class _Sanitise(Treeprocessor):
    def __init__(self, md: markdown.Markdown, heading_base: int) -> None:
        super().__init__(md)
        self.heading_base = heading_base

    def run(self, root: etree.Element) -> None:
        levels = [int(el.tag[1]) for el in root.iter() if el.tag in _HEADINGS]
        shift = self.heading_base - min(levels) if levels else 0
        for el in list(root.iter()):
            if el.tag in _HEADINGS:
                el.tag = f"h{min(6, max(self.heading_base, int(el.tag[1]) + shift))}"
                el.attrib.clear()
            elif el.tag == "a":
                href = safe_href(el.get("href", ""))
                title = el.get("title")
                el.attrib.clear()
                if href is None:
                    el.tag = "span"
                else:
                    el.set("href", href)
                    if title:
                        el.set("title", title)
            elif el.tag == "img":
                # Keep the alternative text so nothing the author wrote silently disappears.
                alt = el.get("alt") or ""
                el.attrib.clear()
                el.tag = "span"
                el.text = alt


class _NoRawHtml(Extension):
    def __init__(self, heading_base: int) -> None:
        super().__init__()
        self.heading_base = heading_base

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Without these two, `<b>` or `<script>` in the source is plain text and gets escaped.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_Sanitise(md, self.heading_base), "gongshi_sanitise", 0)


def render_markdown(text: str | None, *, heading_base: int = 3) -> Markup:
    """HTML for a Markdown field from YAML; empty for None."""
    if not text:
        return Markup("")
    md = markdown.Markdown(
        extensions=["sane_lists", _NoRawHtml(heading_base), CjkBreaks()], output_format="html"
    )
    return Markup(md.convert(text))
