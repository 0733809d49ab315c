"""Quantities in news text: every number an outlet reports, with unit, bound and what it counts.

``extract_quantities(doc)`` -> list of ``Quantity`` (char offsets into ``doc.text``).

How it works, in order (rules are general English quantity grammar):
1. numbers: digits ("3,250", "3.2 million", "5bn"), number words ("twenty-one", "a dozen"),
   fractions ("a third of", "1/16") and vague plural magnitudes ("dozens", "hundreds of
   thousands": ranges, see ``crosswire.facts.numbers``);
2. units: a currency before the number ("$", "US$", "£") or a unit after it ("%", "per cent",
   "km/h", "year-old"), optionally "per X" / "a month";
3. filters: times of day, dates (next to a month name), bare years (1000-2100 with no unit and
   no counted noun), ordinals, identifiers ("iPhone 11", "S&P 500", "Game 7", addresses);
4. ranges: "3,000-3,500", "between 10 and 20", "from 5 to 7", "$89 to $93 billion";
5. counted nouns from the dependency parse ("3,250 people" -> unit "people"), bounds
   ("more than" -> more_than) and direction ("rose 5%" -> change "up");
6. ``counted``: a short description of what is counted or measured, for alignment.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

from spacy.tokens import Doc, Token

from crosswire.facts.numbers import NumberMention, Value, find_numbers
from crosswire.facts.units import TIME_UNITS, UnitMatch, currency_before, unit_after, unit_table

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
    "=", "~", ">", "<", "up", "down"; ``counted`` what is counted or measured, or None.
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


@dataclass
class _Candidate:
    """Working state of one mention while the rules run (internal)."""

    num_start: int
    num_end: int
    start: int
    end: int
    value: Value
    kind: str
    scale: float = 1.0
    unit: str | None = None
    surface_unit: str | None = None
    currency: bool = False
    table_unit: bool = False
    noun: Token | None = None
    qualifier: str = "exact"
    change: str = "="
    counted: str | None = None


# --------------------------------------------------------------------------- patterns

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS},?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:\s*(?:st|nd|rd|th))?,?\s*(?:of\s+)?{_MONTHS}(?![a-z])",
                          re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^\s?(?:[ap]\.m\.|[ap]m\b|(?-i:GMT|BST|EST|EDT|CST|CDT|PST|PDT|CET|UTC|ET|PT)\b"
    r"|o'clock|hours?\s+(?:GMT|local))", re.IGNORECASE,
)
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
       r"|up|higher|lift(?:ed|s)?|spik(?:ed|es)|edg(?:ed|es)\s+up")
_DOWN = (r"fell|falls?|fallen|falling|drop(?:ped|s|ping)?|lost|los(?:es|ing)|slid(?:es|ing)?"
         r"|slip(?:ped|s|ping)?|declin(?:ed|es|ing)|decreas(?:ed|es|e|ing)|plung(?:ed|es|ing)"
         r"|plummet(?:ed|s|ing)?|tumbl(?:ed|es|ing)|sank|sink(?:s|ing)?|eas(?:ed|es|ing)"
         r"|down|lower|shed|dipp?(?:ed|s|ing)?|slump(?:ed|s|ing)?|retreat(?:ed|s|ing)?"
         r"|shr[aiu]nk|shrinks?|contract(?:ed|s|ing)|cut|edg(?:ed|es)\s+down")
_UP_RE = re.compile(rf"\b(?:{_UP})(?:\s+(?:by|of))?\s*$", re.IGNORECASE)
_DOWN_RE = re.compile(rf"\b(?:{_DOWN})(?:\s+(?:by|of))?\s*$", re.IGNORECASE)
_PLUS_RE = re.compile(r"(?:^|[\s(])\+$")
_PER_RE = re.compile(r"\s*(?:(?P<per>per|/|each)|(?P<a>-?an?-?))\s*"
                     r"(?!(?:year|month|week|day|decade)s?\s+(?:earlier|ago|later|before|after)\b)",
                     re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z]+")
_US_SUFFIX = re.compile(r"\s?(?:US|U\.S\.)(?![A-Za-z])")
_GLUED_SCALE = re.compile(r"(?-i:m|b|B|bn|M|k|K)(?![A-Za-z])")
_LETTER_HYPHEN = re.compile(r"([A-Za-z]+)\s?[-‑]$")
_SIGN_WORDS = frozenset({"to", "at", "was", "is", "of", "by", "from", "and", "hit", "or"})
_ONE_BLOCKERS = frozenset({
    "the", "this", "that", "which", "each", "every", "no", "any", "same", "another", "only",
    "little", "big", "new", "old", "last", "first", "next", "other", "someone", "everyone",
})
_HALF_BLOCKERS = frozenset({"first", "second", "the", "other", "latter", "opening", "back",
                            "front", "final", "last", "a", "one"})
_NOUN_TAGS = frozenset({"NN", "NNS", "NNPS", "NNP"})
_FUNCTION_WORDS = frozenset({"and", "or", "of", "the", "a", "an", ","})


# --------------------------------------------------------------------------- doc index

class _DocIndex:
    """Character offset -> token lookups on one parsed doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts = [t.idx for t in doc]

    def token_at(self, char: int) -> Token | None:
        """char offset -> the token that covers it (None for whitespace or an empty doc)."""
        i = bisect_right(self.starts, char) - 1
        if i < 0:
            return None
        token = self.doc[i]
        return token if char < token.idx + len(token.text) else None

    def token_before(self, char: int) -> Token | None:
        """char offset -> the last token ending at or before it."""
        i = bisect_right(self.starts, char - 1) - 1
        while i >= 0 and self.doc[i].idx + len(self.doc[i].text) > char:
            i -= 1
        return self.doc[i] if i >= 0 else None


