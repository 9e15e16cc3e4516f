"""Build the site atomically: into a temporary sibling directory, swapped in only on success.

A validation error, an exception mid-build or a failed output check leaves the previous site
byte-identical, so a typo in one YAML file never takes the live portal down. The staging and
the swap are the plugin's (`builder.adapter.mkdocs.plugin`), so a plain `mkdocs build` gets them too;
`build_site` adds the command-line messages and the cleanup after an interrupt.

`mkdocs serve` gets the same promise from `serve_last_good`: MkDocs rebuilds into the directory
it serves, and cleans it before writing, so a rebuild that fails half-way would leave a half or
empty site (or one that failed the personal-data check) on screen. Instead each successful build
is moved aside and served from there; a failed rebuild leaves the last good one on screen and
its error in the log, and every page the preview serves shows the problems over the last good
page (builder.adapter.preview_errors) until a rebuild succeeds.
"""

from __future__ import annotations

import atexit
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from builder.adapter import preview_errors
from builder.build import SitePlan
from builder.text.problems import Problems

log = logging.getLogger("mkdocs.plugins.gongshi")


def build_site(
    config_file: Path | None,
    *,
    config: dict[str, Any] | None = None,
    site_dir: Path | None = None,
    data_dir: Path | None = None,
    today: str | None = None,
    strict: bool = False,
    manual: bool = False,
    previous: Path | None = None,
    record: bool = False,
    lean: bool = False,
    planned: Callable[[SitePlan], None] | None = None,
    refused: Callable[[Problems], None] | None = None,
) -> int:
    """Build; 0 on success, 1 when anything failed (the previous site is untouched).

    `manual` makes the staff build: the site with the staff manual (site_src/manual/).
    `config` instead of a file: the configuration itself (a publishing server's, from
    builder.adapter.mkdocs.fixed), read as plain data, with `config_file` only naming where
    relative paths start.
    `previous`: an earlier build of this site that carries its record; its pages and files that
    would come out the same are taken from it (builder.files.reuse). `record`: write this
    build's record into the site, for the next build to take from. `lean`: no later build runs
    in this process (`gongshi build`), so what only a next build would reuse (the parsed data
    files) is let go once loaded. `planned` is given the build's plan once the site is in place
    (a publishing server reads its schedule there, instead of loading the data again).
    `refused` is given the data's problems when it has errors (nothing was built; they are
    logged).

    An unexpected exception is re-raised (after cleaning up) so that its traceback is seen.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not logging.getLogger("mkdocs").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logging.getLogger("mkdocs").addHandler(handler)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        if config is not None:
            # Plain data written by safe_dump: no tag for MkDocs' loader to act on.
            text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
            cfg = load_config(io.BytesIO(text.encode("utf-8")), strict=strict,
                              config_file_path=str(config_file) if config_file else None)
        else:
            assert config_file is not None
            cfg = load_config(str(Path(config_file).resolve()), strict=strict)
    except (ConfigurationError, Abort) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 1
    if site_dir is not None:
        cfg.site_dir = str(Path(site_dir).resolve())
    plugin = cfg.plugins.get("gongshi")
    if plugin is None:
        print("配置错误：mkdocs.yml 的 plugins 中没有 gongshi", file=sys.stderr)
        return 1
    if data_dir is not None:
        plugin.config.data_dir = str(Path(data_dir).resolve())
    if today is not None:
        plugin.config.today = today
    plugin.config.manual = manual
    plugin.previous = Path(previous).resolve() if previous is not None else None
    plugin.record = record
    plugin.lean = lean
    plugin.planned = planned
    plugin.refused = refused
    try:
        build(cfg)
    except (PluginError, Abort, ConfigurationError) as exc:
        # MkDocs has already logged a plugin's error and turned it into this bare Abort.
        reason = "原因见上方的错误信息" if "BuildError" in str(exc) else str(exc)
        print(f"\n生成失败，原网站未改动：{reason}", file=sys.stderr)
        return 1
    except BaseException as exc:
        # MkDocs' on_build_error sees only Exception; an interrupt lands here.
        plugin.discard_staging()
        print(f"\n生成失败（程序异常：{type(exc).__name__}: {exc}），原网站未改动", file=sys.stderr)
        raise
    return 0


class LastGoodSite:
    """Wraps the builder of MkDocs' LiveReloadServer so that it serves only finished builds.

    MkDocs builds into `build_dir` (its temporary serve directory). After every successful
    build that directory is renamed into `holder` (a rename, so nothing is copied), an empty
    `build_dir` takes its place for the next build, and the symlink `holder/current`, which is
    what the server serves, is switched to it atomically.

    The symlink matters because MkDocs' server joins a request's path to its `root` *before*
    it waits for a running build to finish: a page requested during a build (a refresh, a
    click) would otherwise be opened in the build that was just replaced and deleted, and
    answer 404. Through the symlink it opens the new build.
    """

    def __init__(self, server: Any, failure: Callable[[], list[str] | None] = lambda: None,
                 *, broken: bool = False) -> None:
        self.server = server
        self.failure = failure
        """The problems of the build that just failed, in `gongshi validate` order, if known."""
        self.problems: list[str] = (failure() or []) if broken else []
        """While not empty, the last rebuild failed: every HTML page served shows these."""
        self.good = not broken
        """Whether a build has succeeded yet (else there is no page to show the problems over)."""
        self.build_dir = Path(server.root)
        self.holder = Path(tempfile.mkdtemp(prefix="gongshi-serve-", dir=self.build_dir.parent))
        atexit.register(shutil.rmtree, self.holder, True)
        self.generation = 0
        self.original: Callable[[], None] = server.builder
        server.builder = self.build
        server.error_handler = self.error_page
        # MkDocs 1.6 passes every HTML page it serves through this, to add live reload.
        inject_livereload = getattr(server, "_inject_js_into_html", None)
        self.inject_livereload = inject_livereload
        if inject_livereload is None:
            log.warning("MkDocs 的预览服务器内部结构已变化：数据有错误时，浏览器中不会显示错误列表")
        else:
            def inject(content: bytes, epoch: int) -> bytes:
                content = inject_livereload(content, epoch)
                return preview_errors.inject(content, self.problems) if self.problems else content

            server._inject_js_into_html = inject

    def promote(self) -> None:
        self.generation += 1
        good = self.holder / f"build-{self.generation}"
        self.build_dir.rename(good)
        self.build_dir.mkdir()
        current = self.holder / "current"
        switch = self.holder / f"current-{self.generation}"
        switch.symlink_to(good.name)
        os.replace(switch, current)
        self.server.root = str(current)
        shutil.rmtree(self.holder / f"build-{self.generation - 1}", ignore_errors=True)

    def build(self) -> None:
        try:
            self.original()
        except Exception as exc:
            # MkDocs logs a plugin's error only the first time it sees that text: say it all
            # again on every failed rebuild, in our own words.
            self.problems = self.failure() or [f"生成失败（程序异常：{type(exc).__name__}: {exc}）"]
            log.error(
                f"预览未更新：本次生成失败，共 {len(self.problems)} 个问题：\n"
                + "\n".join(self.problems)
                + "\n浏览器中的每一页都列出了这些问题（下面是上一次成功生成的网站）；"
                "改正后保存文件，预览会自动更新。"
            )
            # Returning (not raising) lets MkDocs reload the browsers: they get the error page.
            return
        self.problems = []
        self.good = True
        self.promote()

    def error_page(self, code: int) -> bytes | None:
        page = Path(self.server.root) / f"{code}.html"
        found = page.read_bytes() if code in (404, 500) and page.is_file() else None
        if not self.problems:
            return found
        if found is None:
            # No page to lay the problems over (the preview started on broken data): the
            # error page alone, with live reload so that the fixed portal replaces it.
            document = preview_errors.error_document(self.problems, over_page=self.good)
            if self.inject_livereload is None:
                return document
            return self.inject_livereload(document, getattr(self.server, "_visible_epoch", 0))
        inject = getattr(self.server, "_inject_js_into_html", None)
        epoch = getattr(self.server, "_visible_epoch", 0)
        return inject(found, epoch) if inject else preview_errors.inject(found, self.problems)


def serve_last_good(server: Any, failure: Callable[[], list[str] | None] = lambda: None,
                    *, broken: bool = False) -> Any:
    """Call from the plugin's `on_serve`, after MkDocs' first build. `failure` gives the
    problems of a build that failed (None when it was no data problem); `broken`: that first
    build was the empty site of data with errors."""
    LastGoodSite(server, failure, broken=broken).promote()
    return server
