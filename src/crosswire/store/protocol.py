"""The Store protocol: what every store backend offers the rest of crosswire.

``crosswire.store.Store`` is this protocol. Code outside ``store/`` types its store as
``Store`` and calls only what is declared here; both backends (``SQLiteStore``,
``PostgresStore``) implement it, which mypy proves at the bottom of this module (under
``TYPE_CHECKING``, so psycopg is never imported at run time). ``tests/test_store_spec.py``
specifies the behaviour behind each member and runs on both backends.

To add a member: implement it on both backends (or in a mixin both inherit, such as
``store/documents.py``), declare it in the section of its mixin below with the same
signature and a one-line docstring "input -> output", and add its behaviour to
``tests/test_store_spec.py``. mypy then fails until both backends have it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

from crosswire.models import Article, Document, Pin, Story
from crosswire.narrate.framing_terms import TermCounts
from crosswire.store.story_state import StateDelta, StateRow, StateStory

__all__ = ["Store"]


class Store(Protocol):
    """A crosswire database: raw documents and every stage's output (docs/store.md)."""

    # -- the store itself ----------------------------------------------------------------------

    @property
    def path(self) -> str:
        """-> the store's name: the SQLite file path, or the PostgreSQL URL without password."""

    def close(self) -> None:
        """-> the connection closed."""

    def transaction(self) -> AbstractContextManager[None]:
        """-> one write transaction: everything inside commits together or not at all."""

    def count(self, table: str = "articles") -> int:
        """'documents' | 'articles' | 'revisions' | 'stories' -> its number of rows."""

    # snapshot() (reads that see one state of the database) is SQLite's only: PostgresStore
    # has none yet (tests/test_store_spec.py, xfail). Declare it here once both have it.

    # -- raw documents (store/documents.py) ----------------------------------------------------

    def add_documents(self, docs: Sequence[Document],
                      run: str = "") -> list[tuple[Document, str]]:
        """(Documents, the storing run's id) -> [(stored doc, 'new'|'unchanged'|'updated')]."""

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """(ids, or None for all) -> the stored Documents (all: by id; given: in that order)."""

    def document_ids(self) -> list[str]:
        """-> the id of every stored document, in id order."""

    # -- articles --------------------------------------------------------------------------------

    def save_articles(self, articles: Sequence[Article],
                      cleaned_from: Mapping[str, str] | None = None) -> None:
        """(Articles, {id: hash of the document version cleaned}) -> stored if still current."""

    def article(self, article_id: str) -> Article | None:
        """id -> the stored Article, or None."""

    def articles(self, since: str | None = None, until: str | None = None,
                 outlet: str | None = None, search: str | None = None,
                 limit: int | None = None) -> list[Article]:
        """filters -> Articles ordered by published (UTC; undated last), then id."""

    def search(self, query: str, limit: int = 50) -> list[tuple[Article, str]]:
        """a query in the search syntax -> [(Article matching, snippet with [matches])],
        best first."""

    def delete(self, ids: Sequence[str]) -> list[str]:
        """article ids -> those that existed, deleted with everything stored about them."""

    def listing_mark(self) -> tuple[int, int]:
        """-> a mark that changes whenever articles, pins or stories are written."""

    def outlet_counts(self) -> list[tuple[str, int]]:
        """-> [(outlet as first spelled, number of articles)], most articles first."""

    # -- stories ---------------------------------------------------------------------------------

    def replace_stories(self, stories: Sequence[Story], wire_groups: dict[str, str],
                        built_from: int) -> bool:
        """(stories, {article id: wire group}, inputs_seq read) -> stored; False if older."""

    def stories(self) -> list[Story]:
        """-> every story, newest first (by first published; undated last), then id."""

    def story(self, story_id: str) -> Story | None:
        """id -> the stored Story, or None."""

    def stories_of(self, article_id: str) -> list[Story]:
        """article id -> the stories holding it, by id."""

    def story_page(self, q: str | None = None, since: str | None = None,
                   until: str | None = None, outlet: str | None = None, limit: int = 50,
                   offset: int = 0, sort: str = "importance") -> tuple[list[Story], int]:
        """filters -> (one page of stories, most important or newest first, the number
        matching), one snapshot."""

    # -- caches and pins -------------------------------------------------------------------------

    def vectors(self, keys: list[str]) -> dict[str, bytes]:
        """cache keys -> {key: stored vector bytes} for those the store has."""

    def save_vectors(self, vectors: dict[str, bytes]) -> None:
        """{key: vector bytes} -> stored (one transaction)."""

    def mentions(self, keys: dict[str, str]) -> dict[str, dict[str, Any]]:
        """{article id: cache key} -> {article id: stored reading} where the key matches."""

    def save_mentions(self, rows: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """{article id: (cache key, reading dict)} -> stored (one transaction)."""

    def add_pin(self, pin: Pin) -> None:
        """a user's merge or split decision -> kept for every later clustering."""

    def pins(self) -> list[Pin]:
        """-> every pinned decision, oldest first."""

    # -- bookkeeping (store/bookkeeping.py) ------------------------------------------------------

    def pending_document_ids(self, timeout_minutes: float = 60.0) -> list[str]:
        """claim timeout -> ids of documents awaiting cleaning that no live run works on."""

    def claim_pending(self, run: str, timeout_minutes: float = 60.0) -> list[str]:
        """(run, claim timeout) -> the pending documents' ids, claimed for that run."""

    def release(self, run: str) -> None:
        """an ending run -> its uncleaned documents and stale stories left to the next one."""

    def inputs_seq(self) -> int:
        """-> the number of changes to what the stories stage reads (articles, pins)."""

    def stories_stale(self) -> bool:
        """-> do the stored stories predate the articles or pins stored now?"""

    def claim_stories(self, run: str) -> None:
        """a run that will rebuild the stories when it ends -> noted as doing so."""

    def stories_need_catch_up(self, timeout_minutes: float = 60.0) -> bool:
        """claim timeout -> are the stories stale with no live run about to rebuild them?"""

    def state_key(self) -> bytes:
        """-> this database's secret, which signs the state files kept outside it."""

    # -- story cards (store/cards.py): declare CardRows' public methods here -------------------

    def mark_cards_stale(self, story_ids: Iterable[str]) -> None:
        """story ids -> their cards marked stale, data kept (inside the caller's transaction)."""

    def delete_cards(self, story_ids: Iterable[str]) -> None:
        """ids of stories gone -> their card rows removed (inside the caller's transaction)."""

    def card_inputs(self, story_id: str) -> str | None:
        """story id -> a digest of its story and articles' rows as stored now, or None."""

    def card(self, story_id: str) -> tuple[dict[str, Any] | None, bool, str] | None:
        """story id -> (card JSON or None, stale?, inputs built from), or None: no row."""

    def card_state(self, story_id: str) -> tuple[bool, str, bool] | None:
        """story id -> (stale?, inputs built from, has data?) without the data, or None."""

    def save_card(self, story_id: str, inputs: str, data: Mapping[str, Any]) -> bool:
        """(story id, inputs built from, card JSON) -> stored; fresh only if inputs current."""

    def stale_cards(self, limit: int | None = None, missing: bool = True) -> list[str]:
        """(at most how many, stories with no card row too?) -> ids of stories whose card is
        stale or missing, newest first."""

    def card_marks(self) -> dict[str, str]:
        """-> {story id: the inputs its stored card was built from} for every card row."""

    def forget_pages_of(self, article_ids: Sequence[str]) -> None:
        """articles about to be deleted -> their stories' cards stale, pages gone (in txn)."""

    def card_json(self, story_id: str) -> tuple[str, str] | None:
        """story id -> (fresh card's JSON text, inputs), or None when stale or never built."""

    def card_built(self, story_id: str) -> str | None:
        """story id -> when its stored card was built (unique per build), or None."""

    def fresh_page(self, story_id: str, page_key: str) -> tuple[str, bytes] | None:
        """(story id, renderer key) -> (card inputs, stored page) when fresh, or None."""

    def save_page(self, story_id: str, card_built: str, page_key: str, page: bytes) -> bool:
        """(story id, its card's build, renderer key, page) -> stored if that build is."""

    def pages_to_render(self, page_key: str, builder: str, limit: int
                        ) -> list[tuple[str, str]]:
        """(renderer key, builder digest, how many) -> [(id, build)] lacking a page."""

    def terms_counted(self) -> bool:
        """-> have the collection's terms ever been counted into this store?"""

    def collection_terms(self, terms: Iterable[str] | None = None) -> TermCounts:
        """(only these terms; None: all) -> the collection's TermCounts."""

    def add_collection_terms(self, delta: Mapping[str, int], texts: int) -> None:
        """(term -> change, change in texts) -> added to the stored counts (one transaction)."""

    def replace_collection_terms(self, counts: TermCounts) -> None:
        """the whole collection counted -> stored in place of the old counts."""

    # -- the stories engine's state (store/story_state.py) ------------------------------------

    def article_changes(self, after: int) -> tuple[int, list[str]]:
        """a change-log mark -> (the newest mark, ids saved or deleted after it)."""

    def last_article_change(self) -> int:
        """-> the newest change-log mark (0 when empty)."""

    def story_state_meta(self) -> dict[str, Any] | None:
        """-> the clusterer's meta JSON, or None when no complete state is stored."""

    def live_state(self) -> tuple[list[StateStory], list[StateRow]]:
        """-> (the live stories, their rows with features)."""

    def state_stories(self, keys: Sequence[int]) -> tuple[list[StateStory], list[StateRow]]:
        """story keys -> (those stories, their rows with features)."""

    def retired_near(self, lo: float, hi: float) -> list[int]:
        """(a day range) -> keys of retired stories whose span reaches into it."""

    def state_rows_of(self, article_ids: Sequence[str]) -> list[StateRow]:
        """article ids -> their stored rows (without features)."""

    def index_positions(self) -> list[int]:
        """-> the row at each position of the stored vector index."""

    def indexed_rows(self, after: int = -1) -> list[tuple[int, int, bytes]]:
        """(an index position) -> (position, row, features) of the rows indexed after it."""

    def blob(self, name: str) -> tuple[int, bytes] | None:
        """a name -> (its number, its bytes), or None."""

    def links_of(self, keys: Sequence[int]) -> list[tuple[int, int, str]]:
        """story keys -> every stored link touching any of them."""

    def story_ids_of_keys(self, keys: Sequence[int]) -> dict[int, str]:
        """story keys -> {key: story id}."""

    def taken_story_ids(self, ids: Sequence[str]) -> set[str]:
        """candidate story ids -> those already naming a story key or a redirect."""

    def term_df(self, cols: Sequence[int]) -> dict[int, int]:
        """hashed term columns -> {column: documents holding it}."""

    def wire_candidates(self, buckets: Sequence[tuple[int, int]]) -> set[str]:
        """(band, bucket) pairs -> ids of articles sharing any of them."""

    def wire_roots(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article ids -> {id: its wire group's original}."""

    def wire_members(self, root: str) -> list[str]:
        """a wire group's original -> the ids of its group."""

    def members_of_keys(self, keys: Sequence[int]) -> dict[int, list[str]]:
        """story keys -> {key: ids of its articles}, in row order."""

    def centroids_of(self, keys: Sequence[int]) -> dict[int, bytes]:
        """story keys -> {key: its stored centroid bytes}."""

    def articles_of(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """article ids -> {id: the stored Article} for those stored."""

    def record_stories_from(self, seq: int) -> bool:
        """(the inputs_seq a build read) -> recorded; False when later stories are stored
        (inside the caller's transaction)."""

    def write_stories(self, stories: Sequence[Story], removed: Sequence[str],
                      wire_groups: Mapping[str, str], replace: bool = False) -> None:
        """(stories to write, ids of stories gone, {article id: wire group}, replace all?)
        -> written (inside the caller's transaction)."""

    def redirect(self, story_id: str) -> str | None:
        """an id that names no story -> the story that took it over, or None."""

    def save_story_state(self, delta: StateDelta) -> None:
        """a StateDelta -> written (inside the caller's transaction)."""

    def forget_story_state(self) -> None:
        """The state marked incomplete (the next update replays)."""

    # -- what fetching remembers (store/fetch_state.py) ----------------------------------------

    def fetch_validators(self, urls: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """canonical URLs -> {url: (ETag, Last-Modified)} for those fetched before."""

    def save_fetch_validators(self, rows: Mapping[str, tuple[str | None, str | None]]) -> None:
        """{canonical URL: (ETag, Last-Modified)} -> stored, replacing earlier ones."""


if TYPE_CHECKING:  # mypy proves both backends are Stores; nothing is imported at run time
    from crosswire.store.postgres import PostgresStore
    from crosswire.store.sqlite import SQLiteStore

    _sqlite_is_a_store: type[Store] = SQLiteStore
    _postgres_is_a_store: type[Store] = PostgresStore