# --------------------------------------------------------------------------- step 1-2

def _sign_and_prefix(text: str, mention: NumberMention) -> tuple[int, float, bool] | None:
    """mention -> (start of the phrase so far, sign, name_hyphen); None drops the mention.

    Handles "minus-5", "$-50.8bn" (sign) and rejects "S22"; ``name_hyphen`` flags "TA-35",
    "COVID-19" (a word joined to the number), kept only when a unit follows ("now-18 month-old").
    """
    start = mention.start
    before = text[max(0, start - 12):start]
    minus = re.search(r"(?:minus[\s-]?|(?<=[\s($])[-−]|^[-−])$", before, re.IGNORECASE)
    if minus and before[minus.start() - 1:minus.start()] not in ("$",):
        word = re.search(r"(\w+)\s*[-−]$", before)
        if minus.group(0).lower().startswith("minus") or word is None \
                or word.group(1).lower() in _SIGN_WORDS:
            return start - len(minus.group(0)), -1.0, True
    if re.search(r"\$[-−]$", before):
        return start - 1, -1.0, True
    if start > 0 and text[start - 1].isalpha() and currency_before(text, start) is None:
        return None
    if re.search(r"[#×^]\s?$|\bNo\.\s?$|\bno\.\s?$", before):
        return None
    hyphen = _LETTER_HYPHEN.search(before)
    joined = bool(hyphen and hyphen.group(1).lower() not in {"sub", "minus", "to", "and", "or"})
    return start, 1.0, joined


def _currency(text: str, start: int) -> UnitMatch | None:
    """phrase start -> the currency prefix written right before it (PS4/PS5 are not pounds)."""
    match = currency_before(text, start)
    if match is None:
        return None
    if text[match.start:match.end].strip() == "PS" and re.match(r"\d(?![\d.,])", text[start:]):
        return None
    return match


def _per_unit(text: str, pos: int, unit: str, index: _DocIndex) -> tuple[str, int] | None:
    """'... per barrel' / '... a month' / '.../cm2' after a unit -> ('dollar per barrel', end)."""
    if unit == "percentage":
        return None
    per = _PER_RE.match(text, pos)
    if per is None or per.end() == pos:
        return None
    denominator = unit_after(text, per.end(), allow_gap=False)
    if denominator is not None and not denominator.currency:
        return f"{unit} per {denominator.name}", denominator.end
    word = _WORD_RE.match(text, per.end())
    if word is None:
        return None
    lemma = word.group(0).lower()
    token = index.token_at(word.start())
    if token is not None and token.idx == word.start():
        lemma = token.lemma_.lower()
    if (per.group("per") or "").lower() == "per" or lemma in TIME_UNITS:
        return f"{unit} per {lemma}", word.end()
    return None


