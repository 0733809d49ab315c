"""The Dask runner stores what the local runner stores, and survives a worker killed mid-run.

Reading, cleaning and lead embeddings run on a local cluster of two worker processes; the
store is written by this process alone, batch by batch in order. Same input -> the same
articles field for field, the same run counts and the same stories as `runners.local`.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client

from crosswire.config import Settings, load_settings
from crosswire.facts.mentions import cache_key
from crosswire.owner import DaskRunner, Pipeline
from crosswire.pipeline import Context
from crosswire.readers import read_paths
from crosswire.runners.dask import (
    dask_client,
    ingest_paths_dask,
    ingest_stream_dask,
    reprocess_all_dask,
    story_readings_dask,
)
from crosswire.runners.local import (
    RunCounts,
    ingest_stream,
    reprocess_all,
    story_readings,
)
from crosswire.runners.watch import Watcher
from crosswire.store import Store, open_store
from tests.conftest import SHARED

T17 = SHARED / "eval" / "timeline" / "t17"


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A local cluster of two worker processes, one thread each."""
    with dask_client(None, 2) as c:
        yield c


@pytest.fixture(scope="module")
def t17_subset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """240 real articles: T17 'mj' whole (121) and the first 119 of 'egypt', two JSONL files."""
    if not (T17 / "mj" / "articles.jsonl").exists():
        pytest.skip("../shared/eval/timeline/t17 is not available")
    folder = tmp_path_factory.mktemp("t17")
    (folder / "mj.jsonl").write_bytes((T17 / "mj" / "articles.jsonl").read_bytes())
    egypt = (T17 / "egypt" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:119]
    (folder / "egypt.jsonl").write_text("\n".join(egypt) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(t17_subset: Path, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Store, RunCounts]:
    """The subset through the local runner, 10 records a batch: the store and its counts."""
    return _local([str(t17_subset)], tmp_path_factory.mktemp("ref") / "local.db", _settings(10))


def _settings(batch_size: int) -> Settings:
    return load_settings(batch_size=batch_size)


def _local(paths: list[str], db: Path, settings: Settings) -> tuple[Store, RunCounts]:
    store = open_store(str(db))
    ctx = Context(settings)
    counts = ingest_stream(read_paths(paths, settings, exclude=[store.path]), store, ctx)
    Pipeline(store, ctx.settings).stories()
    counts.stories = store.count("stories")
    return store, counts


def _same_store(a: Store, b: Store) -> None:
    assert {x.id: x.to_dict() for x in a.articles()} == {x.id: x.to_dict() for x in b.articles()}
    assert [s.to_dict() for s in a.stories()] == [s.to_dict() for s in b.stories()]
    for table in ("documents", "articles", "stories"):
        assert a.count(table) == b.count(table)


def _ids(counts: RunCounts) -> tuple[list[str], ...]:
    return counts.new, counts.updated, counts.unchanged, counts.recovered


def test_samples_same_articles_and_stories_as_local(client: Client, samples: Path,
                                                    tmp_path: Path) -> None:
    settings = _settings(2)  # three batches for five articles
    local, local_counts = _local([str(samples)], tmp_path / "local.db", settings)
    store = open_store(str(tmp_path / "dask.db"))
    counts = ingest_paths_dask([str(samples)], store, Context(settings), client)
    _same_store(local, store)
    assert _ids(counts) == _ids(local_counts) and counts.stories == local_counts.stories
    assert counts.line() == local_counts.line()


def test_real_articles_same_as_local_and_rerun_unchanged(
        client: Client, t17_subset: Path, reference: tuple[Store, RunCounts],
        tmp_path: Path) -> None:
    settings = _settings(10)  # 24 batches, up to five in flight over two workers
    local, local_counts = reference
    store = open_store(str(tmp_path / "dask.db"))
    counts = ingest_paths_dask([str(t17_subset)], store, Context(settings), client)
    assert len(counts.new) == 240 and not counts.skipped
    _same_store(local, store)
    assert _ids(counts) == _ids(local_counts)
    again = ingest_paths_dask([str(t17_subset)], store, Context(settings), client)
    assert len(again.unchanged) == 240 and not again.new and again.stories is None


def test_into_postgresql_same_as_local_into_sqlite(client: Client, samples: Path,
                                                  tmp_path: Path, pg_server: Any) -> None:
    settings = _settings(2)
    local, local_counts = _local([str(samples)], tmp_path / "local.db", settings)
    store = open_store(pg_server.new_database("dask"))
    counts = ingest_paths_dask([str(samples)], store, Context(settings), client)
    _same_store(local, store)
    assert _ids(counts) == _ids(local_counts)


def test_reprocess_on_the_cluster_rebuilds_the_same_articles(client: Client, samples: Path,
                                                             tmp_path: Path) -> None:
    settings = _settings(2)
    local, _ = _local([str(samples)], tmp_path / "local.db", settings)
    store, _ = _local([str(samples)], tmp_path / "dask.db", settings)
    assert reprocess_all_dask(store, Context(settings), client) == reprocess_all(
        local, Context(settings))
    _same_store(local, store)


def test_worker_killed_mid_run_loses_and_duplicates_nothing(
        client: Client, t17_subset: Path, reference: tuple[Store, RunCounts],
        tmp_path: Path) -> None:
    settings = _settings(10)  # 24 batches: the kill lands with several in flight
    clean_run, clean_counts = reference
    before = client.run(os.getpid)
    victim = sorted(before.values())[0]
    seen: list[int] = []
    running_at_kill: list[int] = []

    def kill_after_three_batches(size: int) -> None:
        seen.append(size)
        if len(seen) == 3:
            running_at_kill.append(sum(map(len, client.processing().values())))
            os.kill(victim, signal.SIGKILL)

    store = open_store(str(tmp_path / "killed.db"))
    ctx = Context(settings)
    counts = ingest_stream_dask(read_paths([str(t17_subset)], settings), store, ctx, client,
                                kill_after_three_batches)
    Pipeline(store, ctx.settings).stories()
    counts.stories = store.count("stories")
    assert running_at_kill[0] > 0, "batches were in flight when the worker died"
    assert victim not in client.run(os.getpid).values(), "the worker was killed"
    assert counts.new == clean_counts.new and len(set(counts.new)) == 240
    assert not counts.skipped and not counts.recovered
    _same_store(clean_run, store)


def test_facts_readings_on_the_cluster_match_and_are_cached(client: Client, samples: Path,
                                                             tmp_path: Path) -> None:
    local, _ = _local([str(samples)], tmp_path / "local.db", _settings(200))
    store, _ = _local([str(samples)], tmp_path / "dask.db", _settings(200))
    articles = store.articles()
    expected = story_readings(local, local.articles())
    made = story_readings_dask(store, articles, client, chunk=3)  # two tasks, one per worker
    assert {i: r.to_dict() for i, r in made.items()} == {
        i: r.to_dict() for i, r in expected.items()}
    keys = {a.id: cache_key(a) for a in articles}
    assert set(store.mentions(keys)) == set(made) == {a.id for a in articles}  # all cached


def test_watch_can_ingest_through_the_cluster(client: Client, samples: Path,
                                              tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(samples, inbox)
    store = open_store(str(tmp_path / "watched.db"))

    watcher = Watcher(inbox, Pipeline(store, _settings(200), DaskRunner(client)))
    assert watcher.poll() is None  # first sight
    batch = watcher.poll()
    assert batch is not None and len(batch.counts.new) == 5 and batch.counts.stories
    assert watcher.poll() is None and store.count("articles") == 5
