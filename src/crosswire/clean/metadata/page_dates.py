"""An HTML page's publication date from its markup, ranked, each choice with its evidence.

Evidence, strongest first:
1. the date the page shows under its headline (the first ``<time datetime>`` or written date
   in the text that follows the article's ``<h1>``, before the body starts; a date labelled
   as an update is passed over when another follows), as its readers see it, in the
   publisher's own time zone; non-English month names and day-first numbers are read
   (``dates.find_dates_multilingual``);
2. structured data: JSON-LD ``datePublished`` (an article node first, then any node,
   ``@graph`` and nested nodes included), then the meta and microdata places that state a
   publication time (``article:published_time``, ``itemprop=datePublished``, parsely,
   sailthru, Dublin Core, ``pubdate``...);
3. the URL's path (``/2019/10/16/``).

Modification times (``dateModified``, ``article:modified_time``, ``og:updated_time``) are
read apart and never taken for the publication; they only bound it: a date shown under the
headline that is later than the page's own last modification is a banner with the day's
date, not the article's, and is passed over.

Nothing here reads the clock or the network.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from crosswire.clean.dates import DateMention, find_dates_multilingual, normalize_stamp

LOG = logging.getLogger(__name__)

# Meta and microdata places that state a publication time, in order of trust.
PUBLISHED_XPATHS: tuple[tuple[str, str], ...] = (
    ("meta article:published_time", '//meta[@property="article:published_time"]/@content'),
    ("meta og:published_time",
     '//meta[@property="og:published_time" or @property="og:article:published_time"]/@content'),
    ("itemprop datePublished", '//*[@itemprop="datePublished"]/@content'),
    ("itemprop datePublished", '//*[@itemprop="datePublished"]/@datetime'),
    ("meta parsely-pub-date", '//meta[@name="parsely-pub-date"]/@content'),
    ("meta sailthru.date", '//meta[@name="sailthru.date"]/@content'),
    ("meta Dublin Core date",
     '//meta[translate(@name, "DCTERMSIUEA", "dctermsiuea")="dc.date.issued"'
     ' or translate(@name, "DCTERMSIUEA", "dctermsiuea")="dcterms.issued"'
     ' or translate(@name, "DCTERMSIUEA", "dctermsiuea")="dc.date"'
     ' or translate(@name, "DCTERMSIUEA", "dctermsiuea")="dcterms.date"'
     ' or translate(@name, "DCTERMSIUEA", "dctermsiuea")="dcterms.created"]/@content'),
    ("meta pubdate",
     '//meta[@name="pubdate" or @name="publishdate" or @name="publish-date"'
     ' or @name="publish_date" or @name="article.published" or @name="date"]/@content'),
)
MODIFIED_XPATHS: tuple[tuple[str, str], ...] = (
    ("meta article:modified_time", '//meta[@property="article:modified_time"]/@content'),
    ("meta og:updated_time", '//meta[@property="og:updated_time"]/@content'),
    ("itemprop dateModified", '//*[@itemprop="dateModified"]/@content'),
    ("itemprop dateModified", '//*[@itemprop="dateModified"]/@datetime'),
)
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Posting|Report|Review|Recipe|CreativeWork")
# A stated date right after one of these words is an update, not the publication.
UPDATE_LABEL = re.compile(
    r"(?:updated?|modified|last\s+changed|aktualisiert|geändert|stand|mis\s+à\s+jour|"
    r"modifié|actualizado|actualización|modificado|aggiornat[oa]|bijgewerkt|atualizado)"
    r"\W{0,3}(?:\w+\W{1,3}){0,2}$", re.I)
HEADER_CHARS = 400  # how much text after the headline is the article's header
PROSE_NODE = 200  # a text node this long is the body's first paragraph: the header is over
STAMP_CHARS = 100  # a date in a longer text is a date the text talks about, not a stamp
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])"
                      r"(?:[/_-]|$)")


@dataclass(frozen=True)
class Found:
    """A date the markup states: the ISO value and where it was found, in words."""

    value: str
    where: str


def _clean(value: Any) -> str:
    return " ".join(str(value).split())


def as_stated(raw: str) -> str | None:
    """a markup date value -> ISO date, or datetime to the second with the offset the page
    gives ('2017-10-17T14:05:00+03:00'); None when it is no date."""
    text = _clean(raw)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return normalize_stamp(text) if text else None
    return moment.isoformat(timespec="seconds") if re.search(r"\d[T ]\d", text) \
        else moment.date().isoformat()


def all_stated(tree: HtmlElement, xpaths: tuple[tuple[str, str], ...]) -> list[Found]:
    """tree + [(where, xpath)] -> the first value of each place that reads as a date."""
    found = []
    for where, xpath in xpaths:
        for raw in tree.xpath(xpath):
            value = as_stated(str(raw))
            if value:
                found.append(Found(value, f"{where} {_clean(raw)!r}"))
                break
    return found


def first_stated(tree: HtmlElement, xpaths: tuple[tuple[str, str], ...]) -> Found | None:
    """tree + [(where, xpath)] -> the first value that reads as a date, or None."""
    found = all_stated(tree, xpaths)
    return found[0] if found else None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """a JSON-LD value -> every object in it, depth first (@graph and nesting included)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """tree -> the objects of its JSON-LD blocks; a block that does not parse is skipped."""
    objects: list[dict[str, Any]] = []
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            objects.extend(_walk(json.loads(str(block), strict=False)))
        except ValueError:
            LOG.debug("a JSON-LD block does not parse; skipped")
    return objects


