"""Calendar arithmetic for the time resolver: pure functions of dates, no text and no parse.

A resolved time is a ``Point`` (a year, a month or a day). A span of days that cannot be named
as one day ("last week") becomes the finest calendar unit that holds all of it, or nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Tense = Literal["past", "future", "present"] | None

# How far a year-less "Oct. 17" may sit on the wrong side of the publication date and still be
# read in the tense's direction (a publication stamp can be a day off the local date).
GRACE_DAYS = 1
# Without a tense, a weekday or month resolves only when one occurrence is this close.
NEAREST_WEEKDAY_DAYS = 2
NEAREST_MONTHS = 3
NEAREST_DATE_DAYS = 150


@dataclass(frozen=True)
class Point:
    """A calendar year, month or day: year always, month and day when known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """() -> "day" | "month" | "year"."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """() -> "2017-10-17", "2017-10" or "2017"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def date(self) -> dt.date | None:
        """() -> the day as a date, or None below day precision."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


def day_point(day: dt.date) -> Point:
    """date -> a day-precision Point."""
    return Point(day.year, day.month, day.day)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """(year, month, day) -> the date, or None when no such day exists (Feb 30, Feb 29 2018)."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day)


def window(lo: dt.date, hi: dt.date) -> Point | None:
    """(first day, last day) -> the finest unit holding every day between them, or None."""
    if lo == hi:
        return day_point(lo)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return Point(lo.year, lo.month)
    return Point(lo.year) if lo.year == hi.year else None


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month, +-n) -> the (year, month) n months later."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def year_less_date(
    pub: dt.date, month: int, day: int, tense: Tense, weekday: int | None = None
) -> Point | None:
    """A "Oct. 17" with no year -> the occurrence the tense points at, or None.

    Past: the latest on or before publication (+GRACE_DAYS); future: the earliest on or after
    (-GRACE_DAYS); otherwise the nearest within NEAREST_DATE_DAYS. A stated weekday
    ("Wednesday, Nov. 6") keeps only years where the day falls on it.
    """
    span = range(pub.year - 4, pub.year + 5) if (month, day) == (2, 29) else range(
        pub.year - 1, pub.year + 2
    )
    days = [d for y in span if (d := make_date(y, month, day)) is not None]
    if weekday is not None and any(d.weekday() == weekday for d in days):
        days = [d for d in days if d.weekday() == weekday]
    grace = dt.timedelta(days=GRACE_DAYS)
    if tense == "past":
        before = [d for d in days if d <= pub + grace]
        return day_point(max(before)) if before else None
    if tense == "future":
        after = [d for d in days if d >= pub - grace]
        return day_point(min(after)) if after else None
    near = [d for d in days if abs((d - pub).days) <= NEAREST_DATE_DAYS]
    return day_point(min(near, key=lambda d: abs((d - pub).days))) if near else None


def month_occurrence(pub: dt.date, month: int, tense: Tense, rel: str | None) -> Point | None:
    """A month name without a year -> its year by the rules in ``timex``'s docstring, or None.

    rel is "last" (strictly before the publication month), "next" (strictly after), "this"
    (the publication year) or None (bare: by tense, else the nearest within NEAREST_MONTHS).
    """
    back = (pub.month - month) % 12  # months from the earlier occurrence to pub's month
    ahead = (month - pub.month) % 12
    if rel == "last":
        return Point(*shift_month(pub.year, pub.month, -(back or 12)))
    if rel == "next":
        return Point(*shift_month(pub.year, pub.month, ahead or 12))
    if rel == "this":
        return Point(pub.year, month)
    if tense == "past":
        return Point(*shift_month(pub.year, pub.month, -back))
    if tense == "future":
        return Point(*shift_month(pub.year, pub.month, ahead))
    if back == 0 or (min(back, ahead) <= NEAREST_MONTHS and back != ahead):
        step = -back if back <= ahead else ahead
        return Point(*shift_month(pub.year, pub.month, step))
    return None


def weekday_occurrence(pub: dt.date, weekday: int, tense: Tense, rel: str | None) -> Point | None:
    """A weekday name -> its date.

    rel "last": the latest strictly before publication; "next": the earliest strictly after.
    Bare (or "this"): past tense -> on or before publication; future -> on or after; otherwise
    the occurrence within NEAREST_WEEKDAY_DAYS of publication, if there is one.
    """
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    if rel == "last":
        return day_point(pub - dt.timedelta(days=back or 7))
    if rel == "next":
        return day_point(pub + dt.timedelta(days=ahead or 7))
    if tense == "past" or back == 0:
        return day_point(pub - dt.timedelta(days=back))
    if tense == "future":
        return day_point(pub + dt.timedelta(days=ahead))
    if back <= NEAREST_WEEKDAY_DAYS:
        return day_point(pub - dt.timedelta(days=back))
    if ahead <= NEAREST_WEEKDAY_DAYS:
        return day_point(pub + dt.timedelta(days=ahead))
    return None


def shift(base: Point, amount: int, unit: str) -> Point | None:
    """(anchor, +-n, unit) -> the anchor moved by n units, at a precision both can carry.

    Days need a day anchor; weeks need a day anchor and come out as the unit holding the
    target day +-3 (a "two weeks ago" is not exact); months need a month anchor; years any.
    Decades and anything else -> None.
    """
    day = base.date()
    if unit == "day":
        return day_point(day + dt.timedelta(days=amount)) if day else None
    if unit == "week":
        if day is None:
            return None
        target = day + dt.timedelta(days=7 * amount)
        return window(target - dt.timedelta(days=3), target + dt.timedelta(days=3))
    if unit == "month":
        return Point(*shift_month(base.year, base.month, amount)) if base.month else None
    if unit == "year":
        return Point(base.year + amount)
    return None


def week_window(pub: dt.date, rel: str, edge: str | None) -> Point | None:
    """("last" | "this" | "next" | "past", "earlier" | "later" | None) week -> Point | None.

    Weeks start on Monday. "last week" covers the previous calendar week and the seven days
    before publication; "next week" the next calendar week and the seven days after; "the past
    week" the seven days up to publication.
    """
    monday = pub - dt.timedelta(days=pub.weekday())
    d = dt.timedelta
    spans = {
        "last": (monday - d(days=7), pub - d(days=1)),
        "this": (monday, monday + d(days=6)),
        "next": (pub + d(days=1), monday + d(days=13)),
        "past": (pub - d(days=7), pub),
    }
    lo, hi = spans[rel]
    if rel == "this" and edge in ("earlier", "early"):
        hi = pub
    elif rel == "this" and edge in ("later", "late"):
        lo = pub
    return window(lo, hi)


def weekend_window(pub: dt.date, rel: str) -> Point | None:
    """("last" | "this" | "next") weekend -> the Saturday-Sunday pair as a Point, or None."""
    saturday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=5)
    offset = {"last": -7, "this": 0, "next": 7}.get(rel)
    if offset is None:
        return None
    first = saturday + dt.timedelta(days=offset)
    return window(first, first + dt.timedelta(days=1))
