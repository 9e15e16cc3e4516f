"""A Markdown extension: a soft line break between two Chinese characters is not a space.

Markdown joins the lines of a paragraph with a newline, which browsers show as a space: right
for English, wrong for Chinese, where "文件夹里的\\n数据文件" must read 文件夹里的数据文件. One
mechanism for both kinds of Markdown the portal renders: the hand-written pages (mkdocs.yml
`markdown_extensions: [builder.render.cjk_breaks]`) and the Markdown fields of the YAML files
(builder/render/pages/markdown_safe.py). Code keeps its newlines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# CJK ideographs, CJK and full-width punctuation, kana: scripts written without spaces.
_WIDE = r"\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
SOFT_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*(?=[{_WIDE}])")
_KEEP = {"pre", "code", "script", "style"}


def join_cjk_lines(text: str) -> str:
    return SOFT_BREAK.sub("", text)


class _Join(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, el: etree.Element) -> None:
        if el.tag in _KEEP:
            return
        if el.text:
            el.text = join_cjk_lines(el.text)
        for child in el:
            self._walk(child)
            if child.tail:
                child.tail = join_cjk_lines(child.tail)


class CjkBreaks(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After inline parsing (priority below "inline" = 20), so text nodes are final.
        md.treeprocessors.register(_Join(md), "gongshi_cjk_breaks", 5)


def makeExtension(**kwargs: object) -> CjkBreaks:  # Python-Markdown's entry point
    return CjkBreaks(**kwargs)
