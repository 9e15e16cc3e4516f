"""Publishing to object storage, on a real S3 server started here (SeaweedFS, harness/seaweed.py).

One server directory with `--publish-to s3://portal/site`, real `git push`, the timer's
`rebuild`, `rollback`. A visitor reads straight from the bucket the whole time (as a CDN or the
bucket's website hosting would serve it: a page, every file it references, the search manifest
and the shards it names) while a release, a rollback and an upload killed halfway and run again
happen. No visit may break, and afterwards the bucket holds every file of the live release.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import threading
import time
from pathlib import Path
from posixpath import join as urljoin
from posixpath import normpath
from urllib.parse import unquote, urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from test_server import (
    GONGSHI,
    PUBLICITY_STARTS,
    ROUND,
    URL,
    clean_env,
    commit_all,
    edit,
    hr_clone,
    run,
)
from test_server import git as hr_git

from builder.files.contentname import IMMUTABLE
from builder.render.search.files import MANIFEST
from builder.server.bucket import md5_file, release_files
from harness.seaweed import S3Server
from harness.seaweed import serve as seaweed_serve

BUCKET, PREFIX = "portal", "site/"
PEOPLE = f"candidates/{ROUND}.yml"
_REF = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory):
    with seaweed_serve(tmp_path_factory.mktemp("seaweed")) as server:
        s3(server).create_bucket(Bucket=BUCKET)
        yield server


def s3(server: S3Server) -> object:
    return boto3.client(
        "s3", endpoint_url=server.endpoint, region_name=server.region,
        aws_access_key_id=server.access_key, aws_secret_access_key=server.secret_key,
        config=Config(s3={"addressing_style": "path"}, read_timeout=60, retries={"max_attempts": 1}),
    )


def key_of(page_key: str, ref: str) -> str | None:
    """The bucket key a page's reference loads (None: not a file of the site)."""
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    raw = unquote(parts.path)
    base = "" if raw.startswith("/") else page_key.rpartition("/")[0]
    path = normpath(urljoin(base, raw.lstrip("/")))
    if path.startswith(".."):
        return None
    if path == ".":
        return "index.html"
    return path + "/index.html" if raw.endswith("/") else path


def uploading(srv: Path) -> bool:
    """An upload to the bucket has begun and not completed (deploy.log)."""
    events = [s.get("event") for s in steps(srv) if s.get("event") in ("start", "done")]
    return bool(events) and events[-1] == "start"


class Visitor(threading.Thread):
    """Visits in a loop: the home page, then each page it links to in turn, every file each
    references, the search manifest and all the shards it names. A visit breaks when any of
    those is missing. Back to back while an upload is under way (only then does the bucket
    change), a few a second otherwise, so that the builds in between are not slowed down."""

    IDLE = 0.3

    def __init__(self, server: S3Server, srv: Path) -> None:
        super().__init__(daemon=True)
        self.client = s3(server)
        self.srv = srv
        self.stop = threading.Event()
        self.visits = 0
        self.during_upload = 0
        self.broken: list[str] = []

    def get(self, rel: str) -> bytes:
        body = self.client.get_object(Bucket=BUCKET, Key=PREFIX + rel)["Body"]  # type: ignore[attr-defined]
        return body.read()

    def visit(self, n: int) -> None:
        home = self.get("index.html").decode()
        pages = sorted({k for r in _REF.findall(home) if (k := key_of("index.html", r))
                        and k.endswith("index.html") and k != "index.html"})
        page = pages[n % len(pages)] if pages else "index.html"
        for key in ("index.html", page):
            html = self.get(key).decode()
            for ref in _REF.findall(html):
                target = key_of(key, ref)
                if target and not target.endswith("index.html"):
                    self.get(target)
        manifest = json.loads(self.get(MANIFEST))
        files = manifest["schema"]["files"]
        for i in range(len(manifest["shards"])):
            self.get("search/" + manifest["dir"] + files["shard"].format(n=i))

    def check(self, when: str) -> None:
        """One visit now (from the calling thread)."""
        try:
            self.visit(self.visits)
        except ClientError as exc:
            self.broken.append(f"{when}: {exc}")
        self.visits += 1

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            busy = uploading(self.srv)
            try:
                self.visit(n)
            except ClientError as exc:
                self.broken.append(f"visit {n}: {exc}")
            self.visits += 1
            n += 1
            if busy or uploading(self.srv):
                self.during_upload += 1
            else:
                self.stop.wait(self.IDLE)


