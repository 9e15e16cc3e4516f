"""builder.text.yamlsrc composes with libyaml when it can: the result must be what the pure-Python
loader gives, positions, kinds, literal text and messages included."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.model.contract import CandidateList
from builder.text import yamlsrc
from builder.text.problems import Problems

REPO = Path(__file__).resolve().parent.parent

EDGE_CASES: dict[str, str] = {
    "cjk-columns": "名字: 张三\n单位: \"北京市𠀀研究所\"\n列表:\n  - 甲: 1\n    乙: 2020-02-30\n",
    "duplicate-key": "campaign: a\ncandidates:\n  - name: 张三\n    name: 李四\n",
    "anchors": "base: &b\n  unit: 某单位\nitems:\n  - *b\n  - unit: x\n",
    "flow": "a: [1, 2, {b: 三, c: 2020-01-01}]\nd: {e: yes, f: ~, g: 1.5}\n",
    "block-scalars": "achievements: |\n  第一行\n  第二行\nnote: >\n  折叠\n  文本\n",
    "times-and-bools": "time: 17:30\nflag: no\nnum: 010\noct: 0o17\n",
    "empty": "",
    "comment-only": "# 只有注释\n",
    "null-doc": "~\n",
    "bom-text": "\ufeffa: 1\n",
    "non-scalar-key": "? [a, b]\n: 1\nc: 2\n",
    "long-lines": "a: " + "长" * 3000 + "\n",
    "tab-indent": "a:\n\tb: 1\n",
    "unclosed-quote": "title: \"示例\nyear: 2026\n",
    "unclosed-flow": "a: [1, 2\nb: 3\n",
    "colon-in-value": "title: 关于: 通知\n",
    "bad-indent": "a:\n  b: 1\n c: 2\n",
    "two-docs": "a: 1\n---\nb: 2\n",
    "unknown-tag": "a: !foo bar\n",
    "undefined-alias": "a: *nope\n",
    "bad-escape": "a: \"\\q\"\n",
    "control-char": "a: b\x07c\n",
    "percent": "a: %b\n",
    "at-sign": "a: @b\n",
    "backtick": "a: `b`\n",
}


def _data_files() -> dict[str, str]:
    found = {}
    for path in sorted([*REPO.glob("data/**/*.yml"), *REPO.glob("tests/fixtures/**/*.yml")]):
        try:
            found[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            continue  # a deliberately mis-encoded fixture: rejected before any parsing
    return found


CASES = {**EDGE_CASES, **_data_files()}


def _parse(text: str, *, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    with monkeypatch.context() as m:
        if not libyaml:
            m.setattr(yamlsrc, "_CLoader", None)
        problems = Problems()
        doc = yamlsrc.parse_yaml(text, "x.yml", problems, root=CandidateList)
    return (
        repr(doc.data), doc.values, doc.keys, doc.kinds, doc.raw, doc.duplicates, doc.failed,
        [str(p) for p in problems.items],
    )


def test_libyaml_is_available() -> None:
    # The speed-up needs PyYAML's C extension; the wheel pinned in requirements.lock has it.
    assert getattr(yaml, "__with_libyaml__", False), "PyYAML was installed without libyaml"


@pytest.mark.parametrize("name", sorted(CASES))
def test_libyaml_path_matches_python_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = CASES[name]
    assert _parse(text, libyaml=True, monkeypatch=monkeypatch) == _parse(
        text, libyaml=False, monkeypatch=monkeypatch
    )


def test_bundled_data_takes_the_libyaml_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = yamlsrc._parse_with_python

    def spy(text: str, display_path: str, problems: Problems) -> yamlsrc.SourceDoc:
        calls.append(display_path)
        return real(text, display_path, problems)

    monkeypatch.setattr(yamlsrc, "_parse_with_python", spy)
    for name, text in _data_files().items():
        yamlsrc.parse_yaml(text, name, Problems())
    assert calls == []
    yamlsrc.parse_yaml(EDGE_CASES["tab-indent"], "tab.yml", Problems())
    assert calls == ["tab.yml"]


def test_control_character_is_located_in_chinese() -> None:
    problems = Problems()
    doc = yamlsrc.parse_yaml("campaign: a\nname: 张三\x07丰\n", "c.yml", problems)
    assert doc.failed
    assert [str(p) for p in problems.items] == [
        "c.yml:2:9: 含有不可见的控制字符（U+0007），请删除它；它常随从网页、Word 或 Excel 复制的文字混进来"
    ]
