"""Issue 26: a push publishes content, never code. Every attack of the issue's table, pushed for
real (`git push` to the bare repository `gongshi server init` made, so the real hooks run) to one
server directory, as someone holding a stolen HR laptop would.

The first push of the branch carries a hostile project (a `mkdocs.yml` with hooks, a Python tag
and every dangerous option, a theme partial that runs code, a `.gitattributes` that would hide
the data from `git archive`) with valid data: the server accepts it, uses none of it (nothing
runs, nothing of the host is published), and builds with the installed program's configuration
and theme. Every later attack is refused in pre-receive, which is fast (no build): each must say
why in readable Chinese, show no traceback, leave no marker file, and leave the live release as
it was. One build in all.
"""

from __future__ import annotations

import json
import os
import pickle
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_server import BEFORE_PUBLICITY, GONGSHI, ROUND, URL, clean_env, edit, fetch, git, run

from builder.files import diskcache
from harness.nginx import serve as nginx_serve

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
ESC_SUBJECT = "首次发布\x1b[2K\r\x1b]0;pwned\x07remote: 伪造的一行\x1b[31m"
PUSHER = "hr-wang（王人事的笔记本）"
NOBODY = 65534
ID_AND_MOBILE = "张三 身份证 110105198001010016 手机 13812345678\n"


class Server:
    def __init__(self, srv: Path, clone: Path, base: str, markers: Path) -> None:
        self.srv, self.clone, self.base, self.markers = srv, clone, base, markers

    def live(self) -> str:
        return os.readlink(self.srv / "current")

    def commit(self, message: str) -> None:
        git(self.clone, "add", "-A")
        (self.clone.parent / "message.txt").write_text(message, encoding="utf-8")
        git(self.clone, "commit", "-q", "-F", str(self.clone.parent / "message.txt"))

    def push(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`git push …` with the key's name that authorized_keys' `command=` would set."""
        return run("git", "push", *args, cwd=self.clone, check=False,
                   env=clean_env(GONGSHI_TODAY=BEFORE_PUBLICITY, GONGSHI_PUSHER=PUSHER))

    def refused(self, *expected: str, ref: str = "HEAD:main", force: bool = False) -> str:
        """Push `ref`; it must be refused with `expected` lines and change nothing. The
        clone is reset to the server's branch afterwards."""
        before = (self.live(), fetch(self.base, f"campaigns/{ROUND}/"))
        pushed = self.push(*(["-f"] if force else []), "origin", ref)
        remote = "\n".join(line.removeprefix("remote: ") for line in pushed.stderr.splitlines())
        try:
            assert pushed.returncode != 0, remote
            assert "pre-receive hook declined" in pushed.stderr, remote
            assert "Traceback" not in remote and "File \"/" not in remote, remote
            assert "推送被拒绝" in remote, remote
            for line in expected:
                assert line in remote, f"{line!r} not in:\n{remote}"
            assert (self.live(), fetch(self.base, f"campaigns/{ROUND}/")) == before
            assert list(self.markers.iterdir()) == []
        finally:
            git(self.clone, "reset", "-q", "--hard", "origin/main")
            git(self.clone, "clean", "-q", "-fdx")
        return remote


def hostile_project(clone: Path, markers: Path) -> None:
    """What HR's repository (a clone of the whole portal) could hold when it first pushes."""
    for name in ("site_src", "theme_overrides"):
        shutil.copytree(REPO / name, clone / name)
    shutil.copytree(FIXTURE, clone / "data")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - builder/templates\n", "").replace(
        "plugins:\n", "plugins:\n  - material/privacy\n")
    config += (
        "hooks:\n  - evil.py\n"
        f"exclude_docs: '!.well-known/'\n"
        f"site_description: !!python/object/apply:os.system ['touch {markers}/yaml-tag']\n"
        "extra:\n  leaked: !ENV [PATH]\n"
    )
    (clone / "mkdocs.yml").write_text(config, encoding="utf-8")
    (clone / "evil.py").write_text(
        f"from pathlib import Path\nPath('{markers}/hook').touch()\n", encoding="utf-8")
    partial = clone / "theme_overrides" / "partials" / "gongshi-footer.html"
    partial.write_text(
        partial.read_text(encoding="utf-8")
        + f"{{{{ cycler.__init__.__globals__.os.popen('touch {markers}/jinja; id').read() }}}}\n",
        encoding="utf-8")
    # The navigation's hand-written pages are data (data/site.yml), not the pushed mkdocs.yml.
    (clone / "data" / "site.yml").write_text(
        "name: 测试市人才评选公示网\npages:\n  - {title: 2026年评审说明, file: notices/2026.md}\n"
        "  - {title: 关于本站, file: about.md}\n", encoding="utf-8")
    (clone / "site_src" / "notices").mkdir()
    (clone / "site_src" / "notices" / "2026.md").write_text(
        "---\ntitle: 2026年评审说明\n---\n\n# 2026年评审说明\n\n评审工作按通知进行。\n", encoding="utf-8")
    # git archive would honour these: the data would never reach the check.
    (clone / ".gitattributes").write_text("*.yml export-ignore\n", encoding="utf-8")
    (clone / "builder").mkdir()
    (clone / "builder" / "__init__.py").write_text(
        f"open('{markers}/shadow', 'w').close()\n", encoding="utf-8")


