"""The HR manual as one PDF (`gongshi manual --pdf`), for staff who read it offline or print it.

The staff build is an HTML site with directory URLs (`manual/errors/`), which a browser opening
files from disk does not resolve to their index.html, so the site itself is no offline manual.
A PDF is what a bureau's staff pass around, keep on a laptop and print. Each chapter of the
staff build is printed by Chromium (Debian's, the one `make system-deps` installs) with the
theme's print style (no navigation, header or search), and the chapters are joined in the
manual's order (the 操作手册 section of mkdocs.yml's nav) with a bookmark per chapter.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

MANUAL_SECTION = "操作手册"
PDF_NAME = "公示门户操作手册.pdf"
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer",
)


class ManualPdfError(Exception):
    """Why the PDF could not be made (Chinese, for the command line)."""


def chapters(config_file: Path) -> list[tuple[str, str]]:
    """(title, source path under docs_dir) of every manual page, in the nav's order."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    docs = config_file.parent / config.get("docs_dir", "docs")
    section = next((item[MANUAL_SECTION] for item in config.get("nav") or []
                    if isinstance(item, dict) and MANUAL_SECTION in item), None)
    if not section:
        raise ManualPdfError(f"mkdocs.yml 的 nav 中没有「{MANUAL_SECTION}」一节")
    out = []
    for entry in section:
        title, src = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        out.append((title or _front_matter_title(docs / src) or MANUAL_SECTION, src))
    return out


def _front_matter_title(path: Path) -> str | None:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return None
    meta = yaml.safe_load(text[4:text.index("\n---", 4)])
    return str(meta["title"]) if isinstance(meta, dict) and meta.get("title") else None


def page_file(site: Path, src: str) -> Path:
    stem = src.removesuffix(".md")
    rel = stem.removesuffix("index") if stem.endswith("index") else stem + "/"
    return site / rel / "index.html"


def write_pdf(site: Path, config_file: Path, out: Path) -> int:
    """Print the manual of the staff build in `site` into `out`; the number of pages."""
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        raise ManualPdfError("找不到 Chromium 浏览器，无法打印 PDF：请安装（apt-get install chromium）")
    writer = PdfWriter()
    with tempfile.TemporaryDirectory(prefix="gongshi-manual-pdf-") as tmp:
        for n, (title, src) in enumerate(chapters(config_file)):
            page = page_file(site, src)
            if not page.is_file():
                raise ManualPdfError(f"工作人员版网站中没有 {src} 生成的页面（{page}）")
            pdf = Path(tmp) / f"{n:02d}.pdf"
            done = subprocess.run(
                [chromium, *CHROMIUM_ARGS, f"--user-data-dir={Path(tmp) / 'profile'}",
                 f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                capture_output=True, text=True, check=False, timeout=600,
            )
            if done.returncode != 0 or not pdf.is_file():
                raise ManualPdfError(f"Chromium 打印 {src} 失败：{done.stderr.strip()[-500:]}")
            first = len(writer.pages)
            writer.append(PdfReader(pdf))
            writer.add_outline_item(title=title, page_number=first)
        writer.add_metadata({"/Title": "公示门户操作手册（工作人员用）"})
        tmp_out = out.with_name(f".{out.name}.tmp")
        with tmp_out.open("wb") as f:
            writer.write(f)
        tmp_out.chmod(0o644)
        tmp_out.replace(out)
    return len(writer.pages)
