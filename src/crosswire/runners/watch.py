"""Streaming ingest: watch a folder and ingest files as they arrive or change.

The operating system says what changed (``watchfiles``: inotify, FSEvents, ...): after a
first look at the whole folder, only the paths an event names are looked at again, so an
update costs what changed, not the folder's size. Where events are not available (an
inotify limit, a file system that sends none: the first ``watchfiles`` error says so),
the folder is listed every ``interval`` seconds instead. Either way a file is ready when it
looks the same (modification time and size) twice in a row, ``interval`` apart (a writer
still copying it is waited for), and differs from what was last ingested from that path;
hidden files and folders and the store's own files are never input. Ready files go to the
pipeline's owner as ``crosswire ingest`` does (``owner.Pipeline.ingest``), which stores
their articles and adds them to their stories online (the watcher's pipeline keeps the
stories' live state in memory between looks); a card-building thread
(:class:`crosswire.cards.CardRefresher`) then builds and stores the cards of the stories that
changed, so pages served from the same store show them. Deleted files are left alone: their
articles stay in the store.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
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
log = logging.getLogger(__name__)


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
            signature = _signature(path)
            if signature is not None:
                found[path] = signature
    return found


def _signature(path: str) -> Signature | None:
    """a path -> (mtime ns, size) of the file there, None when it is gone or no file."""
    try:
        info = os.stat(path)
    except OSError:  # gone between the event (or listing) and now
        return None
    return (info.st_mtime_ns, info.st_size) if os.path.isfile(path) else None


def is_input(path: str, folder: Path, ignore: set[str]) -> bool:
    """(a path an event named, the watched folder, the store's files) -> may it be input: a
    file below the folder, no part of its path below it hidden, not the store's own."""
    try:
        parts = Path(path).relative_to(folder).parts
    except ValueError:
        return False
    return bool(parts) and not any(p.startswith(".") for p in parts) and path not in ignore


def _store_files(store: Store) -> set[str]:
    """store -> its database file and SQLite's companion files (never input)."""
    if store.path in ("", ":memory:"):
        return set()
    own = str(Path(store.path).expanduser().resolve())
    return {own + suffix for suffix in ("", "-wal", "-shm", "-journal")}


@dataclass
class Watcher:
    """The state of one watched folder between looks, and the pipeline its files go to (it
    keeps the stories' live state in memory between looks)."""

    folder: Path
    pipeline: Pipeline
    ingested: dict[str, Signature] = field(default_factory=dict)  # as last ingested
    previous: dict[str, Signature] = field(default_factory=dict)  # as seen by the last look
    refresher: CardRefresher | CardProcess | None = None  # builds the changed stories' cards
    pending: set[str] = field(default_factory=set)  # seen changing, not yet settled

    def ready(self, changed: Iterable[str] | None = None) -> list[str]:
        """the paths events named since the last look (None: look at the whole folder) ->
        the files unchanged since the last look and new or changed since ingested."""
        ignore = _store_files(self.pipeline.store)
        before: dict[str, Signature | None]
        if changed is None:
            now = scan(self.folder, ignore)
            before, self.previous = dict(self.previous), now
        else:
            self.pending.update(p for p in changed if is_input(p, self.folder, ignore))
            now = {p: sig for p in sorted(self.pending) if (sig := _signature(p)) is not None}
            before = {p: self.previous.get(p) for p in self.pending}
            self.previous.update(now)
            for gone in self.pending - set(now):
                self.previous.pop(gone, None)
        stable = [p for p, sig in now.items() if before.get(p) == sig]
        ready = [p for p in stable if self.ingested.get(p) != now[p]]
        self.pending = {p for p, sig in now.items() if self.ingested.get(p) != sig}
        self.pending.difference_update(stable)  # settled: ingested now, or as it was
        return ready

    def poll(self, changed: Iterable[str] | None = None) -> WatchBatch | None:
        """one look (at what events named, or the whole folder) -> the ready files
        ingested; None when there were none."""
        paths = self.ready(changed)
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


class _StopFlag:
    """A stop callable seen as the event watchfiles checks between its steps."""

    def __init__(self, stop: Stop | None) -> None:
        self.stop = stop

    def is_set(self) -> bool:
        return _stopped(self.stop)


def file_events(folder: Path, interval: float, stop: Stop | None) -> Iterator[set[str]] | None:
    """(folder, seconds, stop) -> an iterator giving, at each wake-up, the paths that
    changed below the folder (an empty set after ``interval`` seconds without events); None
    when the operating system's events cannot be had here (the reason logged)."""
    try:
        import watchfiles
    except ImportError:
        log.warning("watchfiles is not installed: the folder is listed every %gs", interval)
        return None
    ms = max(int(interval * 1000), 50)
    stream = watchfiles.watch(folder, stop_event=_StopFlag(stop), rust_timeout=ms,
                              yield_on_timeout=True, debounce=ms, step=min(50, ms),
                              raise_interrupt=False, ignore_permission_denied=True)
    return (set(path for _, path in changes) for changes in stream)


def _next_events(events: Iterator[set[str]] | None) -> tuple[set[str] | None, bool]:
    """-> (the paths of the next wake-up, None for a whole look; whether events work)."""
    if events is None:
        return None, False
    try:
        return next(events, set()), True
    except (OSError, RuntimeError) as exc:  # e.g. an inotify watch limit reached
        log.warning("file-system events failed (%s): the folder is listed instead", exc)
        return None, False


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
    """(folder, store, settings, seconds between looks, a stop Event or callable, a callback
    per batch, where batches are cleaned: here by default, build cards?, in a process of
    their own rather than a thread?) -> watches the folder until ``stop`` says so (forever
    without one), ingesting files that arrived or changed and updating their stories; ->
    the number of batches ingested.

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
    events = file_events(watcher.folder, interval, stop)
    batches, changed = 0, None  # the first look takes in the whole folder
    try:
        while not _stopped(stop):
            batch = watcher.poll(changed)
            if batch is not None:
                batches += 1
                if on_change:
                    on_change(batch)
            if events is None:
                _pause(stop, interval)
            changed, working = _next_events(events)
            if not working:
                events = None
    finally:
        if refresher is not None:
            refresher.stop()
    return batches


def _url_of(db: str | Store, store: Store) -> str:
    """-> what opens the same database again (a PostgreSQL store keeps its full URL)."""
    return db if isinstance(db, str) else str(getattr(store, "url", store.path))
