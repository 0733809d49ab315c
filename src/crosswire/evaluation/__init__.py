"""Scoring crosswire against evaluation sets in the ../shared/eval formats (see its README).

``run_eval(task, data)`` -> {task, data, n, metrics, seconds}, the object `crosswire eval --json`
prints.
"""

from __future__ import annotations

import time
from typing import Any

from crosswire.errors import UsageError


def run_eval(task: str, data: str) -> dict[str, Any]:
    """(task name, data folder or file) -> the eval result object."""
    started = time.perf_counter()
    if task == "extraction":
        from crosswire.evaluation.extraction import evaluate_extraction

        n, metrics = evaluate_extraction(data)
    elif task == "clustering":
        from crosswire.evaluation.clustering import evaluate_clustering

        n, metrics = evaluate_clustering(data)
    else:
        raise UsageError(f"unknown eval task {task!r}")
    return {"task": task, "data": data, "n": n, "metrics": metrics,
            "seconds": round(time.perf_counter() - started, 3)}
