"""Datelines: where a story was filed and who is credited with it, at the start of the lead.

Forms read (the place in capitals unless the credit is a known name):
``CAIRO (Reuters) -``, ``PARIS, Oct 2, (Agencies):``, ``DAMASCUS, Oct. 17 (Xinhua) --``,
``Washington (CNN) --``, ``(AP) —``, ``New Delhi [India], May 3 (ANI):``, ``New Delhi, May
3 (IANS) The`` (a known agency needs no dash), ``Madrid, May 2 (EFE).-``, ``MOSCOW, May 2.
/TASS/.``, and the same after a page stamp on the same line:
``CAIRO | Sat Nov 12, 2011 4:05pm EST CAIRO (Reuters) -`` (the stamp, a full date, is a
publication stamp) or ``Sun Apr 26, 2009 10:12 pm BST (Reuters) -``. A credit naming a news
agency is a wire credit; one naming another outlet ("(CNN)", "(Billboard)") credits that
outlet's own reporting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.clean.dates import find_dates, find_times
from crosswire.clean.metadata.agencies import known_name, wire
from crosswire.clean.metadata.page import ZONES, Stamp, with_zone, words_of

_CREDIT = re.compile(r"(?:\((?P<name>[A-Za-z][A-Za-z .&'’\-/!]{0,40}?)\)\.?"
                     r"|(?<=\s)/(?P<slashed>[A-Z][A-Za-z\-]{1,20})/\.?)"
                     r"(?:\s*(?P<sep>--|—|–|-|:)\s|\s*$|(?P<bare>\s+)(?=[A-Z\"“‘']))")
# ending a dateline line of its own, or (after a place, for a known agency) with no dash at
# all: "New Delhi, Jan 5 (IANS) Prime Minister ..."
_UPPER_WORD = r"[A-Z][A-Z.'’\-]+"
_DATE = (r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
         r"(?:,?\s*\d{4})?")
_REGION = r"(?:\s*\[[A-Z][\w .'’\-]{1,30}\])?(?:,\s*[A-Z][\w.'’\-]+(?:\s[A-Z][\w.'’\-]+){0,2})?"
# the place (and date) just before a credit: "CAPE CANAVERAL, Florida", "CAIRO, May 2"; a
# stamp's zone or AM/PM before it is not part of it
_NOT_PLACE = r"(?!(?:GMT|UTC|[A-Z]{1,3}[SD]T|CES?T|EES?T|MSK|AM|PM)\b)"
_PLACE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s|])){_NOT_PLACE}"
    rf"(?P<place>(?:{_UPPER_WORD}\s){{0,4}}{_UPPER_WORD}{_REGION})"
    rf"(?:,?\s*(?P<date>{_DATE}))?[\s,.]*$"
)
_TITLE_PLACE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’\-]+(?:\s[A-Z][\w.'’\-]+){{0,3}}{_REGION})"
    rf"(?:,?\s*(?P<date>{_DATE}))?[\s,.]*$"
)
MAX_START = 300  # a dateline credit further into a line than this is not a dateline


@dataclass(frozen=True)
class Dateline:
    """A dateline read from one line: its text ('CAIRO (Reuters)', or None without a place),
    the credit as written and resolved (agency or outlet name, whether an agency), the page
    stamp before it on the same line, and where the lead starts."""

    line: int
    text: str | None
    credit: str | None
    name: str | None
    agency: bool
    stamp: Stamp | None
    start: int


def read_dateline(text: str, line: int) -> Dateline | None:
    """one line -> its dateline credit ('... CAIRO (Reuters) - '), or None. The credit must
    name a known agency or outlet, or follow a place in capitals."""
    for m in _CREDIT.finditer(text[: MAX_START + 60]):
        if m.start() > MAX_START:
            return None
        written = m["name"] or m["slashed"]
        before = text[: m.start()]
        resolved = _resolve(written)
        place = _place_before(before, title_case=resolved is not None)
        if resolved is None and (m["slashed"] or place is None
                                 or not _name_like(written, m["sep"])):
            continue
        if m["bare"] is not None and (place is None or resolved is None or not resolved[1]):
            continue
        if before.strip() and place is None and not _stamp_like(before):
            continue  # "(AP) —" opens the line, or follows a stamp, or follows a place
        start = place.start() if place else m.start()
        end = m.end("name") + 1 if m["name"] else m.end("slashed") + 1
        dateline = text[start:end].strip(" ,.") if place else None
        name, agency = resolved or (written.strip(), False)
        stamp = _stamp(before[:start] if place else before, line)
        return Dateline(line, dateline, written.strip(), name, agency, stamp, start)
    return None


def _resolve(written: str) -> tuple[str, bool] | None:
    """credit as written -> (credit name, is an agency) for a known agency or listed outlet
    (or a section of one); several agencies ('Reuters/AFP') -> the first."""
    first = re.split(r"\s*[/,&]\s*|\s+and\s+", written.strip())[0]
    agency = wire(first)
    if agency:
        return agency, True
    known = known_name(first)  # also a section of one: "(Reuters Life!)"
    return (known.name, known.agency) if known is not None else None


def _name_like(credit: str, sep: str | None) -> bool:
    """an unknown credit and the separator after it -> whether it reads as an outlet's name
    ('(Billboard) -'), not a stage note ('(via telephone):')."""
    return sep != ":" and bool(re.match(r"^[A-Z][\w.&'’!-]*(?:\s[A-Z][\w.&'’!-]*){0,3}$",
                                        credit.strip()))


def _place_before(before: str, title_case: bool) -> re.Match[str] | None:
    """the text before a credit -> the dateline place (and date) it ends with: capitals
    anywhere ('... HONG KONG'), or (for a known credit) a title-case place opening the line
    ('Washington')."""
    m = _PLACE_BEFORE.search(before)
    if m and _plausible(m["place"]):
        return m
    if not title_case:
        return None
    m = _TITLE_PLACE.match(before)
    return m if m and _plausible(m["place"]) else None


def _plausible(place: str) -> bool:
    """place -> whether it can be a dateline place: 1-4 words before any region, and not a
    weekday or month name."""
    head = place.split(",")[0].strip()
    if not 1 <= len(head.split()) <= 4:
        return False
    return not find_dates(f"{head} 1") and head.lower() not in _WEEKDAYS


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _stamp_like(before: str) -> bool:
    """the text before a credit that has no place -> whether it ends in a date stamp."""
    return _stamp(before, 0) is not None or bool(find_times(before[-40:]))


def _stamp(before: str, line: int) -> Stamp | None:
    """text before the dateline on its line -> the page stamp it ends with ('CAIRO | Sat Nov
    12, 2011 4:05pm EST'), when that names a full date; its time keeps a named zone."""
    part = before.rsplit("|", 1)[-1].strip()
    dates = [d for d in find_dates(part) if d.day is not None and d.year is not None]
    if not dates:
        return None
    leftover = part[: dates[0].start] + " " + part[dates[0].end :]
    times = [t for t in find_times(part) if t.start >= dates[0].end]
    if times:
        leftover = leftover.replace(part[times[0].start : times[0].end], " ")
    if len([w for w in words_of(leftover) if w.upper() not in ZONES]) > 1:
        return None  # prose with a date in it, not a stamp
    time = with_zone(part, times[0]) if times else None
    return Stamp(line, part, dates[0], time, "dateline")
