"""crosswire fetch end to end (crosswire.api.fetch_counts, crosswire.fetch.run): pages, feeds
and sitemaps served on 127.0.0.1 go through the same ingest path as files; the same articles
and stories as ingesting the pages saved as files; every response in a WARC archive that
reads back to the same articles; failures one Skip each, nothing else lost; a second run
costs 304s and ingests nothing."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from pathlib import Path

import pytest

from crosswire import api
from crosswire.config import Settings
from crosswire.models import Article
from crosswire.readers.base import canonical_url
from crosswire.store import Store, open_store
from tests.conftest import SAMPLES, SHARED
from tests.fixtures.fetch.loopback import (
    LoopbackServer,
    Reply,
    Sequence,
    etagged,
    html,
    quick_settings,
)

PAGES = SHARED / "eval" / "extraction" / "pages"
N_PAGES = 6  # eval pages, and the five Raqqa samples as pages
N_ALL = N_PAGES + 5
# what a fetch may add to what ingest makes of a file: where it came from, and its evidence
# (wire_group names a group by the id of its first article: compared by that article's key)
FETCH_ONLY = {"id", "path", "url", "evidence", "wire_group"}
UNDATED = ("<html><head><title>Council approves the new bridge</title></head><body><article>"
           "<h1>Council approves the new bridge</h1>" + "".join(
               f"<p>The city council voted {n} times on the plan for a new bridge over the "
               "river, and the final vote approved it with a large majority.</p>"
               for n in range(6)) + "</article></body></html>")


def quick(**changes: object) -> Settings:
    """Settings for tests: no per-host delay, short timeouts and waits."""
    return quick_settings(**{"fetch_max_wait": 0.2, "fetch_retries": 2, **changes})


@dataclass
class Collection:
    """The same pages fetched, ingested as files, and ingested from the fetch's WARC."""

    fetched: Store
    files: Store
    warc: Store
    by_file: dict[str, str]  # file name -> the URL it was served at
    fetch_result: api.FetchResult


