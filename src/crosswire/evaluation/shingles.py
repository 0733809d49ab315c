"""Shingle precision/recall/F1 as in the Article Extraction Benchmark's evaluate.py.

Tokens are ``\\w+`` matches, shingles are 4-grams (1-grams for the token variant); per page,
TP/FP/FN are counted on shingle multisets and normalised by their sum; precision and recall
are averaged over pages and F1 is taken from the two means.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """text -> multiset of its n-grams of \\w+ tokens (the whole text when shorter than n)."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class PageScore:
    """One page's normalised precision and recall."""

    precision: float
    recall: float


def page_score(predicted: str, gold: str, n: int = 4) -> PageScore:
    """(predicted body, gold body) -> PageScore, as the benchmark's per-page counts."""
    pred, ref = shingles(predicted, n), shingles(gold, n)
    tp = sum((pred & ref).values())
    fp = sum((pred - ref).values())
    fn = sum((ref - pred).values())
    if not pred and not ref:
        return PageScore(1.0, 1.0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return PageScore(precision, recall)


def aggregate(scores: Iterable[PageScore]) -> dict[str, float]:
    """page scores -> {precision, recall, f1}: means over pages, F1 of the means."""
    items = list(scores)
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = sum(s.precision for s in items) / len(items)
    r = sum(s.recall for s in items) / len(items)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}
