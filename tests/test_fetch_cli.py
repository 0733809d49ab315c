"""`crosswire fetch`, `run URL...` and `watch --feeds` from the command line (click's
CliRunner over crosswire.cli.main, so exit codes are the real ones): one line per URL that
failed, the run goes on, exit codes as `ingest` has them (0 done, 1 skips under --strict,
2 usage, 3 nothing processed)."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from crosswire.cli import main
from crosswire.config import load_settings
from crosswire.fetch.poll import FeedPoll, watch_feeds
from crosswire.store import open_store
from tests.conftest import SHARED
from tests.fixtures.fetch.loopback import LoopbackServer, Reply, Request, html

PAGES = sorted((SHARED / "eval" / "extraction" / "pages").glob("*.html.gz"))
FAST = {"CROSSWIRE_FETCH_DELAY": "0", "CROSSWIRE_FETCH_BACKOFF": "0.01",
        "CROSSWIRE_FETCH_RETRIES": "1", "CROSSWIRE_FETCH_READ_TIMEOUT": "0.5"}


@click.command(context_settings={"ignore_unknown_options": True}, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def crosswire(args: tuple[str, ...]) -> None:
    """The installed `crosswire` command: main() with these arguments."""
    main(list(args))


def invoke(*args: str) -> Result:
    """`crosswire ARGS...` -> click's Result (exit code, stdout, stderr)."""
    return CliRunner().invoke(crosswire, [str(a) for a in args], env=FAST)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    running = LoopbackServer().start()
    for n in range(3):
        running.routes[f"/news/{n}.html"] = html(gzip.decompress(PAGES[n].read_bytes()))
    yield running
    running.stop()


def skipped_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: skipped")]


def test_fetch_stores_the_pages_and_names_each_failed_url_once(server: LoopbackServer,
                                                               tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = invoke("fetch", server.url("/news/0.html"), server.url("/news/1.html"),
                    server.url("/gone.html"), server.url("/news/2.html?utm_source=x"),
                    "--db", db)
    assert result.exit_code == 0, result.output
    assert skipped_lines(result) == [
        f"warning: skipped {server.url('/gone.html')}: HTTP 404 Not Found"]
    assert "3 ingested" in result.stderr and "fetched 3 page(s)" in result.stderr
    assert open_store(str(db)).count("articles") == 3
    assert list((tmp_path / "cli.db.warc").glob("*.warc.gz"))


def test_strict_exits_1_after_the_work_and_json_says_what_happened(server: LoopbackServer,
                                                                   tmp_path: Path) -> None:
    result = invoke("fetch", server.url("/news/0.html"), server.url("/gone.html"),
                    "--db", tmp_path / "s.db", "--strict", "--json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert len(answer["ingested"]) == 1 and answer["fetch"]["failed"] == 1
    assert answer["skipped"][0]["path"] == server.url("/gone.html")


def test_nothing_fetched_exits_3(server: LoopbackServer, tmp_path: Path) -> None:
    result = invoke("fetch", server.url("/a.html"), server.url("/b.html"), "--db",
                    tmp_path / "n.db")
    assert result.exit_code == 3
    assert len(skipped_lines(result)) == 2 and "nothing could be processed" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert invoke("fetch", "--db", tmp_path / "u.db").exit_code == 2
    not_url = invoke("fetch", "article.html", "--db", tmp_path / "u.db")
    assert not_url.exit_code == 2 and "not an http(s) URL: 'article.html'" in not_url.stderr
    assert invoke("watch", "--db", tmp_path / "u.db").exit_code == 2


def test_a_feeds_line_or_sitemap_that_is_no_url_is_a_usage_error(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("http://[::1/feed.xml\n")
    for args in (("fetch", "--feeds", feeds), ("fetch", "--sitemap", "http://[::1/s.xml"),
                 ("watch", "--feeds", feeds)):
        result = invoke(*args, "--db", tmp_path / "u.db")
        assert result.exit_code == 2 and "not an http(s) URL" in result.stderr, args


def test_fetch_reads_a_feeds_file_and_a_sitemap(server: LoopbackServer,
                                                tmp_path: Path) -> None:
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Herald</title>'
           f"<item><link>{server.url('/news/0.html')}</link></item></channel></rss>")
    urlset = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/'
              f'0.9"><url><loc>{server.url("/news/1.html")}</loc></url></urlset>')
    server.routes["/rss"] = Reply(200, {"Content-Type": "application/rss+xml"}, rss.encode())
    server.routes["/sitemap.xml"] = Reply(200, {"Content-Type": "text/xml"}, urlset.encode())
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my feeds\n{server.url('/rss')}\n\n")
    result = invoke("fetch", "--feeds", feeds, "--sitemap", server.url("/sitemap.xml"),
                    "--db", tmp_path / "f.db")
    assert result.exit_code == 0, result.output
    assert open_store(str(tmp_path / "f.db")).count("articles") == 2


def test_run_fetches_the_urls_among_its_paths(server: LoopbackServer, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = invoke("run", server.url("/news/0.html"), PAGES[5], "--db", tmp_path / "r.db",
                    "--report", report)
    assert result.exit_code == 0, result.output
    urls = {a.url for a in open_store(str(tmp_path / "r.db")).articles()}
    assert server.url("/news/0.html") in urls and len(urls) == 2
    assert report.is_file()


def test_watch_feeds_adds_new_entries_poll_by_poll(server: LoopbackServer,
                                                   tmp_path: Path) -> None:
    entries = [server.url("/news/0.html")]

    def feed(request: Request) -> Reply:
        tag = f'"{len(entries)}"'
        if request.headers.get("If-None-Match") == tag:
            return Reply(304, {"ETag": tag})
        items = "".join(f"<item><link>{u}</link></item>" for u in entries)
        body = f'<rss version="2.0"><channel><title>Herald</title>{items}</channel></rss>'
        return Reply(200, {"Content-Type": "application/rss+xml", "ETag": tag}, body.encode())

    server.routes["/rss"] = feed
    polls: list[FeedPoll] = []
    done = threading.Event()

    def seen(poll: FeedPoll) -> None:
        polls.append(poll)
        entries.append(server.url(f"/news/{len(polls)}.html"))  # the feed grows
        if len(polls) == 2:
            done.set()

    db = str(tmp_path / "watch.db")
    settings = load_settings(fetch_delay=0.0)
    count = watch_feeds([server.url("/rss")], db, settings, interval=0.05, stop=done,
                        on_poll=seen, cards=False)
    assert count >= 2 and [len(p.result.counts.new) for p in polls] == [1, 1]
    assert [len(server.hits_of(f"/news/{n}.html")) for n in range(2)] == [1, 1]
    assert open_store(db).count("articles") == 2 and open_store(db).count("stories") >= 1
