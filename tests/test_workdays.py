"""Chinese working days: the calendar package, overridden by data/calendar/<year>.yml."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder.load.loader import load
from builder.model.contract import CalendarYear
from builder.model.workdays import UnknownYear, WorkCalendar, package_years

D = dt.date
PACKAGE_ONLY = WorkCalendar({})


def test_national_day_2020_ends_on_a_make_up_saturday() -> None:
    # 9-28..9-30 are three working days, 10-1..10-8 the National Day holiday, 10-9 (Friday)
    # the fourth and 10-10, a Saturday declared a working day, the fifth.
    assert PACKAGE_ONLY.add_workdays(D(2020, 9, 28), 5) == D(2020, 10, 10)


def test_start_day_counts_when_it_is_a_working_day() -> None:
    assert PACKAGE_ONLY.add_workdays(D(2020, 9, 28), 1) == D(2020, 9, 28)


def test_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert PACKAGE_ONLY.add_workdays(D(2020, 10, 1), 1) == D(2020, 10, 9)


def test_ordinary_weekend_is_skipped() -> None:
    # 2020-09-04 is a Friday; 9-5 and 9-6 are an ordinary weekend.
    assert PACKAGE_ONLY.add_workdays(D(2020, 9, 4), 2) == D(2020, 9, 7)


def test_workdays_between() -> None:
    assert PACKAGE_ONLY.workdays_between(D(2020, 9, 28), D(2020, 10, 10)) == 5
    assert PACKAGE_ONLY.workdays_between(D(2020, 10, 10), D(2020, 9, 28)) == 0


def test_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        PACKAGE_ONLY.add_workdays(D(2020, 9, 28), 0)


def test_unknown_year_names_the_year_and_the_file() -> None:
    with pytest.raises(UnknownYear) as caught:
        PACKAGE_ONLY.add_workdays(D(2099, 12, 30), 5)
    first, last = package_years()
    assert caught.value.year == 2099
    assert caught.value.message() == (
        f"无法计算工作日：不知道2099年的法定节假日和调休安排（日历程序包只收录{first}–{last}年）。"
        "请按国务院办公厅当年的放假通知添加 data/calendar/2099.yml"
    )


def test_reaching_into_an_unknown_year_stops() -> None:
    # Known through 12-31 of the package's last year; the count runs on into the next.
    last = package_years()[1]
    with pytest.raises(UnknownYear) as caught:
        PACKAGE_ONLY.add_workdays(D(last, 12, 30), 5)
    assert caught.value.year == last + 1


def _year(year: int, holidays: list[dt.date], workdays: list[dt.date]) -> CalendarYear:
    return CalendarYear(year=year, source="测试", holidays=tuple(holidays), workdays=tuple(workdays))


def test_calendar_file_supplies_an_unknown_year() -> None:
    # 2099-01-01 is a Thursday. Fake arrangement: 1-1 and 1-2 off, Saturday 1-3 worked.
    cal = WorkCalendar({2099: _year(2099, [D(2099, 1, 1), D(2099, 1, 2)], [D(2099, 1, 3)])})
    assert cal.add_workdays(D(2099, 1, 1), 1) == D(2099, 1, 3)
    assert cal.add_workdays(D(2099, 1, 1), 2) == D(2099, 1, 5)  # Sunday 1-4 is off


def test_calendar_file_wins_over_the_package() -> None:
    # Pretend the State Council had cancelled the 2020-10-10 make-up day.
    cal = WorkCalendar({2020: _year(2020, [D(2020, 10, d) for d in range(1, 9)], [])})
    assert cal.add_workdays(D(2020, 9, 28), 5) == D(2020, 10, 12)


CAMPAIGN = """\
id: demo
title: 示例评选
year: 2099
issuer: 示例市人社局
doc_number: 示人社〔2099〕1号
notice: 正文
publicity:
  start: 2099-01-01
  working_days: 2
  objections:
    phone: "0391-2118929"
"""


def test_calendar_file_is_read_from_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "calendar").mkdir()
    (tmp_path / "campaigns" / "demo.yml").write_text(CAMPAIGN, encoding="utf-8")
    (tmp_path / "calendar" / "2099.yml").write_text(
        "year: 2099\nsource: 国务院办公厅关于2099年部分节假日安排的通知（测试）\n"
        "holidays: [2099-01-01, 2099-01-02]\nworkdays: [2099-01-03]\n",
        encoding="utf-8",
    )
    loaded = load(tmp_path)
    assert loaded.problems.items == []
    assert loaded.portal is not None
    assert loaded.portal.round("demo").publicity_end == D(2099, 1, 5)


def test_the_statutory_calendar_asked_once_per_date_answers_as_the_package_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """WorkCalendar asks chinese_calendar once per date (a build asks about the same dates
    again and again): every day of a year as the package says, the second time too; a year the
    package does not know is refused every time, not remembered as an answer."""
    import chinese_calendar

    from builder.model import workdays

    expected = [chinese_calendar.is_workday(dt.date(2025, 1, 1) + dt.timedelta(days=n)) for n in range(365)]
    asked: list[dt.date] = []
    package = chinese_calendar.is_workday

    def counted(day: dt.date) -> bool:
        asked.append(day)
        return bool(package(day))

    monkeypatch.setattr(chinese_calendar, "is_workday", counted)
    workdays._statutory_workday.cache_clear()
    cal = WorkCalendar(overrides={})
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    for _ in range(2):
        assert [cal.is_workday(d) for d in days] == expected
    assert len(asked) == 365
    for _ in range(2):
        with pytest.raises(UnknownYear):
            cal.is_workday(dt.date(2099, 3, 2))