def eval_pages() -> list[tuple[Path, str]]:
    """-> (page file, its canonical link made http) for the first pages that have one."""
    found = []
    for path in sorted(PAGES.glob("*.html.gz")):
        link = canonical_url(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        if link:
            found.append((path, "http://" + link.split("://", 1)[1]))
        if len(found) == N_PAGES:
            return found
    raise AssertionError("the extraction set has too few pages with a canonical link")


def sample_pages(folder: Path) -> list[tuple[Path, str]]:
    """-> (an HTML page made of each Raqqa sample article, written to ``folder``, the URL its
    canonical link names): five reports of one story, so the stories have several articles."""
    found = []
    for n, text_file in enumerate(sorted(SAMPLES.glob("*.txt"))):
        url = f"http://sample{n}.example/news/raqqa-{n}.html"
        lines = [escape(line) for line in text_file.read_text().splitlines() if line.strip()]
        page = (f'<html><head><link rel="canonical" href="{url}"><title>{lines[0]}</title>'
                "</head><body><article>" + "".join(f"<p>{line}</p>" for line in lines[1:]) +
                "</article></body></html>")
        path = folder / f"raqqa-{n}.html"
        path.write_text(page, encoding="utf-8")
        found.append((path, url))
    return found


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    """Eval pages served at their own addresses (the loopback server as the HTTP proxy, so
    each page's URL is on its outlet's domain, as its file's canonical link is), fetched into
    one store; the same files ingested into another; the fetch's WARC into a third."""
    folder = tmp_path_factory.mktemp("fetch-equivalence")
    server = LoopbackServer().start()
    pages = eval_pages() + sample_pages(folder)
    for path, url in pages:
        host, _, rest = url.split("://", 1)[1].partition("/")
        data = path.read_bytes()
        server.routes[(host, "/" + rest)] = Reply(200, {"Content-Type": "text/html"},
                                                  gzip.decompress(data) if
                                                  path.suffix == ".gz" else data)
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
                patch.delenv(name, raising=False)
            patch.setenv("HTTP_PROXY", server.base)
            fetched = open_store(str(folder / "fetched.db"))
            result = api.fetch_counts([url for _, url in pages], db=fetched,
                                      settings=quick())
        files = open_store(str(folder / "files.db"))
        api.ingest([str(path) for path, _ in pages], db=files)
        warc = open_store(str(folder / "warc.db"))
        api.ingest([str(folder / "fetched.db.warc")], db=warc)
        yield Collection(fetched, files, warc, {p.name: u for p, u in pages}, result)
    finally:
        server.stop()


def comparable(article: Article, keys: dict[str, str] | None = None) -> dict[str, object]:
    """(an Article, {article id: the key of its page} when its wire group is compared) -> its
    fields but where it came from and the evidence."""
    fields = {k: v for k, v in article.to_dict().items() if k not in FETCH_ONLY}
    if keys is not None:
        fields["wire_group"] = keys.get(article.wire_group or "")
    return fields


def by_url(store: Store) -> dict[str, Article]:
    """store -> its articles by the URL their page was fetched from."""
    return {str(a.url): a for a in store.articles()}


def test_fetch_stores_every_page_as_a_raw_html_document(collection: Collection) -> None:
    result = collection.fetch_result
    assert len(result.counts.new) == N_ALL and not result.counts.skipped
    assert result.report.pages == N_ALL and result.report.failed == 0
    for doc in collection.fetched.documents():
        assert doc.format == "html" and doc.media == "html"
        assert doc.source == doc.url and doc.path == doc.url  # canonical: as given here
        assert doc.url in collection.by_file.values()


def test_fetched_pages_are_the_articles_ingest_makes_of_the_same_files(
        collection: Collection) -> None:
    fetched = by_url(collection.fetched)
    fetched_keys = {a.id: str(a.url) for a in fetched.values()}
    file_keys = {a.id: collection.by_file[Path(a.path).name]
                 for a in collection.files.articles()}
    for article in collection.files.articles():
        url = file_keys[article.id]
        assert comparable(fetched[url], fetched_keys) == comparable(article, file_keys), url


def test_fetched_pages_make_the_same_stories_as_the_files(collection: Collection) -> None:
    def groups(store: Store, key: dict[str, str]) -> set[frozenset[str]]:
        return {frozenset(key[a] for a in s.articles) for s in store.stories()}

    fetched = {a.id: str(a.url) for a in collection.fetched.articles()}
    files = {a.id: collection.by_file[Path(a.path).name] for a in collection.files.articles()}
    stories = groups(collection.fetched, fetched)
    assert stories == groups(collection.files, files)
    assert max(len(s) for s in stories) >= 3  # the Raqqa reports make one story


def test_the_warc_archive_reads_back_to_the_same_articles(collection: Collection) -> None:
    archive = collection.fetch_result.report.archive
    assert archive and archive.endswith(".warc.gz") and Path(archive).is_file()
    fetched, warc = by_url(collection.fetched), by_url(collection.warc)
    assert sorted(warc) == sorted(fetched)
    for url, article in warc.items():
        assert comparable(article) == comparable(fetched[url]), url


def test_reprocess_cleans_the_stored_fetched_documents_again(collection: Collection) -> None:
    before = {a.id: comparable(a) for a in collection.fetched.articles()}
    rebuilt, failed = api.reprocess(collection.fetched, settings=quick())
    assert rebuilt == N_ALL and failed == []
    assert {a.id: comparable(a) for a in collection.fetched.articles()} == before


# -- feeds, sitemaps, second runs --------------------------------------------------------------


def page(n: int) -> bytes:
    """-> the n-th eval page with a canonical link, as bytes."""
    return gzip.decompress(eval_pages()[n][0].read_bytes())


def feeds_and_sitemap(server: LoopbackServer) -> tuple[list[str], str]:
    """-> (feed URLs, a sitemap index URL): an RSS and an Atom feed and a news sitemap listing
    four pages, one of them in both feeds (with a tracking parameter the second time)."""
    for n in range(4):
        server.routes[f"/news/{n}.html"] = etagged(html(page(n)), f'"p{n}"')
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Herald</title>'
           f"<item><title>0</title><link>{server.url('/news/0.html')}</link>"
           "<pubDate>Tue, 19 Nov 2019 10:00:00 +0000</pubDate></item>"
           f"<item><title>1</title><link>{server.url('/news/1.html')}</link></item>"
           "</channel></rss>")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Post'
            f'</title><entry><title>1</title><link href="{server.url("/news/1.html")}'
            '?utm_source=atom"/><id>urn:1</id><updated>2019-11-19T10:00:00Z</updated></entry>'
            "</feed>")
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
             f'sitemap/0.9"><sitemap><loc>{server.url("/sitemap-news.xml")}</loc></sitemap>'
             "</sitemapindex>")
    urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/'
              '0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + "".join(
                  f"<url><loc>{server.url(f'/news/{n}.html')}</loc><news:news>"
                  "<news:publication_date>2019-11-18</news:publication_date></news:news></url>"
                  for n in (2, 3)) + "</urlset>")
    for path, body, kind in (("/rss.xml", rss, "application/rss+xml"),
                             ("/atom.xml", atom, "application/atom+xml"),
                             ("/sitemap.xml", index, "application/xml"),
                             ("/sitemap-news.xml", urlset, "text/xml")):
        server.routes[path] = etagged(Reply(200, {"Content-Type": kind}, body.encode()),
                                      f'"{path}"')
    return [server.url("/rss.xml"), server.url("/atom.xml")], server.url("/sitemap.xml")