def jsonld_date(objects: list[dict[str, Any]], key: str) -> Found | None:
    """JSON-LD objects + a key (datePublished, dateModified) -> its value on an article node
    first, else on any node; None when no node states one that reads as a date."""
    def typed(obj: dict[str, Any]) -> bool:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        return any(isinstance(k, str) and ARTICLE_TYPES.search(k) for k in kinds)

    for wanted in (True, False):
        for obj in objects:
            raw = obj.get(key)
            value = as_stated(raw) if isinstance(raw, str) and typed(obj) == wanted else None
            if value:
                return Found(value, f"JSON-LD {obj.get('@type')} {key} {raw!r}")
    return None


def url_date(url: str | None) -> Found | None:
    """URL -> the date its path states (/2019/10/16/), or None."""
    match = URL_DATE.search(url or "")
    if not match:
        return None
    value = normalize_stamp("-".join(f"{int(g):02d}" for g in match.groups()))
    return Found(value, f"the URL's path {match.group(0).strip('/_-')!r}") if value else None


def _headline_element(tree: HtmlElement, headline: str | None) -> HtmlElement | None:
    """tree + the headline -> the <h1> that shows it (else the first <h1>), or None."""
    h1s = tree.xpath("//h1")
    key = " ".join((headline or "").split()).casefold()
    for h1 in h1s:
        if key and " ".join(h1.text_content().split()).casefold() == key:
            return h1
    return h1s[0] if h1s else None


def _day_first(tree: HtmlElement) -> bool:
    """tree -> whether its language writes 03/04/2020 day first (every language but US
    English and the pages that do not say)."""
    lang = str(tree.get("lang") or "").lower()
    return bool(lang) and lang not in ("en-us", "en")


def header_date(tree: HtmlElement, headline: str | None) -> Found | None:
    """tree + the headline -> the date the page shows right under its <h1>: a <time>
    element's datetime, else the first written date in the header's text; a date labelled as
    an update is passed over. None when the header shows none."""
    h1 = _headline_element(tree, headline)
    if h1 is None:
        return None
    seen, day_first = 0, _day_first(tree)
    nodes = h1.xpath("following::text()[not(ancestor::script) and not(ancestor::style)]"
                     "[position() <= 80]")
    for node in nodes:
        text = _clean(node)
        if not text:
            continue
        if len(text) > PROSE_NODE:
            return None  # the body's first paragraph: the header showed no date
        found = _time_element(node) or (_written_date(text, day_first)
                                         if len(text) <= STAMP_CHARS else None)
        if found:
            return found
        seen += len(text)
        if seen > HEADER_CHARS:
            return None
    return None


