"""The store specification: what every Store (crosswire.store.protocol) does, on both backends.

Every test runs on a new SQLite file and on a new database of the throwaway PostgreSQL server
(tests/pg.py; the tests fail with the reason when it cannot start, as the other PostgreSQL
tests do). Where the backends disagree, the spec test is marked xfail (strict) on the backend
that does not follow it, with the reason: fixing the backend turns it into a failure that asks
for the mark to go. What only one backend has (SQLite files, migrations, PostgreSQL URLs, the
advisory lock) stays in tests/test_store.py and tests/test_store_postgres.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.errors import UsageError
from crosswire.models import Article, Hint, Pin, Story
from crosswire.store import Store, open_store
from crosswire.store.sqlite import NEW, UNCHANGED, UPDATED
from crosswire.store.story_state import StateDelta, StateRow, StateStory
from tests.factories import make_article
from tests.pg import PgServer
from tests.test_faults_store import (  # noqa: F401  (the bookkeeping spec, run here on both)
    test_a_new_store_has_up_to_date_stories,
    test_a_pending_document_is_recovered_by_one_run_only,
    test_a_run_that_ends_releases_what_it_could_not_clean,
    test_an_article_cleaned_from_a_replaced_version_is_not_saved,
    test_an_older_build_never_overwrites_newer_stories,
    test_an_updated_document_awaits_cleaning_again,
    test_documents_a_live_run_stored_are_not_pending_for_others,
    test_readers_see_whole_story_lists_while_a_writer_rebuilds,
    test_stories_are_stale_after_articles_pins_or_deletions_until_rebuilt,
    test_stories_out_of_date_are_caught_up_only_when_their_run_is_gone,
)
from tests.test_store import article, doc

BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test: 'sqlite' or 'postgres'."""
    return str(request.param)


@pytest.fixture
def db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty database: a SQLite file path or a PostgreSQL URL (the name is the one
    the imported bookkeeping tests ask for)."""
    if backend == "sqlite":
        return str(tmp_path / "spec.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database("spec")


@pytest.fixture
def another_db_path(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A second new database on the same backend."""
    if backend == "sqlite":
        return str(tmp_path / "another.db")
    server: PgServer = request.getfixturevalue("pg_server")
    return server.new_database("another")


@pytest.fixture
def store(db_path: str) -> Iterator[Store]:
    """The store under test, open on that database; closed after the test."""
    opened = open_store(db_path)
    yield opened
    opened.close()


def differs_on(request: pytest.FixtureRequest, backend: str, reason: str,
               raises: type[BaseException] | None = None) -> None:
    """This spec is not (yet) met by ``backend``: xfail there, strictly, with the reason (and
    only by raising ``raises``, when given)."""
    if request.getfixturevalue("backend") == backend:
        request.applymarker(pytest.mark.xfail(reason=f"{backend}: {reason}", strict=True,
                                              raises=raises))


def make_stories(rows: list[tuple[str, list[str], str | None, list[str]]]) -> list[Story]:
    """[(id, article ids, first published, outlets)] -> Story records."""
    return [Story(id=i, title=i, articles=arts, outlets=outlets,
                  independent_sources=len(arts), first_published=first,
                  first_publisher=arts[0], last_published=first)
            for i, arts, first, outlets in rows]


def two_stories(store: Store) -> None:
    """The samples' shape in miniature: three articles, two stories, two outlets."""
    store.add_documents([doc(i, f"/x/{i}") for i in "abc"])
    store.save_articles([article("a", "2017-10-14", "Xinhua", "Raqqa fell to the SDF."),
                         article("b", "2017-10-18", "xinhua", "Raqqa was declared free."),
                         article("c", "2018-10-02", "i24NEWS", "Mattis spoke of Bukamal.")])
    stories = make_stories([("s-1", ["a", "b"], "2017-10-14", ["Xinhua"]),
                            ("s-2", ["c"], "2018-10-02", ["i24NEWS"])])
    assert store.replace_stories(stories, {"a": "a", "b": "a"}, store.inputs_seq())


