"""An HTML page's publication date from its markup, ranked, each choice with its evidence.

Evidence, strongest first:
1. the date the page shows under its headline (the first ``<time datetime>`` or written date
   in the text that follows the article's ``<h1>``, or the ``<h2>``/``<h3>`` that is the
   headline when the ``<h1>`` is a section's name, before the body starts; a date labelled
   as an update is passed over when another follows), as its readers see it, in the
   publisher's own time zone; non-English month names and day-first numbers are read
   (``dates.find_dates_multilingual``);
2. the URL's path (``/2019/10/16/``);
3. structured data: JSON-LD ``datePublished`` (an article node first, then any node,
   ``@graph`` and nested nodes included), then the first meta or microdata place that
   states a publication time (``article:published_time``, ``itemprop=datePublished``,
   parsely, sailthru, Dublin Core, ``pubdate``...); when the two name different days, the
   one htmldate's own reading of the markup names goes first.

A time stated in UTC becomes the same moment in the offset other evidence states, else in
the time zone of the country the page names (``zones.py``); with no zone known, a time
near midnight yields to htmldate's reading of the adjacent day. Modification times
(``dateModified``, ``article:modified_time``, ``og:updated_time``) are read apart and never
taken for the publication; they only bound it: a date shown under the headline that is
later than the page's own last modification is a banner with the day's date, not the
article's, and is passed over.

Nothing here reads the clock or the network.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree
from lxml.html import HtmlElement

from crosswire.clean.dates import DateMention, find_dates_multilingual, normalize_stamp
from crosswire.clean.metadata.page import norm, squash
from crosswire.clean.metadata.zones import page_language, publisher_zone

LOG = logging.getLogger(__name__)

# Meta names and properties (lowercase) and microdata items that state a publication time,
# in order of trust, and those that state a modification.
PUBLISHED_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meta article:published_time", ("article:published_time",)),
    ("meta og:published_time", ("og:published_time", "og:article:published_time")),
    ("itemprop datePublished", ("itemprop:datepublished",)),
    ("meta parsely-pub-date", ("parsely-pub-date",)),
    ("meta sailthru.date", ("sailthru.date",)),
    ("meta Dublin Core date", ("dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
                               "dcterms.created")),
    ("meta pubdate", ("pubdate", "publishdate", "publish-date", "publish_date",
                      "article.published", "date")),
)
MODIFIED_PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meta article:modified_time", ("article:modified_time",)),
    ("meta og:updated_time", ("og:updated_time",)),
    ("itemprop dateModified", ("itemprop:datemodified",)),
)
ITEMS = etree.XPath('//*[@itemprop="datePublished" or @itemprop="dateModified"]')
# The meta places that state the publication and the modification before any item does.
STATED_IN_META = ({"article:published_time", "og:published_time", "og:article:published_time"},
                  {"article:modified_time", "og:updated_time"})
ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Posting|Report|Review|Recipe|CreativeWork")
# A stated date right after one of these words is an update, not the publication.
UPDATE_LABEL = re.compile(
    r"(?:updated?|modified|last\s+changed|aktualisiert|geändert|stand|mis\s+à\s+jour|"
    r"modifié|actualizado|actualización|modificado|aggiornat[oa]|bijgewerkt|atualizado)"
    r"\W{0,3}(?:\w+\W{1,3}){0,2}$", re.I)
HEADER_CHARS = 400  # how much text after the headline is the article's header
PROSE_NODE = 200  # a text node this long is the body's first paragraph: the header is over
STAMP_CHARS = 100  # a date in a longer text is a date the text talks about, not a stamp
STAMP_WORDS = 6  # nor is a date with more words than this around it
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])"
                      r"(?:[/_-]|$)")


@dataclass(frozen=True)
class Found:
    """A date the markup states: the ISO value and where it was found, in words."""

    value: str
    where: str


def as_stated(raw: str) -> str | None:
    """a markup date value -> ISO date, or datetime to the second with the offset the page
    gives ('2017-10-17T14:05:00+03:00'); None when it is no date."""
    text = squash(raw)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return normalize_stamp(text) if text else None
    return moment.isoformat(timespec="seconds") if re.search(r"\d[T ]\d", text) \
        else moment.date().isoformat()


def stated_places(tree: HtmlElement) -> dict[str, str]:
    """tree -> {meta name or property, lowercase: its first value}, and {"itemprop:<name>":
    the datetime or content of the first such item} for the date items when the meta tags
    leave the publication or the modification unstated (the page's elements are searched for
    them only then)."""
    places: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        value = meta.get("content")
        if key and value and value.strip():
            places.setdefault(key.strip().lower(), value)
    if not (STATED_IN_META[0] & places.keys() and STATED_IN_META[1] & places.keys()):
        for item in ITEMS(tree):
            value = item.get("datetime") or item.get("content")
            if value and value.strip():
                places.setdefault(f"itemprop:{str(item.get('itemprop')).lower()}", value)
    return places


def all_stated(places: dict[str, str],
               wanted: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Found]:
    """the page's date places + [(where, keys)] -> the first value of each place that reads
    as a date, in the order given."""
    found = []
    for where, keys in wanted:
        for key in keys:
            value = as_stated(places[key]) if key in places else None
            if value:
                found.append(Found(value, f"{where} {squash(places[key])!r}"))
                break
    return found


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    """a JSON-LD value -> every object in it, depth first (@graph and nesting included)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
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
    """tree + the headline -> the <h1> that shows it, else the first <h2> or <h3> that is
    it (a page whose <h1> is a section's name); without a headline, the first <h1>; None when
    no heading shows the headline (the page's headings are not its article's)."""
    if not headline:
        h1s = tree.xpath("//h1")
        return h1s[0] if h1s else None
    key = norm(headline)
    if not key:
        return None
    h1 = next((h for h in tree.iter("h1") if key in norm(h.text_content())), None)
    return h1 if h1 is not None else next(
        (h for h in tree.iter("h2", "h3") if norm(h.text_content()) == key), None)


