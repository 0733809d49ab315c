"""Stories as a stream: a run that only adds articles continues the kept online state instead
of replaying the collection; anything else (a changed or deleted article, a pin, a lost or
unreadable state, reprocess) replays; the state never lives beside the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crosswire import api
from crosswire.config import load_settings
from crosswire.models import Pin
from crosswire.pipeline import Context
from crosswire.runners.local import story_state_file, update_stories
from crosswire.store import Store, open_store

FOLLOW_UP = "004_43c47f607b1253ce"
# 004 is dated only with articles of stated dates beside it in the same run
FIRST = {"002_29db2200959aca4a", "003_29884fe21087bc82", FOLLOW_UP}


@pytest.fixture
def split_samples(samples: Path, tmp_path: Path) -> tuple[Path, Path]:
    """(folder with two 2017 articles and the 2018 follow-up, folder with the other two
    2017 articles: they arrive later, after the 2018 one)."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for path in samples.glob("*.txt"):
        shutil.copy(path, (first if path.stem in FIRST else later) / path.name)
    return first, later


def _ctx() -> Context:
    return Context(settings=load_settings())


def _grouping(store: Store) -> set[tuple[str, ...]]:
    return {tuple(sorted(s.articles)) for s in store.stories()}


def test_articles_added_later_join_the_kept_state(split_samples: tuple[Path, Path],
                                                  db_path: str, samples: Path,
                                                  tmp_path: Path) -> None:
    first, later = split_samples
    api.ingest([str(first)], db=db_path)
    store = open_store(db_path)
    assert story_state_file(store, load_settings()).exists()  # type: ignore[union-attr]
    api.ingest([str(later)], db=db_path)
    batch = str(tmp_path / "batch.db")
    api.ingest([str(samples)], db=batch)
    assert _grouping(store) == _grouping(open_store(batch))
    related = {s.id: s.related for s in store.stories()}
    assert all(related.values())  # the 2018 story is still linked to the 2017 one


def test_a_run_that_only_adds_is_incremental(split_samples: tuple[Path, Path],
                                             db_path: str) -> None:
    first, later = split_samples
    api.ingest([str(first)], db=db_path)
    store = open_store(db_path)
    api.ingest_counts([str(later)], db=store)
    assert update_stories(store, _ctx()).incremental


def test_a_deleted_article_or_a_pin_replays(db_path: str, samples: Path) -> None:
    api.ingest([str(samples)], db=db_path)
    store = open_store(db_path)
    store.delete([FOLLOW_UP])
    assert not update_stories(store, _ctx()).incremental
    assert update_stories(store, _ctx()).incremental  # the replay's state is kept again
    ids = [a.id for a in store.articles()][:2]
    store.add_pin(Pin("merge", tuple(ids)))
    assert not update_stories(store, _ctx()).incremental


def test_an_unreadable_state_only_costs_a_replay(db_path: str, samples: Path) -> None:
    api.ingest([str(samples)], db=db_path)
    store = open_store(db_path)
    state = story_state_file(store, load_settings())
    assert state is not None
    state.write_bytes(b"not a pickle")
    result = update_stories(store, _ctx())
    assert not result.incremental and len(result.stories) == 2
    assert update_stories(store, _ctx(), replay=True).incremental is False


def test_the_state_is_not_kept_beside_the_database(db_path: str, samples: Path,
                                                   state_dir: Path) -> None:
    api.ingest([str(samples)], db=db_path)
    state = story_state_file(open_store(db_path), load_settings())
    assert state is not None and state.parent == state_dir
    assert not [p for p in Path(db_path).parent.iterdir() if "state" in p.name]
