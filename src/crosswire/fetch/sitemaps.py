"""A fetched sitemap -> the sitemaps it lists (a sitemap index) or the pages it lists (a
urlset), with Google News' ``news:publication_date`` as a date hint and ``news:name`` as the
outlet (``lastmod`` is not used: it says when a page changed, not when it was published).

Parsed with defusedxml (safe_xml.py: entity declarations refused). A gzip-compressed sitemap
(``sitemap.xml.gz``, served as a file rather than with a Content-Encoding) is unpacked within
``fetch_max_decompressed_bytes``. At most 50,000 URLs are read from one sitemap (the
protocol's own limit).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from crosswire.fetch.body import BodyProblem
from crosswire.fetch.pages import Target
from crosswire.fetch.safe_xml import parse_xml
from crosswire.fetch.urls import canonical_url
from crosswire.models import Hint
from crosswire.readers.feeds import iso_date
from crosswire.readers.streams import GZIP_MAGIC

MAX_URLS = 50_000


@dataclass
class Sitemap:
    """What one sitemap lists: other sitemaps (an index), pages, and problems in words."""

    sitemaps: list[str] = field(default_factory=list)
    pages: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    """'{http://www.sitemaps.org/schemas/sitemap/0.9}loc' -> 'loc'."""
    return tag.rpartition("}")[2]


def _child_text(element: Element, name: str) -> str | None:
    """(element, a local name) -> the text of its first descendant of that name, stripped."""
    for child in element.iter():
        if child is not element and _local(child.tag) == name and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def gunzip(data: bytes, limit: int) -> bytes:
    """gzip bytes -> unpacked, at most ``limit`` bytes; BodyProblem beyond or when corrupt."""
    decoder = zlib.decompressobj(47)
    try:
        out = decoder.decompress(data, limit + 1)
    except zlib.error as error:
        raise BodyProblem(f"corrupt gzip sitemap ({error})") from None
    if len(out) > limit:
        raise BodyProblem("sitemap larger than the limit once unpacked "
                          "(settings.fetch_max_decompressed_bytes)")
    return out


def _page(sitemap_url: str, url_element: Element) -> Target | None:
    """(the sitemap's URL, a <url> element) -> its Target with the news date hint, or None."""
    loc = _child_text(url_element, "loc")
    canonical = canonical_url(loc) if loc else None
    if loc is None or canonical is None:
        return None
    raw = _child_text(url_element, "publication_date")
    iso = iso_date(raw) if raw else None
    hints = {}
    if raw and iso:
        hints["sitemap"] = Hint(iso, f"sitemap {sitemap_url} news:publication_date: {raw}")
    title = _child_text(url_element, "name")  # news:publication/news:name: the outlet
    listed = {"outlet": Hint(title, f"sitemap {sitemap_url} news:publication news:name")
              } if title else {}
    return Target(loc, canonical, listed, hints, via=sitemap_url)


def read_sitemap(sitemap_url: str, data: bytes, limit: int) -> Sitemap:
    """(the sitemap's URL, its bytes, the most bytes it may unpack to) -> what it lists."""
    found = Sitemap()
    try:
        if data.startswith(GZIP_MAGIC):
            data = gunzip(data, limit)
    except BodyProblem as problem:
        found.problems.append(str(problem))
        return found
    root = parse_xml(data)
    if isinstance(root, str):
        found.problems.append(root)
        return found
    kind = _local(root.tag)
    children = [c for c in root if _local(c.tag) in ("sitemap", "url")][:MAX_URLS]
    if kind == "sitemapindex":
        found.sitemaps = [loc for c in children if (loc := _child_text(c, "loc"))]
    elif kind == "urlset":
        found.pages = [t for c in children if (t := _page(sitemap_url, c))]
    else:
        found.problems.append(f"not a sitemap (root element <{kind}>)")
    return found
