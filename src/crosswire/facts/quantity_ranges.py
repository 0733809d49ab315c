"""Step 4 of quantity extraction: neighbouring candidates linked as a range
('3,000-3,500', 'between 10 and 20', 'from 5 to 7', '$89 to $93 billion') become one.

``merge_ranges(candidates, text)`` -> the candidates with ranges joined.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from crosswire.facts.quantity_candidates import Candidate, DocIndex
from crosswire.facts.units import dimension_of

RANGE_LOW_END = re.compile(
    r"\s*(?:[-–—]|to|and|or)\s*(?:[$£€]|US\$)?\s*(?:\d|\.\d|(?:one|two|three|four|five|six"
    r"|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred)\b)", re.IGNORECASE)


def _compatible(a: Candidate, b: Candidate) -> bool:
    """Two ends of a range: same unit, or at most one of them carries it."""
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    if not a.table_unit or not b.table_unit:
        return True
    return a.currency and b.currency and (a.unit.startswith(b.unit) or b.unit.startswith(a.unit))


def _range_link(a: Candidate, b: Candidate, text: str) -> bool:
    """Is the text between a and b a range link ('-', 'to', 'and' after 'between', 'or')?"""
    between = text[a.end:b.start]
    before = text[max(0, a.start - 30):a.start]
    if b.qualifier != "exact" and not re.fullmatch(r"\s*to\s*", between, re.IGNORECASE):
        return False
    if re.fullmatch(r"\s?[-–—]\s?|\s*to-\s*|[-‑]\s+to\s+", between):  # '8- to 16-meter'
        return True
    if re.fullmatch(r"\s*and\s*", between):
        return bool(re.search(r"\bbetween\s*$", before, re.IGNORECASE))
    if re.fullmatch(r"\s*or\s*", between):
        return not a.table_unit and a.scale == 1.0 and _low(a) < _low(b)
    if re.search(r"\bfrom\s*$", before, re.IGNORECASE):
        return bool(re.fullmatch(r"(?:[^.;:!?]|(?<=\d)[.:](?=\d)){0,40}?\bto\s*", between,
                                 re.IGNORECASE))
    if re.fullmatch(r"\s*to\s*", between, re.IGNORECASE):
        if a.change == "=" and not re.search(r"\bby\s*$", before, re.IGNORECASE):
            return True
        # after a change: 'rose (by) 5 to 10 percent', 'by 1 to 1.5 degrees' are ranges;
        # 'rose by 1,200 to 45,000', 'by $43.6 billion to $419.2 billion' a change and a level
        return _low(a) <= _low(b) <= 5 * max(abs(_low(a)), 1.0)
    return False


def _low(c: Candidate) -> float:
    """The (first) value of a candidate."""
    return c.value[0] if isinstance(c.value, tuple) else c.value


def _merge(a: Candidate, b: Candidate, text: str) -> Candidate:
    """Two range ends -> one range candidate; the low end borrows the high end's scale."""
    low, high = _low(a), _low(b)
    if b.scale > 1.0 and a.scale == 1.0 and abs(low) <= abs(high / b.scale):
        low *= b.scale
    if a.table_unit != b.table_unit:
        source = a if a.table_unit else b
    elif a.unit is not None and b.unit is not None and b.unit.startswith(f"{a.unit} per "):
        source = b  # '$62 and $68 per share': the rate is written once, at the end
    else:
        source = a if a.unit is not None else b
    merged = replace(a, end=b.end, value=(low, high), unit=source.unit,
                     surface_unit=source.surface_unit, currency=source.currency,
                     table_unit=a.table_unit or b.table_unit, scale=b.scale)
    if merged.change in ("up", "down") and not re.search(r"\bfrom\s*$", text[:a.start]):
        merged.change = a.change
    return merged


def _borrow_units(cands: list[Candidate], text: str) -> None:
    """'280 million of the 1.5 billion shekels': a unitless number takes the unit of the
    quantity it is a part of."""
    for a, b in pairwise(cands):
        if a.unit is None and b.table_unit and re.fullmatch(
                r"\s+of\s+(?:the|a|an|its|their|his|her)\s+", text[a.end:b.start], re.IGNORECASE):
            a.unit, a.surface_unit, a.currency = b.unit, None, b.currency


