"""A story's articles and Readings -> its dated timeline, every sentence citing its spans.

Method (deterministic, no model to train):

1. Every body sentence is an event on the date the facts stage gave it: the date a time
   expression in it names (``stated``), else its article's published day
   (:mod:`crosswire.narrate.timeline_events`).
2. Dates are ranked by independent sources (a wire group counts once) that name them, then
   by sources published that day and further mentions
   (:mod:`crosswire.narrate.timeline_dates`); the best ``dates`` slots are kept. A month or
   a year counts for less than a day, being less specific. A date with no readable sentence
   (only page furniture or fragments) is passed over for the next.
3. For each kept date, up to ``sentences`` sentences are picked: central to what that date's
   sentences say and not repeating each other (TF-IDF centroid + MMR,
   :mod:`crosswire.narrate.timeline_select`). A sentence printed word for word by several
   articles cites every one of them.

Entries come out in date order; ``TimelineEntry.to_dict()`` is the JSON contract's entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from crosswire.models import Article, Citation, Reading
from crosswire.narrate.timeline_dates import score_slots
from crosswire.narrate.timeline_events import PRECISIONS, Event, collect_events, span_bounds
from crosswire.narrate.timeline_select import SentenceSpace, citation_index, select


@dataclass(frozen=True)
class TimelineSentence:
    """One sentence of a timeline entry and every span it is quoted from
    (``body[start:end] == text`` for each citation)."""

    text: str
    citations: tuple[Citation, ...]

    def to_dict(self) -> dict[str, Any]:
        """-> {text, citations: [{article, start, end}]}."""
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimelineSentence:
        """:meth:`to_dict` output -> TimelineSentence."""
        return cls(data["text"], tuple(Citation.from_dict(c) for c in data["citations"]))


@dataclass(frozen=True)
class TimelineEntry:
    """One date of a timeline: ISO ``date`` ('2017-10-14', '2017-10' or '2017' as
    ``precision`` is day, month or year) and its sentences, best first."""

    date: str
    precision: str
    sentences: tuple[TimelineSentence, ...]

    def to_dict(self) -> dict[str, Any]:
        """-> the JSON contract's entry {date, precision, sentences}."""
        return {"date": self.date, "precision": self.precision,
                "sentences": [s.to_dict() for s in self.sentences]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimelineEntry:
        """the contract's entry -> TimelineEntry."""
        return cls(data["date"], data["precision"],
                   tuple(TimelineSentence.from_dict(s) for s in data["sentences"]))


def _order(entry: TimelineEntry) -> tuple[date, int]:
    """entry -> its sort key: first day of its slot, then coarser slots after finer ones."""
    bounds = span_bounds(entry.date, entry.precision)
    return (bounds[0] if bounds else date.max), PRECISIONS.index(entry.precision)


def build_timeline(articles: Sequence[Article], readings: Mapping[str, Reading],
                   dates: int = 10, sentences: int = 2, since: date | None = None,
                   until: date | None = None,
                   precisions: Collection[str] = PRECISIONS) -> list[TimelineEntry]:
    """articles + {article id: Reading} (+ how many dates, sentences per date, inclusive
    date bounds, which precisions may be entries) -> up to ``dates`` TimelineEntries in
    date order, each with up to ``sentences`` cited sentences."""
    events = collect_events(articles, readings, since, until)
    by_slot: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        by_slot[event.key].append(event)
    space = SentenceSpace(e.text for e in events)
    index = citation_index(events)
    used: set[str] = set()
    entries: list[TimelineEntry] = []
    for slot in score_slots(events):
        if len(entries) >= dates or sentences <= 0:
            break
        if slot.precision not in precisions:
            continue
        picked = select(by_slot[(slot.date, slot.precision)], sentences, space, index, used)
        used.update(c.text for c in picked)
        if picked:  # a date with nothing readable to say is passed over for the next one
            entries.append(TimelineEntry(slot.date, slot.precision, tuple(
                TimelineSentence(c.text, c.citations) for c in picked)))
    return sorted(entries, key=_order)
