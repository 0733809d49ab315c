"""Bytes -> text: byte-order marks, UTF-16 without a BOM, UTF-8, declared charsets, cp1252 and
charset-normalizer's guess; then newlines normalised, mojibake fixed (ftfy, conservatively) and
control characters removed. Nothing here raises for bad input: :func:`decode_bytes` reports a
problem in words instead (``Decoded.problem``), which the readers turn into a Skip.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
import ftfy

BINARY_PROBLEM = "binary file (NUL bytes)"
UNDECODABLE_PROBLEM = "undecodable text"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: these labels mean windows-1252 in practice.
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\ud800-\udfff]")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# UTF-8 read as cp1252/latin-1 leaves a lead-byte letter (Ã, Â, â...) followed by what a
# continuation byte (0x80-0xBF) decodes to; lines without that pattern or a C1 control are
# left alone, which keeps ftfy (slow on whole pages) off nearly all text.
_LEADS = bytes(range(0xC2, 0xF5)).decode("latin-1")
_CONTINUATIONS = bytes(range(0x80, 0xC0)).decode("cp1252", "ignore") + bytes(
    range(0x80, 0xC0)
).decode("latin-1")
# Two searches, not one alternation: a regex alternation of character classes is scanned
# position by position, several times slower on a long page.
_SUSPECT_PAIR = re.compile(f"[{re.escape(_LEADS)}][{re.escape(_CONTINUATIONS)}]")
_C1_CONTROL = re.compile("[\x80-\x9f]")
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization=None,
    explain=False,
)


@dataclass(frozen=True)
class Decoded:
    """The text of some bytes, the encoding used, and the problem (None when the text is usable)."""

    text: str
    encoding: str | None
    problem: str | None = None


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """bytes -> (encoding, BOM length) when the bytes start with a byte-order mark, else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """bytes -> 'utf-16-le' / 'utf-16-be' when they are UTF-16 text without a BOM, else None:
    NULs in every other byte (Latin text), or, for other scripts, where only the spaces, digits
    and punctuation give NULs, an even length with NULs on one side only that decodes to
    readable text which charset-normalizer also takes for UTF-16 (:func:`_sparse_utf16`)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    if odd_nuls >= 0.4 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.4 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    return _sparse_utf16(data)


_NOT_TEXT = {"Cc", "Cs", "Co", "Cn"}


def _sparse_utf16(data: bytes) -> str | None:
    """bytes -> 'utf-16-le' / 'utf-16-be' for UTF-16 text in a non-Latin script without a BOM
    (Russian: 'П' is 1F 04, only ' ' gives a NUL: 20 00), else None.

    Asked only of even-length bytes whose NULs nearly all sit on one side of the byte pairs (a
    binary has runs of NULs on both); the text must decode strictly, be at most 1% control,
    unassigned or private-use characters, and charset-normalizer must agree it is UTF-16.
    """
    if len(data) % 2 or len(data) < 8:
        return None
    sample = data[:65536]
    odd_nuls, even_nuls = sample[1::2].count(0), sample[0::2].count(0)
    if odd_nuls and even_nuls <= 0.05 * odd_nuls:
        encoding, high = "utf-16-le", sample[-1]
    elif even_nuls and odd_nuls <= 0.05 * even_nuls:
        encoding, high = "utf-16-be", sample[-2]
    else:
        return None
    if len(sample) < len(data) and 0xD8 <= high <= 0xDB:
        sample = sample[:-2]  # the sample ends inside a surrogate pair
    text = _strict(sample, encoding)
    if not text:
        return None
    odd = sum(1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) in _NOT_TEXT)
    if odd > 0.01 * len(text):
        return None
    best = charset_normalizer.from_bytes(sample).best()
    guess = (best.encoding or "") if best is not None else ""
    return encoding if guess.replace("_", "-") == encoding else None


def looks_binary(data: bytes) -> bool:
    """bytes -> True when they hold NUL bytes that no BOM or UTF-16 pattern explains (UTF-16
    in any script: see :func:`utf16_without_bom`)."""
    if b"\x00" not in data[:65536]:
        return False
    return bom_encoding(data) is None and utf16_without_bom(data) is None


def html_declared_charset(data: bytes) -> str | None:
    """HTML bytes -> the charset a <meta> tag declares in the first 4 KB (a valid codec name),
    else None."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return normalise_encoding(match.group(1).decode("ascii", "ignore"))


