"""The time zone a page's publisher is in, when the page names its country.

A page's times are often stated in UTC (``2019-10-16T23:30:00Z``) while its readers saw the
publisher's own day (the 17th in Berlin). The country comes from the URL's country-code
domain (``.de``, ``.co.uk``; not one of the country codes used as generic names, ``.io``,
``.co``, ``.tv`` ...); a page whose language (``<html lang>``, parsed by Babel) the Unicode
CLDR data does not list for that country names none (English aside: it is written
everywhere). A page on no country's domain names the region of its language (``<html
lang="de-AT">``); a language alone names no country (English, Spanish, Arabic are written in
many). The country's zones come from the CLDR data that Babel ships (``territory_zones``); a
country whose zones keep different offsets (the United States, Russia, Spain with the
Canaries) gives none.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global, parse_locale
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


@cache
def _zones() -> dict[str, list[str]]:
    return dict(get_global("territory_zones"))


def page_language(tree: HtmlElement) -> str:
    """tree -> its <html lang> (or xml:lang) as written, stripped; '' when it states none."""
    return str(tree.get("lang") or tree.get("xml:lang") or "").strip()


def language_and_region(lang: str) -> tuple[str | None, str | None]:
    """an <html lang> value -> (its base language, lowercase, of two or three letters; its
    region, uppercase), each None when it does not say ('zh-Hant-TW' -> ('zh', 'TW');
    'en-GB-x-foo', 'en-GB-oed' -> ('en', 'GB'); 'de-AT-u-nu-latn' -> ('de', 'AT');
    'german' -> (None, None)). Subtags from the first one-letter one on (extensions,
    private use) are left out; a tag Babel cannot parse is read by its first subtag and
    the first two-letter subtag after it."""
    tags = [t for t in re.split(r"[-_]", lang.strip()) if t]
    cut = next((i for i, t in enumerate(tags) if len(t) == 1), len(tags))
    tags = tags[:cut]
    if not tags or not re.fullmatch(r"[A-Za-z]{2,3}", tags[0]):
        return None, None
    try:
        _language, region, _script, _variant = parse_locale("-".join(tags), sep="-")[:4]
    except ValueError:
        region = next((t for t in tags[1:] if re.fullmatch(r"[A-Za-z]{2}", t)), None)
    return tags[0].lower(), region.upper() if region else None


def _spoken_in(language: str, country: str) -> bool:
    """(base language, ISO country code) -> whether the CLDR data lists the language as
    spoken there (script variants alike: zh_Hant in Taiwan), English everywhere (a page in
    English names no country by its language)."""
    spoken = {key.split("_")[0] for key in get_territory_language_info(country)}
    return language == "en" or language in spoken


def page_country(tree: HtmlElement, url: str | None) -> tuple[str, str] | None:
    """(tree, URL) -> (ISO country code, evidence) from the URL's country-code domain when its
    country speaks the page's language, else — for a page on no country's domain — the
    region of the page's language; None when neither names a country."""
    lang = page_language(tree)
    language, region = language_and_region(lang)
    suffix = (registrable_domain(url) or "").rsplit(".", 1)[-1].lower() if url else ""
    country = DOMAIN_COUNTRY.get(suffix, suffix.upper())
    if len(suffix) == 2 and suffix not in GENERIC_DOMAINS and country in _zones():
        if language is None or _spoken_in(language, country):
            return country, f"the domain .{suffix}"
        return None  # a country's domain in a language not spoken there: the country unsure
    if region and region in _zones():
        return region, f"the page's language {lang!r}"
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
