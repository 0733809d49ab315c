"""Retired stories, for finding related stories across time: a vector index of their unit
dense centroids (the story key as its row), each added once, when the story first retires.

A story that changes scores its related links against the stories held (review.py) and
against the retired stories this index proposes, so a follow-up a year later is still linked
to the story it continues, although the older story is no longer held. The centroids
themselves are not held: the clusterer's ``retired_units`` reads them when needed (from
memory during a replay, from the store otherwise).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence

import numpy as np

from crosswire.stories.vector_index import VectorIndex

Unit = tuple[np.ndarray, np.ndarray, np.ndarray]  # unit dense, sparse columns, sparse values
UnitsOf = Callable[[Sequence[int]], dict[int, Unit]]
RELATED_CANDIDATES = 20  # retired stories a changed story is scored against


def unit_similarity(a: Unit, b: Unit, dense_weight: float) -> float:
    """two unit centroids -> their weighted dense + sparse cosine."""
    dense = float(a[0] @ b[0])
    common, ia, ib = np.intersect1d(a[1], b[1], assume_unique=True, return_indices=True)
    sparse = float(a[2][ia] @ b[2][ib]) if common.size else 0.0
    return dense_weight * dense + (1.0 - dense_weight) * sparse


def unit_of(dense: np.ndarray, sparse: dict[int, float]) -> Unit:
    """a story's centroid sums -> its unit centroid (dense, sparse columns sorted, values)."""
    unit_dense = dense / max(float(np.linalg.norm(dense)), 1e-12)
    items = sorted(sparse.items())
    cols = np.fromiter((c for c, _ in items), dtype=np.int64, count=len(items))
    values = np.fromiter((v for _, v in items), dtype=np.float64, count=len(items))
    values /= max(float(np.sqrt(values @ values)), 1e-12)
    return unit_dense, cols, values


class RetiredStories:
    """Retired stories' unit dense centroids -> the nearest ones to a story."""

    def __init__(self, dim: int, units_of: UnitsOf | None = None) -> None:
        self.index = VectorIndex(dim)
        self.kept: dict[int, Unit] = {}  # units held when no reader is given (a replay)
        self.units_of = units_of
        self.added: list[int] = []  # keys added since the index was last written

    def add(self, key: int, unit: Unit) -> None:
        """A story retiring (the first time) -> indexed under its key."""
        if key in self.index.pos_of:
            return
        self.index.add(key, unit[0].astype(np.float32))
        self.added.append(key)
        if self.units_of is None:
            self.kept[key] = unit

    def nearest(self, unit: Unit, skip: Container[int]) -> dict[int, Unit]:
        """a unit centroid (+ keys to leave out: the stories held) -> {key: unit} of the
        nearest retired stories."""
        keys = [k for k in self.index.search(unit[0], RELATED_CANDIDATES) if k not in skip]
        if self.units_of is None:
            return {k: self.kept[k] for k in keys if k in self.kept}
        return self.units_of(keys) if keys else {}
