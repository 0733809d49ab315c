"""Paths -> files -> (format, bytes or a stream) -> the right reader.

Paths are expanded by :mod:`crosswire.readers.walk`. Each file is opened only when it is a
regular file (:mod:`crosswire.readers.streams`), unpacked when it is gzip, and its format
sniffed from the content first and the extension second. WARC archives and JSON Lines files
whose first line is a JSON object are read as a stream, record by record (limits:
``max_record_bytes`` per record, ``max_archive_bytes`` per file); every other file is read
whole, up to ``max_bytes`` (a larger one is a Skip, decided from its size before reading when
it is not gzip). Every problem is a :class:`Skip`; nothing here raises for bad input, and a
name that cannot be shown as it is is shown with :func:`~crosswire.readers.base.printable`.

``exclude`` (absolute paths: crosswire's own database and report) keeps crosswire from reading
its own outputs: such files, and the database's -wal/-shm/-journal files, are left out of
folders and globs, and a Skip when named on their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from crosswire.config import Settings
from crosswire.models import Document, Hint, Skip
from crosswire.readers.base import Reader, printable, size_limit, valid_text
from crosswire.readers.decode import bom_encoding, looks_binary, utf16_without_bom
from crosswire.readers.feeds import read_feed
from crosswire.readers.given import OutletGiver, is_sidecar
from crosswire.readers.html import read_html
from crosswire.readers.jsonl import read_jsonl
from crosswire.readers.streams import CHANGED, OpenFile, Unpacked, open_regular
from crosswire.readers.text import read_text
from crosswire.readers.walk import OWN_FILE, expand_paths
from crosswire.readers.warc import read_warc

READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "feed": read_feed,
    "warc": read_warc,
}
EXTENSION_FORMATS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".warc": "warc", ".arc": "warc",
}  # fmt: skip
HEAD_BYTES = 256 * 1024  # what is looked at to choose between a stream and a whole read
SIDECAR_SKIP = "a sources.csv sidecar (pattern,outlet): it names publishers, it is no article"
FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf", "channel"}
HTML_ROOTS = {"html", "head", "body", "div", "p", "article", "section", "main", "meta", "title"}
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<![^>]*>|\s)*", re.S)
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")
__all__ = ["OWN_FILE", "expand_paths", "read_file", "read_paths", "sniff_format"]


def sniff_head(data: bytes, size: int | None = 8192) -> str:
    """File bytes -> the decoded start of the file (the whole file when ``size`` is None; BOM
    and leading whitespace removed), for format sniffing only."""
    head = data if size is None else data[: size + 4]
    bom = bom_encoding(head)
    if bom:
        return head[bom[1] :].decode(bom[0], "ignore").lstrip()
    utf16 = utf16_without_bom(data)  # the whole file: a cut head may split a surrogate pair
    return head.decode(utf16 or "utf-8", "ignore").lstrip()


def _root_element(head: str) -> str | None:
    """Start of a markup file -> the lower-case name of its first element, after any XML
    declaration, comments and doctype; None when it does not start with markup."""
    prologue = _PROLOGUE.match(head)
    rest = head[prologue.end() :] if prologue else head
    match = _ROOT.match(rest)
    return match.group(1).lower() if match else None


def _is_json_object(line: str) -> bool:
    """One line -> True when it parses as a JSON object."""
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _looks_jsonl(head: str, data: bytes) -> bool:
    """(start of a file, its bytes) -> True when its first non-blank line parses as a JSON
    object, or the whole file as a JSON object or an array holding one. A line that merely
    starts with '[' or '{' ('[Video] Floods hit the valley {live}') is not enough."""
    if not head.startswith(("{", "[")):
        return False
    text = sniff_head(data, None)
    if _is_json_object(text.split("\n", 1)[0].strip()):
        return True
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return isinstance(whole, dict) or (
        isinstance(whole, list) and any(isinstance(item, dict) for item in whole)
    )


def sniff_format(name: str, data: bytes) -> str:
    """(file name, bytes, gzip already unpacked) -> text | html | jsonl | feed | warc.

    The content decides when it is clear (a WARC header, a feed or HTML root element, a first
    line or whole file that parses as JSON); otherwise the extension; otherwise plain text.
    """
    head = sniff_head(data)
    if head.startswith("WARC/"):
        return "warc"
    root = _root_element(head) if head.startswith("<") else None
    if root in FEED_ROOTS:
        return "feed"
    if root in HTML_ROOTS or head[:200].lower().startswith("<!doctype html"):
        return "html"
    if _looks_jsonl(head, data):
        return "jsonl"
    suffixes = [s.lower() for s in Path(name).suffixes if s.lower() not in (".gz", ".gzip")]
    by_extension = EXTENSION_FORMATS.get(suffixes[-1]) if suffixes else None
    if by_extension:
        return by_extension
    return "html" if root else "text"


def _streamed_format(head: bytes, complete: bool) -> str | None:
    """(the first bytes of a file, unpacked; whether they are the whole file) -> 'warc' or
    'jsonl' when the file is read as a stream: a WARC header, or a first line that is complete
    in ``head`` and parses as a JSON object; else None (the file is read whole)."""
    if head.startswith(b"WARC/"):
        return "warc"
    first, newline, _ = sniff_head(head, None).partition("\n")
    return "jsonl" if (newline or complete) and _is_json_object(first.strip()) else None


def _too_large(settings: Settings, unpacked: bool) -> str:
    """-> the Skip reason for a file over max_bytes ('... when unpacked' for gzip)."""
    when = " when unpacked" if unpacked else ""
    return f"larger than the {size_limit(settings.max_bytes)} limit{when} (settings.max_bytes)"


def _whole(path: str, opened: OpenFile, stream: Unpacked, settings: Settings
           ) -> tuple[str, bytes] | str:
    """(path, the open file, its unpacked stream) -> (format, all its bytes), or the problem in
    words; a file over max_bytes is refused from its size before reading when it is not gzip."""
    if not stream.gzipped and opened.size > settings.max_bytes:
        return _too_large(settings, False)
    stream.limit = settings.max_bytes
    data = stream.read_up_to(settings.max_bytes + 1)
    if stream.problem:
        return stream.problem
    if stream.over or len(data) > settings.max_bytes:
        return _too_large(settings, stream.gzipped)
    if opened.changed():
        return CHANGED
    if not data.strip():
        return "empty file (after unpacking gzip)" if stream.gzipped else "empty file"
    if looks_binary(data):
        return "binary file (NUL bytes)"
    return sniff_format(path, data), data


def _read(path: str, settings: Settings) -> Iterator[Document | Skip]:
    """One file path -> its Documents and Skips (a stream for WARC and JSON Lines files)."""
    opened = open_regular(path)
    if isinstance(opened, str):
        yield Skip(path, opened)
        return
    with opened:
        if opened.size == 0:
            yield Skip(path, "empty file")
            return
        stream = Unpacked(opened.handle, settings.max_archive_bytes)
        head = stream.head(HEAD_BYTES)
        fmt = _streamed_format(head, complete=len(head) < HEAD_BYTES)
        if fmt and not is_sidecar(path):
            if looks_binary(head) and fmt == "jsonl":
                yield Skip(path, "binary file (NUL bytes)")
                return
            read = read_warc if fmt == "warc" else read_jsonl  # the readers that take a stream
            yield from _with_outlet(path, read(path, stream, settings), settings)
            if opened.changed():
                yield Skip(path, CHANGED)
            return
        loaded = _whole(path, opened, stream, settings)
    if isinstance(loaded, str):
        yield Skip(path, loaded)
    elif is_sidecar(path):
        yield Skip(path, SIDECAR_SKIP)
    else:
        yield from _with_outlet(path, READERS[loaded[0]](path, loaded[1], settings), settings)


def _with_outlet(path: str, items: Iterator[Document | Skip], settings: Settings
                 ) -> Iterator[Document | Skip]:
    """A file's items -> the same, each Document with the outlet the user gives it."""
    given = OutletGiver(path, settings)  # --outlet, or the sources.csv row for this file
    for item in items:
        yield given.attach(item) if isinstance(item, Document) else item


