"""Gradient-boosted tree ensembles of the line classifier: fitted with scikit-learn, exported to
ONNX, served by onnxruntime.

A stage of the model is a ``TreeScorer``: features (n x k, float64) -> log-odds per row.
``OnnxTrees`` serves an exported ensemble with onnxruntime (the packaged model: no pickle, and no
scikit-learn or ``onnx`` at run time). ``FittedTrees`` is an ensemble fitted in this process
(training, cross-validation, the eval's fold models), scored by the fitted estimator itself.

The export is an ``ai.onnx.ml`` opset-5 ``TreeEnsemble`` with float64 splits and leaf weights,
the estimator's baseline as a first one-leaf tree: onnxruntime then compares and sums in float64
in the estimator's order, and its scores equal ``decision_function``'s to the bit (one thread).
scikit-learn fits and ``onnx`` (a dev dependency) writes the graph: both at training only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from crosswire.onnx_session import cpu_session

_SEED = 0
_INPUT = "x"  # the exported graph's input (features, float64) and output (log-odds, n x 1)
_OUTPUT = "raw"


class TreeScorer(Protocol):
    """One stage's trees: features -> log-odds, and the ONNX bytes that serve them."""

    def raw(self, x: np.ndarray) -> np.ndarray:
        """features (n x k) -> raw scores (log-odds) per row."""
        ...

    def onnx(self) -> bytes:
        """-> the trees as a serialised ONNX model."""
        ...


class OnnxTrees:
    """An exported ensemble served by onnxruntime (one thread: the same sums every time)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._session: Any = None

    def raw(self, x: np.ndarray) -> np.ndarray:
        """features (n x k) -> raw scores (log-odds) per row."""
        if not len(x):
            return np.zeros(0)
        if self._session is None:
            self._session = _session(self.data)
        feed = {_INPUT: np.ascontiguousarray(x, dtype=np.float64)}
        return np.asarray(self._session.run([_OUTPUT], feed)[0][:, 0])

    def onnx(self) -> bytes:
        """-> the serialised ONNX model it serves."""
        return self.data


def _session(data: bytes) -> Any:
    """serialised ONNX model -> an onnxruntime session on one CPU thread (pages are small;
    one thread sums the trees in order)."""
    return cpu_session(data, threads=1)


@dataclass
class FittedTrees:
    """A HistGradientBoostingClassifier fitted in this process."""

    model: Any

    def raw(self, x: np.ndarray) -> np.ndarray:
        """features (n x k) -> raw scores (log-odds) per row."""
        from threadpoolctl import threadpool_limits

        if not len(x):
            return np.zeros(0)
        with threadpool_limits(1):  # a page's rows: OpenMP threads cost 30-300 times the work
            return np.asarray(self.model.decision_function(x), dtype=np.float64)

    def onnx(self) -> bytes:
        """-> the fitted trees as a serialised ONNX model (needs the ``onnx`` package)."""
        return export_onnx(self.model)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """log-odds -> probabilities."""
    return 1.0 / (1.0 + np.exp(-z))


def fit_trees(x: np.ndarray, y: np.ndarray, n_trees: int = 100) -> FittedTrees:
    """(features, labels) -> gradient-boosted trees fitted with scikit-learn (deterministic)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    model = HistGradientBoostingClassifier(
        max_iter=n_trees,
        max_depth=3,
        learning_rate=0.1,
        early_stopping=False,
        random_state=_SEED,
    )
    with threadpool_limits(1):  # small data: thread start-up costs more than it saves
        model.fit(x, y)
    return FittedTrees(model)


# --- export (training only) ------------------------------------------------------------------


@dataclass
class _Ensemble:
    """The flat node and leaf arrays of ONNX's TreeEnsemble (a node's true branch: x <= split)."""

    roots: list[int]
    features: list[int]
    splits: list[float]
    true_ids: list[int]
    true_leaf: list[int]
    false_ids: list[int]
    false_leaf: list[int]
    missing_true: list[int]
    weights: list[float]

    def add_baseline(self, value: float) -> None:
        """-> a first tree whose every row ends in one leaf of `value` (the estimator's
        baseline, summed first as scikit-learn does)."""
        self.roots.append(len(self.features))
        self._node(0, 0.0, 1)
        self.weights.append(value)
        self.true_ids.append(len(self.weights) - 1)
        self.false_ids.append(len(self.weights) - 1)
        self.true_leaf.append(1)
        self.false_leaf.append(1)

    def add_tree(self, nodes: np.ndarray) -> None:
        """scikit-learn predictor nodes (a structured array) -> the tree appended."""
        leaf = nodes["is_leaf"].astype(bool)
        inner = np.flatnonzero(~leaf).tolist()
        at = {n: len(self.features) + k for k, n in enumerate(inner)}  # node -> ONNX node
        at |= {n: len(self.weights) + k for k, n in enumerate(np.flatnonzero(leaf).tolist())}
        self.roots.append(at[0])
        for n in inner:
            row = nodes[n]
            self._node(int(row["feature_idx"]), float(row["num_threshold"]),
                       int(row["missing_go_to_left"]))
            for child, ids, is_leaf in ((int(row["left"]), self.true_ids, self.true_leaf),
                                        (int(row["right"]), self.false_ids, self.false_leaf)):
                ids.append(at[child])
                is_leaf.append(int(leaf[child]))
        self.weights += [float(v) for v in nodes["value"][leaf]]

    def _node(self, feature: int, split: float, missing_true: int) -> None:
        self.features.append(feature)
        self.splits.append(split)
        self.missing_true.append(missing_true)


def export_onnx(model: Any) -> bytes:
    """fitted HistGradientBoostingClassifier (binary, numeric features) -> serialised ONNX model:
    input ``x`` (n x k, float64) -> output ``raw`` (n x 1 log-odds, float64)."""
    from onnx import TensorProto, checker, helper, numpy_helper

    trees = _Ensemble([], [], [], [], [], [], [], [], [])
    trees.add_baseline(float(np.ravel(model._baseline_prediction)[0]))
    for (predictor,) in model._predictors:
        trees.add_tree(predictor.nodes)
    node = helper.make_node(
        "TreeEnsemble", [_INPUT], [_OUTPUT], domain="ai.onnx.ml",
        tree_roots=trees.roots, nodes_featureids=trees.features,
        nodes_splits=numpy_helper.from_array(np.asarray(trees.splits, dtype=np.float64)),
        nodes_modes=numpy_helper.from_array(np.zeros(len(trees.features), dtype=np.uint8)),
        nodes_truenodeids=trees.true_ids, nodes_trueleafs=trees.true_leaf,
        nodes_falsenodeids=trees.false_ids, nodes_falseleafs=trees.false_leaf,
        nodes_missing_value_tracks_true=trees.missing_true,
        leaf_targetids=[0] * len(trees.weights),
        leaf_weights=numpy_helper.from_array(np.asarray(trees.weights, dtype=np.float64)),
        n_targets=1, aggregate_function=1, post_transform=0,  # SUM, no transform
    )
    k = int(model.n_features_in_)
    graph = helper.make_graph(
        [node], "line_trees",
        [helper.make_tensor_value_info(_INPUT, TensorProto.DOUBLE, [None, k])],
        [helper.make_tensor_value_info(_OUTPUT, TensorProto.DOUBLE, [None, 1])],
    )
    onnx_model = helper.make_model(graph, producer_name="crosswire", opset_imports=[
        helper.make_opsetid("", 21), helper.make_opsetid("ai.onnx.ml", 5)])
    checker.check_model(onnx_model, full_check=True)
    return bytes(onnx_model.SerializeToString())
