"""Story cards built when their story changes, stored, and served as stored.

A card (facts, timeline, summary, framing, coverage) costs a spaCy read of the story's new
articles and the alignment over all of them: far too slow to build per request. So it is
built once per version of its story and kept in the store (``story_cards``,
:mod:`crosswire.store.cards`): the writer that changes a story marks its card stale, and

- :func:`refresh_cards` builds the stale and missing cards (``crosswire run``: all of them;
  ``watch``: those of the stories it changed), saving each as it is built, so a run killed
  meanwhile loses at most the card it was building (checkpoint ``cards-stored``);
- :class:`CardRefresher` does the same in the background of a long-running process
  (``serve``, ``watch``), one card at a time, when nudged or every few seconds, and stores
  each fresh card's web page beside it (:class:`PageMaker`, :mod:`crosswire.web.pages`);
- :func:`stored_card` reads a card back for a reader, saying whether it is stale (the story
  changed since, or it was built with other settings): the web serves a stale card with a
  note while its new one is built, and never waits for one;
- :func:`card_for` is the reader that may wait (``crosswire story ID``): the stored card
  when fresh, else built, stored and returned.

A card records what it was built from (``inputs``): the digest of its story and articles as
stored (``Store.card_inputs``) and of the settings that shape it (:func:`builder_inputs`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from crosswire.checkpoints import checkpoint
from crosswire.config import Settings
from crosswire.errors import NotFound
from crosswire.models import Article, Story, StoryCard
from crosswire.narrate.background import background as collection_background
from crosswire.narrate.framing_terms import TermCounts
from crosswire.progress import tracked
from crosswire.store import Store, open_store

log = logging.getLogger(__name__)
CARD_FORMAT = "2"  # bump when what a card holds, or how it is built, changes
REFRESH_SECONDS = 5.0
PAGE_BATCH = 50  # fresh cards without a page looked up at once


@dataclass(frozen=True)
class PageMaker:
    """How a fresh card's page is made for the store (the web app's:
    :func:`crosswire.web.pages.page_maker`): the renderer's key and card -> page bytes."""

    key: str
    render: Callable[[StoryCard], bytes]


def web_pages(settings: Settings) -> PageMaker | None:
    """settings -> the web app's PageMaker, or None when the web extra is not installed
    (then the web app renders a page on its first request and the refresher stores it)."""
    try:
        from crosswire.web.pages import page_maker
    except ImportError:  # no jinja2: crosswire[web] not installed
        return None
    return page_maker(settings)


@dataclass
class Stored:
    """A card as the store holds it: the card, whether it is stale (its story changed since,
    or other settings would build it otherwise), and the inputs it was built from."""

    card: StoryCard
    stale: bool
    inputs: str


def builder_inputs(settings: Settings) -> str:
    """settings -> a short digest of what, besides the story, shapes its card (the card
    format and the summary and timeline lengths)."""
    parts = (CARD_FORMAT, settings.summary_sentences, settings.timeline_dates,
             settings.timeline_sentences, _table_digest(settings.outlets_table))
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:12]


def _table_digest(path: str) -> str:
    """the user's outlet table's path ('' for the packaged one) -> a digest of its content
    (an edit rebuilds the cards); '' without one, 'missing' when it cannot be read. The file
    is read again only when its size or modification time changed (this runs per request)."""
    if not path:
        return ""
    file = Path(path).expanduser()
    try:
        seen = file.stat()
        return _content_digest(file, seen.st_mtime_ns, seen.st_size)
    except OSError as exc:
        log.warning("the outlet table %s cannot be read: %s", path, exc)
        return "missing"


@lru_cache(maxsize=8)
def _content_digest(file: Path, mtime_ns: int, size: int) -> str:
    """(a file, its modification time and size: the cache key) -> a digest of its bytes."""
    return hashlib.sha1(file.read_bytes()).hexdigest()[:12]


