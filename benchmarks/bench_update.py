"""Issue 14 figures 1, 4 and 5: update cost by store size, a long-running watch's memory at
100k, and `crosswire --version` wall time.

    .venv/bin/python benchmarks/bench_update.py [--sizes 1000 10000 100000] [--no-watch]
        [--no-version]

1. Update cost. 100 new real articles (held out from the stores: ``big_store.py``), as 10
   JSON Lines files of 10, go through the real path, ``crosswire.api.ingest_counts`` (read +
   clean + store + story engine update), into a fresh copy of the 1k, 10k and 100k store:
   - *cold, 1 call of 100*: one call on the database path, as ``crosswire ingest`` does
     (the engine reads its state back from the store first);
   - *warm, 10 calls of 10*: one Store object kept between calls, as ``crosswire watch``
     does (call 1 reads the state back; calls 2-10 are the steady state).
   Each size runs in its own process. Stages are timed by wrapping the functions the path
   calls (no change to src/): clean = ``run_stages``; store = ``add_documents`` +
   ``save_articles_counted``; engine = ``StoryEngine.update``, split into reading the state
   back (``_load``), retired stories read back, featurise (TF-IDF + the embedding; the
   MiniLM part apart), cluster add + review, wire copies, and the write transaction.
   The embedder is warmed before the first call (a CLI run pays ~1 s more to load it).
4. Watch memory: ``crosswire watch FOLDER --db COPY --interval 0.5`` on a copy of the 100k
   store with cards for a sample of its stories (``big_store.with_cards``; the watch's card
   thread builds the others meanwhile, spaCy loaded); RSS after start, then the 10 files
   dropped one by one, each waited for (its articles in the store), RSS after each; the
   live state the engine holds (rows and stories) comes from the warm run in (1) at each
   size, against the store's articles and stories.
5. ``.venv/bin/crosswire --version``, 5 runs, median and max wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import big_store

ROOT = Path(__file__).resolve().parents[1]
CROSSWIRE = ROOT / ".venv" / "bin" / "crosswire"
STAGES = ["clean", "store docs", "store articles+terms", "engine", "  load state",
          "  read back", "  featurise", "    model embed", "  cluster add+review",
          "  wire copies", "  write"]


# -- stage timers ----------------------------------------------------------------------------


class Stages:
    """Wraps functions on their owners with timers; ``take()`` -> seconds per label since the
    last take. Re-entrant calls of one label count once."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.depth: dict[str, int] = {}
        self.engines: list[Any] = []

    def wrap(self, owner: Any, name: str, label: str) -> None:
        fn = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.depth[label] = self.depth.get(label, 0) + 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.depth[label] -= 1
                if self.depth[label] == 0:
                    self.seconds[label] = (self.seconds.get(label, 0.0)
                                           + time.perf_counter() - start)

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        out, self.seconds = self.seconds, {}
        return out


def instrument() -> Stages:
    """-> timers on every stage of the ingest path (see the module docstring)."""
    from crosswire.runners import local
    from crosswire.store.sqlite import SQLiteStore
    from crosswire.stories import engine
    from crosswire.stories.cluster import OnlineClusterer
    from crosswire.stories.embed import Embedder
    from crosswire.stories.represent import Representer

    s = Stages()
    s.wrap(local, "run_stages", "clean")
    s.wrap(SQLiteStore, "add_documents", "store docs")
    s.wrap(local, "save_articles_counted", "store articles+terms")
    s.wrap(engine.StoryEngine, "_load", "  load state")
    s.wrap(engine.StoryEngine, "_read_back", "  read back")
    s.wrap(Representer, "featurise", "  featurise")
    s.wrap(Embedder, "embed", "    model embed")
    s.wrap(OnlineClusterer, "add", "  cluster add+review")
    s.wrap(engine, "add_copies", "  wire copies")
    s.wrap(engine.StoryEngine, "_write", "  write")
    update = engine.StoryEngine.update

    def kept(self: Any, replay: bool = False) -> Any:
        s.engines[:] = [self]
        return update(self, replay)

    engine.StoryEngine.update = kept
    s.wrap(engine.StoryEngine, "update", "engine")
    return s


def rss_mb(pid: int | str = "self") -> float:
    """-> resident set size of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def hwm_mb() -> float:
    """-> this process's peak resident set size in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# -- figure 1: one size, in its own process --------------------------------------------------


