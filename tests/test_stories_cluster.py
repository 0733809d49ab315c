"""Online story clustering: determinism, order independence, time decay, pins, contrast."""

from __future__ import annotations

import pytest

from crosswire.config import Settings, load_settings
from crosswire.models import Article
from crosswire.stories.cluster import Pins
from crosswire.stories.contrast import contrast_split
from crosswire.stories.embed import Embedder
from crosswire.stories.replay import cluster_articles
from crosswire.stories.represent import Features, featurise, raw_terms
from tests.factories import make_article

QUAKE = ("A magnitude 6.1 earthquake struck Lake County, California on {d}, damaging homes in "
         "Clearlake. The quake was felt in San Francisco, the US Geological Survey said.")
FLOOD = ("Floods in Bavaria forced thousands from their homes in Passau on {d} as the Danube "
         "rose to a record level, officials in Munich said.")


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """One ONNX session for the whole module."""
    return Embedder()


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def article(article_id: str, body: str, published: str | None = None) -> Article:
    return make_article(article_id, body, headline=body.split(".")[0], published=published,
                        confidence=None)


def stream() -> list[Article]:
    """Three quake reports and three flood reports, a week apart, interleaved."""
    days = ["2014-08-24", "2014-08-25", "2014-08-26"]
    return ([article(f"q{n}", QUAKE.format(d="Sunday") + f" Report {n}.", day)
             for n, day in enumerate(days)]
            + [article(f"f{n}", FLOOD.format(d="Monday") + f" Update {n}.", day)
               for n, day in enumerate(days)])


def groups(keys: dict[str, int]) -> set[frozenset[str]]:
    """{id: key} -> the partition as a set of id sets (labels do not matter)."""
    out: dict[int, set[str]] = {}
    for article_id, key in keys.items():
        out.setdefault(key, set()).add(article_id)
    return {frozenset(g) for g in out.values()}


def run(articles: list[Article], settings: Settings, embedder: Embedder,
        pins: Pins | None = None) -> dict[str, int]:
    return cluster_articles(featurise(articles, settings, embedder), settings, pins)


def test_two_events_make_two_stories(settings: Settings, embedder: Embedder) -> None:
    keys = run(stream(), settings, embedder)
    assert groups(keys) == {frozenset({"q0", "q1", "q2"}), frozenset({"f0", "f1", "f2"})}


def test_deterministic_and_independent_of_input_order(settings: Settings,
                                                      embedder: Embedder) -> None:
    articles = stream()
    first = run(articles, settings, embedder)
    assert run(articles, settings, embedder) == first
    assert run(articles[::-1], settings, embedder) == first  # same keys, not only same groups
    assert sorted(set(first.values())) == [0, 1]


def test_a_follow_up_a_year_later_is_a_new_story(settings: Settings,
                                                 embedder: Embedder) -> None:
    articles = [article("a", QUAKE.format(d="Sunday"), "2014-08-24"),
                article("b", QUAKE.format(d="Sunday") + " Aftershocks.", "2014-08-25"),
                article("c", QUAKE.format(d="Sunday") + " A year on.", "2015-08-24")]
    keys = run(articles, settings, embedder)
    assert keys["a"] == keys["b"] != keys["c"]
    undated = [article(a.id, a.body) for a in articles]  # no dates: no decay
    assert len(set(run(undated, settings, embedder).values())) == 1


def test_pins_are_honoured(settings: Settings, embedder: Embedder) -> None:
    articles = stream()
    pins = Pins(must_link=[{"q0", "f0"}], cannot_link=[("q1", "q2")])
    keys = run(articles, settings, embedder, pins)
    assert keys["q0"] == keys["f0"]
    assert keys["q1"] != keys["q2"]
    again = cluster_articles(articles, settings, must_link=[["q0", "f0"]],
                             cannot_link=[("q1", "q2")])
    assert groups(again) == groups(keys)


def test_contrast_split_tells_two_events_of_one_kind_apart() -> None:
    first = ("A magnitude 6.1 quake hit Napa, California on August 24, 2014, injuring 120 "
             "people; Napa vineyards were damaged.")
    second = ("A magnitude 7.8 quake hit Kathmandu, Nepal on April 25, 2015, killing 8,000 "
              "people; Kathmandu temples collapsed.")
    bodies = [first, first + " Repairs began.", first + " Wine lost.",
              second, second + " Aid arrived.", second + " Climbers stranded."]
    raw = [raw_terms("", body, 4.0) for body in bodies]
    from sklearn.feature_extraction import FeatureHasher

    from crosswire.stories.represent import N_FEATURES
    matrix = FeatureHasher(n_features=N_FEATURES, input_type="dict",
                           alternate_sign=False).transform(raw).tocsr()
    rows = [(matrix[i].indices, matrix[i].data) for i in range(len(bodies))]
    mask = contrast_split(rows, 0.42)
    assert mask is not None and list(mask) in ([False] * 3 + [True] * 3,
                                               [True] * 3 + [False] * 3)
    assert contrast_split(rows[:3], 0.42) is None


