"""Rules that span fields or files, beyond what each model checks on its own."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from builder import privacy
from builder.models import CalendarYear, Campaign, Candidate, CandidateList
from builder.problems import Problems
from builder.yamlsrc import PathKey, SourceDoc

Describe = Callable[[PathKey], str]


def _at(doc: SourceDoc, path: PathKey, *, key: bool = False) -> tuple[str, int, int]:
    loc = doc.loc(path, key=key)
    return doc.path, loc.line, loc.column


def check_calendar(cal: CalendarYear, stem: str, doc: SourceDoc, problems: Problems) -> None:
    if stem != str(cal.year):
        problems.error(
            *_at(doc, ("year",)),
            f"year（年份）为 {cal.year}，但文件名是 {stem}.yml；两者必须一致",
        )
    for key, days in (("holidays", cal.holidays), ("workdays", cal.workdays)):
        for i, day in enumerate(days):
            if day.year != cal.year:
                problems.error(
                    *_at(doc, (key, i)), f"{key} 中的日期 {day} 不属于 {cal.year} 年"
                )
    both = set(cal.holidays) & set(cal.workdays)
    for day in sorted(both):
        problems.error(
            *_at(doc, ("workdays", cal.workdays.index(day))),
            f"{day} 同时列在 holidays（放假）和 workdays（调休上班）中",
        )


def check_campaign(campaign: Campaign, stem: str, doc: SourceDoc, problems: Problems) -> None:
    if campaign.id != stem:
        problems.error(
            *_at(doc, ("id",)),
            f"id（编号）为「{campaign.id}」，但文件名是 {stem}.yml；两者必须一致",
        )
    published = campaign.published
    if published is not None:
        for i, deadline in enumerate(campaign.deadlines):
            if deadline.date < published:
                problems.error(
                    *_at(doc, ("deadlines", i, "date")),
                    f"截止时间「{deadline.title}」的日期 {deadline.date} 早于发布日期 {published}",
                )
        if campaign.publicity and campaign.publicity.start < published:
            problems.error(
                *_at(doc, ("publicity", "start")),
                f"publicity.start（公示开始）{campaign.publicity.start} 早于发布日期 {published}",
            )
    pub = campaign.publicity
    if pub is not None:
        if (pub.end is None) == (pub.working_days is None):
            problems.error(
                *_at(doc, ("publicity",), key=True),
                "publicity（社会公示）须写明 end（公示结束日期）或 working_days（公示工作日数），"
                "且只能写其中一个",
            )
        if pub.end is not None and pub.end < pub.start:
            problems.error(
                *_at(doc, ("publicity", "end")),
                f"publicity.end（公示结束）{pub.end} 早于公示开始 {pub.start}",
            )
    if campaign.award and pub and campaign.award.date < pub.start:
        problems.error(
            *_at(doc, ("award", "date")),
            f"award.date（决定日期）{campaign.award.date} 早于公示开始 {pub.start}",
        )
    if campaign.quotas:
        _check_quota_table(campaign, doc, problems)


def _check_quota_table(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    quotas = campaign.quotas
    assert quotas is not None
    seen: dict[str, int] = {}
    rows = [(("quotas", "allocations", i), a) for i, a in enumerate(quotas.allocations)]
    if quotas.default is not None:
        rows.append((("quotas", "default"), quotas.default))  # type: ignore[arg-type]
    for path, row in rows:
        total = sum(row.reserved.values())
        if total > row.seats:
            name = getattr(row, "unit", "其他单位（default）")
            problems.error(
                *_at(doc, (*path, "reserved")),
                f"「{name}」的预留名额合计 {total} 超过其名额 {row.seats}",
            )
        unit = getattr(row, "unit", None)
        if unit is not None:
            if unit in seen:
                problems.error(
                    *_at(doc, (*path, "unit")),
                    f"推荐单位「{unit}」在名额表中重复出现（第一次是第{seen[unit] + 1}行）",
                )
            else:
                seen[unit] = path[2]  # type: ignore[assignment]


def check_candidate_doc_privacy(doc: SourceDoc, problems: Problems) -> None:
    for path, message in privacy.scan_document(doc):
        problems.error(*_at(doc, path, key=privacy.is_key_finding(path, doc)), message)


def check_candidates(
    people: CandidateList,
    stem: str,
    doc: SourceDoc,
    campaign: Campaign | None,
    campaign_ids: set[str],
    problems: Problems,
    describe: Describe,
) -> None:
    if people.campaign != stem:
        problems.error(
            *_at(doc, ("campaign",)),
            f"campaign（所属评选）为「{people.campaign}」，但文件名是 {stem}.yml；两者必须一致",
        )
    if people.campaign not in campaign_ids:
        problems.error(
            *_at(doc, ("campaign",)),
            f"campaign（所属评选）「{people.campaign}」不存在：没有 "
            f"data/campaigns/{people.campaign}.yml",
        )
    first: dict[tuple[str, str], int] = {}
    for i, person in enumerate(people.candidates):
        path: PathKey = ("candidates", i)
        key = (person.name, person.unit)
        if key in first:
            j = first[key]
            problems.error(
                *_at(doc, (*path, "name")),
                f"{describe(path)}与第{j + 1}位候选人是同一人（姓名和工作单位相同），"
                "同一名单中不能重复",
            )
        else:
            first[key] = i
        if person.status == "撤销" and not person.status_note:
            problems.error(
                *_at(doc, (*path, "status")),
                f"{describe(path)}的 status（状态）为「撤销」，"
                "必须填写 status_note（状态说明）：撤销的原因和时间",
            )
    if campaign is not None and campaign.quotas is not None:
        _check_quota_use(people, doc, campaign, problems, describe)


def quota_row(campaign: Campaign, unit: str):
    """The allocation row (or the default) that governs `unit`, or None."""
    quotas = campaign.quotas
    if quotas is None:
        return None
    for row in quotas.allocations:
        if row.unit == unit:
            return row
    return quotas.default


def _check_quota_use(
    people: CandidateList, doc: SourceDoc, campaign: Campaign, problems: Problems, describe
) -> None:
    quotas = campaign.quotas
    assert quotas is not None
    units = [a.unit for a in quotas.allocations]
    by_unit: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
    for i, person in enumerate(people.candidates):
        path: PathKey = ("candidates", i)
        if person.recommended_by is None:
            problems.error(
                *_at(doc, path),
                f"{describe(path)}缺少 recommended_by（推荐单位）："
                "本次评选有名额分配，须写明占用哪个单位的名额",
            )
            continue
        row = quota_row(campaign, person.recommended_by)
        if row is None:
            hint = "、".join(units[:8]) + ("等" if len(units) > 8 else "")
            problems.error(
                *_at(doc, (*path, "recommended_by")),
                f"{describe(path)}的 recommended_by（推荐单位）"
                f"「{person.recommended_by}」不在名额表中（名额表中有：{hint}）",
            )
            continue
        if person.counts_against_quota:
            by_unit[person.recommended_by].append((i, person))
    for unit, nominees in by_unit.items():
        row = quota_row(campaign, unit)
        assert row is not None
        names = "、".join(p.name for _, p in nominees)
        if len(nominees) > row.seats:
            i = nominees[row.seats][0]
            problems.error(
                *_at(doc, ("candidates", i, "recommended_by")),
                f"推荐单位「{unit}」的名额为 {row.seats} 人，实际推荐 {len(nominees)} 人"
                f"（不含不占名额和已撤销的人选）：{names}",
            )
            continue
        reserved = sum(row.reserved.values())
        if reserved:
            others = [(i, p) for i, p in nominees if p.category not in row.reserved]
            limit = row.seats - reserved
            if len(others) > limit:
                kinds = "、".join(row.reserved)
                i = others[limit][0]
                problems.error(
                    *_at(doc, ("candidates", i, "recommended_by")),
                    f"推荐单位「{unit}」的名额为 {row.seats} 人，其中 {reserved} 人预留给"
                    f"{kinds}，非{kinds}最多 {limit} 人，实际 {len(others)} 人："
                    + "、".join(p.name for _, p in others),
                )


def check_round_warnings(
    campaign: Campaign, people: CandidateList, doc: SourceDoc, problems: Problems
) -> None:
    decided = [p for p in people.candidates if p.status in ("入选", "未入选")]
    if decided and campaign.award is None:
        p = _at(doc, ("candidates",), key=True)
        problems.warning(
            *p,
            f"名单中已有 {len(decided)} 人标为入选/未入选，但评选文件没有 award（表彰决定）",
        )
    pending = [i for i, p in enumerate(people.candidates) if p.status == "拟入选"]
    if campaign.award is not None and pending:
        problems.warning(
            *_at(doc, ("candidates", pending[0])),
            f"已有表彰决定，但仍有 {len(pending)} 人的状态为「拟入选」，请改为入选或未入选",
        )
    if people.candidates and campaign.publicity is None:
        problems.warning(
            *_at(doc, ("campaign",)),
            "已有候选人名单，但评选文件中没有 publicity（社会公示）：名单页不会显示公示期和异议渠道",
        )


def check_unlisted_files(
    campaign: Campaign, data_dir: Path, doc: SourceDoc, problems: Problems
) -> None:
    folder = data_dir / "campaigns" / campaign.id
    if not folder.is_dir():
        return
    listed = {f.file for f in campaign.forms}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).as_posix() not in listed:
            problems.warning(
                *_at(doc, ("forms",), key=True) if campaign.forms else (doc.path, 1, 1),
                f"文件 {path.relative_to(data_dir.parent).as_posix()} 没有列在 forms（表格下载）中，"
                "不会出现在网站上",
            )


def today_in_shanghai() -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
