"""The clusterer's arrays <-> bytes for the store: plain little-endian numbers behind a small
header (numpy reads them back; nothing is unpickled, nothing runs).

- a row's features: ``<III`` (dimension, sparse entries, raw entries), the dense vector as
  float32, then the TF-IDF columns (int32) and values (float32), then the raw term columns
  and values (the values were float32 when made, so the round trip is exact);
- a story's centroid sums: ``<II`` (dimension, sparse entries), the dense sum as float64, then
  the sparse sum's columns (int32) and values (float64) in the order the story holds them
  (sums are order-sensitive in floating point: the order is kept).
"""

from __future__ import annotations

import struct

import numpy as np

Pair = tuple[np.ndarray, np.ndarray]
_ROW = struct.Struct("<III")
_STORY = struct.Struct("<II")


def encode_features(dense: np.ndarray, sparse: Pair, raw: Pair) -> bytes:
    """(dense vector, (TF-IDF columns, values), (raw columns, values)) -> bytes."""
    return b"".join([
        _ROW.pack(len(dense), len(sparse[0]), len(raw[0])),
        np.asarray(dense, "<f4").tobytes(),
        np.asarray(sparse[0], "<i4").tobytes(), np.asarray(sparse[1], "<f4").tobytes(),
        np.asarray(raw[0], "<i4").tobytes(), np.asarray(raw[1], "<f4").tobytes()])


def decode_features(data: bytes) -> tuple[np.ndarray, Pair, Pair]:
    """:func:`encode_features` bytes -> (dense float32, (cols, float64 values) twice)."""
    dim, n_sparse, n_raw = _ROW.unpack_from(data)
    at = _ROW.size
    parts = []
    for count, dtype in ((dim, "<f4"), (n_sparse, "<i4"), (n_sparse, "<f4"), (n_raw, "<i4"),
                         (n_raw, "<f4")):
        parts.append(np.frombuffer(data, dtype, count, at))
        at += 4 * count
    dense = parts[0].astype(np.float32)
    return (dense, (parts[1].astype(np.int32), parts[2].astype(np.float64)),
            (parts[3].astype(np.int32), parts[4].astype(np.float64)))


def decode_dense(data: bytes) -> np.ndarray:
    """:func:`encode_features` bytes -> the dense vector alone."""
    dim = _ROW.unpack_from(data)[0]
    return np.frombuffer(data, "<f4", dim, _ROW.size).astype(np.float32)


def encode_centroid(dense: np.ndarray, sparse: dict[int, float]) -> bytes:
    """(dense sum, {column: sparse sum} in its order) -> bytes."""
    cols = np.fromiter(sparse.keys(), np.int32, len(sparse))
    values = np.fromiter(sparse.values(), np.float64, len(sparse))
    return b"".join([_STORY.pack(len(dense), len(sparse)), np.asarray(dense, "<f8").tobytes(),
                     cols.astype("<i4").tobytes(), values.astype("<f8").tobytes()])


def decode_centroid(data: bytes) -> tuple[np.ndarray, dict[int, float]]:
    """:func:`encode_centroid` bytes -> (dense sum float64, {column: sum} in stored order)."""
    dim, n = _STORY.unpack_from(data)
    at = _STORY.size
    dense = np.frombuffer(data, "<f8", dim, at).astype(np.float64)
    at += 8 * dim
    cols = np.frombuffer(data, "<i4", n, at)
    values = np.frombuffer(data, "<f8", n, at + 4 * n)
    return dense, dict(zip(cols.tolist(), values.tolist(), strict=True))
