"""A valid list's rules are remembered in the disk store (builder.load.listrules), keyed by
exactly what they read: a change of any of it is a miss, a wrong-shaped entry is a miss, and a
load from the store reports what a cold load reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_data

from builder.files import diskcache
from builder.files.cache import clear_all
from builder.load import listrules
from builder.load.loader import load
from builder.load.parsecache import ParsedFile
from builder.load.rules.candidates import CandidateFile
from builder.model.contract import Campaign, CandidateList
from builder.text.yamlsrc import SourceDoc

ROUND = "2025-shili-youxiu-gaojineng"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    diskcache.enable(tmp_path / "store")
    yield tmp_path / "store" / diskcache.code_digest()
    diskcache.disable()


def _problems(data: Path) -> list[str]:
    clear_all()  # a new process: nothing in memory
    return [str(p) for p in load(data).problems.items]


def _cold(data: Path) -> list[str]:
    diskcache.disable()
    try:
        return _problems(data)
    finally:
        diskcache.enable(data.parent / "store")


def _runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    ran: list[str] = []
    real = listrules.check_candidates

    def counted(file: CandidateFile, problems: object) -> None:
        ran.append(file.stem)
        real(file, problems)  # type: ignore[arg-type]

    monkeypatch.setattr(listrules, "check_candidates", counted)
    return ran


def test_an_unchanged_list_is_not_checked_again(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path)
    first = _problems(data)
    ran = _runs(monkeypatch)
    assert _problems(data) == first
    assert ran == []
    assert first == _cold(data)


def test_a_changed_campaign_checks_its_list_again(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The quota table is in the campaign file, not the list's: a smaller quota is an overuse
    the remembered problems of the list do not have."""
    data = copy_data(tmp_path)
    before = _problems(data)
    campaign = data / "campaigns" / f"{ROUND}.yml"
    text = campaign.read_text(encoding="utf-8")
    assert "{unit: 东湖区, group: 区县, seats: 2}" in text
    campaign.write_text(text.replace("{unit: 东湖区, group: 区县, seats: 2}",
                                     "{unit: 东湖区, group: 区县, seats: 1}"), encoding="utf-8")
    ran = _runs(monkeypatch)
    after = _problems(data)
    assert ran == [ROUND]
    assert after != before and after == _cold(data)


def test_a_list_whose_campaign_is_gone_is_checked_again(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy_data(tmp_path)
    _problems(data)
    (data / "campaigns" / f"{ROUND}.yml").unlink()
    after = _problems(data)
    assert any("不存在" in p and ROUND in p for p in after)
    assert after == _cold(data)


@pytest.mark.parametrize("body", [
    b'[{"\\u0000c":["Problem",["data/x.yml","3",1,"m",{"\\u0000e":["Severity","ERROR"]}]]}]',
    b'[{"\\u0000c":["Problem",["data/x.yml",3,1,"m","error"]]}]',
    b'{"a":1}',
    b"[1]",
    b"[",
])
def test_a_wrong_shaped_entry_is_a_miss(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    data = copy_data(tmp_path)
    first = _problems(data)
    entries = list(store.glob(f"{listrules.NAMESPACE}-*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(body)
    ran = _runs(monkeypatch)
    assert _problems(data) == first
    assert len(ran) == len(entries)
    assert all(entry.read_bytes() != body for entry in entries)  # written again


def _key(**change: object) -> bytes:
    campaign = change.pop("campaign", Campaign.model_validate({
        "id": "a-b", "title": "通知", "year": 2026, "issuer": ["某局"], "doc_number": "某〔2026〕1号",
        "notice": "正文",
    }))
    parsed: ParsedFile[CandidateList] = ParsedFile(
        SourceDoc(path="data/candidates/a-b.yml"), None, (),
        change.pop("source", b"CandidateList\0data/candidates/a-b.yml\0digest"),  # type: ignore[arg-type]
    )
    fields: dict[str, object] = {
        "doc": parsed.doc, "stem": "a-b", "campaign_ref": "a-b", "entries": (),
        "describe": str, "owner": None, "campaign_ids": {"a-b"}, "campaigns_dir": "data/campaigns",
    }
    fields.update(change)
    return listrules.key(parsed, CandidateFile(**fields), campaign)  # type: ignore[arg-type]


def test_the_key_changes_with_each_input_alone() -> None:
    base = _key()
    assert _key() == base
    changed = [
        _key(source=b"CandidateList\0data/candidates/a-b.yml\0other"),
        _key(stem="a-c"),
        _key(campaigns_dir="data2/campaigns"),
        _key(campaign_ids={"a-c"}),
        _key(campaign_ref="a-c", campaign_ids={"a-b", "a-c"}),
        _key(campaign=None),
        _key(campaign=Campaign.model_validate({
            "id": "a-b", "title": "通知", "year": 2026, "issuer": ["某局"],
            "doc_number": "某〔2026〕2号", "notice": "正文",
        })),
    ]
    assert base not in changed and len(set(changed)) == len(changed)
