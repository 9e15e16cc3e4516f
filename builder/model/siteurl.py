"""The portal's public address: one rule for `GONGSHI_SITE_URL` and `gongshi server init --site-url`."""

from __future__ import annotations

from urllib.parse import urlsplit

SITE_URL_ENV = "GONGSHI_SITE_URL"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def normalize_site_url(value: str, *, source: str = f"环境变量 {SITE_URL_ENV}") -> str:
    """An absolute http(s) URL of a host's root, ending in / (as MkDocs keeps `site_url`).

    The nginx site (deploy/nginx.conf) serves the portal at the root of its host and the pages'
    absolute links assume it, so a path is refused. ValueError carries the Chinese message.
    """
    url = value.strip()
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https") or not parts.hostname
        or parts.path not in ("", "/") or parts.query or parts.fragment
    ):
        raise ValueError(
            f"{source} 应为网站根目录的完整地址，如 https://gongshi.example.gov.cn/"
            f"（不带路径），而不是「{value}」"
        )
    return url if url.endswith("/") else url + "/"
