"""The clusterer's vector index: faiss HNSW (inner product) over the dense rows it holds.

Each vector is added one at a time at a graph level drawn from a hash of its row number (not
faiss's running random generator), so the index is a function of the rows and their order
alone: the same rows added in the same order give the same graph byte for byte, whether in
one process, or after the index was written to the store (:meth:`to_bytes`), read back in
another process (:meth:`from_bytes`) and continued, or rebuilt from the stored vectors.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

import faiss
import numpy as np

M = 32  # neighbours per node
EF_CONSTRUCTION = 64
EF_SEARCH = 64


def level_of(row: int) -> int:
    """a row number -> its HNSW level: floor(-ln U / ln M), U uniform from a hash of the row
    (the distribution faiss draws from)."""
    digest = hashlib.blake2b(row.to_bytes(8, "little", signed=True), digest_size=8).digest()
    uniform = (int.from_bytes(digest, "little") + 1) / 2.0**64
    return int(-math.log(uniform) / math.log(M))


class VectorIndex:
    """Rows' unit vectors -> their nearest rows by inner product; positions map to rows."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.index = _empty(dim)
        self.rows: list[int] = []  # faiss position -> row
        self.pos_of: dict[int, int] = {}  # row -> faiss position

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, row: int, vector: np.ndarray) -> None:
        """(a row, its unit vector) -> indexed at the next position."""
        self.index.hnsw.levels.push_back(level_of(row) + 1)  # faiss uses preset levels
        self.index.add(np.ascontiguousarray(vector, dtype=np.float32)[None, :])
        self.pos_of[row] = len(self.rows)
        self.rows.append(row)

    def search(self, vector: np.ndarray, k: int) -> list[int]:
        """(a vector, how many) -> the rows of its k nearest indexed vectors, nearest first."""
        if not self.rows:
            return []
        _, found = self.index.search(vector[None, :].astype(np.float32), min(k, len(self.rows)))
        return [self.rows[int(j)] for j in found[0] if j >= 0]

    def rebuild(self, rows: Iterable[tuple[int, np.ndarray]]) -> None:
        """(row, vector) pairs in the order to index them -> a new index of those alone."""
        self.index, self.rows, self.pos_of = _empty(self.dim), [], {}
        for row, vector in rows:
            self.add(row, vector)

    def __getstate__(self) -> dict[str, object]:
        """-> a state for copying (the index as faiss's bytes)."""
        return {"dim": self.dim, "rows": self.rows, "data": self.to_bytes()}

    def __setstate__(self, state: dict[str, object]) -> None:
        """a :meth:`__getstate__` state -> this index restored."""
        rows = state["rows"]
        data, dim = state["data"], state["dim"]
        assert isinstance(rows, list) and isinstance(data, bytes) and isinstance(dim, int)
        self.__dict__.update(VectorIndex.from_bytes(dim, data, rows).__dict__)

    def to_bytes(self) -> bytes:
        """-> the index as faiss serialises it (vectors and graph; no code, no pickle)."""
        return bytes(faiss.serialize_index(self.index))

    @classmethod
    def from_bytes(cls, dim: int, data: bytes, rows: list[int]) -> VectorIndex:
        """(dimension, :meth:`to_bytes` output, the rows of its positions) -> the index."""
        made = cls(dim)
        array = np.frombuffer(data, np.uint8).copy()  # faiss reads a writable array
        index = faiss.deserialize_index(array)
        if not isinstance(index, faiss.IndexHNSWFlat):
            raise ValueError(f"stored index is a {type(index).__name__}, not HNSW")
        made.index = index
        made.index.hnsw.efSearch = EF_SEARCH
        if made.index.ntotal != len(rows) or made.index.d != dim:
            raise ValueError(f"stored index holds {made.index.ntotal} vectors of {made.index.d}"
                             f" dimensions, not {len(rows)} of {dim}")
        made.rows = list(rows)
        made.pos_of = {row: pos for pos, row in enumerate(rows)}
        return made


def _empty(dim: int) -> faiss.IndexHNSWFlat:
    """-> an empty HNSW index with crosswire's parameters."""
    index = faiss.IndexHNSWFlat(dim, M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.hnsw.efSearch = EF_SEARCH
    return index
