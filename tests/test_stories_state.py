"""The clusterer's state in the store: its vector index continues byte for byte after a
round trip, and its arrays survive the codec exactly."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from crosswire.config import load_settings
from crosswire.stories.state_codec import (
    decode_centroid,
    decode_features,
    encode_centroid,
    encode_features,
)
from crosswire.stories.vector_index import VectorIndex


def _unit_rows(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_an_index_read_back_and_continued_is_the_index_never_written() -> None:
    vectors = _unit_rows(300)
    whole = VectorIndex(384)
    for row, vector in enumerate(vectors):
        whole.add(row, vector)
    half = VectorIndex(384)
    for row, vector in enumerate(vectors[:150]):
        half.add(row, vector)
    continued = VectorIndex.from_bytes(384, half.to_bytes(), half.rows)
    for row, vector in enumerate(vectors[150:], start=150):
        continued.add(row, vector)
    assert continued.to_bytes() == whole.to_bytes()
    assert continued.search(vectors[7], 5) == whole.search(vectors[7], 5)


def test_a_rebuilt_index_holds_only_the_rows_given_in_their_order() -> None:
    vectors = _unit_rows(50, seed=1)
    index = VectorIndex(384)
    for row, vector in enumerate(vectors):
        index.add(row, vector)
    index.rebuild((row, vectors[row]) for row in range(25, 50))
    assert index.rows == list(range(25, 50)) and index.pos_of[25] == 0
    assert index.search(vectors[30], 1) == [30]


def test_features_and_centroids_round_trip_exactly() -> None:
    rng = np.random.default_rng(2)
    dense = _unit_rows(1)[0]
    sparse = (np.array([3, 99, 1 << 19], np.int32), rng.random(3).astype(np.float32)
              .astype(np.float64))
    raw = (np.array([5], np.int32), np.array([1.5]))
    got = decode_features(encode_features(dense, sparse, raw))
    assert np.array_equal(got[0], dense)
    for (cols, values), (want_cols, want_values) in zip(got[1:], (sparse, raw), strict=True):
        assert np.array_equal(cols, want_cols) and np.array_equal(values, want_values)
    sums = {7: 0.1 + 0.2, 3: 1e-300, 5: -2.5}  # order kept: sums are order-sensitive
    back_dense, back_sparse = decode_centroid(encode_centroid(dense.astype(np.float64), sums))
    assert list(back_sparse.items()) == list(sums.items())
    assert np.array_equal(back_dense, dense.astype(np.float64))


def test_a_clusterer_read_back_from_the_store_continues_as_the_one_that_wrote_it(
        tmp_path: Path) -> None:
    import dataclasses

    from crosswire.store import open_store
    from crosswire.stories.cluster import OnlineClusterer, Pins
    from crosswire.stories.replay import canonical_order
    from crosswire.stories.state import load_clusterer, meta_of, state_delta, written
    from tests.test_stories_cluster import synthetic

    settings = dataclasses.replace(load_settings(), story_review_every=5)
    days = [730_000.0 + 30 * (t % 7) for t in range(12)] + [None, None]
    features = synthetic(14, 6, days, seed=4, noise=0.4)
    order = canonical_order(features)
    first, later = features.subset(order[:40]), features.subset(order[40:])

    whole = OnlineClusterer(settings, retiring=True)
    whole.add(first, canonical_order(first))
    whole.add(later, canonical_order(later))

    writer = OnlineClusterer(settings, retiring=True)
    writer.add(first, canonical_order(first))
    store = open_store(str(tmp_path / "state.db"))
    keys = writer.changes.stories | set(writer.changes.let_go_stories)
    delta = state_delta(writer, {k: f"s-{k}" for k in keys}, {}, 0)
    delta.meta = meta_of(writer, {})
    with store.transaction():
        store.save_story_state(delta)
    written(writer)

    reader = load_clusterer(store, settings, Pins(), store.story_state_meta() or {})
    assert reader.stories.keys() == writer.stories.keys()
    assert reader.index.to_bytes() == writer.index.to_bytes()
    reader.add(later, canonical_order(later))
    held = {reader.ids[r]: k for r, k in reader.story_of.items()}
    assert held == {whole.ids[r]: k for r, k in whole.story_of.items()}

