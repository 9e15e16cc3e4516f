"""The benchmark's synthetic data: valid for the real loader, and the same for the same seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from bench.generate import BIG_ROUND_ID, PROBES, QUERIES, generate
from builder.load.loader import load

N = 240


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_data_loads_without_problems(tmp_path: Path) -> None:
    data = generate(N, tmp_path / "data")
    loaded = load(data)
    assert loaded.problems.to_text() == "", loaded.problems.to_text()
    portal = loaded.portal
    assert portal is not None
    assert len(portal.rounds) == N // 100
    people = [p for r in portal.rounds for p in r.people]
    assert len(people) == N
    big = portal.round(BIG_ROUND_ID)
    assert len(big.people) == N // 2
    names = {p.name for p in big.people}
    assert {p.name for p in PROBES} <= names
    # Every query about a person targets a probe planted in the big round.
    for q in QUERIES:
        if q.kind in ("中文姓名", "中文部分", "全拼", "拼音前缀", "首字母", "混合"):
            assert q.expect in names, q
    # The big round is in its publicity period on the benchmark's build date.
    assert big.campaign.publicity is not None and big.publicity_end is not None
    assert big.campaign.publicity.start <= dt.date(2026, 6, 17) <= big.publicity_end
    for r in portal.rounds:
        assert 2004 <= r.campaign.year <= 2026
    assert any("·" in p.name for p in people)
    assert all(p.status_note for p in people if p.status == "撤销")


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    first = _files(generate(N, tmp_path / "a"))
    second = _files(generate(N, tmp_path / "b"))
    assert first == second
    other = _files(generate(N, tmp_path / "c", seed=7))
    assert other != first
    sample = yaml.safe_load(first[f"candidates/{BIG_ROUND_ID}.yml"])
    lengths = [len(p["achievements"].strip()) for p in sample["candidates"]]
    assert min(lengths) >= 150 and max(lengths) <= 300
