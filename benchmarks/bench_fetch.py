"""Fetch throughput against a server on 127.0.0.1 with a per-host delay of 0: pages/s for
`fetch` of the pages' URLs into a fresh store, for `ingest` of the same pages saved as files
into another fresh store, their ratio, and pages/s of the fetching alone (download, checks,
WARC archive, Documents; no cleaning), in one run.

    .venv/bin/python benchmarks/bench_fetch.py [../shared/eval/extraction] [--pages N]

The pages are the extraction set's (120 real news pages), served by a threaded
http.server from a temporary folder. One warm-up run first loads the models, so neither
measured run pays for that.

    .venv/bin/python benchmarks/bench_fetch.py ../shared/eval/metadata --equivalence

instead fetches every page of a set that has a canonical link at that address (a loopback
HTTP proxy serves it, so the URL's domain is the page's own, as its file's canonical link is)
and ingests the same files, and counts the articles that are the same field for field
(headline, outlet, dates, byline, dateline, body, language, wire credit, removed lines).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from crosswire import api
from crosswire.config import Settings, load_settings
from crosswire.fetch.archive import WarcArchive
from crosswire.fetch.run import Fetcher
from crosswire.fetch.urls import canonical_url
from crosswire.readers.base import canonical_url as canonical_link
from crosswire.store import open_store

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"


class QuietHandler(SimpleHTTPRequestHandler):
    """Files of one folder, without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        """quiet"""


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """folder -> (a running threaded server of its files on 127.0.0.1, its base URL)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def timed(work: Callable[[], object]) -> float:
    """-> seconds ``work`` took."""
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def fetch_alone(urls: list[str], db: str, settings: Settings, archive_dir: Path) -> int:
    """-> Documents made from the URLs without the pipeline (download, checks, archive)."""
    store = open_store(db)
    archive = WarcArchive(archive_dir)
    fetcher = Fetcher(store, settings, archive)
    try:
        return sum(1 for _ in fetcher.items(urls))
    finally:
        fetcher.close()
        archive.close()


class Proxy(BaseHTTPRequestHandler):
    """An HTTP proxy answering from ``pages`` ({(host, path): HTML}), 404 otherwise: pages are
    fetched at their own addresses (on their outlet's domain) without leaving 127.0.0.1."""

    pages: ClassVar[dict[tuple[str, str], bytes]] = {}
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """quiet"""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        body = self.pages.get(((parts.hostname or "").lower(), path))
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")


FIELDS = ("headline", "outlet", "published", "published_confidence", "byline", "dateline",
          "body", "language", "wire_credit", "removed")


def equivalence(data: Path, work: Path, settings: Settings) -> None:
    """Every page of ``data``/pages with a canonical link, fetched at that address (the
    proxy) and ingested as its file: how many articles are the same, field for field."""
    pages: dict[str, Path] = {}
    for path in sorted((data / "pages").glob("*.html.gz")):
        link = canonical_link(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        if link:
            pages.setdefault("http://" + link.split("://", 1)[1].split("#")[0], path)
    Proxy.pages = {}
    for url, path in pages.items():
        parts = urlsplit(url)
        key = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        Proxy.pages[((parts.hostname or "").lower(), key)] = gzip.decompress(path.read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["HTTP_PROXY"] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        result = api.fetch_counts(list(pages), db=str(work / "eq-fetched.db"),
                                  settings=settings)
        for skip in result.counts.skipped:
            print(f"  fetch skipped {skip.message()}")
    finally:
        del os.environ["HTTP_PROXY"]
        server.shutdown()
    api.ingest_counts([str(p) for p in pages.values()], db=str(work / "eq-files.db"),
                      settings=settings)
    fetched = {canonical_url(str(a.url)): a for a in
               open_store(str(work / "eq-fetched.db")).articles()}
    url_of = {p.name: u for u, p in pages.items()}
    same, differ, fields = 0, 0, Counter[str]()
    files = open_store(str(work / "eq-files.db")).articles()
    for article in files:
        twin = fetched.get(canonical_url(url_of[Path(article.path).name]))
        wrong = [f for f in FIELDS if twin is None or getattr(twin, f) != getattr(article, f)]
        same, differ = same + (not wrong), differ + bool(wrong)
        fields.update(wrong)
    print(f"equivalence on {data}: {len(pages)} pages with a canonical link; {len(files)} "
          f"articles from the files, {len(fetched)} from fetch; the same {same}, differing "
          f"{differ} {dict(fields) or ''}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT))
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--equivalence", action="store_true",
                        help="instead: every page with a canonical link fetched at that "
                        "address and ingested as a file; the articles compared")
    args = parser.parse_args()
    if args.equivalence:
        work = Path(tempfile.mkdtemp(prefix="crosswire-bench-fetch-"))
        equivalence(Path(args.data), work, load_settings(fetch_delay=0.0))
        return 0
    work = Path(tempfile.mkdtemp(prefix="crosswire-bench-fetch-"))
    site = work / "site"
    site.mkdir()
    names = []
    for path in sorted((Path(args.data) / "pages").glob("*.html.gz"))[:args.pages]:
        name = path.name.removesuffix(".gz")
        (site / name).write_bytes(gzip.decompress(path.read_bytes()))
        names.append(name)
    server, base = serve(site)
    settings = load_settings(fetch_delay=0.0)
    urls = [f"{base}/{n}" for n in names]
    files = [str(site / n) for n in names]
    try:
        api.ingest(files[:3], db=str(work / "warm.db"), settings=settings)  # models loaded
        ingest_s = timed(lambda: api.ingest(files, db=str(work / "files.db"),
                                            settings=settings))
        fetch_s = timed(lambda: api.fetch(urls, db=str(work / "fetched.db"),
                                          settings=settings))
        alone_s = timed(lambda: fetch_alone(urls, str(work / "alone.db"), settings,
                                            work / "alone.warc"))
    finally:
        server.shutdown()
    stored = open_store(str(work / "fetched.db")).count("articles")
    n = len(names)
    print(f"{n} pages from {args.data}, {os.cpu_count()} cores, fetch_delay 0, "
          f"fetch_workers {settings.fetch_workers}; {stored} articles stored by fetch")
    print(f"{'run':<34} {'s':>7} {'pages/s':>8}")
    for label, seconds in (("ingest of the pages as files", ingest_s),
                           ("fetch of their URLs (+ ingest)", fetch_s),
                           ("fetching alone (no cleaning)", alone_s)):
        print(f"{label:<34} {seconds:7.2f} {n / seconds:8.1f}")
    print(f"{'fetch / ingest throughput':<34} {'':>7} {ingest_s / fetch_s:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
