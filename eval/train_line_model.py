"""Train the plain-text boilerplate line model on the extraction dev set and report k-fold CV.

usage: python eval/train_line_model.py [--eval DIR] [--folds K] [--no-save]

Prints shingle precision/recall/F1 of the cleaned bodies, each page scored with a model trained on
the other folds (folds by sorted id), then trains on every page and writes
src/crosswire/clean/line_model.json with its two stages as ONNX files beside it
(line_model.stage1.onnx, line_model.stage2.onnx; exporting needs the dev extra's ``onnx``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from crosswire.clean.boilerplate import (
    MODEL_PATH,
    LineModel,
    cross_validated_bodies,
    repeated_lines,
)
from crosswire.evaluation.shingles import aggregate, page_score

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"


def load_gold(path: Path) -> dict[str, str]:
    """gold.jsonl -> {id: gold body}."""
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return {r["id"]: r["body"] for r in records}


def main() -> None:
    """Command line -> CV figures on stdout, model JSON written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args()
    gold = load_gold(args.eval / "gold.jsonl")
    plaintext = args.eval / "plaintext"
    start = time.perf_counter()
    bodies = cross_validated_bodies(plaintext, gold, folds=args.folds)
    cv = aggregate(page_score(bodies[i], gold[i]) for i in sorted(bodies))
    raw = aggregate(
        page_score((plaintext / f"{i}.txt").read_text(encoding="utf-8"), gold[i])
        for i in sorted(bodies)
    )
    print(f"pages: {len(bodies)}, folds: {args.folds}, seconds: {time.perf_counter() - start:.1f}")
    print("unchanged text  P {precision:.3f} R {recall:.3f} F1 {f1:.3f}".format(**raw))
    print("cross-validated P {precision:.3f} R {recall:.3f} F1 {f1:.3f}".format(**cv))
    if args.no_save:
        return
    ids = sorted(bodies)
    texts = [(plaintext / f"{i}.txt").read_text(encoding="utf-8") for i in ids]
    start = time.perf_counter()
    model = LineModel.train(
        list(zip(texts, (gold[i] for i in ids), strict=True)), repeated_lines(texts)
    )
    model.trained_on = ids
    model.save(MODEL_PATH)
    print(
        f"trained on {len(ids)} pages in {time.perf_counter() - start:.1f} s -> {MODEL_PATH} "
        f"and its stages ({_model_kb()} KB)"
    )


def _model_kb() -> int:
    """-> the size of the saved model, its JSON and ONNX files, in KB."""
    files = MODEL_PATH.parent.glob(f"{MODEL_PATH.stem}.*")
    return sum(path.stat().st_size for path in files) // 1024


if __name__ == "__main__":
    main()