def _attach_unit(cand: _Candidate, text: str, index: _DocIndex) -> None:
    """Fill in currency or unit (and 'per X') and widen the phrase over them."""
    currency = _currency(text, cand.start)
    end = cand.num_end
    if currency is not None:
        cand.unit, cand.currency, cand.table_unit = currency.name, True, True
        cand.surface_unit = text[currency.start:currency.end].strip()
        cand.start = currency.start
        glued = _GLUED_SCALE.match(text, end)
        if glued and cand.kind == "digits" and cand.scale == 1.0:
            factor = {"m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "k": 1e3, "K": 1e3}
            cand.scale = factor[glued.group(0)]
            assert isinstance(cand.value, float)
            cand.value *= cand.scale
            end = glued.end()
        us = _US_SUFFIX.match(text, end)
        end = us.end() if us else end
    else:
        unit = _unit_after_number(cand, text)
        if unit is not None:
            cand.unit, cand.currency, cand.table_unit = unit.name, unit.currency, True
            cand.surface_unit = text[unit.start:unit.end]
            end = unit.end
    if cand.unit is not None:
        per = _per_unit(text, end, cand.unit, index)
        if per is not None:
            cand.unit, end = per
            cand.surface_unit = text[cand.start:end] if currency else text[
                cand.num_end:end].strip(" -")
    cand.end = end


def _unit_after_number(cand: _Candidate, text: str) -> UnitMatch | None:
    """The unit after the number ('5 km', '85%', 'hundreds of miles'), with the risky
    one-letter symbols ('a' = year, 'b' = bit) only at the end of a clause."""
    pos = cand.num_end
    if cand.kind in ("magnitude", "fraction"):
        of = re.match(r"\s+of\s+(?:the\s+)?", text[pos:pos + 20], re.IGNORECASE)
        if of is None:
            return None
        pos += of.end()
    unit = unit_after(text, pos)
    if unit is None:
        return None
    surface = text[unit.start:unit.end]
    if surface in ("a", "b") and not re.match(r"\s*(?:[,.;:)]|and\b|or\b|$)", text[unit.end:]):
        return None
    if surface in ("a", "p", "C", "F", "L", "l", "V", "h") \
            and re.match(r"\.\s?[a-z]", text[unit.end:unit.end + 3]):
        return None  # 'p.m.', 'a.k.a.'
    return unit


def _candidate(mention: NumberMention, text: str, index: _DocIndex) -> _Candidate | None:
    """One number mention -> a candidate with sign, currency and unit, or None."""
    signed = _sign_and_prefix(text, mention)
    if signed is None:
        return None
    start, sign, joined = signed
    value: Value = mention.value
    if isinstance(value, float):
        value = sign * value
    scale = 1.0
    if mention.kind == "digits" and isinstance(value, float):
        base = re.match(r"[\d,]*\.?\d+", text[mention.start:mention.end])
        if base is not None and float(base.group(0).replace(",", "")):
            scale = abs(value) / float(base.group(0).replace(",", ""))
    cand = _Candidate(mention.start, mention.end, start, mention.end, value, mention.kind, scale)
    _attach_unit(cand, text, index)
    return None if joined and not cand.table_unit else cand


# --------------------------------------------------------------------------- step 3 filters

def _is_time_or_date(cand: _Candidate, text: str) -> bool:
    """'5am', '10.45pm', 'March 29', '8 July', 'Oct. 31' -> True."""
    if cand.table_unit:
        return False
    after = text[cand.num_end:cand.num_end + 16]
    before = text[max(0, cand.start - 12):cand.start]
    if _TIME_AFTER.match(after):
        return True
    if cand.kind != "digits" or not isinstance(cand.value, float) or cand.value > 31:
        return False
    return bool(_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after))


def _opens_line(cand: _Candidate, text: str) -> bool:
    """'2309 The BBC's ...', '1410 Reports from ...': four digits opening a line are a
    timestamp or a year (news style spells out numbers that open a sentence)."""
    if cand.kind != "digits" or cand.currency or cand.table_unit:
        return False
    line_start = text.rfind("\n", 0, cand.num_start) + 1
    return not text[line_start:cand.num_start].strip() \
        and bool(re.fullmatch(r"\d{4}", text[cand.num_start:cand.num_end]))