@pytest.fixture(scope="module")
def server(www_root: Path, tmp_path_factory: pytest.TempPathFactory):
    home = Path(tmp_path_factory.mktemp("attacks"))
    markers = home / "markers"
    markers.mkdir()
    srv = www_root / "srv-attacks"
    # The build step as its own account without network (deploy/README.md does it with
    # systemd-run and the etc/gongshi-build wrapper; this machine has no systemd running):
    # `nobody` in the server directory's group (root's, here), in a network namespace of its
    # own, so that it can write only the group-writable work/build/.
    # `nobody` runs this checkout's program: a checkout in a 0700 folder (`mktemp -d`) must let
    # it through. The folders above only to pass (search); the checkout itself also readable,
    # as Python lists an import path's folder.
    # (Group too: the build account runs in root's group, whose bits then count, not others'.)
    # The same for the interpreter the venv links to: the build account runs the very program
    # the hooks run (as a deployment does), so its disk store entries are the hooks' too.
    read, search = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
    interpreter = Path(os.path.realpath(sys.executable)).parents
    # Given back when the module ends: the interpreter may live under /root, which stays 0700.
    opened: list[tuple[Path, int]] = []
    for folder, bits in ((REPO, read | search), *((parent, search) for parent in (*REPO.parents, *interpreter))):
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & bits != bits:
            folder.chmod(mode | bits)
            opened.append((folder, mode))
    try:
        sandbox = ["unshare", "--net", "setpriv", f"--reuid={NOBODY}", "--regid=0", "--clear-groups",
                   "--", sys.executable, "-m", "builder.server.buildstep", str(srv)]
        run(*GONGSHI, "server", "init", str(srv), "--site-url", URL, "--max-file-mb", "1",
            "--max-total-mb", "4", "--build-command", shlex.join(sandbox), cwd=home, env=clean_env())
        clone = home / "portal"
        run("git", "clone", "-q", str(srv / "repo.git"), str(clone), cwd=home, env=clean_env())
        hostile_project(clone, markers)
        with nginx_serve(srv / "current", home / "nginx") as base:
            yield Server(srv, clone, base, markers)
    finally:
        for folder, mode in reversed(opened):
            folder.chmod(mode)


