"""From regex matches to calendar meanings: candidate spans, the words that license them, and
the resolution of each kind against the publication date or an anchor.

``scan`` finds candidates in the raw text; ``accept`` checks them against the parse (a month
that is really "may", a weekday inside "The Sunday Times", a number that is not a year);
``resolve_plain`` resolves everything that needs no anchor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from spacy.tokens import Span

from crosswire.facts import timex_calendar as cal
from crosswire.facts import timex_patterns as pat
from crosswire.facts import timex_syntax as syn
from crosswire.facts.timex_calendar import Point, Tense

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", pat.ISO_DATE), ("numeric", pat.NUMERIC_DATE), ("date", pat.MONTH_DAY),
    ("date", pat.DAY_MONTH), ("month_year", pat.MONTH_YEAR), ("rel_month", pat.RELATIVE_MONTH),
    ("month_of_year", pat.MONTH_OF_YEAR),
    ("bare_month", pat.BARE_MONTH), ("year", pat.YEAR), ("decade", pat.DECADE),
    ("weekday", pat.WEEKDAY), ("deictic", pat.DEICTIC), ("period", pat.CALENDAR_PERIOD),
    ("offset", pat.OFFSET), ("anchored_day", pat.ANCHORED_DAY),
)
ABSOLUTE_KINDS = frozenset({"iso", "numeric", "month_year", "year", "decade"})
# Words before a bare month or year that make it a time ("in June", "since 2014").
CUES = frozenset({
    "in", "since", "until", "till", "by", "during", "from", "through", "to", "of", "before",
    "after", "between", "circa", "around", "on", "early", "late", "mid", "spring", "summer",
    "autumn", "fall", "winter", "throughout", "last", "next", "this", "that", "as",
})
DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "this", "that", "'s", "’s"})
DURATION_CUES = frozenset({"for", "over", "within", "in", "across", "spanning"})
REL_NORMAL = {
    "last": "last", "past": "last", "this past": "last", "next": "next", "coming": "next",
    "this coming": "next", "this": "this",
}


@dataclass(frozen=True)
class Candidate:
    """A regex match that may be a time: char span, kind, and the pattern's named groups."""

    start: int
    end: int
    kind: str
    groups: dict[str, str]


def scan(text: str) -> list[Candidate]:
    """text -> non-overlapping candidates, leftmost first and the longest at each start."""
    found = [
        Candidate(m.start(), m.end(), kind, {k: v for k, v in m.groupdict().items() if v})
        for kind, pattern in PATTERNS
        for m in pattern.finditer(text)
    ]
    found = [_trim_dot(c, text) for c in found]
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[Candidate] = []
    for cand in found:
        if not kept or cand.start >= kept[-1].end:
            kept.append(cand)
    return kept


def _trim_dot(cand: Candidate, text: str) -> Candidate:
    """"on 8 October." -> drop the full stop a full month name cannot carry as an abbreviation."""
    mon = cand.groups.get("mon", "")
    if len(mon) > 3 and mon.lower() != "sept" and text[cand.end - 1] == ".":
        return replace(cand, end=cand.end - 1)
    return cand


def _norm(words: str | None) -> str | None:
    """"This  Past" -> "this past" (lower case, single spaces); None stays None."""
    return " ".join(words.lower().split()) if words else None


def _word_before(span: Span) -> str:
    """span -> the lower-cased token just before it ("" at the start of the doc)."""
    return span.doc[span.start - 1].lower_ if span.start > 0 else ""


def _is_date_entity(span: Span) -> bool:
    """span -> True when spaCy's NER put any of its tokens in a DATE entity."""
    return any(t.ent_type_ == "DATE" for t in span)


def accept(cand: Candidate, span: Span, text: str) -> bool:
    """candidate + its tokens -> False when the parse says it is not a time at all."""
    kind, groups = cand.kind, cand.groups
    mon = groups.get("mon")
    if mon and kind not in ("iso", "numeric") and (
            not mon[0].isupper() or syn.is_modal_may(span)):
        return False
    if kind == "bare_month":
        return not syn.in_name(span) and not _noun_month(span) and (
            "edge" in groups or _is_date_entity(span) or _word_before(span) in CUES)
    if kind == "year":
        return _year_ok(span, groups)
    if kind == "weekday":
        return groups["wd"][0].isupper() and not syn.in_name(span)
    if kind == "deictic":
        return not syn.in_name(span)
    if kind == "period":
        return not text[cand.end:cand.end + 4].lower().startswith(" of ")
    if kind == "offset":
        return _word_before(span) not in DURATION_CUES
    return True


def _noun_month(span: Span) -> bool:
    """"The March on Washington" -> True: a determiner before a month that heads its phrase
    (in "a May deadline" the month modifies a noun and stays a month)."""
    month = span[-1]
    return _word_before(span) in ("the", "a", "an") and month.dep_ not in syn.NOUN_MODIFIER


def _year_ok(span: Span, groups: dict[str, str]) -> bool:
    """A four-digit number -> True when context makes it a year: a cue word before it, or a
    DATE entity not read as a count ("scored 2017 points") or a label ("Flight 2017")."""
    doc = span.doc
    following = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    prev = before.lower_ if before is not None else ""
    if following is not None and following.tag_ == "NNS" and prev not in DETERMINERS:
        return False
    if "edge" in groups or prev in CUES:
        return True
    if before is not None and before.pos_ in ("NOUN", "PROPN", "NUM", "VERB"):
        return False
    return _is_date_entity(span)