def test_feeds_and_a_sitemap_fetch_each_listed_page_once_then_cost_only_304s(
        server: LoopbackServer, tmp_path: Path) -> None:
    feeds, sitemap = feeds_and_sitemap(server)
    store = open_store(str(tmp_path / "feeds.db"))
    first = api.fetch_counts(feeds=feeds, sitemaps=[sitemap], db=store, settings=quick())
    assert len(first.counts.new) == 4 and not first.counts.skipped
    assert [len(server.hits_of(f"/news/{n}.html")) for n in range(4)] == [1, 1, 1, 1]
    assert first.report.duplicates == 1  # /news/1.html listed twice, fetched once
    hits = len(server.hits)
    second = api.fetch_counts(feeds=feeds, sitemaps=[sitemap], db=store, settings=quick())
    assert second.counts.new == second.counts.updated == second.counts.unchanged == []
    assert sorted(second.report.not_modified) == sorted([*feeds, sitemap])
    new_hits = [h.path for h in server.hits[hits:]]
    assert sorted(new_hits) == ["/atom.xml", "/robots.txt", "/rss.xml", "/sitemap.xml"]
    api.check_fetch(second, strict=True)  # nothing new is no failure


def test_the_web_gives_outlet_and_dates_as_evidence_the_page_still_first(
        server: LoopbackServer, tmp_path: Path) -> None:
    feeds, _ = feeds_and_sitemap(server)
    server.routes["/undated.html"] = html(UNDATED, **{
        "Last-Modified": "Wed, 20 Nov 2019 07:00:00 GMT"})
    store = open_store(str(tmp_path / "hints.db"))
    api.fetch_counts([server.url("/undated.html")], feeds=feeds[:1], db=store,
                     settings=quick())
    docs = {d.url: d for d in store.documents()}
    zero = docs[server.url("/news/0.html")]
    assert zero.hints["outlet"].value == "Loopback Herald"
    assert "feed title" in zero.hints["outlet"].evidence
    assert "published" not in zero.hints  # the page states its date: the feed's is not used
    undated = {a.url: a for a in store.articles()}[server.url("/undated.html")]
    assert (undated.published or "").startswith("2019-11-20T07:00")
    assert "HTTP Last-Modified" in undated.evidence["published"]


