"""Speed of the timeline: parse (the facts stage's Readings) and build, for one collection.

Usage: python benchmarks/bench_timeline.py [topic folder] [--dates N] [--sentences K]
    [--processes P]
Default data: ../shared/eval/timeline/t17/h1n1 (370 articles, T17 format). The articles are
read as the eval reads them (wire groups set), parsed with spaCy into Readings (the slow
part), then one timeline is built over all of them; the build is timed apart, so the table
shows the time without and with the parse. The spaCy load is timed apart too.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crosswire.evaluation.timeline import load_articles, with_wire_groups
from crosswire.facts import stage
from crosswire.facts.nlp import load_nlp
from crosswire.narrate.timeline import build_timeline

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeline" / "t17" / "h1n1"


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--dates", type=int, default=15)
    parser.add_argument("--sentences", type=int, default=2)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    articles = load_articles(args.folder / "articles.jsonl")
    with_wire_groups(articles)
    start = time.perf_counter()
    load_nlp()
    loaded = time.perf_counter()
    readings = {a.id: r for a, r in stage.read(articles, args.processes)}
    parsed = time.perf_counter()
    entries = build_timeline(articles, readings, args.dates, args.sentences)
    built = time.perf_counter()
    sentences = sum(len(r.sentences) for r in readings.values())
    print(f"{len(articles)} articles, {sentences} sentences, {args.processes} parse processes; "
          f"spaCy load {loaded - start:.2f} s")
    print(f"{'parse s':>9}{'build s':>9}{'total s':>9}{'entries':>9}")
    print(f"{parsed - loaded:>9.2f}{built - parsed:>9.3f}{built - loaded:>9.2f}"
          f"{len(entries):>9}")


if __name__ == "__main__":
    main()
