"""A fact's status says what the evidence shows, and its reason names that evidence."""

from __future__ import annotations

from crosswire.facts.verdicts import quantity_verdict, quote_verdict
from crosswire.stories.sources import source_groups
from tests.factories import make_article, make_figure

OUTLETS = {"r": "Reuters", "b": "BBC", "x": "Xinhua", "a": "AFP"}


def sources(*ids: str, unknown: bool = False):  # type: ignore[no-untyped-def]
    return source_groups([make_article(i, f"Text of {i}.",
                                       outlet=None if unknown else OUTLETS.get(i))
                          for i in ids])


def test_a_figure_only_one_article_reports_is_single_source() -> None:
    verdict = quantity_verdict([make_figure("r", 3)], sources("r"), "people killed")
    assert verdict.status == "single-source"
    assert "Reuters" in verdict.reason


def test_two_outlets_stating_a_figure_on_their_own_authority_corroborate_it() -> None:
    reports = [make_figure("r", 3, text="Three people were killed on Monday."),
               make_figure("b", 3, text="The attack left three dead, the BBC understands.")]
    verdict = quantity_verdict(reports, sources("r", "b"), "people killed")
    assert verdict.status == "corroborated"
    assert "Reuters" in verdict.reason and "BBC" in verdict.reason


def test_outlets_relaying_one_named_source_are_consistent_not_corroborated() -> None:
    reports = [make_figure("r", 3250, qualifier="at_most", attributed_to="the Syrian "
                           "Observatory for Human Rights", text="As many as 3,250 died."),
               make_figure("x", 3200, qualifier="more_than", attributed_to="Syrian "
                           "Observatory of Human Rights", text="More than 3,200 were killed.")]
    verdict = quantity_verdict(reports, sources("r", "x"), "deaths")
    assert verdict.status == "consistent"
    assert "Syrian Observatory" in verdict.reason


def test_a_sentence_copied_word_for_word_relays_the_report_it_copies() -> None:
    text = "Around 20 more people had to be ushered to safety from the burning building."
    reports = [make_figure("r", 20, qualifier="about", text=text),
               make_figure("b", 20, qualifier="about", text=text)]
    assert quantity_verdict(reports, sources("r", "b"), "people").status == "consistent"


def test_incompatible_figures_for_the_same_moment_conflict() -> None:
    reports = [make_figure("r", 20000, attributed_to="police", as_of="2010-05-05"),
               make_figure("b", 100000, qualifier="about", as_of="2010-05-05")]
    verdict = quantity_verdict(reports, sources("r", "b"), "protesters")
    assert verdict.status == "conflicting"
    assert "20,000 (police)" in verdict.reason and "about 100,000" in verdict.reason


def test_a_toll_that_changes_from_day_to_day_is_evolving() -> None:
    reports = [make_figure("r", 3, as_of="2005-02-20"), make_figure("b", 10, as_of="2005-02-21"),
               make_figure("x", 10, as_of="2005-02-21")]
    verdict = quantity_verdict(reports, sources("r", "b", "x"), "people killed")
    assert verdict.status == "evolving"
    assert "3 as of 2005-02-20" in verdict.reason and "10 as of 2005-02-21" in verdict.reason


def test_two_versions_of_one_report_that_changed_the_figure_are_evolving() -> None:
    body = ("But markets reacted with alarm as Greek stocks fell sharply on the day, after "
            "the violence in the capital, traders in Athens and London said on Wednesday. ")
    first = make_article("v1", body + "Stocks plunged 5.4 percent.", outlet="AFP",
                         published="2010-05-05T10:00")
    second = make_article("v2", body + "Stocks closed down 3.9 percent.", outlet="AFP",
                          published="2010-05-05T18:00")
    reports = [make_figure("v1", 5.4, unit="percentage"), make_figure("v2", 3.9,
                                                                      unit="percentage")]
    verdict = quantity_verdict(reports, source_groups([first, second]), "fall in stocks")
    assert verdict.status == "evolving"
    assert "versions of one report by Agence France-Presse" in verdict.reason


def test_a_report_that_says_the_figure_rose_makes_it_evolving() -> None:
    reports = [make_figure("r", 3, text="Three people were killed, the governor said."),
               make_figure("b", 10, text="The death toll rose to 10 after two more bodies "
                           "were found.")]
    assert quantity_verdict(reports, sources("r", "b"), "deaths").status == "evolving"


def test_feet_and_metres_of_the_same_length_agree() -> None:
    reports = [make_figure("r", 200, unit="foot", qualifier="about"),
               make_figure("b", 60, unit="metre", qualifier="about")]
    assert quantity_verdict(reports, sources("r", "b"), "fall").status == "corroborated"


def test_unknown_outlets_make_independence_uncertain_and_the_reason_says_so() -> None:
    reports = [make_figure("p", 2), make_figure("q", 2, text="Two guards were hurt.")]
    verdict = quantity_verdict(reports, sources("p", "q", unknown=True), "guards")
    assert verdict.status == "corroborated"
    assert verdict.uncertain and "independence uncertain" in verdict.reason


def test_a_quote_several_outlets_print_is_consistent_its_origin_the_speaker() -> None:
    quotes = [make_figure(i, 0, kind="quote", text="The end of the caliphate is in sight",
                          speaker="Donald Trump") for i in ("r", "b", "x")]
    verdict = quote_verdict(quotes, sources("r", "b", "x"), "Donald Trump")
    assert verdict.status == "consistent"
    assert "3 source(s)" in verdict.reason and "Donald Trump" in verdict.reason
    assert quote_verdict(quotes[:1], sources("r"), "Donald Trump").status == "single-source"


def test_an_outlet_naming_its_source_once_relays_it_in_its_other_reports() -> None:
    reports = [make_figure("r", 12, attributed_to="police", text="Police said 12 were hurt."),
               make_figure("r", 12, text="At least 12 people were hurt in the clashes."),
               make_figure("b", 12, attributed_to="the police", text="Twelve were injured, "
                           "the police said.")]
    verdict = quantity_verdict(reports, sources("r", "b"), "people injured")
    assert verdict.status == "consistent"


def test_a_reason_names_the_units_when_reports_use_different_ones() -> None:
    reports = [make_figure("r", 940, unit="mile", qualifier="about"),
               make_figure("b", 1500, unit="kilometre")]
    verdict = quantity_verdict(reports, sources("r", "b"), "distance from Tehran")
    assert verdict.status == "corroborated"
    assert "about 940 mile" in verdict.reason and "1,500 kilometre" in verdict.reason
