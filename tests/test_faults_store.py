"""Fault and hostile-input suite: the store's bookkeeping under crashes and concurrency.

Runs claim what they store until it is cleaned; a dead run's documents are recovered, a live
one's are not; stories know when they are out of date and an older build never overwrites a
newer one; readers see whole story lists while a writer rebuilds them; files kept outside the
database are loaded only when the database signed them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from crosswire import api
from crosswire.config import load_settings
from crosswire.models import Pin, Story
from crosswire.store import Store, open_store
from crosswire.store.claims import HOST, new_run_id, run_alive
from crosswire.store.documents import now
from crosswire.store.sqlite import SCHEMA_VERSION
from tests.conftest import SAMPLES
from tests.factories import make_article
from tests.test_store import doc


def dead_pid() -> int:
    """-> the id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- claims --------------------------------------------------------------------------------

def test_this_process_is_alive_and_an_ended_one_is_not() -> None:
    assert run_alive(new_run_id(), now(), 60)
    assert not run_alive(f"{HOST}:{dead_pid()}:1:x", now(), 60)
    assert not run_alive("", now(), 60)


def test_a_reused_process_id_with_another_start_time_is_not_the_claiming_run() -> None:
    host, pid, start, token = new_run_id().split(":")
    assert not run_alive(f"{host}:{pid}:{int(start) + 1}:{token}", now(), 60)


def test_another_machines_claim_lives_until_the_timeout() -> None:
    assert run_alive("elsewhere:1:1:x", now(), 60)
    assert not run_alive("elsewhere:1:1:x", "2020-01-01T00:00:00+00:00", 60)


