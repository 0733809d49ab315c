"""A small English temporal parser for news text, and year inference helpers.

Finds calendar dates ("Oct. 17", "October 14th, 2017", "21 Oct, 2017", "2017-10-18",
"17/10/2017" when unambiguous), clock times ("08:36 pm", "23:47", "01:40:26"), weekday
mentions ("on Tuesday") and explicit years ("in 2014"). Everything here is pure and offline;
no date is ever taken from the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import re
from bisect import bisect_right
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
         ("sunday", "sun")]
    )
    for name in names
}
WEEKDAY_NAMES = [calendar.day_name[i] for i in range(7)]

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WD = r"(?:(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?" \
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:1[89]|20)\d\d)(?![\d:]))?"
_MDY = re.compile(rf"\b{_WD}{_MON}\.?,?\s+(?P<day>\d{{1,2}}){_ORD}(?![\d:]){_YEAR}", re.I)
_DMY = re.compile(rf"\b{_WD}(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}\b\.?{_YEAR}", re.I)
_ANY_MONTH = re.compile(_MON.replace("?P<mon>", ""), re.I)  # cheap test before the three
_MY = re.compile(rf"\b{_MON}\.?,?\s+(?P<year>(?:1[89]|20)\d\d)(?![\d:])", re.I)
_ISO = re.compile(
    r"(?<![\d.])(?P<year>(?:1[89]|20)\d\d)-(?P<mon>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_NUMERIC = re.compile(
    r"(?<![\d./])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)(?!\d)"
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?![\d:])"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?(?:\s*\(?(?P<tz>GMT|UTC|Z\b|[+-]\d{2}:?\d{2}))?",
    re.I,
)
_WEEKDAY_WORD = re.compile(
    r"\b(?P<qual>last|next|this|coming|previous|every)?\s*"
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b",
    re.I,
)
_BARE_YEAR = re.compile(r"(?<![\d,.:/-])(?P<year>(?:19|20)\d\d)(?![\d,]\d|\d)")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A calendar date found in text: span, the text, and its parts (year may be unknown)."""

    start: int
    end: int
    text: str
    year: int | None
    month: int
    day: int | None
    weekday: int | None = None  # the weekday the text names with the date, if any

    def date(self, year: int | None = None) -> dt.date | None:
        """(year to use when the text gives none) -> datetime.date, or None if invalid."""
        y = self.year if self.year is not None else year
        if y is None or self.day is None:
            return None
        try:
            return dt.date(y, self.month, self.day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A clock time: span, 24-hour parts and an offset ("+00:00") when the text gives one."""

    start: int
    end: int
    hour: int
    minute: int
    second: int | None
    offset: str | None


@dataclass(frozen=True, slots=True)
class WeekdayMention:
    """A weekday named on its own ("on Saturday"), with a qualifier like "last"/"next"."""

    start: int
    end: int
    weekday: int
    qualifier: str | None


def _add_valid(found: list[DateMention], m: re.Match[str], year: int | None, month: int,
               day: int | None, weekday: int | None = None) -> None:
    """(the mentions so far, a match, its date's parts) -> the date appended as a mention of
    the match's text when that day exists."""
    if _valid(year, month, day):
        found.append(DateMention(m.start(), m.end(), m.group(0), year, month, day, weekday))


def _valid(year: int | None, month: int, day: int | None) -> bool:
    """(year or None, month, day or None) -> whether the day exists in that month."""
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    limit = calendar.monthrange(year if year else 2000, month)[1]
    return 1 <= day <= limit


def _named_dates(text: str) -> list[DateMention]:
    """text -> dates written with a month name (with or without day and year)."""
    found: list[DateMention] = []
    if not _ANY_MONTH.search(text):
        return found
    for pattern in (_MDY, _DMY, _MY):
        for m in pattern.finditer(text):
            mon = m.group("mon")
            if mon.lower() in ("may", "march") and mon[0].islower():
                continue  # the verb, not the month
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else None
            day = int(groups["day"]) if groups.get("day") else None
            wd = WEEKDAYS.get((groups.get("wd") or "").lower())
            month = MONTHS[mon.lower()]
            _add_valid(found, m, year, month, day, wd)
    return found


def _numeric_dates(text: str) -> list[DateMention]:
    """text -> ISO dates, and d/m/yyyy or m/d/yyyy dates only when the order is unambiguous."""
    found: list[DateMention] = []
    for m in _ISO.finditer(text):
        y, mo, d = int(m["year"]), int(m["mon"]), int(m["day"])
        _add_valid(found, m, y, mo, d)
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
        if a > 12 >= b or a == b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            continue  # 03/04/2017: day-first or month-first? Refuse to guess.
        _add_valid(found, m, y, month, day)
    return found


def find_dates(text: str) -> list[DateMention]:
    """text -> calendar dates in order; overlapping matches keep the longest."""
    candidates = sorted(
        _named_dates(text) + _numeric_dates(text), key=lambda d: (d.start, -(d.end - d.start))
    )
    kept: list[DateMention] = []
    for cand in candidates:
        if kept and cand.start < kept[-1].end:
            if cand.end - cand.start > kept[-1].end - kept[-1].start:
                kept[-1] = cand
            continue
        kept.append(cand)
    return kept


def _offset(tz: str | None) -> str | None:
    """'GMT' / 'Z' / '+0800' / '+08:00' -> '+00:00' / '+08:00'; None -> None."""
    if not tz:
        return None
    if tz.upper() in ("GMT", "UTC", "Z"):
        return "+00:00"
    digits = tz.replace(":", "")
    return f"{digits[:3]}:{digits[3:5]}"


def find_times(text: str) -> list[TimeMention]:
    """text -> clock times ("08:36 pm" -> 20:36), with the offset when one is written."""
    found = []
    for m in _TIME.finditer(text):
        hour, minute = int(m["h"]), int(m["mi"])
        if m["ampm"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
        if hour > 23 or minute > 59:
            continue
        second = int(m["s"]) if m["s"] else None
        if second is not None and second > 59:
            continue
        found.append(TimeMention(m.start(), m.end(), hour, minute, second, _offset(m["tz"])))
    return found


def find_weekdays(text: str) -> list[WeekdayMention]:
    """text -> weekdays named on their own (not part of a full date), with any qualifier.

    The dates are disjoint and in order, so the one that could hold a weekday is found by
    bisection: linear in the text however many dates and weekdays it names."""
    dates = find_dates(text)
    starts, ends = [d.start for d in dates], [d.end for d in dates]
    found = []
    for m in _WEEKDAY_WORD.finditer(text):
        start = m.start("wd")
        before = bisect_right(starts, start) - 1  # the last date starting at or before it
        if before >= 0 and start < ends[before]:
            continue
        qual = m["qual"].lower() if m["qual"] else None
        found.append(WeekdayMention(start, m.end(), WEEKDAYS[m["wd"].lower()], qual))
    return found


def explicit_years(text: str) -> list[int]:
    """text -> four-digit years (1900-2099) written in it, in order ("3,200" is not a year)."""
    return [int(m["year"]) for m in _BARE_YEAR.finditer(text)]


def years_with_weekday(month: int, day: int, weekday: int, lo: int, hi: int) -> list[int]:
    """(month, day, weekday 0=Mon, year range inclusive) -> years where that day is that weekday."""
    years = []
    for year in range(lo, hi + 1):
        if _valid(year, month, day) and dt.date(year, month, day).weekday() == weekday:
            years.append(year)
    return years


def on_or_after(day: dt.date, weekday: int) -> dt.date:
    """(date, weekday 0=Mon) -> the first date on or after it that falls on that weekday."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def iso(day: dt.date, time: TimeMention | None = None) -> str:
    """(date, optional time) -> "2017-10-02", "2017-10-21T23:47" or "...T01:40:26+08:00"."""
    if time is None:
        return day.isoformat()
    stamp = f"{day.isoformat()}T{time.hour:02d}:{time.minute:02d}"
    if time.second is not None:
        stamp += f":{time.second:02d}"
    return stamp + (time.offset or "")


_AM_PM = re.compile(r"\d\s*[ap]\.?\s?m\b\.?", re.IGNORECASE)


def normalize_stamp(value: str) -> str | None:
    """A container's date value (ISO 8601, RFC 822, or prose) -> ISO date/datetime, or None."""
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        has_time = bool(re.search(r"\d[T ]\d", value))
        return _iso_datetime(parsed) if has_time else parsed.date().isoformat()
    if not _AM_PM.search(value):  # RFC 822 parsing would read "10:12 pm" as 10:12
        try:
            return _iso_datetime(email.utils.parsedate_to_datetime(value))
        except (TypeError, ValueError, IndexError):
            pass
    dates = [d for d in find_dates(value) if d.date() is not None]
    if not dates:
        return None
    day = dates[0].date()
    assert day is not None
    times = find_times(value)
    return iso(day, times[0] if times else None)


def _iso_datetime(moment: dt.datetime) -> str:
    """datetime -> ISO text: seconds only when non-zero, offset only when the value has one."""
    spec = "seconds" if moment.second else "minutes"
    return moment.isoformat(timespec=spec)


# --- dates written in other languages (page headers: "1. Januar 2023", "16 de octubre de
# 2019", "le 3 mars 2020", "31.03.2020") ---------------------------------------------------

FOREIGN_LOCALES = ("de", "fr", "es", "it", "nl", "pt")


def _foreign_months() -> dict[str, int]:
    """-> {month name or abbreviation, lowercase without its dot: month number} for the
    FOREIGN_LOCALES, from Babel's CLDR data (a dependency of trafilatura's courlan)."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in FOREIGN_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    key = name.lower().strip(".")
                    if len(key) >= 3:
                        names.setdefault(key, number)
    return names


_FOREIGN: dict[str, int] = {}
_FOREIGN_DMY: list[re.Pattern[str]] = []


def _foreign_pattern() -> re.Pattern[str]:
    """-> the day-month-year pattern over every foreign month name (built once)."""
    if not _FOREIGN_DMY:
        _FOREIGN.update({k: v for k, v in _foreign_months().items() if k not in MONTHS})
        names = "|".join(sorted((re.escape(n) for n in {*_FOREIGN, *MONTHS}), key=len,
                                reverse=True))
        _FOREIGN_DMY.append(re.compile(
            rf"(?<![\d.])(?P<day>\d{{1,2}})(?:\.|º|°|er)?\s*(?:de\s+)?(?P<mon>{names})\b\.?,?"
            rf"\s*(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d)(?!\d)", re.I))
    return _FOREIGN_DMY[0]


_A_YEAR = re.compile(r"(?:19|20)\d\d")
_DOTTED = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<mon>\d{1,2})\.\s?(?P<year>(?:19|20)\d\d)"
                     r"(?!\d)")


def _foreign_dates(text: str) -> list[DateMention]:
    """text -> dates written day first with a month name in one of the FOREIGN_LOCALES, and
    dotted numeric dates (31.03.2020: always day first, the continental order)."""
    found: list[DateMention] = []
    if not _A_YEAR.search(text):
        return found  # every date read here states its year: most lines stop at this test
    for m in _foreign_pattern().finditer(text):
        month = _FOREIGN.get(m["mon"].lower()) or MONTHS.get(m["mon"].lower())
        day, year = int(m["day"]), int(m["year"])
        if month:
            _add_valid(found, m, year, month, day)
    for m in _DOTTED.finditer(text):
        day, month, year = int(m["day"]), int(m["mon"]), int(m["year"])
        _add_valid(found, m, year, month, day)
    return found


def _slashed_day_first(text: str) -> list[DateMention]:
    """text -> d/m/yyyy dates read day first (for pages whose language writes them so)."""
    found: list[DateMention] = []
    for m in _NUMERIC.finditer(text):
        day, month, year = int(m["a"]), int(m["b"]), int(m["year"])
        _add_valid(found, m, year, month, day)
    return found


def find_dates_multilingual(text: str, day_first: bool = False) -> list[DateMention]:
    """text -> calendar dates in order, as ``find_dates`` finds them plus day-first dates in
    German, French, Spanish, Italian, Dutch and Portuguese and dotted numeric dates; with
    ``day_first`` (a page in a language that writes 03/04/2020 for 3 April), ambiguous
    slashed dates are read day first. Overlapping matches keep the longest, the earliest
    first."""
    extra = _foreign_dates(text) + (_slashed_day_first(text) if day_first else [])
    candidates = sorted(find_dates(text) + extra, key=lambda d: (d.start, -(d.end - d.start)))
    kept: list[DateMention] = []
    for cand in candidates:
        if kept and cand.start < kept[-1].end:
            if cand.end - cand.start > kept[-1].end - kept[-1].start:
                kept[-1] = cand
            continue
        kept.append(cand)
    return kept
