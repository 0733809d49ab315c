"""Embeddings cached in the store: a rebuild embeds only text it has not seen."""

from __future__ import annotations

import numpy as np

from crosswire.store import Store
from crosswire.stories.embed import DIM, Embedder
from crosswire.stories.embed_cache import CachedEmbedder


class CountingEmbedder(Embedder):
    """A stand-in model: a fixed vector per text, counting the texts it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def embed(self, texts: list[str], max_tokens: int = 256) -> np.ndarray:
        self.asked += texts
        rows = [np.random.default_rng(len(t)).standard_normal(DIM) for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)


def test_only_unseen_texts_are_embedded_and_vectors_come_back_the_same(store: Store) -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(store, inner)
    first = cached.embed(["Raqqa fell.", "Mosul fell.", "Raqqa fell."], 96)
    assert inner.asked == ["Raqqa fell.", "Mosul fell."]
    again = CachedEmbedder(store, inner).embed(["Mosul fell.", "Raqqa fell.", "Aleppo."], 96)
    assert inner.asked[2:] == ["Aleppo."]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])


def test_another_token_budget_is_another_vector(store: Store) -> None:
    inner = CountingEmbedder()
    CachedEmbedder(store, inner).embed(["Raqqa fell."], 96)
    CachedEmbedder(store, inner).embed(["Raqqa fell."], 128)
    assert inner.asked == ["Raqqa fell.", "Raqqa fell."]
