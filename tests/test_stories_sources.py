"""Who is independent of whom: one source per publisher, copies and versions once."""

from __future__ import annotations

from dataclasses import replace

from crosswire.stories.build import build_stories
from crosswire.stories.sources import source_groups
from tests.factories import make_article

REPORT = ("The army said on Monday that it had retaken the northern town after a week of heavy "
          "fighting in which dozens of fighters and civilians were killed, and that engineers "
          "were clearing mines from the roads leading into the centre of the town. ")
OTHER = ("A separate report from the capital described long queues at fuel stations as the "
         "government announced new rationing measures for drivers and businesses alike, "
         "with officials blaming the shortages on damaged pipelines in the east. ")


def test_articles_of_one_outlet_are_one_source() -> None:
    articles = [make_article(f"r{i}", f"Reuters story number {i} about the war.", outlet="Reuters")
                for i in range(13)]
    articles += [make_article(f"b{i}", f"BBC story number {i} about the war.", outlet="BBC News")
                 for i in range(13)]
    sources = source_groups(articles)
    assert sources.count(a.id for a in articles) == 2
    assert sources.uncertain(a.id for a in articles) == []


def test_a_story_of_26_articles_from_two_outlets_counts_two_sources() -> None:
    articles = [make_article(f"a{i}", f"Report {i} on the siege.", outlet=("Reuters", "BBC")[i % 2],
                             published=f"2011-11-{10 + i % 5:02d}") for i in range(26)]
    story = build_stories(articles, {a.id: 0 for a in articles}, {})[0]
    assert story.independent_sources == 2
    assert story.independence is None


def test_outlet_names_are_folded_through_the_outlets_table() -> None:
    articles = [make_article("a", "One.", outlet="AFP"),
                make_article("b", "Two.", outlet="Agence France-Presse")]
    assert source_groups(articles).count(["a", "b"]) == 1


def test_an_article_of_unknown_outlet_is_its_own_source_with_independence_uncertain() -> None:
    articles = [make_article("a", "One story.", outlet="Reuters"), make_article("b", OTHER)]
    sources = source_groups(articles)
    assert sources.count(["a", "b"]) == 2
    assert len(sources.uncertain(["a", "b"])) == 1
    story = build_stories(articles, {"a": 0, "b": 0}, {})[0]
    assert story.independence is not None and "1 of 2 sources" in story.independence


def test_an_unnamed_site_printing_a_credited_wire_story_is_that_agency() -> None:
    agency = make_article("a", REPORT, outlet="Reuters")
    printed = replace(make_article("b", OTHER), wire_credit="Reuters")
    assert source_groups([agency, printed]).count(["a", "b"]) == 1


def test_wire_copies_are_one_source() -> None:
    articles = [make_article("a", REPORT, outlet="Daily One"),
                make_article("b", REPORT, outlet="Daily Two")]
    assert source_groups(articles, {"a": "a", "b": "a"}).count(["a", "b"]) == 1


def test_unnamed_articles_whose_texts_largely_overlap_are_one_source() -> None:
    articles = [make_article("a", REPORT + OTHER), make_article("b", REPORT + "More later.")]
    assert source_groups(articles).count(["a", "b"]) == 1


def test_versions_of_one_outlets_report_point_to_the_newest() -> None:
    old = make_article("old", REPORT + "Three people died.", outlet="AFP",
                       published="2010-05-05T10:00")
    new = make_article("new", REPORT + "Three people died, and a fourth later.", outlet="AFP",
                       published="2010-05-05T18:00")
    unrelated = make_article("x", OTHER, outlet="AFP", published="2010-05-05T12:00")
    sources = source_groups([new, old, unrelated])
    assert sources.latest == {"old": "new", "new": "new", "x": "x"}
    story = build_stories([new, old, unrelated], {"old": 0, "new": 0, "x": 0}, {})[0]
    assert story.versions == [["old", "new"]]
