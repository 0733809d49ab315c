"""Quantity eval: CQE's greedy value / value+unit matching on hand-made sentences, and a
small NewsQuant run end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.evaluation.quantities import (
    Counts,
    Scored,
    evaluate_quantities,
    gold_quantity,
    metrics_of,
    read_newsquant,
    score_sentence,
    values_match,
)

FIXTURE = Path(__file__).parent / "fixtures" / "quantities" / "newsquant_sample.jsonl"


def test_values_match_within_relative_tolerance_and_ranges_only_ranges() -> None:
    assert values_match(3200.0, 3200.01)
    assert not values_match(3200.0, 3201.0)
    assert values_match((1.0, 1.5), (1.0, 1.5))
    assert not values_match((1.5, 1.0), (1.0, 1.5))
    assert not values_match((1.0, 1.5), 1.0)


def test_gold_reads_ranges_and_missing_units() -> None:
    raw = {"value": [252.0, 287.0], "unit": None, "change": "="}
    assert gold_quantity(raw) == Scored((252.0, 287.0), "-", "=")


def test_greedy_matching_uses_up_a_prediction_on_value_and_unit() -> None:
    counts = Counts()
    gold = [Scored(5.0, "percentage", "up"), Scored(5.0, "percentage", "=")]
    predicted = [Scored(5.0, "percentage", "up"), Scored(7.0, "dollar", "=")]
    score_sentence(gold, predicted, counts)
    # the one 5% prediction is used up by the first gold 5%: one value match, one unit match
    assert (counts.value, counts.value_unit, counts.value_change) == (1, 1, 1)
    assert (counts.gold, counts.predicted) == (2, 2)


def test_value_without_unit_counts_for_value_only() -> None:
    counts = Counts()
    score_sentence([Scored(22.0, "goal", "=")], [Scored(22.0, "-", "=")], counts)
    assert (counts.value, counts.value_unit) == (1, 0)
    scores = metrics_of(counts)
    assert scores["value_f1"] == 1.0
    assert scores["value_unit_f1"] == 0.0


def test_unit_comparison_ignores_case() -> None:
    counts = Counts()
    score_sentence([Scored(7.0, "european country", "=")],
                   [Scored(7.0, "European country", "=")], counts)
    assert counts.value_unit == 1


def test_newsquant_sample_end_to_end() -> None:
    result = evaluate_quantities(FIXTURE)
    assert result["n"] == 8
    scores = result["metrics"]
    assert isinstance(scores, dict)
    assert set(scores) >= {"value_f1", "value_precision", "value_recall", "value_unit_f1",
                           "value_unit_precision", "value_unit_recall", "value_change_f1"}
    assert scores["value_f1"] >= 0.9
    assert scores["value_unit_f1"] >= 0.8
    assert all(0.0 <= v <= 1.0 for v in scores.values())



def test_halves_are_the_rows_at_even_and_odd_positions() -> None:
    ids = [str(r["id"]) for r in read_newsquant(FIXTURE)]
    first = [str(r["id"]) for r in read_newsquant(FIXTURE, "1")]
    second = [str(r["id"]) for r in read_newsquant(FIXTURE, "2")]
    assert first == ids[0::2] and second == ids[1::2]
    assert evaluate_quantities(FIXTURE, "1")["n"] == 4
    with pytest.raises(ValueError):
        read_newsquant(FIXTURE, "3")


