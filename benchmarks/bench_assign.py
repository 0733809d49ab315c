"""Latency of the story assignment step with 100k articles already stored (issue 3).

Usage: taskset -c 0,1 .venv/bin/python benchmarks/bench_assign.py [--stored 100000] [--new 1000]

Real articles: all T17 topics (../shared/eval/timeline/t17/*/articles.jsonl, 1,556, dated) and
ECB+ (../shared/eval/clustering/ecbplus.jsonl, 772, undated). A seeded random ``--new`` of them
are held out as the new articles; the rest (the pool) is featurised once, as one batch, by a
``Representer`` (TF-IDF + entities + MiniLM), which keeps its DF table for the new articles.

How the 100k stored articles are built: the pool is replicated, copy after copy, until
``--stored`` rows exist. A replica keeps its real article's sparse rows (TF-IDF and raw term
weights, reused as they are) and gets its dense vector plus Gaussian noise (sigma ``--noise``
per dimension, then re-normalised: cosine to the original about 0.95). Dates spread the copies
over ``--range-days`` (3 years): every copy of a topic (a T17 topic, or an ECB+ topic whose
undated articles get a synthetic day per event, the two events of a topic 45 days apart) keeps
its real day-to-day gaps but is shifted to a random start in the range; copy 0 of every topic
ends the range ("the present"). So one topic recurs ~75 times, a few copies of it live at a
time, and the time window and decay decide between them. The replicas are fed, in publication
order and in chunks, through the real ``OnlineClusterer.add`` (HNSW search, decision against
decayed centroids, join, index add: the online path itself) with its real periodic review
pass (incremental: changed stories against live ones) every ``story_review_every`` rows; every
review pass of the build is timed, per sub-pass, and summarised by stored size.

Then each new article is featurised alone (timed apart) and assigned as an online caller
does: ``add(one row, review=False)`` (the periodic review runs inside it every
``story_review_every`` articles, timed apart too) + a store write (story row if new, one
story_articles row, one transaction) to a scratch SQLite store in /tmp made by
``open_store`` and filled with the stored articles and their stories. Printed: featurisation
and assignment latency (p50/p95/p99/max), without and with the periodic review counted (the
article that triggers it pays it, as measured), the review pass cost at 100k, memory per
stored article, and a cProfile of the assignment loop.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import itertools
import json
import math
import os
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from crosswire.config import Settings, load_settings
from crosswire.models import Article
from crosswire.store import Store, open_store
from crosswire.stories.cluster import OnlineClusterer
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import Features, Representer

EVAL = Path(__file__).resolve().parents[2] / "shared/eval"
D_START = 734_138.0  # 2011-01-01 as a day number
REVIEW_PARTS = ("_split_contrasting", "_split_drifted", "_merge_converged")


@dataclasses.dataclass
class Real:
    """A real article with its topic and base day (real, or synthetic for ECB+)."""

    article: Article
    topic: str
    day: float


# -- data ------------------------------------------------------------------------------------


def _article(rid: str, text: str, path: Path, published: str | None) -> Article:
    """A JSON Lines record -> an Article (first line as headline, as bench_stories does)."""
    text = text.strip()
    return Article(id=rid, path=str(path), url=None, outlet=None, wire_credit=None,
                   headline=text.split("\n", 1)[0], published=published,
                   published_confidence=None, evidence={}, dateline=None, byline=None,
                   body=text, removed=[], language="en")


def load_real() -> list[Real]:
    """-> every T17 and ECB+ article with its topic and day."""
    out = []
    for path in sorted((EVAL / "timeline/t17").glob("*/articles.jsonl")):
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            day = float(np.datetime64(r["published"][:10], "D").astype(int)) + 719_163.0
            out.append(Real(_article(str(r["id"]), r["text"], path, r["published"][:10]),
                            path.parent.name, day))
    path = EVAL / "clustering/ecbplus.jsonl"
    for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
        plus = 45.0 if str(r["event"]).endswith("plus") else 0.0
        jitter = float(sum(map(ord, str(r["id"]))) % 3)
        out.append(Real(_article(str(r["id"]), r["text"], path, None), f"ecb{r['topic']}",
                        D_START + plus + jitter))
    return out


def split(reals: list[Real], n_new: int, seed: int) -> tuple[list[Real], list[Real]]:
    """-> (pool to replicate, held-out new articles), a seeded random split."""
    order = np.random.default_rng(seed).permutation(len(reals))
    held = set(order[:n_new].tolist())
    return ([r for i, r in enumerate(reals) if i not in held],
            [r for i, r in enumerate(reals) if i in held])


# -- the stored 100k -------------------------------------------------------------------------


def topic_spans(reals: list[Real]) -> dict[str, tuple[float, float]]:
    """-> {topic: (first day, span in days)}."""
    days: dict[str, list[float]] = {}
    for r in reals:
        days.setdefault(r.topic, []).append(r.day)
    return {t: (min(d), max(d) - min(d)) for t, d in days.items()}


def copy_offsets(spans: dict[str, tuple[float, float]], copies: int, range_days: float,
                 rng: np.random.Generator) -> dict[tuple[int, str], float]:
    """-> {(copy, topic): start day}; copy 0 of every topic ends the range."""
    out = {}
    for topic, (_, span) in sorted(spans.items()):
        latest = max(range_days - span, 0.0)
        out[(0, topic)] = D_START + latest
        for copy in range(1, copies):
            out[(copy, topic)] = D_START + float(rng.integers(0, int(latest) + 1))
    return out


def replica_plan(pool: list[Real], stored: int, offsets: dict[tuple[int, str], float],
                 spans: dict[str, tuple[float, float]]) -> list[tuple[float, int, int]]:
    """-> [(day, pool row, copy)] of the stored replicas, in publication order."""
    plan = []
    for n in range(stored):
        copy, row = divmod(n, len(pool))
        real = pool[row]
        day = offsets[(copy, real.topic)] + real.day - spans[real.topic][0]
        plan.append((day, row, copy))
    return sorted(plan)


def replica_features(base: Features, plan: list[tuple[float, int, int]], noise: float,
                     rng: np.random.Generator) -> Features:
    """A chunk of the plan -> Features: real sparse rows, perturbed dense rows, shifted days."""
    rows = np.array([row for _, row, _ in plan])
    dense = base.dense[rows] + rng.normal(0.0, noise, (len(rows), base.dense.shape[1]))
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)
    ids = [f"{base.ids[row]}~{copy}" for _, row, copy in plan]
    return Features(ids, [day for day, _, _ in plan], base.sparse[rows],
                    dense.astype(np.float32), base.counts[rows])


class ReviewTimer:
    """Wraps a clusterer's review pass: each call timed, in total and per sub-pass."""

    def __init__(self, clusterer: OnlineClusterer) -> None:
        self.clusterer = clusterer
        self.rows: list[dict[str, float]] = []
        self._review = clusterer.review
        clusterer.__dict__["review"] = self  # instance attribute: add() calls this

    def __call__(self, full: bool = False) -> None:
        clusterer = self.clusterer
        parts: dict[str, float] = {}
        for name in REVIEW_PARTS:
            setattr(clusterer, name, _timer(getattr(clusterer, name), name, parts))
        start = time.perf_counter()
        try:
            self._review(full)
        finally:
            for name in REVIEW_PARTS:
                clusterer.__dict__.pop(name, None)
        self.rows.append({"stored": float(len(clusterer.ids)),
                          "stories": float(len(clusterer.stories)),
                          "total": time.perf_counter() - start, **parts,
                          **{f"n_{k}": float(v) for k, v in clusterer.examined.items()}})