def ids(articles: list[Article]) -> list[str]:
    return [a.id for a in articles]


# -- the store itself ---------------------------------------------------------------------------


def test_reopening_keeps_data(db_path: str) -> None:
    open_store(db_path).add_documents([doc("a", "/x/a")])
    assert open_store(db_path).count("documents") == 1


def test_the_path_names_the_same_database(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    assert open_store(store.path, create=False).count("documents") == 1


def test_count_knows_documents_articles_revisions_and_stories_only(store: Store) -> None:
    two_stories(store)
    counts = {t: store.count(t) for t in ("documents", "articles", "revisions", "stories")}
    assert counts == {"documents": 3, "articles": 3, "revisions": 0, "stories": 2}
    assert store.count() == 3
    with pytest.raises(ValueError):
        store.count("pins")


def test_store_methods_in_one_transaction_commit_together_or_not_at_all(
        store: Store, request: pytest.FixtureRequest) -> None:
    differs_on(request, "sqlite", "transaction() does not nest: a store method called inside "
               "it raises OperationalError 'cannot start a transaction within a transaction'",
               raises=sqlite3.OperationalError)
    with pytest.raises(RuntimeError), store.transaction():
        store.add_documents([doc("a", "/x/a")])
        raise RuntimeError("stop")
    assert store.count("documents") == 0
    with store.transaction():
        store.add_documents([doc("a", "/x/a")])
        store.save_articles([article("a", None)])
    assert store.count("articles") == 1


def test_reads_inside_a_write_transaction_see_its_writes(
        store: Store, request: pytest.FixtureRequest) -> None:
    differs_on(request, "postgres", "story_page opens its own repeatable-read transaction, "
               "which PostgreSQL refuses inside one that has run a query (ActiveSqlTransaction)")
    two_stories(store)
    with store.transaction():
        assert store.count("stories") == 2
        page, total = store.story_page()
    assert ([s.id for s in page], total) == (["s-2", "s-1"], 2)


def test_reads_in_a_snapshot_see_one_state_of_the_database(
        db_path: str, request: pytest.FixtureRequest) -> None:
    differs_on(request, "postgres", "PostgresStore has no snapshot() (only story_page reads "
               "in one snapshot)", raises=AttributeError)
    reader, writer = open_store(db_path), open_store(db_path)
    writer.add_documents([doc("a", "/x/a")])
    with reader.snapshot():  # type: ignore[attr-defined]
        assert reader.count("documents") == 1
        writer.add_documents([doc("b", "/x/b")])
        assert reader.count("documents") == 1
    assert reader.count("documents") == 2


# -- raw documents ----------------------------------------------------------------------------


def test_same_source_and_bytes_is_unchanged(store: Store) -> None:
    assert store.add_documents([doc("a", "/x/a.txt")])[0][1] == NEW
    assert store.add_documents([doc("a", "/x/a.txt")])[0][1] == UNCHANGED
    assert store.count("documents") == 1


def test_same_source_with_new_bytes_is_a_revision_with_the_same_id(store: Store) -> None:
    store.add_documents([doc("a", "/x/a.txt", "first")])
    stored, status = store.add_documents([doc("a", "/x/a.txt", "second")])[0]
    assert (stored.id, status) == ("a", UPDATED)
    assert store.count("revisions") == 1
    assert next(store.documents(["a"])).content == "second"


def test_same_name_from_another_source_gets_a_numeric_suffix(store: Store) -> None:
    store.add_documents([doc("a", "/x/a.txt")])
    stored, status = store.add_documents([doc("a", "/y/a.txt")])[0]
    assert (stored.id, status) == ("a-2", NEW)
    assert store.add_documents([doc("a", "/z/a.txt")])[0][0].id == "a-3"


def test_the_same_web_address_from_another_file_is_a_revision(store: Store) -> None:
    first = doc("p", "/crawl/monday/page.html", "first text")
    first.url = "https://news.example/raqqa"
    again = doc("p", "/crawl/tuesday/page.html", "corrected text")
    again.url = "https://news.example/raqqa"
    store.add_documents([first])
    stored, status = store.add_documents([again])[0]
    assert (stored.id, status) == ("p", UPDATED)
    assert store.count("documents") == 1 and store.count("revisions") == 1
    assert next(store.documents(["p"])).content == "corrected text"


def test_hints_round_trip(store: Store) -> None:
    store.add_documents([doc("a", "/x/a.txt")])
    assert next(store.documents()).hints == {"headline": Hint("H", "test")}


def test_documents_come_by_id_or_in_the_order_asked_unknown_ids_left_out(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "cab"])
    assert [d.id for d in store.documents()] == ["a", "b", "c"]
    assert [d.id for d in store.documents(["c", "zzz", "a"])] == ["c", "a"]
    assert store.document_ids() == ["a", "b", "c"]


