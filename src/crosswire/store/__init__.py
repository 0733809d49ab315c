"""The store: raw documents and every stage's output, checkpointed between stages.

``open_store(url)`` picks the backend from the URL: a file path is SQLite (the embedded
default); ``postgresql://`` (or ``postgres://``) is a PostgreSQL database on a server. Both
have the same methods and behaviour ([docs/store.md](../../../docs/store.md)).
"""

from __future__ import annotations

from typing import TypeAlias

from crosswire.store.postgres import PostgresStore
from crosswire.store.sqlite import SQLiteStore

Store: TypeAlias = SQLiteStore | PostgresStore
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: str) -> bool:
    """'postgresql://host/db' -> True; a file path -> False."""
    return url.startswith(POSTGRES_SCHEMES)


def open_store(url: str, create: bool = True) -> Store:
    """'path/to/file.db' -> an open SQLite store; 'postgresql://user@host:port/db' -> an open
    PostgreSQL store (the database must exist; its tables are created on first use unless
    ``create`` is False, for commands that only read)."""
    if is_postgres_url(url):
        return PostgresStore(url, create)
    return SQLiteStore(url, create)


__all__ = ["PostgresStore", "SQLiteStore", "Store", "is_postgres_url", "open_store"]
