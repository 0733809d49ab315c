"""Being a crawler people trust: robots.txt (protego) and, per host, a delay between requests
and a limit on requests in flight.

robots.txt is read once per origin and run (RFC 9309): a 2xx answer is parsed; a 4xx answer
(none there) allows everything; a 5xx or 429 answer, a 2xx whose body could not be read whole
(over a limit, too slow, an encoding not undone) or no answer at all disallows the whole host
for the run, as the RFC asks of an unreachable robots.txt (logged, with the reason). Its
Crawl-delay for crosswire's User-Agent lengthens the per-host delay, up to ``fetch_max_wait``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from protego import Protego

from crosswire.fetch.urls import origin

LOG = logging.getLogger(__name__)
ROBOTS_MAX_BYTES = 500_000  # RFC 9309: crawlers must parse at least 500 KiB


@dataclass
class _Host:
    """One origin's politeness state."""

    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    delay: float = 0.0


class Stopped(Exception):
    """The run is closing: no request starts any more (raised to a worker waiting its turn)."""


class HostGate:
    """Per origin: at most ``concurrency`` requests in flight, and ``delay`` seconds between
    the starts of two requests. Every wait ends at once when :meth:`stop` is called."""

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay, self.concurrency = max(0.0, delay), max(1, concurrency)
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def _host(self, key: str) -> _Host:
        """an origin -> its politeness state (made on first use)."""
        with self._lock:
            found = self._hosts.get(key)
            if found is None:
                found = self._hosts[key] = _Host(threading.Semaphore(self.concurrency),
                                                 delay=self.delay)
            return found

    def stop(self) -> None:
        """Every wait (a host's turn, a backoff through :meth:`pause`) ended now, and none
        begun after: the run is closing."""
        self._stopped.set()

    def pause(self, seconds: float) -> None:
        """seconds -> waited, unless the gate is stopped first (then Stopped is raised)."""
        if self._stopped.wait(max(0.0, seconds)):
            raise Stopped("the fetch was stopped")

    def lengthen(self, url: str, delay: float) -> None:
        """(a URL, a Crawl-delay in seconds) -> its origin's delay is at least that."""
        state = self._host(origin(url))
        with state.lock:
            state.delay = max(state.delay, delay)

    def defer(self, url: str, seconds: float) -> None:
        """(a URL whose server asked to wait, seconds) -> no request to its origin starts
        before then (a 429's Retry-After holds for the whole host, not one URL)."""
        state = self._host(origin(url))
        with state.lock:
            state.next_start = max(state.next_start, time.monotonic() + seconds)

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        """Inside: one of the URL's origin's request slots, taken no sooner than its delay
        after the previous request to the origin started (and no sooner than a deferral)."""
        state = self._host(origin(url))
        with state.slots:
            self._turn(state)
            yield

    def _turn(self, state: _Host) -> None:
        """-> returns when the origin's next start is due, that start taken (the deadline
        read again after each wait: a deferral may have moved it meanwhile)."""
        while True:
            with state.lock:
                now = time.monotonic()
                wait = state.next_start - now
                if wait <= 0:
                    state.next_start = now + state.delay
                    return
            self.pause(wait)


# (robots.txt URL) -> (HTTP status, its body) or the reason there was no answer
RobotsGetter = Callable[[str], tuple[int, bytes] | str]


class Robots:
    """robots.txt per origin, fetched on first need (once per run, even from many threads)."""

    def __init__(self, get: RobotsGetter, user_agent: str, gate: HostGate,
                 max_delay: float) -> None:
        self.get, self.user_agent, self.gate, self.max_delay = get, user_agent, gate, max_delay
        self._rules: dict[str, Protego | str | None] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def refusal(self, url: str) -> str | None:
        """a URL -> why robots.txt forbids fetching it, or None when it may be fetched."""
        key = origin(url)
        rules = self._rules_of(key)
        if isinstance(rules, str):
            return rules
        if rules is not None and not rules.can_fetch(url, self.user_agent):
            return f"disallowed by {key}/robots.txt for this User-Agent"
        return None

    def unreachable(self, url: str) -> bool:
        """a URL -> True when its host is refused because its robots.txt could not be read
        (so far this run; not a Disallow)."""
        return isinstance(self._rules.get(origin(url)), str)

    def _rules_of(self, key: str) -> Protego | str | None:
        """origin -> its parsed rules, None (everything allowed) or a refusal of the host."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._read(key)
            return self._rules[key]

    def _read(self, key: str) -> Protego | str | None:
        """origin -> its robots.txt read (see the module docstring)."""
        answer = self.get(f"{key}/robots.txt")
        if isinstance(answer, str):
            return _unreachable(f"{answer}, asking for {key}/robots.txt: the host is not "
                                "fetched")
        status, body = answer
        if 400 <= status < 500 and status != 429:
            return None
        if not 200 <= status < 300:
            return _unreachable(f"robots.txt of {key} answered HTTP {status}: the host is "
                                "not fetched (RFC 9309)")
        text = body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        try:
            rules = Protego.parse(text)
        except Exception:  # protego on garbage: treat as no rules, and say so in the log
            LOG.warning("robots.txt of %s could not be parsed; taken as allowing all", key)
            return None
        delay = rules.crawl_delay(self.user_agent)
        if delay:
            self.gate.lengthen(key, min(float(delay), self.max_delay))
        return rules


def _unreachable(refusal: str) -> str:
    """why a host's robots.txt could not be read -> the same, logged (the host is refused)."""
    LOG.warning("%s", refusal)
    return refusal
