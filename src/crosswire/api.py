"""The Python API: plain functions over the store. cli.py and the web app wrap these.

    >>> import crosswire
    >>> result = crosswire.ingest(["samples/raqqa"], db="crosswire.db")
    >>> [a.headline for a in crosswire.extract("samples/raqqa/002_29db2200959aca4a.txt")]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crosswire.config import Settings, load_settings
from crosswire.errors import NotFound, NothingProcessed, SkippedUnderStrict
from crosswire.models import Article, Document, Skip
from crosswire.pipeline import Batch, Context, run_stages
from crosswire.readers import read_paths
from crosswire.runners.local import Progress, RunCounts, ingest_stream, reprocess_all
from crosswire.store import Store, open_store


def _context(settings: Settings | None, overrides: dict[str, Any]) -> Context:
    return Context(settings=settings or load_settings(**overrides))


def ingest_counts(
    paths: Sequence[str],
    db: str | Store = "crosswire.db",
    progress: Progress | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> RunCounts:
    """files, folders, globs -> stored, cleaned articles; -> what happened to each item."""
    ctx = _context(settings, overrides)
    store = open_store(db) if isinstance(db, str) else db
    return ingest_stream(read_paths(paths, ctx.settings), store, ctx, progress)


def check_counts(counts: RunCounts, strict: bool = False) -> None:
    """Raise NothingProcessed when every item was skipped, SkippedUnderStrict when some were
    and ``strict`` is set; the messages list the skipped items."""
    if not counts.skipped:
        return
    reasons = "\n".join(f"  {s.message()}" for s in counts.skipped)
    if not (counts.new or counts.updated or counts.unchanged):
        raise NothingProcessed(f"nothing could be processed:\n{reasons}")
    if strict:
        raise SkippedUnderStrict(f"{len(counts.skipped)} item(s) skipped under --strict")


def ingest(
    paths: Sequence[str],
    db: str | Store = "crosswire.db",
    strict: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> RunCounts:
    """files, folders, globs -> stored, cleaned articles; -> what happened to each item.

    Raises NothingProcessed when every item was skipped, SkippedUnderStrict when some were
    and ``strict`` is set (the rest is stored either way).
    """
    counts = ingest_counts(paths, db, progress, settings, **overrides)
    check_counts(counts, strict)
    return counts


def extract(path: str, settings: Settings | None = None, **overrides: Any) -> list[Article]:
    """one file -> its cleaned Article(s), without a store (skipped records are dropped).

    Raises NothingProcessed (with the reasons) when no record of the file could be read.
    """
    ctx = _context(settings, overrides)
    items = list(read_paths([path], ctx.settings))
    docs = [x for x in items if isinstance(x, Document)]
    skips = [x for x in items if isinstance(x, Skip)]
    batch = run_stages(Batch(documents=docs), ctx)
    if not batch.articles:
        reasons = "; ".join(s.message() for s in skips + batch.skipped) or "no records"
        raise NothingProcessed(reasons)
    return batch.articles


def reprocess(db: str | Store = "crosswire.db", progress: Progress | None = None,
              settings: Settings | None = None, **overrides: Any) -> int:
    """store -> every stage re-run from the stored raw documents; -> number of documents."""
    store = open_store(db) if isinstance(db, str) else db
    return reprocess_all(store, _context(settings, overrides), progress)


def get_article(store: Store, article_id: str) -> Article:
    """(store, id) -> the Article; NotFound when there is none."""
    article = store.article(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    return article


def delete(store: Store, ids: Sequence[str]) -> list[str]:
    """(store, ids) -> ids deleted; NotFound naming the ids that did not exist (others go)."""
    deleted = store.delete(ids)
    missing = [i for i in ids if i not in deleted]
    if missing:
        raise NotFound(f"no article with id {', '.join(map(repr, missing))}")
    return deleted


def report_path(path: str | None, settings: Settings) -> Path:
    """--report value -> the absolute path the report is written to."""
    return Path(path or settings.report).expanduser().resolve()