def plumb(clone: Path, *args: str, stdin: str = "") -> str:
    """A git plumbing command in `clone` that reads `stdin`; its output."""
    done = subprocess.run(["git", *args], cwd=clone, env=clean_env(), input=stdin,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def host_strings(srv: Path) -> list[str]:
    """Text of the build host that no built file may contain."""
    settings = json.loads((srv / "gongshi-server.json").read_text(encoding="utf-8"))
    return ["root:x:0:0", os.environ["PATH"], settings["python"], str(srv), "uid=", str(REPO)]


def the_first_push_is_built_with_the_programs_configuration_and_nothing_of_it_runs(
    server: Server,
) -> None:
    server.commit(ESC_SUBJECT)
    pushed = server.push("origin", "HEAD:main")
    assert pushed.returncode == 0, pushed.stderr
    assert "首次推送：data/ 和 site_src/ 以外的" in pushed.stderr
    assert "不会被使用，网站的模板和配置以服务器上安装的程序为准" in pushed.stderr
    assert "已发布：" in pushed.stderr and "Traceback" not in pushed.stderr
    # The pusher's terminal gets the subject without its escape sequences.
    assert "\x1b" not in pushed.stderr and "\x07" not in pushed.stderr
    assert "首次发布[2K ]0;pwnedremote: 伪造的一行[31m" in pushed.stderr
    assert list(server.markers.iterdir()) == []
    # Built by the build step's own account (and served: its folders are readable by nginx's).
    live = server.srv / "current"
    assert (live / "index.html").stat().st_uid == NOBODY
    assert (live / "index.html").stat().st_mode & 0o777 == 0o644
    status, page = fetch(server.base, f"campaigns/{ROUND}/")
    assert status == 200 and "关于开展2026年测试市拔尖人才推荐工作的通知" in page
    # The installed theme's footer, not the pushed one; no config value of the push.
    assert "cycler" not in page and "leaked" not in page
    assert fetch(server.base, ".well-known/")[0] == 404
    # The navigation as data/site.yml lists it: its pages, in its order, and no other.
    home = fetch(server.base, "")[1]
    start = home.index('<nav class="gs-mainnav"')
    nav = home[start:home.index("</nav>", start)]
    assert nav.index("2026年评审说明") < nav.index("关于本站")
    assert "使用帮助" not in nav and "异议受理须知" not in nav
    assert fetch(server.base, "notices/2026/")[0] == 200
    needles = host_strings(server.srv)
    for path in sorted((server.srv / "current").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle.encode() not in data, (path, needle)
    # The administrator's terminal too (issue 26: a commit could forge lines of `status`).
    status_text = run(*GONGSHI, "server", "status", str(server.srv), cwd=server.srv,
                      env=clean_env()).stdout
    assert "\x1b" not in status_text and "\x07" not in status_text and "\r" not in status_text
    assert "首次发布[2K ]0;pwnedremote: 伪造的一行[31m" in status_text
    assert f"推送者：{PUSHER}" in status_text


def every_attack_on_the_configuration_and_theme_is_refused(server: Server) -> None:
    clone, markers = server.clone, server.markers
    config = clone / "mkdocs.yml"
    outside = "模板和配置由管理员随程序升级，推送只能修改 data/ 和 site_src/"

    edit(config, "hooks:\n  - evil.py\n", "hooks:\n  - evil.py\n  - evil2.py\n")
    (clone / "evil2.py").write_text(f"open('{markers}/hook2', 'w').close()\n", encoding="utf-8")
    server.commit("hooks")
    server.refused(f"mkdocs.yml：{outside}", f"evil2.py：{outside}",
                   "要改模板或配置，请联系管理员升级程序")

    config.write_text(config.read_text(encoding="utf-8")
                      + f"copyright: !!python/object/apply:os.system ['touch {markers}/tag2']\n",
                      encoding="utf-8")
    server.commit("yaml tag")
    server.refused(f"mkdocs.yml：{outside}")

    partial = clone / "theme_overrides" / "partials" / "header.html"
    partial.write_text("{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", encoding="utf-8")
    server.commit("theme")
    server.refused(f"theme_overrides/partials/header.html：{outside}")

    config.write_text(config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n",
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: ['/']\n"), encoding="utf-8")
    about = clone / "site_src" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n--8<-- "/etc/passwd"\n', encoding="utf-8")
    server.commit("snippets")
    server.refused(f"mkdocs.yml：{outside}")

    edit(config, "docs_dir: site_src", f"docs_dir: {server.srv}")
    server.commit("docs_dir")
    server.refused(f"mkdocs.yml：{outside}")

    # A `.gitattributes`, a file at the root, the program's code.
    (clone / ".gitattributes").write_text("* filter=evil\n", encoding="utf-8")
    (clone / "Makefile").write_text("all:\n\ttouch x\n", encoding="utf-8")
    (clone / "builder" / "cli.py").write_text("import os\n", encoding="utf-8")
    server.commit("root files")
    server.refused(f".gitattributes：{outside}", f"Makefile：{outside}", f"builder/cli.py：{outside}")

    # Made equal to the installed program's file: accepted as far as the files go (the push
    # is then refused for a data error, so that nothing is built).
    shutil.copy(REPO / "mkdocs.yml", config)
    campaign = clone / "data" / "campaigns" / f"{ROUND}.yml"
    edit(campaign, "year: 2026", "year: 二〇二六")
    server.commit("the program's mkdocs.yml, and a data error")
    remote = server.refused("推送被拒绝：数据有错误（见上）")
    assert outside not in remote


def every_attack_on_what_is_published_is_refused(server: Server) -> None:
    clone = server.clone
    docs = clone / "site_src"
    (docs / "dl").mkdir()
    (docs / "dl" / "list.yml").write_text(ID_AND_MOBILE, encoding="utf-8")
    (docs / "dl" / "list.xls").write_text(ID_AND_MOBILE, encoding="utf-8")
    (docs / "dl" / "list.doc").write_text(ID_AND_MOBILE, encoding="utf-8")
    (docs / "x.js").write_text("document.title='x'\n", encoding="utf-8")
    (clone / "theme_overrides" / "link.yml").symlink_to("../data/candidates/" + ROUND + ".yml")
    (docs / ".well-known" / "acme-challenge").mkdir(parents=True)
    (docs / ".well-known" / "acme-challenge" / "token").write_text("t", encoding="utf-8")
    (clone / "data" / "out").symlink_to("/etc")
    server.commit("files")
    server.refused(
        "site_src/dl/list.yml：site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件",
        "site_src/dl/list.xls：site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件："
        "旧版 Excel 格式（XLS）无法可靠地检查其中的文字",
        "site_src/dl/list.doc：site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件："
        "旧版 Word 格式（DOC）",
        "site_src/x.js：site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件："
        "脚本文件会在门户网站中运行",
        "theme_overrides/link.yml：这是一个符号链接（快捷方式）",
        "data/out：这是一个符号链接（快捷方式）",
        "site_src/.well-known/acme-challenge/token：名称以“.”开头的文件和文件夹（隐藏文件）",
    )

    about = docs / "about.md"
    about.write_text(
        about.read_text(encoding="utf-8")
        + '\n<script src="x.js"></script>\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
        '\n段落\n{: onclick="alert(1)" }\n\n[链接](javascript:alert(1))\n', encoding="utf-8")
    text = about.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(text, 1) if t.startswith("<script"))
    server.commit("active content")
    server.refused(
        f"site_src/about.md:{line}:1: 页面中不能有 <script>（脚本）",
        f"site_src/about.md:{line + 2}:1: 页面中不能有 <meta http-equiv>",
        "<p> 带有事件处理属性 onclick",
        "<a> 的 href 是 javascript: 地址",
        "推送被拒绝：数据有错误（见上），网站没有改变。",
    )


def limits_history_and_deletion(server: Server) -> None:
    clone = server.clone
    # A git bomb: 10⁵ files in a few KB (10 trees of 10 trees …), under data/.
    blob = plumb(clone, "hash-object", "-w", "--stdin")
    level = plumb(clone, "mktree", stdin="".join(f"100644 blob {blob}\tf{i}\n" for i in range(10)))
    for _ in range(4):
        level = plumb(clone, "mktree",
                      stdin="".join(f"040000 tree {level}\td{i}\n" for i in range(10)))
    data = plumb(clone, "ls-tree", "HEAD:data") + f"\n040000 tree {level}\tbomb\n"
    data_tree = plumb(clone, "mktree", stdin=data)
    root = "".join(
        f"040000 tree {data_tree}\tdata\n" if line.endswith("\tdata") else line + "\n"
        for line in plumb(clone, "ls-tree", "HEAD").splitlines())
    bomb = plumb(clone, "commit-tree", plumb(clone, "mktree", stdin=root), "-p", "HEAD", "-m", "bomb")
    server.refused("提交中的文件超过 10000 个", ref=f"{bomb}:refs/heads/main")

    # A file over the limit (1 MB here), and more than the total (4 MB here).
    (clone / "site_src" / "big.txt").write_text("一" * 700_000, encoding="utf-8")
    for i in range(3):
        (clone / "site_src" / f"part{i}.txt").write_text("二" * 300_000 * (i + 1), encoding="utf-8")
    server.commit("big files")
    server.refused("site_src/big.txt：2.0 MB，超过单个文件 1 MB 的上限",
                   "MB，超过 4 MB 的上限")

    # Rewriting the published branch (push -f), and deleting it.
    (clone / "site_src" / "note.md").write_text("# 说明\n", encoding="utf-8")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "--amend", "-m", "rewritten")
    server.refused("这次推送会改写发布分支 main 的历史", force=True)
    server.refused("不能删除发布分支 main", ref=":main")


def a_poisoned_cache_runs_nothing(server: Server) -> None:
    """Issue 26: a build rewrote the disk cache's pickles, and the payload ran in every later
    hook and build. Every entry replaced by a pickle that runs a command when unpickled: the
    next push's build (which reads the entries of every unchanged file) runs nothing."""
    entries = [p for p in (server.srv / "cache").rglob("*") if p.is_file()]
    assert entries and all(p.suffix == ".json" for p in entries)

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {server.markers}/pickle",))

    for entry in entries:
        entry.write_bytes(pickle.dumps(Payload()))
    (server.srv / "cache" / diskcache.code_digest() / "parse-planted.pickle").write_bytes(
        pickle.dumps(Payload()))
    edit(server.clone / "data" / "campaigns" / f"{ROUND}.yml", "year: 2026", "year: 二〇二六")
    server.commit("a data error: checked with the cache's entries")
    server.refused("推送被拒绝：数据有错误（见上）")


def rollback_refuses_a_release_whose_commit_left_the_branch(server: Server) -> None:
    repo = server.srv / "repo.git"
    live = server.live().removeprefix("releases/")
    tip = run("git", "--git-dir", str(repo), "rev-parse", "main", cwd=server.srv).stdout.strip()
    # The administrator rewrote the branch on the server (say, to remove personal data).
    tree = run("git", "--git-dir", str(repo), "rev-parse", "main^{tree}", cwd=server.srv).stdout.strip()
    other = run("git", "--git-dir", str(repo), "commit-tree", tree, "-m", "history rewritten",
                cwd=server.srv, env=clean_env()).stdout.strip()
    run("git", "--git-dir", str(repo), "update-ref", "refs/heads/main", other, cwd=server.srv)
    try:
        named = run(*GONGSHI, "server", "rollback", str(server.srv), live, cwd=server.srv,
                    env=clean_env(), check=False)
        assert named.returncode == 1
        assert f"不能撤回到 {live}：版本 {live} 的提交 {tip[:7]} 已不在发布分支 main 上" in named.stderr
        plain = run(*GONGSHI, "server", "rollback", str(server.srv), cwd=server.srv,
                    env=clean_env(), check=False)
        assert plain.returncode == 1 and "没有比当前版本更早" in plain.stderr
    finally:
        run("git", "--git-dir", str(repo), "update-ref", "refs/heads/main", tip, cwd=server.srv)
    assert server.live() == f"releases/{live}"


def test_mirrors_that_are_options_or_hold_something_else_are_refused(
    www_path: Path, tmp_path: Path
) -> None:
    """`--mirror '-oProxyCommand=…:/srv/x'` was accepted and stored; a mirror pointed at another
    application's directory had its releases/ deleted."""
    from builder.server.initdir import init
    from builder.server.layout import ServerError

    done = run(*GONGSHI, "server", "init", str(www_path / "srv"), "--site-url", URL,
               "--mirror=-oProxyCommand=touch /tmp/x:/srv/x", cwd=www_path, env=clean_env(),
               check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "错误：--mirror 应为绝对路径或 主机:/绝对路径" in done.stderr
    for bad in ("-oProxyCommand=x", "-o:/srv/x", "web2 -oX:/srv/x", "-l:/srv/x",
                "host\x1b[2K:/srv/x", "/srv/x\n"):
        with pytest.raises(ServerError, match="--mirror 应为绝对路径或 主机:/绝对路径") as refused:
            init(www_path / "srv", site_url=URL, mirrors=(bad,))
        assert "\x1b" not in str(refused.value) and "\n" not in str(refused.value)
    other = tmp_path / "another-app"
    (other / "releases").mkdir(parents=True)
    (other / "releases" / "v1.tar").write_text("x", encoding="utf-8")
    with pytest.raises(ServerError, match=r"中有不属于公示门户的内容（releases/v1\.tar）"):
        init(www_path / "srv", site_url=URL, mirrors=(str(other),))
    (other / "releases" / "v1.tar").unlink()
    (other / "index.html").write_text("x", encoding="utf-8")
    with pytest.raises(ServerError, match=r"中有不属于公示门户的内容（index\.html）"):
        init(www_path / "srv", site_url=URL, mirrors=(str(other),))
    assert (other / "index.html").exists() and not (www_path / "srv").exists()


FAKE_SSHD = """#!/bin/sh
# What sshd does for a key whose authorized_keys line is command="gongshi-push hr-li",restrict:
# it keeps the client's command in SSH_ORIGINAL_COMMAND and runs the forced command with the
# account's login shell, git-shell, from its home.
for arg; do SSH_ORIGINAL_COMMAND=$arg; done
export SSH_ORIGINAL_COMMAND
cd "$GONGSHI_TEST_HOME" && HOME="$GONGSHI_TEST_HOME" exec git-shell -c "gongshi-push hr-li"
"""


def pushes_over_ssh_go_through_git_shell_and_name_the_key(server: Server) -> None:
    """deploy/README.md's account: the key is limited to `gongshi-push NAME` (etc/gongshi-push
    in ~/git-shell-commands/), which records NAME and lets only this repository's git through."""
    home = server.clone.parent / "gongshi-home"
    (home / "git-shell-commands").mkdir(parents=True)
    shutil.copy(server.srv / "etc" / "gongshi-push", home / "git-shell-commands" / "gongshi-push")
    sshd = server.clone.parent / "fake-sshd"
    sshd.write_text(FAKE_SSHD, encoding="utf-8")
    env = clean_env(GONGSHI_TODAY=BEFORE_PUBLICITY, GIT_SSH_COMMAND=f"sh {sshd}",
                    GIT_SSH_VARIANT="simple", GONGSHI_TEST_HOME=str(home))

    def push(url: str) -> subprocess.CompletedProcess[str]:
        return run("git", "push", url, "HEAD:main", cwd=server.clone, env=env, check=False)

    edit(server.clone / "mkdocs.yml", "hooks:\n", "hooks:\n  - evil3.py\n")
    server.commit("hooks, over ssh")
    refused = push(f"ssh://web{server.srv}/repo.git")
    assert "mkdocs.yml：模板和配置由管理员随程序升级" in refused.stderr, refused.stderr
    log = (server.srv / "publish.log").read_text(encoding="utf-8").splitlines()
    last = json.loads(log[-1])
    assert last["event"] == "refused" and last["pusher"] == "hr-li"
    # Another repository on the same account, or anything but git: refused by the key's command.
    other = push(f"ssh://web{server.srv}/../elsewhere.git")
    assert other.returncode != 0 and f"只能推送到（或拉取）公示门户的仓库 {server.srv / 'repo.git'}" in other.stderr
    git(server.clone, "reset", "-q", "--hard", "origin/main")


def test_every_attack_on_one_server(server: Server) -> None:
    """In order, on one server directory (each step needs what the previous ones left)."""
    the_first_push_is_built_with_the_programs_configuration_and_nothing_of_it_runs(server)
    every_attack_on_the_configuration_and_theme_is_refused(server)
    every_attack_on_what_is_published_is_refused(server)
    limits_history_and_deletion(server)
    a_poisoned_cache_runs_nothing(server)
    rollback_refuses_a_release_whose_commit_left_the_branch(server)
    a_hook_given_nonsense_shows_no_traceback(server)
    pushes_over_ssh_go_through_git_shell_and_name_the_key(server)
    # Every refused push is in publish.log, with the key that pushed it.
    log = [json.loads(line) for line in (server.srv / "publish.log").read_text(
        encoding="utf-8").splitlines()]
    refused = [e for e in log if e["event"] == "refused"]
    assert len(refused) >= 12 and all(e["pusher"] in (PUSHER, "hr-li") for e in refused)
    assert any(e["reason"].startswith("mkdocs.yml：模板和配置由管理员随程序升级") for e in refused)


def a_hook_given_nonsense_shows_no_traceback(server: Server) -> None:
    """Whatever fails, the pusher reads Chinese (the administrator finds any traceback in
    publish.log)."""
    done = subprocess.run(
        [sys.executable, "-m", "builder.server.receive", "pre-receive", str(server.srv)],
        input=f"{'1' * 40} {'2' * 40} refs/heads/main\n", capture_output=True, text=True,
        cwd=server.srv / "repo.git", env=clean_env())
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("服务器错误："), done.stderr
