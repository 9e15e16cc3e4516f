"""Read data/ into a Portal, collecting every problem of every file in one pass."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from builder import rules
from builder.models import CalendarYear, Campaign, CandidateList
from builder.portal import FormFile, Portal, Round
from builder.problems import Problems
from builder.validation import validate_doc
from builder.workdays import UnknownYear, WorkCalendar
from builder.yamlsrc import PathKey, SourceDoc, read_yaml


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


@dataclass
class Loaded:
    portal: Portal | None
    problems: Problems


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yml", ".yaml"))
    return found


def candidate_describer(doc: SourceDoc):
    """Prefix naming the candidate a path points into: 第3位候选人「张三」的 ."""

    def describe(path: PathKey) -> str:
        if len(path) >= 2 and path[0] == "candidates" and isinstance(path[1], int):
            index = path[1]
            people = doc.data.get("candidates") if isinstance(doc.data, dict) else None
            name = None
            if isinstance(people, list) and index < len(people) and isinstance(people[index], dict):
                raw = people[index].get("name")
                name = raw if isinstance(raw, str) and raw.strip() else None
            return f"第{index + 1}位候选人" + (f"「{name.strip()}」" if name else "")
        return ""

    return describe


FORMAT_NAMES = {
    ".docx": "Word 文档（DOCX）",
    ".doc": "Word 文档（DOC）",
    ".xlsx": "Excel 表格（XLSX）",
    ".xls": "Excel 表格（XLS）",
    ".pdf": "PDF 文档",
    ".wps": "WPS 文档",
    ".et": "WPS 表格",
    ".zip": "ZIP 压缩包",
    ".rar": "RAR 压缩包",
    ".odt": "ODF 文档（ODT）",
    ".ods": "ODF 表格（ODS）",
    ".txt": "纯文本（TXT）",
    ".jpg": "图片（JPG）",
    ".png": "图片（PNG）",
}


def describe_format(path: Path) -> str:
    suffix = path.suffix.lower()
    return FORMAT_NAMES.get(suffix, f"{suffix.lstrip('.').upper() or '无扩展名'} 文件")


def form_file(title: str, file: str, note: str | None, path: Path) -> FormFile:
    data = path.read_bytes()
    return FormFile(
        title=title,
        file=file,
        note=note,
        path=path,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        format=describe_format(path),
        modified=dt.datetime.fromtimestamp(path.stat().st_mtime).date(),
    )


def load(data_dir: Path) -> Loaded:
    """Load and validate everything under `data_dir`; the portal is None when any error exists."""
    problems = Problems()
    data_dir = Path(data_dir)

    calendars: dict[int, CalendarYear] = {}
    for path in _yaml_files(data_dir / "calendar"):
        doc = read_yaml(path, display_path(path), problems)
        cal = validate_doc(doc, CalendarYear, problems)
        if cal is not None:
            rules.check_calendar(cal, path.stem, doc, problems)
            calendars[cal.year] = cal
    calendar = WorkCalendar(calendars)

    campaigns: dict[str, tuple[Campaign, SourceDoc, Path]] = {}
    for path in _yaml_files(data_dir / "campaigns"):
        doc = read_yaml(path, display_path(path), problems)
        campaign = validate_doc(doc, Campaign, problems)
        if campaign is None:
            campaigns.setdefault(path.stem, (None, doc, path))  # type: ignore[arg-type]
            continue
        rules.check_campaign(campaign, path.stem, doc, problems)
        campaigns[path.stem] = (campaign, doc, path)

    lists: dict[str, tuple[CandidateList, SourceDoc]] = {}
    for path in _yaml_files(data_dir / "candidates"):
        doc = read_yaml(path, display_path(path), problems)
        describe = candidate_describer(doc)
        rules.check_candidate_doc_privacy(doc, problems)
        people = validate_doc(doc, CandidateList, problems, describe)
        if people is None:
            continue
        owner = campaigns.get(people.campaign)
        rules.check_candidates(
            people, path.stem, doc, owner[0] if owner else None, set(campaigns), problems, describe
        )
        lists[path.stem] = (people, doc)

    rounds: list[Round] = []
    for stem, (campaign, doc, _path) in sorted(campaigns.items()):
        if campaign is None:
            continue
        forms = _forms(campaign, doc, data_dir, problems)
        end = _publicity_end(campaign, doc, calendar, problems)
        listed = lists.get(stem)
        if listed is not None:
            rules.check_round_warnings(campaign, listed[0], listed[1], problems)
        rules.check_unlisted_files(campaign, data_dir, doc, problems)
        rounds.append(
            Round(
                campaign=campaign,
                candidates=listed[0] if listed else None,
                forms=forms,
                publicity_end=end,
                source=doc.path,
                candidates_source=listed[1].path if listed else None,
            )
        )

    if problems.errors:
        return Loaded(None, problems)
    rounds.sort(key=lambda r: (r.sort_date, r.id), reverse=True)
    return Loaded(Portal(tuple(rounds), calendar, data_dir), problems)


def _forms(
    campaign: Campaign, doc: SourceDoc, data_dir: Path, problems: Problems
) -> tuple[FormFile, ...]:
    folder = (data_dir / "campaigns" / campaign.id).resolve()
    out: list[FormFile] = []
    for i, form in enumerate(campaign.forms):
        where = doc.loc(("forms", i, "file"))
        target = (folder / form.file).resolve()
        if folder not in target.parents:
            problems.error(
                doc.path, where.line, where.column,
                f"forms 第{i + 1}项的 file（文件）「{form.file}」必须位于 "
                f"data/campaigns/{campaign.id}/ 文件夹内",
            )
            continue
        if not target.is_file():
            problems.error(
                doc.path, where.line, where.column,
                f"forms 第{i + 1}项「{form.title}」的文件不存在：请把「{form.file}」放到 "
                f"data/campaigns/{campaign.id}/ 文件夹中，或改正文件名",
            )
            continue
        out.append(form_file(form.title, form.file, form.note, target))
    return tuple(out)


def _publicity_end(
    campaign: Campaign, doc: SourceDoc, calendar: WorkCalendar, problems: Problems
) -> dt.date | None:
    pub = campaign.publicity
    if pub is None:
        return None
    if pub.end is not None:
        return pub.end
    if pub.working_days is None:
        return None
    try:
        return calendar.add_workdays(pub.start, pub.working_days)
    except UnknownYear as exc:
        where = doc.loc(("publicity", "working_days"))
        problems.error(doc.path, where.line, where.column, exc.message())
        return None
