"""Key claims: the same statement made by several articles, checked for agreement."""

from __future__ import annotations

from crosswire.facts.align import align, sources_of
from crosswire.facts.claims import group_claims
from crosswire.models import DatedSentence, Reading
from tests.factories import make_article


def story(*bodies: tuple[str, str, bool]) -> tuple[list, dict]:  # type: ignore[type-arg]
    """(article id, one-sentence body, negated) -> articles and readings."""
    articles = [make_article(i, body, outlet=f"Outlet {i}") for i, body, _ in bodies]
    readings = {i: Reading(i, sentences=[DatedSentence(0, len(body), None, None, False,
                                                       negated=negated)])
                for i, body, negated in bodies}
    return articles, readings


def test_the_same_claim_in_two_outlets_is_one_corroborated_claim() -> None:
    articles, readings = story(
        ("a", "Syrian Democratic Forces captured the city of Raqqa from Islamic State fighters.",
         False),
        ("b", "The Syrian Democratic Forces have captured Raqqa city from Islamic State.", False),
        ("c", "Oil prices rose sharply in Asian trading on fears about supplies.", False))
    groups = group_claims(articles, readings)
    assert [sorted(m.article for m, _ in g) for g in groups] == [["a", "b"]]
    facts = align([], sources_of(articles), claims=groups)
    assert [(f.kind, f.status) for f in facts] == [("claim", "corroborated")]


def test_a_claim_one_report_negates_is_conflicting() -> None:
    articles, readings = story(
        ("a", "The island's main town, also called Qeshm, was badly damaged by the quake.",
         False),
        ("b", "The island's main town, also called Qeshm, was not damaged by the quake.", True))
    facts = align([], sources_of(articles), claims=group_claims(articles, readings))
    assert facts[0].status == "conflicting"
    assert "negates" in facts[0].reason


def test_a_sentence_printed_twice_word_for_word_is_not_a_key_claim() -> None:
    text = "A rescue helicopter from Christchurch was called to the scene on Friday afternoon."
    articles, readings = story(("a", text, False), ("b", text, False))
    assert group_claims(articles, readings) == []


def test_claims_one_article_makes_are_not_kept() -> None:
    articles, readings = story(("a", "The ministry announced new rules for drivers today.",
                                False))
    assert group_claims(articles, readings) == []
