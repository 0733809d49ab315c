"""The ordered list of stages and the one signature they share.

A stage is a function ``(Batch, Context) -> Batch``: it reads what earlier stages put in the
batch and adds its own output. It never touches the store; runners (runners/) decide where a
stage runs and checkpoint the batch into the store after it. An item a stage cannot handle
becomes a :class:`~crosswire.models.Skip` in ``batch.skipped``; the rest of the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from crosswire.clean import Lines, assemble, body_lines, collection_repeats, collection_window
from crosswire.config import Settings
from crosswire.models import Article, Document, Skip


@dataclass
class Batch:
    """What flows between stages: the documents of one batch and each stage's output."""

    documents: list[Document]
    articles: list[Article] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What every stage may read besides the batch."""

    settings: Settings


Stage = Callable[[Batch, Context], Batch]


def clean(batch: Batch, ctx: Context) -> Batch:
    """Batch of Documents -> the same batch with an Article per document it could clean.

    Metadata is read twice where needed: articles left undated (a dateline with no year, say)
    are re-dated with the years the batch's stated dates span as outside evidence.
    """
    repeated = collection_repeats(batch.documents, ctx.settings)
    done: dict[str, tuple[Document, Lines, Article]] = {}
    for doc in batch.documents:
        try:
            lines = body_lines(doc, ctx.settings, repeated)
            done[doc.id] = (doc, lines, assemble(doc, lines))
        except Exception as exc:
            batch.skipped.append(Skip(doc.path, f"cleaning failed: {exc!r}", doc.id))
    window = collection_window([article for _, _, article in done.values()])
    for doc, lines, article in done.values():
        if window is not None and article.published is None:
            with suppress(Exception):  # the first reading stands if the second fails
                article = assemble(doc, lines, window)
        batch.articles.append(article)
    return batch


PIPELINE: list[tuple[str, Stage]] = [
    ("clean", clean),
]


def run_stages(batch: Batch, ctx: Context, stages: list[tuple[str, Stage]] | None = None) -> Batch:
    """Batch -> the batch after every stage of the pipeline, in order."""
    for _name, stage in stages if stages is not None else PIPELINE:
        batch = stage(batch, ctx)
    return batch
