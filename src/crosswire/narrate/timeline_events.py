"""Readings -> dated events: every body sentence with its date, source and place in its article.

An event is one sentence of one article, dated as the facts stage dated it: by a time
expression in it (``stated``) or by the article's published day. Its ``source`` is the
article's wire group (wire copies are one source), else the article itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from crosswire.models import Article, DatedSentence, Reading

PRECISIONS = ("day", "month", "year")
_DATELINE = re.compile(r"[^\n]{0,160}?\([A-Z][\w.&/-]*(?: [\w.&/-]+){0,2}\)"  # "... (Reuters)"
                       r"\s*(?:[-–—]{1,2}|:)\s+(?=[\"“A-Z])")  # " - " before a capital


@dataclass(frozen=True)
class Event:
    """One dated sentence: where it is (article, start, end: ``body[start:end] == text``),
    when it held (``date`` at ``precision``), whether a time expression said so, the
    source it counts for, its index among its article's sentences, and the article's
    published day (ISO) when known."""

    article: str
    source: str
    start: int
    end: int
    text: str
    date: str
    precision: str
    stated: bool
    position: int
    published: str | None

    @property
    def key(self) -> tuple[str, str]:
        """-> (date, precision): the timeline slot this event belongs to."""
        return self.date, self.precision


def source_of(article: Article) -> str:
    """Article -> the source it counts for: its wire group, else its own id."""
    return article.wire_group or article.id


def span_bounds(value: str, precision: str) -> tuple[date, date] | None:
    """an ISO date at a precision ('2017-10-14' day, '2017-10' month, '2017' year) -> its
    first and last day; None when it does not parse."""
    try:
        if precision == "day":
            day = date.fromisoformat(value[:10])
            return day, day
        if precision == "month":
            year, month = int(value[:4]), int(value[5:7])
            after = date(year + month // 12, month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(after.toordinal() - 1)
        if precision == "year":
            year = int(value[:4])
            return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None
    return None


def within(value: str, precision: str, since: date | None, until: date | None) -> bool:
    """a dated slot + optional bounds -> does the slot lie inside them (a month or year
    slot must fall wholly inside)?"""
    bounds = span_bounds(value, precision)
    if bounds is None:
        return False
    return (since is None or bounds[0] >= since) and (until is None or bounds[1] <= until)


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """a sentence's span of body -> the same span without white space at either end, nor a
    wire dateline glued to its front ("WASHINGTON (Reuters) - ", "PARIS, Oct 2, (AFP): ")."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    dateline = _DATELINE.match(body, start, end)
    if dateline and dateline.end() < end:
        start = dateline.end()
    return start, end


def article_events(article: Article, sentences: Sequence[DatedSentence],
                   since: date | None = None, until: date | None = None) -> list[Event]:
    """an Article + its dated sentences (+ bounds) -> its Events inside the bounds. A
    forecast ("may be cleared on Sunday") is no event: it is left out."""
    published = article.published[:10] if article.published else None
    out = []
    for position, sentence in enumerate(sentences):
        when, precision, stated = sentence.date, sentence.precision, sentence.stated
        if sentence.forecast:  # what was expected on a day is no event of that day
            continue
        if when is None or precision not in PRECISIONS:
            continue
        if not within(when, precision, since, until):
            continue
        start, end = _trimmed(article.body, sentence.start, sentence.end)
        if start >= end:
            continue
        out.append(Event(article.id, source_of(article), start, end, article.body[start:end],
                         when, precision, stated, position, published))
    return out


def collect_events(articles: Sequence[Article], readings: Mapping[str, Reading],
                   since: date | None = None, until: date | None = None) -> list[Event]:
    """articles + {id: Reading} (+ bounds) -> every dated Event, in article order (articles
    without a Reading are skipped)."""
    events: list[Event] = []
    for article in articles:
        reading = readings.get(article.id)
        if reading is not None:
            events.extend(article_events(article, reading.sentences, since, until))
    return events
