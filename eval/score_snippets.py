"""Score the HTML path's bodies on the metadata set's main-text snippets (trafilatura's scoring).

usage: python eval/score_snippets.py [--data DIR] [--part dev|held-out|all] [--dump FILE]

A page's `with` snippets found in crosswire's body are true positives, missed ones false
negatives; `without` snippets found (reader comments, furniture) are false positives. The set
is split by the first hex digit of the md5 of each page's file name: dev 0-3, held-out 4-7.
--dump writes {file: body} as JSON, to read the dev part's failures.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from crosswire.config import load_settings
from crosswire.evaluation.extraction import SnippetCounts, snippet_bodies, snippet_records

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "metadata"


def main() -> None:
    """Command line -> snippet precision/recall/F1 on stdout (JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--part", choices=("dev", "held-out", "all"), default="dev")
    parser.add_argument("--dump", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    records = snippet_records(args.data, args.part)
    bodies = snippet_bodies(args.data, records, load_settings())
    counts = SnippetCounts()
    for record in records:
        counts.add(bodies[record["file"]], record["with"], record["without"])
    metrics = {k: round(v, 4) for k, v in counts.metrics().items()}
    print(json.dumps({"part": args.part, "pages": len(records), **vars(counts), **metrics,
                      "seconds": round(time.perf_counter() - start, 1)}))
    if args.dump:
        args.dump.write_text(json.dumps(bodies, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
