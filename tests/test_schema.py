"""The JSON Schemas editors use: up to date, in Chinese, true to the data and to the builder."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import DATA, REPO
from pydantic import BaseModel, ValidationError

from builder.cli import main
from builder.model.contract import CalendarYear, Campaign, CandidateList
from builder.tools.schema import SCHEMAS, all_schemas, stale_schemas

SCHEMA_DIR = REPO / "schema"
FIXTURES = REPO / "tests" / "fixtures"
KINDS = {"campaigns": "campaign", "candidates": "candidates", "calendar": "calendar"}
MODELS: dict[str, type[BaseModel]] = {
    "campaign": Campaign, "candidates": CandidateList, "calendar": CalendarYear,
}
CJK = re.compile(r"[\u4e00-\u9fff]")


class EditorLoader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it: a date stays the text it is, as in JSON."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _data_files(root: Path) -> list[tuple[str, Path]]:
    return [
        (kind, path)
        for folder, kind in KINDS.items()
        for path in sorted((root / folder).glob("*.yml"))
    ]


def test_committed_schemas_equal_a_fresh_generation() -> None:
    assert stale_schemas(SCHEMA_DIR) == [], "run `gongshi schema` and commit schema/*.json"
    assert sorted(p.name for p in SCHEMA_DIR.glob("*.json")) == sorted(SCHEMAS)
    assert main(["schema", "--check", "--out", str(SCHEMA_DIR)]) == 0


def test_schema_command_writes_every_file(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == all_schemas()
    (tmp_path / "campaign.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1


def _walk_titles(node: Any, where: str, out: list[str]) -> None:
    if isinstance(node, dict):
        if "properties" in node:
            for key, prop in node["properties"].items():
                if not CJK.search(prop.get("title", "")):
                    out.append(f"{where}.{key}: no Chinese title")
                if not CJK.search(prop.get("description", "")):
                    out.append(f"{where}.{key}: no Chinese description")
        for key, value in node.items():
            _walk_titles(value, f"{where}.{key}", out)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_and_record_is_named_in_chinese(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    missing: list[str] = []
    _walk_titles(schema, name, missing)
    for def_name, sub in schema.get("$defs", {}).items():
        if not CJK.search(sub.get("title", "")) or not CJK.search(sub.get("description", "")):
            missing.append(f"$defs.{def_name}: title/description not Chinese")
    assert CJK.search(schema["title"]) and CJK.search(schema["description"])
    assert missing == []


@pytest.mark.parametrize(
    ("kind", "path"),
    _data_files(DATA) + _data_files(FIXTURES / "roster" / "data"),
    ids=lambda v: v.name if isinstance(v, Path) else v,
)
def test_schema_accepts_every_bundled_data_file(kind: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert re.fullmatch(rf"# yaml-language-server: \$schema=(\.\./)+schema/{kind}\.schema\.json",
                        first), f"{path} must start with its schema line, not {first!r}"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve()
    errors = [e.message for e in _validator(kind).iter_errors(yaml.load(text, Loader=EditorLoader))]
    assert errors == []


def test_the_data_folder_has_files_of_every_kind_the_schemas_cover() -> None:
    kinds = {kind for kind, _ in _data_files(DATA)}
    assert {"campaign", "candidates"} <= kinds, "bundled data is missing; nothing was checked"


# Documents that are wrong in shape: the editor must underline them and the builder refuse them.
_CAMPAIGN = {
    "id": "2026-x", "title": "通知", "year": 2026, "issuer": "某局", "doc_number": "某〔2026〕1号",
    "notice": "正文",
}
_PERSON = {"name": "张三", "gender": "男", "unit": "某医院"}
BAD: list[tuple[str, str, dict[str, Any]]] = [
    ("campaign", "typo-key", {**_CAMPAIGN, "titel": "通知"}),
    ("campaign", "missing-notice", {k: v for k, v in _CAMPAIGN.items() if k != "notice"}),
    ("campaign", "year-as-text", {**_CAMPAIGN, "year": "二〇二六"}),
    ("campaign", "impossible-date", {**_CAMPAIGN, "published": "2026-02-30"}),
    ("campaign", "empty-issuer-list", {**_CAMPAIGN, "issuer": []}),
    ("campaign", "negative-seats",
     {**_CAMPAIGN, "quotas": {"allocations": [{"unit": "甲区", "seats": -1}]}}),
    ("campaign", "time-not-quoted", {**_CAMPAIGN, "deadlines": [
        {"date": "2026-04-10", "title": "截止", "time": 1050}]}),
    ("campaign", "zero-working-days", {**_CAMPAIGN, "publicity": {
        "start": "2026-05-11", "working_days": 0}}),
    ("candidates", "gander", {"campaign": "2026-x", "candidates": [{**_PERSON, "gander": "男"}]}),
    ("candidates", "gender-typo", {"campaign": "2026-x", "candidates": [{**_PERSON, "gender": "南"}]}),
    ("candidates", "born-format", {"campaign": "2026-x", "candidates": [{**_PERSON, "born": "1980-13"}]}),
    ("candidates", "status", {"campaign": "2026-x", "candidates": [{**_PERSON, "status": "已撤销"}]}),
    ("candidates", "id-number-key",
     {"campaign": "2026-x", "candidates": [{**_PERSON, "id_number": "11010519491231002X"}]}),
    ("candidates", "one-char-name", {"campaign": "2026-x", "candidates": [{**_PERSON, "name": "张"}]}),
    ("candidates", "order", {"campaign": "2026-x", "order": "alphabet"}),
    ("calendar", "holiday-not-date", {"year": 2027, "source": "通知", "holidays": ["元旦"]}),
    ("calendar", "no-source", {"year": 2027}),
]


@pytest.mark.parametrize(("kind", "case", "doc"), BAD, ids=[f"{k}-{c}" for k, c, _ in BAD])
def test_schema_and_builder_both_reject_bad_documents(kind: str, case: str, doc: dict) -> None:
    assert list(_validator(kind).iter_errors(doc)), f"the schema accepts the bad {case} document"
    with pytest.raises(ValidationError):
        MODELS[kind].model_validate(doc)


def test_good_documents_pass_both() -> None:
    good = [
        ("campaign", {**_CAMPAIGN, "issuer": ["甲局", "乙局"], "published": "2026-03-01"}),
        ("candidates", {"campaign": "2026-x", "candidates": [{**_PERSON, "born": "1980-05"}]}),
        ("calendar", {"year": 2027, "source": "通知", "holidays": ["2027-01-01"]}),
    ]
    for kind, doc in good:
        assert list(_validator(kind).iter_errors(doc)) == []
        MODELS[kind].model_validate(doc)
