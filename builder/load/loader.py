"""Read data/ into a Portal, collecting every problem of every file in one pass."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.files import hostfiles
from builder.files.filedates import FileDates
from builder.load import listrules, parsecache
from builder.load.identity import load_site
from builder.load.parsecache import M, ParsedFile
from builder.load.rules import columns as column_rules
from builder.load.rules.calendar import check_calendar
from builder.load.rules.campaign import check_campaign, check_publicity_days, check_unlisted_files
from builder.load.rules.candidates import CandidateFile, check_candidates
from builder.load.rules.privacy import (
    check_calendar_doc_privacy,
    check_campaign_doc_privacy,
    check_candidate_doc_privacy,
)
from builder.load.validation import salvage, salvage_items, salvage_partial_items
from builder.model import govinfo
from builder.model.contacts import campaign_contacts
from builder.model.contract import DEFAULT_SUBJECT, CalendarYear, Campaign, Candidate, CandidateList
from builder.model.portal import FormFile, Portal, Round, describe_format
from builder.model.workdays import UnknownYear, WorkCalendar
from builder.text import formscan
from builder.text.labels import context_at
from builder.text.privacy import NEVER_ALLOWED, find_personal_data
from builder.text.problems import Problems, display_path
from builder.text.yamlsrc import Describe, PathKey, SourceDoc

__all__ = ["Loaded", "load"]


@dataclass
class Loaded:
    portal: Portal | None
    problems: Problems


_YAML_SUFFIXES = (".yml", ".yaml")


def _yaml_files(folder: Path, problems: Problems) -> list[Path]:
    """The data files of `folder`; anything else there is reported, since it would be ignored."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    stems: dict[str, Path] = {}
    # `.yml` (the documented suffix) first, so a stray `.yaml` twin is the one reported.
    for path in sorted(folder.iterdir(), key=lambda p: (p.stem, p.suffix != ".yml", p.name)):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix in _YAML_SUFFIXES:
            if path.stem in stems:
                problems.error(
                    display_path(path), 1, 1,
                    f"与 {display_path(stems[path.stem])} 重名：同一编号只能有一个文件，请删除其中一个",
                )
                continue
            stems[path.stem] = path
            found.append(path)
        elif path.is_file():
            problems.warning(
                display_path(path), 1, 1,
                "这不是 .yml 数据文件，已忽略；如果它是数据文件，请把扩展名改为 .yml",
            )
    return found


def candidate_describer(doc: SourceDoc) -> Describe:
    """Prefix naming the candidate a path points into: 第3位候选人「张三」."""

    def describe(path: PathKey) -> str:
        if len(path) >= 2 and path[0] == "candidates" and isinstance(path[1], int):
            index = path[1]
            people = doc.data.get("candidates") if isinstance(doc.data, dict) else None
            name = None
            if isinstance(people, list) and index < len(people) and isinstance(people[index], dict):
                raw = people[index].get("name")
                name = raw if isinstance(raw, str) and raw.strip() else None
            return f"第{index + 1}位候选人" + (f"「{name.strip()}」" if name else "")
        return context_at(CandidateList, path)

    return describe


@dataclass
class _CampaignFile:
    campaign: Campaign | None
    """The validated campaign, or None when its file has errors."""
    usable: Campaign | None
    """`campaign`, or a stand-in of its valid parts for cross-file rules (never rendered)."""
    broken: frozenset[str]
    doc: SourceDoc


# Stand-ins for required campaign fields that are broken; only cross-field rules read a
# salvaged campaign, and none of them reads these.
_CAMPAIGN_STAND_INS = {"title": "", "year": 0, "issuer": (), "doc_number": "", "notice": ""}


def form_file(title: str, file: str, note: str | None, path: Path, modified: dt.date) -> FormFile:
    data = path.read_bytes()
    return FormFile(
        title=title,
        file=file,
        note=note,
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format=describe_format(path),
        modified=modified,
    )


def load(data_dir: Path) -> Loaded:
    """Load and validate everything under `data_dir`; the portal is None when any error exists."""
    problems = Problems()
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        problems.error(display_path(data_dir), 1, 1, "找不到数据目录")
        return Loaded(None, problems)
    parsecache.begin()
    try:
        return _load(data_dir, problems)
    finally:
        parsecache.end()


def _parsed(path: Path, model: type[M], problems: Problems, **kwargs: Any) -> ParsedFile[M]:
    found = parsecache.parse_file(path, display_path(path), model, **kwargs)
    problems.extend(found.problems)
    return found


