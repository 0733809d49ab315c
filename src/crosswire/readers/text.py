"""Plain-text reader: one file -> one Document (media "text")."""

from __future__ import annotations

from collections.abc import Iterator

from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.readers.base import whole_file_document


def read_text(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, file bytes, settings) -> one Document, or a Skip saying why not."""
    yield whole_file_document(path, data, "text")
