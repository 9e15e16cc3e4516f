"""Link integrity of the built site: every internal link, anchor and download resolves.

Links are resolved the way a static server resolves them (nginx `try_files $uri $uri/`):
percent-decoded, relative to the page's URL, a directory means its index.html. External links
(http(s) to another host, mailto:, tel:) are not fetched. `javascript:`, `vbscript:` and `data:`
links to documents are refused outright: no page of the portal needs one, and one found here
means markup from data got through unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from builder.checks.htmlscan import ParsedHTML, Tag

# (element, attribute) pairs that point at something the browser fetches or navigates to.
URL_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
}
SKIPPED_SCHEMES = frozenset({"mailto", "tel", "sms"})
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
_BASE = "http://gongshi.invalid"


@dataclass(frozen=True)
class LinkProblem:
    file: str
    line: int
    column: int
    message: str


@dataclass
class LinkStats:
    links: int = 0
    anchors: int = 0
    external: int = 0


def _urls(tag: Tag) -> Iterator[tuple[str, str]]:
    for attr in URL_ATTRS.get(tag.name, ()):
        value = tag.get(attr)
        if value is None:
            continue
        if attr == "srcset":
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                if url:
                    yield attr, url
        else:
            yield attr, value.strip()
    if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
        content = tag.get("content") or ""
        _, _, rest = content.partition(";")
        rest = rest.strip()
        if rest.lower().startswith("url="):
            yield "content", rest[4:].strip().strip("'\"")


class Link(NamedTuple):
    """One URL written in a page: all the link check needs of the page's markup. A named tuple,
    not a dataclass: a site has hundreds of thousands, made again from the disk store by every
    check (builder.checks.runner), and a tuple is made several times faster."""

    tag: str
    attr: str
    url: str
    line: int
    column: int


def page_links(parsed: ParsedHTML) -> tuple[Link, ...]:
    """Every non-empty URL of a parsed page, in document order."""
    return tuple(
        Link(tag.name, attr, raw, tag.line, tag.column)
        for tag in parsed.tags
        for attr, raw in _urls(tag)
        if raw
    )


class InternalLink(NamedTuple):
    """A link into the site: whether it resolves depends on the other files of the build.
    (A named tuple, as Link.)"""

    line: int
    column: int
    shown: str
    path: str
    """Percent-decoded URL path from the site's root."""
    fragment: str
    """Percent-decoded; empty when the link has none."""


@dataclass(frozen=True)
class PageLinks:
    """A page's links as far as the page alone decides (given the site's URL): refused links,
    already problems, and internal links still to resolve, in document order; external links
    are only counted."""

    items: tuple[LinkProblem | InternalLink, ...]
    external: int


def classify_links(rel: str, links: Iterable[Link], site_url: str | None = None) -> PageLinks:
    """Sort the links of the page `rel` (path in the site) into refused, external, internal."""
    own = urlsplit(site_url) if site_url else None
    own_path = (own.path if own else "/") or "/"
    if not own_path.endswith("/"):
        own_path += "/"
    base = _BASE + "/" + rel
    items: list[LinkProblem | InternalLink] = []
    external = 0
    folders = _folders(rel)
    for link in links:
        raw = link.url
        plain = _plain_link(rel, raw, folders) if not (raw[:1] == "/" and own_path != "/") else None
        if plain is not None:
            shown = raw if len(raw) <= 120 else raw[:120] + "…"
            items.append(InternalLink(link.line, link.column, shown, unquote(plain[0]), unquote(plain[1])))
            continue
        parts = urlsplit(raw)
        scheme = parts.scheme.lower()
        shown = raw if len(raw) <= 120 else raw[:120] + "…"
        if scheme in UNSAFE_SCHEMES:
            items.append(
                LinkProblem(
                    rel, link.line, link.column,
                    f"<{link.tag}> 的 {link.attr} 是不安全的「{scheme}:」链接：{shown}",
                )
            )
            continue
        if scheme == "data":
            if link.tag in ("img", "source", "image", "use") and raw[5:].startswith("image/"):
                continue
            items.append(
                LinkProblem(
                    rel, link.line, link.column, f"<{link.tag}> 的 {link.attr} 不能使用「data:」链接"
                )
            )
            continue
        if scheme in SKIPPED_SCHEMES:
            continue
        if scheme or parts.netloc:
            absolute = scheme in ("http", "https", "") and own is not None
            inside = (
                absolute
                and parts.netloc == own.netloc  # type: ignore[union-attr]
                and (parts.path or "/").startswith(own_path)
            )
            if not inside:
                external += 1
                continue
            path = "/" + (parts.path or "/")[len(own_path) :]
        elif raw.startswith("/") and own_path != "/":
            # A site served under a sub-path (site_url https://host/gongshi/): MkDocs writes the
            # 404 page's links from the host's root (/gongshi/search/), as that page is served
            # at any depth. Such a link is into the site only under its path.
            # As a browser reads it: /gongshi/. is /gongshi/.
            absolute_path = urlsplit(urljoin(_BASE + "/", parts.path)).path
            if not absolute_path.startswith(own_path):
                items.append(
                    LinkProblem(
                        rel, link.line, link.column,
                        f"链接「{shown}」不在网站地址 {site_url} 之下：网站放在子路径 {own_path} 中时，"
                        f"以 / 开头的链接须以 {own_path} 开头",
                    )
                )
                continue
            path = "/" + absolute_path[len(own_path) :]
        else:
            path = urlsplit(urljoin(base, raw)).path
        items.append(
            InternalLink(link.line, link.column, shown, unquote(path), unquote(parts.fragment))
        )
    return PageLinks(tuple(items), external)