def test_documents_without_articles_are_pending(store: Store) -> None:
    store.add_documents([doc("a", "/x/a"), doc("b", "/x/b")])
    store.save_articles([article("a", "2017-10-17")])
    assert store.pending_document_ids() == ["b"]


# -- articles ---------------------------------------------------------------------------------


def test_an_article_reads_back_as_it_was_saved(store: Store) -> None:
    saved = make_article("a", "Raqqa fell. «Liberated», said Talal Silo — 3,250 dead.",
                         headline="Raqqa falls", published="2017-10-17T12:00:00+02:00",
                         outlet="Xinhua")
    saved.evidence = {"published": "meta article:published_time"}
    saved.removed = ["Share this", "Advertisement"]
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([saved])
    back = store.article("a")
    assert back is not None and back.to_dict() == saved.to_dict()
    assert store.article("nope") is None


def test_articles_are_ordered_by_published_then_id_undated_last(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "abcd"])
    store.save_articles([article("d", "2017-10-14"), article("c", None),
                         article("b", "2017-10-18T01:40:26"), article("a", "2017-10-18")])
    assert ids(store.articles()) == ["d", "a", "b", "c"]


def test_articles_with_offsets_are_ordered_in_true_time(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "ab"])
    store.save_articles([article("a", "2017-10-18T09:00+02:00"),  # 07:00 UTC
                         article("b", "2017-10-18T08:00+00:00")])
    assert ids(store.articles()) == ["a", "b"]


def test_article_filters(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "abc"])
    store.save_articles([article("a", "2017-10-14", "Xinhua"), article("b", "2017-10-18"),
                         article("c", "2018-10-02", body="Mattis said Tuesday.")])
    assert ids(store.articles(since="2017-10-15")) == ["b", "c"]
    assert ids(store.articles(until="2017-10-18")) == ["a", "b"]
    assert ids(store.articles(outlet="xinhua")) == ["a"]
    assert ids(store.articles(search="Mattis")) == ["c"]
    assert ids(store.articles(limit=1)) == ["a"]


# -- search -------------------------------------------------------------------------------------


def test_search_finds_words_and_survives_punctuation(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None, body="The Syrian Observatory said 3,250 died.")])
    hits = store.search('observatory "3,250"')
    assert [a.id for a, _ in hits] == ["a"]
    assert "[" in hits[0][1]


def test_saving_an_article_again_replaces_its_search_entry(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None, body="old words")])
    store.save_articles([article("a", None, body="new words")])
    assert store.search("old") == []
    assert len(store.search("new")) == 1


def test_search_ranks_the_best_match_first_and_needs_every_word(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "ab"])
    store.save_articles([article("a", None, body="Raqqa. The city was taken in a long fight."),
                         article("b", None, body="Raqqa city: Raqqa residents returned to "
                                                 "Raqqa city.")])
    assert [a.id for a, _ in store.search("Raqqa city")] == ["b", "a"]
    assert [a.id for a, _ in store.search("Raqqa city", limit=1)] == ["b"]
    assert store.search("Raqqa zebra") == []


def test_a_query_without_words_is_a_usage_error(store: Store) -> None:
    for query in ("", "  ", "\x00\t"):
        with pytest.raises(UsageError, match="empty search"):
            store.search(query)
    with pytest.raises(UsageError, match="empty search"):
        store.articles(search=" \x00 ")
    with pytest.raises(UsageError, match="empty search"):
        store.story_page(q="  ")


