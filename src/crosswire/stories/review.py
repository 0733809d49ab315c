"""The clusterer's review pass: split stories that hold two events, move out members that
drifted, merge stories that converged, and keep each changed story's related stories.

The review is incremental: it looks only at stories changed since it last looked at them (each
sub-pass keeps its own set), and the merge pass compares those only with stories whose span
lies within the merge reach of theirs (the time window, or the gap beyond which the decay
alone keeps any pair under the merge threshold, whichever is shorter; undated stories are
always in reach). Pairs of unchanged stories were found apart last time and nothing they
depend on has changed, so this finds the same merges and drifts as walking every story, at a
cost that follows the changes, not the collection. The contrast split bisects at most
``CONTRAST_SAMPLE`` of a story's most recent members.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from crosswire.stories.contrast import (
    _story_matrix,
    _unit_rows,
    contrast_split,
    contrasts,
    local_similarities,
)
from crosswire.stories.represent import N_FEATURES
from crosswire.stories.retired import unit_similarity

if TYPE_CHECKING:
    from crosswire.stories.cluster import OnlineClusterer, _Story

CONTRAST_SAMPLE = 256  # most recent members a contrast split (or merge block) looks at
MERGE_CHUNK = 256  # changed stories scored against their live neighbours at a time
SIMILAR_CHUNK = 512  # changed stories whose related stories are scored at a time


def review(c: OnlineClusterer, full: bool = False) -> None:
    """Split stories that hold two events, move drifted members out, then merge stories
    that converged (unless they contrast as two events). Only stories changed since each
    sub-pass last saw them are looked at; ``full`` makes the drift and merge passes look
    at every story (the result is the same: a check for tests and a safety net)."""
    c._since_review = 0
    c.examined = {"contrast": 0, "drift": 0, "merge": 0, "merge_against": 0}
    if full:
        c._drift_dirty.update(c.stories)
        c._merge_dirty.update(c.stories)
    _split_contrasting(c)
    _split_drifted(c)
    _merge_converged(c)
    c._dirty.clear()
    _relink(c)
    c.retire()

def _split_contrasting(c: OnlineClusterer) -> None:
    """Each changed story that splits into two contrasting halves becomes two stories
    (tested again, recursively). A story larger than ``CONTRAST_SAMPLE`` is bisected on
    its most recent members; each older one follows the half it is closer to."""
    queue = sorted(k for k in c._dirty if k in c.stories)
    while queue:
        story = c.stories[queue.pop(0)]
        if len(story.members) < max(c.s.story_contrast_min, 2):
            continue
        c.examined["contrast"] += 1
        mask = _contrast_mask(c, story.members)
        if mask is None or _splits_group(c, story, mask):
            continue
        moved = [m for m, out in zip(story.members, mask, strict=True) if out]
        for row in moved:
            c._remove(row, story)
        new_key = c._next_key
        for row in moved:
            c._join(row, new_key if row != moved[0] else None)
        queue += [story.key, new_key]

def _contrast_mask(c: OnlineClusterer, members: list[int]) -> np.ndarray | None:
    """A story's member rows -> the mask of the half to move out, or None."""
    ratio, evidence = c.s.story_contrast_ratio, c.s.story_contrast_evidence
    if len(members) <= CONTRAST_SAMPLE:
        return contrast_split([c.raw[m] for m in members], ratio, evidence)
    recent = sorted(members)[-CONTRAST_SAMPLE:]
    sample_mask = contrast_split([c.raw[m] for m in recent], ratio, evidence)
    if sample_mask is None:
        return None
    side = dict(zip(recent, sample_mask.tolist(), strict=True))
    older = [m for m in members if m not in side]
    rows = _unit_rows(_story_matrix([c.raw[m] for m in older + recent]))
    sims = np.asarray((rows[:len(older)] @ rows[len(older):].T).todense())
    out_mean = sims[:, sample_mask].mean(axis=1)
    in_mean = sims[:, ~sample_mask].mean(axis=1)
    side.update(zip(older, (out_mean > in_mean).tolist(), strict=True))
    return np.array([side[m] for m in members], dtype=bool)

