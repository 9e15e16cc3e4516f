"""Rules that span fields or files, beyond what each model checks on its own."""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel

from builder.model.contract import (
    NAME_MAX,
    Allocation,
    CalendarYear,
    Campaign,
    Candidate,
    CandidateList,
    DefaultQuota,
)
from builder.text import attachments, privacy_source
from builder.text.problems import Problems, display_path
from builder.text.yamlsrc import Describe, PathKey, SourceDoc

QuotaRow = Allocation | DefaultQuota


def _at(doc: SourceDoc, path: PathKey, *, key: bool = False) -> tuple[str, int, int]:
    loc = doc.loc(path, key=key)
    return doc.path, loc.line, loc.column


def check_calendar(cal: CalendarYear, stem: str, doc: SourceDoc, problems: Problems) -> None:
    if stem != str(cal.year):
        problems.error(
            *_at(doc, ("year",)),
            f"year（年份）为 {cal.year}，但文件名是 {stem}.yml；两者必须一致",
        )
    for key, word, days in (
        ("holidays", "放假日期", cal.holidays),
        ("workdays", "调休上班日期", cal.workdays),
    ):
        for i, day in enumerate(days):
            if day.year != cal.year:
                problems.error(
                    *_at(doc, (key, i)),
                    f"{key}（{word}）中的 {day} 不属于 {cal.year} 年",
                )
    for i, day in enumerate(cal.workdays):
        if day.year == cal.year and day.weekday() < 5:
            problems.warning(
                *_at(doc, ("workdays", i)),
                f"workdays（调休上班日期）中的 {day} 是星期{'一二三四五'[day.weekday()]}，"
                "本来就是工作日；这里只需列出调休上班的周六、周日",
            )
    _check_against_package(cal, doc, problems)
    both = set(cal.holidays) & set(cal.workdays)
    for day in sorted(both):
        problems.error(
            *_at(doc, ("workdays", cal.workdays.index(day))),
            f"{day} 同时列在 holidays（放假日期）和 workdays（调休上班日期）中",
        )


def _check_against_package(cal: CalendarYear, doc: SourceDoc, problems: Problems) -> None:
    """A calendar file overrides the package for its year; where both know the year and
    disagree, the file silently moves publicity ends, so the days that differ are named."""
    import chinese_calendar

    from builder.model.workdays import WorkCalendar, package_years

    first, last = package_years()
    if not first <= cal.year <= last:
        return
    ours = WorkCalendar({cal.year: cal})
    differ: list[str] = []
    day = dt.date(cal.year, 1, 1)
    while day.year == cal.year:
        try:
            theirs = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return
        mine = ours.is_workday(day)
        if mine != theirs:
            differ.append(f"{day}（本文件：{'上班' if mine else '休息'}，日历程序包：{'上班' if theirs else '休息'}）")
        day += dt.timedelta(days=1)
    if differ:
        shown = "、".join(differ[:10]) + (f" 等 {len(differ)} 天" if len(differ) > 10 else "")
        problems.warning(
            *_at(doc, ("year",)),
            f"本文件与日历程序包对 {cal.year} 年的安排不一致：{shown}。计算公示期时以本文件为准，"
            "请对照国务院办公厅的放假通知核对；如果程序包是对的，删除本文件即可",
        )


