"""Who an outlet is: country and ownership, from the editable table ``data/outlets.json``.

An outlet is found by name (case-insensitive, aliases, a leading "The" optional) or by web
domain (a subdomain resolves to its parent: ``uk.reuters.com`` is Reuters). An outlet the table
does not list stays unknown: nothing is guessed from a name or a domain ending.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crosswire.models import Article

TABLE_PATH = Path(__file__).resolve().parent / "data" / "outlets.json"
OWNERSHIP = ("state", "public", "private", "wire")


@dataclass(frozen=True)
class Outlet:
    """One table entry: the outlet's name, other names, web domains, country, ownership
    (state | public | private | wire), whether it is a news agency, and what the entry rests on."""

    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    country: str
    ownership: str
    basis: str
    agency: bool = False
    extra: tuple[tuple[str, str], ...] = ()  # a user's own columns: (name, value)

    def to_dict(self) -> dict[str, Any]:
        """Outlet -> the table's JSON object."""
        return {"name": self.name, "aliases": list(self.aliases), "domains": list(self.domains),
                "country": self.country, "ownership": self.ownership, "agency": self.agency,
                "basis": self.basis}


@dataclass(frozen=True)
class OutletTable:
    """The loaded table with its two indexes: normalised name -> Outlet, domain -> Outlet."""

    outlets: tuple[Outlet, ...]
    by_name: dict[str, Outlet]
    by_domain: dict[str, Outlet]


def _outlet(row: dict[str, Any]) -> Outlet:
    """a JSON row -> Outlet (ValueError on an ownership kind the table does not define)."""
    if row["ownership"] not in OWNERSHIP:
        raise ValueError(f"outlet {row['name']!r}: ownership must be one of {OWNERSHIP}")
    return Outlet(name=row["name"], aliases=tuple(row.get("aliases", ())),
                  domains=tuple(d.lower() for d in row.get("domains", ())),
                  country=row["country"], ownership=row["ownership"], basis=row["basis"],
                  agency=bool(row.get("agency", False)),
                  extra=tuple((k, str(v)) for k, v in row.items()
                              if k not in KNOWN_COLUMNS and isinstance(v, str | int | float)
                              and not isinstance(v, bool) and str(v).strip()))


KNOWN_COLUMNS = {"name", "aliases", "domains", "country", "ownership", "basis", "agency"}


def load_outlets(path: Path | str | None = None) -> list[Outlet]:
    """the table file (default: the packaged ``data/outlets.json``) -> its Outlets, in order."""
    return list(_table(str(path or TABLE_PATH)).outlets)


@lru_cache(maxsize=4)
def _table(path: str) -> OutletTable:
    """a table file -> OutletTable with name and domain indexes (first entry wins a clash)."""
    with open(path, encoding="utf-8") as handle:
        outlets = tuple(_outlet(row) for row in json.load(handle)["outlets"])
    by_name: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for outlet in outlets:
        for name in (outlet.name, *outlet.aliases):
            by_name.setdefault(_name_key(name), outlet)
        for domain in outlet.domains:
            by_domain.setdefault(domain, outlet)
    return OutletTable(outlets, by_name, by_domain)


def _name_key(name: str) -> str:
    """an outlet name -> lookup key: case-folded, no leading 'the', spaces and dots collapsed."""
    key = re.sub(r"[\s.]+", " ", name.casefold()).strip()
    return re.sub(r"^the ", "", key)


def host_of(url_or_domain: str) -> str | None:
    """a URL or bare domain -> its lower-case host without 'www.' and port; None if it has none."""
    text = url_or_domain.strip().lower()
    if not text:
        return None
    if "//" not in text:
        text = "//" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def outlet_for_domain(url_or_domain: str, path: Path | str | None = None) -> Outlet | None:
    """a URL or domain -> the listed Outlet whose domain it is or lies under (www.reuters.com,
    uk.reuters.com -> Reuters); None when no listed domain matches."""
    host = host_of(url_or_domain)
    if host is None:
        return None
    index = _table(str(path or TABLE_PATH)).by_domain
    labels = host.split(".")
    for i in range(len(labels) - 1):
        found = index.get(".".join(labels[i:]))
        if found is not None:
            return found
    return None


