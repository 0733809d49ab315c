"""Run the pipeline in this process, one batch at a time, checkpointing into the store.

Each batch's raw documents are committed first, then its stage output: a run killed at any
point loses nothing already committed, and a re-run finishes the rest (documents that have no
article yet are picked up again) without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from crosswire.checkpoints import checkpoint
from crosswire.config import Settings
from crosswire.models import Article, Document, Mention, Reading, Skip
from crosswire.narrate.background import save_articles_counted
from crosswire.pipeline import Batch, Context, run_stages
from crosswire.progress import counting, counting_or
from crosswire.store import Store
from crosswire.store.claims import new_run_id
from crosswire.store.sqlite import NEW, UNCHANGED, UPDATED

Progress = Callable[[int], None]
SAVE_READINGS_EVERY = 64
ProcessIds = Callable[["Store", Context, list[str]], Batch]  # stored ids -> cleaned and saved


@dataclass
class RunCounts:
    """What a run did: article ids by outcome, and the skipped items."""

    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # left uncleaned by an interrupted run
    stories: int | None = None  # stories in the store after the run, when they were rebuilt
    changed_stories: list[str] = field(default_factory=list)  # ids of the stories it wrote
    not_english: dict[str, str] = field(default_factory=dict)  # id -> detected language

    def line(self) -> str:
        """-> 'N ingested, M unchanged, K skipped' (updated, and articles flagged as not
        English, named when there were any)."""
        text = f"{len(self.new)} ingested, {len(self.unchanged)} unchanged"
        if self.updated:
            text += f", {len(self.updated)} updated"
        text += f", {len(self.skipped)} skipped"
        if self.recovered:
            text += f", {len(self.recovered)} recovered from an interrupted run"
        if self.not_english:
            text += f" ({len(self.not_english)} stored but flagged as not English)"
        if self.stories is not None:
            text += f"; {self.stories} stories"
        return text


def batches(items: Iterable[Document | Skip],
            settings: Settings) -> Iterator[list[Document | Skip]]:
    """reader output -> batches of at most ``batch_size`` items and, past the first document,
    at most ``batch_bytes`` characters of content (so large records never pile up in
    memory: 200 WARC payloads of 5 MB would be 1 GB)."""
    batch: list[Document | Skip] = []
    held = 0
    for item in items:
        size = len(item.content) if isinstance(item, Document) else 0
        if batch and (len(batch) >= settings.batch_size or held + size > settings.batch_bytes):
            yield batch
            batch, held = [], 0
        batch.append(item)
        held += size
    if batch:
        yield batch


@contextmanager
def claimed_run(store: Store) -> Iterator[str]:
    """store -> the id of a new run, noted in the store as the one that will bring the
    stories up to date; when the block ends (however it ends) the run's claims are given up:
    what it stored and could not clean is left to the next run."""
    run = new_run_id()
    store.claim_stories(run)
    try:
        yield run
    finally:
        store.release(run)


def ingest_stream(items: Iterable[Document | Skip], store: Store, ctx: Context,
                  progress: Progress | None = None, run: str | None = None) -> RunCounts:
    """reader output (+ the run it belongs to; None: a run of its own) -> stored documents
    and articles, batch by batch, then the documents dead runs left uncleaned; -> RunCounts.
    The documents a run stores are claimed by it until cleaned, so a concurrent run leaves
    them alone."""
    if run is None:
        with claimed_run(store) as own:
            return ingest_stream(items, store, ctx, progress, own)
    counts = RunCounts()
    with counting_or(progress, "reading and cleaning", unit="record") as advance:
        for chunk in batches(items, ctx.settings):
            _ingest_chunk(chunk, store, ctx, run, counts)
            advance(len(chunk))
    recover_pending(store, ctx, run, counts)
    return counts


def recover_pending(store: Store, ctx: Context, run: str, counts: RunCounts,
                    process: ProcessIds | None = None) -> None:
    """(store, context, this run, its counts, how to process stored documents: here by
    default) -> the documents that dead runs left uncleaned claimed for this run and
    processed; counts updated (they are 'recovered')."""
    ids = store.claim_pending(run, ctx.settings.claim_timeout)
    recovered = (process or process_ids)(store, ctx, ids)
    counts.skipped += recovered.skipped
    counts.recovered = [a.id for a in recovered.articles]
    counts.not_english.update(not_english(recovered))


def _ingest_chunk(chunk: list[Document | Skip], store: Store, ctx: Context, run: str,
                  counts: RunCounts) -> None:
    """one chunk of reader output -> its documents stored (checkpoint 1), cleaned and the
    articles stored (checkpoint 2); counts updated."""
    counts.skipped += [x for x in chunk if isinstance(x, Skip)]
    stored = store.add_documents([x for x in chunk if isinstance(x, Document)], run)
    checkpoint("documents-stored")
    for doc, status in stored:
        {NEW: counts.new, UPDATED: counts.updated, UNCHANGED: counts.unchanged}[status].append(
            doc.id
        )
    batch = process_batch([doc for doc, status in stored if status != UNCHANGED], store, ctx)
    counts.skipped += batch.skipped
    counts.not_english.update(not_english(batch))


def not_english(batch: Batch) -> dict[str, str]:
    """batch -> {article id: language} for articles detected as another language than
    English (undetermined languages are not flagged)."""
    return {a.id: a.language for a in batch.articles if a.language not in ("en", None)}


def process_batch(docs: list[Document], store: Store, ctx: Context) -> Batch:
    """stored documents -> every stage run on them and the output saved (an article whose
    document another run has replaced meanwhile is not); -> the batch."""
    if not docs:
        return Batch(documents=[])
    batch = run_stages(Batch(documents=docs), ctx)
    save_articles_counted(store, batch.articles, {d.id: d.hash for d in docs})
    checkpoint("articles-stored")
    return batch


def process_ids(store: Store, ctx: Context, ids: list[str],
                progress: Progress | None = None) -> Batch:
    """ids of stored documents -> every stage re-run on them, batch by batch, output saved;
    -> one batch holding the articles and skips (not the documents, which are read per
    batch)."""
    done = Batch(documents=[])
    with counting_or(progress, "cleaning stored documents", len(ids), "record") as advance:
        for start in range(0, len(ids), ctx.settings.batch_size):
            chunk = ids[start : start + ctx.settings.batch_size]
            batch = process_batch(list(store.documents(chunk)), store, ctx)
            done.articles += batch.articles
            done.skipped += batch.skipped
            advance(len(chunk))
    return done


def reprocess_all(
    store: Store, ctx: Context, progress: Progress | None = None
) -> tuple[int, list[Skip]]:
    """every stored raw document -> re-run through every stage; -> (articles rebuilt, the
    documents that failed: their earlier article stays)."""
    done = process_ids(store, ctx, store.document_ids(), progress)
    return len(done.articles), done.skipped


def story_mentions(store: Store, articles: list[Article],
                   processes: int = 1) -> dict[str, list[Mention]]:
    """articles -> {article id: mentions} (see :func:`story_readings`)."""
    return {i: r.mentions for i, r in story_readings(store, articles, processes).items()}


def story_readings(store: Store, articles: list[Article],
                   processes: int = 1) -> dict[str, Reading]:
    """articles -> {article id: Reading}, read from the store where the cached reading is
    still valid, made for the rest and stored as they come (SAVE_READINGS_EVERY at a
    time, so a run stopped mid-way keeps what it read)."""
    from crosswire.facts import stage as facts_stage  # spaCy loads only when facts are asked
    from crosswire.facts.mentions import cache_key

    keys = {a.id: cache_key(a) for a in articles}
    found = {i: Reading.from_dict(data) for i, data in store.mentions(keys).items()}
    todo = [a for a in articles if a.id not in found]
    fresh: dict[str, Reading] = {}
    with counting("reading articles (parse, numbers, quotes)", len(todo), "article") as advance:
        for part in _slices(facts_stage.read(todo, processes), SAVE_READINGS_EVERY):
            store.save_mentions({a.id: (keys[a.id], r.to_dict()) for a, r in part})
            checkpoint("readings-stored")
            fresh.update((a.id, r) for a, r in part)
            advance(len(part))
    return {**found, **fresh}


def _slices(pairs: Iterable[tuple[Article, Reading]],
            size: int) -> Iterator[list[tuple[Article, Reading]]]:
    """(article, reading) pairs as they come -> lists of at most ``size``."""
    it = iter(pairs)
    while part := list(islice(it, size)):
        yield part
