"""Batch clustering: a collection replayed through the online clusterer in a canonical order
(dated by day then id, then undated by id), so the result does not depend on file order; all
ties break on indices and the vector index adds one vector at a time, so runs are
deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crosswire.config import Settings
from crosswire.models import Article
from crosswire.stories.cluster import OnlineClusterer, Pins
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import Features, featurise


def canonical_order(features: Features) -> list[int]:
    """Features -> row order of a batch replay: dated rows by (day, id), then undated by id."""
    return sorted(range(len(features)), key=lambda i: (
        features.days[i] is None, features.days[i] or 0.0, features.ids[i]))


def cluster_articles(items: Features | Sequence[Article], settings: Settings,
                     pins: Pins | None = None, *,
                     must_link: Iterable[Iterable[str]] | None = None,
                     cannot_link: Iterable[tuple[str, str]] | None = None) -> dict[str, int]:
    """Features (or Articles, featurised here as one batch) + pins (a Pins, or must_link
    groups and cannot_link pairs) -> {article id: story key}, keys 0.. in canonical order.
    The stream is replayed in canonical order, so the result is independent of input order."""
    return replay(items, settings, pins, must_link=must_link, cannot_link=cannot_link
                  ).assignments()


def replay(items: Features | Sequence[Article], settings: Settings, pins: Pins | None = None,
           *, must_link: Iterable[Iterable[str]] | None = None,
           cannot_link: Iterable[tuple[str, str]] | None = None,
           embedder: Embedder | None = None, retiring: bool = False) -> OnlineClusterer:
    """the same inputs as :func:`cluster_articles` (+ an embedder, e.g. one that caches in the
    store) -> the clusterer after replaying them, for callers that also want related pairs."""
    features = items if isinstance(items, Features) else featurise(items, settings, embedder)
    pins = pins or Pins()
    pins = Pins(pins.must_link + [set(g) for g in must_link or ()],
                pins.cannot_link + [(a, b) for a, b in cannot_link or ()])
    clusterer = OnlineClusterer(settings, pins, dim=features.dense.shape[1], retiring=retiring)
    clusterer.add(features, canonical_order(features), review=False)
    clusterer.review(full=True)
    return clusterer
