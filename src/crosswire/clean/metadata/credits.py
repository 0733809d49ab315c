"""Who wrote and who supplied the story, and where it was filed: byline, dateline, credits.

``find_credits`` reads the byline and the dateline and collects every credit the text gives
(``Page.credits``, strongest kind first): the dateline's ("CAIRO (Reuters) -"), the
byline's ("By Jane Doe, BBC News"), credit lines ("(AP) —", "— Reuters", "(ANI)" ending the
story, "-- dpa", "with inputs from AFP"), copyright lines naming an agency and "Source: X"
stamps. ``choose_wire_credit`` then picks the wire credit: the first agency credit, else a
body phrase such as "told Reuters" (weak evidence, used only when the publisher is unknown
or is that agency).
"""

from __future__ import annotations

import re
from itertools import islice

from crosswire.clean.dates import find_dates
from crosswire.clean.metadata.agencies import WIRES, names_in, wire, wire_alternation
from crosswire.clean.metadata.bylines import (
    Byline,
    author_names,
    organisation_line,
    read_byline,
    read_tagline,
)
from crosswire.clean.metadata.datelines import read_dateline
from crosswire.clean.metadata.page import DATELINE, SOURCE, Credit, Page, words_of
from crosswire.outlets import outlet_named

__all__ = ["WIRES", "choose_wire_credit", "find_credits", "wire"]

CREDIT_ORDER = ("dateline", "byline", "credit line", "copyright", "source stamp")
_PHOTO = re.compile(r"\b(?:photo|photograph|picture|image|file|credit|video)s?\b", re.I)


def find_credits(page: Page) -> None:
    """Byline (consumed when a line of its own), dateline (stays in the body), and every
    credit the text gives -> page.meta.byline/dateline, page.credits (strongest kind first)."""
    _byline(page)
    _dateline(page)
    _credit_lines(page)
    _source_stamps(page)
    page.credits.sort(key=lambda c: CREDIT_ORDER.index(c.kind))


def _byline(page: Page) -> None:
    """'By Jane Doe, BBC News' (or a hint) -> meta.byline, a byline credit; a byline line
    of its own (and an organisation line under it) is consumed."""
    meta, hint = page.meta, page.hints.get("byline")
    if hint and hint.value.strip():
        meta.byline = hint.value.strip()
        meta.authors = author_names(meta.byline)
        meta.evidence["byline"] = f"container hint: {hint.evidence}"
    for i, text in enumerate(page.texts[:40]):
        if not text or (i in meta.consumed and i != page.headline_index):
            continue
        found = read_byline(text, i)
        if found is None:
            continue
        found = _organisation_below(page, found)
        for j in {found.line, found.org_line} if found.alone else set():
            meta.consumed.add(j)
        if meta.byline is None:
            names = found.names if found.agency or not found.org or found.org in found.names \
                else f"{found.names}, {found.org}"
            meta.byline = names.strip(" ,")
            meta.authors = author_names(found.names)
            meta.evidence["byline"] = f'"{text[:120]}" (line {i + 1})'
        if found.org_name:
            where = f'byline "{text[:120]}" (line {i + 1})'
            if found.org_line != found.line:
                where += f' with "{page.texts[found.org_line]}" (line {found.org_line + 1})'
            page.credits.append(Credit(_listed(found.org_name), found.agency, "byline", where))
        return
    _tagline(page)


def _tagline(page: Page) -> None:
    """An author's tagline in the first or last lines ('-- Jane Doe is a Reuters
    columnist.') -> a byline credit (and the byline when there is none)."""
    for i in dict.fromkeys(_first_lines(page, 3) + _last_lines(page, 3)):
        found = read_tagline(page.texts[i], i)
        if found is not None and found.org_name:
            if page.meta.byline is None:
                page.meta.byline = found.names
                page.meta.authors = author_names(found.names)
                page.meta.evidence["byline"] = f'tagline "{page.texts[i]}" (line {i + 1})'
            page.credits.append(Credit(_listed(found.org_name), found.agency, "byline",
                                       f'tagline "{page.texts[i][:120]}" (line {i + 1})'))
            return

def _first_lines(page: Page, k: int) -> list[int]:
    """-> indexes of the first k non-empty lines."""
    return list(islice((i for i, t in enumerate(page.texts) if t), k))


def _last_lines(page: Page, k: int, skip: int | None = None) -> list[int]:
    """-> indexes of the last k non-empty lines (other than line `skip`), in order."""
    found = (i for i in range(len(page.texts) - 1, -1, -1) if page.texts[i] and i != skip)
    return list(islice(found, k))[::-1]


def _organisation_below(page: Page, found: Byline) -> Byline:
    """a byline without an organisation on a line of its own -> the same byline with the
    organisation the next non-empty line names ('BBC News, Cairo'), when it names one."""
    if found.org or not found.alone:
        return found
    below = [j for j in range(found.line + 1, min(found.line + 3, len(page.texts)))
             if page.texts[j]]
    org = organisation_line(page.texts[below[0]]) if below else None
    if org is None:
        return found
    return Byline(found.names, org[0], org[1], org[2], found.line, below[0], True)