def _timer(fn: Callable[..., Any], name: str, into: dict[str, float]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - start
    return wrapped


def build(base: Features, plan: list[tuple[float, int, int]], settings: Settings,
          args: argparse.Namespace) -> tuple[OnlineClusterer, ReviewTimer]:
    """Feed the plan through OnlineClusterer.add in chunks, with its periodic review pass
    (timed) -> (clusterer, the review timer)."""
    clusterer = OnlineClusterer(settings, dim=base.dense.shape[1])
    timer = ReviewTimer(clusterer)
    rng = np.random.default_rng(args.seed + 1)
    start = time.perf_counter()
    for lo in range(0, len(plan), args.chunk):
        hi = min(lo + args.chunk, len(plan))
        clusterer.add(replica_features(base, plan[lo:hi], args.noise, rng), review=False)
        recent = [r["total"] for r in timer.rows if r["stored"] > lo]
        print(f"  built {hi:>7,} rows, {len(clusterer.stories):>6,} stories, "
              f"{time.perf_counter() - start:6.1f} s; review passes in this chunk: "
              f"{len(recent)}, mean {np.mean(recent or [0]) * 1000:.0f} ms, "
              f"max {max(recent or [0]) * 1000:.0f} ms", flush=True)
    return clusterer, timer


# -- the store -------------------------------------------------------------------------------


def scratch_store(clusterer: OnlineClusterer, new: list[Real]) -> tuple[Store, str]:
    """-> a store in /tmp with the stored articles, their stories and story_articles rows, and
    the new articles (ingested, not yet in a story)."""
    path = tempfile.mktemp(prefix="bench_assign_", suffix=".db", dir="/tmp")
    store = open_store(path)
    stored = [(i, clusterer.days[n]) for n, i in enumerate(clusterer.ids)]
    stored += [(r.article.id, r.day) for r in new]
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO documents (id, source, path, hash, format, media, content, "
            "ingested_at, updated_at) VALUES (?, ?, 'bench', '', 'jsonl', 'text', '', '', '')",
            [(i, f"bench#{i}") for i, _ in stored])
        store.conn.executemany(
            "INSERT INTO articles (id, published, sort_key, data) VALUES (?, ?, ?, '{}')",
            [(i, _iso(d), _iso(d)) for i, d in stored])
        store.conn.executemany("INSERT INTO stories (id, data) VALUES (?, '{}')",
                               [(f"s{k}",) for k in clusterer.stories])
        store.conn.executemany(
            "INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
            [(f"s{k}", i) for i, k in zip(clusterer.ids, clusterer.story_of, strict=True)])
    return store, path


def _iso(day: float | None) -> str | None:
    return None if day is None else str(np.datetime64(int(day) - 719_163, "D"))


def write_assignment(store: Store, article_id: str, key: int) -> None:
    """One assignment -> stored: the story row if new, one story_articles row, one commit."""
    with store.transaction():
        store.conn.execute("INSERT OR IGNORE INTO stories (id, data) VALUES (?, '{}')",
                           (f"s{key}",))
        store.conn.execute("INSERT INTO story_articles (story_id, article_id) VALUES (?, ?)",
                           (f"s{key}", article_id))


# -- the measured loop -----------------------------------------------------------------------


def featurise_one(rep: Representer, rep_off: Representer, real: Real
                  ) -> tuple[Features, float, float]:
    """A new article -> (its Features, seconds featurising, seconds without the embedding)."""
    start = time.perf_counter()
    features = rep.featurise([real.article])
    middle = time.perf_counter()
    rep_off.featurise([real.article])
    features.days = [real.day]  # the article's day in the stored timeline ("the present")
    return features, middle - start, time.perf_counter() - middle


def assign(clusterer: OnlineClusterer, store: Store, features: Features) -> tuple[float, float]:
    """One article's Features -> (seconds in add (search + decision + join + index add, and
    the periodic review when this article triggers it), seconds writing the store)."""
    start = time.perf_counter()
    (key,) = clusterer.add(features, review=False)
    middle = time.perf_counter()
    write_assignment(store, features.ids[0], key)
    return middle - start, time.perf_counter() - middle


def measure(clusterer: OnlineClusterer, timer: ReviewTimer, store: Store,
            reps: tuple[Representer, Representer], new: list[Real]
            ) -> tuple[dict[str, np.ndarray], list[dict[str, float]]]:
    """Featurise and assign each new article (the periodic review runs inside add, as
    online) -> (latency columns, the review passes run meanwhile)."""
    rows: list[tuple[float, float, float, float, float]] = []
    done = len(timer.rows)
    for real in new:
        features, feat, sparse_only = featurise_one(*reps, real)
        before = len(timer.rows)
        add, write = assign(clusterer, store, features)
        review = sum(r["total"] for r in timer.rows[before:])
        rows.append((feat, sparse_only, add - review, write, review))
    cols = np.array(rows) * 1000.0
    return ({"featurise": cols[:, 0], "featurise, embeddings off": cols[:, 1],
             "add (search+decide+join+index)": cols[:, 2], "store write": cols[:, 3],
             "assignment = add + write": cols[:, 2] + cols[:, 3],
             "assignment + periodic review": cols[:, 2] + cols[:, 3] + cols[:, 4]},
            timer.rows[done:])


def profile(clusterer: OnlineClusterer, store: Store, rep: Representer, new: list[Real],
            top: int) -> str:
    """cProfile of the assignment loop (add + write) over re-sent new articles -> top lines."""
    feats = []
    for real in new:
        features = rep.featurise([real.article])
        features.ids, features.days = [real.article.id + "~again"], [real.day]
        feats.append(features)
    store.conn.executemany(
        "INSERT INTO documents (id, source, path, hash, format, media, content, ingested_at, "
        "updated_at) VALUES (?, ?, 'bench', '', 'jsonl', 'text', '', '', '')",
        [(f.ids[0], f"bench#{f.ids[0]}") for f in feats])
    store.conn.executemany("INSERT INTO articles (id, data) VALUES (?, '{}')",
                           [(f.ids[0],) for f in feats])
    profiler = cProfile.Profile()
    profiler.enable()
    for features in feats:
        assign(clusterer, store, features)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    return _trim_profile(out.getvalue())


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join(line.replace(str(Path.cwd()) + "/", "") for line in lines[start:] if line)


# -- memory ----------------------------------------------------------------------------------


def rss_bytes() -> int:
    """-> the resident set size now (Linux /proc), else the peak from getrusage."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory_parts(clusterer: OnlineClusterer) -> dict[str, float]:
    """-> bytes of the clusterer's main parts: faiss index, dense rows, sparse + raw rows."""
    import faiss

    index = float(faiss.serialize_index(clusterer.index).nbytes)
    dense = float(sum(v.nbytes + 112 for v in clusterer.dense))
    sparse = float(sum(c.nbytes + v.nbytes + 224 for c, v in clusterer.sparse))
    raw = float(sum(c.nbytes + v.nbytes + 224 for c, v in clusterer.raw))
    stories = float(sum(sys.getsizeof(s.sparse) + 52 * len(s.sparse) + s.dense.nbytes
                        for s in clusterer.stories.values()))
    units = float(sum(d.nbytes + c.nbytes + v.nbytes + 336
                      for d, c, v in clusterer._units.values()))
    return {"faiss HNSW index": index, "dense rows (numpy)": dense,
            "story centroids (dicts, ~est.)": stories,
            "merge pass unit-centroid cache": units,
            "sparse TF-IDF rows (numpy)": sparse, "raw term rows (numpy)": raw}


# -- tables ----------------------------------------------------------------------------------


def percentiles(values: np.ndarray) -> tuple[float, ...]:
    """-> (p50, p95, p99, max, mean)."""
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return float(p50), float(p95), float(p99), float(values.max()), float(values.mean())


def latency_table(columns: dict[str, np.ndarray]) -> None:
    print(f"{'ms per article':<38}{'p50':>10}{'p95':>10}{'p99':>10}{'max':>10}{'mean':>10}")
    for name, values in columns.items():
        p50, p95, p99, top, mean = percentiles(values)
        print(f"{name:<38}{p50:>10.2f}{p95:>10.2f}{p99:>10.2f}{top:>10.1f}{mean:>10.2f}")


def review_table(rows: list[dict[str, float]], bands: int = 5) -> None:
    """Review passes -> one line per band of stored size: pass cost and stories looked at."""
    print(f"{'stored up to':>13}{'passes':>8}{'mean ms':>9}{'p95 ms':>9}{'max ms':>9}"
          + "".join(f"{n.strip('_').replace('split_', ''):>17}" for n in REVIEW_PARTS)
          + f"{'drift n':>9}{'merge n':>9}{'vs live':>9}")
    edges = np.linspace(0, max(r["stored"] for r in rows), bands + 1)
    for lo, hi in itertools.pairwise(edges):
        band = [r for r in rows if lo < r["stored"] <= hi]
        if not band:
            continue
        total = np.array([r["total"] for r in band]) * 1000.0
        parts = [np.mean([r.get(n, 0.0) for r in band]) * 1000.0 for n in REVIEW_PARTS]
        counts = [np.mean([r.get(f"n_{n}", 0.0) for r in band])
                  for n in ("drift", "merge", "merge_against")]
        print(f"{hi:>13,.0f}{len(band):>8}{total.mean():>9.1f}{np.percentile(total, 95):>9.1f}"
              f"{total.max():>9.1f}" + "".join(f"{v:>14.1f} ms" for v in parts)
              + "".join(f"{v:>9.1f}" for v in counts))


# -- main ------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--noise", type=float, default=0.016, help="dense noise sigma per dim")
    parser.add_argument("--range-days", type=float, default=1096.0)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--profile", type=int, default=300, help="articles under cProfile")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def featurise_pool(pool: list[Real], settings: Settings, threads: int
                   ) -> tuple[Features, Representer, Representer]:
    """-> (pool Features, the online Representer, one with embeddings off for timing)."""
    embedder = Embedder(threads=threads)
    embedder.embed(["warm up"], 8)
    rep = Representer(settings, embedder)
    start = time.perf_counter()
    base = rep.featurise([r.article for r in pool])
    seconds = time.perf_counter() - start
    for i, real in enumerate(pool):
        base.days[i] = real.day
    print(f"pool: {len(pool):,} real articles featurised as one batch in {seconds:.1f} s "
          f"({len(pool) / seconds:.1f} art/s)")
    off = Representer(dataclasses.replace(settings, story_embeddings=False))
    off.featurise([r.article for r in pool[:200]])
    return base, rep, off