def _load(data_dir: Path, problems: Problems) -> Loaded:
    for link in hostfiles.symlinks(data_dir):
        problems.error(display_path(link), 1, 1, hostfiles.LINK_MESSAGE)
    site = load_site(data_dir, problems)
    calendar_dir = display_path(data_dir / "calendar")
    campaigns_dir = display_path(data_dir / "campaigns")

    calendars: dict[int, CalendarYear] = {}
    for path in _yaml_files(data_dir / "calendar", problems):
        parsed_cal = _parsed(path, CalendarYear, problems, doc_checks=check_calendar_doc_privacy)
        doc, cal = parsed_cal.doc, parsed_cal.model
        if cal is not None:
            check_calendar(cal, path.stem, doc, problems)
            calendars[cal.year] = cal
    calendar = WorkCalendar(calendars, calendar_dir)

    campaigns: dict[str, _CampaignFile] = {}
    for path in _yaml_files(data_dir / "campaigns", problems):
        parsed_campaign = _parsed(path, Campaign, problems, doc_checks=check_campaign_doc_privacy)
        doc, campaign = parsed_campaign.doc, parsed_campaign.model
        usable: Campaign | None = campaign
        broken: frozenset[str] = frozenset()
        if campaign is None:
            found = salvage(doc, Campaign, id=path.stem, **_CAMPAIGN_STAND_INS)
            if found is not None:
                usable, broken = found[0], frozenset(found[1])
        if usable is not None:
            check_campaign(usable, path.stem, doc, problems, broken)
        campaigns[path.stem] = _CampaignFile(campaign, usable, broken, doc)

    lists: dict[str, tuple[CandidateList, SourceDoc]] = {}
    # Once, not once a list: at 200,000 candidates, 3,000 sets of 3,000 ids were 0.6 s.
    campaign_ids = frozenset(campaigns)
    candidate_files = _yaml_files(data_dir / "candidates", problems)
    parsecache.prefetch([(p, display_path(p)) for p in candidate_files], CandidateList,
                        describer=candidate_describer, doc_checks=check_candidate_doc_privacy)
    for path in candidate_files:
        parsed_list = _parsed(
            path, CandidateList, problems,
            describer=candidate_describer, doc_checks=check_candidate_doc_privacy,
        )
        doc, people = parsed_list.doc, parsed_list.model
        describe = candidate_describer(doc)
        ref: str | None
        entries: list[tuple[int, Candidate]]
        broken_items: dict[int, frozenset[str]] = {}
        listing: CandidateList | None = people
        list_broken: frozenset[str] = frozenset()
        if people is not None:
            ref, entries = people.campaign, list(enumerate(people.candidates))
            lists[path.stem] = (people, doc)
        else:
            found_list = salvage(doc, CandidateList)
            if found_list is None:
                continue
            ref = None if "campaign" in found_list[1] else found_list[0].campaign
            listing, list_broken = found_list[0], frozenset(found_list[1])
            entries = salvage_items(doc, "candidates", Candidate)
            # Candidates with a field error still count against their unit's quota.
            for i, stand_in, lost in salvage_partial_items(doc, "candidates", Candidate):
                entries.append((i, stand_in))
                broken_items[i] = lost
            entries.sort(key=lambda e: e[0])
        owner = campaigns.get(ref) if ref is not None else None
        owner_campaign = owner.usable if owner and "quotas" not in owner.broken else None
        file = CandidateFile(
            doc=doc, stem=path.stem, campaign_ref=ref, entries=entries, describe=describe,
            owner=owner_campaign, campaign_ids=campaign_ids, campaigns_dir=campaigns_dir,
            broken=broken_items, listing=listing, list_broken=list_broken,
        )
        if people is not None and (owner is None or owner.usable is owner.campaign):
            problems.extend(listrules.checked(
                parsed_list, people, file, owner.campaign if owner is not None else None))
        else:
            check_candidates(file, problems)
            if people is not None:  # a list whose campaign has errors: no round warnings
                column_rules.warnings(people, entries, doc, problems)

    for stem in sorted(set(_folders(data_dir / "campaigns")) - set(campaigns)):
        problems.warning(
            display_path(data_dir / "campaigns" / stem), 1, 1,
            f"文件夹没有对应的评选文件 {campaigns_dir}/{stem}.yml，其中的文件不会出现在网站上",
        )

    rounds: list[Round] = []
    dates = FileDates.scan(data_dir / "campaigns")
    list_dates = FileDates.scan(data_dir / "candidates")
    for stem, entry in sorted(campaigns.items()):
        if entry.usable is None:
            continue
        folder = data_dir / "campaigns" / stem
        forms = _forms(entry.usable, folder, entry.doc, problems, dates)
        end = _publicity_end(entry.usable, entry.doc, calendar, problems)
        check_unlisted_files(entry.usable, folder, entry.doc, problems)
        if entry.campaign is None:
            continue
        listed = lists.get(stem)
        rounds.append(
            Round(
                campaign=entry.campaign,
                candidates=listed[0] if listed else None,
                forms=forms,
                publicity_end=end,
                source=entry.doc.path,
                candidates_source=listed[1].path if listed else None,
                modified=dates.date_of(data_dir / "campaigns" / f"{stem}.yml"),
                candidates_changed=(
                    list_dates.date_of(Path(listed[1].path)) if listed else None
                ),
            )
        )

    identity = site.identity if site is not None else None
    numbered = govinfo.assign(
        tuple(rounds), identity.org_code if identity else None,
        identity.subject if identity else DEFAULT_SUBJECT,
    )
    for r, kind, number in govinfo.duplicates(numbered):
        doc = campaigns[r.id].doc
        key: tuple[str, ...] = (
            ("index_number",) if kind == govinfo.NOTICE else ("publicity", "index_number")
        )
        where = doc.loc(key)
        problems.error(
            doc.path, where.line, where.column,
            ("index_number（索引号）" if kind == govinfo.NOTICE
             else "publicity（社会公示）的 index_number（公示索引号）")
            + f"「{number}」与本站另一份通知或公示的索引号相同：每份文件的索引号必须不同，请核对",
        )
    if problems.errors:
        return Loaded(None, problems)
    rounds = sorted(numbered, key=lambda r: (r.sort_key, r.id), reverse=True)
    return Loaded(Portal(tuple(rounds), calendar, data_dir, site), problems)


