"""Features of the lines of a plain-text page, for the boilerplate line classifier.

Every feature is general evidence about a line: its own shape (``line_shape``: length,
punctuation, stop words, capitalisation, link-like phrasing, reader-comment headers), its place
in the page (relative position, distance to the region of long text, comment headers before and
after it, the size of its blank-line-delimited block) and its neighbours (the same features
averaged over context windows). Nothing here is keyed to a particular outlet or page.

Memory stays a few dozen bytes a line however long the page: one pass keeps what the page-wide
features need (``PageSummary``: token counts, flags, runs), and the full feature rows are built
``CHUNK_LINES`` lines at a time (``PageSummary.chunks``), each row the same as if the whole
page's matrix had been built at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from crosswire.clean.line_shape import (
    OWN_FEATURE_NAMES,
    TOKEN,
    comment_head,
    ends_sentence,
    looks_like_furniture,
    normalise,
    own_matrix,
    title_repeat,
)

__all__ = [
    "CHUNK_LINES", "FEATURE_NAMES", "KEPT_ROWS", "TOKEN", "PageSummary", "all_feature_names",
    "context_names", "line_features", "looks_like_furniture", "max_run", "normalise",
    "run_distance", "summarise",
]

FEATURE_NAMES: tuple[str, ...] = (
    *OWN_FEATURE_NAMES,
    "rel_position",
    "in_core",
    "core_distance",
    "before_core",
    "after_core",
    "share_text_before",
    "share_text_after",
    "longest_line_distance",
    "rel_length",
    "lines_since_long",
    "lines_until_long",
    "lines_since_title",
    "after_title",
    "in_prose",
    "prose_distance",
    "before_prose",
    "after_prose",
    "comment_heads_before",
    "comment_heads_after",
    "block_lines",
    "block_mean_tokens",
    "block_index",
)
_WINDOWS = (1, 2, 5)
# neighbours' chars, sentence end, ends/token, stop words, furniture, repeated, credit, consent,
# comment headers
_CONTEXT_KEYS = (0, 2, 3, 6, 11, 18, 21, 22, 23)
_MARGIN = max(_WINDOWS)  # rows a chunk's context windows read beyond it on either side
CHUNK_LINES = 4096  # feature rows built at once
KEPT_ROWS = 32768  # up to this many lines (~27 MB of features) a page's rows are built once
_LONG = 20  # tokens of a "long" line (lines_since_long, lines_until_long)


def max_run(gains: np.ndarray) -> tuple[int, int]:
    """per-line gains -> (start, end) of the contiguous run with the largest sum."""
    best, best_span = -np.inf, (0, 0)
    run, start = 0.0, 0
    for i, gain in enumerate(gains.tolist()):  # Python floats: the same sums, faster
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i + 1)
    return best_span


def run_distance(rows: np.ndarray | int, span: tuple[int, int]) -> np.ndarray:
    """(row positions, or a line count for all of them; run) -> each row's distance in lines
    to the run (0 inside)."""
    idx = np.arange(rows, dtype=float) if isinstance(rows, int) else rows.astype(float)
    return np.where(idx < span[0], span[0] - idx, np.where(idx >= span[1], idx - span[1] + 1, 0.0))


def _before_after(marks: np.ndarray, rows: np.ndarray, far: float) -> tuple[np.ndarray, ...]:
    """(sorted marked rows, rows, the distance standing for "none") -> for each row the
    nearest marked row before it (or -far) and after it (or 2 * far)."""
    before = np.concatenate([[-far], marks])[np.searchsorted(marks, rows, "left")]
    after = np.concatenate([marks, [2 * far]])[np.searchsorted(marks, rows, "right")]
    return before, after


@dataclass
class PageSummary:
    """What the features of every line need from the whole page, a few numbers a line: the
    non-empty lines (rows), their token counts and flags, and the page-wide runs and totals."""

    lines: Sequence[str]
    repeated: frozenset[str]
    index: np.ndarray  # line index of each row (a non-empty line)
    title: str  # the first row's text, normalised
    seen: np.ndarray  # bool per row: the same text came on an earlier row
    lengths: np.ndarray  # tokens per row (float)
    cum_lengths: np.ndarray  # tokens up to and including each row, after a leading 0
    long_rows: np.ndarray  # rows of 20 tokens or more
    title_rows: np.ndarray  # rows repeating the title
    head_rows: np.ndarray  # rows reading as a reader comment's header
    block_starts: np.ndarray  # first row of each block (lines with no blank line between)
    long_run: tuple[int, int] = (0, 0)  # the run of long lines
    prose_run: tuple[int, int] = (0, 0)  # the run of prose
    chunk: int = CHUNK_LINES
    _cached: list[np.ndarray] = field(default_factory=list)  # the matrices of a short page

    @property
    def rows(self) -> int:
        """-> the number of non-empty lines."""
        return len(self.index)

    def chunks(self) -> Iterator[tuple[int, np.ndarray]]:
        """-> (first row, feature matrix of rows first..first+chunk) over the page, in order;
        the matrices of a page of up to KEPT_ROWS lines are built once and kept."""
        if self._cached:
            yield from zip(range(0, self.rows, self.chunk), self._cached, strict=True)
            return
        carry = np.zeros(len(_CONTEXT_KEYS))  # context sums of the rows before the margin
        kept: list[np.ndarray] = []
        for a in range(0, self.rows, self.chunk):
            b = min(a + self.chunk, self.rows)
            lo, hi = max(0, a - _MARGIN), min(self.rows, b + _MARGIN)
            own = self._own(lo, hi)
            cum = np.cumsum(np.vstack([carry, own[:, _CONTEXT_KEYS]]), axis=0)
            carry = cum[max(0, b - _MARGIN) - lo]
            rows = np.arange(a, b)
            x = np.hstack([own[a - lo : b - lo], self._page_columns(rows),
                           self._context(cum, lo, rows)])
            if self.rows <= KEPT_ROWS:
                kept.append(x)
            yield a, x
        self._cached[:] = kept

    def _own(self, lo: int, hi: int) -> np.ndarray:
        """rows lo..hi -> their own features (line_shape), one row each."""
        lines, n = self.lines, len(self.lines)
        rows = zip(range(lo, hi), self.index[lo:hi].tolist(), self.seen[lo:hi].tolist(),
                   strict=True)
        return own_matrix([
            (lines[i].strip(), "" if r == 0 else self.title, seen,
             i == 0 or not lines[i - 1].strip(), i + 1 >= n or not lines[i + 1].strip())
            for r, i, seen in rows
        ], self.repeated)

    def _page_columns(self, rows: np.ndarray) -> np.ndarray:
        """rows -> their position, gap, prose, comment-thread and block features."""
        return np.hstack([self._position(rows), self._gaps(rows), self._prose(rows),
                          self._thread(rows), self._blocks(rows)])

    def _position(self, rows: np.ndarray) -> np.ndarray:
        """rows -> place in the page and relative to the run of long lines (9 columns)."""
        n, lengths = self.rows, self.lengths[rows]
        idx = rows.astype(float)
        start, end = self.long_run
        total = max(1.0, float(self.cum_lengths[-1]))
        cum = self.cum_lengths[rows + 1]
        longest = int(np.argmax(self.lengths))
        return np.column_stack([
            idx / max(1, n - 1),
            ((idx >= start) & (idx < end)).astype(float),
            np.log1p(run_distance(rows, self.long_run)),
            (idx < start).astype(float),
            (idx >= end).astype(float),
            (cum - lengths) / total,
            (total - cum) / total,
            np.log1p(np.abs(idx - longest)),
            lengths / max(1.0, float(self.lengths.max())),
        ])

    def _gaps(self, rows: np.ndarray) -> np.ndarray:
        """rows -> lines since and until a long line, lines since the title, after the title."""
        far = float(self.rows + 1)
        last_long, next_long = _before_after(self.long_rows, rows, far)
        last_title, _ = _before_after(self.title_rows, rows, far)
        gaps = np.column_stack([rows - last_long, next_long - rows, rows - last_title])
        after_title = (gaps[:, 2] <= self.rows).astype(float)
        return np.column_stack([np.log1p(np.minimum(gaps, far)), after_title])

    def _prose(self, rows: np.ndarray) -> np.ndarray:
        """rows -> where each is relative to the run of prose (4 columns).

        Prose lines (ending a sentence) gain their length, every line costs a little: unlike
        the run of long lines this finds bodies made of many short paragraphs between captions
        and widgets.
        """
        start, end = self.prose_run
        dist = run_distance(rows, self.prose_run)
        return np.column_stack(
            [(dist == 0).astype(float), np.log1p(dist), (rows < start), (rows >= end)]
        ).astype(float)

    def _thread(self, rows: np.ndarray) -> np.ndarray:
        """rows -> log counts of comment headers before and after each (a reader-comment
        thread follows the article, its first header marks where it starts)."""
        before = np.searchsorted(self.head_rows, rows, "left").astype(float)
        after = len(self.head_rows) - np.searchsorted(self.head_rows, rows, "right")
        return np.column_stack([np.log1p(before), np.log1p(after.astype(float))])

    def _blocks(self, rows: np.ndarray) -> np.ndarray:
        """rows -> size, mean tokens and place of the block each sits in.

        Blocks are runs of lines without a blank line between them: a paragraph stands alone,
        a menu or link list is one block of many short lines.
        """
        block = np.searchsorted(self.block_starts, rows, "right") - 1
        first = self.block_starts[block]
        after = np.concatenate([self.block_starts, [self.rows]])[block + 1]
        size = (after - first).astype(float)
        tokens = self.cum_lengths[after] - self.cum_lengths[first]
        return np.column_stack(
            [np.log1p(size), np.log1p(tokens / size), np.log1p((rows - first).astype(float))]
        )

    def _context(self, cum: np.ndarray, lo: int, rows: np.ndarray) -> np.ndarray:
        """(running sums of the context columns from row lo on, rows) -> neighbour means over
        windows, before and after separately."""
        n, out = self.rows, []
        for w in _WINDOWS:
            before, after = np.clip(rows - w, 0, n), np.clip(rows + w + 1, 0, n)
            left_n = np.maximum(rows - before, 1)[:, None]
            right_n = np.maximum(after - rows - 1, 1)[:, None]
            out.append((cum[rows - lo] - cum[before - lo]) / left_n)
            out.append((cum[after - lo] - cum[rows + 1 - lo]) / right_n)
        return np.hstack(out)


def summarise(
    lines: Sequence[str], repeated: frozenset[str] = frozenset(), chunk: int = CHUNK_LINES
) -> PageSummary:
    """page lines (+ lines repeated across the collection) -> PageSummary: one pass over the
    lines, keeping token counts, flags and where the same text came before."""
    index = np.fromiter((i for i, line in enumerate(lines) if line.strip()), dtype=np.int64)
    n = len(index)
    lengths = np.zeros(n)
    hashes = np.zeros(n, dtype=np.int64)
    flags = np.zeros((n, 3), dtype=bool)  # ends a sentence, repeats the title, comment header
    title = normalise(lines[index[0]].strip()) if n else ""
    r = 0
    for line in lines:
        text = line.strip()
        if not text:
            continue
        norm = normalise(text)
        n_tok = len(TOKEN.findall(text))
        lengths[r], hashes[r] = n_tok, hash(norm)
        flags[r] = (ends_sentence(text), r > 0 and title_repeat(norm, title),
                    comment_head(text, n_tok))
        r += 1
    starts = np.flatnonzero(np.concatenate([[True], np.diff(index) > 1])) if n else index
    summary = PageSummary(
        lines, repeated, index, title, _seen_before(hashes), lengths,
        np.concatenate([[0.0], np.cumsum(lengths)]), np.flatnonzero(lengths >= _LONG),
        np.flatnonzero(flags[:, 1]), np.flatnonzero(flags[:, 2]), starts, chunk=chunk,
    )
    if n:
        summary.long_run = max_run(lengths - 12.0)
        summary.prose_run = max_run(np.minimum(lengths, 80.0) * flags[:, 0] - 4.0)
    return summary


def _seen_before(hashes: np.ndarray) -> np.ndarray:
    """hash of each row's normalised text -> True where an earlier row has the same."""
    order = np.argsort(hashes, kind="stable")  # equal hashes stay in row order
    ordered = hashes[order]
    seen = np.zeros(len(hashes), dtype=bool)
    seen[order[1:][ordered[1:] == ordered[:-1]]] = True  # all but the first of equal ones
    return seen


def context_names() -> list[str]:
    """-> names of the neighbour features, in column order."""
    return [
        f"{side}{w}_{FEATURE_NAMES[k]}"
        for w in _WINDOWS
        for side in ("prev", "next")
        for k in _CONTEXT_KEYS
    ]


def all_feature_names() -> list[str]:
    """-> names of every column of line_features()."""
    return list(FEATURE_NAMES) + context_names()


def line_features(
    lines: Sequence[str], repeated: frozenset[str] = frozenset()
) -> tuple[np.ndarray, list[int]]:
    """page lines -> (feature matrix over the non-empty lines, their indexes in `lines`)."""
    summary = summarise(lines, repeated)
    if not summary.rows:
        return np.zeros((0, len(all_feature_names()))), []
    x = np.vstack([m for _, m in summary.chunks()])
    return x, summary.index.tolist()
