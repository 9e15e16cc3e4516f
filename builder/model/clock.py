"""The one clock: what day and time it is for the portal, which is always Beijing's.

Every date the portal decides by (a notice's publication, a 公示's last day, a deadline) is a
date in China, whatever the server's own time zone. `build_day` is the date a build publishes
for: GONGSHI_TODAY (a preview of another day, a test) when given, else today in Beijing.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY_ENV = "GONGSHI_TODAY"


def now() -> dt.datetime:
    """The time in Beijing, to the second."""
    return dt.datetime.now(SHANGHAI).replace(microsecond=0)


def today() -> dt.date:
    """Today's date in Beijing."""
    return dt.datetime.now(SHANGHAI).date()


def build_day(value: str | None = None) -> dt.date:
    """The build's date: `value` (YYYY-MM-DD, from the config or the command line), else
    GONGSHI_TODAY, else today in China. ValueError, with the message for HR staff, when the
    date given is not such a date."""
    value = value or os.environ.get(TODAY_ENV)
    if not value:
        return today()
    try:
        # fromisoformat alone also takes 20261201 and 2026-W49-2.
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"GONGSHI_TODAY 应为 YYYY-MM-DD 格式的日期，而不是「{value}」") from None
