"""The page being read: normalised line texts, the result so far, and the date stamp lines.

Holds the working state every finder shares (``Page``, ``Stamp``), line normalisation, the
regexes more than one finder uses, and the finding and classification of date stamp lines.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from crosswire.clean.dates import (
    DateMention,
    TimeMention,
    find_dates,
    find_dates_multilingual,
    find_times,
    iso,
)
from crosswire.clean.metadata.model import Metadata
from crosswire.models import Hint


def wordset(text: str) -> frozenset[str]:
    """'a b c' -> frozenset of its words."""
    return frozenset(text.split())


_BULLET = re.compile(r"^[\s•·*▪►◦‣∙|>-]+")
_PUB_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|released|issued|date(?:d)?|publication date"
    r"|veröffentlicht|publiziert|erschienen|erstellt|publié|publicado|publicada|pubblicato|gepubliceerd)\b"
    r"(?:\s+(?:on|at|am|le|el|il|op))?\s*[:\-]?\s*", re.I)
_UPD_LABEL = re.compile(
    r"^(?:last\s+)?(?:updated?|modified|aktualisiert|geändert|mis\s+à\s+jour|actualizado"
    r"|aggiornato|bijgewerkt)\b(?:\s+(?:on|at|am|le|el|il|op))?\s*[:\-]?\s*", re.I)
SOURCE = re.compile(r"^source\s*[:：]\s*(?P<name>[^|\n]{1,60}?)\s*(?:\||$)", re.I)
_STAMP_WORDS = wordset(
    "updated update last published posted on at ago years year months month weeks week days "
    "day hours hour minutes minute min mins am pm gmt utc edt est bst cet date time by"
)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:,?\s*\d{4})?))?"
    r"(?:,?\s*\((?P<agency>[A-Za-z][A-Za-z .\-]{1,40})\))?"
    r"\s*(?P<sep>--|—|–|-|:)\s"
)


# Time zone abbreviations that name one offset (CST and IST name several: left out).
ZONES = {
    "GMT": "+00:00", "UTC": "+00:00", "BST": "+01:00", "CET": "+01:00", "CEST": "+02:00",
    "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "EST": "-05:00", "EDT": "-04:00",
    "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00", "JST": "+09:00",
    "KST": "+09:00", "HKT": "+08:00", "SGT": "+08:00", "AEST": "+10:00", "AEDT": "+11:00",
}


def with_zone(text: str, time: TimeMention) -> TimeMention:
    """(text, a time in it) -> the time with the offset of a zone abbreviation written right
    after it ('4:05pm EST' -> -05:00), when it has none yet."""
    zone = re.match(r"\s*([A-Z]{2,4})\b", text[time.end :]) if time.offset is None else None
    return dataclasses.replace(time, offset=ZONES[zone[1]]) if zone and zone[1] in ZONES \
        else time


@dataclass
class Stamp:
    """A line holding a date: where, what it says, and how much it says about publication."""

    index: int
    text: str
    date: DateMention
    time: TimeMention | None
    kind: str  # "publication" | "source" | "bare" | "update" | "banner" | "dateline"

    def value(self) -> str | None:
        """stamp -> ISO date or datetime, or None when the date is incomplete."""
        day = self.date.date()
        return iso(day, self.time) if day else None


@dataclass(frozen=True)
class Credit:
    """Who the text credits with the story: the name (an agency's credit name, or the
    outlets table's name of a listed outlet, else as written), whether it is a news agency,
    the kind of credit (dateline | byline | credit line | copyright | source stamp), and
    the evidence in words."""

    name: str
    agency: bool
    kind: str
    evidence: str


@dataclass
class Page:
    """The input, normalised: cleaned line texts by index, URL, hints, the result so far."""

    texts: list[str]
    url: str | None
    hints: dict[str, Hint]
    meta: Metadata
    headline_index: int | None = None
    body_start: int = 0
    stamps: list[Stamp] = field(default_factory=list)
    site: tuple[str, str] | None = None  # (site part of a "Site - title" line, evidence)
    notes: list[str] = field(default_factory=list)  # why a date could not be inferred
    credits: list[Credit] = field(default_factory=list)  # strongest kind first


_LOOSE = re.compile(r"\s\s|[^\S ]|^\s|\s$")  # whitespace that " ".join(split()) changes


def squash(text: str) -> str:
    """text -> its words joined by single spaces; the same string object when it already is
    that, so a page's lines are not copied."""
    return " ".join(text.split()) if _LOOSE.search(text) else text


def clean_line(line: str) -> str:
    """raw line -> text without leading bullets and with single spaces."""
    return squash(_BULLET.sub("", line) if _BULLET.match(line) else line)


def norm(text: str) -> str:
    """text -> lowercase letters and digits only, for comparing copies of a line."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def words_of(text: str) -> list[str]:
    """text -> its words (letters/digits runs)."""
    return re.findall(r"[\w'’]+", text)


HEAD_LINES = 12


def find_stamps(texts: list[str]) -> list[Stamp]:
    """line texts -> the short lines that are date stamps, with their kind (provisional).
    A date written in another language or day-first with dots makes a stamp in a labelled
    line ("Veröffentlicht am 05.08.2019") or near the top (the first HEAD_LINES lines of
    text); further down, such a line is more often content ("Auflage: 1 (27. Mai 2013)")."""
    stamps, seen = [], 0
    for i, text in enumerate(texts):
        if not text:
            continue
        seen += 1
        if len(text) > 160:
            continue
        dates = [d for d in find_dates(text) if d.day is not None]
        if not dates and (seen <= HEAD_LINES or _PUB_LABEL.match(text) or _UPD_LABEL.match(text)):
            dates = [d for d in find_dates_multilingual(text) if d.day is not None]
        if not dates:
            continue
        kind = _stamp_kind(text, dates[0])
        if kind:
            times = find_times(text)
            time = with_zone(text, times[0]) if times else None
            stamps.append(Stamp(i, text, dates[0], time, kind))
    return stamps


def _stamp_kind(text: str, date: DateMention) -> str | None:
    """a short line + its first date -> 'source' | 'publication' | 'update' | 'bare' | None."""
    if SOURCE.match(text):
        return "source"
    if _PUB_LABEL.match(text):
        return "publication"
    if _UPD_LABEL.match(text):
        return "update"
    residue = text[: date.start] + " " + text[date.end :]
    for t in find_times(residue):
        residue = residue.replace(residue[t.start : t.end], " ", 1)
    leftover = [
        w for w in words_of(residue)
        if w.lower() not in _STAMP_WORDS and w not in ZONES and not w.isdigit()
    ]
    return "bare" if len(leftover) <= 1 else None


def _is_furniture(text: str) -> bool:
    """line -> whether it is an update/clock line with no date ("Last Update : 06:33 pm")."""
    if not text or find_dates(text):
        return False
    rest = _UPD_LABEL.sub("", text)
    return rest != text and bool(find_times(rest)) and len(words_of(rest)) <= 4


def classify_stamps(page: Page) -> None:
    """Bare date lines above the headline with a weekday or update furniture -> 'banner';
    all stamp and furniture lines -> consumed."""
    head = page.headline_index
    for stamp in page.stamps:
        above = head is not None and stamp.index < head
        near = [t for t in page.texts[stamp.index + 1 : stamp.index + 3] if t]
        furniture = any(_is_furniture(t) for t in near)
        if stamp.kind == "bare" and above and (stamp.date.weekday is not None or furniture):
            stamp.kind = "banner"
        page.meta.consumed.add(stamp.index)
    for i, text in enumerate(page.texts[: (head or 0) + 8]):
        if _is_furniture(text):
            page.meta.consumed.add(i)
