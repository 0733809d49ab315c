"""A fetch run (crosswire.fetch.run.Fetcher, without the cleaning pipeline) goes on whatever
a feed, a sitemap or its caller hands it: a string that is no URL is one Skip, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crosswire.fetch import run
from crosswire.fetch.sitemaps import Sitemap
from crosswire.fetch.urls import request_url
from crosswire.models import Skip
from tests.fixtures.fetch.loopback import LoopbackServer, Reply
from tests.test_fetch_rerun import NS, XML, fetch, quick

BROKEN = "http://[::1/broken.xml"  # an IPv6 host never closed: urllib cannot split it



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


def test_child_sitemaps_are_fetched_a_window_at_a_time(server: LoopbackServer, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    children = [server.url(f"/c{n}.xml") for n in range(10)]
    index = (f'<?xml version="1.0"?><sitemapindex {NS}>' + "".join(
        f"<sitemap><loc>{url}</loc></sitemap>" for url in children) + "</sitemapindex>")
    server.routes["/index.xml"] = Reply(200, XML, index.encode())
    for n in range(10):
        server.routes[f"/c{n}.xml"] = Reply(200, XML, f'<urlset {NS}/>'.encode())
    ahead: list[int] = []  # child sitemaps fetched but not yet read, at each read
    read = run.read_sitemap

    def counting(url: str, data: bytes, limit: int) -> Sitemap:
        ahead.append(sum(h.path.startswith("/c") for h in server.hits) - len(ahead))
        time.sleep(0.1)  # a slow read: fetches must not run far ahead of it
        return read(url, data, limit)

    monkeypatch.setattr(run, "read_sitemap", counting)
    fetch(tmp_path / "w.db", quick(fetch_workers=1),  # one worker: a window of 2
          sitemaps=[server.url("/index.xml")])
    assert len(ahead) == 11 and max(ahead) <= 2
