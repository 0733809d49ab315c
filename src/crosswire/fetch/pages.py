"""A fetched page -> a Document, with what the web said about it as hints.

The Document is the raw record the store keeps (so ``reprocess`` cleans it again): format and
media "html", ``source`` the canonical URL (the page's identity across runs), ``url`` the URL
the page was finally served from, ``path`` the URL as given.

Hints: a feed's title names the outlet (as for feed files, readers/feeds.py). A date the web
gives (a sitemap's news:publication_date, a feed entry's published date, the HTTP
Last-Modified header, in that order of trust) is offered as the published hint only when the
page states no date of its own (its markup, its URL, then htmldate on the markup and the text,
as the clean stage reads them): the clean stage ranks a container's hint above the page's
markup, and the page's own word must stay first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crosswire.clean.html import htmldate_day, parse_html, published_hint
from crosswire.clean.metadata.page_dates import markup_published
from crosswire.fetch.client import Fetched, http_time
from crosswire.fetch.urls import page_id
from crosswire.models import Document, Hint, Skip, content_hash
from crosswire.readers.decode import decode_bytes
from crosswire.readers.feeds import iso_date
from crosswire.readers.files import sniff_format

LOG = logging.getLogger(__name__)
RENDERED_NOW = 60.0  # seconds between Last-Modified and Date that mean "made when asked"
# the hints a date may come from, most trusted first (Target.dates keys)
DATE_SOURCES = ("sitemap", "feed", "http")


@dataclass
class Target:
    """A page to fetch: the URL as found, its canonical form, and what the feed or sitemap
    that listed it said (``hints``; ``dates``: date hints by where they came from)."""

    url: str
    canonical: str
    hints: dict[str, Hint] = field(default_factory=dict)
    dates: dict[str, Hint] = field(default_factory=dict)
    via: str | None = None  # the feed or sitemap URL that listed it


def last_modified_hint(fetched: Fetched) -> Hint | None:
    """a response -> its Last-Modified header as a date Hint, or None; None too when it is
    within a minute of the response's own Date (a page made as it was asked for says when it
    was served, not when it was published)."""
    raw = fetched.headers.get("last-modified")
    iso = iso_date(raw) if raw else None
    if iso is None:
        return None
    modified, served = http_time(raw), http_time(fetched.headers.get("date"))
    if modified and served and abs((served - modified).total_seconds()) < RENDERED_NOW:
        return None
    return Hint(iso, f"HTTP Last-Modified of {fetched.final_url}: {raw}")


def page_states_date(html: str, url: str | None) -> bool:
    """(HTML, its URL) -> True when the page's markup or text states a publication date (as
    the clean stage's htmldate reading finds it)."""
    tree = parse_html(html)
    if tree is None:
        return False
    if markup_published(tree, url, None) is not None:
        return True
    return published_hint(tree, url, htmldate_day(tree, url, extensive=False)) is not None


def _hints(target: Target, fetched: Fetched, html: str) -> dict[str, Hint]:
    """(target, response, its HTML) -> the Document's hints (see the module docstring)."""
    hints = dict(target.hints)
    dates = {**target.dates}
    modified = last_modified_hint(fetched)
    if modified:
        dates["http"] = modified
    if dates and not page_states_date(html, fetched.final_url):
        hints["published"] = next(dates[k] for k in DATE_SOURCES if k in dates)
    return hints


def page_document(target: Target, fetched: Fetched) -> Document | Skip:
    """(the page asked for, its response) -> its Document, or a Skip saying why not."""
    if not fetched.mime:  # no Content-Type stated: the bytes must look like a page
        kind = sniff_format(urlsplit(fetched.final_url).path or "/", fetched.body)
        if kind != "html":
            return Skip(target.url, f"no Content-Type, and the body looks like {kind}, not "
                        "an HTML page")
    decoded = decode_bytes(fetched.body, declared=fetched.charset, html=True)
    if decoded.problem or not decoded.text.strip():
        return Skip(target.url, decoded.problem or "empty page (no text)")
    hints = _hints(target, fetched, decoded.text)
    return Document(
        id=page_id(fetched.final_url),
        path=target.url,
        source=target.canonical,
        media="html",
        content=decoded.text,
        format="html",
        hash=content_hash(fetched.body),  # the page's bytes, as its archived copy has
        url=fetched.final_url,
        encoding=decoded.encoding,
        hints=hints,
    )
