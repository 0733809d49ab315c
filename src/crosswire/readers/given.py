"""What the user says about who published what: ``--outlet`` for everything one call reads,
and a ``sources.csv`` sidecar in the folder being read.

A sidecar is a CSV file named ``sources.csv`` whose header is ``pattern,outlet``. Each row
maps a pattern to an outlet:

- a path glob, relative to the sidecar's folder: a pattern without ``/`` matches the file
  name at any depth (``*.html``, ``reuters-*.txt``); one with ``/`` matches the relative path,
  ``*`` crossing folders (``bbc/*`` is everything under ``bbc/``);
- a domain (``bbc.co.uk``): a record whose URL is on it or on a subdomain of it (a JSON Lines
  ``url``, a feed entry's link, a WARC record's target URI, an HTML page's canonical link).

The first row that matches wins; blank lines and lines starting with ``#`` are ignored. The
sidecar of a file is the nearest ``sources.csv`` in its folder or a folder above it. The
sidecar itself is never read as an article.

What the user says becomes the Document hint ``outlet_user``, which the clean stage ranks
above everything the text says; ``--outlet`` beats the sidecar. The hint is part of the
record's identity: ingesting the same bytes with another outlet is a revision.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import logging
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crosswire.config import Settings
from crosswire.models import Document, Hint, content_hash
from crosswire.outlets import host_of

SIDECAR = "sources.csv"
HEADER = ("pattern", "outlet")
HINT_KEY = "outlet_user"
_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    """One sidecar row: the pattern, the outlet, its row number (the header is row 1)."""

    pattern: str
    outlet: str
    row: int

    def matches(self, relative: str, url: str | None) -> bool:
        """(file path relative to the sidecar's folder, record URL) -> whether this row
        applies: the path glob matches, or the pattern is a domain the URL is on."""
        subject = relative if "/" in self.pattern else relative.rsplit("/", 1)[-1]
        if fnmatch.fnmatchcase(subject, self.pattern):
            return True
        host = host_of(url) if url else None
        domain = self.pattern.lower()
        return bool(host and _DOMAIN.match(domain)
                    and (host == domain or host.endswith(f".{domain}")))


class OutletGiver:
    """What the user says about the records of one file: ``--outlet``, else its sidecar's
    rows (found once per file)."""

    def __init__(self, path: str, settings: Settings) -> None:
        self.outlet = settings.outlet.strip()
        self.relative = self.shown = ""
        self.rules: tuple[Rule, ...] = ()
        real = Path(os.path.realpath(path))
        self.sidecar = None if self.outlet else sidecar_of(real)
        if self.sidecar is not None:
            self.relative = real.relative_to(self.sidecar.parent).as_posix()
            self.shown = as_given(str(self.sidecar), path)
            try:
                self.rules = _rules(str(self.sidecar), self.sidecar.stat().st_mtime_ns)
            except OSError as error:
                log.warning("cannot read %s: %s", self.shown, error.strerror)

    def hint(self, url: str | None) -> Hint | None:
        """a record's URL -> the outlet Hint the user gives it, or None."""
        if self.outlet:
            return Hint(self.outlet, f"--outlet {self.outlet!r} for every record read in this "
                        "call")
        for rule in self.rules:
            if rule.matches(self.relative, url):
                return Hint(rule.outlet, f"{self.shown} row {rule.row}: {rule.pattern!r} -> "
                            f"{rule.outlet!r}")
        return None

    def attach(self, doc: Document) -> Document:
        """Document -> the same Document with the user's outlet hint, when the user gives one;
        the hint then enters the record's hash (another outlet for the same bytes is a
        revision)."""
        hint = self.hint(doc.url)
        if hint is not None:
            doc.hints[HINT_KEY] = hint
            doc.hash = content_hash(f"{doc.hash}\0{HINT_KEY}={hint.value}".encode())
        return doc


def as_given(found: str, given: str) -> str:
    """(an absolute path crosswire found, the path the user gave) -> the found path relative to
    the working folder when the user's was relative ('../sources.csv'), else as it is: a
    message shows no absolute server path the user did not type."""
    if os.path.isabs(given):
        return found
    try:
        return os.path.relpath(found)
    except (OSError, ValueError):  # no working folder any more
        return found


def sidecar_of(path: Path) -> Path | None:
    """an absolute file path -> the nearest sidecar in its folder or above, or None (a folder
    that cannot be searched ends the search)."""
    for folder in path.parents:
        candidate = folder / SIDECAR
        try:
            if candidate.is_file() and is_sidecar(candidate):
                return candidate
        except OSError:
            return None
    return None


def is_sidecar(path: Path | str) -> bool:
    """a path -> whether it is a sidecar: named sources.csv, header 'pattern,outlet'."""
    path = Path(path)
    if path.name != SIDECAR:
        return False
    try:
        if not path.is_file():
            return False
        with path.open(encoding="utf-8-sig") as handle:
            first = handle.readline(4096)
    except (OSError, UnicodeDecodeError):
        return False
    header = tuple(c.strip().lower() for c in next(csv.reader([first]), []))
    return header == HEADER


@lru_cache(maxsize=32)
def _rules(path: str, mtime_ns: int) -> tuple[Rule, ...]:
    """(sidecar path, its modification time: a changed file is read again) -> its rows."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        log.warning("cannot read %s: %s", path, error)
        return ()
    rules = []
    for row, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        if row == 1 or not cells or not "".join(cells).strip() or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) < 2 or not cells[0].strip() or not cells[1].strip():
            log.warning("%s row %d: needs a pattern and an outlet; ignored", path, row)
            continue
        rules.append(Rule(cells[0].strip().removeprefix("./"), cells[1].strip(), row))
    return tuple(rules)
