"""The card refresher in a process of its own, for long-running servers.

Building a card is a second of spaCy and alignment in Python: in a thread of the web server
it holds the interpreter lock, so every page request waits behind it (the story page's p95
follows the card builds, not the page). :class:`CardProcess` runs the same
:class:`crosswire.cards.CardRefresher` loop in a child process (started fresh, not forked:
the server has threads) with its own store connection; the server hands it the stories a
reader is waiting for through a queue, and the store is the only state they share.

It has the refresher's interface (``start``, ``nudge``, ``stop``, ``running``), so the web
app and ``watch`` choose one or the other. The child stops when asked, and on its own when
the parent is gone (it polls the parent's pid), so a killed server leaves no builder behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Iterable
from typing import Any

from crosswire.config import Settings

log = logging.getLogger(__name__)
PARENT_POLL = 2.0  # seconds between the child's checks that its parent still runs


def _child(db: str, settings: Settings, interval: float, pages: bool,
           wanted: Any, parent: int) -> None:
    """(in the child) the refresher run until a None arrives on ``wanted`` or the parent
    process is gone; story ids arriving on ``wanted`` are nudged."""
    from crosswire.cards import CardRefresher, web_pages

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops us
    logging.basicConfig(level=logging.WARNING)
    refresher = CardRefresher(db, settings, interval,
                              pages=web_pages(settings) if pages else None).start()
    try:
        while os.getppid() == parent:
            try:
                ids = wanted.get(timeout=PARENT_POLL)
            except queue.Empty:
                continue
            if ids is None:
                break
            refresher.nudge(ids)
    finally:
        refresher.stop()


class CardProcess:
    """A :class:`crosswire.cards.CardRefresher` run in a child process (see the module)."""

    def __init__(self, db: str, settings: Settings, interval: float = 5.0,
                 pages: bool = True) -> None:
        self.db = db
        self.settings = settings
        self.interval = interval
        self.pages = pages  # store each card's web page with it (when the web extra is in)
        self._context = multiprocessing.get_context("spawn")
        self._wanted: Any = self._context.Queue()
        self._wanted.cancel_join_thread()  # nudges left unsent never hold the parent's exit
        self._process: Any = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """-> is the child process alive?"""
        return self._process is not None and self._process.is_alive()

    def start(self) -> CardProcess:
        """-> the child process started (once; later calls do nothing, unless the child
        died: then it is started again, with a warning)."""
        with self._lock:
            if self._process is not None and not self._process.is_alive():
                log.warning("the card refresher process ended (exit code %s): started again",
                            self._process.exitcode)
                self._process = None
            if self._process is None:
                self._process = self._context.Process(
                    target=_child, name="card-refresher", daemon=True,
                    args=(self.db, self.settings, self.interval, self.pages, self._wanted,
                          os.getpid()))
                self._process.start()
        return self

    def nudge(self, story_ids: Iterable[str] = ()) -> None:
        """(stories whose cards a reader is waiting for) -> built first, soon; the process
        started if it was not."""
        self.start()
        self._wanted.put(list(story_ids))

    def stop(self, timeout: float | None = 30.0) -> None:
        """-> the child asked to stop (after the card it is building) and waited for; ended
        by force when it has not after ``timeout`` seconds."""
        if self._process is None:
            return
        self._wanted.put(None)
        self._process.join(timeout)
        if self._process.is_alive():
            log.warning("the card refresher did not stop in %s s: ended", timeout)
            self._process.terminate()
            self._process.join(5)
        self._wanted.close()  # (its pipe and semaphores released now, not at exit)
        self._process = None
        self._wanted = self._context.Queue()  # a later nudge starts a new child
        self._wanted.cancel_join_thread()