def normalise_encoding(label: str | None) -> str | None:
    """A charset label ('ISO-8859-1', 'utf8') -> a Python codec name, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, encoding: str) -> str | None:
    """bytes, codec -> text when they decode without error, else None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_single_byte(data: bytes) -> tuple[str, str]:
    """Non-UTF-8 bytes -> (text, encoding): cp1252 for mostly-ASCII text (Western news), else
    charset-normalizer's best guess, else latin-1 (which decodes anything)."""
    visible = data.translate(None, b" \t\r\n")
    high = sum(1 for b in visible[:65536] if b >= 0x80)
    if high <= 0.3 * max(1, min(len(visible), 65536)):
        text = _strict(data, "cp1252")
        if text is not None:
            return text, "cp1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        text = _strict(data, best.encoding)
        if text is not None:
            return text, best.encoding
    text = _strict(data, "cp1252")
    return (text, "cp1252") if text is not None else (data.decode("latin-1"), "latin-1")


def _raw_decode(data: bytes, declared: str | None) -> tuple[str, str]:
    """bytes -> (text, encoding) by BOM, UTF-16 pattern, UTF-8, declared charset, then guess."""
    bom = bom_encoding(data)
    if bom:
        return data[bom[1] :].decode(bom[0], "replace"), bom[0]
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = normalise_encoding(declared)
    if declared and declared not in {"utf-8", "utf-16", "utf-16-le", "utf-16-be"}:
        text = _strict(data, declared)
        if text is not None:
            return text, declared
    return _guess_single_byte(data)


def clean_text(text: str) -> str:
    """text -> text with \\r\\n and \\r turned into \\n, mojibake fixed ('â€™' -> '’') and NULs
    and other control characters (but tab and newline) removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii() and _suspect(text):
        lines = text.split("\n")
        text = "\n".join(fix_mojibake(line) if _suspect(line) else line for line in lines)
    return _CONTROL.sub("", text)


def _suspect(text: str) -> bool:
    """text -> whether it may hold mojibake: a lead-byte letter before a continuation
    character, or a C1 control."""
    return bool(_SUSPECT_PAIR.search(text) or _C1_CONTROL.search(text))


def fix_mojibake(line: str) -> str:
    """One line -> the line with mojibake undone by ftfy ('â€™' -> '’'); quotes, HTML entities
    and character widths are left as they are."""
    return ftfy.fix_text(line, _FTFY)


def _unreadable(text: str) -> bool:
    """decoded text -> True when more than 10% of a sample is control or replacement chars."""
    sample = text[:20000]
    return bool(sample) and len(_BAD_CHARS.findall(sample)) > 0.1 * len(sample)


def decode_bytes(
    data: bytes, *, declared: str | None = None, html: bool = False, clean: bool = True
) -> Decoded:
    """bytes (+ a declared charset, + whether they are HTML so <meta charset> counts, + whether
    to run :func:`clean_text`) -> Decoded.

    Never raises: binary input (unexplained NULs) and garbage give ``Decoded.problem``.
    """
    if looks_binary(data):
        return Decoded("", None, BINARY_PROBLEM)
    if html and declared is None:
        declared = html_declared_charset(data)
    raw, encoding = _raw_decode(data, declared)
    if _unreadable(raw):
        return Decoded("", encoding, UNDECODABLE_PROBLEM)
    return Decoded(clean_text(raw) if clean else raw, encoding)
