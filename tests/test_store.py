"""The SQLite store: idempotent by content, revisions kept, ids unique, FTS search, filters."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crosswire.errors import UsageError
from crosswire.models import Article, Document, Hint, content_hash
from crosswire.store import Store, open_store
from crosswire.store.sqlite import NEW, UNCHANGED, UPDATED
from tests.factories import make_article


def doc(id: str, source: str, text: str = "Body text.") -> Document:
    return Document(id=id, path=source, source=source, media="text", content=text,
                    format="text", hash=content_hash(text.encode()),
                    hints={"headline": Hint("H", "test")})


def article(id: str, published: str | None, outlet: str | None = None,
            body: str = "Raqqa fell.") -> Article:
    return make_article(id, body, headline=f"{id} h", published=published, outlet=outlet)


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


def test_hints_round_trip(store: Store) -> None:
    store.add_documents([doc("a", "/x/a.txt")])
    assert next(store.documents()).hints == {"headline": Hint("H", "test")}


def test_documents_without_articles_are_pending(store: Store) -> None:
    store.add_documents([doc("a", "/x/a"), doc("b", "/x/b")])
    store.save_articles([article("a", "2017-10-17")])
    assert store.pending_document_ids() == ["b"]


def test_articles_are_ordered_by_published_then_id_undated_last(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "abcd"])
    store.save_articles([article("d", "2017-10-14"), article("c", None),
                         article("b", "2017-10-18T01:40:26"), article("a", "2017-10-18")])
    assert [a.id for a in store.articles()] == ["d", "a", "b", "c"]


def test_article_filters(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "abc"])
    store.save_articles([article("a", "2017-10-14", "Xinhua"), article("b", "2017-10-18"),
                         article("c", "2018-10-02", body="Mattis said Tuesday.")])
    assert [a.id for a in store.articles(since="2017-10-15")] == ["b", "c"]
    assert [a.id for a in store.articles(until="2017-10-18")] == ["a", "b"]
    assert [a.id for a in store.articles(outlet="xinhua")] == ["a"]
    assert [a.id for a in store.articles(search="Mattis")] == ["c"]
    assert [a.id for a in store.articles(limit=1)] == ["a"]


def test_search_finds_words_and_survives_punctuation(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None, body="The Syrian Observatory said 3,250 died.")])
    hits = store.search('observatory "3,250')
    assert [a.id for a, _ in hits] == ["a"]
    assert "[" in hits[0][1]


def test_saving_an_article_again_replaces_its_search_entry(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None, body="old words")])
    store.save_articles([article("a", None, body="new words")])
    assert store.search("old") == []
    assert len(store.search("new")) == 1


def test_delete_removes_document_article_and_search_entry(store: Store) -> None:
    store.add_documents([doc("a", "/x/a")])
    store.save_articles([article("a", None)])
    assert store.delete(["a", "zzz"]) == ["a"]
    assert store.article("a") is None
    assert store.count("documents") == 0
    assert store.search("Raqqa") == []


def test_reopening_keeps_data(db_path: str) -> None:
    open_store(db_path).add_documents([doc("a", "/x/a")])
    assert open_store(db_path).count("documents") == 1


def test_articles_with_offsets_are_ordered_in_true_time(store: Store) -> None:
    store.add_documents([doc(i, f"/x/{i}") for i in "ab"])
    store.save_articles([article("a", "2017-10-18T09:00+02:00"),  # 07:00 UTC
                         article("b", "2017-10-18T08:00+00:00")])
    assert [a.id for a in store.articles()] == ["a", "b"]


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users (name TEXT)")
    with pytest.raises(UsageError, match="another program"):
        open_store(str(path))
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
    assert tables == ["users"]


def test_reading_a_missing_database_does_not_create_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no crosswire database"):
        open_store(str(tmp_path / "typo.db"), create=False)
    assert not (tmp_path / "typo.db").exists()


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

