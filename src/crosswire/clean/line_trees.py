"""Gradient-boosted tree ensembles for the line classifier: fitted with scikit-learn (at
training only), exported to JSON-able lists, and evaluated in numpy a node over all rows at
once."""

from __future__ import annotations

from typing import Any

import numpy as np

Trees = dict[str, Any]
_SEED = 0



def export_trees(model: Any, x: np.ndarray) -> Trees:
    """fitted sklearn HistGradientBoostingClassifier -> JSON-able trees (thresholds rounded)."""
    trees = []
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append(
            {
                "f": np.where(leaf, -1, nodes["feature_idx"].astype(int)).tolist(),
                "t": nodes["num_threshold"].tolist(),
                "l": np.where(leaf, -1, nodes["left"].astype(int)).tolist(),
                "r": np.where(leaf, -1, nodes["right"].astype(int)).tolist(),
                "v": [float(f"{v:.6g}") for v in nodes["value"]],
            }
        )
    out: Trees = {"init": 0.0, "trees": trees}
    raw = model.decision_function(x[:1])[0]
    out["init"] = float(raw - raw_scores(out, x[:1])[0])
    return out


def raw_scores(trees: Trees, x: np.ndarray) -> np.ndarray:
    """(trees, features n x k) -> raw scores (log-odds) per row."""
    columns = np.ascontiguousarray(x.T)  # a node compares one feature of every row at once
    total = np.full(len(x), float(trees["init"]))
    for tree in trees["trees"]:
        total += _tree_values(tree, columns, 0)
    return total


def _tree_values(tree: dict[str, list[Any]], columns: np.ndarray, node: int) -> Any:
    """(one tree, features by column, a node) -> the value of the leaf each row reaches from
    that node (a number when the node is a leaf)."""
    if tree["l"][node] < 0:
        return tree["v"][node]
    go_left = columns[tree["f"][node]] <= tree["t"][node]
    return np.where(go_left, _tree_values(tree, columns, tree["l"][node]),
                    _tree_values(tree, columns, tree["r"][node]))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """log-odds -> probabilities."""
    return 1.0 / (1.0 + np.exp(-z))


def fit_trees(x: np.ndarray, y: np.ndarray, n_trees: int = 100) -> Trees:
    """(features, labels) -> exported gradient-boosted trees (scikit-learn, at training only)."""
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
    return export_trees(model, x)
