"""HTML -> main text and page metadata hints (trafilatura for both, htmldate for the date).

trafilatura finds the main text and, separately, the reader comments it recognises; the page's
markup then sets aside the extracted paragraphs that are comments, captions or teasers all the
same (``markup``). Both go to the article's removed lines, never its body.

Nothing here touches the network: htmldate and trafilatura get a parsed tree, never a string
that could be taken for a URL to fetch.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import htmldate
import trafilatura
from lxml.html import HtmlElement, fragment_fromstring
from trafilatura.metadata import extract_metadata as page_metadata
from trafilatura.utils import load_html

from crosswire.clean.markup import PageIndex, furniture, region_leftovers
from crosswire.clean.metadata import registrable_domain
from crosswire.clean.metadata.page_dates import markup_published
from crosswire.clean.metadata.page_title import markup_headline
from crosswire.models import Hint

LOG = logging.getLogger(__name__)
# Tuned on the extraction benchmark (see the report in docs/): favouring precision removes
# sidebars without losing body paragraphs. Comments are asked for so that trafilatura returns
# the thread apart from the body (the body is the same as with comments off).
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": True,
    "favor_precision": True,
    "include_tables": True,
    "deduplicate": False,
}
# Below this many characters of main text, the extraction is retried favouring recall.
TINY_TEXT = 250
MARKUP_DATE = {"original_date": True, "extensive_search": False}
# Meta and microdata places that state a publication time, in order of trust.
TIME_XPATHS: tuple[tuple[str, str], ...] = (
    ("meta article:published_time", '//meta[@property="article:published_time"]/@content'),
    ("meta og:published_time", '//meta[@property="og:published_time"]/@content'),
    ("itemprop datePublished", '//*[@itemprop="datePublished"]/@content'),
    ("itemprop datePublished", '//*[@itemprop="datePublished"]/@datetime'),
    ("meta pubdate", '//meta[@name="pubdate" or @name="publishdate"]/@content'),
    ("meta date", '//meta[@name="date" or @name="DC.date.issued"]/@content'),
)
SITE_XPATHS: tuple[tuple[str, str], ...] = (
    ("meta og:site_name", '//meta[@property="og:site_name"]/@content'),
    ("meta application-name", '//meta[@name="application-name"]/@content'),
)


def parse_html(html: str) -> HtmlElement | None:
    """HTML text -> lxml tree, or None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    try:
        tree = load_html(html)
        return tree if tree is not None else fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml rejects some inputs outright; that is "no tree", not an error
        return None


