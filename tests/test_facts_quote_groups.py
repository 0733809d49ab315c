"""Quotes group only when their speakers agree and their words overlap."""

from __future__ import annotations

from crosswire.facts.quote_groups import group_quotes
from tests.factories import make_figure


def quote(article: str, text: str, speaker: str | None) -> object:
    return make_figure(article, 0, kind="quote", text=text, speaker=speaker)


def test_the_same_words_from_one_speaker_in_two_outlets_are_one_quote() -> None:
    groups = group_quotes([quote("a", "We are deeply shocked by the unjust death of three "
                                 "citizens, victims of a murderous act", "George Papandreou"),
                           quote("b", "a raw murderous act", "Papandreou")])
    assert len(groups) == 1


def test_two_known_speakers_never_share_a_group_even_with_the_same_words() -> None:
    words = "Everyone must remain extremely vigilant about the crisis"
    groups = group_quotes([quote("a", words, "Dominique Strauss-Kahn"),
                           quote("b", words, "Angela Merkel")])
    assert len(groups) == 2


def test_an_unknown_speaker_cannot_chain_two_people_together() -> None:
    groups = group_quotes([
        quote("a", "The future of Europe is at stake in Greece today", "Angela Merkel"),
        quote("b", "The future of Europe is at stake in Greece today and we must act", None),
        quote("c", "Greece today and we must act now", "Dominique Strauss-Kahn")])
    speakers = [{q.speaker for q in g} for g in groups]  # type: ignore[attr-defined]
    assert all(len(s - {None}) <= 1 for s in speakers)


def test_an_unknown_speakers_fragment_needs_overlap_both_ways() -> None:
    long = ("They are taking everything from me and I do not know how I am going to get by "
            "this winter with my pension cut")
    groups = group_quotes([quote("a", long, "Anargyros Bizianis"), quote("b", "get by", None)])
    assert len(groups) == 2


def test_statements_of_one_speaker_stating_different_figures_are_two_statements() -> None:
    said = "people were killed when the river burst its banks in Carrow on Sunday"
    groups = group_quotes([quote("a", f"Twelve {said}", "the fire service"),
                           quote("b", f"Forty {said}", "the fire service")])
    assert len(groups) == 2


def test_the_same_figure_or_a_statement_without_one_still_groups() -> None:
    said = "people were killed when the river burst its banks in Carrow on Sunday"
    groups = group_quotes([quote("a", f"Twelve {said}", "the fire service"),
                           quote("b", f"12 {said}", "the fire service"),
                           quote("c", f"Many {said}", "the fire service")])
    assert len(groups) == 1
