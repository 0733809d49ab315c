"""What feeds and sitemaps from the network list (crosswire.fetch.feeds, .sitemaps), read
safely, and the canonical URL a page is known by (crosswire.fetch.urls)."""

from __future__ import annotations

import gzip
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from crosswire.config import load_settings
from crosswire.errors import UsageError
from crosswire.fetch import feeds, safe_xml, sitemaps
from crosswire.fetch.archive import archive_folder
from crosswire.fetch.feeds import feed_targets
from crosswire.fetch.safe_xml import REFUSED, parse_xml
from crosswire.fetch.sitemaps import read_sitemap
from crosswire.fetch.urls import canonical_url, origin, page_id, request_url

FEED = "https://news.example.com/rss.xml"
RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>BBC News - World</title><link>https://www.bbc.co.uk/news</link>
<item><title>One</title><link>https://www.bbc.co.uk/news/one?utm_source=rss</link>
<pubDate>Tue, 19 Nov 2019 10:00:00 +0000</pubDate></item>
<item><title>Two</title><link>/news/two</link></item>
<item><title>No link</title></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Times</title>
<link href="https://times.example.org/"/>
<entry><title>A</title><link href="https://times.example.org/a"/><id>urn:a</id>
<updated>2019-11-20T08:30:00Z</updated></entry></feed>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title>
<item><title>x</title><link>https://evil.example/a</link></item></channel></rss>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol4;</title>
<item><title>x</title><link>https://evil.example/b</link></item></channel></rss>"""
INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap>
<sitemap><loc>https://news.example.com/sitemap-old.xml.gz</loc></sitemap></sitemapindex>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example.com/a</loc><news:news>
  <news:publication><news:name>Example News</news:name><news:language>en</news:language>
  </news:publication><news:publication_date>2019-11-19T10:00:00+01:00</news:publication_date>
  <news:title>A</news:title></news:news></url>
