"""Hand-written pages (site_src/) and the navigation list of data/site.yml (issue 26): what a
page may hold, what files site_src/ may hold, and `pages`. The builds that refuse them are in
tests/test_hostile_build.py and tests/test_server_attacks.py; here the rules, with their exact
positions and messages, without a build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

from builder.adapter.source import nav_with_pages
from builder.checks.handwritten import file_refusal, page_problems
from builder.load.loader import load

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"


def problems(text: str) -> list[tuple[int, int, str]]:
    return list(page_problems(text))


def test_the_portals_own_pages_pass() -> None:
    for page in sorted((REPO / "site_src").rglob("*.md")):
        assert problems(page.read_text(encoding="utf-8")) == [], page


def test_active_content_is_refused_where_it_is_and_code_shown_in_a_page_is_not() -> None:
    found = problems(
        "---\ntitle: 关于\n---\n\n# 关于\n\n写成 `<script>` 或 ``<iframe src=x>`` 是文字。\n\n"
        "正文<script src=\"x.js\"></script>\n\n<meta http-equiv=\"refresh\" content=\"0;url=https://e.example/\">\n\n"
        "段落\n{: onclick=\"alert(1)\" }\n\n[点此](jav&#x61;script:alert(1))\n\n<IFRAME SRC=x></IFRAME>\n"
    )
    assert [(line, col) for line, col, _ in found] == [(9, 3), (11, 1), (18, 1), (14, 4), (16, 6)]
    messages = [m for _, _, m in found]
    assert messages[0].startswith("页面中不能有 <script>（脚本）")
    assert messages[1].startswith("页面中不能有 <meta http-equiv>")
    assert messages[2].startswith("页面中不能有 <iframe>（内嵌框架）")
    assert messages[3].startswith("<p> 带有事件处理属性 onclick")
    assert messages[4].startswith("<a> 的 href 是 javascript: 地址")


def test_front_matter_sets_only_the_keys_the_portal_uses_as_text() -> None:
    found = problems('---\ntitle: 关于"本站"\ntemplate: ../../etc/x.html\nhide: [toc, bogus]\n'
                     "description: 说明\n---\n\n正文\n")
    assert found == [
        (2, 1, "title（页面标题）中不能有 <、>、&、英文引号（\"、'）：网页主题把它原样写进网页代码；引号请用中文的“”"),
        (3, 1, "页面开头的设置 template 不支持：只能设置 title（页面标题）、description（页面说明）、hide（隐藏的页面部分）"),
        (4, 1, "hide（隐藏的页面部分）应是列表，每项为 feedback、footer、navigation、path、tags、toc 之一"),
    ]


def test_site_src_holds_pages_and_documents_the_check_can_read() -> None:
    for fine in ("about.md", "notices/2026.md", "dl/表.pdf", "dl/表.xlsx", "dl/说明.txt", "data/.gitkeep"):
        assert file_refusal(fine, 0) is None, fine
    for refused, words in (("dl/list.yml", ".yml文件无法可靠地检查"), ("dl/list.xls", "旧版 Excel"),
                           ("a.doc", "旧版 Word"), ("x.js", "脚本文件会在门户网站中运行，不能放在网站中"),
                           ("logo.png", "图片中的文字"), ("x.html", "网页文件"),
                           (".well-known/acme-challenge/t", "隐藏文件"), ("d/.gitkeep2", "隐藏文件")):
        why = file_refusal(refused, 0)
        assert why is not None and words in why, (refused, why)
    assert file_refusal(".gitkeep", 12) is not None  # not empty: not a folder keeper


def test_pages_in_site_yml_are_checked_and_order_the_navigation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    docs = tmp_path / "site_src"
    (docs / "notices").mkdir(parents=True)
    for name in ("about.md", "help.md", "notices/2026.md"):
        (docs / name).write_text("# x\n", encoding="utf-8")
    (data / "site.yml").write_text(
        "name: 测试网站\npages:\n"
        "  - {title: 2026年说明, file: notices/2026.md}\n"
        "  - {title: 关于本站, file: about.md}\n"
        "  - {title: 又是关于, file: about.md}\n"
        "  - {title: 不存在, file: nothing.md}\n"
        "  - {title: 手册, file: manual/index.md}\n"
        "  - {title: 外面, file: ../etc/passwd}\n"
        "  - {title: <b>粗</b>, file: help.md}\n",
        encoding="utf-8",
    )
    messages = [(p.line, p.column, p.message) for p in load(data).problems.errors]
    assert messages == [
        (8, 23, "pages（导航中的手写页面）第6项的 file（页面文件）为「../etc/passwd」，应为 site_src/ 中 "
                "Markdown 页面的路径，如 about.md 或 notices/2026.md（英文字母、数字、- 和 _，以 .md 结尾；"
                "操作手册 manual/ 不能放进公开网站的导航）"),
        (9, 13, "pages（导航中的手写页面）第7项的 title（导航标题）为「<b>粗</b>」，"
                "不能有 <、>、&、英文引号（\"、'）；引号请用中文的“”"),
    ]
    # Without the two malformed entries, the files themselves are checked.
    (data / "site.yml").write_text(
        "name: 测试网站\npages:\n"
        "  - {title: 2026年说明, file: notices/2026.md}\n"
        "  - {title: 关于本站, file: about.md}\n"
        "  - {title: 又是关于, file: about.md}\n"
        "  - {title: 不存在, file: nothing.md}\n"
        "  - {title: 手册, file: manual/index.md}\n",
        encoding="utf-8",
    )
    messages = [p.message for p in load(data).problems.errors]
    assert messages[0] == "pages（导航中的手写页面）第3项的 file（页面文件）「about.md」与第2项重复"
    assert messages[1].startswith("pages（导航中的手写页面）第4项的 file（页面文件）「nothing.md」在 ")
    assert messages[1].endswith("site_src/ 中不存在：请先写好这个页面，或改正文件名")
    assert messages[2] == ("pages（导航中的手写页面）第5项的 file（页面文件）「manual/index.md」"
                           "是工作人员的操作手册，不能放进公开网站的导航")
    assert len(messages) == 3
    (data / "site.yml").write_text(
        "name: 测试网站\npages:\n"
        "  - {title: 2026年说明, file: notices/2026.md}\n"
        "  - {title: 关于, file: about.md}\n", encoding="utf-8")
    portal = load(data).portal
    assert portal is not None
    nav = [{"首页": "index.md"}, {"名单检索": "search/index.md"}, {"使用帮助": "help.md"},
           {"关于本站": "about.md"}, {"操作手册": ["manual/index.md"]}]
    assert nav_with_pages(nav, portal, docs) == [
        {"首页": "index.md"}, {"名单检索": "search/index.md"},
        {"2026年说明": "notices/2026.md"}, {"关于": "about.md"}, {"操作手册": ["manual/index.md"]},
    ]


def test_a_publishing_servers_store_remembers_a_pages_problems_by_its_text(tmp_path: Path) -> None:
    from builder.checks.handwritten import check_docs
    from builder.files import diskcache
    from builder.text.problems import Problems

    docs = tmp_path / "site_src"
    docs.mkdir()
    (docs / "about.md").write_text("# 关于\n\n正文<script>x</script>\n", encoding="utf-8")

    def found() -> list[str]:
        got = Problems()
        check_docs(docs, got)
        return [str(p) for p in got.errors]

    plain = found()
    assert len(plain) == 1 and "<script>" in plain[0]
    diskcache.enable(tmp_path / "store")
    try:
        assert found() == plain  # stored
        hits = diskcache.stats.hits
        assert found() == plain and diskcache.stats.hits == hits + 1  # read back
        # A broken entry is a miss, checked again (and rewritten).
        for entry in (tmp_path / "store").rglob("docpage-*"):
            entry.write_bytes(b'[[1, "x", 2]]')
        assert found() == plain
        # Another text is another key.
        (docs / "about.md").write_text("# 关于\n\n正文\n", encoding="utf-8")
        assert found() == []
    finally:
        diskcache.disable()
