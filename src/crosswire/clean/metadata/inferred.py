"""Publication dates from what the text says in passing: a dateline's date (its missing year
inferred from the weekday the lead names and the years the text allows, only when exactly one
fits), or the first day after the latest full date the text mentions on which all the
weekdays it names for its events have happened."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

from crosswire.clean.dates import (
    WEEKDAY_NAMES,
    DateMention,
    explicit_years,
    find_dates,
    find_weekdays,
    on_or_after,
    years_with_weekday,
)
from crosswire.clean.metadata.model import YearWindow
from crosswire.clean.metadata.page import Page, Stamp

_FUTURE = re.compile(r"\b(?:will|would|plans?|planned|expected|scheduled|next|by the end)\b"
                     r"|\b(?:may|might|could)\b", re.I)


def from_dateline(
    page: Page, window: YearWindow | None, banners: list[Stamp]
) -> tuple[str, str, str] | None:
    """dateline 'PARIS, Oct 2' -> its date: stated with a year, else the year inferred from the
    weekday the lead names and the years the text allows (only when exactly one fits)."""
    line = page.meta.dateline
    dates = [d for d in find_dates(line or "") if d.day is not None]
    if not dates:
        return None
    date = dates[0]
    if date.year is not None:
        day = date.date()
        return (day.isoformat(), "stated", f'dateline "{line}"') if day else None
    years, why = _dateline_years(page, date, window, banners)
    if len(years) != 1:
        page.notes.append(f'dateline "{line}" has no year: {why}')
        return None
    day = date.date(years[0])
    assert day is not None
    return day.isoformat(), "inferred", f'dateline "{line}" gives no year; {why}'


def _dateline_years(
    page: Page, date: DateMention, window: YearWindow | None, banners: list[Stamp]
) -> tuple[list[int], str]:
    """(year-less dateline date, outside window, banners) -> (years that fit, why in words)."""
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    wd, wd_why = _lead_weekday(page)
    lo, hi, bounds = _year_bounds(body, window, banners)
    if wd is None or date.day is None:
        return [], f"the text names no weekday for the dateline's day ({wd_why})"
    fits = f"{date.text} is a {WEEKDAY_NAMES[wd]} ({wd_why})"
    if lo is None or hi is None:
        some = years_with_weekday(date.month, date.day, wd, (lo or 2000), (lo or 2000) + 30)
        known = f"the only bound is: {bounds}" if bounds else "nothing in the text bounds the year"
        return [], f"{fits} in {', '.join(map(str, some))}, ...; {known}, so it is not determined"
    years = years_with_weekday(date.month, date.day, wd, lo, hi)
    if len(years) != 1:
        listed = ", ".join(map(str, years)) or "no year"
        return years, f"{fits} in {listed} within {lo}-{hi} ({bounds})"
    return years, f"{fits} in {years[0]}, the only such year within {lo}-{hi} ({bounds})"


def _lead_weekday(page: Page) -> tuple[int | None, str]:
    """text -> (the weekday the lead paragraph names, if the text's most named weekday agrees;
    the evidence in words)."""
    lead = page.texts[page.body_start] if page.texts else ""
    plain = [w for w in find_weekdays(lead) if w.qualifier is None]
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    counts = Counter(w.weekday for w in find_weekdays(body) if w.qualifier is None)
    if not plain:
        return None, "the lead paragraph names no weekday"
    first = plain[0].weekday
    if counts[first] < max(counts.values()):
        return None, f"the lead names {WEEKDAY_NAMES[first]} but the text names another day more"
    return first, f"the lead says '{WEEKDAY_NAMES[first]}', named {counts[first]} times"


def _year_bounds(
    body: str, window: YearWindow | None, banners: list[Stamp]
) -> tuple[int | None, int | None, str]:
    """text + outside window + banners -> (lowest year, highest year, where bounds come from):
    years the text states for past events are a floor; a page banner (the page's own date) is
    a ceiling; the outside window bounds both."""
    lo = hi = None
    notes = []
    past = _past_years(body)
    if past:
        lo = max(past)
        notes.append(f"the text mentions {lo} for a past event")
    if banners and banners[0].date.year:
        hi = banners[0].date.year
        notes.append(f"the page banner shows {hi}")
    if window:
        lo = max(lo or window.lo, window.lo)
        hi = min(hi or window.hi, window.hi)
        notes.append(f"{window.evidence}, so {window.lo}-{window.hi}")
    return lo, hi, "; ".join(notes)


def _is_future(sentence: str) -> bool:
    """sentence -> whether it speaks of the future or a possibility ("will", "may", "next")."""
    return any(m.group(0) != "May" for m in _FUTURE.finditer(sentence))


_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> Iterator[str]:
    """text -> its sentences (split after . ! ? followed by space), one at a time."""
    start = 0
    for gap in _SENTENCE_GAP.finditer(text):
        yield text[start : gap.start()]
        start = gap.end()
    yield text[start:]


def _past_weekdays(body: str) -> list[int]:
    """text -> weekdays it names for past or present events (no "next", no future wording)."""
    found: set[int] = set()
    for sentence in _sentences(body):
        if not _is_future(sentence):
            named = find_weekdays(sentence)
            found.update(w.weekday for w in named if w.qualifier in (None, "this"))
    return sorted(found)


def _past_years(body: str) -> list[int]:
    """text -> years it names in sentences with no future wording ("will", "expected", ...)."""
    years = []
    for sentence in _sentences(body):
        if not _is_future(sentence):
            years.extend(explicit_years(sentence))
    return years


def from_mentions(
    page: Page, window: YearWindow | None, banners: list[Stamp]
) -> tuple[str, str, str] | None:
    """A text with no date stamp: the latest full date it mentions (not in future wording) and
    the weekdays it names for its events -> the first day on which all those weekdays have
    happened, inferred; None (with a note) when there is no full date or no weekday."""
    if page.meta.dateline and find_dates(page.meta.dateline):
        return None  # a year-less dateline names the day; do not replace it by a guess
    anchor, anchor_text = _latest_past_date(page)
    if anchor is None:
        page.notes.append("no date stamp, and the text mentions no full date (with a year)")
        return None
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    named = _past_weekdays(body)
    later = [y for y in _past_years(body) if y > anchor.year]
    if later:
        page.notes.append(f'no date stamp; the latest full date "{anchor_text}" is older than '
                          f"the year {max(later)} the text also names, so it dates nothing")
        return None
    if not named:
        page.notes.append(f'no date stamp; the text mentions "{anchor_text}" but names no '
                          "weekday placing the article after it")
        return None
    days = {wd: on_or_after(anchor, wd) for wd in named}
    latest = max(days.values())
    if window and not window.lo <= latest.year <= window.hi:
        page.notes.append(f"{latest.isoformat()} (from the text's dates) is outside "
                          f"{window.lo}-{window.hi} ({window.evidence})")
        return None
    listed = ", ".join(f"{WEEKDAY_NAMES[wd]} ({d.isoformat()})" for wd, d in days.items())
    why = (
        f'no date stamp; latest full date in the text "{anchor_text}" '
        f"(a {WEEKDAY_NAMES[anchor.weekday()]}); the weekdays it names for its events fall "
        f"after it on {listed}; the latest, {latest.isoformat()}, is the earliest date "
        "consistent with all of them"
    )
    return latest.isoformat(), "inferred", why


def _latest_past_date(page: Page) -> tuple[dt.date | None, str]:
    """text -> (the latest full date it mentions outside future wording, its text)."""
    best: tuple[dt.date | None, str] = (None, "")
    for i, text in enumerate(page.texts):
        if not text or i in page.meta.consumed:
            continue
        for sentence in _sentences(text):
            if _is_future(sentence):
                continue
            for d in find_dates(sentence):
                day = d.date()
                if day and (best[0] is None or day > best[0]):
                    best = (day, d.text)
    return best
