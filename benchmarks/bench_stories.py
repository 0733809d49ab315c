"""Speed of the story stage: featurise + assign, articles/second, embeddings on and off.

Usage: python benchmarks/bench_stories.py [articles.jsonl ...] [--threads 2]
Default data: ../shared/eval/timeline/t17/h1n1/articles.jsonl (370 dated articles). Each record
becomes an Article (first line as headline, ``published`` kept), then the batch is featurised
(TF-IDF + entities, and the MiniLM embedding when on) and clustered online in publication
order. Prints a table of seconds and articles/second per phase, and the story sizes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections import Counter
from pathlib import Path

from crosswire.config import load_settings
from crosswire.models import Article
from crosswire.stories.embed import Embedder
from crosswire.stories.replay import cluster_articles
from crosswire.stories.represent import featurise

DEFAULT = Path(__file__).resolve().parents[2] / "shared/eval/timeline/t17/h1n1/articles.jsonl"


def load(paths: list[Path]) -> list[Article]:
    """JSON Lines files of {id, text, published?} -> Articles."""
    articles = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                text = str(r["text"]).strip()
                articles.append(Article(
                    id=str(r["id"]), path=str(path), url=None, outlet=None, wire_credit=None,
                    headline=text.split("\n", 1)[0], published=r.get("published"),
                    published_confidence=None, evidence={}, dateline=None, byline=None,
                    body=text, removed=[], language="en"))
    return articles


def measure(articles: list[Article], embeddings: bool, threads: int) -> dict[str, float]:
    """Articles, embeddings on/off -> seconds of featurise and assign, stories made."""
    settings = load_settings(story_embeddings=embeddings)
    embedder = Embedder(threads=threads)
    if embeddings:
        embedder.embed(["warm up"], 8)  # model load is a one-off, not per article
    start = time.perf_counter()
    features = featurise(articles, settings, embedder)
    middle = time.perf_counter()
    keys = cluster_articles(features, dataclasses.replace(settings))
    end = time.perf_counter()
    sizes = Counter(keys.values())
    return {"featurise": middle - start, "assign": end - middle, "stories": len(sizes),
            "largest": max(sizes.values())}


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    articles = load(args.paths)
    print(f"{len(articles)} articles, {args.threads} threads")
    print(f"{'embeddings':<11}{'featurise s':>12}{'assign s':>10}{'total art/s':>13}"
          f"{'feat art/s':>12}{'stories':>9}{'largest':>9}")
    for embeddings in (True, False):
        r = measure(articles, embeddings, args.threads)
        total = r["featurise"] + r["assign"]
        print(f"{'on' if embeddings else 'off':<11}{r['featurise']:>12.2f}{r['assign']:>10.2f}"
              f"{len(articles) / total:>13.1f}{len(articles) / r['featurise']:>12.1f}"
              f"{r['stories']:>9}{r['largest']:>9}")


if __name__ == "__main__":
    main()
