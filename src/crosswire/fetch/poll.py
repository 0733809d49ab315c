"""``crosswire watch --feeds FILE``: poll feeds on a schedule and update stories online.

Every ``interval`` seconds the feeds are fetched again, conditionally (an unchanged feed is
one 304), and the pages of entries no earlier poll fetched go through the same pipeline as
``crosswire fetch`` (run.py: ``fetch_into``). The pipeline, and with it the story engine's
live state, is kept between polls (as ``crosswire watch FOLDER`` keeps it,
runners/watch.py); the cards of the stories a poll changed are built by a refresher of their
own. One WARC file holds every response of the whole watch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from crosswire.card_process import CardProcess
from crosswire.cards import CardRefresher, web_pages
from crosswire.config import Settings
from crosswire.fetch.archive import WarcArchive, archive_folder
from crosswire.fetch.run import FetchResult, Sources, fetch_into
from crosswire.owner import Pipeline
from crosswire.runners.watch import Stop, _pause, _stopped, _url_of
from crosswire.store import Store, open_store


@dataclass
class FeedPoll:
    """One poll of the feeds: what it fetched and what became of it."""

    feeds: Sequence[str]
    result: FetchResult

    def line(self) -> str:
        """-> 'N feed(s): fetched ...; <the run's counts line>'."""
        return (f"{len(self.feeds)} feed(s): {self.result.report.line()}; "
                f"{self.result.counts.line()}")

    def says_anything(self) -> bool:
        """-> whether the poll fetched a page or met a failure (an all-304 poll is quiet)."""
        report = self.result.report
        return bool(report.pages or report.failed or self.result.counts.skipped)


def _refresher(db: str | Store, store: Store, settings: Settings, cards: bool,
               card_process: bool) -> CardRefresher | CardProcess | None:
    """-> what builds the changed stories' cards meanwhile (a thread, a process, or none)."""
    if not cards:
        return None
    if card_process:
        return CardProcess(_url_of(db, store), settings).start()
    return CardRefresher(_url_of(db, store), settings, pages=web_pages(settings)).start()


def watch_feeds(feeds: Sequence[str], db: str | Store, settings: Settings,
                interval: float = 300.0, stop: Stop | None = None,
                on_poll: Callable[[FeedPoll], None] | None = None, cards: bool = True,
                card_process: bool = False,
                transport: httpx.BaseTransport | None = None) -> int:
    """(feed URLs, store, settings, seconds between polls, a stop Event or callable, a
    callback per poll that fetched something or failed, build cards?, in a process of their
    own?, an httpx transport for tests) -> polls the feeds until ``stop`` says so (forever
    without one); -> the number of polls."""
    store = open_store(db) if isinstance(db, str) else db
    pipeline = Pipeline(store, settings)
    archive = WarcArchive(archive_folder(store.path, settings))
    refresher = _refresher(db, store, settings, cards, card_process)
    polls = 0
    try:
        while not _stopped(stop):
            poll = FeedPoll(feeds, fetch_into(pipeline, Sources(feeds=feeds), archive=archive,
                                              transport=transport))
            polls += 1
            if refresher is not None and poll.result.counts.changed_stories:
                refresher.nudge(poll.result.counts.changed_stories)
            if on_poll and poll.says_anything():
                on_poll(poll)
            _pause(stop, interval)
    finally:
        archive.close()
        if refresher is not None:
            refresher.stop()
    return polls
