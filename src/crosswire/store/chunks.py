"""Long id lists queried in parts: ``WHERE x IN (?, ?, ...)`` with at most ``CHUNK``
parameters a query (SQLite builds of old allow 999), on both backends."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
CHUNK = 500  # ids, terms or URLs per IN (...) list


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """items -> consecutive slices of at most CHUNK of them."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def placeholders(n: int) -> str:
    """n -> the placeholders of an IN list of n parameters ('?, ?, ?')."""
    return ", ".join("?" * n)
