"""Story features: the embedder, the light lemmatiser, entity signals and batch TF-IDF."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from crosswire.config import load_settings
from crosswire.models import Article
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import entity_terms, featurise, lemma, word_terms
from tests.factories import make_article


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    """One ONNX session for the whole module."""
    return Embedder()


def article(article_id: str, body: str, published: str | None = None) -> Article:
    return make_article(article_id, body, headline=body.split(".")[0], published=published,
                        confidence=None)


def test_embeddings_are_unit_vectors_and_deterministic(embedder: Embedder) -> None:
    texts = ["An earthquake struck northern Chile.", "", "Stocks fell sharply on Monday."]
    first, second = embedder.embed(texts, 64), embedder.embed(texts, 64)
    assert first.shape == (3, 384)
    assert np.allclose(np.linalg.norm(first[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not first[1].any()  # empty text -> zero vector
    assert np.array_equal(first, second)


def test_similar_sentences_score_higher_than_unrelated(embedder: Embedder) -> None:
    quake, quake2, market = embedder.embed([
        "A strong earthquake shook the coast of Indonesia on Sunday.",
        "Indonesia was hit by a powerful quake on Sunday.",
        "The central bank raised interest rates by half a point."], 64)
    assert quake @ quake2 > quake @ market + 0.3


def test_lemma_folds_inflections() -> None:
    assert lemma("sentences") == lemma("sentence") == "sentence"
    assert lemma("killed") == "kill" and lemma("running") == "run"
    assert lemma("injuries") == "injury" and lemma("bus") == "bus"
    assert "said" not in word_terms("He said the quakes killed four")


def test_entity_terms_find_names_numbers_and_dates() -> None:
    terms = entity_terms("Tara Reid checked into Promises on Dec. 11, 2008, and a 6.1 "
                         "magnitude quake hit. Police said 4 people died on 16 August.")
    assert {"E:tara reid", "e:reid", "N:6.1 magnitude", "Y:2008", "D:dec 11",
            "D:aug 16"} <= set(terms)
    assert "E:police" not in terms  # a capitalised word opening a sentence is not a name


def test_batch_features_do_not_depend_on_order(embedder: Embedder) -> None:
    settings = load_settings(story_embeddings=False)
    articles = [article(str(n), text) for n, text in enumerate([
        "Fire destroys a warehouse in Ohio.", "A fire in Ohio burns a warehouse down.",
        "The senate passed the budget bill."])]
    forward = featurise(articles, settings)
    backward = featurise(articles[::-1], settings)
    assert np.allclose(forward.sparse.toarray(), backward.sparse.toarray()[::-1])
    assert np.allclose(forward.dense, backward.dense[::-1])
    with_embeddings = featurise(articles, dataclasses.replace(settings, story_embeddings=True),
                                embedder)
    assert np.allclose(np.linalg.norm(with_embeddings.dense, axis=1), 1.0, atol=1e-5)
