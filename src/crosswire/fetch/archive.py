"""Every response of a run kept in a WARC archive (warcio, gzip), so a collection can be read
again offline (``crosswire ingest FOLDER`` reads WARC files: readers/warc.py) and shared.

Each run writes one file, ``<UTC time>-<pid>.warc.gz``, in the archive folder: beside a SQLite
store, ``<database file>.warc/``; elsewhere the folder ``fetch_warc_dir`` names. The file is
created with the first response. Each response is a ``request`` and a ``response`` record
(its own gzip member, flushed at once, so a killed run keeps every record written). The
payload is the body as crosswire read it, its Content-Encoding undone (the header is dropped
and Content-Length set to match, so any WARC reader takes it as it is); a body that was not
read whole (over a limit, of the wrong type, too slow) is written empty with the standard
``WARC-Truncated`` header naming why.
"""

from __future__ import annotations

import io
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire import __version__
from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.store import is_postgres_url

DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def archive_folder(store_path: str, settings: Settings) -> Path:
    """(the store's path or URL, settings) -> the folder the run's WARC file goes to;
    UsageError for a PostgreSQL store without ``fetch_warc_dir``."""
    if settings.fetch_warc_dir:
        return Path(settings.fetch_warc_dir).expanduser().resolve()
    if is_postgres_url(store_path) or store_path in ("", ":memory:"):
        raise UsageError("fetch keeps every response in a WARC archive: name its folder with "
                         "--warc-dir or CROSSWIRE_FETCH_WARC_DIR (the store is no file to put "
                         "it beside)")
    db = Path(store_path).expanduser().resolve()
    return db.with_name(db.name + ".warc")


class WarcArchive:
    """One run's WARC file, written from any thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self.records = 0
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._lock = threading.Lock()
        self.closed = False

    def _open(self) -> WARCWriter:
        """-> the writer, the folder and file created on first use (with a warcinfo record)."""
        if self._writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            self.path = self.folder / f"{stamp}-{os.getpid()}.warc.gz"
            self._file = self.path.open("xb")
            self._writer = WARCWriter(self._file, gzip=True, warc_version="1.1")
            info = self._writer.create_warcinfo_record(
                self.path.name, {"software": f"crosswire/{__version__}",
                                 "format": "WARC File Format 1.1"})
            self._writer.write_record(info)
        return self._writer

    def write(self, url: str, request: list[tuple[str, str]], status_line: str,
              headers: list[tuple[str, str]], body: bytes | None,
              truncated: str | None = None) -> None:
        """(the URL asked, the request's headers, the response's '200 OK' and headers, the
        body as read or None when it was not read, why not: 'length' | 'time' |
        'unspecified') -> a request and a response record appended and flushed."""
        kept = [(k, v) for k, v in headers if k.lower() not in DROPPED_HEADERS]
        payload = body or b""
        kept.append(("Content-Length", str(len(payload))))
        with self._lock:
            if self.closed:  # a request still in flight when the run was interrupted
                return
            writer = self._open()
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload),
                http_headers=StatusAndHeaders(status_line, kept, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Truncated": truncated} if truncated else None)
            target = _request_target(url)
            asked = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", request,
                                              is_http_request=True),
                warc_headers_dict={"WARC-Concurrent-To":
                                   response.rec_headers.get_header("WARC-Record-ID")})
            writer.write_record(response)
            writer.write_record(asked)
            assert self._file is not None
            self._file.flush()
            self.records += 1

    def close(self) -> None:
        """The file closed (nothing is created when nothing was written)."""
        with self._lock:
            self.closed = True
            if self._file is not None:
                self._file.close()
                self._file, self._writer = None, None


def _request_target(url: str) -> str:
    """'https://x.com/a?b=1' -> '/a?b=1'."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
