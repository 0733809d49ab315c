"""Story records: counts, first publisher, titles, related stories, and pins as links."""

from __future__ import annotations

from crosswire.models import Article, Pin
from crosswire.stories.build import build_stories, title_of
from crosswire.stories.engine import links_from_pins
from tests.factories import make_article


def art(id: str, headline: str, body: str, published: str | None,
        outlet: str | None = None) -> Article:
    return make_article(id, body, headline=headline, published=published, outlet=outlet)


RAQQA = "Kurdish-led forces captured Raqqa from Islamic State after four months of fighting."
QUAKE = "A strong earthquake struck northern Chile, shaking buildings in Santiago overnight."


def test_counts_first_publisher_and_wire_groups() -> None:
    articles = [art("b", "Raqqa falls", RAQQA, "2017-10-17", "Wire A"),
                art("a", "Raqqa captured", RAQQA, "2017-10-16T08:00", "Paper B"),
                art("c", "Raqqa taken", RAQQA, None)]
    groups = {"a": "a", "b": "a", "c": "c"}  # b is a's wire copy
    (story,) = build_stories(articles, {"a": 0, "b": 0, "c": 0}, groups)
    assert story.id == "s-a" and story.first_publisher == "a"
    assert story.articles == ["a", "b", "c"]
    assert (story.first_published, story.last_published) == ("2017-10-16T08:00", "2017-10-17")
    assert story.independent_sources == 2
    assert story.outlets == ["Paper B", "Wire A"]


def test_the_title_is_the_most_representative_headline() -> None:
    articles = [art("a", "Opinion: what next", RAQQA, "2017-10-18"),
                art("b", "Kurdish-led forces capture Raqqa", RAQQA, "2017-10-19"),
                art("c", "Raqqa: forces capture city", RAQQA, "2017-10-20")]
    assert title_of(articles) == "Kurdish-led forces capture Raqqa"


def test_related_pairs_from_the_clusterer_link_both_ways() -> None:
    articles = [art("a", "Raqqa captured", RAQQA, "2017-10-17"),
                art("b", "Raqqa a year on", RAQQA, "2018-10-17"),
                art("c", "Chile earthquake", QUAKE, "2017-10-17")]
    stories = {s.id: s for s in build_stories(articles, {"a": 0, "b": 1, "c": 2},
                                              {"a": "a", "b": "b", "c": "c"}, {(0, 1)})}
    assert stories["s-a"].related == ["s-b"] and stories["s-b"].related == ["s-a"]
    assert stories["s-c"].related == []


def test_pins_become_must_and_cannot_links_later_pins_winning() -> None:
    pins = [Pin("merge", ("a", "b", "c")), Pin("split", ("c",), ("a", "b"))]
    links = links_from_pins(pins)
    assert links.must_link == [{"a", "b"}]
    assert sorted(links.cannot_link) == [("c", "a"), ("c", "b")]
