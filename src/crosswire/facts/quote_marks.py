"""Quote marks in news text: where quoted words start and end.

``quote_regions(text)`` pairs double marks (straight, curly, guillemets) and, outside them,
single marks told apart from apostrophes by context; a quote left open at a line end closes
there (news convention for quotes that run over paragraphs), unless the next line holds a lone
closing mark before any opening one (a quote broken over lines); a line opening with single
marks and ending its words with a double one is one quote (``''The fall was fatal," he
said``). ``QuoteSpans`` answers "is this
offset inside a quote" by bisection.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

DOUBLE_MARKS = "\"“”„«»"
_SINGLE_OPEN = "'‘"
_SINGLE_CLOSE = "'’"


@dataclass(frozen=True)
class Region:
    """Quoted text found by the mark scanner: content offsets and mark offsets."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    single: bool


_TEXT_CACHE: tuple[Doc | None, str] = (None, "")


def doc_text(doc: Doc) -> str:
    """Doc -> doc.text, kept for the last Doc seen (spaCy rebuilds the string on every access)."""
    global _TEXT_CACHE
    cached = _TEXT_CACHE
    if cached[0] is doc:
        return cached[1]
    text = doc.text
    _TEXT_CACHE = (doc, text)
    return text


_PARAGRAPH = re.compile(r"\n")


def quote_regions(text: str) -> list[Region]:
    """text -> quoted regions in order: double-quoted first, then single-quoted ones outside
    them. A quote left open at a line end closes there (news convention for quotes that run
    over paragraphs) unless the next line closes it (see :func:`_double_regions`)."""
    regions = _double_regions(text)
    taken = [(r.open_mark, (r.close_mark if r.close_mark is not None else r.end)) for r in regions]
    singles = [r for r in _single_regions(text) if not _inside_any(r.open_mark, taken)]
    return sorted(regions + singles, key=lambda r: r.open_mark)


def _inside_any(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    """(offset, spans) -> True if some span contains the offset."""
    return any(a <= pos <= b for a, b in spans)


def _can_open(text: str, i: int) -> bool:
    """A mark at i can open a quote: start of text, or after a space or opening punctuation."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev.isspace() or prev in "([{—–-/:" or prev in DOUBLE_MARKS) and not nxt.isspace()


def _can_close(text: str, i: int) -> bool:
    """A mark at i can close a quote: end of text, or before a space or punctuation."""
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    return (nxt.isspace() or not nxt.isalnum()) and not prev.isspace()


def _double_regions(text: str) -> list[Region]:
    """text -> regions between double quote marks (straight, curly, guillemets), per line.

    A closing mark with no opening one before it on its line closes the quote left open at
    the end of the line before (a quote broken over lines: '"It's tough.' / 'I want to get
    out," he said'), or, when its line opens with single marks instead ("''The fall was
    fatal," he said), the quote those open."""
    out: list[Region] = []
    for line in _lines(text):
        found = _pair_marks(text, line, DOUBLE_MARKS, DOUBLE_MARKS, single=False)
        lone = _lone_close(text, line, found)
        if lone is not None:
            opened = out[-1] if out and out[-1].close_mark is None else None
            if opened is not None and opened.end >= line[0] - 1:
                out[-1] = _region(text, opened.open_mark, lone, single=False)
            elif (start := _single_opening(text, line)) is not None:
                out.append(_region(text, start, lone, single=False))
        out.extend(found)
    return out


def _lone_close(text: str, line: tuple[int, int], found: Sequence[Region]) -> int | None:
    """-> the offset of a double mark that can only close, before any region of its line
    starts, or None."""
    first = min((r.open_mark for r in found), default=line[1])
    for i in range(line[0], first):
        if text[i] in DOUBLE_MARKS and text[i] not in "“„«" and _can_close(text, i) \
                and not _can_open(text, i) and not text[i - 1].isdigit():  # 6" is inches
            return i
    return None


def _single_opening(text: str, line: tuple[int, int]) -> int | None:
    """-> the last of the one or two single quote marks a line opens with before a word,
    None when there are none or a single mark closes them on the line."""
    i = line[0]
    while i < line[1] and text[i].isspace():
        i += 1
    marks = i
    while i < line[1] and i - marks < 2 and text[i] in _SINGLE_OPEN:
        i += 1
    if i == marks or i >= line[1] or not text[i].isalpha():
        return None
    closed = any(text[k] in _SINGLE_CLOSE and _can_close(text, k)
                 and not text[k + 1:k + 2].isalpha() for k in range(i, line[1]))
    return None if closed else i - 1  # a single-quoted run of its own ('Hero' pilot ...)


def _single_regions(text: str) -> list[Region]:
    """text -> regions between single quote marks; apostrophes are told apart by context."""
    out: list[Region] = []
    for line in _lines(text):
        out.extend(_pair_marks(text, line, _SINGLE_OPEN, _SINGLE_CLOSE, single=True))
    return out


def _lines(text: str) -> Iterable[tuple[int, int]]:
    """text -> (start, end) of each line."""
    start = 0
    for m in _PARAGRAPH.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _pair_marks(
    text: str, line: tuple[int, int], opens: str, closes: str, single: bool
) -> list[Region]:
    """(text, line span, mark sets) -> paired regions within the line."""
    out: list[Region] = []
    open_at: int | None = None
    for i in range(line[0], line[1]):
        ch = text[i]
        if open_at is None:
            if ch in opens and ch != "”" and _can_open(text, i) and _opens_words(text, i, single):
                open_at = i
        elif ch in closes and _can_close(text, i) and ch != "“":
            out.append(_region(text, open_at, i, single))
            open_at = None
        elif ch == "“" and not single:
            out.append(_region(text, open_at, None, single, until=i))
            open_at = i
    if open_at is not None and not single:
        out.append(_region(text, open_at, None, single, until=line[1]))
    return [r for r in out if r.end > r.start]


def _opens_words(text: str, i: int, single: bool) -> bool:
    """A single mark opens only before a letter or digit (not "'90s" style elisions)."""
    if not single:
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return nxt.isalpha()


def _region(
    text: str, open_at: int, close_at: int | None, single: bool, until: int | None = None
) -> Region:
    """Mark offsets -> a Region whose content is stripped of spaces and trailing commas."""
    start = open_at + 1
    end = close_at if close_at is not None else (until if until is not None else len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Region(start, end, open_at, close_at, single)


class QuoteSpans:
    """Fast 'is this offset inside a quote region' test (bisect over sorted regions)."""

    def __init__(self, regions: Sequence[Region]) -> None:
        self.spans = sorted((r.open_mark, region_stop(r)) for r in regions)
        self.starts = [s for s, _ in self.spans]

    def at(self, offset: int) -> int | None:
        """char offset -> index of the region containing it, or None."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]:
            return k
        return None


def region_stop(region: Region) -> int:
    """Region -> offset just past its closing mark (or past its content when left open)."""
    return region.close_mark + 1 if region.close_mark is not None else region.end
