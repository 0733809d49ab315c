"""Specification of the line model's trees (crosswire.clean.line_trees): fitted with
scikit-learn, exported to ONNX, served by onnxruntime with the fitted estimator's scores."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from crosswire.clean.boilerplate import MODEL_PATH, LineModel, line_labels, repeated_lines
from crosswire.clean.line_features import line_features, summarise
from crosswire.clean.line_trees import FittedTrees, OnnxTrees, fit_trees

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "raqqa"
PAGES = {path.name[:3]: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}


def _gold(text: str) -> str:
    """page -> a stand-in gold body: its long lines."""
    return "\n\n".join(line for line in text.splitlines() if len(line) > 150)


def _walk(model: Any, x: np.ndarray) -> np.ndarray:
    """The reference: scikit-learn's trees walked in numpy, as crosswire did before onnxruntime
    (fitted HistGradientBoostingClassifier, features -> log-odds)."""
    total = np.full(len(x), float(np.ravel(model._baseline_prediction)[0]))
    rows = np.arange(len(x))
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        at = np.zeros(len(x), dtype=np.int64)
        while not nodes["is_leaf"][at].all():
            node = nodes[at]
            left = x[rows, node["feature_idx"]] <= node["num_threshold"]
            at = np.where(node["is_leaf"], at, np.where(left, node["left"], node["right"]))
        total += nodes["value"][at]
    return total


@pytest.fixture(scope="module")
def fitted() -> FittedTrees:
    """-> stage-one trees fitted on the sample pages' lines."""
    matrices = [(line_features(t.splitlines())[0], line_labels(t.splitlines(), _gold(t)))
                for t in PAGES.values()]
    return fit_trees(np.vstack([x for x, _ in matrices]), np.concatenate([y for _, y in matrices]))


def test_exported_trees_give_the_estimators_scores_and_the_tree_walks_on_a_real_page(
    fitted: FittedTrees,
) -> None:
    x, _ = line_features(PAGES["002"].splitlines())
    served = OnnxTrees(fitted.onnx()).raw(x)
    assert len(served) == len(x) > 20
    assert np.array_equal(served, fitted.raw(x))  # to the bit
    assert np.allclose(served, _walk(fitted.model, x), rtol=0, atol=1e-12)


def test_splits_are_compared_in_float64_as_the_estimator_does(fitted: FittedTrees) -> None:
    """A feature equal to a split goes left, one float64 step above it right: float32 splits
    would send both the same way."""
    root = fitted.model._predictors[0][0].nodes[0]
    split = float(root["num_threshold"])
    assert np.float32(split) == np.float32(np.nextafter(split, np.inf))  # one float32
    x = np.repeat(line_features(PAGES["001"].splitlines())[0][:1], 2, axis=0)
    x[:, root["feature_idx"]] = [split, np.nextafter(split, np.inf)]
    served = OnnxTrees(fitted.onnx()).raw(x)
    assert served[0] != served[1]
    assert np.array_equal(served, fitted.raw(x))
    assert np.array_equal(served, _walk(fitted.model, x))


def test_a_model_trained_here_scores_the_same_once_saved_and_loaded(tmp_path: Path) -> None:
    pages = [(text, _gold(text)) for text in PAGES.values()]
    trained = LineModel.train(pages)
    trained.trained_on = sorted(PAGES)
    trained.save(tmp_path / "model.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "model.json", "model.stage1.onnx", "model.stage2.onnx"]
    loaded = LineModel.load(tmp_path / "model.json")
    assert isinstance(loaded.stage1, OnnxTrees) and loaded.trained_on == sorted(PAGES)
    page = summarise(PAGES["000"].splitlines(), repeated_lines(PAGES.values()))
    assert np.array_equal(loaded.page_probabilities(page), trained.page_probabilities(page))


def test_a_model_file_of_the_tree_lists_format_is_refused(tmp_path: Path) -> None:
    old = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    old = {"features": old["features"], "stage1": {"init": 0.0, "trees": []}, "stage2": {}}
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        LineModel.load(tmp_path / "old.json")


def test_the_packaged_model_runs_on_onnxruntime_without_scikit_learn_or_onnx() -> None:
    script = (
        "import sys\n"
        "for name in ('sklearn', 'onnx', 'skl2onnx'):\n"
        "    sys.modules[name] = None  # importing them now fails\n"
        "from crosswire.clean.boilerplate import clean_text\n"
        f"body, removed = clean_text(open({str(next(SAMPLES.glob('000_*.txt')))!r}).read())\n"
        "print(len(body) > 1000, len(removed) > 0, 'onnxruntime' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", "True"]
