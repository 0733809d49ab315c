"""The one owner of the pipeline over a store: it runs the stages in order and hands the
per-batch work to a runner.

    reader output --(runner: each batch's documents stored, the clean stage, articles stored,
                     documents dead runs left uncleaned)--> articles
      --(the story engine, here: the stories that changed, their cards marked stale)--> stories
      --(cards, when asked: run, watch, serve's refresher, story ID)--> story cards

:class:`Pipeline` is what the CLI, the web app, ``watch`` and the Python API call; runners
(:class:`LocalRunner`, :class:`DaskRunner`) only execute the batches it hands them. Settings
come in once, from the caller's edge (the CLI, the web app, the Python API's entry points),
and are passed down from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.models import Document, Pin, Skip, Story
from crosswire.narrate.background import update_collection_terms
from crosswire.pipeline import Context
from crosswire.runners.local import Progress, RunCounts, claimed_run, ingest_stream, reprocess_all
from crosswire.store import Store
from crosswire.stories.engine import StoryEngine, Update

_ENGINES: WeakKeyDictionary[Store, StoryEngine] = WeakKeyDictionary()


class Runner(Protocol):
    """Where the per-batch work runs: this process, or a Dask cluster."""

    def ingest(self, items: Iterable[Document | Skip], store: Store, ctx: Context,
               progress: Progress | None, run: str) -> RunCounts:
        """reader output -> documents and articles stored batch by batch, then the documents
        dead runs left uncleaned; -> RunCounts."""

    def reprocess(self, store: Store, ctx: Context,
                  progress: Progress | None) -> tuple[int, list[Skip]]:
        """every stored document -> cleaned again; -> (articles rebuilt, documents failed)."""


class LocalRunner:
    """Batches cleaned in this process (:mod:`crosswire.runners.local`)."""

    def ingest(self, items: Iterable[Document | Skip], store: Store, ctx: Context,
               progress: Progress | None, run: str) -> RunCounts:
        """as :meth:`Runner.ingest`."""
        return ingest_stream(items, store, ctx, progress, run)

    def reprocess(self, store: Store, ctx: Context,
                  progress: Progress | None) -> tuple[int, list[Skip]]:
        """as :meth:`Runner.reprocess`."""
        return reprocess_all(store, ctx, progress)


@dataclass
class DaskRunner:
    """Batches cleaned on a Dask cluster (:mod:`crosswire.runners.dask`), written here in
    submission order."""

    client: Any

    def ingest(self, items: Iterable[Document | Skip], store: Store, ctx: Context,
               progress: Progress | None, run: str) -> RunCounts:
        """as :meth:`Runner.ingest`."""
        from crosswire.runners.dask import ingest_stream_dask

        return ingest_stream_dask(items, store, ctx, self.client, progress, run=run)

    def reprocess(self, store: Store, ctx: Context,
                  progress: Progress | None) -> tuple[int, list[Skip]]:
        """as :meth:`Runner.reprocess`."""
        from crosswire.runners.dask import reprocess_all_dask

        return reprocess_all_dask(store, ctx, self.client, progress)


def engine_for(store: Store, settings: Settings) -> StoryEngine:
    """(store, settings) -> the story engine of this store object (made on first use), so a
    long-running process (watch, serve) keeps the live state between updates."""
    engine = _ENGINES.get(store)
    if engine is None or engine.settings != settings:
        engine = _ENGINES[store] = StoryEngine(store, settings)
    return engine


@dataclass
class Pipeline:
    """One store's pipeline, run in order (see the module docstring)."""

    store: Store
    settings: Settings
    runner: Runner = field(default_factory=LocalRunner)

    @property
    def ctx(self) -> Context:
        """-> what every stage may read besides its batch."""
        return Context(settings=self.settings)

    def ingest(self, items: Iterable[Document | Skip],
               progress: Progress | None = None) -> RunCounts:
        """reader output (files read, uploads) -> documents and articles stored by the runner,
        then the stories updated; -> what happened to each item (``stories``: how many the
        store holds, when they changed)."""
        with claimed_run(self.store) as run:
            counts = self.runner.ingest(items, self.store, self.ctx, progress, run)
            if self.store.stories_stale():
                counts.changed_stories = self.stories().written
                counts.stories = self.store.count("stories")
        return counts

    def stories(self, replay: bool = False) -> Update:
        """-> the stories brought up to date with the articles and pins (``replay``: the
        whole collection replayed), their cards marked stale; -> what was written."""
        return engine_for(self.store, self.settings).update(replay)

    def catch_up(self) -> bool:
        """-> the stories brought up to date when they are older than the articles or pins
        and no live run is about to do it (a run died before its stories); -> whether."""
        if not self.store.stories_need_catch_up(self.settings.claim_timeout):
            return False
        self.stories()
        return True

    def reprocess(self, progress: Progress | None = None) -> tuple[int, list[Skip]]:
        """every stored raw document -> cleaned again by the runner, then the stories
        replayed (the batch result, whatever the stream did); -> (articles rebuilt, the
        documents that failed, whose earlier article is kept)."""
        result = self.runner.reprocess(self.store, self.ctx, progress)
        self.stories(replay=True)
        return result

    def delete(self, ids: Sequence[str]) -> tuple[list[str], list[str]]:
        """article ids -> (ids deleted, ids that did not exist); the collection's term counts
        and the stories updated."""
        gone = [a for i in ids if (a := self.store.article(i)) is not None]
        deleted = self.store.delete(ids)
        if deleted:
            update_collection_terms(self.store, [], [a for a in gone if a.id in deleted])
            self.stories()
        return deleted, [i for i in ids if i not in deleted]

    def pin(self, pin: Pin) -> None:
        """a user's merge or split -> pinned for every later run, the stories updated."""
        self.store.add_pin(pin)
        self.stories()

    def merge(self, first: Story, second: Story) -> Story:
        """two stories -> the story holding both, the decision pinned."""
        self.pin(Pin("merge", tuple(first.articles + second.articles)))
        return self.story_of(first.articles[0])

    def split(self, story: Story, article_ids: Sequence[str]) -> list[Story]:
        """(a story, some of its article ids) -> [the story left, the new story of those
        articles], the decision pinned; UsageError when the ids are not some of its own."""
        moved = list(dict.fromkeys(article_ids))
        strangers = [a for a in moved if a not in story.articles]
        if strangers or not moved or len(moved) == len(story.articles):
            why = f"not in {story.id}: {', '.join(strangers)}" if strangers else (
                "name some, not all, of its articles")
            raise UsageError(f"cannot split {story.id}: {why}")
        rest = tuple(a for a in story.articles if a not in moved)
        self.pin(Pin("split", tuple(moved), rest))
        return [self.story_of(rest[0]), self.story_of(moved[0])]

    def story_of(self, article_id: str) -> Story:
        """an article id -> the story holding it."""
        return self.store.stories_of(article_id)[0]

    def cards(self, story_ids: Sequence[str] | None = None) -> list[str]:
        """-> the stale or missing cards (of these stories, or all) built and stored; ->
        the ids of the cards built."""
        from crosswire.cards import refresh_cards, web_pages  # (cards reads the runners)

        return refresh_cards(self.store, self.settings, story_ids,
                             pages=web_pages(self.settings))
