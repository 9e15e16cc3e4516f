"""Personal data no longer than its purpose: from the day after a 公示 ends, its list keeps only
the names, gender, unit and result, in every file of the site; the staff build keeps everything.

Over the shared builds of the demo site on TODAY (the 2026 round in its 公示, the 2024 and 2025
lists long over) and AFTER (the day after the 2026 公示 ends).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA
from page_types import AFTER, TODAY

from builder.load.loader import load
from builder.model.portal import Portal, Round
from builder.render.pages.publicity_list import born_text
from builder.render.publish import published_portal

JISHU = "2026-shili-jishu-daitouren"
OLD = "2024-shili-jishu-daitouren"


def _portal() -> Portal:
    loaded = load(DATA)
    assert loaded.portal is not None
    return loaded.portal


def _files(site: Path) -> Iterator[tuple[str, str]]:
    """Every file of the built site as text: pages, search files (a .gz read unpacked), the
    feed, the calendar, the sitemaps, forms."""
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        yield path.relative_to(site).as_posix(), data.decode("utf-8", "ignore")


def _details(r: Round) -> dict[str, str]:
    """What must leave every file once the list's 公示 is over: each text → what it is."""
    out: dict[str, str] = {}
    for p in r.people:
        if p.born:
            out[born_text(p.born)] = f"{p.name}'s birth month"
            out[p.born] = f"{p.name}'s birth month"
        if p.achievements:
            out[p.achievements.strip()[:24]] = f"{p.name}'s achievements"
        if p.status_note:
            out[p.status_note] = f"{p.name}'s withdrawal reason"
    return out


def test_the_day_after_its_publicity_no_file_carries_a_birth_month_or_a_withdrawal_reason(
    site_factory,
) -> None:
    jishu = _portal().round(JISHU)
    revoked = [p for p in jishu.people if p.status == "撤销"]
    assert revoked and all(p.status_note for p in revoked)
    details = _details(jishu)
    assert len(details) > 60

    during = dict(_files(site_factory(TODAY)))
    listed = during[f"campaigns/{JISHU}/gongshi/index.html"]
    assert all(p.status_note in listed for p in revoked)  # shown while the 公示 runs
    assert born_text(jishu.people[0].born or "") in listed
    assert any(p.status_note in during["feed.xml"] for p in revoked)

    found = [
        f"{name}: {what}"
        for name, text in _files(site_factory(AFTER))
        for secret, what in details.items() if secret in text
    ]
    assert found == []

    after = site_factory(AFTER)
    page = (after / "campaigns" / JISHU / "gongshi" / "index.html").read_text(encoding="utf-8")
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page)
    assert heads == ["序号", "姓名", "性别", "工作单位"]
    for p in jishu.people:
        assert p.name in page and p.unit in page
    assert "<details>" not in page and "撤销说明" not in page
    assert page.count('gs-tag--revoked">已撤销') == len(revoked)
    assert "自2026年11月25日起，按本站的个人信息保护做法，名单只保留姓名、性别、工作单位和评选结果" in page
    feed = (after / "feed.xml").read_text(encoding="utf-8")
    for p in revoked:
        assert f"更正：撤销{p.name}" in feed  # the correction stays, its reason does not
    assert "已撤销。" in feed


def test_lists_whose_publicity_ended_long_ago_are_retired_too_and_the_quota_table_still_counts(
    site_factory,
) -> None:
    site = site_factory(TODAY)
    old = _portal().round(OLD)
    page = (site / "campaigns" / OLD / "gongshi" / "index.html").read_text(encoding="utf-8")
    assert not [s for s in _details(old) if s in page]
    assert "出生年月" not in page and "结果" in page  # 入选 is the result

    def used(site: Path) -> list[str]:
        notice = (site / "campaigns" / JISHU / "index.html").read_text(encoding="utf-8")
        return re.findall(r'data-label="已推荐／名额">(.*?)</td>', notice)

    assert used(site_factory(AFTER)) == used(site) != []


def test_the_staff_build_keeps_every_detail(site_factory) -> None:
    staff = site_factory(TODAY, manual=True)
    old = _portal().round(OLD)
    page = (staff / "campaigns" / OLD / "gongshi" / "index.html").read_text(encoding="utf-8")
    shown = [born_text(p.born) for p in old.people if p.born]
    shown += [p.achievements.strip()[:24] for p in old.people if p.achievements]
    assert len(shown) > 10 and all(s in page for s in shown)
    assert "出生年月" in page and "gs-retired" not in page


