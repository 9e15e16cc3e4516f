"""Permanent URLs and anchors: where every page, form and feed lives, and how pages link.

The URLs are directory style and site-relative; every output (pages, search files, calendar,
feed, checks) takes them from here, so a page never moves by accident.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from builder.model.contract import Candidate, CandidateList
from builder.model.listcolumns import identity
from builder.model.portal import FormFile
from builder.text.names.order import likeliest_syllables

# Permanent URLs (directory style); the MkDocs adapter maps them to source paths.
HOME = ""
ARCHIVE = "archive/"
DEADLINES = "deadlines/"
FORMS = "forms/"
ICS = "deadlines.ics"
FEED = "feed.xml"
ABOUT = "about/"
OBJECTIONS = "objections/"
HELP = "help/"
SEARCH = "search/"
SITEMAP = "sitemap/"
"""网站地图: every page by column (the HTML one; sitemap.xml is the engine's, for crawlers)."""
STATEMENT = "statement/"
"""网站声明: privacy, copyright, disclaimer."""




def handwritten_url(rel: str) -> str:
    """The URL of a page written by hand in site_src/, as MkDocs and Zensical place it (directory
    style: about.md → about/; x/index.md and x/README.md → x/)."""
    path = PurePosixPath(rel)
    if path.stem in ("index", "README"):
        parent = path.parent.as_posix()
        return "" if parent == "." else parent + "/"
    return path.with_suffix("").as_posix() + "/"

@dataclass(frozen=True)
class Column:
    """A column (栏目) of the site, as its page tags name it: `ColumnName` and `ColumnType`.

    The types are the functions the 政府网站发展指引 (国办发〔2017〕47号) gives a government
    site: 信息发布, 办事服务, 互动交流; the home page is its own, and the pages that describe the
    site itself (地图, 声明, 关于, 帮助) are 网站说明.
    """

    name: str
    type: str


NOTICES = Column("通知公告", "信息发布")
"""Every round's notice page."""
PUBLICITY = Column("社会公示", "信息发布")
"""Every round's 公示 (list) page."""
SITE_INFO = "网站说明"

COLUMNS: dict[str, Column] = {
    HOME: Column("首页", "首页"),
    ARCHIVE: Column("往期归档", "信息发布"),
    DEADLINES: Column("截止日期", "办事服务"),
    FORMS: Column("表格下载", "办事服务"),
    SEARCH: Column("名单检索", "办事服务"),
    OBJECTIONS: Column("异议受理须知", "互动交流"),
    ABOUT: Column("关于本站", SITE_INFO),
    HELP: Column("使用帮助", SITE_INFO),
    SITEMAP: Column("网站地图", SITE_INFO),
    STATEMENT: Column("网站声明", SITE_INFO),
}
"""The column of every page with a fixed URL, generated or hand-written (a hand-written page
not listed here is a column of its own, named by its title, of type 网站说明)."""

def campaign_url(round_id: str) -> str:
    return f"campaigns/{round_id}/"


def gongshi_url(round_id: str) -> str:
    return f"campaigns/{round_id}/gongshi/"


def file_path(round_id: str, form: FormFile) -> str:
    """Output path of a form (unencoded: the file keeps its own, possibly Chinese, name)."""
    return f"campaigns/{round_id}/files/{form.file}"


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def download_name(form: FormFile) -> str:
    """The name a downloaded form is saved under: its Chinese title plus the file's extension
    (申报表.docx becomes 附件1：2026年学术技术带头人申报表.docx), so the saved file says what it is."""
    suffix = PurePosixPath(form.file).suffix
    stem = _UNSAFE_IN_NAME.sub("_", form.title).strip(" .") or PurePosixPath(form.file).stem
    return stem if stem.lower().endswith(suffix.lower()) else stem + suffix


def relative(from_url: str, to_url: str, fragment: str = "") -> str:
    """A percent-encoded link from the page at `from_url` to `to_url`, both site-relative.

    Relative links keep the site working under any sub-path of an intranet server. The fragment
    is passed apart, so a file name containing `#` (a form named 表#1.docx) stays a file name.
    """
    target = to_url
    start = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath(target or ".", start or ".")
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    href = quote(rel, safe="/.-_~")
    return href + ("#" + quote(fragment, safe="-_") if fragment else "")


def candidate_anchor(person: Candidate, listing: CandidateList | None = None) -> str:
    """Stable fragment id of a candidate on the list page: pinyin plus a hash of name and unit
    (in a list without 工作单位, of name and 准考证号 or the like: `listcolumns.identity`).

    Reordering or adding candidates never changes an existing anchor, so links to one person
    (search results, shared links) keep working.
    """
    # The surname-aware reading, so 单天放 reads shantianfang, as a person would spell it.
    romanised = "".join(likeliest_syllables(person.name, person.pinyin))
    slug = re.sub(r"[^a-z]+", "", romanised.lower())[:24] or "p"
    digest = hashlib.sha256(f"{person.name}|{identity(person, listing)}".encode()).hexdigest()[:6]
    return f"{slug}-{digest}"
