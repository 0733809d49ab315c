"""The small temporal parser: dates, times, weekdays, years, and weekday-year arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosswire.clean.dates import (
    explicit_years,
    find_dates,
    find_dates_multilingual,
    find_times,
    find_weekdays,
    normalize_stamp,
    on_or_after,
    years_with_weekday,
)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("DAMASCUS, Oct. 17 (Xinhua) --", (None, 10, 17)),
        ("PARIS, Oct 2, (Agencies): text", (None, 10, 2)),
        ("Published at 08:36 pm October 14th, 2017", (2017, 10, 14)),
        ("21 Oct, 2017 23:47 / Updated 7 years ago", (2017, 10, 21)),
        ("Source: Xinhua| 2017-10-18 01:40:26|Editor", (2017, 10, 18)),
        ("the November 13, 2015 suicide bombings", (2015, 11, 13)),
        ("on the 3rd of March 2020", (2020, 3, 3)),
        ("17/10/2017", (2017, 10, 17)),
        ("10/17/2017", (2017, 10, 17)),
    ],
)
def test_find_dates_reads_common_forms(text: str, parts: tuple[int | None, int, int]) -> None:
    found = find_dates(text)
    assert found, text
    assert (found[0].year, found[0].month, found[0].day) == parts


def test_ambiguous_numeric_date_is_refused() -> None:
    assert find_dates("on 03/04/2017 it rained") == []


def test_modal_may_is_not_a_month() -> None:
    assert find_dates("the city may 5 times be cleared") == []
    assert find_dates("on May 5 the city fell")[0].month == 5


def test_impossible_day_is_not_a_date() -> None:
    assert find_dates("February 30, 2017") == []


def test_weekday_written_with_a_date_is_kept() -> None:
    (banner,) = find_dates("Sunday, May 28, 2023")
    assert banner.weekday == 6
    assert banner.date() == dt.date(2023, 5, 28)


def test_times_are_24_hour_with_offsets_only_when_written() -> None:
    (pm,) = find_times("Published at 08:36 pm")
    assert (pm.hour, pm.minute, pm.offset) == (20, 36, None)
    (mid,) = find_times("12:05 a.m. GMT")
    assert (mid.hour, mid.offset) == (0, "+00:00")
    (secs,) = find_times("2017-10-18 01:40:26")
    assert (secs.hour, secs.minute, secs.second) == (1, 40, 26)
    assert find_times("score 3:2, 25:61") == []


def test_weekdays_outside_dates_with_qualifiers() -> None:
    found = find_weekdays("On Saturday, Sunday, May 28, 2023 and last Tuesday")
    assert [(w.weekday, w.qualifier) for w in found] == [(5, None), (1, "last")]


def test_explicit_years_skip_thousands() -> None:
    assert explicit_years("3,200 dead; 1,130 civilians; since 2014; in 2017-10-18") == [2014, 2017]


def test_years_with_weekday() -> None:
    assert years_with_weekday(10, 2, 1, 2000, 2030) == [2001, 2007, 2012, 2018, 2029]
    assert years_with_weekday(2, 29, 0, 2000, 2030) == [2016]


def test_on_or_after() -> None:
    monday = dt.date(2017, 10, 16)
    assert on_or_after(monday, 5) == dt.date(2017, 10, 21)
    assert on_or_after(monday, 0) == monday


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-10-18", "2017-10-18"),
        ("2017-10-18T01:40:26+08:00", "2017-10-18T01:40:26+08:00"),
        ("2017-10-18T01:40:00", "2017-10-18T01:40"),
        ("Wed, 18 Oct 2017 01:40:26 +0800", "2017-10-18T01:40:26+08:00"),
        ("October 14th, 2017 08:36 pm", "2017-10-14T20:36"),
        ("not a date", None),
    ],
)
def test_normalize_stamp(value: str, expected: str | None) -> None:
    assert normalize_stamp(value) == expected


@given(st.text(max_size=300))
def test_parser_never_raises(text: str) -> None:
    find_dates(text)
    find_times(text)
    find_weekdays(text)
    explicit_years(text)
    normalize_stamp(text)


def test_a_stamp_with_pm_keeps_the_afternoon() -> None:
    from crosswire.clean.dates import normalize_stamp

    assert normalize_stamp("Sun Apr 26, 2009 10:12 pm BST") == "2009-04-26T22:12"
    assert normalize_stamp("Sun, 26 Apr 2009 10:12:00 +0100") == "2009-04-26T10:12+01:00"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("1. Januar 2023", (2023, 1, 1)),
        ("Veröffentlicht am 16.08.2019, 14:00 Uhr", (2019, 8, 16)),
        ("Publié le 1er mars 2020 à 10h", (2020, 3, 1)),
        ("Publicado el 16 de octubre de 2019", (2019, 10, 16)),
        ("12 dic 2021", (2021, 12, 12)),
        ("3 maart 2020", (2020, 3, 3)),
        ("31.03.2020 14:08", (2020, 3, 31)),
        ("Posted October 14th, 2017", (2017, 10, 14)),
    ],
)
def test_dates_in_other_languages_and_dotted_numbers(text: str, parts: tuple[int, ...]) -> None:
    (date,) = find_dates_multilingual(text)
    assert (date.year, date.month, date.day) == parts


def test_ambiguous_slashes_are_read_day_first_only_when_asked() -> None:
    assert find_dates_multilingual("03/04/2020") == []
    (date,) = find_dates_multilingual("03/04/2020", day_first=True)
    assert (date.month, date.day) == (4, 3)
    assert find_dates("03.04.2017") == []  # English text: still refused


def test_foreign_month_names_need_a_day_and_a_year() -> None:
    assert find_dates_multilingual("the Mars rover and the mai tai") == []
    assert find_dates_multilingual("im Januar") == []