def _splits_group(c: OnlineClusterer, story: _Story, mask: np.ndarray) -> bool:
    """Would moving the masked members out cut a must-link group or a new pin?"""
    sides: dict[int, set[bool]] = {}
    for row, out in zip(story.members, mask, strict=True):
        group = c.group_of.get(c.ids[row])
        if group is not None:
            sides.setdefault(group, set()).add(bool(out))
    return any(len(v) > 1 for v in sides.values())

def _split_drifted(c: OnlineClusterer) -> None:
    """Each member far from the rest of its story leaves it and is assigned afresh.
    Changed stories only, in key order; a story a moved member joins is checked in this
    pass when its key comes later and it existed when the pass began (as a walk over
    every story would); others, and a story that lost a member, wait for the next."""
    limit = c._next_key
    heap = [k for k in c._drift_dirty if k in c.stories]
    heapq.heapify(heap)
    while heap:
        key = heapq.heappop(heap)
        story = c.stories.get(key)
        if key not in c._drift_dirty or story is None:
            continue
        c._drift_dirty.discard(key)
        if len(story.members) < 3:
            continue
        c.examined["drift"] += 1
        rest = list(story.members)
        while rest:  # members in order, each against the story as it stands
            sims = c._leave_out_similarities(story, rest)
            out = next((i for i in np.flatnonzero(sims < c.s.story_split_threshold)
                        if not _pinned_with_others(c, rest[i], story)), None)
            if out is None:
                break
            row, rest = rest[out], rest[out + 1:]
            c._remove(row, story)
            joined = c._choose(row)
            c._join(row, joined)
            if joined is not None and key < joined < limit:
                heapq.heappush(heap, joined)
    c._drift_dirty.intersection_update(c.stories)

def _pinned_with_others(c: OnlineClusterer, row: int, story: _Story) -> bool:
    """Does a must-link group tie this row to another member of its story?"""
    group = c.group_of.get(c.ids[row])
    return group is not None and any(
        c.group_of.get(c.ids[m]) == group for m in story.members if m != row)

def _merge_converged(c: OnlineClusterer) -> None:
    """Merge story pairs above the merge threshold, best first, until none is left.
    Every mergeable pair involves a story changed since the pass last ran (two unchanged
    stories were scored apart then), and after a round only the stories it merged into
    can form new pairs, so each round scores just those against their live neighbours."""
    changed, c._seen = c._merge_dirty, set()
    for _ in range(20):
        pairs = _merge_pairs(c, changed)
        if not pairs:
            changed = set()
            break
        used: set[int] = set()
        changed = set()
        for _, a, b in pairs:
            if a in used or b in used:
                continue
            used.update((a, b))
            _merge(c, a, b)
            changed.add(min(a, b))
    c._merge_dirty = changed
    if c._seen:  # keep the cached unit centroids of the stories live now, only
        c._units = {k: u for k, u in c._units.items() if k in c._seen}

def merge_reach(c: OnlineClusterer) -> float:
    """-> the widest gap (days) between two stories' spans that can still merge: the
    time window, or where the decay alone takes a perfect match under the threshold."""
    threshold = c.s.story_merge_threshold
    if threshold <= 0:
        return c.s.story_window_days
    decay_reach = c.s.story_grace_days + c.s.story_half_life_days * float(
        np.log2(1.0 / threshold))
    return min(c.s.story_window_days, decay_reach + 1e-6)

