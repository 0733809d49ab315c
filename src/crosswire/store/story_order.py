"""The story list's orders: by importance (the default) or newest first.

Input: a story's independent sources and the time of its latest article; output: its
importance, stored beside the story (table ``story_rank``) when the stories are written, so a
listing sorts on one indexed number.

importance = log2(1 + independent sources) + (day of the latest article) / HALF_LIFE_DAYS

Subtracting the same "today" from every story would not change the order, so none is: a story's
weight halves every HALF_LIFE_DAYS as newer ones arrive, and doubling 1 + its independent
sources makes up for that much age (a story with 3 independent sources stands level with a
single-source one HALF_LIFE_DAYS newer). Undated stories come last, by id.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from crosswire.errors import UsageError

HALF_LIFE_DAYS = 2.0
ORDERS = ("importance", "newest")
NEWEST_SQL = "s.first_published IS NULL, s.first_published DESC, s.id"
IMPORTANCE_SQL = f"r.importance IS NULL, r.importance DESC, {NEWEST_SQL}"


def importance(independent_sources: int | None, latest: str | None) -> float | None:
    """(a story's independent sources, ISO date or datetime of its latest article) -> its
    importance (above), None when undated or the date cannot be read. A datetime with an offset
    counts in UTC, one without as UTC."""
    if not latest:
        return None
    try:
        moment = datetime.fromisoformat(latest)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    days = moment.timestamp() / 86400
    return math.log2(1 + max(0, independent_sources or 0)) + days / HALF_LIFE_DAYS


def story_importance(data: dict[str, object]) -> float | None:
    """a story's stored record (its JSON dict) -> its importance."""
    sources = data.get("independent_sources")
    latest = data.get("last_published") or data.get("first_published")
    return importance(sources if isinstance(sources, int) else 0,
                      latest if isinstance(latest, str) else None)


def order_by(sort: str) -> str:
    """'importance' or 'newest' -> the ORDER BY terms over ``stories s`` (joined to
    ``story_rank r`` for importance); UsageError naming the choices otherwise."""
    if sort not in ORDERS:
        raise UsageError(f"sort: {sort!r} is not an order of the story list: "
                         f"{' or '.join(ORDERS)}")
    return IMPORTANCE_SQL if sort == "importance" else NEWEST_SQL