def card_inputs(store: Store, story_id: str, settings: Settings) -> str | None:
    """(store, story id, settings) -> what its card would be built from now (the stored
    story and articles' digest, a space, :func:`builder_inputs`); None: no such story."""
    content = store.card_inputs(story_id)
    return None if content is None else f"{content} {builder_inputs(settings)}"


def _story(store: Store, story_id: str) -> tuple[Story, list[Article]]:
    """(store, story id) -> the Story and its articles; NotFound when either is missing."""
    story = store.story(story_id)
    if story is None:
        raise NotFound(f"no story with id {story_id!r}")
    articles = []
    for article_id in story.articles:
        article = store.article(article_id)
        if article is None:
            raise NotFound(f"no article with id {article_id!r}")
        articles.append(article)
    return story, articles


def build_card(store: Store, story_id: str, settings: Settings,
               background: TermCounts | None = None) -> StoryCard:
    """(store, story id, settings, + the collection's term counts; None: read from the store
    for this story's terms) -> the StoryCard built now: its articles' readings (made on
    first use, cached in the store), facts, summary, timeline, framing, coverage. Nothing
    is stored here (see :func:`refresh_cards`). NotFound when there is no such story."""
    from crosswire.facts import stage as facts_stage  # spaCy loads only when a card is built
    from crosswire.narrate.framing import framing
    from crosswire.narrate.summary import summarise
    from crosswire.narrate.timeline import build_timeline
    from crosswire.outlets import coverage
    from crosswire.runners.local import story_readings

    story, members = _story(store, story_id)
    read = story_readings(store, members, settings.facts_processes)
    facts = facts_stage.facts(members, {i: r.mentions for i, r in read.items()}, read)
    if background is None:
        background = collection_background(store, (a.body for a in members))
    related = {r: s.title for r in story.related if (s := store.story(r)) is not None}
    return StoryCard(story, members, facts,
                     timeline=build_timeline(members, read, settings.timeline_dates,
                                             settings.timeline_sentences),
                     summary=summarise(members, read, facts, settings.summary_sentences),
                     framing=framing(members, read, facts, background),
                     coverage=coverage(members, settings.outlets_table or None),
                     related_titles=related)


def build_and_save(store: Store, story_id: str, settings: Settings,
                   pages: PageMaker | None = None) -> StoryCard:
    """(store, story id, settings, how its page is made (None: no page)) -> its card built
    and stored (fresh unless the story changed while it was built: then kept as the stale
    card and built again later), and, when fresh, its page rendered and stored."""
    inputs = card_inputs(store, story_id, settings)
    if inputs is None:
        raise NotFound(f"no story with id {story_id!r}")
    card = build_card(store, story_id, settings)
    fresh = store.save_card(story_id, inputs, card.to_dict())
    checkpoint("cards-stored")
    if fresh and pages is not None:
        save_page(store, story_id, settings, pages)
    return card


def save_page(store: Store, story_id: str, settings: Settings, pages: PageMaker) -> bool:
    """(store, story id, settings, PageMaker) -> the page of its stored card rendered (from
    the card as a reader gets it back) and stored under that build of the card; -> was it?
    (not when the card is stale, missing, or built again meanwhile)."""
    built = store.card_built(story_id)  # read before the card: a later build is refused
    found = stored_card(store, story_id, settings)
    if built is None or found is None or found.stale:
        return False
    return store.save_page(story_id, built, pages.key, pages.render(found.card))


def stored_card(store: Store, story_id: str, settings: Settings) -> Stored | None:
    """(store, story id, settings) -> the card stored for it, with its articles as stored
    now, or None when it has never been built (or has no story any more). A stale card
    carries the story's own fields (title, articles, sources, ...) as they are now."""
    row = store.card(story_id)
    if row is None:
        return None
    data, stale, inputs = row
    if data is None:
        return None
    builder = inputs.partition(" ")[2]
    stale = stale or builder != builder_inputs(settings)
    story = store.story(story_id) if stale else None
    if story is not None:  # the story's own fields as they are now, the rest as last built
        data = {**data, **story.to_dict()}
    found = (store.article(i) for i in data.get("articles", []))
    return Stored(StoryCard.from_dict(data, [a for a in found if a is not None]), stale,
                  inputs)


