"""Evaluation: the benchmark's shingle metric, and `crosswire eval extraction` on small folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crosswire.config import load_settings
from crosswire.errors import UsageError
from crosswire.evaluation import run_eval
from crosswire.evaluation.shingles import aggregate, page_score

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"
needs_dev = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/eval is not beside the repo")


def test_shingle_scores_follow_the_benchmark() -> None:
    gold = "one two three four five six"
    assert page_score(gold, gold).precision == 1.0
    half = page_score("one two three four", gold)  # 1 of the gold's 3 four-grams
    assert (half.precision, round(half.recall, 3)) == (1.0, 0.333)
    assert page_score("", gold).recall == 0.0
    scores = aggregate([page_score(gold, gold), page_score("", gold)])
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5  # F1 of the two means


def _folder(tmp_path: Path, ids: list[str]) -> Path:
    folder = tmp_path / "ev"
    (folder / "pages").mkdir(parents=True)
    (folder / "plaintext").mkdir()
    lines = [line for line in (DEV / "gold.jsonl").read_text().splitlines()
             if json.loads(line)["id"] in ids]
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n")
    for page_id in ids:
        shutil.copy(DEV / "pages" / f"{page_id}.html.gz", folder / "pages")
        shutil.copy(DEV / "plaintext" / f"{page_id}.txt", folder / "plaintext")
    return folder


def _dev_ids(n: int) -> list[str]:
    return sorted(json.loads(line)["id"] for line in (DEV / "gold.jsonl").open())[:n]


@needs_dev
def test_eval_on_a_small_folder_of_training_pages_cross_validates(tmp_path: Path) -> None:
    result = run_eval("extraction", str(_folder(tmp_path, _dev_ids(3))), load_settings())
    assert result["n"] == 3
    assert set(result["metrics"]) == {f"{p}_{m}" for p in ("html", "plaintext")
                                      for m in ("precision", "recall", "f1")}
    assert result["metrics"]["html_f1"] > 0.8


@needs_dev
def test_one_training_page_alone_cannot_be_scored_honestly(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="at least two"):
        run_eval("extraction", str(_folder(tmp_path, _dev_ids(1))), load_settings())


def test_a_folder_without_gold_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"gold\.jsonl"):
        run_eval("extraction", str(tmp_path), load_settings())