def timed_call(stages: Stages, call: Callable[[], Any]) -> dict[str, Any]:
    """-> wall seconds and stage seconds of one ingest call."""
    stages.take()
    start = time.perf_counter()
    counts = call()
    wall = time.perf_counter() - start
    return {"wall": wall, "stages": stages.take(), "new": len(counts.new),
            "skipped": len(counts.skipped), "load": load()}


def one_size(size: int, live_only: bool) -> dict[str, Any]:
    """a store size -> the cold and warm scenarios measured (JSON-able)."""
    from crosswire.api import ingest_counts
    from crosswire.config import load_settings
    from crosswire.store import open_store
    from crosswire.stories.embed import shared_embedder

    settings = load_settings()
    files = big_store.new_files(big_store.CACHE / f"new-{os.getpid()}", live_only=live_only)
    shared_embedder().embed(["warm up"], 8)
    stages = instrument()
    out: dict[str, Any] = {"size": size, "load_start": load()}
    db = big_store.working_copy(size, f"update-{size}")
    out["cold"] = timed_call(stages, lambda: ingest_counts([str(p) for p in files], db=str(db),
                                                           settings=settings))
    db = big_store.working_copy(size, f"update-{size}")
    store = open_store(str(db))
    out["warm"] = []
    for path in files:
        def call(path: Path = path) -> Any:
            return ingest_counts([str(path)], db=store, settings=settings)
        out["warm"].append(timed_call(stages, call))
    engine = stages.engines[0]
    c = engine.clusterer
    out["engine"] = {"rows": len(c.ids), "stories": len(c.stories),
                     "store_articles": store.count("articles"),
                     "store_stories": store.count("stories"), "rss_mb": rss_mb(),
                     "peak_rss_mb": hwm_mb()}
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    out["load_end"] = load()
    return out


