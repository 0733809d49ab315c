"""Steps 1-2 of quantity extraction: a number mention -> a ``Candidate`` with its sign,
currency or unit (and 'per X'), its phrase span widened over them.

``make_candidate(mention, text, index)`` -> Candidate | None; ``DocIndex`` maps character
offsets to the parse's tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from crosswire.facts.numbers import NumberMention, Value
from crosswire.facts.units import TIME_UNITS, UnitMatch, currency_before, unit_after

NOUN_TAGS = frozenset({"NN", "NNS", "NNPS", "NNP"})


@dataclass
class Candidate:
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


_PER_RE = re.compile(r"\s*(?:(?P<per>per|/|each)|(?P<a>-?an?-?))\s*"
                     r"(?!(?:year|month|week|day|decade)s?\s+(?:earlier|ago|later|before|after)\b)",
                     re.IGNORECASE)
_WORD_RE = re.compile(r"[A-Za-z]+")
_US_SUFFIX = re.compile(r"\s?(?:US|U\.\s?S\.)(?![A-Za-z])")
_STERLING = re.compile(r"\s+sterling\b", re.IGNORECASE)
_GLUED_SCALE = re.compile(r"(?-i:m|b|B|bn|M|k|K|T|tn|trn)(?![A-Za-z])")
_LETTER_HYPHEN = re.compile(r"([A-Za-z]+)\s?[-‑]$")
_MAGNITUDE_BEFORE = re.compile(r"\bmagnitude(?:\s+of)?[\s-]?$", re.IGNORECASE)
_SCALE_AFTER = re.compile(r"\s+on\s+the\s+(?P<name>[\w°%-]+)(?:\s+scale)?", re.IGNORECASE)
_SIGN_WORDS = frozenset({"to", "at", "was", "is", "of", "by", "from", "and", "hit", "or"})


class DocIndex:
    """Character offset -> token lookups on one parsed doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []

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

    Handles "minus-5", "$-50.8bn" (sign) and rejects "S22", "No. 5", "CVE-2013-3893";
    ``name_hyphen`` flags "TA-35", "COVID-19" (a word joined to the number), kept only when a
    unit follows ("now-18 month-old").
    """
    start = mention.start
    before = text[max(0, start - 16):start]
    minus = re.search(r"(?:(?<!plus or )minus[\s-]?|(?<=[\s($])[-−]|^[-−])$", before,
                      re.IGNORECASE)  # 'plus or minus 3 points' is a margin, not negative
    if minus and before[minus.start() - 1:minus.start()] not in ("$",):
        word = re.search(r"(\w+)\s*[-−]$", before)
        if minus.group(0).lower().startswith("minus") or word is None \
                or word.group(1).lower() in _SIGN_WORDS:
            return start - len(minus.group(0)), -1.0, True
    if re.search(r"\$[-−]$", before):
        return start - 1, -1.0, True
    if start > 0 and text[start - 1].isalpha() and currency_before(text, start) is None:
        return None
    if re.search(r"[#×^]\s?$|\bNo\.\s?$|\bno\.\s?$|\b[A-Z]{2,}-\d+-$", before):
        return None
    hyphen = _LETTER_HYPHEN.search(before)
    joined = bool(hyphen and hyphen.group(1).lower() not in {"sub", "minus", "to", "and", "or",
                                                             "magnitude"})
    return start, 1.0, joined


def _currency(text: str, start: int) -> UnitMatch | None:
    """phrase start -> the currency prefix written right before it (PS4/PS5 are not pounds)."""
    match = currency_before(text, start)
    if match is None:
        return None
    if text[match.start:match.end].strip() == "PS" and re.match(r"\d(?![\d.,])", text[start:]):
        return None
    return match


def per_unit(text: str, pos: int, unit: str, index: DocIndex) -> tuple[str, int] | None:
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


def _attach_unit(cand: Candidate, text: str, index: DocIndex) -> None:
    """Fill in currency or unit (and 'per X') and widen the phrase over them."""
    currency = _currency(text, cand.start)
    end = cand.num_end
    if currency is not None:
        cand.unit, cand.currency, cand.table_unit = currency.name, True, True
        cand.surface_unit = text[currency.start:currency.end].strip()
        cand.start = currency.start
        glued = _GLUED_SCALE.match(text, end)
        if glued and cand.kind == "digits" and cand.scale == 1.0:
            factor = {"m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "bn": 1e9, "k": 1e3, "K": 1e3,
                      "T": 1e12, "tn": 1e12, "trn": 1e12}
            cand.scale = factor[glued.group(0)]
            assert isinstance(cand.value, float)
            cand.value *= cand.scale
            end = glued.end()
        us = _US_SUFFIX.match(text, end)
        end = us.end() if us else end
        sterling = _STERLING.match(text, end)
        if sterling is not None:  # '$1.25 sterling'
            cand.unit, end = "pound sterling", sterling.end()
    else:
        unit = _unit_after_number(cand, text)
        if unit is not None:
            cand.unit, cand.currency, cand.table_unit = unit.name, unit.currency, True
            cand.surface_unit = text[unit.start:unit.end]
            end = unit.end
            if unit.name == "pound-mass" and cand.scale >= 1e6 \
                    and not re.match(r"\s+of\b", text[end:end + 4]):
                cand.unit, cand.currency = "pound sterling", True  # '93.6 billion pounds'
        else:
            end = _unit_of_scale(cand, text, end)
    if cand.unit is not None:
        per = per_unit(text, end, cand.unit, index)
        if per is not None:
            cand.unit, end = per
            cand.surface_unit = text[cand.start:end] if currency else text[
                cand.num_end:end].strip(" -")
    cand.end = end


def _unit_of_scale(cand: Candidate, text: str, end: int) -> int:
    """'magnitude-5.9', 'a magnitude of 5.9', '6.1 on the Richter scale', '70 on the GPa
    scale': the unit the scale or the word before names; -> the phrase end."""
    scale = _SCALE_AFTER.match(text, end)
    named = None
    if scale is not None and scale.group("name").lower() == "richter":
        named = "magnitude"
    elif scale is not None and re.search(r"\s+scale$", scale.group(0), re.IGNORECASE):
        unit = unit_after(text, scale.start("name"), allow_gap=False)
        named = unit.name if unit is not None and unit.end == scale.end("name") else None
    if named is None:
        scale = None
        if _MAGNITUDE_BEFORE.search(text[max(0, cand.start - 14):cand.start]):
            named = "magnitude"
    if named is None:
        return end
    cand.unit, cand.table_unit, cand.surface_unit = named, True, named
    return scale.end() if scale is not None else end


def _unit_after_number(cand: Candidate, text: str) -> UnitMatch | None:
    """The unit after the number ('5 km', '85%', 'hundreds of miles'), with the risky
    one-letter symbols ('a' = year, 'b' = bit) only at the end of a clause."""
    pos = cand.num_end
    if cand.kind in ("magnitude", "fraction"):
        of = re.match(r"\s+of\s+(?:(?:the|an?)\s+)?(?:(?:US|U\.S\.|imperial)\s+)?",
                      text[pos:pos + 30], re.IGNORECASE)  # '1/16 of a US pint'
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


def make_candidate(mention: NumberMention, text: str, index: DocIndex) -> Candidate | None:
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
    cand = Candidate(mention.start, mention.end, start, mention.end, value, mention.kind, scale)
    _attach_unit(cand, text, index)
    return None if joined and not cand.table_unit else cand

