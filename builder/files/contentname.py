"""Files named by their content, and how long a cache may keep each kind of site file.

The one place that names a file by a digest of its bytes: the site's own scripts and style
sheets (`gongshi-search-ui.js` → `gongshi-search-ui.<hash>.js`), and the search's data folder
(`search/d.<hash>/`, named by every file in it). A name that carries its content never changes
meaning, so browsers, a CDN and object storage may keep such a file for a year, and a page built
by an earlier release still finds every such file it names for as long as the server keeps that
release's files beside the live ones (builder.server.retain).

`cache_control` is the policy of deploy/nginx.conf (its `map $uri $gongshi_cache_control`), in
Python for the uploads to object storage (builder.server.bucket); tests/test_nginx.py holds the
two to the same answer for every file of a built site.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import PurePosixPath

DIGEST_CHARS = 12
"""Hex digits of SHA-256 in a name: 48 bits, so two contents of one path never meet."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""A content-named file: the same name always holds the same bytes."""
REVALIDATE = "no-cache"
"""Everything else: kept, but asked again on every use (a cheap 304), so a correction shows
at once."""
IMAGES = "public, max-age=86400"

_NAMED_FILE = re.compile(r"\.[0-9a-f]{8,}(\.min)?\.(js|css|json)$", re.IGNORECASE)
"""Material's fingerprinted bundles (bundle.a5f9d56c.min.js) and ours."""
_NAMED_DIR = re.compile(r"^search/d\.[0-9a-f]{8,}/")
_IMAGE = re.compile(r"\.(woff2?|png|svg|ico|jpe?g|webp)$", re.IGNORECASE)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def content_name(path: str, data: bytes) -> str:
    """`path` with the digest of `data` before its suffix: assets/x/a.js → assets/x/a.<hash>.js."""
    p = PurePosixPath(path)
    return str(p.with_name(f"{p.stem}.{content_hash(data)}{p.suffix}"))


def content_dir(prefix: str, files: Mapping[str, bytes]) -> str:
    """`prefix.<hash>/`, the hash of every file's name and bytes: the folder of a set of files
    that are only ever used together (a search build's shards and rows)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return f"{prefix}.{digest.hexdigest()[:DIGEST_CHARS]}/"


def is_content_named(path: str) -> bool:
    """Whether the site path (no leading slash) names its content: it may be cached for ever,
    and no later build writes other bytes under it."""
    path = path.removesuffix(".gz")
    return bool(_NAMED_FILE.search(path) or _NAMED_DIR.match(path))


def cache_control(path: str) -> str:
    """The Cache-Control of a site path (no leading slash), as deploy/nginx.conf sends it."""
    if is_content_named(path):
        return IMMUTABLE
    if _IMAGE.search(path.removesuffix(".gz")):
        return IMAGES
    return REVALIDATE
