"""Big stores for the issue-14 benchmarks: 1k, 10k or 100k stored articles built from real
T17 + ECB+ text, their stories built by ONE replay of the story engine, cached on disk.

    .venv/bin/python benchmarks/big_store.py [--stored 1000 10000 100000] [--cards 2000]

How a store is built (the way ``bench_assign.py`` builds its 100k):

- Real articles: all T17 topics (1,556, dated) and ECB+ (772, undated, a synthetic day per
  event: ``bench_assign.load_real``). A seeded 100 of them are held out as the *new*
  articles (never stored); the other 2,228 are the pool.
- The pool goes once through the real reader and cleaner (``read_paths`` + ``run_stages`` on
  a JSON Lines file): the base Articles. Their leads are embedded once by the real MiniLM.
- The pool is replicated (in a seeded random order, so 1k is a sample of every topic) until
  ``stored`` rows exist; every copy of a topic keeps its real day-to-day gaps but is shifted
  to a random start in 3 years (copy 0 ends the range, "the present": the new articles are
  dated there), so a topic recurs ~45 times at 100k and only a few copies are live at once.
  With ``CROSSWIRE_BENCH_DENSITY=constant`` the range is 1,096 days per 1,000 stored
  articles instead (ending on the same day), so copies of a topic recur less often than the
  story window at every size and the live window holds about as many articles at 100k as
  at 1k: the store grows, what is live does not.
- Each replica has its own id (``<base id>~<copy>``), its own date, and its text varied:
  one replica-specific line appended to the body ("Edition N, filed YYYY-MM-DD, desk D.").
  The base body is kept whole so that the base article's facts reading (character offsets
  included) is valid for the replica (cards). Consequence: replicas of one text are near
  duplicates, so the wire-copy detection groups them (a group per base text, across years).
- Embeddings: the replica's lead differs from the base's for short texts (the appended line
  falls inside the 1,500 characters the embedding reads), so the embedding cache would embed
  every replica; instead each replica's cache entry is written up front as its base's real
  vector plus Gaussian noise (sigma 0.016 per dimension, renormalised: cosine ~0.95 to the
  base, as ``bench_assign.py``). The model embeds only the pool (once) and, later, the new
  articles the benchmarks ingest (their text is never stored, so never cached).
- Documents and articles go in through the store API (``add_documents``, ``save_articles``,
  then one ``recount`` of the collection's term counts), then ONE
  ``Pipeline(store, settings).stories(replay=True)`` builds the story engine's state.

Cards (``--cards N``): N random stories get cards through ``crosswire.cards.refresh_cards``
after their articles' facts readings are copied from their base texts (read once by spaCy and
cached in ``readings.json``), stored under the key cards compute (``cache_key``), as
``bench_web.py`` does. The date-relative parts of a reading stay those of the base's date.

Everything lives in /tmp/crosswire-bench/ (``store-<N>.db`` etc.); a store that exists is
reused. Benchmarks copy it before writing to it (:func:`working_copy`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_assign import Real, copy_offsets, load_real, replica_plan, split, topic_spans
from crosswire.config import Settings, load_settings
from crosswire.models import Article, Document, content_hash

CACHE = Path(os.environ.get("CROSSWIRE_BENCH_CACHE", "/tmp/crosswire-bench"))
SEED = 7
N_NEW = 100
RANGE_DAYS = 1096.0
# CROSSWIRE_BENCH_DENSITY=constant: the range grows with the store (1,096 days per 1,000
# articles, ending on the same day), so the articles per day — and the live window — stay
# those of the 1k store (use another CROSSWIRE_BENCH_CACHE for these stores)
CONSTANT_DENSITY = os.environ.get("CROSSWIRE_BENCH_DENSITY", "") == "constant"
NOISE = 0.016
CHUNK = 2000


@dataclass
class Corpus:
    """The pool (cleaned base articles, their topic and base day, their lead vectors), the
    held-out new articles (as JSON Lines records) and the replica dates."""

    pool: list[Real]
    bases: list[Article]
    vectors: np.ndarray
    new: list[dict[str, str]]
    offsets: dict[tuple[int, str], float]
    spans: dict[str, tuple[float, float]]


def iso(day: float) -> str:
    """a day number (days since 0001-01-01) -> 'YYYY-MM-DD'."""
    return str(np.datetime64(int(day) - 719_163, "D"))


def corpus(settings: Settings, stored: int) -> Corpus:
    """-> the pool, cleaned (cached), embedded (cached), and the held-out new articles dated
    in "the present"; the replica dates are drawn for ``stored`` rows."""
    reals = load_real()
    pool, held = split(reals, N_NEW, SEED)
    random.Random(SEED).shuffle(pool)
    spans = topic_spans(reals)
    copies = math.ceil(stored / len(pool))
    range_days = RANGE_DAYS * max(1.0, stored / 1000) if CONSTANT_DENSITY else RANGE_DAYS
    offsets = copy_offsets(spans, max(copies, 1), range_days, np.random.default_rng(SEED))
    # the range ends on the same day whatever its length (the new articles' "present")
    offsets = {k: day - (range_days - RANGE_DAYS) for k, day in offsets.items()}
    bases = clean_pool(pool, settings)
    vectors = pool_vectors(bases, settings)
    new = []
    for real in sorted(held, key=lambda r: r.article.id):
        day = offsets[(0, real.topic)] + real.day - spans[real.topic][0]
        new.append({"id": f"new-{real.article.id}", "text": real.article.body,
                    "published": iso(day)})
    return Corpus(pool, bases, vectors, new, offsets, spans)


def clean_pool(pool: list[Real], settings: Settings) -> list[Article]:
    """the pool -> its Articles as the real reader + cleaner make them (cached as JSON)."""
    path = CACHE / "pool-articles.json"
    if path.exists():
        rows = json.loads(path.read_text(encoding="utf-8"))
        by_id = {r["id"]: Article.from_dict(r) for r in rows}
        return [by_id[f"base-{r.article.id}"] for r in pool]
    from crosswire.pipeline import Batch, Context, run_stages
    from crosswire.readers.files import read_paths

    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / "pool.jsonl"
    source.write_text("".join(json.dumps(
        {"id": f"base-{r.article.id}", "text": r.article.body,
         **({"published": iso(r.day)} if r.article.published else {})}) + "\n" for r in pool),
        encoding="utf-8")
    start = time.perf_counter()
    docs = [d for d in read_paths([str(source)], settings) if isinstance(d, Document)]
    articles = run_stages(Batch(documents=docs), Context(settings)).articles
    print(f"pool: {len(articles)} of {len(pool)} cleaned in {time.perf_counter() - start:.1f}"
          " s", file=sys.stderr)
    out = {a.id: a for a in articles}  # a JSON Lines record's id is its document's
    path.write_text(json.dumps([a.to_dict() for a in out.values()]), encoding="utf-8")
    return [out[f"base-{r.article.id}"] for r in pool]


def pool_vectors(bases: list[Article], settings: Settings) -> np.ndarray:
    """base articles -> their lead vectors by the real MiniLM (cached as .npy)."""
    from crosswire.stories.embed import shared_embedder
    from crosswire.stories.represent import lead

    path = CACHE / "pool-vectors.npy"
    if path.exists():
        return np.asarray(np.load(path))
    start = time.perf_counter()
    vectors = shared_embedder().embed([lead(a) for a in bases], settings.story_embed_tokens)
    print(f"pool: {len(bases)} leads embedded in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)
    np.save(path, vectors)
    return np.asarray(vectors)


# -- the replicas ----------------------------------------------------------------------------


def replica(base: Article, copy: int, day: float) -> Article:
    """(base article, copy number, day) -> the replica: own id, own date, one line added."""
    date = iso(day)
    desk = 1 + (copy * 7 + len(base.id)) % 12
    body = f"{base.body}\n\nEdition {copy}, filed {date}, desk {desk}."
    return Article.from_dict({**base.to_dict(), "id": f"{base.id}~{copy}", "published": date,
                              "body": body, "wire_group": None})


def document_of(article: Article) -> Document:
    """a replica -> the raw document it stands for."""
    return Document(id=article.id, path=f"bench/{article.id.split('~')[0]}.jsonl",
                    source=f"bench#id={article.id}", media="text", content=article.body,
                    format="jsonl", hash=content_hash(article.body.encode("utf-8")))


def replicas(c: Corpus, stored: int) -> list[tuple[Article, int]]:
    """-> the ``stored`` replicas in publication order, each with its pool row."""
    plan = replica_plan(c.pool, stored, c.offsets, c.spans)
    return [(replica(c.bases[row], copy, day), row) for day, row, copy in plan]


def noisy(vector: np.ndarray, rng: np.random.Generator) -> bytes:
    """a unit vector -> it plus Gaussian noise (NOISE per dimension), renormalised, as bytes."""
    out = vector + rng.normal(0.0, NOISE, vector.shape)
    return (out / np.linalg.norm(out)).astype(np.float32).tobytes()


def fill(path: Path, c: Corpus, stored: int, settings: Settings) -> dict[str, float]:
    """-> a store at ``path`` holding the replicas (documents, articles, term counts, the
    replicas' embedding cache entries); -> seconds per part."""
    from crosswire.narrate.background import recount
    from crosswire.store import open_store
    from crosswire.stories.embed_cache import vector_key
    from crosswire.stories.represent import lead

    rng = np.random.default_rng(SEED + 1)
    rows = replicas(c, stored)
    store = open_store(str(path))
    times = {"documents + articles": 0.0, "vector cache": 0.0}
    for lo in range(0, len(rows), CHUNK):
        part = rows[lo:lo + CHUNK]
        t = time.perf_counter()
        store.add_documents([document_of(a) for a, _ in part])
        store.save_articles([a for a, _ in part])
        times["documents + articles"] += time.perf_counter() - t
        t = time.perf_counter()
        store.save_vectors({vector_key(lead(a), settings.story_embed_tokens):
                            noisy(c.vectors[row], rng) for a, row in part})
        times["vector cache"] += time.perf_counter() - t
    t = time.perf_counter()
    recount(store)
    times["term counts"] = time.perf_counter() - t
    store.close()
    return times


def build(stored: int, settings: Settings | None = None) -> Path:
    """-> the path of the cached store of ``stored`` replicas with its stories built (built
    now when missing; its build log in build-<N>.json)."""
    from crosswire.owner import Pipeline
    from crosswire.store import open_store

    path = CACHE / f"store-{stored}.db"
    if path.exists():
        return path
    settings = settings or load_settings()
    c = corpus(settings, stored)
    scratch = CACHE / f"building-{stored}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    times = fill(scratch, c, stored, settings)
    print(f"store {stored:,}: filled in {time.perf_counter() - start:.0f} s {times}",
          file=sys.stderr)
    store = open_store(str(scratch))
    t = time.perf_counter()
    update = Pipeline(store, settings).stories(replay=True)
    times["replay (update_stories replay=True)"] = time.perf_counter() - t
    stories = store.count("stories")
    store.close()
    checkpoint_wal(scratch)
    scratch.rename(path)
    log = {"stored": stored, "stories": stories, "written": len(update.written),
           "seconds": times, "load": os.getloadavg(), "size_bytes": path.stat().st_size}
    (CACHE / f"build-{stored}.json").write_text(json.dumps(log, indent=1))
    print(f"store {stored:,}: {stories:,} stories, replay "
          f"{times['replay (update_stories replay=True)']:.0f} s", file=sys.stderr)
    return path


def checkpoint_wal(path: Path) -> None:
    """a SQLite file -> its WAL folded in and truncated (so one file copies it whole)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def working_copy(stored: int, name: str) -> Path:
    """-> a fresh copy of the cached store of ``stored`` rows at CACHE/work-<name>.db."""
    source = build(stored)
    target = CACHE / f"work-{name}.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return target


def new_files(folder: Path, per_file: int = 10, live_only: bool = False) -> list[Path]:
    """-> the held-out new articles (:func:`new_records`) written as JSON Lines files of
    ``per_file`` records under ``folder`` (part-00.jsonl, ...; the folder emptied first)."""
    records = new_records(live_only)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for n, lo in enumerate(range(0, len(records), per_file)):
        path = folder / f"part-{n:02d}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records[lo:lo + per_file]),
                        encoding="utf-8")
        paths.append(path)
    return paths


def new_records(live_only: bool = False) -> list[dict[str, str]]:
    """-> the 100 held-out new articles as JSON Lines records (id, text, published: "the
    present" of their topic); ``live_only``: without those the cleaner dates (from a date
    their text states) more than ``2 x story_window_days - 30`` days before the newest
    stored day: they arrive already past the engine's retirement horizon (8 of the 100;
    before commit bfcbe9a they hit a KeyError in ``state_delta``)."""
    settings = load_settings()
    records = corpus(settings, 1000).new
    if not live_only:
        return records
    dates = cleaned_dates(records, settings)
    newest = max(float(np.datetime64(r["published"], "D").astype(int)) for r in records)
    horizon = newest - 2 * settings.story_window_days + 30
    return [r for r in records if (day := dates.get(r["id"])) is not None
            and float(np.datetime64(day[:10], "D").astype(int)) >= horizon]


def cleaned_dates(records: list[dict[str, str]], settings: Settings) -> dict[str, str | None]:
    """JSON Lines records -> {id: the published date the real cleaner gives it} (cached)."""
    from crosswire.pipeline import Batch, Context, run_stages
    from crosswire.readers.files import read_paths

    path = CACHE / "new-cleaned-dates.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    source = CACHE / "new-all.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    docs = [d for d in read_paths([str(source)], settings) if isinstance(d, Document)]
    found = {a.id: a.published for a in run_stages(Batch(documents=docs),
                                                   Context(settings)).articles}
    path.write_text(json.dumps(found))
    return found


# -- cards -----------------------------------------------------------------------------------


def base_readings(bases: list[Article], wanted: set[str]) -> dict[str, dict[str, Any]]:
    """base articles, ids wanted -> {base id: its facts reading as JSON} (spaCy, cached in
    readings.json; only the missing ones are read)."""
    from crosswire.facts import stage as facts_stage

    path = CACHE / "readings.json"
    have: dict[str, dict[str, Any]] = (json.loads(path.read_text()) if path.exists() else {})
    todo = [a for a in bases if a.id in wanted and a.id not in have]
    if todo:
        start = time.perf_counter()
        for n, (article, reading) in enumerate(facts_stage.read(todo, 2), 1):
            have[article.id] = reading.to_dict()
            if n % 200 == 0:
                path.write_text(json.dumps(have))
                print(f"  read {n}/{len(todo)} base articles", file=sys.stderr, flush=True)
        path.write_text(json.dumps(have))
        print(f"read {len(todo)} base articles in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
    return have


def copied_reading(reading: dict[str, Any], base: Article, art: Article) -> dict[str, Any]:
    """the base article's reading -> the same reading for its replica (ids, outlet)."""
    text = json.dumps(reading).replace(json.dumps(base.id), json.dumps(art.id))
    data: dict[str, Any] = json.loads(text)
    for m in data.get("mentions", []):
        m["outlet"] = art.outlet
    return data


