"""`gongshi validate` and `gongshi build` agree on a corpus of data errors.

For each case a copy of the roster fixture round is broken in one way (personal data in every
kind of place the output checks scan, field, quota, typing and date errors) or made hostile but
valid. Then: validate fails exactly when the build fails; every error validate reports is at a
`file:line:column` of a YAML data file; the build reports those same lines; and the build never
gets as far as its output checks (which would point at a generated HTML file instead).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, build

from builder.cli import main
from builder.text.problems import display_path

FIXTURE = REPO / "tests" / "fixtures" / "roster" / "data"
ROUND = "2026-roster-fixture"
CAMPAIGN = f"campaigns/{ROUND}.yml"
PEOPLE = f"candidates/{ROUND}.yml"
TODAY = "2026-05-12"


def _docx(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="x"><w:body>'
                   f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def _edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        target = data / path
        text = target.read_text(encoding="utf-8")
        assert text.count(old) >= 1, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _form(name: str, content: bytes) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        _edit(CAMPAIGN, "deadlines:\n", f"forms:\n  - title: 申报表\n    file: {name}\ndeadlines:\n")(data)
        folder = data / "campaigns" / ROUND
        folder.mkdir(exist_ok=True)
        (folder / name).write_bytes(content)

    return apply


NOTICE = "notice: |\n"
# (case, change, the build must fail)
CASES: list[tuple[str, Callable[[Path], None], bool]] = [
    # Personal data, wherever the output checks would find it on a page or in a file.
    ("mobile in the notice", _edit(CAMPAIGN, NOTICE, f"{NOTICE}  联系人手机 139 1234 5678。\n\n"), True),
    ("id number in the summary", _edit(CAMPAIGN, "sample: true\n",
                                       "sample: true\nsummary: 经办人身份证 11010519491231002X\n"), True),
    ("personal e-mail in a deadline title", _edit(CAMPAIGN, "    title: 推荐材料报送截止",
                                                  "    title: 推荐材料报送截止（zhangsan1980@163.com）"), True),
    ("mobile in achievements", _edit(PEOPLE, "一句话的事迹，没有换行。", "一句话的事迹，电话13912345678。"), True),
    ("mobile inside a form file", _form("申报表.docx", _docx("联系人手机 13912345678")), True),
    ("id number in a form's file name", _form("11010519491231002X.txt", b"plain text"), True),
    # Data errors of every layer, with quota rules still running on the broken file.
    ("wrong gender and an over-quota unit", _edit(
        PEOPLE, "    gender: 男\n    unit: 测试市第二中学\n",
        "    gender: 南\n    unit: 测试市第二中学\n  - name: 周八\n    gender: 男\n    unit: 测试市一中\n"
        "    recommended_by: 乙县\n"), True),
    ("full-width colon", _edit(PEOPLE, "    gender: 女\n    born: 1990-12", "    gender：女\n    born: 1990-12"), True),
    ("Chinese quotes around a name", _edit(PEOPLE, "  - name: 王五", "  - name: “王五”"), True),
    ("publicity before the deadline", _edit(CAMPAIGN, "  start: 2026-05-11", "  start: 2026-04-01"), True),
    ("unknown key", _edit(PEOPLE, "    born: 1983-10", "    brn: 1983-10"), True),
    ("missing form file", _edit(CAMPAIGN, "deadlines:\n", "forms:\n  - title: 申报表\n    file: 没有.docx\n"
                                "deadlines:\n"), True),
    # Hostile but valid: both must let it through (the text is shown as text).
    ("html in the notice", _edit(CAMPAIGN, NOTICE, f"{NOTICE}  <img src=x onerror=alert(1)>\n\n"), False),
    ("javascript link in the notice", _edit(CAMPAIGN, NOTICE, f"{NOTICE}  [点我](javascript:alert(1))\n\n"),
     False),
    ("office phone in the notice", _edit(CAMPAIGN, NOTICE, f"{NOTICE}  咨询电话：0391-2118928。\n\n"), False),
]


@pytest.mark.parametrize(("case", "change", "fails"), CASES, ids=[c[0] for c in CASES])
def test_validate_and_build_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, case: str,
    change: Callable[[Path], None], fails: bool,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    change(data)
    capsys.readouterr()

    validated = main(["validate", str(data)])
    report = capsys.readouterr().out
    site = tmp_path / "site"
    built = build(site, today=TODAY, data_dir=data)
    # MkDocs logs through whatever handler the process set up first: read the records too.
    log = capsys.readouterr().err + "\n" + caplog.text

    assert (validated != 0) == fails == (built != 0), f"{case}:\nvalidate:\n{report}\nbuild:\n{log}"
    if not fails:
        assert (site / "index.html").is_file()
        return
    errors = [line for line in report.splitlines() if line.startswith(display_path(data))
              and ": 警告：" not in line]
    assert errors, report
    for line in errors:
        path, row, column, _ = line.split(":", 3)
        assert path.endswith(".yml") and int(row) >= 1 and int(column) >= 1, line
        assert line in log, f"build did not report {line!r}:\n{log}"
    assert "生成的网站未通过检查" not in log, "refused only by the output checks, which validate missed"
    assert ".html:" not in log
    assert not site.exists()
