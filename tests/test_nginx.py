"""deploy/nginx.conf serving the built site: headers, compression, types, caching, errors, CSP.

Every request goes to Debian's nginx started by `server_factory` with the deploy file itself
(only `listen` and `root` are templated), so these assertions are about the deployed config.
"""

from __future__ import annotations

import gzip
import http.client
import re
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import open_context
from page_types import PAGE_TYPES, TODAY

from builder.checks.csp import inline_handlers, inline_scripts, policy_script_hashes
from builder.files.contentname import cache_control, content_name, is_content_named
from harness import nginx
from harness.net import free_port, wait_port


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def decoded(self) -> bytes:
        gzipped = self.headers.get("Content-Encoding") == "gzip"
        return gzip.decompress(self.body) if gzipped else self.body


def fetch(base: str, path: str, *, gzip_ok: bool = True) -> Response:
    """One GET without following redirects (http.client, so nothing is decoded behind our back)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        headers = {"Accept-Encoding": "gzip"} if gzip_ok else {}
        conn.request("GET", "/" + quote(path), headers=headers)
        r = conn.getresponse()
        return Response(r.status, r.headers, r.read())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    return site_factory(TODAY)


@pytest.fixture(scope="module")
def base(site, server_factory) -> str:
    return server_factory(site)


def one(site: Path, pattern: str) -> str:
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob(pattern))
    assert found, f"the demo site has no {pattern}"
    return found[0]


SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def test_the_tested_config_is_the_deployed_config(tmp_path: Path) -> None:
    deployed = nginx.DEPLOY_CONF.read_text(encoding="utf-8").splitlines()
    tested = nginx.site_config(tmp_path, 8123).splitlines()
    removed = [line.strip() for line in deployed if line not in tested]
    added = [line.strip() for line in tested if line not in deployed]
    assert removed == ["listen 80;", "listen [::]:80;", "root /srv/gongshi/site;"]
    assert added == ["listen 127.0.0.1:8123;", f"root {tmp_path};"]


def _guide_block(after: str) -> str:
    """The first ```nginx block of deploy/README.md after the line `after`."""
    text = (nginx.REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```nginx\n(.*?)```", text[text.index(after):], re.S)
    assert found, f"deploy/README.md has no nginx block after {after!r}"
    return found.group(1)


def test_the_deploy_guides_https_lines_run_on_debians_nginx(site: Path, tmp_path: Path) -> None:
    """deploy/README.md's HTTPS lines, pasted into deploy/nginx.conf as an administrator does,
    start on the nginx the server has (Debian 12's 1.22 refused the `http2 on;` they once had),
    serve over HTTP/2 with HSTS, and its redirect block sends http to https."""
    openssl = shutil.which("openssl")
    assert openssl, "openssl is missing: run `make test` (it installs it)"
    cert, key = tmp_path / "fullchain.pem", tmp_path / "gongshi.key"
    subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    port, plain = free_port(), free_port()
    https = _guide_block("### 4. HTTPS 证书")
    https = https.replace("/etc/ssl/gongshi/fullchain.pem", str(cert)).replace("/etc/ssl/private/gongshi.key", str(key))
    https, n_v4 = re.subn(r"(?m)^(\s*)listen 443 ", rf"\1listen 127.0.0.1:{port} ", https)
    https, n_v6 = re.subn(r"(?m)^\s*listen \[::\]:443 .*\n", "", https)  # CI may have no IPv6
    redirect = _guide_block("并另加一个把 http 转到 https 的 server")
    redirect, n_r4 = re.subn(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{plain};", redirect)
    redirect = re.sub(r"(?m)^\s*listen \[::\]:80;\n", "", redirect)
    assert (n_v4, n_v6, n_r4) == (1, 1, 1), "the guide's listen lines changed: update this test"
    conf = nginx.DEPLOY_CONF.read_text(encoding="utf-8")
    conf, n_listen = re.subn(r"(?m)^\s*listen\s+(?:\[::\]:)?80;\n", "", conf)
    conf, n_root = re.subn(r"(?m)^(\s*)root\s+[^;]+;", lambda m: f"{https}{m.group(1)}root {site};", conf)
    assert (n_listen, n_root) == (2, 1)
    work = tmp_path / "nginx"
    work.mkdir()
    (work / "site.conf").write_text(conf + "\n" + redirect, encoding="utf-8")
    (work / "nginx.conf").write_text(nginx.main_config(work, work / "site.conf"), encoding="utf-8")
    proc = subprocess.Popen([str(nginx.binary()), "-p", str(work), "-c", str(work / "nginx.conf"),
                             "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        try:
            wait_port(port, proc=proc)
        except RuntimeError:
            proc.kill()
            raise AssertionError(f"nginx refused the guide's HTTPS lines:\n{proc.communicate()[0].decode()}") from None
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_alpn_protocols(["h2", "http/1.1"])
        with context.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10)) as tls:
            assert tls.selected_alpn_protocol() == "h2"
        context.set_alpn_protocols(["http/1.1"])  # http.client speaks HTTP/1.1 only
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        conn.request("GET", "/")
        r = conn.getresponse()
        r.read()
        conn.close()
        assert r.status == 200
        assert r.headers["Strict-Transport-Security"] == "max-age=31536000"
        assert r.headers["X-Content-Type-Options"] == "nosniff"  # the deploy file's headers stay
        moved = fetch(f"http://127.0.0.1:{plain}", "gonggao/")
        assert moved.status == 301
        assert moved.headers["Location"] == "https://127.0.0.1/gonggao/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_html_has_security_headers_and_a_policy_without_third_parties(base: str) -> None:
    r = fetch(base, "")
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    for name, value in SECURITY.items():
        assert r.headers[name] == value
    policy = r.headers["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    for name in ("default-src", "script-src", "style-src", "img-src", "connect-src", "font-src"):
        for source in directives[name]:
            assert source in ("'self'", "data:", "'unsafe-inline'") or source.startswith("'sha256-"), (
                f"{name} allows {source}"
            )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]


def test_every_inline_script_is_allowed_by_hash_and_no_handler_attribute_exists(
    site: Path, base: str
) -> None:
    policy = fetch(base, "")
    allowed = policy_script_hashes(policy.headers["Content-Security-Policy"])
    scripts = inline_scripts(site)
    missing = {h: pages[:3] for h, pages in scripts.items() if h not in allowed}
    assert not missing, (
        "inline scripts not in deploy/nginx.conf's script-src (run "
        f"`python -m builder.checks.csp site/`): {missing}"
    )
    assert inline_handlers(site) == []


@pytest.mark.parametrize(
    ("pattern", "content_type"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("*.ics", "text/calendar; charset=utf-8"),
        ("feed.xml", "application/atom+xml; charset=utf-8"),
        ("search/index-v*.json", "application/json; charset=utf-8"),
        ("main.*.min.css", "text/css; charset=utf-8"),
        ("bundle.*.min.js", "application/javascript; charset=utf-8"),
    ],
)
def test_text_types_are_compressed_and_correctly_typed(
    site: Path, base: str, pattern: str, content_type: str
) -> None:
    rel = one(site, pattern)
    r = fetch(base, rel)
    assert r.status == 200
    assert r.headers["Content-Type"] == content_type
    assert r.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["Vary"]
    assert r.decoded() == (site / rel).read_bytes()
    plain = fetch(base, rel, gzip_ok=False)
    assert "Content-Encoding" not in plain.headers
    assert plain.body == (site / rel).read_bytes()


def test_a_precompressed_file_is_sent_as_it_is(site: Path, base: str) -> None:
    rel = one(site, "search/index-v*.json")
    packed = site / (rel + ".gz")
    assert packed.is_file(), "the build writes the search index precompressed too"
    r = fetch(base, rel)
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.body == packed.read_bytes()  # gzip_static: the file's own bytes, not recompressed
    assert r.decoded() == (site / rel).read_bytes()


@pytest.mark.parametrize(
    ("pattern", "content_type"),
    [
        ("*.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("*.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("*.pdf", "application/pdf"),
    ],
)
def test_form_downloads_have_their_types_and_exact_bytes(
    site: Path, base: str, pattern: str, content_type: str
) -> None:
    rel = one(site, pattern)
    r = fetch(base, rel)
    assert r.status == 200
    assert r.headers["Content-Type"] == content_type
    assert r.body == (site / rel).read_bytes()
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_content_named_files_are_cached_for_a_year_and_pages_are_revalidated(
    site: Path, base: str
) -> None:
    year = "public, max-age=31536000, immutable"
    for pattern in ("bundle.*.min.js", "main.*.min.css", "gongshi-search-ui.*.js", "gongshi-prefs.*.js",
                    "search/d.*/t0.json"):
        assert fetch(base, one(site, pattern)).headers["Cache-Control"] == year, pattern
    for path in ("", "campaigns/2026-shili-jishu-daitouren/gongshi/", one(site, "*.ics"),
                 "feed.xml", one(site, "*.xlsx"), one(site, "search/index-v*.json")):
        r = fetch(base, path)
        assert r.headers["Cache-Control"] == "no-cache", path
        assert r.headers.get("ETag") or r.headers.get("Last-Modified"), path


def test_nginx_and_the_uploads_to_object_storage_agree_on_every_files_cache_policy(
    site: Path, base: str
) -> None:
    """builder.files.contentname.cache_control is what the bucket uploads send: the same as
    deploy/nginx.conf for every file of the site (a .gz copy is served by its original's path)."""
    paths = sorted({p.relative_to(site).as_posix().removesuffix(".gz")
                    for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")})
    differ = {}
    for rel in paths:
        sent = fetch(base, rel).headers["Cache-Control"]
        if sent != cache_control(rel):
            differ[rel] = (sent, cache_control(rel))
    assert not differ
    assert any(is_content_named(rel) for rel in paths if rel.startswith("search/d."))


def test_pages_load_our_scripts_and_style_sheets_by_their_content_names(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    ours = re.findall(r'(?:src|href)="([^"]*assets/(?:javascripts|stylesheets|search)/gongshi[^"]*)"', html)
    assert len(ours) == 8, ours
    for url in ours:
        rel = url.removeprefix("./")
        assert "?" not in rel and is_content_named(rel), url
        assert content_name(re.sub(r"\.[0-9a-f]{12}\.", ".", rel), (site / rel).read_bytes()) == rel
    # The theme's own unnamed copies are not published: only the named ones are loaded.
    assert not (site / "assets" / "search" / "gongshi-search-ui.js").exists()
    assert not (site / "assets" / "javascripts" / "gongshi-time.js").exists()


def test_a_missing_page_is_the_portals_404_with_the_same_headers(site: Path, base: str) -> None:
    r = fetch(base, "campaigns/no-such-round/")
    assert r.status == 404
    assert r.decoded() == (site / "404.html").read_bytes()
    for name, value in SECURITY.items():
        assert r.headers[name] == value
    assert "Content-Security-Policy" in r.headers


def test_a_directory_without_slash_redirects_relative_and_hidden_files_are_not_served(
    site: Path, base: str
) -> None:
    r = fetch(base, "archive")
    assert r.status == 301
    assert r.headers["Location"] == "/archive/"
    (site / ".secret").write_text("x", encoding="utf-8")
    try:
        assert fetch(base, ".secret").status == 404
    finally:
        (site / ".secret").unlink()


@pytest.mark.browser
def test_no_page_type_reports_a_csp_violation_and_the_scripts_run(browser, base: str) -> None:
    context = open_context(browser)
    violations: list[str] = []
    try:
        for name, path in PAGE_TYPES.items():
            page = context.new_page()
            messages: list[str] = []
            page.on("console", lambda m, out=messages: out.append(m.text))
            page.on("pageerror", lambda e, out=messages: out.append(f"pageerror: {e}"))
            page.goto(base + path)
            page.wait_for_load_state("load")
            ran = page.evaluate(
                "typeof __md_get === 'function' && typeof __md_scope === 'object'"
            )
            assert ran, f"{name}: Material's inline scripts were blocked"
            violations += [f"{name}: {m}" for m in messages
                           if re.search(r"Content Security Policy|pageerror", m)]
            page.close()
        assert context.watch.external == []
    finally:
        context.close()
    assert violations == []