def test_stop_words_in_a_query_are_ignored(store: Store, request: pytest.FixtureRequest) -> None:
    differs_on(request, "sqlite", "FTS5 has no stop-word list: 'the Raqqa' needs 'the' in the "
               "article (docs/store.md said a query mixing stop words works the same on both)",
               raises=AssertionError)
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None, body="Raqqa fell.")])
    assert [a.id for a, _ in store.search("the Raqqa")] == ["a"]


# -- deleting -----------------------------------------------------------------------------------


def test_delete_removes_document_article_and_search_entry(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None)])
    assert store.delete(["a", "zzz"]) == ["a"]
    assert store.article("a") is None
    assert store.count("documents") == 0
    assert store.search("Raqqa") == []


def test_delete_takes_revisions_readings_and_story_links_along(store: Store) -> None:
    two_stories(store)
    store.add_documents([doc("c", "/x/c", "second version")])
    store.save_mentions({"c": ("k", {"mentions": []})})
    assert store.count("revisions") == 1
    before = store.inputs_seq()
    assert store.delete(["c"]) == ["c"]
    assert store.count("revisions") == 0 and store.mentions({"c": "k"}) == {}
    assert store.stories_of("c") == [] and store.document_ids() == ["a", "b"]
    assert store.delete(["c"]) == [] and store.inputs_seq() == before + 1


# -- stories ------------------------------------------------------------------------------------


def test_stories_are_replaced_as_a_whole_and_read_newest_first(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "abcd"])
    store.save_articles([article(i, None) for i in "abcd"])
    first = make_stories([("s-old", ["a"], "2017-10-14", []), ("s-none", ["b"], None, []),
                          ("s-new", ["c", "d"], "2018-10-02", ["Xinhua"])])
    assert store.replace_stories(first, {"c": "c", "d": "c"}, store.inputs_seq())
    assert [s.id for s in store.stories()] == ["s-new", "s-old", "s-none"]
    assert store.story("s-new") == first[2] and store.story("nope") is None
    wire = store.article("d")
    assert wire is not None and wire.wire_group == "c"
    assert store.replace_stories(make_stories([("s-all", list("abcd"), None, [])]), {},
                                 store.inputs_seq())
    assert [s.id for s in store.stories()] == ["s-all"] and store.count("stories") == 1
    assert [s.id for s in store.stories_of("a")] == ["s-all"]


def test_story_pages_filter_and_count(store: Store) -> None:
    two_stories(store)
    page_ids = lambda page: ([s.id for s in page[0]], page[1])  # noqa: E731
    assert page_ids(store.story_page()) == (["s-2", "s-1"], 2)
    assert page_ids(store.story_page(limit=1, offset=1)) == (["s-1"], 2)
    assert page_ids(store.story_page(q="Raqqa")) == (["s-1"], 1)
    assert page_ids(store.story_page(q="Mattis Bukamal")) == (["s-2"], 1)
    assert page_ids(store.story_page(since="2018-01-01")) == (["s-2"], 1)
    assert page_ids(store.story_page(until="2017-12-31", outlet="XINHUA")) == (["s-1"], 1)


def test_outlets_and_stories_of(store: Store) -> None:
    two_stories(store)
    assert store.outlet_counts() == [("Xinhua", 2), ("i24NEWS", 1)]
    assert [s.id for s in store.stories_of("c")] == ["s-2"]
    stored = store.article("a")
    assert stored is not None and stored.wire_group == "a"


def test_the_listing_mark_changes_with_every_write_of_articles_pins_or_stories(
        store: Store) -> None:
    two_stories(store)
    marks = [store.listing_mark()]
    store.delete(["c"])
    marks.append(store.listing_mark())
    store.add_documents([doc("d", "/x/d")])
    store.save_articles([article("d", None)])  # (SQLite may give it c's rowid)
    marks.append(store.listing_mark())
    store.add_pin(Pin("merge", ("a", "d")))
    marks.append(store.listing_mark())
    with store.transaction():
        store.write_stories([], ["s-2"], {})
    marks.append(store.listing_mark())
    assert len(set(marks)) == len(marks)
    assert store.listing_mark() == marks[-1]  # reading changes nothing


