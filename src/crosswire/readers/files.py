"""Paths -> files -> (format, bytes) -> the right reader.

Folders are walked recursively and globs expanded, in sorted order; a gzip file is unpacked
(except a WARC.gz, which warcio reads per record); the format is sniffed from the content first
and the extension second. Every problem is a :class:`Skip`; nothing here raises for bad input.

``exclude`` (absolute paths: crosswire's own database and report) keeps crosswire from reading
its own outputs: such files, and the database's -wal/-shm/-journal files, are left out of
folders and globs, and a Skip when named on their own.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import re
import zlib
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.readers.base import Reader, size_limit
from crosswire.readers.decode import bom_encoding, looks_binary, utf16_without_bom
from crosswire.readers.feeds import read_feed
from crosswire.readers.given import OutletGiver, is_sidecar
from crosswire.readers.html import read_html
from crosswire.readers.jsonl import read_jsonl
from crosswire.readers.text import read_text
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
GZIP_MAGIC = b"\x1f\x8b"
FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf", "channel"}
HTML_ROOTS = {"html", "head", "body", "div", "p", "article", "section", "main", "meta", "title"}
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<![^>]*>|\s)*", re.S)
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)")
# Files SQLite keeps next to a database while it is open or after a crash.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
OWN_FILE = "crosswire's own database/report file"


def _own_files(exclude: Collection[str]) -> frozenset[Path]:
    """Excluded paths -> the resolved paths to leave out: each path and its SQLite side files."""
    own: set[Path] = set()
    for path in exclude:
        for base in {Path(path).absolute(), Path(path).resolve()}:
            own.add(base.resolve())
            own.update(Path(f"{base}{suffix}").resolve() for suffix in SQLITE_SIDE_FILES)
    return frozenset(own)


def _walk(folder: Path, own: frozenset[Path] = frozenset()) -> list[str]:
    """A folder -> every non-hidden file below it that is not one of ``own``, as paths joined
    to the folder as given."""
    files = []
    for item in folder.rglob("*"):
        relative = item.relative_to(folder)
        hidden = any(part.startswith(".") for part in relative.parts)
        if is_sidecar(item):  # sources.csv says who published the files; it is no article
            continue
        if item.is_file() and not hidden and not (own and item.resolve() in own):
            files.append(str(folder / relative))
    return sorted(files)


def _expand_one(arg: str, own: frozenset[Path] = frozenset()) -> list[str] | str:
    """One command-line path (file, folder or glob) -> sorted file paths, or why there are none.
    Files in ``own`` (resolved paths) are left out of folders and globs, and named on their own
    are a problem."""
    path = Path(arg)
    if path.is_dir():
        files = _walk(path, own)
        if not files and own and _walk(path):
            return f"folder holds no files but {OWN_FILE}s"
        return files or "folder holds no files"
    if path.is_file():
        return OWN_FILE if own and path.resolve() in own else [arg]
    if glob.has_magic(arg):
        files = []
        matches = sorted(glob.glob(arg, recursive=True))
        for match in matches:
            if Path(match).is_dir():
                files.extend(_walk(Path(match), own))
            elif (not own or Path(match).resolve() not in own) and not is_sidecar(match):
                files.append(match)
        if not files and own and any(Path(m).is_file() for m in matches):
            return f"pattern matches no files but {OWN_FILE}s"
        return files or "pattern matches no files"
    return "no such file or folder"


def expand_paths(paths: Sequence[str], exclude: Collection[str] = ()) -> Iterator[str | Skip]:
    """Command-line paths -> each file once (first occurrence wins), or a Skip for a path that
    matches nothing. Files in ``exclude`` (absolute paths: crosswire's own database and report)
    and the database's -wal/-shm/-journal files are silently left out of folders and globs; one
    named on its own is a Skip."""
    own = _own_files(exclude)
    seen: set[Path] = set()
    for arg in paths:
        found = _expand_one(arg, own)
        if isinstance(found, str):
            yield Skip(arg, found)
            continue
        for name in found:
            key = Path(name).resolve()
            if key not in seen:
                seen.add(key)
                yield name


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


def _gunzip(data: bytes, limit: int) -> bytes | str:
    """gzip bytes -> the unpacked bytes (at most ``limit``), or the problem in words."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
            inner = unpacked.read(limit + 1)
    except (OSError, EOFError, zlib.error):
        return "corrupt or truncated gzip data"
    if len(inner) > limit:
        return f"larger than the {size_limit(limit)} limit when unpacked (settings.max_bytes)"
    return inner


def _is_gzipped_warc(data: bytes) -> bool:
    """gzip bytes -> True when the first member unpacks to a WARC header."""
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], 8)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def _is_warc_file(path: str) -> bool:
    """A path -> True when its first bytes are a WARC header (gzipped or not): an archive,
    whose size limit applies per record (the WARC reader), not to the whole file."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.startswith(b"WARC/") or (head.startswith(GZIP_MAGIC) and _is_gzipped_warc(head))


def _load(path: str, settings: Settings) -> tuple[str, bytes] | str:
    """A file path -> (format, bytes to read), or the problem in words."""
    try:
        size = Path(path).stat().st_size
        if size > settings.max_bytes and not _is_warc_file(path):
            return f"larger than the {size_limit(settings.max_bytes)} limit (settings.max_bytes)"
        data = Path(path).read_bytes()
    except OSError as error:
        return f"cannot read file ({error.strerror or type(error).__name__})"
    if not data.strip():
        return "empty file"
    if data.startswith(GZIP_MAGIC):
        if _is_gzipped_warc(data):
            return "warc", data
        unpacked = _gunzip(data, settings.max_bytes)
        if isinstance(unpacked, str):
            return unpacked
        if not unpacked.strip():
            return "empty file (after unpacking gzip)"
        data = unpacked
    if not data.startswith(b"WARC/") and looks_binary(data):
        return "binary file (NUL bytes)"
    return sniff_format(path, data), data


def read_file(path: str, settings: Settings) -> Iterator[Document | Skip]:
    """One file path -> its Documents and Skips (a Skip, never an exception, for bad content)."""
    loaded = _load(path, settings)
    if isinstance(loaded, str):
        yield Skip(path, loaded)
        return
    fmt, data = loaded
    if is_sidecar(path):
        yield Skip(path, "a sources.csv sidecar (pattern,outlet): it names publishers, it is no "
                   "article")
        return
    try:
        given = OutletGiver(path, settings)  # --outlet, or the sources.csv row for this file
        for item in READERS[fmt](path, data, settings):
            yield given.attach(item) if isinstance(item, Document) else item
    except Exception as error:  # last guard: one bad file must not stop the batch
        yield Skip(path, f"could not read as {fmt} ({type(error).__name__}: {error})"[:300])


def read_paths(
    paths: Sequence[str], settings: Settings, exclude: Collection[str] = ()
) -> Iterator[Document | Skip]:
    """Files, folders and globs -> Documents, and a Skip per bad item or unmatched path.

    ``exclude``: absolute paths never read (crosswire's own database and report); see
    :func:`expand_paths`.
    """
    for item in expand_paths(paths, exclude):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, settings)
