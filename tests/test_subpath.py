"""A portal served under a sub-path (site_url https://example.gov.cn/gongshi/): the build's
output checks pass, and real nginx (unprivileged workers, deploy/nginx.conf with its locations
moved under /gongshi/) answers a missing address at any depth with the Chinese 404 page, whose
links, styles, scripts and search all work there."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import build, copy_data, open_context
from page_types import TODAY

from builder.checks.links import InternalLink, Link, LinkProblem, classify_links
from harness import nginx

SITE_URL = "https://example.gov.cn/gongshi/"


def _link(url: str) -> Link:
    return Link(tag="a", attr="href", url=url, line=1, column=1)


def test_root_relative_links_of_a_sub_path_site_are_checked_under_its_path() -> None:
    found = classify_links("404.html", [_link("/gongshi/search/"), _link("/gongshi/."),
                                        _link("/search/")], SITE_URL)
    inside = [i for i in found.items if isinstance(i, InternalLink)]
    assert [i.path for i in inside] == ["/search/", "/"]
    [problem] = [i for i in found.items if isinstance(i, LinkProblem)]
    assert "「/search/」不在网站地址 https://example.gov.cn/gongshi/ 之下" in problem.message


@pytest.mark.browser
def test_the_404_page_works_under_a_sub_path_with_real_nginx(
    browser, www_path: Path, tmp_path: Path
) -> None:
    data = copy_data(tmp_path)
    site_yml = data / "site.yml"
    text, n = re.subn(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", site_yml.read_text(encoding="utf-8"))
    assert n == 1
    site_yml.write_text(text, encoding="utf-8")
    # The output checks run inside the build: a strict build passing is them passing.
    assert build(www_path / "gongshi", today=TODAY, data_dir=data, strict=True) == 0

    with nginx.serve(www_path, tmp_path / "nginx", prefix="/gongshi/") as base:
        context = open_context(browser, width=375, height=700, is_mobile=True, has_touch=True)
        failed: list[str] = []
        try:
            page = context.new_page()
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}")
                    if r.status >= 400 and r.request.resource_type != "document" else None)
            for missing in ("gongshi/no-such-page/", "gongshi/campaigns/x/y/z/"):
                response = page.goto(base + missing)
                assert response is not None and response.status == 404
                page.wait_for_load_state("networkidle")
                assert page.locator("h1").inner_text() == "页面不存在"
                # Styled and scripted: the portal's stylesheet and the large-text script ran.
                assert page.evaluate("getComputedStyle(document.querySelector('.gs-footer')).borderTopStyle") == "solid"
                assert page.locator(".gs-large-toggle, [data-gs-large-toggle]").first.is_visible()
                hrefs = page.eval_on_selector_all(
                    "a[href]:not([href^='#'])", "as => as.map(a => a.href)")
                internal = sorted({h.split("#")[0] for h in hrefs if urlsplit(h).netloc == urlsplit(base).netloc})
                assert len(internal) > 10
                for href in internal:
                    assert urlsplit(href).path.startswith("/gongshi/"), href
                    answer = page.request.get(href)
                    assert answer.status == 200, href
            # The header search finds people from the 404 page and links to the list.
            page.fill("#gss-q", "王")
            page.wait_for_selector("#gss-q-list:not([hidden]) [role=option]")
            option = page.locator("#gss-q-list [role=option] a[href], #gss-q-list a[href]").first
            target = urljoin(page.url, option.get_attribute("href") or "")
            assert urlsplit(target).path.startswith("/gongshi/campaigns/")
            assert page.request.get(target).status == 200
            assert context.watch.external == []
        finally:
            context.close()
        assert failed == []
