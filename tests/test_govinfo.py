"""政府信息公开 metadata on every notice and every 公示: 索引号 (机构代码/年份-流水号, stable),
主题分类, 发布机构, 成文日期, 发布日期, 文号, and a 公示's 有效性."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import DATA, copy_data
from page_types import TODAY

from builder.load.loader import load
from builder.model import govinfo
from builder.model.portal import Round
from builder.text import orgcode

ORG = "11000000000000000U"  # data/site.yml's fictional code (valid check characters)


def _block(html: str) -> dict[str, str]:
    """The metadata block of a page: label (spaces removed) → shown text."""
    m = re.search(r'<dl class="gs-govinfo[^"]*">(.*?)</dl>', html, re.S)
    assert m, "no 政府信息公开 block"
    out = {}
    for label, value in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", m.group(1), re.S):
        shown = re.sub(r"<span[^>]* hidden>.*?</span>", "", value, flags=re.S)
        out[label] = re.sub(r"<[^>]+>", "", shown).strip()
    return out


def test_every_notice_and_every_publicity_page_carries_the_metadata(site_factory) -> None:
    site = site_factory(TODAY)
    loaded = load(DATA)
    assert loaded.portal is not None
    pages = 0
    for r in loaded.portal.rounds:
        for kind, path in (("notice", site / "campaigns" / r.id / "index.html"),
                           ("list", site / "campaigns" / r.id / "gongshi" / "index.html")):
            if not path.is_file():
                continue
            pages += 1
            info = _block(path.read_text(encoding="utf-8"))
            assert re.fullmatch(ORG + r"/\d{4}-\d{5}", info["索引号"]), (r.id, kind, info)
            assert info["主题分类"] == "劳动、人事、监察\\人事工作"
            assert info["发布机构"] == "、".join(r.campaign.issuer)
            if kind == "notice":
                assert info.get("文号") == r.campaign.doc_number, r.id
                assert "有效性" not in info
    assert pages == 11  # 8 notices published by TODAY (the recruitment round among them), 3 lists
    notice = _block((site / "campaigns/2026-shili-jishu-daitouren/index.html").read_text(encoding="utf-8"))
    assert notice == {
        "索引号": ORG + "/2026-09011", "主题分类": "劳动、人事、监察\\人事工作",
        "发布机构": "示例市人力资源和社会保障局", "成文日期": "2026年9月1日", "发布日期": "2026年9月1日",
        "文号": "示人社〔2026〕12号",
    }
    listing = _block((site / "campaigns/2026-shili-jishu-daitouren/gongshi/index.html").read_text(encoding="utf-8"))
    assert listing["索引号"] == ORG + "/2026-11161"
    assert listing["发布日期"] == listing["成文日期"] == "2026年11月16日"
    assert listing["有效性"] == "公示期内（至2026年11月24日）"  # built on 18 November
    archived = _block((site / "campaigns/2024-shili-jishu-daitouren/gongshi/index.html").read_text(encoding="utf-8"))
    assert archived["有效性"] == "公示期已结束（2024年11月15日）"
    seed = _block((site / "campaigns/2013-neimenggu-yixian/index.html").read_text(encoding="utf-8"))
    assert seed["索引号"] == ORG + "/2013-00001"  # undated: 0000, and no date is shown
    assert "成文日期" not in seed and "发布日期" not in seed


def _rounds() -> tuple[Round, ...]:
    loaded = load(DATA)
    assert loaded.portal is not None
    return loaded.portal.rounds


def _another(r: Round, rid: str, published: dt.date | None) -> Round:
    return dataclasses.replace(r, campaign=r.campaign.model_copy(update={
        "id": rid, "published": published, "publicity": None, "index_number": None}),
        candidates=None)


def test_a_document_keeps_its_number_when_others_are_added() -> None:
    rounds = _rounds()
    before = govinfo.index_numbers(rounds, ORG)
    template = rounds[0]
    added = (
        _another(template, "2013-buqian", dt.date(2013, 3, 1)),      # an old round entered late
        _another(template, "zzz-later-same-day", dt.date(2026, 9, 1)),  # same day, larger id
        _another(template, "2026-other-day", dt.date(2026, 9, 2)),
        _another(template, "2013-undated", None),
    )
    after = govinfo.index_numbers((*added, *rounds), ORG)
    assert {k: after[k] for k in before} == before
    assert after[("zzz-later-same-day", govinfo.NOTICE)] == ORG + "/2026-09012"
    assert after[("2026-other-day", govinfo.NOTICE)] == ORG + "/2026-09021"
    # The 公示 of a round with a publicity period has its number before its list is committed.
    key = ("2026-shili-kejijiang", govinfo.LIST)
    listless = tuple(dataclasses.replace(r, candidates=None) if r.id == key[0] else r for r in rounds)
    assert govinfo.index_numbers(listless, ORG)[key] == before[key]


def test_own_numbers_and_subject_win_and_a_number_used_twice_is_an_error(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = copy_data(tmp_path)
    path = data / "campaigns" / "2026-shili-jishu-daitouren.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("published: 2026-09-01\n", "published: 2026-09-01\nindex_number: 000014349/2026-00050\n"
                        "subject: 综合政务\\政务公开\n", 1)
    text = text.replace("publicity:\n", "publicity:\n  index_number: 000014349/2026-00051\n", 1)
    path.write_text(text, encoding="utf-8")
    loaded = load(data)
    assert loaded.portal is not None, loaded.problems.to_text()
    r = loaded.portal.round("2026-shili-jishu-daitouren")
    assert (r.notice_index, r.list_index, r.subject) == (
        "000014349/2026-00050", "000014349/2026-00051", "综合政务\\政务公开")
    other = loaded.portal.round("2024-shili-jishu-daitouren")
    assert other.subject == "劳动、人事、监察\\人事工作"
    taken = other.notice_index
    path.write_text(text.replace("000014349/2026-00050", str(taken)), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith("index_number:"))
    problems = load(Path("data")).problems
    assert [str(p) for p in problems.errors] == [
        f"data/campaigns/2026-shili-jishu-daitouren.yml:{line}:15: index_number（索引号）「{taken}」"
        "与本站另一份通知或公示的索引号相同：每份文件的索引号必须不同，请核对"
    ]


@pytest.mark.parametrize(("code", "problem"), [
    ("11441700007280420Y", None),           # a real 统一社会信用代码 (issue 22)
    ("11220000013544357T", None),
    ("000014349", None),                    # 国务院办公厅's 组织机构代码, as in 000014349/2017-00110
    ("00001434-9", None),                   # its printed form
    ("11441700007280420X", "最后一位"),
    ("000014348", "最后一位"),
    ("1144170000728042", "18 位"),
    ("11441700I07280420Y", "I、O、S、V、Z"),
])
def test_organisation_codes_are_checked(code: str, problem: str | None) -> None:
    found = orgcode.problem(orgcode.normalise(code))
    assert (found is None) if problem is None else (found is not None and problem in found), found


def test_a_wrong_org_code_is_reported_at_its_line(tmp_path: Path, monkeypatch) -> None:
    data = copy_data(tmp_path)
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace(ORG, "11000000000000000X"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    line = next(i for i, t in enumerate(site.read_text(encoding="utf-8").splitlines(), 1)
                if t.startswith("org_code:"))
    errors = [str(p) for p in load(Path("data")).problems.errors]
    assert errors == [f"data/site.yml:{line}:11: org_code（机构代码）：统一社会信用代码的最后一位（校验位）不对，请核对"]
