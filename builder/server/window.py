"""Which releases' pages may still be open in a visitor's tab: the retention window.

A release was live from the moment it was switched in (its `live` or `rollback` entry in
publish.log, else its build time) until the next switch. The window of the last N days
(`server init --retain-days`, default 7) holds every release live at some moment since then:
those switched in since, the one live at its start, and the live one. A new release carries the
search files and scripts these releases built (builder.files.retain), and pruning never deletes
one of them (builder.server.release.prune): what is kept follows what is referenced, never a
file's age.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from builder.model.clock import SHANGHAI


def switch_times(log: Iterable[Mapping[str, object]],
                 built: Mapping[str, str]) -> list[tuple[dt.datetime, str]]:
    """(time, release) of every switch: each release's build time (a release goes live right
    after it is built) and every `live` and `rollback` entry of the log, oldest first."""
    found: list[tuple[dt.datetime, str]] = []
    for name, when in built.items():
        at = _time(when)
        if at is not None:
            found.append((at, name))
    for entry in log:
        release = entry.get("release")
        at = _time(entry.get("time"))
        if entry.get("event") in ("live", "rollback") and isinstance(release, str) and at:
            found.append((at, release))
    return sorted(found)


def in_window(switches: Iterable[tuple[dt.datetime, str]], live: str | None,
              since: dt.datetime) -> set[str]:
    """The releases live at some moment from `since` on: switched in since then, the one live
    at that moment (the last switched in before it), and `live`."""
    found: set[str] = {live} if live else set()
    before: str | None = None
    for at, name in sorted(switches):
        if at < since:
            before = name
        else:
            found.add(name)
    if before is not None:
        found.add(before)
    return found


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return at if at.tzinfo is not None else at.replace(tzinfo=SHANGHAI)
