"""Web addresses: which strings are URLs, the canonical form a URL is known by (courlan), the
origin politeness and robots.txt are kept per, and the id a page's Document gets.

The canonical URL is courlan's: scheme and host lower-cased, default ports dropped, query
parameters sorted and tracking parameters (utm_*, fbclid, gclid, ...) removed; the fragment is
dropped too (it never changes what the server sends). Two URLs with the same canonical form
are one page, fetched once per run. What is asked for is :func:`request_url`: the URL as found,
without its fragment and tracking parameters.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit, urlunsplit

from courlan import clean_url
from courlan.clean import TRACKERS_RE

from crosswire.readers.base import file_stem, printable

SCHEMES = ("http://", "https://")
DEFAULT_PORTS = {"http": 80, "https": 443}
_ID_JUNK = re.compile(r"[^\w.-]+")


def is_url(text: str) -> bool:
    """'https://example.com/a' -> True; a file path (even 'http:foo') -> False."""
    return text.strip().lower().startswith(SCHEMES)


def canonical_url(url: str) -> str | None:
    """a URL as found -> its canonical form (see the module docstring), or None when it is
    no http(s) URL courlan can read."""
    url = url.strip()
    if not is_url(url):
        return None
    try:
        cleaned = clean_url(url)
    except (ValueError, TypeError):  # courlan on odd input (bad port, IPv6 typo)
        return None
    if not cleaned or not is_url(cleaned) or not urlsplit(cleaned).hostname:
        return None
    return urldefrag(cleaned)[0]


def request_url(url: str) -> str:
    """a URL as found -> the URL to ask for: the same, without its fragment and without the
    query parameters courlan knows as tracking ('utm_*', 'fbclid', ...). Nothing else is
    changed: the canonical form also rewrites paths ('//' collapsed, ';' escaped), which some
    servers answer differently. A URL urllib cannot split (an unclosed '[' of an IPv6 host)
    is given back as it is, without its fragment: the request then fails with its reason."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip().partition("#")[0]
    pairs = [p for p in parts.query.split("&") if p and not TRACKERS_RE.search(
        p.partition("=")[0].lower())]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "&".join(pairs), ""))


def origin(url: str) -> str:
    """'https://user@Example.com:443/a?b' -> 'https://example.com': what robots.txt, the
    per-host delay and the per-host concurrency limit are kept per (scheme, host and a port
    other than the scheme's default; no user info)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # no URL urllib can split: its own key, never another host's
        return url.strip()
    scheme, name = parts.scheme.lower(), parts.hostname or ""
    name = f"[{name}]" if ":" in name else name  # an IPv6 address
    shown = f":{port}" if port is not None and port != DEFAULT_PORTS.get(scheme) else ""
    return f"{scheme}://{name}{shown}"


def host(url: str) -> str:
    """a URL -> its host name, lower-cased ('' when it has none)."""
    return (urlsplit(url).hostname or "").lower()


def page_id(url: str) -> str:
    """a page URL -> the id its Document asks for: the last part of its path without known
    extensions ('https://x.com/news/world-123.html' -> 'world-123'), else its host; the
    store adds '-2', '-3'... when the id is taken."""
    parts = urlsplit(url)
    last = [p for p in parts.path.split("/") if p]
    stem = file_stem(last[-1]) if last else ""
    wanted = _ID_JUNK.sub("-", stem).strip("-.") or _ID_JUNK.sub("-", parts.hostname or "page")
    return printable(wanted[:80]) or "page"
