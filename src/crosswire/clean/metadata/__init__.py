"""Metadata of an article from its text lines, its URL and its container's hints.

Finds the headline, outlet, wire credit, byline, dateline and publication date, with the text
each value came from (or why it is null) in ``evidence``, and the indices of the lines that are
metadata rather than body (``consumed``). Line numbers in evidence are 1-based.

General methods only: a "Site - title" line is split where its other half repeats elsewhere
(or the site half looks like a brand or matches the URL); a labelled stamp ("Published at",
"Source: X | date") beats a bare date line under the headline, which beats nothing; a date
banner above the headline (weekday + date, "Last Update" furniture) is the page's date, not
the article's; a year missing from a dateline is inferred from the weekdays and years the text
names, and only when exactly one year fits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from crosswire.clean.dates import (
    WEEKDAY_NAMES,
    DateMention,
    TimeMention,
    explicit_years,
    find_dates,
    find_times,
    find_weekdays,
    iso,
    normalize_stamp,
    on_or_after,
    years_with_weekday,
)
from crosswire.models import Hint

# Well-known news agencies: spelling in text -> the name used for wire_credit.
WIRES: dict[str, str] = {
    "agencies": "Agencies", "agency": "Agencies", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "ap": "AP",
    "associated press": "AP", "the associated press": "AP", "reuters": "Reuters",
    "thomson reuters": "Reuters", "xinhua": "Xinhua", "xinhua news agency": "Xinhua",
    "upi": "UPI", "dpa": "dpa", "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo",
    "yonhap": "Yonhap", "tass": "TASS", "ria novosti": "RIA Novosti", "anadolu": "Anadolu",
    "anadolu agency": "Anadolu", "pti": "PTI", "ians": "IANS", "aap": "AAP",
    "bernama": "Bernama", "irna": "IRNA", "sana": "SANA", "wam": "WAM", "kuna": "KUNA",
    "apa": "APA", "ani": "ANI", "bloomberg": "Bloomberg",
}
# Tracker and page-furniture words that scrapers glue before a site name.
def _wordset(text: str) -> frozenset[str]:
    """'a b c' -> frozenset of its words."""
    return frozenset(text.split())


JUNK_TOKENS = _wordset(
    "quantcast comscore chartbeat scorecardresearch advertisement advertising ad menu search "
    "close home skip navigation toggle share print logo loading subscribe"
)
_SITE_SEP = re.compile(r"\s+(?:[-–—|:]{1,2}|::|»|·)\s+")
_BULLET = re.compile(r"^[\s•·*▪►◦‣∙|>-]+")
_PUB_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|released|issued|date(?:d)?|publication date)\b"
    r"(?:\s+(?:on|at))?\s*[:\-]?\s*", re.I)
_UPD_LABEL = re.compile(r"^(?:last\s+)?(?:updated?|modified)\b(?:\s+(?:on|at))?\s*[:\-]?\s*", re.I)
_SOURCE = re.compile(r"^source\s*[:：]\s*(?P<name>[^|\n]{1,60}?)\s*(?:\||$)", re.I)
_STAMP_WORDS = _wordset(
    "updated update last published posted on at ago years year months month weeks week days "
    "day hours hour minutes minute min mins am pm gmt utc edt est bst cet date time by"
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'’\- ]{1,30})?)"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:,?\s*\d{4})?))?"
    r"(?:,?\s*\((?P<agency>[A-Za-z][A-Za-z .\-]{1,40})\))?"
    r"\s*(?P<sep>--|—|–|-|:)\s"
)
_BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w.'’\-]*(?:\s+(?:and\s+)?[A-Z][\w.'’\-]*){0,5})"
                     r"(?:\s*(?:[,|/]|\s[-—–]\s)\s*(?P<org>[^|/]{2,60}))?\s*$")
_NAME_ORG = re.compile(r"^(?P<name>[A-Z][a-z.'’\-]+(?: [A-Z][a-z.'’\-]+){1,3})\s*[|,/]\s*"
                       r"(?P<org>[A-Za-z .\-]{2,40})$")
_FUTURE = re.compile(r"\b(?:will|would|plans?|planned|expected|scheduled|next|by the end)\b"
                     r"|\b(?:may|might|could)\b", re.I)


@dataclass
class Metadata:
    """What the text, URL and hints say about an article, with evidence per field."""

    headline: str | None = None
    outlet: str | None = None
    wire_credit: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_confidence: str | None = None  # "stated" | "inferred" | None
    evidence: dict[str, str] = field(default_factory=dict)
    consumed: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class YearWindow:
    """Years an article can plausibly be from, from outside its text (e.g. the stated dates of
    the articles ingested with it), and where that range came from, in words."""

    lo: int
    hi: int
    evidence: str


@dataclass
class _Stamp:
    """A line holding a date: where, what it says, and how much it says about publication."""

    index: int
    text: str
    date: DateMention
    time: TimeMention | None
    kind: str  # "publication" | "source" | "bare" | "update" | "banner"

    def value(self) -> str | None:
        """stamp -> ISO date or datetime, or None when the date is incomplete."""
        day = self.date.date()
        return iso(day, self.time) if day else None


@dataclass
class _Page:
    """The input, normalised: cleaned line texts by index, URL, hints, the result so far."""

    texts: list[str]
    url: str | None
    hints: dict[str, Hint]
    meta: Metadata
    headline_index: int | None = None
    body_start: int = 0
    stamps: list[_Stamp] = field(default_factory=list)
    site: tuple[str, str] | None = None  # (site part of a "Site - title" line, evidence)
    notes: list[str] = field(default_factory=list)  # why a date could not be inferred


def extract_metadata(
    lines: list[str],
    url: str | None = None,
    hints: dict[str, Hint] | None = None,
    window: YearWindow | None = None,
) -> Metadata:
    """lines of a page's text (raw, as scraped, or an HTML extraction's body) + URL + container
    hints (+ a plausible year range from outside the text) -> Metadata."""
    page = _Page([_clean(str(line)) for line in lines], url, dict(hints or {}), Metadata())
    page.stamps = _find_stamps(page.texts)
    _headline(page)
    _classify_stamps(page)
    _byline(page)
    _dateline_and_credit(page)
    _outlet(page)
    _published(page, window)
    return page.meta


def _clean(line: str) -> str:
    """raw line -> text without leading bullets and with single spaces."""
    return " ".join(_BULLET.sub("", line).split())


def _norm(text: str) -> str:
    """text -> lowercase letters and digits only, for comparing copies of a line."""
    return re.sub(r"[\W_]+", " ", text.lower()).strip()


def _words(text: str) -> list[str]:
    """text -> its words (letters/digits runs)."""
    return re.findall(r"[\w'’]+", text)


# ---------------------------------------------------------------- stamps


def _find_stamps(texts: list[str]) -> list[_Stamp]:
    """line texts -> the short lines that are date stamps, with their kind (provisional)."""
    stamps = []
    for i, text in enumerate(texts):
        if not text or len(text) > 160:
            continue
        dates = [d for d in find_dates(text) if d.day is not None]
        if not dates:
            continue
        kind = _stamp_kind(text, dates[0])
        if kind:
            times = find_times(text)
            stamps.append(_Stamp(i, text, dates[0], times[0] if times else None, kind))
    return stamps


def _stamp_kind(text: str, date: DateMention) -> str | None:
    """a short line + its first date -> 'source' | 'publication' | 'update' | 'bare' | None."""
    if _SOURCE.match(text):
        return "source"
    if _PUB_LABEL.match(text):
        return "publication"
    if _UPD_LABEL.match(text):
        return "update"
    residue = text[: date.start] + " " + text[date.end :]
    for t in find_times(residue):
        residue = residue.replace(residue[t.start : t.end], " ", 1)
    leftover = [w for w in _words(residue) if w.lower() not in _STAMP_WORDS and not w.isdigit()]
    return "bare" if len(leftover) <= 1 else None


def _is_furniture(text: str) -> bool:
    """line -> whether it is an update/clock line with no date ("Last Update : 06:33 pm")."""
    if not text or find_dates(text):
        return False
    rest = _UPD_LABEL.sub("", text)
    return rest != text and bool(find_times(rest)) and len(_words(rest)) <= 4


def _classify_stamps(page: _Page) -> None:
    """Bare date lines above the headline with a weekday or update furniture -> 'banner';
    all stamp and furniture lines -> consumed."""
    head = page.headline_index
    for stamp in page.stamps:
        above = head is not None and stamp.index < head
        near = [t for t in page.texts[stamp.index + 1 : stamp.index + 3] if t]
        furniture = any(_is_furniture(t) for t in near)
        if stamp.kind == "bare" and above and (stamp.date.weekday is not None or furniture):
            stamp.kind = "banner"
        page.meta.consumed.add(stamp.index)
    for i, text in enumerate(page.texts[: (head or 0) + 8]):
        if _is_furniture(text):
            page.meta.consumed.add(i)


# ---------------------------------------------------------------- headline and outlet


def _site_split(text: str) -> tuple[str, str] | None:
    """'Site - Title' or 'Title | Site' -> (site part, title part) when exactly one separator
    splits the line into a short part and a longer part; else None."""
    parts = _SITE_SEP.split(text)
    if len(parts) != 2:
        return None
    a, b = parts
    if len(_words(a)) <= 4 < len(_words(b)):
        return a, b
    if len(_words(b)) <= 4 < len(_words(a)):
        return b, a
    return None


def _strip_junk(site: str) -> tuple[str, list[str]]:
    """site part -> (site name without leading tracker/furniture tokens, the tokens removed)."""
    tokens = site.split()
    dropped = []
    while len(tokens) > 1 and tokens[0].lower().strip(".:") in JUNK_TOKENS:
        dropped.append(tokens.pop(0))
    return " ".join(tokens), dropped


def _brandlike(site: str, url: str | None) -> bool:
    """site part -> whether it looks like a publication's name without other corroboration:
    a domain, a mixed-case/digit token ("i24NEWS", "HuffPost"), or the URL's domain."""
    compact = re.sub(r"\W", "", site.lower())
    domain = registrable_domain(url) if url else None
    if domain and compact and compact in re.sub(r"\W", "", domain):
        return True
    for token in site.split():
        if re.search(r"\.[a-z]{2,}$", token) or (re.search(r"\d", token)
                                                 and re.search(r"[a-z]", token, re.I)):
            return True
        if re.search(r"[a-z]", token) and len(re.findall(r"[A-Z]", token)) >= 2:
            return True
    return False


