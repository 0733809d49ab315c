"""Clustering eval: BCubed on a hand-made example, records, and a small run end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.config import load_settings
from crosswire.errors import UsageError
from crosswire.evaluation import run_eval
from crosswire.evaluation.clustering import baseline_clusters, bcubed, load_records


def test_bcubed_by_hand() -> None:
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}
    # precision: a,b 2/2; c,d,e 1/3, 2/3, 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15
    # recall: a,b 2/3; c 1/3; d,e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15
    scores = bcubed(predicted, gold)
    assert scores["bcubed_precision"] == pytest.approx(11 / 15)
    assert scores["bcubed_recall"] == pytest.approx(11 / 15)
    assert scores["bcubed_f1"] == pytest.approx(11 / 15)
    assert bcubed(gold, gold)["bcubed_f1"] == 1.0
    with pytest.raises(ValueError):
        bcubed({"a": 1}, gold)


def test_bad_records_are_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "no event"}\n', encoding="utf-8")
    with pytest.raises(UsageError):
        load_records(str(path))


def test_small_file_end_to_end(tmp_path: Path) -> None:
    quake = ("Quake in Chile\nA magnitude 8.2 earthquake struck off Iquique, Chile, on April 1, "
             "2014, killing six people.")
    fire = ("Fire in Ohio\nA fire destroyed a warehouse in Dayton, Ohio, on Tuesday; "
            "firefighters from three counties fought the blaze.")
    records = [{"id": f"{kind}{n}", "topic": 1, "event": kind, "text": text + f" Report {n}."}
               for kind, text in (("quake", quake), ("fire", fire)) for n in range(3)]
    path = tmp_path / "small.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_eval("clustering", str(path), load_settings())
    assert result["n"] == 6
    assert set(result["metrics"]) == {"bcubed_f1", "bcubed_precision", "bcubed_recall",
                                      "baseline_bcubed_f1"}
    assert result["metrics"]["bcubed_f1"] == 1.0
    assert len(set(baseline_clusters([r["text"] for r in records]))) == 2
