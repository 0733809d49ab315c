"""Numbers as news writes them: digits, scale words, number words, fractions.

``find_numbers(text)`` -> every number mention in ``text`` with its character span and value.
It knows nothing about units or context; ``crosswire.facts.quantities`` decides which mentions
are quantities.

"two and a half (million)" and "2 1/2" are one number each (2.5, 2.5e6).

Conventions for vague plural magnitudes (documented in one place):
``dozens`` -> (12, 120), ``hundreds`` -> (100, 1000), ``thousands`` -> (1e3, 1e4),
``tens of thousands`` -> (1e4, 1e5), ``hundreds of millions`` -> (1e8, 1e9): "N-s of"
means at least N and fewer than ten N, a range (low, high).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Value = float | tuple[float, float]

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
PLURAL_MAGNITUDES = {
    "tens": 10.0, "dozens": 12.0, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
    "billions": 1e9, "trillions": 1e12,
}
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75}


@dataclass(frozen=True)
class NumberMention:
    """One number in the text: span, value, and how it was written.

    ``kind`` is "digits", "words", "fraction" or "magnitude" (vague plural: a range);
    ``scaled`` says a scale word or suffix (million, bn, m) was part of the mention.
    """

    start: int
    end: int
    value: Value
    kind: str
    scaled: bool = False


def _alt(words: list[str]) -> str:
    """words -> a regex alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SMALL = rf"(?:(?:{_alt(list(TENS))})(?:[- ](?:{_alt([w for w in ONES if ONES[w] < 10])}))?" \
    rf"|{_alt(list(ONES))})"
_SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion|dozen)"
_WORD_NUMBER = (
    rf"\b(?:(?:{_SMALL}|an?)(?:\s+{_SCALE_WORDS})+(?:\s+(?:and\s+)?{_SMALL})?"
    rf"(?:\s+{_SCALE_WORDS})*|{_SMALL}(?:\s+{_SCALE_WORDS})*)\b"
)
_MAGNITUDE = (
    rf"\b(?:{_alt(list(PLURAL_MAGNITUDES))})(?:\s+of\s+(?:thousands|millions|billions))?\b"
)
_FRACTION = (
    rf"\b(?:(?:a|one|{_SMALL})[- ](?:{_alt(list(FRACTION_WORDS))})|half)(?=\s+(?:of|the)\b)"
    r"|\bone\s+(?:in|out\s+of)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?|\.\d+"
_DIGIT_SCALE = (
    r"(?:\s*-?\s*(?:hundred|thousand|million|billion|trillion)\b"
    r"|\s?(?:mln|mn|bn|bln|tn|trn)\b|(?-i:M|k|K)\b)"
)
_DIGIT_NUMBER = (
    rf"(?<![\d.,:/⁄])(?<![\d][.,])(?:{_DIGITS})(?!\d|[.,]\d|:\d|(?:st|nd|rd|th)\b)"
    rf"(?:{_DIGIT_SCALE})*"
)
_DIGIT_FRACTION = r"(?<![\d/⁄.])\d+\s?[/⁄]\s?\d+(?![\d/⁄])"

_SCIENTIFIC = r"(?<![\d.,])\d+(?:\.\d+)?\s?×\s?10\^?[−-]?\d+"
_AND_A_HALF = (
    rf"\b(?:{_SMALL}|\d+)\s+and\s+a\s+half\b"
    r"(?:\s+(?:hundred|thousand|million|billion|trillion)\b)?"
)
_MIXED_FRACTION = r"(?<![\d.,/⁄])\d+\s+\d\s?[/⁄]\s?\d{1,2}(?![\d/⁄])"
NUMBER_RE = re.compile(
    # the lookahead skips, in one test, the positions inside words where no number starts
    rf"(?=[\d.½⅓⅔¼¾]|\b[a-z])"
    rf"(?:(?P<sci>{_SCIENTIFIC})|(?P<half>{_AND_A_HALF})|(?P<mixed>{_MIXED_FRACTION})"
    rf"|(?P<frac>{_DIGIT_FRACTION})|(?P<digits>{_DIGIT_NUMBER})"
    rf"|(?P<ufrac>[½⅓⅔¼¾])|(?P<fracw>{_FRACTION})|(?P<mag>{_MAGNITUDE})|(?P<words>{_WORD_NUMBER}))",
    re.IGNORECASE,
)
_SCALE_TOKEN = re.compile(
    r"(?i:hundred|thousand|million|billion|trillion|mln|mn|bn|bln|tn|trn)|M|k|K"
)


def words_value(phrase: str) -> float | None:
    """'twenty-one' / 'three thousand' / 'a dozen' / '4 hundred million' -> the number, or None."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", phrase.lower().replace(",", "")):
        if not word or word == "and":
            continue
        if word in ("a", "an"):
            current, seen = current or 1.0, True
        elif word in ONES or word in TENS:
            current += ONES.get(word, TENS.get(word, 0))
            seen = True
        elif re.fullmatch(r"\d+(?:\.\d+)?", word):
            current, seen = current + float(word), True
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in SCALES:
            total += (current or 1.0) * SCALES[word]
            current = 0.0
        else:
            return None
    return total + current if seen else None


def digits_value(match: str) -> tuple[float, bool]:
    """'3,250' / '3.2 million' / '5bn' / '4.3M' -> (value, scaled)."""
    number = re.match(_DIGITS, match)
    assert number is not None
    value = float(number.group(0).replace(",", ""))
    scaled = False
    for scale in _SCALE_TOKEN.findall(match[number.end():]):
        value *= SCALES.get(scale.lower(), 1e6 if scale == "M" else 1e3)
        scaled = True
    return value, scaled


def _fraction_value(text: str) -> float | None:
    """'1/16' / 'a third' / 'two-thirds' / 'half' / 'one in three' -> the fraction, or None."""
    low = text.lower()
    parts = re.split(r"\s*[/⁄]\s*", low)
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        num, den = float(parts[0]), float(parts[1])
        return num / den if 0 < num < den else None
    ratio = re.match(r"one\s+(?:in|out\s+of)\s+(\w+)", low)
    if ratio:
        group = ratio.group(1)
        ratio_den = float(group) if group.isdigit() else words_value(group)
        return 1.0 / ratio_den if ratio_den else None
    words = re.split(r"[\s-]+", low)
    den_word = words[-1]
    numerator = words_value(" ".join(words[:-1])) if len(words) > 1 else 1.0
    if den_word not in FRACTION_WORDS or numerator is None:
        return None
    return numerator / FRACTION_WORDS[den_word]


def _magnitude_value(text: str) -> tuple[float, float]:
    """'hundreds of thousands' -> (1e5, 1e6); 'dozens' -> (12, 120)."""
    low = 1.0
    for word in re.findall(r"[a-z]+", text.lower()):
        low *= PLURAL_MAGNITUDES.get(word, 1.0)
    return (low, low * 10)


def _and_a_part(text: str, start: int, end: int, kind: str) -> NumberMention | None:
    """'two and a half (million)' / '2 1/2' -> the whole number plus its fraction."""
    if kind == "mixed":
        whole, fraction = text.split(maxsplit=1)
        part = _fraction_value(fraction.replace(" ", ""))
        return None if part is None else NumberMention(start, end, float(whole) + part, "digits")
    head, _, tail = text.lower().partition(" and a half")
    base = float(head) if head.strip().isdigit() else words_value(head)
    if base is None:
        return None
    scale = SCALES.get(tail.strip(), 1.0)
    return NumberMention(start, end, (base + 0.5) * scale, "words", scale > 1.0)


def _mention(match: re.Match[str]) -> NumberMention | None:
    """One regex match -> a NumberMention, or None when the words do not make a number."""
    kind = match.lastgroup or ""
    text = match.group(0)
    start, end = match.span()
    if kind == "digits":
        value, scaled = digits_value(text)
        return NumberMention(start, end, value, "digits", scaled)
    if kind == "sci":
        mantissa, exponent = re.split(r"\s?×\s?10\^?", text)
        return NumberMention(start, end, float(mantissa) * 10 ** int(exponent.replace("−", "-")),
                             "digits", True)
    if kind in ("half", "mixed"):
        return _and_a_part(text, start, end, kind)
    if kind == "ufrac":
        return NumberMention(start, end, UNICODE_FRACTIONS[text], "fraction")
    if kind in ("frac", "fracw"):
        fraction = _fraction_value(text)
        return None if fraction is None else NumberMention(start, end, fraction, "fraction")
    if kind == "mag":
        return NumberMention(start, end, _magnitude_value(text), "magnitude", True)
    if text.lower() in ("a", "an"):
        return None
    number = words_value(text)
    if number is None:
        return None
    value = number
    scaled = bool(re.search(r"hundred|thousand|million|billion|trillion", text, re.IGNORECASE))
    return NumberMention(start, end, value, "words", scaled)


def find_numbers(text: str) -> list[NumberMention]:
    """text -> every number mention, left to right, non-overlapping."""
    found = []
    for match in NUMBER_RE.finditer(text):
        mention = _mention(match)
        if mention is not None:
            found.append(mention)
    return found
