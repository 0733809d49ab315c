"""Response bodies read with bounded memory and time.

A body is read as it streams in (httpx ``iter_raw``: the bytes as sent), and reading stops
as soon as it passes ``fetch_max_bytes`` (a Content-Length over it is refused before any byte
is read). A gzip or deflate Content-Encoding is undone here, chunk by chunk, with zlib asked
for at most the room left under ``fetch_max_decompressed_bytes`` plus one byte, so a gzip bomb
costs at most that much memory and work. A response that takes longer than
``fetch_total_timeout`` in all (a server trickling bytes under the read timeout) is stopped.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import httpx

from crosswire.config import Settings
from crosswire.readers.base import size_limit

# Content-Encoding -> zlib wbits: 47 reads a gzip or zlib header, 15 zlib (HTTP "deflate").
DECODERS = {"gzip": 47, "x-gzip": 47, "deflate": 15}
ACCEPT_ENCODING = "gzip, deflate"


class BodyProblem(Exception):
    """The body cannot be taken: too large, too slow, or its encoding unreadable (the message
    is the Skip reason; ``warc_truncated`` the WARC-Truncated reason of its archived copy)."""

    warc_truncated = "unspecified"


class BodyTooLarge(BodyProblem):
    """The body passed a size limit, as sent or decoded."""

    warc_truncated = "length"


class BodyTooSlow(BodyProblem):
    """The body took longer than ``fetch_total_timeout`` (a later try may do better)."""

    warc_truncated = "time"


@dataclass(frozen=True)
class BodyLimits:
    """What one body may cost: bytes as sent, bytes decoded, seconds in all."""

    max_bytes: int
    max_decompressed: int
    total_seconds: float

    @classmethod
    def of(cls, settings: Settings) -> BodyLimits:
        """settings -> the limits its fetch_* settings name."""
        return cls(settings.fetch_max_bytes, settings.fetch_max_decompressed_bytes,
                   settings.fetch_total_timeout)


class _Inflater:
    """Undoes one Content-Encoding, never producing more than it is allowed to."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.wbits = DECODERS[encoding]
        self.decoder = zlib.decompressobj(self.wbits)
        self.limit, self.produced, self.started = limit, 0, False

    def feed(self, data: bytes) -> bytes:
        """compressed bytes -> the bytes they decode to; BodyProblem past the limit."""
        out = bytearray()
        while data:
            try:
                piece = self.decoder.decompress(data, self.limit - self.produced + 1)
            except zlib.error:
                if self.started or self.wbits != 15:
                    raise BodyProblem("corrupt compressed body") from None
                self.wbits, self.decoder = -15, zlib.decompressobj(-15)  # raw deflate
                continue
            self.started = True
            self.produced += len(piece)
            if self.produced > self.limit:
                raise BodyTooLarge(f"body larger than the {size_limit(self.limit)} limit once "
                                  "decompressed (settings.fetch_max_decompressed_bytes)")
            out += piece
            data = self.decoder.unused_data if self.decoder.eof else b""
            if data:  # another gzip member follows
                self.decoder = zlib.decompressobj(self.wbits)
        return bytes(out)

    def finish(self) -> None:
        """BodyProblem when the compressed stream ended before its end."""
        if self.started and not self.decoder.eof:
            raise BodyProblem("truncated compressed body")


def _inflater(response: httpx.Response, limits: BodyLimits) -> _Inflater | None:
    """response -> what undoes its Content-Encoding (None: identity); BodyProblem for an
    encoding crosswire did not ask for."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in DECODERS:
        raise BodyProblem(f"unsupported Content-Encoding {encoding!r}")
    return _Inflater(encoding, limits.max_decompressed)


def _declared_length(response: httpx.Response) -> int | None:
    """response -> its Content-Length as a number, or None."""
    try:
        return int(response.headers.get("content-length", ""))
    except ValueError:
        return None


def read_body(response: httpx.Response, limits: BodyLimits, started: float) -> bytes:
    """(a streamed response, the limits, when the request started: time.monotonic()) -> its
    body with any Content-Encoding undone; BodyProblem (the reason) when a limit is passed."""
    too_large = (f"body larger than the {size_limit(limits.max_bytes)} limit "
                 "(settings.fetch_max_bytes)")
    declared = _declared_length(response)
    if declared is not None and declared > limits.max_bytes:
        raise BodyTooLarge(f"{too_large}: Content-Length {declared}")
    inflater = _inflater(response, limits)
    body, raw = bytearray(), 0
    for chunk in response.iter_raw():  # as received (a chunk size would wait to fill it)
        raw += len(chunk)
        if raw > limits.max_bytes:
            raise BodyTooLarge(f"{too_large}; stopped reading there")
        if time.monotonic() - started > limits.total_seconds:
            raise BodyTooSlow(f"took longer than {limits.total_seconds:g} s in all "
                              "(settings.fetch_total_timeout)")
        body += inflater.feed(chunk) if inflater else chunk
        if not inflater and len(body) > limits.max_decompressed:
            raise BodyTooLarge(f"body larger than the {size_limit(limits.max_decompressed)} "
                              "limit (settings.fetch_max_decompressed_bytes)")
    if inflater:
        inflater.finish()
    return bytes(body)