def _listed(name: str) -> str:
    """a name read in the text -> the outlets table's name when listed, else as written
    (agency credit names are kept: 'AFP' stays 'AFP')."""
    if wire(name) == name:
        return name
    listed = outlet_named(name)
    return listed.name if listed is not None else name


def _dateline(page: Page) -> None:
    """Dateline at the start of one of the first body lines -> meta.dateline, its credit,
    and the page stamp before it on the same line (a publication stamp). The line stays in
    the body."""
    meta, head = page.meta, page.headline_index
    after = (i for i, t in enumerate(page.texts)  # a headline line may hold the lead
             if t and (i not in meta.consumed or i == head) and (head is None or i >= head))
    for i in islice(after, 5):
        found = read_dateline(page.texts[i], i)
        if found is not None:
            page.body_start = i
            if found.text:
                meta.dateline = found.text
                meta.evidence["dateline"] = f"start of line {i + 1}"
            if found.stamp is not None:
                page.stamps.append(found.stamp)
            where = f'dateline "{found.text}"' if found.text else \
                f'dateline credit "({found.credit})" (line {i + 1})'
            page.credits.append(Credit(_listed(found.name or ""), found.agency, "dateline",
                                       where))
            return
        m = DATELINE.match(page.texts[i]) if i != head else None
        if m and m["date"] and _upper_place(m["place"]):
            meta.dateline = page.texts[i][: m.start("sep")].strip(" ,")
            meta.evidence["dateline"] = f"start of line {i + 1}"
            page.body_start = i
            return


def _upper_place(place: str) -> bool:
    """dateline place -> whether its first part is an upper-case place name of 1-4 words."""
    head = place.split(",")[0].strip()
    return head.isupper() and 1 <= len(head.split()) <= 4


def _credit_lines(page: Page) -> None:
    """Body lines -> agency credits from '(AP) —' openings, '— Reuters' / '-- dpa' endings,
    '(ANI)' closing one of the last lines, 'with inputs from AFP' / 'contributed to this
    report' lines, and copyright lines naming an agency. Photo credits are not credits."""
    names = wire_alternation()
    patterns = [
        re.compile(rf"^\((?P<w>{names})\)\s*[-—–:]", re.I),
        re.compile(rf"(?:^|\s)(?:[-—–]{{1,2}})\s*(?P<w>{names})\s*\.?$", re.I),
        re.compile(rf"(?:inputs? from|contributed to this report|additional reporting by)\W+"
                   rf"(?:the\s+)?(?P<w>{names})\b|\b(?P<v>{names})\s+contributed to this report",
                   re.I),
    ]
    closing = re.compile(rf"\((?P<w>{names})\)\s*\.?$", re.I)
    last = set(_last_lines(page, 3, skip=page.headline_index))
    for i, text in enumerate(page.texts):
        if not text or i == page.headline_index or _PHOTO.search(text):
            continue
        for pattern in [*patterns, closing] if i in last else patterns:
            m = pattern.search(text)
            name = (m["w"] or m.groupdict().get("v")) if m else None
            if name and wire(name) and (not name.islower() or wire(name) == name):
                page.credits.append(Credit(wire(name) or name, True, "credit line",
                                           f'credit "{text[:120]}" (line {i + 1})'))
                break
        copyright_credit = _copyright_agency(text, i)
        if copyright_credit:
            page.credits.append(copyright_credit)


_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*(?:by\s+)?"
                        r"(?P<name>[A-Z][\w&.'’ -]{1,40}?)\s*(?:\d{4})?"
                        r"[\s.,]*(?:all rights reserved.*|[.|]\s.*)?$", re.I)


def copyright_name(text: str) -> str | None:
    """a short '© 2017 Name' / 'Copyright Name 2009. All rights reserved.' line -> Name."""
    m = _COPYRIGHT.search(text) if text and len(text) < 120 else None
    if m is None or len(words_of(m["name"])) > 5:
        return None
    return m["name"].strip(" .,-")


def _copyright_agency(text: str, i: int) -> Credit | None:
    """a copyright line naming a news agency -> its credit (the agency owns the story)."""
    name = copyright_name(text)
    agency = wire(name) if name else None
    if agency is None:
        return None
    return Credit(agency, True, "copyright", f'copyright line "{text}" (line {i + 1})')