def _title_like(text: str) -> bool:
    """line -> whether it could be a headline: 2-30 words, mostly letters, no date stamp."""
    words = _words(text)
    if not 2 <= len(words) <= 30 or len(text) > 250:
        return False
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    if (find_dates(text) or find_times(text)) and len(words) <= 8:
        return False
    return not text.endswith((":", ",", "»")) and not _DATELINE.match(text)


def _headline(page: _Page) -> None:
    """Choose the headline (hint, repeated line, 'Site - title' line, or first title-like line);
    consume every copy of it and the 'Site - title' line."""
    stamp_lines = {s.index for s in page.stamps}
    top = [i for i, t in enumerate(page.texts) if t and i not in stamp_lines][:12]
    hint = page.hints.get("headline")
    choice = _headline_from_hint(page, hint) if hint and hint.value.strip() else None
    choice = choice or _headline_from_text(page, top)
    if choice is None:
        page.meta.evidence["headline"] = "no title-like line before the body and no container hint"
        return
    index, headline, why = choice
    page.meta.headline, page.meta.evidence["headline"] = headline, why
    page.headline_index = index
    _consume_copies(page, headline)


def _headline_from_hint(page: _Page, hint: Hint) -> tuple[int | None, str, str]:
    """container hint -> (line index of its first copy or None, headline, evidence)."""
    value = " ".join(hint.value.split())
    split = _site_split(value)
    key = _norm(value)
    lines = [i for i, t in enumerate(page.texts) if t and _norm(t) == key]
    outlet = page.hints.get("outlet")
    named = outlet is not None and _norm(outlet.value) == _norm(split[0]) if split else False
    if split and not lines and (
        named or _brandlike(split[0], page.url)
        or any(_norm(t) == _norm(split[1]) for t in page.texts)
    ):
        value = split[1]  # the hint is "Site - title": keep the title
        page.site = (split[0], f"site part of the headline hint {hint.value!r}")
        lines = [i for i, t in enumerate(page.texts) if _norm(t) == _norm(value)]
    return (lines[0] if lines else None), value, f"container hint: {hint.evidence}"


