"""Distinctive wording: which words and short phrases one source uses more than the others.

Terms are lower-cased words and two-word phrases with no stop word in them, never spanning
punctuation. A source is compared with the rest of its story (or with the whole collection) by
the weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words"): for a term w used y_i times in the n_i terms of the source and y_j times in
the n_j terms of the rest, with prior pseudo-counts a_w summing to a_0,

    delta_w = log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
              - log((y_j + a_w) / (n_j + a_0 - y_j - a_w))
    z_w = delta_w / sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))

The prior's shape is the term distribution of the background (the whole collection when a
caller counted it, pooled with the story); its weight ``a_0`` is ``PRIOR_WEIGHT`` times the
terms of the smaller compared side, so it smooths rare terms without drowning a short article.
Counts are integers and ties break on the term, so the result does not depend on the order
of the articles.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

Z_MIN = 1.96  # two-sided 5% level
TOP_TERMS = 10
PRIOR_WEIGHT = 0.25  # a_0 as a share of the smaller side's terms: a prior that smooths, not drowns

_SEGMENT = re.compile(r"[^.,;:!?()\[\]{}\"“”‘«»|/•·…–—]+")  # apostrophes stay: words hold them
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")  # letters of any script, digits, inner ' and -
_POSSESSIVE = re.compile(r"['’]s$")
_INITIALS = re.compile(r"\b((?:[a-z]\.){2,})")  # u.s., u.k., u.n.: one word, not a sentence end


@dataclass
class TermCounts:
    """How often each term occurs in some texts: term -> count, the total count of terms
    (``total``, the n of the log-odds formula) and how many texts were counted."""

    counts: Counter[str] = field(default_factory=Counter)
    total: int = 0
    texts: int = 0

    def add(self, other: TermCounts) -> None:
        """add another TermCounts into this one, in place."""
        self.counts.update(other.counts)
        self.total += other.total
        self.texts += other.texts

    def minus(self, other: TermCounts) -> TermCounts:
        """-> these counts less ``other``'s (never below zero): the rest of a collection."""
        counts = Counter({t: c - other.counts.get(t, 0) for t, c in self.counts.items()
                          if c > other.counts.get(t, 0)})
        return TermCounts(counts, sum(counts.values()), max(self.texts - other.texts, 0))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """-> English stop words (spaCy's list) with curly-apostrophe spellings added."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {w.lower() for w in STOP_WORDS}
    return frozenset(words | {w.replace("'", "’") for w in words})


def _words(segment: str) -> list[str | None]:
    """a run of text with no punctuation -> its words, a stop word or a number as None
    (a gap that no two-word phrase spans)."""
    stops = stop_words()
    out: list[str | None] = []
    for match in _WORD.finditer(segment):
        word = _POSSESSIVE.sub("", match.group())
        keep = word not in stops and len(word) > 1 and not word.replace(".", "").isdigit()
        out.append(word if keep and any(c.isalpha() for c in word) else None)
    return out


def terms(text: str) -> Iterator[str]:
    """text -> its terms in order: each content word, and each pair of adjacent content words
    (no stop word, number or punctuation between them) as one 'word word' term."""
    lowered = _INITIALS.sub(lambda m: m.group(1).replace(".", ""), text.lower())
    for segment in _SEGMENT.findall(lowered):
        words = _words(segment)
        for i, word in enumerate(words):
            if word is None:
                continue
            yield word
            after = words[i + 1] if i + 1 < len(words) else None
            if after is not None:
                yield f"{word} {after}"


def term_counts(texts: Iterable[str]) -> TermCounts:
    """texts -> TermCounts over all of them (count a whole store once and pass it as the
    ``background`` of :func:`crosswire.narrate.framing.framing`)."""
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        counts.update(terms(text))
        n += 1
    return TermCounts(counts, sum(counts.values()), n)


def log_odds_z(focus: TermCounts, rest: TermCounts, prior: TermCounts,
               weight: float = PRIOR_WEIGHT) -> dict[str, float]:
    """(the source's counts, the rest's counts, the prior's counts) -> z-score of each term
    the source uses (positive: used more by the source than by the rest)."""
    a0 = weight * min(focus.total, rest.total)
    if not prior.total or not focus.total or a0 <= 0:
        return {}
    scale = a0 / prior.total
    out: dict[str, float] = {}
    for term, y_i in focus.counts.items():
        a_w = scale * prior.counts.get(term, 0)
        if a_w <= 0:
            continue
        y_j = rest.counts.get(term, 0)
        odds_i = (y_i + a_w) / (focus.total + a0 - y_i - a_w)
        odds_j = (y_j + a_w) / (rest.total + a0 - y_j - a_w)
        variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
        out[term] = (math.log(odds_i) - math.log(odds_j)) / math.sqrt(variance)
    return out


def top_terms(z: Mapping[str, float], counts: Mapping[str, int], z_min: float = Z_MIN,
              limit: int = TOP_TERMS) -> list[tuple[str, float]]:
    """(term -> z, the source's term counts) -> the terms with z above ``z_min``, highest first
    (ties by term), at most ``limit``; a word is left out when a kept phrase holds every one of
    its uses (the phrase says it better)."""
    ranked = sorted(((t, round(v, 3)) for t, v in z.items() if v >= z_min),
                    key=lambda tv: (-tv[1], tv[0]))
    phrases: dict[str, list[str]] = {}
    for term, _ in ranked:
        if " " in term:
            for word in term.split(" "):
                phrases.setdefault(word, []).append(term)
    kept: list[tuple[str, float]] = []
    for term, value in ranked:
        if len(kept) == limit:
            break
        covered = any(counts.get(p, 0) >= counts.get(term, 0) for p in phrases.get(term, ()))
        if " " in term or not covered:
            kept.append((term, value))
    return kept
