"""What one fetch run leaves for the next (crosswire.fetch.run.Fetcher, without the cleaning
pipeline, so these stay fast): a feed or sitemap keeps its validators only when everything it
listed was read, up through every sitemap index above it; a page is remembered only when it
became a Document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crosswire.config import Settings
from crosswire.fetch.run import Fetcher
from crosswire.models import Document, Skip
from crosswire.store import open_store
from tests.fixtures.fetch.loopback import (
    LoopbackServer,
    Reply,
    Request,
    etagged,
    html,
    quick_settings,
)

PAGE = ("<html><head><title>A</title></head><body><p>Hello there, a page with some text."
        "</p></body></html>")
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
XML = {"Content-Type": "application/xml"}


def quick(**changes: object) -> Settings:
    """Settings for tests: no per-host delay, one try, short timeouts and waits."""
    return quick_settings(**{"fetch_max_wait": 0.2, "fetch_retries": 1, **changes})


def fetch(db: Path, settings: Settings | None = None,
          **sources: list[str]) -> tuple[list[Document | Skip], Fetcher]:
    """(a store file, settings (default: quick()), urls= / feeds= / sitemaps=) -> (what one
    run yielded, its Fetcher), the validators committed as after the pipeline stored the
    documents."""
    store = open_store(str(db))
    fetcher = Fetcher(store, settings or quick())
    try:
        items = list(fetcher.items(**sources))
        store.add_documents([d for d in items if isinstance(d, Document)])
        fetcher.commit()
    finally:
        fetcher.close()
        store.close()
    return items, fetcher


def sitemap_index(server: LoopbackServer) -> str:
    """-> the URL of a sitemap index (ETag'd) listing /child.xml, which lists /a.html."""
    index = (f'<?xml version="1.0"?><sitemapindex {NS}><sitemap><loc>'
             f'{server.url("/child.xml")}</loc></sitemap></sitemapindex>')
    server.routes["/index.xml"] = etagged(Reply(200, XML, index.encode()), '"i1"')
    return server.url("/index.xml")


def child_sitemap(server: LoopbackServer) -> Callable[[Request], Reply]:
    """-> the route of /child.xml (ETag'd), listing /a.html."""
    child = (f'<?xml version="1.0"?><urlset {NS}><url><loc>{server.url("/a.html")}</loc>'
             "</url></urlset>")
    return etagged(Reply(200, XML, child.encode()), '"c1"')


def test_a_child_sitemap_that_failed_is_read_again_through_its_index(
        server: LoopbackServer, tmp_path: Path) -> None:
    index = sitemap_index(server)
    server.routes["/a.html"] = html(PAGE)
    server.routes["/child.xml"] = Reply(503)
    first, _ = fetch(tmp_path / "x.db", sitemaps=[index])
    assert [type(i) for i in first] == [Skip] and index in first[0].reason
    server.routes["/child.xml"] = child_sitemap(server)
    second, fetcher = fetch(tmp_path / "x.db", sitemaps=[index])
    assert fetcher.report.not_modified == []  # the index asked for again, unconditionally
    assert [type(i) for i in second] == [Document]
    third, fetcher = fetch(tmp_path / "x.db", sitemaps=[index])
    assert third == [] and fetcher.report.not_modified == [index]  # complete now: 304


def test_a_page_of_a_child_sitemap_that_failed_is_retried_through_its_index(
        server: LoopbackServer, tmp_path: Path) -> None:
    index = sitemap_index(server)
    server.routes["/child.xml"] = child_sitemap(server)
    server.routes["/a.html"] = Reply(503)
    first, _ = fetch(tmp_path / "y.db", sitemaps=[index])
    assert [type(i) for i in first] == [Skip]
    server.routes["/a.html"] = html(PAGE)
    second, _ = fetch(tmp_path / "y.db", sitemaps=[index])
    assert [type(i) for i in second] == [Document]
    assert len(server.hits_of("/a.html")) == 2


def rss(server: LoopbackServer, etag: str | None = None) -> str:
    """(the server, the feed's ETag or None) -> the URL of an RSS feed listing /a.html."""
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a'
            f'</title><link>{server.url("/a.html")}</link></item></channel></rss>')
    reply = Reply(200, {"Content-Type": "application/rss+xml"}, body.encode())
    server.routes["/rss.xml"] = etagged(reply, etag) if etag else reply
    return server.url("/rss.xml")


@pytest.mark.parametrize("glitch", [
    Reply(200, {"Content-Type": "text/html"}, b""),  # empty body
    Reply(200, {"Content-Type": "text/html"}, b"<p>\x00\x00\x01</p>" * 20),  # undecodable
], ids=["empty", "binary"])
def test_a_page_answered_200_but_not_read_is_not_remembered(
        server: LoopbackServer, tmp_path: Path, glitch: Reply) -> None:
    feed = rss(server)
    server.routes["/a.html"] = glitch
    first, fetcher = fetch(tmp_path / "f.db", feeds=[feed])
    assert [type(i) for i in first] == [Skip] and feed in first[0].reason
    assert fetcher.report.pages == 0 and fetcher.report.failed == 1
    server.routes["/a.html"] = html(PAGE)
    second, fetcher = fetch(tmp_path / "f.db", feeds=[feed])
    assert [type(i) for i in second] == [Document] and fetcher.report.known == 0
    assert len(server.hits_of("/a.html")) == 2


def test_a_page_deleted_from_the_store_is_fetched_again(server: LoopbackServer,
                                                        tmp_path: Path) -> None:
    feed = rss(server)
    server.routes["/a.html"] = etagged(html(PAGE), '"a1"')
    fetch(tmp_path / "d.db", feeds=[feed])
    store = open_store(str(tmp_path / "d.db"))
    assert store.delete(store.document_ids()) != []
    store.close()
    again, _ = fetch(tmp_path / "d.db", urls=[server.url("/a.html")])
    assert [type(i) for i in again] == [Document]  # asked for without its old ETag
    assert "If-None-Match" not in server.hits_of("/a.html")[-1].headers


@pytest.mark.parametrize("answer", [Reply(404), Reply(200, {"Content-Type": "image/png"})],
                         ids=["404", "wrong-type"])
def test_a_page_that_failed_for_good_leaves_its_feed_complete(
        server: LoopbackServer, tmp_path: Path, answer: Reply) -> None:
    feed = rss(server, etag='"r1"')
    server.routes["/a.html"] = answer
    first, _ = fetch(tmp_path / "p.db", feeds=[feed])
    assert [type(i) for i in first] == [Skip]
    second, fetcher = fetch(tmp_path / "p.db", feeds=[feed])
    assert second == [] and fetcher.report.not_modified == [feed]  # not read again and again
    assert len(server.hits_of("/a.html")) == 1
