"""News agencies: how their names are written in credits, and the name a wire credit uses.

``WIRES`` maps a spelling (lower case) to the credit name ("Agence France-Presse" -> "AFP");
an agency the outlets table lists under another spelling is found there too. ``known_name``
reads a listed outlet or agency name at the start of a phrase ("CNN Senior International
Correspondent" -> CNN), for bylines and datelines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from crosswire.outlets import Outlet, load_outlets, outlet_named

# Well-known news agencies: spelling in text -> the name used for wire_credit.
WIRES: dict[str, str] = {
    "agencies": "Agencies", "agency": "Agencies", "news agencies": "Agencies",
    "wire services": "Agencies", "wires": "Agencies",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "ap": "AP", "associated press": "AP", "the associated press": "AP",
    "reuters": "Reuters", "thomson reuters": "Reuters",
    "xinhua": "Xinhua", "xinhua news agency": "Xinhua",
    "upi": "UPI", "united press international": "UPI",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "efe": "EFE", "agencia efe": "EFE",
    "ansa": "ANSA", "kyodo": "Kyodo", "kyodo news": "Kyodo", "jiji": "Jiji",
    "jiji press": "Jiji", "yonhap": "Yonhap", "yonhap news agency": "Yonhap",
    "tass": "TASS", "itar-tass": "TASS", "ria novosti": "RIA Novosti", "interfax": "Interfax",
    "anadolu": "Anadolu", "anadolu agency": "Anadolu",
    "pti": "PTI", "press trust of india": "PTI", "ians": "IANS",
    "indo-asian news service": "IANS", "ani": "ANI", "asian news international": "ANI",
    "uni": "UNI", "united news of india": "UNI", "aap": "AAP",
    "australian associated press": "AAP", "bernama": "Bernama", "antara": "Antara",
    "irna": "IRNA", "sana": "SANA", "wam": "WAM", "kuna": "KUNA", "mena": "MENA",
    "qna": "QNA", "spa": "SPA", "kcna": "KCNA", "apa": "APA", "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg", "press association": "PA", "pa media": "PA",
    "europa press": "Europa Press", "ukrinform": "Ukrinform",
}


@dataclass(frozen=True)
class Known:
    """A listed outlet or agency read at the start of a phrase: the credit name (for an agency)
    or the outlets table's name, whether it is an agency, and the text it was read from."""

    name: str
    agency: bool
    written: str


def _key(name: str) -> str:
    """a name as written -> lookup key: lower case, single spaces, no brackets or end dots."""
    return " ".join(name.lower().strip(" .()[]").split())


def wire(name: str) -> str | None:
    """agency name as written -> its credit name ('Agence France-Presse' -> 'AFP'), or None
    when it is not a known news agency (the lexicon above, or an agency the outlets table
    lists)."""
    key = _key(name)
    if not key:
        return None
    if key in WIRES:
        return WIRES[key]
    listed = outlet_named(key) if len(key) > 1 else None
    return _credit_name(listed) if listed is not None and listed.agency else None


def _credit_name(outlet: Outlet) -> str:
    """a listed agency -> the credit name one of its spellings has in WIRES, else its name."""
    for name in (outlet.name, *outlet.aliases):
        if _key(name) in WIRES:
            return WIRES[_key(name)]
    return outlet.name


@lru_cache(maxsize=1)
def _spellings() -> tuple[tuple[str, str, bool], ...]:
    """-> (spelling, name, agency) for every listed outlet name and alias, longest first."""
    found: dict[str, tuple[str, bool]] = {}
    for outlet in load_outlets():
        name = _credit_name(outlet) if outlet.agency else outlet.name
        for spelling in (outlet.name, *outlet.aliases):
            found.setdefault(spelling, (name, outlet.agency))
    return tuple(sorted(((s, n, a) for s, (n, a) in found.items()),
                        key=lambda item: -len(item[0])))


@lru_cache(maxsize=1)
def _word_aliases() -> frozenset[str]:
    """-> one-word aliases that are a listed name without its 'The' ('Guardian',
    'Independent'): ordinary words too, so they name the outlet only as a whole phrase."""
    return frozenset(a for o in load_outlets() for a in o.aliases
                     if " " not in a and o.name.startswith("The ") and o.name[4:] == a)


@lru_cache(maxsize=1)
def _all_spellings() -> tuple[tuple[str, str, bool], ...]:
    """-> _spellings() plus the wire lexicon's spellings, longest first."""
    found = {s: (n, a) for s, n, a in _spellings()}
    for spelling, name in WIRES.items():
        if name != "Agencies" and len(spelling) > 2:
            found.setdefault(spelling.upper() if len(spelling) <= 4 else spelling.title(),
                             (name, True))
    return tuple(sorted(((s, n, a) for s, (n, a) in found.items()),
                        key=lambda item: -len(item[0])))


def known_name(phrase: str) -> Known | None:
    """a phrase -> the listed outlet or agency its first words name, written as the table
    writes it or in capitals ("CNN's senior correspondent" -> CNN; "ASSOCIATED PRESS WRITER"
    -> AP); None when it starts with no known name. A leading 'the' is skipped; an alias that
    is also an ordinary word ('Independent') counts only as the whole phrase."""
    text = re.sub(r"^(?:the|The|THE)\s+", "", phrase.strip())
    for spelling, name, agency in _all_spellings():
        for form in (spelling, spelling.upper()):
            if text.startswith(form) and not re.match(r"[\w&-]", text[len(form) : len(form) + 1]):
                if spelling in _word_aliases() and text.strip(" .,") != form:
                    continue
                return Known(name, agency, text[: len(form)])
    return None


@lru_cache(maxsize=1)
def _mention_pattern() -> re.Pattern[str]:
    """-> one pattern finding any listed outlet or agency name written as a name."""
    spellings = [s for s, _, _ in _all_spellings() if len(s) >= 3]
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in spellings) + r")(?![\w-])")


def names_in(text: str) -> set[str]:
    """text -> the names (credit names of agencies, table names of outlets) of every listed
    outlet or agency it mentions, written as a name ('the BBC', 'told Reuters')."""
    found = set()
    spellings = {m.group(0) for m in _mention_pattern().finditer(text)}  # each looked up once
    for spelling in spellings:
        known = known_name(spelling)
        if known is not None:
            found.add(known.name)
    return found


def wire_alternation() -> str:
    """-> a regex alternation of every wire spelling, longest first (for credit patterns)."""
    return "|".join(re.escape(k) for k in sorted(WIRES, key=len, reverse=True))