def _headline_from_text(page: _Page, top: list[int]) -> tuple[int, str, str] | None:
    """indices of the top lines -> (index, headline, evidence) from the text, or None."""
    texts = page.texts
    for i in top:
        split = _site_split(texts[i])
        if not split:
            continue
        site, title = split
        copies = [j for j in top if j != i and _norm(texts[j]) == _norm(title)]
        if copies or _brandlike(_strip_junk(site)[0], page.url):
            page.site = (site, f'site part of line {i + 1}: "{texts[i]}"')
            where = f", repeated alone on line {copies[0] + 1}" if copies else ""
            return (copies[0] if copies else i), title, \
                f'title part of line {i + 1} "{texts[i]}"{where}'
    counts = Counter(_norm(texts[i]) for i in top)
    for i in top:
        if counts[_norm(texts[i])] > 1 and _title_like(texts[i]):
            return i, texts[i], f'line {i + 1}, repeated {counts[_norm(texts[i])]} times at the top'
    for i in top:
        if _title_like(texts[i]) and not texts[i].endswith("."):
            return i, texts[i], f"first title-like line (line {i + 1})"
        if len(_words(texts[i])) > 30:
            break  # reached the body
    return None


def _consume_copies(page: _Page, headline: str) -> None:
    """Mark every line that repeats the headline, alone or as 'Site - headline', consumed."""
    key = _norm(headline)
    for i, text in enumerate(page.texts):
        if not text:
            continue
        split = _site_split(text)
        if split and _norm(split[1]) == key and page.site is None:
            page.site = (split[0], f'site part of line {i + 1}: "{text}"')
        if _norm(text) == key or (split and _norm(split[1]) == key):
            page.meta.consumed.add(i)


