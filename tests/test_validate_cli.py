"""`gongshi validate [DIR]`: every problem printed, errors before warnings, exit codes, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main

REPO = Path(__file__).resolve().parent.parent

CAMPAIGN = """\
id: demo
title: 示例评选
year: 2020
issuer: 示例市人社局
doc_number: 示人社〔2020〕1号
notice: 正文
contact:
  phone: 2118928
"""

CANDIDATES = """\
campaign: demo
candidates:
  - name: 张三
    gender: 南
    unit: 甲单位
"""

ERROR_CAMPAIGN = (
    "data/campaigns/demo.yml:8:10: contact（联系方式）的 phone（电话）为「2118928」，"
    'YAML 把它读成了数字，这里应为文字，请加引号写成 "2118928"'
)
ERROR_CANDIDATE = (
    "data/candidates/demo.yml:4:13: 第1位候选人「张三」的 gender（性别）为「南」，应为「男」或「女」"
)
WARNING_FILE = (
    "data/campaigns/demo.yml:1:1: 警告：文件 data/campaigns/demo/旧表.doc 没有列在 forms（表格下载）中，"
    "不会出现在网站上"
)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fixed(text: str) -> str:
    return text.replace("phone: 2118928", 'phone: "2118928"')


def test_errors_then_warnings_then_summary(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        workdir,
        {
            "data/campaigns/demo.yml": CAMPAIGN,
            "data/campaigns/demo/旧表.doc": b"old",
            "data/candidates/demo.yml": CANDIDATES,
        },
    )
    assert main(["validate", "data"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        ERROR_CAMPAIGN,
        ERROR_CANDIDATE,
        WARNING_FILE,
        "共 2 个错误，1 个警告",
    ]
    assert out.err == ""


def test_clean_data(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir, {"data/campaigns/demo.yml": fixed(CAMPAIGN)})
    assert main(["validate", "data"]) == 0
    assert capsys.readouterr().out.splitlines() == ["数据检查通过，没有发现问题"]


def test_default_directory_is_data(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir, {"data/campaigns/demo.yml": CAMPAIGN})
    assert main(["validate"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == ERROR_CAMPAIGN


def test_paths_are_relative_to_the_working_directory(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(workdir, {"portal/data/campaigns/demo.yml": CAMPAIGN})
    monkeypatch.chdir(workdir / "portal" / "data")
    assert main(["validate", "."]) == 1
    assert capsys.readouterr().out.splitlines()[0] == ERROR_CAMPAIGN.replace("data/campaigns", "campaigns")


def test_warnings_alone_pass_unless_strict(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir, {"data/campaigns/demo.yml": fixed(CAMPAIGN), "data/campaigns/demo/旧表.doc": b"old"})
    assert main(["validate", "data"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        WARNING_FILE,
        "共 0 个错误，1 个警告",
        "警告不影响生成网站，但值得检查；加 --strict 时警告也视为失败",
    ]
    assert main(["validate", "--strict", "data"]) == 1
    assert capsys.readouterr().out.splitlines() == [WARNING_FILE, "共 0 个错误，1 个警告"]


def test_json_format(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        workdir,
        {"data/campaigns/demo.yml": CAMPAIGN, "data/campaigns/demo/旧表.doc": b"old"},
    )
    assert main(["validate", "--format", "json", "data"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "errors": [
            {
                "path": "data/campaigns/demo.yml",
                "line": 8,
                "column": 10,
                "message": ERROR_CAMPAIGN.split(": ", 1)[1],
                "severity": "error",
            }
        ],
        "warnings": [
            {
                "path": "data/campaigns/demo.yml",
                "line": 1,
                "column": 1,
                "message": WARNING_FILE.split(": 警告：", 1)[1],
                "severity": "warning",
            }
        ],
    }


def test_json_format_clean_and_strict(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(workdir, {"data/campaigns/demo.yml": fixed(CAMPAIGN)})
    assert main(["validate", "--format", "json", "data"]) == 0
    assert json.loads(capsys.readouterr().out) == {"errors": [], "warnings": []}
    write(workdir, {"data/campaigns/demo/旧表.doc": b"old"})
    assert main(["validate", "--format", "json", "data"]) == 0
    assert len(json.loads(capsys.readouterr().out)["warnings"]) == 1
    assert main(["validate", "--format", "json", "--strict", "data"]) == 1


def test_missing_directory(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "nosuch"]) == 1
    assert capsys.readouterr().out.splitlines() == ["nosuch:1:1: 找不到数据目录", "共 1 个错误，0 个警告"]


def test_console_script_exit_code(workdir: Path) -> None:
    write(workdir, {"data/campaigns/demo.yml": CAMPAIGN, "data/candidates/demo.yml": CANDIDATES})
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "builder.cli", "validate", "data"],
        capture_output=True, text=True, env=env, check=False,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [ERROR_CAMPAIGN, ERROR_CANDIDATE, "共 2 个错误，0 个警告"]


def test_bundled_data_has_no_error(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code = main(["validate", "--format", "json", "data"])
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == [], "\n".join(
        f"{e['path']}:{e['line']}:{e['column']}: {e['message']}" for e in report["errors"]
    )
    assert code == 0



def test_build_stops_on_errors_and_on_warnings_only_when_strict(tmp_path: Path) -> None:
    """The site build obeys the same split: errors stop it, warnings only with --strict."""
    from conftest import build

    data = tmp_path / "data"
    write(data.parent, {"data/campaigns/demo.yml": fixed(CAMPAIGN), "data/campaigns/demo/旧表.doc": b"old"})
    # A production build also wants the site's identity (builder/load/identity.py) complete.
    identity = (REPO / "data" / "site.yml").read_text(encoding="utf-8")
    write(data.parent, {"data/site.yml": identity.replace("emblem: site/emblem.svg\n", "").replace("mark: site/mark.svg\n", "")})
    site = tmp_path / "site"
    assert build(site, today="2020-05-01", data_dir=data) == 0
    assert (site / "campaigns" / "demo" / "index.html").is_file()
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    assert build(site, today="2020-05-01", data_dir=data, strict=True) == 1
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before

    write(data.parent, {"data/campaigns/demo.yml": CAMPAIGN})
    assert build(site, today="2020-05-01", data_dir=data) == 1
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before

    # Without the warning (the stray file removed) the strict build goes through.
    write(data.parent, {"data/campaigns/demo.yml": fixed(CAMPAIGN)})
    (data / "campaigns" / "demo" / "旧表.doc").unlink()
    assert build(site, today="2020-05-01", data_dir=data, strict=True) == 0