def card_for(store: Store, story_id: str, settings: Settings) -> StoryCard:
    """(store, story id, settings) -> its card: the stored one when fresh, else built,
    stored and returned. NotFound when there is no such story."""
    if store.story(story_id) is None:
        raise NotFound(f"no story with id {story_id!r}")
    found = stored_card(store, story_id, settings)
    if found is not None and not found.stale \
            and found.inputs.partition(" ")[0] == store.card_inputs(story_id):
        return found.card  # (the digest checked too: a command may wait, a page may not)
    return build_and_save(store, story_id, settings)


def needs_build(store: Store, story_id: str, settings: Settings) -> bool:
    """(store, story id, settings) -> is its card missing, stale or built with other
    settings (read from its row only)?"""
    state = store.card_state(story_id)
    if state is None:
        return True
    stale, inputs, built = state
    return stale or not built or inputs.partition(" ")[2] != builder_inputs(settings)


def cards_to_build(store: Store, settings: Settings, limit: int | None = None,
                   whole: bool = True) -> list[str]:
    """(store, settings, at most how many, look at every story and card?) -> ids of the
    stories whose card is missing, stale, or built with other settings; newest story first.
    Without ``whole``, only the cards marked stale (an indexed read, not a walk over every
    story: what a refresher does between its full looks)."""
    ids = store.stale_cards(limit, missing=whole)
    if not whole or (limit is not None and len(ids) >= limit):
        return ids
    builder = builder_inputs(settings)
    others = {i for i, inputs in store.card_marks().items()
              if inputs.partition(" ")[2] != builder}
    if others:
        known = set(ids)
        ids += [s.id for s in store.stories() if s.id in others and s.id not in known]
    return ids[:limit] if limit is not None else ids


def refresh_cards(store: Store, settings: Settings,
                  story_ids: Sequence[str] | None = None,
                  limit: int | None = None, pages: PageMaker | None = None) -> list[str]:
    """(store, settings, the stories to build (None: every card to build,
    :func:`cards_to_build`), at most how many, how their pages are made (None: not)) ->
    those cards built and stored, each as it is built (with its page); -> the ids built.
    Several cards: their articles are read first in one pass (in ``facts_processes``
    processes). A story gone meanwhile is passed over."""
    ids = list(story_ids) if story_ids is not None else cards_to_build(store, settings, limit)
    if len(ids) > 1:
        _read_articles(store, ids, settings)
    built = []
    for story_id in tracked(ids, "building story cards", unit="card"):
        try:
            build_and_save(store, story_id, settings, pages)
        except NotFound:
            log.info("story %s is gone: its card is not built", story_id)
            continue
        built.append(story_id)
    return built


def _read_articles(store: Store, story_ids: Iterable[str], settings: Settings) -> None:
    """stories -> their articles' readings made (and cached) in one pass."""
    from crosswire.runners.local import story_mentions

    wanted = {a for s in story_ids if (story := store.story(s)) for a in story.articles}
    articles = [a for i in sorted(wanted) if (a := store.article(i)) is not None]
    story_mentions(store, articles, settings.facts_processes)


def stored_cards(store: Store, settings: Settings) -> list[StoryCard]:
    """store -> every story's card, newest story first, the missing and stale ones built
    and stored first (with their pages when the web extra is installed)."""
    refresh_cards(store, settings, pages=web_pages(settings))
    cards = []
    for story in store.stories():
        found = stored_card(store, story.id, settings)
        cards.append(found.card if found and not found.stale
                     else build_and_save(store, story.id, settings))
    return cards