def registrable_domain(url: str) -> str | None:
    """URL -> its registrable domain ("https://www.nytimes.com/x" -> "nytimes.com",
    "bbc.co.uk" kept with its second-level label); None when there is no host."""
    try:
        host = (urlparse(url if "//" in url else f"//{url}").hostname or "").lower()
    except ValueError:
        return None
    labels = [p for p in host.split(".") if p]
    if len(labels) < 2 or host.replace(".", "").isdigit():
        return None
    second_level = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gv"}
    keep = 3 if len(labels[-1]) == 2 and labels[-2] in second_level and len(labels) > 2 else 2
    return ".".join(labels[-keep:])


def _outlet(page: _Page) -> None:
    """Outlet from (in order) a container hint, a 'Source: X' stamp, the site part of a title
    line, a copyright line, the URL's domain; else null with the reason."""
    meta, hint = page.meta, page.hints.get("outlet")
    source = _source_stamp(page)
    found = [
        (hint.value.strip(), f"container hint: {hint.evidence}") if hint else None,
        source,
        _site_outlet(page),
        _copyright_outlet(page),
        _url_outlet(page.url),
    ]
    options = [f for f in found if f and f[0]]
    if options:
        meta.outlet, why = options[0]
        others = "; ".join(f"also {w}" for v, w in options[1:] if v != meta.outlet)
        meta.evidence["outlet"] = why + (f" ({others})" if others else "")
        return
    meta.evidence["outlet"] = (
        "null: the text names no publisher (no 'Source:' stamp, no site name in a title line, "
        "no copyright line), no URL and no container hint"
    )
    if meta.wire_credit:
        meta.evidence["outlet"] += (
            f"; the {meta.evidence.get('wire_credit', 'text')} credits {meta.wire_credit} as the "
            "wire agency, which says who supplied the story, not who published this copy"
        )


def _source_stamp(page: _Page) -> tuple[str, str] | None:
    """A 'Source: X' line -> (X, evidence); the stamp says the article is from X."""
    near = (page.headline_index or 0) + 4
    for i, text in enumerate(page.texts[:40]):
        m = _SOURCE.match(text) if text else None
        if not m or not 1 <= len(_words(m["name"])) <= 5:
            continue
        # a stamp, not a chart's "Source: World Bank": dated, piped, a wire, or by the headline
        if "|" in text or find_dates(text) or _wire(m["name"]) or i <= near:
            page.meta.consumed.add(i)
            return m["name"].strip(), f'"{text}" (line {i + 1}: a source stamp naming the ' \
                "publisher)"
    return None


