"""The rules of a candidate list against itself and its round."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence

from builder.load.rules import columns as column_rules
from builder.load.rules.quotas import check_quota_use, has_quota_table
from builder.model.contract import NAME_MAX, Campaign, Candidate, CandidateList
from builder.model.listcolumns import identity
from builder.text.problems import Problems
from builder.text.yamlsrc import Describe, PathKey, SourceDoc

_CN_QUOTES = {"“": "”", "‘": "’", "＂": "＂", "＇": "＇"}
"""Each opening mark and its closing one."""


def chinese_quotes(value: str) -> bool:
    """True when the whole value is wrapped in Chinese quotation marks: “陈静”."""
    v = value.strip()
    # One lookup by the first character: this runs on every text field of every candidate.
    close = _CN_QUOTES.get(v[:1])
    return close is not None and len(v) > 2 and v[-1] == close


@dataclasses.dataclass(frozen=True)
class CandidateFile:
    """A candidates file as its rules see it.

    `entries` are the valid candidates with their position in the file; `broken` maps the
    position of a candidate that has field errors (already reported) to those fields: such a
    candidate is in `entries` as a stand-in of its valid fields, so that the rules that need only
    those (the quota of its unit above all) still run on it.
    """

    doc: SourceDoc
    stem: str
    campaign_ref: str | None
    """The list's `campaign:` (None when that key itself is broken)."""
    entries: Sequence[tuple[int, Candidate]]
    describe: Describe
    owner: Campaign | None
    """The round's campaign when its file is usable (None silences quota rules, so a broken
    campaign causes no follow-up errors)."""
    campaign_ids: frozenset[str] | set[str]
    campaigns_dir: str = "data/campaigns"
    broken: Mapping[int, frozenset[str]] = dataclasses.field(default_factory=dict)
    listing: CandidateList | None = None
    """The list itself, or a stand-in of its valid parts when the file has errors."""
    list_broken: frozenset[str] = frozenset()
    """The list's own fields that are broken (reported already): their rules do not run."""


