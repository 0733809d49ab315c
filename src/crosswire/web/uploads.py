"""Uploaded files and posted records -> Documents whose identity is their content.

An upload is never kept on disk: the store keeps every raw document (``reprocess`` reads it
from there), so the bytes are written to a temporary folder only for the readers to read, and
the folder is removed as soon as they have (``finally``, whatever happens).

Identity: an upload's source is ``upload:sha256=<digest of its bytes>/<safe name>``, so the
same bytes uploaded again under the same name are the same source (unchanged), and other
bytes under the same name are another document (a new id, ``index-2``), never an update of an
earlier upload. (The store also takes a page with the same canonical http(s) URL as a revision
of the earlier one: a page fetched again.) The name users see, the Document's and Article's
``path``, is the uploaded name made safe (:func:`safe_name`), never a server path.

    safe_name("../../etc/新闻 2.txt") -> "新闻_2.txt"
    read_upload(name, data, settings) -> [Document | Skip]
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from pathlib import Path

from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.readers import read_file
from crosswire.readers.base import absolute

NAME_CHARS = 100  # at most this many characters in a kept name
NAME_BYTES = 200  # and this many bytes of UTF-8 (file systems allow 255)
EXTENSION_CHARS = 12  # a longer "extension" is no extension: it is cut like the rest
KEPT_PUNCTUATION = "._-"


def _cut(text: str, chars: int, size: int) -> str:
    """(text, most characters, most UTF-8 bytes) -> its longest start within both."""
    text = text[:chars]
    while len(text.encode("utf-8")) > size:
        text = text[:-1]
    return text


def safe_name(name: str | None) -> str:
    """an uploaded file's name (hostile) -> a plain file name: its last path part (NFC), with
    letters, marks and digits of any script, dot, dash and underscore kept and every other
    run of characters (spaces, controls, separators, bidi overrides) one '_'; no leading dot
    or underscore; at most 100 characters and 200 UTF-8 bytes, the extension kept;
    'upload' when nothing is left."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1]
    kept = "".join(c if c in KEPT_PUNCTUATION or unicodedata.category(c)[0] in "LMN" else "_"
                   for c in base)
    kept = re.sub(r"_{2,}", "_", kept).lstrip("._")
    stem, dot, ext = kept.rpartition(".")
    if not dot or not stem or len(ext) > EXTENSION_CHARS:
        stem, ext = kept, ""
    suffix = f".{ext}" if ext else ""
    cut = _cut(stem, NAME_CHARS - len(suffix), NAME_BYTES - len(suffix.encode("utf-8")))
    return (cut + suffix if cut else "") or "upload"


def upload_source(data: bytes, shown: str) -> str:
    """(uploaded bytes, safe name) -> the source naming that upload in the store."""
    return f"upload:sha256={hashlib.sha256(data).hexdigest()}/{shown}"


def _scrub(text: str, *paths: str, shown: str) -> str:
    """(a message, the temporary paths it may name, the upload's name) -> the message
    naming the upload instead."""
    for path in sorted(paths, key=len, reverse=True):
        text = text.replace(path, shown)
    return text


def _relabel(item: Document | Skip, given: str, real: str, shown: str,
             source: str) -> Document | Skip:
    """a reader's output for the temporary file -> the same naming the upload: path = the
    safe name, source = the upload's source (plus the record's key inside the file)."""
    if isinstance(item, Skip):
        return Skip(shown, _scrub(item.reason, given, real, shown=shown), item.record)
    inner = item.source[len(real):] if item.source.startswith(real) else (
        "#" + _scrub(item.source, given, real, shown=shown))
    item.path, item.source = shown, source + inner
    return item


def read_upload(name: str | None, data: bytes, settings: Settings,
                scratch: str | None = None) -> list[Document | Skip]:
    """(uploaded name, bytes, settings, folder for temporary files or None: the system's)
    -> its Documents and Skips, named by the upload (see the module doc); the temporary
    copy is gone when this returns or raises."""
    shown = safe_name(name)
    source = upload_source(data, shown)
    with tempfile.TemporaryDirectory(prefix="crosswire-upload-", dir=scratch) as folder:
        path = Path(folder) / shown
        path.write_bytes(data)
        given = str(path)
        real = absolute(given)
        return [_relabel(item, given, real, shown, source)
                for item in read_file(given, settings)]