def _site_outlet(page: _Page) -> tuple[str, str] | None:
    """The site part of a 'Site - title' line -> (site name, evidence), tracker junk removed."""
    if not page.site:
        return None
    name, dropped = _strip_junk(page.site[0].strip())
    if len(_words(name)) > 4 or not re.search(r"[A-Za-z]", name):
        return None
    note = f" (dropped leading page-furniture token(s) {' '.join(dropped)!r})" if dropped else ""
    return name, page.site[1] + note


def _copyright_outlet(page: _Page) -> tuple[str, str] | None:
    """A '© 2017 Name' / 'Copyright 2017 Name' line naming a non-agency -> (Name, evidence)."""
    pattern = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*(?:by\s+)?"
                         r"(?P<name>[A-Z][\w&.'’ -]{1,40}?)[\s.,]*(?:all rights reserved.*)?$",
                         re.I)
    for i, text in enumerate(page.texts):
        m = pattern.search(text) if text and len(text) < 120 else None
        if m and m["name"].strip().lower() not in WIRES and len(_words(m["name"])) <= 5:
            page.meta.consumed.add(i)
            return m["name"].strip(), f'copyright line "{text}" (line {i + 1})'
    return None


def _url_outlet(url: str | None) -> tuple[str, str] | None:
    """URL -> (registrable domain, evidence), when the URL has a host."""
    domain = registrable_domain(url) if url else None
    return (domain, f"registrable domain of the URL {url}") if domain else None


# ---------------------------------------------------------------- byline, dateline, credit


def _wire(name: str) -> str | None:
    """agency name as written -> its canonical wire name, or None if not a known agency."""
    return WIRES.get(" ".join(name.lower().strip(" .()").split()))


def _byline(page: _Page) -> None:
    """'By Jane Doe' / 'Jane Doe | Reuters' lines (or a hint) -> byline, consumed; a wire named
    with the author becomes the wire credit."""
    meta, hint = page.meta, page.hints.get("byline")
    if hint and hint.value.strip():
        meta.byline = hint.value.strip()
        meta.evidence["byline"] = f"container hint: {hint.evidence}"
    for i, text in enumerate(page.texts[:40]):
        if not text or len(text) > 100:
            continue
        m = _BYLINE.match(text) or _NAME_ORG.match(text)
        if not m or (m.re is _NAME_ORG and not _wire(m["org"])):
            continue
        meta.consumed.add(i)
        wire = _wire(m["org"]) if m["org"] else None
        if meta.byline is None:
            name = m["name"] if wire or not m["org"] else f'{m["name"]}, {m["org"]}'
            meta.byline = name.strip(" ,")
            meta.evidence["byline"] = f'"{text}" (line {i + 1})'
        if wire and meta.wire_credit is None:
            meta.wire_credit, meta.evidence["wire_credit"] = wire, f'byline "{text}"'
        return


def _dateline_and_credit(page: _Page) -> None:
    """Dateline at the start of the first body paragraphs ('CITY, Mon. D (Agency) --') and wire
    credits in it or in credit lines ('(AP) —', '— Reuters', 'Source: AFP')."""
    meta = page.meta
    body = [i for i, t in enumerate(page.texts) if t and i not in meta.consumed]
    after = [i for i in body if page.headline_index is None or i > page.headline_index]
    for i in after[:4]:
        m = _DATELINE.match(page.texts[i])
        if m and (m["date"] or m["agency"]) and _plausible_place(m["place"]):
            meta.dateline = page.texts[i][: m.start("sep")].strip(" ,")
            meta.evidence["dateline"] = f"start of line {i + 1}"
            page.body_start = i
            wire = _wire(m["agency"]) if m["agency"] else None
            if wire and meta.wire_credit is None:
                meta.wire_credit = wire
                meta.evidence["wire_credit"] = f'dateline "{meta.dateline}"'
            break
    if meta.wire_credit is None:
        _credit_lines(page, body)