def _is_year(cand: _Candidate, text: str) -> bool:
    """A bare 4-digit integer 1000-2100 with no unit: a year ('in 2019', '2018s')."""
    if cand.kind != "digits" or cand.table_unit or not isinstance(cand.value, float):
        return False
    surface = text[cand.num_start:cand.num_end]
    return bool(re.fullmatch(r"1\d{3}|2[01]\d{2}", surface))


def _bare_one(cand: _Candidate, text: str) -> bool:
    """'one of them', 'the one who': the word 'one' with no unit is a pronoun, not a count."""
    return cand.unit is None and text[cand.num_start:cand.num_end].lower() == "one"


def _names_counted_noun(cand: _Candidate, earlier: list[_Candidate], text: str) -> bool:
    """'two new 737 Max jets' -> True for 737: a second number on a noun already counted,
    not linked to the first as a range, is part of a name."""
    if cand.kind != "digits" or cand.noun is None or not earlier:
        return False
    previous = earlier[-1]
    if previous.noun is None or previous.noun.i != cand.noun.i:
        return False
    return not re.search(r"\b(?:to|and|or)\b|[-–—]", text[previous.end:cand.start])


def _counts_next_plural(cand: _Candidate, index: _DocIndex) -> bool:
    """'1000 customers' -> True: the counted noun is plural and comes right after the number."""
    noun = cand.noun
    last = index.token_at(cand.num_end - 1)
    if noun is None or last is None or noun.tag_ not in ("NNS", "NNPS"):
        return False
    return all(t.is_alpha and t.dep_ in ("compound", "amod") for t in noun.doc[last.i + 1:noun.i])


def _glued_letters(cand: _Candidate, text: str) -> bool:
    """'9AB8', '2018s', '3s' -> True: letters stuck to a number that are no unit."""
    if cand.table_unit or cand.end != cand.num_end:
        return False
    return bool(re.match(r"[A-Za-z]", text[cand.num_end:cand.num_end + 1]))


def _blocked_word_number(cand: _Candidate, text: str, index: _DocIndex) -> bool:
    """'the same one', 'one another', 'first half of' -> True (not quantities)."""
    surface = text[cand.num_start:cand.num_end].lower()
    previous = re.findall(r"[A-Za-z]+", text[max(0, cand.start - 15):cand.start])
    prev = previous[-1].lower() if previous else ""
    if cand.kind == "fraction" and surface == "half":
        return prev in _HALF_BLOCKERS
    if cand.kind != "words":
        return False
    if surface == "one":
        following = text[cand.num_end:cand.num_end + 12].lower()
        if prev in _ONE_BLOCKERS or re.match(r"\s*(?:another|'s|by one|after|or (?:the )?other)",
                                             following):
            return True
    token = index.token_at(cand.num_start)
    return token is not None and token.tag_ not in ("CD", "DT", "JJ") and surface != "one"


# --------------------------------------------------------------------------- step 4 ranges

def _compatible(a: _Candidate, b: _Candidate) -> bool:
    """Two ends of a range: same unit, or at most one of them carries it."""
    if a.unit is None or b.unit is None or a.unit == b.unit:
        return True
    if not a.table_unit or not b.table_unit:
        return True
    return a.currency and b.currency and (a.unit.startswith(b.unit) or b.unit.startswith(a.unit))


def _range_link(a: _Candidate, b: _Candidate, text: str) -> bool:
    """Is the text between a and b a range link ('-', 'to', 'and' after 'between', 'or')?"""
    between = text[a.end:b.start]
    before = text[max(0, a.start - 30):a.start]
    if b.qualifier != "exact" and not re.fullmatch(r"\s*to\s*", between, re.IGNORECASE):
        return False
    if re.fullmatch(r"\s?[-–—]\s?|\s*to-\s*", between):
        return True
    if re.fullmatch(r"\s*and\s*", between):
        return bool(re.search(r"\bbetween\s*$", before, re.IGNORECASE))
    if re.fullmatch(r"\s*or\s*", between):
        return not a.table_unit and a.scale == 1.0 and _low(a) < _low(b)
    if re.search(r"\bfrom\s*$", before, re.IGNORECASE):
        return bool(re.fullmatch(r"[^.;:!?]{0,40}?\bto\s*", between, re.IGNORECASE))
    if re.fullmatch(r"\s*to\s*", between, re.IGNORECASE):
        changed = a.change != "=" or re.search(r"\bby\s*$", before, re.IGNORECASE)
        return not changed or not a.table_unit  # 'by $43.6 billion to $419.2 billion': 2
    return False


