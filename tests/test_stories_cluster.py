"""Online story clustering: determinism, order independence, time decay, pins, contrast."""

from __future__ import annotations

import pytest

from crosswire.config import Settings, load_settings
from crosswire.models import Article
from crosswire.stories.cluster import Pins, cluster_articles, contrast_split
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import featurise, raw_terms
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

    from crosswire.stories.cluster import contrast_evidence
    # Eighteen documents: terms 0-5 in the first nine only, 6-11 in the last nine only.
    two = sp.csr_matrix(np.kron(np.eye(2), np.ones((9, 6))))
    assert contrast_evidence(two, np.array([False] * 9 + [True] * 9)) > 10.0
    assert contrast_evidence(two, np.arange(18) % 2 == 1) == 0.0  # a cut along noise
    # A one-document half is never significant, however different it is.
    outlier = sp.csr_matrix(np.vstack([np.kron(np.ones((8, 1)), [1, 1, 0, 0]), [0, 0, 1, 1]]))
    assert contrast_evidence(outlier, np.array([False] * 8 + [True])) == 0.0