def _plausible_place(place: str) -> bool:
    """dateline place -> whether its first part is an upper-case place name of 1-4 words."""
    head = place.split(",")[0].strip()
    return head.isupper() and 1 <= len(head.split()) <= 4


def _credit_lines(page: _Page, body: list[int]) -> None:
    """Body lines -> wire credit from '(AP) —' openings, '— Reuters' endings, 'Source: AFP'
    stamps, or 'with inputs from AFP' / 'contributed to this report' lines."""
    names = "|".join(re.escape(k) for k in sorted(WIRES, key=len, reverse=True))
    patterns = [
        re.compile(rf"^\((?P<w>{names})\)\s*[-—–:]", re.I),
        re.compile(rf"[-—–]\s*(?P<w>{names})\s*\.?$", re.I),
        re.compile(rf"^source\s*[:：]\s*(?P<w>{names})\b", re.I),
        re.compile(rf"(?:inputs? from|contributed to this report|additional reporting by)\W+"
                   rf"(?:the\s+)?(?P<w>{names})\b|\b(?P<v>{names})\s+contributed to this report",
                   re.I),
    ]
    for i in body:
        text = page.texts[i]
        for pattern in patterns:
            m = pattern.search(text)
            name = (m["w"] or m.groupdict().get("v")) if m else None
            if name and _wire(name) and not re.search(r"\bphoto\b", text, re.I):
                page.meta.wire_credit = _wire(name)
                page.meta.evidence["wire_credit"] = f'credit "{text[:120]}" (line {i + 1})'
                return


# ---------------------------------------------------------------- published


def year_window(published: list[str | None], margin: int = 2) -> YearWindow | None:
    """stated publication dates of the articles ingested together -> the years an undated
    article among them plausibly falls in (their span widened by ``margin`` years), or None.
    Five consecutive years hold a given day-and-weekday at most once."""
    years = sorted(int(v[:4]) for v in published if v and re.match(r"\d{4}-", v))
    if not years:
        return None
    lo, hi = years[0] - margin, years[-1] + margin
    span = f"{years[0]}" if years[0] == years[-1] else f"{years[0]}-{years[-1]}"
    return YearWindow(lo, hi, f"{len(years)} articles ingested with it state dates in {span}")


def _published(page: _Page, window: YearWindow | None) -> None:
    """Publication date from the strongest evidence: labelled stamps and hints, then a bare
    date line under the headline, then a dateline (its year inferred if missing), then an
    inference from the dates and weekdays the text mentions; else null with the reason."""
    meta = page.meta
    banners = [s for s in page.stamps if s.kind == "banner"]
    note = "".join(
        f'; ignored banner "{s.text}" (line {s.index + 1}: a date above the headline with '
        "weekday/update furniture is the page's date, not the article's)" for s in banners
    )
    note += "".join(
        f'; ignored update stamp "{s.text}" (line {s.index + 1}: an update time, not the '
        "publication)" for s in page.stamps if s.kind == "update"
    )
    for step in (_from_stamps_and_hint, _from_dateline, _from_mentions):
        found = step(page, window, banners)
        if found:
            meta.published, meta.published_confidence, why = found
            meta.evidence["published"] = why + note
            return
    reasons = page.notes or ["the text states no publication date and no container hint gives one"]
    meta.evidence["published"] = "null: " + "; ".join(reasons) + note


def _from_stamps_and_hint(
    page: _Page, window: YearWindow | None, banners: list[_Stamp]
) -> tuple[str, str, str] | None:
    """labelled/bare stamps and the container hint -> (ISO, 'stated', evidence) or None."""
    rank = {"source": 0, "publication": 0, "bare": 1}
    stamps = sorted((s for s in page.stamps if s.kind in rank and s.value()),
                    key=lambda s: (rank[s.kind], s.index))
    if page.headline_index is not None:  # a bare date far below the headline is not a stamp
        stamps = [s for s in stamps if s.kind != "bare" or s.index - page.headline_index <= 4]
    hint = page.hints.get("published")
    hinted = normalize_stamp(hint.value) if hint else None
    if hint and not hinted:
        page.notes.append(f"container hint {hint.value!r} is not a date")
    best = stamps[0] if stamps else None
    if hint and hinted and (best is None or rank[best.kind] > 0 or _agree(hinted, best)):
        return _merge_hint(hinted, hint, best)
    if best is None:
        return None
    value = best.value()
    assert value is not None
    why = f'"{best.text}" (line {best.index + 1}, {best.kind} stamp)'
    if hint:
        why += f"; container hint {hint.value!r} ({hint.evidence}) disagrees and is not used"
    return value, "stated", why


