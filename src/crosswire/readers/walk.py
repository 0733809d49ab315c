"""Command-line paths (files, folders, globs) -> the files to read, each once, or a Skip.

Folders are walked recursively and globs matched component by component, in sorted order
(the order of the paths as strings), streaming: the first file is read before the last folder
is listed. Names starting with a dot are left out of folders and wildcards (a pattern that
starts with a dot matches them). Names are handled as the operating system gives them (an
undecodable byte is a surrogate escape); Skips show them with
:func:`~crosswire.readers.base.printable`.

Symbolic links: a link that the user names (a command-line path, or the fixed part of a
pattern before its first wildcard) is followed. A link met while walking a folder or
matching a wildcard is followed only when it points to a file; a link to a folder is not
followed (a Skip says so: no loops, no tree read twice, nothing outside the folder given),
and a broken link is a Skip. Named pipes, sockets and devices are Skips and are never
opened; a folder that cannot be listed is a Skip naming it, and the walk goes on.

Each file is read once: the second path to the same file (the same path twice, a symbolic
link to a file already read, a hard link) is left out without a word.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crosswire.models import Skip
from crosswire.readers.base import printable
from crosswire.readers.given import is_sidecar
from crosswire.readers.streams import not_regular, os_problem

OWN_FILE = "crosswire's own database/report file"
# Files SQLite keeps next to a database while it is open or after a crash.
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")
FOLDER_LINK = "symbolic link to a folder: not followed (name the folder itself to read it)"
BROKEN_LINK = "broken symbolic link (its target does not exist)"
GONE = "cannot read file (no such file or folder: gone since its folder was listed)"
_MAGIC = re.compile(r"[*?[]")


def skip(path: str, reason: str) -> Skip:
    """(path as the OS gives it, reason) -> a Skip naming the path printably."""
    return Skip(printable(path), reason)


def has_magic(part: str) -> bool:
    """A pattern or one of its components -> whether it holds a wildcard (*, ?, [...])."""
    return _MAGIC.search(part) is not None


@dataclass
class Expansion:
    """What one expand_paths call has seen: crosswire's own files (resolved paths) and the
    files already given, by (device, inode)."""

    own: frozenset[str] = frozenset()
    seen: set[tuple[int, int]] = field(default_factory=set)
    own_found: int = 0  # own files met in folders and globs (left out)
    met: int = 0  # files met, read or not

    def is_own(self, path: str) -> bool:
        """A file path -> whether it is one of crosswire's own files."""
        return bool(self.own) and os.path.realpath(path) in self.own

    def first_time(self, st: os.stat_result) -> bool:
        """A file's stat -> True the first time this file (device, inode) is met."""
        key = (st.st_dev, st.st_ino)
        self.met += 1
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


def own_files(exclude: Collection[str]) -> frozenset[str]:
    """Excluded paths -> the resolved paths to leave out: each path and its SQLite side files."""
    own: set[str] = set()
    for path in exclude:
        for base in {os.path.abspath(path), os.path.realpath(path)}:
            own.add(os.path.realpath(base))
            own.update(os.path.realpath(f"{base}{suffix}") for suffix in SQLITE_SIDE_FILES)
    return frozenset(own)


def _entries(folder: str) -> list[os.DirEntry[str]] | str:
    """A folder ('' is the current one) -> its entries, or why it cannot be listed
    ('permission denied')."""
    try:
        with os.scandir(folder or ".") as listing:
            return list(listing)
    except OSError as error:
        return os_problem(error)


def _sort_key(entry: os.DirEntry[str]) -> str:
    """An entry -> its name, with '/' after a folder's, so that a depth-first walk in this order
    yields paths in the order of the whole paths as strings."""
    try:
        folder = entry.is_dir(follow_symlinks=False)
    except OSError:
        folder = False
    return f"{entry.name}/" if folder else entry.name


def _join(folder: str, name: str) -> str:
    """(folder as given, normalised; '' for a pattern's current folder; an entry's name) ->
    the path joined as given ('x.txt' in '.', or for '*.txt'; 'd/x.txt' in 'd/')."""
    return name if folder in ("", ".") else os.path.join(folder, name)


def _entry(path: str, entry: os.DirEntry[str] | None, seen: Expansion) -> Iterator[str | Skip]:
    """A path met in a walk or by a wildcard (its DirEntry when listed) -> the path when it is
    a file to read, the files below it when it is a folder, else a Skip (see the module
    docstring); own files and files already met give nothing."""
    link = entry.is_symlink() if entry is not None else os.path.islink(path)
    try:
        st = os.stat(path)  # follows a link: its target decides
    except OSError as error:
        if error.errno == errno.ENOENT:
            yield skip(path, BROKEN_LINK if link else GONE)
        else:
            yield skip(path, f"cannot read ({os_problem(error)})")
        return
    if stat.S_ISDIR(st.st_mode):
        if link:
            yield skip(path, FOLDER_LINK)
        else:
            yield from walk(path, seen)
    elif not stat.S_ISREG(st.st_mode):
        yield skip(path, not_regular(st.st_mode))
    elif is_sidecar(path):  # sources.csv says who published the files; it is no article
        return
    elif seen.is_own(path):
        seen.own_found += 1
    elif seen.first_time(st):
        yield path


def walk(folder: str, seen: Expansion) -> Iterator[str | Skip]:
    """A folder (joined as given) -> every file below it to read, and a Skip per thing that is
    not read, in sorted order; hidden names are left out."""
    entries = _entries(folder)
    if isinstance(entries, str):
        yield skip(folder, f"cannot read folder: {entries}")
        return
    for entry in sorted(entries, key=_sort_key):
        if not entry.name.startswith("."):
            yield from _entry(_join(folder, entry.name), entry, seen)