def check_candidates(file: CandidateFile, problems: Problems) -> None:
    """Rules of a candidate list against itself and its campaign."""
    doc, describe, campaign_ref, stem = file.doc, file.describe, file.campaign_ref, file.stem
    entries, broken, listing, campaign = file.entries, file.broken, file.listing, file.owner
    campaign_ids, campaigns_dir = file.campaign_ids, file.campaigns_dir
    if listing is not None:
        columns_ok = not {"columns", "group_by"} & file.list_broken
        if columns_ok:
            column_rules.check_columns(listing, doc, problems)
        column_rules.check_people(listing, entries, doc, problems, describe, broken, columns_ok=columns_ok)
    if campaign_ref is not None:
        if campaign_ref != stem:
            problems.error(
                *doc.at(("campaign",)),
                f"campaign（所属评选）为「{campaign_ref}」，但文件名是 {stem}.yml；两者必须一致",
            )
        if campaign_ref not in campaign_ids:
            problems.error(
                *doc.at(("campaign",)),
                f"campaign（所属评选）「{campaign_ref}」不存在：没有 "
                f"{campaigns_dir}/{campaign_ref}.yml 这个文件",
            )
    first: dict[tuple[str, str], int] = {}
    # None when the list's own sections are broken (reported already): no follow-up errors.
    sections = ({s.title for s in listing.sections}
                if listing is not None and "sections" not in file.list_broken else None)
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
                    *doc.at((*path, field)),
                    f"{describe(path)}的 {label}「{value.strip()}」带着中文引号：YAML 只认半角引号 \" 或 '，"
                    f"中文引号会原样成为{Candidate.model_fields[field].title}的一部分。请删去引号，写成 {field}: {bare}",
                )
        for label, value in person.extra.items() if "extra" not in lost else ():
            if chinese_quotes(value):
                problems.error(
                    *doc.at((*path, "extra", label)),
                    f"{describe(path)}的「{label}」「{value.strip()}」带着中文引号：YAML 只认半角引号 \" 或 '，"
                    f"中文引号会原样成为值的一部分。请改用半角引号，写成 {label}: \"{value.strip()[1:-1]}\"",
                )
        if "name" in lost or "unit" in lost:
            continue
        _check_entry_shape(person, path, doc, problems, describe)
        if sections and person.section is None:
            problems.error(
                *doc.at(path),
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
                *doc.at((*path, "section")),
                f"{describe(path)}的 section（分组）「{person.section}」不在名单的 sections（分组）中；{hint}",
            )
        key = (person.name, identity(person, listing))
        if key in first:
            same = "姓名和工作单位都相同" if person.unit else "姓名和名单列的值都相同"
            problems.error(
                *doc.at((*path, "name")),
                f"{describe(path)}与第{first[key] + 1}位候选人是同一人（{same}），"
                "同一名单中不能重复",
            )
        else:
            first[key] = i
        if person.status == "撤销" and not person.status_note and not lost & {"status", "status_note"}:
            problems.error(
                *doc.at((*path, "status")),
                f"{describe(path)}的 status（状态）为「撤销」，"
                "必须填写 status_note（状态说明）：撤销的原因和时间",
            )
    if campaign is not None and has_quota_table(campaign):
        check_quota_use(entries, doc, campaign, problems, describe, broken)


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
                    *doc.at((*path, key), key=True),
                    f"{describe(path)}是集体（kind: 集体），不填 {key}（{word}）；请删除这一行",
                )
        if person.members and person.members_count is not None and len(person.members) > person.members_count:
            problems.error(
                *doc.at((*path, "members_count")),
                f"{describe(path)}的 members（成员）列出 {len(person.members)} 人，"
                f"多于 members_count（成员人数）{person.members_count} 人",
            )
        return
    for key, word in _COLLECTIVE_ONLY:
        if getattr(person, key):
            problems.error(
                *doc.at((*path, key), key=True),
                f"{describe(path)}的 {key}（{word}）只用于集体；如果这是一个集体，请写 kind: 集体",
            )
    if len(person.name) > NAME_MAX and not _is_latin(person.name):
        problems.error(
            *doc.at((*path, "name")),
            f"{describe(path)}的 name（姓名）为「{person.name[:40]}」，姓名应为 2～20 个字"
            "（外文姓名和集体名称可以更长：集体请写 kind: 集体）",
        )


def _is_latin(name: str) -> bool:
    """A name written in Latin letters (John A. Smith, Jean-Luc Lefèvre): may be long."""
    return any("a" <= ch.lower() <= "z" or "À" <= ch <= "ž" for ch in name)


def check_round_warnings(
    campaign: Campaign,
    entries: Sequence[tuple[int, Candidate]],
    doc: SourceDoc,
    problems: Problems,
) -> None:
    decided = [p for _, p in entries if p.status in ("入选", "未入选")]
    if decided and campaign.award is None and not campaign.announced:
        problems.warning(
            *doc.at(("candidates",), key=True),
            f"名单中已有 {len(decided)} 人标为入选/未入选，但评选文件没有 award（表彰决定）："
            "入选、未入选自决定日期起才显示，在写上 award 之前网站上只列为公示人选。"
            "通知公布的名单就是最终结果（如命名）时，在评选文件中写 announced: true",
        )
    pending = [i for i, p in entries if p.status == "拟入选"]
    if campaign.award is not None and pending:
        problems.warning(
            *doc.at(("candidates", pending[0])),
            f"已有 award（表彰决定），但仍有 {len(pending)} 人的 status（状态）为「拟入选」，"
            "请改为入选或未入选",
        )
    if entries and campaign.publicity is None and campaign.award is None and not campaign.announced:
        problems.warning(
            *doc.at(("campaign",)),
            "已有候选人名单，但评选文件中没有 publicity（社会公示）：名单页不会显示公示期和异议渠道",
        )
