"""What only the SQLite store has: its file. Everything every store does (documents,
articles, search, stories, bookkeeping...) is specified once, for both backends, in
tests/test_store_spec.py; the record builders both suites use are here."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crosswire.errors import UsageError
from crosswire.models import Article, Document, Hint, content_hash
from crosswire.store import open_store
from tests.factories import make_article


def doc(id: str, source: str, text: str = "Body text.") -> Document:
    return Document(id=id, path=source, source=source, media="text", content=text,
                    format="text", hash=content_hash(text.encode()),
                    hints={"headline": Hint("H", "test")})


def article(id: str, published: str | None, outlet: str | None = None,
            body: str = "Raqqa fell.") -> Article:
    return make_article(id, body, headline=f"{id} h", published=published, outlet=outlet)


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
