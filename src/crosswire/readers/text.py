"""Plain-text reader: one file -> one Document (media "text")."""

from __future__ import annotations

from collections.abc import Iterator

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers.base import absolute, file_stem
from crosswire.readers.decode import decode_bytes


def read_text(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, file bytes, settings) -> one Document, or a Skip saying why not."""
    decoded = decode_bytes(data)
    if decoded.problem:
        yield Skip(path, decoded.problem)
        return
    if not decoded.text.strip():
        yield Skip(path, "empty file (no text)")
        return
    yield Document(
        id=file_stem(path),
        path=path,
        source=absolute(path),
        media="text",
        content=decoded.text,
        format="text",
        hash=content_hash(data),
        encoding=decoded.encoding,
    )