def _first(tree: HtmlElement, xpaths: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """tree + [(name, xpath)] -> (name, first non-empty value) or None."""
    for name, xpath in xpaths:
        for value in tree.xpath(xpath):
            text = " ".join(str(value).split())
            if text:
                return name, text
    return None


def stated_time(tree: HtmlElement) -> tuple[str, str] | None:
    """tree -> (where, ISO datetime with its offset) when meta/microdata states a time of day."""
    found = _first(tree, TIME_XPATHS)
    if not found or len(found[1]) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(found[1].replace(" ", "T", 1))
    except ValueError:
        return None
    return found[0], moment.isoformat()


def htmldate_day(tree: HtmlElement, url: str | None, extensive: bool) -> str | None:
    """(tree, URL, whether to search the page's text) -> htmldate's original publication
    date (YYYY-MM-DD) or None; never fetches."""
    try:
        return htmldate.find_date(tree, url=url, original_date=True, extensive_search=extensive)
    except Exception:  # htmldate's parsers fail on odd markup: no date, not an error
        LOG.debug("htmldate read no date from %s", url, exc_info=True)
        return None


def published_hint(tree: HtmlElement, url: str | None, date: str | None,
                   extensive: bool = True) -> Hint | None:
    """(tree, url, htmldate's markup-only date or None, whether to search the page's text)
    -> the published Hint, with the time and offset when the page states one for that day;
    htmldate's extensive search last."""
    which = "htmldate: page markup (meta, JSON-LD, <time>, URL)"
    if date is None and extensive:
        date = htmldate_day(tree, url, extensive=True)
        which = "htmldate: extensive search of the page text"
    timed = stated_time(tree)
    if timed and (date is None or timed[1].startswith(date)):
        return Hint(timed[1], f"{which}; time from {timed[0]}")
    return Hint(date, which) if date else None


_NOT_A_NAME = re.compile(r"copyright|©|\(c\)|all rights reserved", re.I)


def site_name(raw: str) -> str | None:
    """a page's stated site name -> a publication name, or None when it is not one: a URL
    becomes its registrable domain; "Name | tagline" keeps Name; copyright notices, menus of
    several pipes and sentences (over six words) are not names."""
    name = " ".join(raw.split()).strip(" |-–—:")
    if re.match(r"(?i)^(?:https?://|www\.)", name):
        return registrable_domain(name)
    parts = [p.strip() for p in name.split("|") if p.strip()]
    if len(parts) > 2 or not parts or _NOT_A_NAME.search(name):
        return None
    name = parts[0]
    return name if 0 < len(name.split()) <= 6 else None


def _outlet_hint(tree: HtmlElement, meta: Any, url: str | None) -> Hint | None:
    """(tree, trafilatura Document, url) -> outlet Hint from og:site_name, else trafilatura's
    site name, whose evidence says when it is only the URL's host name."""
    found = _first(tree, SITE_XPATHS)
    name = site_name(found[1]) if found else None
    if found and name:
        return Hint(name, found[0] if name == found[1] else f"{found[0]} {found[1]!r}")
    sitename = site_name(meta.sitename) if meta is not None and meta.sitename else None
    if not sitename:
        return None
    urls = " ".join(u for u in (url, meta.url, meta.hostname) if isinstance(u, str)).lower()
    if sitename.lower().replace(" ", "") in urls:
        return Hint(sitename, "trafilatura: site name from the URL host")
    return Hint(sitename, "trafilatura: site name in the page markup")


def paragraphs(text: str | None) -> str:
    """trafilatura text (one paragraph a line) -> paragraphs separated by one blank line."""
    lines = (" ".join(line.split()) for line in (text or "").split("\n"))
    return "\n\n".join(line for line in lines if line)


def _extract(html: str | HtmlElement, url: str | None, **options: Any) -> Any:
    """HTML or tree -> trafilatura Document (text + metadata) or None; never raises."""
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=MARKUP_DATE, **options
        )
    except Exception:  # trafilatura on broken markup: nothing extracted
        return None


def main_text(tree: HtmlElement, url: str | None) -> tuple[str, Any]:
    """(HTML tree, url) -> (main text with blank-line paragraphs, trafilatura Document, whose
    ``comments`` holds the reader comments found apart from the body).

    Retries favouring recall when the precise pass yields almost nothing.
    """
    result = _extract(tree, url, **EXTRACT_OPTIONS)
    text = paragraphs(result.text if result else None)
    if len(text) < TINY_TEXT:
        retry = _extract(tree, url, **{**EXTRACT_OPTIONS, "favor_precision": False,
                                                   "favor_recall": True})  # fmt: skip
        retry_text = paragraphs(retry.text if retry else None)
        if len(retry_text) > len(text):
            return retry_text, retry if result is None else result
    return text, result


_BLOCKS = ("p", "div", "li", "br", "tr", "blockquote", "section", "article", "pre",
           "h1", "h2", "h3", "h4", "h5", "h6")


def fragment_text(tree: HtmlElement) -> str:
    """HTML tree -> its visible text, a paragraph per block element: the fallback for a
    fragment too small for main-text extraction (a feed entry's summary, say)."""
    copy = deepcopy(tree)
    for junk in copy.xpath("//script|//style|//noscript|//template"):
        junk.drop_tree()
    for element in copy.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return paragraphs(copy.text_content())


@dataclass
class PageText:
    """An HTML page's article text, what was set aside from it, and its metadata hints; for
    a page too large for the main-text extractor, its visible text instead of a body."""

    body: list[str]  # the article's paragraphs
    set_aside: list[str] = field(default_factory=list)  # comments, captions, teasers
    hints: dict[str, Hint] = field(default_factory=dict)
    as_text: str | None = None  # an oversized page's visible text, for the line classifier
    elements: int = 0  # the page's element count


_LINE_TAGS = ("div", "li", "br", "tr", "dd", "dt", "ul", "ol", "dl", "section", "article",
              "header", "footer", "nav", "aside", "figure", "figcaption", "form", "table")
_PARAGRAPH_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "title")