def _low(c: _Candidate) -> float:
    """The (first) value of a candidate."""
    return c.value[0] if isinstance(c.value, tuple) else c.value


def _merge(a: _Candidate, b: _Candidate, text: str) -> _Candidate:
    """Two range ends -> one range candidate; the low end borrows the high end's scale."""
    low, high = _low(a), _low(b)
    if b.scale > 1.0 and a.scale == 1.0 and abs(low) <= abs(high / b.scale):
        low *= b.scale
    if a.table_unit != b.table_unit:
        source = a if a.table_unit else b
    else:
        source = a if a.unit is not None else b
    merged = replace(a, end=b.end, value=(low, high), unit=source.unit,
                     surface_unit=source.surface_unit, currency=source.currency,
                     table_unit=a.table_unit or b.table_unit, scale=b.scale)
    if merged.change in ("up", "down") and not re.search(r"\bfrom\s*$", text[:a.start]):
        merged.change = a.change
    return merged


def _borrow_units(cands: list[_Candidate], text: str) -> None:
    """'280 million of the 1.5 billion shekels': a unitless number takes the unit of the
    quantity it is a part of."""
    for a, b in pairwise(cands):
        if a.unit is None and b.table_unit and re.fullmatch(
                r"\s+of\s+(?:the|a|an|its|their|his|her)\s+", text[a.end:b.start], re.IGNORECASE):
            a.unit, a.surface_unit, a.currency = b.unit, None, b.currency


def _merge_ranges(cands: list[_Candidate], text: str) -> list[_Candidate]:
    """Left to right, join neighbours linked as ranges; a merged range is not re-joined."""
    _borrow_units(cands, text)
    out: list[_Candidate] = []
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


# --------------------------------------------------------------------------- step 5 parse

_NOT_COUNT_MARKERS = frozenset({"last", "next", "this", "that", "the", "a", "an", "these",
                                "those", "each", "every", "per", "its", "their", "his", "her"})


def _noun_after(cand: _Candidate, index: _DocIndex) -> Token | None:
    """The noun the number counts ('3,250 people', 'dozens of people', 'one of the X')."""
    last = index.token_at(cand.num_end - 1)
    if last is None:
        return None
    head = last
    while head.dep_ == "conj" and head.head.tag_ == "CD" and head.head.i < head.i:
        head = head.head  # 'between 10 and 20 people': 20 hangs on 10
    while head.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "advmod") \
            and head.head.i > head.i and head.head.i - last.i <= 5:
        head = head.head
        if head.tag_ in _NOUN_TAGS:
            break
    if head.i != last.i and head.tag_ in _NOUN_TAGS and _plain_count_noun(last, head):
        return head
    if last.lower_ in ("one", "two", "three", "four", "five") or cand.kind == "magnitude":
        return _of_object(index, cand)
    return None


def _plain_count_noun(last: Token, noun: Token) -> bool:
    """Is ``noun`` counted by the number ending at ``last``?  Not when a determiner or
    'last'/'next' stands between ('2.1 last year') or the noun carries digits ('10W')."""
    between = last.doc[last.i + 1:noun.i]
    if any(t.is_punct and t.tag_ != "HYPH" for t in between):
        return False
    if any(t.lower_ in _NOT_COUNT_MARKERS for t in between):
        return False
    return not any(ch.isdigit() for ch in noun.text) and noun.text[:1] not in "-–"


def _of_object(index: _DocIndex, cand: _Candidate) -> Token | None:
    """'dozens of people' / 'two of the victims' -> the noun after 'of'."""
    match = re.match(r"\s+of\s+", index.text[cand.num_end:cand.num_end + 8])
    if match is None:
        return None
    first = index.token_at(cand.num_end + match.end())
    while first is not None and first.dep_ in ("det", "amod", "compound", "nummod", "advmod",
                                               "nmod", "punct", "poss", "case") \
            and first.head.i > first.i:
        first = first.head
    return first if first is not None and first.tag_ in ("NNS", "NNPS") else None


