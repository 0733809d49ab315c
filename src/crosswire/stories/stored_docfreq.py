"""The IDF table read from the store column by column: a batch of new articles reads the
document frequencies of the columns it uses (``term_df``), adds its own, and leaves the
changed columns to be written. Same numbers as :class:`crosswire.stories.represent.DocFreq`
over the whole collection, at a cost that follows the batch, not the collection.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from crosswire.stories.represent import N_FEATURES, DocFreq, normalise_rows


class StoredDocFreq(DocFreq):
    """Document frequencies of hashed columns, read on first use from ``term_df``."""

    def __init__(self, read: object, n_docs: int) -> None:
        super().__init__()
        self.read = read  # a Store, or anything with term_df(cols) -> {col: n}
        self.n_docs = n_docs
        self.df = np.zeros(N_FEATURES, dtype=np.int32)
        self.known = np.zeros(N_FEATURES, dtype=bool)
        self.changed: set[int] = set()

    def _load(self, cols: np.ndarray) -> None:
        """columns -> their stored frequencies read, where not read yet."""
        missing = np.unique(cols[~self.known[cols]])
        if missing.size:
            found = self.read.term_df(missing.tolist())  # type: ignore[attr-defined]
            for col, n in found.items():
                self.df[col] = n
            self.known[missing] = True

    def update(self, counts: sp.csr_matrix) -> None:
        """Rows of raw term weights -> each row's columns added once to the frequencies."""
        cols, freq = np.unique(counts.indices, return_counts=True)
        self._load(cols)
        self.df[cols] += freq.astype(np.int32)
        self.changed.update(cols.tolist())
        self.n_docs += counts.shape[0]

    def remove(self, cols: np.ndarray) -> None:
        """the columns of an article taken out (deleted or replaced) -> counted down."""
        cols = np.unique(cols)
        self._load(cols)
        self.df[cols] = np.maximum(self.df[cols] - 1, 0)
        self.changed.update(cols.tolist())
        self.n_docs = max(self.n_docs - 1, 0)

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Rows of raw term weights -> TF-IDF rows, L2-normalised (as DocFreq.weigh)."""
        out = counts.astype(np.float32, copy=True)
        self._load(out.indices)
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df[out.indices])) + 1.0
        out.data *= idf.astype(np.float32)
        return normalise_rows(out)

    def written(self) -> dict[int, int]:
        """-> {column: frequency} of the columns changed, and start counting afresh."""
        out = {c: int(self.df[c]) for c in sorted(self.changed)}
        self.changed.clear()
        return out
