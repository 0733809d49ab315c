"""The time zone a page's publisher is in, when the page names its country.

A page's times are often stated in UTC (``2019-10-16T23:30:00Z``) while its readers saw the
publisher's own day (the 17th in Berlin). The country comes from the URL's country-code
domain (``.de``, ``.co.uk``), else from the region of the page's language (``<html
lang="de-AT">``); a language alone names no country (English, Spanish, Arabic are written
in many). The country's zones come from the Unicode CLDR data that Babel ships
(``territory_zones``); a country whose zones disagree on the day of a moment (the United
States, Russia) gives none.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global
from lxml.html import HtmlElement

LOG = logging.getLogger(__name__)
# Country-code domains that are not the ISO code of their country.
DOMAIN_COUNTRY = {"uk": "GB"}


@cache
def _zones() -> dict[str, list[str]]:
    return dict(get_global("territory_zones"))


def page_country(tree: HtmlElement, url: str | None) -> tuple[str, str] | None:
    """(tree, URL) -> (ISO country code, evidence) from the URL's country-code domain, else
    the region of the page's language; None when neither names a country."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        host = ""
    suffix = host.rsplit(".", 1)[-1] if "." in host else ""
    country = DOMAIN_COUNTRY.get(suffix, suffix.upper())
    if len(suffix) == 2 and country in _zones():
        return country, f"the domain .{suffix}"
    lang = str(tree.get("lang") or tree.get("xml:lang") or "")
    region = re.fullmatch(r"[A-Za-z]{2,3}[-_]([A-Za-z]{2})", lang.strip())
    if region and region[1].upper() in _zones():
        return region[1].upper(), f"the page's language {lang.strip()!r}"
    return None


def publisher_zone(tree: HtmlElement, url: str | None) -> tuple[ZoneInfo, str] | None:
    """(tree, URL) -> (the time zone of the country the page names, evidence), when the
    country's zones all keep the same offsets; None otherwise."""
    country = page_country(tree, url)
    if country is None:
        return None
    try:
        zones = [ZoneInfo(name) for name in _zones()[country[0]]]
    except ZoneInfoNotFoundError:
        LOG.warning("no time zone data for %s; install tzdata", country[0])
        return None
    if not _one_day(zones):
        return None
    return zones[0], f"{zones[0].key} ({country[1]})"


def _one_day(zones: list[ZoneInfo]) -> bool:
    """zones -> whether they all keep the same offsets, winter and summer (one local day
    for every moment)."""
    return len({tuple(datetime(2021, month, 15, 12, tzinfo=zone).utcoffset()
                      for month in (1, 7)) for zone in zones}) == 1
