"""The thin MkDocs adapter: load the data, hand generated pages to MkDocs, write extra files.

Everything it does is delegated to the core (builder.loader, builder.pages, builder.calendar_ics,
builder.feed); replacing MkDocs means replacing only this file. Generated pages and files exist
only in MkDocs' file collection (`File.generated`); nothing is written into `site_src/`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from builder.adapter.mkdocs import search as search_hooks
from builder.adapter.source import (
    MANUAL_DIR,
    ROUNDS_SECTION,
    SITE_KEY,
    build_day,
    extra_files,
    front_matter,
    load_published,
    without_manual,
)
from builder.atomicfs import make_world_readable, replace_dir
from builder.identity import template_data
from builder.pages import PageSource, render_all
from builder.portal import Portal
from builder.siteurl import LOOPBACK_HOSTS, SITE_URL_ENV, normalize_site_url
from builder.timeline import is_current
from builder.urls import campaign_url

log = logging.getLogger("mkdocs.plugins.gongshi")
BUILDER_DIR = Path(__file__).resolve().parents[2]

def site_url_from_env(value: str) -> str:
    try:
        return normalize_site_url(value)
    except ValueError as exc:
        raise PluginError(str(exc)) from None


def _strict_warnings_logged() -> bool:
    """Whether MkDocs' strict-mode counter saw a warning: it aborts only after on_post_build,
    so the swap must not happen before that."""
    return any(
        isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers
    )


def theme_dirs() -> list[Path]:
    """Where the theme's own static files come from (Material's templates folder): the output
    checks skip a site file identical to one there (Material's bundles name their authors'
    e-mail addresses, which are not a 公示's business)."""
    import material

    return [Path(material.__file__).resolve().parent / "templates"]


class GongshiConfig(Config):
    data_dir = c.Type(str, default="data")
    today = c.Optional(c.Type(str))
    manual = c.Type(bool, default=False)
    """Include the staff manual (site_src/manual/): the staff build does, `mkdocs serve` always
    does, the public build never (it would be in the public search, and it is not for the public)."""


class GongshiPlugin(BasePlugin[GongshiConfig]):
    portal: Portal | None = None
    today: dt.date
    data_dir: Path
    pages: dict[str, PageSource]
    handwritten: frozenset[str] = frozenset()
    command: str = "build"
    target: Path | None = None
    """Where the site goes once every check has passed (`site_dir` as configured)."""
    staging: Path | None = None
    """The sibling directory MkDocs writes into meanwhile (None under `mkdocs serve`)."""
    failure: list[str] | None = None
    """The problems that made the last build fail (for the preview's error page)."""
    with_manual: bool = False
    serving: bool = False
    """`mkdocs serve` has started its server (its first build is done)."""
    broken: bool = False
    """This build is the empty site of a preview started on data with errors."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance for a whole serve session;
        # on_config resets every per-build attribute.
        self.command = command

    def _today(self) -> dt.date:
        try:
            return build_day(self.config.today or os.environ.get("GONGSHI_TODAY"))
        except ValueError as exc:
            raise PluginError(str(exc)) from None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.staging = self.target = None
        self.broken = False
        env_url = os.environ.get(SITE_URL_ENV)
        if env_url:
            config.site_url = site_url_from_env(env_url)
        if not config.use_directory_urls:
            raise PluginError("mkdocs.yml 中 use_directory_urls 必须为 true：门户的永久网址以 / 结尾")
        self.failure = None
        self.with_manual = self.config.manual or self.command == "serve"
        if not self.with_manual and config.nav is not None:
            config.nav = without_manual(config.nav)
        base = Path(config.config_file_path).parent
        self.data_dir = (base / self.config.data_dir).resolve()
        # The date first: the data's problems are only worth reading once the build can run.
        self.today = self._today()
        portal, problems = load_published(
            self.data_dir, Path(config.docs_dir), self.today, production=self.command != "serve"
        )
        for problem in problems.warnings:
            # Logged as warnings so that `mkdocs build --strict` stops on them.
            log.warning(str(problem))
        if portal is None:
            self.failure = [str(p) for p in [*problems.errors, *problems.warnings]]
            if self.command == "serve" and not self.serving:
                return self._broken_start(config)
            raise PluginError("数据有错误，未生成网站：\n" + problems.to_text())
        self.portal = portal
        site = self.portal.site
        if site is not None:
            config.site_name = site.identity.name
        if site is not None and site.identity.site_url and not env_url and self.command != "serve":
            # data/site.yml is where the address lives; GONGSHI_SITE_URL (server builds) wins,
            # and `mkdocs serve` keeps its own address (it serves what it was configured for).
            config.site_url = site.identity.site_url
        self.pages = {}
        fixed_day = bool(self.config.today or os.environ.get("GONGSHI_TODAY"))
        host = urlsplit(config.site_url or "").hostname
        if self.command != "serve" and not fixed_day and (host is None or host in LOOPBACK_HOSTS):
            # A build of a given day (GONGSHI_TODAY) is a preview or a test; a build for today
            # outside `mkdocs serve` is what gets published, and would link to localhost.
            log.warning(
                f"网站地址 site_url 仍是「{config.site_url or '（未设置）'}」：订阅、日历、站点地图和"
                f"规范链接都会指向本机。正式发布前请设置环境变量 {SITE_URL_ENV}=https://本站域名/，"
                "或修改 data/site.yml 中的 site_url"
            )
        if self.command != "serve":
            self._stage(config)
        return config

    def _broken_start(self, config: MkDocsConfig) -> MkDocsConfig:
        """`mkdocs serve` started on data with errors: MkDocs stops when its first build fails,
        and HR staff would see no preview at all. Build an empty site instead (no page, no
        theme template), so that every page the preview serves is the error page
        (builder.sitebuild.LastGoodSite) and live reload shows the portal once the data is
        fixed. Only under serve, and only before the preview has had a good build."""
        assert self.failure is not None
        log.error(
            f"预览未生成：数据有错误，共 {len(self.failure)} 个问题：\n" + "\n".join(self.failure)
            + "\n浏览器中的每一页都列出了这些问题；改正后保存文件，预览会自动更新。"
        )
        self.broken = True
        config.theme.static_templates.clear()
        config.extra_templates = []
        return config

    def _stage(self, config: MkDocsConfig) -> None:
        """Send MkDocs' output to a hidden sibling of `site_dir`; `on_post_build` swaps it in
        only when every check has passed, so a failed `mkdocs build` or `gongshi build` leaves
        the previous site byte-identical. (`mkdocs serve` has its own: builder.adapter.mkdocs.sitebuild.)"""
        self.target = Path(config.site_dir).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(
            tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent)
        )
        config.site_dir = str(self.staging)

    def discard_staging(self) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None

    def on_build_error(self, *, error: Exception) -> None:
        self.discard_staging()

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.broken:
            return Files([])
        assert self.portal is not None
        portal = self.portal
        if not self.with_manual:
            for staff in [f for f in files if f.src_uri.startswith(MANUAL_DIR)]:
                files.remove(staff)
        for page in render_all(portal, self.today, config.site_name):
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"site_src/{page.src_uri} 与自动生成的页面 /{page.url} 冲突：请删除或改名该文件"
                )
            self.pages[page.src_uri] = page
            files.append(File.generated(config, page.src_uri, content=front_matter(page)))
        for extra in extra_files(portal, self.today, config.site_url or "", config.site_name):
            if extra.source is not None:
                files.append(File.generated(config, extra.uri, abs_src_path=str(extra.source)))
            else:
                files.append(File.generated(config, extra.uri, content=extra.content))
        # Hand-written pages may carry no campaign's office contacts (builder.privacy.Allowlist).
        self.handwritten = frozenset(
            f.dest_uri for f in files if f.generated_by is None and f.src_uri.endswith(".md")
        )
        return search_hooks.on_files(files, config, portal, self.today)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Rounds the public can still act on get their own 当前评选 section, after 首页."""
        if self.broken:
            return nav
        assert self.portal is not None
        pages: list[Page] = []
        for r in self.portal.rounds:
            found = files.get_file_from_path(campaign_url(r.id) + "index.md")
            if is_current(r, self.today) and found is not None and found.page is not None:
                pages.append(found.page)
        if pages:
            section = Section(ROUNDS_SECTION, list(pages))
            for page in pages:
                page.parent = section
            nav.items.insert(1 if nav.items else 0, section)
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.broken:
            return env
        assert self.portal is not None
        config.extra[SITE_KEY] = template_data(self.portal.site, config.site_name)
        return env

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.portal is not None
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            html = str(generated.html)
        return search_hooks.on_page_content(html, page, config, generated)

    def watched(self) -> list[Path]:
        """What `mkdocs serve` rebuilds on besides docs_dir: the data (wherever data_dir is) and
        every template folder of the builder (the pages' and the search page's), found from
        the installed package rather than listed by hand in mkdocs.yml."""
        folders = sorted(d for d in BUILDER_DIR.rglob("templates") if d.is_dir())
        return [self.data_dir, *(d for d in folders if d.parent.name != "templates")]

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., object]
    ) -> LiveReloadServer:
        for path in self.watched():
            server.watch(str(path))
        self.serving = True
        # A failed rebuild keeps the last good build on screen (builder.adapter.mkdocs.sitebuild).
        from builder.adapter.mkdocs.sitebuild import serve_last_good

        return serve_last_good(server, lambda: self.failure, broken=self.broken)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.broken:
            return
        assert self.portal is not None
        search_hooks.on_post_build(config, self.portal, precompressed=self.command != "serve")
        from builder.checks.runner import check_output

        # The index's content-hashed name is in every page and changes whenever a name does.
        index_name = PurePosixPath(search_hooks.index_path(config)).name
        problems = check_output(
            Path(config.site_dir), self.portal, site_url=config.site_url or None,
            volatile=(index_name,), handwritten=self.handwritten, theme_dirs=theme_dirs(),
        )
        for problem in problems.warnings:
            log.warning(str(problem))
        if problems.errors:
            self.failure = [str(p) for p in problems.errors]
            raise PluginError(
                "生成的网站未通过检查，原网站未改动：\n"
                + "\n".join(str(p) for p in problems.errors)
            )
        if self.staging is None or self.target is None:
            return
        if config.strict and _strict_warnings_logged():
            self.discard_staging()  # MkDocs aborts right after this hook
            return
        make_world_readable(self.staging)
        replace_dir(self.staging, self.target)
        self.staging = None
        config.site_dir = str(self.target)
