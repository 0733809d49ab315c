"""Features of the lines of a plain-text page, for the boilerplate line classifier.

Every feature is general evidence about a line: its own shape (length, punctuation, stop words,
capitalisation, link-like phrasing, reader-comment headers), its place in the page (relative
position, distance to the region of long text, comment headers before and after it, the size of its
blank-line-delimited block) and its neighbours (the same features averaged over context windows).
Nothing here is keyed to a particular outlet or page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

TOKEN = re.compile(r"\w+", re.UNICODE)
_SENT_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*(?=\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？:;][\"'”’»)\]]*$")
_DIGITS_ONLY = re.compile(r"^[\W\d_]*$")
_SEPARATOR = re.compile(r"^[\W_]+$")
_MONTHS = (
    r"jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?"
)
_WEEKDAYS = r"mon|tue|wed|thu|fri|sat|sun"
_DATE = re.compile(
    rf"\b(\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|"
    rf"({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+\d{{4}}|"
    rf"\d{{1,2}}:\d{{2}}(\s*[ap]\.?m\.?)?|({_WEEKDAYS})[a-z]*,)",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"\b(read more|read also|see also|more from|related|previous|next|share|shares|tweet|"
    r"subscribe|subscription|sign up|sign in|log in|login|newsletter|cookies?|privacy|"
    r"advertisement|advertising|sponsored|copyright|all rights reserved|terms of (use|service)|"
    r"follow us|comments?|photo|image|credit|getty|reuters/|ap photo|video|click|download|"
    r"top stories|most (read|viewed|popular)|trending|editor'?s choice|check also|translate|"
    r"print|email|e-mail|facebook|twitter|whatsapp|linkedin|instagram|youtube|tags?|"
    r"updated?|published|posted|last update|source|editor|by)\b",
    re.IGNORECASE,
)
_LINKY_START = re.compile(
    r"^(\d+\s*)?(read more|read also|see also|previous|next|related|more|also read|watch|"
    r"listen|click|share|follow|subscribe|check also|source|photo|image|credit|by)\b",
    re.IGNORECASE,
)
_STOPWORD_TEXT = """a about after all also an and are as at be been but by can could did do does for
from had has have he her his how i if in into is it its more no not of on one or our out she so than
that the their them then there these they this to up was we were what when which who will with would
you said says y el la los las de del en que un una por con para es se al lo como más o le les des du
et est pas pour sur dans qui au une ce il ne di da che non per gli della sono e i o um uma os do das
dos em não com der die und den das ist nicht von zu mit sich auf für ein eine im dem"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())  # common function words of a few languages
_CREDIT = re.compile(
    r"\b(photos?|photograph(er)?|images?|pictures?|credits?|courtesy|illustration)\b", re.I
)
_CONSENT = re.compile(
    r"\b(cookies?|privacy|consent|gdpr|terms of (use|service)|all rights reserved)\b|©", re.I
)
_BULLET = re.compile(r"^[•·▪►»|>*\-–—]\s*")
# a reader comment's header ("jo says:", "Ann on May 2, 2019 at 4:47 pm said:") or a thread's
# furniture ("Log in to Reply", "12 Comments", "Leave a comment")
_COMMENT_HEAD = re.compile(
    r"^(\S.{0,50}\b(says|said|wrote|writes|replied)\s*:|.{1,60}\bon\b.{3,40}\d.{0,25}\b(says|said|"
    r"wrote)\s*:?|.{1,60}\bcommented( on)?|log in to reply|"
    r"leave a (reply|comment)|\d+\s+(comments?|replies|responses))\s*$",
    re.IGNORECASE,
)

FEATURE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_tokens",
    "ends_sentence",
    "sentence_ends_per_token",
    "comma_per_token",
    "punct_ratio",
    "stopword_ratio",
    "capitalised_ratio",
    "upper_ratio",
    "digit_ratio",
    "mean_token_len",
    "furniture_words",
    "linky_start",
    "date_like",
    "digits_only",
    "separator",
    "bullet",
    "pipe_or_slash",
    "repeated",
    "title_repeat",
    "seen_in_page",
    "credit_like",
    "consent_like",
    "comment_head",
    "blank_before",
    "blank_after",
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


def normalise(line: str) -> str:
    """line -> whitespace-collapsed, case-folded, NFKC text used to compare lines."""
    text = unicodedata.normalize("NFKC", line)
    return " ".join(text.split()).casefold()


def _ratio(count: float, total: float) -> float:
    """(count, total) -> count / total, 0 for an empty total."""
    return count / total if total else 0.0


