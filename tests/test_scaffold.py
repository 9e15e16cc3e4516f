"""`gongshi new-campaign`: a file that cannot be published untouched and validates once filled."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import REPO
from hostile import forms as hostile_forms

from builder.cli import main
from builder.load.loader import load
from builder.text.problems import display_path
from builder.tools.scaffold import DATE_PLACEHOLDER, campaign_text

ROUND = "2026-ceshi-xin-pingxuan"


def _new(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data_dir = tmp_path / "data"
    assert main(["new-campaign", ROUND, "--data", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert f"已创建 {display_path(data_dir / 'campaigns' / f'{ROUND}.yml')}" in out
    return data_dir


def _fill(text: str) -> str:
    """What an HR person does: type a date into every 请填写日期 and a text into every ""."""
    texts = (f"第{i}项内容" for i in itertools.count(1))
    text = text.replace(DATE_PLACEHOLDER, "2026-03-02")
    return re.sub(r'(?m)^(\s*[a-z_]+: )""', lambda m: m.group(1) + next(texts), text)


def test_new_campaign_writes_both_files_with_schema_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _new(tmp_path, capsys)
    campaign = (data_dir / "campaigns" / f"{ROUND}.yml").read_text(encoding="utf-8")
    people = (data_dir / "candidates" / f"{ROUND}.yml").read_text(encoding="utf-8")
    assert campaign.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/campaign.schema.json"
    )
    assert people.splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/candidates.schema.json"
    )
    assert f"id: {ROUND}\n" in campaign and "year: 2026\n" in campaign
    # Every field of the model is named in the file, commented out or not.
    from builder.model.contract import Campaign

    for key in Campaign.model_fields:
        assert re.search(rf"(?m)^(# )?{key}:", campaign), f"{key} is not in the scaffold"
    assert yaml.safe_load(people) == {"campaign": ROUND, "order": "stroke", "candidates": []}


def test_untouched_file_names_every_blank_to_fill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _new(tmp_path, capsys)
    loaded = load(data_dir)
    assert loaded.portal is None
    shown = display_path(data_dir / "campaigns" / f"{ROUND}.yml")
    errors = [p for p in loaded.problems.errors]
    assert {p.path for p in errors} == {shown}
    text = "\n".join(p.message for p in errors)
    # doc_number is optional (most 公示 have none): its example is commented out, not blank.
    assert "doc_number" not in text
    for label in ("title（标题）", "issuer（发文单位）", "notice（通知正文）"):
        assert re.search(rf"{re.escape(label)}.*不能为空", text), f"no error for {label}:\n{text}"
    dated = [p for p in errors if f"「{DATE_PLACEHOLDER}」" in p.message]
    assert len(dated) == 2  # published, deadlines[0].date
    lines = (data_dir / "campaigns" / f"{ROUND}.yml").read_text(encoding="utf-8").splitlines()
    for p in dated:
        assert DATE_PLACEHOLDER in lines[p.line - 1]  # the error points at the blank itself


def test_filled_file_validates_and_publishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _new(tmp_path, capsys)
    path = data_dir / "campaigns" / f"{ROUND}.yml"
    path.write_text(_fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    loaded = load(data_dir)
    assert loaded.problems.errors == [], loaded.problems.to_text()
    assert loaded.portal is not None
    rnd = loaded.portal.round(ROUND)
    assert rnd.campaign.title == "第1项内容"
    assert rnd.people == ()


def test_every_commented_example_is_valid_once_enabled(tmp_path: Path) -> None:
    """Deleting the leading "# " of the example lines, as the file says, gives a valid file."""
    commented = campaign_text(ROUND, 2026).splitlines()
    enabled = campaign_text(ROUND, 2026, examples_on=True).splitlines()
    assert len(commented) == len(enabled)
    changed = [(c, e) for c, e in zip(commented, enabled, strict=True) if c != e]
    assert len(changed) > 30
    assert all(c == "# " + e for c, e in changed)

    data_dir = tmp_path / "data"
    (data_dir / "campaigns" / ROUND).mkdir(parents=True)
    (data_dir / "campaigns" / ROUND / "登记表.docx").write_bytes(hostile_forms.docx(["登记表"]))
    (data_dir / "campaigns" / f"{ROUND}.yml").write_text(_fill("\n".join(enabled) + "\n"),
                                                         encoding="utf-8")
    loaded = load(data_dir)
    assert loaded.problems.errors == [], loaded.problems.to_text()
    assert loaded.portal is not None
    campaign = loaded.portal.round(ROUND).campaign
    assert campaign.quotas is not None and campaign.publicity is not None
    assert campaign.award is not None and campaign.contact is not None and campaign.forms

    schema = json.loads((REPO / "schema" / "campaign.schema.json").read_text(encoding="utf-8"))
    from test_schema import EditorLoader

    doc = yaml.load((data_dir / "campaigns" / f"{ROUND}.yml").read_text(encoding="utf-8"),
                    Loader=EditorLoader)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(doc)) == []


def test_refuses_to_overwrite_and_to_take_a_bad_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _new(tmp_path, capsys)
    campaign = data_dir / "campaigns" / f"{ROUND}.yml"
    campaign.write_text(_fill(campaign.read_text(encoding="utf-8")), encoding="utf-8")
    before = campaign.read_bytes()
    assert main(["new-campaign", ROUND, "--data", str(data_dir)]) == 1
    assert "已经存在" in capsys.readouterr().err
    assert campaign.read_bytes() == before

    # Only the candidates file exists: still nothing is written.
    other = "2026-only-candidates"
    (data_dir / "candidates" / f"{other}.yml").write_text("campaign: x\n", encoding="utf-8")
    assert main(["new-campaign", other, "--data", str(data_dir)]) == 1
    assert not (data_dir / "campaigns" / f"{other}.yml").exists()

    for bad in ("2026_Jiaozuo", "-2026", "2026--x", "测试"):
        assert main(["new-campaign", bad, "--data", str(data_dir)]) == 1
        assert "不合格式" in capsys.readouterr().err
    assert sorted(p.name for p in (data_dir / "campaigns").iterdir()) == [f"{ROUND}.yml"]


def test_year_comes_from_the_id_or_the_option(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert main(["new-campaign", "2031-x", "--data", str(data_dir)]) == 0
    assert "year: 2031\n" in (data_dir / "campaigns" / "2031-x.yml").read_text(encoding="utf-8")
    assert main(["new-campaign", "jiaozuo-x", "--data", str(data_dir), "--year", "2027"]) == 0
    assert "year: 2027\n" in (data_dir / "campaigns" / "jiaozuo-x.yml").read_text(encoding="utf-8")
