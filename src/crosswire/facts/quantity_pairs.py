"""Are two reported figures the same measure of the same thing? Pair features and a learned
weighting, over a whole story at once.

Every quantity mention of a story is read into a :class:`~crosswire.facts.figures.Figure`.
Pairs worth scoring share something specific within one dimension (what they count, a
subject term, a rarely used word near the number, the value); a term used by very many
figures only pairs figures of close values. Each pair gets a fixed vector of general
features (values agree, units and what is counted alike, the words around the number and in
the sentence alike, names alike, one sentence a copy of the other), computed for all pairs
at once with sparse matrices. A logistic regression trained on hand-annotated facts
(``eval/train_fact_model.py``, cross-validated by event) weighs them into the probability
that both report one fact; ``fact_model.json`` holds the weights and what they were fitted on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from crosswire.facts.figures import Figure, figure
from crosswire.models import Mention
from crosswire.stories.dedupe import containment

MODEL_PATH = Path(__file__).resolve().parent / "fact_model.json"
CAP = 120  # a key shared by more figures than this pairs only figures of close values
RARE = 0.05  # a word near the number is a key when at most this share of figures use it
RARE_MAX = 40  # ... and at most this many
COPY_OVERLAP = 0.6  # share of the shorter sentence's 4-grams in the other: a copied sentence

FEATURES = (
    "bias", "same_value", "values_agree", "log_ratio", "same_unit", "same_head",
    "measures", "subject_overlap", "same_concept", "window_similarity",
    "sentence_similarity", "name_overlap", "copied_same_value", "small_value", "both_ages",
    "same_article", "same_value_x_window", "agree_x_head",
)


@dataclass(frozen=True)
class PairTable:
    """A story's figures, the index pairs worth scoring (i < j) and their feature rows."""

    figures: list[Figure]
    pairs: np.ndarray
    x: np.ndarray


def pair_table(mentions: Sequence[Mention]) -> PairTable:
    """a story's quantity mentions -> its PairTable."""
    figures = [figure(m) for m in mentions]
    pairs = candidate_pairs(figures)
    return PairTable(figures, pairs, feature_rows(figures, pairs))


# -- which pairs to score -------------------------------------------------------------------


def candidate_pairs(figures: Sequence[Figure]) -> np.ndarray:
    """figures -> (n, 2) index pairs i < j of one dimension that share a specific key."""
    postings: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(figures):
        for key in _keys(f):
            postings.setdefault((f.dimension, key), []).append(i)
    rare_limit = max(3, min(RARE_MAX, int(RARE * len(figures))))
    found: set[tuple[int, int]] = set()
    for (_, key), members in postings.items():
        if key[0] in "wv" and len(members) > (rare_limit if key[0] == "w" else CAP):
            continue  # a common word, or a value very many figures give, says nothing
        groups = [members] if len(members) <= CAP else _by_value(members, figures)
        for group in groups:
            for x, i in enumerate(group):
                found.update((i, j) for j in group[x + 1:])
    return np.array(sorted(found), dtype=np.int64).reshape(-1, 2)


def _keys(f: Figure) -> set[str]:
    """a figure -> the keys it is blocked under: head, subject terms, value, nearby words."""
    keys = {f"t:{t}" for t in f.subject} | {f"w:{w}" for w in f.window}
    if f.head:
        keys.add(f"h:{f.head}")
    if f.value is not None:
        keys.add(f"v:{f.value:.6g}")
    return keys


def _by_value(members: list[int], figures: Sequence[Figure]) -> list[list[int]]:
    """a long posting list -> overlapping groups of figures whose values lie within a factor
    of about 3 of each other (half-decade buckets, each with its neighbour)."""
    buckets: dict[int, list[int]] = {}
    for i in members:
        value = figures[i].value
        bucket = round(math.log10(abs(value)) * 2) if value else -99
        buckets.setdefault(bucket, []).append(i)
    return [sorted(buckets[b] + buckets.get(b + 1, [])) for b in sorted(buckets)]


# -- features -------------------------------------------------------------------------------


