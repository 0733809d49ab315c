"""A fetch run (crosswire.fetch.run.Fetcher, without the cleaning pipeline) goes on whatever
a feed, a sitemap or its caller hands it: a string that is no URL is one Skip, never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.fetch.urls import request_url
from crosswire.models import Skip
from tests.fixtures.fetch.loopback import LoopbackServer, Reply
from tests.test_fetch_rerun import NS, XML, fetch

BROKEN = "http://[::1/broken.xml"  # an IPv6 host never closed: urllib cannot split it


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer().start()
    yield running
    running.stop()


def test_a_malformed_url_listed_by_a_sitemap_index_is_one_skip(server: LoopbackServer,
                                                               tmp_path: Path) -> None:
    index = (f'<?xml version="1.0"?><sitemapindex {NS}><sitemap><loc>{BROKEN}</loc>'
             "</sitemap></sitemapindex>")
    server.routes["/index.xml"] = Reply(200, XML, index.encode())
    items, _ = fetch(tmp_path / "s.db", sitemaps=[server.url("/index.xml")])
    assert [(i.path, i.reason) for i in items if isinstance(i, Skip)] == [
        (BROKEN, f"not an http(s) URL (listed by {server.url('/index.xml')})")]


def test_a_malformed_feed_or_sitemap_url_given_is_one_skip(tmp_path: Path) -> None:
    items, _ = fetch(tmp_path / "g.db", feeds=[BROKEN], sitemaps=[BROKEN + "x"])
    assert [(i.path, i.reason) for i in items if isinstance(i, Skip)] == [
        (BROKEN, "not an http(s) URL"), (BROKEN + "x", "not an http(s) URL")]


def test_request_url_gives_back_what_urllib_cannot_split() -> None:
    assert request_url(BROKEN + "#top") == BROKEN
