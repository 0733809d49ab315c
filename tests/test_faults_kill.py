"""Fault and hostile-input suite: kill -9 at every checkpoint, then a re-run.

Each case starts from a store that already has stories (two of the five samples ingested),
runs a command over all five samples that SIGKILLs itself at one checkpoint
(``CROSSWIRE_KILL_AT``, :mod:`crosswire.checkpoints`), runs the same command again
undisturbed, and then checks the store is whole: every article stored once, none awaiting
cleaning, every article in exactly one story, the stories up to date and the same as those of
a run that was never interrupted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosswire.store import open_store
from tests.conftest import SAMPLES

FILES = sorted(p.name for p in SAMPLES.iterdir())


def crosswire(*args: str, kill_at: str = "", **popen: object) -> subprocess.Popen[str]:
    """CLI arguments (+ the checkpoint to die at) -> the started process (batches of two
    records, so a run has several checkpoints of each kind; stories from the sparse vectors
    alone, which start faster)."""
    env = {**os.environ, "CROSSWIRE_BATCH_SIZE": "2", "CROSSWIRE_KILL_AT": kill_at,
           "CROSSWIRE_STORY_EMBEDDINGS": "false"}  # faster to start; the faults are the same
    return subprocess.Popen([sys.executable, "-m", "crosswire", *args, "--quiet"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            **popen)  # type: ignore[call-overload]


def finished(*args: str, kill_at: str = "") -> int:
    """CLI arguments -> its exit code once done (-9 when killed at its checkpoint)."""
    process = crosswire(*args, kill_at=kill_at)
    _, err = process.communicate(timeout=180)
    assert process.returncode in (0, -signal.SIGKILL), err
    return process.returncode


def partition(db: str) -> set[frozenset[str]]:
    """database -> its stories as sets of article ids."""
    return {frozenset(s.articles) for s in open_store(db).stories()}


def assert_whole(db: str, reference: set[frozenset[str]]) -> None:
    """The store holds each sample once, cleaned, in exactly one story, as the reference."""
    store = open_store(db)
    ids = [a.id for a in store.articles()]
    assert store.count("documents") == len(FILES) and sorted(ids) == sorted(set(ids))
    assert len(ids) == len(FILES), "articles lost"
    assert store.pending_document_ids() == [], "documents left uncleaned"
    assert not store.stories_stale(), "stories older than the articles"
    in_stories = [i for s in store.stories() for i in s.articles]
    assert sorted(in_stories) == sorted(ids), "articles in no story, or in two"
    assert partition(db) == reference


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the five samples."""
    where = tmp_path_factory.mktemp("samples")
    for name in FILES:
        shutil.copy(SAMPLES / name, where / name)
    return where


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, folder: Path) -> dict[str, Path]:
    """{'base': a store holding two samples and their stories, 'full': all five ingested at
    once, 'continued': the base store with all five ingested, never interrupted (the stories
    continue the base store's state, so they may group differently from a replay: the
    reference of a command run on a copy of the base store)}."""
    where = tmp_path_factory.mktemp("stores")
    base, full = where / "base.db", where / "full.db"
    assert finished("ingest", *(str(folder / n) for n in FILES[:2]), "--db", str(base)) == 0
    assert finished("ingest", str(folder), "--db", str(full)) == 0
    continued = Path(_copy(base, where / "continued.db"))
    assert finished("ingest", str(folder), "--db", str(continued)) == 0
    return {"base": base, "full": full, "continued": continued}


def _copy(store: Path, to: Path) -> str:
    """a database file -> a copy at ``to`` (its path)."""
    shutil.copy(store, to)
    return str(to)


# With batches of two, the first batch is the two samples the base store holds already (so
# nothing is cleaned: no articles-stored), the second and third are new.
INGEST_POINTS = ["documents-stored:2", "documents-stored:3", "articles-stored:1",
                 "articles-stored:2", "stories-stored"]


@pytest.mark.parametrize("point", INGEST_POINTS)
def test_ingest_killed_then_run_again_loses_nothing(point: str, folder: Path, stores: dict,
                                                    tmp_path: Path) -> None:
    db = _copy(stores["base"], tmp_path / "s.db")
    assert finished("ingest", str(folder), "--db", db, kill_at=point) == -signal.SIGKILL
    assert finished("ingest", str(folder), "--db", db) == 0
    assert_whole(db, partition(str(stores["continued"])))