def check_campaign(
    campaign: Campaign,
    stem: str,
    doc: SourceDoc,
    problems: Problems,
    broken: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Cross-field rules of one campaign; `broken` fields (already reported) are skipped."""
    if "id" not in broken and campaign.id != stem:
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
                    f"deadlines（截止时间）第{i + 1}项「{deadline.title}」的日期 {deadline.date} "
                    f"早于 published（发布日期）{published}",
                )
        if campaign.publicity and campaign.publicity.start and campaign.publicity.start < published:
            problems.error(
                *_at(doc, ("publicity", "start")),
                f"publicity（社会公示）的 start（公示开始）{campaign.publicity.start} "
                f"早于 published（发布日期）{published}",
            )
    pub = campaign.publicity
    if pub is not None and campaign.deadlines and "deadlines" not in broken:
        # The list is what the review of the applications produced: it cannot be published
        # while applications are still coming in.
        first_i, first = min(enumerate(campaign.deadlines), key=lambda d: d[1].date)
        start0 = publicity_start(campaign)
        before_published = (
            campaign.published is not None and start0 is not None and start0 < campaign.published
        )
        if start0 is not None and start0 < first.date and not before_published:  # that error says enough
            problems.error(
                *_at(doc, ("publicity", "start") if pub.start else ("publicity",), key=not pub.start),
                f"publicity（社会公示）的 start（公示开始）{start0} 早于 deadlines（截止时间）"
                f"第{first_i + 1}项「{first.title}」的截止日期 {first.date}：申报截止、评审之后才能公示名单，"
                "请检查日期",
            )
    if pub is not None and "contact" not in broken:
        _check_objection_channel(campaign, doc, problems)
    if pub is not None:
        if pub.end is None and pub.working_days is None:
            problems.error(
                *_at(doc, ("publicity",), key=True),
                "publicity（社会公示）须写明 end（公示结束）或 working_days（公示工作日数）",
            )
        if pub.start is None and published is None and "published" not in broken:
            problems.error(
                *_at(doc, ("publicity",), key=True),
                "publicity（社会公示）没有写 start（公示开始），这表示「自公示之日起」，以 published"
                "（发布日期）为公示第一天；但评选文件没有 published（发布日期）：请写明其中之一",
            )
        start = publicity_start(campaign)
        if pub.end is not None and start is not None and pub.end < start:
            problems.error(
                *_at(doc, ("publicity", "end")),
                f"publicity（社会公示）的 end（公示结束）{pub.end} 早于"
                + (f" start（公示开始）{start}" if pub.start else f"公示开始（发布日期）{start}"),
            )
    award_start = publicity_start(campaign)
    if campaign.award and pub and award_start and campaign.award.date < award_start:
        problems.error(
            *_at(doc, ("award", "date")),
            f"award（表彰决定）的 date（决定日期）{campaign.award.date} "
            f"早于公示开始 {award_start}",
        )
    if campaign.quotas:
        _check_quota_table(campaign, doc, problems)
    if "notice" not in broken and "forms" not in broken:
        _check_attachments(campaign, doc, problems)


def _check_attachments(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    """An 附件 line that looks like a form but matches no form's title stays text on the page.

    Only for a round that offers forms: one offering none is taken as deliberate (an old round
    whose forms are lost, as the 2013 seed's); one offering some but not this one is a slip,
    most often a title written differently in `forms`. The allocation table (…指标分配表) is
    shown as the 推荐名额 table, so it needs no file.
    """
    if not campaign.forms:
        return
    offered = attachments.matches(f.title for f in campaign.forms)
    quota_table = bool(campaign.quotas and (campaign.quotas.allocations or campaign.quotas.default))
    begin = doc.loc(("notice",))
    lines = doc.text.split("\n")
    numbered = attachments.line_blocks(campaign.notice)
    listed = attachments.in_text(campaign.notice)
    claimed = {attachments.key(a.title) for a in listed}
    # Suggested only among the forms no attachment names already.
    unclaimed = [f.title for f in campaign.forms if attachments.key(f.title) not in claimed]
    for found in listed:
        title = found.title
        if attachments.key(title) in offered or not attachments.looks_like_form(title):
            continue
        if quota_table and attachments.is_quota_table(title):
            continue
        # In a `notice: |` block, line k of the text is the k-th line after the key's; other
        # scalar styles fold lines, so the title is searched for from the field on.
        k = numbered[found.block][0]
        guess = begin.line + k
        order = [guess, *range(begin.line - 1, len(lines))] if guess < len(lines) else range(
            begin.line - 1, len(lines))
        line, column = begin.line, begin.column
        for n in order:
            at = lines[n].find(title)
            if at >= 0:
                line, column = n + 1, at + 1
                break
        close = difflib.get_close_matches(title, unclaimed, n=1, cutoff=0.6)
        hint = f"；是不是「{close[0]}」？请把两处写成一样" if close else (
            "；请把这个表格放进 data/campaigns/" + campaign.id + "/ 文件夹，并在 forms（表格下载）中列出，"
            "title（表格名称）与附件名称一致"
        )
        problems.warning(
            doc.path, line, column,
            f"通知正文的附件「{title}」在 forms（表格下载）中没有标题相同的表格，网页上只显示为文字，"
            f"不能点击下载{hint}",
        )


def _check_objection_channel(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    """A publicity without its own objection channel shows the office's contact instead (see
    builder.render.pages.common.objection_channels): say so, since that is a public commitment."""
    pub = campaign.publicity
    assert pub is not None
    own = pub.objections
    if own is not None and (own.phone or own.email or own.address):
        return
    contact = campaign.contact
    shown = [f"{word} {value}" for word, value in (
        ("电话", contact.phone if contact else None),
        ("电子邮箱", contact.email if contact else None),
        ("地址", contact.address if contact else None),
    ) if value]
    if shown:
        problems.warning(
            *_at(doc, ("publicity",), key=True),
            "publicity（社会公示）没有写 objections（异议受理）的电话、邮箱或地址：名单页将把 contact（联系方式）中的"
            f"{'、'.join(shown)}作为异议受理渠道公布。异议另有受理电话或邮箱时，请在 publicity 下写明 objections",
        )
    else:
        problems.warning(
            *_at(doc, ("publicity",), key=True),
            "publicity（社会公示）没有写 objections（异议受理）的电话、邮箱或地址，contact（联系方式）中也没有："
            "名单页只能请公众“向发文单位反映”。请在 publicity 下写明 objections",
        )


_CN_QUOTES = (("“", "”"), ("‘", "’"), ("＂", "＂"), ("＇", "＇"))


def chinese_quotes(value: str) -> bool:
    """True when the whole value is wrapped in Chinese quotation marks: “陈静”."""
    v = value.strip()
    return len(v) > 2 and any(v.startswith(a) and v.endswith(b) for a, b in _CN_QUOTES)


def publicity_start(campaign: Campaign) -> dt.date | None:
    """The first day of the publicity: `start`, else (自公示之日起) the publication date."""
    pub = campaign.publicity
    if pub is None:
        return None
    return pub.start or campaign.published


def check_publicity_days(
    campaign: Campaign, end: dt.date, doc: SourceDoc, problems: Problems
) -> None:
    """Both `end` and `working_days` given: they must name the same last day."""
    pub = campaign.publicity
    assert pub is not None and pub.end is not None and pub.working_days is not None
    if end != pub.end:
        start = publicity_start(campaign)
        problems.error(
            *_at(doc, ("publicity", "end")),
            f"publicity（社会公示）的 end（公示结束）{pub.end} 与 working_days（公示工作日数）"
            f"{pub.working_days} 个工作日不一致：从 {start} 起算 {pub.working_days} 个工作日，"
            f"公示最后一天是 {end}；请改正其中一个，或只写一个",
        )


def _rows(campaign: Campaign) -> list[tuple[PathKey, QuotaRow]]:
    quotas = campaign.quotas
    if quotas is None:
        return []
    rows: list[tuple[PathKey, QuotaRow]] = [
        (("quotas", "allocations", i), a) for i, a in enumerate(quotas.allocations)
    ]
    if quotas.default is not None:
        rows.append((("quotas", "default"), quotas.default))
    return rows


def _row_name(row: QuotaRow) -> str:
    return row.unit if isinstance(row, Allocation) else "其他单位（default）"


def _check_quota_table(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for path, row in _rows(campaign):
        total = sum(row.reserved.values())
        if total > row.seats:
            problems.error(
                *_at(doc, (*path, "reserved")),
                f"「{_row_name(row)}」的 reserved（预留名额）合计 {total} 人，"
                f"超过其 seats（名额）{row.seats} 人",
            )
        if isinstance(row, Allocation):
            index = int(path[2])
            if row.unit in seen:
                problems.error(
                    *_at(doc, (*path, "unit")),
                    f"推荐单位「{row.unit}」在 allocations（名额分配）中重复出现"
                    f"（第一次是第{seen[row.unit] + 1}项）",
                )
            else:
                seen[row.unit] = index


def check_doc_privacy(
    root: type[BaseModel], *, forbidden_keys: bool = False
) -> Callable[[SourceDoc, Problems], set[PathKey]]:
    """The personal-data guard of one kind of data file; returns the paths it reported, so
    validation does not report the same value twice (it never drops an error otherwise)."""

    def check(doc: SourceDoc, problems: Problems) -> set[PathKey]:
        covered: set[PathKey] = set()
        for path, at, message in privacy_source.scan_document(doc, root, forbidden_keys=forbidden_keys):
            problems.error(doc.path, at.line, at.column, message)
            covered.add(path)
        return covered

    check.__qualname__ = f"check_doc_privacy[{root.__name__}]"
    return check


check_candidate_doc_privacy = check_doc_privacy(CandidateList, forbidden_keys=True)
check_campaign_doc_privacy = check_doc_privacy(Campaign)
check_calendar_doc_privacy = check_doc_privacy(CalendarYear)


def check_candidates(
    campaign_ref: str | None,
    stem: str,
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    campaign: Campaign | None,
    campaign_ids: set[str],
    problems: Problems,
    describe: Describe,
    campaigns_dir: str = "data/campaigns",
    broken: Mapping[int, frozenset[str]] | None = None,
    listing: CandidateList | None = None,
) -> None:
    """Rules of a candidate list against itself and its campaign.

    `broken` maps the position of a candidate that has field errors (already reported) to those
    fields; such a candidate is in `entries` as a stand-in of its valid fields, so that the
    rules that need only those (the quota of its unit above all) still run on it.

    `campaign_ref` is the list's `campaign:` (None when that key itself is broken), `entries`
    the valid candidates with their position in the file, `campaign` the owner when its file
    is usable (None silences quota rules, so a broken campaign causes no follow-up errors).
    """
    broken = broken or {}
    if campaign_ref is not None:
        if campaign_ref != stem:
            problems.error(
                *_at(doc, ("campaign",)),
                f"campaign（所属评选）为「{campaign_ref}」，但文件名是 {stem}.yml；两者必须一致",
            )
        if campaign_ref not in campaign_ids:
            problems.error(
                *_at(doc, ("campaign",)),
                f"campaign（所属评选）「{campaign_ref}」不存在：没有 "
                f"{campaigns_dir}/{campaign_ref}.yml 这个文件",
            )
    first: dict[tuple[str, str], int] = {}
    # None when the list's own sections are broken (reported already): no follow-up errors.
    sections = {s.title for s in listing.sections} if listing is not None else None
    for i, person in entries:
        path: PathKey = ("candidates", i)
        lost = broken.get(i, frozenset())
        for field in Candidate.model_fields:
            value = getattr(person, field, None)
            if field in lost or field == "achievements" or not isinstance(value, str):
                continue
            if chinese_quotes(value):
                bare = value.strip()[1:-1]
                label = f"{field}（{Candidate.model_fields[field].title}）"
                problems.error(
                    *_at(doc, (*path, field)),
                    f"{describe(path)}的 {label}「{value.strip()}」带着中文引号：YAML 只认半角引号 \" 或 '，"
                    f"中文引号会原样成为{Candidate.model_fields[field].title}的一部分。请删去引号，写成 {field}: {bare}",
                )
        if "name" in lost or "unit" in lost:
            continue
        _check_entry_shape(person, path, doc, problems, describe)
        if sections and person.section is None:
            problems.error(
                *_at(doc, path),
                f"{describe(path)}缺少 section（分组）：名单分为"
                + "、".join(f"「{t}」" for t in sorted(sections)) + "，须写明所在的组",
            )
        elif sections is not None and person.section is not None and person.section not in sections:
            close = difflib.get_close_matches(person.section, sorted(sections), n=1, cutoff=0.5)
            hint = f"是否应为「{close[0]}」？" if close else (
                "名单的 sections（分组）中有：" + "、".join(sorted(sections)) if sections
                else "名单没有 sections（分组），请在名单开头列出各组，或删除这一行"
            )
            problems.error(
                *_at(doc, (*path, "section")),
                f"{describe(path)}的 section（分组）「{person.section}」不在名单的 sections（分组）中；{hint}",
            )
        key = (person.name, person.unit)
        if key in first:
            problems.error(
                *_at(doc, (*path, "name")),
                f"{describe(path)}与第{first[key] + 1}位候选人是同一人（姓名和工作单位都相同），"
                "同一名单中不能重复",
            )
        else:
            first[key] = i
        if person.status == "撤销" and not person.status_note and not lost & {"status", "status_note"}:
            problems.error(
                *_at(doc, (*path, "status")),
                f"{describe(path)}的 status（状态）为「撤销」，"
                "必须填写 status_note（状态说明）：撤销的原因和时间",
            )
    if campaign is not None and has_quota_table(campaign):
        _check_quota_use(entries, doc, campaign, problems, describe, broken)


_QUOTA_FIELDS = frozenset({"recommended_by", "category", "quota_exempt", "status"})


_PERSON_ONLY = (("gender", "性别"), ("born", "出生年月"))
_COLLECTIVE_ONLY = (("leader", "负责人"), ("leader_title", "负责人称谓"), ("members_count", "成员人数"),
                    ("members", "成员"))


def _check_entry_shape(
    person: Candidate, path: PathKey, doc: SourceDoc, problems: Problems, describe: Describe
) -> None:
    """What a person has and a collective does not, and the other way round; name lengths."""
    if person.is_collective:
        for key, word in _PERSON_ONLY:
            if getattr(person, key):
                problems.error(
                    *_at(doc, (*path, key), key=True),
                    f"{describe(path)}是集体（kind: 集体），不填 {key}（{word}）；请删除这一行",
                )
        if person.members and person.members_count is not None and len(person.members) > person.members_count:
            problems.error(
                *_at(doc, (*path, "members_count")),
                f"{describe(path)}的 members（成员）列出 {len(person.members)} 人，"
                f"多于 members_count（成员人数）{person.members_count} 人",
            )
        return
    for key, word in _COLLECTIVE_ONLY:
        if getattr(person, key):
            problems.error(
                *_at(doc, (*path, key), key=True),
                f"{describe(path)}的 {key}（{word}）只用于集体；如果这是一个集体，请写 kind: 集体",
            )
    if len(person.name) > NAME_MAX and not _is_latin(person.name):
        problems.error(
            *_at(doc, (*path, "name")),
            f"{describe(path)}的 name（姓名）为「{person.name[:40]}」，姓名应为 2～20 个字"
            "（外文姓名和集体名称可以更长：集体请写 kind: 集体）",
        )


def _is_latin(name: str) -> bool:
    """A name written in Latin letters (John A. Smith, Jean-Luc Lefèvre): may be long."""
    return any("a" <= ch.lower() <= "z" or "À" <= ch <= "ž" for ch in name)


def has_quota_table(campaign: Campaign) -> bool:
    """Quotas bind candidates only when there is a row to count against."""
    q = campaign.quotas
    return q is not None and (bool(q.allocations) or q.default is not None)


def quota_row(campaign: Campaign, unit: str) -> QuotaRow | None:
    """The allocation row (or the default) that governs `unit`, or None."""
    quotas = campaign.quotas
    if quotas is None:
        return None
    for row in quotas.allocations:
        if row.unit == unit:
            return row
    return quotas.default


def reserved_violation(
    row: QuotaRow, categories: Sequence[str | None]
) -> tuple[frozenset[str], int, list[int]] | None:
    """The first broken limit of `row` for nominees of these categories, or None.

    Reserved seats can be taken only by their category; the other seats by anyone. So for
    every set S of reserved categories, the nominees outside S may fill at most
    seats - (seats reserved for S). S = {} is the plain seat count. These conditions are
    exactly when every nominee can be given a seat (Hall's theorem). Returns (S, limit,
    indexes of the nominees outside S).
    """
    kinds = [k for k, n in row.reserved.items() if n > 0]
    for size in range(len(kinds) + 1):
        for chosen in itertools.combinations(kinds, size):
            held = frozenset(chosen)
            limit = row.seats - sum(row.reserved[k] for k in held)
            outside = [i for i, c in enumerate(categories) if c not in held]
            if len(outside) > limit:
                return held, limit, outside
    return None


def _check_quota_use(
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    campaign: Campaign,
    problems: Problems,
    describe: Describe,
    broken: Mapping[int, frozenset[str]],
) -> None:
    quotas = campaign.quotas
    assert quotas is not None
    units = [a.unit for a in quotas.allocations]
    reserved_kinds = sorted({k for _, row in _rows(campaign) for k in row.reserved})
    by_unit: dict[str, list[tuple[int, Candidate]]] = defaultdict(list)
    for i, person in entries:
        path: PathKey = ("candidates", i)
        if broken.get(i, frozenset()) & _QUOTA_FIELDS:
            continue  # whether and where this person counts is unknown until the fields are fixed
        if person.recommended_by is None:
            problems.error(
                *_at(doc, path),
                f"{describe(path)}缺少 recommended_by（推荐单位）："
                "本次评选有名额分配，须写明占用哪个单位的名额",
            )
            continue
        row = quota_row(campaign, person.recommended_by)
        if row is None:
            close = difflib.get_close_matches(person.recommended_by, units, n=1, cutoff=0.5)
            hint = (
                f"是否应为「{close[0]}」？"
                if close
                else "名额表中有：" + "、".join(units[:8]) + ("等" if len(units) > 8 else "")
            )
            problems.error(
                *_at(doc, (*path, "recommended_by")),
                f"{describe(path)}的 recommended_by（推荐单位）"
                f"「{person.recommended_by}」不在名额表中；{hint}",
            )
            continue
        if isinstance(row, DefaultQuota):
            close = difflib.get_close_matches(person.recommended_by, units, n=1, cutoff=0.6)
            if close:
                problems.warning(
                    *_at(doc, (*path, "recommended_by")),
                    f"{describe(path)}的 recommended_by（推荐单位）「{person.recommended_by}」"
                    f"不在 allocations（名额分配）中，按 default（其他单位名额）计算；"
                    f"是否应为「{close[0]}」？",
                )
        if (
            person.category is not None
            and reserved_kinds
            and person.category not in reserved_kinds
        ):
            close = difflib.get_close_matches(person.category, reserved_kinds, n=1, cutoff=0.5)
            if close:
                problems.warning(
                    *_at(doc, (*path, "category")),
                    f"{describe(path)}的 category（类别）「{person.category}」与预留名额的类别"
                    f"「{close[0]}」不完全相同，不会计入预留名额；是否应为「{close[0]}」？",
                )
        if person.counts_against_quota:
            by_unit[person.recommended_by].append((i, person))
    for unit, nominees in by_unit.items():
        row = quota_row(campaign, unit)
        assert row is not None
        if sum(row.reserved.values()) > row.seats:
            continue  # the quota table itself is wrong, and says so; counting would only confuse
        found = reserved_violation(row, [p.category for _, p in nominees])
        if found is None:
            continue
        held, limit, outside = found
        over = [nominees[k] for k in outside]
        names = "、".join(p.name for _, p in over)
        where = _at(doc, ("candidates", over[limit][0], "recommended_by"))
        if not held:
            problems.error(
                *where,
                f"推荐单位「{unit}」的名额为 {row.seats} 人，实际推荐 {len(over)} 人"
                f"（不含不占名额和已撤销的人选）：{names}",
            )
            continue
        kept = "、".join(f"{k} {n} 人" for k, n in row.reserved.items() if n > 0)
        others = "非" + "、".join(sorted(held)) if len(held) == 1 else "、".join(sorted(held)) + "以外的"
        problems.error(
            *where,
            f"推荐单位「{unit}」的名额为 {row.seats} 人，其中预留{kept}；"
            f"{others}人选最多 {limit} 人，实际推荐 {len(over)} 人"
            f"（不含不占名额和已撤销的人选）：{names}",
        )


def check_round_warnings(
    campaign: Campaign,
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    problems: Problems,
) -> None:
    decided = [p for _, p in entries if p.status in ("入选", "未入选")]
    if decided and campaign.award is None:
        problems.warning(
            *_at(doc, ("candidates",), key=True),
            f"名单中已有 {len(decided)} 人标为入选/未入选，但评选文件没有 award（表彰决定）",
        )
    pending = [i for i, p in entries if p.status == "拟入选"]
    if campaign.award is not None and pending:
        problems.warning(
            *_at(doc, ("candidates", pending[0])),
            f"已有 award（表彰决定），但仍有 {len(pending)} 人的 status（状态）为「拟入选」，"
            "请改为入选或未入选",
        )
    if entries and campaign.publicity is None:
        problems.warning(
            *_at(doc, ("campaign",)),
            "已有候选人名单，但评选文件中没有 publicity（社会公示）：名单页不会显示公示期和异议渠道",
        )


def check_unlisted_files(
    campaign: Campaign, folder: Path, doc: SourceDoc, problems: Problems
) -> None:
    """Files in the campaign's folder that no form lists: they would silently not be published."""
    if not folder.is_dir():
        return
    listed = {f.file for f in campaign.forms}
    if folder.is_symlink():
        return  # refused by the loader (builder.files.hostfiles); its contents are not ours to list
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or path.is_symlink():
            continue
        if path.is_file() and path.relative_to(folder).as_posix() not in listed:
            problems.warning(
                *(_at(doc, ("forms",), key=True) if campaign.forms else (doc.path, 1, 1)),
                f"文件 {display_path(path)} 没有列在 forms（表格下载）中，"
                "不会出现在网站上",
            )
