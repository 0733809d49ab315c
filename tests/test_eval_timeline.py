"""Timeline eval: T17-format folders scored with the news-tls metric (tilse).

The fixture is a one-topic folder in the T17 format: four short reports of the fall of Raqqa
(sentences from the samples), one sentence a line, and a three-date reference timeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.errors import UsageError
from crosswire.evaluation import timeline as ev

MINI = Path(__file__).resolve().parent / "fixtures" / "timeline" / "mini"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Readings are cached in a fresh folder per test."""
    monkeypatch.setenv(ev.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_t17_folder_and_its_topic_folder_score_alike() -> None:
    n, metrics = ev.evaluate_timeline(MINI)
    assert n == 1
    assert set(metrics) == {"date_f1", "date_precision", "date_recall", "ar1_f", "ar2_f"}
    assert metrics["date_f1"] == 1.0  # the three days are named in the reports
    assert 0 < metrics["ar2_f"] <= metrics["ar1_f"] <= 1
    assert ev.evaluate_timeline(MINI / "raqqa") == (n, metrics)


def test_the_prediction_keeps_to_the_references_span_and_sizes() -> None:
    topic = ev.load_topic(MINI / "raqqa")
    [reference] = topic.references
    predicted = ev.predict(topic, ev.topic_readings(topic), reference)
    assert 0 < len(predicted) <= 3
    assert all(min(reference.entries) <= d <= max(reference.entries) for d in predicted)
    assert all(len(sentences) == 1 for sentences in predicted.values())


def test_readings_are_parsed_once_then_read_from_the_cache(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    topic = ev.load_topic(MINI / "raqqa")
    first = ev.topic_readings(topic)
    assert len(list(cache.glob("raqqa-*.jsonl"))) == 1

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr("crosswire.facts.stage.read", no_parse)
    assert ev.topic_readings(topic) == first


def test_precision_and_recall_are_averaged_before_f1() -> None:
    pairs = [ev.PairScore("t", "a", {"date": (1.0, 0.2), "rouge_1": (0.5, 0.5),
                                     "rouge_2": (0.0, 0.0)}),
             ev.PairScore("t", "b", {"date": (0.0, 0.6), "rouge_1": (0.1, 0.3),
                                     "rouge_2": (0.2, 0.0)})]
    metrics = ev.combine(pairs)
    assert metrics["date_precision"] == 0.5 and metrics["date_recall"] == 0.4
    assert metrics["date_f1"] == round(2 * 0.5 * 0.4 / 0.9, 4)
    assert metrics["ar1_f"] == round(2 * 0.3 * 0.4 / 0.7, 4)
    assert metrics["ar2_f"] == 0.0


def test_a_reference_repeating_a_date_has_its_sentences_merged(tmp_path: Path) -> None:
    path = tmp_path / "tl.json"
    path.write_text(json.dumps({"entries": [
        {"date": "2017-10-17", "summary": ["One."]},
        {"date": "2017-10-17", "summary": ["Two."]}]}), encoding="utf-8")
    reference = ev.load_reference(path)
    assert list(reference.entries.values()) == [["One.", "Two."]]


def test_a_folder_without_topics_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        ev.evaluate_timeline(tmp_path)