def _day_first(tree: HtmlElement) -> bool:
    """tree -> whether its language writes 03/04/2020 day first (every language but US
    English and the pages that do not say)."""
    lang = page_language(tree).lower().replace("_", "-")
    return bool(lang) and lang not in ("en-us", "en")


def header_date(tree: HtmlElement, headline: str | None) -> Found | None:
    """tree + the headline -> the date the page shows right under its <h1>: a <time>
    element's datetime, else the first written date in the header's text; a date labelled as
    an update is passed over. None when the header shows none."""
    h1 = _headline_element(tree, headline)
    if h1 is None:
        return None
    day_first = _day_first(tree)
    return _below(h1, day_first) or _above(h1, day_first)


def _below(h1: HtmlElement, day_first: bool) -> Found | None:
    """the headline's element -> the first date in the short texts after it, before the
    body's first paragraph."""
    seen = 0
    for raw, owner in islice(following_texts(h1), 80):
        text = squash(raw)
        if not text:
            continue
        if len(text) > PROSE_NODE:
            return None  # the body's first paragraph: the header showed no date
        found = _time_element(owner) or (_written_date(text, day_first)
                                          if len(text) <= STAMP_CHARS else None)
        if found:
            return found
        seen += len(text)
        if seen > HEADER_CHARS:
            return None
    return None


def _above(h1: HtmlElement, day_first: bool) -> Found | None:
    """the headline's element -> a date in one of the two short elements right before it in
    its own container (a date line over the headline, in the article's header)."""
    for sibling in list(h1.itersiblings(preceding=True))[:2]:
        if not isinstance(sibling.tag, str) or sibling.tag in ("script", "style"):
            continue
        text = squash(sibling.text_content())
        if not text or len(text) > STAMP_CHARS:
            continue
        stamp = sibling if sibling.tag == "time" else next(iter(sibling.iter("time")), None)
        raw = stamp.get("datetime") if stamp is not None else None
        value = as_stated(raw) if raw else None
        if value and not UPDATE_LABEL.search(text[: text.find(squash(stamp.text_content()))]
                                             if stamp is not None else ""):
            return Found(value, f"<time datetime={raw!r}> over the headline")
        found = _written_date(text, day_first)
        if found:
            return Found(found.value, found.where.replace("under the headline",
                                                          "over the headline"))
    return None