def _source_stamps(page: Page) -> None:
    """A 'Source: X' stamp -> a source-stamp credit (consumed): near the headline, piped,
    dated or naming an agency, so not a chart's 'Source: World Bank'."""
    near = (page.headline_index or 0) + 4
    for i, text in enumerate(page.texts[:40]):
        m = SOURCE.match(text) if text else None
        if not m or not 1 <= len(words_of(m["name"])) <= 5:
            continue
        name = m["name"].strip()
        if "|" in text or find_dates(text) or wire(name) or i <= near:
            page.meta.consumed.add(i)
            agency = wire(name)
            page.credits.append(Credit(agency or _listed(name), agency is not None,
                                       "source stamp", f'"{text}" (line {i + 1})'))
            return


_TOLD = re.compile(r"\b(?:told|tells|telling|speaking to|spoke to|said to|(?:in )?an? "
                   r"(?:exclusive |phone |telephone )?interview with)\s+(?:the\s+)?", re.I)


def choose_wire_credit(page: Page) -> None:
    """The wire credit: the strongest agency credit; else, when the publisher is unknown or
    is the agency, the one agency the body says sources spoke to ('he told Reuters'); else
    null with the reason."""
    meta = page.meta
    agencies = [c for c in page.credits if c.agency]
    if agencies:
        best = agencies[0]
        meta.wire_credit = best.name
        others = [f"also {c.evidence}" for c in agencies[1:] if c.name != best.name]
        meta.evidence["wire_credit"] = best.evidence + (f" ({'; '.join(others)})"
                                                        if others else "")
        return
    told = _told_agencies(page)
    names = sorted({name for name, _ in told})
    doubt = _quoting(page, names[0], meta.outlet) if len(names) == 1 else None
    if len(names) == 1 and doubt is None:
        meta.wire_credit = names[0]
        meta.evidence["wire_credit"] = (
            f"weak evidence: the body says {told[0][1]}: the agency reported the story; no "
            "dateline, byline or credit line names a wire, and the text names no other "
            "news organisation")
        return
    reason = "null: no dateline, byline, credit line or stamp names a news agency"
    if len(names) > 1:
        reason += f"; the body names several agencies sources spoke to ({', '.join(names)})"
    elif names:
        reason += f"; the body says {told[0][1]}, but {doubt}: the text may be quoting the agency"
    meta.evidence["wire_credit"] = reason


def _quoting(page: Page, agency: str, outlet: str | None) -> str | None:
    """(page, the one agency the body says sources spoke to, the outlet found) -> why the
    text may be another outlet quoting the agency, or None when nothing says so: the outlet
    is someone else, the text names another news organisation, or it speaks of the agency
    in the third person ('the Reuters news agency', 'according to Reuters')."""
    listed = outlet_named(agency)
    if outlet is not None and outlet_named(outlet) != listed and outlet != agency:
        return f"the article is published by {outlet}"
    text = "\n".join(t for t in page.texts if t)
    others = sorted(n for n in names_in(text) if n != agency and outlet_named(n) != listed)
    if others:
        return f"the text also names {', '.join(others)}"
    spellings = [k for k, v in WIRES.items() if v == agency and len(k) > 2] or [agency.lower()]
    alternation = "|".join(re.escape(k) for k in spellings)
    third = re.search(rf"(?:\b(?:{alternation})\s+(?:news\s+)?agency\b|according to\s+"
                      rf"(?:the\s+)?(?:{alternation})\b|\b(?:{alternation})\s+reported\b)",
                      text, re.I)
    return f'the text speaks of the agency in the third person ("{third.group(0)}")' \
        if third else None


def _told_agencies(page: Page) -> list[tuple[str, str]]:
    """body lines -> [(agency credit name, the phrase)] for 'told Reuters', 'said in an
    interview with AFP'..., agency names written with a capital. 'told the AFP news agency'
    is another outlet quoting the agency (an agency names itself bare): not counted."""
    names = wire_alternation()
    pattern = re.compile(rf"{_TOLD.pattern}(?P<w>{names})\b(?!\s+(?:news\s+)?agency)", re.I)
    found = []
    for i, text in enumerate(page.texts):
        if not text or i in page.meta.consumed:
            continue
        for m in pattern.finditer(text):
            name = wire(m["w"])
            if name and name != "Agencies" and m["w"][0].isupper():
                found.append((name, f'"{_sentence(text, m.start(), m.end())}" (line {i + 1})'))
    return found


def _sentence(text: str, start: int, end: int) -> str:
    """(line, span) -> the sentence holding the span, at most about 160 characters.

    Only the 103 characters before the span and the 100 after it are read (the sentence is
    cut there anyway): a long line with many spans is not read again from its start for each.
    """
    window = max(0, start - 103)  # a stop ending 100 or more before the span starts after this
    stops = re.finditer(r"[.!?][\"”’]?\s", text[window:start])
    begin = max((window + m.end() for m in stops), default=0)
    stop = re.search(r"[.!?](?=[\"”’]?(?:\s|$))", text[end : end + 100])  # one at 60+: cut
    finish = end + stop.end() if stop else len(text)
    sentence = text[max(begin, start - 100) : min(finish, end + 60)].strip()
    return ("…" if begin < start - 100 else "") + sentence
