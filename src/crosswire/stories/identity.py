"""Story ids that last: a rebuilt story keeps the id of the stored story it continues.

A new story is named after its first article (``stories.build.story_id``), so adding an
earlier report or deleting the first one would rename it and break every link to it. After
each build, each new story instead takes the id of the stored story it shares the most
articles with (each old id goes to one new story: the pairs with the largest overlap are
matched first; ties by old id, then new id, so the result does not depend on list order). A
story with no predecessor keeps its own name (with a numeric suffix in the rare case another
story carries that name already). ``related`` is renamed along.

Input: the stories just built and those stored before; output: the new stories, renamed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from crosswire.models import Story


def carry_ids(new: Sequence[Story], old: Sequence[Story]) -> list[Story]:
    """(stories just built, stories stored before) -> the new stories, each under the id of
    the old story it continues where there is one."""
    names = _matched(new, old)
    taken = set(names.values())
    for story in new:
        if story.id not in names:
            names[story.id] = _free(story.id, taken)
            taken.add(names[story.id])
    return [replace(s, id=names[s.id], related=sorted(names.get(r, r) for r in s.related))
            for s in new]


def _matched(new: Sequence[Story], old: Sequence[Story]) -> dict[str, str]:
    """-> {new story id: the old story id it takes}, largest shared article count first."""
    owner = {a: s.id for s in old for a in s.articles}
    overlaps: Counter[tuple[str, str]] = Counter(
        (owner[a], s.id) for s in new for a in s.articles if a in owner)
    pairs = sorted(overlaps.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
    names: dict[str, str] = {}
    used: set[str] = set()
    for (old_id, new_id), _ in pairs:
        if new_id not in names and old_id not in used:
            names[new_id] = old_id
            used.add(old_id)
    return names


def _free(wanted: str, taken: set[str]) -> str:
    """an id -> it, or it with the first free suffix ('-2', '-3'...) when taken."""
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
