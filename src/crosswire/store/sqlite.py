"""SQLite store (the embedded default): WAL, one writer, a transaction per batch, FTS5 search.

Input: Documents and Articles from the pipeline; output: the same records read back, filtered.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from crosswire.errors import UsageError
from crosswire.models import Article, Document, Hint, Pin, Story
from crosswire.store.cards import CardRows
from crosswire.store.documents import NEW, UNCHANGED, UPDATED, DocumentRows, now
from crosswire.store.fetch_state import FetchStateRows
from crosswire.store.search_query import fts5_match, outlet_sql, parse
from crosswire.store.story_order import order_by, story_importance
from crosswire.store.story_state import StoryStateRows

__all__ = ["NEW", "UNCHANGED", "UPDATED", "SQLiteStore"]

SCHEMA_VERSION = 10
APPLICATION_ID = 0x43525357  # "CRSW": marks a SQLite file as a crosswire database


def _connect(path: str, create: bool) -> sqlite3.Connection:
    """(file path, may it be created?) -> a connection in WAL mode; UsageError when the path
    is missing (and may not be created), unwritable or not a database."""
    if path != ":memory:":
        target = Path(path).expanduser().resolve()
        if not target.parent.is_dir():
            raise UsageError(f"cannot create database {path}: no folder {target.parent}")
        if not create and not target.is_file():
            raise UsageError(f"no crosswire database at {path} (ingest something first)")
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.DatabaseError as exc:
        raise UsageError(f"cannot open {path} as a crosswire database ({exc})") from exc
    return conn


class SQLiteStore(DocumentRows, CardRows, FetchStateRows, StoryStateRows):
    """A crosswire database in one SQLite file."""

    def __init__(self, path: str, create: bool = True) -> None:
        self.path = path
        self.conn = _connect(path, create)
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")
        self._migrate()

    def _migrate(self) -> None:
        """Create or upgrade the schema to SCHEMA_VERSION; refuse other programs' databases."""
        app = self.conn.execute("PRAGMA application_id").fetchone()[0]
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (tables or version):
            raise UsageError(f"{self.path} is another program's SQLite database, not crosswire's")
        if version > SCHEMA_VERSION:
            raise UsageError(f"{self.path} was written by a newer crosswire (schema {version})")
        if version < SCHEMA_VERSION:
            schema = resources.files("crosswire.store").joinpath("schema.sql").read_text()
            with self.transaction():
                self._execute_script(schema)
                self._fill_story_listing()
                self._set_up_meta(upgraded=version > 0)
                self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _execute_script(self, script: str) -> None:
        """Run a ;-separated SQL script (-- comments allowed) inside the current transaction."""
        for statement in re.sub(r"--[^\n]*", "", script).split(";"):
            if statement.strip():
                self.conn.execute(statement)

    def _fill_story_listing(self) -> None:
        """The story list's tables (story_rank, article_stories) filled for stories stored
        before they existed (idempotent: rows there already are kept)."""
        self.conn.execute(
            "INSERT OR IGNORE INTO article_stories (article_row, story_id) "
            "SELECT a.rowid, sa.story_id FROM story_articles sa JOIN articles a "
            "ON a.id = sa.article_id")
        rows = self.conn.execute("SELECT id, data FROM stories "
                                 "WHERE id NOT IN (SELECT story_id FROM story_rank)")
        self.conn.executemany("INSERT INTO story_rank (story_id, importance) VALUES (?,?)",
                              [(i, story_importance(json.loads(d))) for i, d in rows])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside commits together or not at all (also
        when an exception, e.g. SIGTERM's exit, lands right after it began)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the database (a read transaction), whatever other
        connections commit meanwhile."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN")
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    # -- documents ---------------------------------------------------------------------------

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """-> stored Documents (all, or those with the given ids), ordered by id."""
        cols = "id, path, source, media, content, format, hash, url, encoding, hints"
        if ids is None:
            rows: Iterable[Any] = self.conn.execute(f"SELECT {cols} FROM documents ORDER BY id")
        else:
            rows = (
                r for i in ids
                for r in self.conn.execute(f"SELECT {cols} FROM documents WHERE id=?", (i,))
            )
        names = [c.strip() for c in cols.split(",")]
        for r in rows:
            fields = dict(zip(names, r, strict=True))
            fields["hints"] = {k: Hint(**v) for k, v in json.loads(fields["hints"]).items()}
            yield Document(**fields)

    def count(self, table: str = "articles") -> int:
        """-> number of rows in `documents`, `articles`, `revisions` or `stories`."""
        if table not in {"documents", "articles", "revisions", "stories"}:
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    # -- articles ----------------------------------------------------------------------------

    def save_articles(self, articles: Sequence[Article],
                      cleaned_from: Mapping[str, str] | None = None) -> None:
        """Articles (+ {id: hash of the document version each was cleaned from}) -> stored
        (replacing earlier versions of the same ids), one transaction; an article whose
        document has changed since is not (see ``Bookkeeping._still_current``).

        The search index row shares the article's rowid, which an upsert keeps stable.
        """
        with self.transaction():
            articles = self._still_current(articles, cleaned_from)
            for art in articles:
                (rowid,) = self.conn.execute(
                    "INSERT INTO articles (id, published, sort_key, outlet, headline, data) "
                    "VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
                    "published=excluded.published, sort_key=excluded.sort_key, "
                    "outlet=excluded.outlet, headline=excluded.headline, data=excluded.data "
                    "RETURNING rowid",
                    (art.id, art.published, sort_key(art.published), art.outlet, art.headline,
                     json.dumps(art.to_dict(), ensure_ascii=False)),
                ).fetchone()
                self.conn.execute("DELETE FROM articles_fts WHERE rowid=?", (rowid,))
                self.conn.execute(
                    "INSERT INTO articles_fts (rowid, id, headline, body) VALUES (?,?,?,?)",
                    (rowid, art.id, art.headline or "", art.body),
                )
            self._cleaned([a.id for a in articles])
            self._log_changes(a.id for a in articles)
            if articles:
                self._bump_inputs()

    def article(self, article_id: str) -> Article | None:
        """id -> the stored Article, or None."""
        row = self.conn.execute("SELECT data FROM articles WHERE id=?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def articles(
        self,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        """filters -> Articles ordered by published (undated last), then id.

        since/until are ISO dates compared on the published day, both inclusive; outlet matches
        case-insensitively; search is a query in the search syntax (store/search_query.py).
        """
        text = article_match(search) if search else None
        sql, args = articles_query(since, until, outlet, limit, text)
        return [Article.from_dict(json.loads(r[0])) for r in self.conn.execute(sql, args)]

    def search(self, query: str, limit: int = 50) -> list[tuple[Article, str]]:
        """a query in the search syntax (store/search_query.py) -> [(Article, snippet with
        [matches] bracketed)], best match (bm25) first; UsageError when it cannot be read."""
        parsed = parse(query)
        outlets, args = outlet_sql(parsed)
        rows = self.conn.execute(
            "SELECT a.data, snippet(articles_fts, 2, '[', ']', ' … ', 12) "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND {outlets} ORDER BY rank LIMIT ?",
            (fts5_match(parsed), *args, limit),
        )
        return [(Article.from_dict(json.loads(d)), snip) for d, snip in rows]

    def delete(self, ids: Sequence[str]) -> list[str]:
        """article ids -> the ids that existed and were deleted (document, revisions, article)."""
        deleted = []
        with self.transaction():
            self.forget_pages_of(ids)
            self.forget_fetched_of(ids)
            for i in ids:
                for table, column in (("articles_fts", "rowid"), ("article_stories",
                                                                   "article_row")):
                    self.conn.execute(f"DELETE FROM {table} WHERE {column} IN "
                                      "(SELECT rowid FROM articles WHERE id=?)", (i,))
                if self.conn.execute("DELETE FROM documents WHERE id=?", (i,)).rowcount:
                    deleted.append(i)
            self._log_changes(deleted)
            if deleted:
                self._bump_inputs()
        return deleted


    # -- stories -----------------------------------------------------------------------------

    def replace_stories(self, stories: Sequence[Story], wire_groups: dict[str, str],
                        built_from: int) -> bool:
        """(the stories stage's output, the ``inputs_seq`` it was built from) -> stored,
        replacing every earlier story, each article's wire_group updated, in one transaction;
        -> False, storing nothing, when stories built from later inputs are stored already."""
        with self.transaction():
            if not self._stories_from(built_from):
                return False
            self.write_stories(stories, (), wire_groups, replace=True)
        return True

    def write_stories(self, stories: Sequence[Story], removed: Sequence[str],
                      wire_groups: Mapping[str, str], replace: bool = False) -> None:
        """(stories to write, ids of stories gone, {article id: wire group}, replace every
        earlier story?) -> written (inside the caller's transaction), with each story's
        importance (story_rank) and its articles by rowid (article_stories)."""
        if replace:
            for table in ("article_stories", "story_rank", "stories"):
                self.conn.execute(f"DELETE FROM {table}")
        gone = [*removed, *(s.id for s in stories)]
        self.conn.executemany("DELETE FROM stories WHERE id=?", [(i,) for i in gone])
        for story in stories:
            record = story.to_dict()
            self.conn.execute(
                "INSERT INTO stories (id, first_published, data) VALUES (?,?,?)",
                (story.id, story.first_published, json.dumps(record)),
            )
            self.conn.execute("INSERT INTO story_rank (story_id, importance) VALUES (?,?)",
                              (story.id, story_importance(record)))
            pairs = [(story.id, a) for a in story.articles]
            self.conn.executemany(
                "INSERT INTO story_articles (story_id, article_id) VALUES (?,?)", pairs)
            self.conn.executemany(
                "INSERT INTO article_stories (article_row, story_id) "
                "SELECT rowid, ? FROM articles WHERE id=?", pairs)
        for article_id, group in wire_groups.items():
            self.conn.execute(
                "UPDATE articles SET data = json_set(data, '$.wire_group', ?) WHERE id=?",
                (group, article_id),
            )
        self._bump_story_writes()

    def stories(self) -> list[Story]:
        """-> every story, newest first (by first published; undated last), then id."""
        rows = self.conn.execute(
            "SELECT data FROM stories "
            "ORDER BY first_published IS NULL, first_published DESC, id"
        )
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def story(self, story_id: str) -> Story | None:
        """id -> the stored Story, or None."""
        row = self.conn.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        return Story.from_dict(json.loads(row[0])) if row else None

    def stories_of(self, article_id: str) -> list[Story]:
        """article id -> the stories holding it (none or one, today), by id."""
        rows = self.conn.execute(
            "SELECT s.data FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
            "WHERE sa.article_id = ? ORDER BY s.id", (article_id,))
        return [Story.from_dict(json.loads(r[0])) for r in rows]

    def story_page(self, q: str | None = None, since: str | None = None,
                   until: str | None = None, outlet: str | None = None, limit: int = 50,
                   offset: int = 0, sort: str = "importance") -> tuple[list[Story], int]:
        """filters -> (one page of matching stories, the number matching in all). q: a query
        in the search syntax met by one of the story's articles; since/until: ISO days
        overlapping the story's span; outlet: case-insensitive. sort: 'importance' (most
        important first, store/story_order.py) or 'newest' (first published, newest first);
        undated last, then id. UsageError when q cannot be read or sort is neither."""
        cond, args = _story_where(q, since, until, outlet)
        order = order_by(sort)
        with self.snapshot():  # a rebuild committing between the queries is not seen
            total = self.conn.execute(f"SELECT count(*) FROM stories s WHERE {cond}", args)
            count = int(total.fetchone()[0])
            ids = [r[0] for r in self.conn.execute(  # sort the keys only, then fetch the page
                "SELECT s.id FROM stories s LEFT JOIN story_rank r ON r.story_id = s.id "
                f"WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, max(0, limit), max(0, offset)])]
            marks = ",".join("?" * len(ids))
            data = dict(self.conn.execute(
                f"SELECT id, data FROM stories WHERE id IN ({marks})", ids))
        return [Story.from_dict(json.loads(data[i])) for i in ids], count

    def outlet_counts(self) -> list[tuple[str, int]]:
        """-> [(outlet as first spelled, number of articles)], most articles first."""
        rows = self.conn.execute(
            "SELECT min(outlet), count(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY lower(outlet) ORDER BY count(*) DESC, lower(outlet)")
        return [(name, int(n)) for name, n in rows]

    def vectors(self, keys: list[str]) -> dict[str, bytes]:
        """cache keys -> {key: stored vector bytes} for those the store has."""
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self.conn.execute(
                f"SELECT key, vector FROM embeddings WHERE key IN ({marks})", chunk))
        return found

    def save_vectors(self, vectors: dict[str, bytes]) -> None:
        """{key: vector bytes} -> stored (one transaction)."""
        with self.transaction():
            self.conn.executemany("INSERT OR REPLACE INTO embeddings (key, vector) VALUES (?,?)",
                                  vectors.items())

    def mentions(self, keys: dict[str, str]) -> dict[str, dict[str, Any]]:
        """{article id: cache key} -> {article id: its stored reading (mentions, dated
        sentences, scare quotes)} where the key matches."""
        found: dict[str, dict[str, Any]] = {}
        ids = list(keys)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, key, data in self.conn.execute(
                    f"SELECT article_id, key, data FROM mentions WHERE article_id IN ({marks})",
                    chunk):
                if keys[article_id] == key:
                    found[article_id] = json.loads(data)
        return found

    def save_mentions(self, rows: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """{article id: (cache key, reading dict)} -> stored (one transaction)."""
        with self.transaction():
            self.conn.executemany(
                "INSERT OR REPLACE INTO mentions (article_id, key, data) VALUES (?,?,?)",
                [(a, key, json.dumps(data)) for a, (key, data) in rows.items()])

    def add_pin(self, pin: Pin) -> None:
        """A user's merge or split decision -> kept for every later clustering."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO pins (kind, articles, others, created_at) VALUES (?,?,?,?)",
                (pin.kind, json.dumps(pin.articles), json.dumps(pin.others), now()),
            )
            self._bump_inputs()

    def pins(self) -> list[Pin]:
        """-> every pinned decision, oldest first."""
        rows = self.conn.execute("SELECT kind, articles, others FROM pins ORDER BY id")
        return [Pin(k, tuple(json.loads(a)), tuple(json.loads(o))) for k, a, o in rows]


def articles_query(since: str | None, until: str | None, outlet: str | None, limit: int | None,
                   text: tuple[str, list[str]] | None) -> tuple[str, list[str]]:
    """the article listing's filters (+ the backend's full-text clause and its argument) ->
    (SQL with ? placeholders, its arguments): published day within since..until, outlet
    case-insensitively, ordered by published (undated last), then id."""
    where, args = ["1=1"], []
    for clause, value in (
            ("a.published IS NOT NULL AND substr(a.published, 1, 10) >= ?", since),
            ("a.published IS NOT NULL AND substr(a.published, 1, 10) <= ?", until),
            ("lower(a.outlet) = lower(?)", outlet)):
        if value:
            where.append(clause)
            args.append(value)
    if text is not None:  # the caller asked for a search: its clause stands even if empty
        where.append(text[0])
        args += text[1]
    sql = (f"SELECT a.data FROM articles a WHERE {' AND '.join(where)} "
           "ORDER BY a.sort_key IS NULL, a.sort_key, a.id")
    return sql + (f" LIMIT {int(limit)}" if limit is not None else ""), args


def sort_key(published: str | None) -> str | None:
    """published (ISO date, or datetime with or without offset) -> a key that sorts in true
    time order: datetimes with an offset are turned to UTC; others are kept as written."""
    if not published or "T" not in published:
        return published
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return published
    if moment.tzinfo is None:
        return published
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()


def article_match(text: str) -> tuple[str, list[str]]:
    """a query in the search syntax -> (SQL condition over ``articles a``, its arguments):
    the FTS5 match of its words and the condition of its outlet: fields."""
    query = parse(text)
    outlets, args = outlet_sql(query)
    return ("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?) "
            f"AND {outlets}", [fts5_match(query), *args])


def _story_where(q: str | None, since: str | None, until: str | None,
                 outlet: str | None) -> tuple[str, list[str]]:
    """story filters -> (SQL condition over ``stories s``, its arguments)."""
    where, args = ["1=1"], []
    if since:
        where.append("substr(coalesce(json_extract(s.data, '$.last_published'), "
                     "s.first_published), 1, 10) >= ?")
        args.append(since)
    if until:
        where.append("substr(s.first_published, 1, 10) <= ?")
        args.append(until)
    if outlet:
        where.append("EXISTS (SELECT 1 FROM json_each(s.data, '$.outlets') o "
                     "WHERE lower(o.value) = lower(?))")
        args.append(outlet)
    if q:  # full-text hits -> their stories by rowid (article_stories), articles read only
        query = parse(q)  # for outlet: fields
        hits = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
        outlets, names = outlet_sql(query)
        if names:
            hits = f"SELECT a.rowid FROM articles a WHERE a.rowid IN ({hits}) AND {outlets}"
        where.append(f"s.id IN (SELECT m.story_id FROM article_stories m "
                     f"WHERE m.article_row IN ({hits}))")
        args += [fts5_match(query), *names]
    return " AND ".join(where), args