def _agree(hinted: str, stamp: _Stamp) -> bool:
    """(hint ISO value, stamp) -> whether both name the same day."""
    return hinted[:10] == (stamp.value() or "")[:10]


def _merge_hint(hinted: str, hint: Hint, stamp: _Stamp | None) -> tuple[str, str, str]:
    """hint value (+ an agreeing or weaker stamp) -> (the more precise ISO, 'stated', evidence)."""
    why = f"container hint {hint.value!r} ({hint.evidence})"
    if stamp is None:
        return hinted, "stated", why
    value = stamp.value() or hinted
    if _agree(hinted, stamp):
        best = value if len(value) > len(hinted) else hinted
        return best, "stated", f'{why}; agrees with "{stamp.text}" (line {stamp.index + 1})'
    return hinted, "stated", f'{why}; text {stamp.kind} stamp "{stamp.text}" not used'


def _from_dateline(
    page: _Page, window: YearWindow | None, banners: list[_Stamp]
) -> tuple[str, str, str] | None:
    """dateline 'PARIS, Oct 2' -> its date: stated with a year, else the year inferred from the
    weekday the lead names and the years the text allows (only when exactly one fits)."""
    line = page.meta.dateline
    dates = [d for d in find_dates(line or "") if d.day is not None]
    if not dates:
        return None
    date = dates[0]
    if date.year is not None:
        day = date.date()
        return (day.isoformat(), "stated", f'dateline "{line}"') if day else None
    years, why = _dateline_years(page, date, window, banners)
    if len(years) != 1:
        page.notes.append(f'dateline "{line}" has no year: {why}')
        return None
    day = date.date(years[0])
    assert day is not None
    return day.isoformat(), "inferred", f'dateline "{line}" gives no year; {why}'


def _dateline_years(
    page: _Page, date: DateMention, window: YearWindow | None, banners: list[_Stamp]
) -> tuple[list[int], str]:
    """(year-less dateline date, outside window, banners) -> (years that fit, why in words)."""
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    wd, wd_why = _lead_weekday(page)
    lo, hi, bounds = _year_bounds(body, window, banners)
    if wd is None or date.day is None:
        return [], f"the text names no weekday for the dateline's day ({wd_why})"
    fits = f"{date.text} is a {WEEKDAY_NAMES[wd]} ({wd_why})"
    if lo is None or hi is None:
        some = years_with_weekday(date.month, date.day, wd, (lo or 2000), (lo or 2000) + 30)
        known = f"the only bound is: {bounds}" if bounds else "nothing in the text bounds the year"
        return [], f"{fits} in {', '.join(map(str, some))}, ...; {known}, so it is not determined"
    years = years_with_weekday(date.month, date.day, wd, lo, hi)
    if len(years) != 1:
        listed = ", ".join(map(str, years)) or "no year"
        return years, f"{fits} in {listed} within {lo}-{hi} ({bounds})"
    return years, f"{fits} in {years[0]}, the only such year within {lo}-{hi} ({bounds})"


def _lead_weekday(page: _Page) -> tuple[int | None, str]:
    """text -> (the weekday the lead paragraph names, if the text's most named weekday agrees;
    the evidence in words)."""
    lead = page.texts[page.body_start] if page.texts else ""
    plain = [w for w in find_weekdays(lead) if w.qualifier is None]
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    counts = Counter(w.weekday for w in find_weekdays(body) if w.qualifier is None)
    if not plain:
        return None, "the lead paragraph names no weekday"
    first = plain[0].weekday
    if counts[first] < max(counts.values()):
        return None, f"the lead names {WEEKDAY_NAMES[first]} but the text names another day more"
    return first, f"the lead says '{WEEKDAY_NAMES[first]}', named {counts[first]} times"


