"""Step 3 of quantity extraction: numbers that are no quantity (times, dates, years,
identifiers, pronoun 'one', letters glued to digits) and ages in apposition.

Every test takes a ``Candidate`` (see ``quantity_candidates``) and the text or parse index.
"""

from __future__ import annotations

import re

from crosswire.facts.quantity_candidates import Candidate, DocIndex

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS},?\s*$", re.IGNORECASE)
MONTH_AFTER = re.compile(rf"^(?:\s*(?:st|nd|rd|th))?,?\s*(?:of\s+)?{_MONTHS}(?![a-z])",
                         re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^\s?(?:[ap]\.\s?m\.|[ap]m\b|(?-i:GMT|BST|EST|EDT|CST|CDT|PST|PDT|CET|UTC|ET|PT)\b"
    r"|o'clock|hours?\s+(?:GMT|local))", re.IGNORECASE,
)
_ONE_BLOCKERS = frozenset({
    "the", "this", "that", "which", "each", "every", "no", "any", "same", "another", "only",
    "little", "big", "new", "old", "last", "first", "next", "other", "someone", "everyone",
})
_HALF_BLOCKERS = frozenset({"first", "second", "the", "other", "latter", "opening", "back",
                            "front", "final", "last", "a", "one"})


def is_time_or_date(cand: Candidate, text: str) -> bool:
    """'5am', '10.45pm', 'March 29', '8 July', 'Oct. 31' -> True."""
    if cand.table_unit:
        return False
    after = text[cand.num_end:cand.num_end + 16]
    before = text[max(0, cand.start - 12):cand.start]
    if _TIME_AFTER.match(after):
        return True
    if cand.kind != "digits" or not isinstance(cand.value, float) or cand.value > 31:
        return False
    return bool(_MONTH_BEFORE.search(before) or MONTH_AFTER.match(after))


def opens_line(cand: Candidate, text: str) -> bool:
    """'2309 The BBC's ...', '1410 Reports from ...': four digits opening a line are a
    timestamp or a year (news style spells out numbers that open a sentence)."""
    if cand.kind != "digits" or cand.currency or cand.table_unit:
        return False
    line_start = text.rfind("\n", 0, cand.num_start) + 1
    return not text[line_start:cand.num_start].strip() \
        and bool(re.fullmatch(r"\d{4}", text[cand.num_start:cand.num_end]))


def is_year(cand: Candidate, text: str) -> bool:
    """A bare 4-digit integer 1000-2100 with no unit: a year ('in 2019', '2018s')."""
    if cand.kind != "digits" or cand.table_unit or not isinstance(cand.value, float):
        return False
    surface = text[cand.num_start:cand.num_end]
    return bool(re.fullmatch(r"1\d{3}|2[01]\d{2}", surface))


def bare_one(cand: Candidate, text: str) -> bool:
    """'one of them', 'the one who': the word 'one' with no unit is a pronoun, not a count."""
    return cand.unit is None and text[cand.num_start:cand.num_end].lower() == "one"


def names_counted_noun(cand: Candidate, earlier: list[Candidate], text: str) -> bool:
    """'two new 737 Max jets' -> True for 737: a second number on a noun already counted,
    not linked to the first as a range, is part of a name."""
    if cand.kind != "digits" or cand.noun is None or not earlier:
        return False
    previous = earlier[-1]
    if previous.noun is None or previous.noun.i != cand.noun.i:
        return False
    return not re.search(r"\b(?:to|and|or)\b|[-–—]", text[previous.end:cand.start])


_YEAR = r"(?:1[5-9]\d{2}|20\d{2})"
_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:the|its|his|her|their|our|this|that|these|those|since|in|during|until)"
    rf"|['’]s|\b{_MONTHS}(?:\s+\d{{1,2}})?,?|\b\d{{1,2}}(?:st|nd|rd|th)?,"
    rf"|\b(?:between\s+{_YEAR}\s+and|from\s+{_YEAR}\s+(?:to|until|through)))\s*$",
    re.IGNORECASE)


def counts_next_plural(cand: Candidate, index: DocIndex) -> bool:
    """'1000 customers' -> True: the counted noun is plural and comes right after the number;
    not after a determiner, a preposition of time, a day of a month or as the end of a span of
    years ('the 2015 attacks', 'November 13, 2015 suicide bombings', 'between 1600 and 1900
    world temperatures dropped': a year)."""
    noun = cand.noun
    last = index.token_at(cand.num_end - 1)
    if noun is None or last is None or noun.tag_ not in ("NNS", "NNPS"):
        return False
    if _YEAR_CONTEXT.search(index.text[max(0, cand.start - 20):cand.start]):
        return False
    return all(t.is_alpha and t.dep_ in ("compound", "amod") for t in noun.doc[last.i + 1:noun.i])


def glued_letters(cand: Candidate, text: str) -> bool:
    """'9AB8', '2018s', '3s' -> True: letters stuck to a number that are no unit."""
    if cand.table_unit or cand.end != cand.num_end:
        return False
    return bool(re.match(r"[A-Za-z]", text[cand.num_end:cand.num_end + 1]))


_SUSPENDED_HYPHEN = re.compile(r"[-‑]\s*(?:,|and\b|or\b|to\b)")


def blocked_word_number(cand: Candidate, text: str, index: DocIndex) -> bool:
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
    if _SUSPENDED_HYPHEN.match(text, cand.num_end):
        return False  # 'four-, five- and six-cylinder engines'
    token = index.token_at(cand.num_start)
    return token is not None and token.tag_ not in ("CD", "DT", "JJ") and surface != "one"


