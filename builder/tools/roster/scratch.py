"""A private copy of one round, so import and export validate with the real loader.

Problems found in the copy are told with the paths of the real data directory.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from builder.text.problems import display_path
from builder.tools.roster.findings import RosterProblem


@dataclass
class _Scratch:
    """A private copy of one round's files, loaded with the real loader."""

    data_dir: Path
    real_dir: Path
    candidates_path: Path

    def real_path(self, shown: str) -> str:
        return shown.replace(display_path(self.data_dir), display_path(self.real_dir))

    def real_text(self, message: str) -> str:
        return self.real_path(message).replace(str(self.data_dir), display_path(self.real_dir))


def _scratch_copy(
    tmp: Path,
    data_dir: Path,
    campaign_id: str,
    candidates_text: str | None,
    campaign_text: str | None = None,
) -> _Scratch:
    scratch = tmp / "data"
    (scratch / "campaigns").mkdir(parents=True)
    (scratch / "candidates").mkdir()
    shutil.copy2(data_dir / "campaigns" / f"{campaign_id}.yml", scratch / "campaigns")
    if campaign_text is not None:
        (scratch / "campaigns" / f"{campaign_id}.yml").write_text(campaign_text, encoding="utf-8")
    folder = data_dir / "campaigns" / campaign_id
    if folder.is_dir():
        shutil.copytree(folder, scratch / "campaigns" / campaign_id)
    if (data_dir / "calendar").is_dir():
        shutil.copytree(data_dir / "calendar", scratch / "calendar")
    target = scratch / "candidates" / f"{campaign_id}.yml"
    if candidates_text is not None:
        target.write_text(candidates_text, encoding="utf-8")
    return _Scratch(scratch, data_dir, target)


def _campaign_path(data_dir: Path, campaign_id: str) -> Path:
    return data_dir / "campaigns" / f"{campaign_id}.yml"


def _missing_campaign(
    file: str, data_dir: Path, campaign_id: str, spelled: str = "--campaign 后的评选编号"
) -> RosterProblem:
    """`spelled` names where the id was typed: import takes `--campaign ID`, export a bare ID."""
    return RosterProblem(
        file,
        f"评选「{campaign_id}」不存在：没有 {display_path(_campaign_path(data_dir, campaign_id))}。"
        f"请先用 gongshi new-campaign {campaign_id} 创建评选文件，或检查{spelled}的拼写",
    )
