"""Stored story cards and the collection's term counts: the store keeps each story's card as
last built (served as stored, stale from the moment the story changes until rebuilt) and the
collection's term counts in step with the articles, on both backends."""

from __future__ import annotations

import json
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from crosswire import api, cards
from crosswire.config import load_settings
from crosswire.models import Story, StoryCard
from crosswire.narrate.background import background
from crosswire.narrate.framing import SourceFraming
from crosswire.narrate.framing_terms import term_counts
from crosswire.store import Store, open_store
from crosswire.web.api import CARD_HEADER
from crosswire.web.app import create_app
from tests.conftest import SAMPLES, Result
from tests.factories import copy_db
from tests.pg import PgServer
from tests.test_faults_kill import finished
from tests.test_store import article, doc

Cli = Callable[..., Result]


def story(id: str, articles: list[str], first: str | None = "2017-10-17") -> Story:
    return Story(id=id, title=id, articles=articles, outlets=[], independent_sources=1,
                 first_published=first, first_publisher=None, last_published=first)


def stored_stories(store: Store, *stories: Story) -> None:
    """articles a1..a3 and the given stories stored."""
    ids = sorted({a for s in stories for a in s.articles})
    store.add_documents([doc(i, f"/x/{i}.txt") for i in ids])
    store.save_articles([article(i, "2017-10-17", body=f"Raqqa fell, {i} said.") for i in ids])
    store.replace_stories(list(stories), {}, store.inputs_seq())


# -- story cards in the store ----------------------------------------------------------------


