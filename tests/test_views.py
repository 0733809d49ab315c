"""The SQL views (schema 8): facts, their reports, quotes and stories as rows that datasette,
sqlite3 or psql users can browse and query, read from the stored cards and articles, on
both backends alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crosswire.models import Fact, Story, StoryCard
from crosswire.store import Store, open_store
from crosswire.store.sqlite import SCHEMA_VERSION
from tests.factories import make_article, make_figure
from tests.test_store import doc

VIEWS = ("article_sources", "story_list", "story_sources", "facts", "fact_reports", "quotes")
QUOTE = 'We said "enough", and meant it,\nall of it'


def rows(store: Store, sql: str) -> list[dict[str, Any]]:
    """(store, a SELECT) -> its rows as {column: value}, on either backend."""
    cursor = store.conn.execute(sql)  # type: ignore[attr-defined]
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def toll_fact() -> Fact:
    """A conflicting death toll: Xinhua's 1,130 against an unnamed site's 1,000 to 1,200."""
    one = make_figure("a1", 1130.0, unit="civilian", subject="civilians killed",
                      attributed_to="Syrian Observatory", as_of="2017-10-17")
    other = make_figure("a2", [1000.0, 1200.0], unit="civilian", subject="civilians killed",
                        qualifier="about", as_of="2017-10-17")
    one.outlet = "Xinhua"
    return Fact(id="fact-toll", kind="quantity", subject="civilians killed",
                status="conflicting", reason="1,130 against 1,000-1,200 on the same day.",
                reports=[one, other], origins=["Syrian Observatory", "Raqqa Post"])


def quote_fact() -> Fact:
    said = make_figure("a2", 0.0, kind="quote", text=QUOTE, speaker="Mayor Ali",
                       subject="Mayor Ali", unit=None)
    said.value = None
    return Fact(id="fact-said", kind="quote", subject="Mayor Ali: enough", status="single-source",
                reason="1 source reports these words.", reports=[said])


@pytest.fixture
def stored(any_store: Store) -> Store:
    """Three articles (Xinhua; an unknown outlet with a URL; an unknown outlet without one),
    the story s-a1 of the first two with a fresh card of two facts, and s-a3 without a card."""
    arts = [make_article("a1", "Raqqa fell.", headline="Raqqa falls", outlet="Xinhua",
                         published="2017-10-17"),
            make_article("a2", "Raqqa fell too.", headline="City taken",
                         published="2017-10-16"),
            make_article("a3", "Elsewhere.", headline="Other news", published="2018-01-01")]
    arts[1].url = "https://www.raqqapost.example/news/1?x=1"
    any_store.add_documents([doc(a.id, f"/x/{a.id}.txt", a.body) for a in arts])
    any_store.save_articles(arts)
    story = Story(id="s-a1", title="Raqqa falls", articles=["a1", "a2"], outlets=["Xinhua"],
                  independent_sources=2, first_published="2017-10-16", first_publisher="a2",
                  last_published="2017-10-17")
    lone = Story(id="s-a3", title="Other news", articles=["a3"], outlets=[],
                 independent_sources=1, first_published="2018-01-01", first_publisher="a3",
                 last_published="2018-01-01")
    any_store.replace_stories([lone, story], {}, any_store.inputs_seq())
    card = StoryCard(story, arts[:2], [toll_fact(), quote_fact()])
    assert any_store.save_card("s-a1", any_store.card_inputs("s-a1") or "", card.to_dict())
    return any_store


def test_every_view_exists_on_a_new_store(any_store: Store) -> None:
    for view in VIEWS:
        assert rows(any_store, f"SELECT * FROM {view}") == []


def test_facts_has_one_row_per_fact_in_the_cards_order(stored: Store) -> None:
    found = rows(stored, "SELECT * FROM facts ORDER BY story_id, fact_no")
    assert [(f["fact_no"], f["fact_id"], f["kind"], f["status"]) for f in found] == [
        (1, "fact-toll", "quantity", "conflicting"), (2, "fact-said", "quote", "single-source")]
    toll = found[0]
    assert (toll["story_id"], toll["story_title"], toll["subject"]) == (
        "s-a1", "Raqqa falls", "civilians killed")
    assert (toll["reports"], toll["articles"], toll["card_stale"]) == (2, 2, 0)
    assert toll["origins"] == "Syrian Observatory, Raqqa Post"
    assert toll["reason"].startswith("1,130 against")


def test_fact_reports_name_each_source_and_split_ranges(stored: Store) -> None:
    found = rows(stored, "SELECT * FROM fact_reports WHERE fact_id = 'fact-toll' "
                         "ORDER BY report_no")
    xinhua, site = found
    assert (xinhua["source"], xinhua["outlet"], xinhua["headline"]) == (
        "Xinhua", "Xinhua", "Raqqa falls")
    assert (xinhua["value"], xinhua["value_low"], xinhua["value_high"]) == (1130, 1130, 1130)
    assert (xinhua["unit"], xinhua["qualifier"], xinhua["attributed_to"]) == (
        "civilian", "exact", "Syrian Observatory")
    assert (xinhua["fact_status"], xinhua["as_of"], xinhua["article_id"]) == (
        "conflicting", "2017-10-17", "a1")
    assert xinhua["cite_start"] == 0 and xinhua["cite_end"] == len(xinhua["text"])
    # no outlet known: the headline and the domain of the URL, never the bare id
    assert (site["source"], site["outlet"]) == ("City taken (raqqapost.example)", None)
    assert site["url"] == "https://www.raqqapost.example/news/1?x=1"
    assert (site["value"], site["value_low"], site["value_high"]) == (None, 1000, 1200)


def test_quotes_hold_the_quoted_words_with_speaker_and_source(stored: Store) -> None:
    [quote] = rows(stored, "SELECT * FROM quotes")
    assert (quote["speaker"], quote["quote"], quote["source"]) == (
        "Mayor Ali", QUOTE, "City taken (raqqapost.example)")
    assert (quote["story_id"], quote["fact_id"], quote["published"]) == (
        "s-a1", "fact-said", "2017-10-16")


def test_story_sources_list_each_article_by_name(stored: Store) -> None:
    found = rows(stored, "SELECT * FROM story_sources ORDER BY story_id, article_id")
    assert [(s["story_id"], s["source"], s["first_publisher"]) for s in found] == [
        ("s-a1", "Xinhua", 0), ("s-a1", "City taken (raqqapost.example)", 1),
        ("s-a3", "Other news", 1)]
    assert found[1]["domain"] == "raqqapost.example"
    assert found[0]["story_title"] == "Raqqa falls"


def test_story_list_counts_and_names_and_says_how_its_card_stands(stored: Store) -> None:
    found = {s["story_id"]: s for s in rows(stored, "SELECT * FROM story_list")}
    raqqa = found["s-a1"]
    assert (raqqa["title"], raqqa["articles"], raqqa["independent_sources"]) == (
        "Raqqa falls", 2, 2)
    assert (raqqa["outlets"], raqqa["first_publisher"]) == ("Xinhua", "City taken "
                                                            "(raqqapost.example)")
    assert (raqqa["facts"], raqqa["disagreements"], raqqa["card"]) == (2, 1, "fresh")
    assert (found["s-a3"]["card"], found["s-a3"]["facts"]) == ("not built", None)


def test_views_follow_the_stored_card_stale_or_rebuilt(stored: Store) -> None:
    with stored.transaction():
        stored.mark_cards_stale(["s-a1"])
    assert {r["card_stale"] for r in rows(stored, "SELECT card_stale FROM fact_reports")} == {1}
    assert rows(stored, "SELECT card FROM story_list WHERE story_id = 's-a1'") == [
        {"card": "stale"}]
    story = stored.story("s-a1")
    assert story is not None
    rebuilt = StoryCard(story, [], [quote_fact()]).to_dict()
    assert stored.save_card("s-a1", stored.card_inputs("s-a1") or "", rebuilt)
    assert [r["fact_id"] for r in rows(stored, "SELECT fact_id FROM facts")] == ["fact-said"]


def test_an_older_sqlite_store_gets_the_views_on_open(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        for view in VIEWS:
            conn.execute(f"DROP VIEW {view}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    store = open_store(path)
    assert [rows(store, f"SELECT count(*) AS n FROM {v}") for v in VIEWS] == [[{"n": 0}]] * 6


def test_an_older_postgres_store_gets_the_views_on_open(pg_server: Any) -> None:
    url = pg_server.new_database("views")
    store = open_store(url)
    with store.transaction():
        for view in reversed(VIEWS):
            store.conn.execute(f"DROP VIEW {view}")  # type: ignore[attr-defined]
        store.conn.execute("UPDATE crosswire_schema SET version = %s",  # type: ignore[attr-defined]
                           (SCHEMA_VERSION - 1,))
    store.close()
    store = open_store(url)
    assert [rows(store, f"SELECT count(*) AS n FROM {v}") for v in VIEWS] == [[{"n": 0}]] * 6
