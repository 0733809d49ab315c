"""The fetch client (crosswire.fetch.client) against a server on 127.0.0.1: each hostile
answer ends as specified, with its reason in words, and costs no more than its limit."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from crosswire.config import Settings
from crosswire.fetch.archive import WarcArchive
from crosswire.fetch.client import (
    PAGE_TYPES,
    Failed,
    Fetched,
    HttpClient,
    NotModified,
    retry_after,
)
from tests.fixtures.fetch.loopback import (
    LoopbackServer,
    Reply,
    Request,
    Sequence,
    endless,
    html,
    quick_settings,
)

PAGE = "<html><head><title>A</title></head><body><p>Hello.</p></body></html>"


def quick(**changes: object) -> Settings:
    """Settings for tests: no per-host delay, short timeouts and waits."""
    return quick_settings(**{"fetch_max_wait": 0.3, **changes})


def get(server: LoopbackServer, path: str, settings: Settings | None = None,
        **kwargs: object) -> Fetched | NotModified | Failed:
    client = HttpClient(settings or quick())
    try:
        return client.get(server.url(path), PAGE_TYPES, **kwargs)  # type: ignore[arg-type]
    finally:
        client.close()


def test_a_page_is_fetched_with_a_clear_user_agent(server: LoopbackServer) -> None:
    server.routes["/a"] = html(PAGE)
    result = get(server, "/a", quick(fetch_user_agent="crosswire-test/1 (+ops@example.org)"))
    assert isinstance(result, Fetched) and b"Hello." in result.body
    assert server.hits_of("/a")[0].headers["User-Agent"] == "crosswire-test/1 (+ops@example.org)"


def test_404_fails_with_its_status(server: LoopbackServer) -> None:
    result = get(server, "/missing")
    assert isinstance(result, Failed) and result.reason == "HTTP 404 Not Found"
    assert len(server.hits_of("/missing")) == 1  # a 404 is not retried


def test_500_then_success_is_retried(server: LoopbackServer) -> None:
    server.routes["/flaky"] = Sequence(Reply(500), html(PAGE))
    result = get(server, "/flaky")
    assert isinstance(result, Fetched)
    assert len(server.hits_of("/flaky")) == 2


def test_5xx_every_time_fails_after_the_tries(server: LoopbackServer) -> None:
    server.routes["/down"] = Reply(503)
    result = get(server, "/down", quick(fetch_retries=3))
    assert isinstance(result, Failed)
    assert result.reason == "HTTP 503 Service Unavailable (after 3 tries)"
    assert len(server.hits_of("/down")) == 3


def test_429_retry_after_is_honoured_and_capped(server: LoopbackServer) -> None:
    server.routes["/busy"] = Sequence(Reply(429, {"Retry-After": "0.2"}), html(PAGE))
    server.routes["/busier"] = Sequence(Reply(429, {"Retry-After": "3600"}), html(PAGE))
    assert isinstance(get(server, "/busy", quick(fetch_backoff=0.0)), Fetched)
    first, second = server.hits_of("/busy")
    assert second.at - first.at >= 0.2  # honoured
    started = time.monotonic()
    assert isinstance(get(server, "/busier", quick(fetch_max_wait=0.3)), Fetched)
    assert time.monotonic() - started < 2.0  # an hour asked, 0.3 s waited (fetch_max_wait)
    first, second = server.hits_of("/busier")
    assert 0.3 <= second.at - first.at < 2.0


def test_retry_after_reads_seconds_and_dates() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after("120") == 120.0 and retry_after("0.5") == 0.5
    assert retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_a_redirect_is_followed_and_a_loop_is_named(server: LoopbackServer) -> None:
    server.routes["/old"] = Reply(301, {"Location": "/new"})
    server.routes["/new"] = html(PAGE)
    server.routes["/ping"] = Reply(302, {"Location": "/pong"})
    server.routes["/pong"] = Reply(302, {"Location": "/ping"})
    moved = get(server, "/old")
    assert isinstance(moved, Fetched) and moved.final_url == server.url("/new")
    loop = get(server, "/ping")
    assert isinstance(loop, Failed) and loop.reason.startswith("redirect loop: ")
    assert len(server.hits_of("/ping")) == 1 and len(server.hits_of("/pong")) == 1


def test_redirects_stop_at_the_limit(server: LoopbackServer) -> None:
    for n in range(10):
        server.routes[f"/hop{n}"] = Reply(302, {"Location": f"/hop{n + 1}"})
    result = get(server, "/hop0", quick(fetch_max_redirects=3))
    assert isinstance(result, Failed) and result.reason.startswith("more than 3 redirects")
    assert len([h for h in server.hits if h.path.startswith("/hop")]) == 4


def test_a_redirect_to_an_invalid_url_fails_at_once(server: LoopbackServer) -> None:
    server.routes["/bad"] = Reply(302, {"Location": "http://[::1/x"})
    result = get(server, "/bad", quick(fetch_retries=3, fetch_backoff=1.0))
    assert isinstance(result, Failed) and result.reason.startswith("redirected to an invalid")
    assert len(server.hits_of("/bad")) == 1  # never retried: it cannot succeed


def test_a_string_that_is_no_url_fails_at_once() -> None:
    client = HttpClient(quick(fetch_retries=3, fetch_backoff=1.0))
    try:
        started = time.monotonic()
        result = client.get("example.com/feed.xml", PAGE_TYPES)
    finally:
        client.close()
    assert isinstance(result, Failed) and result.reason == "not an http(s) URL"
    assert time.monotonic() - started < 0.5


def test_an_unexpected_error_is_one_failure_with_its_traceback_logged(
        server: LoopbackServer, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(HttpClient, "_get", broken)
    result = get(server, "/a")
    assert isinstance(result, Failed)
    assert result.reason == "could not be fetched (RuntimeError: a bug)"
    (record,) = [r for r in caplog.records if r.name == "crosswire.fetch.client"]
    assert record.exc_info and "a bug" in str(record.exc_info[1])


def test_a_slow_server_times_out(server: LoopbackServer) -> None:
    server.routes["/slow"] = Reply(200, {"Content-Type": "text/html"}, b"late", delay=2.0)
    started = time.monotonic()
    result = get(server, "/slow", quick(fetch_read_timeout=0.3, fetch_retries=1))
    assert isinstance(result, Failed) and result.reason.startswith("timed out (no data for 0.3 s")
    assert time.monotonic() - started < 1.5


def trickle() -> Iterator[bytes]:
    """A body sent a few bytes every tenth of a second, for five seconds."""
    for _ in range(50):
        time.sleep(0.1)
        yield b"<p>x</p>"


def test_a_trickling_server_is_stopped_by_the_total_timeout(server: LoopbackServer) -> None:
    server.routes["/trickle"] = Reply(200, {"Content-Type": "text/html"}, trickle)
    started = time.monotonic()
    result = get(server, "/trickle", quick(fetch_total_timeout=0.5, fetch_retries=1))
    assert isinstance(result, Failed) and "fetch_total_timeout" in result.reason
    assert time.monotonic() - started < 2.0


def test_the_total_timeout_does_not_count_the_wait_for_the_hosts_turn(
        server: LoopbackServer) -> None:
    for n in range(3):
        server.routes[f"/p{n}"] = Reply(200, {"Content-Type": "text/html"}, PAGE.encode(),
                                        delay=0.3)
    client = HttpClient(quick(fetch_host_concurrency=1, fetch_total_timeout=0.5,
                              fetch_read_timeout=2.0))
    try:
        client.robots.refusal(server.url("/p0"))  # robots.txt read first
        with ThreadPoolExecutor(3) as pool:  # each waits its turn, then takes 0.3 s
            results = list(pool.map(lambda n: client.get(server.url(f"/p{n}"), PAGE_TYPES),
                                    range(3)))
    finally:
        client.close()
    assert [type(r) for r in results] == [Fetched] * 3


def get_with_peak(server: LoopbackServer, path: str,
                  settings: Settings) -> tuple[Fetched | NotModified | Failed, int]:
    """(server, path, settings) -> what one fetch of the path gave, and the most memory
    Python held meanwhile (bytes, tracemalloc's peak)."""
    tracemalloc.start()
    try:
        result = get(server, path, settings)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_body_is_stopped_at_the_limit(server: LoopbackServer) -> None:
    server.routes["/huge"] = Reply(200, {"Content-Type": "text/html"}, endless(50_000_000))
    started = time.monotonic()
    result, peak = get_with_peak(server, "/huge", quick(fetch_max_bytes=1_000_000))
    assert isinstance(result, Failed)
    assert result.reason == ("body larger than the 1 MB limit (settings.fetch_max_bytes); "
                             "stopped reading there")
    assert time.monotonic() - started < 3.0  # 50 MB were never read
    assert peak < 8_000_000  # nor held: the limit and a few chunks


def test_a_declared_length_over_the_limit_is_refused_before_reading(
        server: LoopbackServer) -> None:
    server.routes["/declared"] = Reply(200, {"Content-Type": "text/html",
                                             "Content-Length": "50000000"},
                                       endless(100_000))
    result = get(server, "/declared", quick(fetch_max_bytes=1_000_000))
    assert isinstance(result, Failed) and result.reason.endswith("Content-Length 50000000")


def test_a_gzip_bomb_stops_at_the_decompressed_limit(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 KB on the wire
    server.routes["/bomb"] = Reply(200, {"Content-Type": "text/html",
                                         "Content-Encoding": "gzip"}, bomb)
    result, peak = get_with_peak(server, "/bomb", quick(fetch_max_decompressed_bytes=2_000_000))
    assert isinstance(result, Failed)
    assert "once decompressed (settings.fetch_max_decompressed_bytes)" in result.reason
    assert peak < 12_000_000  # 50 MB never unpacked


def test_a_gzip_page_is_unpacked(server: LoopbackServer) -> None:
    server.routes["/gz"] = Reply(200, {"Content-Type": "text/html",
                                       "Content-Encoding": "gzip"}, gzip.compress(PAGE.encode()))
    result = get(server, "/gz")
    assert isinstance(result, Fetched) and result.body == PAGE.encode()


def test_a_wrong_content_type_is_refused(server: LoopbackServer) -> None:
    server.routes["/doc.pdf"] = Reply(200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    result = get(server, "/doc.pdf")
    assert isinstance(result, Failed)
    assert result.reason.startswith("content type 'application/pdf' is not one of text/html")


def test_robots_txt_disallowing_a_path_skips_it_and_allows_the_rest(
        server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Reply(200, {"Content-Type": "text/plain"},
                                         b"User-agent: *\nDisallow: /private/\n")
    server.routes["/private/a"] = html(PAGE)
    server.routes["/public/a"] = html(PAGE)
    client = HttpClient(quick())
    try:
        refused = client.get(server.url("/private/a"), PAGE_TYPES)
        allowed = client.get(server.url("/public/a"), PAGE_TYPES)
    finally:
        client.close()
    assert isinstance(refused, Failed)
    assert refused.reason == f"disallowed by {server.base}/robots.txt for this User-Agent"
    assert isinstance(allowed, Fetched)
    assert not server.hits_of("/private/a")
    assert len(server.hits_of("/robots.txt")) == 1  # read once per host and run


def test_robots_txt_answering_5xx_keeps_the_whole_host_out(server: LoopbackServer) -> None:
    server.routes["/robots.txt"] = Reply(503)
    server.routes["/a"] = html(PAGE)
    result = get(server, "/a", quick(fetch_retries=1))
    assert isinstance(result, Failed) and "robots.txt" in result.reason
    assert not server.hits_of("/a")


@pytest.mark.parametrize("robots", [
    Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
          + b"#" * 2_000_000),  # over fetch_max_bytes: only part of the rules read
    Reply(200, {"Content-Type": "text/plain", "Content-Encoding": "br"}, b"\x1b\x00junk"),
    Reply(429, {"Retry-After": "0"}),
], ids=["over-the-limit", "unread-encoding", "429"])
def test_a_robots_txt_that_cannot_be_read_keeps_the_host_out_and_says_why(
        server: LoopbackServer, robots: Reply, caplog: pytest.LogCaptureFixture) -> None:
    server.routes["/robots.txt"] = robots
    server.routes["/private/a"] = html(PAGE)
    with caplog.at_level("WARNING", logger="crosswire.fetch.politeness"):
        result = get(server, "/private/a", quick(fetch_max_bytes=1_000_000, fetch_retries=1))
    assert isinstance(result, Failed) and "robots.txt" in result.reason
    assert "the host is not fetched" in result.reason and result.reason in caplog.text
    assert not server.hits_of("/private/a")


def test_conditional_get_sends_the_validators_and_takes_304(server: LoopbackServer) -> None:
    def answer(request: Request) -> Reply:
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(304, {"ETag": '"v1"'})
        return html(PAGE, ETag='"v1"', **{"Last-Modified": "Tue, 19 Nov 2019 10:00:00 GMT"})

    server.routes["/c"] = answer
    first = get(server, "/c")
    assert isinstance(first, Fetched)
    assert first.validators == ('"v1"', "Tue, 19 Nov 2019 10:00:00 GMT")
    again = get(server, "/c", validators=first.validators)
    assert isinstance(again, NotModified)
    assert server.hits_of("/c")[1].headers["If-Modified-Since"] == first.validators[1]


def test_a_304_to_a_request_that_was_not_conditional_is_a_failure(
        server: LoopbackServer) -> None:
    server.routes["/c"] = Reply(304)
    result = get(server, "/c")
    assert isinstance(result, Failed)
    assert result.reason == "HTTP 304 without a conditional request"


def test_requests_to_one_host_keep_the_per_host_delay(server: LoopbackServer) -> None:
    server.routes["/a"] = html(PAGE)
    server.routes["/b"] = html(PAGE)
    client = HttpClient(quick(fetch_delay=0.25))
    try:
        client.get(server.url("/a"), PAGE_TYPES)
        client.get(server.url("/b"), PAGE_TYPES)
    finally:
        client.close()
    starts = [h.at for h in server.hits]  # robots.txt, /a, /b
    assert all(later - earlier >= 0.24 for earlier, later in pairwise(starts))


def test_archived_responses_say_why_their_bodies_are_missing(server: LoopbackServer,
                                                            tmp_path: Path) -> None:
    server.routes["/old"] = Reply(301, {"Location": "/new"}, b"moved, see /new")
    server.routes["/new"] = html(PAGE)
    server.routes["/huge"] = Reply(200, {"Content-Type": "text/html"}, endless(5_000_000))
    server.routes["/trickle"] = Reply(200, {"Content-Type": "text/html"}, trickle)
    archive = WarcArchive(tmp_path / "warc")
    client = HttpClient(quick(fetch_max_bytes=1_000_000, fetch_total_timeout=0.5,
                              fetch_retries=1), archive)
    try:
        for path in ("/old", "/huge", "/trickle"):
            client.get(server.url(path), PAGE_TYPES)
    finally:
        client.close()
        archive.close()
    assert archive.path is not None
    with archive.path.open("rb") as handle:
        marks = {urlsplit(r.rec_headers.get_header("WARC-Target-URI")).path:
                 r.rec_headers.get_header("WARC-Truncated")
                 for r in ArchiveIterator(handle) if r.rec_type == "response"}
    assert marks == {"/robots.txt": "unspecified",  # a 404: its body not read
                     "/old": "unspecified", "/new": None, "/huge": "length",
                     "/trickle": "time"}