def server_cmd(srv: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(*GONGSHI, "server", *args, cwd=srv, env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS))


def steps(srv: Path) -> list[dict[str, object]]:
    """deploy.log's entries (a line still being written is left out)."""
    out = []
    for line in (srv / "deploy.log").read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def stepwise(args: list[str], cwd: Path, srv: Path, checker: Visitor, *,
             kill_at: str | None = None, s3_server: S3Server | None = None) -> str:
    """Run `args` (a push or a server command, which uploads) in a process group of its own and
    stop the group as each upload phase begins (deploy.log), for one whole visit of the bucket
    as it is then: every earlier phase done, the next at most begun. At phase `kill_at` the
    group is killed instead, with the S3 server held so no request of it ends. Its stderr."""
    mark = len(steps(srv))
    with open(srv.parent / "stepwise.err", "w+", encoding="utf-8") as err:
        proc = subprocess.Popen(args, cwd=cwd, env=clean_env(GONGSHI_TODAY=PUBLICITY_STARTS),
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        done = 0
        try:
            while proc.poll() is None:
                phases = [s for s in steps(srv)[mark:] if s.get("event") == "phase"]
                for step in phases[done:]:
                    done += 1
                    if step["phase"] == kill_at and s3_server is not None:
                        with s3_server.frozen():
                            os.killpg(proc.pid, signal.SIGKILL)
                            proc.wait()
                        break
                    os.killpg(proc.pid, signal.SIGSTOP)
                    try:
                        checker.check(f"before {step['phase']}")
                    finally:
                        os.killpg(proc.pid, signal.SIGCONT)
                time.sleep(0.005)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if kill_at is None:
            assert proc.returncode == 0 and done >= 4, (proc.returncode, f"{done} phases seen")
        err.seek(0)
        return err.read()


def test_a_bucket_gets_every_release_with_no_broken_visit(
    s3_server: S3Server, www_path: Path, tmp_path: Path
) -> None:
    client = s3(s3_server)
    # A prefix holding anything else is refused: publishing deletes what a release lacks.
    client.put_object(Bucket=BUCKET, Key="other/notes.txt", Body=b"x")  # type: ignore[attr-defined]
    refused = run(*GONGSHI, "server", "init", str(www_path / "x"), "--site-url", URL,
                  "--publish-to", f"s3://{BUCKET}/other", cwd=www_path,
                  env=clean_env(**s3_server.env()), check=False)
    assert refused.returncode == 1 and "中有不属于公示门户的对象（other/notes.txt）" in refused.stderr

    srv = www_path / "srv"
    done = run(*GONGSHI, "server", "init", str(srv), "--site-url", URL, "--keep", "2",
               "--publish-to", f"s3://{BUCKET}/{PREFIX}", cwd=www_path,
               env=clean_env(**s3_server.env()))
    assert "服务器目录已就绪" in done.stdout
    keys = srv / "etc" / "bucket-credentials.json"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert json.loads(keys.read_text())["AWS_SECRET_ACCESS_KEY"] == s3_server.secret_key
    clone = tmp_path / "portal"
    hr_clone(srv, clone)

    # The hooks read the kept keys (the push's environment has none).
    commit_all(clone, "第一轮名单")
    pushed = hr_git(clone, "push", "-q", "origin", "HEAD:main", today=PUBLICITY_STARTS)
    # The pusher sees the line the HR manual quotes (发布与撤回 › 网站放在对象存储上时).
    uploaded = re.search(rf"remote: 已上传到 s3://{BUCKET}/site/?：\d+ 个文件有变化，删除 \d+ 个旧文件\s*\nremote: 已发布：",
                         pushed.stderr)
    assert uploaded, pushed.stderr
    manual = (Path(__file__).parent.parent / "site_src" / "manual" / "publish.md").read_text(encoding="utf-8")
    assert re.search(r"remote: 已上传到 s3://[\w-]+：\d+ 个文件有变化，删除 \d+ 个旧文件\nremote: 已发布：", manual)
    first = os.readlink(srv / "current").removeprefix("releases/")

    visitor = Visitor(s3_server, srv)
    visitor.start()
    checker = Visitor(s3_server, srv)  # visits at each phase of an upload (stepwise)
    seen: dict[str, int] = {}
    retries: list[int] = []  # killed uploads that had ended before the kill (killed_then_rerun)

    def during(what: str, action) -> None:  # type: ignore[no-untyped-def]
        before = visitor.visits
        action()
        # At least one whole visit overlaps the end of the step.
        target = visitor.visits + 1
        while visitor.visits < target and visitor.is_alive():
            time.sleep(0.05)
        seen[what] = visitor.visits - before

    try:
        while visitor.visits < 1:
            time.sleep(0.05)

        def release() -> None:
            edit(clone / "data" / PEOPLE, "name: 欧阳明\n", "name: 欧阳鸣\n")
            commit_all(clone, "更正姓名")
            out = stepwise(["git", "push", "-q", "origin", "HEAD:main"], clone, srv, checker)
            assert "已上传到" in out, out

        during("release", release)
        second = os.readlink(srv / "current").removeprefix("releases/")
        during("rollback", lambda: stepwise([*GONGSHI, "server", "rollback", str(srv), first],
                                            srv, srv, checker))

        def killed_then_rerun() -> None:
            # A rollback to the second release again; its upload is killed while the hubs go
            # up, with the S3 server held so it cannot end. The kill follows the upload's log,
            # read every few ms by this process (which a loaded machine may not run for longer):
            # when the upload ended first, roll back to the first release and kill again.
            for _ in range(3):
                mark = len(steps(srv))
                stepwise([*GONGSHI, "server", "rollback", str(srv), second], srv, srv, checker,
                         kill_at="hubs", s3_server=s3_server)
                if not any(s.get("event") == "done" for s in steps(srv)[mark:]):
                    break
                server_cmd(srv, "rollback", str(srv), first)
                retries.append(1)
            assert not any(s.get("event") == "done" for s in steps(srv)[mark:])
            status = server_cmd(srv, "status", str(srv)).stdout
            assert "的上传未完成" in status and f"版本 {first}（" in status
            # The next run of the timer (nothing to build: the branch's commit is live on the
            # same day) finishes the upload.
            again = server_cmd(srv, "rebuild", "--if-new-day", str(srv))
            assert "无需重新生成" in again.stderr and "补传线上版本" in again.stderr, again.stderr
            assert "已上传到" in again.stderr, again.stderr

        during("killed upload", killed_then_rerun)
    finally:
        visitor.stop.set()
        visitor.join(timeout=120)
    assert visitor.broken == [] and checker.broken == [], (visitor.broken + checker.broken)[:3]
    assert checker.visits >= 11, checker.visits  # 4 + 4 phases, 3 before the kill
    assert all(n >= 1 for n in seen.values()) and visitor.during_upload >= 3, (
        seen, visitor.during_upload)

    live = srv / "releases" / os.readlink(srv / "current").removeprefix("releases/")
    assert live.name == second
    status = server_cmd(srv, "status", str(srv)).stdout
    assert f"对象存储 s3://{BUCKET}/site：版本 {live.name}（" in status and "未完成" not in status
    # Every file of the live release is in the bucket, as uploaded (ETag = MD5).
    listing = {o["Key"]: o["ETag"].strip('"') for page in
               client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX)  # type: ignore[attr-defined]
               for o in page.get("Contents", [])}
    files = release_files(live)
    assert all(listing.get(PREFIX + rel) == md5_file(live / rel) for rel in files)
    # ...and so is every file any of its pages references.
    for rel in files:
        if rel.endswith(".html"):
            html = (live / rel).read_text(encoding="utf-8")
            for ref in _REF.findall(html):
                target = key_of(rel, ref)
                if target and (live / target).is_file():
                    assert PREFIX + target in listing, (rel, ref)
    named = next(rel for rel in files if re.fullmatch(r"assets/search/gongshi-search-ui\.[0-9a-f]+\.js", rel))
    head = client.head_object(Bucket=BUCKET, Key=PREFIX + named)  # type: ignore[attr-defined]
    assert head["CacheControl"] == IMMUTABLE and head["ContentType"].startswith("text/javascript")
    head = client.head_object(Bucket=BUCKET, Key=PREFIX + "index.html")  # type: ignore[attr-defined]
    assert head["CacheControl"] == "no-cache" and head["ContentType"] == "text/html; charset=utf-8"
    log = steps(srv)
    # Uploaded by its push, begun by the killed rollback, finished by the timer.
    assert [s["event"] for s in log if s.get("release") == live.name].count("start") == 3 + len(retries)

    # The same S3 server, another prefix: the order of leaves and the deletion guard.
    leaves_and_window(s3_server, tmp_path / "direct")


