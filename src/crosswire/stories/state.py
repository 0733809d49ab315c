"""The clusterer's state <-> the store: read back the live stories, write what changed.

:func:`load_clusterer` reads the meta (counters, review sets), the live stories with their
rows, and the vector index (its stored bytes, continued with the rows indexed after them, or
rebuilt from the stored vectors when missing): O(live state), whatever the store holds.
:func:`revive` reads retired stories back (an older article, or a delete, needs them).
:func:`state_delta` turns the clusterer's :class:`~crosswire.stories.links.Changes` into the
rows to write (:class:`~crosswire.store.story_state.StateDelta`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from crosswire.config import Settings
from crosswire.store import Store
from crosswire.store.story_state import StateDelta, StateRow, StateStory
from crosswire.stories.cluster import OnlineClusterer, Pins, _Story
from crosswire.stories.state_codec import (
    decode_centroid,
    decode_dense,
    decode_features,
    encode_centroid,
    encode_features,
)
from crosswire.stories.vector_index import VectorIndex

log = logging.getLogger(__name__)
INDEX = "index"
TOMBSTONE = -1  # the story key of a removed article's row, kept while the index holds it
INDEX_EVERY = 2000  # vectors added since the stored index before it is written again


def meta_of(c: OnlineClusterer, extra: Mapping[str, Any]) -> dict[str, Any]:
    """the clusterer (+ the engine's own entries) -> the meta JSON of its state."""
    held = set(c.stories)
    return {**extra, "next_key": c._next_key, "next_row": c._next_row,
            "since_review": c._since_review, "max_day": c.max_day, "dim": c.dim,
            "dirty": sorted(c._dirty & held), "drift_dirty": sorted(c._drift_dirty & held),
            "merge_dirty": sorted(c._merge_dirty & held),
            "link_dirty": sorted(c._link_dirty & held),
            "group_story": sorted(c.group_story.items())}


def load_clusterer(store: Store, settings: Settings, pins: Pins,
                   meta: dict[str, Any]) -> OnlineClusterer:
    """(store, settings, pins, the stored meta) -> the clusterer holding the live stories."""
    c = OnlineClusterer(settings, pins, dim=int(meta["dim"]))
    c._next_key, c._next_row = int(meta["next_key"]), int(meta["next_row"])
    c._since_review, c.max_day = int(meta["since_review"]), meta["max_day"]
    c.group_story = {int(g): int(k) for g, k in meta["group_story"]}
    stories, rows = store.live_state()
    adopt(c, stories, rows, store)
    c._dirty, c._drift_dirty = set(meta["dirty"]), set(meta["drift_dirty"])
    c._merge_dirty, c._link_dirty = set(meta["merge_dirty"]), set(meta["link_dirty"])
    c.index = _load_index(store, c.dim)
    c.changes.stories.clear()
    return c


def adopt(c: OnlineClusterer, stories: Sequence[StateStory], rows: Sequence[StateRow],
          store: Store) -> None:
    """stored stories and their rows -> held by the clusterer as they were (not changes)."""
    for row in rows:
        dense, sparse, raw = decode_features(row.features or b"")
        c.hold(row.article_id, row.day, dense, sparse, raw, row=row.seq)
        c.story_of[row.seq] = row.story_key
        c.settled.pop(row.article_id, None)
    members: dict[int, list[int]] = {}
    for row in rows:
        members.setdefault(row.story_key, []).append(row.seq)
    for stored in stories:
        sums, columns = decode_centroid(stored.centroid or b"")
        story = _Story(stored.key, sorted(members.get(stored.key, [])), sums, columns,
                       stored.first, stored.last)
        c.stories[story.key] = story
        c._touch(story)
        for dirty in (c._dirty, c._drift_dirty, c._merge_dirty, c._link_dirty):
            dirty.discard(story.key)
    c.links.load(store.links_of([s.key for s in stories]))


def revive(c: OnlineClusterer, store: Store, keys: Sequence[int]) -> list[int]:
    """retired story keys -> read back into the clusterer (live again, their vectors added
    to the index); -> the keys revived."""
    keys = [k for k in keys if k not in c.stories]
    if not keys:
        return []
    stories, rows = store.state_stories(keys)
    changed = set(c.changes.stories)
    adopt(c, stories, rows, store)
    c.changes.stories = changed  # read back, not changed: its record is not rewritten
    for row in rows:
        if row.seq not in c.index.pos_of:
            c.index.add(row.seq, c.dense[row.seq])
            c.changes.rows.add(row.seq)
    c.changes.revived.update(s.key for s in stories)  # live again, while it stays held
    return [s.key for s in stories]


def _load_index(store: Store, dim: int) -> VectorIndex:
    """-> the stored vector index continued with the rows indexed after it was written, or
    rebuilt from the stored vectors when there is none (or it does not fit)."""
    stored = store.blob(INDEX)
    positions = store.index_positions()
    index = None
    if stored is not None and stored[0] <= len(positions):
        try:
            index = VectorIndex.from_bytes(dim, stored[1], positions[:stored[0]])
        except (ValueError, RuntimeError) as exc:
            log.warning("stored vector index unreadable (%s): rebuilt from stored vectors", exc)
    if index is None:
        index = VectorIndex(dim)
    for pos, row, features in store.indexed_rows(after=len(index) - 1):
        if pos != len(index):
            raise ValueError(f"vector index positions jump at {pos}")
        index.add(row, decode_dense(features))
    return index


def state_delta(c: OnlineClusterer, story_ids: Mapping[int, str],
                article_keys: Mapping[str, str], stored_index: int) -> StateDelta:
    """(the clusterer, {story key: id} for every key it touched, {article id: key} of the
    articles it added, how many vectors the stored index holds) -> the rows to write."""
    ch = c.changes
    delta = StateDelta()
    for row in sorted((ch.new | ch.rows) - ch.removed):
        delta.rows.append(_row_of(c, row, article_keys))
    for row in sorted(ch.removed):  # an indexed row stays as a tombstone until a rebuild
        pos = c.index.pos_of.get(row)
        if pos is None:
            delta.removed_rows.append(row)
        else:
            delta.rows.append(StateRow(row, "", "", TOMBSTONE, None, pos,
                                       ch.let_go_rows.get(row) if row in ch.new else None))
    for key in sorted(ch.stories | set(ch.let_go_stories) | (ch.revived & c.stories.keys())):
        story = c.stories.get(key)
        if story is not None:
            delta.stories.append(StateStory(key, story_ids[key], True, story.first, story.last,
                                            encode_centroid(story.dense, story.sparse)))
        elif key in ch.let_go_stories:
            centroid, first, last = ch.let_go_stories[key]
            delta.stories.append(StateStory(key, story_ids[key], False, first, last, centroid))
        elif key not in ch.retired:
            delta.removed_stories.append(key)
    delta.retired = sorted(ch.retired)
    delta.links = sorted(c.links.added)
    delta.unlinked = sorted(c.links.removed)
    delta.index_reset = ch.index_rebuilt
    if ch.index_rebuilt or len(c.index) - stored_index >= INDEX_EVERY:
        delta.index = (len(c.index), c.index.to_bytes())
    return delta


def _row_of(c: OnlineClusterer, row: int, article_keys: Mapping[str, str]) -> StateRow:
    """a row the clusterer added or moved -> its StateRow (features only for new rows)."""
    pos = c.index.pos_of.get(row)
    new = row in c.changes.new
    if row in c.ids:
        article_id = c.ids[row]
        features = (encode_features(c.dense[row], c.sparse[row], c.raw[row]) if new else None)
        return StateRow(row, article_id, article_keys.get(article_id, ""), c.story_of[row],
                        c.days[row], pos, features)
    article_id, key, day = c.changes.let_go_info[row]
    return StateRow(row, article_id, article_keys.get(article_id, ""), key, day, pos,
                    c.changes.let_go_rows.get(row))


def written(c: OnlineClusterer) -> None:
    """The delta was written: the clusterer starts counting changes afresh and lets go of
    the links of the stories it retired."""
    retired = c.changes.retired
    c.changes = type(c.changes)()
    c.links.saved()
    c.links.release(retired)
    c.settled.clear()  # the rows let go are in the store now
