"""HTML reader: one page -> one Document (media "html"), url from its canonical link."""

from __future__ import annotations

from collections.abc import Iterator

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers.base import absolute, canonical_url, file_stem
from crosswire.readers.decode import decode_bytes


def read_html(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, page bytes, settings) -> one Document, or a Skip saying why not.

    The url is <link rel=canonical> or og:url when the page gives an absolute one.
    """
    decoded = decode_bytes(data, html=True)
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
        media="html",
        content=decoded.text,
        format="html",
        hash=content_hash(data),
        url=canonical_url(decoded.text),
        encoding=decoded.encoding,
    )