# -- pins, caches, bookkeeping --------------------------------------------------------------


def test_pins_are_kept_oldest_first(store: Store) -> None:
    before = store.inputs_seq()
    store.add_pin(Pin("merge", ("a", "b")))
    store.add_pin(Pin("split", ("c",), ("a", "b")))
    assert store.pins() == [Pin("merge", ("a", "b")), Pin("split", ("c",), ("a", "b"))]
    assert store.inputs_seq() == before + 2


def test_vectors_and_readings_round_trip(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None)])
    store.save_vectors({"k1": b"\x00\x01\xff", "k2": b""})
    store.save_vectors({"k1": b"\x02"})
    assert store.vectors(["k1", "k2", "k3"]) == {"k1": b"\x02", "k2": b""}
    assert store.vectors([]) == {}
    store.save_mentions({"a": ("v1", {"mentions": [{"value": 3.5}], "n": None})})
    assert store.mentions({"a": "v1"}) == {"a": {"mentions": [{"value": 3.5}], "n": None}}
    assert store.mentions({"a": "v2"}) == {}


def test_inputs_seq_counts_only_what_the_stories_read(store: Store) -> None:
    start = store.inputs_seq()
    store.add_documents([doc("a", "/x/a")])
    store.save_vectors({"k": b"v"})
    store.save_articles([])
    assert store.inputs_seq() == start
    store.save_articles([article("a", None)])
    assert store.inputs_seq() == start + 1
    store.save_mentions({"a": ("k", {})})
    store.delete(["zzz"])
    assert store.inputs_seq() == start + 1


def test_the_state_key_is_the_databases_own_secret(db_path: str, store: Store,
                                                   request: pytest.FixtureRequest) -> None:
    key = store.state_key()
    assert len(key) == 32 and open_store(db_path).state_key() == key
    other = request.getfixturevalue("another_db_path")
    assert open_store(other).state_key() != key


# -- the story engine's state (store/story_state.py) ------------------------------------------

def _state_delta() -> StateDelta:
    """A small state: two live stories (keys 1, 2), one retired (3), rows in each, a link,
    IDF columns, wire buckets and groups, an index blob, a redirect."""
    rows = [StateRow(seq, f"a{seq}", f"k{seq}", key, 737000.0 + seq, pos, f"f{seq}".encode())
            for seq, key, pos in ((0, 1, 0), (1, 1, 1), (2, 2, 2), (3, 3, None))]
    stories = [StateStory(1, "s-a0", True, 737000.0, 737001.0, b"c1"),
               StateStory(2, "s-a2", True, 737002.0, 737002.0, b"c2"),
               StateStory(3, "s-a3", False, 737003.0, 737003.0, b"c3")]
    return StateDelta(rows=rows, stories=stories, links=[(1, 3, "similar")],
                      term_df={7: 2, 9: 1}, wire_bands=[(0, 42, "a0"), (0, 42, "a1")],
                      wire_groups={"a0": "a0", "a1": "a0"}, index=(3, b"index"),
                      redirects={"s-old": "s-a0"}, meta={"version": 1}, replace=True)