def sample_stories(store: Any, count: int, seed: int = SEED) -> list[str]:
    """store -> ``count`` random story ids (seeded)."""
    ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM stories"))
    return sorted(random.Random(seed).sample(ids, min(count, len(ids))))


def build_cards(path: Path, count: int) -> dict[str, Any]:
    """a built store -> cards for ``count`` random stories (readings copied from the base
    texts, then ``refresh_cards``); -> what was done (kept in cards-<N>.json)."""
    from crosswire.cards import refresh_cards, web_pages
    from crosswire.facts.mentions import cache_key
    from crosswire.store import open_store

    settings = load_settings()
    store = open_store(str(path))
    sample = sample_stories(store, count)
    by_story = {s: store.story(s) for s in sample}
    members = sorted({a for st in by_story.values() if st for a in st.articles})
    articles = store.articles_of(members)
    base_ids = {a.id.split("~")[0] for a in articles.values()}
    bases = {a.id: a for a in clean_pool(corpus(settings, 1000).pool, settings)}
    readings = base_readings(list(bases.values()), base_ids)
    start = time.perf_counter()
    rows = {}
    for art in articles.values():
        base = bases[art.id.split("~")[0]]
        rows[art.id] = (cache_key(art), copied_reading(readings[base.id], base, art))
    for lo in range(0, len(members), CHUNK):
        store.save_mentions({i: rows[i] for i in members[lo:lo + CHUNK] if i in rows})
    copied = time.perf_counter() - start
    start = time.perf_counter()
    built = refresh_cards(store, settings, story_ids=sample, pages=web_pages(settings))
    seconds = time.perf_counter() - start
    store.close()
    checkpoint_wal(path)
    log = {"stories": len(sample), "articles": len(members), "built": len(built),
           "copy readings s": copied, "refresh_cards s": seconds,
           "per card ms": seconds / max(len(built), 1) * 1000, "load": os.getloadavg()}
    (CACHE / f"cards-{path.stem}.json").write_text(json.dumps({**log, "ids": built}))
    print(f"cards: {log}", file=sys.stderr)
    return log


