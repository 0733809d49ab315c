"""The facts eval scores by the rules ../shared/eval/README.md states."""

from __future__ import annotations

from crosswire.evaluation.facts import GoldFact, score
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