def feature_rows(figures: Sequence[Figure], pairs: np.ndarray) -> np.ndarray:
    """figures + index pairs -> one row of FEATURES per pair."""
    n = len(pairs)
    out = np.zeros((n, len(FEATURES)))
    if n == 0:
        return out
    i, j = pairs[:, 0], pairs[:, 1]
    value = np.array([f.value if f.value is not None else np.nan for f in figures])
    low = np.array([f.span[0] if f.span else np.nan for f in figures])
    high = np.array([f.span[1] if f.span else np.nan for f in figures])
    same_value = np.isclose(value[i], value[j], rtol=1e-6, atol=1e-9)
    with np.errstate(invalid="ignore", divide="ignore"):
        agreeing = np.maximum(low[i], low[j]) <= np.minimum(high[i], high[j])
        ratio = np.abs(np.log10(np.abs(value[i]) / np.abs(value[j])))
    ratio = np.where(np.isfinite(ratio) & (value[i] * value[j] > 0), np.minimum(ratio, 2.0), 2.0)
    same_head = _same([f.head for f in figures], i, j)
    measure = np.array([f.dimension.startswith("[") for f in figures])  # converts via pint
    age = np.array([f.dimension == "age" for f in figures])
    window, sentence = _cosines(figures, i, j)
    columns = {
        "bias": np.ones(n), "same_value": same_value, "values_agree": agreeing,
        "log_ratio": ratio, "same_unit": _same([f.unit for f in figures], i, j),
        "same_head": same_head,
        "measures": measure[i] & measure[j],
        "subject_overlap": _jaccards([f.subject for f in figures], i, j),
        "same_concept": _jaccards([f.concept for f in figures], i, j) > 0,
        "window_similarity": window, "sentence_similarity": sentence,
        "name_overlap": _jaccards([f.names for f in figures], i, j),
        "copied_same_value": _copied(figures, pairs, same_value & (sentence >= 0.3)),
        "small_value": np.minimum(np.abs(np.nan_to_num(value[i])),
                                  np.abs(np.nan_to_num(value[j]))) <= 2,
        "both_ages": age[i] & age[j],
        "same_article": _same([f.mention.article for f in figures], i, j),
        "same_value_x_window": same_value * window, "agree_x_head": agreeing & same_head,
    }
    for k, name in enumerate(FEATURES):
        out[:, k] = columns[name]
    return out


def _same(values: Sequence[str], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """per-item strings + pairs -> True where both are the same non-empty string."""
    codes: dict[str, int] = {"": -1}
    ids = np.array([codes.setdefault(v, len(codes)) if v else -1 for v in values])
    return (ids[i] == ids[j]) & (ids[i] >= 0)


def _matrix(bags: Sequence[Iterable[str]] | Sequence[dict[str, int]],
            binary: bool = False) -> sp.csr_matrix:
    """bags of words (sets, or counts) -> a sparse rows x vocabulary matrix."""
    vocab: dict[str, int] = {}
    rows, cols, data = [], [], []
    for r, bag in enumerate(bags):
        items = bag.items() if isinstance(bag, dict) else ((w, 1) for w in bag)
        for word, count in items:
            rows.append(r)
            cols.append(vocab.setdefault(word, len(vocab)))
            data.append(1.0 if binary else float(count))
    return sp.csr_matrix((data, (rows, cols)), shape=(len(bags), max(len(vocab), 1)))


def _rowwise(a: sp.csr_matrix, b: sp.csr_matrix, i: np.ndarray,
             j: np.ndarray) -> np.ndarray:
    """matrices + pairs -> the dot product of row i of a with row j of b, per pair."""
    out = np.zeros(len(i))
    for start in range(0, len(i), 50_000):
        part = slice(start, start + 50_000)
        out[part] = np.asarray(a[i[part]].multiply(b[j[part]]).sum(axis=1)).ravel()
    return out


def _cosines(figures: Sequence[Figure], i: np.ndarray,
             j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """figures + pairs -> (tf-idf cosine of the words near the numbers, of the sentences) per
    pair, both weighted by one idf over the story's sentences."""
    n = len(figures)
    both = _matrix([f.window for f in figures] + [f.sentence for f in figures])
    df = np.asarray((both[n:] > 0).sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    weighted = sp.csr_matrix(both.multiply(idf.reshape(1, -1)))
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sp.csr_matrix(sp.diags(1.0 / norms) @ weighted)
    windows, sentences = unit[:n], unit[n:]
    return _rowwise(windows, windows, i, j), _rowwise(sentences, sentences, i, j)


def _jaccards(sets: Sequence[frozenset[str]], i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """sets + pairs -> Jaccard overlap per pair (0 when either is empty)."""
    matrix = _matrix(sets, binary=True)
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    inter = _rowwise(matrix, matrix, i, j)
    union = sizes[i] + sizes[j] - inter
    return np.divide(inter, union, out=np.zeros(len(i)), where=union > 0)


def _copied(figures: Sequence[Figure], pairs: np.ndarray, worth: np.ndarray) -> np.ndarray:
    """figures + pairs + which pairs to check -> 1 where one sentence copies the other."""
    out = np.zeros(len(pairs))
    for k in np.flatnonzero(worth):
        a, b = figures[pairs[k, 0]].shingles, figures[pairs[k, 1]].shingles
        if containment(a, b) >= COPY_OVERLAP:
            out[k] = 1.0
    return out


# -- the model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairModel:
    """Logistic weights over FEATURES and the probability above which two figures join."""

    weights: tuple[float, ...]
    threshold: float
    about: dict[str, Any]

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """feature rows -> the probability, per row, that both figures report one fact."""
        z = rows @ np.array(self.weights)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def load_model(path: Path | str | None = None) -> PairModel:
    """the model file (default: the packaged fact_model.json) -> PairModel."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> PairModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: fitted on other features than facts/quantity_pairs.py's")
    return PairModel(tuple(float(w) for w in data["weights"]), float(data["threshold"]),
                     dict(data.get("about", {})))


def score_pairs(table: PairTable, model: PairModel) -> dict[tuple[int, int], float]:
    """a story's PairTable + the model -> {(i, j): probability of one fact}."""
    probabilities = model.probability(table.x)
    return {(int(a), int(b)): float(p) for (a, b), p in zip(table.pairs, probabilities,
                                                            strict=True)}
