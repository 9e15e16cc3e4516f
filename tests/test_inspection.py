"""What a government website inspection reads on every page of the built demo site: the page tags
of the 政府网站发展指引, the footer's supervision row, the 网站地图 and the 网站声明.

All over one shared build of the demo site (site_factory), read as files: no browser.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import DATA
from page_types import TODAY

from builder.load.loader import load
from builder.render.pages import common
from builder.render.pages.siteinfo import render_statement
from builder.render.publish import published_portal

SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode")
PAGE_TAGS = ("ColumnName", "ColumnType", "Keywords", "Description", "Url")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource")


class _Page(HTMLParser):
    """The <meta name> tags, the footer's links and images, and every link of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[str] = []
        self.footer_links: list[tuple[str, str]] = []  # (href, text)
        self.footer_images: list[str] = []
        self._footer = False
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in a:
            self.meta.setdefault(a["name"], []).append(a.get("content", ""))
        if tag == "footer" and "gs-footer" in a.get("class", ""):
            self._footer = True
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
            if self._footer:
                self._href, self._text = a["href"], []
        if tag == "img" and self._footer:
            self.footer_images.append(a.get("src", ""))
            if self._href is not None:
                self._text.append(a.get("alt", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.footer_links.append((self._href, "".join(self._text).strip()))
            self._href = None
        if tag == "footer":
            self._footer = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    return site_factory(TODAY)


def _pages(site: Path) -> dict[str, Path]:
    """Site URL → file of every page (404.html aside)."""
    out = {}
    for path in site.rglob("index.html"):
        rel = path.parent.relative_to(site).as_posix()
        out["" if rel == "." else rel + "/"] = path
    return out


def _one(page: _Page, name: str) -> str:
    values = page.meta.get(name, [])
    assert len(values) == 1, (name, values)
    return values[0]


def test_every_page_carries_the_page_tags(site: Path) -> None:
    identity = load(DATA).portal.site.identity  # type: ignore[union-attr]
    pages = _pages(site)
    assert len(pages) > 15
    columns: dict[str, tuple[str, str]] = {}
    for url, path in pages.items():
        page = _parse(path)
        assert _one(page, "SiteName") == identity.name, url
        assert _one(page, "SiteDomain") == "127.0.0.1", url
        assert _one(page, "SiteIDCode") == identity.site_code, url
        for name in PAGE_TAGS:
            assert _one(page, name), (url, name)
        assert _one(page, "Url") == "http://127.0.0.1:8000/" + url, url
        columns[url] = (_one(page, "ColumnName"), _one(page, "ColumnType"))
        content = url.startswith("campaigns/")
        undated = url == "campaigns/2013-neimenggu-yixian/"
        for name in ARTICLE_TAGS:
            assert (name in page.meta) == (content and not (undated and name == "PubDate")), (url, name)
        if content and not undated:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", _one(page, "PubDate")), url
    assert columns[""] == ("首页", "首页")
    assert columns["archive/"] == ("往期归档", "信息发布")
    assert columns["forms/"] == ("表格下载", "办事服务")
    assert columns["deadlines/"] == ("截止日期", "办事服务")
    assert columns["search/"] == ("名单检索", "办事服务")
    assert columns["objections/"] == ("异议受理须知", "互动交流")
    assert columns["about/"] == ("关于本站", "网站说明")
    assert columns["sitemap/"] == ("网站地图", "网站说明")
    assert columns["statement/"] == ("网站声明", "网站说明")
    assert all(columns[u] == ("通知公告", "信息发布") for u in pages
               if re.fullmatch(r"campaigns/[^/]+/", u))
    assert all(columns[u] == ("社会公示", "信息发布") for u in pages if u.endswith("/gongshi/"))

    notice = _parse(pages["campaigns/2026-shili-jishu-daitouren/"])
    assert _one(notice, "ArticleTitle") == "关于开展2026年示例市学术技术带头人选拔工作的通知"
    assert _one(notice, "PubDate") == "2026-09-01 00:00"  # published: 2026-09-01
    assert _one(notice, "ContentSource") == "示例市人力资源和社会保障局"
    assert "示人社〔2026〕12号" in _one(notice, "Keywords").split(",")
    listing = _parse(pages["campaigns/2026-shili-jishu-daitouren/gongshi/"])
    assert _one(listing, "PubDate") == "2026-11-16 00:00"  # the first day of its publicity
    seed = _parse(pages["campaigns/2013-neimenggu-yixian/"])
    assert "PubDate" not in seed.meta  # the 2013 notice gives no date: none is made up


def test_every_page_has_the_footer_supervision_row(site: Path) -> None:
    identity = load(DATA).portal.site.identity  # type: ignore[union-attr]
    assert identity.police_record and identity.superior and identity.sponsor_url
    police_digits = re.sub(r"\D", "", identity.police_record)
    for url, path in _pages(site).items():
        page = _parse(path)
        links = dict(page.footer_links)
        # 我为政府网站找错: the national page, with the 网站标识码 and this page's address.
        jiucuo = [h for h in links if h.startswith("https://zfwzgl.www.gov.cn/exposure/jiucuo.html?")]
        assert len(jiucuo) == 1, url
        query = parse_qs(urlsplit(jiucuo[0]).query)
        assert query == {"site_code": [identity.site_code], "url": ["http://127.0.0.1:8000/" + url]}, url
        assert links[jiucuo[0]] == "我为政府网站找错"
        # The 党政机关网站标识, linked to its certificate.
        assert links[identity.mark_url] == "党政机关网站标识（查看证书）", url
        assert links["https://beian.miit.gov.cn/"] == identity.icp, url
        police = f"https://beian.mps.gov.cn/#/query/webSearch?code={police_digits}"
        assert links[police] == identity.police_record, url
        assert links[identity.superior.url] == identity.superior.title, url
        assert links[identity.sponsor_url] == identity.sponsor, url
        hrefs = {posixpath.normpath(posixpath.join(url or ".", h)) for h in links}
        assert {"sitemap", "statement"} <= hrefs, url
        # Every image in the footer is the site's own: nothing is loaded from elsewhere.
        assert all(not re.match(r"(?:[a-z]+:)?//", src) for src in page.footer_images), url
        assert any(src.endswith("assets/images/gongshi-police-record.svg") for src in page.footer_images)
    assert (site / "assets" / "images" / "gongshi-police-record.svg").is_file()


def test_site_map_lists_every_page_by_column(site: Path) -> None:
    pages = _pages(site)
    page = _parse(pages["sitemap/"])
    html = pages["sitemap/"].read_text(encoding="utf-8")
    linked = {
        unquote(posixpath.normpath(posixpath.join("sitemap", h.split("#")[0])))
        for h in page.links if not urlsplit(h).scheme
    }
    for url in pages:
        assert (url.rstrip("/") or ".") in linked, f"网站地图 leaves out /{url}"
    assert {"deadlines.ics", "feed.xml"} <= linked
    for column in ("信息发布", "办事服务", "互动交流", "网站说明", "通知公告（8）", "社会公示（3）"):
        assert column in html, column


def test_statement_says_what_the_site_does_and_takes_the_bureaus_own_text() -> None:
    loaded = load(DATA)
    assert loaded.portal is not None and loaded.portal.site is not None
    portal = published_portal(loaded.portal, dt.date.fromisoformat(TODAY))
    default = str(render_statement(common.Context(portal, dt.date.fromisoformat(TODAY))).html)
    for fact in ("不使用 Cookie", "不做访问统计", "不会向其他网站发出任何请求", "版权声明", "免责声明",
                 "0000-0000000"):
        assert fact in default, fact
    site = loaded.portal.site
    own = dataclasses.replace(site, identity=site.identity.model_copy(
        update={"statement": "## 版权声明\n\n本网站由某局主办，转载须经同意。"}))
    html = str(render_statement(common.Context(
        dataclasses.replace(portal, site=own), dt.date.fromisoformat(TODAY))).html)
    assert "转载须经同意" in html and "<h2>版权声明</h2>" in html
    assert "免责声明" not in html and "保持原文完整" not in html
    assert "不使用 Cookie" in html  # what the site does is always said


def test_every_archive_row_has_a_date(site: Path) -> None:
    """The national census read an item without a date as 不更新: each row carries one."""
    html = (site / "archive" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<li class="gs-archive__item".*?</li>', html, re.S)
    assert len(rows) >= 7
    for row in rows:
        assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{4}年\d{1,2}月\d{1,2}日</time>', row), row
    assert '<time datetime="2013-04-15">2013年4月15日</time>推荐材料报送截止' in html  # no 发布日期
    assert '<time datetime="2026-09-01">2026年9月1日</time>发布' in html