def _split(pattern: str) -> tuple[str, list[str]]:
    """A pattern -> (its fixed leading folder, '' for none; the components from the first
    wildcard on): 'd/x/*/a*.txt' -> ('d/x', ['*', 'a*.txt']); '*.txt' -> ('', ['*.txt'])."""
    parts = pattern.split("/")
    first = next(i for i, part in enumerate(parts) if has_magic(part))
    fixed = "/".join(parts[:first])
    if pattern.startswith("/") and first == 1:
        fixed = "/"
    return fixed, [part for part in parts[first:] if part]


def _names(folder: str, part: str) -> list[os.DirEntry[str]] | str:
    """(folder, one wildcard component) -> the entries whose names match, sorted; hidden names
    only when the component starts with a dot; or why the folder cannot be listed."""
    entries = _entries(folder)
    if isinstance(entries, str):
        return entries
    hidden = part.startswith(".")
    found = [e for e in entries if (hidden or not e.name.startswith("."))
             and fnmatch.fnmatchcase(e.name, part)]
    return sorted(found, key=_sort_key)


def _folders_below(folder: str) -> Iterator[str | Skip]:
    """A folder -> itself and every folder below it, not through symbolic links and not into
    hidden folders (what '**' matches), in sorted order; a Skip for a folder link or a folder
    that cannot be listed."""
    yield folder
    entries = _entries(folder)
    if isinstance(entries, str):
        yield skip(folder, f"cannot read folder: {entries}")
        return
    for entry in sorted(entries, key=_sort_key):
        path = _join(folder, entry.name)
        if entry.name.startswith(".") or not _is_folder(entry):
            continue
        if entry.is_symlink():
            yield skip(path, FOLDER_LINK)
        else:
            yield from _folders_below(path)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """-> whether an entry is a folder or a link to one (False when that cannot be told)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _match(folder: str, parts: list[str], seen: Expansion) -> Iterator[str | Skip]:
    """(a folder, the pattern components left) -> the files they match below it; a folder
    matched by the last component is walked, and '**' last matches everything below."""
    part, rest = parts[0], parts[1:]
    if part == "**" and not rest:
        yield from walk(folder, seen)
    elif part == "**":
        for below in _folders_below(folder):
            if isinstance(below, Skip):
                yield below
            else:
                yield from _match(below, rest, seen)
    elif not has_magic(part):
        path = _join(folder, part)
        if not rest:
            if os.path.lexists(path):
                yield from _entry(path, None, seen)
        elif os.path.islink(path) and os.path.isdir(path):
            yield skip(path, FOLDER_LINK)
        elif os.path.isdir(path):
            yield from _match(path, rest, seen)
    else:
        yield from _match_names(folder, part, rest, seen)


def _match_names(folder: str, part: str, rest: list[str], seen: Expansion
                 ) -> Iterator[str | Skip]:
    """(a folder, a wildcard component, the components after it) -> the files matched."""
    names = _names(folder, part)
    if isinstance(names, str):
        yield skip(folder or ".", f"cannot read folder: {names}")
        return
    for entry in names:
        path = _join(folder, entry.name)
        if not rest:
            yield from _entry(path, entry, seen)
        elif _is_folder(entry) and entry.is_symlink():
            yield skip(path, FOLDER_LINK)
        elif _is_folder(entry):
            yield from _match(path, rest, seen)


def _named(arg: str, seen: Expansion) -> Iterator[str | Skip]:
    """One command-line path (a file or folder the user names: a link is followed) -> what it
    gives; a path that does not exist is tried as a pattern."""
    try:
        st = os.stat(arg)
    except OSError as error:
        if error.errno == errno.ENOENT and os.path.lexists(arg):
            yield skip(arg, BROKEN_LINK)
        elif error.errno == errno.ENOENT and has_magic(arg):
            fixed, parts = _split(arg)
            if parts and os.path.isdir(fixed or "."):
                yield from _match(fixed, parts, seen)
        elif error.errno == errno.ENOENT:
            yield skip(arg, "no such file or folder")
        else:
            yield skip(arg, os_problem(error))
        return
    if stat.S_ISDIR(st.st_mode):
        yield from walk(str(Path(arg)), seen)  # './d//' -> 'd', as pathlib spells it
    elif not stat.S_ISREG(st.st_mode):
        yield skip(arg, not_regular(st.st_mode))
    elif seen.is_own(arg):
        yield skip(arg, OWN_FILE)
    elif seen.first_time(st):
        yield arg


def expand_paths(paths: Sequence[str], exclude: Collection[str] = ()) -> Iterator[str | Skip]:
    """Command-line paths -> each file once (first occurrence wins), or a Skip for what is not
    read (see the module docstring). Files in ``exclude`` (absolute paths: crosswire's own
    database and report) and the database's -wal/-shm/-journal files are silently left out of
    folders and globs; one named on its own is a Skip."""
    seen = Expansion(own=own_files(exclude))
    skipped: set[tuple[str, str]] = set()
    for arg in paths:
        before_own, before_met, found = seen.own_found, seen.met, False
        for item in _named(arg, seen):
            found = True
            if isinstance(item, str):
                yield item
            elif (item.path, item.reason) not in skipped:  # a link '**' and '*' both meet
                skipped.add((item.path, item.reason))
                yield item
        if not found and seen.met == before_met:
            yield skip(arg, _nothing(arg, seen.own_found > before_own))


def _nothing(arg: str, own_only: bool) -> str:
    """(a path that gave nothing, whether own files were left out of it) -> why, in words."""
    pattern = not os.path.lexists(arg)
    if own_only:
        return f"{'pattern matches' if pattern else 'folder holds'} no files but {OWN_FILE}s"
    return "pattern matches no files" if pattern else "folder holds no files"
