"""Hostile corpus, class "unbounded work": every case runs the real command in a child process
under resource limits (1 GiB of address space, 60 s of CPU), never a wall-clock assert. Each must
end on its own with exit status 1, a Chinese message located in the file, and no traceback;
a child killed by a limit (a negative status) fails the test.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_data

sys.path.insert(0, str(Path(__file__).parent))
from hostile import forms

GONGSHI = REPO / ".venv" / "bin" / "gongshi"
MEMORY = 1 << 30
CPU_SECONDS = 60
ROUND = "2026-shili-jishu-daitouren"


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_bounded(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GONGSHI), *args], cwd=cwd, preexec_fn=_limits, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"},
    )


def _alias_bomb() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return "campaign: " + ROUND + "\ncandidates: []\n" + text


YAML_CASES = {
    "alias-bomb": (_alias_bomb(), "别名炸弹"),
    "deep-flow": ("campaign: x\ntitle: " + "[" * 200_000 + "]" * 200_000 + "\n", "嵌套超过 64 层"),
    "deep-block": ("campaign: x\ntitle:\n" + "".join(" " * i + "-\n" for i in range(5000)), "嵌套超过 64 层"),
    "compact-block": ("campaign: x\ntitle:\n  " + "- " * 50_000 + "x\n", "嵌套超过 64 层"),
    "nul-escape": ('campaign: x\ntitle: "名单\\0"\n', "U+0000"),
    "esc-escape": ('campaign: x\ntitle: "名单\\e[31m"\n', "U+001B"),
    "lone-surrogate": ('campaign: x\ntitle: "名单\\ud800"\n', "U+D800"),
    "bell-in-key": ('campaign: x\n"ti\\atle": 名单\n', "U+0007"),
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_hostile_yaml_ends_with_a_located_message_within_limits(tmp_path: Path, case: str) -> None:
    text, expected = YAML_CASES[case]
    data = copy_data(tmp_path)
    (data / "candidates" / f"{ROUND}.yml").write_text(text, encoding="utf-8")
    result = run_bounded(["validate", "data"], tmp_path)
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    lines = [ln for ln in out.splitlines() if expected in ln]
    assert lines and lines[0].startswith(f"data/candidates/{ROUND}.yml:"), out[-2000:]


ROSTER_CASES = {
    "zip-bomb": (forms.zip_bomb_xlsx, "压缩炸弹"),
    "million-rows": (forms.million_row_xlsx, "工作簿超过 20000 行"),
}


@pytest.mark.parametrize("case", list(ROSTER_CASES))
def test_hostile_workbooks_are_refused_within_limits(tmp_path: Path, case: str) -> None:
    make, expected = ROSTER_CASES[case]
    copy_data(tmp_path)
    (tmp_path / "花名册.xlsx").write_bytes(make())
    result = run_bounded(["import-roster", "--campaign", ROUND, "--check", "花名册.xlsx"], tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 1, (result.returncode, out[-2000:])
    assert "Traceback" not in out
    assert any(ln.startswith("花名册.xlsx") and expected in ln for ln in out.splitlines()), out


def test_a_zip_bomb_form_is_refused_within_limits(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    campaign = data / "campaigns" / f"{ROUND}.yml"
    campaign.write_text(campaign.read_text(encoding="utf-8").replace("file: 申报表.docx", "file: 炸弹.xlsx"), encoding="utf-8")
    (data / "campaigns" / ROUND / "炸弹.xlsx").write_bytes(forms.zip_bomb_xlsx())
    result = run_bounded(["validate", "data"], tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in out
    assert any(ln.startswith(f"data/campaigns/{ROUND}.yml:") and "压缩炸弹" in ln for ln in out.splitlines()), out
