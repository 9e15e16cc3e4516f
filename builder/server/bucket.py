"""Object storage as a publishing target: `gongshi server init DIR --publish-to s3://BUCKET[/PREFIX]`.

Every release that goes live on the server (a push, the daily rebuild, a rollback) is uploaded
to each bucket in an order that never shows a visitor a broken page:

1. content-named files (scripts, style sheets, the search's data folder: builder.files.contentname)
   with `Cache-Control: public, max-age=31536000, immutable`: new names, nothing links to them yet;
2. the leaf pages and files (a round's pages, forms, images), those new to the bucket before the
   changed ones, so a changed page never links to a page not yet there;
3. the hub pages that link to many others (the top-level pages and files, each section's page,
   the search manifest), `no-cache`: from here on visitors see the new release.

Then the bucket is listed again and every object compared with the release's file (its ETag,
the MD5 of a single-part upload); only then is anything deleted, and never an object the live
release holds nor a content-named file a release of the retention window built
(builder.server.window): open pages of those releases still fetch them. A killed upload leaves
the old hubs, so the old site whole; every run of the server (a push, the timer, `server sync`)
first finishes what a target has not completed (`catch_up`). `deploy.log` in the server directory
gets one JSON line per step, appended only.

boto3, not rclone: the upload order is per file and decided here (phases, new before changed),
with a Cache-Control and Content-Type per object, a verification by ETag and deletions limited
to what the window does not reference; boto3 does each in one call from the same process, with
the server's lock held and errors as exceptions, where rclone would need one run per phase over
generated file lists and its output parsed. Endpoint and credentials are the standard variables
(AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION), kept by
`server init` in etc/bucket-credentials.json (0600) for the hooks and the timer.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import mimetypes
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from builder.files.contentname import IMMUTABLE, REVALIDATE, cache_control, is_content_named
from builder.files.retain import own_files
from builder.files.reuse import site_files
from builder.model.clock import now
from builder.render.search.files import MANIFEST
from builder.server.layout import Layout, ServerError, printable

CREDENTIALS = "bucket-credentials.json"
ENV_VARS = ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")
MARKER = ".gongshi-target.json"
"""The object that says a prefix is the portal's: nothing else there is ever deleted unless the
prefix holds it (`init` refuses a prefix with other objects)."""
DEPLOY_LOG = "deploy.log"
WORKERS = 8

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX_PART = re.compile(r"^[A-Za-z0-9._-]+$")

_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8", ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml", ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}
_NAMED_TYPES = {"feed.xml": "application/atom+xml; charset=utf-8"}


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str
    """'' or 'a/b/'."""

    @classmethod
    def parse(cls, value: str) -> Target:
        """s3://BUCKET[/PREFIX]; ServerError (for the administrator) otherwise."""
        m = re.fullmatch(r"s3://([^/]+)(/.*)?", value.strip())
        parts = [p for p in (m.group(2) or "").split("/") if p] if m else []
        if (m is None or not _BUCKET.match(m.group(1)) or ".." in m.group(1)
                or not all(_PREFIX_PART.match(p) and p not in (".", "..") for p in parts)):
            raise ServerError(f"--publish-to 应为 s3://存储桶名[/前缀]（如 s3://gongshi-site 或 "
                              f"s3://gongshi-site/portal），而不是「{printable(value)}」")
        return cls(m.group(1), "".join(p + "/" for p in parts))

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def key(self, rel: str) -> str:
        return self.prefix + rel


# --- credentials ---------------------------------------------------------------------------