<url><loc>https://news.example.com/b</loc><lastmod>2020-01-01</lastmod></url>
<url><loc>mailto:someone@example.com</loc></url>
</urlset>"""


def test_rss_entries_give_their_pages_with_the_feed_outlet_and_dates() -> None:
    targets, problems = feed_targets(FEED, RSS)
    assert [t.canonical for t in targets] == ["https://www.bbc.co.uk/news/one",
                                              "https://news.example.com/news/two"]
    one = targets[0]
    assert one.hints["outlet"].value == "BBC"  # the outlets table's name in the feed title
    assert FEED in one.hints["outlet"].evidence
    assert one.dates["feed"].value == "2019-11-19T10:00:00+00:00"
    assert one.dates["feed"].evidence == (f"feed {FEED} entry 'published': "
                                          "Tue, 19 Nov 2019 10:00:00 +0000")
    assert "feed" not in targets[1].dates  # an entry without a date gives none
    assert problems == ["1 feed entry without an http(s) link"]


def test_a_feed_the_parser_breaks_on_is_a_problem_with_its_traceback_logged(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a parser bug")

    monkeypatch.setattr(feeds.feedparser, "parse", broken)
    assert feed_targets(FEED, RSS) == ([], ["malformed feed (RuntimeError)"])
    (record,) = [r for r in caplog.records if r.name == "crosswire.fetch.feeds"]
    assert record.exc_info and FEED in record.getMessage()


def test_atom_entries_give_their_pages() -> None:
    targets, problems = feed_targets(FEED, ATOM)
    assert [t.url for t in targets] == ["https://times.example.org/a"]
    assert targets[0].dates["feed"].value == "2019-11-20T08:30:00+00:00"
    assert targets[0].hints["outlet"].value == "Example Times" and not problems


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_a_feed_declaring_entities_is_refused_unread(payload: bytes) -> None:
    targets, problems = feed_targets(FEED, payload)
    assert targets == [] and problems[0].startswith(REFUSED)


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_a_sitemap_declaring_entities_is_refused_unread(payload: bytes) -> None:
    found = read_sitemap("https://x.example/sitemap.xml", payload, 1_000_000)
    assert found.pages == [] and found.problems[0].startswith(REFUSED)
    assert isinstance(parse_xml(payload), str)


@pytest.mark.parametrize("payload", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_entities_missed_by_the_text_check_are_still_refused_by_defusedxml(
        payload: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (safe_xml, sitemaps):  # as if a spelling got past the '<!ENTITY' check
        monkeypatch.setattr(module, "declares_entities", lambda data: False)
    assert parse_xml(payload) == f"{REFUSED} (EntitiesForbidden)"
    found = read_sitemap("https://x.example/sitemap.xml", payload, 1_000_000)
    assert found.pages == [] and found.problems == [f"{REFUSED} (EntitiesForbidden)"]


def test_a_sitemap_index_lists_sitemaps() -> None:
    found = read_sitemap("https://news.example.com/sitemap.xml", INDEX, 1_000_000)
    assert found.sitemaps == ["https://news.example.com/sitemap-news.xml",
                              "https://news.example.com/sitemap-old.xml.gz"]
    assert found.pages == [] and found.problems == []


def test_a_news_sitemap_lists_pages_with_their_publication_date() -> None:
    found = read_sitemap("https://news.example.com/sitemap-news.xml", URLSET, 1_000_000)
    assert [t.url for t in found.pages] == ["https://news.example.com/a",
                                            "https://news.example.com/b"]
    news = found.pages[0]
    assert news.dates["sitemap"].value == "2019-11-19T10:00:00+01:00"
    assert "news:publication_date" in news.dates["sitemap"].evidence
    assert news.hints["outlet"].value == "Example News"
    assert found.pages[1].dates == {}  # lastmod says when a page changed, not its date


def test_a_gzipped_sitemap_is_unpacked_within_its_limit() -> None:
    found = read_sitemap("https://x.example/s.xml.gz", gzip.compress(URLSET), 1_000_000)
    assert len(found.pages) == 2
    bomb = gzip.compress(URLSET + b"<!--" + b" " * 5_000_000 + b"-->")
    assert "limit" in read_sitemap("https://x.example/s.xml.gz", bomb, 100_000).problems[0]


def test_a_sitemap_is_read_in_the_memory_of_one_entry() -> None:
    padding = b"<extra/>" * 50_000
    for bloated in (URLSET.replace(b"</urlset>", padding + b"</urlset>"),  # between entries
                    URLSET.replace(b"</loc>", b"</loc>" + padding, 1)):  # inside one
        tracemalloc.start()
        try:
            found = read_sitemap("https://x.example/s.xml", bloated, 10_000_000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert [t.url for t in found.pages][-1] == "https://news.example.com/b"
        assert peak < 1_000_000  # a tree of 50,000 elements takes several times that


def test_reading_a_sitemap_stops_at_its_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sitemaps, "MAX_URLS", 1)
    found = read_sitemap("https://news.example.com/s.xml", URLSET, 1_000_000)
    assert len(found.pages) == 1 and found.problems == [
        "more than 1 entries: the rest not read (the sitemap protocol's limit)"]
    monkeypatch.setattr(sitemaps, "MAX_ELEMENTS", 5)
    found = read_sitemap("https://news.example.com/s.xml", URLSET, 1_000_000)
    assert found.problems == ["more than 5 XML elements: the rest not read"]


def test_a_page_that_is_no_sitemap_says_so() -> None:
    found = read_sitemap("https://x.example/s.xml", RSS, 1_000_000)
    assert found.problems == ["not a sitemap (root element <rss>)"]


def test_the_canonical_url_drops_tracking_parameters_fragments_and_default_ports() -> None:
    canonical = "http://example.com/news/a?id=7"
    for variant in ("HTTP://Example.com:80/news/a?id=7&utm_source=x&utm_medium=y",
                    "http://example.com/news/a?fbclid=abc&id=7#comments",
                    "http://example.com/news/a?id=7&gclid=1"):
        assert canonical_url(variant) == canonical
    assert canonical_url("http://example.com/news/a?id=8") != canonical
    assert canonical_url("ftp://example.com/a") is None and canonical_url("http://") is None


def test_politeness_is_kept_per_origin_whatever_its_spelling() -> None:
    for variant in ("https://Example.com/a", "https://example.com:443/b?c",
                    "https://user:secret@example.com/d", "HTTPS://EXAMPLE.COM"):
        assert origin(variant) == "https://example.com", variant
    assert origin("http://example.com:8080/a") == "http://example.com:8080"
    assert origin("http://[::1]:80/a") == "http://[::1]"


def test_a_page_id_comes_from_its_path() -> None:
    assert page_id("https://x.com/news/world-123.html") == "world-123"
    assert page_id("https://x.com/") == "x.com"
    assert page_id("https://x.com/a/b%20c/") == "b-20c"


def test_the_archive_goes_beside_a_sqlite_store_and_where_a_postgresql_store_says(
        tmp_path: Path) -> None:
    settings = load_settings()
    assert archive_folder(str(tmp_path / "news.db"), settings) == tmp_path / "news.db.warc"
    with pytest.raises(UsageError, match="--warc-dir"):
        archive_folder("postgresql://me@db.example/news", settings)
    named = replace(settings, fetch_warc_dir=str(tmp_path / "warcs"))
    assert archive_folder("postgresql://me@db.example/news", named) == tmp_path / "warcs"


def test_what_is_asked_for_is_the_url_without_tracking_parameters_and_fragment() -> None:
    assert request_url("http://n.example/a;art114,3?utm_source=x&id=7&fbclid=2#top") == (
        "http://n.example/a;art114,3?id=7")
    archived = "http://web.archive.org/web/2016/http://o.example/a/"
    assert request_url(archived) == archived  # the canonical form would collapse '//'
    assert canonical_url(archived) != archived
