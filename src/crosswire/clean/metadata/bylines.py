"""Bylines: who wrote the story, and the organisation the byline credits.

Forms read: ``By Jane Doe``, ``By Jane Doe, BBC News``, ``By John Smith for Reuters``,
``By Jane Doe | BBC News``, ``By JOHN DOE, Associated Press Writer``, ``By Tarek Osman,
Special to CNN``, ``By Jane Doe, CNN Senior International Correspondent``, ``By the CNN Wire
Staff``, ``By The Associated Press``, ``Jane Doe | Reuters`` (a name and a known agency or
outlet), a byline after a date stamp (``January 25, 2011 | By Amir Ahmed, CNN``), and an
organisation on the line under a byline (``By Jon Leyne`` / ``BBC News, Cairo``).

The organisation is a known agency, an outlet the outlets table lists (read at the start of
a part: "BBC Middle East editor" is BBC), or, on a short byline line, a name with a news word
("Example Gazette"); a job title or a place is not an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosswire.clean.dates import find_dates
from crosswire.clean.metadata.agencies import known_name, wire

_OPENER = re.compile(r"^(?:(?P<pre>[^|]{4,200})\|\s*)?(?P<by>[Bb]y|BY|From)\s+(?P<rest>\S.*)$")
_STAFF = re.compile(r"^(?:the\s+)?(?P<org>.{2,40}?)\s+(?:[Ww]ires?\s+)?(?:[Ss]taff|STAFF)\b"
                    r"(?:\s+(?:[Rr]eporters?|[Ww]riters?))?")
_PARTS = re.compile(r"\s*(?:[,|/]|\s[-—–]\s)\s*|\s+for\s+")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w.'’\-]*|(?:de|van|von|der|den|al|el|bin|ibn|da|di|du|"
                         r"le|la|dos|del|y)|[A-Z]\.)$")
_NEWS_WORDS = re.compile(
    r"\b(?:News|Times|Post|Press|Herald|Journal|Tribune|Telegraph|Gazette|Daily|Radio|TV|"
    r"Television|Agency|Network|Chronicle|Observer|Standard|Express|Mirror|Mail|Media|"
    r"Broadcasting|Newswire|Wire|Magazine|Monitor|Online|Weekly)\b|\.(?:com|net|org)\b")
_ROLE_WORDS = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|staff|contributor|columnist|producer|"
    r"analyst|chief|bureau|journalist|presenter|photographer|intern|freelance)s?\b", re.I)
MAX_LINE = 100  # a byline line of its own is at most this long


@dataclass(frozen=True)
class Byline:
    """A byline read from one line: the names ('Jane Doe', or the organisation for a staff
    byline), the organisation it credits as written and resolved, whether that is an agency,
    the line it came from, the line the organisation came from, and whether the byline is a
    line of its own (so it can leave the body)."""

    names: str
    org: str | None
    org_name: str | None
    agency: bool
    line: int
    org_line: int
    alone: bool


def read_byline(text: str, line: int) -> Byline | None:
    """one line -> its byline ('By Jane Doe, BBC News'), or None. A line longer than a
    byline (a byline glued to the lead) gives only a byline whose organisation is a known
    agency or listed outlet."""
    alone = len(text) <= MAX_LINE
    m = _OPENER.match(text)
    if m and (m["pre"] is None or _ends_in_date(m["pre"])):
        return _by_line(m["rest"], line, alone, strict=m["by"] == "From")
    return _name_and_org(text, line) if alone else None


def _ends_in_date(text: str) -> bool:
    """text before '| By' -> whether it ends in a date ('January 25, 2011 ')."""
    dates = find_dates(text)
    return bool(dates) and not text[dates[-1].end :].strip(" ,")


def _by_line(rest: str, line: int, alone: bool, strict: bool) -> Byline | None:
    """the text after 'By' -> Byline: a staff byline, an organisation alone, or names with
    an organisation in a later part."""
    staff = _STAFF.match(rest)
    org = _organisation(staff["org"], alone=True) if staff else None
    if staff and org:
        return Byline(staff.group(0), org[0], org[1], org[2], line, line, alone)
    whole = _organisation(rest, alone=False) if alone and not strict else None
    if whole and whole[0] == rest.strip(" ."):
        return Byline(whole[0], whole[0], whole[1], whole[2], line, line, alone)
    parts = _split_glued_org(_PARTS.split(rest.strip()))
    for k in range(1, len(parts)):
        org = _organisation(parts[k], alone)
        if org is not None:
            names = ", ".join(parts[:k])
            return Byline(names, org[0], org[1], org[2], line, line, alone) \
                if _names(names) else None
    if not alone or strict or not _names(parts[0]):
        return None  # a 'From ...' line is a byline only with an organisation
    tail = ", ".join(parts[1:])
    return Byline(", ".join(p for p in (parts[0], tail) if p), None, None, False, line, line,
                  alone)


def _split_glued_org(parts: list[str]) -> list[str]:
    """byline parts -> the same, with a known organisation written right after the names
    split off ('Jon Leyne BBC News' -> 'Jon Leyne', 'BBC News')."""
    tokens = parts[0].split() if parts else []
    for j in range(2, min(len(tokens), 6)):
        known = known_name(" ".join(tokens[j:]))
        if known is not None and _names(" ".join(tokens[:j])):
            return [" ".join(tokens[:j]), " ".join(tokens[j:]), *parts[1:]]
    return parts


def _name_and_org(text: str, line: int) -> Byline | None:
    """'Jane Doe | Reuters' / 'Jane Doe, BBC News' -> Byline when the second part is a known
    agency or listed outlet (never a heuristic guess: 'Jane Doe, Washington' is no byline)."""
    parts = _PARTS.split(text.strip())
    if len(parts) != 2 or not _names(parts[0]):
        return None
    org = _organisation(parts[1], alone=False)
    if org is None or (org[0] != parts[1].strip(" .") and not org[2]):
        return None
    return Byline(parts[0], org[0], org[1], org[2], line, line, True)


_TAGLINE = re.compile(r"^[-—–*\s]*(?P<name>[A-Z][\w.'’\-]+(?:\s[A-Z][\w.'’\-]+){1,3})\s+is\s+"
                      r"(?:a|an|the)\s+(?P<rest>.{2,80}?)[.\s]*$")


def read_tagline(text: str, line: int) -> Byline | None:
    """an author's tagline ('-- Eric Auchard is a Reuters columnist.', 'Jane Doe is a BBC
    correspondent in Cairo') -> Byline when it names a known agency or listed outlet with a
    job title."""
    m = _TAGLINE.match(text)
    if m is None or not _names(m["name"]) or not _ROLE_WORDS.search(m["rest"]):
        return None
    known = known_name(m["rest"])
    if known is None:
        return None
    return Byline(m["name"], known.written, known.name, known.agency, line, line, False)


def organisation_line(text: str) -> tuple[str, str, bool] | None:
    """the line under a byline ('BBC News, Cairo', 'BBC Middle East editor') -> (the
    organisation as written, its name, agency?) when it is short and names a known agency or
    listed outlet in one of its parts."""
    if len(text) > 60 or len(text.split()) > 8 or text.endswith((".", "?", "!", '"')):
        return None
    for part in _PARTS.split(text):
        org = _organisation(part, alone=False)
        if org is not None:
            return org
    return None


def _organisation(part: str, alone: bool) -> tuple[str, str, bool] | None:
    """one part of a byline -> (organisation as written, its name, agency?) or None: a known
    agency ('Associated Press Writer' -> AP), a listed outlet at its start ("CNN's senior
    correspondent" -> CNN), or on a short line a name with a news word and no job title."""
    text = re.sub(r"^(?:[Ss]pecial\s+to|[Ww]riting\s+for|[Ff]or)\s+", "", part.strip(" ."))
    if not text:
        return None
    agency = wire(text)
    if agency:
        return text, agency, True
    known = known_name(text)
    if known is not None:
        return known.written, known.name, known.agency
    if alone and len(text.split()) <= 6 and _NEWS_WORDS.search(text) \
            and not _ROLE_WORDS.search(text):
        return text, text, False
    return None


def _names(text: str) -> bool:
    """text -> whether it is one or more personal names ('Jane Doe', 'Ben Wedeman and Amir
    Ahmed', 'JOHN DOE'): each name 2-5 capitalised words."""
    names = [n for n in re.split(r"\s*,\s*|\s+(?:and|&)\s+", text.strip()) if n]
    if not names:
        return False
    for name in names:
        tokens = name.split()
        if not 2 <= len(tokens) <= 5 or not all(_NAME_TOKEN.match(t) for t in tokens):
            return False
        if not tokens[0][0].isupper() or known_name(name) is not None:
            return False
    return True


_AUTHOR_LISTS = re.compile(r"\s*[;|]\s*|\s+/\s+")
_COMMA = re.compile(r"\s*,\s*")
_CONJUNCTION = re.compile(r"\s+(?:and|und|&|et|y|e|og|en)\s+", re.I)
# 'By', 'Von' in any case; 'di', 'par', 'por', 'door' too when a name of two words or more
# follows ('Por Alberto Ávila'; 'Di Wang' and 'Par Lagerkvist' are names)
_BY = re.compile(r"^(?:(?i:by|von)\s+|(?i:di|par|por|door)\s+(?=\S+\s+\S))")
# Degrees and post-nominal letters written beside a name ('Grant Tinsley, PhD').
_DEGREES = re.compile(r"^(?:ph\.?\s?d|m\.?d|d\.?phil|mph|msc|bsc|m\.?a|b\.?a|m\.?s|rd|rn|"
                      r"mba|llm|jd|dds|dvm|frcp|mrcp)\.?$", re.I)


def author_names(names: str | None) -> list[str]:
    """the names of a byline or an author field ('A; B', 'Jane Doe and John Roe', 'E. ROE
    / J. DOE') -> each author once, in order. Items of a list that are an organisation or
    a job ('BBC News', 'Staff') go when others are not ('Jane Doe | BBC News': her
    employer); items that all are stay, the byline crediting them ('AFP; The Local').
    Within an item, names are split at 'and' (and at commas before it: 'A, B and C'), and a
    job title or an organisation beside a name goes ('Jane Doe, Senior Correspondent', 'Jane
    Doe and John Roe, New York': what follows the last name); a comma list without 'and'
    stays as written ('Jane Doe, New York' may name a place)."""
    items = [_BY.sub("", _without_final_stop(i))
             for i in (i.strip(" ,") for i in _AUTHOR_LISTS.split(names or "")) if i]
    people = [i for i in items if not _beside_a_name(i)]
    found: list[str] = []
    for item in people or items:
        found.extend(_authors_in(item))
    return list(dict.fromkeys(found))


def _without_final_stop(item: str) -> str:
    """'Jane Doe.' -> 'Jane Doe'; an abbreviation or an initial keeps its stop ('Ph.D.',
    'Jr.', 'J.')."""
    last = item.split()[-1] if item.split() else ""
    return item[:-1] if last.endswith(".") and "." not in last[:-1] and len(last) > 3 else item


def _person_like(piece: str) -> bool:
    """a piece of a byline that is no job title or organisation -> whether it can be a
    person's name: one to six words, not starting with a lower-case letter (any script:
    'Émile Zola', '王小明')."""
    return 0 < len(piece.split()) <= 6 and not piece[:1].islower()


def _authors_in(item: str) -> list[str]:
    """one item of a byline's list -> its authors (see ``author_names``)."""
    parts = [p for p in _CONJUNCTION.split(item) if p]
    if len(parts) == 1:
        pieces = [p for p in _COMMA.split(item) if p]
        names = [p for p in pieces if not _beside_a_name(p)] or pieces
        return [", ".join(names)]  # one name, or a comma list without 'and', as written
    pieces = [piece for part in parts[:-1] for piece in _COMMA.split(part) if piece]
    pieces.append(_COMMA.split(parts[-1])[0])  # after the last name: a place, a job
    names = [p for p in pieces if not _beside_a_name(p)]
    return names if names and all(_person_like(n) for n in names) else [item]


def _beside_a_name(piece: str) -> bool:
    """a piece of a byline -> whether it is what stands beside a name, not a name: a job
    title, a degree ('PhD'), an organisation ('BBC News', 'the Associated Press'), a name
    with an article ('The Local')."""
    bare = re.sub(r"^the\s+", "", piece.strip(), flags=re.I)
    return bool(_ROLE_WORDS.search(piece) or _DEGREES.match(piece.strip())) \
        or bare != piece.strip() or known_name(bare) is not None
