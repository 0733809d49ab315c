"""The stories stage: every stored article -> wire groups and stories.

Batch = replay: wire copies are found across all articles and clustering replays every
article in publication order, so the result does not depend on the order files were ingested
in. Stream: the state the replay leaves (:class:`StoryState`: the clusterer with its index,
the IDF table, the wire-copy index) is kept by the runner, and a later run that only *adds*
articles feeds them to that state online (publication order within the run) instead of
replaying everything; any other change (an article changed or deleted, a pin, other story
settings) replays. Pinned user decisions are honoured. Articles detected as another language
than English are left out (and named).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from crosswire.config import Settings
from crosswire.models import Article, Pin, Story
from crosswire.stories.build import build_stories
from crosswire.stories.cluster import OnlineClusterer, canonical_order, replay
from crosswire.stories.dedupe import WireIndex
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import Representer


@dataclass
class StoriesResult:
    """What the stories stage produced."""

    stories: list[Story]
    wire_groups: dict[str, str]
    left_out: list[str] = field(default_factory=list)  # non-English article ids
    state: StoryState | None = None  # what a later run that only adds articles continues
    incremental: bool = False  # True when new articles were added to a kept state


@dataclass
class StoryState:
    """The stories stage's memory between runs: who is in it (article id -> the key of what
    clustering read), under which settings and pins, and the online structures."""

    fingerprint: str
    members: dict[str, str]
    clusterer: OnlineClusterer
    representer: Representer
    wires: WireIndex


def article_key(article: Article) -> str:
    """Article -> a digest of what the stories stage reads of it (date, headline, body)."""
    text = "\x00".join([article.published or "", article.headline or "", article.body])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def fingerprint(settings: Settings, pins: Sequence[Pin]) -> str:
    """story settings + pins -> a digest; a kept state is only continued under the same."""
    knobs = {k: v for k, v in asdict(settings).items() if k.startswith("story_")}
    return hashlib.sha1(repr((sorted(knobs.items()), list(pins))).encode()).hexdigest()


def links_from_pins(pins: Sequence[Pin]) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """pins -> (must-link groups, cannot-link pairs) in article ids, later pins winning."""
    must: list[list[str]] = []
    cannot: list[tuple[str, str]] = []
    for pin in pins:
        must.append(list(pin.articles))
        if pin.kind == "merge":  # a later merge undoes earlier splits between its articles
            joined = set(pin.articles)
            cannot = [(a, b) for a, b in cannot if not (a in joined and b in joined)]
        if pin.kind == "split":
            moved = set(pin.articles)
            cannot += [(a, b) for a in pin.articles for b in pin.others]
            must = [[x for x in group if x not in moved] for group in must[:-1]] + [must[-1]]
    return [g for g in must if len(g) > 1], cannot


def _split_language(articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
    """articles -> (the English or undetermined ones, ids of the others)."""
    english = [a for a in articles if a.language in ("en", None)]
    return english, [a.id for a in articles if a.language not in ("en", None)]


def build(articles: Sequence[Article], settings: Settings, pins: Sequence[Pin] = (),
          embedder: Embedder | None = None) -> StoriesResult:
    """all articles (+ pinned decisions, + an embedder: one caching in the store) ->
    StoriesResult by replaying the whole collection, with the state a stream continues."""
    english, left_out = _split_language(articles)
    if not english:
        return StoriesResult([], {}, left_out)
    wires = WireIndex()
    wires.add(english, {})
    groups = wires.groups()
    must, cannot = links_from_pins(pins)
    representer = Representer(settings, embedder)
    features = representer.featurise(english)
    clusterer = replay(features, settings, must_link=must, cannot_link=cannot)
    clusterer.forget_changes()
    stories = build_stories(english, clusterer.assignments(), groups, clusterer.related_keys())
    state = StoryState(fingerprint(settings, pins), {a.id: article_key(a) for a in english},
                       clusterer, representer, wires)
    return StoriesResult(stories, groups, left_out, state)


def extend(state: StoryState, articles: Sequence[Article], settings: Settings,
           pins: Sequence[Pin] = (), embedder: Embedder | None = None) -> StoriesResult | None:
    """a kept state + all articles now stored -> StoriesResult with the new articles added
    online; None when the state does not fit (anything but additions changed)."""
    english, left_out = _split_language(articles)
    current = {a.id: article_key(a) for a in english}
    if state.fingerprint != fingerprint(settings, pins) or any(
            current.get(i) != key for i, key in state.members.items()):
        return None
    new = [a for a in english if a.id not in state.members]
    if new:
        state.representer.embedder = embedder
        features = state.representer.featurise(new)
        state.clusterer.add(features, canonical_order(features), review=True)
        state.wires.add(new, {a.id: a for a in english})
        state.members.update({a.id: current[a.id] for a in new})
    groups = state.wires.groups()
    clusterer = state.clusterer
    clusterer.forget_changes()
    stories = build_stories(english, clusterer.assignments(), groups, clusterer.related_keys())
    return StoriesResult(stories, groups, left_out, state, incremental=True)