class Recording:
    """An S3 client that remembers the keys it put, in order (the upload's own client)."""

    def __init__(self, client: object) -> None:
        self.client = client
        self.put: list[str] = []

    def put_object(self, **kwargs: object) -> object:
        result = self.client.put_object(**kwargs)  # type: ignore[attr-defined]
        self.put.append(str(kwargs["Key"]))
        return result

    def __getattr__(self, name: str) -> object:
        return getattr(self.client, name)


def leaves_and_window(s3_server: S3Server, root: Path) -> None:
    """Two small releases uploaded straight (builder.server.bucket.upload), as a push uploads:

    - a changed page that links to a new page goes up only after the new page is in the bucket
      (new leaves before changed leaves), so no visitor follows a link to a missing page;
    - a release of the retention window keeps its search files in the bucket although the live
      release does not hold them (a page of that release may be open); without the window
      they are deleted."""
    from builder.server import bucket
    from builder.server.layout import Layout

    def release(name: str, files: dict[str, str]) -> Path:
        for rel, text in files.items():
            (root / name / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / name / rel).write_text(text, encoding="utf-8")
        return root / name

    (root / "srv").mkdir(parents=True)
    layout = Layout(root / "srv")
    target = bucket.Target.parse(f"s3://{BUCKET}/direct")
    old_search = "search/d.aaaaaaaaaaaa/t0.json"
    first = release("first", {
        "index.html": '<a href="campaigns/a/">a</a>', "campaigns/a/index.html": "a",
        old_search: "[1]", MANIFEST: '{"dir": "d.aaaaaaaaaaaa/"}',
    })
    second = release("second", {
        "index.html": '<a href="campaigns/a/">a</a><a href="campaigns/b/">b</a>',
        "campaigns/a/index.html": 'a, see <a href="../b/">b</a>', "campaigns/b/index.html": "b",
        "search/d.bbbbbbbbbbbb/t0.json": "[2]", MANIFEST: '{"dir": "d.bbbbbbbbbbbb/"}',
    })
    client = s3(s3_server)
    bucket.upload(layout, target, first, [], s3=client)
    recording = Recording(client)
    counts = bucket.upload(layout, target, second, [first], s3=recording)
    keys = [k.removeprefix(target.prefix) for k in recording.put]
    assert counts["new leaves"] == 1 and counts["changed leaves"] == 1, counts
    assert keys.index("campaigns/b/index.html") < keys.index("campaigns/a/index.html") < keys.index("index.html")
    assert keys.index("search/d.bbbbbbbbbbbb/t0.json") < keys.index("campaigns/b/index.html")

    def held() -> set[str]:
        return {o["Key"].removeprefix(target.prefix) for page in
                client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=target.prefix)  # type: ignore[attr-defined]
                for o in page.get("Contents", [])}

    assert old_search in held() and counts["deleted"] == 0
    # Once the first release has left the window, its search files go.
    again = bucket.upload(layout, target, second, [], s3=client)
    assert old_search not in held() and again["deleted"] == 1, again
    assert held() >= set(bucket.release_files(second))
