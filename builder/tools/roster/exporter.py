"""Exporting a round as it stands in the data directory: validated first, then the workbook."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from builder.text.problems import display_path
from builder.tools.roster.findings import RosterProblem, _sorted
from builder.tools.roster.scratch import _campaign_path, _missing_campaign, _scratch_copy
from builder.tools.roster.workbook import roster_workbook


@dataclass
class ExportResult:
    content: bytes | None
    findings: list[RosterProblem]
    count: int = 0


def export_roster(data_dir: Path, campaign_id: str) -> ExportResult:
    """The roster of a round as it stands in `data_dir`, or the problems that prevent it."""
    data_dir = Path(data_dir)
    if not _campaign_path(data_dir, campaign_id).is_file():
        return ExportResult(None, [_missing_campaign(display_path(data_dir), data_dir, campaign_id,
                                                      "评选编号")])
    from builder.load.loader import load

    source = data_dir / "candidates" / f"{campaign_id}.yml"
    text = source.read_text(encoding="utf-8-sig") if source.is_file() else None
    with tempfile.TemporaryDirectory(prefix="gongshi-roster-") as tmp:
        scratch = _scratch_copy(Path(tmp), data_dir, campaign_id, text)
        loaded = load(scratch.data_dir)
        findings = [
            RosterProblem(scratch.real_path(p.path), scratch.real_text(p.message), p.severity,
                    line=p.line, column=p.column)
            for p in loaded.problems.items
        ]
    if loaded.portal is None:
        return ExportResult(None, _sorted(findings))
    rnd = loaded.portal.round(campaign_id)
    return ExportResult(roster_workbook(rnd.campaign, rnd.candidates), _sorted(findings),
                        len(rnd.people))