def test_the_story_state_is_written_and_read_back(store: Store) -> None:
    with store.transaction():
        store.save_story_state(_state_delta())
    assert store.story_state_meta() == {"version": 1}
    live, rows = store.live_state()
    assert [s.key for s in live] == [1, 2] and [r.seq for r in rows] == [0, 1, 2]
    assert rows[0].features == b"f0" and live[0].centroid == b"c1"
    retired, retired_rows = store.state_stories([3])
    assert not retired[0].live and [r.article_id for r in retired_rows] == ["a3"]
    assert store.retired_near(737002.5, 737010.0) == [3]
    assert store.links_of([3]) == [(1, 3, "similar")]
    assert store.term_df([7, 9, 11]) == {7: 2, 9: 1}
    assert store.wire_candidates([(0, 42)]) == {"a0", "a1"}
    assert store.wire_roots(["a1", "zz"]) == {"a1": "a0"}
    assert sorted(store.wire_members("a0")) == ["a0", "a1"]
    assert store.index_positions() == [0, 1, 2] and store.blob("index") == (3, b"index")
    assert store.redirect("s-old") == "s-a0" and store.redirect("s-a0") is None
    assert store.story_ids_of_keys([1, 3]) == {1: "s-a0", 3: "s-a3"}
    assert store.taken_story_ids(["s-a0", "s-old", "s-new"]) == {"s-a0", "s-old"}
    assert store.members_of_keys([1]) == {1: ["a0", "a1"]}


def test_a_state_delta_moves_rows_retires_stories_and_unlinks(store: Store) -> None:
    with store.transaction():
        store.save_story_state(_state_delta())
    moved = StateDelta(rows=[StateRow(1, "a1", "k1", 2, None, 1)], retired=[2],
                       removed_rows=[0], removed_stories=[1], unlinked=[(1, 3, "similar")],
                       meta={"version": 2})
    with store.transaction():
        store.save_story_state(moved)
    assert [s.key for s in store.live_state()[0]] == []
    assert store.members_of_keys([2]) == {2: ["a1", "a2"]}
    assert store.links_of([1, 3]) == [] and store.story_state_meta() == {"version": 2}
    store.forget_story_state()
    assert store.story_state_meta() is None


def test_the_change_log_lists_articles_saved_or_deleted_once_each_in_order(
        store: Store) -> None:
    store.add_documents([doc("a", "/in/a.txt"), doc("b", "/in/b.txt")])
    store.save_articles([article("a", None), article("b", None)])
    first, changed = store.article_changes(0)
    assert changed == ["a", "b"]
    store.save_articles([article("a", None, body="Raqqa fell again.")])
    store.delete(["b"])
    mark, changed = store.article_changes(first)
    assert changed == ["a", "b"] and mark > first
    with store.transaction():
        store.save_story_state(StateDelta(changes_read=mark, meta={"version": 1}))
    assert store.article_changes(0) == (0, []) and store.last_article_change() == 0
    store.save_articles([article("a", None, body="Raqqa fell a third time.")])
    assert store.article_changes(mark)[1] == ["a"]  # marks are never reused


def test_fetch_validators_are_remembered_per_url_and_replaced(store: Store) -> None:
    """(issue 16, store/fetch_state.py) the ETag and Last-Modified of what was fetched, read
    back by canonical URL; saved again, replaced; a URL never fetched is absent."""
    page, feed = "https://x.example/a", "https://x.example/feed.xml"
    assert store.fetch_validators([page, feed]) == {}
    store.save_fetch_validators({page: ('"v1"', None),
                                 feed: (None, "Tue, 19 Nov 2019 10:00:00 GMT")})
    store.save_fetch_validators({page: ('"v2"', "Wed, 20 Nov 2019 10:00:00 GMT")})
    assert store.fetch_validators([page, feed, "https://x.example/b"]) == {
        page: ('"v2"', "Wed, 20 Nov 2019 10:00:00 GMT"),
        feed: (None, "Tue, 19 Nov 2019 10:00:00 GMT")}
    many = [f"https://x.example/{n}" for n in range(1200)]  # more than one query's worth
    store.save_fetch_validators({url: (None, None) for url in many})
    assert len(store.fetch_validators(many)) == 1200


def test_deleting_a_fetched_document_forgets_its_validators(store: Store) -> None:
    """(issue 16) a page deleted from the store is no longer known as fetched: the next fetch
    asks for it again unconditionally; other URLs' validators stay."""
    page, feed = "https://x.example/a", "https://x.example/feed.xml"
    store.add_documents([doc("a", page)])
    store.save_fetch_validators({page: ('"v1"', None), feed: ('"f1"', None)})
    assert store.delete(["a"]) == ["a"]
    assert store.fetch_validators([page, feed]) == {feed: ('"f1"', None)}
