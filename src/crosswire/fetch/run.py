"""The fetch orchestration: URLs, feeds and sitemaps -> Documents and Skips, for the same
ingest path files take (``owner.Pipeline.ingest``).

Order of work: feeds and sitemaps are fetched first (a conditional GET with the ETag and
Last-Modified the store remembers: an unchanged feed costs one 304 and nothing more), which
gives the pages they list; then the pages, given URLs first, each canonical URL once per run.
A page a feed or sitemap lists that an earlier run fetched is not fetched again (give its URL
to fetch it again, conditionally). Each URL is asked for as found, without its fragment and
tracking parameters (urls.py: ``request_url``). Pages are fetched by ``fetch_workers``
threads, politely (client.py), and handed on in the order they were listed. Each URL that
fails is one Skip (the URL and the reason) and the run goes on.

The validators of what was fetched are saved by :meth:`Fetcher.commit`, after the pipeline
stored the documents: a run killed before that fetches them again, never loses them. A feed or
sitemap one of whose pages failed in a way a later try may mend (5xx, 429, a timeout, a lost
connection, an unreachable robots.txt, an empty answer; not a 404 or a Disallow) keeps no
validators, nor does any sitemap index above it (or above a sitemap that failed), so the next
run reads it again and retries the pages that failed (those fetched are known by then, and
skipped).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx

from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.fetch.archive import WarcArchive, archive_folder
from crosswire.fetch.client import (
    FEED_TYPES,
    PAGE_TYPES,
    SITEMAP_TYPES,
    Failed,
    Fetched,
    HttpClient,
    NotModified,
    Result,
    Validators,
)
from crosswire.fetch.feeds import feed_targets
from crosswire.fetch.pages import Target, page_document
from crosswire.fetch.sitemaps import read_sitemap
from crosswire.fetch.urls import canonical_url, request_url
from crosswire.models import Document, Skip
from crosswire.owner import Pipeline
from crosswire.readers.files import shown
from crosswire.readers.given import OutletGiver
from crosswire.runners.local import Progress, RunCounts
from crosswire.store import Store

LOG = logging.getLogger(__name__)
SITEMAP_DEPTH = 3  # an index of indexes of sitemaps, and no deeper
T = TypeVar("T")
R = TypeVar("R")


@dataclass
class FetchReport:
    """What a fetch did besides the documents it handed on."""

    pages: int = 0  # fetched (2xx, read whole)
    not_modified: list[str] = field(default_factory=list)  # 304: the stored copy is current
    failed: int = 0
    feeds: int = 0
    sitemaps: int = 0
    known: int = 0  # listed pages an earlier run fetched, not fetched again
    duplicates: int = 0  # URLs met again in this run (same canonical URL), fetched once
    validators: dict[str, Validators] = field(default_factory=dict)  # to save on commit
    archive: str | None = None  # the WARC file written, when anything was

    def line(self) -> str:
        """-> 'fetched 12 pages, 1 unchanged (304), 2 failed; ...'."""
        text = (f"fetched {self.pages} page(s), {len(self.not_modified)} unchanged (304), "
                f"{self.failed} failed")
        if self.known:
            text += f", {self.known} listed page(s) fetched in an earlier run"
        if self.duplicates:
            text += f", {self.duplicates} duplicate URL(s)"
        return text + (f"; archive {self.archive}" if self.archive else "")

    def to_dict(self) -> dict[str, Any]:
        """-> the report as JSON-able data (no validators)."""
        return {"pages": self.pages, "not_modified": self.not_modified, "failed": self.failed,
                "feeds": self.feeds, "sitemaps": self.sitemaps, "known": self.known,
                "duplicates": self.duplicates, "archive": self.archive}


def in_order(pool: ThreadPoolExecutor, work: Callable[[T], R], items: Iterable[T],
             window: int) -> Iterator[R]:
    """(a pool, a function, items, how many may run ahead) -> the results in item order,
    at most ``window`` in flight; the rest cancelled when the consumer stops early."""
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


class Fetcher:
    """One fetch run over a store: its client, its archive, what it has seen."""

    def __init__(self, store: Store, settings: Settings, archive: WarcArchive | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.store, self.settings, self.archive = store, settings, archive
        self.http = HttpClient(settings, archive, transport)
        self.pool = ThreadPoolExecutor(max(1, settings.fetch_workers), "crosswire-fetch")
        self.report = FetchReport()
        self.seen: set[str] = set()  # canonical URLs asked for or served, this run
        self._lock = threading.Lock()  # the report, written from the fetching threads
        self.sitemaps_read: set[str] = set()
        self.incomplete: set[str] = set()  # feeds and sitemaps a listed page of failed
        self.listed_in: dict[str, str] = {}  # a child sitemap -> the index that listed it

    def close(self) -> None:
        """Threads and connections ended (requests still in flight, after an interrupt, are
        not waited for); the archive's file name noted in the report."""
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.http.close()
        if self.archive is not None and self.archive.path is not None:
            self.report.archive = str(self.archive.path)

    def commit(self) -> None:
        """-> the validators of what this run fetched saved in the store (call after the
        pipeline stored its documents)."""
        incomplete = self._with_ancestors(self.incomplete)
        kept = {url: v for url, v in self.report.validators.items()
                if url not in incomplete}  # read again next time: its failed pages too
        if kept:
            self.store.save_fetch_validators(kept)
        self.report.validators = {}

    @property
    def window(self) -> int:
        """-> how many fetches may run ahead of the one handed on (bodies held in memory)."""
        return 2 * max(1, self.settings.fetch_workers)

    def _with_ancestors(self, urls: set[str]) -> set[str]:
        """canonical feed or sitemap URLs -> the same and every sitemap index above them (an
        index answering 304 would never read its children again)."""
        found = set(urls)
        for url in urls:
            while (url := self.listed_in.get(url, "")) and url not in found:
                found.add(url)
        return found

    def items(self, urls: Sequence[str] = (), feeds: Sequence[str] = (),
              sitemaps: Sequence[str] = ()) -> Iterator[Document | Skip]:
        """(page URLs, feed URLs, sitemap URLs) -> a Document per page fetched, a Skip per URL
        that failed (see the module docstring)."""
        given, skips = self._given(urls)
        yield from skips
        listed: list[Target] = []
        for found in (self._feeds(feeds), self._sitemaps(sitemaps)):
            for item in found:
                if isinstance(item, Skip):
                    yield item
                else:
                    listed.append(item)
        targets = given + self._not_known(self._first_time(listed))
        stored = self.store.fetch_validators([t.canonical for t in given])
        for result in in_order(self.pool, lambda t: self._page(t, stored), targets,
                               self.window):
            if result is not None:
                yield shown(result)

    # -- what to fetch -------------------------------------------------------------------------

    def _given(self, urls: Sequence[str]) -> tuple[list[Target], list[Skip]]:
        """URLs as given -> (their Targets, each canonical URL once; Skips for non-URLs)."""
        targets, skips = [], []
        for url in urls:
            canonical = canonical_url(url)
            if canonical is None:
                skips.append(Skip(url, "not an http(s) URL"))
            elif canonical not in self.seen:
                self.seen.add(canonical)
                targets.append(Target(url, canonical))
            else:
                self.report.duplicates += 1
        return targets, skips

    def _first_time(self, listed: list[Target]) -> list[Target]:
        """listed pages -> those whose canonical URL this run has not met yet."""
        fresh = []
        for target in listed:
            if target.canonical in self.seen:
                self.report.duplicates += 1
                continue
            self.seen.add(target.canonical)
            fresh.append(target)
        return fresh

    def _not_known(self, listed: list[Target]) -> list[Target]:
        """listed pages -> those no earlier run fetched."""
        known = self.store.fetch_validators([t.canonical for t in listed])
        self.report.known += sum(1 for t in listed if t.canonical in known)
        return [t for t in listed if t.canonical not in known]

    def _conditional(self, urls: Sequence[str], via: str | None = None
                     ) -> tuple[list[tuple[str, Validators | None]], list[Skip]]:
        """(feed or sitemap URLs, the index that listed them) -> ((the URL to ask for, the
        validators stored for its canonical form), each canonical URL once; a Skip per string
        that is no http(s) URL)."""
        canonical = {u: c for u in urls if (c := canonical_url(u)) is not None}
        skips = [Skip(u, "not an http(s) URL" + (f" (listed by {via})" if via else ""))
                 for u in urls if u not in canonical]
        first = {canonical[u]: u for u in reversed(urls) if u in canonical}  # first form
        stored = self.store.fetch_validators(list(first))
        return [(request_url(first[c]), stored.get(c))
                for c in dict.fromkeys(canonical.values())], skips

    def _feeds(self, feeds: Sequence[str]) -> Iterator[Target | Skip]:
        """feed URLs -> the pages their entries link to; a Skip per feed that failed."""
        jobs, skips = self._conditional(feeds)
        yield from skips
        for (url, _), result in in_order(
                self.pool, lambda job: (job, self.http.get(job[0], FEED_TYPES, job[1])),
                jobs, self.window):
            self.report.feeds += 1
            if isinstance(result, Fetched):
                targets, problems = feed_targets(result.final_url, result.body)
                self._remember(url, result)
                yield from self._listed_by(url, targets)
                yield from (Skip(url, p) for p in problems)
            else:
                yield from self._unfetched(url, result)

    def _sitemaps(self, sitemaps: Sequence[str], depth: int = 0,
                  index: str | None = None) -> Iterator[Target | Skip]:
        """(sitemap URLs, how deep in indexes, the index that listed them) -> the pages they
        (and the sitemaps they list) list."""
        listed, skips = self._conditional(sitemaps, index)
        yield from skips
        jobs = [job for job in listed
                if (canonical_url(job[0]) or job[0]) not in self.sitemaps_read]
        self.sitemaps_read.update(canonical_url(url) or url for url, _ in jobs)  # read once
        if index is not None:
            parent = canonical_url(index) or index
            self.listed_in.update((canonical_url(url) or url, parent) for url, _ in jobs)
        for (url, _), result in in_order(
                self.pool, lambda job: (job, self.http.get(job[0], SITEMAP_TYPES, job[1])),
                jobs, self.window):
            self.report.sitemaps += 1
            if not isinstance(result, Fetched):
                yield from self._unfetched(url, result, index)
                continue
            found = read_sitemap(result.final_url, result.body,
                                 self.settings.fetch_max_decompressed_bytes)
            self._remember(url, result)
            yield from self._listed_by(url, found.pages)
            yield from (Skip(url, p) for p in found.problems)
            if found.sitemaps and depth + 1 >= SITEMAP_DEPTH:
                yield Skip(url, f"sitemap indexes nested deeper than {SITEMAP_DEPTH}")
            elif found.sitemaps:
                yield from self._sitemaps(found.sitemaps, depth + 1, url)

    @staticmethod
    def _listed_by(url: str, targets: list[Target]) -> list[Target]:
        """(the feed or sitemap URL asked for, the pages it lists) -> the same, each noting
        that URL as where it was found."""
        for target in targets:
            target.via = url
        return targets

    # -- fetching ------------------------------------------------------------------------------

    def _page(self, target: Target, stored: dict[str, Validators]) -> Document | Skip | None:
        """a page to fetch -> its Document, a Skip, or None (304: the stored copy is
        current)."""
        result = self.http.get(request_url(target.url), PAGE_TYPES,
                               stored.get(target.canonical))
        if not isinstance(result, Fetched):
            skips = list(self._unfetched(target.url, result, target.via))
            return skips[0] if skips else None
        try:
            document = page_document(target, result)
        except Exception as error:  # last guard: one odd page must not stop the run
            LOG.warning("page %s could not be read", target.url, exc_info=True)
            document = Skip(target.url, f"could not be read ({type(error).__name__}: "
                            f"{error})"[:300])
        if isinstance(document, Skip):  # not remembered: the next run asks for it again
            failed = Failed(target.url, document.reason, result.status,
                            retryable=not result.body.strip())  # an empty 200: a glitch
            return next(self._unfetched(target.url, failed, target.via))
        self._remember(target.url, result)
        with self._lock:
            self.report.pages += 1
        if self.settings.outlet.strip():
            document = OutletGiver(target.url, self.settings).attach(document)
        return document

    def _remember(self, url: str, fetched: Fetched) -> None:
        """-> the response's validators kept for :meth:`commit` (an entry without any still
        marks the URL as fetched)."""
        with self._lock:
            self.report.validators[canonical_url(url) or url] = fetched.validators

    def _unfetched(self, url: str, result: Result, via: str | None = None) -> Iterator[Skip]:
        """a URL and its 304 or failure -> a Skip for a failure (noted in the report)."""
        with self._lock:
            if isinstance(result, NotModified):
                self.report.not_modified.append(url)
                return
            assert isinstance(result, Failed)
            self.report.failed += 1
            if via is not None and result.retryable:  # 404, a Disallow: not again and again
                self.incomplete.add(canonical_url(via) or via)
        yield Skip(url, result.reason + (f" (listed by {via})" if via else ""))


