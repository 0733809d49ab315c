"""The facts eval scores by the rules ../shared/eval/README.md states."""

from __future__ import annotations

from crosswire.evaluation.facts import GoldFact, quoted_parts, same_words, score
from crosswire.models import Fact
from tests.factories import make_figure


def gold(what: str, kind: str, status: str, articles: str, *values: float) -> GoldFact:
    return GoldFact("e1", what, kind, status, frozenset(articles), tuple(values))


def fact(kind: str, status: str, *reports: tuple[str, float]) -> Fact:
    return Fact(f"f-{kind}-{status}", kind, "x", status, "why",
                [make_figure(a, v, kind=kind) for a, v in reports])


ANNOTATED = frozenset("abcde")


def test_a_gold_fact_is_found_when_one_fact_holds_60_percent_of_its_articles() -> None:
    toll = gold("deaths", "quantity", "corroborated", "abcde", 3.0)
    found = score([toll], [fact("quantity", "corroborated", ("a", 3), ("b", 3), ("c", 3))],
                  ANNOTATED)
    assert (found.found, found.status_right) == (1, 1)
    short = score([toll], [fact("quantity", "corroborated", ("a", 3), ("b", 3))], ANNOTATED)
    assert short.found == 0  # 2 of 5 articles: less than 60 %


def test_a_quantity_must_share_a_value_and_kinds_must_fit() -> None:
    toll = gold("deaths", "quantity", "conflicting", "ab", 3.0, 10.0)
    assert score([toll], [fact("quantity", "conflicting", ("a", 4), ("b", 5))], ANNOTATED
                 ).found == 0
    assert score([toll], [fact("claim", "conflicting", ("a", 3), ("b", 3))], ANNOTATED
                 ).found == 0
    quote = gold("words", "quote", "consistent", "ab")
    said = score([quote], [fact("claim", "corroborated", ("a", 0), ("b", 0))], ANNOTATED)
    assert (said.found, said.status_right) == (1, 0)
    assert said.confusion == {"consistent -> corroborated": 1}


def test_precision_counts_multi_article_facts_that_match_a_gold_fact() -> None:
    toll = gold("deaths", "quantity", "corroborated", "abc", 3.0)
    facts = [fact("quantity", "corroborated", ("a", 3), ("b", 3)),
             fact("quantity", "conflicting", ("a", 3), ("b", 7)),  # 7 is no gold value
             fact("quantity", "single-source", ("c", 3))]  # one article: not counted
    counts = score([toll], facts, ANNOTATED)
    assert (counts.predicted, counts.precise) == (2, 1)


def said(kind: str, status: str, *reports: tuple[str, str]) -> Fact:
    return Fact(f"f-{kind}", kind, "x", status, "why",
                [make_figure(a, 0, kind=kind, text=t, unit=None) for a, t in reports])


def test_a_quote_is_held_only_by_reports_whose_words_overlap_the_gold_text() -> None:
    words = GoldFact("e1", "quote of the mayor: 'We will rebuild every home'", "quote",
                     "consistent", frozenset("ab"), (),
                     texts={"a": ("'We will rebuild every home,' the mayor said",),
                            "b": ("the mayor said: we will rebuild every home",)})
    same = said("quote", "consistent", ("a", "We will rebuild every home"),
                ("b", "we will rebuild every home"))
    other = said("claim", "corroborated", ("a", "Protesters stormed the parliament building"),
                 ("b", "Police fired tear gas at protesters"))
    assert score([words], [other], ANNOTATED).found == 0  # same articles, other words
    found = score([words], [same, other], ANNOTATED)
    assert (found.found, found.status_right) == (1, 1)  # judged on the quote, not the claim


def test_the_gold_description_holds_the_other_parts_of_a_long_quote() -> None:
    words = GoldFact("e1", "quote of the mayor: 'We are tired. We will rebuild every home'",
                     "quote", "consistent", frozenset("ab"), (),
                     texts={"a": ("'We are tired,' the mayor said",),
                            "b": ("'We are tired,' said the mayor",)})
    later_part = said("quote", "consistent", ("a", "We will rebuild every home"),
                      ("b", "We will rebuild every home"))
    assert score([words], [later_part], ANNOTATED).found == 1


def test_claims_stay_out_of_precision_and_are_counted_beside_it() -> None:
    toll = gold("deaths", "quantity", "corroborated", "ab", 3.0)
    facts = [fact("quantity", "corroborated", ("a", 3), ("b", 3)),
             said("claim", "corroborated", ("a", "The bridge fell"), ("b", "The bridge fell"))]
    counts = score([toll], facts, ANNOTATED)
    assert (counts.predicted, counts.precise) == (1, 1)
    assert (counts.claims, counts.claims_in_gold) == (1, 0)


def test_a_shared_stop_word_or_speech_verb_is_not_the_same_words() -> None:
    assert not same_words("We are devastated", "'We are not going to give up,' the mayor said")
    assert same_words("Yes", "'Yes,' he answered")  # a one-word quote: that word
    assert same_words("Thieves, thieves!", "thieves, thieves")
    assert quoted_parts("'The fall was unsurvivable,' police said") == [
        "The fall was unsurvivable"]  # a claim "Police said" shares nothing with it
    assert same_words("We will rebuild every home", "the mayor said we will rebuild our home")


def test_the_readme_rules_hold_a_quote_by_its_articles_and_count_claims_in_precision() -> None:
    words = GoldFact("e1", "quote of the mayor: 'We will rebuild'", "quote", "consistent",
                     frozenset("ab"), (), texts={"a": ("We will rebuild",),
                                                 "b": ("We will rebuild",)})
    other = said("claim", "corroborated", ("a", "Protesters stormed the parliament"),
                 ("b", "Police fired tear gas"))
    readme = score([words], [other], ANNOTATED, by_text=False)
    assert (readme.found, readme.predicted, readme.precise) == (1, 1, 1)
    assert score([words], [other], ANNOTATED).found == 0
