"""Run the stateless stages on a Dask cluster; keep one ordered consumer in this process.

Workers read files (Document records), clean them (Articles) and embed each article's lead
(the stories stage's dense vectors); they never touch the store. The client process is the
only writer: it commits each batch's raw documents, hands the batch to the cluster, and
commits the results in submission order, so the store sees exactly the sequence of writes the
local runner makes (documents before their articles; a killed run is recovered the same way).
Story assignment stays with the pipeline's owner (``owner.Pipeline``: the ordered story
engine over the stored articles); the vectors the workers computed are put in the store's
embedding cache first, so it embeds nothing itself.

A worker that dies mid-task is harmless: every task is a pure function of its input, the
scheduler runs it again elsewhere, and the client writes each result once.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, Future

from crosswire.config import Settings
from crosswire.models import Article, Document, Reading, Skip
from crosswire.narrate.background import save_articles_counted
from crosswire.pipeline import Batch, Context, run_stages
from crosswire.readers import expand_paths, read_file
from crosswire.runners.local import (
    Progress,
    RunCounts,
    batches,
    claimed_run,
    not_english,
    recover_pending,
)
from crosswire.store import Store
from crosswire.store.sqlite import NEW, UNCHANGED, UPDATED
from crosswire.stories.embed import Embedder
from crosswire.stories.embed_cache import vector_key
from crosswire.stories.represent import lead

_EMBEDDER: Embedder | None = None  # one per worker process, loaded on first use


def dask_client(scheduler: str | None = None, workers: int | None = None) -> Client:
    """'tcp://host:8786' -> a client of that cluster; None -> a client of a new local
    cluster of ``workers`` processes (default 1), one thread each, closed with the client."""
    if scheduler:
        return Client(scheduler)
    return Client(n_workers=max(1, workers or 1), threads_per_worker=1, processes=True,
                  dashboard_address=None, silence_logs=logging.ERROR)


def worker_count(client: Client) -> int:
    """client -> the number of workers its scheduler knows now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))


# --- tasks (run on workers; pure functions of their arguments) ---------------------------


@dataclass
class Cleaned:
    """What a clean task returns: the batch's articles and skips, and the embedding of each
    story-bound article's lead by its cache key."""

    articles: list[Article]
    skipped: list[Skip]
    vectors: dict[str, bytes] = field(default_factory=dict)


def clean_task(docs: list[Document], settings: Settings, embed: bool = True) -> Cleaned:
    """a batch of stored Documents -> Cleaned: every stage of the pipeline run on them (the
    same batch the local runner would clean), plus lead vectors when ``embed``."""
    batch = run_stages(Batch(documents=docs), Context(settings))
    vectors = lead_vectors(batch.articles, settings) if embed else {}
    return Cleaned(batch.articles, batch.skipped, vectors)


def lead_vectors(articles: Sequence[Article], settings: Settings) -> dict[str, bytes]:
    """articles -> {embedding cache key: float32 bytes} for the leads the stories stage will
    embed (English or undetermined articles, when embeddings are on); {} otherwise."""
    if not settings.story_embeddings:
        return {}
    texts = [lead(a) for a in articles if a.language in ("en", None)]
    if not texts:
        return {}
    global _EMBEDDER
    if _EMBEDDER is None:
        _EMBEDDER = Embedder(threads=1)  # a worker has one thread; vectors do not depend on it
    vectors = _EMBEDDER.embed(texts, settings.story_embed_tokens)
    return {vector_key(t, settings.story_embed_tokens): v.tobytes()
            for t, v in zip(texts, vectors, strict=True)}


def read_task(path: str, settings: Settings) -> list[Document | Skip]:
    """one file path (visible to the worker) -> its Documents and Skips."""
    return list(read_file(path, settings))


def readings_task(articles: list[Article]) -> list[tuple[str, Reading]]:
    """articles -> [(id, Reading)] (one spaCy parse each, in this worker)."""
    from crosswire.facts import stage as facts_stage

    return [(a.id, r) for a, r in facts_stage.read(articles, 1)]


