"""What every reader shares: ids from file names, record sources, the reader signature, and
how file names are shown.

A record inside a multi-record file (JSON Lines, feed, WARC) has the source
'<absolute path>#<key>', the key being the record's own id or url when it has one
(:func:`record_key`), so that the store recognises it again after records are added before it.

File names are bytes on POSIX; Python gives an undecodable byte as a lone surrogate
('caf\\udce9' for the latin-1 name b'caf\\xe9'), which no UTF-8 store or JSON can hold. Readers
open files by that name, and every name they report goes through :func:`printable` first
('caf\\xe9.txt', with a real backslash).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers.decode import decode_bytes

# (path as given, the file's bytes, settings) -> Documents and Skips. The WARC and JSON Lines
# readers also take a stream (readers/streams.py: Unpacked) in place of the bytes.
Reader = Callable[[str, bytes, Settings], Iterator[Document | Skip]]

# Extensions stripped from a file name to make an id ("abc.html.gz" -> "abc").
KNOWN_EXTENSIONS = frozenset(
    {
        ".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx",
        ".jsonl", ".ndjson", ".json", ".xml", ".rss", ".atom", ".rdf", ".feed", ".warc", ".arc",
        ".gz", ".gzip",
    }
)  # fmt: skip

_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.I)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
# Characters a name cannot show as they are: C0/C1 controls, DEL, surrogates.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NAMED_CONTROLS = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    """One unprintable character -> its escape (see :func:`printable`)."""
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode gives it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return _NAMED_CONTROLS.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """A name (file path, record key, id) -> the same name printable on one line, as valid
    UTF-8: an undecodable byte of a file name as '\\xNN' (NN >= 80), a control character as
    '\\n', '\\t', '\\r', '\\xNN' (NN below 20, or 7f) or '\\u0085', any other lone surrogate as
    '\\udNNN'. Printable names come back unchanged, so the function can be applied twice. A
    name that itself holds a backslash followed by 'x' is the one ambiguous case."""
    return _UNPRINTABLE.sub(_escape, text) if not text.isprintable() else text


def valid_text(text: str) -> str:
    """Text that may hold lone surrogates (JSON allows '\\ud800') -> the text with each one
    escaped as in :func:`printable`; newlines and other characters are kept."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape, text)


def size_limit(max_bytes: int) -> str:
    """settings.max_bytes -> '20 MB' (or '500-byte' below a megabyte), for Skip reasons."""
    return f"{max_bytes / 1e6:g} MB" if max_bytes >= 1_000_000 else f"{max_bytes}-byte"


def record_limit(settings: Settings) -> tuple[int, str]:
    """settings -> (the bytes one record inside a WARC or JSON Lines file may hold, the setting
    that says so): max_record_bytes, or max_bytes when that is smaller."""
    if settings.max_bytes < settings.max_record_bytes:
        return settings.max_bytes, "max_bytes"
    return settings.max_record_bytes, "max_record_bytes"


def over_limit(what: str, limit: int, setting: str) -> str:
    """(what is too large, the limit, its setting) -> the Skip reason ('record larger than the
    5 MB limit (settings.max_record_bytes)')."""
    return f"{what} larger than the {size_limit(limit)} limit (settings.{setting})"


def file_stem(path: str) -> str:
    """A path -> its file name without known extensions ('x/abc.html.gz' -> 'abc')."""
    name = Path(path).name
    while True:
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem or f".{ext.lower()}" not in KNOWN_EXTENSIONS:
            return name
        name = stem


def absolute(path: str) -> str:
    """A path as given -> the absolute resolved path (the Document's ``source``; symbolic
    links resolved; never raises, even on a link loop)."""
    return os.path.realpath(path)


def record_key(n: int, given_id: str | None = None, url: str | None = None) -> str:
    """(record number from 1, the record's own id, its url) -> what names the record inside its
    file: 'id=<given id>', else 'url=<url>', else '<n>'. The id or url stays the same when
    records are added before it, so re-reading a grown file finds the same sources."""
    if given_id and given_id.strip():
        return f"id={given_id.strip()}"
    if url and url.strip():
        return f"url={url.strip()}"
    return str(n)


class RecordSources:
    """The sources of one multi-record file's records: 'absolute path#key', each key once."""

    def __init__(self, path: str) -> None:
        self.base = absolute(path)  # resolved once per file, not once per record
        self.taken: set[str] = set()
        self.last_count: dict[str, int] = {}  # key -> the last n of 'key~n' given

    def unique(self, key: str) -> str:
        """A record key -> itself, or 'key~2', 'key~3'... when an earlier record of the file
        has it (an id or url given twice); in constant time however often a key repeats."""
        unique, count = key, self.last_count.get(key, 1)
        while unique in self.taken:
            count += 1
            unique = f"{key}~{count}"
        self.last_count[key] = count
        self.taken.add(unique)
        return unique

    def source(self, key: str) -> str:
        """A record key from :func:`record_key` -> 'absolute path#key', made unique."""
        return f"{self.base}#{self.unique(key)}"


def record_id(path: str, n: int) -> str:
    """(file path, record number from 1) -> '<file stem>-<n>'."""
    return f"{file_stem(path)}-{n}"


def _attrs(raw: str) -> dict[str, str]:
    """The inside of a tag -> {lower-case attribute: unescaped value}."""
    return {
        m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(raw)
    }


def canonical_url(html: str) -> str | None:
    """HTML -> the absolute http(s) URL of <link rel=canonical> or og:url, else None."""
    found: dict[str, str] = {}
    for match in _TAG.finditer(html[:200_000]):
        attrs = _attrs(match.group(2))
        href = (attrs.get("href") or attrs.get("content") or "").strip()
        if not href.lower().startswith(("http://", "https://")):
            continue
        if match.group(1).lower() == "link" and "canonical" in attrs.get("rel", "").lower():
            found.setdefault("canonical", href)
        elif (attrs.get("property") or attrs.get("name") or "").lower() == "og:url":
            found.setdefault("og", href)
    return found.get("canonical") or found.get("og")


def whole_file_document(path: str, data: bytes, media: str) -> Document | Skip:
    """(path as given, file bytes, "text" or "html") -> the file as one Document, or a Skip
    saying why not. An HTML page's url is its canonical link or og:url, when absolute."""
    decoded = decode_bytes(data, html=media == "html")
    if decoded.problem:
        return Skip(path, decoded.problem)
    if not decoded.text.strip():
        return Skip(path, "empty file (no text)")
    return Document(
        id=file_stem(path),
        path=path,
        source=absolute(path),
        media=media,
        content=decoded.text,
        format=media,
        hash=content_hash(data),
        url=canonical_url(decoded.text) if media == "html" else None,
        encoding=decoded.encoding,
    )