def _formatted(cand: Candidate, text: str, decimals: bool = True) -> bool:
    """'63,150', '7.5': a number written with a thousands separator (or decimals) is a figure,
    not the number of a name that follows it ('Model 3', '575 Wilbraham Road'); a name before
    it may still end in a version ('Windows 8.1')."""
    pattern = r"\d,\d{3}|\d\.\d" if decimals else r"\d,\d{3}"
    return bool(re.search(pattern, text[cand.num_start:cand.num_end]))


def is_identifier(cand: Candidate, text: str, index: DocIndex) -> bool:
    """Unitless number inside a name: 'iPhone 11', 'Game 7', 'S&P 500', '575 Wilbraham Road'."""
    if cand.noun is not None and cand.noun.tag_ == "NNP":
        return not _formatted(cand, text)
    if cand.table_unit or _formatted(cand, text, decimals=False):
        return False
    if cand.unit is not None:  # a counted noun: 'iPhone 11 Pro cameras', not 'record 32 goals'
        prev = index.token_before(cand.start)
        return prev is not None and prev.tag_ in ("NNP", "NNPS") and _after_name(cand, text, index)
    if _after_name(cand, text, index) or (_before_name(cand, text, index)
                                          and not _formatted(cand, text)):
        return True
    token = index.token_at(cand.num_start)
    return token is not None and token.ent_type_ in ("ORG", "PRODUCT", "FAC", "EVENT", "LAW",
                                                     "WORK_OF_ART")


_SINGULAR_NOUN_TAGS = frozenset({"NN", "NNP"})


def _after_name(cand: Candidate, text: str, index: DocIndex) -> bool:
    """'Game 7', 'sp 500', 'Herrera: 4': the number right after a singular noun is part of its
    name (after a plural it starts a figure: 'the Celtics 112-104', 'points 3.7 rebounds')."""
    prev = index.token_before(cand.start)
    if prev is None:
        return False
    gap = text[prev.idx + len(prev.text):cand.start]
    plural_name = prev.tag_ == "NNP" and bool(re.fullmatch(r"[A-Z][a-z]+[^s]s", prev.text))
    if gap in (" ", "") and prev.tag_ in _SINGULAR_NOUN_TAGS and not plural_name \
            and prev.lower_ not in ("percent", "%"):
        return True
    return prev.text == ":" and bool(re.search(r"[A-Z]\w*:\s?$", text[:cand.start]))


def _before_name(cand: Candidate, text: str, index: DocIndex) -> bool:
    """'575 Wilbraham Road', '11 Pro Max': a capitalised proper noun right after the number."""
    if text[cand.num_end:cand.num_end + 1] != " ":
        return False
    following = index.token_at(cand.num_end + 1)
    if following is None or following.tag_ not in ("NNP", "NN") \
            or not following.text[:1].isupper():
        return False
    return not MONTH_AFTER.match(text[cand.num_end:])


def is_age_apposition(cand: Candidate, text: str, index: DocIndex) -> bool:
    """'Maddon, 66, has ...' -> True: an age in apposition to a person's name."""
    if cand.unit is not None or cand.kind != "digits" or not isinstance(cand.value, float):
        return False
    if not (1 <= cand.value <= 120 and cand.value.is_integer()):
        return False
    if not re.match(r"\s*[,)]", text[cand.num_end:cand.num_end + 3]):
        return False
    prev = index.token_before(cand.start - 2) if text[cand.start - 2:cand.start] == ", " else None
    return prev is not None and (prev.ent_type_ == "PERSON" or prev.tag_ == "NNP")


_PERSON_PRONOUNS = frozenset({"he", "she", "i"})
_AGE_NOUNS = frozenset({"age", "expectancy"})


def is_age_predicate(cand: Candidate, index: DocIndex) -> bool:
    """'He will be 35 by the end of the year', 'Smith turned 49', 'life expectancy is around
    73' -> True: a bare whole number 1-120 that a person, an age or a life expectancy is."""
    if cand.unit is not None or not isinstance(cand.value, float) \
            or not (1 <= cand.value <= 120 and cand.value.is_integer()):
        return False
    token = index.token_at(cand.num_end - 1)
    if token is None or token.dep_ not in ("attr", "acomp", "oprd", "dobj"):
        return False
    verb = token.head
    if verb.lemma_ not in ("be", "turn") or (verb.lemma_ == "be" and token.dep_ == "dobj"):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lower_ in _PERSON_PRONOUNS
                                    or subject.ent_type_ == "PERSON"
                                    or subject.lemma_.lower() in _AGE_NOUNS)


_MASKS = re.compile(
    r"(?=[\d(+GU])(?:\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d{1,2}[:.] \d{2}(?=\s?(?:[ap]\.?\s?m\b|[AP]M\b|GMT|BST|[ECMP][SD]T|ET\b|UTC))"
    r"|\b\d{1,2}\. ?\d{1,2}\. ?\d{2,4}\b"
    r"|\b(?:GMT|UTC)\s?[+-]\s?\d{1,2}(?::\s?\d{2})?"
    r"|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\+\d{1,3}[\s\d().-]{8,}\d|\b\d{11,}\b)"
)


def masked_spans(text: str) -> list[tuple[int, int]]:
    """text -> spans that hold no quantity: ISO and slash dates, clock times (also as tokenized
    text writes them: '7: 12pm', '9. 25 a. m.', 'GMT+05: 00'), dotted dates ('08. 07. 2012'),
    phone numbers, long digit ids."""
    return [m.span() for m in _MASKS.finditer(text)]

