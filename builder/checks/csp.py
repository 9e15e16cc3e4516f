"""Inline scripts of a built site and the Content-Security-Policy hashes that allow them.

deploy/nginx.conf allows scripts from the site itself and, by SHA-256, the few inline scripts
Material's templates write (never 'unsafe-inline', so a script injected through data cannot
run). When Material or the templates change, print the new list with

    .venv/bin/python -m builder.checks.csp site/

and paste it into the `script-src` of deploy/nginx.conf; tests/test_nginx.py fails until then.
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

from builder.checks.htmlscan import parse_html

# Script types the browser executes; JSON data blocks (Material's __config) are not scripts.
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_INLINE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)


def script_hash(body: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()


def inline_scripts(site_dir: Path) -> dict[str, list[str]]:
    """Hash source → pages (relative paths) that contain an inline script with that hash."""
    found: dict[str, list[str]] = {}
    for page in sorted(Path(site_dir).rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for m in _INLINE.finditer(text):
            tag = parse_html(f"<script{m.group(1)}>").tags[0]
            if tag.get("src") is not None:
                continue
            kind = (tag.get("type") or "").strip().lower()
            if kind not in _EXECUTABLE:
                continue
            found.setdefault(script_hash(m.group(2)), []).append(
                page.relative_to(site_dir).as_posix()
            )
    return found


def inline_handlers(site_dir: Path) -> list[tuple[str, int, str]]:
    """(page, line, attribute) for every on…= event-handler attribute: CSP blocks them all."""
    out: list[tuple[str, int, str]] = []
    for page in sorted(Path(site_dir).rglob("*.html")):
        parsed = parse_html(page.read_text(encoding="utf-8", errors="replace"))
        for tag in parsed.tags:
            for key, _ in tag.attrs:
                if key.startswith("on"):
                    out.append((page.relative_to(site_dir).as_posix(), tag.line, key))
    return out


def policy_script_hashes(policy: str) -> set[str]:
    """The 'sha256-…' sources of the script-src directive of a CSP header value."""
    for directive in policy.split(";"):
        parts = directive.split()
        if parts and parts[0] == "script-src":
            return {p.strip("'") for p in parts[1:] if p.strip("'").startswith("sha256-")}
    return set()


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    scripts = inline_scripts(site)
    for digest, pages in sorted(scripts.items(), key=lambda kv: kv[1][0]):
        print(f"'{digest}'  # {len(pages)} 个页面，如 {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
