"""Does a story hold two events? Pure functions over its articles' raw term weights.

A story's articles are re-weighted by an IDF computed inside the story (terms all of them share
count little: what tells them apart counts), bisected at the lowest normalised cut of their
similarity graph, and the halves are two events when they are far apart (cross / within
similarity under a ratio) and enough terms side with one half beyond chance (hypergeometric
evidence). Used by the clusterer's review pass (split a story, refuse a merge).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.stats import hypergeom


def _story_matrix(raw: list[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """Raw term weights of a story's articles -> one sparse row each, over the columns used."""
    indptr = np.cumsum([0] + [len(cols) for cols, _ in raw])
    cols = np.concatenate([c for c, _ in raw]) if raw else np.zeros(0, np.int32)
    data = np.concatenate([v for _, v in raw]) if raw else np.zeros(0)
    _, local = np.unique(cols, return_inverse=True)
    width = int(local.max()) + 1 if local.size else 0
    return sp.csr_matrix((data, local.ravel(), indptr), shape=(len(raw), width))


def local_similarities(raw: list[tuple[np.ndarray, np.ndarray]] | sp.csr_matrix) -> np.ndarray:
    """Raw term weights of a story's articles -> their cosine matrix under an IDF computed
    inside the story (terms all of them share count little: what tells them apart counts)."""
    matrix = _unit_rows(raw if isinstance(raw, sp.csr_matrix) else _story_matrix(raw))
    return np.asarray((matrix @ matrix.T).todense())


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """A story's term rows -> the same weighted by the IDF inside the story, L2-normalised."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    matrix = matrix @ sp.diags(np.log((1.0 + matrix.shape[0]) / (1.0 + df)) + 1.0)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix)


def contrast_evidence(matrix: sp.csr_matrix, mask: np.ndarray, p_max: float = 1e-3) -> float:
    """(a story's term rows, a split mask) -> how strongly terms side with one half: the sum of
    -log10 p over terms whose documents fall into one half more than chance allows
    (hypergeometric tail p below ``p_max``). Two events each bring their own names, places,
    dates and numbers; a story cut along noise, or a small outlying half, scores near 0."""
    present = matrix.copy()
    present.data = (present.data > 0).astype(np.float64)
    present.eliminate_zeros()
    df = np.asarray(present.sum(axis=0)).ravel()
    df_out = np.asarray(present[np.flatnonzero(mask)].sum(axis=0)).ravel()
    n, n_out = matrix.shape[0], int(mask.sum())
    shared = df >= 2
    df, df_out = df[shared], df_out[shared]
    p_out = hypergeom.sf(df_out - 1, n, df, n_out)
    p_in = hypergeom.sf(df - df_out - 1, n, df, n - n_out)
    p = np.minimum(p_out, p_in)
    return float(-np.log10(np.maximum(p[p < p_max], 1e-300)).sum())


def bisect(sims: np.ndarray) -> np.ndarray:
    """A similarity matrix -> a boolean mask of one half: the sweep cut of the Fiedler vector
    of the normalised Laplacian with the lowest normalised cut (row 0 always stays False)."""
    affinity = np.maximum(sims, 0.0)
    np.fill_diagonal(affinity, 0.0)
    degree = np.maximum(affinity.sum(axis=1), 1e-9)
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(sims)) - scale[:, None] * affinity * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    fiedler = vectors[:, 1] * scale
    order = np.lexsort((np.arange(len(sims)), fiedler))
    best, best_mask = np.inf, np.zeros(len(sims), dtype=bool)
    mask = np.zeros(len(sims), dtype=bool)
    total = degree.sum()
    cut = volume = 0.0
    for k in order[:-1]:  # the cut and volume move by row k's ties to either side
        cut += float(affinity[k, ~mask].sum() - affinity[k, mask].sum())
        mask[k] = True
        volume += float(degree[k])
        score = cut / volume + cut / max(total - volume, 1e-9)
        if score < best - 1e-12:
            best, best_mask = score, mask.copy()
    return ~best_mask if best_mask[0] else best_mask


def contrast_ratio(sims: np.ndarray, mask: np.ndarray) -> float:
    """(similarities, a split mask) -> mean cross similarity / mean within-half similarity."""
    same = mask[:, None] == mask[None, :]
    upper = np.triu(np.ones_like(same), 1)
    within = sims[same & upper]
    cross = sims[~same]
    if within.size == 0 or cross.size == 0:
        return 1.0
    return float(cross.mean() / max(within.mean(), 1e-9))


def contrast_split(raw: list[tuple[np.ndarray, np.ndarray]], ratio: float,
                   evidence: float = 0.0) -> np.ndarray | None:
    """Raw term weights of a story's articles -> a mask of the half to move out when the two
    halves contrast (cross/within similarity below ``ratio`` and at least ``evidence`` of
    terms siding with one half), else None."""
    matrix = _story_matrix(raw)
    sims = local_similarities(matrix)
    mask = bisect(sims)
    if mask.all() or not mask.any():
        return None
    return mask if contrasts(matrix, sims, mask, ratio, evidence) else None


def contrasts(matrix: sp.csr_matrix, sims: np.ndarray, mask: np.ndarray, ratio: float,
              evidence: float) -> bool:
    """Do the two halves of a story contrast as two events?"""
    if contrast_ratio(sims, mask) >= ratio:
        return False
    return evidence <= 0 or contrast_evidence(matrix, mask) >= evidence
