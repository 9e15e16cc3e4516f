"""The rules of one round's file across its fields: dates, the publicity, the objection channel,
and the files of its folder that no form lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builder.load.rules.attachments import check_attachments
from builder.load.rules.quotas import check_quota_table
from builder.model.contract import Campaign
from builder.text.problems import Problems, display_path
from builder.text.yamlsrc import SourceDoc


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
            *doc.at(("id",)),
            f"id（编号）为「{campaign.id}」，但文件名是 {stem}.yml；两者必须一致",
        )
    published = campaign.published
    if published is not None:
        for i, deadline in enumerate(campaign.deadlines):
            if deadline.date < published:
                problems.error(
                    *doc.at(("deadlines", i, "date")),
                    f"deadlines（截止时间）第{i + 1}项「{deadline.title}」的日期 {deadline.date} "
                    f"早于 published（发布日期）{published}",
                )
        if campaign.publicity and campaign.publicity.start and campaign.publicity.start < published:
            problems.error(
                *doc.at(("publicity", "start")),
                f"publicity（社会公示）的 start（公示开始）{campaign.publicity.start} "
                f"早于 published（发布日期）{published}",
            )
    pub = campaign.publicity
    if pub is not None and campaign.deadlines and "deadlines" not in broken:
        # The list is what the review of the applications produced: it cannot be published
        # while applications are still coming in.
        first_i, first = min(enumerate(campaign.deadlines), key=lambda d: d[1].date)
        start0 = campaign.publicity_start
        before_published = (
            campaign.published is not None and start0 is not None and start0 < campaign.published
        )
        if start0 is not None and start0 < first.date and not before_published:  # that error says enough
            problems.error(
                *doc.at(("publicity", "start") if pub.start else ("publicity",), key=not pub.start),
                f"publicity（社会公示）的 start（公示开始）{start0} 早于 deadlines（截止时间）"
                f"第{first_i + 1}项「{first.title}」的截止日期 {first.date}：申报截止、评审之后才能公示名单，"
                "请检查日期",
            )
    if pub is not None and "contact" not in broken:
        _check_objection_channel(campaign, doc, problems)
    if pub is not None:
        if pub.end is None and pub.working_days is None:
            problems.error(
                *doc.at(("publicity",), key=True),
                "publicity（社会公示）须写明 end（公示结束）或 working_days（公示工作日数）",
            )
        if pub.start is None and published is None and "published" not in broken:
            problems.error(
                *doc.at(("publicity",), key=True),
                "publicity（社会公示）没有写 start（公示开始），这表示「自公示之日起」，以 published"
                "（发布日期）为公示第一天；但评选文件没有 published（发布日期）：请写明其中之一",
            )
        start = campaign.publicity_start
        if pub.end is not None and start is not None and pub.end < start:
            problems.error(
                *doc.at(("publicity", "end")),
                f"publicity（社会公示）的 end（公示结束）{pub.end} 早于"
                + (f" start（公示开始）{start}" if pub.start else f"公示开始（发布日期）{start}"),
            )
    award_start = campaign.publicity_start
    if campaign.award and pub and award_start and campaign.award.date < award_start:
        problems.error(
            *doc.at(("award", "date")),
            f"award（表彰决定）的 date（决定日期）{campaign.award.date} "
            f"早于公示开始 {award_start}",
        )
    if campaign.announced:
        _check_announced(campaign, doc, problems, broken)
    if campaign.quotas:
        check_quota_table(campaign, doc, problems)
    if "notice" not in broken and "forms" not in broken:
        check_attachments(campaign, doc, problems)


def _check_announced(
    campaign: Campaign, doc: SourceDoc, problems: Problems, broken: frozenset[str] | set[str]
) -> None:
    """A list the notice publishes as the final result is decided on the notice's date: it
    needs that date, and has no 公示 or later decision of its own."""
    where = doc.at(("announced",))
    if campaign.published is None and "published" not in broken:
        problems.error(
            *where,
            "announced: true 表示通知公布的名单就是最终结果，自 published（发布日期）起显示为「已公布」；"
            "但评选文件没有 published（发布日期）：请写明发布日期",
        )
    for key, label in (("publicity", "社会公示"), ("award", "表彰决定")):
        if getattr(campaign, key) is not None:
            problems.error(
                *where,
                f"announced: true 表示通知公布的名单就是最终结果，不能同时写 {key}（{label}）："
                "名单先公示、后决定的，请删除 announced，结果写在 award（表彰决定）中",
            )


def _check_objection_channel(campaign: Campaign, doc: SourceDoc, problems: Problems) -> None:
    """A publicity without its own objection channel shows the office's contact instead (see
    builder.render.pages.document.objection_channels): say so, since that is a public commitment."""
    pub = campaign.publicity
    assert pub is not None
    own = pub.objections
    if own is not None and (own.phone or own.email or own.address or own.rules):
        return  # the bureau's own channels, or its own rules saying how (the page adds none)
    contact = campaign.contact
    shown = [f"{word} {value}" for word, value in (
        ("电话", contact.phone if contact else None),
        ("电子邮箱", contact.email if contact else None),
        ("地址", contact.address if contact else None),
    ) if value]
    if shown:
        problems.warning(
            *doc.at(("publicity",), key=True),
            "publicity（社会公示）没有写 objections（异议受理）的电话、邮箱或地址：名单页将把 contact（联系方式）中的"
            f"{'、'.join(shown)}作为异议受理渠道公布。异议另有受理电话或邮箱时，请在 publicity 下写明 objections",
        )
    else:
        problems.warning(
            *doc.at(("publicity",), key=True),
            "publicity（社会公示）没有写 objections（异议受理）的电话、邮箱、地址或受理规则，contact（联系方式）中也没有："
            "公示页不会列出任何反映渠道。请在 publicity 下写明 objections",
        )


def check_publicity_days(
    campaign: Campaign, end: dt.date, doc: SourceDoc, problems: Problems
) -> None:
    """Both `end` and `working_days` given: they must name the same last day."""
    pub = campaign.publicity
    assert pub is not None and pub.end is not None and pub.working_days is not None
    if end != pub.end:
        start = campaign.publicity_start
        problems.error(
            *doc.at(("publicity", "end")),
            f"publicity（社会公示）的 end（公示结束）{pub.end} 与 working_days（公示工作日数）"
            f"{pub.working_days} 个工作日不一致：从 {start} 起算 {pub.working_days} 个工作日，"
            f"公示最后一天是 {end}；请改正其中一个，或只写一个",
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
                *(doc.at(("forms",), key=True) if campaign.forms else (doc.path, 1, 1)),
                f"文件 {display_path(path)} 没有列在 forms（表格下载）中，"
                "不会出现在网站上",
            )