def _merge_pairs(c: OnlineClusterer, changed: set[int]) -> list[tuple[float, int, int]]:
    """Changed story keys -> [(-similarity, key a, key b)], a < b, of mergeable pairs
    with at least one changed story, best first."""
    keys = sorted((k for k in changed if k in c.stories), key=lambda k: (
        bool(np.isnan(c._first[k])), float(np.nan_to_num(c._first[k])), k))
    if len(c.stories) < 2:
        return []
    scored: dict[tuple[int, int], float | None] = {}
    for lo in range(0, len(keys), MERGE_CHUNK):
        chunk = keys[lo:lo + MERGE_CHUNK]
        others = _live_keys(c, chunk)
        c._seen.update(others)
        c.examined["merge"] += len(chunk)
        c.examined["merge_against"] += len(others)
        sims = _cross_similarities(c, chunk, others)
        for i, j in zip(*np.nonzero(sims >= c.s.story_merge_threshold), strict=True):
            pair = (min(chunk[i], others[j]), max(chunk[i], others[j]))
            if pair[0] == pair[1] or pair in scored:
                continue
            a, b = c.stories[pair[0]], c.stories[pair[1]]
            decayed = float(sims[i, j]) * _decay_between(c, a, b)
            ok = (decayed >= c.s.story_merge_threshold and _compatible(c, a, b)
                  and not _contrast(c, a, b))
            scored[pair] = decayed if ok else None
    return sorted((-d, a, b) for (a, b), d in scored.items() if d is not None)

def _live_keys(c: OnlineClusterer, chunk: list[int]) -> list[int]:
    """Story keys -> keys of every story within merge reach of any of them (undated
    stories are always within reach; an undated one among them reaches every story)."""
    n = c._next_key
    alive, first, last = c._alive[:n], c._first[:n], c._last[:n]
    dated = [k for k in chunk if not np.isnan(c._first[k])]
    if len(dated) < len(chunk):
        return np.flatnonzero(alive).tolist()
    reach = merge_reach(c)
    lo = min(float(c._first[k]) for k in dated) - reach
    hi = max(float(c._last[k]) for k in dated) + reach
    with np.errstate(invalid="ignore"):
        near = np.isnan(first) | ((last >= lo) & (first <= hi))
    return np.flatnonzero(alive & near).tolist()