# --- reading --------------------------------------------------------------------------------


def read_paths_dask(paths: Sequence[str], settings: Settings, client: Client,
                    exclude: Sequence[str] = (), window: int | None = None
                    ) -> Iterator[Document | Skip]:
    """files, folders, globs -> the same Documents and Skips as ``read_paths``, in the same
    order, each file read by a worker (workers must see the paths: a shared file system)."""
    ahead = window or 4 * worker_count(client)
    waiting: deque[Future | Skip] = deque()
    for item in expand_paths(paths, exclude):
        waiting.append(item if isinstance(item, Skip) else
                       client.submit(read_task, item, settings, pure=False))
        while len(waiting) > ahead:
            yield from _read_result(waiting.popleft())
    while waiting:
        yield from _read_result(waiting.popleft())


def _read_result(item: Future | Skip) -> list[Document | Skip]:
    return [item] if isinstance(item, Skip) else list(item.result())


# --- the ordered consumer ---------------------------------------------------------------------


@dataclass
class _Pending:
    """A batch handed to the cluster: its future (None when nothing needed cleaning), the
    reader's skips and how many input items it covers."""

    future: Future | None
    read_skips: list[Skip]
    size: int


def ingest_stream_dask(items: Iterable[Document | Skip], store: Store, ctx: Context,
                       client: Client, progress: Progress | None = None, embed: bool = True,
                       window: int | None = None, run: str | None = None) -> RunCounts:
    """reader output (+ the run it belongs to; None: a run of its own) -> stored documents
    and articles, as ``runners.local.ingest_stream`` (same batches, same store writes, same
    RunCounts), the cleaning done on the cluster; up to ``window`` batches (default 2 per
    worker + 1) are in flight at once."""
    if run is None:
        with claimed_run(store) as own:
            return ingest_stream_dask(items, store, ctx, client, progress, embed, window, own)
    ahead = window or 2 * worker_count(client) + 1
    counts, waiting = RunCounts(), deque[_Pending]()
    for chunk in batches(items, ctx.settings):
        waiting.append(_submit(chunk, store, ctx, client, counts, embed, run))
        while len(waiting) > ahead:
            _collect(waiting.popleft(), store, counts, progress)
    while waiting:
        _collect(waiting.popleft(), store, counts, progress)
    recover_pending(store, ctx, run, counts,
                    lambda s, c, ids: process_ids_dask(s, c, client, ids, embed=embed))
    return counts


def _submit(chunk: list[Document | Skip], store: Store, ctx: Context, client: Client,
            counts: RunCounts, embed: bool, run: str) -> _Pending:
    """one chunk of reader output -> its documents committed (checkpoint 1, claimed by the
    run), counted, and the ones to clean handed to the cluster."""
    docs = [x for x in chunk if isinstance(x, Document)]
    stored = store.add_documents(docs, run)
    for doc, status in stored:
        {NEW: counts.new, UPDATED: counts.updated, UNCHANGED: counts.unchanged}[status].append(
            doc.id)
    todo = [doc for doc, status in stored if status != UNCHANGED]
    future = client.submit(clean_task, todo, ctx.settings, embed, pure=False) if todo else None
    return _Pending(future, [x for x in chunk if isinstance(x, Skip)], len(chunk))


def _collect(pending: _Pending, store: Store, counts: RunCounts,
             progress: Progress | None) -> Batch:
    """a batch in flight -> its result committed (checkpoint 2) and counted; -> the batch."""
    counts.skipped += pending.read_skips
    batch = save_cleaned(pending.future.result() if pending.future else None, store)
    counts.skipped += batch.skipped
    counts.not_english.update(not_english(batch))
    if progress:
        progress(pending.size)
    return batch