def test_contrast_evidence_needs_terms_that_side_with_one_half() -> None:
    import numpy as np
    import scipy.sparse as sp

    from crosswire.stories.contrast import contrast_evidence
    # Eighteen documents: terms 0-5 in the first nine only, 6-11 in the last nine only.
    two = sp.csr_matrix(np.kron(np.eye(2), np.ones((9, 6))))
    assert contrast_evidence(two, np.array([False] * 9 + [True] * 9)) > 10.0
    assert contrast_evidence(two, np.arange(18) % 2 == 1) == 0.0  # a cut along noise
    # A one-document half is never significant, however different it is.
    outlier = sp.csr_matrix(np.vstack([np.kron(np.ones((8, 1)), [1, 1, 0, 0]), [0, 0, 1, 1]]))
    assert contrast_evidence(outlier, np.array([False] * 8 + [True])) == 0.0


def synthetic(topics: int, per_topic: int, days: list[float | None], seed: int = 0,
              noise: float = 0.15) -> Features:
    """-> Features of `topics` made-up topics (own dense direction and sparse terms, a few
    terms shared by all), `per_topic` noisy articles each, topic t dated days[t] (+ n)."""
    import numpy as np
    import scipy.sparse as sp

    from crosswire.stories.represent import N_FEATURES
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(topics, 384))
    ids: list[str] = []
    dates: list[float | None] = []
    dense, rows = [], []
    for t in range(topics):
        day = days[t]
        for n in range(per_topic):
            ids.append(f"t{t}-{n}")
            dates.append(None if day is None else day + n)
            dense.append(centres[t] + rng.normal(0.0, noise * 20, 384))
            cols = sorted({*(100 * t + rng.choice(12, 8, replace=False)), 9000, 9001})
            rows.append((cols, rng.uniform(0.5, 1.5, len(cols))))
    dense_m = np.array(dense)
    dense_m /= np.linalg.norm(dense_m, axis=1, keepdims=True)
    indptr = np.cumsum([0] + [len(c) for c, _ in rows])
    counts = sp.csr_matrix((np.concatenate([v for _, v in rows]),
                            np.concatenate([c for c, _ in rows]), indptr),
                           shape=(len(ids), N_FEATURES))
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    sparse = sp.csr_matrix(sp.diags(1.0 / norms) @ counts)
    return Features(ids, dates, sparse, dense_m.astype(np.float32), counts)


def one(features: Features, i: int, article_id: str, day: float | None) -> Features:
    """-> row i of features as a one-article Features with a new id and day."""
    return Features([article_id], [day], features.sparse[i], features.dense[i:i + 1],
                    features.counts[i])


def test_review_looks_only_at_changed_and_live_stories(settings: Settings) -> None:
    from crosswire.stories.replay import replay
    # twenty topics, each 400 days after the last: only the newest is live at the end
    dated = [730_000.0 + 400 * t for t in range(20)]
    days: list[float | None] = [*dated, None]
    features = synthetic(21, 4, days)  # topic 20 (undated) is held back
    clusterer = replay(Features(features.ids[:80], features.days[:80], features.sparse[:80],
                                features.dense[:80], features.counts[:80]), settings)
    assert len(clusterer.stories) == 20
    assert clusterer.examined["drift"] == 20  # the end-of-batch review is a full one
    clusterer.add(one(features, 79, "late", dated[19] + 5.0))  # joins the newest story
    assert clusterer.examined["drift"] == 1
    assert clusterer.examined["merge"] == 1
    assert clusterer.examined["merge_against"] == 1  # no other story is within reach
    assert clusterer.examined["contrast"] <= 1
    clusterer.add(one(features, 80, "undated", None))  # undated: every story is in reach
    assert len(clusterer.stories) == 21
    assert clusterer.examined["merge"] == 1
    assert clusterer.examined["merge_against"] == 21
    clusterer.review()  # nothing changed since: nothing looked at
    assert sum(clusterer.examined.values()) == 0


def test_a_retiring_clusterer_lets_old_stories_go_and_keeps_their_assignments(
        settings: Settings) -> None:
    import dataclasses

    from crosswire.stories.cluster import OnlineClusterer
    from crosswire.stories.replay import canonical_order
    settings = dataclasses.replace(settings, story_review_every=8)
    # twenty topics, each 400 days after the last: only the newest stays held at the end
    dated = [730_000.0 + 400 * t for t in range(20)]
    features = synthetic(20, 4, dated)
    kept = OnlineClusterer(settings)
    kept.add(features, canonical_order(features))
    retiring = OnlineClusterer(settings, retiring=True)
    retiring.add(features, canonical_order(features))
    assert retiring.assignments() == kept.assignments()  # the same stories either way
    assert len(retiring.stories) == 1 and len(kept.stories) == 20
    assert len(retiring.ids) == 4 and len(retiring.settled) == 76
    assert retiring.changes.retired == set(range(19))


def test_incremental_review_matches_a_full_review(settings: Settings) -> None:
    import dataclasses
    import functools

    from crosswire.stories.cluster import OnlineClusterer
    from crosswire.stories.replay import canonical_order
    settings = dataclasses.replace(settings, story_review_every=7)
    # noisy topics, some close in time and some undated, so reviews split, drift and merge
    days: list[float | None] = [730_000.0 + 20 * (t % 5) for t in range(10)] + [None] * 4
    features = synthetic(14, 9, days, seed=3, noise=0.45)
    results = []
    for full in (False, True):
        clusterer = OnlineClusterer(settings)
        if full:
            clusterer.review = functools.partial(clusterer.review, full=True)
        clusterer.add(features, canonical_order(features))
        results.append((clusterer.assignments(), clusterer.related_keys()))
    assert results[0] == results[1]
    assert 3 <= len(set(results[0][0].values())) < len(features)