class CardRefresher:
    """A background thread that keeps a store's cards built: it wakes when nudged (or every
    ``interval`` seconds), builds the stories nudged first, then the other missing or stale
    cards, one at a time, until none is left; a card that fails is logged and not tried again
    until its story changes. With ``pages``, each card's page is stored with it, and when no
    card is left to build, the fresh cards stored without a current page get one. It opens
    its own store connection. :meth:`stop` ends it after the card being built."""

    def __init__(self, db: str, settings: Settings,
                 interval: float = REFRESH_SECONDS,
                 on_built: Callable[[str], None] | None = None,
                 pages: PageMaker | None = None) -> None:
        self.db = db
        self.settings = settings
        self.interval = interval
        self.on_built = on_built
        self.pages = pages
        self._page_queue: list[tuple[str, str]] = []
        self._failed_pages: set[tuple[str, str]] = set()  # (story, card build) passed over
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._wanted: dict[str, None] = {}
        self._lock = threading.Lock()
        self._failed: dict[str, str | None] = {}  # story id -> the inputs that failed
        self._seen_all = False  # a look over every story and card found nothing to build
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """-> is the thread alive?"""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> CardRefresher:
        """-> the thread started (once; later calls do nothing)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="card-refresher",
                                                daemon=True)
                self._thread.start()
        return self

    def nudge(self, story_ids: Iterable[str] = ()) -> None:
        """(stories whose cards a reader is waiting for) -> built first, soon; the thread
        started if it was not."""
        with self._lock:
            self._wanted.update(dict.fromkeys(story_ids))
        self._wake.set()
        self.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """-> the thread asked to stop and waited for (at most ``timeout`` seconds: a card
        being built is finished first)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        store = open_store(self.db)
        try:
            while not self._stopping.is_set():
                while not self._stopping.is_set() and (
                        self.refresh_one(store) or self.render_one(store)):
                    pass
                self._wake.wait(self.interval)
                self._wake.clear()
        finally:
            store.close()

    def _next(self, store: Store) -> str | None:
        """-> the next story whose card to build (nudged first), or None."""
        with self._lock:
            wanted = list(self._wanted)
            self._wanted.clear()
        for story_id in wanted:  # nudged by a reader: built unless fresh or known to fail
            if needs_build(store, story_id, self.settings) and \
                    self._failed.get(story_id, "") != store.card_inputs(story_id):
                with self._lock:  # the rest keep their place in line
                    self._wanted = {**dict.fromkeys(wanted[wanted.index(story_id) + 1:]),
                                    **self._wanted}
                return story_id
        # every story and card until one such look finds nothing to build; then the stale
        # marks the writes leave are enough (an indexed read)
        found = cards_to_build(store, self.settings, len(self._failed) + 1, not self._seen_all)
        for story_id in found:
            if self._failed.get(story_id, "") != store.card_inputs(story_id):
                return story_id
        self._seen_all = self._seen_all or not found
        return None

    def refresh_one(self, store: Store) -> bool:
        """store -> the next card built and stored; -> was there one to build? A failure is
        logged (and that story passed over until it changes), never raised."""
        story_id = self._next(store)
        if story_id is None:
            return False
        try:
            build_and_save(store, story_id, self.settings, self.pages)
        except NotFound:
            return True
        except Exception:
            log.exception("the card of story %s could not be built", story_id)
            self._failed[story_id] = store.card_inputs(story_id)
            return True
        self._failed.pop(story_id, None)
        if self.on_built:
            self.on_built(story_id)
        return True

    def render_one(self, store: Store) -> bool:
        """store -> the next fresh card without a current page given one; -> was there one?
        (False without ``pages``.) A page that fails, or is not stored (its card changed
        meanwhile), is passed over until its card is built again; a failure is logged."""
        if self.pages is None:
            return False
        if not self._page_queue:
            found = store.pages_to_render(self.pages.key, builder_inputs(self.settings),
                                          PAGE_BATCH + len(self._failed_pages))
            self._page_queue = [f for f in found if f not in self._failed_pages][:PAGE_BATCH]
        if not self._page_queue:
            return False
        wanted = self._page_queue.pop(0)
        try:
            if not save_page(store, wanted[0], self.settings, self.pages):
                self._failed_pages.add(wanted)
        except Exception:
            log.exception("the page of story %s could not be rendered", wanted[0])
            self._failed_pages.add(wanted)
        return True
