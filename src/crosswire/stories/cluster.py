"""Online story clustering: articles, in publication order, join a live story or start one.

Each new article fetches its nearest earlier articles from a faiss HNSW index (inner product
over the dense vectors); their stories are the candidates. The article's similarity to a
candidate is ``w * dense cosine + (1 - w) * sparse cosine`` against the story's centroids,
times a time decay: no decay within ``story_grace_days`` of the story's span, then halving every
``story_half_life_days``, so a follow-up a year later starts a new story (recorded in
``related`` when it would otherwise have joined). Undated articles and stories get no decay.
The best candidate at or above ``story_threshold`` wins (ties: lower story key); otherwise
the article starts a story. Every ``story_review_every`` articles, and at the end of a batch,
a review pass moves out members that drifted from their story and merges stories that
converged. Pinned decisions (``must_link`` groups, ``cannot_link`` pairs) are always honoured.

The review pass (:mod:`crosswire.stories.review`) looks only at stories changed since it last
looked at them. After it, stories whose last article is more than twice the time window older
than the latest article seen are retired: let go from memory, so the live state is bounded by
the window, not the collection (a retired story stays in the store, and is read back when an
older article or a delete needs it). The vector index adds each vector at a level drawn from a
hash of its row (:mod:`crosswire.stories.vector_index`), so a state read back from the store
continues exactly as the process that wrote it would have.

Batch clustering (:mod:`crosswire.stories.replay`) replays the same stream in a canonical
order, so results do not depend on file order.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np

from crosswire.config import Settings
from crosswire.stories import review as review_pass
from crosswire.stories.contrast import contrast_split
from crosswire.stories.links import Changes, Links
from crosswire.stories.represent import Features
from crosswire.stories.retired import RetiredStories
from crosswire.stories.review import CONTRAST_SAMPLE
from crosswire.stories.state_codec import encode_centroid, encode_features
from crosswire.stories.vector_index import VectorIndex

__all__ = ["CONTRAST_SAMPLE", "OnlineClusterer", "Pins", "contrast_split"]
REBUILD_SLACK = 1000  # vectors of let-go rows the index may hold beyond the rows held


@dataclass
class Pins:
    """User decisions that survive re-runs: article-id groups that must share a story, and
    article-id pairs that must not (a split). On a contradiction, cannot_link wins."""

    must_link: list[set[str]] = field(default_factory=list)
    cannot_link: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Story:
    """A live story: member rows, centroid sums and its dated span."""

    key: int
    members: list[int]
    dense: np.ndarray
    sparse: dict[int, float]
    first: float | None = None
    last: float | None = None

    def sparse_norm(self) -> float:
        """-> the L2 norm of the sparse sum."""
        values = np.fromiter(self.sparse.values(), dtype=np.float64, count=len(self.sparse))
        return float(np.sqrt(values @ values)) or 1.0


class OnlineClusterer:
    """Articles' Features, batch after batch -> a story key per article id.

    Rows are numbered in order of arrival and held in dicts, so the rows of retired stories
    (:meth:`retire`) can be let go and a state written to the store can be read back
    (:mod:`crosswire.stories.state`) holding the live stories alone."""

    def __init__(self, settings: Settings, pins: Pins | None = None, dim: int = 384,
                 retiring: bool = False) -> None:
        self.s = settings
        self.dim = dim
        self.retiring = retiring  # let old stories go after each review (see retire)
        self.index = VectorIndex(dim)
        self.ids: dict[int, str] = {}
        self.row_of: dict[str, int] = {}  # article id -> its latest internal row
        self.days: dict[int, float | None] = {}
        self.dense: dict[int, np.ndarray] = {}
        self.sparse: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.raw: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.story_of: dict[int, int] = {}
        self.stories: dict[int, _Story] = {}
        self._dirty: set[int] = set()  # changed since the last review (contrast split)
        self._drift_dirty: set[int] = set()  # changed since the drift pass last checked them
        self._merge_dirty: set[int] = set()  # changed since the merge pass last scored them
        self._link_dirty: set[int] = set()  # changed since their related links were scored
        self._units: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._norms: dict[int, float] = {}  # story key -> its sparse norm, until it changes
        self._seen: set[int] = set()  # stories the merge pass scored against
        self._first = np.full(64, np.nan)  # story key -> its span (NaN: undated or gone)
        self._last = np.full(64, np.nan)
        self._alive = np.zeros(64, dtype=bool)
        self.examined: dict[str, int] = {}  # stories the last review looked at, per sub-pass
        self.links = Links()
        self.retired = RetiredStories(dim)
        self.changes = Changes()
        self.settled: dict[str, tuple[int, int]] = {}  # let go: article id -> (row, story key)
        self.max_day: float | None = None  # the latest day of any row added
        self._next_key = 0
        self._next_row = 0
        self._since_review = 0
        self._pins(pins or Pins())

    def _pins(self, pins: Pins) -> None:
        """Pins -> lookup tables: article id -> its must-link group number, cannot-link ids."""
        self.group_of: dict[str, int] = {}
        for n, group in enumerate(pins.must_link):
            for article_id in sorted(group):
                self.group_of.setdefault(article_id, n)
        self.cannot: dict[str, set[str]] = {}
        for a, b in pins.cannot_link:
            self.cannot.setdefault(a, set()).add(b)
            self.cannot.setdefault(b, set()).add(a)
        self.group_story: dict[int, int] = {}

    # -- the stream ------------------------------------------------------------------------

    def add(self, features: Features, order: Iterable[int] | None = None,
            review: bool = True) -> list[int]:
        """Features (+ row order; default: dated rows by day, then undated in input order)
        -> the story key of each row, in row order, after this batch's review pass.

        An online caller adding one article at a time passes ``review=False`` and relies on
        the periodic pass (every ``story_review_every`` articles), which a whole-collection
        review per article would make far too slow.
        """
        if order is None:
            order = sorted(range(len(features)), key=lambda i: (
                features.days[i] is None, features.days[i] or 0.0, i))
        for i in order:
            self._add_one(features, i)
            self._since_review += 1
            if self._since_review >= self.s.story_review_every:
                self.review()
        if review:
            self.review()
        return [self.key_of(article_id) for article_id in features.ids]

    def _add_one(self, features: Features, i: int) -> None:
        """Row i of features -> a new internal row, assigned to a story and indexed."""
        dense = np.ascontiguousarray(features.dense[i], dtype=np.float32)
        start, end = features.sparse.indptr[i], features.sparse.indptr[i + 1]
        raw_start, raw_end = features.counts.indptr[i], features.counts.indptr[i + 1]
        row = self.hold(features.ids[i], features.days[i], dense,
                        (features.sparse.indices[start:end].copy(),
                         features.sparse.data[start:end].astype(np.float64)),
                        (features.counts.indices[raw_start:raw_end].copy(),
                         features.counts.data[raw_start:raw_end].astype(np.float64)))
        self.changes.new.add(row)
        day = features.days[i]
        if day is not None and (self.max_day is None or day > self.max_day):
            self.max_day = day
        gaps: list[int] = []
        self._join(row, self._choose(row, gaps))
        for key in gaps:
            self.links.add(key, self.story_of[row], similar=False)
        self.index.add(row, dense)

    def key_of(self, article_id: str) -> int:
        """an article id -> the key of its story (held or let go)."""
        row = self.row_of.get(article_id)
        return self.story_of[row] if row is not None else self.settled[article_id][1]

    def hold(self, article_id: str, day: float | None, dense: np.ndarray,
             sparse: tuple[np.ndarray, np.ndarray], raw: tuple[np.ndarray, np.ndarray],
             row: int | None = None) -> int:
        """An article's features (+ its row number, when read back from the store; else the
        next) -> the row, held in memory and in no story yet."""
        if row is None:
            row = self._next_row
        self._next_row = max(self._next_row, row + 1)
        self.ids[row] = article_id
        self.row_of[article_id] = row
        self.days[row] = day
        self.dense[row] = dense
        self.sparse[row] = sparse
        self.raw[row] = raw
        self.story_of[row] = -1
        return row

    def _choose(self, row: int, gaps: list[int] | None = None) -> int | None:
        """A row (+ a list to note in the stories it would have joined but for the time
        gap) -> the story it joins (None: a new story)."""
        group = self.group_of.get(self.ids[row])
        forced = self.group_story.get(group) if group is not None else None
        if forced is not None and self._allowed(row, self.stories[forced]):
            return forced
        best, best_key = -1.0, None
        for key in self._candidates(row):
            story = self.stories[key]
            if not self._allowed(row, story):
                continue
            raw = self.similarity(row, story)
            score = raw * self._decay(self.days[row], story)
            if score > best or (score == best and best_key is not None and key < best_key):
                best, best_key = score, key
            if gaps is not None and raw >= self.s.story_threshold > score:
                gaps.append(key)
        return best_key if best >= self.s.story_threshold else None

    def _candidates(self, row: int) -> list[int]:
        """A row -> keys of the live stories of its nearest indexed articles."""
        found = self.index.search(self.dense[row], self.s.story_candidates)
        keys = {self.story_of.get(r, -1) for r in found} & self.stories.keys()
        return sorted(key for key in keys if self._live(self.days[row], self.stories[key]))

    def _join(self, row: int, key: int | None) -> None:
        """Put a row into story `key` (None: a new story), updating the centroid sums."""
        if key is None:
            key = self._next_key
            self._next_key += 1
            self.stories[key] = _Story(key, [], np.zeros_like(self.dense[row], np.float64), {})
        story = self.stories[key]
        bisect.insort(story.members, row)
        story.dense += self.dense[row]
        for col, value in zip(*self.sparse[row], strict=True):
            story.sparse[int(col)] = story.sparse.get(int(col), 0.0) + float(value)
        day = self.days[row]
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        self.story_of[row] = key
        self.changes.rows.add(row)
        self._touch(story)
        group = self.group_of.get(self.ids[row])
        if group is not None:
            self.group_story.setdefault(group, key)

    def _touch(self, story: _Story) -> None:
        """A story changed (or disappeared): every review sub-pass looks at it again."""
        key = story.key
        self._dirty.add(key)
        self._drift_dirty.add(key)
        self._merge_dirty.add(key)
        self._link_dirty.add(key)
        self.changes.stories.add(key)
        self._units.pop(key, None)
        self._norms.pop(key, None)
        if key >= len(self._alive):
            size = max(2 * len(self._alive), key + 1)
            for name, fill in (("_first", np.nan), ("_last", np.nan), ("_alive", False)):
                grown = np.full(size, fill, dtype=getattr(self, name).dtype)
                grown[:len(getattr(self, name))] = getattr(self, name)
                setattr(self, name, grown)
        alive = key in self.stories
        self._alive[key] = alive
        dated = alive and story.first is not None and story.last is not None
        self._first[key] = story.first if dated else np.nan
        self._last[key] = story.last if dated else np.nan

    # -- similarity ------------------------------------------------------------------------

    def similarity(self, row: int, story: _Story, leave_out: bool = False,
                   norm: float | None = None) -> float:
        """A row and a story -> combined cosine to the story's centroids (without the row
        itself when ``leave_out``); ``norm``: the story's sparse norm, when known."""
        dense = story.dense - self.dense[row] if leave_out else story.dense
        cols, values = self.sparse[row]
        weights = np.fromiter(map(story.sparse.get, cols.tolist(), repeat(0.0)),
                              dtype=np.float64, count=len(cols))
        dot = float(values @ weights)
        norm2 = (self._norm(story) if norm is None else norm) ** 2
        if leave_out:
            dot, norm2 = dot - float(values @ values), norm2 - 2 * dot + float(values @ values)
        cos_sparse = dot / np.sqrt(max(norm2, 1e-12))
        cos_dense = float(self.dense[row] @ dense) / max(float(np.linalg.norm(dense)), 1e-12)
        w = self.s.story_dense_weight
        return w * cos_dense + (1.0 - w) * cos_sparse

    def _norm(self, story: _Story) -> float:
        """-> the story's sparse norm (cached until the story changes)."""
        norm = self._norms.get(story.key)
        if norm is None:
            norm = self._norms[story.key] = story.sparse_norm()
        return norm

    def _leave_out_similarities(self, story: _Story, rows: list[int]) -> np.ndarray:
        """Member rows of a story -> each one's :meth:`similarity` to the rest of the story
        (``leave_out``), all at once."""
        items = sorted(story.sparse.items())
        s_cols = np.fromiter((c for c, _ in items), dtype=np.int64, count=len(items))
        s_vals = np.fromiter((v for _, v in items), dtype=np.float64, count=len(items))
        norm2 = float(s_vals @ s_vals) or 1.0
        cols = np.concatenate([self.sparse[r][0] for r in rows]).astype(np.int64)
        vals = np.concatenate([self.sparse[r][1] for r in rows])
        owner = np.repeat(np.arange(len(rows)), [len(self.sparse[r][0]) for r in rows])
        at = np.minimum(np.searchsorted(s_cols, cols), max(len(s_cols) - 1, 0))
        hit = s_cols[at] == cols if len(s_cols) else np.zeros(len(cols), dtype=bool)
        dot = np.bincount(owner, np.where(hit, vals * s_vals[at] if len(s_cols) else 0.0, 0.0),
                          minlength=len(rows))
        own = np.bincount(owner, vals * vals, minlength=len(rows))
        cos_sparse = (dot - own) / np.sqrt(np.maximum(norm2 - 2 * dot + own, 1e-12))
        dense = np.stack([self.dense[r] for r in rows]).astype(np.float64)
        with_story = dense @ story.dense
        self_dot = np.einsum("ij,ij->i", dense, dense)
        rest_norm = np.sqrt(np.maximum(
            float(story.dense @ story.dense) - 2 * with_story + self_dot, 0.0))
        cos_dense = (with_story - self_dot) / np.maximum(rest_norm, 1e-12)
        w = self.s.story_dense_weight
        return np.asarray(w * cos_dense + (1.0 - w) * cos_sparse)

    def _decay(self, day: float | None, story: _Story) -> float:
        """(day, story) -> the time factor in (0, 1]; 1 when either is undated."""
        gap = _gap(day, story)
        excess = max(0.0, gap - self.s.story_grace_days)
        return float(0.5 ** (excess / self.s.story_half_life_days))

    def _live(self, day: float | None, story: _Story) -> bool:
        """Is the story within the time window of this day (always, when undated)?"""
        return _gap(day, story) <= self.s.story_window_days

    def _allowed(self, row: int, story: _Story) -> bool:
        """May this row share the story (no cannot-link with any member)?"""
        banned = self.cannot.get(self.ids[row])
        return not banned or not any(self.ids[m] in banned for m in story.members)

    # -- the review pass -------------------------------------------------------------------

    def _remove(self, row: int, story: _Story) -> None:
        """Take a row out of its story (the story disappears when emptied)."""
        story.members.remove(row)
        story.dense -= self.dense[row]
        for col, value in zip(*self.sparse[row], strict=True):
            story.sparse[int(col)] -= float(value)
        self._respan(story)
        self.story_of[row] = -1
        self.changes.rows.add(row)
        if not story.members:
            del self.stories[story.key]
            self.links.drop(story.key)
        self._touch(story)

    def _respan(self, story: _Story) -> None:
        """Recompute a story's dated span from its members."""
        days = [d for d in (self.days[m] for m in story.members) if d is not None]
        story.first, story.last = (min(days), max(days)) if days else (None, None)

    # -- results ---------------------------------------------------------------------------

    def _canonical_keys(self) -> dict[int, int]:
        """-> {internal story key: key numbered 0.. by each story's first row}."""
        canonical: dict[int, int] = {}
        for key in self._keys_by_first_row():
            canonical.setdefault(key, len(canonical))
        return canonical

    def _keys_by_first_row(self) -> list[int]:
        """-> the story key of every article, held or let go, in row order."""
        settled = sorted(self.settled.values())
        held = sorted(self.story_of.items())
        return [key for _, key in heapq.merge(settled, held)]

    def assignments(self) -> dict[str, int]:
        """-> {article id: story key}, keys numbered 0.. by each story's first article (those
        of retired stories included)."""
        canonical = self._canonical_keys()
        held = {self.ids[row]: canonical[key] for row, key in self.story_of.items()}
        return {**{i: canonical[k] for i, (_, k) in self.settled.items()}, **held}

    def related_keys(self) -> set[tuple[int, int]]:
        """-> pairs of stories on the same subject, in the keys :meth:`assignments` uses:
        those only time kept apart and those whose centroids were close when last scored
        (:class:`crosswire.stories.links.Links`)."""
        canonical = self._canonical_keys()
        return {(canonical[a], canonical[b]) for a, b, _ in self.links.pairs()
                if a in canonical and b in canonical}

    # -- the review pass (stories/review.py) -----------------------------------------------

    def review(self, full: bool = False) -> None:
        """The review pass over the stories changed since the last one (``full``: over every
        story held), then retirement (:func:`crosswire.stories.review.review`)."""
        review_pass.review(self, full)

    def merge_reach(self) -> float:
        """-> the widest gap (days) between two stories' spans that can still merge."""
        return review_pass.merge_reach(self)

    # -- a bounded live state --------------------------------------------------------------

    def horizon(self) -> float | None:
        """-> the day before which a story's last article lets it retire: twice the time
        window before the latest day seen (None when nothing dated was seen)."""
        if self.max_day is None:
            return None
        return self.max_day - 2 * self.s.story_window_days

    def retire(self) -> list[int]:
        """Stories whose last article is older than :meth:`horizon` -> let go from memory
        (their rows too; the vector index is rebuilt once most of it is let go); their
        assignments kept in ``settled``; -> the keys retired. A retired story stays in the
        store and is read back (:mod:`crosswire.stories.state`) when an older article, a
        delete or a pin needs it."""
        horizon = self.horizon()
        if horizon is None or not self.retiring:
            return []
        old = [k for k, story in self.stories.items()
               if story.last is not None and story.last < horizon]
        for key in old:
            self.retired.add(key, review_pass._unit(self, key))
            story = self.stories.pop(key)
            if key in self.changes.stories:  # not written yet: keep what the store needs
                self.changes.let_go_stories[key] = (
                    encode_centroid(story.dense, story.sparse), story.first, story.last)
            for row in story.members:
                self.settled[self.ids[row]] = (row, key)
                if row in self.changes.new or row in self.changes.rows:
                    self.changes.let_go_info[row] = (self.ids[row], key, self.days[row])
                self.let_go(row)
            self._alive[key] = False
            for dirty in (self._dirty, self._drift_dirty, self._merge_dirty, self._link_dirty):
                dirty.discard(key)
            self._units.pop(key, None)
            self._norms.pop(key, None)
        self.changes.retired.update(old)
        if len(self.index) > 2 * len(self.ids) + REBUILD_SLACK:
            self.rebuild_index()
        return old

    def let_go(self, row: int) -> None:
        """A row no longer held (its story retired, or its article removed); a row added
        since the state was last written leaves its features (as bytes) to be written."""
        if row in self.changes.new:
            self.changes.let_go_rows[row] = encode_features(
                self.dense[row], self.sparse[row], self.raw[row])
        article_id = self.ids.pop(row)
        if self.row_of.get(article_id) == row:
            del self.row_of[article_id]
        for table in (self.days, self.dense, self.sparse, self.raw, self.story_of):
            table.pop(row, None)

    def forget_changes(self) -> Changes:
        """-> the changes noted since the last call, and start noting afresh (a caller that
        keeps its state elsewhere than the store calls this so they do not pile up)."""
        changes, self.changes = self.changes, Changes()
        self.links.saved()
        return changes

    def remove_article(self, article_id: str) -> int | None:
        """an article id (deleted, or replaced by a new version) -> its row taken out of its
        story and let go; -> the story key it left (None: not held)."""
        row = self.row_of.get(article_id)
        if row is None:
            return None
        key = self.story_of[row]
        if key in self.stories:
            self._remove(row, self.stories[key])
        self.changes.removed.add(row)
        self.let_go(row)
        return key

    def rebuild_index(self) -> None:
        """The vector index rebuilt from the rows held, in row order."""
        self.index.rebuild((row, self.dense[row]) for row in sorted(self.ids))
        self.changes.index_rebuilt = True
        self.changes.rows.update(self.ids)  # every held row has a new place


def _gap(day: float | None, story: _Story) -> float:
    """(day, story) -> days between the day and the story's dated span (0 when undated)."""
    if day is None or story.first is None or story.last is None:
        return 0.0
    return max(0.0, story.first - day, day - story.last)
