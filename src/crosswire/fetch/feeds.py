"""A fetched RSS/Atom feed -> the pages its entries link to, with what the feed says of them.

The bytes are refused when they declare XML entities (safe_xml.py), then read by feedparser
(the reader of feed files too). Each entry with a link becomes a :class:`Target`: the link made
absolute against the feed's URL, the outlet the feed's title names (readers/feeds.py:
``feed_outlet``) and the entry's published (else updated) date as a date hint.
"""

from __future__ import annotations

import io
import logging
from typing import Any
from urllib.parse import urljoin

import feedparser

from crosswire.fetch.pages import Target
from crosswire.fetch.safe_xml import xml_refusal
from crosswire.fetch.urls import canonical_url
from crosswire.models import Hint
from crosswire.readers.decode import clean_text
from crosswire.readers.feeds import feed_outlet, iso_date, parse_problem

LOG = logging.getLogger(__name__)


def _date_hint(feed_url: str, entry: Any) -> Hint | None:
    """(the feed's URL, a feedparser entry) -> its published (else updated) date as a Hint."""
    for name in ("published", "updated"):
        raw = entry.get(name)
        iso = iso_date(clean_text(raw)) if isinstance(raw, str) and raw.strip() else None
        if iso:
            return Hint(iso, f"feed {feed_url} entry '{name}': {raw.strip()}")
    return None


def _entry_target(feed_url: str, entry: Any, outlet: Hint | None) -> Target | None:
    """(feed URL, entry, the feed's outlet hint) -> the Target its link names, or None."""
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    url = urljoin(feed_url, link.strip())
    canonical = canonical_url(url)
    if canonical is None:
        return None
    hints = {"outlet": Hint(outlet.value, f"{outlet.evidence} of {feed_url}")} if outlet else {}
    date = _date_hint(feed_url, entry)
    return Target(url, canonical, hints, {"feed": date} if date else {}, via=feed_url)


def feed_targets(feed_url: str, data: bytes) -> tuple[list[Target], list[str]]:
    """(the feed's URL, its bytes) -> (the pages its entries link to, in feed order; problems
    in words: a refused or unreadable feed, entries without a usable link)."""
    refusal = xml_refusal(data)
    if refusal:
        return [], [refusal]
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers={
            "content-location": feed_url})
    except Exception as error:  # feedparser's parsers are many; none may stop the run
        LOG.warning("feed %s could not be parsed", feed_url, exc_info=True)
        return [], [f"malformed feed ({type(error).__name__})"]
    if not parsed.entries:
        problem = parse_problem(parsed)
        return [], [f"malformed feed ({problem})" if problem else "feed has no entries"]
    outlet = feed_outlet(parsed.feed.get("title"), parsed.feed.get("link"))
    targets, unlinked = [], 0
    for entry in parsed.entries:
        target = _entry_target(feed_url, entry, outlet)
        if target is None:
            unlinked += 1
        else:
            targets.append(target)
    problems = [f"{unlinked} feed entr{'y' if unlinked == 1 else 'ies'} without an http(s) "
                "link"] if unlinked else []
    return targets, problems