def test_a_story_without_a_card_row_is_listed_as_missing(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1", "a2"]), story("s-a3", ["a3"], "2018-01-01"))
    assert any_store.card("s-a1") is None
    assert any_store.stale_cards() == ["s-a3", "s-a1"]  # newest story first
    assert any_store.stale_cards(limit=1) == ["s-a3"]


def test_a_card_built_from_the_story_as_stored_is_fresh(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1", "a2"]))
    inputs = any_store.card_inputs("s-a1")
    assert inputs is not None
    assert any_store.save_card("s-a1", inputs + " settings", {"id": "s-a1", "facts": []})
    assert any_store.card("s-a1") == ({"id": "s-a1", "facts": []}, False, inputs + " settings")
    assert any_store.stale_cards() == []


def test_marking_stale_keeps_the_old_card_to_serve_meanwhile(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    inputs = any_store.card_inputs("s-a1") or ""
    any_store.save_card("s-a1", inputs, {"title": "old"})
    with any_store.transaction():  # the caller's transaction: the mark opens none
        any_store.mark_cards_stale(["s-a1", "s-new"])
    assert any_store.card("s-a1") == ({"title": "old"}, True, inputs)
    assert any_store.card("s-new") == (None, True, "")
    assert any_store.stale_cards() == ["s-a1"]  # s-new names no stored story


def test_a_card_built_from_an_older_story_does_not_clear_the_stale_mark(
        any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    old_inputs = any_store.card_inputs("s-a1") or ""
    any_store.save_articles([article("a1", "2017-10-17", body="Raqqa fell; a1 changed.")])
    with any_store.transaction():
        any_store.mark_cards_stale(["s-a1"])
    assert any_store.card_inputs("s-a1") != old_inputs  # an article's change changes it
    assert not any_store.save_card("s-a1", old_inputs, {"title": "from the old story"})
    assert any_store.card("s-a1") == ({"title": "from the old story"}, True, old_inputs)
    new_inputs = any_store.card_inputs("s-a1") or ""
    assert any_store.save_card("s-a1", new_inputs, {"title": "new"})
    assert not any_store.save_card("s-a1", old_inputs, {"title": "late and old"})
    assert any_store.card("s-a1") == ({"title": "new"}, False, new_inputs)


def test_cards_of_removed_stories_are_deleted(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    any_store.save_card("s-a1", any_store.card_inputs("s-a1") or "", {"title": "t"})
    with any_store.transaction():
        any_store.delete_cards(["s-a1"])
    assert any_store.card("s-a1") is None
    assert not any_store.save_card("s-gone", "x", {"title": "t"})  # no such story
    assert any_store.card("s-gone") is None


# -- the collection's term counts ------------------------------------------------------------


def test_term_counts_are_added_and_removed_and_zero_rows_go(any_store: Store) -> None:
    assert not any_store.terms_counted()
    any_store.add_collection_terms(Counter({"raqqa": 3, "raqqa fell": 1}), 2)
    any_store.add_collection_terms(Counter({"raqqa": -1, "raqqa fell": -1, "mosul": 2}), 0)
    counts = any_store.collection_terms()
    assert any_store.terms_counted()
    assert counts.counts == Counter({"raqqa": 2, "mosul": 2})
    assert (counts.total, counts.texts) == (4, 2)
    assert any_store.collection_terms(["mosul", "absent"]).counts == Counter({"mosul": 2})


def test_a_never_counted_store_is_counted_once_whole(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1", "a2"]))  # saved without counting terms
    any_store.replace_collection_terms(term_counts([]))
    with any_store.transaction():  # as a store upgraded from schema 5 has it
        any_store.conn.execute("DELETE FROM meta WHERE key IN ('terms_total', 'terms_texts')")
    assert not any_store.terms_counted()
    counted = background(any_store)
    assert any_store.terms_counted()
    assert counted == term_counts(a.body for a in any_store.articles())


# -- the collection's term counts follow ingest, re-ingest and delete ------------------------


def assert_terms_in_step(store: Store) -> None:
    assert store.collection_terms() == term_counts(a.body for a in store.articles())


def test_collection_terms_follow_ingest_changes_and_deletes(
        backend_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    shutil.copytree(SAMPLES, inbox)
    api.ingest([str(inbox)], db=backend_url)
    store = open_store(backend_url)
    assert_terms_in_step(store)
    changed = sorted(inbox.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA wholly new paragraph "
                       "about reconstruction funding appears.\n", encoding="utf-8")
    assert api.ingest([str(inbox)], db=store).updated == [changed.name.split(".")[0]]
    assert_terms_in_step(store)
    assert "reconstruction funding" in store.collection_terms().counts
    api.delete(store, [changed.name.split(".")[0]])
    assert_terms_in_step(store)
    assert "reconstruction funding" not in store.collection_terms().counts


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new database on each backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "terms.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database("terms")


# -- cards built, stored and read back -------------------------------------------------------


def test_a_stored_card_reads_back_as_the_card_it_was(raqqa_story: tuple[str, str]) -> None:
    db, story_id = raqqa_story
    store = open_store(db)
    card = api.story_card(store, story_id)
    data = card.to_dict()
    assert card.timeline and card.summary and card.framing  # typed records, not dicts
    assert isinstance(card.framing[next(iter(card.framing))], SourceFraming)
    assert StoryCard.from_dict(data, card.articles).to_dict() == data
    assert json.loads(json.dumps(data)) == data
    found = cards.stored_card(store, story_id, load_settings())
    assert found is not None and not found.stale and found.card.to_dict() == data


def test_the_background_read_for_a_story_frames_it_as_the_whole_collection_does(
        raqqa_story: tuple[str, str]) -> None:
    db, story_id = raqqa_story
    store = open_store(db)
    whole = term_counts(a.body for a in store.articles())
    assert cards.build_card(store, story_id, load_settings()).to_dict() == \
        cards.build_card(store, story_id, load_settings(), background=whole).to_dict()


def test_run_stores_every_card(cli: Cli, samples: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "run.db")
    assert cli("run", samples, "--db", db, "--report", tmp_path / "r.html").code == 0
    store = open_store(db)
    assert store.stale_cards() == []
    assert sorted(store.card_marks()) == sorted(s.id for s in store.stories())


def test_story_shows_the_new_card_after_an_ingest_changed_the_story(
        cli: Cli, samples: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    names = sorted(p.name for p in samples.iterdir())
    for name in names[:-2]:
        shutil.copy(samples / name, inbox / name)
    db = str(tmp_path / "s.db")
    assert cli("ingest", inbox, "--db", db).code == 0
    story_id = max(open_store(db).stories(), key=lambda s: len(s.articles)).id
    before = cli("story", story_id, "--db", db, "--json").json()
    shutil.copy(samples / names[-2], inbox / names[-2])  # the story's fourth report
    assert cli("ingest", inbox, "--db", db).code == 0
    after = cli("story", story_id, "--db", db, "--json").json()
    store = open_store(db)
    assert len(after["articles"]) == len(before["articles"]) + 1
    assert after == cards.build_card(store, story_id, load_settings()).to_dict()
    found = cards.stored_card(store, story_id, load_settings())
    assert found is not None and not found.stale and found.card.to_dict() == after


# -- the web serves cards as stored, and never waits for one ---------------------------------


@pytest.fixture
def web_db(samples_with_cards: str, tmp_path: Path) -> str:
    """A copy of the samples with every card built and stored."""
    return copy_db(samples_with_cards, tmp_path / "web.db")


def _no_building(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """-> an Event; building a card waits for it and then fails (a request that builds would
    hang or fail)."""
    release = threading.Event()

    def blocked(*args: object, **kwargs: object) -> StoryCard:
        release.wait(30)
        raise RuntimeError("a card was built")

    monkeypatch.setattr(cards, "build_card", blocked)
    return release


def test_a_stored_card_is_served_without_building_it(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    release = _no_building(monkeypatch)
    story_id = open_store(web_db).stories()[0].id
    with TestClient(create_app(web_db, None)) as client:
        try:
            page = client.get(f"/stories/{story_id}")
            answer = client.get(f"/api/stories/{story_id}")
        finally:
            release.set()  # (the refresher is not waiting for anything here)
    assert page.status_code == 200 and 'id="h-facts"' in page.text
    assert "being updated" not in page.text
    assert answer.status_code == 200 and answer.headers[CARD_HEADER] == "fresh"
    stored = cards.stored_card(open_store(web_db), story_id, load_settings())
    assert stored is not None and answer.json() == stored.card.to_dict()


def test_a_stale_card_is_served_with_a_note_while_the_new_one_is_built(web_db: str) -> None:
    store = open_store(web_db)
    story_id = max(store.stories(), key=lambda s: len(s.articles)).id
    with store.transaction():
        store.mark_cards_stale([story_id])
    with TestClient(create_app(web_db, None)) as client:
        page = client.get(f"/stories/{story_id}")
        assert page.status_code == 200 and "being updated" in page.text
        assert 'id="h-facts"' in page.text  # the previous card, whole
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and store.card_state(story_id)[0]:  # type: ignore[index]
            time.sleep(0.2)
        assert store.card_state(story_id)[0] is False  # type: ignore[index]
        fresh = client.get(f"/stories/{story_id}")
        answer = client.get(f"/api/stories/{story_id}")
    assert "being updated" not in fresh.text
    assert answer.headers[CARD_HEADER] == "fresh"


def test_a_stale_card_shows_its_story_as_it_is_now_each_time_it_changes(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire import api

    store = open_store(web_db)
    story = max(store.stories(), key=lambda s: len(s.articles))
    with store.transaction():
        store.mark_cards_stale([story.id])
    release = _no_building(monkeypatch)  # the card stays stale throughout
    with TestClient(create_app(web_db, None)) as client:
        try:
            before = client.get(f"/api/stories/{story.id}").json()
            api.delete(open_store(web_db), [story.articles[-1]])  # the story changes again
            after = client.get(f"/api/stories/{story.id}").json()
        finally:
            release.set()
    assert before["articles"] == story.articles
    assert after["articles"] == story.articles[:-1]  # not the page cached before the change


def test_a_story_without_a_card_is_shown_at_once_while_its_facts_are_worked_out(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(web_db)
    story = max(store.stories(), key=lambda s: len(s.articles))
    with store.transaction():
        store.delete_cards([story.id])
    release = _no_building(monkeypatch)
    with TestClient(create_app(web_db, None)) as client:
        try:
            started = time.monotonic()
            page = client.get(f"/stories/{story.id}")
            answer = client.get(f"/api/stories/{story.id}")
            took = time.monotonic() - started
        finally:
            release.set()  # the refresher's build, held until now, fails
    assert took < 5
    assert page.status_code == 200 and "being worked out" in page.text
    assert 'http-equiv="refresh"' in page.text
    assert str(escape(story.title)) in page.text
    assert all(f"/articles/{i}" in page.text for i in story.articles)
    assert answer.status_code == 202 and answer.json()["pending"] is True
    assert answer.json()["articles"] == story.articles


# -- the refresher -----------------------------------------------------------------------------


def test_the_refresher_builds_stale_cards_and_survives_a_failing_one(
        web_db: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    store = open_store(web_db)
    failing, other = [s.id for s in store.stories()][:2]
    with store.transaction():
        store.mark_cards_stale([failing, other])
    real = cards.build_card

    def build(store: Store, story_id: str, *args: object, **kwargs: object) -> StoryCard:
        if story_id == failing:
            raise RuntimeError("this story's card cannot be built")
        return real(store, story_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "build_card", build)
    built: list[str] = []
    refresher = cards.CardRefresher(web_db, load_settings(), interval=0.1, on_built=built.append)
    refresher.nudge([failing])
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and other not in built:
            time.sleep(0.1)
        assert refresher.running
    finally:
        refresher.stop()
    assert not refresher.running
    assert built == [other] and store.stale_cards() == [failing]
    assert "could not be built" in caplog.text


# -- kill -9 while cards are stored ----------------------------------------------------------


def test_a_run_killed_while_storing_cards_catches_up_on_the_next(tmp_path: Path) -> None:
    db, report = str(tmp_path / "k.db"), str(tmp_path / "r.html")
    args = ("run", str(SAMPLES), "--db", db, "--report", report)
    assert finished(*args, kill_at="cards-stored:1") == -signal.SIGKILL
    store = open_store(db)
    stale = store.stale_cards()
    assert len(store.stories()) - len(stale) == 1 and stale  # one stored, the rest not
    assert finished(*args) == 0
    assert store.stale_cards() == [] and Path(report).stat().st_size > 0
    assert sorted(store.card_marks()) == sorted(s.id for s in store.stories())
