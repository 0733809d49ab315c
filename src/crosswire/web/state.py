"""What the web app holds between requests: one store connection per worker thread, the
story cards as stored (:mod:`crosswire.cards`) with a cache of their rendered pages, the one
background thread that builds cards, and the writes (ingest, merge, split) run one at a time.

A request never builds a card: a fresh stored card is served as is, a stale one (its story
changed) is served with a note while the refresher builds the new one, and a story whose
card was never built is shown as its title and articles while its facts are worked out.

Input: the database path; output: contract records, through the plain functions of
:mod:`crosswire.api`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool

from crosswire import api, cards
from crosswire.card_process import CardProcess
from crosswire.config import Settings
from crosswire.errors import NotFound
from crosswire.models import Article, Document, Skip, Story, StoryCard
from crosswire.runners.local import RunCounts
from crosswire.store import Store, open_store
from crosswire.stories.build import STORY_PREFIX
from crosswire.web import queries
from crosswire.web.pages import page_maker
from crosswire.web.uploads import read_upload

T = TypeVar("T")
log = logging.getLogger(__name__)
CACHE_SIZE = 512
PENDING_ARTICLES = 300  # articles a story's page lists while its card is worked out
LISTINGS = 64  # story listings and search results kept (per filter or query)


@dataclass
class CachedCard:
    """A stored story card and, once rendered, its page, under the key of the stored card
    it was read from (its inputs, and whether it is stale: the page notes that)."""

    key: str
    card: StoryCard
    stale: bool = False
    html: str | None = None


@dataclass
class StoredPage:
    """A fresh card's page as rendered when the card was built (gzip-compressed HTML)."""

    gz: bytes


@dataclass
class PendingCard:
    """A story whose card was never built: what the page shows meanwhile."""

    story: Story
    articles: list[Article]


def counts_json(counts: RunCounts) -> dict[str, Any]:
    """RunCounts -> what `ingest --json` prints, plus the number of stories."""
    return {"ingested": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
            "not_english": counts.not_english, "stories": counts.stories,
            "skipped": [{"path": s.path, "record": s.record, "reason": s.reason}
                        for s in counts.skipped]}


