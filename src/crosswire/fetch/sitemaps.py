"""A fetched sitemap -> the sitemaps it lists (a sitemap index) or the pages it lists (a
urlset), with Google News' ``news:publication_date`` as a date hint and ``news:name`` as the
outlet (``lastmod`` is not used: it says when a page changed, not when it was published).

Parsed incrementally with defusedxml's iterparse (entity declarations refused, as in
safe_xml.py), each element dropped once read, so a sitemap costs the memory of one entry. A
gzip-compressed sitemap (``sitemap.xml.gz``, served as a file rather than with a
Content-Encoding) is unpacked within ``fetch_max_decompressed_bytes``. At most 50,000 URLs
are read from one sitemap (the protocol's own limit), and at most a million elements (a
problem says where reading stopped).
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse

from crosswire.fetch.body import BodyProblem
from crosswire.fetch.pages import Target
from crosswire.fetch.safe_xml import REFUSED, XML_ERRORS, xml_problem
from crosswire.fetch.urls import canonical_url
from crosswire.models import Hint
from crosswire.readers.feeds import declares_entities, iso_date
from crosswire.readers.streams import GZIP_MAGIC

MAX_URLS = 50_000
MAX_ELEMENTS = 20 * MAX_URLS  # a news sitemap has about ten elements per URL
ENTRY_FIELDS = ("loc", "publication_date", "name")  # what is read of an entry


@dataclass
class Sitemap:
    """What one sitemap lists: other sitemaps (an index), pages, and problems in words."""

    sitemaps: list[str] = field(default_factory=list)
    pages: list[Target] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _local(tag: str) -> str:
    """'{http://www.sitemaps.org/schemas/sitemap/0.9}loc' -> 'loc'."""
    return tag.rpartition("}")[2]


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


def _page(sitemap_url: str, fields: dict[str, str]) -> Target | None:
    """(the sitemap's URL, the texts of a <url> element's loc, publication_date and name)
    -> its Target with the news date hint and outlet, or None."""
    loc = fields.get("loc")
    canonical = canonical_url(loc) if loc else None
    if loc is None or canonical is None:
        return None
    raw = fields.get("publication_date")
    iso = iso_date(raw) if raw else None
    hints = {}
    if raw and iso:
        hints["sitemap"] = Hint(iso, f"sitemap {sitemap_url} news:publication_date: {raw}")
    title = fields.get("name")  # news:publication/news:name: the outlet
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
    if declares_entities(data):
        found.problems.append(REFUSED)
        return found
    try:
        _read_entries(sitemap_url, data, found)
    except XML_ERRORS as error:
        found.problems.append(xml_problem(error))
    return found


def _read_entries(sitemap_url: str, data: bytes, found: Sitemap) -> None:
    """(the sitemap's URL, its XML, what it lists so far) -> its entries added as they are
    parsed (defusedxml's iterparse, entities forbidden): each element is dropped once read,
    so memory stays that of one entry; reading stops after MAX_URLS entries or
    MAX_ELEMENTS elements, saying so."""
    open_elements: list[Element] = []  # the root, the entry, and what is open inside it
    fields: dict[str, str] = {}  # loc, publication_date, name of the entry being read
    kind, elements = "", 0
    for event, element in iterparse(io.BytesIO(data), ("start", "end")):
        if event == "start":
            elements += 1
            if not open_elements:
                kind = _local(element.tag)
                if kind not in ("sitemapindex", "urlset"):
                    found.problems.append(f"not a sitemap (root element <{kind}>)")
                    return
            elif elements > MAX_ELEMENTS:
                found.problems.append(f"more than {MAX_ELEMENTS:,} XML elements: the rest "
                                      "not read")
                return
            open_elements.append(element)
            continue
        open_elements.pop()
        if len(open_elements) >= 2:  # inside an entry: keep the first text of what is used
            name, text = _local(element.tag), (element.text or "").strip()
            if name in ENTRY_FIELDS and text:
                fields.setdefault(name, text)
        elif len(open_elements) == 1:  # an entry ended
            _add_entry(sitemap_url, kind, _local(element.tag), fields, found)
            fields = {}
            if len(found.sitemaps) + len(found.pages) >= MAX_URLS:
                found.problems.append(f"more than {MAX_URLS:,} entries: the rest not read "
                                      "(the sitemap protocol's limit)")
                return
        if open_elements:
            open_elements[-1].remove(element)  # read: dropped


def _add_entry(sitemap_url: str, kind: str, name: str, fields: dict[str, str],
               found: Sitemap) -> None:
    """(the sitemap's URL, its root's name, an entry's name and fields) -> the sitemap or
    page it lists added to ``found`` (anything else is ignored)."""
    if kind == "sitemapindex" and name == "sitemap" and fields.get("loc"):
        found.sitemaps.append(fields["loc"])
    elif kind == "urlset" and name == "url" and (target := _page(sitemap_url, fields)):
        found.pages.append(target)
