"""An HTML page's article title from its markup, with its evidence.

The headline is what the page shows as its article's title: its ``<h1>``, when one reads as
the article's title (not the site's name, which many pages put in an ``<h1>`` logo), and
preferably the one the page's other titles (og:title, twitter:title, JSON-LD headline,
``<title>``) name too. Without such an ``<h1>``, the first of those titles, with the site's
name and the separators around it removed ("Title | Site", "Site - Title", "Title ›
Site"), and a section before a separator ("Opinion | Title") when the part after it is the
rest of a title another tag gives whole.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlparse

from lxml.html import HtmlElement

from crosswire.clean.metadata.page import norm
from crosswire.clean.metadata.site import registrable_domain
from crosswire.outlets import outlet_named

# The meta tags that state a page's title (name or property, lowercase), in <head>.
TITLE_META = {"og:title": "og:title", "twitter:title": "twitter:title"}
SEPARATOR = re.compile(r"\s+(?:[|–—»›·•/:]|-{1,2}|::)\s+|\s+[|–—-]\s*$|^\s*[|–—-]\s+")
# Between a kicker and a title too ("Brexit: Talks resume"), when a heading sets them apart.
KICKER = re.compile(SEPARATOR.pattern + r"|(?<=\w):\s+")
LOG = logging.getLogger(__name__)
MAX_WORDS = 40  # a longer <h1> is a paragraph marked up as a heading


def _text(element: HtmlElement) -> str:
    """element -> its visible text, single-spaced (scripts and styles left out)."""
    parts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return " ".join("".join(str(p) for p in parts).split())


def _h1_readings(h1: HtmlElement) -> list[str]:
    """an <h1> -> each child element's text, the text without a child's at its start or
    end (a kicker and a title in one heading: 'Immobilienkrise' + 'Rene Benko-Firma ...'),
    then its whole text."""
    whole = _text(h1)
    children = [c for c in (_text(c) for c in h1 if isinstance(c.tag, str)) if c and c != whole]
    rests = [whole[len(c):] if whole.startswith(c) else whole[: -len(c)]
             for c in children if whole.startswith(c) or whole.endswith(c)]
    rests = [r for r in (r.strip(" :|–—-") for r in rests) if r]
    return [*children, *rests, whole]


def _jsonld_headline(tree: HtmlElement) -> str | None:
    """tree -> the headline its JSON-LD states for an article, or None."""
    for block in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data: Any = json.loads(str(block), strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed(node))
            elif isinstance(node, dict):
                if isinstance(node.get("headline"), str) and node["headline"].strip():
                    return " ".join(node["headline"].split())
                stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return None


def title_candidates(tree: HtmlElement, extracted: str | None) -> list[tuple[str, str]]:
    """tree + trafilatura's title -> [(where, title)] the page states, most trusted first."""
    first: dict[str, str] = {}
    head = tree.find("head")
    for element in (head if head is not None else tree).iter("meta", "title"):
        key = "<title>" if element.tag == "title" else \
            TITLE_META.get(str(element.get("property") or element.get("name") or "").lower())
        value = element.text if element.tag == "title" else element.get("content")
        if key and value and value.strip():
            first.setdefault(key, " ".join(value.split()))
    found: list[tuple[str, str]] = [(where, first[where])
                                    for where in ("og:title", "twitter:title", "<title>")
                                    if where in first]
    headline = _jsonld_headline(tree)
    if headline:
        found.insert(1, ("JSON-LD headline", headline))
    if extracted and extracted.strip():
        found.append(("trafilatura: page title", " ".join(extracted.split())))
    return found


def parts(title: str) -> list[str]:
    """'Opinion | A title - Site' -> ['Opinion', 'A title', 'Site'] (a title with no
    separator -> [title])."""
    return [p.strip() for p in SEPARATOR.split(title) if p and p.strip()]


def _is_site(text: str, site: str | None, url: str | None) -> bool:
    """a short text -> whether it names the site: its stated name, an outlet the outlets
    table lists, the URL's domain."""
    key = norm(text)
    if not key:
        return False
    if site is not None and norm(site) == key:
        return True
    compact = re.sub(r"\W", "", text.lower())
    domain = re.sub(r"\W", "", (registrable_domain(url) or "") if url else "")
    return (len(text.split()) <= 4 and outlet_named(text) is not None) or \
        bool(compact and domain and (compact in domain or domain in compact))


def _links_home(h1: HtmlElement, url: str | None) -> bool:
    """an <h1> -> whether it is a link to the site's home page (a logo, the site's name)."""
    try:
        host = (urlparse(url).hostname or "") if url else ""
        for href in h1.xpath(".//a/@href"):
            target = urlparse(str(href).strip())
            if target.path in ("", "/", "/index.html", "/index.php") and not target.query and \
                    (not target.hostname or target.hostname == host):
                return True
    except ValueError:  # a URL urllib cannot parse (a bad IPv6 host): not a home link
        return False
    return False


