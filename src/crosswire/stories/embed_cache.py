"""Embeddings kept in the store, so that rebuilding stories re-embeds only new text.

A vector is keyed by a hash of the model, the token budget and the exact text embedded; a
changed article (a revision, a better cleaner after `reprocess`) gets a new key by itself.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

import numpy as np

from crosswire.stories.embed import DIM, Embedder, shared_embedder

MODEL_ID = "all-MiniLM-L6-v2-int8"


class VectorStore(Protocol):
    """What the cache needs of a store."""

    def vectors(self, keys: list[str]) -> dict[str, bytes]: ...

    def save_vectors(self, vectors: dict[str, bytes]) -> None: ...


def vector_key(text: str, max_tokens: int) -> str:
    """(text, token budget) -> the cache key of its embedding."""
    return hashlib.sha256(f"{MODEL_ID}\0{max_tokens}\0{text}".encode()).hexdigest()


class CachedEmbedder(Embedder):
    """An Embedder that asks the store first and embeds (and stores) only what it lacks."""

    def __init__(self, store: VectorStore, inner: Embedder | None = None) -> None:
        super().__init__()
        self.store, self.inner = store, inner

    def embed(self, texts: list[str], max_tokens: int = 256) -> np.ndarray:
        """texts -> unit vectors (n, 384), from the store where it has them."""
        keys = [vector_key(t, max_tokens) for t in texts]
        found = self.store.vectors(sorted(set(keys)))
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key not in found:
                first.setdefault(key, i)
        missing = sorted(first.values())
        if missing:
            fresh = (self.inner or shared_embedder()).embed([texts[i] for i in missing],
                                                            max_tokens)
            new = {keys[i]: fresh[n].astype(np.float32).tobytes() for n, i in enumerate(missing)}
            self.store.save_vectors(new)
            found.update(new)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = np.frombuffer(found[key], dtype=np.float32)
        return out
