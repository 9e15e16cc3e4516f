"""Chinese working days: the `chinesecalendar` package, overridden by data/calendar/<year>.yml.

A working day is a weekday that is not a statutory holiday, or a weekend day that the State
Council declared a make-up working day (调休上班).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import chinese_calendar

from builder.model.contract import CalendarYear


class UnknownYear(Exception):
    """Neither a calendar file nor the package knows this year."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(year)

    def message(self, calendar_dir: str = "data/calendar") -> str:
        first, last = package_years()
        return (
            f"无法计算工作日：不知道{self.year}年的法定节假日和调休安排（日历程序包只收录"
            f"{first}–{last}年）。请按国务院办公厅当年的放假通知添加 {calendar_dir}/{self.year}.yml"
        )


def package_years() -> tuple[int, int]:
    """First and last year the calendar package knows."""
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


def package_last_year() -> int:
    return package_years()[1]


@cache
def _statutory_workday(day: dt.date) -> bool:
    """chinese_calendar.is_workday, once per date: it validates its argument on every call, and
    a build asks about the same few hundred dates hundreds of thousands of times (every round's
    publicity period on its pages; ≈ 0.7 s of a correction's build step at 50,000 candidates).
    Its table is package data: the answer for a date never changes."""
    return bool(chinese_calendar.is_workday(day))


@dataclass(frozen=True)
class WorkCalendar:
    """Working-day arithmetic; `overrides` are the years HR staff supplied."""

    overrides: Mapping[int, CalendarYear]
    calendar_dir: str = "data/calendar"
    """Where override files live, as shown in messages."""

    def is_workday(self, day: dt.date) -> bool:
        override = self.overrides.get(day.year)
        if override is not None:
            if day in override.workdays:
                return True
            if day in override.holidays:
                return False
            return day.weekday() < 5
        try:
            return _statutory_workday(day)
        except NotImplementedError as exc:
            raise UnknownYear(day.year) from exc

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The last day of `count` working days counted from `start` (inclusive)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start
        seen = 0
        while True:
            if self.is_workday(day):
                seen += 1
                if seen == count:
                    return day
            day += dt.timedelta(days=1)

    def workdays_between(self, first: dt.date, last: dt.date) -> int:
        """Working days in [first, last]; 0 when last < first."""
        total = 0
        day = first
        while day <= last:
            total += self.is_workday(day)
            day += dt.timedelta(days=1)
        return total
