"""The time zone a page's publisher is in, when the page names its country.

A page's times are often stated in UTC (``2019-10-16T23:30:00Z``) while its readers saw the
publisher's own day (the 17th in Berlin). The country comes from the URL's country-code
domain (``.de``, ``.co.uk``; not one of the country codes used as generic names, ``.io``,
``.co``, ``.tv`` ..., nor one whose country does not speak the page's language, per the
Unicode CLDR data), else from the region of the page's language (``<html lang="de-AT">``); a
language alone names no country (English, Spanish, Arabic are written in many). The
country's zones come from the CLDR data that Babel ships (``territory_zones``); a country
whose zones keep different offsets (the United States, Russia, Spain with the Canaries)
gives none.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global
from babel.languages import get_territory_language_info
from lxml.html import HtmlElement

from crosswire.clean.metadata.site import registrable_domain

LOG = logging.getLogger(__name__)
# Country-code domains that are not the ISO code of their country.
DOMAIN_COUNTRY = {"uk": "GB"}
# Country codes registered as generic names (Google Search Central's list of generic
# country-code domains, and a few others used so): they say nothing of where a site is.
GENERIC_DOMAINS = frozenset({
    "ad", "as", "bz", "cc", "cd", "co", "dj", "fm", "io", "la", "me", "ms", "nu", "sc", "sr",
    "su", "tv", "tk", "ws", "ai", "gg", "ly", "to", "vc"})
LANG_REGION = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2})(?![A-Za-z]))?")


@cache
def _zones() -> dict[str, list[str]]:
    return dict(get_global("territory_zones"))


def page_language(tree: HtmlElement) -> str:
    """tree -> its <html lang> (or xml:lang) as written, stripped; '' when it states none."""
    return str(tree.get("lang") or tree.get("xml:lang") or "").strip()


def page_country(tree: HtmlElement, url: str | None) -> tuple[str, str] | None:
    """(tree, URL) -> (ISO country code, evidence) from the URL's country-code domain, else
    the region of the page's language; None when neither names a country."""
    lang = LANG_REGION.match(page_language(tree))
    suffix = (registrable_domain(url) or "").rsplit(".", 1)[-1].lower() if url else ""
    country = DOMAIN_COUNTRY.get(suffix, suffix.upper())
    if len(suffix) == 2 and suffix not in GENERIC_DOMAINS and country in _zones() and \
            (lang is None or lang[1].lower() in get_territory_language_info(country)):
        return country, f"the domain .{suffix}"
    if lang and lang[2] and lang[2].upper() in _zones():
        return lang[2].upper(), f"the page's language {lang[0]!r}"
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
    if not zones or not _one_day(zones):
        return None
    return zones[0], f"{zones[0].key} ({country[1]})"


def _one_day(zones: list[ZoneInfo]) -> bool:
    """zones -> whether they all keep the same offsets, winter and summer (one local day
    for every moment)."""
    return len({tuple(datetime(2021, month, 15, 12, tzinfo=zone).utcoffset()
                      for month in (1, 7)) for zone in zones}) == 1