def _time_element(node: Any) -> Found | None:
    """a text node -> the datetime of the <time> element (or datePublished item) holding it."""
    parent = node.getparent()
    for element in (parent, parent.getparent() if parent is not None else None):
        if element is None or (element.tag != "time"
                               and element.get("itemprop") != "datePublished"):
            continue
        raw = element.get("datetime") or element.get("content")
        if element.get("itemprop") == "dateModified" or UPDATE_LABEL.search(
                _clean(element.getprevious().text_content()
                       if element.getprevious() is not None else "")):
            return None
        value = as_stated(raw) if raw else None
        if value:
            return Found(value, f"<time datetime={raw!r}> under the headline")
    return None


def _written_date(text: str, day_first: bool) -> Found | None:
    """a header text -> its first written date not labelled as an update, with any time."""
    for mention in find_dates_multilingual(text, day_first):
        if UPDATE_LABEL.search(text[: mention.start]):
            continue
        return _with_time(text, mention)
    return None


def _with_time(text: str, mention: DateMention) -> Found | None:
    day = mention.date()
    if day is None:
        return None
    return Found(day.isoformat(), f"{text[:80]!r} under the headline")


def modified_date(tree: HtmlElement, objects: list[dict[str, Any]]) -> Found | None:
    """tree + its JSON-LD objects -> the page's stated last modification, or None."""
    return jsonld_date(objects, "dateModified") or first_stated(tree, MODIFIED_XPATHS)


def markup_published(tree: HtmlElement, url: str | None, headline: str | None,
                     htmldate_day: str | None = None) -> tuple[str, str] | None:
    """(tree, URL, the page's headline, htmldate's markup-only date or None) -> (ISO date or
    datetime, evidence) from the strongest markup evidence, the others that disagree named;
    None when the markup and the URL state no publication date."""
    objects = _jsonld_objects(tree)
    modified = modified_date(tree, objects)
    header = header_date(tree, headline)
    notes = []
    if header and modified and _days_after(header.value, modified.value) > 1:
        notes.append(f"passed over {header.where}: later than the page's last modification "
                     f"({modified.where}), a banner with the day's date")
        header = None
    stated = all_stated(tree, PUBLISHED_XPATHS)
    ranked = [header, url_date(url), jsonld_date(objects, "datePublished"), *stated[:1]]
    found = [f for f in ranked if f is not None]
    if not found:
        return None
    best = _local(_most_precise(found[0], found[1:]), [*found[1:], *stated[1:]])
    others = [f.where for f in found[1:] if f.value[:10] != best.value[:10]]
    why = f"markup: {best.where}"
    if htmldate_day and htmldate_day == best.value[:10]:
        why = f"htmldate: page markup {htmldate_day!r}, the same day as {best.where}"
    elif htmldate_day:
        others.append(f"htmldate's {htmldate_day!r}")
    if others:
        why += "; disagreeing, not used: " + ", ".join(others)
    if modified and modified.value[:10] != best.value[:10]:
        why += f"; last modified {modified.where}, kept apart"
    return best.value, "; ".join([why, *notes])


def _days_after(value: str, other: str) -> int:
    """two ISO values -> how many days the first one's day is after the second's."""
    from datetime import date

    return (date.fromisoformat(value[:10]) - date.fromisoformat(other[:10])).days


def _most_precise(best: Found, others: list[Found]) -> Found:
    """the chosen date + the other evidence -> the evidence naming the same day with a time
    of day, when the chosen one has none (a URL's day, a header's written date)."""
    if len(best.value) > 10:
        return best
    timed = [f for f in others if f.value[:10] == best.value[:10] and len(f.value) > 10]
    return Found(timed[0].value, f"{best.where}, at the time of {timed[0].where}") \
        if timed else best


def _local(best: Found, others: list[Found]) -> Found:
    """a time stated in UTC + the other evidence -> the same moment in the publisher's own
    offset when other evidence states it so (the day readers saw), else unchanged."""
    if not best.value.endswith("+00:00"):
        return best
    moment = datetime.fromisoformat(best.value)
    for other in others:
        if len(other.value) <= 16 or other.value.endswith("+00:00") or other.value[-6] not in "+-":
            continue
        try:
            local = datetime.fromisoformat(other.value)
        except ValueError:
            continue
        if local.utcoffset() is not None and abs((local - moment).total_seconds()) < 120:
            return Found(other.value, f"{best.where}, in the offset of {other.where}")
    return best
