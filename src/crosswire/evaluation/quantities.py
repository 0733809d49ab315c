"""Quantity extraction scored on NewsQuant (CQE's metric).

``evaluate_quantities(path)`` -> {"n": sentences, "metrics": {value / value+unit / value+change
precision, recall, F1}}.  A gold quantity is found when a prediction in the same sentence has
the same value (``numpy.isclose``, rtol 1e-5; a range matches only a range, both ends close,
in the order written) and, for value+unit, the same lower-cased unit ("-" standing for none).
The matching follows CQE's greedy loop: gold and predictions are sorted by unit; for each gold
quantity the predictions are scanned, every value match counts towards value (at most as many
per sentence as the sentence has gold quantities) and towards value+change when the change
agrees, and the first prediction that also matches the unit is used up.
Micro-averaged over the file; scores are fractions in [0, 1].

Every quantity the extractor returns is scored: the scorer never drops predictions to suit the
data set's conventions.

Halves for honest development (``part``): half "1" is the rows at positions 0, 2, 4, ... of the
file, half "2" the rows at positions 1, 3, 5, ...; develop (read failures) on one half and
report the other. ``part=None`` scores the whole file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from crosswire.facts.nlp import parse
from crosswire.facts.quantities import Quantity, extract_quantities
from crosswire.progress import tracked

NO_UNIT = "-"


@dataclass(frozen=True)
class Scored:
    """One quantity reduced to what the metric compares."""

    value: float | tuple[float, float]
    unit: str
    change: str


@dataclass
class Counts:
    """Running totals of the metric over a file."""

    gold: int = 0
    predicted: int = 0
    value: int = 0
    value_unit: int = 0
    value_change: int = 0
    sentences: int = 0


def values_match(gold: float | tuple[float, float], pred: float | tuple[float, float]) -> bool:
    """gold value, predicted value -> equal within rtol 1e-5 (ranges only match ranges)."""
    if isinstance(gold, tuple) != isinstance(pred, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(pred, tuple):
        return bool(np.isclose(gold[0], pred[0], rtol=1e-5) and np.isclose(gold[1], pred[1],
                                                                             rtol=1e-5))
    assert not isinstance(gold, tuple) and not isinstance(pred, tuple)
    return bool(np.isclose(gold, pred, rtol=1e-5))


def gold_quantity(raw: Mapping[str, object]) -> Scored:
    """one NewsQuant quantity object -> Scored."""
    value = raw["value"]
    if isinstance(value, list):
        scored_value: float | tuple[float, float] = (float(value[0]), float(value[1]))
    else:
        scored_value = float(value)  # type: ignore[arg-type]
    unit = raw.get("unit")
    return Scored(scored_value, NO_UNIT if unit is None else str(unit), str(raw.get("change")))


def predicted_quantity(quantity: Quantity) -> Scored:
    """one extracted Quantity -> Scored."""
    return Scored(quantity.value, quantity.unit or NO_UNIT, quantity.change)


def score_sentence(gold: list[Scored], predicted: list[Scored], counts: Counts) -> None:
    """Add one sentence to ``counts`` with CQE's greedy matching loop."""
    counts.gold += len(gold)
    counts.predicted += len(predicted)
    pool = sorted(predicted, key=lambda q: q.unit)
    value_budget = len(gold)
    for truth in sorted(gold, key=lambda q: q.unit):
        for candidate in pool:
            if not values_match(truth.value, candidate.value):
                continue
            if value_budget > 0:
                counts.value += 1
                value_budget -= 1
            if candidate.change == truth.change:
                counts.value_change += 1
            if candidate.unit.lower() == truth.unit.lower():
                counts.value_unit += 1
                pool.remove(candidate)
                break


def _prf(correct: int, gold: int, predicted: int) -> tuple[float, float, float]:
    """counts -> (precision, recall, F1) as fractions."""
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def metrics_of(counts: Counts) -> dict[str, float]:
    """Counts -> the metric dict (value, value_unit, value_change P/R/F1)."""
    out: dict[str, float] = {}
    for name, correct in (("value", counts.value), ("value_unit", counts.value_unit),
                          ("value_change", counts.value_change)):
        p, r, f = _prf(correct, counts.gold, counts.predicted)
        out[f"{name}_precision"], out[f"{name}_recall"], out[f"{name}_f1"] = p, r, f
    return out


PARTS = (None, "1", "2")


def read_newsquant(path: Path, part: str | None = None) -> list[dict[str, object]]:
    """NewsQuant JSONL (+ part None | "1" | "2") -> its {"id", "text", "quantities"} rows:
    all of them, or half 1 (positions 0, 2, 4, ... among the file's rows) or half 2
    (positions 1, 3, 5, ...)."""
    if part not in PARTS:
        raise ValueError(f"part must be one of None, '1', '2', not {part!r}")
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows if part is None else rows[int(part) - 1::2]


def score_rows(rows: Iterable[dict[str, object]],
               extract: Callable[[str], list[Quantity]] | None = None) -> Counts:
    """rows -> Counts; ``extract`` maps a sentence to quantities (default: parse + extract)."""
    run = extract or (lambda text: extract_quantities(parse(text)))
    counts = Counts()
    for row in tracked(rows, "extracting quantities", unit="sentence"):
        quantities = row["quantities"]
        assert isinstance(quantities, list)
        gold = [gold_quantity(q) for q in quantities]
        predicted = [predicted_quantity(q) for q in run(str(row["text"]))]
        score_sentence(gold, predicted, counts)
        counts.sentences += 1
    return counts


def evaluate_quantities(path: Path, part: str | None = None) -> dict[str, object]:
    """NewsQuant JSONL path (+ part None | "1" | "2", see module doc) -> {"n": sentences,
    "metrics": {...}}."""
    counts = score_rows(read_newsquant(path, part))
    return {"n": counts.sentences, "metrics": metrics_of(counts)}
