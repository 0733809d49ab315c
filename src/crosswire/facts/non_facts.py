"""Quantities that are no fact to line up across outlets, and why.

Quantity extraction returns what a quantity annotator (NewsQuant) counts; some of it states
nothing an outlet could corroborate: a figure of speech ("one of the most stark examples",
"one step closer"), the window a report covers ("in the past 24 hours", "a 24-hour period")
a rank ("ranked 3", "the top 10"), or a vague plural magnitude ("tens of thousands",
"dozens": nothing can confirm or contradict it). ``non_fact_reason(candidate, text)`` -> one of the
reasons below, or None for a fact. Dates, years, clock times, ordinals and identifiers are not
quantities at all and never reach this test (``quantity_filters`` drops them).
"""

from __future__ import annotations

import re

from crosswire.facts.quantity_candidates import Candidate
from crosswire.facts.units import dimension_of

IDIOM = "idiom"
TIME_FRAME = "time frame"
RANK = "rank"
VAGUE = "vague magnitude"
REASONS = (IDIOM, TIME_FRAME, RANK, VAGUE)

_ONE_OF = re.compile(r"\s+of\s+(?:the|his|her|their|its|our|my|your|these|those)\b",
                     re.IGNORECASE)
_STEPS = re.compile(r"[\s-]+steps?\s+(?:closer|behind|ahead|away|forward|back|further|removed"
                    r"|short|nearer)\b", re.IGNORECASE)
_HYPERBOLE = re.compile(r"(?:a|one)\s+(?:hundred|thousand|million|billion)$", re.IGNORECASE)
_SET_PHRASES = re.compile(r"\b(?:at|on\s+the)\s*$", re.IGNORECASE)
_SET_PHRASE_NOUNS = re.compile(r"\s+(?:point|hand)\b", re.IGNORECASE)
_FRAME_BEFORE = re.compile(
    r"\b(?:past|last|next|previous|coming|recent|within|first|final|over\s+the)"
    r"\s+$", re.IGNORECASE)
_FRAME_AFTER = re.compile(r"[\s-]*(?:window|period|span|time\s*frame|cycle|clock|basis|stretch)"
                          r"\b", re.IGNORECASE)
_RANK_BEFORE = re.compile(r"\b(?:ranked|ranks|ranking|top|no\.)\s*$", re.IGNORECASE)
_VAGUE = re.compile(r"(?:\b(?:tens|dozens|scores|hundreds|thousands|millions|billions)\b"
                    r"(?:\s+of)?\s*)+", re.IGNORECASE)


def _idiom(cand: Candidate, text: str) -> bool:
    """'one of the most stark examples', 'one step closer', 'ten steps behind', 'a million
    times', 'at one point', 'on the one hand' -> True."""
    surface = text[cand.num_start:cand.num_end].lower()
    after = text[cand.num_end:cand.num_end + 30]
    if surface in ("one", "1") and _ONE_OF.match(after):
        return True
    if _STEPS.match(after):
        return True
    if cand.unit == "count" and _HYPERBOLE.fullmatch(surface):
        return True
    before = text[max(0, cand.start - 12):cand.start]
    return surface == "one" and bool(_SET_PHRASES.search(before)) \
        and bool(_SET_PHRASE_NOUNS.match(after))


def _time_frame(cand: Candidate, text: str) -> bool:
    """'in the past 24 hours', 'within 48 hours', 'a 24-hour period' -> True: the window a
    report covers, not a duration it reports."""
    if cand.unit is None or dimension_of(cand.unit) != "time":
        return False
    before = text[max(0, cand.start - 16):cand.start]
    return bool(_FRAME_BEFORE.search(before) or _FRAME_AFTER.match(text, cand.end))


def non_fact_reason(cand: Candidate, text: str) -> str | None:
    """candidate (after qualifiers) -> why it is no fact ("idiom", "time frame", "rank",
    "vague magnitude"), or None."""
    if _idiom(cand, text):
        return IDIOM
    if _time_frame(cand, text):
        return TIME_FRAME
    if _RANK_BEFORE.search(text[max(0, cand.start - 10):cand.start]):
        return RANK
    number = text[cand.start:cand.end]
    if cand.surface_unit and number.endswith(cand.surface_unit):
        number = number[: -len(cand.surface_unit)]
    if not any(ch.isdigit() for ch in number) and _VAGUE.search(number):
        return VAGUE
    return None
