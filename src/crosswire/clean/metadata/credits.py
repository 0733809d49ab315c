"""Who wrote and who supplied the story, and where it was filed: byline, dateline, wire credit."""

from __future__ import annotations

import re

from crosswire.clean.metadata.page import DATELINE, Page

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
_BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w.'’\-]*(?:\s+(?:and\s+)?[A-Z][\w.'’\-]*){0,5})"
                     r"(?:\s*(?:[,|/]|\s[-—–]\s)\s*(?P<org>[^|/]{2,60}))?\s*$")
_NAME_ORG = re.compile(r"^(?P<name>[A-Z][a-z.'’\-]+(?: [A-Z][a-z.'’\-]+){1,3})\s*[|,/]\s*"
                       r"(?P<org>[A-Za-z .\-]{2,40})$")


def wire(name: str) -> str | None:
    """agency name as written -> its canonical wire name, or None if not a known agency."""
    return WIRES.get(" ".join(name.lower().strip(" .()").split()))


def find_byline(page: Page) -> None:
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
        if not m or (m.re is _NAME_ORG and not wire(m["org"])):
            continue
        meta.consumed.add(i)
        agency = wire(m["org"]) if m["org"] else None
        if meta.byline is None:
            name = m["name"] if agency or not m["org"] else f'{m["name"]}, {m["org"]}'
            meta.byline = name.strip(" ,")
            meta.evidence["byline"] = f'"{text}" (line {i + 1})'
        if agency and meta.wire_credit is None:
            meta.wire_credit, meta.evidence["wire_credit"] = agency, f'byline "{text}"'
        return


def find_dateline_and_credit(page: Page) -> None:
    """Dateline at the start of the first body paragraphs ('CITY, Mon. D (Agency) --') and wire
    credits in it or in credit lines ('(AP) —', '— Reuters', 'Source: AFP')."""
    meta = page.meta
    body = [i for i, t in enumerate(page.texts) if t and i not in meta.consumed]
    after = [i for i in body if page.headline_index is None or i > page.headline_index]
    for i in after[:4]:
        m = DATELINE.match(page.texts[i])
        if m and (m["date"] or m["agency"]) and _plausible_place(m["place"]):
            meta.dateline = page.texts[i][: m.start("sep")].strip(" ,")
            meta.evidence["dateline"] = f"start of line {i + 1}"
            page.body_start = i
            agency = wire(m["agency"]) if m["agency"] else None
            if agency and meta.wire_credit is None:
                meta.wire_credit = agency
                meta.evidence["wire_credit"] = f'dateline "{meta.dateline}"'
            break
    if meta.wire_credit is None:
        _credit_lines(page, body)


def _plausible_place(place: str) -> bool:
    """dateline place -> whether its first part is an upper-case place name of 1-4 words."""
    head = place.split(",")[0].strip()
    return head.isupper() and 1 <= len(head.split()) <= 4


def _credit_lines(page: Page, body: list[int]) -> None:
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
            if name and wire(name) and not re.search(r"\bphoto\b", text, re.I):
                page.meta.wire_credit = wire(name)
                page.meta.evidence["wire_credit"] = f'credit "{text[:120]}" (line {i + 1})'
                return
