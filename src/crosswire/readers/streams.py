"""One file opened safely and read with bounded memory.

:func:`open_regular` opens a path only when it is a regular file: a named pipe would block the
read forever and a device never ends, so neither is ever opened for reading (the check is made
again on the open descriptor, in case the path was swapped in between). :class:`OpenFile` also
tells whether the file changed while it was read.

:class:`Unpacked` is a file's bytes as a stream, gunzipped when they are gzip (several gzip
members one after the other, as in a WARC.gz, read as one stream), and never more than
``limit`` bytes: decompression stops at the limit, so a gzip bomb costs at most ``limit`` + 1
bytes of work. A corrupt or truncated gzip stream, or a read error, ends the stream early and
says so in ``problem``; going over the limit ends it and sets ``over``.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import zlib

GZIP_MAGIC = b"\x1f\x8b"
CORRUPT_GZIP = "corrupt or truncated gzip data"
FILE_KINDS = {
    stat.S_IFIFO: "named pipe (FIFO)",
    stat.S_IFSOCK: "socket",
    stat.S_IFCHR: "character device",
    stat.S_IFBLK: "block device",
    stat.S_IFDIR: "folder",
    stat.S_IFLNK: "symbolic link",
}
ERROR_WORDS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file or folder",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "symbolic link loop",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EIO: "input/output error",
}
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
CHANGED = "the file changed while it was being read; read it again when it is complete"


def os_problem(error: OSError) -> str:
    """OSError -> its cause in a few words ('permission denied', 'file name too long'...)."""
    words = ERROR_WORDS.get(error.errno or 0)
    return words or (error.strerror or type(error).__name__).lower()


def not_regular(mode: int) -> str:
    """A file mode that is no regular file -> the Skip reason ('not a regular file (named
    pipe (FIFO)); never opened')."""
    kind = FILE_KINDS.get(stat.S_IFMT(mode), "special file")
    return f"not a regular file ({kind}); never opened"


class OpenFile:
    """A regular file open for reading (``handle``), with what fstat said when it was opened."""

    def __init__(self, fd: int) -> None:
        self.handle: io.BufferedIOBase = os.fdopen(fd, "rb")
        self.opened = os.fstat(fd)

    @property
    def size(self) -> int:
        """-> the file's size in bytes when it was opened."""
        return self.opened.st_size

    def changed(self) -> bool:
        """-> True when the file's size or modification time is no longer what it was when it
        was opened (it was written to, or cut, while being read)."""
        try:
            now = os.fstat(self.handle.fileno())
        except OSError:
            return True
        return (now.st_size, now.st_mtime_ns) != (self.opened.st_size, self.opened.st_mtime_ns)

    def __enter__(self) -> OpenFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def open_regular(path: str) -> OpenFile | str:
    """A path -> the file open for reading, or why not in words ('cannot read file (permission
    denied)', 'not a regular file (named pipe (FIFO)); never opened'). Only a regular file
    (or a symbolic link to one) is ever opened."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return not_regular(mode)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return f"cannot read file ({os_problem(error)})"
    try:
        opened = OpenFile(fd)
    except OSError as error:
        os.close(fd)
        return f"cannot read file ({os_problem(error)})"
    if not stat.S_ISREG(opened.opened.st_mode):  # swapped for something else since the stat
        opened.handle.close()
        return not_regular(opened.opened.st_mode)
    return opened


class Unpacked(io.RawIOBase):
    """A binary stream -> its bytes, gunzipped when they start with the gzip magic, at most
    ``limit`` of them (see the module docstring). ``head(n)`` looks ahead without consuming."""

    def __init__(self, raw: io.BufferedIOBase, limit: int) -> None:
        super().__init__()
        start = raw.read(2)
        raw.seek(-len(start), io.SEEK_CUR)
        self.gzipped = start == GZIP_MAGIC
        self._inner: io.BufferedIOBase = (
            gzip.GzipFile(fileobj=raw) if self.gzipped else raw
        )
        self.limit = limit
        self.count = 0  # bytes taken from the inner stream
        self.over = False  # there were more than ``limit`` bytes
        self.problem: str | None = None
        self._ahead = b""  # bytes looked at by head() and not read yet, from _at on
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the looked-ahead bytes, else the inner stream, up to the limit;
        0 at the end (the real end, the limit, or a problem)."""
        if self._at < len(self._ahead):
            size = min(len(buffer), len(self._ahead) - self._at)
            buffer[:size] = self._ahead[self._at : self._at + size]
            self._at += size
            return size
        data = self._take(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _take(self, size: int) -> bytes:
        """-> up to ``size`` new bytes from the inner stream; b'' at the end, at the limit (one
        byte past it is read to know, then ``over`` is set) or on a problem."""
        if self.over or self.problem or size <= 0:
            return b""
        want = min(size, self.limit + 1 - self.count)
        try:  # read1: one underlying read, so bytes before a corrupt part are not lost
            data = self._inner.read1(want)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            self.problem = CORRUPT_GZIP
            return b""
        except OSError as error:
            self.problem = f"cannot read file ({os_problem(error)})"
            return b""
        self.count += len(data)
        if self.count > self.limit:
            self.over = True
            data = data[: len(data) - (self.count - self.limit)]
        return data

    def head(self, size: int) -> bytes:
        """-> the first ``size`` bytes still to be read (fewer at the end), without consuming
        them."""
        self._ahead, self._at = self._ahead[self._at :], 0
        parts, held = [self._ahead], len(self._ahead)
        while held < size:
            more = self._take(min(size - held, 1 << 20))
            if not more:
                break
            parts.append(more)
            held += len(more)
        self._ahead = b"".join(parts)
        return self._ahead[:size]

    def read_up_to(self, size: int) -> bytes:
        """-> the next ``size`` bytes (fewer at the end of the stream or its limit)."""
        parts, left = [], size
        while left > 0:
            chunk = self.read(min(left, 1 << 20))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)


def as_unpacked(data: bytes | Unpacked, limit: int) -> Unpacked:
    """A file's bytes, or a stream of them -> an :class:`Unpacked` stream (the stream itself
    when it already is one)."""
    if isinstance(data, Unpacked):
        return data
    return Unpacked(io.BytesIO(data), limit)