def normalize(cand: Candidate, span: Span) -> Candidate:
    """"in the next week" counts forward from publication; "the next week" alone is anchored."""
    if (cand.kind == "period" and _norm(cand.groups["rel"]) == "the next"
            and _word_before(span) in DURATION_CUES):
        return replace(cand, groups={**cand.groups, "rel": "the coming"})
    return cand


def is_relative(cand: Candidate) -> bool:
    """candidate -> True unless the text states the time in full (a year is given)."""
    return cand.kind not in ABSOLUTE_KINDS and not (cand.kind == "date" and "year" in cand.groups)


def needs_anchor(cand: Candidate) -> bool:
    """candidate -> True for kinds resolved against another time, not the publication date."""
    if cand.kind == "anchored_day":
        return True
    if cand.kind == "period":
        return _norm(cand.groups["rel"]) in ("the previous", "the following", "the next", "that")
    return cand.kind == "offset" and cand.groups["dir"].lower() != "ago"


def resolve_plain(cand: Candidate, pub: dt.date | None, tense: Tense) -> Point | None:
    """candidate (not anchored) + publication date + tense -> Point, or None."""
    g = cand.groups
    if cand.kind == "iso":
        return _full(int(g["year"]), int(g["mon"]), int(g["day"]))
    if cand.kind == "numeric":
        return _numeric(int(g["a"]), int(g["b"]), int(g["year"]))
    if cand.kind == "date":
        return _named_date(g, pub, tense)
    if cand.kind == "month_year":
        return Point(int(g["year"]), pat.MONTHS[g["mon"].lower()])
    if cand.kind == "year":
        return Point(int(g["year"]))
    if cand.kind == "decade" or pub is None:
        return None
    return _relative(cand, pub, tense)


def _relative(cand: Candidate, pub: dt.date, tense: Tense) -> Point | None:
    """a candidate needing the publication date -> Point, or None."""
    g = cand.groups
    if cand.kind in ("rel_month", "bare_month"):
        rel = REL_NORMAL.get(_norm(g.get("rel")) or "")
        return cal.month_occurrence(pub, pat.MONTHS[g["mon"].lower()], tense, rel)
    if cand.kind == "weekday":
        rel = REL_NORMAL.get(_norm(g.get("rel")) or "")
        rel = None if rel == "this" else rel
        return cal.weekday_occurrence(pub, pat.WEEKDAYS[g["wd"].lower()], tense, rel)
    if cand.kind == "month_of_year":
        step = {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return Point(pub.year + step, pat.MONTHS[g["mon"].lower()])
    if cand.kind == "deictic":
        return _deictic(g, pub)
    if cand.kind == "period":
        return _period(_norm(g["rel"]) or "", g["unit"].lower(), _norm(g.get("edge")), pub)
    if cand.kind == "offset":
        amount = count(g)
        return None if amount is None else cal.shift(cal.day_point(pub), -amount, unit_of(g))
    return None


def _full(year: int, month: int, day: int) -> Point | None:
    """(y, m, d) -> a day Point when the day exists."""
    day_ = cal.make_date(year, month, day)
    return cal.day_point(day_) if day_ else None


def _numeric(a: int, b: int, year: int) -> Point | None:
    """"17/10/2017" -> day only when the order is certain (one part above 12, or both equal)."""
    if a == b or (a > 12) != (b > 12):
        day, month = (a, b) if a > 12 else (b, a)
        return _full(year, month, day)
    return None


def _named_date(g: dict[str, str], pub: dt.date | None, tense: Tense) -> Point | None:
    """"Oct. 17" / "17 October 2017" / "Wednesday, Nov. 6" -> day Point, or None."""
    month, day = pat.MONTHS[g["mon"].lower()], int(g["day"])
    if "year" in g:
        return _full(int(g["year"]), month, day)
    if pub is None or not 1 <= day <= 31:
        return None
    weekday = pat.WEEKDAYS.get(g["wd"].lower().rstrip(".")) if "wd" in g else None
    return cal.year_less_date(pub, month, day, tense, weekday)


def _deictic(g: dict[str, str], pub: dt.date) -> Point | None:
    """"today" / "yesterday" / "tomorrow night" / "last night" -> day Point."""
    if "beyond" in g:
        step = -2 if "yesterday" in g["beyond"].lower() else 2
    elif "lastnight" in g:
        step = -1
    elif "this" in g:
        step = 0
    else:
        step = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
    return cal.day_point(pub + dt.timedelta(days=step))


def _period(rel: str, unit: str, edge: str | None, pub: dt.date) -> Point | None:
    """("last" | "this" | "next" | "the past" | "the last", unit, edge) -> Point, or None."""
    if rel == "the coming":
        days = {"week": 7, "month": 30}.get(unit)
        return cal.window(pub, pub + dt.timedelta(days=days)) if days else None
    if unit == "week":
        key = "past" if rel in ("the past", "the last") else rel
        return cal.week_window(pub, key, edge)
    if unit == "weekend":
        return cal.weekend_window(pub, rel)
    steps = {"last": -1, "this": 0, "next": 1}
    if unit == "month":
        if rel in ("the past", "the last"):
            return cal.window(pub - dt.timedelta(days=30), pub)
        return Point(*cal.shift_month(pub.year, pub.month, steps[rel]))
    if unit == "year" and rel in steps:
        return Point(pub.year + steps[rel])
    return None


def count(g: dict[str, str]) -> int | None:
    """offset groups -> the number of units, or None when approximate ("about two weeks")."""
    if "approx" in g:
        return None
    num = g["num"].lower()
    return int(num) if num.isdigit() else pat.NUMBERS.get(num)


def unit_of(g: dict[str, str]) -> str:
    """offset groups -> "day" | "week" | "month" | "year" | "decade"."""
    return g["unit"].lower()
