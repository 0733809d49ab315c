"""Readers during writes: 50 clients on loopback for 30 s while a CLI ingest of 100 articles
and a web upload of 60
(two requests of 30) run. Zero errors required (exit code 1 otherwise).

    .venv/bin/python benchmarks/bench_load.py [--clients 50] [--seconds 30] [--dir /tmp/x]

The store starts with 100 real articles of ../shared/eval/timeline/t17 (their stories built);
then `crosswire serve` starts on a free loopback port and the clients (threads, one httpx
client each, redirects followed) request, at random, the story list page, /api/stories, a
story page (an id from the list the client last read: ids may change under the writes),
/api/search and an article page. Two seconds in, `crosswire ingest` of 100 more articles (one
JSON Lines file) and a POST /api/ingest of 60 more (text files) start, together.

An error is any status >= 400, a connection error or a timeout (120 s). Printed: requests,
errors by cause, p50/p95 per kind of request, and how long the writes took.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

T17 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeline" / "t17"
TOKEN = "bench-load-token"
WORDS = ["president", "flood", "minister", "police", "market", "election", "virus", "army"]


def t17_rows(count: int) -> list[dict[str, str]]:
    """-> ``count`` t17 articles, round-robin over topics: {id, text, published}."""
    topics = [[json.loads(line) for line in (d / "articles.jsonl").open()]
              for d in sorted(T17.iterdir()) if (d / "articles.jsonl").is_file()]
    rows = [t[i] for i in range(count) for t in topics if i < len(t)]
    return rows[:count]


def write_inputs(folder: Path) -> tuple[Path, Path, list[Path]]:
    """folder -> (JSON Lines of the 100 starting articles, JSON Lines of the 100 the CLI
    ingests, the 60 text files uploaded)."""
    rows = t17_rows(260)
    start, cli = folder / "start.jsonl", folder / "cli.jsonl"
    for path, part in ((start, rows[:100]), (cli, rows[100:200])):
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"],
                                            "published": r["published"]}) + "\n"
                                for r in part), encoding="utf-8")
    uploads = folder / "uploads"
    uploads.mkdir()
    files = []
    for r in rows[200:260]:
        path = uploads / f"{r['id']}.txt"
        path.write_text(r["text"], encoding="utf-8")
        files.append(path)
    return start, cli, files


def start_server(db: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """-> (the `crosswire serve` process, its URL) once it answers /healthz; its output goes
    to ``log``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "crosswire", "serve", "--db", db, "--port",
                             str(port), "--token", TOKEN, "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


class Tally:
    """Latencies by kind of request and errors by cause, shared by the client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if error:
                self.errors[f"{kind}: {error}"] += 1


def client(url: str, seed: int, until: float, tally: Tally) -> None:
    """One reader: random requests until ``until`` (monotonic seconds)."""
    rng = random.Random(seed)
    stories: list[str] = []
    articles: list[str] = []
    with httpx.Client(base_url=url, timeout=120, follow_redirects=True) as http:
        while time.monotonic() < until:
            kind = rng.choice(["list", "api-stories", "story", "story", "search", "article"])
            if (kind == "story" and not stories) or (kind == "article" and not articles):
                kind = "api-stories"
            path = {"list": "/", "api-stories": "/api/stories?limit=50",
                    "story": f"/stories/{rng.choice(stories or ['x'])}",
                    "search": f"/api/search?q={rng.choice(WORDS)}",
                    "article": f"/articles/{rng.choice(articles or ['x'])}"}[kind]
            began = time.monotonic()
            try:
                response = http.get(path)
                error = None if response.status_code < 400 else str(response.status_code)
            except httpx.HTTPError as exc:
                response, error = None, type(exc).__name__
            tally.add(kind, time.monotonic() - began, error)
            if kind == "api-stories" and response is not None and not error:
                listed = response.json()
                items = listed["stories"] if isinstance(listed, dict) else listed
                stories = [s["id"] for s in items]
                articles = [a for s in items for a in s["articles"]]


def writes(url: str, cli_file: Path, uploads: list[Path], db: str) -> dict[str, object]:
    """-> how the CLI ingest and the upload went (both run together)."""
    out: dict[str, object] = {}

    def cli() -> None:
        began = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "crosswire", "ingest", str(cli_file),
                               "--db", db, "--quiet"], capture_output=True, text=True)
        out["cli"] = (done.returncode, round(time.monotonic() - began, 1), done.stderr[-300:])

    def upload() -> None:  # in requests of 30 files (the API takes at most 50 at once)
        began, statuses, ingested = time.monotonic(), [], 0
        for start in range(0, len(uploads), 30):
            files = [("files", (p.name, p.read_bytes(), "text/plain"))
                     for p in uploads[start : start + 30]]
            response = httpx.post(f"{url}/api/ingest", files=files, timeout=600,
                                  headers={"Authorization": f"Bearer {TOKEN}"})
            statuses.append(response.status_code)
            ingested += len(response.json().get("ingested", []))
        out["upload"] = (statuses, round(time.monotonic() - began, 1), ingested)

    threads = [threading.Thread(target=cli), threading.Thread(target=upload)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def report(tally: Tally, wrote: dict[str, object]) -> int:
    """-> 0 when no request failed (the table printed), else 1."""
    total = sum(len(v) for v in tally.latency.values())
    print(f"requests {total}, errors {sum(tally.errors.values())}")
    print(f"{'kind':<12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    everything = [x for v in tally.latency.values() for x in v]
    for kind, times in [*sorted(tally.latency.items()), ("all", everything)]:
        times = sorted(times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"{kind:<12} {len(times):>6} {statistics.median(times) * 1e3:>8.0f} "
              f"{p95 * 1e3:>8.0f}")
    for cause, n in tally.errors.most_common():
        print(f"  error {cause}: {n}")
    print(f"writes: cli ingest (exit, s, tail) {wrote.get('cli')}; "
          f"upload (status, s, ingested) {wrote.get('upload')}")
    return 1 if tally.errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="crosswire-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("CROSSWIRE_STATE_DIR", str(folder / "state"))
    start, cli_file, uploads = write_inputs(folder)
    db = str(folder / "load.db")
    subprocess.run([sys.executable, "-m", "crosswire", "ingest", str(start), "--db", db,
                    "--quiet"], check=True)
    server, url = start_server(db, folder / "server.log")
    tally, until = Tally(), time.monotonic() + args.seconds
    try:
        readers = [threading.Thread(target=client, args=(url, n, until, tally))
                   for n in range(args.clients)]
        for t in readers:
            t.start()
        time.sleep(2)
        wrote = writes(url, cli_file, uploads, db)
        for t in readers:
            t.join()
    finally:
        server.terminate()
        server.wait(30)
    print(f"server log: {folder / 'server.log'}")
    return report(tally, wrote)


if __name__ == "__main__":
    sys.exit(main())
