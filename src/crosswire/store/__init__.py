"""The store: raw documents and every stage's output, checkpointed between stages.

``open_store(url)`` picks the backend from the URL: a file path is SQLite (the embedded default).
"""

from __future__ import annotations

from crosswire.errors import UsageError
from crosswire.store.sqlite import SQLiteStore

Store = SQLiteStore


def open_store(url: str, create: bool = True) -> Store:
    """'path/to/file.db' -> an open SQLite store (created on first use unless ``create`` is
    False, for commands that only read)."""
    if url.startswith(("postgresql://", "postgres://")):
        raise UsageError("PostgreSQL stores are not supported yet: use a SQLite file path")
    return SQLiteStore(url, create)


__all__ = ["Store", "open_store"]
