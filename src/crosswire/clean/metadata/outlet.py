"""The outlet: who published this copy, from the strongest evidence; else null with the reason.

Ranking (first found wins; the others that name someone else are listed in the evidence):

1. what the user says: ``--outlet`` for the call, else a ``sources.csv`` row (hint
   ``outlet_user``);
2. what the container says about the record: a JSON Lines ``outlet``/``source``/``publisher``
   field, a feed's title, the page's own site name (hint ``outlet``);
3. a ``Source: X`` stamp naming an outlet that is not a news agency;
4. the URL, on a domain the outlets table lists;
5. the site part of a title line ("BBC News - Title");
6. a copyright line naming an outlet;
7. the URL's registrable domain (not listed);
8. a ``Source: X`` stamp naming a news agency, when nothing above names the publisher: the
   agency's own page;
9. a byline or dateline crediting an outlet that is not an agency ("By Jane Doe, BBC News",
   "Washington (CNN) --"): an outlet's own reporting is published by that outlet.

A news agency credited in a dateline, byline or credit line ("CAIRO (Reuters) -") says who
wrote the story, not who printed this copy: it is the wire credit, and the outlet stays
null when nothing else names the publisher. Names are the outlets table's when listed
("BBC News" -> "BBC"), as written otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crosswire.clean.metadata.credits import copyright_name
from crosswire.clean.metadata.page import Page, words_of
from crosswire.clean.metadata.site import registrable_domain, strip_junk
from crosswire.outlets import outlet_for_domain, outlet_named

Found = tuple[str, str] | None  # (outlet, evidence)


def find_outlet(page: Page) -> None:
    """Outlet from the strongest evidence in the ranking above; else null with the reason."""
    meta = page.meta
    finders: list[Callable[[Page], Found]] = [
        lambda p: _hint(p, "outlet_user"), lambda p: _hint(p, "outlet"), _publisher_stamp,
        lambda p: _listed_url(p.url), _site_outlet, _copyright_outlet,
        lambda p: _domain(p.url), _agency_stamp, _author_credit,
    ]
    options = [f for f in (finder(page) for finder in finders) if f and f[0]]
    if options:
        meta.outlet, why = options[0]
        others = dict.fromkeys(w for v, w in options[1:] if v.casefold() != meta.outlet.casefold())
        meta.evidence["outlet"] = why + (f" (also {'; also '.join(others)})" if others else "")
        return
    meta.evidence["outlet"] = (
        "null: nothing names the publisher (no 'Source:' stamp, no site name in a title "
        "line, no copyright line, no byline or dateline crediting an outlet), no URL and no "
        "container hint or --outlet/sources.csv"
    )
    credited = [c for c in page.credits if c.agency]
    if credited:
        meta.evidence["outlet"] += (
            f"; the text credits {credited[0].name} as the author ({credited[0].evidence}), "
            "publisher not named: a news agency's story is printed by many outlets, so the "
            "credit says who wrote it, not who published this copy"
        )


def listed(name: str) -> tuple[str, str]:
    """a name as written (or a URL) -> (the outlets table's name, ' (listed as X)') when the
    table lists it; a URL on an unlisted domain -> its registrable domain; else (name, '')."""
    name = " ".join(name.split())
    found = outlet_named(name)
    if found is None and re.match(r"https?://", name, re.I):
        found = outlet_for_domain(name)
        if found is None:
            domain = registrable_domain(name)
            return (domain, f" (the domain of {name})") if domain else (name, "")
    if found is None or found.name == name:
        return name, ""
    return found.name, f" ({name!r} is {found.name} in the outlets table)"


def _hint(page: Page, key: str) -> Found:
    """a container or user hint -> (its outlet, evidence)."""
    hint = page.hints.get(key)
    if hint is None or not hint.value.strip():
        return None
    name, note = listed(hint.value)
    who = "given by the user" if key == "outlet_user" else "container hint"
    value = "" if hint.value in hint.evidence else f" {hint.value!r}"
    return name, f"{who}: {hint.evidence}{value}{note}"


def _publisher_stamp(page: Page) -> Found:
    """a 'Source: X' stamp naming an outlet that is not an agency -> (X, evidence)."""
    for credit in page.credits:
        if credit.kind == "source stamp" and not credit.agency:
            return credit.name, f"{credit.evidence}: a source stamp naming the publisher"
    return None


def _agency_stamp(page: Page) -> Found:
    """a 'Source: <agency>' stamp -> (the agency, evidence): the agency's own page, when
    nothing stronger names a publisher."""
    for credit in page.credits:
        if credit.kind == "source stamp" and credit.agency:
            name, note = listed(credit.name)
            return name, (f"{credit.evidence}: a source stamp naming the publisher{note}, a news "
                          "agency; nothing else names another publisher")
    return None


def _author_credit(page: Page) -> Found:
    """a byline or dateline crediting an outlet that is not an agency -> (outlet, evidence)."""
    for credit in page.credits:
        if credit.kind in ("dateline", "byline") and not credit.agency:
            return credit.name, (
                f"the {credit.evidence} credits the story to {credit.name}'s own reporting, "
                "and no stamp, site name, URL or container names another publisher")
    return None


def _site_outlet(page: Page) -> Found:
    """The site part of a 'Site - title' line -> (site name, evidence), tracker junk removed."""
    if not page.site:
        return None
    name, dropped = strip_junk(page.site[0].strip())
    if len(words_of(name)) > 4 or not re.search(r"[A-Za-z]", name):
        return None
    note = f" (dropped leading page-furniture token(s) {' '.join(dropped)!r})" if dropped else ""
    name, table = listed(name)
    return name, page.site[1] + note + table


def _copyright_outlet(page: Page) -> Found:
    """A '© 2017 Name' / 'Copyright 2017 Name' line naming a non-agency -> (Name, evidence);
    the line is consumed."""
    agencies = {c.evidence for c in page.credits if c.kind == "copyright"}
    for i, text in enumerate(page.texts):
        name = copyright_name(text) if text else None
        evidence = f'copyright line "{text}" (line {i + 1})'
        if name and evidence not in agencies:
            page.meta.consumed.add(i)
            name, table = listed(name)
            return name, evidence + table
    return None


def _listed_url(url: str | None) -> Found:
    """URL -> (the outlet the outlets table lists for its domain, evidence), or None."""
    listed_outlet = outlet_for_domain(url) if url else None
    if listed_outlet is None:
        return None
    return listed_outlet.name, f"the URL {url} is on {listed_outlet.name}'s domain (outlets table)"


def _domain(url: str | None) -> Found:
    """URL on a domain the table does not list -> (its registrable domain, evidence)."""
    domain = registrable_domain(url) if url and outlet_for_domain(url) is None else None
    return (domain, f"registrable domain of the URL {url}") if domain else None
