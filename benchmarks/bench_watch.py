"""Issue 14 figure 2: watch latency: a file dropped into a watched folder -> its article on
its story's page, with `crosswire watch` and `crosswire serve` on one store.

    .venv/bin/python benchmarks/bench_watch.py [--stored 100000] [--cards 2000] [--repeat 5]
        [--interval 0.5]

The store is a copy of ``big_store``'s store of ``--stored`` articles with cards for
``--cards`` random stories (``big_store.with_cards``). ``crosswire watch FOLDER --db COPY
--interval 0.5`` and ``crosswire serve --db COPY`` (127.0.0.1, a free port) start on it; the
watch is given a first file and waited for (its first batch reads the engine's state back and
loads the models: not counted), then ``--repeat`` times: one new real article (held out from
the store, ``big_store.new_records``) is written as a one-record JSON Lines file under a
hidden name and renamed into the folder (the clock starts at the rename), and
``GET /stories/<article id>`` (a 307 to the story now holding that article, followed) is
polled every 50 ms until the story page answers 200 and names the article. Printed: each
drop's seconds (to the article stored, to the page showing it), median and max, the load
average, and what the watch printed.

The story page shows a new article as soon as its story is written (a stale card carries
the story's articles as they are now; a story without a card is shown as its title and
articles), so cards are not waited for. ``--no-cards`` runs the same watch loop
(``crosswire.runners.watch.watch``) with ``cards=False`` instead of the CLI (before commit
5d037f8 the CLI's watch built every never-built card after a batch, before its next poll).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import big_store

ROOT = Path(__file__).resolve().parents[1]
CROSSWIRE = ROOT / ".venv" / "bin" / "crosswire"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stored(db: Path, article_id: str) -> bool:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT 1 FROM articles WHERE id = ?",
                            (article_id,)).fetchone() is not None
    finally:
        conn.close()


def drop(folder: Path, record: dict[str, str]) -> float:
    """one record -> a JSON Lines file renamed into the folder; -> the time of the rename."""
    hidden = folder / f".{record['id']}.jsonl.part"
    hidden.write_text(json.dumps(record) + "\n", encoding="utf-8")
    start = time.perf_counter()
    hidden.rename(folder / f"{record['id']}.jsonl")
    return start


def wait_page(http: httpx.Client, db: Path, article_id: str, start: float,
              limit: float) -> dict[str, Any]:
    """-> seconds from ``start`` to the article stored and to its story page naming it."""
    out: dict[str, Any] = {"id": article_id}
    needle = quote(article_id, safe="")
    while time.perf_counter() - start < limit:
        if "stored_s" not in out and stored(db, article_id):
            out["stored_s"] = time.perf_counter() - start
        if "stored_s" in out:
            r = http.get(f"/stories/{needle}")
            if r.status_code == 200 and (article_id in r.text or needle in r.text):
                out["page_s"] = time.perf_counter() - start
                out["story"] = str(r.url).rsplit("/", 1)[-1]
                return out
        time.sleep(0.05)
    out["page_s"] = None
    return out


def start(args: argparse.Namespace, db: Path, folder: Path, logs: Path
          ) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes], str]:
    env = {**os.environ, "CROSSWIRE_STATE_DIR": str(big_store.CACHE / "state")}
    command = [str(CROSSWIRE), "watch", str(folder), "--db", str(db), "--interval",
               str(args.interval)]
    if args.no_cards:  # the watch loop of the CLI without its card step (see the docstring)
        command = [sys.executable, "-c", "from crosswire.runners.watch import watch; "
                   "from crosswire.config import load_settings; "
                   f"watch({str(folder)!r}, {str(db)!r}, load_settings(), "
                   f"interval={args.interval}, cards=False, "
                   "on_change=lambda b: print(b.line(), flush=True))"]
    watch = subprocess.Popen(command,
                             stdout=(logs / "watch.log").open("wb"), stderr=subprocess.STDOUT,
                             env=env)
    port = free_port()
    serve = subprocess.Popen([str(CROSSWIRE), "serve", "--db", str(db), "--port", str(port),
                              "--quiet"], stdout=(logs / "serve.log").open("wb"),
                             stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return watch, serve, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stored", type=int, default=100_000)
    ap.add_argument("--cards", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--limit", type=float, default=600.0, help="seconds to wait per drop")
    ap.add_argument("--no-cards", action="store_true",
                    help="run crosswire.runners.watch.watch(cards=False), not the CLI")
    args = ap.parse_args()
    source, _ = big_store.with_cards(args.stored, args.cards)
    db = big_store.CACHE / "work-watch.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, db)
    folder = big_store.CACHE / "watch-in"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    logs = big_store.CACHE / "watch-logs"
    logs.mkdir(exist_ok=True)
    records = big_store.new_records()
    print(f"load before start: {load()}", flush=True)
    watch, serve, url = start(args, db, folder, logs)
    rows = []
    try:
        with httpx.Client(base_url=url, timeout=60, follow_redirects=True) as http:
            t0 = drop(folder, records[0])  # warm-up: state read back, models loaded
            first = wait_page(http, db, records[0]["id"], t0, args.limit)
            print(f"warm-up drop (not counted): {first}, load {load()}", flush=True)
            for record in records[1:1 + args.repeat]:
                time.sleep(2 * args.interval)
                t = drop(folder, record)
                row = wait_page(http, db, record["id"], t, args.limit)
                row["load"] = load()
                rows.append(row)
                print(row, flush=True)
    finally:
        for proc in (watch, serve):
            proc.terminate()
        for proc in (watch, serve):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    mode = "watch(cards=False)" if args.no_cards else "crosswire watch"
    print(f"\n## 2. Watch latency, {args.stored:,} stored, {mode}, --interval "
          f"{args.interval:g}\n")
    print("| drop | article | story | to stored s | to page s | load avg |")
    print("|---:|---|---|---:|---:|---|")
    for n, r in enumerate(rows, 1):
        page = f"{r['page_s']:.2f}" if r["page_s"] is not None else "timeout"
        stored_s = f"{r['stored_s']:.2f}" if "stored_s" in r else "-"
        print(f"| {n} | {r['id']} | {r.get('story', '-')} | {stored_s} | {page} | {r['load']} |")
    done = [r["page_s"] for r in rows if r["page_s"] is not None]
    if done:
        print(f"\nto page: median {statistics.median(done):.2f} s, max {max(done):.2f} s "
              f"({len(done)} of {len(rows)}); target <= 2 s")
    print("\nwatch output:\n" + (logs / "watch.log").read_text(errors="replace")[-3000:])
    return 0 if len(done) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
