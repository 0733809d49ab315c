"""The search syntax and the story list's order, on both backends.

The syntax (store/search_query.py) is parsed once and rendered for SQLite FTS5 and PostgreSQL
tsquery: words, "phrases", OR, prefix*, -exclusion and NOT, outlet:NAME; a query it cannot
read is a UsageError saying what to write; typed backend operators are only words. The story
list (Store.story_page) takes the same syntax, finds the same stories through its rowid/seq
map as through story_articles, and ranks by importance (store/story_order.py) unless asked
for the newest first. Store tests run on a new SQLite file and a new PostgreSQL database
(the fixtures of tests/test_store_spec.py).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crosswire.errors import UsageError
from crosswire.models import Story
from crosswire.store import Store, open_store
from crosswire.store.search_query import (
    Clause,
    Outlet,
    Text,
    fts5_match,
    outlet_sql,
    parse,
    tsquery_sql,
)
from crosswire.store.story_order import HALF_LIFE_DAYS, importance
from tests.conftest import Result
from tests.factories import make_article
from tests.pg import PgServer
from tests.test_store import doc


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test."""
    return str(request.param)


@pytest.fixture
def db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database: a SQLite file path or a PostgreSQL URL."""
    if backend == "sqlite":
        return str(tmp_path / "search.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database("search")


@pytest.fixture
def store(db_path: str) -> Iterator[Store]:
    """The store under test, open on that database; closed after the test."""
    opened = open_store(db_path)
    yield opened
    opened.close()


BODIES = {  # id: (outlet, body)
    "x1": ("Xinhua", "Raqqa fell to the SDF on Tuesday."),
    "x2": ("Al Jazeera", "Mosul was retaken by Iraqi forces."),
    "x3": ("RT", "Raqqa residents returned. The city fell quietly."),
    "x4": (None, "The president spoke about the army."),
    "x5": ("i24NEWS", "Presidential elections were held after a flood hit the city."),
}


def five_articles(store: Store) -> None:
    """Five articles of four outlets (one unknown); headlines are their ids."""
    store.add_documents([doc(i, f"/x/{i}") for i in BODIES])
    store.save_articles([make_article(i, body, headline=i, published="2017-10-17", outlet=o)
                         for i, (o, body) in BODIES.items()])


def found(store: Store, query: str) -> list[str]:
    """-> the ids of the articles a search finds, sorted."""
    return sorted(a.id for a, _ in store.search(query))


# -- the syntax -----------------------------------------------------------------------------------


def test_a_query_parses_into_clauses_all_of_which_hold() -> None:
    query = parse('raqqa "fell on tuesday" raqq* mosul OR Iraq -army NOT flood '
                  'outlet:"Al  Jazeera" AND city')
    assert query.clauses == (
        Clause((Text("raqqa"),)),
        Clause((Text("fell on tuesday", "phrase"),)),
        Clause((Text("raqq", "prefix"),)),
        Clause((Text("mosul"), Text("Iraq"))),
        Clause((Text("army"),), negated=True),
        Clause((Text("flood"),), negated=True),
        Clause((Outlet("Al Jazeera"),)),
        Clause((Text("city"),)),
    )


def test_lowercase_operators_colons_and_punctuation_alone_are_words_or_nothing() -> None:
    assert parse("war or peace").clauses == tuple(Clause((Text(w),)) for w in
                                                  ("war", "or", "peace"))
    assert parse("Update: raqqa - http://x.org 10:30").clauses == tuple(
        Clause((Text(w),)) for w in ("Update:", "raqqa", "http://x.org", "10:30"))


@pytest.mark.parametrize(("query", "message"), [
    ('raqqa "fell on', "unbalanced quote"),
    ('"', "unbalanced quote"),
    ("OR raqqa", "OR needs a term on both sides"),
    ("raqqa OR", "OR needs a term after it"),
    ("raqqa OR OR mosul", "OR needs a term on both sides"),
    ("raqqa NOT", "NOT needs a term after it"),
    ("AND raqqa", "AND needs a term on both sides"),
    ("raqqa outlet:", "outlet: needs a name"),
    ('raqqa outlet:""', "outlet: needs a name"),
    ("body:raqqa", "unknown field body:"),
    ("headline:raqqa", "unknown field headline:"),
    ("*", r"\* ends a word"),
    ("raqqa * mosul", r"\* ends a word"),
    ("u.s*", r"\* ends a word"),
    ("raqqa:* mosul", r"\* ends a word"),
    ('"fell on"*', r"\* after a phrase"),
    ("-raqqa", "no word to look for"),
    ("outlet:Xinhua", "no word to look for"),
    ("raqqa OR outlet:RT", "OR joins words or phrases, or outlet: fields"),
    ("raqqa OR -mosul", "OR joins words or phrases, or outlet: fields"),
    ("  \x00 ", "empty search query"),
    ("- ; ! &", "empty search query"),
])
def test_a_query_the_syntax_cannot_read_says_what_to_write(query: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse(query)


def test_fts5_gets_every_string_quoted_and_only_its_own_operators() -> None:
    query = parse('NEAR(raqqa mosul) "a b" OR c ^x raqq* -{body}:y -"z w"')
    assert fts5_match(query) == ('(("NEAR(raqqa" AND "mosul)" AND ("a b" OR "c") AND "^x" AND '
                                 '"raqq" *) NOT "{body}:y") NOT "z w"')


def test_postgres_gets_user_text_only_as_bound_parameters() -> None:
    sql, args = tsquery_sql(parse("raqqa 'x':A & !y | z <-> w \"a b\" raqq* -army"))
    assert "raqqa" not in sql and "'x'" not in sql and "army" not in sql
    assert args == ["raqqa", "'x':A", "!y", "z", "w", "a b", "'raqq':*", "army"]  # & | <-> dropped
    assert sql.count("%s") == len(args)
    where, names = outlet_sql(parse("x outlet:RT -outlet:\"Al Jazeera\""), mark="%s")
    assert names == ["RT", "Al Jazeera"] and "RT" not in where


# -- searching, on both backends ------------------------------------------------------------------


def test_every_word_is_needed(store: Store) -> None:
    five_articles(store)
    assert found(store, "raqqa fell") == ["x1", "x3"]
    assert found(store, "raqqa mosul") == []


def test_a_phrase_needs_its_words_in_order(store: Store) -> None:
    five_articles(store)
    assert found(store, '"raqqa fell"') == ["x1"]
    assert found(store, '"fell raqqa"') == []


def test_or_finds_either(store: Store) -> None:
    five_articles(store)
    assert found(store, "Raqqa OR Mosul") == ["x1", "x2", "x3"]
    assert found(store, "Raqqa OR Mosul city") == ["x3"]


def test_a_prefix_finds_words_starting_so(store: Store) -> None:
    five_articles(store)
    assert found(store, "raqq*") == ["x1", "x3"]
    assert found(store, "presid*") == ["x4", "x5"]


def test_excluded_words_and_outlets_are_left_out(store: Store) -> None:
    five_articles(store)
    assert found(store, "raqqa -sdf") == ["x3"]
    assert found(store, "raqqa NOT sdf") == ["x3"]
    assert found(store, 'raqqa -"to the SDF"') == ["x3"]
    assert found(store, "raqqa -outlet:rt") == ["x1"]
    assert found(store, "army -outlet:RT") == ["x4"]  # an unknown outlet is not RT


def test_the_outlet_field_matches_any_case_and_names_with_spaces(store: Store) -> None:
    five_articles(store)
    assert found(store, "raqqa outlet:XINHUA") == ["x1"]
    assert found(store, 'outlet:"al jazeera" mosul') == ["x2"]
    assert found(store, "city outlet:RT OR outlet:i24news") == ["x3", "x5"]
    assert store.articles(search="fell outlet:RT") == [store.article("x3")]


def test_snippets_bracket_what_matched(store: Store) -> None:
    five_articles(store)
    for query in ("Raqqa OR Mosul", "raqq*", '"raqqa fell"', "raqqa outlet:Xinhua"):
        for _, snippet in store.search(query):
            assert "[" in snippet and "]" in snippet, (query, snippet)


@pytest.mark.parametrize("query", [
    "raqqa | mosul", "raqqa & mosul", "raqqa <-> mosul", "!mosul raqqa", "NEAR(raqqa mosul)",
    "'raqqa':A mosul", "{headline}: mosul raqqa", "^raqqa mosul", "raqqa \\ mosul '",
    "raqqa'); DROP TABLE articles; --", "raqqa*mosul",
])
def test_typed_backend_operators_are_only_words(store: Store, query: str) -> None:
    five_articles(store)
    assert found(store, query) == []  # no article holds both raqqa and mosul
    assert store.count() == 5


# -- the story list, on both backends -------------------------------------------------------------


def stories_of_five(store: Store) -> None:
    """x1+x3 (Raqqa), x2 (Mosul), x4+x5 (president): three stories."""
    five_articles(store)
    rows = [("s-raqqa", ["x1", "x3"], 2, "2017-10-14"), ("s-mosul", ["x2"], 1, "2017-10-18"),
            ("s-pres", ["x4", "x5"], 2, None)]
    stories = [Story(id=i, title=i, articles=arts, outlets=[], independent_sources=n,
                     first_published=first, first_publisher=arts[0], last_published=first)
               for i, arts, n, first in rows]
    assert store.replace_stories(stories, {}, store.inputs_seq())


def page(store: Store, q: str | None = None, sort: str = "importance") -> list[str]:
    return [s.id for s in store.story_page(q=q, limit=100, sort=sort)[0]]


def stories_holding_hits(store: Store, q: str) -> list[str]:
    """-> the stories holding an article the search finds (the listing as it was made
    through story_articles), sorted."""
    hits = {a.id for a, _ in store.search(q, 1000)}
    return sorted(s.id for s in store.stories() if hits & set(s.articles))


def test_the_story_list_takes_the_search_syntax(store: Store) -> None:
    stories_of_five(store)
    assert sorted(page(store, "Raqqa OR Mosul")) == ["s-mosul", "s-raqqa"]
    assert page(store, "raqq* outlet:RT") == ["s-raqqa"]
    assert page(store, "city -outlet:RT") == ["s-pres"]
    with pytest.raises(UsageError, match="unbalanced quote"):
        store.story_page(q='"raqqa')


@pytest.mark.parametrize("query", ["raqqa", "city", "Raqqa OR Mosul", "presid*", '"raqqa fell"',
                                   "city -flood", "fell outlet:Xinhua", "president OR army"])
def test_the_fast_filter_finds_the_stories_holding_the_hits(store: Store, query: str) -> None:
    stories_of_five(store)
    assert sorted(page(store, query)) == stories_holding_hits(store, query)
    assert store.story_page(q=query)[1] == len(stories_holding_hits(store, query))


def test_the_filter_follows_stories_rewritten_and_articles_deleted(store: Store) -> None:
    stories_of_five(store)
    moved = Story(id="s-all", title="all", articles=["x1", "x2", "x3"], outlets=[],
                  independent_sources=3, first_published="2017-10-14", first_publisher="x1",
                  last_published="2017-10-18")
    with store.transaction():
        store.write_stories([moved], ["s-raqqa", "s-mosul"], {})
    assert page(store, "Raqqa OR Mosul") == ["s-all"]
    store.delete(["x2"])
    assert page(store, "mosul") == []
    store.add_documents([doc("x6", "/x/x6")])  # may take the deleted article's row number
    store.save_articles([make_article("x6", "Mosul again.", headline="x6")])
    assert page(store, "mosul") == []  # in no story
    assert page(store, "raqqa") == ["s-all"]


def stories_in_two_orders(store: Store) -> list[Story]:
    """four stories whose order by importance differs from their order by date."""
    names = ("b1", "b2", "b3", "b4", "n1", "o1", "u1")
    store.add_documents([doc(i, f"/x/{i}") for i in names])
    store.save_articles([make_article(i, "Words.", headline=i) for i in names])
    rows = [("s-big", ["b1", "b2", "b3", "b4"], 4, "2017-10-16"),
            ("s-new", ["n1"], 1, "2017-10-17"),
            ("s-old", ["o1"], 1, "2017-10-14"),
            ("s-undated", ["u1"], 1, None)]
    stories = [Story(id=i, title=i, articles=arts, outlets=[], independent_sources=n,
                     first_published=day, first_publisher=arts[0], last_published=day)
               for i, arts, n, day in rows]
    assert store.replace_stories(stories, {}, store.inputs_seq())
    return stories


def test_the_list_is_ordered_by_importance_unless_newest_is_asked(store: Store) -> None:
    stories = stories_in_two_orders(store)
    assert page(store) == ["s-big", "s-new", "s-old", "s-undated"]
    assert page(store, sort="newest") == ["s-new", "s-big", "s-old", "s-undated"]
    assert store.story_page(limit=1, offset=1) == ([stories[1]], 4)
    with pytest.raises(UsageError, match="importance or newest"):
        store.story_page(sort="oldest")


def test_a_store_upgraded_from_before_the_list_tables_gets_them_filled(
        store: Store, backend: str, db_path: str) -> None:
    stories_of_five(store)
    stories_in_two_orders(store)  # (replaces them: the two orders differ here)
    before = (page(store), page(store, "Raqqa OR Mosul"))
    assert before[0] != page(store, sort="newest")  # an empty story_rank would not pass
    with store.transaction():
        for table in ("story_rank", "article_stories"):
            store._run(f"DELETE FROM {table}", ())  # type: ignore[attr-defined]
    store.close()
    if backend == "sqlite":
        with sqlite3.connect(db_path) as conn:
            conn.execute("PRAGMA user_version=7")
    else:
        import psycopg
        with psycopg.connect(db_path, autocommit=True) as conn:
            conn.execute("UPDATE crosswire_schema SET version = 7")
    reopened = open_store(db_path)
    try:
        assert (page(reopened), page(reopened, "Raqqa OR Mosul")) == before
    finally:
        reopened.close()


# -- importance -----------------------------------------------------------------------------------


def test_importance_weighs_sources_against_days() -> None:
    day = importance(1, "2017-10-17")
    assert day is not None
    assert importance(3, "2017-10-17") == pytest.approx(day + 1)  # 1 + sources doubled
    assert importance(1, "2017-10-19") == pytest.approx(day + 2 / HALF_LIFE_DAYS)
    assert importance(1, "2017-10-17T03:00:00+03:00") == pytest.approx(day)  # midnight UTC
    assert importance(1, "2017-10-17T00:00:00") == pytest.approx(day)
    assert importance(0, "2017-10-17") == pytest.approx(day - 1)
    assert importance(1, None) is None and importance(1, "soon") is None
    assert math.isfinite(importance(None, "2017-10-17") or math.nan)


# -- where people type it -------------------------------------------------------------------------


def test_the_cli_lists_by_importance_or_newest_and_says_what_to_write(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    written = open_store(db)
    stories_of_five(written)
    written.close()
    listed = cli("stories", "--db", db, "--json", "--sort", "newest")
    assert [s["id"] for s in listed.jsonl()] == ["s-mosul", "s-raqqa", "s-pres"]
    assert cli("stories", "--db", db, "--sort", "oldest").code == 2
    assert [a["id"] for a in cli("search", "--db", db, "--json", "--", "raqq*",
                                 "-outlet:RT").jsonl()] == ["x1"]
    refused = cli("search", "--db", db, '"raqqa')
    assert refused.code == 2 and "unbalanced quote" in refused.err
