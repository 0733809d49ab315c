"""Shared fixtures: the sample articles, a temporary store, and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crosswire.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "raqqa"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """HOME is a temporary folder for the whole session, so a test that wrote anything
    under the user's home (crosswire keeps every state in the database) would show there;
    -> that folder."""
    folder = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def raqqa_story(tmp_path_factory: pytest.TempPathFactory, state_dir: Path) -> tuple[str, str]:
    """(db path, id of the 2017 Raqqa story): the samples ingested once per session, for
    tests that only read stories, cards, facts and timelines (never merge, split or delete)."""
    from crosswire import api

    db = str(tmp_path_factory.mktemp("raqqa") / "samples.db")
    api.ingest([str(SAMPLES)], db=db)
    story = max(open_store(db).stories(), key=lambda s: len(s.articles))
    return db, story.id


@pytest.fixture(scope="session")
def samples_with_cards(tmp_path_factory: pytest.TempPathFactory, state_dir: Path) -> str:
    """db path: the five samples ingested and every story's facts read once (so pages are
    quick), shared by the web tests that only read it (writers work on a copy:
    tests.factories.copy_db)."""
    from crosswire import api

    db = str(tmp_path_factory.mktemp("samples-cards") / "samples.db")
    api.ingest([str(SAMPLES)], db=db)
    api.story_cards(open_store(db))
    return db


@pytest.fixture
def samples() -> Path:
    """The five Raqqa sample articles (a copy of ../shared/samples/raqqa)."""
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def store(db_path: str) -> Store:
    return open_store(db_path)


@dataclass
class Result:
    """What a CLI call did: exit code, stdout, stderr."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout as one JSON object."""
        return json.loads(self.out)

    def jsonl(self) -> list[Any]:
        """stdout as JSON Lines."""
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `crosswire ARGS...` in-process -> Result."""

    from crosswire.cli import main

    def run(*args: str) -> Result:
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    """A throwaway PostgreSQL server for the session (tests/pg.py); the tests that need it
    FAIL, with the reason, when it cannot start."""
    from tests.pg import PgUnavailable, running_server

    try:
        context = running_server()
        server = context.__enter__()
    except PgUnavailable as exc:
        pytest.fail(f"the PostgreSQL test server could not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        context.__exit__(None, None, None)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """A new, empty store on each backend."""
    if request.param == "sqlite":
        return open_store(str(tmp_path / "cards.db"))
    server = request.getfixturevalue("pg_server")
    return open_store(server.new_database("cards"))


@pytest.fixture
def server() -> Iterator[Any]:
    """A fresh loopback web server for the fetch tests (tests/fixtures/fetch/loopback.py),
    no routes yet (robots.txt missing: 404, everything allowed)."""
    from tests.fixtures.fetch.loopback import LoopbackServer

    running = LoopbackServer().start()
    yield running
    running.stop()