def report_build(clusterer: OnlineClusterer, base: Features, rss: int, seconds: float) -> None:
    stored = len(clusterer.ids)
    sizes = np.array([len(s.members) for s in clusterer.stories.values()])
    print(f"\nstored: {stored:,} articles in {len(sizes):,} stories (median size "
          f"{np.median(sizes):.0f}, p99 {np.percentile(sizes, 99):.0f}, max {sizes.max()}), "
          f"built in {seconds:.0f} s ({seconds / stored * 1000:.2f} ms/article incl. noise)")
    print(f"\n{'memory at ' + format(stored, ',') + ' stored':<34}{'MB':>9}{'bytes/article':>15}")
    print(f"{'RSS delta over the build':<34}{rss / 2**20:>9.1f}{rss / stored:>15,.0f}")
    for name, size in memory_parts(clusterer).items():
        print(f"{'  ' + name:<34}{size / 2**20:>9.1f}{size / stored:>15,.0f}")


def main() -> None:
    """Print the tables."""
    args = parse_args()
    settings = load_settings()
    reals = load_real()
    pool, new = split(reals, args.new, args.seed)
    print(f"{len(reals):,} real articles: pool {len(pool):,}, new {len(new):,}; "
          f"affinity {os.sched_getaffinity(0)}")
    base, rep, rep_off = featurise_pool(pool, settings, args.threads)
    spans = topic_spans(reals)
    copies = math.ceil(args.stored / len(pool))
    offsets = copy_offsets(spans, copies, args.range_days, np.random.default_rng(args.seed))
    for real in new:  # the new articles arrive in "the present" (copy 0 of their topic)
        real.day = offsets[(0, real.topic)] + real.day - spans[real.topic][0]
    new.sort(key=lambda r: (r.day, r.article.id))
    plan = replica_plan(pool, args.stored, offsets, spans)
    print(f"building {args.stored:,} stored rows: {copies} copies of the pool, noise sigma "
          f"{args.noise} (cosine to the original ~{1 / math.sqrt(1 + 384 * args.noise ** 2):.3f})"
          f", {args.range_days:.0f} days")
    rss0, start = rss_bytes(), time.perf_counter()
    clusterer, timer = build(base, plan, settings, args)
    report_build(clusterer, base, rss_bytes() - rss0, time.perf_counter() - start)
    every = settings.story_review_every
    print(f"\nreview passes during the build (every {every} rows, incremental), by size:")
    review_table(timer.rows)
    store, path = scratch_store(clusterer, new)
    print(f"\nassigning {len(new):,} new real articles (store: {path})")
    cols, reviews = measure(clusterer, timer, store, (rep, rep_off), new)
    print(f"\nreview passes while assigning, at {len(clusterer.ids) - len(new):,}+ stored:")
    review_table(reviews, bands=1)
    print(f"\nlatency, {len(clusterer.ids) - len(new):,} stored -> "
          f"{len(clusterer.ids):,} ({len(new):,} new articles)")
    latency_table(cols)
    for name in ("assignment = add + write", "assignment + periodic review"):
        p95, p99 = percentiles(cols[name])[1:3]
        print(f"{name}: p95 {p95:.2f} ms, p99 {p99:.2f} ms: target p95 <= 50 ms "
              f"{'MET' if p95 <= 50 else 'NOT MET'}")
    if args.profile:
        print(f"\ncProfile of the assignment loop ({args.profile} re-sent articles, by tottime):")
        print(profile(clusterer, store, rep, new[:args.profile], 25))
    store.close()
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.remove(path + suffix)


if __name__ == "__main__":
    main()
