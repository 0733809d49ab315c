"""What the web app holds between requests: one store connection per worker thread, a cache
of story cards and pages, and the writes (ingest, merge, split) run one at a time.

Input: the database path; output: contract records, through the plain functions of
:mod:`crosswire.api`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from starlette.concurrency import run_in_threadpool

from crosswire import api
from crosswire.config import Settings, load_settings
from crosswire.errors import NotFound
from crosswire.models import Document, Skip, StoryCard
from crosswire.narrate.framing_terms import TermCounts
from crosswire.runners.local import RunCounts, collection_terms
from crosswire.store import Store, open_store
from crosswire.stories.build import STORY_PREFIX
from crosswire.web import queries
from crosswire.web.uploads import read_upload

T = TypeVar("T")
log = logging.getLogger(__name__)
CACHE_SIZE = 512


@dataclass
class CachedCard:
    """A story card and, once rendered, its page, under the key of what it was built from."""

    key: str
    card: StoryCard
    html: str | None = None


def counts_json(counts: RunCounts) -> dict[str, Any]:
    """RunCounts -> what `ingest --json` prints, plus the number of stories."""
    return {"ingested": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
            "not_english": counts.not_english, "stories": counts.stories,
            "skipped": [{"path": s.path, "record": s.record, "reason": s.reason}
                        for s in counts.skipped]}


class WebState:
    """The store behind the app: per-thread connections, the card cache, serialised writes."""

    def __init__(self, db: str, scratch: str | None = None) -> None:
        self.db = db
        self.scratch = scratch  # where uploads are copied while read (None: the system's)
        self._local = threading.local()
        self._cache: OrderedDict[str, CachedCard] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._card_lock = threading.Lock()
        self._builder: anyio.CapacityLimiter | None = None  # see find_quickly
        self._write_lock = threading.Lock()
        self._background: tuple[tuple[int, int], TermCounts] | None = None
        self._background_lock = threading.Lock()
        self._outlets: tuple[tuple[int, int], list[tuple[str, int]]] | None = None
        self.store()  # create the database (and fail early) at start
        self._catch_up()

    def _catch_up(self) -> None:
        """Stories an interrupted run left older than the articles are rebuilt before the
        first page is served (a store that cannot be written keeps them, with a warning)."""
        try:
            self.write(api.catch_up_stories)
        except Exception as exc:  # e.g. a read-only database file: served as it is
            log.warning("stories may be out of date and could not be rebuilt: %r", exc)

    def store(self) -> Store:
        """-> this thread's open store."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db)
        return store

    def _card_key(self, story_id: str) -> str:
        """story id -> a digest of the story and its articles as stored now (NotFound when
        there is no such story or article)."""
        store = self.store()
        story = api.get_story(store, story_id)
        parts = [story.to_dict(), *(api.get_article(store, i).to_dict() for i in story.articles)]
        return hashlib.sha1(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()

    def _collection_mark(self) -> tuple[int, int]:
        """-> (number of articles, highest article number): changes when articles come or go."""
        return self.store().collection_mark()

    def background(self) -> TermCounts:
        """-> the collection's term counts (the framing's background), counted once and
        again only when articles were added or deleted (not on every card; the count is kept
        between runs by :func:`crosswire.runners.local.collection_terms`)."""
        mark = self._collection_mark()
        with self._background_lock:
            if self._background is None or self._background[0] != mark:
                counts = collection_terms(self.store(), load_settings())
                self._background = (mark, counts)
            return self._background[1]

    def outlets(self) -> list[tuple[str, int]]:
        """-> the collection's outlets with their article counts (recounted only when
        articles were added or deleted)."""
        mark = self._collection_mark()
        with self._background_lock:
            if self._outlets is None or self._outlets[0] != mark:
                self._outlets = (mark, queries.outlets(self.store()))
            return self._outlets[1]

    def card(self, story_id: str) -> CachedCard:
        """story id -> its card, rebuilt only when the story or one of its articles changed.
        NotFound when there is no such story (a write may have renamed it: :meth:`moved_to`);
        a story whose articles changed while its card was read is read once more."""
        try:
            return self._card(story_id)
        except NotFound:
            if self.store().story(story_id) is None:
                raise
            return self._card(story_id)

    def find(self, story_id: str) -> CachedCard | str:
        """story id -> its card, or, when no story has that id any more, the id of the story
        now holding the article it names (:meth:`moved_to`); NotFound when there is none."""
        try:
            return self.card(story_id)
        except NotFound as missing:
            return self._moved(story_id, missing)

    async def find_quickly(self, story_id: str) -> CachedCard | str:
        """(in the event loop) story id -> as :meth:`find`, without tying up the shared
        threads: a cached card or a moved id is looked up in the shared thread pool, and a
        card to build waits its turn in the event loop for the one card builder, so pages
        of other kinds are never queued behind the facts stage."""
        try:
            hit = await run_in_threadpool(self.cached, story_id)
        except NotFound as missing:
            return await run_in_threadpool(self._moved, story_id, missing)
        if hit is not None:
            return hit
        if self._builder is None:  # made in the event loop, on first use
            self._builder = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(self.find, story_id, limiter=self._builder)

    def _moved(self, story_id: str, missing: NotFound) -> str:
        """(an id that names no story, the NotFound that said so) -> the id of the story now
        holding the article it names; that NotFound raised when there is none."""
        moved = self.moved_to(story_id)
        if moved is None or moved == story_id:
            raise missing
        return moved

    def moved_to(self, story_id: str) -> str | None:
        """an id that names no story -> the id of the story now holding the article it names,
        or None. A new story's id is STORY_PREFIX + its first article's id; after a merge
        one of two ids names no story any more, but still names that article. An article's
        own id is taken too (the story holding it)."""
        store = self.store()
        names = [story_id]
        if story_id.startswith(STORY_PREFIX):
            names.insert(0, story_id[len(STORY_PREFIX):])
        for article_id in names:
            holders = store.stories_of(article_id)
            if holders:
                return holders[0].id
        return None

    def cached(self, story_id: str) -> CachedCard | None:
        """story id -> its card when the cache holds it up to date, else None (quick: no
        card is built; NotFound when there is no such story)."""
        return self._cached(story_id, self._card_key(story_id))

    def _cached(self, story_id: str, key: str) -> CachedCard | None:
        with self._cache_lock:
            hit = self._cache.get(story_id)
            if hit is not None and hit.key == key:
                self._cache.move_to_end(story_id)
                return hit
        return None

    def _card(self, story_id: str) -> CachedCard:
        """story id -> its card from the cache, or built and cached."""
        key = self._card_key(story_id)
        hit = self._cached(story_id, key)
        if hit is not None:
            return hit
        with self._card_lock:  # the facts stage (spaCy) runs one story at a time
            entry = CachedCard(key, api.story_card(self.store(), story_id, self.background()))
        with self._cache_lock:
            self._cache[story_id] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def write(self, work: Callable[[Store], T]) -> T:
        """a write (a function of the store) -> its result, run while no other write runs."""
        with self._write_lock:
            return work(self.store())

    def ingest_files(self, files: Sequence[tuple[str | None, bytes]]) -> RunCounts:
        """[(uploaded name, bytes)] -> read (each from a temporary copy, removed at once) and
        ingested; identity by content and name (:mod:`crosswire.web.uploads`)."""
        settings = load_settings()
        items = [item for name, data in files
                 for item in read_upload(name, data, settings, self.scratch)]
        return self.write(lambda store: _ingest(items, store, settings))

    def ingest_records(self, records: Sequence[dict[str, Any]]) -> RunCounts:
        """JSON article records -> one JSON Lines upload named 'posted.jsonl' (identified by
        its content, so posting the same records again changes nothing) and ingested."""
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        return self.ingest_files([("posted.jsonl", text.encode("utf-8"))])


def _ingest(items: Sequence[Document | Skip], store: Store, settings: Settings) -> RunCounts:
    """reader output -> ingested and stories updated (:func:`crosswire.api.ingest_items`);
    NothingProcessed when every item was skipped."""
    counts = api.ingest_items(items, store, settings)
    api.check_counts(counts)
    return counts
