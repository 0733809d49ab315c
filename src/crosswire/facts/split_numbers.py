"""Numbers that text rebuilt from tokens splits apart: '20, 000' (20000), '5. 4 per cent' (5.4),
'$2. 6 million', 'magnitude-5. 9'.

``rejoin_split_numbers(text, mentions)`` -> the number mentions with such pairs joined into one.
A pair is joined only under guards, because the same shapes occur in ordinary text:

- thousands '1-3 digits, ddd': only in a text that writes no ordinary thousands ('3,250'), not
  after a month ('May 5, 300 people') and not inside a list of numbers ('6 5, 255 pounds',
  '5-foot-11, 220 pounds');
- decimals 'd. d': only in a text that writes no ordinary decimals ('5.4'), not inside a date
  ('08. 07. 2012'), a clock time ('22. 34 BST', '9. 25 a. m.') or a version ('Windows 8. 1':
  no evidence follows), and only with evidence of a measure: a scale word ('93. 6 billion'),
  a unit or percent after it, a currency before it, or a quake magnitude around it.
"""

from __future__ import annotations

import re

from crosswire.facts.numbers import NumberMention, digits_value
from crosswire.facts.units import currency_before, unit_after

_ORDINARY_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")
_ORDINARY_DECIMAL = re.compile(r"\d\.\d")
_MONTH_END = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s*$", re.IGNORECASE)
_LIST_BEFORE = re.compile(r"\d[,;]?\s$|[-–/]$")
_LIST_AFTER = re.compile(r",?\s+(?:and|or)\s+\d{1,3}(?![\d,.]|, \d{3})")
_CLOCK_AFTER = re.compile(
    r"\s?(?:[ap]\.?\s?m\b|(?-i:AM|PM|GMT|BST|EST|EDT|CST|CDT|PST|PDT|CET|UTC|ET|PT)\b"
    r"|local\s+time)", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(
    r"(?:magnitude(?:\s+of)?|measur(?:ing|ed)|register(?:ing|ed))(?:\s+(?:about|around|at\s+least))?"
    r"[\s-]*$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"[\s-]*(?:magnitude|strength|on\s+the\s+richter)", re.IGNORECASE)
_SHORT_SYMBOLS = frozenset({"a", "b", "p", "h", "l", "m", "g", "C", "F", "L", "V", "W"})


def _join(a: NumberMention, b: NumberMention, text: str, separator: str) -> NumberMention:
    """two mentions and the separator they were split at -> one mention of the whole number."""
    written = text[a.start:b.end].replace(separator, separator.strip())
    value, scaled = digits_value(written)
    return NumberMention(a.start, b.end, value, "digits", scaled)


def _thousands(a: NumberMention, b: NumberMention, text: str) -> bool:
    """'20, 000' -> True: a group of three digits after '1-3 digits, ' outside dates and lists."""
    if text[a.end:b.start] != ", " or a.kind != "digits" or b.kind != "digits":
        return False
    if not re.fullmatch(r"[1-9]\d{0,2}(?:, \d{3})*", text[a.start:a.end]):
        return False
    if not re.match(r"\d{3}(?!\d)", text[b.start:b.end]):
        return False
    before = text[max(0, a.start - 16):a.start]
    return not (_MONTH_END.search(before) or _LIST_BEFORE.search(before)
                or _LIST_AFTER.match(text, b.end))


def _decimal(a: NumberMention, b: NumberMention, text: str) -> bool:
    """'5. 4 per cent' -> True: 'd. d' with evidence of a measure and outside dates and times."""
    if text[a.end:b.start] != ". " or a.kind != "digits" or b.kind != "digits" or a.scaled:
        return False
    if not re.fullmatch(r"\d{1,3}", text[a.start:a.end]) or not text[b.start].isdigit():
        return False
    after = text[b.end:b.end + 24]
    if re.match(r"\.\s?\d", after) or re.search(r"\d\.\s?$", text[:a.start]) \
            or _CLOCK_AFTER.match(after):
        return False
    if b.scaled or currency_before(text, a.start) is not None:
        return True
    if _MAGNITUDE_BEFORE.search(text[max(0, a.start - 30):a.start]) \
            or _MAGNITUDE_AFTER.match(after):
        return True
    unit = unit_after(text, b.end)
    return unit is not None and text[unit.start:unit.end] not in _SHORT_SYMBOLS


def _dotted_tail(a: NumberMention, b: NumberMention, text: str) -> bool:
    """'Windows 8. 1 ships', 'around 4. 0': the digits after 'd. ' that were not joined are
    the tail of a version, a time or a decimal, never a number of their own."""
    return text[a.end:b.start] == ". " and a.kind == "digits" and b.kind == "digits" \
        and bool(re.fullmatch(r"\d{1,3}", text[a.start:a.end]))


def rejoin_split_numbers(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """text + its number mentions in order -> the same with split thousands and decimals joined
    (see the module doc for the guards), and the unjoined tails of 'd. d' left out; text that
    writes numbers normally is left alone."""
    thousands = not _ORDINARY_THOUSANDS.search(text)
    decimals = not _ORDINARY_DECIMAL.search(text)
    if not (thousands or decimals) or len(mentions) < 2:
        return mentions
    out: list[NumberMention] = []
    for mention in mentions:
        previous = out[-1] if out else None
        if previous is not None and thousands and _thousands(previous, mention, text):
            out[-1] = _join(previous, mention, text, ", ")
        elif previous is not None and decimals and _decimal(previous, mention, text):
            out[-1] = _join(previous, mention, text, ". ")
        elif previous is not None and decimals and _dotted_tail(previous, mention, text):
            continue
        else:
            out.append(mention)
    return out
