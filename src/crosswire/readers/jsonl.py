"""JSON Lines reader: one object a line -> one Document per line; bad lines are Skips.

The file is read as a stream, one line at a time: memory holds one line, never the file. A
line longer than ``max_record_bytes`` (or ``max_bytes`` when smaller) is a Skip and is never
held whole; reading stops after ``max_archive_bytes`` (unpacked), with a Skip. Each line is
decoded on its own (UTF-8, else what :func:`~crosswire.readers.decode.decode_bytes` makes of
it: cp1252, ...), so one line in another encoding spoils no other; a UTF-16/32 file (a BOM or
the pattern) is decoded as one stream. Field types: :mod:`crosswire.readers.records`.

A file that is one JSON document (an array of objects, or one pretty-printed object) is
parsed whole, up to ``max_bytes``, one record per item.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
from crosswire.readers.decode import bom_encoding, decode_bytes, utf16_without_bom
from crosswire.readers.records import (
    CONTENT_FIELDS,
    HINT_FIELDS,
    Dropped,
    record_content,
    record_hints,
    record_url,
)
from crosswire.readers.records import record_id as given_record_id
from crosswire.readers.streams import Unpacked, as_unpacked

__all__ = ["CONTENT_FIELDS", "HINT_FIELDS", "read_jsonl", "record_hints"]
HEAD_BYTES = 64 * 1024


@dataclass
class Line:
    """One record's line: its number in the file, its text (stripped), the encoding it was
    decoded with, or the problem in words; ``parsed`` when it is already parsed (a JSON
    document's item)."""

    number: int
    text: str = ""
    encoding: str | None = None
    problem: str | None = None
    parsed: Any = None


def _decode_line(number: int, raw: bytes) -> Line:
    """(line number, the line's bytes) -> the Line decoded: UTF-8, else as decode_bytes says."""
    try:
        return Line(number, raw.decode("utf-8").strip(), "utf-8")
    except UnicodeDecodeError:
        decoded = decode_bytes(raw, clean=False)
    if decoded.problem:
        return Line(number, problem=decoded.problem.replace("file", "data"))
    return Line(number, decoded.text.strip(), decoded.encoding)


def _drain(lines: io.BufferedReader[Unpacked] | io.TextIOWrapper) -> None:
    """Read the rest of an overlong line in pieces, keeping none of it."""
    while True:
        piece = lines.readline(1 << 16)
        if not piece or piece[-1:] in ("\n", b"\n"):
            return


def _byte_lines(stream: Unpacked, limit: int, setting: str) -> Iterator[Line]:
    """A byte stream -> its lines (at most ``limit`` bytes each; a longer one is a problem and
    is dropped in pieces), each decoded on its own."""
    lines = io.BufferedReader(stream, 1 << 16)
    number = 0
    while raw := lines.readline(limit + 1):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            raw = b""  # the start of an overlong line is not kept while the rest is passed
            _drain(lines)
            yield Line(number, problem=over_limit("line", limit, setting))
        elif raw.strip():
            yield _decode_line(number, raw)


def _wide_lines(stream: Unpacked, encoding: str, limit: int, setting: str) -> Iterator[Line]:
    """A UTF-16/32 byte stream -> its lines, decoded as one text stream (at most about
    ``limit`` bytes a line)."""
    chars = max(1, limit // 2)
    text = io.TextIOWrapper(io.BufferedReader(stream, 1 << 16), encoding=encoding,
                            errors="replace", newline=None)
    number = 0
    while line := text.readline(chars + 1):
        number += 1
        if len(line) > chars and not line.endswith("\n"):
            line = ""
            _drain(text)
            yield Line(number, problem=over_limit("line", limit, setting))
        elif line.strip():
            yield Line(number, line.strip(), encoding)


def _lines(stream: Unpacked, settings: Settings) -> Iterator[Line]:
    """An unpacked stream -> its non-blank lines (see the module docstring)."""
    limit, setting = record_limit(settings)
    head = stream.head(HEAD_BYTES)
    bom = bom_encoding(head)
    if bom:
        stream.read(bom[1])
    wide = (bom[0] if bom and bom[0] != "utf-8" else None) or (
        None if bom else utf16_without_bom(head))
    if wide:
        yield from _wide_lines(stream, wide, limit, setting)
    else:
        yield from _byte_lines(stream, limit, setting)


def _whole_json(stream: Unpacked, settings: Settings) -> list[Line] | None:
    """An unpacked stream -> one Line per item when the whole file is one JSON array or
    object (plain .json, pretty-printed) of at most max_bytes; None for JSON Lines (the stream
    is left unread)."""
    head = decode_bytes(stream.head(HEAD_BYTES), clean=False).text.lstrip()
    if not head.startswith(("[", "{")):
        return None
    first, newline, _ = head.partition("\n")
    if newline and _object_or_problem(first.strip())[0] is not None:
        return None
    data = stream.head(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:  # read_file refuses such a file from its size
        return None
    decoded = decode_bytes(data, clean=False)
    try:
        whole = json.loads(decoded.text.strip())
    except (ValueError, RecursionError):
        return None
    stream.read_up_to(len(data))
    items = whole if isinstance(whole, list) else [whole]
    return [_item_line(n, item, decoded.encoding) for n, item in enumerate(items, start=1)]


def _item_line(number: int, item: Any, encoding: str | None) -> Line:
    """(item number, one item of a JSON document) -> its Line (its JSON text is hashed)."""
    try:
        text = json.dumps(item, ensure_ascii=False)
    except (ValueError, RecursionError):
        return Line(number, problem="JSON nested too deeply")
    return Line(number, text, encoding, parsed=item)


def _object_or_problem(line: str) -> tuple[dict[str, Any] | None, str | None]:
    """One line -> (the JSON object, None), or (None, the problem in words)."""
    try:
        record = json.loads(line)
    except RecursionError:
        return None, "JSON nested too deeply"
    except ValueError:
        return None, "malformed JSON"
    return (record, None) if isinstance(record, dict) else (None, "not a JSON object")


def _document(path: str, n: int, line: Line, record: dict[str, Any], sources: RecordSources,
              dropped: Dropped) -> Document | str:
    """(path, record number, its Line, the parsed object, record keys already used in the file,
    the fields left out so far) -> Document, or the problem in words. The source is keyed on
    the record's id, else its url, else its number (see
    :func:`~crosswire.readers.base.record_key`)."""
    try:
        content = record_content(record)
        given_id = given_record_id(record)
    except ValueError as error:
        return str(error)
    if content is None:
        return "no text: its text, body and html fields are missing or blank"
    url = record_url(record, dropped, line.number)
    return Document(
        id=given_id or record_id(path, n),
        path=path,
        source=sources.source(record_key(n, given_id, url)),
        media=content[1],
        content=content[0],
        format="jsonl",
        hash=content_hash(line.text.encode("utf-8", "surrogatepass")),
        url=url,
        encoding=line.encoding,
        hints=record_hints(record, dropped, line.number),
    )


def _result(path: str, n: int, line: Line, sources: RecordSources, dropped: Dropped
            ) -> Document | str:
    """A Line -> its Document, or the problem in words."""
    if line.problem:
        return line.problem
    if line.parsed is not None:
        record, problem = (line.parsed, None) if isinstance(line.parsed, dict) else (
            None, "not a JSON object")
    else:
        record, problem = _object_or_problem(line.text)
    return _document(path, n, line, record, sources, dropped) if record is not None else str(
        problem)


def _end(path: str, stream: Unpacked, settings: Settings, last: int) -> Iterator[Skip]:
    """-> a Skip when the stream stopped early: over max_archive_bytes, or a read problem."""
    if stream.over:
        limit = size_limit(settings.max_archive_bytes)
        yield Skip(path, f"stopped after line {last}: the file is larger than the {limit} "
                   "limit when unpacked (settings.max_archive_bytes)")
    elif stream.problem:
        yield Skip(path, f"{stream.problem} after line {last}")


def read_jsonl(path: str, data: bytes | Unpacked, settings: Settings
               ) -> Iterator[Document | Skip]:
    """(path as given, file bytes or a stream of them, settings) -> a Document per good line,
    a Skip per bad line (naming its line number); blank lines are ignored. A file holding one
    JSON array or object is read as one record per item."""
    stream = as_unpacked(data, settings.max_archive_bytes)
    items = _whole_json(stream, settings)
    where = "in JSON item" if items is not None else "on line"
    n, last, sources, dropped = 0, 0, RecordSources(path), Dropped()
    for line in items if items is not None else _lines(stream, settings):
        n, last = n + 1, line.number
        result = _result(path, n, line, sources, dropped)
        if isinstance(result, str):
            yield Skip(path, f"{result} {where} {line.number}", record=str(n))
        else:
            yield result
    dropped.warn(path)
    yield from _end(path, stream, settings, last)
    if n == 0 and not (stream.over or stream.problem):
        yield Skip(path, "empty file (no records)")
