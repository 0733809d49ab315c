"""The per-host gate (crosswire.fetch.politeness.HostGate) under threads: a server's request to
wait holds for every request to its host, even one already waiting its turn, and closing the
run ends every wait at once."""

from __future__ import annotations

import threading
import time

import pytest

from crosswire.fetch.client import PAGE_TYPES, Failed, HttpClient
from crosswire.fetch.politeness import HostGate, Stopped
from tests.fixtures.fetch.loopback import LoopbackServer, Reply
from tests.test_fetch_client import quick

URL = "http://news.example/a"



def start_in_thread(gate: HostGate, starts: list[float]) -> threading.Thread:
    """-> a thread that takes a slot of URL's host and notes when it got it."""
    def take() -> None:
        with gate.slot(URL):
            starts.append(time.monotonic())
    thread = threading.Thread(target=take)
    thread.start()
    return thread


def test_a_deferral_holds_for_a_request_already_waiting_its_turn() -> None:
    gate, starts = HostGate(delay=0.2, concurrency=2), list[float]()
    began = time.monotonic()
    with gate.slot(URL):  # the first request: the next may start 0.2 s later
        waiting = start_in_thread(gate, starts)
        time.sleep(0.05)
        gate.defer(URL, 0.6)  # the server asked to wait (429): no start before 0.65 s
    waiting.join(timeout=5)
    assert starts and starts[0] - began >= 0.6


def test_a_shorter_deferral_never_shortens_a_longer_one() -> None:
    gate, starts = HostGate(delay=0.0, concurrency=1), list[float]()
    began = time.monotonic()
    gate.defer(URL, 0.5)
    gate.defer(URL, 0.1)
    start_in_thread(gate, starts).join(timeout=5)
    assert starts[0] - began >= 0.5


def test_stopping_the_gate_ends_a_wait_for_the_hosts_turn() -> None:
    gate = HostGate(delay=0.0, concurrency=1)
    gate.defer(URL, 30)
    threading.Timer(0.2, gate.stop).start()
    began = time.monotonic()
    with pytest.raises(Stopped), gate.slot(URL):
        pass
    assert time.monotonic() - began < 2


def test_closing_the_client_ends_a_backoff_at_once(server: LoopbackServer) -> None:
    server.routes["/busy"] = Reply(429, {"Retry-After": "30"})
    client = HttpClient(quick(fetch_max_wait=30.0, fetch_retries=3))
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(
        client.get(server.url("/busy"), PAGE_TYPES)))
    worker.start()
    time.sleep(0.5)  # the first 429 answered: the worker waits for its retry
    began = time.monotonic()
    client.close()
    worker.join(timeout=5)
    assert time.monotonic() - began < 2 and isinstance(results[0], Failed)
    assert len(server.hits_of("/busy")) == 1