def _count_unit(noun: Token, first: int) -> str | None:
    """counted noun, index of the first token after the number -> unit name: the noun's
    modifiers as written plus its lemma ('first-team players' -> 'first-team player');
    a noun that is a table unit gets its table name ('years' -> 'year')."""
    table = unit_table()
    lemma = noun.lemma_
    if noun.tag_ == "NNPS" and re.search(r"[^s]s$", lemma):
        lemma = lemma[:-1]  # 'World Cups' -> 'World Cup'
    name = table.name_of(noun.text, False) or table.name_of(lemma, False)
    if name is not None:
        return name
    if noun.tag_ == "NNP" or noun.lower_ in ("%",):
        return None
    numbers = [t.i for t in noun.doc[first:noun.i] if t.tag_ == "CD"]
    first = max(numbers) + 1 if numbers else first
    modifiers = [t for t in noun.doc[first:noun.i]
                 if t.lower_ not in _FUNCTION_WORDS and t.dep_ not in ("det", "advmod", "prep")
                 and not (t.is_punct and t.tag_ != "HYPH") and t.lower_ not in ("most", "more")
                 and t.tag_ != "CD"]
    words = [(t.lemma_ if t.tag_ in ("JJS", "JJR") else t.text) for t in modifiers]
    phrase = " ".join([*words, lemma]).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
    return phrase.strip(" -–") or None


_RANGE_LOW_END = re.compile(
    r"\s*(?:[-–—]|to|and|or)\s*(?:[$£€]|US\$)?\s*(?:\d|\.\d|(?:one|two|three|four|five|six"
    r"|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred)\b)", re.IGNORECASE)


def _assign_count_noun(cand: _Candidate, index: _DocIndex) -> None:
    """A unitless number that counts a noun gets that noun as unit ('7 games' -> 'game'),
    and 'per X' after it ('three thousand tests per day' -> 'test per day')."""
    if cand.table_unit or _RANGE_LOW_END.match(index.text, cand.num_end):
        return
    noun = _noun_after(cand, index)
    last = index.token_at(cand.num_end - 1)
    if noun is None or noun.idx < cand.num_end or last is None:
        return
    if noun.tag_ == "NNP" and noun.lower_ not in ("people",):
        cand.noun = noun
        return
    first = last.i + 1
    of = re.match(r"\s+of\s+", index.text[cand.num_end:noun.idx + 1])
    if of is not None:
        after_of = index.token_at(cand.num_end + of.end())
        first = after_of.i if after_of is not None else noun.i
    unit = _count_unit(noun, first)
    if unit is None:
        return
    cand.noun, cand.unit = noun, unit
    numbers = [t.i for t in noun.doc[first:noun.i] if t.tag_ == "CD"]
    first = max(numbers) + 1 if numbers else first
    cand.surface_unit = noun.doc[min(first, noun.i):noun.i + 1].text
    per = _per_unit(index.text, noun.idx + len(noun.text), unit, index)
    if per is not None:
        cand.unit = per[0]


def _is_identifier(cand: _Candidate, text: str, index: _DocIndex) -> bool:
    """Unitless number inside a name: 'iPhone 11', 'Game 7', 'S&P 500', '575 Wilbraham Road'."""
    if cand.noun is not None and cand.noun.tag_ == "NNP":
        return True
    if cand.table_unit:
        return False
    if cand.unit is not None:  # a counted noun: 'iPhone 11 Pro cameras', not 'record 32 goals'
        prev = index.token_before(cand.start)
        return prev is not None and prev.tag_ in ("NNP", "NNPS") and _after_name(cand, text, index)
    if _after_name(cand, text, index) or _before_name(cand, text, index):
        return True
    token = index.token_at(cand.num_start)
    return token is not None and token.ent_type_ in ("ORG", "PRODUCT", "FAC", "EVENT", "LAW",
                                                     "WORK_OF_ART")


def _after_name(cand: _Candidate, text: str, index: _DocIndex) -> bool:
    """'Game 7', 'sp 500', 'Herrera: 4': the number right after a noun is part of its name."""
    prev = index.token_before(cand.start)
    if prev is None:
        return False
    gap = text[prev.idx + len(prev.text):cand.start]
    if gap in (" ", "") and prev.tag_ in _NOUN_TAGS and prev.lower_ not in ("percent", "%"):
        return True
    return prev.text == ":" and bool(re.search(r"[A-Z]\w*:\s?$", text[:cand.start]))