def visible_text(tree: HtmlElement) -> str:
    """HTML tree -> its visible text as a page is scraped to plain text: a line per block
    element, a blank line around paragraphs and headings (the tree is altered)."""
    for junk in list(tree.iter("script", "style", "noscript", "template")):
        junk.drop_tree()
    for element in tree.iter(*_LINE_TAGS, *_PARAGRAPH_TAGS):
        around = "\n\n" if element.tag in _PARAGRAPH_TAGS else "\n"
        element.text = around + (element.text or "")
        element.tail = around + (element.tail or "")
    return str(tree.text_content())


def _oversized(tree: HtmlElement, url: str | None, elements: int) -> PageText:
    """a page of more elements than the main-text extractor handles in reasonable time ->
    its markup hints (no search of the page's text for a date) and its visible text."""
    try:
        meta = page_metadata(tree, default_url=url, date_config=MARKUP_DATE)
    except Exception:  # odd markup: no metadata, not an error
        LOG.warning("metadata of an oversized page failed", exc_info=True)
        meta = None
    hints = _page_hints(tree, url, meta, extensive=False)
    return PageText([], [], hints, as_text=visible_text(tree), elements=elements)


def _page_hints(tree: HtmlElement, url: str | None, meta: Any,
                extensive: bool = True) -> dict[str, Hint]:
    """(tree, url, trafilatura Document or None, whether htmldate may search the page's text)
    -> hints {headline, published, outlet, byline} with their evidence."""
    hints: dict[str, Hint] = {}
    outlet = _outlet_hint(tree, meta, url)
    title = markup_headline(tree, meta.title if meta is not None else None,
                            outlet.value if outlet else None, url)
    if title:
        hints["headline"] = Hint(*title)
    stated = markup_published(tree, url, hints["headline"].value if hints else None,
                              meta.date if meta else None)
    published = Hint(*stated) if stated else \
        published_hint(tree, url, meta.date if meta else None, extensive)
    if meta is not None and meta.author:
        hints["byline"] = Hint(" ".join(meta.author.split()), "trafilatura: author")
    hints.update({k: v for k, v in (("published", published), ("outlet", outlet)) if v})
    return hints


def split_furniture(tree: HtmlElement, text: str) -> tuple[list[str], list[str]]:
    """(tree, extracted text) -> (article paragraphs, what is not article text: the extracted
    paragraphs the markup or their text shows to be comments, captions or teasers, then the
    other text blocks of the article's region that the extraction left out)."""
    found = text.split("\n\n") if text else []
    try:
        index = PageIndex(tree)
        verdicts = furniture(found, index)
        body = [p for p, v in zip(found, verdicts, strict=True) if v is None]
        aside = [p for p, v in zip(found, verdicts, strict=True) if v is not None]
        set_aside = set(aside)
        left = [t for t in region_leftovers(body, index) if t not in set_aside]
    except Exception:  # lxml on odd markup: keep the extraction as it is, and say so
        LOG.warning("markup check of an extraction failed; kept as extracted", exc_info=True)
        return found, []
    return body, aside + left


def extract_page(html: str, url: str | None, max_elements: int | None = None) -> PageText:
    """(HTML, its URL or None, the most elements a page may have for the main-text extractor)
    -> PageText: the article's paragraphs; the reader comments trafilatura found and the
    paragraphs the markup sets aside; the page's hints. A page of more elements gives its
    visible text instead (``as_text``), for the plain-text line classifier."""
    tree = parse_html(html)
    if tree is None:
        return PageText([])
    elements = sum(1 for _ in tree.iter())
    if max_elements is not None and elements > max_elements:
        return _oversized(tree, url, elements)
    text, meta = main_text(tree, url)
    hints = _page_hints(tree, url, meta)
    if not text:
        fallback = fragment_text(tree)
        return PageText(fallback.split("\n\n") if fallback else [], [], hints)
    body, aside = split_furniture(tree, text)
    comments = paragraphs(getattr(meta, "comments", None) if meta is not None else None)
    known = set(aside)
    found = [c for c in (comments.split("\n\n") if comments else []) if c not in known]
    return PageText(body, aside + found, hints)


def extract_html(html: str, url: str | None) -> tuple[str, dict[str, Hint]]:
    """(HTML, its URL or None) -> (main text, paragraphs separated by one blank line;
    hints {headline, published, outlet, byline} with their evidence)."""
    page = extract_page(html, url)
    return "\n\n".join(page.body), page.hints
