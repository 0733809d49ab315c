"""Stories as a stream: an update continues the online state kept in the store (articles
added, changed or deleted, and pins, are applied online); other story settings, no state, or
reprocess replay; no state lives in a file, and another process continues from the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crosswire import api
from crosswire.config import load_settings
from crosswire.models import Pin
from crosswire.owner import Pipeline
from crosswire.pipeline import Context
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
                                                  tmp_path: Path, state_dir: Path) -> None:
    first, later = split_samples
    api.ingest([str(first)], db=db_path)
    store = open_store(db_path)
    assert store.story_state_meta() is not None  # the state is in the database
    api.ingest([str(later)], db=db_path)
    batch = str(tmp_path / "batch.db")
    api.ingest([str(samples)], db=batch)
    assert _grouping(store) == _grouping(open_store(batch))
    related = {s.id: s.related for s in store.stories()}
    assert all(related.values())  # the 2018 story is still linked to the 2017 one
    assert not list(state_dir.rglob("*.pickle"))  # no state file anywhere in the home


def test_a_run_that_only_adds_is_incremental(split_samples: tuple[Path, Path],
                                             db_path: str) -> None:
    first, later = split_samples
    api.ingest([str(first)], db=db_path)
    store = open_store(db_path)
    api.ingest_counts([str(later)], db=store)
    assert not Pipeline(store, _ctx().settings).stories().replayed


def test_another_process_continues_from_the_store(split_samples: tuple[Path, Path],
                                                  db_path: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.stories.engine import StoryEngine

    first, later = split_samples
    api.ingest([str(first)], db=db_path)

    def no_replay(*args: object) -> None:
        raise AssertionError("replayed instead of continuing the stored state")

    monkeypatch.setattr(StoryEngine, "replay", no_replay)
    fresh = open_store(db_path)  # another store object: its engine holds nothing yet
    api.ingest_counts([str(later)], db=fresh)
    assert len({a for s in fresh.stories() for a in s.articles}) == 5


def test_pins_and_deletes_are_applied_online(db_path: str, samples: Path) -> None:
    api.ingest([str(samples)], db=db_path)
    store = open_store(db_path)
    first, second = store.stories()[:2]
    store.add_pin(Pin("merge", (first.articles[0], second.articles[0])))
    update = Pipeline(store, _ctx().settings).stories()
    assert not update.replayed
    holder = store.stories_of(first.articles[0])[0]
    assert sorted(holder.articles) == sorted(first.articles + second.articles)
    gone = second.id if holder.id == first.id else first.id
    assert update.redirects == {gone: holder.id} and store.redirect(gone) == holder.id
    moved = FOLLOW_UP
    store.add_pin(Pin("split", (moved,), tuple(a for a in holder.articles if a != moved)))
    update = Pipeline(store, _ctx().settings).stories()
    assert not update.replayed
    split_off = store.stories_of(moved)[0]
    assert split_off.articles == [moved] and split_off.id not in (first.id, second.id)
    store.delete([FOLLOW_UP])
    update = Pipeline(store, _ctx().settings).stories()
    assert not update.replayed and update.removed == [split_off.id]
    assert FOLLOW_UP not in {a for s in store.stories() for a in s.articles}


def test_a_lost_state_only_costs_a_replay(db_path: str, samples: Path) -> None:
    api.ingest([str(samples)], db=db_path)
    store = open_store(db_path)
    before = _grouping(store)
    store.forget_story_state()
    update = Pipeline(store, _ctx().settings).stories()
    assert update.replayed and _grouping(store) == before
    assert Pipeline(store, _ctx().settings).stories(replay=True).replayed


def test_an_old_article_that_starts_a_story_already_retired_gets_its_own_id(
        tmp_path: Path, db_path: str) -> None:
    import json

    def feed(name: str, records: list[tuple[str, str, str]]) -> str:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": i, "published": day, "text": text}) + "\n"
                                for i, day, text in records), encoding="utf-8")
        return str(path)

    recent = [(f"quake-{n}", f"2020-03-0{n}", f"Earthquake in Chile, report {n}.\n\nA strong "
               f"earthquake struck northern Chile on day {n}, shaking buildings in Santiago.")
              for n in range(1, 4)]
    api.ingest([feed("recent.jsonl", recent)], db=db_path)
    old = [("budget-1", "2015-06-01", "Parliament passes the budget.\n\nLawmakers approved "
            "the annual budget after a long debate about taxes and spending on schools.")]
    api.ingest([feed("old.jsonl", old)], db=db_path)  # its story retires as it is made
    store = open_store(db_path)
    (story,) = store.stories_of("budget-1")
    assert story.id == "s-budget-1" and story.articles == ["budget-1"]
    (row,) = store.state_rows_of(["budget-1"])
    assert not store.state_stories([row.story_key])[0][0].live  # retired, and in the store