@pytest.mark.parametrize(("keep", "retired"), [(0, True), (30, False), ("永久", False)])
def test_a_bureau_may_keep_the_details_longer(keep: int | str, retired: bool) -> None:
    portal = _portal()
    assert portal.site is not None
    site = dataclasses.replace(
        portal.site, identity=portal.site.identity.model_copy(update={"keep_details": keep}))
    shown = published_portal(dataclasses.replace(portal, site=site), dt.date.fromisoformat(AFTER))
    r = shown.round(JISHU)
    assert r.retired is retired
    assert any(p.born for p in r.people) is not retired
    assert any(p.status_note for p in r.people) is not retired
    # Thirty days after the end the bureau's longer period is over too.
    later = published_portal(dataclasses.replace(portal, site=site), dt.date(2026, 12, 25))
    assert later.round(JISHU).retired is (keep != "永久")


def test_a_wrong_retention_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    from conftest import copy_data

    data = copy_data(tmp_path)
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "keep_details: 永远\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    line = len(site.read_text(encoding="utf-8").splitlines())
    assert [str(p) for p in load(Path("data")).problems.errors] == [
        f"data/site.yml:{line}:15: keep_details（详细信息保留天数）：应为天数（0 到 3650 的整数，如 30），"
        "或「永久」，而不是「永远」"
    ]


def test_a_recruitment_list_keeps_its_result_columns_and_posts_after_its_publicity() -> None:
    """Issue 22 with issue 21's columns: after the 公示 the list keeps the columns it marks as
    its result (总成绩, 排名) and the one it is grouped by (岗位名称); 准考证号, 毕业院校, the
    written and interview scores and the birth month go, from the page too."""
    from builder.render.pages import render_all

    portal = _portal()
    zhaopin = "2026-shili-shiye-zhaopin"
    source = portal.round(zhaopin)
    assert source.publicity_end is not None
    day = source.publicity_end + dt.timedelta(days=1)
    during = published_portal(portal, source.publicity_end).round(zhaopin)
    after = published_portal(portal, day).round(zhaopin)
    assert not during.retired and after.retired
    first = during.people[0]
    assert {"准考证号", "毕业院校", "总成绩", "排名", "岗位名称"} <= set(first.extra)
    for p in after.people:
        assert set(p.extra) == {"总成绩", "排名", "岗位名称"}
        assert not p.born and not p.education
    kept = after.people[0]
    assert kept.extra["总成绩"] == first.extra["总成绩"] and kept.name == first.name

    pages = render_all(published_portal(portal, day), day, "示例市人力资源和社会保障局", [])
    page = next(p for p in pages if p.url == f"campaigns/{zhaopin}/gongshi/").html
    heads = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', page)
    assert "总成绩" in heads and "排名" in heads
    assert not {"准考证号", "毕业院校", "笔试成绩", "出生年月"} & set(heads)
    assert first.extra["准考证号"] not in page and first.extra["岗位名称"] in page


def test_a_retired_entry_is_the_model_copy_pydantic_would_make() -> None:
    """builder.render.publish makes a retired list's entries without pydantic's generic copy:
    each must be exactly what `model_copy(update=...)` gives (values, fields given, no extra,
    no private state), so that an upgrade of pydantic that changes a model's inner state fails
    here rather than on a page."""
    from builder.render.publish import _blanks, _retired, kept_columns

    portal = _portal()
    lists = [r.candidates for r in portal.rounds if r.candidates is not None]
    people = [(listing, p) for listing in lists for p in listing.candidates]
    assert len(people) > 20 and any(p.extra for _, p in people)
    for listing, person in people:
        fields, own = kept_columns(listing)
        update = {**_blanks(fields), "extra": {k: v for k, v in person.extra.items() if k in own}}
        expected = person.model_copy(update=update)
        made = _retired(person, fields, own)
        assert type(made) is type(expected)
        assert made == expected and made.__dict__ == expected.__dict__
        assert made.model_fields_set == expected.model_fields_set
        # ...and no bigger (a set's table sized for a union was ≈ 90 MB more at 200,000).
        assert sys.getsizeof(made.model_fields_set) == sys.getsizeof(expected.model_fields_set)
        assert made.__pydantic_extra__ == expected.__pydantic_extra__
        assert made.__pydantic_private__ == expected.__pydantic_private__
        assert made.model_dump_json() == expected.model_dump_json()
        assert made is not person and person.model_copy() == person  # the original untouched
