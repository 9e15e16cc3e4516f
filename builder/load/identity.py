"""data/site.yml: the portal's identity (name, bureau, contact, 网站标识码, 备案号, images).

Every Chinese government site shows who runs it in its masthead and footer; visitors and
inspections judge a page official by them. The file is optional for development and previews
(the site then falls back to mkdocs.yml's `site_name`), but a production build warns about every
required field that is missing, and `--strict` refuses it (`gaps`).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from builder.files import hostfiles
from builder.load import parsecache
from builder.model.contract import SiteIdentity
from builder.model.portal import SiteInfo
from builder.model.urls import COLUMNS, SITE_INFO, SITEMAP, STATEMENT
from builder.text.problems import Problems, display_path
from builder.text.yamlsrc import SourceDoc

SITE_FILE = "site.yml"
DOCS_DIR = "site_src"
"""The hand-written pages' folder, beside data/ (`pages` names files in it)."""
MANUAL_DIR = "manual/"
"""The staff manual's folder in site_src/, never in the public site."""
REQUIRED = (
    "sponsor", "address", "phone", "site_url", "site_code", "icp", "police_record", "org_code",
)
"""Fields a public government site must show (besides `name`, which the model requires)."""

_UNSAFE_SVG = re.compile(rb"<script|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def load_site(data_dir: Path, problems: Problems) -> SiteInfo | None:
    """Parse and check data/site.yml; None when it is absent or has errors (reported)."""
    path = data_dir / SITE_FILE
    if not path.is_file():
        return None
    found = parsecache.parse_file(path, display_path(path), SiteIdentity)
    problems.extend(found.problems)
    if found.model is None:
        return None
    site, doc = found.model, found.doc
    images: dict[str, Path] = {}
    root = data_dir.resolve()
    for field in ("emblem", "mark"):
        name = getattr(site, field)
        if name is None:
            continue
        at = (field,)  # located only for a problem (builder.load.parsecache)
        label = SiteIdentity.model_fields[field].title
        target = (data_dir / name).resolve()
        if root not in target.parents:
            problems.error(*doc.at(at), f"{field}（{label}）的图片「{name}」必须位于 {display_path(data_dir)}/ 文件夹内")
            continue
        if not target.is_file():
            problems.error(
                *doc.at(at),
                f"{field}（{label}）的图片不存在：请把「{name}」放到 {display_path(data_dir)}/ 文件夹中，或改正文件名",
            )
            continue
        if target.suffix.lower() == ".svg" and _UNSAFE_SVG.search(target.read_bytes()):
            problems.error(
                *doc.at(at),
                f"{field}（{label}）的 SVG 图片「{name}」含有脚本或事件属性，请换成不含脚本的图片（如 PNG）",
            )
            continue
        images[field] = target
    if site.pages is not None:
        _check_pages(site, doc, data_dir.parent / DOCS_DIR, problems)
    return SiteInfo(site, doc.path, images)


def _check_pages(site: SiteIdentity, doc: SourceDoc, docs: Path, problems: Problems) -> None:
    """Each page of `pages` is a file of site_src/ (the folder beside data/), listed once."""
    first: dict[str, int] = {}
    for i, page in enumerate(site.pages or ()):
        where = doc.loc(("pages", i, "file"))
        lead = f"pages（导航中的手写页面）第{i + 1}项的 file（页面文件）「{page.file}」"
        if page.file in first:
            problems.error(doc.path, where.line, where.column, f"{lead}与第{first[page.file] + 1}项重复")
            continue
        first[page.file] = i
        if page.file.startswith(MANUAL_DIR):
            problems.error(doc.path, where.line, where.column,
                           f"{lead}是工作人员的操作手册，不能放进公开网站的导航")
            continue
        why = hostfiles.unsafe_component(docs, page.file)
        if why == "link":
            problems.error(doc.path, where.line, where.column, f"{lead}：{hostfiles.LINK_MESSAGE}")
        elif why is not None:
            problems.error(
                doc.path, where.line, where.column,
                f"{lead}在 {display_path(docs)}/ 中不存在：请先写好这个页面，或改正文件名",
            )


def gaps(site: SiteInfo | None, data_dir: Path, problems: Problems) -> None:
    """Warn about every required identity field a production build lacks."""
    if site is None:
        path = data_dir / SITE_FILE
        if path.is_file():
            return  # its errors are reported already
        problems.warning(
            display_path(path), 1, 1,
            "缺少网站标识文件：正式发布的网站须在页眉和页脚写明主办单位、联系方式、网站标识码和备案号，"
            "请按操作手册新建此文件",
        )
        return
    missing = [
        f"{name}（{SiteIdentity.model_fields[name].title}）"
        for name in REQUIRED if getattr(site.identity, name) is None
    ]
    if missing:
        problems.warning(
            site.source, 1, 1,
            "正式发布的网站还缺少：" + "、".join(missing) + "；请补全后再发布",
        )


JIUCUO = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"
"""The national 我为政府网站找错 page (政府网站与政务新媒体检查指标 asks every site to link it), as
government sites link it: `?site_code=<网站标识码>&url=<the page>`."""
POLICE_RECORD = "https://beian.mps.gov.cn/#/query/webSearch"
"""The public record of a 公安机关备案号, found by its digits (`?code=`)."""
ICP_RECORD = "https://beian.miit.gov.cn/"
"""The ICP record search (it takes no query in its address)."""


def template_data(site: SiteInfo | None, site_name: str, site_url: str = "") -> dict[str, object]:
    """What the theme's masthead, footer and page tags show, as plain values (site-relative
    URLs); `site_url` is the site's public address as the build uses it."""
    common = {
        "url": site_url,
        "domain": (urlsplit(site_url).hostname or "") if site_url else "",
        "columns": {url: [c.name, c.type] for url, c in COLUMNS.items()},
        "column_default": SITE_INFO,
        "pages": [{"title": "网站地图", "url": SITEMAP}, {"title": "网站声明", "url": STATEMENT}],
        "jiucuo": JIUCUO,
        "icp_record": ICP_RECORD,
    }
    if site is None:
        return {**common, "name": site_name, "sponsor": None, "links": [], "emblem": None,
                "mark": None}
    i = site.identity
    digits = re.sub(r"\D", "", i.police_record or "")
    return {
        **common,
        "name": i.name,
        "sponsor": i.sponsor,
        "organizer": i.organizer,
        "tech_support": i.tech_support,
        "address": i.address,
        "phone": i.phone,
        "office_hours": i.office_hours,
        "email": i.email,
        "site_code": i.site_code,
        "icp": i.icp,
        "police_record": i.police_record,
        "emblem": site.asset_url("emblem"),
        "mark": site.asset_url("mark"),
        "mark_url": i.mark_url,
        "police_url": f"{POLICE_RECORD}?code={digits}" if digits else None,
        "sponsor_url": i.sponsor_url,
        "superior": i.superior.model_dump() if i.superior else None,
        "links": [
            {"title": link.title, "url": link.url, "external": "://" in link.url}
            for link in i.footer_links
        ],
    }
