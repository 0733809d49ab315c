"""Read-only listings the web pages need that the store does not offer as one call: a page
of stories with filters, the outlets of the collection, the stories holding an article.

Input: an open store (SQLite or PostgreSQL); output: contract records. The SQL lives in the
store backends (``story_page``, ``outlet_counts``, ``stories_of``), a few statements per
listing, so a listing stays fast with many thousands of stories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crosswire.errors import UsageError
from crosswire.models import Story
from crosswire.store import Store
from crosswire.store.story_order import ORDERS as SORTS


@dataclass
class StoryFilter:
    """What a story listing asks for: a query in the search syntax over the stories'
    articles (store/search_query.py), a date range (ISO days, inclusive, overlapping the
    story's span), an outlet, a page, and the order ('importance', the default, or 'newest':
    store/story_order.py)."""

    q: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    limit: int = 50
    offset: int = 0
    sort: str = "importance"


@dataclass
class StoryPage:
    """One page of a story listing: the stories (in the order asked) and how many match."""

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


def list_stories(store: Store, flt: StoryFilter) -> StoryPage:
    """(store, filter) -> the page of matching stories, most important or newest first
    (undated last), then id, and the number of matches. UsageError, saying what to write,
    when the query cannot be read or the order is unknown."""
    stories, total = store.story_page(flt.q, flt.since, flt.until, flt.outlet,
                                      flt.limit, flt.offset, sort_order(flt.sort))
    return StoryPage(stories, total)


def sort_order(value: str | None, default: str = "importance") -> str:
    """(a form, query or option value ('' or None: the default), the default) ->
    'importance' or 'newest'; UsageError naming the choices otherwise."""
    chosen = (value or "").strip().lower() or default
    if chosen not in SORTS:
        raise UsageError(f"sort: {value!r} is not an order of the story list: "
                         f"{' or '.join(SORTS)}")
    return chosen


def outlets(store: Store) -> list[tuple[str, int]]:
    """store -> [(outlet as first spelled, number of articles)], most articles first."""
    return store.outlet_counts()


def stories_of(store: Store, article_id: str) -> list[Story]:
    """(store, article id) -> the stories holding that article (none or one, today)."""
    return store.stories_of(article_id)
