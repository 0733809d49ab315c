"""Stored story cards and the collection's term counts: the store keeps each story's card as
last built (served as stored, stale from the moment the story changes until rebuilt) and the
collection's term counts in step with the articles, on both backends."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crosswire.models import Story
from crosswire.store import Store, open_store
from tests.pg import PgServer
from tests.test_store import article, doc


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    """A new, empty store on each backend."""
    if request.param == "sqlite":
        return open_store(str(tmp_path / "cards.db"))
    server: PgServer = request.getfixturevalue("pg_server")
    return open_store(server.new_database("cards"))


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
