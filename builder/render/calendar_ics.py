"""/deadlines.ics: every deadline and publicity end as an iCalendar (RFC 5545) file.

Written by hand because the format is small and fixed: deadlines with a time are Asia/Shanghai
date-times (with the VTIMEZONE they refer to), the others are all-day events. UIDs are derived
from the round id, the kind and the position of the deadline in the YAML file, so a calendar
that imported the file once updates the same events on the next import instead of duplicating.
A UID has no `@`: `stem@host` reads as an e-mail address to the personal-data guard (and to
people) once the host is a real domain.

Every event lasts (a timed deadline: half an hour from it; a date: the whole day) and carries a
reminder (VALARM) the day before, as /about/ promises (截止前收到提醒).
"""

from __future__ import annotations

import datetime as dt

from builder.model import timeline
from builder.model.portal import Portal
from builder.model.urls import campaign_url

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
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1: each
    continuation line starts with a space, which counts)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # inside a character: it starts the next line
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return "\r\n ".join(part.decode("utf-8") for part in parts)


SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TIMED_LENGTH = dt.timedelta(minutes=30)
"""A timed deadline starts at its time; calendars need a length to draw it."""


def dtstamp(today: dt.date) -> str:
    """The start of the build day in Beijing, in UTC: never later than the build itself."""
    start = dt.datetime.combine(today, dt.time(0, 0), tzinfo=SHANGHAI)
    return start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _alarm(trigger: str, what: str) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER;RELATED=START:{trigger}",
        f"DESCRIPTION:{escape_text(what)}",
        "END:VALARM",
    ]


def build_ics(
    portal: Portal, *, site_url: str, host: str, today: dt.date, site_name: str = "公示门户"
) -> str:
    stamp = dtstamp(today)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gongshi//公示门户//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(site_name)} 截止日期",
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
        lines += ["BEGIN:VEVENT", f"UID:{e.uid_stem}.{host}", f"DTSTAMP:{stamp}"]
        if e.time:
            start = dt.datetime.combine(e.date, dt.time.fromisoformat(e.time))
            end = start + TIMED_LENGTH
            lines += [
                f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID={TZID}:{end:%Y%m%dT%H%M%S}",
            ]
            # The day before, at the time of day of the deadline.
            alarm = _alarm("-P1D",
                           f"明天{e.time}：{e.title}")
        else:
            lines += [
                f"DTSTART;VALUE=DATE:{e.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{e.date + dt.timedelta(days=1):%Y%m%d}",
            ]
            # 9:00 the day before (15 hours before the day starts).
            alarm = _alarm("-PT15H", f"明天：{e.title}")
        lines += [f"SUMMARY:{escape_text(summary)}", f"DESCRIPTION:{escape_text(description)}"]
        if url:
            lines.append(f"URL:{url}")
        lines += ["TRANSP:TRANSPARENT", *alarm, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
