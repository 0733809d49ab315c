"""Speed of the framing view on a large story, timed apart from the spaCy readings it needs.

Usage: python benchmarks/bench_framing.py [articles.jsonl ...] [--limit N] [--outlets K]
       [--readings FILE]
Default data: ../shared/eval/timeline/t17/h1n1/articles.jsonl (370 articles, records
{id, published, text}), all taken as one story. The records name no outlet, so two layouts are
timed: every article its own source (outlet unknown), and K synthetic outlets assigned
round-robin ("Outlet 1".."Outlet K", none in the outlet table) to simulate several sources.
The readings (spaCy parse + mentions, ``facts.stage.read``) and the facts alignment are timed
apart; ``--readings FILE`` keeps the readings as JSON so a re-run skips the parse. The framing
is timed without and with a background (the collection's TermCounts, counted once and timed
apart), and checked for stability: the same distinctive terms with the articles shuffled.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace
from pathlib import Path

from bench_stories import DEFAULT, load
from crosswire.facts import stage
from crosswire.models import Article, Reading
from crosswire.narrate.framing import SourceFraming, TermCounts, framing, term_counts


def readings(articles: list[Article], processes: int,
             cache: Path | None) -> tuple[dict[str, Reading], str]:
    """articles -> ({id: Reading}, 'cache' or 'parse'), from the cache file when it holds
    every article."""
    if cache and cache.exists():
        stored = {k: Reading.from_dict(v) for k, v in json.loads(cache.read_text()).items()}
        if all(a.id in stored for a in articles):
            return stored, "cache"
    made = {a.id: r for a, r in stage.read(articles, processes)}
    if cache:
        cache.write_text(json.dumps({k: r.to_dict() for k, r in made.items()}))
    return made, f"spaCy parse, {processes} processes"


def terms_of(framed: dict[str, SourceFraming]) -> dict[str, list[tuple[str, float]]]:
    """framing -> {source: [(term, z)]}: what the stability check compares."""
    return {s: [(t.term, t.z) for t in f.distinctive_terms] for s, f in framed.items()}


def timed(articles: list[Article], read: dict[str, Reading], facts: list,  # type: ignore[type-arg]
          background: TermCounts | None) -> tuple[float, dict[str, SourceFraming]]:
    """-> (seconds, framing) for one run."""
    start = time.perf_counter()
    framed = framing(articles, read, facts, background)
    return time.perf_counter() - start, framed


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--outlets", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--readings", type=Path, default=None)
    args = parser.parse_args()
    articles = load(args.paths)[: args.limit or None]
    start = time.perf_counter()
    read, how = readings(articles, args.processes, args.readings)
    parsed = time.perf_counter()
    facts = stage.facts(articles, {k: r.mentions for k, r in read.items()})
    aligned = time.perf_counter()
    background = term_counts(a.body for a in articles)
    counted = time.perf_counter()
    print(f"{len(articles)} articles, {sum(len(a.body.split()) for a in articles)} words; "
          f"readings {parsed - start:.2f} s ({how}), "
          f"facts alignment {aligned - parsed:.2f} s ({len(facts)} facts), "
          f"background term_counts {counted - aligned:.2f} s")
    synthetic = [replace(a, outlet=f"Outlet {i % args.outlets + 1}")
                 for i, a in enumerate(articles)]
    print(f"{'layout':<22}{'sources':>8}{'background':>11}{'framing s':>10}{'terms':>7}"
          f"{'omits':>7}{'stable':>8}")
    for name, layout in (("outlet unknown", articles), (f"{args.outlets} outlets", synthetic)):
        for bg in (None, background):
            seconds, framed = timed(layout, read, facts, bg)
            shuffled = list(layout)
            random.Random(7).shuffle(shuffled)
            stable = terms_of(framing(shuffled, read, facts, bg)) == terms_of(framed)
            n_terms = sum(len(f.distinctive_terms) for f in framed.values())
            n_omits = sum(len(f.omits) for f in framed.values())
            print(f"{name:<22}{len(framed):>8}{'yes' if bg else 'no':>11}{seconds:>10.2f}"
                  f"{n_terms:>7}{n_omits:>7}{'yes' if stable else 'NO':>8}")


if __name__ == "__main__":
    main()
