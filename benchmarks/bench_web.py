"""Web latency: story page and JSON API, p50/p95 under 20 concurrent clients on loopback, with
10,000 stories in the store. Zero errors required (the exit code is 1 otherwise).

    .venv/bin/python benchmarks/bench_web.py [--db /tmp/crosswire-bench-web.db] [--stories 10000]
        [--requests 300] [--seconds 25] [--clients 20] [--workers 1]

How the store is built (quickly, once; kept at --db for the next run): the first ``--base``
real articles of ../shared/eval/timeline/t17/*/articles.jsonl (cut to about 2,500 characters,
lines as paragraphs) are read once by the facts stage (spaCy). Each synthetic story gets 2
articles, copies of two base texts under new ids, with an outlet from a list of 12 and a date
spread over 2000-2020. Documents, articles (+ full-text index), stories and the cached readings
(the base text's reading under the copy's id and cache key) go in through the store's own save
functions, so no page request ever parses: cards are still aligned, summarised and rendered
per request (the app caches the last 512 cards).

The server is `crosswire.web.app.serve` in a subprocess on a free loopback port; the clients
are threads with one httpx client each, bounded by --requests per scenario and --seconds.

``--stored N`` (issue 14: e.g. 100000) serves a copy of ``big_store.py``'s store of N real
replicated articles instead, with cards built for ``--cards`` random stories (their
articles' readings copied from the base texts, then ``refresh_cards``: building every card
at 100k would take hours); the story-page rows request those stories, and one row requests
stories without a card (served as the pending page). The scenarios run once with no writer,
then again while a writer runs ``crosswire ingest`` of the held-out new articles, 10 per
call, on the same store. ``crosswire serve`` is the server there (its card refresher
included).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from crosswire.facts import stage as facts_stage
from crosswire.facts.mentions import cache_key
from crosswire.models import Article, Document, Story, content_hash
from crosswire.store import Store, open_store

T17 = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeline" / "t17"
OUTLETS = [f"Bench Outlet {n}" for n in range(1, 13)]
WORDS = ["president", "flood", "minister", "police", "market", "election", "virus", "army"]


def base_articles(count: int) -> list[Article]:
    """-> the first ``count`` t17 articles (round-robin over topics) as Articles, cut short."""
    topics = [[json.loads(line) for line in (d / "articles.jsonl").open()]
              for d in sorted(T17.iterdir()) if (d / "articles.jsonl").is_file()]
    rows = [t[i] for i in range(count) for t in topics if i < len(t)][:count]
    out = []
    for row in rows:
        lines = [x.strip() for x in row["text"].splitlines() if x.strip()]
        body, n = "", 0
        while n < len(lines) and len(body) < 2500:
            body = f"{body}\n\n{lines[n]}" if body else lines[n]
            n += 1
        out.append(Article(id=f"base-{row['id']}", path="bench", url=None, outlet=None,
                           wire_credit=None, headline=lines[0][:120], published=row["published"],
                           published_confidence="stated", evidence={}, dateline=None,
                           byline=None, body=body, removed=[], language="en"))
    return out


def copy_article(base: Article, new_id: str, outlet: str, published: str) -> Article:
    """a base article -> a copy under another id, outlet and date."""
    return Article(**{**base.to_dict(), "id": new_id, "outlet": outlet, "published": published,
                      "wire_group": new_id})


def copy_reading(reading: dict[str, object], base: Article, art: Article) -> dict[str, object]:
    """the base article's reading (JSON) -> the same reading for its copy."""
    text = json.dumps(reading).replace(json.dumps(base.id), json.dumps(art.id))
    data: dict[str, object] = json.loads(text)
    for m in data.get("mentions", []):  # type: ignore[attr-defined]
        m["outlet"] = art.outlet
    return data