@pytest.mark.parametrize("point", ["articles-stored:2", "stories-stored", "readings-stored"])
def test_run_killed_then_run_again_loses_nothing(point: str, folder: Path, stores: dict,
                                                 tmp_path: Path) -> None:
    db = _copy(stores["base"], tmp_path / "s.db")
    report = str(tmp_path / "report.html")
    args = ("run", str(folder), "--db", db, "--report", report)
    assert finished(*args, kill_at=point) == -signal.SIGKILL
    assert finished(*args) == 0
    assert_whole(db, partition(str(stores["continued"])))
    assert Path(report).stat().st_size > 0


@pytest.mark.parametrize("point", ["articles-stored:1", "stories-stored"])
def test_reprocess_killed_then_run_again_loses_nothing(point: str, stores: dict,
                                                       tmp_path: Path) -> None:
    db = _copy(stores["full"], tmp_path / "s.db")
    assert finished("reprocess", "--db", db, kill_at=point) == -signal.SIGKILL
    assert finished("reprocess", "--db", db) == 0
    assert_whole(db, partition(str(stores["full"])))


def _watch_until_whole(folder: Path, db: str, reference: set[frozenset[str]]) -> None:
    """Watch the folder until the store is whole (at most a minute), then stop the watcher."""
    watcher = crosswire("watch", str(folder), "--db", db, "--interval", "0.2")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                assert_whole(db, reference)
                return
            except AssertionError:
                time.sleep(0.3)
        assert_whole(db, reference)
    finally:
        watcher.send_signal(signal.SIGTERM)
        watcher.wait(30)
    assert watcher.returncode == -signal.SIGTERM  # unwound, then ended by the signal


@pytest.mark.parametrize("point", ["documents-stored:2", "articles-stored:1", "stories-stored"])
def test_watch_killed_then_started_again_loses_nothing(point: str, folder: Path, stores: dict,
                                                       tmp_path: Path) -> None:
    db = _copy(stores["base"], tmp_path / "s.db")
    killed = crosswire("watch", str(folder), "--db", db, "--interval", "0.2", kill_at=point)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    _watch_until_whole(folder, db, partition(str(stores["continued"])))


def test_a_command_that_only_reads_stories_first_finishes_what_a_killed_run_left(
        folder: Path, stores: dict, tmp_path: Path) -> None:
    db = _copy(stores["base"], tmp_path / "s.db")
    assert finished("ingest", str(folder), "--db", db,
                    kill_at="articles-stored:2") == -signal.SIGKILL
    listed = subprocess.run([sys.executable, "-m", "crosswire", "stories", "--db", db,
                             "--json"], capture_output=True, text=True, check=True)
    shown = [i for line in listed.stdout.splitlines() for i in json.loads(line)["articles"]]
    assert sorted(shown) == sorted(a.id for a in open_store(db).articles())
    assert len(shown) == len(FILES)


def test_the_web_app_serves_what_a_killed_run_left_in_its_stories(
        folder: Path, stores: dict, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from crosswire.web.app import create_app

    db = _copy(stores["base"], tmp_path / "s.db")
    assert finished("ingest", str(folder), "--db", db,
                    kill_at="articles-stored:2") == -signal.SIGKILL
    listed = TestClient(create_app(db, token=None)).get("/api/stories?limit=50").json()
    shown = [i for s in listed["stories"] for i in s["articles"]]
    assert sorted(shown) == sorted(a.id for a in open_store(db).articles())


def test_a_run_killed_right_after_its_stories_and_state_were_stored_is_continued(
        folder: Path, stores: dict, tmp_path: Path) -> None:
    db = _copy(stores["base"], tmp_path / "s.db")
    some = [str(folder / n) for n in FILES[:-1]]
    assert finished("ingest", *some, "--db", db, kill_at="stories-stored") == -signal.SIGKILL
    assert finished("ingest", str(folder), "--db", db) == 0  # adds the last sample
    reference = _copy(stores["base"], tmp_path / "reference.db")
    assert finished("ingest", *some, "--db", reference) == 0
    assert finished("ingest", str(folder), "--db", reference) == 0
    assert_whole(db, partition(reference))
