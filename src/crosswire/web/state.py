"""What the web app holds between requests: one store connection per worker thread, a cache
of story cards and pages, and the writes (ingest, merge, split) run one at a time.

Input: the database path; output: contract records, through the plain functions of
:mod:`crosswire.api`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from crosswire import api
from crosswire.config import load_settings
from crosswire.models import StoryCard
from crosswire.narrate.framing_terms import TermCounts
from crosswire.runners.local import RunCounts, collection_terms
from crosswire.store import Store, is_postgres_url, open_store
from crosswire.web import queries

T = TypeVar("T")
CACHE_SIZE = 512


@dataclass
class CachedCard:
    """A story card and, once rendered, its page, under the key of what it was built from."""

    key: str
    card: StoryCard
    html: str | None = None


def safe_name(name: str | None) -> str:
    """an uploaded file's name (hostile) -> a plain file name: its last path part, only
    letters, digits, dot, dash and underscore, no leading dot, at most 100 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).lstrip("._")[:100]
    return cleaned or "upload"


def counts_json(counts: RunCounts) -> dict[str, Any]:
    """RunCounts -> what `ingest --json` prints, plus the number of stories."""
    return {"ingested": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
            "not_english": counts.not_english, "stories": counts.stories,
            "skipped": [{"path": s.path, "record": s.record, "reason": s.reason}
                        for s in counts.skipped]}


class WebState:
    """The store behind the app: per-thread connections, the card cache, serialised writes."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._cache: OrderedDict[str, CachedCard] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._card_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._background: tuple[tuple[int, int], TermCounts] | None = None
        self._background_lock = threading.Lock()
        self._outlets: tuple[tuple[int, int], list[tuple[str, int]]] | None = None
        self.store()  # create the database (and fail early) at start

    def store(self) -> Store:
        """-> this thread's open store."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db)
        return store

    @property
    def uploads(self) -> Path:
        """-> the folder uploaded files are kept in (next to the database): the same name
        uploaded again is the same source, so re-uploading it changes nothing). For a
        PostgreSQL database, a folder named after its URL (without password) in the
        ``state_dir`` setting."""
        if is_postgres_url(self.db):
            name = hashlib.sha1(self.store().path.encode("utf-8")).hexdigest()[:24]
            return Path(load_settings().state_dir).expanduser() / f"uploads-{name}"
        db = Path(self.db).expanduser().resolve()
        return db.parent / f"{db.name}-uploads"

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
        """story id -> its card, rebuilt only when the story or one of its articles changed."""
        key = self._card_key(story_id)
        with self._cache_lock:
            hit = self._cache.get(story_id)
            if hit is not None and hit.key == key:
                self._cache.move_to_end(story_id)
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
        """[(uploaded name, bytes)] -> kept under :attr:`uploads` and ingested."""
        self.uploads.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, data in files:
            path = self.uploads / safe_name(name)
            path.write_bytes(data)
            paths.append(str(path))
        return self.write(lambda store: _ingest(paths, store))

    def ingest_records(self, records: Sequence[dict[str, Any]]) -> RunCounts:
        """JSON article records -> written as one JSON Lines file (named by its content, so
        posting the same records again changes nothing) and ingested."""
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.uploads.mkdir(parents=True, exist_ok=True)
        path = self.uploads / f"posted-{digest}.jsonl"
        path.write_text(text, encoding="utf-8")
        return self.write(lambda store: _ingest([str(path)], store))


def _ingest(paths: list[str], store: Store) -> RunCounts:
    """paths -> ingested; NothingProcessed when every item was skipped."""
    counts = api.ingest_counts(paths, store)
    api.check_counts(counts)
    return counts
