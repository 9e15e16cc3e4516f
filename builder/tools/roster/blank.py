"""The blank roster (花名册 template) that the published site offers among a round's forms.

Its bytes are the workbook's (builder.tools.roster.workbook), which depend only on the
campaign's data, so they are remembered by that data: in memory (`mkdocs serve` reloads every
round on each edit of one file) and, on a publishing server, in the disk store
(builder.files.diskcache, "blank-roster"). There a build whose campaigns did not change neither
builds a workbook nor imports openpyxl (with the workbooks, ≈ 0.4 s of a one-line correction at
200,000 candidates).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

from builder.files import diskcache
from builder.files.cache import register
from builder.model.contract import Campaign
from builder.model.portal import FormFile, Portal, Round, describe_format

TEMPLATE_FILE = "推荐人员花名册（空白模板）.xlsx"
TEMPLATE_TITLE = "推荐人员花名册（空白模板）"
TEMPLATE_NOTE = "由本站根据名额表生成；性别、推荐单位、类别可在表中下拉选择"

_STORED = diskcache.Codec()
"""A blank roster in the store: its bytes (tagged, base64), nothing else."""


@lru_cache(maxsize=4096)
def _blank_template(campaign_json: str) -> bytes:
    """The blank roster of a campaign, remembered by its data: building a workbook takes tens of
    milliseconds."""
    key = hashlib.blake2b(campaign_json.encode("utf-8"), digest_size=16).digest()
    return diskcache.remembered("blank-roster", key, _STORED, bytes, lambda: _workbook(campaign_json))


def _workbook(campaign_json: str) -> bytes:
    # Imported here: openpyxl (with numpy, which it loads when installed) is ≈ 0.25 s to import,
    # and a build whose campaigns are in the store needs neither.
    from builder.tools.roster.workbook import roster_workbook

    return roster_workbook(Campaign.model_validate_json(campaign_json), None)


register(_blank_template.cache_clear)


def with_blank_rosters(portal: Portal, today: dt.date | None = None) -> Portal:
    """`portal` with the generated blank roster among the forms of every round with quotas.

    With `today` (the published site), only rounds still open for nominations get it: a blank
    roster on an archived or closed round invites a submission nobody will accept, and would
    be counted among its forms.

    Called on the publishing side (the adapter), never by the loader: loading data reads it and
    builds no workbook. A file of the same name that HR staff list themselves wins over the
    generated one. The template changes when the campaign file does, so it carries that file's
    date (`Round.modified`).
    """
    return dataclasses.replace(portal, rounds=tuple(
        _with_blank_roster(r) if today is None or _open(r, today) else r for r in portal.rounds
    ))


def _open(r: Round, today: dt.date) -> bool:
    """Nominations are still taken: a deadline lies ahead (or is today)."""
    return any(d.date >= today for d in r.campaign.deadlines)


def _with_blank_roster(r: Round) -> Round:
    campaign = r.campaign
    if campaign.quotas is None or any(f.file == TEMPLATE_FILE for f in r.forms):
        return r
    content = _blank_template(campaign.model_dump_json())
    generated = FormFile(
        title=TEMPLATE_TITLE,
        file=TEMPLATE_FILE,
        note=TEMPLATE_NOTE,
        path=Path(r.source).parent / campaign.id / TEMPLATE_FILE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        format=describe_format(Path(TEMPLATE_FILE)),
        modified=r.modified,
        content=content,
    )
    return dataclasses.replace(r, forms=(*r.forms, generated))