def _unit(c: OnlineClusterer, key: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A story key -> its unit dense centroid and unit sparse centroid (columns, values),
    cached until the story changes."""
    unit = c._units.get(key)
    if unit is None:
        story = c.stories[key]
        dense = story.dense / max(float(np.linalg.norm(story.dense)), 1e-12)
        items = sorted(story.sparse.items())
        cols = np.fromiter((c for c, _ in items), dtype=np.int64, count=len(items))
        values = np.fromiter((v for _, v in items), dtype=np.float64, count=len(items))
        values /= max(float(np.sqrt(values @ values)), 1e-12)
        unit = c._units[key] = (dense, cols, values)
    return unit

def _cross_similarities(c: OnlineClusterer, rows: list[int], cols: list[int],
                        threshold: float | None = None) -> np.ndarray:
    """Story keys (rows, columns) -> their combined centroid cosines, exact wherever they
    can reach ``threshold`` (default: the merge threshold)."""
    w = c.s.story_dense_weight
    a, b = [_unit(c, k) for k in rows], [_unit(c, k) for k in cols]
    dense = np.stack([u[0] for u in a]) @ np.stack([u[0] for u in b]).T
    out = w * dense
    # a sparse cosine is at most 1, so a column whose dense cosines all fall short of
    # this cannot reach the merge threshold: its sparse part is not needed (left 0)
    reach = c.s.story_merge_threshold if threshold is None else threshold
    floor = (reach - (1.0 - w)) / w if w > 0 else -np.inf
    near = np.flatnonzero(dense.max(axis=0) >= floor - 1e-9)
    if near.size:
        sparse = _stack(a) @ _stack([b[j] for j in near]).T
        out[:, near] += (1.0 - w) * np.asarray(sparse.todense())
    return np.asarray(out)

def _decay_between(c: OnlineClusterer, a: _Story, b: _Story) -> float:
    """Two stories -> the time factor for the gap between their spans."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 1.0
    gap = max(0.0, b.first - a.last, a.first - b.last)
    excess = max(0.0, gap - c.s.story_grace_days)
    return float(0.5 ** (excess / c.s.story_half_life_days))

def _contrast(c: OnlineClusterer, a: _Story, b: _Story) -> bool:
    """Do two stories, taken together, contrast as two events (so must stay apart)?
    (At most ``CONTRAST_SAMPLE`` / 2 of each one's most recent members are looked at.)"""
    half = CONTRAST_SAMPLE // 2
    rows_a, rows_b = sorted(a.members)[-half:], sorted(b.members)[-half:]
    rows = rows_a + rows_b
    if len(rows) < c.s.story_contrast_min:
        return False
    mask = np.array([False] * len(rows_a) + [True] * len(rows_b))
    matrix = _story_matrix([c.raw[r] for r in rows])
    return contrasts(matrix, local_similarities(matrix), mask, c.s.story_contrast_ratio,
                     c.s.story_contrast_evidence)

def _compatible(c: OnlineClusterer, a: _Story, b: _Story) -> bool:
    """May two stories merge (no cannot-link pair across them)?"""
    ids_b = {c.ids[m] for m in b.members}
    return not any(c.cannot.get(c.ids[m], set()) & ids_b for m in a.members)

def _merge(c: OnlineClusterer, a: int, b: int) -> None:
    """Merge story b into story a (a < b keeps its key; members stay in row order)."""
    keep, gone = c.stories[min(a, b)], c.stories.pop(max(a, b))
    keep.members = list(heapq.merge(keep.members, gone.members))
    keep.dense += gone.dense
    for col, value in gone.sparse.items():
        keep.sparse[col] = keep.sparse.get(col, 0.0) + value
    for row in gone.members:
        c.story_of[row] = keep.key
    c.changes.rows.update(gone.members)
    c.changes.merged[gone.key] = keep.key
    c.links.move(gone.key, keep.key)
    c._respan(keep)
    c._touch(keep)
    c._touch(gone)
    for group, key in c.group_story.items():
        if key == gone.key:
            c.group_story[group] = keep.key

def _relink(c: OnlineClusterer) -> None:
    """The related stories of each story changed since the last review, scored afresh: the
    stories held (weighted dense + sparse centroid cosine at least
    ``story_related_similarity``; pairs whose dense cosine alone falls short are not scored)
    and the nearest retired stories (:mod:`crosswire.stories.retired`)."""
    changed = sorted(k for k in c._link_dirty if k in c.stories)
    c._link_dirty.clear()
    if not changed:
        return
    threshold, w = c.s.story_related_similarity, c.s.story_dense_weight
    live = sorted(c.stories)
    for key in changed:
        c.links.forget_similar(key)
    dense = np.stack([_unit(c, k)[0] for k in live])
    for lo in range(0, len(changed), SIMILAR_CHUNK):
        chunk = changed[lo:lo + SIMILAR_CHUNK]
        block = np.stack([_unit(c, k)[0] for k in chunk]) @ dense.T
        for key, row in zip(chunk, block, strict=True):
            near = [live[j] for j in np.flatnonzero(row >= threshold) if live[j] != key]
            if near:
                sims = _cross_similarities(c, [key], near, threshold)[0]
                for other, value in zip(near, sims, strict=True):
                    if value >= threshold:
                        c.links.add(key, other, similar=True)
            unit = _unit(c, key)
            for other, other_unit in c.retired.nearest(unit, c.stories).items():
                if unit_similarity(unit, other_unit, w) >= threshold:
                    c.links.add(key, other, similar=True)

def _stack(units: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> sp.csr_matrix:
    """Unit centroids -> their sparse parts as the rows of one matrix."""
    indptr = np.cumsum([0] + [len(u[1]) for u in units])
    return sp.csr_matrix((np.concatenate([u[2] for u in units]),
                          np.concatenate([u[1] for u in units]), indptr),
                         shape=(len(units), N_FEATURES))