def save_credentials(layout: Layout, env: dict[str, str]) -> None:
    """Keep the standard variables of `env` in etc/bucket-credentials.json, readable by this
    account only (0600, also while it is written)."""
    values = {k: env[k] for k in ENV_VARS if env.get(k)}
    missing = [k for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") if k not in values]
    if missing:
        raise ServerError(f"--publish-to 需要对象存储的密钥：请先设置环境变量 {'、'.join(missing)}"
                          "（以及 AWS_ENDPOINT_URL、AWS_DEFAULT_REGION），再运行 server init")
    path = layout.etc / CREDENTIALS
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        os.fchmod(f.fileno(), 0o600)
        json.dump(values, f)
    os.replace(tmp, path)


def client(layout: Layout) -> Any:
    """A boto3 S3 client with the kept credentials: virtual-hosted addressing (what OSS, COS and
    OBS require), path style only for an endpoint given as an IP address or localhost (a MinIO or
    SeaweedFS without DNS names); checksums only where the API requires them (OBS rejects the
    ones boto3 ≥ 1.36 adds by default)."""
    import boto3
    from botocore.config import Config

    try:
        values = json.loads((layout.etc / CREDENTIALS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ServerError(f"没有对象存储的密钥（{layout.etc / CREDENTIALS}）：请设置 AWS_* 环境变量后"
                          "重新运行 server init … --publish-to …") from None
    endpoint = values.get("AWS_ENDPOINT_URL") or None
    host = urlsplit(endpoint).hostname if endpoint else None
    config = Config(
        s3={"addressing_style": "path" if host and _is_local(host) else "virtual"},
        request_checksum_calculation="when_required", response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"}, connect_timeout=10, read_timeout=60,
        max_pool_connections=WORKERS * 2,
    )
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name=values.get("AWS_DEFAULT_REGION") or "us-east-1",
        aws_access_key_id=values.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=values.get("AWS_SECRET_ACCESS_KEY"), config=config,
    )


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


# --- what a release puts where -------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    rel: str
    phase: int
    """1 content-named, 2 leaf, 3 hub."""
    md5: str
    cache_control: str
    content_type: str


def is_hub(rel: str) -> bool:
    """A page or file many others link to, or that names the others (the search manifest): a
    top-level file, or a section's own page (archive/index.html, search/index.html, …)."""
    return "/" not in rel or bool(re.fullmatch(r"[^/]+/index\.html", rel)) or rel == MANIFEST


def content_type(rel: str) -> str:
    if rel in _NAMED_TYPES:
        return _NAMED_TYPES[rel]
    suffix = Path(rel).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"


def release_files(release: Path) -> list[str]:
    """What a release puts into a bucket: every file, but the `.gz` copies nginx serves in place
    of a file (object storage has no such negotiation; a CDN compresses on its own)."""
    files = site_files(release)
    have = set(files)
    return [rel for rel in files if not (rel.endswith(".gz") and rel[:-3] in have)]


def md5_file(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def plan(release: Path, files: Sequence[str]) -> list[Upload]:
    out = []
    for rel in files:
        named = is_content_named(rel)
        phase = 1 if named else 3 if is_hub(rel) else 2
        policy = IMMUTABLE if named else REVALIDATE if phase == 3 else cache_control(rel)
        out.append(Upload(rel, phase, md5_file(release / rel), policy, content_type(rel)))
    return out


# --- the deploy log ------------------------------------------------------------------------

def log_step(layout: Layout, target: Target, event: str, **fields: object) -> None:
    entry = {"time": now().isoformat(), "target": str(target), "event": event, **fields}
    with (layout.root / DEPLOY_LOG).open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def read_steps(layout: Layout) -> list[dict[str, Any]]:
    try:
        text = (layout.root / DEPLOY_LOG).read_text(encoding="utf-8")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a crash
    return out


def held(layout: Layout, target: Target) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the last completed upload to `target`, the upload begun after it and never completed)."""
    done: dict[str, Any] | None = None
    begun: dict[str, Any] | None = None
    for step in read_steps(layout):
        if step.get("target") != str(target):
            continue
        if step.get("event") == "done":
            done, begun = step, None
        elif step.get("event") == "start":
            begun = step
    return done, begun


# --- the upload ----------------------------------------------------------------------------

def _listing(s3: Any, target: Target) -> dict[str, str]:
    """Key → ETag (lower-case hex, no quotes) of every object under the target's prefix."""
    out: dict[str, str] = {}
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=target.bucket, Prefix=target.prefix)
    for page in pages:
        for obj in page.get("Contents", []):
            out[obj["Key"]] = str(obj.get("ETag", "")).strip('"').lower()
    return out


def check_target(s3: Any, target: Target) -> None:
    """The prefix is the portal's (it holds the marker) or empty (the marker is put there);
    ServerError when it holds anything else: publishing deletes what a release does not hold."""
    try:
        found = _listing(s3, target)
    except Exception as exc:  # botocore's errors: the administrator reads the reason
        raise ServerError(f"无法读取 {target}：{printable(exc)}") from None
    if found and target.key(MARKER) not in found:
        shown = "、".join(printable(k) for k in sorted(found)[:5])
        raise ServerError(f"{target} 中有不属于公示门户的对象（{shown}）：请换一个空的存储桶或前缀"
                          "（发布时会删除其中旧版本的文件）")
    if not found:
        s3.put_object(Bucket=target.bucket, Key=target.key(MARKER), ContentType="application/json",
                      CacheControl=REVALIDATE, Body=json.dumps({"kind": "gongshi-server"}).encode())


def upload(layout: Layout, target: Target, release: Path, referenced: Iterable[Path],
           s3: Any | None = None) -> dict[str, int]:
    """Put release directory `release` into `target` in the safe order, verify, then delete
    what neither it nor the content-named files of the `referenced` releases (the retention
    window) hold. Counts of what was done; ServerError when it failed (the bucket still serves
    whole pages: the hubs go last and nothing is deleted before the verification)."""
    s3 = s3 if s3 is not None else client(layout)
    name = release.name
    log_step(layout, target, "start", release=name)
    check_target(s3, target)
    files = release_files(release)
    uploads = plan(release, files)
    remote = _listing(s3, target)
    todo = [u for u in uploads if remote.get(target.key(u.rel)) != u.md5]
    counts = {"files": len(files), "unchanged": len(files) - len(todo)}
    # Leaves new to the bucket before changed ones: a changed page may link to a new page.
    order = [
        ("named", [u for u in todo if u.phase == 1]),
        ("new leaves", [u for u in todo if u.phase == 2 and target.key(u.rel) not in remote]),
        ("changed leaves", [u for u in todo if u.phase == 2 and target.key(u.rel) in remote]),
        ("hubs", [u for u in todo if u.phase == 3]),
    ]

    def put(u: Upload) -> None:
        with open(release / u.rel, "rb") as f:
            s3.put_object(Bucket=target.bucket, Key=target.key(u.rel), Body=f.read(),
                          CacheControl=u.cache_control, ContentType=u.content_type)

    with ThreadPoolExecutor(WORKERS) as pool:
        for phase, batch in order:
            log_step(layout, target, "phase", release=name, phase=phase, files=len(batch))
            for _ in pool.map(put, batch):
                pass
            counts[phase] = len(batch)
    remote = _listing(s3, target)
    wrong = [u.rel for u in uploads if remote.get(target.key(u.rel)) != u.md5]
    if wrong:
        log_step(layout, target, "failure", release=name, message="verify", files=wrong[:20])
        raise ServerError(f"{target} 校验失败：{len(wrong)} 个文件与版本 {name} 不同（如 "
                          f"{printable(wrong[0])}）；下次发布时重传")
    log_step(layout, target, "verified", release=name, files=len(uploads))
    keep = {target.key(rel) for rel in files} | {target.key(MARKER)}
    for other in referenced:
        keep |= {target.key(rel) for rel in own_files(other)}
    stale = sorted(k for k in remote if k not in keep)
    for start in range(0, len(stale), 1000):
        keys = stale[start:start + 1000]
        s3.delete_objects(Bucket=target.bucket,
                          Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
    counts["deleted"] = len(stale)
    log_step(layout, target, "done", release=name, **counts)
    return counts
