"""The one place where Markdown from YAML becomes HTML: raw HTML is never passed through.

HR staff write `notice`, `achievements`, `rules`, `exemption` and `note` fields in Markdown. Anything
that looks like HTML is shown as text, links may only point to http(s), mailto and tel addresses,
images are dropped (an image would make the page fetch something from outside the site), and
headings are shifted so that the fragment fits under the page's own heading levels.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as etree
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from builder.render.cjk_breaks import CjkBreaks
from builder.text import attachments

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


@dataclass(frozen=True)
class Link:
    """Where an attachment title points: a form file (saved under `download`) or a section."""

    href: str
    download: str | None = None


class _LinkAttachments(Treeprocessor):
    """Turns the titles of a notice's 附件 lines into links to their forms (builder.text.attachments).

    Runs after _Sanitise: these links are the builder's own (relative, to the round's files),
    which the sanitiser, made for links HR staff write, would refuse."""

    def __init__(self, md: markdown.Markdown, links: Mapping[str, Link]) -> None:
        super().__init__(md)
        self.links = links

    def run(self, root: etree.Element) -> None:
        # Lines of plain paragraphs and list items, in reading order; an element with inline
        # markup inside (emphasis, a link) is not an attachment line and ends the attachments.
        lines: list[tuple[etree.Element, int]] = []
        blocks: list[attachments.Block] = []

        def add(el: etree.Element, numbered: bool) -> None:
            if len(el):
                blocks.append(attachments.Block(""))
                lines.append((el, -1))
                return
            for n, text in enumerate((el.text or "").split("\n")):
                blocks.append(attachments.Block(text, numbered and n == 0))
                lines.append((el, n))

        for child in root:
            if child.tag in ("ol", "ul"):
                for item in child:
                    add(item, True)
            else:
                add(child, False)
        hits: dict[etree.Element, list[tuple[int, attachments.Attachment]]] = {}
        for found in attachments.find(blocks):
            el, n = lines[found.block]
            if attachments.key(found.title) in self.links:
                hits.setdefault(el, []).append((n, found))
        for el, spans in hits.items():
            self._wrap(el, spans)

    def _wrap(self, el: etree.Element, spans: list[tuple[int, attachments.Attachment]]) -> None:
        text_lines = (el.text or "").split("\n")
        el.text = ""
        last: etree.Element | None = None

        def put(text: str) -> None:
            if last is None:
                el.text = (el.text or "") + text
            else:
                last.tail = (last.tail or "") + text

        by_line = {n: a for n, a in spans}
        for n, line in enumerate(text_lines):
            if n:
                put("\n")
            found = by_line.get(n)
            if found is None:
                put(line)
                continue
            put(line[: found.start])
            link = self.links[attachments.key(found.title)]
            last = etree.SubElement(el, "a", {"href": link.href})
            if link.download:
                last.set("download", link.download)
            last.text = found.title
            put(line[found.end :])


class _NoticeLinks(Extension):
    def __init__(self, links: Mapping[str, Link]) -> None:
        super().__init__()
        self.links = links

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LinkAttachments(md, self.links), "gongshi_attachments", -1)


def render_markdown(
    text: str | None, *, heading_base: int = 3, links: Mapping[str, Link] | None = None
) -> Markup:
    """HTML for a Markdown field from YAML; empty for None. `links`: a notice's attachment
    titles (attachments.key) that link to their forms."""
    if not text:
        return Markup("")
    if links:
        # A notice's attachment links differ per round: a converter of its own.
        extensions: list[Extension | str] = [
            "sane_lists", _NoRawHtml(heading_base), CjkBreaks(), _NoticeLinks(links)
        ]
        return Markup(markdown.Markdown(extensions=extensions, output_format="html").convert(text))
    return Markup(_converter(heading_base).reset().convert(text))


@functools.cache
def _converter(heading_base: int) -> markdown.Markdown:
    """One converter per heading level, reset before each text: setting up Python-Markdown's
    parser took more time than converting (a list of 10,000 candidates has 9,000 texts); no
    extension here keeps state across texts that `reset` would miss (footnotes, abbreviations
    and the like are not enabled)."""
    return markdown.Markdown(
        extensions=["sane_lists", _NoRawHtml(heading_base), CjkBreaks()], output_format="html"
    )
