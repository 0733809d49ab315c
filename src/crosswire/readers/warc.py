"""WARC reader (warcio): HTML response records -> Documents, url = WARC-Target-URI.

A truncated or corrupt archive yields the records that could be read, then a Skip.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers.base import record_id, record_key, record_source, size_limit, unique_key
from crosswire.readers.decode import decode_bytes

HTML_TYPES = ("text/html", "application/xhtml+xml")
TRUNCATED = "truncated WARC record"


def _content_type(record: Any) -> tuple[str, str | None]:
    """warcio record -> (mime type, charset or None) of its payload."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    raw = (headers.get_header("Content-Type") if headers else None) or ""
    mime, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def is_html_record(record: Any) -> bool:
    """warcio record -> True for a 2xx HTML response (or an HTML resource record)."""
    if record.rec_type not in ("response", "resource"):
        return False
    if record.rec_type == "response":
        status = record.http_headers.get_statuscode() if record.http_headers else ""
        if not str(status or "").startswith("2"):
            return False
    return _content_type(record)[0] in HTML_TYPES


def _document(path: str, n: int, record: Any, payload: bytes, taken: set[str]) -> Document | Skip:
    """(path, record number, record, its payload, record keys already used in the archive) ->
    Document, or a Skip saying why not. The source is keyed on WARC-Target-URI (a re-crawl of
    the page gives a new WARC-Record-ID but the same URI), else on the record number."""
    decoded = decode_bytes(payload, declared=_content_type(record)[1], html=True)
    if decoded.problem or not decoded.text.strip():
        return Skip(path, decoded.problem or "empty HTML response", record=str(n))
    uri = record.rec_headers.get_header("WARC-Target-URI")
    url = (uri.strip("<> ") or None) if uri else None
    return Document(
        id=record_id(path, n),
        path=path,
        source=record_source(path, unique_key(record_key(n, url=url), taken)),
        media="html",
        content=decoded.text,
        format="warc",
        hash=content_hash(payload),
        url=url,
        encoding=decoded.encoding,
    )


def _records(path: str, data: bytes, max_bytes: int) -> Iterator[Document | Skip]:
    """WARC bytes -> Documents for HTML records; a Skip at the first truncated record.

    Raises whatever warcio raises on a corrupt archive (``read_warc`` turns it into a Skip).
    """
    archive = ArchiveIterator(io.BytesIO(data))
    n, end = 0, 0
    taken: set[str] = set()
    for record in archive:
        html = is_html_record(record)
        payload = record.content_stream().read(max_bytes + 1) if html else b""
        archive.read_to_end(record)
        end = archive.get_record_offset() + archive.get_record_length()
        n += html
        if getattr(record.raw_stream, "limit", 0):
            yield Skip(path, TRUNCATED, record=str(n) if html else None)
            return
        if html and len(payload) > max_bytes:
            yield Skip(
                path,
                f"record larger than the {size_limit(max_bytes)} limit (settings.max_bytes)",
                record=str(n),
            )
        elif html:
            yield _document(path, n, record, payload, taken)
    if data[end:].strip(b"\r\n\x00 "):
        yield Skip(path, TRUNCATED if n or end else "not a readable WARC archive")


def read_warc(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, WARC or WARC.gz bytes, settings) -> one Document per HTML response, plus a
    Skip for a truncated or corrupt archive (after the records that could be read)."""
    yielded = False
    try:
        for item in _records(path, data, settings.max_bytes):
            yielded = True
            yield item
    except Exception as error:  # warcio raises many kinds on corrupt input; the batch goes on
        yield Skip(path, f"corrupt WARC archive ({type(error).__name__}: {error})"[:200])
        return
    if not yielded:
        yield Skip(path, "no HTML response records in WARC archive")
