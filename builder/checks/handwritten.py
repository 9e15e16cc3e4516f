"""What site_src/ may hold: hand-written Markdown pages without active content, and documents
the personal-data check can read. Checked before anything is built, in every build and in the
publishing server's pre-receive hook (issue 26).

An engine copies every file of its docs folder into the site as it is. The output check reads
the types it knows and skipped the rest, so a `.yml`, `.xls` or `.doc` holding ID numbers was
published unread, and a `.js` file with a `<script src>` in a page ran on the portal's origin.
So a file of site_src/ must be a page (`.md`) or a document of a type `builder.text.formscan` reads
(the types accepted for forms); every other type is refused by name, with the reason. A page
may carry no active content: no `<script>`, frames, plugins, `<base>`, forms or
`<meta http-equiv>` (a refresh sends visitors elsewhere), no event-handler attribute and no
`javascript:` URL, whether written as HTML or produced by Markdown (`{: onclick=…}` through
attr_list, `[x](javascript:…)`); and its front matter only sets the keys the portal uses, as
text (an engine prints a page's title as HTML).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from builder.text import formscan

if TYPE_CHECKING:
    from builder.checks.htmlscan import Tag
    from builder.text.problems import Problems

# The rules on names (`hidden`, `file_refusal`) are what a publishing server's pre-receive hook
# needs before anything else: the page checks' imports wait until a page is read, so that a
# refused push is refused at once.

PAGE_SUFFIX = ".md"
MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "attr_list", "md_in_html", "tables", "toc", "admonition", "builder.render.cjk_breaks",
)
"""The Markdown extensions of a publishing server's build (a fixed list: `pymdownx.snippets`
would include host files), which this check renders pages with."""
MARKDOWN_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": False}}

KEEP_FILE = ".gitkeep"
"""An empty file that keeps a folder in git; the only name starting with a dot that is allowed."""
FRONT_MATTER_KEYS = {"title": "页面标题", "description": "页面说明", "hide": "隐藏的页面部分"}
HIDE_VALUES = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})

ACTIVE_ELEMENTS = {
    "script": "脚本", "iframe": "内嵌框架", "frame": "框架", "frameset": "框架集",
    "object": "插件对象", "embed": "插件", "applet": "Java 小程序", "base": "基准网址",
    "form": "表单", "portal": "内嵌页面",
}
URL_ATTRIBUTES = frozenset({
    "href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background",
    "cite", "longdesc", "ping", "manifest", "codebase", "archive",
})
UNSAFE_TITLE = re.compile(r"[<>&\"']")
"""Characters a title may not hold where a theme prints it into HTML unescaped."""
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


HIDDEN_MESSAGE = (
    "名称以“.”开头的文件和文件夹（隐藏文件）不会作为页面发布，却可能被网站当作特殊地址"
    "（如 .well-known/）提供；请删除它或去掉开头的“.”"
)


def hidden(rel: str, size: int | None = None) -> bool:
    """Whether a name on the path `rel` starts with a dot (an empty `.gitkeep` aside)."""
    parts = PurePosixPath(rel).parts
    if parts and parts[-1] == KEEP_FILE and size in (0, None):
        parts = parts[:-1]
    return any(p.startswith(".") for p in parts)


def file_refusal(rel: str, size: int | None = None) -> str | None:
    """Why the file `rel` (a path inside site_src/, '/'-separated) may not be there, or None.
    `size` (when known) lets an empty `.gitkeep` through."""
    if hidden(rel, size):
        return HIDDEN_MESSAGE
    name = PurePosixPath(rel).name
    if name == KEEP_FILE:
        return None
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == PAGE_SUFFIX:
        return None
    why = formscan.refusal(suffix)
    if why is None:
        return None
    why = why.replace("不能作为表格发布", "不能放在网站中").replace(
        "请另存为以下格式之一再放入", "请把它另存为以下格式之一或删除")
    return f"site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件：{why}"


def check_docs(docs_dir: Path, problems: Problems) -> None:
    """Every problem of every file under `docs_dir` (site_src/), in path order."""
    from builder.text.problems import display_path

    if not docs_dir.is_dir():
        return
    files: list[Path] = []
    for directory, dirs, names in os.walk(docs_dir, followlinks=False):
        dirs.sort()
        files.extend(Path(directory, n) for n in sorted(names))
    for path in files:
        if path.is_symlink():
            continue  # reported by the symlink check (builder.files.hostfiles)
        rel = path.relative_to(docs_dir).as_posix()
        shown = display_path(path)
        why = file_refusal(rel, path.stat().st_size)
        if why is not None:
            problems.error(shown, 1, 1, why)
            continue
        if path.suffix.lower() != PAGE_SUFFIX:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.error(shown, 1, 1, "页面不是 UTF-8 编码：请用 UTF-8 保存")
            continue
        for line, column, message in _remembered_problems(text):
            problems.error(shown, line, column, message)


_STORE = "docpage"
"""The disk store's namespace of a hand-written page's problems (builder.files.diskcache)."""


def _remembered_problems(text: str) -> list[tuple[int, int, str]]:
    """`page_problems` of `text`, from the disk store of a publishing server's build (each
    push checks every hand-written page again: a Markdown instance and two HTML parses each),
    keyed by the page's text."""
    from builder.files import diskcache

    if not diskcache.enabled():
        return list(page_problems(text))
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    raw = diskcache.get_raw(_STORE, key)
    if raw is not None:
        try:
            stored = json.loads(raw)
        except ValueError:
            stored = None
        if isinstance(stored, list) and all(
            isinstance(p, list) and len(p) == 3 and type(p[0]) is int and type(p[1]) is int
            and type(p[2]) is str for p in stored
        ):
            return [(p[0], p[1], p[2]) for p in stored]
    found = list(page_problems(text))
    diskcache.put_raw(_STORE, key, json.dumps(found, ensure_ascii=False).encode("utf-8"))
    return found


