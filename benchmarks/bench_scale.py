"""Throughput of ingest (read + clean + store + stories) by runner and store, in one run.

Usage: python benchmarks/bench_scale.py [--data FILE_OR_FOLDER ...] [--rows ROW,ROW,...]
                                        [--pg URL | --start-pg]

Default data: all six T17 topics (../shared/eval/timeline/t17/*/articles.jsonl, 1,556
articles) and ECB+ (../shared/eval/clustering/ecbplus.jsonl, 772): 2,328 real articles in 7
JSON Lines files. Each row ingests them into a new, empty store and builds the stories, as
`crosswire ingest` does, with a fresh story state:

- ``local-sqlite``: ``api.ingest_counts`` (the local runner, the CLI's path) into SQLite;
- ``dask1-sqlite``, ``dask2-sqlite``: ``runners.dask.ingest_paths_dask`` on a LocalCluster of
  1 or 2 worker processes (one thread each; reading, cleaning and lead embeddings on the
  workers, the store and story assignment in this process);
- ``local-pg``, ``dask1-pg``, ``dask2-pg``: the same into PostgreSQL (``--pg URL`` of a
  server where new databases may be created, or ``--start-pg`` for a throwaway server from
  Debian's package via tests/pg.py; durability is off on that server).

Warm start: this process first ingests the five samples and T17 'mj' (imports, language
and embedding models loaded, the ONNX runtime run on many batch shapes), and each cluster's
workers clean and embed the samples (timed as cluster start-up, not in the row's seconds).
Prints a Markdown table: seconds for ingest and for stories, articles/s, the ratio to the
first row, the load average around the row, and whether the row stored the same articles and
stories as the first. About 7 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_DATA = [*sorted(str(p) for p in (SHARED / "timeline" / "t17").glob("*/articles.jsonl")),
                str(SHARED / "clustering" / "ecbplus.jsonl")]
DEFAULT_ROWS = "local-sqlite,dask1-sqlite,dask2-sqlite,local-pg,dask1-pg,dask2-pg"


@dataclass
class Row:
    """One measured row."""

    name: str
    articles: int
    ingest: float
    stories_s: float
    stories: int
    startup: float
    load: tuple[float, float]
    fingerprint: tuple[Any, Any]

    @property
    def total(self) -> float:
        return self.ingest + self.stories_s


def fingerprint(store: Any) -> tuple[Any, Any]:
    """store -> (articles by id as dicts, stories as sorted dicts): what must match."""
    articles = {a.id: a.to_dict() for a in store.articles()}
    stories = sorted((s.to_dict() for s in store.stories()), key=lambda s: str(s["id"]))
    return articles, stories


def run_row(name: str, data: list[str], open_db: Callable[[str], Any]) -> Row:
    """(row name, input paths, row name -> a new empty store) -> the measured Row.

    ingest = read + clean + store (+ lead embeddings on the workers for Dask); stories =
    ``Pipeline.stories`` (the story engine) in this process (+ the embeddings for the local
    runner, which makes them there), as ``api.ingest_counts`` runs them one after the other."""
    from crosswire.config import load_settings
    from crosswire.owner import Pipeline
    from crosswire.pipeline import Context
    from crosswire.readers import read_paths
    from crosswire.runners.dask import (
        clean_task,
        dask_client,
        ingest_stream_dask,
        read_paths_dask,
    )
    from crosswire.runners.local import ingest_stream

    runner = name.split("-")[0]
    ctx = Context(load_settings())
    store, load_before = open_db(name), os.getloadavg()[0]
    own = [str(Path(store.path).resolve())] if "://" not in store.path else []
    with ExitStack() as stack:
        start = time.perf_counter()
        client = None if runner == "local" else stack.enter_context(
            dask_client(None, int(runner.removeprefix("dask"))))
        if client is not None:  # imports and models loaded in every worker, as in this one
            client.run(clean_task, warm_up_documents(), ctx.settings, True)
        startup = time.perf_counter() - start
        start = time.perf_counter()
        if client is None:
            counts = ingest_stream(read_paths(data, ctx.settings, exclude=own), store, ctx)
        else:
            items = read_paths_dask(data, ctx.settings, client, own)
            counts = ingest_stream_dask(items, store, ctx, client)
        middle = time.perf_counter()
        Pipeline(store, ctx.settings).stories()
        stories = store.count("stories")
        end = time.perf_counter()
    return Row(name, len(counts.new), middle - start, end - middle, stories, startup,
               (load_before, os.getloadavg()[0]), fingerprint(store))


def warm_up_documents() -> list[Any]:
    """-> the sample articles as Documents (what warm-up runs clean and embed)."""
    from crosswire.config import load_settings
    from crosswire.models import Document
    from crosswire.readers import read_paths

    items = read_paths([str(ROOT / "samples" / "raqqa")], load_settings())
    return [x for x in items if isinstance(x, Document)]


def warm_up_client(folder: Path) -> None:
    """imports and models (language, embeddings) loaded in this process before any row, and
    the embedding runtime exercised on batches of every length (T17 'mj', 121 articles)."""
    from crosswire.api import ingest_counts

    mj = SHARED / "timeline" / "t17" / "mj" / "articles.jsonl"
    warm = [str(ROOT / "samples" / "raqqa"), *([str(mj)] if mj.exists() else [])]
    ingest_counts(warm, db=str(folder / "warm.db"))


@contextmanager
def postgres(url: str | None, start: bool) -> Iterator[Callable[[], str] | None]:
    """(--pg URL, --start-pg) -> a function making a new empty database's URL, or None when
    no PostgreSQL was asked for."""
    if url:
        yield lambda: _new_database(url)
    elif start:
        sys.path.insert(0, str(ROOT))
        from tests.pg import running_server

        with running_server() as server:
            yield lambda: server.new_database("bench")
    else:
        yield None


def _new_database(url: str) -> str:
    """server URL -> the URL of a new database created on it."""
    import psycopg

    name = f"bench_{os.getpid()}_{time.monotonic_ns()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def table(rows: list[Row]) -> str:
    """rows -> a Markdown table (ratios and sameness against the first row)."""
    first = rows[0]
    lines = ["| row | articles | cluster start s | ingest s | stories s | "
             "total s | articles/s | × first row | same articles | same stories "
             "| load before/after |", "|" + "---|" * 11]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.articles} | {r.startup:.1f} | {r.ingest:.1f} | {r.stories_s:.1f} "
            f"| {r.total:.1f} | {r.articles / r.total:.1f} | {first.total / r.total:.2f} "
            f"| {r.fingerprint[0] == first.fingerprint[0]} "
            f"| {r.fingerprint[1] == first.fingerprint[1]} "
            f"| {r.load[0]:.1f} / {r.load[1]:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", nargs="+", default=DEFAULT_DATA)
    parser.add_argument("--rows", default=DEFAULT_ROWS)
    parser.add_argument("--pg", default=None, help="postgresql://user@host:port/db")
    parser.add_argument("--start-pg", action="store_true")
    args = parser.parse_args()
    from crosswire.store import open_store

    with tempfile.TemporaryDirectory() as tmp, postgres(args.pg, args.start_pg) as new_pg:
        os.environ["CROSSWIRE_STATE_DIR"] = str(Path(tmp) / "state")
        rows = [r for r in args.rows.split(",") if new_pg or not r.endswith("-pg")]
        measured: list[Row] = []

        def open_db(name: str) -> Any:
            fresh = Path(tmp) / f"{name}-{len(measured)}.db"
            url = new_pg() if name.endswith("-pg") and new_pg else str(fresh)
            return open_store(url)

        warm_up_client(Path(tmp))
        for name in rows:
            measured.append(run_row(name, args.data, open_db))
            print(f"done {name}: {measured[-1].total:.1f} s", file=sys.stderr, flush=True)
    print(f"input: {len(args.data)} files, {measured[0].articles} articles; "
          f"{os.cpu_count()} cores")
    print(table(measured))


if __name__ == "__main__":
    main()
