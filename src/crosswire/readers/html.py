"""HTML reader: one page -> one Document (media "html"), url from its canonical link."""

from __future__ import annotations

from collections.abc import Iterator

from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.readers.base import whole_file_document


def read_html(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, page bytes, settings) -> one Document, or a Skip saying why not.

    The url is <link rel=canonical> or og:url when the page gives an absolute one.
    """
    yield whole_file_document(path, data, "html")
