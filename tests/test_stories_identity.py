"""Story ids last: a rebuilt story keeps the id of the stored story it continues."""

from __future__ import annotations

from crosswire.models import Story
from crosswire.stories.identity import carry_ids


def story(story_id: str, *articles: str, related: tuple[str, ...] = ()) -> Story:
    return Story(id=story_id, title=story_id, articles=list(articles), outlets=[],
                 independent_sources=len(articles), first_published=None,
                 first_publisher=None, last_published=None, related=list(related))


def ids(stories: list[Story]) -> list[str]:
    return [s.id for s in stories]


def test_a_story_that_gains_an_earlier_article_keeps_its_id() -> None:
    old = [story("s-b", "b", "c")]
    assert ids(carry_ids([story("s-a", "a", "b", "c")], old)) == ["s-b"]


def test_a_story_whose_first_article_was_deleted_keeps_its_id() -> None:
    assert ids(carry_ids([story("s-c", "c", "d")], [story("s-b", "b", "c", "d")])) == ["s-b"]


def test_in_a_split_the_larger_part_keeps_the_id_and_the_other_is_named_anew() -> None:
    old = [story("s-a", "a", "b", "c", "d")]
    new = [story("s-a", "a"), story("s-b", "b", "c", "d")]
    assert ids(carry_ids(new, old)) == ["s-a-2", "s-a"]


def test_in_a_merge_the_story_with_more_articles_in_common_names_it() -> None:
    old = [story("s-a", "a"), story("s-b", "b", "c")]
    assert ids(carry_ids([story("s-a", "a", "b", "c")], old)) == ["s-b"]


def test_a_new_story_keeps_its_own_name_and_related_ids_are_renamed_along() -> None:
    old = [story("s-b", "b", "c")]
    new = [story("s-a", "a", "b", "c", related=("s-x",)), story("s-x", "x", related=("s-a",))]
    carried = carry_ids(new, old)
    assert ids(carried) == ["s-b", "s-x"]
    assert carried[0].related == ["s-x"] and carried[1].related == ["s-b"]


def test_the_names_do_not_depend_on_the_order_of_the_lists() -> None:
    old = [story("s-a", "a", "b"), story("s-c", "c", "d")]
    new = [story("s-b", "b", "c"), story("s-a", "a"), story("s-d", "d")]
    forward = {tuple(s.articles): s.id for s in carry_ids(new, old)}
    backward = {tuple(s.articles): s.id for s in carry_ids(new[::-1], old[::-1])}
    assert forward == backward
    assert len(set(forward.values())) == 3
