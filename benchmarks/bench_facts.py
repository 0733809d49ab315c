"""Speed of the facts stage: parse + extract mentions, articles/s and mentions/s; align time.

Usage: python benchmarks/bench_facts.py [articles.jsonl ...] [--limit N]
Default data: ../shared/eval/timeline/t17/h1n1/articles.jsonl (370 articles). Each record
becomes an Article (``published`` kept); the facts stage parses every body with spaCy (2 cores
available: the parse is the cost) and extracts quantities, quotes, attributions and times;
then all mentions are aligned as one story. Prints a table; the spaCy load is timed apart.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench_stories import DEFAULT, load
from crosswire.facts import stage
from crosswire.facts.nlp import load_nlp


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    articles = load(args.paths)[: args.limit or None]
    start = time.perf_counter()
    load_nlp()
    loaded = time.perf_counter()
    mentions = {a.id: ms for a, ms in stage.extract(articles, args.processes)}
    extracted = time.perf_counter()
    facts = stage.facts(articles, mentions)
    aligned = time.perf_counter()
    n_mentions = sum(len(ms) for ms in mentions.values())
    words = sum(len(a.body.split()) for a in articles)
    seconds = extracted - loaded
    print(f"{len(articles)} articles, {words} words, {args.processes} parse processes; "
          f"spaCy load {loaded - start:.2f} s")
    print(f"{'extract s':>10}{'art/s':>8}{'mentions':>10}{'mentions/s':>12}{'words/s':>9}"
          f"{'align s':>9}{'facts':>7}")
    print(f"{seconds:>10.2f}{len(articles) / seconds:>8.1f}{n_mentions:>10}"
          f"{n_mentions / seconds:>12.1f}{words / seconds:>9.0f}{aligned - extracted:>9.2f}"
          f"{len(facts):>7}")


if __name__ == "__main__":
    main()
