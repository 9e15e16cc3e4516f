"""Link integrity: every internal link, anchor and form download of the built site resolves.

The checker is pinned on a small hand-made site (every way a link can be written), the demo site
has 0 broken links, every form download of every round resolves to the exact bytes of the data
file, and a hand-written page with a broken link or anchor stops the build with a clear message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import DATA, REPO, config_with_docs

from builder.adapter.mkdocs.plugin import theme_dirs
from builder.adapter.mkdocs.sitebuild import build_site
from builder.checks.htmlscan import parse_html
from builder.checks.links import check_links
from builder.checks.runner import run_checks
from builder.load.loader import load
from builder.model.contacts import portal_allowlist
from builder.model.urls import campaign_url, file_path
from builder.tools.roster import with_blank_rosters

TODAY = "2026-11-18"


def mini_site(root: Path, pages: dict[str, str], files: tuple[str, ...] = ()) -> Path:
    for rel, body in pages.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"<!doctype html><html><body>\n{body}\n</body></html>", encoding="utf-8")
    for rel in files:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"x")
    return root


def broken(root: Path, site_url: str | None = None) -> list[str]:
    parsed = {
        p.relative_to(root).as_posix(): parse_html(p.read_text(encoding="utf-8"))
        for p in root.rglob("*.html")
    }
    problems, _ = check_links(root, parsed, lambda rel: None, site_url)
    return [f"{p.file}:{p.line}: {p.message}" for p in problems]


def test_every_way_of_writing_a_good_link_resolves(tmp_path: Path) -> None:
    site = mini_site(
        tmp_path,
        {
            "index.html": "\n".join([
                '<a href="a/">dir</a>',
                '<a href="a">dir without slash</a>',
                '<a href="./a/index.html#top">file and anchor</a>',
                '<a href="/a/#named">root-relative, a name=</a>',
                '<a href="#here">same page</a><h2 id="here">x</h2>',
                '<a href="files/%E7%99%BB%E8%AE%B0%E8%A1%A8%20(1).docx">encoded Chinese name</a>',
                '<a href="files/登记表 (1).docx?v=2">raw name with a query</a>',
                '<img src="img/p.png" srcset="img/p.png 1x, img/p@2x.png 2x" alt="">',
                '<link rel="stylesheet" href="css/s.css">',
                '<a href="http://127.0.0.1:8000/a/">absolute link to the site itself</a>',
                '<a href="https://www.example.org/nope">external: not fetched</a>',
                '<a href="mailto:office@example.org">mail</a><a href="tel:0391-2118928">tel</a>',
                '<a href="#">empty fragment</a>',
            ]),
            "a/index.html": '<h1 id="top">A</h1><a name="named"></a><a href="../">up</a>',
        },
        files=("files/登记表 (1).docx", "img/p.png", "img/p@2x.png", "css/s.css"),
    )
    assert broken(site, "http://127.0.0.1:8000/") == []


def test_every_kind_of_broken_link_is_reported_with_its_line(tmp_path: Path) -> None:
    site = mini_site(
        tmp_path,
        {
            "index.html": "\n".join([
                '<a href="missing/">missing page</a>',
                '<a href="a/#nowhere">missing anchor</a>',
                '<a href="#nowhere">missing anchor here</a>',
                '<img src="img/none.png" alt="">',
                '<a href="javascript:alert(1)">script</a>',
                '<a href="data:text/html,x">data</a>',
                '<a href="http://127.0.0.1:8000/gone/">absolute, gone</a>',
            ]),
            "a/index.html": "<p>A</p>",
        },
    )
    assert broken(site, "http://127.0.0.1:8000/") == [
        "index.html:2: 链接「missing/」指向的文件不存在（/missing/）：请改正链接，或检查该页面/文件是否已生成",
        "index.html:3: 链接「a/#nowhere」的锚点「#nowhere」在 a/index.html 中不存在（没有这个 id 的元素）",
        "index.html:4: 链接「#nowhere」的锚点「#nowhere」在 index.html 中不存在（没有这个 id 的元素）",
        "index.html:5: 链接「img/none.png」指向的文件不存在（/img/none.png）：请改正链接，或检查该页面/文件是否已生成",
        "index.html:6: <a> 的 href 是不安全的「javascript:」链接：javascript:alert(1)",
        "index.html:7: <a> 的 href 不能使用「data:」链接",
        "index.html:8: 链接「http://127.0.0.1:8000/gone/」指向的文件不存在（/gone/）：请改正链接，或检查该页面/文件是否已生成",
    ]


def test_the_demo_site_has_no_broken_link(site_factory) -> None:
    site = site_factory(TODAY)
    portal = load(DATA).portal
    assert portal is not None
    report = run_checks(site, allow=portal_allowlist(portal), site_url="http://127.0.0.1:8000/", theme_dirs=theme_dirs())
    assert report.broken_links == 0, report.problems.to_text()
    pages = len(list(site.rglob("*.html")))
    assert report.links_checked > 10 * pages  # every page's navigation, header and content
    assert report.anchors_checked > 0


def test_every_form_download_resolves_to_the_data_file(site_factory) -> None:
    site = site_factory(TODAY)
    loaded = load(DATA).portal
    assert loaded is not None
    portal = with_blank_rosters(loaded, dt.date.fromisoformat(TODAY))  # as published
    forms = [(r, f) for r in portal.rounds for f in r.forms]
    assert len(forms) >= 5
    for r, form in forms:
        served = site / file_path(r.id, form)
        assert served.is_file(), served
        expected = form.content if form.content is not None else form.path.read_bytes()
        assert hashlib.sha256(served.read_bytes()).hexdigest() == hashlib.sha256(expected).hexdigest()
        # …and the round's page links to it, in a way that resolves to that very file.
        page = site / campaign_url(r.id) / "index.html"
        parsed = parse_html(page.read_text(encoding="utf-8"))
        problems, _ = check_links(site, {f"{campaign_url(r.id)}index.html": parsed}, lambda rel: None)
        assert problems == []
        targets = {
            (page.parent / (t.get("href") or "")).resolve()
            for t in parsed.tags
            if t.name == "a" and t.get("href") and "://" not in (t.get("href") or "")
        }
        targets = {Path(unquote(str(t))) for t in targets}
        assert served.resolve() in targets, f"{r.id}: no link to {form.file}"


def test_a_hand_written_page_with_a_broken_link_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = tmp_path / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    help_page = docs / "help.md"
    text = help_page.read_text(encoding="utf-8")
    # Absolute links and anchors on other pages are not checked by MkDocs itself.
    help_page.write_text(
        text + "\n\n另见[往期归档](/archive/no-such/)和[截止日期](/deadlines/#no-such-anchor)。\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    code = build_site(config_with_docs(tmp_path, docs), site_dir=site, data_dir=DATA, today=TODAY)
    assert code == 1
    assert "site/help/index.html:" in caplog.text
    assert "链接「/archive/no-such/」指向的文件不存在（/archive/no-such/）" in caplog.text
    assert "链接「/deadlines/#no-such-anchor」的锚点「#no-such-anchor」在 deadlines/index.html 中不存在" in caplog.text
    assert not site.exists()


def test_plain_links_resolve_exactly_as_urljoin_resolves_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The output checks resolve a plain relative link themselves (links._joined_path) rather
    than through urljoin and urlsplit for each of a site's ~200,000 links: every link they take
    must come out as urljoin has it, and every other link is left to urljoin."""
    import random
    from urllib.parse import urljoin, urlsplit

    from builder.checks.links import _BASE, _plain_link

    rng = random.Random(24)
    atoms = ["..", ".", "", "a", "b%20c", "index.html", "x.y", "名单", "a:b", "q?x", "p;m", "\\", " ",
             "\t", "//", "#f", "#", "?", "%23"]
    rels = ["index.html", "a/b/c/index.html", "campaigns/x/gongshi/index.html", "a b/index.html",
            "x;y/z.html", "名单/index.html", "search/d.1/t1.json"]
    taken = 0
    for _ in range(20_000):
        raw = ("/" if rng.random() < 0.2 else "") + "/".join(rng.choice(atoms) for _ in range(rng.randint(1, 6)))
        raw += ("/" if rng.random() < 0.1 else "") + ("#" + rng.choice(atoms) if rng.random() < 0.2 else "")
        rel = rng.choice(rels)
        got = _plain_link(rel, raw)
        if got is not None:
            taken += 1
            parts = urlsplit(raw)
            assert not parts.scheme and not parts.netloc, raw
            assert got == (urlsplit(urljoin(_BASE + "/" + rel, raw)).path, parts.fragment), (rel, raw)
    assert taken > 4_000  # the plain links are most of what is generated here, as in a site
    for rel, raw in [("a/index.html", "b?q=1"), ("a/index.html", "//host/x"), ("a/index.html", "x:y"),
                     ("a;p/index.html", "../b/"), ("a/index.html", "b;p"), ("a/index.html", "b#x\ty")]:
        assert _plain_link(rel, raw) is None
    assert _plain_link("a/b/index.html", "../../../c/#x") == ("/c/", "x")
    assert _plain_link("a/b/index.html", "#top") == ("/a/b/index.html", "top")
    # And a page's links come out classified the same whether or not any is taken as plain.
    from builder.checks import links as module
    from builder.checks.links import Link, classify_links

    schemes = [*atoms, "javascript:x", "mailto:a@b", "https:"]
    written = [Link("a", "href", raw, n, 1) for n, raw in enumerate(
        ("/" if rng.random() < 0.2 else "") + "/".join(rng.choice(schemes) for _ in range(rng.randint(1, 5)))
        for _ in range(3_000)) if raw]
    for site_url in (None, "https://b.example/", "https://b.example/sub/"):
        for rel in ("index.html", "a/b/index.html", "x;y/i.html"):
            fast = classify_links(rel, written, site_url)
            with monkeypatch.context() as m:
                m.setattr(module, "_plain_link", lambda *args: None)
                assert classify_links(rel, written, site_url) == fast
