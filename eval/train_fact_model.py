"""Train the pair model that decides whether two figures report one fact (facts/fact_model.json).

Data: the hand-annotated facts of ../shared/eval/facts/ecbplus-dev.json over the ECB+ texts.
Every article is read by crosswire's real pipeline (a kept store under --store reuses the
parses); each quantity mention is matched to the gold fact whose report in the same article
its sentence covers with the same value. Pairs of mentions that crosswire would score
(``quantity_pairs.candidate_pairs``, within one gold event) are labelled 1 when both belong to
one gold fact, else 0. A logistic regression (each feature's sign fixed: similarities count
for, distances against) is cross-validated leave-one-event-out over the events it is fitted
on (pairwise F1 after average-link grouping, over a grid of C and thresholds); the best
setting is refitted on all of them.

    python eval/train_fact_model.py --fit A            # fit on part A, print CV, write nothing
    python eval/train_fact_model.py --fit A --score B  # ... and score part B end to end
    python eval/train_fact_model.py --fit all --write  # the shipped model

Parts as in ``crosswire eval facts``: A = events at odd positions of the file (1st, 3rd, ...),
B = the others.
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.config import load_settings
from crosswire.evaluation import facts as eval_facts
from crosswire.facts import quantity_pairs
from crosswire.facts.grouping import average_link
from crosswire.facts.quantity_pairs import FEATURES, pair_table
from crosswire.models import Article, Mention, Reading

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
GOLD = SHARED / "facts" / "ecbplus-dev.json"
TEXTS = SHARED / "clustering" / "ecbplus.jsonl"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)


@dataclass
class Event:
    """One gold event: its quantity mentions, their gold fact (or None), pairs and features."""

    name: str
    mentions: list[Mention]
    labels: list[int | None]
    pairs: list[tuple[int, int]]
    x: np.ndarray
    y: np.ndarray


def _close(a: Any, b: Any) -> bool:
    first = a[0] if isinstance(a, list) else a
    try:
        return math.isclose(float(first), float(b), rel_tol=1e-5)
    except (TypeError, ValueError):
        return False


def gold_label(mention: Mention, body: str, facts: Sequence[dict[str, Any]]) -> int | None:
    """a quantity mention + its article's body + the event's gold facts -> the index of the
    gold fact one of whose reports its sentence covers with the same value, else None."""
    for index, fact in enumerate(facts):
        if fact.get("kind") != "quantity":
            continue
        for report in fact["reports"]:
            if report["article"] != mention.article or report.get("value") is None:
                continue
            at = body.find(report["text"])
            if at < 0 or not _close(mention.value, report["value"]):
                continue
            if mention.citation.start <= at + len(report["text"]) and mention.citation.end >= at:
                return index
    return None


def event_of(cluster: dict[str, Any], articles: dict[str, Article],
             readings: dict[str, Reading]) -> Event:
    """a gold cluster + the articles and readings -> its Event with labelled pairs."""
    facts = cluster["facts"] + cluster.get("background_facts", [])
    mentions = [m for a in cluster["articles"] if a in readings
                for m in readings[a].mentions if m.kind == "quantity"]
    labels = [gold_label(m, articles[m.article].body, facts) for m in mentions]
    table = pair_table(mentions)
    pairs = [(int(i), int(j)) for i, j in table.pairs]
    y = np.array([int(labels[i] is not None and labels[i] == labels[j]) for i, j in pairs])
    return Event(cluster["event"], mentions, labels, pairs, table.x, y)


def pair_f1(event: Event, probabilities: np.ndarray, threshold: float) -> tuple[int, int, int]:
    """an event + pair probabilities + threshold -> (true, predicted, gold) same-fact pairs
    after grouping, counted over mentions that belong to a gold fact or were grouped."""
    scores = {p: float(q) for p, q in zip(event.pairs, probabilities, strict=True)}
    groups = average_link(len(event.mentions), scores, threshold)
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    n = len(event.mentions)
    true = predicted = gold = 0
    for i in range(n):
        for j in range(i + 1, n):
            same_gold = event.labels[i] is not None and event.labels[i] == event.labels[j]
            same_pred = group_of[i] == group_of[j]
            gold += same_gold
            predicted += same_pred
            true += same_gold and same_pred
    return true, predicted, gold


# Each feature's weight may only push one way: similarity is evidence for one fact, distance
# against it. The signs keep the weights meaningful on the few events there are to fit on
# (a free fit turns correlated features against each other).
SIGNS = {"bias": 0, "log_ratio": -1, "small_value": -1, "same_article": -1}


@dataclass
class Fitted:
    """Logistic weights over FEATURES (bias included)."""

    coef: np.ndarray

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ self.coef, -30, 30)))
        return np.column_stack([1 - p, p])


def fit(events: Sequence[Event], c: float) -> Fitted:
    """events + regularisation (L2, as sklearn's C) -> logistic weights with each feature's
    sign fixed by SIGNS (similarities >= 0), fitted with L-BFGS-B."""
    from scipy.optimize import minimize

    x = np.vstack([e.x for e in events])
    y = np.concatenate([e.y for e in events])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-12
        value = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        reg = 0.5 / c * np.sum(w[1:] ** 2)
        grad = x.T @ (p - y)
        grad[1:] += w[1:] / c
        return float(value + reg), grad

    bounds = [(None, None) if SIGNS.get(f, 1) == 0 else
              ((0.0, None) if SIGNS.get(f, 1) > 0 else (None, 0.0)) for f in FEATURES]
    result = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B",
                      bounds=bounds)
    return Fitted(result.x)


def cross_validate(events: Sequence[Event]) -> tuple[float, float, dict[str, float]]:
    """events -> (best C, best threshold, {setting: pooled pairwise F1}) leave-one-event-out."""
    table: dict[str, float] = {}
    best = (0.0, C_GRID[0], THRESHOLDS[0])
    for c in C_GRID:
        totals = {t: [0, 0, 0] for t in THRESHOLDS}
        for k, held in enumerate(events):
            model = fit([e for i, e in enumerate(events) if i != k], c)
            probabilities = model.predict_proba(held.x)[:, 1] if len(held.pairs) else np.array([])
            for t in THRESHOLDS:
                for slot, value in enumerate(pair_f1(held, probabilities, t)):
                    totals[t][slot] += value
        for t, (true, predicted, gold) in totals.items():
            f1 = 2 * true / (predicted + gold) if predicted + gold else 0.0
            table[f"C={c} t={t}"] = round(f1, 4)
            if f1 > best[0]:
                best = (f1, c, t)
    return best[1], best[2], table


def model_json(model: Any, threshold: float, about: dict[str, Any]) -> dict[str, Any]:
    return {"features": list(FEATURES), "weights": [round(float(w), 6) for w in model.coef],
            "threshold": threshold, "about": about}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", choices=("A", "B", "all"), default="A")
    parser.add_argument("--score", choices=("A", "B", "all"), default=None)
    parser.add_argument("--store", default=None, help="keep the eval store here (reuse parses)")
    parser.add_argument("--write", action="store_true", help="write facts/fact_model.json")
    args = parser.parse_args()
    clusters, _ = eval_facts.load_gold(GOLD)
    texts = eval_facts.load_texts(TEXTS, [a for c in clusters for a in c["articles"]])
    prepared = eval_facts.prepare(texts, load_settings(), args.store)
    articles = {a.id: a for arts in prepared.stories.values() for a in arts}
    parts = {"A": clusters[0::2], "B": clusters[1::2], "all": clusters}
    events = [event_of(c, articles, prepared.readings) for c in parts[args.fit]]
    c, threshold, table = cross_validate(events)
    print(json.dumps({"cv_pair_f1": table, "chosen": {"C": c, "threshold": threshold}}, indent=1))
    model = fit(events, c)
    about = {"fitted_on": [e.name for e in events], "C": c,
             "cv_pair_f1": table[f"C={c} t={threshold}"],
             "trained_by": "eval/train_fact_model.py --fit " + args.fit}
    data = model_json(model, threshold, about)
    print(json.dumps(dict(zip(FEATURES, data["weights"], strict=True)), indent=1))
    if args.write:
        quantity_pairs.MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    if args.score:
        score(data, args.score, args.store)


def score(data: dict[str, Any], part: str, store: str | None) -> None:
    """a model (as JSON) -> the facts eval's metrics for one part, printed."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        quantity_pairs.MODEL_PATH = path
        quantity_pairs._load.cache_clear()
        _, metrics = eval_facts.evaluate_facts(str(GOLD), load_settings(), str(TEXTS), store)
    prefix = "" if part == "all" else f"part_{part}_"
    keys = ("recall", "status_accuracy", "precision", "multi_article_facts", "quotes_recall",
            "quotes_status_accuracy", "quotes_precision")
    print(json.dumps({f"{part}:{k}": metrics[prefix + k] for k in keys}, indent=1))


if __name__ == "__main__":
    main()
