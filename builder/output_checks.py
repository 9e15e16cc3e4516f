"""Checks run on the built site before it is swapped in (and by `gongshi check-site`).

Three checks over every file the build wrote:
- personal data (builder.checks.personal_data): no identity-card number, personal mobile,
  e-mail or home address in any HTML, XML, JSON, ICS, JS or office file; the issuing offices'
  own contacts are allowed;
- link integrity (builder.checks.links): every internal link, anchor and download resolves,
  and no link uses javascript:/data:;
- markup (builder.checks.markup): no event-handler attribute, frame or plugin element, which
  only unescaped data could have put there.

Any finding is an error: the plugin fails the build, so the previous site stays in place.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.checks import personal_data
from builder.checks.htmlscan import ParsedHTML, parse_html
from builder.checks.links import check_links
from builder.checks.markup import check_markup
from builder.privacy import portal_allowlist
from builder.problems import Problems

log = logging.getLogger("mkdocs.plugins.gongshi.checks")

MAX_REPORTED = 200
"""A leak of a whole list would print thousands of lines; the first ones say enough."""


@dataclass
class CheckReport:
    problems: Problems = field(default_factory=Problems)
    files_scanned: int = 0
    theme_files: int = 0
    links_checked: int = 0
    anchors_checked: int = 0
    external_links: int = 0
    findings: int = 0
    broken_links: int = 0
    unsafe_markup: int = 0

    def summary(self) -> str:
        return (
            f"检查了 {self.files_scanned} 个文件（另有 {self.theme_files} 个主题自带文件未扫描）、"
            f"{self.links_checked} 个站内链接"
            f"（其中 {self.anchors_checked} 个带锚点，另有 {self.external_links} 个外部链接未访问）："
            f"个人信息 {self.findings} 处，失效链接 {self.broken_links} 个，"
            f"可疑标记 {self.unsafe_markup} 处"
        )


def display_root(site_dir: Path) -> str:
    """How paths in messages start: `site/…`, also while the build is still in its staging
    directory (`.site.new-xxxx`, see builder.sitebuild)."""
    site_dir = Path(site_dir)
    m = re.match(r"^\.(.+)\.new-", site_dir.name)
    shown = site_dir.with_name(m.group(1)) if m else site_dir
    try:
        rel = os.path.relpath(shown)
    except ValueError:
        rel = str(shown)
    return rel.replace(os.sep, "/") if not rel.startswith("..") else str(shown)


def run_checks(
    site_dir: Path,
    *,
    allow: Iterable[str] = (),
    site_url: str | None = None,
    shown_as: str | None = None,
) -> CheckReport:
    site_dir = Path(site_dir)
    root = shown_as if shown_as is not None else display_root(site_dir)
    allowed = frozenset(allow)
    report = CheckReport()
    problems = report.problems
    parsed: dict[str, ParsedHTML] = {}
    reported = 0

    def add(rel: str, line: int, column: int, message: str) -> None:
        nonlocal reported
        reported += 1
        if reported <= MAX_REPORTED:
            problems.error(f"{root}/{rel}", line, column, message)

    to_scan, theme_files = personal_data.scanned_files(site_dir)
    report.theme_files = len(theme_files)
    for path in to_scan:
        rel = path.relative_to(site_dir).as_posix()
        report.files_scanned += 1
        suffix = personal_data.content_suffix(path)
        plain = path.suffix.lower() != ".gz"
        if plain and suffix in personal_data.HTML_SUFFIXES | personal_data.XML_SUFFIXES:
            source = path.read_bytes().decode("utf-8", errors="replace")
            doc = parse_html(source)
            parsed[rel] = doc
            hits = (
                personal_data.scan_parsed_html(doc)
                if suffix in personal_data.HTML_SUFFIXES
                else personal_data.scan_parsed_xml(doc)
            )
        else:
            hits = personal_data.scan_file(path)
        for hit in hits:
            if hit.finding.key in allowed:
                continue
            report.findings += 1
            add(rel, hit.line, hit.column, personal_data.message(hit))

    def parse_more(rel: str) -> ParsedHTML | None:
        target = site_dir / rel
        if not target.is_file():
            return None
        doc = parse_html(target.read_bytes().decode("utf-8", errors="replace"))
        parsed[rel] = doc
        return doc

    for rel, doc in sorted(parsed.items()):
        if rel.endswith((".html", ".htm")):
            for line, column, message in check_markup(rel, doc):
                report.unsafe_markup += 1
                add(rel, line, column, message)

    link_problems, stats = check_links(site_dir, dict(parsed), parse_more, site_url)
    report.links_checked = stats.links
    report.anchors_checked = stats.anchors
    report.external_links = stats.external
    report.broken_links = len(link_problems)
    for p in link_problems:
        add(p.file, p.line, p.column, p.message)
    if reported > MAX_REPORTED:
        problems.error(
            root, 1, 1, f"共发现 {reported} 处问题，以上只列出前 {MAX_REPORTED} 处"
        )
    return report


def check_output(
    site_dir: Path, portal: object | None = None, *, site_url: str | None = None
) -> Problems:
    """Every problem found in the built files (personal data, broken links...).

    Pass the build's `portal` so that the issuing offices' contacts (campaign `contact` and
    `publicity.objections`) are allowed, and the config's `site_url` so that absolute links to
    the portal itself are checked too.
    """
    allow = portal_allowlist(portal) if portal is not None else frozenset()
    report = run_checks(Path(site_dir), allow=allow, site_url=site_url)
    log.info(report.summary())
    return report.problems
