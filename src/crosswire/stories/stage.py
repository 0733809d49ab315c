"""The stories stage: every stored article -> wire groups and stories (batch = replay).

Runs over the whole collection after the per-batch stages: wire copies are found across all
articles, and clustering replays every article in publication order, so the result does not
depend on the order files were ingested in. Pinned user decisions are honoured. Articles
detected as another language than English are left out (and named).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crosswire.config import Settings
from crosswire.models import Article, Pin, Story
from crosswire.stories.build import build_stories
from crosswire.stories.cluster import replay
from crosswire.stories.dedupe import wire_groups
from crosswire.stories.embed import Embedder


@dataclass
class StoriesResult:
    """What the stories stage produced."""

    stories: list[Story]
    wire_groups: dict[str, str]
    left_out: list[str] = field(default_factory=list)  # non-English article ids


def links_from_pins(pins: Sequence[Pin]) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """pins -> (must-link groups, cannot-link pairs) in article ids, later pins winning."""
    must: list[list[str]] = []
    cannot: list[tuple[str, str]] = []
    for pin in pins:
        must.append(list(pin.articles))
        if pin.kind == "split":
            moved = set(pin.articles)
            cannot += [(a, b) for a in pin.articles for b in pin.others]
            must = [[x for x in group if x not in moved] for group in must[:-1]] + [must[-1]]
    return [g for g in must if len(g) > 1], cannot


def build(articles: Sequence[Article], settings: Settings, pins: Sequence[Pin] = (),
          embedder: Embedder | None = None) -> StoriesResult:
    """all articles (+ pinned decisions, + an embedder: one caching in the store) ->
    StoriesResult."""
    english = [a for a in articles if a.language in ("en", None)]
    left_out = [a.id for a in articles if a.language not in ("en", None)]
    if not english:
        return StoriesResult([], {}, left_out)
    groups = wire_groups(english)
    must, cannot = links_from_pins(pins)
    clusterer = replay(english, settings, must_link=must, cannot_link=cannot, embedder=embedder)
    stories = build_stories(english, clusterer.assignments(), groups, clusterer.related_keys())
    return StoriesResult(stories, groups, left_out)
