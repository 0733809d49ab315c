"""Speed of the clean stage on the extraction dev set: HTML and plain-text paths.

Usage: python benchmarks/bench_extraction.py ../shared/eval/extraction [--repeat N]
Prints a table: documents/second for crosswire's HTML path (read + decode + trafilatura +
metadata), for plain trafilatura.extract on the same pages in the same run (the ratio between
the two), and for the plain-text path (read + line classifier + metadata); plus peak memory.
"""

from __future__ import annotations

import argparse
import gzip
import resource
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from crosswire.clean import clean_document
from crosswire.config import load_settings
from crosswire.models import Document
from crosswire.readers import read_paths


def _docs(paths: list[Path]) -> list[Document]:
    settings = load_settings()
    return [d for d in read_paths([str(p) for p in paths], settings) if isinstance(d, Document)]


def _rate(func: Callable[[], int], repeat: int) -> float:
    """func (returns items done) -> best items/second over `repeat` runs."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        n = func()
        best = max(best, n / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = sorted((args.data / "pages").glob("*.html*"))
    texts = sorted((args.data / "plaintext").glob("*.txt"))
    settings = load_settings()
    raw = [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in pages]

    def crosswire_html() -> int:
        return len([clean_document(d, settings) for d in _docs(pages)])

    def trafilatura_alone() -> int:
        return len([trafilatura.extract(r) for r in raw])

    def crosswire_text() -> int:
        return len([clean_document(d, settings) for d in _docs(texts)])

    rows = [
        ("HTML: crosswire (read+clean)", len(pages), _rate(crosswire_html, args.repeat)),
        ("HTML: trafilatura.extract alone", len(pages), _rate(trafilatura_alone, args.repeat)),
        ("plain text: crosswire (read+clean)", len(texts), _rate(crosswire_text, args.repeat)),
    ]
    print(f"{'path':38} {'docs':>5} {'docs/s':>8}")
    for name, n, rate in rows:
        print(f"{name:38} {n:>5} {rate:>8.1f}")
    print(f"crosswire HTML path / trafilatura alone: {rows[0][2] / rows[1][2]:.2f}x the speed")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
