"""Average link: a group takes an item only when the item is linked to most of the group."""

from __future__ import annotations

from crosswire.facts.grouping import average_link


def test_strongly_linked_items_form_one_group() -> None:
    scores = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.85}
    assert average_link(4, scores, 0.5) == [[0, 1, 2], [3]]


def test_no_chaining_through_one_shared_neighbour() -> None:
    # 0-1 and 1-2 are linked, 0-2 never scored: {0, 1} + 2 has mean (0 + 0.9) / 2 < 0.5
    scores = {(0, 1): 0.95, (1, 2): 0.9}
    groups = average_link(3, scores, 0.5)
    assert [0, 1] in groups or [1, 2] in groups
    assert [0, 1, 2] not in groups


def test_links_below_the_threshold_never_join() -> None:
    assert average_link(2, {(0, 1): 0.49}, 0.5) == [[0], [1]]