def run_size(size: int, live_only: bool) -> dict[str, Any]:
    """-> :func:`one_size` run in a child process."""
    proc = subprocess.run([sys.executable, __file__, "--one", str(size)]
                          + (["--live-only"] if live_only else []), check=True,
                          stdout=subprocess.PIPE, text=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def stage_table(results: list[dict[str, Any]]) -> None:
    """-> per size: wall and stage seconds of the cold call and of the warm calls."""
    n = sum(c["new"] for c in results[0]["warm"])
    print(f"\n## 1. Update cost: {n} new articles through api.ingest_counts\n")
    print("| store | scenario | wall s | " + " | ".join(s.strip() for s in STAGES)
          + " | other | load avg |")
    print("|---|---|---:|" + "---:|" * (len(STAGES) + 1) + "---|")
    for r in results:
        rows = [(f"cold, 1 call of {r['cold']['new']}", r["cold"]),
                ("warm call 1 (reads state)", r["warm"][0])]
        steady = r["warm"][1:]
        med = {"wall": statistics.median(c["wall"] for c in steady),
               "stages": {s: statistics.median(c["stages"].get(s, 0.0) for c in steady)
                          for s in STAGES}, "load": steady[-1]["load"]}
        rows.append((f"warm calls 2-{len(r['warm'])}, median", med))
        total = sum(c["wall"] for c in r["warm"])
        rows.append((f"warm, all {len(r['warm'])} calls (sum)", {"wall": total, "stages": {
            s: sum(c["stages"].get(s, 0.0) for c in r["warm"]) for s in STAGES},
            "load": r["load_end"]}))
        for name, c in rows:
            st = c["stages"]
            top = sum(st.get(s, 0.0) for s in ("clean", "store docs", "store articles+terms",
                                               "engine"))
            print(f"| {r['size']:,} | {name} | {c['wall']:.2f} | "
                  + " | ".join(f"{st.get(s, 0.0):.2f}" for s in STAGES)
                  + f" | {c['wall'] - top:.2f} | {c['load']} |")


def ratio_table(results: list[dict[str, Any]]) -> None:
    by = {r["size"]: r for r in results}
    if 1000 not in by or len(by) < 2:
        return
    print("\n| ratio to 1k | cold 1x100 | warm sum 10x10 | warm median call 2-10 | "
          "engine (cold) | engine (warm median) |")
    print("|---|---:|---:|---:|---:|---:|")

    def figures(r: dict[str, Any]) -> list[float]:
        steady = r["warm"][1:]
        return [r["cold"]["wall"], sum(c["wall"] for c in r["warm"]),
                statistics.median(c["wall"] for c in steady),
                r["cold"]["stages"].get("engine", 0.0),
                statistics.median(c["stages"].get("engine", 0.0) for c in steady)]

    base = figures(by[1000])
    for size in sorted(by):
        f = figures(by[size])
        print(f"| {size:,} / 1k | " + " | ".join(f"{x / b:.2f}x" for x, b in zip(f, base,
                                                                              strict=True))
              + " |")
    print("\ntarget: 100k / 1k <= 1.5x")


def engine_table(results: list[dict[str, Any]]) -> None:
    print("\n## 4b. Live state the engine holds after the 10 warm calls (in-process)\n")
    print("| store | engine rows | engine stories | store articles | store stories | "
          "RSS MB | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        e = r["engine"]
        print(f"| {r['size']:,} | {e['rows']:,} | {e['stories']:,} | {e['store_articles']:,} |"
              f" {e['store_stories']:,} | {e['rss_mb']:.0f} | {e['peak_rss_mb']:.0f} |")


# -- figure 4: the watch process -------------------------------------------------------------


def articles_in(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        conn.close()


def watch_memory(size: int, cards: int) -> dict[str, Any]:
    """-> RSS of `crosswire watch` on a copy of the store after start and after each file."""
    source, _ = big_store.with_cards(size, cards)
    db = big_store.CACHE / "work-watch-mem.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, db)
    folder = big_store.CACHE / "watch-mem-in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    files = big_store.new_files(big_store.CACHE / "new")
    log = (big_store.CACHE / "watch-mem.log").open("wb")
    env = {**os.environ, "CROSSWIRE_STATE_DIR": str(big_store.CACHE / "state")}
    proc = subprocess.Popen([str(CROSSWIRE), "watch", str(folder), "--db", str(db),
                             "--interval", "0.5"], stdout=log, stderr=subprocess.STDOUT,
                            env=env)
    rows: list[dict[str, Any]] = []
    try:
        time.sleep(5)
        rows.append({"after": "start (5 s)", "rss_mb": rss_mb(proc.pid), "load": load()})
        base = articles_in(db)
        for n, path in enumerate(files, 1):
            start = time.perf_counter()
            shutil.copyfile(path, folder / path.name)
            while articles_in(db) < base + 10 * n:
                if proc.poll() is not None:
                    raise RuntimeError(f"watch exited: {proc.returncode}")
                if time.perf_counter() - start > 900:
                    raise RuntimeError(f"file {n} not stored in 900 s")
                time.sleep(0.2)
            rows.append({"after": f"file {n} ({10 * n} articles)", "rss_mb": rss_mb(proc.pid),
                         "stored_s": time.perf_counter() - start, "load": load()})
        time.sleep(3)  # the batch's cards
        rows.append({"after": "100 articles + 3 s", "rss_mb": rss_mb(proc.pid),
                     "load": load()})
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    return {"size": size, "rows": rows}


def watch_table(w: dict[str, Any]) -> None:
    print(f"\n## 4. RSS of `crosswire watch --interval 0.5` on the {w['size']:,} store\n")
    print("| after | RSS MB | file to stored s | load avg |")
    print("|---|---:|---:|---|")
    for r in w["rows"]:
        stored = f"{r['stored_s']:.1f}" if "stored_s" in r else ""
        print(f"| {r['after']} | {r['rss_mb']:.0f} | {stored} | {r['load']} |")


# -- figure 5 --------------------------------------------------------------------------------


def version_times(runs: int = 5) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(CROSSWIRE), "--version"], check=True, capture_output=True)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--no-update", action="store_true")
    ap.add_argument("--no-watch", action="store_true")
    ap.add_argument("--no-version", action="store_true")
    ap.add_argument("--cards", type=int, default=2000)
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--live-only", action="store_true",
                    help="leave out the new articles dated (by their text) past the engine's "
                         "retirement horizon (8 of the 100: big_store.new_records)")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.live_only)))
        return 0
    raw: dict[str, Any] = {}
    if not args.no_update:
        results = []
        for size in args.sizes:
            big_store.build(size)
            print(f"size {size:,}: load {load()}", file=sys.stderr, flush=True)
            results.append(run_size(size, args.live_only))
        raw["update"] = results
        stage_table(results)
        ratio_table(results)
        engine_table(results)
    if not args.no_watch:
        raw["watch"] = watch_memory(max(args.sizes), args.cards)
        watch_table(raw["watch"])
    if not args.no_version:
        times = version_times()
        raw["version"] = times
        print(f"\n## 5. `{CROSSWIRE.relative_to(ROOT)} --version`, 5 runs: median "
              f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
              f"(load {load()})")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
