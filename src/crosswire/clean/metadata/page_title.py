"""An HTML page's article title from its markup, with its evidence.

The headline is what the page shows as its article's title: its ``<h1>``, when one reads as
the article's title (not the site's name, which many pages put in an ``<h1>`` logo), and
preferably the one the page's other titles (og:title, twitter:title, JSON-LD headline,
``<title>``) name too, else one that shares their words (the same title reworded for
search or sharing; a site's name, a menu or a section's heading shares few). Characters a
browser does not show (soft hyphens, zero-width spaces) are left out. Without such an
``<h1>``, the first of those titles, with the site's
name and the separators around it removed ("Title | Site", "Site - Title", "Title ›
Site"), and a section before a separator ("Opinion | Title") when the part after it is the
rest of a title another tag gives whole.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlparse

from lxml.html import HtmlElement

from crosswire.clean.metadata.page import norm
from crosswire.clean.metadata.page_dates import jsonld_objects
from crosswire.clean.metadata.site import registrable_domain
from crosswire.outlets import outlet_named

# The meta tags that state a page's title (name or property, lowercase), in <head>.
TITLE_META = {"og:title": "og:title", "twitter:title": "twitter:title"}
SEPARATOR = re.compile(r"\s+(?:[|–—»›·•/:]|-{1,2}|::)\s+|\s+[|–—-]\s*$|^\s*[|–—-]\s+")
# Between a kicker and a title too ("Brexit: Talks resume"), when a heading sets them apart.
KICKER = re.compile(SEPARATOR.pattern + r"|(?<=\w):\s+")
LOG = logging.getLogger(__name__)
MAX_WORDS = 40  # a longer <h1> is a paragraph marked up as a heading


# Characters a browser does not show: soft hyphens (hyphenation hints: 'Mes\xadsen\xadger'),
# zero-width spaces and joiners, word joiners, byte order marks.
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


def shown(text: str) -> str:
    """text -> as a reader sees it: invisible characters out, single-spaced."""
    return " ".join(INVISIBLE.sub("", text).split())


def _text(element: HtmlElement) -> str:
    """element -> its visible text, single-spaced (scripts and styles left out)."""
    parts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return shown("".join(str(p) for p in parts))


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
    """tree -> the first headline its JSON-LD objects state (``jsonld_objects``: @graph and
    nested nodes included, depth first), or None."""
    for node in jsonld_objects(tree):
        said = shown(node["headline"]) if isinstance(node.get("headline"), str) else ""
        if norm(said):
            return said
    return None


def title_candidates(tree: HtmlElement, extracted: str | None) -> list[tuple[str, str]]:
    """tree + trafilatura's title -> [(where, title)] the page states, most trusted first."""
    first: dict[str, str] = {}
    head = tree.find("head")
    for element in (head if head is not None else tree).iter("meta", "title"):
        key = "<title>" if element.tag == "title" else \
            TITLE_META.get(str(element.get("property") or element.get("name") or "").lower())
        value = shown((element.text if element.tag == "title" else element.get("content")) or "")
        if key and norm(value):
            first.setdefault(key, value)
    found: list[tuple[str, str]] = [(where, first[where])
                                    for where in ("og:title", "twitter:title", "<title>")
                                    if where in first]
    headline = _jsonld_headline(tree)
    if headline:
        found.insert(1, ("JSON-LD headline", headline))
    if extracted and norm(extracted):
        found.append(("trafilatura: page title", shown(extracted)))
    return found


def parts(title: str) -> list[str]:
    """'Opinion | A title - Site' -> ['Opinion', 'A title', 'Site'] (a title with no
    separator -> [title])."""
    return [p.strip() for p in SEPARATOR.split(title) if p and p.strip()]


def _is_site(text: str, site: str | None, url: str | None) -> bool:
    """a short text -> whether it names the site: its stated name, an outlet the outlets
    table lists, the URL's domain, or a part of three words at most whose first words are
    the domain's name ('Krimiblog-Archiv' on krimiblog.de, 'Frankfurter Rundschau Archiv'
    on frankfurter-rundschau.de; not 'Guardian Angels save cat' on guardian.co.uk)."""
    key = norm(text)
    if not key:
        return False
    if site is not None and norm(site) == key:
        return True
    compact = re.sub(r"\W", "", text.lower())
    registered = (registrable_domain(url) or "") if url else ""
    domain = re.sub(r"\W", "", registered)
    short = len(text.split()) <= 4
    return (short and outlet_named(text) is not None) or \
        bool(compact and domain and (compact in domain or domain in compact)) or \
        (len(key.split()) <= 3 and _starts_with_domain_name(key, registered))


