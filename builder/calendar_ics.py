"""/deadlines.ics: every deadline and publicity end as an iCalendar (RFC 5545) file.

Written by hand because the format is small and fixed: deadlines with a time are Asia/Shanghai
date-times (with the VTIMEZONE they refer to), the others are all-day events. UIDs are derived
from the round id, the kind and the position of the deadline in the YAML file, so a calendar
that imported the file once updates the same events on the next import instead of duplicating.
"""

from __future__ import annotations

import datetime as dt

from builder import timeline
from builder.pages.common import campaign_url
from builder.portal import Portal

TZID = "Asia/Shanghai"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def build_ics(portal: Portal, *, site_url: str, host: str, today: dt.date) -> str:
    stamp = dt.datetime.combine(today, dt.time(0, 0)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gongshi//公示门户//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:公示门户 截止日期",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for e in timeline.events(portal.rounds):
        c = e.round.campaign
        summary = f"{e.title}：{c.title}"
        if c.sample:
            summary = "【示例数据】" + summary
        url = site_url.rstrip("/") + "/" + campaign_url(e.round.id) if site_url else ""
        description = "；".join(x for x in (c.doc_number, e.note, url) if x)
        lines += ["BEGIN:VEVENT", f"UID:{e.uid_stem}@{host}", f"DTSTAMP:{stamp}"]
        if e.time:
            start = dt.datetime.combine(e.date, dt.time.fromisoformat(e.time))
            lines += [
                f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID={TZID}:{start:%Y%m%dT%H%M%S}",
            ]
        else:
            lines += [
                f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{e.date + dt.timedelta(days=1):%Y%m%d}",
            ]
        lines += [f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}"]
        if url:
            lines.append(f"URL:{url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
