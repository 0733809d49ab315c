"""PostgreSQL store (the scale-out backend): the SQLite store's behaviour on a shared server.

Input: Documents and Articles from the pipeline; output: the same records read back, filtered.
Full-text search uses PostgreSQL's own (an english ``tsvector`` per article, a GIN index,
the search syntax of store/search_query.py rendered as a tsquery). Writes take one advisory
lock, so there is one writer at a time as with SQLite, across processes and machines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg.types.json import Jsonb

from crosswire.errors import UsageError
from crosswire.models import Article, Document, Hint, Pin, Story
from crosswire.store.cards import CardRows
from crosswire.store.documents import DocumentRows, now
from crosswire.store.fetch_state import FetchStateRows
from crosswire.store.search_query import Query, outlet_sql, parse, tsquery_sql
from crosswire.store.sqlite import SCHEMA_VERSION, articles_query, sort_key
from crosswire.store.story_order import order_by, story_importance
from crosswire.store.story_state import StoryStateRows

WRITE_LOCK = 0x43525357  # advisory lock key ("CRSW") held by every write transaction
OUR_TABLES = ("documents", "revisions", "articles", "stories", "story_articles", "embeddings",
              "pins", "mentions", "uncleaned", "meta", "cluster_rows", "cluster_stories",
              "term_df", "wire_bands", "blobs", "story_redirects", "story_cards",
              "collection_terms", "story_links", "article_changes", "wire_groups",
              "story_pages", "fetch_validators")
SNIPPET = ("StartSel=[, StopSel=], MaxWords=12, MinWords=5, ShortWord=0, MaxFragments=1, "
           "FragmentDelimiter=\" … \"")
ARTICLE_UPSERT = (
    "INSERT INTO articles (id, published, sort_key, outlet, headline, data, fts) "
    "VALUES (%s, %s, %s, %s, %s, %s, "
    "to_tsvector('english', %s) || to_tsvector('english', %s)) "
    "ON CONFLICT (id) DO UPDATE SET published=excluded.published, sort_key=excluded.sort_key, "
    "outlet=excluded.outlet, headline=excluded.headline, data=excluded.data, fts=excluded.fts"
)
STORY_ORDER = "ORDER BY s.first_published IS NULL, s.first_published DESC, s.id"


def article_match(query: Query, mark: str = "?") -> tuple[str, list[str]]:
    """a parsed query -> (SQL condition over ``articles a``, its arguments): the article's
    tsvector matching the query's words, and its outlet: fields."""
    tsquery, args = tsquery_sql(query, mark)
    outlets, names = outlet_sql(query, mark=mark)
    return f"a.fts @@ {tsquery} AND {outlets}", [*args, *names]