def merge_ranges(cands: list[Candidate], text: str) -> list[Candidate]:
    """Left to right, join neighbours linked as ranges; a merged range is not re-joined."""
    _borrow_units(cands, text)
    out: list[Candidate] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        if i + 1 < len(cands) and not isinstance(a.value, tuple) \
                and not isinstance(cands[i + 1].value, tuple) and a.kind != "fraction" \
                and _compatible(a, cands[i + 1]) and _range_link(a, cands[i + 1], text):
            merged = _merge(a, cands[i + 1], text)
            if isinstance(merged.value, tuple) and merged.value[0] == merged.value[1]:
                merged.value = merged.value[0]  # a score or tie ('2-2'): one number
            out.append(merged)
            i += 2
            continue
        out.append(a)
        i += 1
    return out



_COORDINATION = re.compile(r"(?:^|[\s,])(?:and|but|while|whereas|or)\s|[,;]\s", re.IGNORECASE)
_NOT_ELIDED_AFTER = re.compile(r"\b(?:to|from|of|at|per|than|about|in|on|for)\s*$|[-–]$",
                               re.IGNORECASE)


def borrow_elided_units(cands: list[Candidate], index: DocIndex) -> None:
    """'increased by 2 percent but NASDAQ decreased by 1', '-1.4 degree ... in 2018 and 2.1
    last year': a bare number coordinated after a quantity of the same sentence leaves its unit
    unsaid; it takes that quantity's unit. Not after 'to', 'of', 'at', ... (a level, a part, a
    time: 'rose 1.2% to 2,900'), in a score ('12-3') or before a noun of its own."""
    text = index.text
    for a, b in pairwise(cands):
        if b.unit is not None or b.noun is not None or a.unit is None or b.kind != "digits" \
                or isinstance(b.value, tuple) or isinstance(a.value, tuple):
            continue
        between = text[a.end:b.start]
        if len(between) > 60 or re.search(r"[.!?]\s", between) or not _COORDINATION.search(between):
            continue
        if _NOT_ELIDED_AFTER.search(text[max(0, b.start - 8):b.start]) \
                or re.match(r"[-–]", text[b.end:b.end + 1]):
            continue
        last = index.token_at(b.num_end - 1)
        following = last.doc[last.i + 1] if last is not None and last.i + 1 < len(last.doc) \
            else None
        if following is not None and (following.pos_ in ("NOUN", "PROPN")
                                      or following.tag_ == "VBZ"):  # '39 passes' mis-tagged
            continue
        b.unit, b.currency, b.table_unit = a.unit, a.currency, a.table_unit


def inherit_conversion_bounds(cands: list[Candidate], text: str) -> None:
    """'more than 7.5 million Danish crowns (US $1.1 million)', 'just under 296 hp (224 kW /
    300 PS)': a conversion in brackets restates the quantity before it, so it takes that
    quantity's bound and direction (same dimension, both in units of measure or money)."""
    for a, b in pairwise(cands):
        if not (a.table_unit and b.table_unit) or (b.qualifier, b.change) != ("exact", "="):
            continue
        if dimension_of(a.unit) != dimension_of(b.unit):
            continue
        between = text[a.end:b.start]
        opened = re.fullmatch(r"\s*\(\s*(?:US|U\.\s?S\.)?\s*", between)
        continued = re.fullmatch(r"\s*/\s*", between) and text.rfind("(", 0, a.start) > \
            text.rfind(")", 0, a.start)
        if opened or continued:
            b.qualifier, b.change = a.qualifier, a.change


def share_suspended_units(cands: list[Candidate], text: str) -> None:
    """'four-, five- and six-cylinder engines', '10- to 15-year sentences', '45 and 50 mg':
    a number left hanging on a hyphen, or listed right before another, takes the unit of the
    one that completes the series."""
    for a, b in reversed(list(pairwise(cands))):
        if a.unit is not None or b.unit is None:
            continue
        between = text[a.end:b.start]
        hanging = re.fullmatch(r"[-‑]\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or|to)\s+)", between)
        listed = re.fullmatch(r",?\s+(?:and|or)\s+|,\s+", between) \
            and a.kind == b.kind == "digits" \
            and not re.search(r"\bbetween\s*$", text[max(0, a.start - 10):a.start], re.I)
        if hanging or listed:
            a.unit, a.currency, a.table_unit, a.noun = b.unit, b.currency, b.table_unit, b.noun
