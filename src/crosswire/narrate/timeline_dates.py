"""Dated events -> which dates matter: a score per (date, precision) slot.

A slot scores by how many independent sources put something on it, not by raw article
counts: each source (a wire group counts once) adds ``STATED`` when one of its sentences names
the date in a time expression, plus ``PUBLISHED`` when it was published that day (its undated
sentences fall on its published day), plus a little for every further sentence that names the
date (``MORE``, on a log scale). A source that names a date it was not published on (looking
back or ahead at it) adds ``ELSEWHERE`` on top: later reports that recall a day mark it as a
day that mattered. Month and year slots are less specific: their scores are scaled by
``COARSE``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from crosswire.narrate.timeline_events import Event

STATED = 1.0
PUBLISHED = 0.5
ELSEWHERE = 0.2
MORE = 0.3
COARSE = {"day": 1.0, "month": 0.5, "year": 0.3}


@dataclass
class _SourceTally:
    """What one source says about one slot."""

    stated: int = 0
    stated_elsewhere: bool = False
    published: bool = False


@dataclass
class SlotScore:
    """One slot's score and the tallies behind it."""

    date: str
    precision: str
    score: float
    sources: int
    stated_sources: int
    tallies: dict[str, _SourceTally] = field(default_factory=dict, repr=False)


def _tally(events: Sequence[Event]) -> dict[tuple[str, str], dict[str, _SourceTally]]:
    """events -> {slot: {source: tally}}."""
    slots: dict[tuple[str, str], dict[str, _SourceTally]] = defaultdict(dict)
    for event in events:
        tally = slots[event.key].setdefault(event.source, _SourceTally())
        if event.stated:
            tally.stated += 1
            if event.published is not None and event.published != event.date:
                tally.stated_elsewhere = True
        elif event.precision == "day" and event.published == event.date:
            tally.published = True
    return slots


def _source_score(tally: _SourceTally) -> float:
    """one source's tally for a slot -> its contribution to the slot's score."""
    score = PUBLISHED if tally.published else 0.0
    if tally.stated:
        score += STATED + MORE * math.log(tally.stated)
        score += ELSEWHERE if tally.stated_elsewhere else 0.0
    return score


def score_slots(events: Sequence[Event]) -> list[SlotScore]:
    """events -> every slot with its score, best first (ties: earlier date first)."""
    out = []
    for (day, precision), tallies in _tally(events).items():
        score = COARSE[precision] * sum(_source_score(t) for t in tallies.values())
        stated = sum(1 for t in tallies.values() if t.stated)
        out.append(SlotScore(day, precision, score, len(tallies), stated, tallies))
    return sorted(out, key=lambda s: (-s.score, s.date, s.precision))
