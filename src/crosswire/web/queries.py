"""Read-only listings the web pages need that the store does not offer as one call: a page
of stories with filters, the outlets of the collection, the stories holding an article.

Input: an open SQLite store (its tables as in ``store/schema.sql``); output: contract records.
Each query is one SQL statement, so a listing stays fast with many thousands of stories.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from crosswire.errors import UsageError
from crosswire.models import Story
from crosswire.store import Store
from crosswire.store.sqlite import fts_query


@dataclass
class StoryFilter:
    """What a story listing asks for: a full-text query over the stories' articles, a date
    range (ISO days, inclusive, overlapping the story's span), an outlet, and a page."""

    q: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    limit: int = 50
    offset: int = 0


@dataclass
class StoryPage:
    """One page of a story listing: the stories (newest first) and how many match in all."""

    stories: list[Story] = field(default_factory=list)
    total: int = 0


def iso_day(value: str | None, name: str = "date") -> str | None:
    """a form or query value ('' or None: no bound; an ISO date, or a datetime whose day is
    taken) -> 'YYYY-MM-DD' or None; UsageError naming the parameter when it is no date."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError as exc:
        raise UsageError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from exc


def _where(flt: StoryFilter) -> tuple[str, list[str]]:
    """StoryFilter -> (SQL condition over ``stories s``, its arguments)."""
    where, args = ["1=1"], []
    if flt.since:
        where.append("substr(coalesce(json_extract(s.data, '$.last_published'), "
                     "s.first_published), 1, 10) >= ?")
        args.append(flt.since)
    if flt.until:
        where.append("substr(s.first_published, 1, 10) <= ?")
        args.append(flt.until)
    if flt.outlet:
        where.append("EXISTS (SELECT 1 FROM json_each(s.data, '$.outlets') o "
                     "WHERE lower(o.value) = lower(?))")
        args.append(flt.outlet)
    if flt.q:
        where.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a "
                     "ON a.id = sa.article_id WHERE a.rowid IN (SELECT rowid FROM articles_fts "
                     "WHERE articles_fts MATCH ?))")
        args.append(fts_query(flt.q))
    return " AND ".join(where), args


def list_stories(store: Store, flt: StoryFilter) -> StoryPage:
    """(store, filter) -> the page of matching stories, newest first (undated last), then id,
    and the number of matches. UsageError when the query has no words."""
    cond, args = _where(flt)
    total = store.conn.execute(f"SELECT count(*) FROM stories s WHERE {cond}", args).fetchone()
    ids = [r[0] for r in store.conn.execute(  # sort the keys only, then fetch the page
        f"SELECT s.id FROM stories s WHERE {cond} "
        "ORDER BY s.first_published IS NULL, s.first_published DESC, s.id LIMIT ? OFFSET ?",
        [*args, max(0, flt.limit), max(0, flt.offset)])]
    marks = ",".join("?" * len(ids))
    data = dict(store.conn.execute(f"SELECT id, data FROM stories WHERE id IN ({marks})", ids))
    return StoryPage([Story.from_dict(json.loads(data[i])) for i in ids], int(total[0]))


def outlets(store: Store) -> list[tuple[str, int]]:
    """store -> [(outlet as first spelled, number of articles)], most articles first."""
    rows = store.conn.execute(
        "SELECT min(outlet), count(*) FROM articles WHERE outlet IS NOT NULL "
        "GROUP BY lower(outlet) ORDER BY count(*) DESC, lower(outlet)")
    return [(name, int(n)) for name, n in rows]


def stories_of(store: Store, article_id: str) -> list[Story]:
    """(store, article id) -> the stories holding that article (none or one, today)."""
    rows = store.conn.execute(
        "SELECT s.data FROM stories s JOIN story_articles sa ON sa.story_id = s.id "
        "WHERE sa.article_id = ? ORDER BY s.id", (article_id,))
    return [Story.from_dict(json.loads(r[0])) for r in rows]