class WebState:
    """The store behind the app: per-thread connections, the stored cards and their page
    cache, the card refresher, serialised writes."""

    def __init__(self, db: str, settings: Settings, scratch: str | None = None,
                 refresh: bool = True, card_process: bool = False) -> None:
        self.db = db
        self.scratch = scratch  # where uploads are copied while read (None: the system's)
        self.settings = settings
        self._local = threading.local()
        self._cache: OrderedDict[str, CachedCard] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writer: Store | None = None  # the connection writes use (under _write_lock)
        # listings and searches under the store's listing mark: current while it is the same
        self._listings: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._listings_lock = threading.Lock()
        self._listings_mark: tuple[int, int] | None = None
        self._making: dict[tuple[Any, ...], Future[Any]] = {}  # answers being made now
        # started on first nudge or at the app's start, stopped at its end
        self.pages = page_maker(settings)  # the pages stored with the cards
        # cards are built by a thread, or (a server: card_process) a process of their own
        self.refresher: cards.CardRefresher | CardProcess | None = None
        if refresh:
            self.refresher = (CardProcess(db, settings) if card_process
                              else cards.CardRefresher(db, settings, pages=self.pages))
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

    def outlets(self) -> list[tuple[str, int]]:
        """-> the collection's outlets with their article counts (kept as :meth:`kept`
        keeps answers: recounted only when articles, pins or stories were written)."""
        return self.kept(("outlets",), queries.outlets)

    def kept(self, key: tuple[Any, ...], read: Callable[[Store], T]) -> T:
        """(what is asked, how to make the answer from the store) -> the answer kept under
        the store's listing mark when it is current, else made now and kept (the least
        recently used dropped). Requests asking the same while it is made wait for it
        rather than each making it again. Answers are shared: never change one."""
        store = self.store()
        mark = store.listing_mark()
        with self._listings_lock:
            if self._listings_mark != mark:  # what was kept is out of date: all of it
                self._listings.clear()
                self._making.clear()
                self._listings_mark = mark
            if key in self._listings:
                self._listings.move_to_end(key)
                return self._listings[key]
            making = self._making.get(key)
            mine = making is None
            if making is None:
                making = self._making[key] = Future()
        if not mine:
            return making.result()  # (the maker's error raised when it failed)
        try:
            answer = read(store)
        except BaseException as exc:
            making.set_exception(exc)
            raise
        finally:
            with self._listings_lock:
                if self._making.get(key) is making:
                    del self._making[key]
        making.set_result(answer)
        with self._listings_lock:
            if self._listings_mark == mark:
                self._listings[key] = answer
                while len(self._listings) > LISTINGS:
                    self._listings.popitem(last=False)
        return answer

    def nudge(self, story_id: str) -> None:
        """a story whose stored card is stale or missing -> its card built soon."""
        if self.refresher is not None:
            self.refresher.nudge([story_id])

    def stop(self) -> None:
        """-> the card refresher stopped (after the card it is building)."""
        if self.refresher is not None:
            self.refresher.stop()

    def card(self, story_id: str) -> CachedCard | PendingCard:
        """story id -> its stored card (fresh, or stale and being rebuilt: the refresher is
        nudged), or, when it was never built, the story and its articles (nudged too); never
        waits for a card to be built. NotFound when there is no such story (a write may have
        renamed it: :meth:`moved_to`)."""
        store = self.store()
        state = store.card_state(story_id)
        if state is None or not state[2]:
            return self._pending(story_id)
        stale, inputs, _ = state
        stale = stale or inputs.partition(" ")[2] != cards.builder_inputs(self.settings)
        key = f"{inputs} {stale}"
        if stale:  # a stale card is shown with its story as it is now: keyed by that too
            key += f" {store.card_inputs(story_id)}"
        hit = self._cached(story_id, key)
        if hit is None:
            found = cards.stored_card(store, story_id, self.settings)
            if found is None:  # its card was deleted meanwhile
                return self._pending(story_id)
            hit = self._keep(story_id, CachedCard(key, found.card, stale))
        if hit.stale:
            self.nudge(story_id)
        return hit

    def stored_page(self, story_id: str) -> StoredPage | None:
        """story id -> its page as stored with its card, when the card is fresh (built with
        these settings) and the page rendered from it by this renderer; else None."""
        found = self.store().fresh_page(story_id, self.pages.key)
        if found is None or found[0].partition(" ")[2] != cards.builder_inputs(self.settings):
            return None
        return StoredPage(found[1])

    def fresh_card_json(self, story_id: str) -> str | None:
        """story id -> its card's JSON as stored, when fresh and built with these settings
        (sent as it is), else None."""
        found = self.store().card_json(story_id)
        if found is None or found[1].partition(" ")[2] != cards.builder_inputs(self.settings):
            return None
        return found[0]

    def _pending(self, story_id: str) -> PendingCard:
        """story id -> its story and articles while its card is worked out (the refresher
        nudged); NotFound when there is no such story."""
        store = self.store()
        story = api.get_story(store, story_id)
        self.nudge(story_id)
        found = store.articles_of(story.articles[:PENDING_ARTICLES])  # (one read)
        return PendingCard(story, [found[i] for i in story.articles if i in found])

    def find(self, story_id: str) -> CachedCard | PendingCard | str:
        """story id -> as :meth:`card`, or, when no story has that id any more, the id of the
        story now holding the article it names (:meth:`moved_to`); NotFound when there is
        none."""
        try:
            return self.card(story_id)
        except NotFound as missing:
            return self._moved(story_id, missing)

    def find_page(self, story_id: str) -> StoredPage | CachedCard | PendingCard | str:
        """story id -> its stored page when current, else as :meth:`find` (a fresh card
        without its page nudges the refresher, which stores the page soon)."""
        stored = self.stored_page(story_id)
        if stored is not None:
            return stored
        found = self.find(story_id)
        if isinstance(found, CachedCard) and not found.stale and self.refresher is not None:
            self.refresher.nudge()
        return found

    async def find_quickly(self, story_id: str) -> CachedCard | PendingCard | str:
        """(in the event loop) story id -> :meth:`find`, in the shared thread pool (quick:
        it only reads the stored card)."""
        return await run_in_threadpool(self.find, story_id)

    async def find_page_quickly(self, story_id: str
                                ) -> StoredPage | CachedCard | PendingCard | str:
        """(in the event loop) story id -> :meth:`find_page`, in the shared thread pool."""
        return await run_in_threadpool(self.find_page, story_id)

    def _moved(self, story_id: str, missing: NotFound) -> str:
        """(an id that names no story, the NotFound that said so) -> the id of the story now
        holding the article it names; that NotFound raised when there is none."""
        moved = self.moved_to(story_id)
        if moved is None or moved == story_id:
            raise missing
        return moved

    def moved_to(self, story_id: str) -> str | None:
        """an id that names no story -> the id of the story that took it over in a merge
        (:meth:`merged_into`), else of the story now holding the article it names, or None.
        A new story's id is STORY_PREFIX + its first article's id, so an id still names that
        article; an article's own id is taken too (the story holding it)."""
        store = self.store()
        merged = self.merged_into(story_id)
        if merged is not None:
            return merged
        names = [story_id]
        if story_id.startswith(STORY_PREFIX):
            names.insert(0, story_id[len(STORY_PREFIX):])
        for article_id in names:
            holders = store.stories_of(article_id)
            if holders:
                return holders[0].id
        return None

    def merged_into(self, story_id: str) -> str | None:
        """an id that names no story -> the story it was merged into, when it names one now
        (a permanent move: the web answers 301), else None."""
        store = self.store()
        merged = store.redirect(story_id)
        return merged if merged is not None and store.story(merged) is not None else None

    def _cached(self, story_id: str, key: str) -> CachedCard | None:
        """(story id, the stored card's key) -> the cached card read under that key, or
        None."""
        with self._cache_lock:
            hit = self._cache.get(story_id)
            if hit is not None and hit.key == key:
                self._cache.move_to_end(story_id)
                return hit
        return None

    def _keep(self, story_id: str, entry: CachedCard) -> CachedCard:
        """a card read from the store -> cached (the least recently used dropped)."""
        with self._cache_lock:
            self._cache[story_id] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def write(self, work: Callable[[Store], T]) -> T:
        """a write (a function of the store) -> its result, run while no other write runs,
        on the one writing connection (so the story engine, which keeps the live stories in
        memory per store object, is held once, not once per server thread)."""
        with self._write_lock:
            if self._writer is None:
                self._writer = open_store(self.db)
            result = work(self._writer)
        if self.refresher is not None and self.refresher.running:
            self.refresher.nudge()
        return result

    def ingest_files(self, files: Sequence[tuple[str | None, bytes]]) -> RunCounts:
        """[(uploaded name, bytes)] -> read (each from a temporary copy, removed at once) and
        ingested; identity by content and name (:mod:`crosswire.web.uploads`)."""
        items = [item for name, data in files
                 for item in read_upload(name, data, self.settings, self.scratch)]
        return self.write(lambda store: _ingest(items, store, self.settings))

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
