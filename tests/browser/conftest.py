"""Browser test fixtures: a live uvicorn server on a free loopback port over a store built from
the samples (or the XSS corpus), and Debian's chromium driven by Playwright.

Chromium missing is a failure, not a skip: `make browser` installs it.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

from crosswire import api
from crosswire.store import open_store
from crosswire.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "raqqa"
XSS = ROOT / "tests" / "fixtures" / "xss"
CONFLICT = ROOT / "tests" / "fixtures" / "conflict" / "flood.jsonl"  # two outlets: 12 vs 40 dead
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    """-> a TCP port nobody listens on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving the app in a thread; ``url`` is its root."""

    def __init__(self, db: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(db, "browser-token"), host="127.0.0.1",
                                port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the test server did not start")

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def built_store(folder: Path, paths: list[str]) -> str:
    """(folder, inputs) -> a database with them ingested and every story's facts read."""
    db = str(folder / "browser.db")
    api.ingest(paths, db=db)
    api.story_cards(open_store(db))
    return db


@pytest.fixture(scope="session")
def samples_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = built_store(tmp_path_factory.mktemp("browser-samples"), [str(SAMPLES)])
    with LiveServer(db) as server:
        yield server


@pytest.fixture(scope="session")
def conflict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = built_store(tmp_path_factory.mktemp("browser-conflict"), [str(CONFLICT)])
    with LiveServer(db) as server:
        yield server


@pytest.fixture(scope="session")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = built_store(tmp_path_factory.mktemp("browser-xss"),
                     [str(XSS / "hostile.jsonl"), str(XSS / "hostile-page.html")])
    with LiveServer(db) as server:
        yield server


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[BrowserContext]:
    """Debian's chromium with a fresh profile; fails (never skips) when it is missing."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run `make browser` (apt-get install chromium)")
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable,
        args=CHROMIUM_ARGS, headless=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()