def outlet_named(name: str, path: Path | str | None = None) -> Outlet | None:
    """an outlet name, alias or domain ("reuters", "The Guardian", "AFP", "rt.com") -> the listed
    Outlet; None when the table has no such name."""
    found = _table(str(path or TABLE_PATH)).by_name.get(_name_key(name))
    if found is None and " " not in name.strip() and "." in name:
        return outlet_for_domain(name, path)
    return found


_TITLE_PARTS = re.compile(r"\s+(?:[-–—|>»·]{1,2}|::)\s+|:\s+")


def outlet_in_title(title: str, site_url: str | None = None,
                    path: Path | str | None = None) -> tuple[str, str]:
    """a feed's or site's title ('BBC News - World', 'Reuters: Top News', 'Top stories |
    Example Gazette') + the site's URL -> (the outlet it names, how it was read): a part the
    table lists (its table name), else the part the site's domain spells, else the title."""
    title = " ".join(title.split())
    parts = [p for p in _TITLE_PARTS.split(title) if p]
    for part in [title, *parts]:
        found = outlet_named(part, path)
        if found is not None:
            how = "listed in the outlets table" if part == title else f"its part {part!r} " \
                "is listed in the outlets table"
            return found.name, how
    host = host_of(site_url) if site_url else None
    spelled = re.sub(r"\W", "", host or "")
    for part in parts if len(parts) > 1 else []:
        compact = re.sub(r"\W", "", part.lower())
        if len(compact) >= 3 and compact in spelled:
            return part, f"its part {part!r} is spelled by the site's domain {host}"
    return title, "as written"


def outlet_of(article: Article, path: Path | str | None = None) -> Outlet | None:
    """Article -> the listed Outlet its ``outlet`` field names (by name or domain), else the one
    its URL belongs to; None when neither is listed."""
    if article.outlet:
        found = outlet_named(article.outlet, path)
        if found is not None:
            return found
    return outlet_for_domain(article.url, path) if article.url else None


def coverage(articles: Sequence[Article], path: Path | str | None = None) -> dict[str, Any]:
    """a story's articles -> its coverage spread over distinct sources: {countries: {country: n},
    ownership: {kind: n}, unknown: n, sources: {outlet as written: 'country, ownership'}}. A
    listed outlet counts once however many of its articles the story holds; a source the
    table does not list (or an article of unknown outlet) counts in ``unknown``, once per
    outlet name, or once per article when the outlet is unknown."""
    known: dict[str, Outlet] = {}
    unknown: set[str] = set()
    spelled: dict[str, str] = {}  # the outlet as an article names it -> "country, ownership"
    for article in articles:
        outlet = outlet_of(article, path)
        if outlet is not None:
            known[outlet.name] = outlet
            spelled[article.outlet or outlet.name] = f"{outlet.country}, {outlet.ownership}"
        else:
            unknown.add(f"outlet:{article.outlet.casefold()}" if article.outlet
                        else f"article:{article.id}")
    countries = Counter(o.country for o in known.values())
    kinds = Counter(o.ownership for o in known.values())
    columns: dict[str, Counter[str]] = {}
    for o in known.values():
        for name, value in o.extra:
            columns.setdefault(name, Counter())[value] += 1
    found: dict[str, Any] = {
        "countries": dict(sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))),
        "ownership": dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        "unknown": len(unknown)}
    if spelled:  # each listed source's country and ownership, for the page's source names
        found["sources"] = dict(sorted(spelled.items()))
    if columns:  # a user's own columns (a bias rating, a region, ...), sources without one
        found["columns"] = {name: {**dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))),
                                   **({"not rated": len(known) - sum(c.values())}
                                      if len(known) > sum(c.values()) else {})}
                            for name, c in sorted(columns.items())}
    return found
