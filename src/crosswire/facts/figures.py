"""One reported figure as the aligner reads it: value in base units, what it counts, the words
around it.

A quantity mention becomes a :class:`Figure`: its value (converted to the base unit of its
dimension when the unit is a measure pint knows: feet and metres compare), the interval its
qualifier allows, its unit and the head of what it counts ("prison guard" -> "guard"), the
terms of its subject, the light lemmas of the words around the number and of its sentence,
the capitalised names in the sentence, and its sentence's word 4-grams (to tell copies).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from crosswire.facts.subjects import CONCEPTS, terms
from crosswire.facts.values import Interval, base_interval, is_measure, unit_scale
from crosswire.models import Mention
from crosswire.stories.represent import STOP, lemma

WINDOW = 6  # words either side of the number read as its local context
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-’'][A-Za-z]+)?")
_CONCEPT_TERMS = frozenset(CONCEPTS.values())


@dataclass(frozen=True)
class Figure:
    """What the pair features read of one quantity mention."""

    mention: Mention
    value: float | None
    span: Interval | None
    unit: str
    head: str
    dimension: str
    subject: frozenset[str]
    concept: frozenset[str]
    window: Counter[str]
    sentence: Counter[str]
    names: frozenset[str]
    shingles: frozenset[str]


def figure(mention: Mention) -> Figure:
    """a quantity mention -> its Figure."""
    value, span, dimension = None, None, dimension_of(mention)
    if mention.value is not None:
        base, span = base_interval(mention.value, mention.qualifier, mention.unit)
        raw = mention.value
        value = float(raw) if isinstance(raw, (int, float)) else sum(map(float, raw)) / 2
        scale = unit_scale(mention.unit)
        if base is not None and scale is not None:
            dimension, value = base, value * scale[1]
    subject = terms(f"{mention.subject or ''} {_count_noun(mention)}")
    before, after = _around(mention)
    return Figure(
        mention, value, span, (mention.unit or "").lower(), _head(mention), dimension,
        subject, frozenset(t for t in subject if t in _CONCEPT_TERMS),
        lemmas(" ".join(before[-WINDOW:] + after[:WINDOW])), lemmas(mention.text),
        frozenset(_NAME.findall(mention.text)), frozenset(shingles(mention.text)))


def _count_noun(mention: Mention) -> str:
    """-> the counted noun of a count (its unit when the unit is not a measure), else ''."""
    unit = mention.unit or ""
    return "" if is_measure(unit) else unit.partition(" per ")[0]


def _head(mention: Mention) -> str:
    """-> the head word of what is counted ('prison guard' -> 'guard'), or the measure unit."""
    unit = (mention.unit or "").lower()
    if is_measure(unit) or unit in ("percentage", "year of age"):
        return unit
    words = _WORD.findall(unit.partition(" per ")[0])
    return lemma(words[-1].lower()) if words else ""


def dimension_of(mention: Mention) -> str:
    """a quantity mention -> the kind of thing it measures (the extractor's, when it says)."""
    if mention.dimension:
        return mention.dimension
    unit = (mention.unit or "").lower()
    if unit == "percentage":
        return "percentage"
    if unit == "year of age":
        return "age"
    if is_measure(unit):
        return f"unit:{unit}"
    return "count"


def _around(mention: Mention) -> tuple[list[str], list[str]]:
    """-> the words before and after the figure in its sentence (the whole sentence as
    'before' when the figure's place is not known)."""
    if mention.phrase_start is None:
        return _WORD.findall(mention.text), []
    offset = mention.phrase_start - mention.citation.start
    text, phrase = mention.text, mention.phrase or ""
    return _WORD.findall(text[:max(offset, 0)]), _WORD.findall(text[offset + len(phrase):])


def lemmas(text: str) -> Counter[str]:
    """text -> counts of the light lemmas of its content words."""
    return Counter(lemma(w.lower()) for w in _WORD.findall(text)
                   if w.lower() not in STOP and len(w) > 1)


def shingles(text: str, n: int = 4) -> list[str]:
    """text -> its lower-case word n-grams."""
    words = [w.lower() for w in _WORD.findall(text)]
    return [" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 1))]
