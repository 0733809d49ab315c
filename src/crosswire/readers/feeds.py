"""RSS/Atom reader (feedparser): each entry -> one Document with its content or summary."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from crosswire.config import Settings
from crosswire.models import Document, Hint, Skip, content_hash
from crosswire.outlets import outlet_in_title
from crosswire.readers.base import RecordSources, record_id, record_key
from crosswire.readers.decode import clean_text, looks_binary

# Document hint key -> the entry fields that can give it, in order of preference.
ENTRY_HINTS: dict[str, tuple[str, ...]] = {
    "headline": ("title",),
    "published": ("published", "updated"),
    "byline": ("author",),
}


def iso_date(value: str) -> str | None:
    """A feed date (RFC 822 'Tue, 19 Nov 2019 10:00:00 +0000' or ISO 8601) -> ISO 8601 with its
    offset when it has one, else None."""
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _hint(field: str, raw: Any) -> Hint | None:
    """(entry field, its value) -> Hint with evidence "feed entry '<field>'", or None."""
    if not isinstance(raw, str) or not clean_text(raw).strip():
        return None
    value = clean_text(raw).strip()
    if field in ("published", "updated"):
        iso = iso_date(value)
        if iso and iso != value:
            return Hint(iso, f"feed entry '{field}': {value}")
    return Hint(value, f"feed entry '{field}'")


def entry_hints(entry: Any, feed_title: str | None, feed_link: str | None = None
                ) -> dict[str, Hint]:
    """(feedparser entry, feed title, the feed's site link) -> {hint key: Hint}; the outlet
    hint is the outlet the feed title names ('BBC News - World' -> BBC)."""
    hints: dict[str, Hint] = {}
    for key, names in ENTRY_HINTS.items():
        for name in names:
            hint = _hint(name, entry.get(name))
            if hint:
                hints[key] = hint
                break
    outlet = feed_outlet(feed_title, feed_link)
    if outlet:
        hints["outlet"] = outlet
    return hints


def feed_outlet(title: str | None, link: str | None) -> Hint | None:
    """(feed title, the feed's site link) -> the outlet Hint it gives, or None: a part the
    outlets table lists, else the part the site's domain spells, else the whole title."""
    title = clean_text(title).strip() if isinstance(title, str) else ""
    if not title:
        return None
    name, how = outlet_in_title(title, link if isinstance(link, str) else None)
    evidence = "feed title" if name == title else f"feed title {title!r} ({how})"
    return Hint(name, evidence)


def entry_content(entry: Any) -> tuple[str, str] | None:
    """feedparser entry -> (content, media) from its content (HTML first) or summary, or None."""
    parts = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    parts.sort(key=lambda c: "html" not in (c.get("type") or ""))
    if parts:
        value, kind = parts[0]["value"], parts[0].get("type") or "text/html"
    elif (entry.get("summary") or "").strip():
        detail = entry.get("summary_detail") or {}
        value, kind = entry["summary"], detail.get("type") or "text/html"
    else:
        return None
    return clean_text(value), "html" if "html" in kind else "text"


def _serialise(entry: Any) -> bytes:
    """feedparser entry -> stable bytes (its JSON, sorted keys) for the record hash."""
    return json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")


def _entry_document(path: str, n: int, entry: Any, parsed: Any, sources: RecordSources
                    ) -> Document | None:
    """(path, entry number, entry, whole feedparser result, record keys already used in the
    feed) -> Document, or None when the entry has no content. The source is keyed on the
    entry's guid/id, else its link, else its number."""
    content = entry_content(entry)
    if content is None:
        return None
    link = entry.get("link")
    link = (link.strip() or None) if isinstance(link, str) else None
    guid = entry.get("id")
    guid = guid if isinstance(guid, str) else None
    return Document(
        id=record_id(path, n),
        path=path,
        source=sources.source(record_key(n, guid, link)),
        media=content[1],
        content=content[0],
        format="feed",
        hash=content_hash(_serialise(entry)),
        url=link,
        encoding=parsed.get("encoding") or None,
        hints=entry_hints(entry, parsed.feed.get("title"), parsed.feed.get("link")),
    )


def declares_entities(data: bytes) -> bool:
    """feed bytes -> True when a DOCTYPE declares XML entities ('<!ENTITY'), the way entity
    expansion attacks ('billion laughs') work; no news feed needs them. Entities can only be
    declared in a DOCTYPE, so a feed without one is never refused. NULs are dropped first, so
    that UTF-16 and UTF-32 feeds are seen too."""
    ascii_view = data.replace(b"\x00", b"") if b"\x00" in data else data
    start = ascii_view.find(b"<!DOCTYPE")
    return start >= 0 and ascii_view.find(b"<!ENTITY", start) >= 0


def _parse(data: bytes) -> Any | str:
    """feed bytes -> feedparser result, or the problem in words."""
    if declares_entities(data):
        return ("refused: the feed declares XML entities (<!ENTITY>), as entity expansion "
                "attacks do")
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as error:  # feedparser's parsers are many; none may stop the batch
        return f"malformed feed ({type(error).__name__})"
    if not parsed.entries:
        if parsed.get("bozo") or not parsed.get("version"):
            return "malformed feed"
        return "feed has no entries"
    return parsed


def read_feed(path: str, data: bytes, settings: Settings) -> Iterator[Document | Skip]:
    """(path as given, RSS/Atom bytes, settings) -> one Document per entry with content; a Skip
    for an entry without content, or for the whole file when it is no feed."""
    if looks_binary(data):
        yield Skip(path, "binary file (NUL bytes)")
        return
    parsed = _parse(data)
    if isinstance(parsed, str):
        yield Skip(path, parsed)
        return
    sources = RecordSources(path)
    for n, entry in enumerate(parsed.entries, start=1):
        doc = _entry_document(path, n, entry, parsed, sources)
        yield doc if doc else Skip(path, f"feed entry {n} has no content", record=str(n))
    problem = parse_problem(parsed)
    if problem:
        yield Skip(path, f"malformed feed ({problem}); the entries above were read leniently")


def parse_problem(parsed: Any) -> str | None:
    """feedparser result -> its XML error in words when the feed is not well-formed (encoding
    notes that feedparser recovers from are not problems), else None."""
    error = parsed.get("bozo_exception")
    if not parsed.get("bozo") or error is None:
        return None
    if isinstance(error, feedparser.exceptions.ThingsNobodyCaresAboutButMe):
        return None
    return str(getattr(error, "getMessage", lambda: error)()) or type(error).__name__