def _before_name(cand: _Candidate, text: str, index: _DocIndex) -> bool:
    """'575 Wilbraham Road', '11 Pro Max': a capitalised proper noun right after the number."""
    if text[cand.num_end:cand.num_end + 1] != " ":
        return False
    following = index.token_at(cand.num_end + 1)
    if following is None or following.tag_ not in ("NNP", "NN") \
            or not following.text[:1].isupper():
        return False
    return not _MONTH_AFTER.match(text[cand.num_end:])


def _is_age_apposition(cand: _Candidate, text: str, index: _DocIndex) -> bool:
    """'Maddon, 66, has ...' -> True: an age in apposition to a person's name."""
    if cand.unit is not None or cand.kind != "digits" or not isinstance(cand.value, float):
        return False
    if not (1 <= cand.value <= 120 and cand.value.is_integer()):
        return False
    if not re.match(r"\s*[,)]", text[cand.num_end:cand.num_end + 3]):
        return False
    prev = index.token_before(cand.start - 2) if text[cand.start - 2:cand.start] == ", " else None
    return prev is not None and (prev.ent_type_ == "PERSON" or prev.tag_ == "NNP")


# --------------------------------------------------------------------------- qualifiers

def _qualify(cand: _Candidate, text: str) -> None:
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
    if _PLUS_RE.search(before) or (
            _UP_RE.search(before) and not re.search(r"\bup\s+to\s*$", before, re.IGNORECASE)):
        cand.change = "up"
    elif _DOWN_RE.search(before):
        cand.change = "down"


# --------------------------------------------------------------------------- counted

def _chunk(token: Token, after: int = 0) -> str:
    """noun token -> the noun with the compound words written right before it, lower-cased
    ('crude contract', 'concert-goers'); nothing at or before char ``after`` is taken."""
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1].idx >= after:
        left = doc[first - 1]
        inside = first <= left.head.i <= token.i
        if inside and (left.dep_ == "compound" or left.tag_ == "HYPH"
                       or (left.dep_ == "amod" and "-" in left.text)):
            first -= 1
        else:
            break
    words = [t.text if t.pos_ == "PROPN" else t.lower_ for t in doc[first:token.i + 1]]
    return " ".join(words).replace(" - ", "-")


def _clause_role(noun: Token) -> Token:
    """a counted noun -> the token that fills its clause role: the noun itself, or for
    'dozens of civilians were killed' the number phrase 'dozens' the noun hangs from."""
    node = noun
    for _ in range(2):
        if node.dep_ in ("nsubj", "nsubjpass", "dobj"):
            return node
        if node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ == "of":
            node = node.head.head
            continue
        break
    return node if node.dep_ in ("nsubj", "nsubjpass", "dobj") else noun


def _counted_for_noun(noun: Token, after: int) -> str:
    """'3,250 people were killed' -> 'people killed'; '1,500 civilians reached safety' ->
    'civilians reached safety'; '1,130 civilians' -> 'civilians'; 'killed 130 people' ->
    'people killed'."""
    base = _chunk(noun, after)
    noun = _clause_role(noun)
    verb = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and verb.pos_ == "VERB":
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        return " ".join([base, verb.lower_] + ([_chunk(obj)] if obj is not None else []))
    if noun.dep_ == "dobj" and verb.pos_ == "VERB":
        return f"{base} {verb.lower_}"
    return base