def page_problems(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) for each piece of active content in a Markdown page."""
    import markdown

    from builder.checks.htmlscan import parse_html

    body_start = 0
    front = _FRONT_MATTER.match(text)
    if front is not None:
        body_start = front.end()
        yield from _front_matter_problems(front.group(1) or "", 2)
    seen: set[tuple[str, str]] = set()
    # Markup as written, at its own line:column (code shown in the page, `<script>` in
    # backticks or a fenced block, is text: blanked out first)...
    offset_line = text.count("\n", 0, body_start)
    uncoded = _without_code(text[body_start:])
    for tag in parse_html(uncoded).tags:
        for what, message in _active(tag):
            seen.add(what)
            yield tag.line + offset_line, tag.column, message
    # ...and as Markdown turns it into HTML (attr_list attributes, link URLs), which is what
    # the page will be: nothing active there escapes, whatever the source looks like.
    md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS),
                           extension_configs=MARKDOWN_CONFIGS, output_format="html")
    rendered = md.convert(text[body_start:])
    for tag in parse_html(rendered).tags:
        for what, message in _active(tag):
            if what not in seen:
                seen.add(what)
                line, column = _locate(uncoded, what[1])
                yield line + offset_line, column, message


_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
"""Code as this Markdown reads it (no fenced_code extension: a ``` block is a code span too)."""


def _without_code(text: str) -> str:
    """`text` with its code spans replaced by spaces (newlines kept), so that positions stay
    where they were."""
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _active(tag: Tag) -> Iterator[tuple[tuple[str, str], str]]:
    name = tag.name
    if name in ACTIVE_ELEMENTS:
        yield (name, f"<{name}"), (
            f"页面中不能有 <{name}>（{ACTIVE_ELEMENTS[name]}）：手写页面只能有文字、表格和链接，"
            "网站不运行页面自带的程序；请删除它"
        )
    if name == "meta" and tag.get("http-equiv") is not None:
        yield (name, "http-equiv"), (
            "页面中不能有 <meta http-equiv>：它能让浏览器自动跳转到别的网站或改变本站的安全设置；请删除它"
        )
    for key, value in tag.attrs:
        if key.startswith("on"):
            yield (name, key), (
                f"<{name}> 带有事件处理属性 {key}：它是一段在访问者浏览器中运行的程序，手写页面中不允许；请删除它"
            )
        elif key == "srcdoc" or (key in URL_ATTRIBUTES and value and _SCRIPT_URL.match(
                _INVISIBLE.sub("", value))):
            scheme = _SCRIPT_URL.match(_INVISIBLE.sub("", value or "")) if value else None
            shown = f"{scheme.group(1).lower()}:" if scheme else key
            yield (name, shown), (
                f"<{name}> 的 {key} 是 {shown} 地址：点击或加载时会运行程序或显示页面自带的内容，"
                "手写页面中不允许；链接请写 https:// 开头的网址或本站页面的路径"
            )


def _locate(text: str, needle: str) -> tuple[int, int]:
    """Where `needle` (a tag's start, an attribute, a URL scheme) first appears in `text`,
    written as it is or with character references (`jav&#x61;script:`)."""
    import html

    m = re.search(re.escape(needle), text, re.I)
    if m is not None:
        line = text.count("\n", 0, m.start()) + 1
        return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    for number, line_text in enumerate(text.split("\n"), 1):
        decoded = html.unescape(line_text).lower()
        if needle.lower() in decoded:
            return number, decoded.index(needle.lower()) + 1
    return 1, 1


def _front_matter_problems(block: str, first_line: int) -> Iterator[tuple[int, int, str]]:
    import yaml

    try:
        meta = yaml.safe_load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark is not None else 0)
        yield line, 1, "页面开头 --- 之间的设置不是正确的 YAML，请对照其他页面改正"
        return
    if not isinstance(meta, dict):
        yield first_line, 1, "页面开头 --- 之间应是“名称: 值”形式的设置，如 title: 关于本站"
        return
    lines = block.split("\n")

    def where(key: object) -> tuple[int, int]:
        for i, line in enumerate(lines):
            if line.startswith(f"{key}:"):
                return first_line + i, 1
        return first_line, 1

    for key, value in meta.items():
        line, column = where(key)
        if key not in FRONT_MATTER_KEYS:
            allowed = "、".join(f"{k}（{v}）" for k, v in FRONT_MATTER_KEYS.items())
            yield line, column, f"页面开头的设置 {key} 不支持：只能设置 {allowed}"
        elif key == "hide":
            if not (isinstance(value, list) and all(v in HIDE_VALUES for v in value)):
                yield line, column, (
                    "hide（隐藏的页面部分）应是列表，每项为 " + "、".join(sorted(HIDE_VALUES)) + " 之一"
                )
        elif not isinstance(value, str) or not value.strip():
            yield line, column, f"{key}（{FRONT_MATTER_KEYS[key]}）应是一段文字"
        elif UNSAFE_TITLE.search(value):
            yield line, column, (
                f"{key}（{FRONT_MATTER_KEYS[key]}）中不能有 <、>、&、英文引号（\"、'）："
                "网页主题把它原样写进网页代码；引号请用中文的“”"
            )