def _year_bounds(
    body: str, window: YearWindow | None, banners: list[_Stamp]
) -> tuple[int | None, int | None, str]:
    """text + outside window + banners -> (lowest year, highest year, where bounds come from):
    years the text states for past events are a floor; a page banner (the page's own date) is
    a ceiling; the outside window bounds both."""
    lo = hi = None
    notes = []
    past = _past_years(body)
    if past:
        lo = max(past)
        notes.append(f"the text mentions {lo} for a past event")
    if banners and banners[0].date.year:
        hi = banners[0].date.year
        notes.append(f"the page banner shows {hi}")
    if window:
        lo = max(lo or window.lo, window.lo)
        hi = min(hi or window.hi, window.hi)
        notes.append(f"{window.evidence}, so {window.lo}-{window.hi}")
    return lo, hi, "; ".join(notes)


def _is_future(sentence: str) -> bool:
    """sentence -> whether it speaks of the future or a possibility ("will", "may", "next")."""
    return any(m.group(0) != "May" for m in _FUTURE.finditer(sentence))


def _sentences(text: str) -> list[str]:
    """text -> sentences (split after . ! ? followed by space)."""
    return re.split(r"(?<=[.!?])\s+", text)


def _past_weekdays(body: str) -> list[int]:
    """text -> weekdays it names for past or present events (no "next", no future wording)."""
    found: set[int] = set()
    for sentence in _sentences(body):
        if not _is_future(sentence):
            named = find_weekdays(sentence)
            found.update(w.weekday for w in named if w.qualifier in (None, "this"))
    return sorted(found)


def _past_years(body: str) -> list[int]:
    """text -> years it names in sentences with no future wording ("will", "expected", ...)."""
    years = []
    for sentence in _sentences(body):
        if not _is_future(sentence):
            years.extend(explicit_years(sentence))
    return years


def _from_mentions(
    page: _Page, window: YearWindow | None, banners: list[_Stamp]
) -> tuple[str, str, str] | None:
    """A text with no date stamp: the latest full date it mentions (not in future wording) and
    the weekdays it names for its events -> the first day on which all those weekdays have
    happened, inferred; None (with a note) when there is no full date or no weekday."""
    if page.meta.dateline and find_dates(page.meta.dateline):
        return None  # a year-less dateline names the day; do not replace it by a guess
    anchor, anchor_text = _latest_past_date(page)
    if anchor is None:
        page.notes.append("no date stamp, and the text mentions no full date (with a year)")
        return None
    body = " ".join(t for t in page.texts[page.body_start :] if t)
    named = _past_weekdays(body)
    later = [y for y in _past_years(body) if y > anchor.year]
    if later:
        page.notes.append(f'no date stamp; the latest full date "{anchor_text}" is older than '
                          f"the year {max(later)} the text also names, so it dates nothing")
        return None
    if not named:
        page.notes.append(f'no date stamp; the text mentions "{anchor_text}" but names no '
                          "weekday placing the article after it")
        return None
    days = {wd: on_or_after(anchor, wd) for wd in named}
    latest = max(days.values())
    if window and not window.lo <= latest.year <= window.hi:
        page.notes.append(f"{latest.isoformat()} (from the text's dates) is outside "
                          f"{window.lo}-{window.hi} ({window.evidence})")
        return None
    listed = ", ".join(f"{WEEKDAY_NAMES[wd]} ({d.isoformat()})" for wd, d in days.items())
    why = (
        f'no date stamp; latest full date in the text "{anchor_text}" '
        f"(a {WEEKDAY_NAMES[anchor.weekday()]}); the weekdays it names for its events fall "
        f"after it on {listed}; the latest, {latest.isoformat()}, is the earliest date "
        "consistent with all of them"
    )
    return latest.isoformat(), "inferred", why


def _latest_past_date(page: _Page) -> tuple[dt.date | None, str]:
    """text -> (the latest full date it mentions outside future wording, its text)."""
    best: tuple[dt.date | None, str] = (None, "")
    for i, text in enumerate(page.texts):
        if not text or i in page.meta.consumed:
            continue
        for sentence in _sentences(text):
            if _is_future(sentence):
                continue
            for d in find_dates(sentence):
                day = d.date()
                if day and (best[0] is None or day > best[0]):
                    best = (day, d.text)
    return best
