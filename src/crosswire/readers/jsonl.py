"""JSON Lines reader: one object a line -> one Document per line; bad lines are Skips."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from crosswire.config import Settings
from crosswire.models import Document, Hint, Skip, content_hash
from crosswire.readers.base import record_id, record_key, record_source, unique_key
from crosswire.readers.decode import clean_text, decode_bytes

# Document hint key -> the record fields that can give it, in order of preference.
HINT_FIELDS: dict[str, tuple[str, ...]] = {
    "headline": ("headline", "title"),
    "published": ("published", "date"),
    "outlet": ("outlet", "source", "publisher"),
    "byline": ("byline", "author"),
}
CONTENT_FIELDS: tuple[tuple[str, str], ...] = (("text", "text"), ("body", "text"), ("html", "html"))


def _as_text(value: Any) -> str | None:
    """A JSON value -> a one-line string for a hint (lists joined, {'name': x} -> x), or None."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        parts = [_as_text(v) for v in value]
        value = ", ".join(p for p in parts if p)
    if isinstance(value, bool) or value is None:
        return None
    text = clean_text(str(value)).strip()
    return text or None


def record_hints(record: dict[str, Any]) -> dict[str, Hint]:
    """A JSON Lines object -> {hint key: Hint(value, "JSON Lines field '<field>'")}."""
    hints: dict[str, Hint] = {}
    for key, names in HINT_FIELDS.items():
        for name in names:
            value = _as_text(record.get(name))
            if value:
                hints[key] = Hint(value, f"JSON Lines field '{name}'")
                break
    return hints


def _content(record: dict[str, Any]) -> tuple[str, str] | None:
    """A JSON Lines object -> (content, media) from its text/body/html field, else None."""
    for name, media in CONTENT_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return clean_text(value), media
    return None


def _parse(line: str) -> dict[str, Any] | str:
    """One line -> the JSON object, or the problem in words ('malformed JSON', ...)."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return "malformed JSON"
    return record if isinstance(record, dict) else "not a JSON object"


def _document(
    path: str, n: int, line: str, record: dict[str, Any], encoding: str | None, taken: set[str]
) -> Document | str:
    """(path, record number, raw line, parsed object, file encoding, record keys already used
    in the file) -> Document, or the problem in words. The source is keyed on the record's id,
    else its url, else its number (see :func:`~crosswire.readers.base.record_key`)."""
    content = _content(record)
    if content is None:
        return "no text, body or html field"
    given_id = _as_text(record.get("id"))
    url = record.get("url")
    url = (url.strip() or None) if isinstance(url, str) else None
    key = unique_key(record_key(n, given_id, url), taken)
    return Document(
        id=given_id or record_id(path, n),
        path=path,
        source=record_source(path, key),
        media=content[1],
        content=content[0],
        format="jsonl",
        hash=content_hash(line.encode("utf-8", "surrogatepass")),
        url=url,
        encoding=encoding,
        hints=record_hints(record),
    )


def _whole_json(text: str) -> list[str] | None:
    """A file's text -> one line per record when the whole file is one JSON array or object
    (plain .json, pretty-printed), else None."""
    stripped = text.strip()
    first_line = stripped.split("\n", 1)[0]
    if not stripped.startswith(("[", "{")) or isinstance(_parse(first_line), dict):
        return None
    try:
        whole = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    items = whole if isinstance(whole, list) else [whole]
    return [json.dumps(item, ensure_ascii=False) for item in items]


def read_jsonl(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, file bytes, settings) -> a Document per good line, a Skip per bad line
    (naming its line number); blank lines are ignored. A file holding one JSON array or
    object is read as one record per item."""
    decoded = decode_bytes(data, clean=False)
    if decoded.problem:
        yield Skip(path, decoded.problem)
        return
    items = _whole_json(decoded.text)
    where = "in JSON item" if items else "on line"
    n = 0
    taken: set[str] = set()
    for lineno, raw in enumerate(items or decoded.text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        n += 1
        parsed = _parse(line)
        if isinstance(parsed, dict):
            result = _document(path, n, line, parsed, decoded.encoding, taken)
        else:
            result = parsed
        if isinstance(result, str):
            yield Skip(path, f"{result} {where} {lineno}", record=str(n))
        else:
            yield result
    if n == 0:
        yield Skip(path, "empty file (no records)")