def test_a_direct_url_is_fetched_again_conditionally(server: LoopbackServer,
                                                     tmp_path: Path) -> None:
    server.routes["/a.html"] = etagged(html(page(0)), '"a1"')
    store = open_store(str(tmp_path / "again.db"))
    first = api.fetch_counts([server.url("/a.html")], db=store, settings=quick())
    second = api.fetch_counts([server.url("/a.html")], db=store, settings=quick())
    assert len(first.counts.new) == 1
    assert second.report.not_modified == [server.url("/a.html")] and not second.counts.new
    assert server.hits_of("/a.html")[1].headers["If-None-Match"] == '"a1"'
    assert store.count("documents") == 1 and store.count("revisions") == 0


def test_the_same_url_with_tracking_parameters_is_fetched_once(server: LoopbackServer,
                                                               tmp_path: Path) -> None:
    server.routes["/a.html"] = html(page(0))
    urls = [server.url("/a.html"), server.url("/a.html?utm_source=x&utm_medium=y"),
            server.url("/a.html?fbclid=123#top")]
    result = api.fetch_counts(urls, db=str(tmp_path / "once.db"), settings=quick())
    assert len(server.hits_of("/a.html")) == 1 and len(result.counts.new) == 1
    assert result.report.duplicates == 2


def test_each_failure_is_one_skip_and_nothing_else_is_lost(server: LoopbackServer,
                                                          tmp_path: Path) -> None:
    feeds, _ = feeds_and_sitemap(server)
    server.routes["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"},
                                         b"User-agent: *\nDisallow: /private/\n")
    server.routes["/private/a.html"] = html(page(2))
    server.routes["/flaky.html"] = Sequence(Reply(500), html(page(3)))
    server.routes["/wrong.html"] = Reply(200, {"Content-Type": "image/png"}, b"\x89PNG")
    xxe = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b"<rss><channel><title>&x;</title></channel></rss>")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
              b"<rss><channel><title>&b;</title></channel></rss>")
    server.routes["/xxe.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, xxe)
    server.routes["/laughs.xml"] = Reply(200, {"Content-Type": "application/rss+xml"}, laughs)
    urls = [server.url(p) for p in ("/missing.html", "/private/a.html", "/flaky.html",
                                     "/wrong.html")]
    bad_feeds = [server.url("/xxe.xml"), server.url("/laughs.xml")]
    result = api.fetch_counts(urls, feeds=[*bad_feeds, feeds[0]],
                              db=str(tmp_path / "mixed.db"), settings=quick())
    reasons = {s.path: s.reason for s in result.counts.skipped}
    assert reasons[server.url("/missing.html")] == "HTTP 404 Not Found"
    assert reasons[server.url("/private/a.html")].startswith("disallowed by")
    assert reasons[server.url("/wrong.html")].startswith("content type 'image/png'")
    assert all(reasons[f].startswith("refused: the XML declares entities") for f in bad_feeds)
    assert len(result.counts.skipped) == 5  # one line each
    assert len(result.counts.new) == 3  # the flaky page (retried) and the good feed's two
    assert not server.hits_of("/private/a.html")


def test_a_sitemap_index_listing_itself_is_read_once(server: LoopbackServer,
                                                     tmp_path: Path) -> None:
    server.routes["/a.html"] = html(page(0))
    loop = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9"><sitemap><loc>{server.url("/index.xml")}</loc></sitemap>'
            f'<sitemap><loc>{server.url("/pages.xml")}</loc></sitemap></sitemapindex>')
    pages = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/'
             f'0.9"><url><loc>{server.url("/a.html")}</loc></url>'
             "<url><loc>http://[::1/broken</loc></url></urlset>")
    server.routes["/index.xml"] = Reply(200, {"Content-Type": "application/xml"}, loop.encode())
    server.routes["/pages.xml"] = Reply(200, {"Content-Type": "application/xml"},
                                        pages.encode())
    result = api.fetch_counts(sitemaps=[server.url("/index.xml")],
                              db=str(tmp_path / "loop.db"), settings=quick())
    assert len(server.hits_of("/index.xml")) == 1 and len(server.hits_of("/pages.xml")) == 1
    assert len(result.counts.new) == 1 and not result.counts.skipped