def cards_path(stored: int) -> Path:
    """-> the cached store of ``stored`` rows with cards for a sample of its stories."""
    return CACHE / f"store-{stored}-cards.db"


def with_cards(stored: int, count: int) -> tuple[Path, list[str]]:
    """-> (the cached store with cards for ``count`` random stories, their ids), built when
    missing from a copy of the plain store."""
    path = cards_path(stored)
    log = CACHE / f"cards-{path.stem}.json"
    if not path.exists() or not log.exists():
        scratch = working_copy(stored, f"cards-{stored}")
        build_cards(scratch, count)
        (CACHE / f"cards-{scratch.stem}.json").rename(log)
        scratch.rename(path)
    with_pages(path)
    return path, list(json.loads(log.read_text())["ids"])


def with_pages(path: Path) -> int:
    """a cached store with cards -> the pages of its fresh cards rendered and stored where
    missing (as ``serve``'s refresher would before a reader asks; a store cached before
    pages were stored gets them once); -> how many were rendered."""
    from crosswire.cards import CardRefresher
    from crosswire.store import open_store
    from crosswire.web.pages import page_maker

    settings = load_settings()
    store = open_store(str(path))
    refresher = CardRefresher(str(path), settings, pages=page_maker(settings))
    start, rendered = time.perf_counter(), 0
    while refresher.render_one(store):
        rendered += 1
    store.close()
    if rendered:
        checkpoint_wal(path)
        print(f"{path.name}: {rendered} pages rendered in {time.perf_counter() - start:.0f} s",
              file=sys.stderr)
    return rendered


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stored", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--cards", type=int, default=0, help="stories given cards (largest store)")
    args = ap.parse_args()
    for stored in args.stored:
        build(stored)
        print(json.loads((CACHE / f"build-{stored}.json").read_text()))
    if args.cards:
        path, ids = with_cards(max(args.stored), args.cards)
        print(f"{path}: {len(ids)} stories with cards")


if __name__ == "__main__":
    main()
