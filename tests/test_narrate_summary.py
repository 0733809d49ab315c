"""The summary of a story: every sentence cites spans that state it; composed sentences are
marked and built only from cited facts; support and single-source flags are right."""

from __future__ import annotations

import pytest

from crosswire import api
from crosswire.models import Article, Citation, DatedSentence, Fact, Reading, StoryCard
from crosswire.narrate.summary import summarise
from crosswire.store import open_store
from tests.factories import make_article


@pytest.fixture
def card(raqqa_story: tuple[str, str]) -> StoryCard:
    """The 2017 Raqqa story's card, built from the samples."""
    db, story = raqqa_story
    return api.story_card(open_store(db), story)


def _body(card: StoryCard, citation: Citation) -> str:
    article = next(a for a in card.articles if a.id == citation.article)
    return article.body[citation.start:citation.end]


def test_the_summary_has_the_default_length(card: StoryCard) -> None:
    assert len(card.summary) == 5


def test_every_extracted_sentence_is_exactly_its_cited_span(card: StoryCard) -> None:
    for sentence in card.summary:
        if not sentence.composed:
            assert [_body(card, c) for c in sentence.citations] == [sentence.text]


def test_composed_sentences_cite_every_report_they_are_built_from(card: StoryCard) -> None:
    composed = [s for s in card.summary if s.composed]
    assert composed, "the samples' consistent death toll should be composed"
    toll = next(s for s in composed if "3,250" in s.text)
    cited = [_body(card, c) for c in toll.citations]
    assert any("3,250" in text for text in cited) and any("3,200" in text for text in cited)
    assert "3,250" in toll.text and "3,200" in toll.text
    assert "Syrian Observatory" in toll.text and not toll.single_source


def test_a_sentence_reported_elsewhere_names_its_support(card: StoryCard) -> None:
    trump = next(s for s in card.summary if "caliphate is in sight" in s.text)
    assert trump.supported_by and not trump.single_source


def test_no_sentence_leans_on_context_it_does_not_carry(card: StoryCard) -> None:
    for sentence in card.summary:
        first = sentence.text.lstrip("\"“'‘ ").split()[0].lower()
        assert first not in {"he", "she", "it", "they", "but", "and", "this"}


def test_a_single_article_gives_single_source_sentences() -> None:
    body = ("The council approved the new budget on Monday after a long debate. "
            "The budget raises spending on schools and roads by a modest amount this year.")
    article = make_article(id="a1", body=body)
    first = body.index(". ") + 1
    reading = Reading("a1", [], [DatedSentence(0, first, None, None, False),
                                 DatedSentence(first + 1, len(body), None, None, False)])
    summary = summarise([article], {"a1": reading}, [], length=2)
    assert [s.text for s in summary] == [body[:first], body[first + 1:]]
    assert all(s.single_source and not s.composed for s in summary)
    assert summary[0].citations == [Citation("a1", 0, first)]


def test_no_articles_no_summary() -> None:
    facts: list[Fact] = []
    articles: list[Article] = []
    assert summarise(articles, {}, facts) == []