def shown(item: Document | Skip) -> Document | Skip:
    """A reader's Document or Skip -> the same with every name printable and every text valid
    UTF-8 (see :func:`~crosswire.readers.base.printable`): undecodable file-name bytes and lone
    surrogates never reach the store, the JSON output or a one-line message."""
    if isinstance(item, Skip):
        record = printable(item.record) if item.record is not None else None
        return replace(item, path=printable(item.path), reason=printable(item.reason),
                       record=record)
    item.path, item.source, item.id = printable(item.path), printable(item.source), printable(
        item.id)
    item.url = printable(item.url) if item.url is not None else None
    item.content = valid_text(item.content)
    item.hints = {key: Hint(valid_text(h.value), printable(h.evidence))
                  for key, h in item.hints.items()}
    return item


def read_file(path: str, settings: Settings) -> Iterator[Document | Skip]:
    """One file path (as the OS gives it) -> its Documents and Skips (a Skip, never an
    exception, for bad content; names shown printably)."""
    try:
        for item in _read(path, settings):
            yield shown(item)
    except Exception as error:  # last guard: one bad file must not stop the batch
        reason = f"could not be read ({type(error).__name__}: {error})"[:300]
        yield shown(Skip(path, reason))


def read_paths(
    paths: Sequence[str], settings: Settings, exclude: Collection[str] = ()
) -> Iterator[Document | Skip]:
    """Files, folders and globs -> Documents, and a Skip per bad item or unmatched path.

    ``exclude``: absolute paths never read (crosswire's own database and report); see
    :func:`~crosswire.readers.walk.expand_paths`.
    """
    for item in expand_paths(paths, exclude):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, settings)
