"""The store: raw documents and every stage's output, checkpointed between stages.

``open_store(url)`` picks the backend from the URL: a file path is SQLite (the embedded
default); ``postgresql://`` (or ``postgres://``) is a PostgreSQL database on a server. Both
implement :class:`Store` (store/protocol.py), the methods the rest of crosswire calls, with
the same behaviour (docs/store.md, tests/test_store_spec.py). The PostgreSQL backend needs
psycopg (the ``scale`` extra) and is imported only when a PostgreSQL URL is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosswire.errors import UsageError
from crosswire.store.protocol import Store
from crosswire.store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from crosswire.store.postgres import PostgresStore

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(url: str) -> bool:
    """'postgresql://host/db' -> True; a file path -> False."""
    return url.startswith(POSTGRES_SCHEMES)


def _postgres_store_class() -> type[PostgresStore]:
    """-> PostgresStore; UsageError saying what to install when psycopg is missing."""
    try:
        from crosswire.store.postgres import PostgresStore
    except ImportError as exc:
        raise UsageError("PostgreSQL stores need psycopg: pip install 'crosswire[scale]' "
                         f"({exc})") from exc
    return PostgresStore


def open_store(url: str, create: bool = True) -> Store:
    """'path/to/file.db' -> an open SQLite store; 'postgresql://user@host:port/db' -> an open
    PostgreSQL store (the database must exist; its tables are created on first use unless
    ``create`` is False, for commands that only read)."""
    if is_postgres_url(url):
        return _postgres_store_class()(url, create)
    return SQLiteStore(url, create)


def __getattr__(name: str) -> Any:
    """``from crosswire.store import PostgresStore`` imports the backend on demand."""
    if name == "PostgresStore":
        return _postgres_store_class()
    raise AttributeError(name)


__all__ = ["PostgresStore", "SQLiteStore", "Store", "is_postgres_url", "open_store"]