def title_runs(title: str) -> set[str]:
    """a title -> the normalised runs of its separator-delimited parts that hold its longest
    part (the article's, beside a site's or a section's name or a kicker): 'A | B - Site' ->
    {a b site, a b, b site, b} when B is the longest."""
    pieces = [p.strip() for p in KICKER.split(title) if p.strip()] or [title]
    longest = max(range(len(pieces)), key=lambda i: len(pieces[i]))
    runs = {norm(" ".join(pieces[i:j])) for i in range(longest + 1)
            for j in range(longest + 1, len(pieces) + 1)}
    return runs | {norm(title)}


def _first_part(title: str) -> set[str]:
    """a title -> {its first separator-delimited part, normalised} ('Title – subtitle')."""
    return {norm(parts(title)[0])} if parts(title) else set()


def article_h1(tree: HtmlElement, titles: list[tuple[str, str]], site: str | None,
               url: str | None) -> tuple[str, str] | None:
    """tree + the page's titles -> (the <h1> showing the article's title, evidence): one a
    title of the page names whole or with the site's or a section's name around it; else,
    when the page's first title is one plain part (no separator: often the site's or a
    section's name alone), the first <h1> that is not the site's name and has more words
    than that title. None otherwise."""
    h1s = [r for r in (_h1_readings(h) for h in tree.xpath("//h1") if not _links_home(h, url))
           if r[-1] and len(r[-1].split()) <= MAX_WORDS]
    stated = [(w, t) for w, t in titles if not w.startswith("trafilatura")]
    for named in (title_runs, _first_part):  # a title's first part only when nothing else
        for where, title in stated:
            runs = named(title)
            for readings in h1s:
                for text in readings:
                    if norm(text) in runs:
                        return text, f"the page's <h1>, as its {where} names it"
    if stated and len(parts(stated[0][1])) > 1:
        return None  # the titles name the site or a section, and no <h1> is the article's
    words = len(stated[0][1].split()) if stated else 0
    for readings in h1s:
        if not _is_site(readings[-1], site, url) and len(readings[-1].split()) > words:
            why = f", longer than its {stated[0][0]} {stated[0][1]!r}" if stated else ""
            return readings[-1], f"the page's <h1>{why}"
    return None


def cleaned_title(title: str, titles: list[tuple[str, str]], site: str | None,
                  url: str | None) -> str:
    """a page title -> without the parts that name the site; a leading section ('Opinion |
    ...') goes when what follows it is another title of the page."""
    pieces = parts(title)
    if len(pieces) < 2:
        return pieces[0] if pieces else title
    kept = [p for p in pieces if not _is_site(p, site, url)] or pieces
    others = {norm(t) for where, t in titles if t != title and not where.startswith("trafilatura")}
    for i in range(1, len(kept)):
        if norm(" ".join(kept[i:])) in others:
            return " ".join(kept[i:])
    if len(kept) == len(pieces):  # no part is known to name the site
        first, rest = pieces[0], pieces[1:]
        named = all(len(first) > len(p) and _name_like(p) for p in rest)
        return first if named else title
    return _rejoined(title, kept)


def _name_like(part: str) -> bool:
    """a title part -> whether it can be a site's name: at most six words, starting with a
    capital or a digit, no question or exclamation ('was lohnt sich?' continues a title)."""
    return len(part.split()) <= 6 and (part[:1].isupper() or part[:1].isdigit()) \
        and not re.search(r"[?!]", part)


def _rejoined(title: str, kept: list[str]) -> str:
    """the title + the parts kept -> the span of the title from the first kept part to the
    end of the last (its own separators kept)."""
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() if 0 <= start < end else " ".join(kept)


def markup_headline(tree: HtmlElement, extracted: str | None, site: str | None,
                    url: str | None) -> tuple[str, str] | None:
    """(tree, trafilatura's title, the site's stated name, URL) -> (headline, evidence), or
    None when the page states no title (or its markup cannot be read: logged)."""
    try:
        return _markup_headline(tree, extracted, site, url)
    except Exception:  # odd markup: no headline from it, the text's title line instead
        LOG.warning("reading the page's title from its markup failed", exc_info=True)
        return None


def _markup_headline(tree: HtmlElement, extracted: str | None, site: str | None,
                     url: str | None) -> tuple[str, str] | None:
    titles = title_candidates(tree, extracted)
    shown = article_h1(tree, titles, site, url)
    if shown:
        return shown
    if not titles:
        return None
    where, title = titles[0]
    cleaned = cleaned_title(title, titles, site, url)
    if cleaned != title:
        return cleaned, f"{where} {title!r} without the site's (or a section's) name"
    return title, where
