"""The preview's error overlay: while the data has errors, every page `make serve` sends says so.

Modelled on Hugo's server error overlay: the browser shows the problems where HR staff look,
over the last good page, in the order `gongshi validate` prints them, each with its
`file:line:column`. Live reload replaces it by the new page once the data is fixed.

Only the preview server (builder.adapter.mkdocs.sitebuild.LastGoodSite) calls this, on the HTML it is about to
send; nothing here is ever written into a built site. Self-contained markup (inline style, one
inline script to hide it), so it shows even when the last good build's assets are stale.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

OVERLAY_ID = "gongshi-preview-errors"
MAX_SHOWN = 200
"""A list broken everywhere would make a page of thousands of lines; the terminal has them all."""

_LOCATED = re.compile(r"^(?P<where>[^\s:][^:]*:\d+:\d+): (?P<message>.*)$", re.S)
_BODY = re.compile(rb"<body\b[^>]*>", re.I)

_STYLE = """
#gongshi-preview-errors{position:fixed;inset:0;z-index:2147483647;overflow:auto;
 background:rgba(20,20,24,.92);color:#f5f5f5;font:16px/1.6 "Noto Sans CJK SC","WenQuanYi Micro Hei",
 "Microsoft YaHei",sans-serif;padding:16px;box-sizing:border-box}
#gongshi-preview-errors .gs-pe-box{max-width:1100px;margin:0 auto;background:#1e1e24;
 border-top:6px solid #e53935;border-radius:4px;padding:16px 20px;box-shadow:0 4px 24px #000}
#gongshi-preview-errors h2{margin:0 0 8px;font-size:1.35em;color:#ff8a80}
#gongshi-preview-errors p{margin:.4em 0}
#gongshi-preview-errors ol{margin:12px 0;padding-left:2em}
#gongshi-preview-errors li{margin:.5em 0;word-break:break-word}
#gongshi-preview-errors code{display:block;font:14px/1.5 "DejaVu Sans Mono",Consolas,monospace;
 color:#ffd54f;word-break:break-all}
#gongshi-preview-errors .gs-pe-warn code{color:#90caf9}
#gongshi-preview-errors code.gs-pe-cmd{display:inline;white-space:nowrap}
#gongshi-preview-errors button{font:inherit;padding:6px 16px;margin-top:8px;cursor:pointer;
 background:#e53935;color:#fff;border:0;border-radius:3px}
"""


def _item(line: str) -> str:
    m = _LOCATED.match(line)
    warning = ": 警告：" in line
    cls = ' class="gs-pe-warn"' if warning else ""
    if m is None:
        return f"<li{cls}>{escape(line)}</li>"
    return f"<li{cls}><code>{escape(m.group('where'))}</code>{escape(m.group('message'))}</li>"


def overlay(problems: Sequence[str], *, over_page: bool = True) -> str:
    """The overlay listing `problems` (lines as `gongshi validate` prints them, in its order);
    `over_page`: it covers the last good page (else the preview has none yet)."""
    errors = sum(1 for p in problems if ": 警告：" not in p)
    warnings = len(problems) - errors
    shown = list(problems[:MAX_SHOWN])
    more = len(problems) - len(shown)
    tail = f"<p>另有 {more} 个问题没有列在这里，完整的列表见运行 make serve 的终端，或运行 gongshi validate。</p>" if more else ""
    counts = f"{errors} 个错误" + (f"，{warnings} 个警告" if warnings else "")
    return (
        f'<div id="{OVERLAY_ID}" role="alertdialog" aria-modal="true" aria-labelledby="gs-pe-h" lang="zh-CN">'
        f"<style>{_STYLE}</style>"
        '<div class="gs-pe-box">'
        '<h2 id="gs-pe-h">数据有错误，预览没有更新</h2>'
        f"<p>本次生成发现 {counts}（与 <code class=\"gs-pe-cmd\">gongshi validate</code> 列出的相同，"
        "按它的顺序）。请按“文件:行:列”找到并改正，保存后本页会自动刷新；全部改正后这个提示就会消失。</p>"
        f"<ol>{''.join(_item(p) for p in shown)}</ol>{tail}"
        + (
            "<p>提示下面是上一次成功生成的网站，只在本机预览中显示；正式网站不会出现这个提示，"
            "有错误时也不会生成。</p>"
            "<button type=\"button\" id=\"gs-pe-hide\">暂时隐藏，查看上一次的页面</button>"
            "</div>"
            "<script>document.getElementById('gs-pe-hide').addEventListener('click',function(){"
            f"document.getElementById('{OVERLAY_ID}').remove();}});</script>"
            if over_page else
            "<p>预览启动时数据就有错误，所以还没有可以显示的网站页面。这个提示只在本机预览中显示；"
            "正式网站有错误时不会生成。</p></div>"
        )
        + "</div>"
    )


def inject(html: bytes, problems: Sequence[str]) -> bytes:
    """`html` with the overlay at the start of its body (or prepended when it has none)."""
    block = overlay(problems).encode("utf-8")
    m = _BODY.search(html)
    at = m.end() if m else 0
    return html[:at] + block + html[at:]


def error_document(problems: Sequence[str], *, over_page: bool = True) -> bytes:
    """A whole page for a request the last good build cannot answer (or, `over_page` False,
    for every request of a preview that has had no good build yet)."""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>数据有错误，预览没有更新</title></head>"
        f"<body>{overlay(problems, over_page=over_page)}</body></html>"
    ).encode()
