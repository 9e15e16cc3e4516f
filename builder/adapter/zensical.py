"""`gongshi build --engine zensical`: the same portal from the same data, built by Zensical.

Zensical (Material for MkDocs' successor) reads mkdocs.yml and the theme overrides, but runs no
MkDocs plugin or hook (it skips them silently) and renders templates with MiniJinja, which
cannot call Python. So everything the MkDocs plugin does while MkDocs runs is done here before
and after the engine:

1. before: the core writes a complete site source into a hidden work directory beside the
   target: the hand-written pages (site_src/), every generated page as a Markdown file with
   front matter and a placeholder for its finished HTML body, the 名单检索 page, the forms,
   site images, calendar and feed, and a generated config whose `extra` carries what the
   templates read (`gongshi_search`: the search files' URLs; `gongshi_site`: the masthead and
   footer) and whose nav has the 当前评选 section. The search index is made here too: the
   generated pages' texts are known, and the hand-written pages' are rendered from their
   Markdown with the configured extensions, as MkDocs renders them.
2. `zensical build` into the work directory (a child process: its own Rust runtime and config
   state, and a crash cannot take this process with it).
3. after: each placeholder is replaced by its page's HTML (so no YAML value goes through
   Markdown, as in the MkDocs path), the search files are written, the same output checks run,
   and only then is the result swapped in (builder.files.atomicfs): a failure leaves the previous site
   byte-identical.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

import markdown
import yaml

from builder.adapter.source import (
    ASSETS_KEY,
    EXTRA_KEY,
    MANUAL_DIR,
    ROUNDS_SECTION,
    SITE_KEY,
    front_matter,
    nav_with_pages,
    without_manual,
)
from builder.build import BuildFailed, BuildOptions, SitePlan, finish, prepare
from builder.files.atomicfs import make_world_readable, replace_dir
from builder.model.urls import handwritten_url


def theme_dirs() -> list[Path]:
    """Zensical's own templates and assets: the output checks skip a site file identical to one
    there, as they skip Material's in the MkDocs build."""
    import zensical

    return [Path(zensical.__file__).resolve().parent / "templates"]