def _folders(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return [p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]


def _forms(
    campaign: Campaign, folder: Path, doc: SourceDoc, problems: Problems, dates: FileDates
) -> tuple[FormFile, ...]:
    """The campaign's form files, each checked to exist inside its folder (same stem)."""
    shown = display_path(folder)
    allowed = campaign_contacts(campaign)
    out: list[FormFile] = []
    for i, form in enumerate(campaign.forms):
        # Located only for a problem: an unchanged file's positions come from the disk store
        # when asked for (builder.load.parsecache).
        at = ("forms", i, "file")
        target = folder / form.file
        unsafe = hostfiles.unsafe_component(folder, form.file)
        if unsafe == "outside":
            problems.error(
                *doc.at(at),
                f"forms（表格下载）第{i + 1}项的 file（文件）「{form.file}」必须位于 "
                f"{shown}/ 文件夹内",
            )
            continue
        if unsafe == "link":
            problems.error(
                *doc.at(at),
                f"forms（表格下载）第{i + 1}项的文件「{form.file}」经过符号链接（快捷方式）：" + hostfiles.LINK_MESSAGE,
            )
            continue
        if unsafe == "missing":
            problems.error(
                *doc.at(at),
                f"forms（表格下载）第{i + 1}项「{form.title}」的文件不存在：请把「{form.file}」放到 "
                f"{shown}/ 文件夹中，或改正文件名",
            )
            continue
        why = formscan.refusal(target.suffix)
        if why is not None:
            problems.error(
                *doc.at(at),
                f"forms（表格下载）第{i + 1}项的文件「{form.file}」不能发布：{why}",
            )
            continue
        if not _form_is_clean(target, form.file, i, doc, problems, allowed):
            continue
        out.append(form_file(form.title, form.file, form.note, target, dates.date_of(target)))
    return tuple(out)


def _form_is_clean(
    target: Path, name: str, index: int, doc: SourceDoc, problems: Problems, allowed: frozenset[str]
) -> bool:
    """Scan a form's text (builder.text.formscan) with the personal-data guard; report and return
    False when it holds personal data or cannot be read."""
    at = ("forms", index, "file")  # located only for a problem (see _forms)
    lead = f"forms（表格下载）第{index + 1}项的文件「{name}」"
    try:
        found = 0
        for piece in formscan.pieces(target.suffix, target.read_bytes()):
            for finding in find_personal_data(piece.text):
                if finding.kind not in NEVER_ALLOWED and finding.key in allowed:
                    continue
                found += 1
                problems.error(
                    *doc.at(at),
                    f"{lead}的{piece.where}含有{finding.describe()}：网站不能公开"
                    f"{finding.label}，请从文件中删除后再放入",
                    keep=allowed,
                )
                if found >= 20:
                    problems.error(*doc.at(at), f"{lead}中还有更多个人信息，以上只列出前 20 处")
                    return False
        return found == 0
    except formscan.Unscannable as exc:
        problems.error(*doc.at(at), f"{lead}无法检查：{exc.reason}")
        return False
    except OSError as exc:
        problems.error(*doc.at(at), f"{lead}无法读取：{exc.strerror}")
        return False


def _publicity_end(
    campaign: Campaign, doc: SourceDoc, calendar: WorkCalendar, problems: Problems
) -> dt.date | None:
    pub = campaign.publicity
    start = campaign.publicity_start
    if pub is None or start is None:
        return None
    if pub.working_days is None:
        return pub.end
    try:
        end = calendar.add_workdays(start, pub.working_days)
    except UnknownYear as exc:
        where = doc.loc(("publicity", "working_days"))
        problems.error(doc.path, where.line, where.column, exc.message(calendar.calendar_dir))
        return pub.end
    if pub.end is not None:
        check_publicity_days(campaign, end, doc, problems)
        return pub.end
    return end