def following_texts(element: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """an element -> the texts after it in document order, each with the element holding it
    (scripts and styles left out); lazily, so reading a page's header costs its header."""
    if element.tail:
        yield element.tail, element.getparent()
    for ancestor in [element, *element.iterancestors()]:
        for sibling in ancestor.itersiblings():
            for event, node in etree.iterwalk(sibling, events=("start", "end")):
                if event == "end":  # the text after an element belongs to its parent
                    if node.tail:
                        yield node.tail, node.getparent()
                elif node.text and node.tag not in ("script", "style") \
                        and isinstance(node.tag, str):
                    yield node.text, node


def _time_element(parent: HtmlElement | None) -> Found | None:
    """the element holding a text -> the datetime of the <time> element (or datePublished
    item) it is, or is in."""
    for element in (parent, parent.getparent() if parent is not None else None):
        if element is None or (element.tag != "time"
                               and element.get("itemprop") != "datePublished"):
            continue
        raw = element.get("datetime") or element.get("content")
        if element.get("itemprop") == "dateModified" or UPDATE_LABEL.search(
                squash(element.getprevious().text_content()
                       if element.getprevious() is not None else "")):
            return None
        value = as_stated(raw) if raw else None
        if value:
            return Found(value, f"<time datetime={raw!r}> under the headline")
    return None


def _written_date(text: str, day_first: bool) -> Found | None:
    """a header text -> its first written date not labelled as an update, when the text is
    a stamp (a date with a few words around it: a label, a name, a time) rather than a
    sentence that mentions a date."""
    for mention in find_dates_multilingual(text, day_first):
        if UPDATE_LABEL.search(text[: mention.start]):
            continue
        rest = text[: mention.start] + " " + text[mention.end :]
        if len(re.findall(r"[^\W\d_]{2,}", rest)) > STAMP_WORDS:
            return None
        return _with_time(text, mention)
    return None


def _with_time(text: str, mention: DateMention) -> Found | None:
    day = mention.date()
    if day is None:
        return None
    return Found(day.isoformat(), f"{text[:80]!r} under the headline")


def modified_date(places: dict[str, str], objects: list[dict[str, Any]]) -> Found | None:
    """the page's date places + its JSON-LD objects -> its stated last modification, or
    None."""
    stated = all_stated(places, MODIFIED_PLACES)
    return jsonld_date(objects, "dateModified") or (stated[0] if stated else None)


def markup_published(tree: HtmlElement, url: str | None, headline: str | None,
                     htmldate_day: str | None = None) -> tuple[str, str] | None:
    """(tree, URL, the page's headline, htmldate's markup-only date or None) -> (ISO date or
    datetime, evidence) from the strongest markup evidence, the others that disagree named;
    None when the markup and the URL state no publication date (or the markup cannot be
    read: logged)."""
    try:
        return _markup_published(tree, url, headline, htmldate_day)
    except Exception:  # odd markup: htmldate decides, as without this reading
        LOG.warning("reading the page's dates from its markup failed", exc_info=True)
        return None


def _markup_published(tree: HtmlElement, url: str | None, headline: str | None,
                      htmldate_day: str | None) -> tuple[str, str] | None:
    htmldate_day = _a_day(htmldate_day)
    objects, places = jsonld_objects(tree), stated_places(tree)
    modified = modified_date(places, objects)
    header = header_date(tree, headline)
    notes = []
    if header and modified and _days_after(header.value, modified.value) > 1:
        notes.append(f"passed over {header.where}: later than the page's last modification "
                     f"({modified.where}), a banner with the day's date")
        header = None
    stated = all_stated(places, PUBLISHED_PLACES)
    structured = _seconded([jsonld_date(objects, "datePublished"), *stated[:1]], htmldate_day)
    ranked = [header, url_date(url), *structured]
    found = [f for f in ranked if f is not None]
    if not found:
        return None
    zone = publisher_zone(tree, url)
    best = _local(_most_precise(found[0], found[1:]), [*found[1:], *stated[1:]], zone)
    best = _near_midnight(best, htmldate_day, placed=zone is not None)
    if len(found[0].value) == 10 and best.value[:10] != found[0].value:
        best = found[0]  # a day shown (or in the URL) stays, whatever a borrowed time says
    others = [f.where for f in found[1:] if f.value[:10] != best.value[:10]]
    why = f"markup: {best.where}"
    if htmldate_day and htmldate_day != best.value[:10]:
        others.append(f"htmldate's {htmldate_day!r}")
    elif htmldate_day and not best.where.startswith("htmldate's"):
        why = f"htmldate: page markup {htmldate_day!r}, the same day as {best.where}"
    if others:
        why += "; disagreeing, not used: " + ", ".join(others)
    if modified and modified.value[:10] != best.value[:10]:
        why += f"; last modified {modified.where}, kept apart"
    return best.value, "; ".join([why, *notes])


NEAR_MIDNIGHT = 3  # hours: a time this close to midnight in an unknown zone names its day roughly


def _near_midnight(best: Found, htmldate_day: str | None, placed: bool) -> Found:
    """the chosen date + htmldate's markup day + whether the page's country placed a UTC
    time in its zone -> htmldate's day when the chosen one is a time of unknown zone (no
    offset; or UTC, unplaced) within three hours of midnight and htmldate names the
    adjacent day (the publisher's local day, as shown); else unchanged. A time without
    offset is local by ISO 8601, but many sites write UTC so; the rule rests on one page of
    the development part."""
    if htmldate_day is None or len(best.value) <= 10 or htmldate_day == best.value[:10]:
        return best
    utc = best.value.endswith("+00:00")
    if (best.value[-6] in "+-" and not utc) or (utc and placed):
        return best  # a stated local offset, or a zone the page names: the publisher's day
    moment = datetime.fromisoformat(best.value[:19])
    step = 1 if moment.hour >= 24 - NEAR_MIDNIGHT else -1 if moment.hour < NEAR_MIDNIGHT else 0
    if not step or _days_after(htmldate_day, best.value) != step:
        return best
    return Found(htmldate_day, f"htmldate's {htmldate_day!r}, the day next to {best.where} "
                               "(a time near midnight in an unknown zone)")


def _seconded(structured: list[Found | None], htmldate_day: str | None) -> list[Found | None]:
    """[JSON-LD datePublished, the first meta place] + htmldate's markup day -> the same,
    the meta place first when the two name different days and htmldate's own reading of
    the markup names the meta place's (JSON-LD left stale by an edit, say)."""
    jsonld, meta = [*structured, None][:2]
    if jsonld and meta and htmldate_day and jsonld.value[:10] != meta.value[:10] \
            and meta.value[:10] == htmldate_day:
        return [meta, jsonld]
    return structured


def _a_day(value: str | None) -> str | None:
    """htmldate's answer -> the same when it is a real ISO day ('2021-02-30' is not), else
    None: as if htmldate had said nothing."""
    if value is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _days_after(value: str, other: str) -> int:
    """two ISO values -> how many days the first one's day is after the second's."""
    return (date.fromisoformat(value[:10]) - date.fromisoformat(other[:10])).days


def _most_precise(best: Found, others: list[Found]) -> Found:
    """the chosen date + the other evidence -> the evidence naming the same day with a time
    of day, when the chosen one has none (a URL's day, a header's written date)."""
    if len(best.value) > 10:
        return best
    timed = [f for f in others if f.value[:10] == best.value[:10] and len(f.value) > 10]
    return Found(timed[0].value, f"{best.where}, at the time of {timed[0].where}") \
        if timed else best


def _local(best: Found, others: list[Found], zone: tuple[ZoneInfo, str] | None) -> Found:
    """a time stated in UTC + the other evidence + the publisher's time zone when the page
    names its country -> the same moment in the publisher's own offset when other evidence
    states it, else in the country's zone (the day readers saw), else unchanged (a time of
    unknown zone: ``_near_midnight`` may still move it)."""
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
    if zone is None:
        return best
    local_time = moment.astimezone(zone[0]).isoformat(timespec="seconds")
    return Found(local_time, f"{best.where}, in the time of {zone[1]}")