def build_site(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    data_dir: Path | None = None,
    today: str | None = None,
    strict: bool = False,
    manual: bool = False,
) -> int:
    """Build with Zensical; 0 on success, 1 when anything failed (the previous site is untouched)."""
    config_file = Path(config_file).resolve()
    try:
        config = _read_config(config_file)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        print(f"配置错误：{exc}", file=sys.stderr)
        return 1
    base = config_file.parent
    target = (site_dir or base / str(config.get("site_dir", "site"))).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.zensical-", dir=target.parent))
    try:
        built = _build(config, base, work, data_dir=data_dir, today=today, strict=strict,
                       manual=manual)
        make_world_readable(built)
        replace_dir(built, target)
    except BuildFailed as exc:
        print(f"{exc}\n\n生成失败，原网站未改动", file=sys.stderr)
        return 1
    except BaseException as exc:
        print(f"\n生成失败（程序异常：{type(exc).__name__}: {exc}），原网站未改动", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _read_config(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(loaded, dict):
        raise ValueError(f"{path.name} 不是一个映射")
    if not loaded.get("use_directory_urls", True):
        raise ValueError("mkdocs.yml 中 use_directory_urls 必须为 true：门户的永久网址以 / 结尾")
    return loaded


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The gongshi plugin's options in mkdocs.yml (data_dir, today): Zensical ignores the plugin,
    this build reads them."""
    plugins = config.get("plugins") or []
    for item in plugins if isinstance(plugins, list) else [plugins]:
        if isinstance(item, dict) and "gongshi" in item:
            return dict(item["gongshi"] or {})
    return {}


def _build(
    config: dict[str, Any], base: Path, work: Path, *, data_dir: Path | None, today: str | None,
    strict: bool, manual: bool,
) -> Path:
    """Build into `work`; the finished, checked site directory (inside `work`)."""
    options = _plugin_options(config)
    docs_dir = (base / str(config.get("docs_dir", "docs"))).resolve()
    theme = config.setdefault("theme", {})
    custom_dir = (base / str(theme.get("custom_dir", "theme_overrides"))).resolve()
    plan = prepare(BuildOptions(
        data_dir=Path(data_dir).resolve() if data_dir else (base / str(options.get("data_dir", "data"))).resolve(),
        docs_dir=docs_dir, theme_dir=custom_dir, engine_theme=theme_dirs()[0],
        site_name=str(config.get("site_name") or ""), site_url=str(config.get("site_url") or ""),
        today=today or options.get("today"), nav=config.get("nav"), manual=manual, staff=manual,
    ))
    if strict and plan.problems.warnings:
        raise BuildFailed("有警告（--strict）")
    config["nav"] = nav_with_pages(config.get("nav"), plan.portal, docs_dir)

    source = work / "docs"
    shutil.copytree(
        docs_dir, source,
        ignore=None if manual else (lambda d, names: [MANUAL_DIR.rstrip("/")] if Path(d) == docs_dir else []),
    )
    handwritten = _handwritten_pages(source)
    plan.handwritten = frozenset(_dest(rel) for rel in handwritten)
    plan.check_conflicts(lambda uri: (source / uri).exists())
    for page in plan.pages:
        path = source / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(page) + "\n" + _placeholder(page.url) + "\n", encoding="utf-8")
    for extra in plan.extras:
        path = source / extra.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if extra.source is not None:
            shutil.copyfile(extra.source, path)
        elif isinstance(extra.content, str):
            path.write_text(extra.content, encoding="utf-8")
        else:
            path.write_bytes(extra.content)
    _add_page_texts(plan, config, source, handwritten)
    config_path = work / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(_engine_config(plan, config, custom_dir, manual), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    ran = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", str(config_path), *(["-s"] if strict else [])],
        cwd=work, capture_output=True, text=True,
    )
    if ran.returncode != 0:
        raise BuildFailed(f"Zensical 生成失败（退出码 {ran.returncode}）：\n{ran.stdout}{ran.stderr}".rstrip())

    site = work / "site"
    for page in plan.pages:
        rel = f"{page.url}index.html"
        _put_body(site / rel, rel, str(page.html))
    found = finish(site, plan)
    for problem in found.warnings:
        print(f"WARNING -  {problem}", file=sys.stderr)
    if found.errors:
        raise BuildFailed("生成的网站未通过检查：\n" + "\n".join(str(p) for p in found.errors))
    return site


def _add_page_texts(plan: SitePlan, config: dict[str, Any], source: Path, handwritten: list[str]) -> None:
    """Every page's text for the search, as MkDocs would hand them over: the hand-written pages
    rendered from their Markdown with the configured extensions, then the generated ones."""
    named = _nav_titles(config.get("nav"))
    md = _markdown(config)
    for rel in handwritten:
        meta, text = _front_matter_of((source / rel).read_text(encoding="utf-8"))
        md.reset()
        html = md.convert(text)
        plan.add_page_text(handwritten_url(rel), named.get(rel) or _title(rel, meta, html), html, None)
    for page in plan.pages:
        plan.add_page_text(page.url, named.get(page.src_uri) or page.title, str(page.html), page)


def _engine_config(plan: SitePlan, config: dict[str, Any], custom_dir: Path, manual: bool) -> dict[str, Any]:
    """The configuration Zensical reads: mkdocs.yml with the values the plugin would have set."""
    nav = config.get("nav")
    if nav is not None and not manual:
        nav = without_manual(nav)
    if isinstance(nav, list) and plan.current:
        nav.insert(1 if nav else 0, {ROUNDS_SECTION: plan.current})
    generated_config = {
        **{k: v for k, v in config.items() if k not in ("plugins", "watch", "nav", "extra")},
        "site_name": plan.site_name,
        "site_url": plan.site_url,
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {**config["theme"], "custom_dir": str(custom_dir)},
        # Zensical's own search is on unless turned off; the portal has its own.
        "plugins": {"search": {"enabled": False}},
        "extra": {
            **(config.get("extra") or {}),
            EXTRA_KEY: plan.search.urls(),
            ASSETS_KEY: plan.assets,
            SITE_KEY: plan.site_data,
        },
    }
    if nav is not None:
        generated_config["nav"] = nav
    return generated_config


def _placeholder(url: str) -> str:
    # Material's content template adds an <h1> of the title when the body has none; the
    # finished body has its own, so the placeholder carries one and is replaced whole.
    token = hashlib.sha256(url.encode()).hexdigest()[:16]
    return f'<div data-gongshi-body="{token}"><h1>{token}</h1></div>'


def _put_body(path: Path, rel: str, body: str) -> None:
    marker = _placeholder(rel.removesuffix("index.html"))
    page = path.read_text(encoding="utf-8")
    if page.count(marker) != 1:
        raise BuildFailed(f"内部错误：Zensical 生成的 {rel} 中找不到页面正文的占位标记")
    path.write_text(page.replace(marker, body), encoding="utf-8")


def _handwritten_pages(source: Path) -> list[str]:
    """The hand-written pages (relative paths) in MkDocs' file order, which is the order MkDocs
    hands them to the search: a folder's files before its subfolders, index and README first."""
    out: list[str] = []
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files, key=lambda f: (os.path.splitext(f)[0] not in ("index", "README"), f)):
            if name.endswith(".md"):
                out.append(Path(folder, name).relative_to(source).as_posix())
    return out



def _dest(rel: str) -> str:
    return handwritten_url(rel) + "index.html"


def _front_matter_of(text: str) -> tuple[dict[str, Any], str]:
    """A page's YAML front matter and the Markdown after it."""
    m = re.match(r"^---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", text, re.S)
    if not m:
        return {}, text
    meta = yaml.safe_load(m.group(1) or "") or {}
    return (meta if isinstance(meta, dict) else {}), text[m.end():]


def _nav_titles(nav: object) -> dict[str, str]:
    """Source path → the title the nav gives it (`- 首页: index.md`): MkDocs titles a page by it."""
    out: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            out.update(_nav_titles(item))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                out.setdefault(value, str(title))
            else:
                out.update(_nav_titles(value))
    return out


def _title(rel: str, meta: dict[str, Any], html: str) -> str:
    """A hand-written page's title as MkDocs 1.6 gives it (Page.title): the front matter's
    title, else the first <h1>, else the file name."""
    if meta.get("title"):
        return str(meta["title"])
    m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    if m:
        return html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip()
    name = PurePosixPath(rel).stem.replace("-", " ").replace("_", " ")
    return name.capitalize() if name.islower() else name


def _markdown(config: dict[str, Any]) -> markdown.Markdown:
    """Python-Markdown with the configured extensions: what both engines render pages with."""
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                configs[name] = options or {}
        else:
            names.append(str(item))
    return markdown.Markdown(extensions=names, extension_configs=configs)