def _shape(line: str) -> list[float]:
    """stripped non-empty line -> length, punctuation and word-shape features."""
    tokens = TOKEN.findall(line)
    n_tok = len(tokens)
    n_chars = len(line)
    words = [t for t in tokens if not t.isdigit()]
    punct = sum(1 for c in line if unicodedata.category(c).startswith("P"))
    digits = sum(c.isdigit() for c in line)
    letters = sum(c.isalpha() for c in line)
    return [
        float(np.log1p(n_chars)),
        float(np.log1p(n_tok)),
        1.0 if _ENDS_SENTENCE.search(line) else 0.0,
        _ratio(len(_SENT_END.findall(line)), n_tok),
        _ratio(line.count(",") + line.count("，"), n_tok),
        _ratio(punct, n_chars),
        _ratio(sum(t.casefold() in _STOPWORDS for t in tokens), n_tok),
        _ratio(sum(w[0].isupper() for w in words), len(words)),
        _ratio(sum(c.isupper() for c in line), letters),
        _ratio(digits, n_chars),
        _ratio(sum(len(t) for t in tokens), n_tok),
    ]


def _phrasing(line: str, repeated: frozenset[str], title: str, seen: set[str]) -> list[float]:
    """stripped non-empty line (+ collection repeats, page title, earlier lines of the page) ->
    link-like phrasing and furniture-pattern features."""
    norm = normalise(line)
    n_tok = max(1, len(TOKEN.findall(line)))
    stripped = _BULLET.sub("", line)
    return [
        min(1.0, len(_FURNITURE.findall(line)) / n_tok * 3),
        1.0 if _LINKY_START.match(stripped) else 0.0,
        min(1.0, len(_DATE.findall(line)) * 4 / n_tok),
        1.0 if _DIGITS_ONLY.match(line) else 0.0,
        1.0 if _SEPARATOR.match(line) else 0.0,
        1.0 if _BULLET.match(line) else 0.0,
        min(1.0, (line.count("|") + line.count(" / ") + line.count("»")) / 2),
        1.0 if norm in repeated else 0.0,
        1.0 if title and (norm == title or (len(norm) > 20 and norm in title)) else 0.0,
        1.0 if norm in seen and n_tok < 20 else 0.0,  # a long one may be a teaser of the body
        1.0 if _CREDIT.search(line) and (n_tok <= 8 or re.search(r"[/©|:]", line)) else 0.0,
        1.0 if _CONSENT.search(line) else 0.0,
        1.0 if n_tok <= 16 and _COMMENT_HEAD.match(stripped) else 0.0,
    ]


def looks_like_furniture(line: str) -> bool:
    """line -> True when a generic pattern marks it as a link, credit or notice (not a sentence)."""
    text = _BULLET.sub("", line.strip())
    if not text or len(TOKEN.findall(text)) > 25:
        return False
    return bool(_LINKY_START.match(text) or _CREDIT.search(text) or _CONSENT.search(text))


def max_run(gains: np.ndarray) -> tuple[int, int]:
    """per-line gains -> (start, end) of the contiguous run with the largest sum."""
    best, best_span = -np.inf, (0, 0)
    run, start = 0.0, 0
    for i, gain in enumerate(gains):
        if run <= 0:
            run, start = 0.0, i
        run += gain
        if run > best:
            best, best_span = run, (start, i + 1)
    return best_span


def run_distance(n: int, span: tuple[int, int]) -> np.ndarray:
    """(line count, run) -> each line's distance in lines to the run (0 inside)."""
    idx = np.arange(n, dtype=float)
    return np.where(idx < span[0], span[0] - idx, np.where(idx >= span[1], idx - span[1] + 1, 0.0))


def _position(lengths: np.ndarray) -> np.ndarray:
    """token counts per non-empty line -> position features (n x 9)."""
    n = len(lengths)
    idx = np.arange(n, dtype=float)
    start, end = max_run(lengths - 12.0)  # the run of long lines
    total = max(1.0, float(lengths.sum()))
    cum = np.cumsum(lengths)
    before = (cum - lengths) / total
    after = (total - cum) / total
    dist = run_distance(n, (start, end))
    longest = int(np.argmax(lengths)) if n else 0
    return np.column_stack(
        [
            idx / max(1, n - 1),
            ((idx >= start) & (idx < end)).astype(float),
            np.log1p(dist),
            (idx < start).astype(float),
            (idx >= end).astype(float),
            before,
            after,
            np.log1p(np.abs(idx - longest)),
            lengths / max(1.0, float(lengths.max())),
        ]
    )


