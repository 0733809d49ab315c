"""WARC reader (warcio): HTML response records -> Documents, url = WARC-Target-URI.

The archive is read as a stream, record by record (a WARC.gz is unpacked as it is read, all
its gzip members as one stream), so memory holds one record's payload: at most
``max_record_bytes`` (or ``max_bytes`` when smaller) of it is unpacked, a larger payload is a
Skip and the rest of it is passed over unread; reading stops after ``max_archive_bytes``
unpacked, with a Skip. A truncated or corrupt archive yields the records that could be read,
then a Skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers.base import (
    RecordSources,
    over_limit,
    record_id,
    record_key,
    record_limit,
    size_limit,
)
from crosswire.readers.decode import decode_bytes
from crosswire.readers.streams import CORRUPT_GZIP, Unpacked, as_unpacked

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


def _document(path: str, n: int, record: Any, payload: bytes, sources: RecordSources
              ) -> Document | Skip:
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
        source=sources.source(record_key(n, url=url)),
        media="html",
        content=decoded.text,
        format="warc",
        hash=content_hash(payload),
        url=url,
        encoding=decoded.encoding,
    )


def _records(path: str, stream: Unpacked, settings: Settings) -> Iterator[Document | Skip]:
    """An unpacked WARC stream -> Documents for HTML records; a Skip at the first truncated
    record, and one when the stream stopped early (its limit, a corrupt gzip member).

    Raises whatever warcio raises on a corrupt archive (``read_warc`` turns it into a Skip).
    """
    limit, setting = record_limit(settings)
    archive = ArchiveIterator(stream)
    n = 0
    sources = RecordSources(path)
    for record in archive:
        html = is_html_record(record)
        payload = record.content_stream().read(limit + 1) if html else b""
        archive.read_to_end(record)
        n += html
        if getattr(record.raw_stream, "limit", 0):
            break  # the record was cut short (the archive is truncated, or its limit reached)
        if html and len(payload) > limit:
            yield Skip(path, over_limit("record", limit, setting), record=str(n))
        elif html:
            yield _document(path, n, record, payload, sources)
    else:
        if not (stream.over or stream.problem):
            return
    yield Skip(path, _why_stopped(stream, settings, n), record=None)


def _why_stopped(stream: Unpacked, settings: Settings, n: int) -> str:
    """(the stream, settings, HTML records met) -> why the archive ended early, in words."""
    if stream.over:
        limit = size_limit(settings.max_archive_bytes)
        return (f"stopped after {n} HTML record(s): the archive is larger than the {limit} "
                "limit when unpacked (settings.max_archive_bytes)")
    if stream.problem and stream.problem != CORRUPT_GZIP:
        return stream.problem
    return TRUNCATED if n or stream.count > len(b"WARC/") else "not a readable WARC archive"


def read_warc(path: str, data: bytes | Unpacked, settings: Settings
              ) -> Iterator[Document | Skip]:
    """(path as given, WARC or WARC.gz bytes or a stream of them, settings) -> one Document
    per HTML response, plus a Skip for a truncated or corrupt archive (after the records that
    could be read)."""
    yielded = False
    try:
        for item in _records(path, as_unpacked(data, settings.max_archive_bytes), settings):
            yielded = True
            yield item
    except Exception as error:  # warcio raises many kinds on corrupt input; the batch goes on
        yield Skip(path, f"corrupt WARC archive ({type(error).__name__}: {error})"[:200])
        return
    if not yielded:
        yield Skip(path, "no HTML response records in WARC archive")