def save_cleaned(cleaned: Cleaned | None, store: Store) -> Batch:
    """a clean task's result -> its vectors and articles saved; -> it as a Batch (no
    documents)."""
    if cleaned is None:
        return Batch(documents=[])
    if cleaned.vectors:
        store.save_vectors(cleaned.vectors)
    save_articles_counted(store, cleaned.articles)
    return Batch(documents=[], articles=cleaned.articles, skipped=cleaned.skipped)


def process_ids_dask(store: Store, ctx: Context, client: Client, ids: list[str],
                     progress: Progress | None = None, embed: bool = True) -> Batch:
    """ids of stored documents -> every stage re-run on them on the cluster, batch by batch
    (the local runner's batches), output saved in order; -> the articles and skips. A batch's
    documents are read from the store only when it is submitted (2 per worker + 1 ahead)."""
    size = ctx.settings.batch_size
    chunks = [ids[i:i + size] for i in range(0, len(ids), size)]
    calls = ((clean_task, (list(store.documents(chunk)), ctx.settings, embed))
             for chunk in chunks)
    done = Batch(documents=[])
    for chunk, cleaned in zip(chunks, in_order(client, calls), strict=True):
        batch = save_cleaned(cleaned, store)
        done.articles += batch.articles
        done.skipped += batch.skipped
        if progress:
            progress(len(chunk))
    return done


def in_order(client: Client, calls: Iterable[tuple[Callable[..., Any], tuple[Any, ...]]],
             window: int | None = None) -> Iterator[Any]:
    """(task function, arguments) pairs -> their results, in the order given, with at most
    ``window`` (default 2 per worker + 1) submitted and not yet returned."""
    ahead = window or 2 * worker_count(client) + 1
    waiting: deque[Future] = deque()
    for function, args in calls:
        waiting.append(client.submit(function, *args, pure=False))
        while len(waiting) > ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


def reprocess_all_dask(store: Store, ctx: Context, client: Client,
                       progress: Progress | None = None) -> tuple[int, list[Skip]]:
    """every stored raw document -> re-run on the cluster; -> (articles rebuilt, the
    documents that failed), as ``runners.local.reprocess_all``."""
    done = process_ids_dask(store, ctx, client, store.document_ids(), progress)
    return len(done.articles), done.skipped


def ingest_paths_dask(paths: Sequence[str], store: Store, ctx: Context, client: Client,
                      progress: Progress | None = None, exclude: Sequence[str] = (),
                      read_on_workers: bool = True) -> RunCounts:
    """files, folders, globs -> stored articles and updated stories, as
    ``api.ingest_counts`` does, reading and cleaning on the cluster."""
    own = [str(Path(p).expanduser().resolve()) for p in (store.path, *exclude)]
    if read_on_workers:
        items: Iterable[Document | Skip] = read_paths_dask(paths, ctx.settings, client, own)
    else:
        from crosswire.readers import read_paths

        items = read_paths(paths, ctx.settings, exclude=own)
    from crosswire.owner import DaskRunner, Pipeline  # (the owner imports the runners)

    return Pipeline(store, ctx.settings, DaskRunner(client)).ingest(items, progress)


def story_readings_dask(store: Store, articles: list[Article], client: Client,
                        chunk: int = 20) -> dict[str, Reading]:
    """articles -> {id: Reading} as ``runners.local.story_readings``: cached Readings from
    the store, the rest parsed on the cluster (``chunk`` articles a task) and stored."""
    from crosswire.facts.mentions import cache_key

    keys = {a.id: cache_key(a) for a in articles}
    found = {i: Reading.from_dict(data) for i, data in store.mentions(keys).items()}
    todo = [a for a in articles if a.id not in found]
    calls = ((readings_task, (todo[i:i + chunk],)) for i in range(0, len(todo), chunk))
    fresh: dict[str, Reading] = {}
    for result in in_order(client, calls):
        part = dict(result)
        store.save_mentions({i: (keys[i], r.to_dict()) for i, r in part.items()})
        fresh.update(part)
    return {**found, **fresh}

