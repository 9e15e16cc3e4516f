"""The rules of a calendar file (data/calendar/<year>.yml)."""

from __future__ import annotations

import datetime as dt

from builder.model.contract import CalendarYear
from builder.text.problems import Problems
from builder.text.yamlsrc import SourceDoc


def check_calendar(cal: CalendarYear, stem: str, doc: SourceDoc, problems: Problems) -> None:
    if stem != str(cal.year):
        problems.error(
            *doc.at(("year",)),
            f"year（年份）为 {cal.year}，但文件名是 {stem}.yml；两者必须一致",
        )
    for key, word, days in (
        ("holidays", "放假日期", cal.holidays),
        ("workdays", "调休上班日期", cal.workdays),
    ):
        for i, day in enumerate(days):
            if day.year != cal.year:
                problems.error(
                    *doc.at((key, i)),
                    f"{key}（{word}）中的 {day} 不属于 {cal.year} 年",
                )
    for i, day in enumerate(cal.workdays):
        if day.year == cal.year and day.weekday() < 5:
            problems.warning(
                *doc.at(("workdays", i)),
                f"workdays（调休上班日期）中的 {day} 是星期{'一二三四五'[day.weekday()]}，"
                "本来就是工作日；这里只需列出调休上班的周六、周日",
            )
    _check_against_package(cal, doc, problems)
    both = set(cal.holidays) & set(cal.workdays)
    for day in sorted(both):
        problems.error(
            *doc.at(("workdays", cal.workdays.index(day))),
            f"{day} 同时列在 holidays（放假日期）和 workdays（调休上班日期）中",
        )


def _check_against_package(cal: CalendarYear, doc: SourceDoc, problems: Problems) -> None:
    """A calendar file overrides the package for its year; where both know the year and
    disagree, the file silently moves publicity ends, so the days that differ are named."""
    import chinese_calendar

    from builder.model.workdays import WorkCalendar, package_years

    first, last = package_years()
    if not first <= cal.year <= last:
        return
    ours = WorkCalendar({cal.year: cal})
    differ: list[str] = []
    day = dt.date(cal.year, 1, 1)
    while day.year == cal.year:
        try:
            theirs = bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return
        mine = ours.is_workday(day)
        if mine != theirs:
            differ.append(f"{day}（本文件：{'上班' if mine else '休息'}，日历程序包：{'上班' if theirs else '休息'}）")
        day += dt.timedelta(days=1)
    if differ:
        shown = "、".join(differ[:10]) + (f" 等 {len(differ)} 天" if len(differ) > 10 else "")
        problems.warning(
            *doc.at(("year",)),
            f"本文件与日历程序包对 {cal.year} 年的安排不一致：{shown}。计算公示期时以本文件为准，"
            "请对照国务院办公厅的放假通知核对；如果程序包是对的，删除本文件即可",
        )