def test_a_page_without_a_content_type_must_look_like_html(server: LoopbackServer,
                                                           tmp_path: Path) -> None:
    server.routes["/untyped.html"] = Reply(200, {}, page(0))
    server.routes["/data"] = Reply(200, {}, b'{"id": 1, "text": "not a page"}\n')
    result = api.fetch_counts([server.url("/untyped.html"), server.url("/data")],
                              db=str(tmp_path / "untyped.db"), settings=quick())
    assert len(result.counts.new) == 1
    assert [s.reason for s in result.counts.skipped] == [
        "no Content-Type, and the body looks like jsonl, not an HTML page"]


@pytest.mark.parametrize("in_flight", [1, 2])
def test_requests_in_flight_to_one_host_are_limited(server: LoopbackServer, tmp_path: Path,
                                                    in_flight: int) -> None:
    from crosswire.fetch.run import Fetcher

    for n in range(4):
        server.routes[f"/slow{n}.html"] = Reply(200, {"Content-Type": "text/html"},
                                                b"<html><body><p>x</p></body></html>",
                                                delay=0.25)
    fetcher = Fetcher(open_store(str(tmp_path / "gate.db")),
                      quick(fetch_host_concurrency=in_flight, fetch_workers=4))
    try:
        list(fetcher.items([server.url(f"/slow{n}.html") for n in range(4)]))
    finally:
        fetcher.close()
    starts = sorted(h.at for h in server.hits if h.path.startswith("/slow"))
    together = sum(1 for a, b in pairwise(starts) if b - a < 0.15)
    assert together == (0 if in_flight == 1 else 2)  # 1: one after another; 2: in pairs


def test_the_archive_ingested_into_the_store_that_fetched_it_changes_nothing(
        server: LoopbackServer, tmp_path: Path) -> None:
    feeds, _ = feeds_and_sitemap(server)
    db = str(tmp_path / "same.db")
    api.fetch_counts(feeds=feeds[:1], db=db, settings=quick())
    hints = {d.url: d.hints for d in open_store(db).documents()}
    again = api.ingest([str(tmp_path / "same.db.warc")], db=db)
    assert len(again.unchanged) == 2 and not again.new and not again.updated
    assert {d.url: d.hints for d in open_store(db).documents()} == hints  # feed hints kept


def test_a_last_modified_of_the_moment_served_dates_nothing(server: LoopbackServer,
                                                             tmp_path: Path) -> None:
    from email.utils import formatdate

    server.routes["/now.html"] = lambda request: html(UNDATED, **{
        "Last-Modified": formatdate(usegmt=True)})  # the server's Date says the same time
    db = str(tmp_path / "now.db")
    api.fetch_counts([server.url("/now.html")], db=db, settings=quick())
    (document,) = open_store(db).documents()
    assert "published" not in document.hints


def test_a_page_of_a_feed_that_failed_is_tried_again_on_the_next_run(
        server: LoopbackServer, tmp_path: Path) -> None:
    feeds, _ = feeds_and_sitemap(server)  # the RSS feed lists /news/0.html and /news/1.html
    server.routes["/news/1.html"] = Reply(503)
    db = str(tmp_path / "retry.db")
    first = api.fetch_counts(feeds=feeds[:1], db=db, settings=quick(fetch_retries=1))
    assert len(first.counts.new) == 1 and len(first.counts.skipped) == 1
    server.routes["/news/1.html"] = html(page(1))  # back up
    second = api.fetch_counts(feeds=feeds[:1], db=db, settings=quick())
    assert len(second.counts.new) == 1 and second.report.known == 1  # /news/0.html not again
    assert "If-None-Match" not in server.hits_of("/rss.xml")[1].headers  # the feed read again
    third = api.fetch_counts(feeds=feeds[:1], db=db, settings=quick())
    assert third.report.not_modified == feeds[:1]  # complete now: 304
    assert [len(server.hits_of(f"/news/{n}.html")) for n in (0, 1)] == [1, 2]
