"""Link integrity of the built site: every internal link, anchor and download resolves.

Links are resolved the way a static server resolves them (nginx `try_files $uri $uri/`):
percent-decoded, relative to the page's URL, a directory means its index.html. External links
(http(s) to another host, mailto:, tel:) are not fetched. `javascript:`, `vbscript:` and `data:`
links to documents are refused outright: no page of the portal needs one, and one found here
means markup from data got through unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
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


def _page_url(rel: str) -> str:
    return "/" + rel


def check_links(
    site_dir: Path,
    pages: dict[str, ParsedHTML],
    parse: Callable[[str], ParsedHTML | None],
    site_url: str | None = None,
) -> tuple[list[LinkProblem], LinkStats]:
    """Problems for every link in `pages` (relative path → parsed HTML/XML) that does not resolve.

    `parse(rel)` parses another file of the site on demand (an anchor's target).
    """
    site_dir = Path(site_dir)
    files = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    own = urlsplit(site_url) if site_url else None
    own_path = (own.path if own else "/") or "/"
    if not own_path.endswith("/"):
        own_path += "/"
    problems: list[LinkProblem] = []
    stats = LinkStats()

    def target_of(path: str) -> str | None:
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        if rel in files:
            return rel
        if f"{rel}/index.html" in files:
            return f"{rel}/index.html"
        return None

    for rel, parsed in sorted(pages.items()):
        base = _BASE + _page_url(rel)
        for tag in parsed.tags:
            for attr, raw in _urls(tag):
                if not raw:
                    continue
                parts = urlsplit(raw)
                scheme = parts.scheme.lower()
                where = (rel, tag.line, tag.column)
                shown = raw if len(raw) <= 120 else raw[:120] + "…"
                if scheme in UNSAFE_SCHEMES:
                    problems.append(
                        LinkProblem(*where, f"<{tag.name}> 的 {attr} 是不安全的「{scheme}:」链接：{shown}")
                    )
                    continue
                if scheme == "data":
                    if tag.name in ("img", "source", "image", "use") and raw[5:].startswith("image/"):
                        continue
                    problems.append(LinkProblem(*where, f"<{tag.name}> 的 {attr} 不能使用「data:」链接"))
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
                        stats.external += 1
                        continue
                    path = "/" + (parts.path or "/")[len(own_path) :]
                else:
                    path = urlsplit(urljoin(base, raw)).path
                stats.links += 1
                decoded = unquote(path)
                target = target_of(decoded)
                if target is None:
                    problems.append(
                        LinkProblem(
                            *where,
                            f"链接「{shown}」指向的文件不存在（{decoded}）：请改正链接，"
                            "或检查该页面/文件是否已生成",
                        )
                    )
                    continue
                fragment = unquote(parts.fragment)
                if not fragment or not target.endswith((".html", ".htm")):
                    continue
                stats.anchors += 1
                doc = pages.get(target) or parse(target)
                if doc is None or fragment not in doc.ids:
                    problems.append(
                        LinkProblem(
                            *where,
                            f"链接「{shown}」的锚点「#{fragment}」在 {target} 中不存在"
                            "（没有这个 id 的元素）",
                        )
                    )
    return problems, stats


def resolve_site_path(site_dir: Path, url_path: str) -> Path | None:
    """The file a root-relative URL path serves, as the static server would, or None."""
    rel = PurePosixPath(unquote(url_path).lstrip("/"))
    candidate = Path(site_dir) / rel
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