@dataclass
class Sources:
    """What one fetch is asked for: page URLs, feed URLs, sitemap URLs."""

    urls: Sequence[str] = ()
    feeds: Sequence[str] = ()
    sitemaps: Sequence[str] = ()

    def __bool__(self) -> bool:
        """-> True when anything at all is to be fetched."""
        return bool(self.urls or self.feeds or self.sitemaps)


def not_urls(texts: Iterable[str]) -> list[str]:
    """strings given as URLs -> those that are no http(s) URL crosswire can fetch."""
    return [text for text in texts if canonical_url(text) is None]


def read_url_list(path: str) -> list[str]:
    """a text file of URLs, one per line ('#' starts a comment) -> the URLs, in order;
    UsageError when it cannot be read."""
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise UsageError(f"cannot read the list of URLs {path}: "
                         f"{error.strerror or error}") from error
    lines = (line.partition("#")[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


@dataclass
class FetchResult:
    """What a fetch run did: the pipeline's counts and the fetch report."""

    counts: RunCounts
    report: FetchReport


def fetch_into(pipeline: Pipeline, sources: Sources, progress: Progress | None = None,
               before: Iterable[Document | Skip] = (), archive: WarcArchive | None = None,
               transport: httpx.BaseTransport | None = None) -> FetchResult:
    """(the store's pipeline, what to fetch, a progress callback, reader output to ingest
    first (the files of ``run``), the WARC archive to write to (None: a new one for this
    run), an httpx transport for tests) -> the pages fetched and ingested as files are, the
    validators saved once their documents are stored; -> FetchResult."""
    settings = pipeline.settings
    own = archive or WarcArchive(archive_folder(pipeline.store.path, settings))
    fetcher = Fetcher(pipeline.store, settings, own, transport)
    try:
        items = itertools.chain(before, fetcher.items(sources.urls, sources.feeds,
                                                      sources.sitemaps))
        counts = pipeline.ingest(items, progress)
        fetcher.commit()
    finally:
        fetcher.close()
        if archive is None:
            own.close()
    return FetchResult(counts, fetcher.report)
