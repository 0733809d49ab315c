"""The stories stage's online state in the store, both backends alike (schema 6 tables).

- ``cluster_rows``: one row per article the clusterer read (its row number ``seq``, story
  key, day, place in the vector index, features as bytes), ``cluster_stories``: one per story
  key (the story id it is shown under, live or retired, centroid sums and span),
  ``story_links``: related stories, ``term_df``: the IDF table's columns in use, ``wire_bands``:
  the MinHash LSH buckets of wire-copy detection, ``blobs``: the vector index as faiss writes
  it, ``story_redirects``: ids of stories merged into others.
- ``article_changes``: articles saved or deleted since the stories stage last read them
  (appended by ``save_articles`` and ``delete`` in their own transaction).
- ``meta`` key ``story_state``: the clusterer's counters and review sets as JSON, written last
  by every save: a state without it (never built, or a replay killed half-way) is replayed.

The methods that write take the rows the caller computed and run inside the caller's
transaction (:meth:`StoryStateRows.save_story_state` is called by the stories engine inside
the one transaction that also writes the stories), so state and stories never disagree.
A backend mixes this in and provides ``_run`` (:mod:`crosswire.store.bookkeeping`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from crosswire.models import Article
from crosswire.store.bookkeeping import now
from crosswire.store.chunks import chunks, placeholders

STATE = "story_state"


@dataclass
class StateRow:
    """A clusterer row as stored."""

    seq: int
    article_id: str
    article_key: str
    story_key: int
    day: float | None
    index_pos: int | None
    features: bytes | None = None  # None: not read (or not rewritten)


@dataclass
class StateStory:
    """A story key as stored."""

    key: int
    story_id: str
    live: bool
    first: float | None
    last: float | None
    centroid: bytes | None = None


@dataclass
class StateDelta:
    """What one update of the stories stage writes: rows added (with features) or moved,
    rows removed, stories upserted or removed, keys retired, links made and undone, IDF
    columns changed, wire buckets added, the vector index when rewritten, redirects, and
    the meta JSON."""

    rows: list[StateRow] = field(default_factory=list)
    removed_rows: list[int] = field(default_factory=list)
    stories: list[StateStory] = field(default_factory=list)
    removed_stories: list[int] = field(default_factory=list)
    retired: list[int] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    unlinked: list[tuple[int, int, str]] = field(default_factory=list)
    index_reset: bool = False  # the vector index was rebuilt: every position given afresh
    term_df: dict[int, int] = field(default_factory=dict)
    wire_bands: list[tuple[int, int, str]] = field(default_factory=list)
    wire_groups: dict[str, str] = field(default_factory=dict)  # article id -> root
    wire_removed: list[str] = field(default_factory=list)  # articles gone from the groups
    blobs: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # more named blobs
    index: tuple[int, bytes] | None = None  # (vectors it holds, bytes)
    redirects: dict[str, str] = field(default_factory=dict)  # old story id -> new
    meta: dict[str, Any] = field(default_factory=dict)
    changes_read: int = 0  # article_changes up to this seq were read
    replace: bool = False  # a replay: every earlier row is dropped first


def _state_row(r: Sequence[Any]) -> StateRow:
    """(seq, article id, key, story key, day, index pos, features) -> a StateRow."""
    return StateRow(int(r[0]), r[1], r[2], int(r[3]), r[4], r[5], bytes(r[6]))


class StoryStateRows:
    """Reading and writing the stories stage's state (see the module docstring)."""

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError  # provided by Bookkeeping

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError  # provided by the backend

    # -- the change log ----------------------------------------------------------------------

    def _log_changes(self, article_ids: Iterable[str]) -> None:
        """articles saved or deleted -> appended to the change log (inside the caller's
        transaction)."""
        for article_id in article_ids:
            self._run("INSERT INTO article_changes (article_id) VALUES (?)", (article_id,))

    def article_changes(self, after: int) -> tuple[int, list[str]]:
        """a change-log mark -> (the newest mark, ids of articles saved or deleted after the
        given one, each once, in order of their latest change)."""
        rows = self._run("SELECT seq, article_id FROM article_changes WHERE seq > ? "
                         "ORDER BY seq", (after,)).fetchall()
        latest = {article_id: seq for seq, article_id in rows}
        mark = max((seq for seq, _ in rows), default=after)
        return mark, sorted(latest, key=latest.__getitem__)

    def last_article_change(self) -> int:
        """-> the newest change-log mark (0 when empty)."""
        row = self._run("SELECT max(seq) FROM article_changes").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- reading the state -------------------------------------------------------------------

    def story_state_meta(self) -> dict[str, Any] | None:
        """-> the clusterer's meta JSON, or None when no complete state is stored."""
        row = self._run("SELECT text FROM meta WHERE key = ?", (STATE,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def live_state(self) -> tuple[list[StateStory], list[StateRow]]:
        """-> (the live stories, their rows with features), in key and row order."""
        stories = [StateStory(k, i, True, f, la, c) for k, i, f, la, c in self._run(
            "SELECT story_key, story_id, first_day, last_day, centroid FROM cluster_stories "
            "WHERE live = 1 ORDER BY story_key")]
        rows = [_state_row(r) for r in self._run(
            "SELECT r.seq, r.article_id, r.article_key, r.story_key, r.day, r.index_pos, "
            "r.features FROM cluster_rows r JOIN cluster_stories s "
            "ON s.story_key = r.story_key WHERE s.live = 1 ORDER BY r.seq")]
        for story in stories:
            story.centroid = bytes(story.centroid or b"")
        return stories, rows

    def state_stories(self, keys: Sequence[int]) -> tuple[list[StateStory], list[StateRow]]:
        """story keys -> (those stories, their rows with features), in key and row order."""
        stories: list[StateStory] = []
        rows: list[StateRow] = []
        for part in chunks(sorted(set(keys))):
            stories += [StateStory(k, i, bool(lv), f, la, bytes(c)) for k, i, lv, f, la, c in
                        self._run("SELECT story_key, story_id, live, first_day, last_day, "
                                  f"centroid FROM cluster_stories WHERE story_key IN "
                                  f"({placeholders(len(part))})", list(part))]
            rows += [_state_row(r) for r in self._run(
                "SELECT seq, article_id, article_key, story_key, day, index_pos, features "
                f"FROM cluster_rows WHERE story_key IN ({placeholders(len(part))})", list(part))]
        return sorted(stories, key=lambda s: s.key), sorted(rows, key=lambda r: r.seq)

    def retired_near(self, lo: float, hi: float) -> list[int]:
        """(a day range) -> keys of retired stories whose span reaches into it, or undated."""
        return [int(k) for (k,) in self._run(
            "SELECT story_key FROM cluster_stories WHERE live = 0 AND last_day >= ? "
            "AND first_day <= ? ORDER BY story_key", (lo, hi))]

    def state_rows_of(self, article_ids: Sequence[str]) -> list[StateRow]:
        """article ids -> their stored rows (without features), in row order (the rows of
        removed articles, kept while the vector index holds them, left out)."""
        rows: list[StateRow] = []
        for part in chunks(list(article_ids)):
            rows += [StateRow(*r) for r in self._run(
                "SELECT seq, article_id, article_key, story_key, day, index_pos "
                f"FROM cluster_rows WHERE article_id IN ({placeholders(len(part))}) "
                "AND story_key >= 0", list(part))]
        return sorted(rows, key=lambda r: r.seq)

    def indexed_rows(self, after: int = -1) -> list[tuple[int, int, bytes]]:
        """(an index position) -> (position, row, features) of the rows indexed after it,
        in position order (to continue a stored index, or rebuild it)."""
        return [(int(p), int(s), bytes(f)) for p, s, f in self._run(
            "SELECT index_pos, seq, features FROM cluster_rows WHERE index_pos > ? "
            "ORDER BY index_pos", (after,))]

    def index_positions(self) -> list[int]:
        """-> the row at each position of the stored vector index, in position order."""
        return [int(s) for (s,) in self._run(
            "SELECT seq FROM cluster_rows WHERE index_pos IS NOT NULL ORDER BY index_pos")]

    def blob(self, name: str) -> tuple[int, bytes] | None:
        """a name -> (its number, its bytes), or None."""
        row = self._run("SELECT number, data FROM blobs WHERE name = ?", (name,)).fetchone()
        return (int(row[0]), bytes(row[1])) if row else None

    def links_of(self, keys: Sequence[int]) -> list[tuple[int, int, str]]:
        """story keys -> every stored link touching any of them, as (a, b, kind)."""
        found: set[tuple[int, int, str]] = set()
        for part in chunks(sorted(set(keys))):
            marks = placeholders(len(part))
            found.update((int(a), int(b), k) for a, b, k in self._run(
                f"SELECT a, b, kind FROM story_links WHERE a IN ({marks}) OR b IN ({marks})",
                list(part) + list(part)))
        return sorted(found)

    def story_ids_of_keys(self, keys: Sequence[int]) -> dict[int, str]:
        """story keys -> {key: the story id it is shown under}."""
        out: dict[int, str] = {}
        for part in chunks(sorted(set(keys))):
            out.update((int(k), i) for k, i in self._run(
                f"SELECT story_key, story_id FROM cluster_stories WHERE story_key IN "
                f"({placeholders(len(part))})", list(part)))
        return out

    def taken_story_ids(self, ids: Sequence[str]) -> set[str]:
        """candidate story ids -> those already naming a story key or a redirect."""
        taken: set[str] = set()
        for part in chunks(sorted(set(ids))):
            marks = placeholders(len(part))
            taken.update(i for (i,) in self._run(
                f"SELECT story_id FROM cluster_stories WHERE story_id IN ({marks}) UNION "
                f"SELECT old_id FROM story_redirects WHERE old_id IN ({marks})",
                list(part) + list(part)))
        return taken

    def term_df(self, cols: Sequence[int]) -> dict[int, int]:
        """hashed term columns -> {column: documents holding it} (absent: 0)."""
        out: dict[int, int] = {}
        for part in chunks(sorted(set(int(c) for c in cols))):
            out.update((int(c), int(n)) for c, n in self._run(
                f"SELECT col, n FROM term_df WHERE col IN ({placeholders(len(part))})", list(part)))
        return out

    def wire_candidates(self, buckets: Sequence[tuple[int, int]]) -> set[str]:
        """(band, bucket) pairs -> ids of articles sharing any of them."""
        found: set[str] = set()
        for band, bucket in buckets:
            found.update(i for (i,) in self._run(
                "SELECT article_id FROM wire_bands WHERE band = ? AND bucket = ?",
                (band, bucket)))
        return found

    def wire_roots(self, article_ids: Sequence[str]) -> dict[str, str]:
        """article ids -> {id: its wire group's original} for those in a group."""
        out: dict[str, str] = {}
        for part in chunks(sorted(set(article_ids))):
            out.update(self._run(f"SELECT article_id, root FROM wire_groups WHERE article_id "
                                 f"IN ({placeholders(len(part))})", list(part)).fetchall())
        return out

    def wire_members(self, root: str) -> list[str]:
        """a wire group's original -> the ids of its group."""
        return [i for (i,) in self._run("SELECT article_id FROM wire_groups WHERE root = ?",
                                        (root,))]

    def members_of_keys(self, keys: Sequence[int]) -> dict[int, list[str]]:
        """story keys -> {key: ids of its articles}, in row order."""
        out: dict[int, list[str]] = {}
        for part in chunks(sorted(set(keys))):
            for key, article_id in self._run(
                    f"SELECT story_key, article_id FROM cluster_rows WHERE story_key IN "
                    f"({placeholders(len(part))}) ORDER BY seq", list(part)):
                out.setdefault(int(key), []).append(article_id)
        return out

    def centroids_of(self, keys: Sequence[int]) -> dict[int, bytes]:
        """story keys -> {key: its stored centroid bytes}."""
        out: dict[int, bytes] = {}
        for part in chunks(sorted(set(keys))):
            out.update((int(k), bytes(c)) for k, c in self._run(
                f"SELECT story_key, centroid FROM cluster_stories WHERE story_key IN "
                f"({placeholders(len(part))})", list(part)))
        return out

    def articles_of(self, article_ids: Sequence[str]) -> dict[str, Article]:
        """article ids -> {id: the stored Article} for those stored."""
        out: dict[str, Article] = {}
        for part in chunks(sorted(set(article_ids))):
            for article_id, data in self._run(f"SELECT id, data FROM articles WHERE id IN "
                                              f"({placeholders(len(part))})", list(part)):
                out[article_id] = Article.from_dict(
                    json.loads(data) if isinstance(data, str) else data)
        return out

    def redirect(self, story_id: str) -> str | None:
        """an id that names no story -> the id of the story that took it over, following
        merges to the end (None: never redirected)."""
        seen = {story_id}
        current, moved = story_id, None
        while True:
            row = self._run("SELECT new_id FROM story_redirects WHERE old_id = ?",
                            (current,)).fetchone()
            if not row or row[0] in seen:
                return moved
            current = moved = row[0]
            seen.add(current)

    # -- writing the state (inside the caller's transaction) ------------------------------------

    def save_story_state(self, delta: StateDelta) -> None:
        """a StateDelta -> written (inside the caller's transaction)."""
        for part in chunks(sorted(delta.wire_removed)):
            marks = placeholders(len(part))
            self._run(f"DELETE FROM wire_bands WHERE article_id IN ({marks})", list(part))
            self._run(f"DELETE FROM wire_groups WHERE article_id IN ({marks})", list(part))
        if delta.replace:
            for table in ("cluster_rows", "cluster_stories", "story_links", "term_df",
                          "wire_bands", "wire_groups", "blobs"):
                self._run(f"DELETE FROM {table}")
        self._save_rows(delta)
        self._save_stories(delta)
        self._save_links(delta)
        for col, n in sorted(delta.term_df.items()):
            self._run("INSERT INTO term_df (col, n) VALUES (?, ?) ON CONFLICT (col) "
                      "DO UPDATE SET n = excluded.n", (col, n))
        for article_id, root in sorted(delta.wire_groups.items()):
            self._run("INSERT INTO wire_groups (article_id, root) VALUES (?, ?) ON CONFLICT "
                      "(article_id) DO UPDATE SET root = excluded.root", (article_id, root))
        for band, bucket, article_id in delta.wire_bands:
            self._run("INSERT INTO wire_bands (band, bucket, article_id) VALUES (?, ?, ?)",
                      (band, bucket, article_id))
        blobs = dict(delta.blobs, **({"index": delta.index} if delta.index else {}))
        for name, (number, data) in sorted(blobs.items()):
            self._run("INSERT INTO blobs (name, number, data) VALUES (?, ?, ?) "
                      "ON CONFLICT (name) DO UPDATE SET number = excluded.number, "
                      "data = excluded.data", (name, number, data))
        for old, new in sorted(delta.redirects.items()):
            self._run("INSERT INTO story_redirects (old_id, new_id, reason, moved_at) "
                      "VALUES (?, ?, 'merged', ?) ON CONFLICT (old_id) DO UPDATE SET "
                      "new_id = excluded.new_id, moved_at = excluded.moved_at",
                      (old, new, now()))
        self._run("DELETE FROM article_changes WHERE seq <= ?", (delta.changes_read,))
        self._run("INSERT INTO meta (key, number, text) VALUES (?, 0, ?) ON CONFLICT (key) "
                  "DO UPDATE SET text = excluded.text", (STATE, json.dumps(delta.meta)))

    def forget_story_state(self) -> None:
        """The state marked incomplete (the next update replays), in its own transaction."""
        with self.transaction():
            self._run("DELETE FROM meta WHERE key = ?", (STATE,))

    def _save_rows(self, delta: StateDelta) -> None:
        if delta.index_reset:  # every place given afresh; removed articles' rows can go
            self._run("UPDATE cluster_rows SET index_pos = NULL WHERE index_pos IS NOT NULL")
            self._run("DELETE FROM cluster_rows WHERE story_key < 0")
        for row in delta.rows:
            if row.features is not None:
                self._run("INSERT INTO cluster_rows (seq, article_id, article_key, story_key, "
                          "day, index_pos, features) VALUES (?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (seq) DO UPDATE SET story_key = excluded.story_key, "
                          "index_pos = excluded.index_pos",
                          (row.seq, row.article_id, row.article_key, row.story_key, row.day,
                           row.index_pos, row.features))
            else:
                self._run("UPDATE cluster_rows SET story_key = ?, index_pos = ? WHERE seq = ?",
                          (row.story_key, row.index_pos, row.seq))
        for part in chunks(sorted(delta.removed_rows)):
            self._run(f"DELETE FROM cluster_rows WHERE seq IN ({placeholders(len(part))})",
                      list(part))

    def _save_stories(self, delta: StateDelta) -> None:
        for story in delta.stories:
            self._run("INSERT INTO cluster_stories (story_key, story_id, live, first_day, "
                      "last_day, centroid) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (story_key) "
                      "DO UPDATE SET story_id = excluded.story_id, live = excluded.live, "
                      "first_day = excluded.first_day, last_day = excluded.last_day, "
                      "centroid = excluded.centroid",
                      (story.key, story.story_id, int(story.live), story.first, story.last,
                       story.centroid))
        for part in chunks(sorted(delta.removed_stories)):
            self._run(f"DELETE FROM cluster_stories WHERE story_key IN ({placeholders(len(part))})",
                      list(part))
        for part in chunks(sorted(delta.retired)):
            self._run(f"UPDATE cluster_stories SET live = 0 WHERE story_key IN "
                      f"({placeholders(len(part))})", list(part))

    def _save_links(self, delta: StateDelta) -> None:
        for a, b, kind in delta.unlinked:
            self._run("DELETE FROM story_links WHERE a = ? AND b = ? AND kind = ?", (a, b, kind))
        for a, b, kind in sorted(set(delta.links)):
            self._run("INSERT INTO story_links (a, b, kind) VALUES (?, ?, ?) "
                      "ON CONFLICT (a, b, kind) DO NOTHING", (a, b, kind))

