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
from crosswire.stories.cluster import Pins

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


def _jsonl(path: Path, records: list[tuple[str, str]]) -> str:
    import json

    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records),
                    encoding="utf-8")
    return str(path)


def test_after_a_delete_another_process_reads_the_vector_index_back_whole(
        db_path: str, samples: Path, tmp_path: Path) -> None:
    import numpy as np

    from crosswire.stories.state import load_clusterer

    api.ingest([str(samples)], db=db_path)
    api.delete(open_store(db_path), ["002_29db2200959aca4a"])  # its row leaves the index
    api.delete(open_store(db_path), ["000_68163af6daf85999"])  # a fresh process reads it
    later = [("late-1", "Raqqa rebuilding begins.\n\nWork to rebuild Raqqa began on Monday "
              "after the Syrian Democratic Forces cleared the city of mines.")]
    api.ingest([_jsonl(tmp_path / "late.jsonl", later)], db=db_path)
    store = open_store(db_path)
    meta = store.story_state_meta()
    assert meta is not None
    c = load_clusterer(store, load_settings(), Pins(), meta)
    for row, dense in c.dense.items():  # every held row's vector is where the index says
        assert np.allclose(c.index.index.reconstruct(c.index.pos_of[row]), dense)
    assert "002_29db2200959aca4a" not in {a for s in store.stories() for a in s.articles}


def test_a_story_made_and_merged_away_in_one_update_is_not_written(
        db_path: str, tmp_path: Path) -> None:
    from dataclasses import replace

    settings = replace(load_settings(), story_merge_threshold=0.2)
    seed = [("seed-1", "Football club wins the league.\n\nThe local football club won the "
             "league title on Saturday after a dramatic final match in a packed stadium.")]
    batch = [("a-quake", "Earthquake strikes northern Chile.\n\nA strong earthquake struck "
              "northern Chile on Monday, shaking buildings in Santiago and cutting power."),
             ("b-budget", "Parliament passes the annual budget.\n\nLawmakers approved the "
              "annual budget after a long debate about taxes and spending on schools."),
             ("c-both", "Chile earthquake and the budget.\n\nAfter the strong earthquake "
              "struck northern Chile and shook buildings in Santiago, lawmakers approved the "
              "annual budget after a long debate about taxes and spending on schools.")]
    api.ingest([_jsonl(tmp_path / "seed.jsonl", seed)], db=db_path, settings=settings)
    api.ingest([_jsonl(tmp_path / "batch.jsonl", batch)], db=db_path, settings=settings)
    store = open_store(db_path)
    placed = sorted(a for s in store.stories() for a in s.articles)
    assert placed == ["a-quake", "b-budget", "c-both", "seed-1"]
    assert store.article_changes(0)[1] == []  # the update was written, the log read


def test_a_new_version_of_a_wire_original_keeps_its_group(
        db_path: str, tmp_path: Path) -> None:
    wire = ("The central bank raised its main interest rate by half a percentage point on "
            "Thursday, the largest increase in two decades, as policymakers tried to curb "
            "inflation that has climbed to its highest level in forty years. The governor "
            "said further increases were likely in the coming months.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wa.txt").write_text(f"Bank raises rates.\n\n{wire}\n", encoding="utf-8")
    (folder / "wb.txt").write_text(f"Rates go up.\n\n{wire} Markets fell.\n", encoding="utf-8")
    api.ingest([str(folder)], db=db_path)
    store = open_store(db_path)
    before = {a.id: a.wire_group for a in store.articles()}
    assert before == {"wa": "wa", "wb": "wa"}
    edited = wire.replace("Thursday", "Thursday morning")
    (folder / "wa.txt").write_text(f"Bank raises rates.\n\n{edited}\n", encoding="utf-8")
    api.ingest([str(folder)], db=db_path)
    assert {a.id: a.wire_group for a in store.articles()} == before
    Pipeline(store, load_settings()).stories(replay=True)
    assert {a.id: a.wire_group for a in store.articles()} == before


def test_a_replay_and_an_update_written_meanwhile_never_share_a_version(
        db_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from collections.abc import Iterator
    from contextlib import contextmanager

    from crosswire.stories.engine import StoryEngine

    def record(i: int) -> tuple[str, str]:
        return (f"q{i}", f"Earthquake strikes Chile, report {i}.\n\nA strong earthquake struck "
                f"northern Chile, report number {i}, shaking buildings in Santiago.")

    api.ingest([_jsonl(tmp_path / "a.jsonl", [record(i) for i in range(3)])], db=db_path)
    writer, replayer = open_store(db_path), open_store(db_path)
    updating = StoryEngine(writer, load_settings())
    updating.update()  # holds the state in memory
    replaying = StoryEngine(replayer, load_settings())
    inner = replayer.transaction
    written: list[int] = []

    @contextmanager
    def after_a_write() -> Iterator[None]:  # the other engine writes while the replay runs
        updating.update()
        written.append(int((writer.story_state_meta() or {})["version"]))
        with inner():
            yield

    monkeypatch.setattr(replayer, "transaction", after_a_write)
    replaying.update(replay=True)
    monkeypatch.setattr(replayer, "transaction", inner)
    assert int((writer.story_state_meta() or {})["version"]) > written[0]  # never shared,
    assert updating.meta["version"] == written[0]  # so the updating engine will read again


def test_stories_read_back_for_an_old_article_are_not_rewritten_unless_it_joins_them(
        db_path: str, tmp_path: Path) -> None:
    import json

    from crosswire.readers import read_paths

    def feed(name: str, records: list[tuple[str, str, str]]) -> list[str]:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"id": i, "published": day, "text": text}) + "\n"
                                for i, day, text in records), encoding="utf-8")
        return [str(path)]

    def quake(i: str, day: str) -> tuple[str, str, str]:
        return (i, day, f"Earthquake in Chile.\n\nA strong earthquake struck northern Chile on "
                f"{day}, shaking buildings in Santiago and cutting power to thousands.")

    settings = load_settings()
    store = open_store(db_path)
    pipeline = Pipeline(store, settings)
    pipeline.ingest(read_paths(feed("old.jsonl", [quake("q1", "2015-06-01"),
                                                  quake("q2", "2015-06-02")]), settings))
    pipeline.ingest(read_paths(feed("new.jsonl", [quake("n1", "2020-03-01")]), settings))
    (old_story,) = store.stories_of("q1")
    budget = [("b1", "2015-06-03", "Parliament passes the budget.\n\nLawmakers approved the "
               "annual budget after a long debate about taxes and spending on schools.")]
    counts = pipeline.ingest(read_paths(feed("budget.jsonl", budget), settings))
    assert counts.changed_stories == [store.stories_of("b1")[0].id]  # not the quake story
    late = [quake("q3", "2015-06-04")]
    counts = pipeline.ingest(read_paths(feed("late.jsonl", late), settings))
    assert counts.changed_stories == [old_story.id]  # it joined the story read back