def build(db: str, n_stories: int, n_base: int, seed: int = 7) -> None:
    """-> a store at ``db`` holding n_stories synthetic 2-article stories (see the module)."""
    rng = random.Random(seed)
    bases = base_articles(n_base)
    t0 = time.perf_counter()
    readings = {a.id: r.to_dict() for a, r in facts_stage.read(bases, 1)}
    print(f"read {len(bases)} base articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    store = open_store(db)
    docs, arts, stories, mentions = [], [], [], {}
    for n in range(n_stories):
        day = f"{2000 + n % 21}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        members = []
        for k, base in enumerate(rng.sample(bases, 2)):
            art = copy_article(base, f"b{n:05d}-{k}", rng.choice(OUTLETS), day)
            members.append(art)
            docs.append(Document(id=art.id, path="bench", source=f"bench#{art.id}",
                                 media="text", content=art.body, format="text",
                                 hash=content_hash(f"{art.id}{art.body}".encode())))
            mentions[art.id] = (cache_key(art), copy_reading(readings[base.id], base, art))
        arts += members
        stories.append(Story(id=f"s-b{n:05d}", title=members[0].headline or "untitled",
                             articles=[a.id for a in members],
                             outlets=sorted({a.outlet for a in members if a.outlet}),
                             independent_sources=2, first_published=day,
                             first_publisher=members[0].id, last_published=day))
    save(store, docs, arts, stories, mentions)
    print(f"built {n_stories} stories in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def save(store: Store, docs: list[Document], arts: list[Article], stories: list[Story],
         mentions: dict[str, tuple[str, dict[str, object]]]) -> None:
    """everything -> stored through the store's own functions, in chunks."""
    for i in range(0, len(docs), 2000):
        store.add_documents(docs[i:i + 2000])
        store.save_articles(arts[i:i + 2000])
    store.replace_stories(stories, {}, store.inputs_seq())
    store.save_mentions(mentions)  # type: ignore[arg-type]


@dataclass
class Result:
    """One scenario: latencies in seconds, errors (status or exception), wall time."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies) or [0.0]
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (f"| {self.name:<38} | {len(ms):>5} | {len(self.errors):>6} | "
                f"{statistics.median(ms):>8.1f} | {p95:>8.1f} | {ms[-1]:>8.1f} | {rate:>6.1f} |")


def run(name: str, base: str, paths: Callable[[random.Random], str], total: int,
        clients: int, limit: float) -> Result:
    """(scenario name, server URL, a random path maker, requests, concurrent clients, time
    limit) -> Result."""
    result, lock = Result(name), threading.Lock()
    left = [total]
    deadline = time.perf_counter() + limit

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=30) as http:
            while time.perf_counter() < deadline:
                with lock:
                    if left[0] <= 0:
                        return
                    left[0] -= 1
                path = paths(rng)
                t = time.perf_counter()
                try:
                    r = http.get(path)
                    bad = None if r.status_code == 200 else f"{r.status_code} {path}"
                except httpx.HTTPError as exc:
                    bad = f"{type(exc).__name__} {path}"
                with lock:
                    result.latencies.append(time.perf_counter() - t)
                    if bad:
                        result.errors.append(bad)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - start
    return result


def start_server(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    """-> (the server process, its URL) once it answers /healthz."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import logging; from crosswire.web.app import serve; "
            f"serve({db!r}, port={port}, token=None, workers={workers})")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_table(title: str, results: list[Result]) -> list[str]:
    """-> the results as a table under ``title``; -> their errors."""
    print(f"\n{title}\n")
    print("| scenario                               |  reqs | errors |  p50 ms |  p95 ms |"
          "  max ms |  req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(r.row())
    errors = [e for r in results for e in r.errors]
    for e in errors[:10]:
        print("error:", e)
    return errors


def start_cli_server(db: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """-> (`crosswire serve --db DB` on a free loopback port, its URL) once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    crosswire = Path(sys.executable).with_name("crosswire")
    proc = subprocess.Popen([str(crosswire), "serve", "--db", db, "--port", str(port),
                             "--quiet"], stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.25)
    proc.kill()
    raise RuntimeError("the server did not start")


def writer(db: str, files: list[Path], log: list[dict[str, Any]],
           done: threading.Event) -> None:
    """`crosswire ingest FILE --db DB` for each file, one after another; -> seconds each."""
    crosswire = Path(sys.executable).with_name("crosswire")
    for path in files:
        t = time.perf_counter()
        proc = subprocess.run([str(crosswire), "ingest", str(path), "--db", db],
                              capture_output=True, text=True)
        log.append({"file": path.name, "seconds": time.perf_counter() - t,
                    "rc": proc.returncode, "out": (proc.stdout + proc.stderr)[-300:]})
    done.set()


def stored_main(args: argparse.Namespace) -> int:
    """--stored N: the issue-14 rows on big_store's store (see the module docstring)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import big_store

    source, with_cards = big_store.with_cards(args.stored, args.cards)
    db = big_store.CACHE / "work-web.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, db)
    conn = open_store(str(db))
    every = [s.id for s in conn.stories()]
    conn.close()
    carded = set(with_cards)
    no_card = [i for i in every if i not in carded]
    files = big_store.new_files(big_store.CACHE / "web-new")
    proc, url = start_cli_server(str(db), big_store.CACHE / "web-serve.log")
    scenarios: list[tuple[str, Callable[[random.Random], str]]] = [
        ("story page, random with card", lambda r: f"/stories/{r.choice(with_cards)}"),
        ("story page, random without card", lambda r: f"/stories/{r.choice(no_card)}"),
        ("GET /api/stories/{id}, with card", lambda r: f"/api/stories/{r.choice(with_cards)}"),
        ("story list page /", lambda r: "/"),
        ("story list page /?q=word", lambda r: f"/?q={r.choice(WORDS)}"),
        ("GET /api/search?q=word", lambda r: f"/api/search?q={r.choice(WORDS)}"),
        ("GET /api/stories?offset=random",
         lambda r: f"/api/stories?offset={r.randrange(min(len(every), 10_000))}"),
    ]
    status = 0
    try:
        t0 = time.perf_counter()
        for story in with_cards[:20]:
            httpx.get(f"{url}/stories/{story}", timeout=300).raise_for_status()
        print(f"{len(every):,} stories ({len(with_cards):,} with cards); warm-up: 20 story "
              f"pages in {time.perf_counter() - t0:.1f} s; load {load()}", flush=True)
        quiet = [run(name, url, paths, args.requests, args.clients, args.seconds)
                 for name, paths in scenarios]
        quiet_load = load()
        wrote: list[dict[str, Any]] = []
        done = threading.Event()
        thread = threading.Thread(target=writer, args=(str(db), files, wrote, done))
        thread.start()
        busy: list[Result] = []
        while True:  # rounds of every scenario until the writer is done (one round at least)
            busy += [run(name + " +W", url, paths, args.requests, args.clients,
                         args.seconds) for name, paths in scenarios]
            if done.is_set():
                break
        thread.join()
        busy_load = load()
    finally:
        proc.terminate()
        proc.wait(30)
    print(f"\n{args.stored:,} articles stored, {len(every):,} stories, {args.clients} "
          f"concurrent clients, `crosswire serve` (1 worker), up to {args.requests} requests "
          f"or {args.seconds:.0f} s per row")
    errors = print_table(f"### no writer (load avg after: {quiet_load})", quiet)
    errors += print_table(f"### while `crosswire ingest` writes {len(files)} files of 10 "
                          f"new articles, one after another (load avg after: {busy_load})",
                          merge_rounds(busy))
    print("\nwriter:")
    for w in wrote:
        print(f"  {w['file']}: {float(w['seconds']):.1f} s, rc {w['rc']}"
              + (f" {w['out']!r}" if w["rc"] else ""))
    if any(w["rc"] for w in wrote):
        status = 1
    return 1 if errors else status


def merge_rounds(results: list[Result]) -> list[Result]:
    """several rounds of the scenarios -> one Result per scenario name."""
    merged: dict[str, Result] = {}
    for r in results:
        m = merged.setdefault(r.name, Result(r.name))
        m.latencies += r.latencies
        m.errors += r.errors
        m.seconds += r.seconds
    return list(merged.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="/tmp/crosswire-bench-web.db")
    ap.add_argument("--stories", type=int, default=10_000)
    ap.add_argument("--base", type=int, default=30)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--seconds", type=float, default=25.0)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--stored", type=int, default=0,
                    help="serve big_store's store of this many articles (issue 14)")
    ap.add_argument("--cards", type=int, default=2000, help="--stored: stories with cards")
    args = ap.parse_args()
    if args.stored:
        return stored_main(args)
    if not Path(args.db).exists():
        build(args.db, args.stories, args.base)
    n = open_store(args.db).count("stories")
    ids = [f"s-b{i:05d}" for i in range(n)]
    hot = ids[:20]
    proc, url = start_server(args.db, args.workers)
    scenarios: list[tuple[str, Callable[[random.Random], str]]] = [
        ("story page, random of all (cold cards)", lambda r: f"/stories/{r.choice(ids)}"),
        ("story page, 20 hot stories", lambda r: f"/stories/{r.choice(hot)}"),
        ("GET /api/stories/{id}, random of all", lambda r: f"/api/stories/{r.choice(ids)}"),
        ("GET /api/stories?offset=random", lambda r: f"/api/stories?offset={r.randrange(n)}"),
        ("GET /api/search?q=word", lambda r: f"/api/search?q={r.choice(WORDS)}"),
        ("story list page /?q=word", lambda r: f"/?q={r.choice(WORDS)}"),
    ]
    try:
        t0 = time.perf_counter()
        for story in hot:  # the first card also counts the collection's terms (once)
            httpx.get(f"{url}/stories/{story}", timeout=300).raise_for_status()
        print(f"warm-up: 20 story pages, one by one, in {time.perf_counter() - t0:.1f} s "
              "(the first counts the whole collection's terms for the framing)")
        results = [run(name, url, paths, args.requests, args.clients, args.seconds)
                   for name, paths in scenarios]
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"\n{n} stories, {args.clients} concurrent clients, {args.workers} server worker(s),"
          f" up to {args.requests} requests or {args.seconds:.0f} s per row\n")
    print("| scenario                               |  reqs | errors |  p50 ms |  p95 ms |"
          "  max ms |  req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(r.row())
    errors = [e for r in results for e in r.errors]
    for e in errors[:10]:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
