"""Quantities in news text: every number an outlet reports, with unit, bound and what it counts.

``extract_quantities(doc)`` -> list of ``Quantity`` (char offsets into ``doc.text``).

How it works, in order (rules are general English quantity grammar):
1. numbers: digits ("3,250", "3.2 million", "5bn"), number words ("twenty-one", "a dozen",
   "two and a half"), fractions ("a third of", "1/16", "2 1/2") and vague plural magnitudes
   ("dozens", "hundreds of thousands": ranges, see ``crosswire.facts.numbers``); numbers split
   by tokenized text ("20, 000", "5. 4 per cent") joined under guards (``split_numbers``);
2. units: a currency before the number ("$", "US$", "£") or a unit after it ("%", "per cent",
   "km/h", "year-old", "on the Richter scale"; the lexicon is ``units.json``, hand-made plus
   quantulum3's units), optionally "per X" / "a month" (``quantity_candidates``);
3. filters: times of day, dates, years (1000-2100 with no unit and no counted noun, or after
   a determiner or a date), ordinals, identifiers ("iPhone 11", "S&P 500", "Game 7",
   addresses); ages ("Comeaux, 49,", "he will be 35") (``quantity_filters``);
4. neighbours (``quantity_ranges``): ranges ("3,000-3,500", "between 10 and 20", "from 5 to
   7", "$89 to $93 billion"), units shared along a series ("four-, five- and six-cylinder",
   "45 and 50 mg") or left unsaid ("3 were killed and 12 injured"), a bracketed conversion
   keeping the bound ("under 296 hp (224 kW)");
5. counted nouns from the dependency parse ("3,250 people" -> unit "people", ``counted``),
   bounds ("more than" -> more_than) and direction ("rose 5%", "grow sales by 5%" -> "up");
6. ``counted``: a short description of what is counted or measured (whose age, for an age),
   for alignment; ``dimension``: the kind of thing measured (``units.dimension_of``);
   ``non_fact``: why a quantity is no fact to line up (a figure of speech, a report's time
   frame, a rank: ``non_facts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from crosswire.facts.counted import assign_count_noun, counted_of
from crosswire.facts.non_facts import non_fact_reason
from crosswire.facts.numbers import Value, find_numbers
from crosswire.facts.quantity_candidates import Candidate, DocIndex, make_candidate
from crosswire.facts.quantity_filters import (
    bare_one,
    blocked_word_number,
    counts_next_plural,
    glued_letters,
    is_age_apposition,
    is_age_predicate,
    is_identifier,
    is_time_or_date,
    is_year,
    masked_spans,
    names_counted_noun,
    opens_line,
)
from crosswire.facts.quantity_ranges import (
    RANGE_LOW_END,
    borrow_elided_units,
    inherit_conversion_bounds,
    merge_ranges,
    share_suspended_units,
)
from crosswire.facts.split_numbers import rejoin_split_numbers
from crosswire.facts.units import dimension_of

QUALIFIER_CHANGE = {
    "exact": "=", "about": "~", "more_than": ">", "at_least": ">",
    "less_than": "<", "at_most": "<", "up_to": "<",
}


@dataclass(frozen=True)
class Quantity:
    """One quantity phrase: ``text`` == ``doc.text[start:end]``.

    ``value`` is a float or a (low, high) range in the order written; ``unit`` the normalised
    unit (NewsQuant names; for counts the counted noun, e.g. "people"); ``qualifier`` one of
    exact | about | more_than | at_least | less_than | at_most | up_to; ``change`` NewsQuant's
    "=", "~", ">", "<", "up", "down"; ``counted`` what is counted or measured, or None (for
    an age: whose age, 'Comeaux' or 'man'); ``dimension`` the kind of thing measured ("count",
    "money", "percentage", "length", "mass", "time", "age", "speed", "area", "rate", ...:
    ``units.dimension_of``); ``non_fact`` why the quantity is no fact to line up across
    outlets ("idiom", "time frame", "rank", "vague magnitude": ``non_facts``), or None for a
    fact.
    """

    start: int
    end: int
    text: str
    value: Value
    unit: str | None
    surface_unit: str | None
    qualifier: str = "exact"
    change: str = "="
    counted: str | None = None
    dimension: str = "count"
    non_fact: str | None = None


_QUALIFIERS = [
    ("at_most", r"at\s+most|no\s+more\s+than|not\s+more\s+than|as\s+many\s+as|as\s+much\s+as"
                r"|a\s+maximum\s+of|maximum\s+of|as\s+high\s+as"),
    ("at_least", r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than"
                 r"|a\s+minimum\s+of|minimum\s+of|as\s+low\s+as"),
    ("up_to", r"up\s+to"),
    ("less_than", r"(?:just\s+|slightly\s+|well\s+)?(?:under|below|less\s+than|fewer\s+than"
                  r"|lower\s+than|short\s+of)|sub-"),
    ("more_than", r"(?:just\s+|slightly\s+|well\s+)?(?:more\s+than|over|above|over\s+than"
                  r"|greater\s+than|higher\s+than|in\s+excess\s+of|upwards\s+of|north\s+of"
                  r"|exceeding)"),
    ("about", r"about|around|approximately|approx\.?|roughly|nearly|almost|some|an\s+estimated"
              r"|estimated|close\s+to|circa|~|≈|more\s+or\s+less|just\s+about"),
    ("exact", r"exactly|precisely"),
]
_QUALIFIER_RE = [(name, re.compile(rf"(?:^|(?<=[\s(“\"]))(?:{pattern})[\s“\"‘']*$", re.IGNORECASE))
                 for name, pattern in _QUALIFIERS]
_UP = (r"rose|rises?|risen|rising|gain(?:ed|s|ing)?|jump(?:ed|s|ing)?|climb(?:ed|s|ing)?"
       r"|add(?:ed|s|ing)|advanc(?:ed|es|ing)|increas(?:ed|es|e|ing)|surg(?:ed|es|ing)"
       r"|soar(?:ed|s|ing)?|gr[eo]w(?:s|n|ing)?|boost(?:ed|s|ing)?|rall(?:ied|ies|y)"
       r"|up|higher|lift(?:ed|s)?|spik(?:ed|es)|edg(?:ed|es)\s+up|upwards?")
_DOWN = (r"fell|falls?|fallen|falling|drop(?:ped|s|ping)?|lost|los(?:es|ing)|slid(?:es|ing)?"
         r"|slip(?:ped|s|ping)?|declin(?:ed|es|ing)|decreas(?:ed|es|e|ing)|plung(?:ed|es|ing)"
         r"|plummet(?:ed|s|ing)?|tumbl(?:ed|es|ing)|sank|sink(?:s|ing)?|eas(?:ed|es|ing)"
         r"|down|lower|shed|dipp?(?:ed|s|ing)?|slump(?:ed|s|ing)?|retreat(?:ed|s|ing)?"
         r"|shr[aiu]nk|shrinks?|contract(?:ed|s|ing)|cut|edg(?:ed|es)\s+down|downwards?")
_UP_RE = re.compile(rf"\b(?:{_UP})(?:\s+(?:by|of))?\s*$", re.IGNORECASE)
_DOWN_RE = re.compile(rf"\b(?:{_DOWN})(?:\s+(?:by|of))?\s*$", re.IGNORECASE)
_AVERAGED = re.compile(r"\baverag(?:ed|es|ing)\s+$", re.IGNORECASE)
_UP_LEMMAS = frozenset({"rise", "increase", "grow", "gain", "jump", "climb", "raise", "boost",
                        "lift", "surge", "soar", "expand", "advance", "rally", "hike", "double"})
_DOWN_LEMMAS = frozenset({"fall", "decrease", "drop", "decline", "cut", "reduce", "lower",
                          "slash", "shrink", "lose", "slide", "plunge", "sink", "tumble", "ease",
                          "dip", "trim", "contract", "slump", "halve"})
_PLUS_RE = re.compile(r"(?:^|[\s(])\+$")


# --------------------------------------------------------------------------- qualifiers

def _qualify(cand: Candidate, text: str, index: DocIndex) -> None:
    """Bound words before the phrase ('more than', 'up to', 'about') and direction words
    ('rose', 'down', '+') set ``qualifier`` and ``change``; the phrase widens over them."""
    before = text[max(0, cand.start - 40):cand.start]
    for name, regex in _QUALIFIER_RE:
        found = regex.search(before)
        if found:
            cand.qualifier, cand.change = name, QUALIFIER_CHANGE[name]
            cand.start -= len(before) - found.start()
            before = before[:found.start()]
            break
    after = text[cand.end:cand.end + 12]
    if cand.qualifier == "exact" and re.match(r"\s*(?:or\s+more|-?plus)\b", after, re.IGNORECASE):
        cand.qualifier, cand.change = "at_least", ">"
    elif cand.qualifier == "exact" and re.match(r"\s*or\s+so\b", after, re.IGNORECASE):
        cand.qualifier, cand.change = "about", "~"
    if cand.qualifier == "exact" and _AVERAGED.search(before):
        cand.change = "~"  # 'averaged 7.3 points': NewsQuant reads an average as approximate
    if _PLUS_RE.search(before) or (
            _UP_RE.search(before) and not re.search(r"\bup\s+to\s*$", before, re.IGNORECASE)
            and not _particle_up(cand, index)):
        cand.change = "up"
    elif _DOWN_RE.search(before):
        cand.change = "down"
    elif cand.change == "=" and re.search(r"\bby\s*$", before, re.IGNORECASE):
        cand.change = _verb_direction(cand, index) or cand.change


_PHRASAL_UP = frozenset({"give", "pick", "make", "set", "take", "sign", "put", "bring", "wrap",
                         "use", "line", "sum", "break", "back", "hold", "show", "rack", "snap",
                         "scoop", "call", "look", "team", "split", "open", "free", "mop"})


def _particle_up(cand: Candidate, index: DocIndex) -> bool:
    """'gave up 517 rushing yards', 'racked up 30 points' -> True: 'up' is the particle of a
    phrasal verb that says no direction ('trending up 0.2%' does)."""
    token = index.token_before(cand.start)
    while token is not None and token.i > 0 and not token.is_alpha:
        token = token.doc[token.i - 1]
    return token is not None and token.lower_ == "up" and token.dep_ == "prt" \
        and token.head.lemma_.lower() in _PHRASAL_UP


def _verb_direction(cand: Candidate, index: DocIndex) -> str | None:
    """'grow sales by 35 per cent', 'cut its workforce by 10%' -> 'up' / 'down': the verb
    the 'by' phrase hangs from says the direction."""
    by = index.token_before(cand.start)
    while by is not None and by.lower_ != "by" and by.i > 0 and by.is_space:
        by = by.doc[by.i - 1]
    if by is None or by.lower_ != "by" or by.head.pos_ != "VERB":
        return None
    lemma = by.head.lemma_.lower()
    return "up" if lemma in _UP_LEMMAS else "down" if lemma in _DOWN_LEMMAS else None


def _candidates(index: DocIndex) -> list[Candidate]:
    """Steps 1-3: number mentions -> candidates with units, non-quantities filtered out."""
    text = index.text
    masks = masked_spans(text)
    out: list[Candidate] = []
    for mention in rejoin_split_numbers(text, find_numbers(text)):
        if any(a < mention.end and mention.start < b for a, b in masks):
            continue
        cand = make_candidate(mention, text, index)
        if cand is None or is_time_or_date(cand, text) or glued_letters(cand, text) \
                or blocked_word_number(cand, text, index):
            continue
        assign_count_noun(cand, index)
        if (is_year(cand, text) and not counts_next_plural(cand, index)) \
                or opens_line(cand, text):
            continue
        if names_counted_noun(cand, out, text) or bare_one(cand, text):
            continue
        if is_age_apposition(cand, text, index) or is_age_predicate(cand, index):
            cand.unit, cand.table_unit = "year of age", True
        if is_identifier(cand, text, index):
            if out and cand.start - out[-1].end <= 6 and RANGE_LOW_END.match(text, out[-1].end):
                out.pop()  # '16-18 Industrial Avenue': the low end goes with the name
            continue
        _qualify(cand, text, index)
        out.append(cand)
    return out


def _finish(cand: Candidate, index: DocIndex) -> Quantity:
    """candidate -> the public frozen Quantity."""
    start = cand.start
    text = index.text
    while start < cand.end and text[start].isspace():
        start += 1
    return Quantity(start=start, end=cand.end, text=text[start:cand.end], value=cand.value,
                    unit=cand.unit, surface_unit=cand.surface_unit, qualifier=cand.qualifier,
                    change=cand.change, counted=counted_of(cand, index),
                    dimension=dimension_of(cand.unit), non_fact=non_fact_reason(cand, text))


def extract_quantities(doc: Doc) -> list[Quantity]:
    """parsed doc -> every quantity it states, in text order (offsets into ``doc.text``)."""
    index = DocIndex(doc)
    cands = _candidates(index)
    share_suspended_units(cands, index.text)
    cands = merge_ranges(cands, index.text)
    borrow_elided_units(cands, index)
    inherit_conversion_bounds(cands, index.text)
    return [_finish(c, index) for c in cands]
