"""Streaming ingest: watch a folder and ingest files as they arrive or change.

The operating system says what changed (``watchfiles``: inotify, FSEvents, ...): after whole
looks at the folder at the start, only the files waiting to settle and the paths an event
names (a folder moved in is looked into) are looked at again, so an update costs what
changed, not the folder's size. A whole look still runs every ``FULL_LOOK_EVERY`` wake-ups,
for folders that send no events (network and shared folders); the ``watch_events`` setting
turns events off (a whole look every interval), and when events fail or end the watcher
falls back to that by itself. A file is ready when it has kept its modification time and
size for ``interval`` seconds (a writer still copying it is waited for, whatever else wakes
the watcher) and differs from what was last ingested from that path; hidden files and
folders and the store's own files are never input. Ready files go to the pipeline's owner as
``crosswire ingest`` does (``owner.Pipeline.ingest``), which stores their articles and adds
them to their stories online (the watcher's pipeline keeps the stories' live state in memory
between looks); a card-building thread (:class:`crosswire.cards.CardRefresher`) then builds
and stores the cards of the stories that changed, so pages served from the same store show
them. Deleted files are left alone: their articles stay in the store. Ctrl-C ends the watch.
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
FULL_LOOK_EVERY = 30  # wake-ups: a whole look this often catches what no event reported


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
    keeps the stories' live state in memory between looks). ``settle``: seconds a file must
    keep its modification time and size before it is taken (0: two looks in a row)."""

    folder: Path
    pipeline: Pipeline
    ingested: dict[str, Signature] = field(default_factory=dict)  # as last ingested
    seen: dict[str, tuple[Signature, float]] = field(default_factory=dict)  # (as, since when)
    refresher: CardRefresher | CardProcess | None = None  # builds the changed stories' cards
    pending: set[str] = field(default_factory=set)  # seen, not yet ingested as it is now
    settle: float = 0.0

    def ready(self, changed: Iterable[str] | None = None) -> list[str]:
        """the paths events named since the last look (None: look at the whole folder) ->
        the files unchanged since an earlier look, for ``settle`` seconds at least, and new
        or changed since ingested."""
        now = self._look(changed)
        clock = time.monotonic()
        ready = []
        for path, signature in now.items():
            before = self.seen.get(path)
            if before is None or before[0] != signature:
                self.seen[path] = (signature, clock)  # new or changed: its wait starts again
            elif clock - before[1] >= self.settle and self.ingested.get(path) != signature:
                ready.append(path)
        self.pending = {p for p, sig in now.items()
                        if self.ingested.get(p) != sig and p not in ready}
        return ready

    def _look(self, changed: Iterable[str] | None) -> dict[str, Signature]:
        """-> {path: signature} of every input file (None) or of the waiting files and those
        below the paths events named (a folder moved in is looked into); files gone are
        forgotten."""
        ignore = _store_files(self.pipeline.store)
        if changed is None:
            now = scan(self.folder, ignore)
            looked: set[str] = set(self.seen)
        else:
            wanted = set(self.pending)
            for path in changed:
                if is_input(path, self.folder, ignore):
                    wanted |= set(scan(Path(path), ignore)) if os.path.isdir(path) else {path}
            now = {p: sig for p in sorted(wanted) if (sig := _signature(p)) is not None}
            looked = wanted
        for gone in looked - set(now):
            self.seen.pop(gone, None)
        return now

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
            self.ingested[path] = self.seen[path][0]
        if self.refresher is not None and counts.changed_stories:
            self.refresher.nudge(counts.changed_stories)  # built meanwhile, in its thread
        return WatchBatch(paths, counts)


class _StopFlag:
    """A stop callable seen as the event watchfiles checks between its steps."""

    def __init__(self, stop: Stop | None) -> None:
        self.stop = stop

    def is_set(self) -> bool:
        """-> has the watcher been asked to stop?"""
        return _stopped(self.stop)


def file_events(folder: Path, interval: float, stop: Stop | None) -> Iterator[set[str]] | None:
    """(folder, seconds, stop) -> an iterator giving, at each wake-up, the paths that
    changed below the folder (an empty set after ``interval`` seconds without events); None
    when the operating system's events cannot be had here (the reason logged). Ctrl-C
    raises KeyboardInterrupt out of it."""
    try:
        import watchfiles
    except ImportError:
        log.warning("watchfiles is not installed: the folder is listed every %gs", interval)
        return None
    ms = max(int(interval * 1000), 50)
    stream = watchfiles.watch(folder, watch_filter=None, stop_event=_StopFlag(stop),
                              rust_timeout=ms, yield_on_timeout=True, debounce=ms,
                              step=min(50, ms), raise_interrupt=True,
                              ignore_permission_denied=True)
    return (set(path for _, path in changes) for changes in stream)


def _next_events(events: Iterator[set[str]] | None,
                 stop: Stop | None) -> tuple[set[str] | None, bool]:
    """-> (the paths of the next wake-up, None for a whole look; whether events still
    work: not when they failed, or ended without being asked to)."""
    if events is None:
        return None, False
    try:
        found = next(events, None)
    except (OSError, RuntimeError) as exc:  # e.g. an inotify watch limit reached
        log.warning("file-system events failed (%s): the folder is listed instead", exc)
        return None, False
    if found is None and not _stopped(stop):
        log.warning("file-system events ended: the folder is listed instead")
        return None, False
    return found or set(), True


def _stopped(stop: Stop | None) -> bool:
    """-> has ``stop`` (an Event, a callable or None) said stop?"""
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

    Files already in the folder are taken in by the first batches (unchanged records cost a
    read: the store knows them). ``db`` as a path is opened in the calling thread. With
    ``cards``, a thread (or process) of its own builds and stores the cards of the stories
    each batch changed (and, first, any card left stale), so arriving files never wait for
    them.
    """
    store = open_store(db) if isinstance(db, str) else db
    pipeline = Pipeline(store, settings, runner or LocalRunner())
    refresher = _card_builder(db, store, settings, cards, card_process)
    watcher = Watcher(Path(folder).expanduser().resolve(), pipeline, refresher=refresher,
                      settle=interval)
    events = file_events(watcher.folder, interval, stop) if settings.watch_events else None
    batches, wakeups, changed = 0, 0, None  # the first look takes in the whole folder
    try:
        while not _stopped(stop):
            batch = watcher.poll(changed)
            if batch is not None:
                batches += 1
                if on_change:
                    on_change(batch)
            if events is None:
                _pause(stop, interval)
            changed, working = _next_events(events, stop)
            events = events if working else None
            wakeups += 1
            if wakeups == 1 or wakeups % FULL_LOOK_EVERY == 0:
                changed = None  # files that came before the events began; a silent folder
    finally:
        if refresher is not None:
            refresher.stop()
    return batches


def _card_builder(db: str | Store, store: Store, settings: Settings, cards: bool,
                  card_process: bool) -> CardRefresher | CardProcess | None:
    """-> the card builder of a watch (a thread, or a process of its own), started; None
    without ``cards``. It first builds any card left stale (e.g. by a killed run)."""
    if cards and card_process:
        return CardProcess(_url_of(db, store), settings).start()
    if cards:
        return CardRefresher(_url_of(db, store), settings, pages=web_pages(settings)).start()
    return None


def _url_of(db: str | Store, store: Store) -> str:
    """-> what opens the same database again (a PostgreSQL store keeps its full URL)."""
    return db if isinstance(db, str) else str(getattr(store, "url", store.path))
