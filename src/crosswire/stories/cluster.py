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

The review is incremental: it looks only at stories changed since it last looked at them
(each sub-pass keeps its own set), and the merge pass compares those only with stories whose
span lies within the merge reach of theirs (the time window, or the gap beyond which the decay
alone keeps any pair under the merge threshold, whichever is shorter; undated stories are
always in reach). Pairs of unchanged stories were found apart last time and nothing they
depend on has changed, so this finds the same merges and drifts as walking every story, at a
cost that follows the changes, not the collection. The contrast split bisects at most
``CONTRAST_SAMPLE`` of a story's most recent members.

Batch clustering (:func:`cluster_articles`) replays the same stream in a canonical order
(dated by day then id, then undated by id), so results do not depend on file order; all ties
break on indices and faiss adds one vector at a time, so runs are deterministic.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import faiss
import numpy as np
import scipy.sparse as sp
from scipy.stats import hypergeom

from crosswire.config import Settings
from crosswire.models import Article
from crosswire.stories.embed import Embedder
from crosswire.stories.represent import N_FEATURES, Features, featurise

CONTRAST_SAMPLE = 256  # most recent members a contrast split (or merge block) looks at
MERGE_CHUNK = 256  # changed stories scored against their live neighbours at a time
SIMILAR_BLOCK = 512  # stories whose dense cosines to all others are taken at a time


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
    """Articles' Features, batch after batch -> a story key per article id."""

    def __init__(self, settings: Settings, pins: Pins | None = None, dim: int = 384) -> None:
        self.s = settings
        self.index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = 64
        self.index.hnsw.efSearch = 64
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}  # article id -> its latest internal row
        self.days: list[float | None] = []
        self.dense: list[np.ndarray] = []
        self.sparse: list[tuple[np.ndarray, np.ndarray]] = []
        self.raw: list[tuple[np.ndarray, np.ndarray]] = []
        self._dirty: set[int] = set()  # changed since the last review (contrast split)
        self._drift_dirty: set[int] = set()  # changed since the drift pass last checked them
        self._merge_dirty: set[int] = set()  # changed since the merge pass last scored them
        self._units: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._norms: dict[int, float] = {}  # story key -> its sparse norm, until it changes
        self._seen: set[int] = set()  # stories the merge pass scored against
        self._first = np.full(64, np.nan)  # story key -> its span (NaN: undated or gone)
        self._last = np.full(64, np.nan)
        self._alive = np.zeros(64, dtype=bool)
        self.examined: dict[str, int] = {}  # stories the last review looked at, per sub-pass
        self.story_of: list[int] = []
        self.stories: dict[int, _Story] = {}
        self._related_rows: list[tuple[int, int]] = []
        self._next_key = 0
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

    def __getstate__(self) -> dict[str, Any]:
        """-> a picklable state (the faiss index as bytes), for keeping between runs."""
        state = self.__dict__.copy()
        state["index"] = faiss.serialize_index(self.index)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """a state from :meth:`__getstate__` -> this clusterer restored."""
        state = dict(state, index=faiss.deserialize_index(state["index"]))
        self.__dict__.update(state)

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
        return [self.story_of[self.row_of[article_id]] for article_id in features.ids]

    def _add_one(self, features: Features, i: int) -> None:
        """Row i of features -> a new internal row, assigned to a story and indexed."""
        row = len(self.ids)
        dense = np.ascontiguousarray(features.dense[i], dtype=np.float32)
        start, end = features.sparse.indptr[i], features.sparse.indptr[i + 1]
        self.ids.append(features.ids[i])
        self.row_of[features.ids[i]] = row
        self.days.append(features.days[i])
        self.dense.append(dense)
        self.sparse.append((features.sparse.indices[start:end].copy(),
                            features.sparse.data[start:end].astype(np.float64)))
        raw_start, raw_end = features.counts.indptr[i], features.counts.indptr[i + 1]
        self.raw.append((features.counts.indices[raw_start:raw_end].copy(),
                         features.counts.data[raw_start:raw_end].astype(np.float64)))
        self.story_of.append(-1)
        key = self._choose(row)
        self._join(row, key)
        self.index.add(dense[None, :])

    def _choose(self, row: int) -> int | None:
        """A new row -> the story it joins (None: a new story)."""
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
            if raw >= self.s.story_threshold > score:
                self._related_rows.append((key, row))
        return best_key if best >= self.s.story_threshold else None

    def _candidates(self, row: int) -> list[int]:
        """A row -> keys of the live stories of its nearest indexed articles."""
        if self.index.ntotal == 0:
            return []
        k = min(self.s.story_candidates, self.index.ntotal)
        _, found = self.index.search(self.dense[row][None, :], k)
        keys = {self.story_of[int(j)] for j in found[0] if j >= 0} & self.stories.keys()
        return sorted(key for key in keys if self._live(self.days[row], self.stories[key]))

    def _join(self, row: int, key: int | None) -> None:
        """Put a row into story `key` (None: a new story), updating the centroid sums."""
        if key is None:
            key = self._next_key
            self._next_key += 1
            self.stories[key] = _Story(key, [], np.zeros_like(self.dense[row], np.float64), {})
        story = self.stories[key]
        story.members.append(row)
        story.dense += self.dense[row]
        for col, value in zip(*self.sparse[row], strict=True):
            story.sparse[int(col)] = story.sparse.get(int(col), 0.0) + float(value)
        day = self.days[row]
        if day is not None:
            story.first = day if story.first is None else min(story.first, day)
            story.last = day if story.last is None else max(story.last, day)
        self.story_of[row] = key
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

    def review(self, full: bool = False) -> None:
        """Split stories that hold two events, move drifted members out, then merge stories
        that converged (unless they contrast as two events). Only stories changed since each
        sub-pass last saw them are looked at; ``full`` makes the drift and merge passes look
        at every story (the result is the same: a check for tests and a safety net)."""
        self._since_review = 0
        self.examined = {"contrast": 0, "drift": 0, "merge": 0, "merge_against": 0}
        if full:
            self._drift_dirty.update(self.stories)
            self._merge_dirty.update(self.stories)
        self._split_contrasting()
        self._split_drifted()
        self._merge_converged()
        self._dirty.clear()

    def _split_contrasting(self) -> None:
        """Each changed story that splits into two contrasting halves becomes two stories
        (tested again, recursively). A story larger than ``CONTRAST_SAMPLE`` is bisected on
        its most recent members; each older one follows the half it is closer to."""
        queue = sorted(k for k in self._dirty if k in self.stories)
        while queue:
            story = self.stories[queue.pop(0)]
            if len(story.members) < max(self.s.story_contrast_min, 2):
                continue
            self.examined["contrast"] += 1
            mask = self._contrast_mask(story.members)
            if mask is None or self._splits_group(story, mask):
                continue
            moved = [m for m, out in zip(story.members, mask, strict=True) if out]
            for row in moved:
                self._remove(row, story)
            new_key = self._next_key
            for row in moved:
                self._join(row, new_key if row != moved[0] else None)
            queue += [story.key, new_key]

    def _contrast_mask(self, members: list[int]) -> np.ndarray | None:
        """A story's member rows -> the mask of the half to move out, or None."""
        ratio, evidence = self.s.story_contrast_ratio, self.s.story_contrast_evidence
        if len(members) <= CONTRAST_SAMPLE:
            return contrast_split([self.raw[m] for m in members], ratio, evidence)
        recent = sorted(members)[-CONTRAST_SAMPLE:]
        sample_mask = contrast_split([self.raw[m] for m in recent], ratio, evidence)
        if sample_mask is None:
            return None
        side = dict(zip(recent, sample_mask.tolist(), strict=True))
        older = [m for m in members if m not in side]
        rows = _unit_rows(_story_matrix([self.raw[m] for m in older + recent]))
        sims = np.asarray((rows[:len(older)] @ rows[len(older):].T).todense())
        out_mean = sims[:, sample_mask].mean(axis=1)
        in_mean = sims[:, ~sample_mask].mean(axis=1)
        side.update(zip(older, (out_mean > in_mean).tolist(), strict=True))
        return np.array([side[m] for m in members], dtype=bool)

    def _splits_group(self, story: _Story, mask: np.ndarray) -> bool:
        """Would moving the masked members out cut a must-link group or a new pin?"""
        sides: dict[int, set[bool]] = {}
        for row, out in zip(story.members, mask, strict=True):
            group = self.group_of.get(self.ids[row])
            if group is not None:
                sides.setdefault(group, set()).add(bool(out))
        return any(len(v) > 1 for v in sides.values())

    def _split_drifted(self) -> None:
        """Each member far from the rest of its story leaves it and is assigned afresh.
        Changed stories only, in key order; a story a moved member joins is checked in this
        pass when its key comes later and it existed when the pass began (as a walk over
        every story would); others, and a story that lost a member, wait for the next."""
        limit = self._next_key
        heap = [k for k in self._drift_dirty if k in self.stories]
        heapq.heapify(heap)
        while heap:
            key = heapq.heappop(heap)
            story = self.stories.get(key)
            if key not in self._drift_dirty or story is None:
                continue
            self._drift_dirty.discard(key)
            if len(story.members) < 3:
                continue
            self.examined["drift"] += 1
            rest = list(story.members)
            while rest:  # members in order, each against the story as it stands
                sims = self._leave_out_similarities(story, rest)
                out = next((i for i in np.flatnonzero(sims < self.s.story_split_threshold)
                            if not self._pinned_with_others(rest[i], story)), None)
                if out is None:
                    break
                row, rest = rest[out], rest[out + 1:]
                self._remove(row, story)
                joined = self._choose(row)
                self._join(row, joined)
                if joined is not None and key < joined < limit:
                    heapq.heappush(heap, joined)
        self._drift_dirty.intersection_update(self.stories)

    def _pinned_with_others(self, row: int, story: _Story) -> bool:
        """Does a must-link group tie this row to another member of its story?"""
        group = self.group_of.get(self.ids[row])
        return group is not None and any(
            self.group_of.get(self.ids[m]) == group for m in story.members if m != row)

    def _remove(self, row: int, story: _Story) -> None:
        """Take a row out of its story (the story disappears when emptied)."""
        story.members.remove(row)
        story.dense -= self.dense[row]
        for col, value in zip(*self.sparse[row], strict=True):
            story.sparse[int(col)] -= float(value)
        self._respan(story)
        self.story_of[row] = -1
        if not story.members:
            del self.stories[story.key]
        self._touch(story)

    def _respan(self, story: _Story) -> None:
        """Recompute a story's dated span from its members."""
        days = [d for d in (self.days[m] for m in story.members) if d is not None]
        story.first, story.last = (min(days), max(days)) if days else (None, None)

    def _merge_converged(self) -> None:
        """Merge story pairs above the merge threshold, best first, until none is left.
        Every mergeable pair involves a story changed since the pass last ran (two unchanged
        stories were scored apart then), and after a round only the stories it merged into
        can form new pairs, so each round scores just those against their live neighbours."""
        changed, self._seen = self._merge_dirty, set()
        for _ in range(20):
            pairs = self._merge_pairs(changed)
            if not pairs:
                changed = set()
                break
            used: set[int] = set()
            changed = set()
            for _, a, b in pairs:
                if a in used or b in used:
                    continue
                used.update((a, b))
                self._merge(a, b)
                changed.add(min(a, b))
        self._merge_dirty = changed
        if self._seen:  # keep the cached unit centroids of the stories live now, only
            self._units = {k: u for k, u in self._units.items() if k in self._seen}

    def merge_reach(self) -> float:
        """-> the widest gap (days) between two stories' spans that can still merge: the
        time window, or where the decay alone takes a perfect match under the threshold."""
        threshold = self.s.story_merge_threshold
        if threshold <= 0:
            return self.s.story_window_days
        decay_reach = self.s.story_grace_days + self.s.story_half_life_days * float(
            np.log2(1.0 / threshold))
        return min(self.s.story_window_days, decay_reach + 1e-6)

    def _merge_pairs(self, changed: set[int]) -> list[tuple[float, int, int]]:
        """Changed story keys -> [(-similarity, key a, key b)], a < b, of mergeable pairs
        with at least one changed story, best first."""
        keys = sorted((k for k in changed if k in self.stories), key=lambda k: (
            bool(np.isnan(self._first[k])), float(np.nan_to_num(self._first[k])), k))
        if len(self.stories) < 2:
            return []
        scored: dict[tuple[int, int], float | None] = {}
        for lo in range(0, len(keys), MERGE_CHUNK):
            chunk = keys[lo:lo + MERGE_CHUNK]
            others = self._live_keys(chunk)
            self._seen.update(others)
            self.examined["merge"] += len(chunk)
            self.examined["merge_against"] += len(others)
            sims = self._cross_similarities(chunk, others)
            for i, j in zip(*np.nonzero(sims >= self.s.story_merge_threshold), strict=True):
                pair = (min(chunk[i], others[j]), max(chunk[i], others[j]))
                if pair[0] == pair[1] or pair in scored:
                    continue
                a, b = self.stories[pair[0]], self.stories[pair[1]]
                decayed = float(sims[i, j]) * self._decay_between(a, b)
                ok = (decayed >= self.s.story_merge_threshold and self._compatible(a, b)
                      and not self._contrast(a, b))
                scored[pair] = decayed if ok else None
        return sorted((-d, a, b) for (a, b), d in scored.items() if d is not None)

    def _live_keys(self, chunk: list[int]) -> list[int]:
        """Story keys -> keys of every story within merge reach of any of them (undated
        stories are always within reach; an undated one among them reaches every story)."""
        n = self._next_key
        alive, first, last = self._alive[:n], self._first[:n], self._last[:n]
        dated = [k for k in chunk if not np.isnan(self._first[k])]
        if len(dated) < len(chunk):
            return np.flatnonzero(alive).tolist()
        reach = self.merge_reach()
        lo = min(float(self._first[k]) for k in dated) - reach
        hi = max(float(self._last[k]) for k in dated) + reach
        with np.errstate(invalid="ignore"):
            near = np.isnan(first) | ((last >= lo) & (first <= hi))
        return np.flatnonzero(alive & near).tolist()

    def _unit(self, key: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A story key -> its unit dense centroid and unit sparse centroid (columns, values),
        cached until the story changes."""
        unit = self._units.get(key)
        if unit is None:
            story = self.stories[key]
            dense = story.dense / max(float(np.linalg.norm(story.dense)), 1e-12)
            items = sorted(story.sparse.items())
            cols = np.fromiter((c for c, _ in items), dtype=np.int64, count=len(items))
            values = np.fromiter((v for _, v in items), dtype=np.float64, count=len(items))
            values /= max(float(np.sqrt(values @ values)), 1e-12)
            unit = self._units[key] = (dense, cols, values)
        return unit

    def _cross_similarities(self, rows: list[int], cols: list[int],
                            threshold: float | None = None) -> np.ndarray:
        """Story keys (rows, columns) -> their combined centroid cosines, exact wherever they
        can reach ``threshold`` (default: the merge threshold)."""
        w = self.s.story_dense_weight
        a, b = [self._unit(k) for k in rows], [self._unit(k) for k in cols]
        dense = np.stack([u[0] for u in a]) @ np.stack([u[0] for u in b]).T
        out = w * dense
        # a sparse cosine is at most 1, so a column whose dense cosines all fall short of
        # this cannot reach the merge threshold: its sparse part is not needed (left 0)
        reach = self.s.story_merge_threshold if threshold is None else threshold
        floor = (reach - (1.0 - w)) / w if w > 0 else -np.inf
        near = np.flatnonzero(dense.max(axis=0) >= floor - 1e-9)
        if near.size:
            sparse = _stack(a) @ _stack([b[j] for j in near]).T
            out[:, near] += (1.0 - w) * np.asarray(sparse.todense())
        return np.asarray(out)

    def _decay_between(self, a: _Story, b: _Story) -> float:
        """Two stories -> the time factor for the gap between their spans."""
        if a.first is None or a.last is None or b.first is None or b.last is None:
            return 1.0
        gap = max(0.0, b.first - a.last, a.first - b.last)
        excess = max(0.0, gap - self.s.story_grace_days)
        return float(0.5 ** (excess / self.s.story_half_life_days))

    def _contrast(self, a: _Story, b: _Story) -> bool:
        """Do two stories, taken together, contrast as two events (so must stay apart)?
        (At most ``CONTRAST_SAMPLE`` / 2 of each one's most recent members are looked at.)"""
        half = CONTRAST_SAMPLE // 2
        rows_a, rows_b = sorted(a.members)[-half:], sorted(b.members)[-half:]
        rows = rows_a + rows_b
        if len(rows) < self.s.story_contrast_min:
            return False
        mask = np.array([False] * len(rows_a) + [True] * len(rows_b))
        matrix = _story_matrix([self.raw[r] for r in rows])
        return contrasts(matrix, local_similarities(matrix), mask, self.s.story_contrast_ratio,
                         self.s.story_contrast_evidence)

    def _compatible(self, a: _Story, b: _Story) -> bool:
        """May two stories merge (no cannot-link pair across them)?"""
        ids_b = {self.ids[m] for m in b.members}
        return not any(self.cannot.get(self.ids[m], set()) & ids_b for m in a.members)

    def _merge(self, a: int, b: int) -> None:
        """Merge story b into story a (a < b keeps its key)."""
        keep, gone = self.stories[min(a, b)], self.stories.pop(max(a, b))
        keep.members.extend(gone.members)
        keep.dense += gone.dense
        for col, value in gone.sparse.items():
            keep.sparse[col] = keep.sparse.get(col, 0.0) + value
        for row in gone.members:
            self.story_of[row] = keep.key
        self._respan(keep)
        self._touch(keep)
        self._touch(gone)
        for group, key in self.group_story.items():
            if key == gone.key:
                self.group_story[group] = keep.key

    # -- results ---------------------------------------------------------------------------

    def related(self) -> set[tuple[int, int]]:
        """-> (earlier story key, later story key) pairs: a later article would have joined the
        earlier story but for the time gap."""
        pairs = set()
        for key, row in self._related_rows:
            if key in self.stories and self.story_of[row] not in (key, -1):
                pairs.add((key, self.story_of[row]))
        return pairs

    def _canonical_keys(self) -> dict[int, int]:
        """-> {internal story key: key numbered 0.. by each story's first row}."""
        canonical: dict[int, int] = {}
        for key in self.story_of:
            canonical.setdefault(key, len(canonical))
        return canonical

    def assignments(self) -> dict[str, int]:
        """-> {article id: story key}, keys numbered 0.. by each story's first article."""
        canonical = self._canonical_keys()
        return {article_id: canonical[self.story_of[row]]
                for row, article_id in enumerate(self.ids)}

    def related_keys(self) -> set[tuple[int, int]]:
        """-> pairs of stories on the same subject, in the keys :meth:`assignments` uses:
        those only time kept apart (:meth:`related`) and those whose centroids' weighted
        dense + sparse cosine reaches ``story_related_similarity``."""
        canonical = self._canonical_keys()
        pairs = self.related() | self._similar_stories(self.s.story_related_similarity)
        return {(canonical[a], canonical[b]) for a, b in pairs
                if a in canonical and b in canonical}

    def _similar_stories(self, threshold: float) -> set[tuple[int, int]]:
        """-> (story key, story key) pairs whose centroid similarity reaches threshold (pairs
        whose dense cosine alone falls short of it are not considered). Dense cosines are
        taken a block of stories at a time, and each story's candidates are scored in full
        in one call, so neither memory nor calls grow with the square of the stories."""
        keys = sorted(self.stories)
        if len(keys) < 2:
            return set()
        dense = np.stack([self._unit(k)[0] for k in keys])
        pairs = set()
        for start in range(0, len(keys), SIMILAR_BLOCK):
            block = dense[start:start + SIMILAR_BLOCK] @ dense.T
            for r, row in enumerate(block):
                i = start + r
                js = np.flatnonzero(row[i + 1:] >= threshold) + i + 1
                if js.size:
                    cols = [keys[j] for j in js]
                    sims = self._cross_similarities([keys[i]], cols, threshold)[0]
                    pairs |= {(keys[i], c) for c, v in zip(cols, sims, strict=True)
                              if v >= threshold}
        return pairs


def _gap(day: float | None, story: _Story) -> float:
    """(day, story) -> days between the day and the story's dated span (0 when undated)."""
    if day is None or story.first is None or story.last is None:
        return 0.0
    return max(0.0, story.first - day, day - story.last)


def _stack(units: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """Unit centroids -> their sparse parts as the rows of one matrix."""
    indptr = np.cumsum([0] + [len(u[1]) for u in units])
    return sp.csr_matrix((np.concatenate([u[2] for u in units]),
                          np.concatenate([u[1] for u in units]), indptr),
                         shape=(len(units), N_FEATURES))


def _story_matrix(raw: list[tuple[np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """Raw term weights of a story's articles -> one sparse row each, over the columns used."""
    indptr = np.cumsum([0] + [len(cols) for cols, _ in raw])
    cols = np.concatenate([c for c, _ in raw]) if raw else np.zeros(0, np.int32)
    data = np.concatenate([v for _, v in raw]) if raw else np.zeros(0)
    _, local = np.unique(cols, return_inverse=True)
    width = int(local.max()) + 1 if local.size else 0
    return sp.csr_matrix((data, local.ravel(), indptr), shape=(len(raw), width))


def local_similarities(raw: list[tuple[np.ndarray, np.ndarray]] | sp.csr_matrix) -> np.ndarray:
    """Raw term weights of a story's articles -> their cosine matrix under an IDF computed
    inside the story (terms all of them share count little: what tells them apart counts)."""
    matrix = _unit_rows(raw if isinstance(raw, sp.csr_matrix) else _story_matrix(raw))
    return np.asarray((matrix @ matrix.T).todense())


def _unit_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """A story's term rows -> the same weighted by the IDF inside the story, L2-normalised."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    matrix = matrix @ sp.diags(np.log((1.0 + matrix.shape[0]) / (1.0 + df)) + 1.0)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ matrix)


def contrast_evidence(matrix: sp.csr_matrix, mask: np.ndarray, p_max: float = 1e-3) -> float:
    """(a story's term rows, a split mask) -> how strongly terms side with one half: the sum of
    -log10 p over terms whose documents fall into one half more than chance allows
    (hypergeometric tail p below ``p_max``). Two events each bring their own names, places,
    dates and numbers; a story cut along noise, or a small outlying half, scores near 0."""
    present = matrix.copy()
    present.data = (present.data > 0).astype(np.float64)
    present.eliminate_zeros()
    df = np.asarray(present.sum(axis=0)).ravel()
    df_out = np.asarray(present[np.flatnonzero(mask)].sum(axis=0)).ravel()
    n, n_out = matrix.shape[0], int(mask.sum())
    shared = df >= 2
    df, df_out = df[shared], df_out[shared]
    p_out = hypergeom.sf(df_out - 1, n, df, n_out)
    p_in = hypergeom.sf(df - df_out - 1, n, df, n - n_out)
    p = np.minimum(p_out, p_in)
    return float(-np.log10(np.maximum(p[p < p_max], 1e-300)).sum())


def bisect(sims: np.ndarray) -> np.ndarray:
    """A similarity matrix -> a boolean mask of one half: the sweep cut of the Fiedler vector
    of the normalised Laplacian with the lowest normalised cut (row 0 always stays False)."""
    affinity = np.maximum(sims, 0.0)
    np.fill_diagonal(affinity, 0.0)
    degree = np.maximum(affinity.sum(axis=1), 1e-9)
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(sims)) - scale[:, None] * affinity * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    fiedler = vectors[:, 1] * scale
    order = np.lexsort((np.arange(len(sims)), fiedler))
    best, best_mask = np.inf, np.zeros(len(sims), dtype=bool)
    mask = np.zeros(len(sims), dtype=bool)
    total = degree.sum()
    cut = volume = 0.0
    for k in order[:-1]:  # the cut and volume move by row k's ties to either side
        cut += float(affinity[k, ~mask].sum() - affinity[k, mask].sum())
        mask[k] = True
        volume += float(degree[k])
        score = cut / volume + cut / max(total - volume, 1e-9)
        if score < best - 1e-12:
            best, best_mask = score, mask.copy()
    return ~best_mask if best_mask[0] else best_mask


def contrast_ratio(sims: np.ndarray, mask: np.ndarray) -> float:
    """(similarities, a split mask) -> mean cross similarity / mean within-half similarity."""
    same = mask[:, None] == mask[None, :]
    upper = np.triu(np.ones_like(same), 1)
    within = sims[same & upper]
    cross = sims[~same]
    if within.size == 0 or cross.size == 0:
        return 1.0
    return float(cross.mean() / max(within.mean(), 1e-9))


def contrast_split(raw: list[tuple[np.ndarray, np.ndarray]], ratio: float,
                   evidence: float = 0.0) -> np.ndarray | None:
    """Raw term weights of a story's articles -> a mask of the half to move out when the two
    halves contrast (cross/within similarity below ``ratio`` and at least ``evidence`` of
    terms siding with one half), else None."""
    matrix = _story_matrix(raw)
    sims = local_similarities(matrix)
    mask = bisect(sims)
    if mask.all() or not mask.any():
        return None
    return mask if contrasts(matrix, sims, mask, ratio, evidence) else None


def contrasts(matrix: sp.csr_matrix, sims: np.ndarray, mask: np.ndarray, ratio: float,
              evidence: float) -> bool:
    """Do the two halves of a story contrast as two events?"""
    if contrast_ratio(sims, mask) >= ratio:
        return False
    return evidence <= 0 or contrast_evidence(matrix, mask) >= evidence


def canonical_order(features: Features) -> list[int]:
    """Features -> row order of a batch replay: dated rows by (day, id), then undated by id."""
    return sorted(range(len(features)), key=lambda i: (
        features.days[i] is None, features.days[i] or 0.0, features.ids[i]))


def cluster_articles(items: Features | Sequence[Article], settings: Settings,
                     pins: Pins | None = None, *,
                     must_link: Iterable[Iterable[str]] | None = None,
                     cannot_link: Iterable[tuple[str, str]] | None = None) -> dict[str, int]:
    """Features (or Articles, featurised here as one batch) + pins (a Pins, or must_link
    groups and cannot_link pairs) -> {article id: story key}, keys 0.. in canonical order.
    The stream is replayed in canonical order, so the result is independent of input order."""
    return replay(items, settings, pins, must_link=must_link, cannot_link=cannot_link
                  ).assignments()


def replay(items: Features | Sequence[Article], settings: Settings, pins: Pins | None = None,
           *, must_link: Iterable[Iterable[str]] | None = None,
           cannot_link: Iterable[tuple[str, str]] | None = None,
           embedder: Embedder | None = None) -> OnlineClusterer:
    """the same inputs as :func:`cluster_articles` (+ an embedder, e.g. one that caches in the
    store) -> the clusterer after replaying them, for callers that also want related pairs."""
    features = items if isinstance(items, Features) else featurise(items, settings, embedder)
    pins = pins or Pins()
    pins = Pins(pins.must_link + [set(g) for g in must_link or ()],
                pins.cannot_link + [(a, b) for a, b in cannot_link or ()])
    clusterer = OnlineClusterer(settings, pins, dim=features.dense.shape[1])
    clusterer.add(features, canonical_order(features), review=False)
    clusterer.review(full=True)
    return clusterer
