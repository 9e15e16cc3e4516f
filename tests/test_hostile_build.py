"""Hostile corpus, the cases that need a real build: nothing is published, the previous site
stays byte for byte as it was, the message is Chinese and located, and there is no traceback.

One good site is built first; every case then breaks a copy of the data or of site_src/ and
builds into the same folder. (The many validate-only cases live in the other test_hostile_*
files, which call the loader in-process.)
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, build_site_with, copy_data
from helpers import snapshot

TODAY = "2026-12-01"
OFFICE_MOBILE = "13800138000"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(site, data, site_src) of a good build whose 2026 round's office phone is a mobile."""
    root = tmp_path_factory.mktemp("hostile-build")
    data = copy_data(root)
    campaign = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = campaign.read_text(encoding="utf-8")
    assert '  phone: "010-00000123"\n' in text
    campaign.write_text(text.replace('  phone: "010-00000123"\n', f'  phone: "{OFFICE_MOBILE}"\n', 1), encoding="utf-8")
    docs = root / "site_src"
    shutil.copytree(REPO / "site_src", docs)
    site = root / "site"
    assert build_site_with(root, site, data, docs, TODAY) == 0
    # The office's mobile is published, in its own round's pages.
    notice = (site / "campaigns" / "2026-shili-jishu-daitouren" / "index.html").read_text(encoding="utf-8")
    assert OFFICE_MOBILE in notice
    return site, data, docs


Breaker = Callable[[Path, Path], None]


def _campaign_folder_links_to_etc(data: Path, docs: Path) -> None:
    folder = data / "campaigns" / "2026-shili-qingnian-rencai"
    campaign = folder.with_suffix(".yml")
    shutil.rmtree(folder)
    folder.symlink_to("/etc")
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(text.replace("file: 申报汇总表.xlsx", "file: hostname"), encoding="utf-8")


def _site_src_file_link(data: Path, docs: Path) -> None:
    (docs / "hosts.md").symlink_to("/etc/hostname")


def _site_src_dir_link(data: Path, docs: Path) -> None:
    (docs / "etc").symlink_to("/etc/apt")


def _office_mobile_in_a_hand_written_page(data: Path, docs: Path) -> None:
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n\n咨询电话：{OFFICE_MOBILE}\n", encoding="utf-8")


def _id_number_in_a_hand_written_page(data: Path, docs: Path) -> None:
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n示例：110105198001010016\n", encoding="utf-8")


def _external_image_in_a_hand_written_page(data: Path, docs: Path) -> None:
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n\n<img src="https://cdn.example.com/logo.png" alt="">\n', encoding="utf-8")


def _script_in_a_hand_written_page(data: Path, docs: Path) -> None:
    (docs / "x.js").write_text("document.title = 'x'\n", encoding="utf-8")
    about = docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8")
                     + '\n\n<script src="../x.js"></script>\n\n[点此](javascript:alert(1))\n',
                     encoding="utf-8")


def _unreadable_files_in_site_src(data: Path, docs: Path) -> None:
    (docs / "dl").mkdir()
    (docs / "dl" / "名单.yml").write_text("- 110105198001010016\n", encoding="utf-8")
    (docs / "dl" / "名单.xls").write_bytes(b"\xd0\xcf\x11\xe0")


CASES: dict[str, tuple[Breaker, list[str]]] = {
    # Issue 26: what an engine copies as it is, and what runs in a visitor's browser.
    "script-in-about": (_script_in_a_hand_written_page, [
        "site_src/x.js:1:1: site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件：脚本文件",
        "site_src/about.md:", ": 页面中不能有 <script>（脚本）", "<a> 的 href 是 javascript: 地址",
    ]),
    "unreadable-files-in-site-src": (_unreadable_files_in_site_src, [
        "site_src/dl/名单.yml:1:1: site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件",
        "site_src/dl/名单.xls:1:1: site_src/ 中只能放 Markdown 页面（.md）和能逐字检查个人信息的文件：旧版 Excel",
    ]),
    "external-image-in-about": (_external_image_in_a_hand_written_page, [
        "site/about/index.html:", "页面从其他网站加载 <img> 的 src（https://cdn.example.com/logo.png）",
    ]),
    "campaign-folder-symlink": (_campaign_folder_links_to_etc, [
        "data/campaigns/2026-shili-qingnian-rencai:1:1: 这是一个符号链接",
        "data/campaigns/2026-shili-qingnian-rencai.yml:", "经过符号链接",
    ]),
    "site-src-file-symlink": (_site_src_file_link, ["site_src/hosts.md:1:1: 这是一个符号链接"]),
    "site-src-dir-symlink": (_site_src_dir_link, ["site_src/etc:1:1: 这是一个符号链接"]),
    "office-mobile-in-about": (_office_mobile_in_a_hand_written_page, [
        "site/about/index.html:", "手机号（138******00）",
    ]),
    "id-in-about": (_id_number_in_a_hand_written_page, [
        "site/about/index.html:", "身份证号（110*************16）",
    ]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_change_publishes_nothing_and_keeps_the_site(
    good: tuple[Path, Path, Path], tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    site, data, docs = good
    before = snapshot(site)
    broken_data = copy_data(tmp_path, data)
    broken_docs = tmp_path / "site_src"
    shutil.copytree(docs, broken_docs, symlinks=True)
    breaker, expected = CASES[case]
    breaker(broken_data, broken_docs)
    monkeypatch.chdir(tmp_path)
    # build_site gives MkDocs' logger a handler on the stderr of the first test that built in
    # this process, which pytest has closed since: point it at this test's.
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.stream = sys.stderr  # (setStream would flush the closed one)
    assert build_site_with(tmp_path, site, broken_data, broken_docs, TODAY) == 1
    out = capsys.readouterr()
    said = out.err + out.out + caplog.text
    for needle in expected:
        assert needle in said, (needle, said[-3000:])
    assert "Traceback" not in said
    assert "110105198001010016" not in said and OFFICE_MOBILE not in said.replace(f'"{OFFICE_MOBILE}"', "")
    assert snapshot(site) == before