def _counted_for_measure(token: Token, cand: _Candidate) -> str | None:
    """What a measure is of: '85% of the city' -> 'city'; 'a 6kW electric motor' ->
    'electric motor'; 'shares slid 0.8%' -> 'shares'; 'a fine of $5m' -> 'fine'."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.idx >= cand.end - 1:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return _chunk(objects[0])
    head = token
    while head.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod", "npadvmod") \
            and head.head.i > head.i and head.head.idx >= cand.end:
        if head.head.pos_ in ("NOUN", "PROPN"):
            return _chunk(head.head, cand.end)
        head = head.head
    return _counted_from_context(token, cand)


_TALLY_WORDS = frozenset({"number", "total", "toll", "count", "figure", "tally"})


def _tally_of(noun: Token) -> str:
    """'the number of dead' -> 'dead'; any other noun -> its chunk."""
    if noun.lower_ in _TALLY_WORDS:
        for prep in noun.children:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if prep.lower_ == "of" and objects:
                return _chunk(objects[0])
    return _chunk(noun)


def _counted_from_context(token: Token, cand: _Candidate) -> str | None:
    """A measure in a clause: the subject or object of its verb, the noun its 'of'/'at'
    attaches to, or the verb it is the subject of ('90 percent had been freed' -> 'freed')."""
    node = token
    for _ in range(3):
        if node.dep_ == "pobj" and node.head.dep_ == "prep":
            governor = node.head.head
            if governor.pos_ in ("NOUN", "PROPN") and governor.lower_ not in ("total",):
                return _chunk(governor)
            obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
            subj = next((c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            chosen = obj if obj is not None and obj.pos_ == "NOUN" else subj
            if governor.pos_ == "VERB" and chosen is not None and chosen.pos_ == "NOUN":
                return _tally_of(chosen)
            node = governor
            continue
        if node.dep_ in ("dobj", "npadvmod", "attr", "advmod", "acomp", "oprd") \
                and node.head.pos_ in ("VERB", "AUX"):
            verb = node.head
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != node.i), None)
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            chosen = obj if obj is not None and obj.pos_ == "NOUN" else subj
            if chosen is not None and chosen.pos_ in ("NOUN", "PROPN"):
                return _chunk(chosen)
            return None
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.pos_ == "VERB":
            return node.head.lower_
        break
    return None


def _counted(cand: _Candidate, index: _DocIndex) -> str | None:
    """candidate -> the short description of what it counts or measures, or None
    (never a phrase holding digits: that would be another quantity)."""
    if cand.noun is not None and not cand.table_unit:
        return _counted_for_noun(cand.noun, cand.num_end)
    anchor = index.token_at(max(cand.num_start, cand.end - 1))
    if anchor is None:
        return None
    if anchor.pos_ == "PUNCT" and anchor.i > 0:
        anchor = anchor.doc[anchor.i - 1]
    counted = _counted_for_measure(anchor, cand)
    return None if counted is None or any(ch.isdigit() for ch in counted) else counted


# --------------------------------------------------------------------------- main

_MASKS = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}[\s\d().-]{8,}\d|\b\d{11,}\b"
)


def _masked_spans(text: str) -> list[tuple[int, int]]:
    """text -> spans that hold no quantity: ISO and slash dates, clock times, phone numbers,
    long digit ids."""
    return [m.span() for m in _MASKS.finditer(text)]


def _candidates(index: _DocIndex) -> list[_Candidate]:
    """Steps 1-3: number mentions -> candidates with units, non-quantities filtered out."""
    text = index.text
    masks = _masked_spans(text)
    out: list[_Candidate] = []
    for mention in find_numbers(text):
        if any(a < mention.end and mention.start < b for a, b in masks):
            continue
        cand = _candidate(mention, text, index)
        if cand is None or _is_time_or_date(cand, text) or _glued_letters(cand, text) \
                or _blocked_word_number(cand, text, index):
            continue
        _assign_count_noun(cand, index)
        if (_is_year(cand, text) and not _counts_next_plural(cand, index)) \
                or _opens_line(cand, text):
            continue
        if _names_counted_noun(cand, out, text) or _bare_one(cand, text):
            continue
        if _is_age_apposition(cand, text, index):
            cand.unit, cand.table_unit = "year of age", True
        if _is_identifier(cand, text, index):
            if out and cand.start - out[-1].end <= 6 and _RANGE_LOW_END.match(text, out[-1].end):
                out.pop()  # '16-18 Industrial Avenue': the low end goes with the name
            continue
        _qualify(cand, text)
        out.append(cand)
    return out


def _finish(cand: _Candidate, index: _DocIndex) -> Quantity:
    """candidate -> the public frozen Quantity."""
    start = cand.start
    text = index.text
    while start < cand.end and text[start].isspace():
        start += 1
    return Quantity(start=start, end=cand.end, text=text[start:cand.end], value=cand.value,
                    unit=cand.unit, surface_unit=cand.surface_unit, qualifier=cand.qualifier,
                    change=cand.change, counted=_counted(cand, index))


def extract_quantities(doc: Doc) -> list[Quantity]:
    """parsed doc -> every quantity it states, in text order (offsets into ``doc.text``)."""
    index = _DocIndex(doc)
    cands = _merge_ranges(_candidates(index), index.text)
    return [_finish(c, index) for c in cands]