def _prose(lengths: np.ndarray, ends_sentence: np.ndarray) -> np.ndarray:
    """token counts and sentence-end flags -> where each line is relative to the run of prose.

    Prose lines (ending a sentence) gain their length, every line costs a little: unlike the run of
    long lines this finds bodies made of many short paragraphs between captions and widgets.
    """
    start, end = max_run(np.minimum(lengths, 80.0) * ends_sentence - 4.0)
    dist = run_distance(len(lengths), (start, end))
    idx = np.arange(len(lengths))
    return np.column_stack(
        [(dist == 0).astype(float), np.log1p(dist), (idx < start), (idx >= end)]
    ).astype(float)


def _gaps(lengths: np.ndarray, title: np.ndarray) -> np.ndarray:
    """token counts and title-repeat flags per line -> distances to long lines and the title."""
    n = len(lengths)
    far = float(n + 1)
    out = np.zeros((n, 4))
    last_long, last_title = -far, -far
    for i in range(n):
        out[i, 0] = i - last_long
        out[i, 2] = i - last_title
        last_long = i if lengths[i] >= 20 else last_long
        last_title = i if title[i] > 0 else last_title
    next_long = 2 * far
    for i in range(n - 1, -1, -1):
        out[i, 1] = next_long - i
        next_long = i if lengths[i] >= 20 else next_long
    out[:, 3] = (out[:, 2] <= n).astype(float)
    return np.column_stack([np.log1p(np.minimum(out[:, :3], far)), out[:, 3]])


def _thread(heads: np.ndarray) -> np.ndarray:
    """comment-header flags per line -> log counts of comment headers before and after each line
    (a reader-comment thread follows the article, its first header marks where it starts)."""
    before = np.cumsum(heads) - heads
    after = heads.sum() - np.cumsum(heads)
    return np.column_stack([np.log1p(before), np.log1p(after)])


def _blocks(index: list[int], lengths: np.ndarray) -> np.ndarray:
    """line indexes of the non-empty lines and their token counts -> block features.

    Blocks are runs of lines without a blank line between them: a paragraph stands alone, a menu
    or link list is one block of many short lines.
    """
    idx = np.asarray(index)
    block = np.concatenate([[0], np.cumsum(np.diff(idx) > 1)])
    size = np.bincount(block).astype(float)
    tokens = np.bincount(block, weights=lengths)
    first = np.searchsorted(block, block)  # position of each block's first line
    return np.column_stack(
        [
            np.log1p(size[block]),
            np.log1p(tokens[block] / size[block]),
            np.log1p(np.arange(len(idx)) - first),
        ]
    )


def _context(own: np.ndarray) -> np.ndarray:
    """own features (n x k) -> neighbour means over windows, before and after separately."""
    n = own.shape[0]
    cols = own[:, _CONTEXT_KEYS]
    padded_cum = np.vstack([np.zeros((1, cols.shape[1])), np.cumsum(cols, axis=0)])
    out = []
    for w in _WINDOWS:
        lo = np.clip(np.arange(n) - w, 0, n)
        hi = np.clip(np.arange(n) + w + 1, 0, n)
        mid = np.arange(n)
        left_n = np.maximum(mid - lo, 1)[:, None]
        right_n = np.maximum(hi - mid - 1, 1)[:, None]
        out.append((padded_cum[mid] - padded_cum[lo]) / left_n)
        out.append((padded_cum[hi] - padded_cum[mid + 1]) / right_n)
    return np.hstack(out)


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
    index = [i for i, line in enumerate(lines) if line.strip()]
    if not index:
        return np.zeros((0, len(all_feature_names()))), []
    texts = [lines[i].strip() for i in index]
    title = normalise(texts[0])
    rows: list[list[float]] = []
    seen: set[str] = set()
    for pos, (i, text) in enumerate(zip(index, texts, strict=True)):
        blank_before = 1.0 if i == 0 or not lines[i - 1].strip() else 0.0
        blank_after = 1.0 if i + 1 >= len(lines) or not lines[i + 1].strip() else 0.0
        own_title = "" if pos == 0 else title
        phrasing = _phrasing(text, repeated, own_title, seen)
        rows.append(_shape(text) + phrasing + [blank_before, blank_after])
        seen.add(normalise(text))
    own = np.asarray(rows, dtype=float)
    lengths = np.asarray([len(TOKEN.findall(t)) for t in texts], dtype=float)
    gaps = _gaps(lengths, own[:, FEATURE_NAMES.index("title_repeat")])
    prose = _prose(lengths, own[:, FEATURE_NAMES.index("ends_sentence")])
    thread = _thread(own[:, FEATURE_NAMES.index("comment_head")])
    blocks = _blocks(index, lengths)
    return np.hstack([own, _position(lengths), gaps, prose, thread, blocks, _context(own)]), index
