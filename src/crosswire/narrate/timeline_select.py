"""A date's events -> the few sentences that say what happened, central and non-redundant.

Only readable sentences are candidates: plain statements of 6-60 words, no page furniture
(bylines, '|' separators, captions, timestamps); a date with none gets no entry. When at least
``k`` candidates name the date in a time expression, only those are candidates (they speak
for the date; the rest of a day's articles is mostly background).

Sentences are TF-IDF vectors (light lemmas, stop words out; IDF over every dated sentence of
the collection). A date's centroid is the weighted mean of its sentences' vectors: of the
sentences naming the date when there are ``CENTROID_MIN_STATED`` of them, else of all, one
naming the date weighing ``STATED_WEIGHT``, one dated by its article's published day
``PUBLISHED_WEIGHT``. A candidate (one wording, however many articles print it) scores its
similarity to that centroid plus ``TOPIC_WEIGHT`` times its similarity to the mean of the
whole collection (on the story's subject, not a side matter), raised when it names the date
itself, when it comes early in its article (news puts the event first), and when several
sources print that very wording.
Selection is MMR: each pick maximises ``LAMBDA * score - (1 - LAMBDA) * similarity to what
was already picked``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from crosswire.models import Citation
from crosswire.narrate.timeline_events import Event
from crosswire.stories.represent import word_terms

STATED_WEIGHT = 1.0
PUBLISHED_WEIGHT = 0.5
STATED_BONUS = 0.3
POSITION_DECAY = 0.05
SHARED_BONUS = 0.1
LAMBDA = 0.85
TOPIC_WEIGHT = 0.5
CENTROID_MIN_STATED = 3
MIN_WORDS = 6
MAX_WORDS = 60
_WORD = re.compile(r"\w+")
_FURNITURE = re.compile(
    r"\||\)\s+[-–—]\s|^\W*By\s+[A-Z]|\b(?:click|subscribe|log(?:ging)? on)\b"  # bylines, links
    r"|^(?:Photo(?:graph)?|Picture|Image)s?:"  # captions
    r"|\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:GMT|BST|UTC|CET|[ECMP][SD]T)\b",  # timestamps
    re.IGNORECASE)
_OPENS = re.compile(r"^[\"“‘'(]?[A-Z0-9]")
_CLOSES = re.compile(r"[.!][\"”’')]*$")


@dataclass(frozen=True)
class Candidate:
    """One wording on one date: its text, every place it is printed, and what favours it."""

    text: str
    citations: tuple[Citation, ...]
    sources: int
    stated: bool
    position: int


def _terms(text: str) -> list[str]:
    """text -> its lemmas (the TF-IDF analyser)."""
    return list(word_terms(text).elements())


class SentenceSpace:
    """Every dated sentence of a collection -> TF-IDF vectors, looked up by text, and
    ``topic``, the mean vector of the collection."""

    def __init__(self, texts: Iterable[str]) -> None:
        unique = sorted(set(texts))
        self._row = {t: i for i, t in enumerate(unique)}
        vectorizer = TfidfVectorizer(analyzer=_terms, sublinear_tf=True)
        self._matrix: sp.csr_matrix = (vectorizer.fit_transform(unique) if unique
                                       else sp.csr_matrix((0, 1)))
        rows = max(self._matrix.shape[0], 1)
        self.topic = np.asarray(self._matrix.sum(axis=0)).ravel() / rows

    def vectors(self, texts: Sequence[str]) -> sp.csr_matrix:
        """texts (all seen at construction) -> their unit rows."""
        return self._matrix[[self._row[t] for t in texts]]


def citation_index(events: Iterable[Event]) -> dict[str, list[Citation]]:
    """events -> {sentence text: a citation of every place it is printed, in event order}."""
    index: dict[str, list[Citation]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for event in events:
        if (event.article, event.start) not in seen:
            seen.add((event.article, event.start))
            index[event.text].append(Citation(event.article, event.start, event.end))
    return index


def candidates(events: Sequence[Event], index: dict[str, list[Citation]]) -> list[Candidate]:
    """one date's events + the citation index -> one Candidate per wording, in event order."""
    by_text: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_text[event.text].append(event)
    return [Candidate(text, tuple(index[text]), len({e.source for e in group}),
                      any(e.stated for e in group), min(e.position for e in group))
            for text, group in by_text.items()]


def readable(text: str) -> bool:
    """a sentence -> is it a plain statement of a sensible length: it opens with a capital
    (or a quotation mark), closes with a full stop, has real words, and carries no page
    furniture (a '|' separator, a dateline's '(Agency) -' dash)?"""
    words = _WORD.findall(text)
    if not MIN_WORDS <= len(words) <= MAX_WORDS or _FURNITURE.search(text):
        return False
    if not _OPENS.match(text) or not _CLOSES.search(text):
        return False
    letters = [w for w in words if w.isalpha()]
    return len(letters) >= MIN_WORDS and sum(map(len, letters)) >= 3.5 * len(letters)


def centroid(events: Sequence[Event], space: SentenceSpace) -> np.ndarray:
    """one date's events -> the weighted mean of their vectors (1-D)."""
    weights = np.array([STATED_WEIGHT if e.stated else PUBLISHED_WEIGHT for e in events])
    mean = space.vectors([e.text for e in events]).T @ weights / max(weights.sum(), 1e-9)
    return np.asarray(mean).ravel()


def prior(candidate: Candidate) -> float:
    """Candidate -> its multiplier from naming the date, lead position and shared wording."""
    factor = 1.0 + (STATED_BONUS if candidate.stated else 0.0)
    factor *= 1.0 / (1.0 + POSITION_DECAY * candidate.position)
    return factor * (1.0 + SHARED_BONUS * (candidate.sources - 1))


def select(events: Sequence[Event], k: int, space: SentenceSpace,
           index: dict[str, list[Citation]], used: set[str]) -> list[Candidate]:
    """one date's events, how many sentences, the collection's vectors, citation index and
    wordings already used on other dates -> up to k Candidates, best first."""
    pool = [c for c in candidates(events, index) if c.text not in used and readable(c.text)]
    stated = [c for c in pool if c.stated]
    if len(stated) >= k:  # enough sentences name the date: they alone speak for it
        pool = stated
    if sum(e.stated for e in events) >= CENTROID_MIN_STATED:
        events = [e for e in events if e.stated]
    if not pool or k <= 0:
        return []
    vectors = space.vectors([c.text for c in pool])
    relevance = vectors @ (centroid(events, space) + TOPIC_WEIGHT * space.topic)
    relevance *= np.array([prior(c) for c in pool])
    similarity = (vectors @ vectors.T).toarray()
    chosen: list[int] = []
    while len(chosen) < min(k, len(pool)):
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(pool))
        gain = LAMBDA * relevance - (1 - LAMBDA) * redundancy
        gain[chosen] = -np.inf
        chosen.append(int(np.argmax(gain)))
    return [pool[i] for i in chosen]