_PLAIN_PATH = re.compile(r"[^\x00-\x20\x7f:?;#\\]*")
"""A URL path (or a page's site path) in which urljoin and urlsplit find nothing but the path:
no scheme, query, parameters or fragment, nothing they strip or treat apart."""
_STRIPPED = re.compile(r"[\t\r\n]")
"""What urlsplit removes anywhere in a URL (a fragment holding one is left to it)."""


_NOT_PLAIN: list[str] = []


def _folders(rel: str) -> list[str]:
    """The base path's segments a relative link is merged with ("", then the page's folders),
    or _NOT_PLAIN when the page's own path is not plain (its links are left to urljoin)."""
    return ["", *rel.split("/")[:-1]] if _PLAIN_PATH.fullmatch(rel) else _NOT_PLAIN


def _plain_link(rel: str, raw: str, folders: list[str] | None = None) -> tuple[str, str] | None:
    """(`urlsplit(urljoin(base, raw)).path`, `urlsplit(raw).fragment`) for the page `rel` (base:
    the page's URL) when `raw` is a plain path with an optional fragment, as most links of a
    built page are; None otherwise. `folders`: `_folders(rel)`, when the caller has it. The same steps as urljoin (RFC 3986's merge and dot
    segments) without parsing both URLs again for every link: that was most of the output
    checks' link work (216,000 links at 200,000 candidates). tests/test_links.py holds it to
    urljoin and urlsplit."""
    if folders is None:
        folders = _folders(rel)
    path, _hash, fragment = raw.partition("#")
    if (folders is _NOT_PLAIN or path[:2] == "//" or not _PLAIN_PATH.fullmatch(path)
            or _STRIPPED.search(fragment)):
        return None
    if not path:
        return "/" + rel, fragment
    if path[:1] == "/":
        segments = path.split("/")
    else:
        segments = [*folders, *path.split("/")]
        segments[1:-1] = filter(None, segments[1:-1])
    resolved: list[str] = []
    for seg in segments:
        if seg == "..":
            if resolved:
                resolved.pop()
        elif seg != ".":
            resolved.append(seg)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved) or "/"
    return (joined if joined[:1] == "/" else "/" + joined), fragment


def resolve_links(
    files: Collection[str],
    pages: Mapping[str, PageLinks],
    ids_of: Callable[[str], Collection[str] | None],
) -> tuple[list[LinkProblem], LinkStats]:
    """Problems for every link of `pages` (path in the site → its classified links) that does
    not resolve, in path order.

    `files` are the paths of every file of the site; `ids_of(rel)` the anchors an HTML file
    defines (None when it cannot be read).
    """
    problems: list[LinkProblem] = []
    stats = LinkStats()
    targets: dict[str, str | None] = {}
    anchors: dict[str, Collection[str] | None] = {}

    def target_of(path: str) -> str | None:
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if rel in files:
            return rel
        if f"{rel}/index.html" in files:
            return f"{rel}/index.html"
        return None

    for rel in sorted(pages):
        page = pages[rel]
        stats.external += page.external
        for item in page.items:
            if isinstance(item, LinkProblem):
                problems.append(item)
                continue
            where = (rel, item.line, item.column)
            stats.links += 1
            if item.path in targets:
                target = targets[item.path]
            else:
                target = targets[item.path] = target_of(item.path)
            if target is None:
                problems.append(
                    LinkProblem(
                        *where,
                        f"链接「{item.shown}」指向的文件不存在（{item.path}）：请改正链接，"
                        "或检查该页面/文件是否已生成",
                    )
                )
                continue
            if not item.fragment or not target.endswith((".html", ".htm")):
                continue
            stats.anchors += 1
            if target in anchors:
                ids = anchors[target]
            else:
                ids = anchors[target] = ids_of(target)
            if ids is None or item.fragment not in ids:
                problems.append(
                    LinkProblem(
                        *where,
                        f"链接「{item.shown}」的锚点「#{item.fragment}」在 {target} 中不存在"
                        "（没有这个 id 的元素）",
                    )
                )
    return problems, stats


def site_files(site_dir: Path) -> set[str]:
    """Paths (relative, with /) of every file in `site_dir`."""
    site_dir = Path(site_dir)
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}


def check_links(
    site_dir: Path,
    pages: dict[str, ParsedHTML],
    parse: Callable[[str], ParsedHTML | None],
    site_url: str | None = None,
) -> tuple[list[LinkProblem], LinkStats]:
    """Problems for every link in `pages` (relative path → parsed HTML/XML) that does not resolve.

    `parse(rel)` parses another file of the site on demand (an anchor's target).
    """

    def ids_of(target: str) -> Collection[str] | None:
        doc = pages.get(target) or parse(target)
        return None if doc is None else doc.ids

    classified = {rel: classify_links(rel, page_links(doc), site_url) for rel, doc in pages.items()}
    return resolve_links(site_files(site_dir), classified, ids_of)
