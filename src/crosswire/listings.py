"""List reads the CLI and the JSON API share beyond what one store call gives: every story a
filter matches, page by page in the web list's order, and search hits filtered by published
day and outlet.

Input: an open store and the filters (ISO days, inclusive; an outlet, case-insensitively:
the same rules as ``Store.articles``); output: contract records.
"""

from __future__ import annotations

from collections.abc import Iterator

from crosswire.models import Article, Story
from crosswire.store import Store

PAGE = 500  # stories read per query
FIRST_ASK = 50  # search hits asked for first when filtering; then four times more each time


def matching_stories(store: Store, q: str | None = None, since: str | None = None,
                     until: str | None = None, outlet: str | None = None,
                     limit: int | None = None, sort: str = "importance") -> Iterator[Story]:
    """(store, the story list's filters, at most how many (None: all), the order) -> the
    matching stories in the web list's order (``Store.story_page``), read PAGE at a time."""
    offset = 0
    while limit is None or offset < limit:
        size = PAGE if limit is None else min(PAGE, limit - offset)
        page, total = store.story_page(q, since, until, outlet, size, offset, sort)
        yield from page
        offset += len(page)
        if not page or offset >= total:
            return


def within(article: Article, since: str | None, until: str | None,
           outlet: str | None) -> bool:
    """(article, first and last published day, outlet) -> does it pass the filters? An
    undated article passes no date bound (as ``Store.articles``)."""
    day = (article.published or "")[:10]
    if (since or until) and not day:
        return False
    if (since and day < since) or (until and day > until):
        return False
    return not outlet or (article.outlet or "").lower() == outlet.lower()


def filtered_search(store: Store, query: str, since: str | None = None,
                    until: str | None = None, outlet: str | None = None,
                    limit: int = 50) -> list[tuple[Article, str]]:
    """(store, free text, published day range, outlet, at most how many) -> [(article,
    snippet)], best first, of the hits that pass the filters: hits are asked for in growing
    batches until enough pass or none are left."""
    if not (since or until or outlet):
        return store.search(query, limit)
    ask = max(limit, FIRST_ASK)
    while True:
        hits = store.search(query, ask)
        kept = [h for h in hits if within(h[0], since, until, outlet)]
        if len(kept) >= limit or len(hits) < ask:
            return kept[:limit]
        ask *= 4