def public_url(url: str) -> str:
    """'postgresql://user:secret@host/db?password=x' -> the same URL without any password:
    a stable name for the database that is safe to print and to key files on."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")
    if netloc[1]:
        user = netloc[0].partition(":")[0]
        host = f"{user}@{netloc[2]}" if user else netloc[2]
    else:
        host = parts.netloc
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit((parts.scheme, host, parts.path, query, ""))


def _connect(url: str) -> psycopg.Connection[Any]:
    """URL -> an autocommit connection; UsageError naming the server when it cannot connect."""
    try:
        return psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"cannot connect to {public_url(url)} ({reason})") from exc


def _json(value: Any) -> Jsonb:
    """a JSON-able value -> a parameter stored as jsonb."""
    return Jsonb(value)


def _row(cursor: psycopg.Cursor[Any]) -> Any:
    """a cursor of an aggregate query -> its one row."""
    row = cursor.fetchone()
    if row is None:
        raise RuntimeError("an aggregate query returned no row")
    return row


class PostgresStore(DocumentRows, CardRows, FetchStateRows, StoryStateRows):
    """A crosswire database in one PostgreSQL database (its default schema)."""

    def __init__(self, url: str, create: bool = True) -> None:
        self.url = url
        self.path = public_url(url)
        self.conn = _connect(url)
        try:
            self._migrate(create)
        except BaseException:
            self.conn.close()
            raise

    # -- schema ------------------------------------------------------------------------------

    def _version(self) -> int | None:
        """-> the stored schema version, or None for a database crosswire never wrote to."""
        if not self._tables(["crosswire_schema"]):  # a catalog scan sees other sessions'
            return None                                 # commits at once (to_regclass may not)
        row = self.conn.execute("SELECT max(version) FROM crosswire_schema").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _tables(self, names: Sequence[str]) -> list[str]:
        """table names -> those that exist in the current schema, sorted (for a database we
        never wrote to, any of ours is another program's)."""
        rows = self.conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) "
            "AND c.relnamespace = current_schema()::regnamespace", (list(names),))
        return sorted(r[0] for r in rows)

    def _migrate(self, create: bool) -> None:
        """Create or upgrade the schema to SCHEMA_VERSION (under the write lock, so several
        processes opening a new database apply it once); refuse other programs' tables."""
        version = self._version()
        if version == SCHEMA_VERSION:
            return
        if version is None and not create:
            raise UsageError(f"no crosswire database at {self.path} (ingest something first)")
        with self.transaction():
            version = self._version()
            theirs = self._tables(OUR_TABLES) if version is None else []
            if theirs:
                raise UsageError(f"{self.path} holds another program's tables "
                                 f"({', '.join(theirs)}), not crosswire's")
            if version is not None and version > SCHEMA_VERSION:
                raise UsageError(f"{self.path} was written by a newer crosswire "
                                 f"(schema {version})")
            if version != SCHEMA_VERSION:
                self._apply_schema()
                self._set_up_meta(upgraded=version is not None)

    def _apply_schema(self) -> None:
        """Run schema_postgres.sql (idempotent) and record SCHEMA_VERSION."""
        script = resources.files("crosswire.store").joinpath("schema_postgres.sql").read_text()
        self.conn.execute(script.encode("utf-8"))
        self._fill_story_listing()
        self.conn.execute("DELETE FROM crosswire_schema")
        self.conn.execute("INSERT INTO crosswire_schema (version, applied_at) VALUES (%s, %s)",
                          (SCHEMA_VERSION, now()))

    def _fill_story_listing(self) -> None:
        """The story list's tables (story_rank, article_stories) filled for stories stored
        before they existed (idempotent: rows there already are kept)."""
        self.conn.execute(
            "INSERT INTO article_stories (article_row, story_id) SELECT a.seq, sa.story_id "
            "FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
            "ON CONFLICT DO NOTHING")
        rows = self.conn.execute("SELECT id, data FROM stories WHERE id NOT IN "
                                 "(SELECT story_id FROM story_rank)").fetchall()
        with self.conn.cursor() as cur:
            cur.executemany("INSERT INTO story_rank (story_id, importance) VALUES (%s, %s)",
                            [(i, story_importance(d)) for i, d in rows])

    def sql(self, statement: str) -> str:
        """a statement with ``?`` placeholders -> psycopg's ``%s`` style."""
        return statement.replace("?", "%s")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: everything inside commits together or not at all; one
        writer at a time (an advisory lock held until commit)."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield

    # -- documents ---------------------------------------------------------------------------

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]:
        """-> stored Documents (all, ordered by id; or those with the given ids, in that
        order)."""
        cols = "id, path, source, media, content, format, hash, url, encoding, hints"
        if ids is None:
            rows: Iterable[Any] = self.conn.execute(f"SELECT {cols} FROM documents ORDER BY id")
        else:
            rows = self._documents_by_id(cols, list(ids))
        names = [c.strip() for c in cols.split(",")]
        for r in rows:
            fields = dict(zip(names, r, strict=True))
            fields["hints"] = {k: Hint(**v) for k, v in json.loads(fields["hints"]).items()}
            yield Document(**fields)

    def _documents_by_id(self, cols: str, ids: list[str]) -> Iterator[Any]:
        """(columns, ids) -> rows of those documents in the order of ids (500 per query)."""
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = {r[0]: r for r in self.conn.execute(
                f"SELECT {cols} FROM documents WHERE id = ANY(%s)", (chunk,))}
            yield from (found[i] for i in chunk if i in found)

    def count(self, table: str = "articles") -> int:
        """-> number of rows in `documents`, `articles`, `revisions` or `stories`."""
        if table not in {"documents", "articles", "revisions", "stories"}:
            raise ValueError(table)
        return int(_row(self.conn.execute(f"SELECT count(*) FROM {table}"))[0])

    # -- articles ----------------------------------------------------------------------------

    def save_articles(self, articles: Sequence[Article],
                      cleaned_from: Mapping[str, str] | None = None) -> None:
        """Articles (+ the document versions they were cleaned from) -> stored with their
        search vectors, as SQLiteStore.save_articles, one transaction."""
        with self.transaction(), self.conn.cursor() as cur:
            articles = self._still_current(articles, cleaned_from)
            rows = [(a.id, a.published, sort_key(a.published), a.outlet, a.headline,
                     _json(a.to_dict()), a.headline or "", a.body) for a in articles]
            cur.executemany(ARTICLE_UPSERT, rows)
            self._cleaned([a.id for a in articles])
            self._log_changes(a.id for a in articles)
            if articles:
                self._bump_inputs()

    def article(self, article_id: str) -> Article | None:
        """id -> the stored Article, or None."""
        row = self.conn.execute("SELECT data FROM articles WHERE id=%s", (article_id,)).fetchone()
        return Article.from_dict(row[0]) if row else None

    def articles(
        self,
        since: str | None = None,
        until: str | None = None,
        outlet: str | None = None,
        search: str | None = None,
        limit: int | None = None,
    ) -> list[Article]:
        """filters -> Articles ordered by published (undated last), then id (the same
        filters as SQLiteStore.articles; search in the search syntax)."""
        text = article_match(parse(search)) if search else None
        sql, args = articles_query(since, until, outlet, limit, text)
        return [Article.from_dict(r[0]) for r in self._run(sql, args)]

    def search(self, query: str, limit: int = 50) -> list[tuple[Article, str]]:
        """a query in the search syntax (store/search_query.py) -> [(Article, snippet of the
        body with [matches] bracketed)], best match first, then id. The rank is ts_rank
        divided by 1 + log(length), a length normalisation as in SQLite's bm25."""
        parsed = parse(query)
        tsquery, args = tsquery_sql(parsed)
        outlets, names = outlet_sql(parsed, mark="%s")
        rows = self.conn.execute(
            "SELECT hit.data, ts_headline('english', hit.data->>'body', hit.q, %s) FROM ("
            "  SELECT a.id, a.data, t.q, ts_rank(a.fts, t.q, 1) AS rank"
            f"  FROM articles a, (SELECT {tsquery} AS q) t WHERE a.fts @@ t.q AND {outlets}"
            "  ORDER BY rank DESC, a.id LIMIT %s) hit ORDER BY hit.rank DESC, hit.id",
            (SNIPPET, *args, *names, limit))
        return [(Article.from_dict(d), snip) for d, snip in rows]

    def delete(self, ids: Sequence[str]) -> list[str]:
        """article ids -> the ids that existed and were deleted (document, revisions, article,
        its search entry and readings)."""
        deleted = []
        with self.transaction():
            self.forget_pages_of(ids)
            self.forget_fetched_of(ids)
            for i in ids:
                if self.conn.execute("DELETE FROM documents WHERE id=%s", (i,)).rowcount:
                    deleted.append(i)
            self._log_changes(deleted)
            if deleted:
                self._bump_inputs()
        return deleted

    def outlet_counts(self) -> list[tuple[str, int]]:
        """-> [(outlet as first spelled, number of articles)], most articles first."""
        rows = self.conn.execute(
            "SELECT min(outlet), count(*) FROM articles WHERE outlet IS NOT NULL "
            "GROUP BY lower(outlet) ORDER BY count(*) DESC, lower(outlet)")
        return [(name, int(n)) for name, n in rows]

    # -- stories -----------------------------------------------------------------------------

    def replace_stories(self, stories: Sequence[Story], wire_groups: dict[str, str],
                        built_from: int) -> bool:
        """(the stories stage's output, the ``inputs_seq`` it was built from) -> stored as
        SQLiteStore.replace_stories does; -> False when later stories are stored already."""
        with self.transaction():
            if not self._stories_from(built_from):
                return False
            self.write_stories(stories, (), wire_groups, replace=True)
        return True

    def write_stories(self, stories: Sequence[Story], removed: Sequence[str],
                      wire_groups: Mapping[str, str], replace: bool = False) -> None:
        """as SQLiteStore.write_stories (inside the caller's transaction): with each story's
        importance (story_rank) and its articles by seq (article_stories)."""
        records = [s.to_dict() for s in stories]
        pairs = [(s.id, a) for s in stories for a in s.articles]
        with self.conn.cursor() as cur:
            if replace:
                for table in ("article_stories", "story_rank", "stories"):
                    cur.execute(f"DELETE FROM {table}")
            gone = [*removed, *(s.id for s in stories)]
            cur.executemany("DELETE FROM stories WHERE id=%s", [(i,) for i in gone])
            cur.executemany("INSERT INTO stories (id, first_published, data) VALUES (%s,%s,%s)",
                            [(s.id, s.first_published, _json(r))
                             for s, r in zip(stories, records, strict=True)])
            cur.executemany("INSERT INTO story_rank (story_id, importance) VALUES (%s,%s)",
                            [(r["id"], story_importance(r)) for r in records])
            cur.executemany("INSERT INTO story_articles (story_id, article_id) VALUES (%s,%s)",
                            pairs)
            cur.executemany("INSERT INTO article_stories (article_row, story_id) "
                            "SELECT seq, %s FROM articles WHERE id=%s", pairs)
            cur.executemany(
                "UPDATE articles SET data = jsonb_set(data, '{wire_group}', "
                "coalesce(to_jsonb(%s::text), 'null'::jsonb)) WHERE id=%s",
                [(group, article_id) for article_id, group in wire_groups.items()])
        self._bump_story_writes()

    def stories(self) -> list[Story]:
        """-> every story, newest first (by first published; undated last), then id."""
        rows = self.conn.execute(f"SELECT s.data FROM stories s {STORY_ORDER}")
        return [Story.from_dict(r[0]) for r in rows]

    def story(self, story_id: str) -> Story | None:
        """id -> the stored Story, or None."""
        row = self.conn.execute("SELECT data FROM stories WHERE id=%s", (story_id,)).fetchone()
        return Story.from_dict(row[0]) if row else None

    def stories_of(self, article_id: str) -> list[Story]:
        """article id -> the stories holding it (none or one, today), by id."""
        rows = self.conn.execute(
            "SELECT s.data FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
            "WHERE sa.article_id = %s ORDER BY s.id", (article_id,))
        return [Story.from_dict(r[0]) for r in rows]

    def story_page(self, q: str | None = None, since: str | None = None,
                   until: str | None = None, outlet: str | None = None, limit: int = 50,
                   offset: int = 0, sort: str = "importance") -> tuple[list[Story], int]:
        """filters -> (one page of matching stories in the order asked, the number matching
        in all); the same filters and orders as SQLiteStore.story_page."""
        cond, args = _story_where(q, since, until, outlet)
        order = order_by(sort)
        with self.conn.transaction():  # one snapshot: a rebuild committing meanwhile unseen
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            total = self.conn.execute(f"SELECT count(*) FROM stories s WHERE {cond}", args)
            count = int(_row(total)[0])
            rows = self.conn.execute(
                "SELECT s.data FROM stories s LEFT JOIN story_rank r ON r.story_id = s.id "
                f"WHERE {cond} ORDER BY {order} LIMIT %s OFFSET %s",
                [*args, max(0, limit), max(0, offset)]).fetchall()
        return [Story.from_dict(r[0]) for r in rows], count

    # -- caches and pins ---------------------------------------------------------------------

    def vectors(self, keys: list[str]) -> dict[str, bytes]:
        """cache keys -> {key: stored vector bytes} for those the store has."""
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            found.update((k, bytes(v)) for k, v in self.conn.execute(
                "SELECT key, vector FROM embeddings WHERE key = ANY(%s)",
                (keys[start : start + 500],)))
        return found

    def save_vectors(self, vectors: dict[str, bytes]) -> None:
        """{key: vector bytes} -> stored (one transaction)."""
        with self.transaction(), self.conn.cursor() as cur:
            cur.executemany("INSERT INTO embeddings (key, vector) VALUES (%s, %s) "
                            "ON CONFLICT (key) DO UPDATE SET vector = excluded.vector",
                            list(vectors.items()))

    def mentions(self, keys: dict[str, str]) -> dict[str, dict[str, Any]]:
        """{article id: cache key} -> {article id: its stored reading} where the key matches."""
        found: dict[str, dict[str, Any]] = {}
        ids = list(keys)
        for start in range(0, len(ids), 500):
            for article_id, key, data in self.conn.execute(
                    "SELECT article_id, key, data FROM mentions WHERE article_id = ANY(%s)",
                    (ids[start : start + 500],)):
                if keys[article_id] == key:
                    found[article_id] = data
        return found

    def save_mentions(self, rows: dict[str, tuple[str, dict[str, Any]]]) -> None:
        """{article id: (cache key, reading dict)} -> stored (one transaction)."""
        with self.transaction(), self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO mentions (article_id, key, data) VALUES (%s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET key = excluded.key, data = excluded.data",
                [(a, key, _json(data)) for a, (key, data) in rows.items()])

    def add_pin(self, pin: Pin) -> None:
        """A user's merge or split decision -> kept for every later clustering."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO pins (kind, articles, others, created_at) VALUES (%s, %s, %s, %s)",
                (pin.kind, json.dumps(pin.articles), json.dumps(pin.others), now()))
            self._bump_inputs()

    def pins(self) -> list[Pin]:
        """-> every pinned decision, oldest first."""
        rows = self.conn.execute("SELECT kind, articles, others FROM pins ORDER BY id")
        return [Pin(k, tuple(json.loads(a)), tuple(json.loads(o))) for k, a, o in rows]


def _story_where(q: str | None, since: str | None, until: str | None,
                 outlet: str | None) -> tuple[str, list[str]]:
    """story filters -> (SQL condition over ``stories s``, its arguments)."""
    where, args = ["TRUE"], []
    if since:
        where.append("substr(coalesce(s.data->>'last_published', s.first_published), 1, 10) "
                     ">= %s")
        args.append(since)
    if until:
        where.append("substr(s.first_published, 1, 10) <= %s")
        args.append(until)
    if outlet:
        where.append("EXISTS (SELECT 1 FROM jsonb_array_elements_text("
                     "CASE WHEN jsonb_typeof(s.data->'outlets') = 'array' "
                     "THEN s.data->'outlets' END) o WHERE lower(o) = lower(%s))")
        args.append(outlet)
    if q:  # full-text hits -> their stories by seq (article_stories)
        match, values = article_match(parse(q), "%s")
        where.append("s.id IN (SELECT m.story_id FROM article_stories m JOIN articles a "
                     f"ON a.seq = m.article_row WHERE {match})")
        args += values
    return " AND ".join(where), args
