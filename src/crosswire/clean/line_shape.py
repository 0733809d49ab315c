"""A line's own features, for the boilerplate line classifier: its length, punctuation,
stop words, capitalisation, link-like phrasing and furniture patterns (credits, consent
notices, reader-comment headers). Each is read from the line's text alone, plus three facts
about its page the caller gives: the collection's repeated lines, the page title and whether
the same text came earlier on the page. ``line_features`` puts them together with the
features of the line's place in its page.
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


OWN_FEATURE_NAMES: tuple[str, ...] = (
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
)


def _ascii_drop(keep_out: str) -> dict[int, None]:
    """predicate name -> str.translate table deleting the ASCII characters it holds for."""
    tests = {
        "punct": lambda c: unicodedata.category(c).startswith("P"),
        "digit": str.isdigit, "alpha": str.isalpha, "upper": str.isupper,
    }
    return {i: None for i in range(128) if tests[keep_out](chr(i))}


_ASCII_DROP = {name: _ascii_drop(name) for name in ("punct", "digit", "alpha", "upper")}


def char_counts(line: str) -> tuple[int, int, int, int]:
    """line -> (punctuation, digit, letter, upper-case character counts); an ASCII line is
    counted by ``str.translate`` (same classes, done in C), any other character by character."""
    if line.isascii():
        n, drop = len(line), _ASCII_DROP
        return (n - len(line.translate(drop["punct"])), n - len(line.translate(drop["digit"])),
                n - len(line.translate(drop["alpha"])), n - len(line.translate(drop["upper"])))
    return (
        sum(1 for c in line if unicodedata.category(c).startswith("P")),
        sum(c.isdigit() for c in line),
        sum(c.isalpha() for c in line),
        sum(c.isupper() for c in line),
    )


def normalise(line: str) -> str:
    """line -> whitespace-collapsed, case-folded, NFKC text used to compare lines."""
    text = unicodedata.normalize("NFKC", line)
    return " ".join(text.split()).casefold()


def _ratio(count: float, total: float) -> float:
    """(count, total) -> count / total, 0 for an empty total."""
    return count / total if total else 0.0


def ends_sentence(line: str) -> bool:
    """stripped line -> whether it closes a sentence (or a clause: ':' or ';')."""
    return bool(_ENDS_SENTENCE.search(line))


def title_repeat(norm: str, title: str) -> bool:
    """(normalised line, normalised page title or "" for the title line itself) -> whether
    the line repeats the title."""
    return bool(title) and (norm == title or (len(norm) > 20 and norm in title))


def comment_head(line: str, n_tokens: int) -> bool:
    """(stripped line, its token count) -> whether it reads as a reader comment's header."""
    return n_tokens <= 16 and bool(_COMMENT_HEAD.match(_BULLET.sub("", line)))


def _shape(line: str, tokens: list[str]) -> list[float]:
    """(stripped non-empty line, its tokens) -> length, punctuation and word-shape features,
    the first two (characters, tokens) as counts: ``own_matrix`` takes their logarithms."""
    n_tok = len(tokens)
    n_chars = len(line)
    words = [t for t in tokens if not t.isdigit()]
    punct, digits, letters, upper = char_counts(line)
    return [
        n_chars,
        n_tok,
        1.0 if ends_sentence(line) else 0.0,
        _ratio(len(_SENT_END.findall(line)), n_tok),
        _ratio(line.count(",") + line.count("，"), n_tok),
        _ratio(punct, n_chars),
        _ratio(sum(t.casefold() in _STOPWORDS for t in tokens), n_tok),
        _ratio(sum(w[0].isupper() for w in words), len(words)),
        _ratio(upper, letters),
        _ratio(digits, n_chars),
        _ratio(sum(len(t) for t in tokens), n_tok),
    ]


def _phrasing(
    line: str, tokens: list[str], repeated: frozenset[str], title: str, seen: bool
) -> list[float]:
    """(stripped non-empty line, its tokens, collection repeats, page title, whether its text
    came earlier on the page) -> link-like phrasing and furniture-pattern features."""
    norm = normalise(line)
    n_tok = max(1, len(tokens))
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
        1.0 if title_repeat(norm, title) else 0.0,
        1.0 if seen and n_tok < 20 else 0.0,  # a long one may be a teaser of the body
        1.0 if _CREDIT.search(line) and (n_tok <= 8 or re.search(r"[/©|:]", line)) else 0.0,
        1.0 if _CONSENT.search(line) else 0.0,
        1.0 if n_tok <= 16 and _COMMENT_HEAD.match(stripped) else 0.0,
    ]


OwnLine = tuple[str, str, bool, bool, bool]  # text, title, seen, blank before, blank after


def own_matrix(lines: Sequence[OwnLine], repeated: frozenset[str]) -> np.ndarray:
    """stripped non-empty lines, each with the page title ("" for the title line itself),
    whether its text came earlier on the page and whether a blank line is before and after it
    (+ collection repeats) -> their own features (len(lines) x OWN_FEATURE_NAMES)."""
    rows = []
    for text, title, seen, blank_before, blank_after in lines:
        tokens = TOKEN.findall(text)
        rows.append(_shape(text, tokens) + _phrasing(text, tokens, repeated, title, seen)
                    + [1.0 if blank_before else 0.0, 1.0 if blank_after else 0.0])
    out = np.asarray(rows, dtype=float).reshape(len(rows), len(OWN_FEATURE_NAMES))
    out[:, :2] = np.log1p(out[:, :2])  # characters, tokens
    return out


def looks_like_furniture(line: str) -> bool:
    """line -> True when a generic pattern marks it as a link, credit or notice (not a sentence)."""
    text = _BULLET.sub("", line.strip())
    if not text or len(TOKEN.findall(text)) > 25:
        return False
    return bool(_LINKY_START.match(text) or _CREDIT.search(text) or _CONSENT.search(text))
