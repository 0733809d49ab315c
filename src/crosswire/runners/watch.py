"""Streaming ingest: poll a folder and ingest files as they arrive or change.

No file-system notification library: every ``interval`` seconds the folder is listed (all
files below it, hidden ones and the store's own files left out) with each file's modification
time and size. A file is ready when it looks the same in two polls in a row (a writer still
copying it is waited for) and differs from what was last ingested from that path. Ready files
go to the pipeline's owner as ``crosswire ingest`` does (``owner.Pipeline.ingest``), which
stores their articles and adds them to their stories online (the watcher's pipeline keeps the
stories' live state in memory between polls); a card-building thread
(:class:`crosswire.cards.CardRefresher`) then builds and stores the cards of the stories that
changed, so pages served from the same store show them. Deleted files are left alone: their
articles stay in the store.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.card_process import CardProcess
from crosswire.cards import CardRefresher, web_pages
from crosswire.config import Settings
from crosswire.owner import LocalRunner, Pipeline, Runner
from crosswire.readers import read_paths
from crosswire.runners.local import RunCounts
from crosswire.store import Store, open_store

Signature = tuple[int, int]  # (mtime in ns, size in bytes)
Stop = threading.Event | Callable[[], bool]


@dataclass
class WatchBatch:
    """One poll's ingest: the files taken in and what became of their records."""

    paths: list[str]
    counts: RunCounts

    def line(self) -> str:
        """-> 'N file(s): <the run's counts line>'."""
        return f"{len(self.paths)} file(s): {self.counts.line()}"


def scan(folder: Path, ignore: set[str]) -> dict[str, Signature]:
    """folder -> {absolute file path: (mtime ns, size)} for every file below it, leaving out
    hidden files and folders (a leading dot: editors' and downloaders' partial files) and the
    paths in ``ignore``."""
    found: dict[str, Signature] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            if name.startswith(".") or path in ignore:
                continue
            try:
                info = os.stat(path)
            except OSError:  # gone between listing and stat
                continue
            found[path] = (info.st_mtime_ns, info.st_size)
    return found


def _store_files(store: Store) -> set[str]:
    """store -> its database file and SQLite's companion files (never input)."""
    if store.path in ("", ":memory:"):
        return set()
    own = str(Path(store.path).expanduser().resolve())
    return {own + suffix for suffix in ("", "-wal", "-shm", "-journal")}


@dataclass
class Watcher:
    """The state of one watched folder between polls, and the pipeline its files go to (it
    keeps the stories' live state in memory between polls)."""

    folder: Path
    pipeline: Pipeline
    ingested: dict[str, Signature] = field(default_factory=dict)  # as last ingested
    previous: dict[str, Signature] = field(default_factory=dict)  # as seen by the last poll
    refresher: CardRefresher | CardProcess | None = None  # builds the changed stories' cards

    def ready(self) -> list[str]:
        """-> the files unchanged since the last poll and new or changed since ingested."""
        now = scan(self.folder, _store_files(self.pipeline.store))
        ready = [p for p, sig in now.items()
                 if self.previous.get(p) == sig and self.ingested.get(p) != sig]
        self.previous = now
        return ready

    def poll(self) -> WatchBatch | None:
        """one look at the folder -> the ready files ingested; None when there were none."""
        paths = self.ready()
        if not paths:
            return None
        pipeline = self.pipeline
        own = sorted(_store_files(pipeline.store))
        counts = pipeline.ingest(read_paths(paths, pipeline.settings, exclude=own))
        for path in paths:
            self.ingested[path] = self.previous[path]
        if self.refresher is not None and counts.changed_stories:
            self.refresher.nudge(counts.changed_stories)  # built meanwhile, in its thread
        return WatchBatch(paths, counts)


def _stopped(stop: Stop | None) -> bool:
    if stop is None:
        return False
    return stop.is_set() if isinstance(stop, threading.Event) else bool(stop())


def _pause(stop: Stop | None, seconds: float) -> None:
    """wait ``seconds``, returning early when ``stop`` is an Event that gets set."""
    if isinstance(stop, threading.Event):
        stop.wait(seconds)
    else:
        time.sleep(seconds)


def watch(folder: str | Path, db: str | Store, settings: Settings, interval: float = 2.0,
          stop: Stop | None = None, on_change: Callable[[WatchBatch], None] | None = None,
          runner: Runner | None = None, cards: bool = True,
          card_process: bool = False) -> int:
    """(folder, store, settings, poll interval, a stop Event or callable, a callback per
    batch, where batches are cleaned: here by default, build cards?, in a process of their
    own rather than a thread?) -> polls the folder until ``stop``
    says so (forever without one), ingesting files that arrived or changed and updating
    their stories; -> the number of batches ingested.

    Files already in the folder are taken in by the first batch (unchanged records cost a
    read: the store knows them). ``db`` as a path is opened in the calling thread. With
    ``cards``, a thread (or process) of its own builds and stores the cards of the stories
    each batch changed (and, first, any card left stale), so arriving files never wait for
    them.
    """
    store = open_store(db) if isinstance(db, str) else db
    pipeline = Pipeline(store, settings, runner or LocalRunner())
    # cards are built by a thread or process of their own (any left stale first, e.g. by a
    # killed run), so an arriving file never waits for them
    refresher: CardRefresher | CardProcess | None = None
    if cards and card_process:
        refresher = CardProcess(_url_of(db, store), settings).start()
    elif cards:
        refresher = CardRefresher(_url_of(db, store), settings,
                                  pages=web_pages(settings)).start()
    watcher = Watcher(Path(folder).expanduser().resolve(), pipeline, refresher=refresher)
    batches = 0
    try:
        while not _stopped(stop):
            batch = watcher.poll()
            if batch is not None:
                batches += 1
                if on_change:
                    on_change(batch)
            _pause(stop, interval)
    finally:
        if refresher is not None:
            refresher.stop()
    return batches


def _url_of(db: str | Store, store: Store) -> str:
    """-> what opens the same database again (a PostgreSQL store keeps its full URL)."""
    return db if isinstance(db, str) else str(getattr(store, "url", store.path))
