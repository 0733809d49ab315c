"""Wire copies and near-duplicates: Articles -> wire groups (MinHash LSH over word shingles).

Two articles are copies when most of the shorter one's word 5-grams occur in the longer one
(containment), which catches a wire story run whole by several papers and a re-publication
trimmed or under a new headline. LSH (datasketch) proposes candidate pairs; containment on the
exact shingle sets decides. A group is named after its original: the earliest article by
published date (undated last), then id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from itertools import islice
from typing import Any, TypeVar

import numpy as np
from datasketch import MinHash, MinHashLSH

from crosswire.models import Article

K = TypeVar("K")
SHINGLE = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)
LSH_THRESHOLD = 0.3  # see WireIndex.__init__
SHINGLE_WORDS = 50_000  # words of a text that shingles read (a long feature is ~10,000)


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    """text -> its set of lower-cased word n-grams (the whole text when shorter than n), over
    its first SHINGLE_WORDS words: far more than any news report, so a hostile body of
    millions of words costs bounded memory (a few MB, not hundreds)."""
    words = [m.group().lower() for m in islice(_WORD.finditer(text), SHINGLE_WORDS)]
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _minhash(grams: set[str]) -> MinHash:
    sketch = MinHash(num_perm=NUM_PERM, seed=1)
    sketch.update_batch(sorted(g.encode("utf-8") for g in grams))
    return sketch


def containment(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """two shingle sets -> the share of the smaller one found in the larger one."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def original_order(article: Article) -> tuple[bool, str, str]:
    """Article -> its sort key for 'earliest first': dated before undated, then date, then id."""
    return (article.published is None, article.published or "", article.id)


def wire_groups(articles: Sequence[Article], min_containment: float = 0.8,
                min_shingles: int = 20) -> dict[str, str]:
    """Articles -> {article id: id of the original of its wire group} (itself when unique).

    Articles with fewer than ``min_shingles`` shingles are too short to call copies.
    """
    index = WireIndex(min_containment, min_shingles)
    index.add(articles, {})
    return index.groups()


class WireIndex:
    """Wire groups kept between calls, so a stream of new articles is compared with every
    earlier one without re-hashing them: MinHash LSH over all articles seen, and a union-find
    whose roots are the earliest articles (by :func:`original_order`)."""

    def __init__(self, min_containment: float = 0.8, min_shingles: int = 20) -> None:
        self.min_containment = min_containment
        self.min_shingles = min_shingles
        # A trimmed copy half as long as its source has Jaccard ~0.36 at containment 0.8: the
        # LSH threshold sits below that, and containment on the exact sets decides.
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.order: dict[str, tuple[bool, str, str]] = {}
        self.parent: dict[str, str] = {}
        self.sketches: dict[str, np.ndarray] = {}  # article id -> its MinHash values

    def add(self, articles: Sequence[Article], known: dict[str, Article]) -> None:
        """new articles (+ the articles already added, by id, for their bodies) -> each
        compared with the copies LSH proposes among every article added before it."""
        ordered = sorted(articles, key=original_order)
        grams = {a.id: shingles(a.body) for a in ordered}
        for art in ordered:
            self.order[art.id] = original_order(art)
            self.parent[art.id] = art.id
        for art in ordered:
            if len(grams[art.id]) < self.min_shingles:
                continue
            sketch = _minhash(grams[art.id])
            for other in sorted(self.lsh.query(sketch), key=self.order.__getitem__):
                if other not in grams:
                    grams[other] = shingles(known[other].body)
                if containment(grams[art.id], grams[other]) >= self.min_containment:
                    join(self.parent, self.order, other, art.id)
            self.lsh.insert(art.id, sketch)
            self.sketches[art.id] = sketch.hashvalues

    def groups(self) -> dict[str, str]:
        """-> {article id: its group's original} for every article added."""
        return {i: root_of(self.parent, i) for i in sorted(self.order, key=self.order.__getitem__)}


def root_of(parent: dict[K, K], item: K) -> K:
    """union-find (item -> parent) + an item -> the root of its group (paths halved)."""
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def join(parent: dict[K, K], rank: Mapping[K, Any], one: K, two: K) -> None:
    """Join two groups of a union-find; the joined group keeps the root of lowest rank (the
    earliest article, the first report)."""
    a, b = sorted((root_of(parent, one), root_of(parent, two)), key=rank.__getitem__)
    if a != b:
        parent[b] = a