def _starts_with_domain_name(key: str, registered: str) -> bool:
    """a normalised text + the URL's registrable domain -> whether the text's first words,
    run together, are the domain's name (its first label without punctuation, five letters
    at least)."""
    name = re.sub(r"\W", "", registered.split(".")[0]) if registered else ""
    words = key.split()
    return len(name) >= 5 and any("".join(words[:k]) == name for k in range(1, len(words) + 1))


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
    title of the page names whole or with the site's or a section's name around it; else
    the first <h1> that says the page's first title in other words (``_rewords``: the
    heading readers see, where og:title or <title> was written for search or sharing). None
    otherwise."""
    h1s = [r for r in (_h1_readings(h) for h in tree.xpath("//h1") if not _links_home(h, url))
           if norm(r[-1]) and len(r[-1].split()) <= MAX_WORDS]
    stated = [(w, t) for w, t in titles if not w.startswith("trafilatura")]
    for named in (title_runs, _first_part):  # a title's first part only when nothing else
        for where, title in stated:
            runs = named(title)
            for readings in h1s:
                for text in readings:
                    if norm(text) in runs:
                        return text, f"the page's <h1>, as its {where} names it"
    names = _side_parts(stated)
    for readings in h1s:
        if _rewords(readings[-1], stated[0][1] if stated else None, names, (site, url)):
            why = f", not its {stated[0][0]} {stated[0][1]!r}" if stated else ""
            return readings[-1], f"the page's <h1>{why}"
    return None


def _rewords(heading: str, title: str | None, names: set[str],
             site: tuple[str | None, str | None]) -> bool:
    """an <h1> no title names + the page's first title, the site's parts of its titles, the
    site's name and URL -> whether the heading is the article's title in other words: not
    the site's name nor starting with it, not a part of a title (a section, a kicker), not
    ending with the title after a kicker run into it, and sharing words with the title."""
    key = norm(heading)
    if _is_site(heading, *site) or key in names:
        return False
    if title is None:
        return True
    pieces = [norm(p) for p in KICKER.split(title) if p.strip()]
    if key in pieces or any(key.startswith(n + " ")
                            for n in _side_parts([("", title)], shorter=0.75)):
        return False  # a kicker or section alone; the site's name, then words about it
    core = norm(max(parts(title), key=len) if parts(title) else title)
    kicker = key.endswith(core) and not key.startswith(core)
    return not kicker and _shares_words(heading, title, names)


def _stems(text: str, left_out: set[str]) -> set[str]:
    """a text -> the first five letters of its words of four letters or more, but those of
    the parts left out (a site's name)."""
    out = " ".join(left_out).split()
    return {w[:5] for w in norm(text).split() if len(w) >= 4 and w not in out}


def _shares_words(heading: str, title: str, names: set[str]) -> bool:
    """an <h1> + the page's first title + the site's parts of its titles -> whether the
    heading says the title in other words: two word stems shared at least, half the title's
    among them ('Firmenwagen: Leasing oder Finanzierung?' / 'Firmenwagen: Leasen oder
    Finanzieren? Was lohnt sich?' share firme, oder, finan of six), and not a fragment of
    the title (every stem of the heading in a title twice as long: a topic or section
    heading, 'Budget 2024' of 'Budget 2024: council passes budget')."""
    mine, theirs = _stems(heading, names), _stems(title, names)
    shared = len(mine & theirs)
    fragment = mine <= theirs and 2 * len(mine) <= len(theirs)
    return shared >= 2 and 2 * shared >= len(theirs) and not fragment


def _side_parts(titles: list[tuple[str, str]], shorter: float = 1.0) -> set[str]:
    """the page's titles (+ how long a side part may be, as a share of the longest part) ->
    the normalised parts beside each title's longest part (the site's or a section's name:
    'Krimiblog-Archiv' of 'Krimiblog-Archiv : A title')."""
    names: set[str] = set()
    for _, title in titles:
        pieces = parts(title)
        if len(pieces) > 1:
            longest = max(pieces, key=len)
            names.update(norm(p) for p in pieces
                         if p != longest and len(p) <= shorter * len(longest))
    return names


def cleaned_title(title: str, titles: list[tuple[str, str]], site: str | None,
                  url: str | None) -> str:
    """a page title -> without the parts that name the site; a leading section ('Opinion |
    ...') goes when what follows it is another title of the page."""
    pieces = parts(title)
    if len(pieces) < 2:
        return pieces[0] if pieces else title
    kept = _article_side(pieces, [_is_site(p, site, url) for p in pieces])
    if not kept:  # every part reads as the site: the URL's domain outranks a stated name
        kept = _article_side(pieces, [_is_site(p, None, url) for p in pieces]) or pieces
    others = {norm(t) for where, t in titles if t != title and not where.startswith("trafilatura")}
    for i in range(1, len(kept)):
        if norm(" ".join(kept[i:])) in others:
            return " ".join(kept[i:])
    if len(kept) == len(pieces):  # no part is known to name the site
        first, rest = pieces[0], pieces[1:]
        named = all(len(first) > len(p) and _name_like(p) for p in rest)
        return first if named else title
    return _rejoined(title, kept)


def _article_side(pieces: list[str], sites: list[bool]) -> list[str]:
    """a title's parts + which of them name the site -> the first run of parts that name no
    site ('Title : Site | tagline' -> ['Title']; 'Site | Opinion | Title' -> ['Opinion',
    'Title']), passing over a first run of one word before a run of three words or more
    ('Live | Site | Council approves plan' -> the latter; 'Brexit | Site | Live' ->
    ['Brexit']); [] when every part names the site."""
    runs: list[list[str]] = [[]]
    for piece, is_site in zip(pieces, sites, strict=True):
        if is_site:
            runs.append([])
        else:
            runs[-1].append(piece)
    runs = [run for run in runs if run]
    if len(runs) > 1 and len(runs[0]) == 1 and len(runs[0][0].split()) == 1 \
            and len(" ".join(runs[1]).split()) >= 3:
        return runs[1]
    return runs[0] if runs else []


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
    heading = article_h1(tree, titles, site, url)
    if heading:
        return heading
    if not titles:
        return None
    where, title = titles[0]
    cleaned = cleaned_title(title, titles, site, url)
    if cleaned != title:
        return cleaned, f"{where} {title!r} without the site's (or a section's) name"
    return title, where
