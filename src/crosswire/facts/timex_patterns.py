"""The surface grammar of English time expressions in news: word tables and compiled regexes.

Each pattern names what it found through its groups; ``timex_grammar`` turns a match into a
calendar meaning. All patterns are compiled once at import; nothing here touches spaCy.
"""

from __future__ import annotations

import re

# month and weekday names -> numbers: the same tables the clean stage reads dates with
from crosswire.clean.dates import MONTHS as MONTHS
from crosswire.clean.dates import WEEKDAYS as WEEKDAYS

NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty")
    )
} | {"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}

# Regex fragments ---------------------------------------------------------------------------
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_FULL_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october"
    r"|november|december)"
)
_WD_PREFIX = (
    r"(?:(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?,?\s+)?"
)
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.,]\d)(?!\d)"
_YEAR_TAIL = r"(?:,?\s*(?P<year>(?:1[89]|20)\d\d)(?![\d:]))?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_EDGE = r"(?:(?P<edge>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)[-\s]+)?"
_NUM = (
    r"(?P<num>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty"
    r"|fifty|sixty)"
)
_APPROX = (
    r"(?:(?P<approx>about|around|nearly|almost|roughly|some|over|under|just\s+over"
    r"|just\s+under|more\s+than|less\s+than|fewer\s+than|at\s+least)\s+)?"
)
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"

_I = re.IGNORECASE

# Absolute or year-less calendar dates.
ISO_DATE = re.compile(
    r"(?<![\d-])(?P<year>(?:1[89]|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"
)
NUMERIC_DATE = re.compile(
    r"(?<![\d./])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d\d)(?![\d/])"
)
MONTH_DAY = re.compile(rf"\b{_WD_PREFIX}{_MON}\.?\s+{_DAY}{_YEAR_TAIL}", _I)
DAY_MONTH = re.compile(rf"\b{_WD_PREFIX}{_DAY}\s+(?:of\s+)?{_MON}\.?(?!\w){_YEAR_TAIL}", _I)
MONTH_YEAR = re.compile(rf"\b{_EDGE}{_MON}\.?,?\s+(?:of\s+)?{_YEAR}(?![\d:])", _I)

# Months and years without a day.
RELATIVE_MONTH = re.compile(
    rf"\b{_EDGE}(?P<rel>last|next|this|this\s+past|this\s+coming|past|coming)\s+{_FULL_MON}(?!\w)",
    _I,
)
MONTH_OF_YEAR = re.compile(
    rf"\b{_EDGE}{_FULL_MON}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b", _I
)
BARE_MONTH = re.compile(rf"\b{_EDGE}{_FULL_MON}(?!\w)", _I)
YEAR = re.compile(rf"(?<![\w$£€.,/-]){_EDGE}{_YEAR}(?![\w%/]|[.,]\d|-\d\d-)", _I)
DECADE = re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?(?:1[89]|20)\d0'?s\b", _I)

# Weekdays and words pointing at the publication day.
WEEKDAY = re.compile(
    rf"\b(?:(?P<rel>last|next|this|this\s+past|this\s+coming|past|coming)\s+"
    rf"|(?P<edge>earlier|later|early|late)\s+(?:on\s+)?)?{_WEEKDAY}(?!\w)"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
    _I,
)
DEICTIC = re.compile(
    r"\b(?:(?P<beyond>the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))"
    r"|(?P<word>today|tonight|yesterday|tomorrow)(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?P<this>this\s+(?:morning|afternoon|evening))|(?P<lastnight>last\s+night))\b",
    _I,
)
CALENDAR_PERIOD = re.compile(
    r"\b(?:(?P<edge>earlier|later|early|late)\s+)?(?P<rel>last|this|next|the\s+past"
    r"|the\s+last|the\s+previous|the\s+following|the\s+next|that)\s+"
    r"(?P<unit>week|weekend|month|year|decade)\b(?!-)",
    _I,
)

# Offsets from the publication date ("four days ago") or from an anchor ("a week later").
OFFSET = re.compile(
    rf"\b{_APPROX}{_NUM}(?:\s+|-)(?:more\s+)?{_UNIT}\s+"
    r"(?P<dir>ago|earlier|later|before|after|previously|prior)\b",
    _I,
)
ANCHORED_DAY = re.compile(
    r"\b(?:the\s+)?(?P<which>next|following|previous|preceding|same)\s+"
    r"(?P<unit>day|morning|afternoon|evening|night)\b"
    r"|\bthe\s+day\s+(?P<dir>before|after)\b(?!\s+(?:yesterday|tomorrow))"
    r"|\b(?P<that>that)\s+(?P<part>day|morning|afternoon|evening|night)\b",
    _I,
)
