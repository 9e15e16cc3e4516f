"""The validated, immutable model of a whole portal: every round with what is derived from it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from builder.model.contract import DEFAULT_SUBJECT, Campaign, Candidate, CandidateList, SiteIdentity
from builder.model.workdays import WorkCalendar

SITE_ASSET_DIR = "assets/site"
"""Where the emblem and the mark are published in the built site."""


@dataclass(frozen=True)
class SiteInfo:
    """data/site.yml as loaded and checked (builder.load.identity.load_site)."""

    identity: SiteIdentity
    source: str
    """The file as messages name it."""
    images: dict[str, Path]
    """Field name (`emblem`, `mark`) → the checked image file under data/."""

    def asset_url(self, field: str) -> str | None:
        """Site-relative URL of a published image, or None."""
        path = self.images.get(field)
        return f"{SITE_ASSET_DIR}/{field}{path.suffix.lower()}" if path is not None else None


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
    """What the page says a file is, from its extension (Word 文档（DOCX）…)."""
    suffix = path.suffix.lower()
    return FORMAT_NAMES.get(suffix, f"{suffix.lstrip('.').upper() or '无扩展名'} 文件")


@dataclass(frozen=True)
class FormFile:
    """A downloadable file of a round, with what the page shows beside its link."""

    title: str
    file: str
    note: str | None
    path: Path
    size: int
    sha256: str
    format: str
    modified: dt.date
    content: bytes | None = None
    """Bytes of a form the builder generates (e.g. the blank roster); `path` is then unused."""


@dataclass(frozen=True)
class Round:
    """A campaign with its candidate list, form files and computed publicity end."""

    campaign: Campaign
    candidates: CandidateList | None
    forms: tuple[FormFile, ...]
    publicity_end: dt.date | None
    source: str
    candidates_source: str | None
    modified: dt.date
    """When the campaign file last changed (its last commit, see builder.files.filedates): the date of
    what is generated from it, such as the blank roster."""
    withheld: int = 0
    """未入选 entries left out of the published list (see `CandidateList.show_not_selected`)."""
    candidates_changed: dt.date | None = None
    """When the candidate file last changed (git date, else mtime): the date of a 撤销 in the feed."""
    notice_index: str | None = None
    """The notice's 政府信息公开 索引号 (builder.model.govinfo), None without an issuer's code."""
    list_index: str | None = None
    """The 公示's (list page's) 索引号."""
    subject: str = DEFAULT_SUBJECT
    """The 主题分类 of its notice and 公示: the round's own, else data/site.yml's."""
    retired: bool = False
    """Its list shows only what stays public once its 公示 is over (builder.publish: the names,
    gender, unit and result)."""
    retired_since: dt.date | None = None
    """The first day it did (None for a list with no date)."""
    nominated: tuple[tuple[str, int, int], ...] | None = None
    """`seats_taken`, kept when the list's details are retired (the notice's quota table still
    counts them); None: count the people."""

    @property
    def id(self) -> str:
        return self.campaign.id

    @property
    def publicity_start(self) -> dt.date | None:
        return self.campaign.publicity_start

    @property
    def people(self) -> tuple[Candidate, ...]:
        return self.candidates.candidates if self.candidates else ()

    @property
    def seats_taken(self) -> tuple[tuple[str, int, int], ...]:
        """(recommending unit, entries on its quota, quota-exempt entries) of each unit whose
        entries take a seat (撤销 do not), by unit: counts, not a pair per person, since the
        round's key (builder.render.pages) holds it (≈ 0.3 s for 200,000 pairs)."""
        if self.nominated is not None:
            return self.nominated
        used: Counter[str] = Counter()
        exempt: Counter[str] = Counter()
        for p in self.people:
            if p.recommended_by is not None and p.status != "撤销":
                (exempt if p.quota_exempt is not None else used)[p.recommended_by] += 1
        return tuple(sorted((unit, used[unit], exempt[unit]) for unit in used.keys() | exempt.keys()))

    @property
    def list_day(self) -> dt.date | None:
        """The day its list goes public: the first day of its publicity, else (a list with no
        公示: a result) the decision's date, else the notice's."""
        c = self.campaign
        return self.publicity_start or (c.award.date if c.award else None) or c.published

    @property
    def sort_date(self) -> dt.date:
        """`published`, else the earliest deadline, else 1 January of `year` (data-format.md)."""
        c = self.campaign
        if c.published:
            return c.published
        if c.deadlines:
            return min(d.date for d in c.deadlines)
        return dt.date(c.year, 1, 1)

    @property
    def sort_key(self) -> tuple[int, dt.date]:
        """Chronological order of rounds: `year` first, then `sort_date`.

        data-format.md sorts rounds without `published` by `year` and their earliest deadline;
        putting `year` first for every round keeps one consistent order when a notice is
        published late in the year before the round it belongs to.
        """
        return (self.campaign.year, self.sort_date)


@dataclass(frozen=True)
class Portal:
    rounds: tuple[Round, ...]
    calendar: WorkCalendar
    data_dir: Path
    site: SiteInfo | None = None
    """data/site.yml, when there is one (builder.load.identity)."""

    def round(self, round_id: str) -> Round:
        for r in self.rounds:
            if r.id == round_id:
                return r
        raise KeyError(round_id)

    @property
    def has_sample(self) -> bool:
        return any(r.campaign.sample for r in self.rounds)
