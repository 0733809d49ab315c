"""The outlet: a container hint, a 'Source: X' stamp, the site part of a title line, a
copyright line or the URL's domain, in that order; else null with the reason."""

from __future__ import annotations

import re

from crosswire.clean.dates import find_dates
from crosswire.clean.metadata.credits import WIRES, wire
from crosswire.clean.metadata.page import SOURCE, Page, words_of
from crosswire.clean.metadata.site import registrable_domain, strip_junk
from crosswire.outlets import outlet_for_domain


def find_outlet(page: Page) -> None:
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


def _source_stamp(page: Page) -> tuple[str, str] | None:
    """A 'Source: X' line -> (X, evidence); the stamp says the article is from X."""
    near = (page.headline_index or 0) + 4
    for i, text in enumerate(page.texts[:40]):
        m = SOURCE.match(text) if text else None
        if not m or not 1 <= len(words_of(m["name"])) <= 5:
            continue
        # a stamp, not a chart's "Source: World Bank": dated, piped, a wire, or by the headline
        if "|" in text or find_dates(text) or wire(m["name"]) or i <= near:
            page.meta.consumed.add(i)
            return m["name"].strip(), f'"{text}" (line {i + 1}: a source stamp naming the ' \
                "publisher)"
    return None


def _site_outlet(page: Page) -> tuple[str, str] | None:
    """The site part of a 'Site - title' line -> (site name, evidence), tracker junk removed."""
    if not page.site:
        return None
    name, dropped = strip_junk(page.site[0].strip())
    if len(words_of(name)) > 4 or not re.search(r"[A-Za-z]", name):
        return None
    note = f" (dropped leading page-furniture token(s) {' '.join(dropped)!r})" if dropped else ""
    return name, page.site[1] + note


def _copyright_outlet(page: Page) -> tuple[str, str] | None:
    """A '© 2017 Name' / 'Copyright 2017 Name' line naming a non-agency -> (Name, evidence)."""
    pattern = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*-\s*\d{4})?)?\s*(?:by\s+)?"
                         r"(?P<name>[A-Z][\w&.'’ -]{1,40}?)[\s.,]*(?:all rights reserved.*)?$",
                         re.I)
    for i, text in enumerate(page.texts):
        m = pattern.search(text) if text and len(text) < 120 else None
        if m and m["name"].strip().lower() not in WIRES and len(words_of(m["name"])) <= 5:
            page.meta.consumed.add(i)
            return m["name"].strip(), f'copyright line "{text}" (line {i + 1})'
    return None


def _url_outlet(url: str | None) -> tuple[str, str] | None:
    """URL -> (the outlet the outlets table lists for its domain, else the registrable
    domain; evidence), when the URL has a host."""
    if not url:
        return None
    listed = outlet_for_domain(url)
    if listed is not None:
        return listed.name, f"the URL {url} is on {listed.name}'s domain (outlets table)"
    domain = registrable_domain(url)
    return (domain, f"registrable domain of the URL {url}") if domain else None
