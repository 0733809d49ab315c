"""Scoring crosswire against evaluation sets in the ../shared/eval formats (see its README).

``run_eval(task, data, settings)`` -> {task, data, n, metrics, seconds}, the object
`crosswire eval --json` prints.
"""

from __future__ import annotations

import time
from typing import Any

from crosswire.config import Settings
from crosswire.errors import UsageError


def run_eval(task: str, data: str, settings: Settings, **options: Any) -> dict[str, Any]:
    """(task name, data folder or file, the settings, + task options) -> the eval result
    object."""
    started = time.perf_counter()
    if task == "extraction":
        from crosswire.evaluation.extraction import evaluate_extraction

        n, metrics = evaluate_extraction(data, settings)
    elif task == "clustering":
        from crosswire.evaluation.clustering import evaluate_clustering

        n, metrics = evaluate_clustering(data, settings)
    elif task == "quantities":
        from pathlib import Path

        from crosswire.evaluation.quantities import metrics_of, read_newsquant, score_rows

        counts = score_rows(read_newsquant(Path(data), options.get("part")))
        n, metrics = counts.sentences, metrics_of(counts)
    elif task == "timeline":
        from pathlib import Path

        from crosswire.evaluation.timeline import evaluate_timeline

        n, metrics = evaluate_timeline(Path(data))
    elif task == "facts":
        from crosswire.evaluation.facts import evaluate_facts

        n, metrics = evaluate_facts(data, settings, **options)
    elif task == "metadata":
        from crosswire.evaluation.metadata import evaluate_metadata

        n, metrics = evaluate_metadata(data, settings, **options)
    else:
        raise UsageError(f"unknown eval task {task!r}")
    return {"task": task, "data": data, "n": n, "metrics": metrics,
            "seconds": round(time.perf_counter() - started, 3)}
