"""Related stories, as links between story keys, and what the clusterer changed since its
state was last written.

Two kinds of link: ``gap`` (an article would have joined the other story but for the time
between them: kept for good) and ``similar`` (the stories' centroids are close: scored afresh
whenever either story changes, against the stories then live). A merged story's links pass to
the story that took it; an emptied story's go with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

Link = tuple[int, int, str]  # (lower key, higher key, 'similar' | 'gap')


@dataclass
class Links:
    """key -> the keys it is linked to, per kind; ``added`` and ``removed``: the links made
    and undone since the last :meth:`saved` (what a store must write)."""

    similar: dict[int, set[int]] = field(default_factory=dict)
    gap: dict[int, set[int]] = field(default_factory=dict)
    added: set[Link] = field(default_factory=set)
    removed: set[Link] = field(default_factory=set)

    def load(self, links: Iterable[Link]) -> None:
        """stored links -> held (not counted as changes)."""
        for a, b, kind in links:
            table = self.similar if kind == "similar" else self.gap
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)

    def saved(self) -> None:
        """The changes were written: start counting afresh."""
        self.added.clear()
        self.removed.clear()

    def changed_keys(self) -> set[int]:
        """-> the keys at either end of a link made or undone since the last save."""
        return {k for a, b, _ in self.added | self.removed for k in (a, b)}

    def _note(self, a: int, b: int, kind: dict[int, set[int]], made: bool) -> None:
        link = (min(a, b), max(a, b), "similar" if kind is self.similar else "gap")
        into, other = (self.added, self.removed) if made else (self.removed, self.added)
        if link in other:
            other.discard(link)
        else:
            into.add(link)

    def add(self, a: int, b: int, similar: bool) -> None:
        """Link two stories (a link of a story with itself is ignored)."""
        if a == b:
            return
        kind = self.similar if similar else self.gap
        if b not in kind.get(a, ()):
            kind.setdefault(a, set()).add(b)
            kind.setdefault(b, set()).add(a)
            self._note(a, b, kind, made=True)

    def forget_similar(self, key: int) -> None:
        """Drop the similar links of a story (to be scored afresh)."""
        for other in list(self.similar.get(key, ())):
            self._unlink(self.similar, key, other)

    def move(self, gone: int, keep: int) -> None:
        """A story merged into another: its links become the other's."""
        for kind in (self.similar, self.gap):
            for other in list(kind.get(gone, ())):
                self._unlink(kind, gone, other)
                if other != keep and other not in kind.get(keep, ()):
                    kind.setdefault(keep, set()).add(other)
                    kind.setdefault(other, set()).add(keep)
                    self._note(keep, other, kind, made=True)

    def drop(self, key: int) -> None:
        """A story is gone (emptied): its links go with it."""
        for kind in (self.similar, self.gap):
            for other in list(kind.get(key, ())):
                self._unlink(kind, key, other)

    def release(self, keys: Iterable[int]) -> None:
        """Stories no longer held in memory (retired): their own entries are let go; the
        links stay (stored, and in their partners' entries)."""
        for key in keys:
            self.similar.pop(key, None)
            self.gap.pop(key, None)

    def of(self, key: int) -> set[int]:
        """-> the keys a story is linked to, either kind."""
        return self.similar.get(key, set()) | self.gap.get(key, set())

    def pairs(self) -> list[tuple[int, int, str]]:
        """-> every link once, as (lower key, higher key, kind), sorted."""
        return sorted({(min(a, b), max(a, b), name)
                       for name, kind in (("similar", self.similar), ("gap", self.gap))
                       for a, others in kind.items() for b in others})

    def _unlink(self, kind: dict[int, set[int]], a: int, b: int) -> None:
        for x, y in ((a, b), (b, a)):
            kind.get(x, set()).discard(y)
            if not kind.get(x, True):
                del kind[x]
        self._note(a, b, kind, made=False)


@dataclass
class Changes:
    """What the clusterer changed since its state was last written: rows added (``new``),
    rows whose story or index place changed, stories touched (changed, made or gone), stories
    retired (let go from memory), stories merged (gone key -> the key that took it), rows
    removed (their articles deleted or replaced), whether the vector index was rebuilt, and
    what was let go before it was written (new rows' features, touched stories' centroids,
    as bytes: :mod:`crosswire.stories.state_codec`)."""

    new: set[int] = field(default_factory=set)
    rows: set[int] = field(default_factory=set)
    stories: set[int] = field(default_factory=set)
    retired: set[int] = field(default_factory=set)
    revived: set[int] = field(default_factory=set)  # read back from the store, unchanged
    merged: dict[int, int] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    index_rebuilt: bool = False
    let_go_rows: dict[int, bytes] = field(default_factory=dict)
    let_go_info: dict[int, tuple[str, int, float | None]] = field(default_factory=dict)
    let_go_stories: dict[int, tuple[bytes, float | None, float | None]] = field(
        default_factory=dict)