def test_documents_a_live_run_stored_are_not_pending_for_others(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")], new_run_id())
    store.add_documents([doc("b", "/x/b")], f"{HOST}:{dead_pid()}:1:x")
    assert store.pending_document_ids() == ["b"]


def test_a_run_that_ends_releases_what_it_could_not_clean(store: Store) -> None:
    run = new_run_id()
    store.add_documents([doc("a", "/x/a")], run)
    store.release(run)
    assert store.pending_document_ids() == ["a"]


def test_an_updated_document_awaits_cleaning_again(store: Store) -> None:
    _save(store, "a")
    assert store.pending_document_ids() == []
    store.add_documents([doc("a", "/x/a", "second")], f"{HOST}:{dead_pid()}:1:x")
    assert store.pending_document_ids() == ["a"]


def test_concurrent_ingests_do_not_take_each_others_documents(tmp_path: Path) -> None:
    halves = [tmp_path / "one", tmp_path / "two"]
    for n, folder in enumerate(halves):
        folder.mkdir()
        for p in sorted(SAMPLES.iterdir())[n::2]:
            (folder / p.name).write_bytes(p.read_bytes())
    db = str(tmp_path / "s.db")
    open_store(db)
    env = {**os.environ, "CROSSWIRE_BATCH_SIZE": "1"}
    runs = [subprocess.Popen([sys.executable, "-m", "crosswire", "ingest", str(f), "--db", db],
                             env=env, stderr=subprocess.PIPE, text=True) for f in halves]
    lines = [r.communicate(timeout=120)[1] for r in runs]
    assert [r.returncode for r in runs] == [0, 0], lines
    assert not any("recovered" in line for line in lines), lines
    store = open_store(db)
    assert store.count() == 5 and not store.stories_stale()
    assert sorted(i for s in store.stories() for i in s.articles) == sorted(
        a.id for a in store.articles())


# -- stories up to date ----------------------------------------------------------------------

def test_a_new_store_has_up_to_date_stories(store: Store) -> None:
    assert not store.stories_stale()


def test_stories_are_stale_after_articles_pins_or_deletions_until_rebuilt(store: Store) -> None:
    def rebuilt() -> None:
        assert store.stories_stale()
        assert store.replace_stories([], {}, store.inputs_seq())
        assert not store.stories_stale()

    _save(store, "a", "b")
    rebuilt()
    store.add_pin(Pin("merge", ("a", "b")))
    rebuilt()
    store.delete(["a"])
    rebuilt()


def test_stories_out_of_date_are_caught_up_only_when_their_run_is_gone(store: Store) -> None:
    _save(store, "a")
    store.claim_stories(new_run_id())
    assert store.stories_stale() and not store.stories_need_catch_up()
    store.claim_stories(f"{HOST}:{dead_pid()}:1:x")
    assert store.stories_need_catch_up()
    run = new_run_id()
    store.claim_stories(run)
    store.release(run)  # ended without rebuilding them
    assert store.stories_need_catch_up()


def test_an_article_cleaned_from_a_replaced_version_is_not_saved(store: Store) -> None:
    (first, _), = store.add_documents([doc("a", "/x/a", "first")], new_run_id())
    first_hash = first.hash
    (second, _), = store.add_documents([doc("a", "/x/a", "second")], new_run_id())
    store.save_articles([make_article("a", "second")], {"a": second.hash})
    store.save_articles([make_article("a", "first")], {"a": first_hash})  # the slower run
    saved = store.article("a")
    assert saved is not None and saved.body == "second"
    assert store.pending_document_ids() == []


def test_a_pending_document_is_recovered_by_one_run_only(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")], f"{HOST}:{dead_pid()}:1:x")
    me = new_run_id()
    assert store.claim_pending(me) == ["a"]
    assert store.pending_document_ids() == []  # claimed by a live run now
    store.release(me)
    assert store.pending_document_ids() == ["a"]


def test_an_older_build_never_overwrites_newer_stories(store: Store) -> None:
    _save(store, "a")
    old = store.inputs_seq()
    _save(store, "b")
    assert store.replace_stories([_story("b")], {}, store.inputs_seq())
    assert not store.replace_stories([_story("a")], {}, old)
    assert [s.id for s in store.stories()] == ["b"]


def _story(article_id: str) -> Story:
    return Story(id=article_id, title=article_id, articles=[article_id], outlets=[],
                 independent_sources=1, first_published=None, first_publisher=None,
                 last_published=None)


def _save(store: Store, *ids: str) -> None:
    """article ids -> their documents and articles stored."""
    store.add_documents([doc(i, f"/x/{i}") for i in ids])
    store.save_articles([make_article(i, f"Body {i}.") for i in ids])


def test_readers_see_whole_story_lists_while_a_writer_rebuilds(db_path: str) -> None:
    writer = open_store(db_path)
    ids = [f"a{i:03d}" for i in range(60)]
    _save(writer, *ids)
    one, two = [_story(i) for i in ids[:30]], [_story(i) for i in ids[30:]]
    writer.replace_stories(one, {}, writer.inputs_seq())
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        reader = open_store(db_path)
        while not done.is_set():
            try:
                page, total = reader.story_page(limit=50)
                assert total == 30 and {s.id for s in page} in (
                    {s.id for s in one}, {s.id for s in two})
            except BaseException as exc:  # collected and reported by the test
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for n in range(60):
        writer.replace_stories(two if n % 2 == 0 else one, {}, writer.inputs_seq())
    done.set()
    for t in readers:
        t.join()
    assert errors == []


# -- the stories' state -----------------------------------------------------------------------

def test_the_stories_state_lives_in_the_database_and_nowhere_else(tmp_path: Path,
                                                                   state_dir: Path) -> None:
    db = str(tmp_path / "s.db")
    api.ingest([str(SAMPLES)], db=db)
    assert open_store(db).story_state_meta() is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db", "s.db-shm", "s.db-wal"]
    assert not [p for p in state_dir.rglob("*") if "crosswire" in str(p)]


def test_a_store_from_before_the_bookkeeping_is_upgraded_and_its_stories_rebuilt(
        db_path: str) -> None:
    import sqlite3

    old = open_store(db_path)
    _save(old, "a")
    old.replace_stories([_story("a")], {}, old.inputs_seq())
    old.close()
    raw = sqlite3.connect(db_path)
    raw.executescript("DROP TABLE uncleaned; DROP TABLE meta; PRAGMA user_version=4;")
    raw.close()
    upgraded = open_store(db_path)
    assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert upgraded.stories_stale() and upgraded.pending_document_ids() == []
    assert upgraded.story_state_meta() is None  # no state yet: the next update replays


def test_a_batch_ends_before_its_records_pass_the_byte_budget() -> None:
    from dataclasses import replace

    from crosswire.models import Skip
    from crosswire.runners.local import batches

    settings = replace(load_settings(), batch_size=200, batch_bytes=25)
    items = [doc(f"d{i}", f"/x/{i}", "x" * 10) for i in range(5)]
    items.insert(2, Skip("/x/skip", None, "unreadable"))
    sizes = [[len(getattr(x, "content", "")) for x in b] for b in batches(items, settings)]
    assert sizes == [[10, 10, 0], [10, 10], [10]]
    huge = [doc("big", "/x/big", "x" * 100)]
    assert [len(b) for b in batches(huge, settings)] == [1]  # one record alone always goes
