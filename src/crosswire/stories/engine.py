"""The stories stage over a store, update after update: work proportional to what changed.

:meth:`StoryEngine.update` reads what changed since the state it holds was written (the
store's change log of articles saved or deleted), and, in publication order:

1. takes out the articles deleted or replaced (their stories read back from the store if
   they were retired), and reads back the retired stories an older new article could join;
2. featurises the new articles (the IDF columns they use read from the store) and adds them
   to the clusterer online, with its review pass; stories older than the window retire;
3. finds their wire copies through the store's LSH buckets;
4. writes, in one transaction: the clusterer's changes, the stories that changed (and those
   whose related links or wire groups changed), ids of merged stories as redirects, and
   their cards marked stale.

Pins (a user's merge or split) are applied to the live stories and honoured from then on.
Other story settings, no state yet, or ``replay`` replay the whole collection
(:meth:`StoryEngine.replay`), which writes the whole state. A story keeps its id
for life: a new story is named after its first article; a merged story's id redirects to
the story that took it; a story split off gets a new id. The engine holds the live state
between updates (``watch``, ``serve``); when another process wrote the state meanwhile, it
reads it again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np

from crosswire.checkpoints import checkpoint
from crosswire.config import Settings
from crosswire.models import Article, Pin, Story
from crosswire.store import Store
from crosswire.stories.build import STORY_PREFIX, story_record
from crosswire.stories.cluster import OnlineClusterer, Pins
from crosswire.stories.dedupe import WireIndex, original_order
from crosswire.stories.embed_cache import CachedEmbedder
from crosswire.stories.identity import carry_ids
from crosswire.stories.replay import canonical_order, replay
from crosswire.stories.represent import Representer, day_number
from crosswire.stories.retired import RetiredStories, Unit, unit_of
from crosswire.stories.review import _merge as merge_stories
from crosswire.stories.state import load_clusterer, meta_of, revive, state_delta, written
from crosswire.stories.state_codec import decode_centroid
from crosswire.stories.stored_docfreq import StoredDocFreq
from crosswire.stories.vector_index import VectorIndex
from crosswire.stories.wire_store import add_copies, bands_of

log = logging.getLogger(__name__)
RETIRED_EVERY = 200  # stories retired since the retired index was written before it is again


@dataclass
class Update:
    """What one update did: ids of the stories written and of those gone, redirects (old id
    -> new), whether it replayed, and the articles left out as not English."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    redirects: dict[str, str] = field(default_factory=dict)
    replayed: bool = False
    left_out: list[str] = field(default_factory=list)
    stale: bool = False  # nothing written: stories from later inputs were stored meanwhile


class StateChanged(Exception):
    """Another process wrote the stories' state since this engine read it."""


def article_key(article: Article) -> str:
    """Article -> a digest of what the stories stage reads of it (date, headline, body)."""
    text = "\x00".join([article.published or "", article.headline or "", article.body])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def fingerprint(settings: Settings) -> str:
    """story settings -> a digest; a stored state is only continued under the same."""
    knobs = {k: v for k, v in asdict(settings).items() if k.startswith("story_")}
    return hashlib.sha1(repr(sorted(knobs.items())).encode()).hexdigest()


def links_from_pins(pins: Sequence[Pin]) -> Pins:
    """pins -> must-link groups and cannot-link pairs in article ids, later pins winning."""
    must: list[list[str]] = []
    cannot: list[tuple[str, str]] = []
    for pin in pins:
        must.append(list(pin.articles))
        if pin.kind == "merge":  # a later merge undoes earlier splits between its articles
            joined = set(pin.articles)
            cannot = [(a, b) for a, b in cannot if not (a in joined and b in joined)]
        if pin.kind == "split":
            moved = set(pin.articles)
            cannot += [(a, b) for a in pin.articles for b in pin.others]
            must = [[x for x in group if x not in moved] for group in must[:-1]] + [must[-1]]
    return Pins([set(g) for g in must if len(g) > 1], cannot)


def english(articles: Iterable[Article]) -> list[Article]:
    """articles -> those in English or of undetermined language (the stories stage's)."""
    return [a for a in articles if a.language in ("en", None)]


class StoryEngine:
    """One store's stories, kept up to date by :meth:`update`."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.clusterer: OnlineClusterer | None = None
        self.docfreq: StoredDocFreq | None = None
        self.meta: dict[str, Any] = {}

    # -- the entry point ---------------------------------------------------------------------

    def update(self, replay: bool = False) -> Update:
        """-> the stories brought up to date with the store (see the module docstring)."""
        for _ in range(3):
            try:
                return self._update(replay)
            except StateChanged:
                log.info("stories' state written by another process meanwhile: read again")
                self.clusterer = None
        return self._update(replay)

    def _update(self, replay_all: bool) -> Update:
        built_from = self.store.inputs_seq()
        pins = self.store.pins()
        meta = self.store.story_state_meta()
        if (replay_all or meta is None or meta.get("fingerprint") != fingerprint(self.settings)
                or len(pins) < int(meta.get("pins", 0))):
            return self.replay(pins, built_from)
        if self.clusterer is None or self.meta.get("version") != meta.get("version"):
            self._load(meta, pins)
        self._apply_pins(pins)
        return self._step(built_from)

    def _apply_pins(self, pins: Sequence[Pin]) -> None:
        """pins added since the state was written -> applied to the live stories: a merge
        joins the stories holding its articles (into the lowest key), a split moves its
        articles out into one new story; every later decision honours them (must-link
        groups, cannot-link pairs), as a replay would."""
        c = self.clusterer
        assert c is not None
        done = int(self.meta.get("pins", 0))
        if len(pins) <= done:
            return
        c._pins(links_from_pins(pins))
        for pin in pins[done:]:
            named = [*pin.articles, *pin.others]
            revive(c, self.store, sorted({r.story_key for r in self.store.state_rows_of(named)
                                          if r.story_key >= 0}))
            rows = [c.row_of[a] for a in pin.articles if a in c.row_of]
            if pin.kind == "merge":
                keys = sorted({c.story_of[r] for r in rows})
                for key in keys[1:]:
                    merge_stories(c, keys[0], key)
            elif rows:
                for row in rows:
                    c._remove(row, c.stories[c.story_of[row]])
                c._join(rows[0], None)
                for row in rows[1:]:
                    c._join(row, c.story_of[rows[0]])
        for article_id, group in c.group_of.items():
            if article_id in c.row_of:
                c.group_story.setdefault(group, c.story_of[c.row_of[article_id]])
        self.meta["pins"] = len(pins)
        c.review()

    def _load(self, meta: dict[str, Any], pins: Sequence[Pin]) -> None:
        """the stored meta -> the live state read back from the store."""
        c = load_clusterer(self.store, self.settings, links_from_pins(pins), meta)
        c.retiring = True
        c.retired = self._retired_index(c.dim, meta)
        self.clusterer, self.meta = c, meta
        self.docfreq = StoredDocFreq(self.store, int(meta["n_docs"]))

    def _retired_index(self, dim: int, meta: dict[str, Any]) -> RetiredStories:
        """-> the retired stories' index: the stored one plus those retired after it."""
        retired = RetiredStories(dim, self._units_of)
        stored, keys = self.store.blob("retired"), self.store.blob("retired_keys")
        if stored is not None and keys is not None:
            rows = [int(k) for k in keys[1].decode().split()] if keys[1] else []
            retired.index = VectorIndex.from_bytes(dim, stored[1], rows)
        pending = [int(k) for k in meta.get("retired_pending", [])]
        for key, unit in self._units_of(pending).items():
            retired.add(key, unit)
        retired.added = list(pending)
        return retired

    def _units_of(self, keys: Sequence[int]) -> dict[int, Unit]:
        """story keys -> their unit centroids, read from the store."""
        return {k: unit_of(*decode_centroid(data))
                for k, data in self.store.centroids_of(keys).items()}

    # -- one incremental step ----------------------------------------------------------------

    def _step(self, built_from: int) -> Update:
        """(the inputs_seq read) -> the articles saved or deleted since the state was written
        applied to the live stories and written (steps 1-4 of the module docstring)."""
        c, store = self.clusterer, self.store
        assert c is not None and self.docfreq is not None
        mark, ids = store.article_changes(int(self.meta["changes"]))
        stored = store.articles_of(ids)
        kept = {a.id: a for a in english(stored.values())}
        rows = {r.article_id: r for r in store.state_rows_of(ids)}
        keys = {i: article_key(a) for i, a in kept.items()}
        gone = [i for i in ids if i in rows and keys.get(i) != rows[i].article_key]
        new = sorted((kept[i] for i in ids if i in kept and (i not in rows or i in gone)),
                     key=original_order)
        self._read_back(c, [rows[i].story_key for i in gone], new)
        for article_id in gone:
            self._take_out(c, article_id)
        if new:
            representer = Representer(self.settings, CachedEmbedder(store))
            representer.docfreq = self.docfreq
            features = representer.featurise(new)
            c.add(features, canonical_order(features), review=True)
        elif gone:
            c.review()
        regrouped = self._wire_regroup(gone)
        bands, roots = add_copies(store, new, store.articles_of, regrouped)
        restated = [i for i in ids if i in rows and i in kept and i not in gone]
        return self._write(built_from, mark, keys, bands, roots, gone,
                           [a.id for a in new], restated,
                           left_out=[i for i in stored if i not in kept])

    def _read_back(self, c: OnlineClusterer, keys: list[int], new: list[Article]) -> None:
        """stories of articles taken out, and retired stories an older new article could
        join (within the window of its day) -> read back into the clusterer."""
        horizon, window = c.horizon(), self.settings.story_window_days
        wanted = [k for k in keys if k >= 0]
        for article in new:
            day = day_number(article.published)
            if day is not None and horizon is not None and day < horizon + window:
                wanted += self.store.retired_near(day - window, day + window)
        revive(c, self.store, sorted(set(wanted)))

    def _take_out(self, c: OnlineClusterer, article_id: str) -> None:
        """an article deleted or replaced -> its row out of its story, its terms out of
        the IDF table."""
        row = c.row_of.get(article_id)
        if row is not None and self.docfreq is not None:
            self.docfreq.remove(c.raw[row][0])
        c.remove_article(article_id)

    def _wire_regroup(self, gone: list[str]) -> dict[str, str]:
        """articles taken out (deleted, or replaced by a new version that is compared
        afresh) -> {member: its group's new original} for the groups whose original went:
        the earliest remaining article."""
        roots: dict[str, str] = {}
        for article_id in gone:
            members = [m for m in self.store.wire_members(article_id) if m not in gone]
            if members:
                found = self.store.articles_of(members)
                first = min(found.values(), key=original_order).id if found else members[0]
                roots.update({m: first for m in members})
        return roots

    # -- writing -----------------------------------------------------------------------------

    def _write(self, built_from: int, mark: int, keys: dict[str, str],
               bands: list[tuple[int, int, str]], roots: dict[str, str], wire_gone: list[str],
               added: list[str], restated: list[str], left_out: list[str]) -> Update:
        """this update's changes (+ articles saved again whose stories read the same of them,
        e.g. another outlet: their stories are rewritten too) -> written in one transaction
        with the stories they change; -> the Update. StateChanged when another process wrote
        the state meanwhile."""
        c, store = self.clusterer, self.store
        assert c is not None and self.docfreq is not None
        ch = c.changes
        before = store.wire_roots([*roots, *restated])
        wire_changed = {a: r for a, r in roots.items() if before.get(a) != r}
        wire_changed.update({a: roots.get(a) or before.get(a) or a  # saved again: its JSON
                             for a in [*added, *restated]})   # was written without a group
        touched = (ch.stories | set(ch.let_go_stories)) - set(ch.merged)
        gone_keys = {k for k in ch.stories if k not in c.stories and k not in ch.retired
                     and k not in ch.let_go_stories}
        rebuilt = (touched | self._keys_of({**wire_changed, **dict.fromkeys(restated, "")})
                   ) - gone_keys  # members or sources changed: the record built again
        relinked = c.links.changed_keys() - rebuilt - gone_keys  # only `related` changed
        write_keys = rebuilt | relinked
        names = self._names(write_keys | gone_keys | (ch.revived & c.stories.keys()))
        redirects = {names[g]: names[_final(ch.merged, g)] for g in ch.merged
                     if g in names and _final(ch.merged, g) in names}
        delta = state_delta(c, names, keys, int(self.meta.get("index_count", 0)))
        delta.term_df = self.docfreq.written()
        delta.wire_bands, delta.wire_groups, delta.wire_removed = bands, roots, wire_gone
        delta.redirects, delta.changes_read = redirects, mark
        delta.blobs = self._retired_blobs(c)
        delta.meta = self._meta(c, delta.index, mark)
        update = Update(removed=sorted(names[k] for k in gone_keys if k in names),
                        redirects=redirects, left_out=left_out)
        with store.transaction():
            if (store.story_state_meta() or {}).get("version") != self.meta.get("version"):
                raise StateChanged
            if not store.record_stories_from(built_from):
                self._forget()  # what it added in memory was not written
                return Update(stale=True)
            store.save_story_state(delta)
            stories = self._records(sorted(rebuilt)) + self._relinked(sorted(relinked))
            store.write_stories(stories, update.removed, wire_changed)
            store.mark_cards_stale(s.id for s in stories)
            store.delete_cards(update.removed)
        checkpoint("stories-stored")
        written(c)
        self.meta = delta.meta
        update.written = [s.id for s in stories]
        return update

    def _forget(self) -> None:
        """The state held in memory is dropped: the next update reads it from the store."""
        self.clusterer, self.docfreq, self.meta = None, None, {}

    def _keys_of(self, articles: dict[str, str]) -> set[int]:
        """article ids -> the story keys holding them."""
        c = self.clusterer
        assert c is not None
        held = {c.story_of[c.row_of[a]] for a in articles if a in c.row_of}
        rest = [a for a in articles if a not in c.row_of]
        return {k for k in held | {r.story_key for r in self.store.state_rows_of(rest)} if k >= 0}

    def _names(self, keys: set[int]) -> dict[int, str]:
        """story keys -> their ids: the stored one, or, for a new story, STORY_PREFIX and its
        first article's id (a suffix when taken)."""
        c = self.clusterer
        assert c is not None
        names = self.store.story_ids_of_keys(sorted(keys))
        firsts = {k: c.ids[story.members[0]] for k, story in c.stories.items()
                  if k in keys and k not in names}
        for article_id, (_, key) in sorted(c.settled.items(), key=lambda kv: kv[1]):
            if key in keys and key not in names:  # made and retired in this update
                firsts.setdefault(key, article_id)
        fresh = sorted(firsts)
        wanted = {k: STORY_PREFIX + firsts[k] for k in fresh}
        taken = self.store.taken_story_ids(list(wanted.values()))
        for key in fresh:
            name, n = wanted[key], 1
            while name in taken:
                n += 1
                name = f"{wanted[key]}-{n}"
            names[key] = name
            taken.add(name)
        return names

    def _records(self, keys: list[int]) -> list[Story]:
        """story keys (their state written) -> their Story records, read from the store."""
        members = self.store.members_of_keys(keys)
        articles = self.store.articles_of([a for ids in members.values() for a in ids])
        groups = self.store.wire_roots(list(articles))
        names = self.store.story_ids_of_keys(keys)
        related = self._related(keys)
        out = []
        for key in keys:
            arts = sorted((articles[i] for i in members.get(key, []) if i in articles),
                          key=original_order)
            if arts:
                out.append(story_record(arts, groups, names[key], related[key]))
        return out

    def _relinked(self, keys: list[int]) -> list[Story]:
        """story keys whose related stories alone changed -> their stored records with
        ``related`` made anew (their sources are not counted again)."""
        names = self.store.story_ids_of_keys(keys)
        related = self._related(keys)
        out = []
        for key in keys:
            story = self.store.story(names[key]) if key in names else None
            if story is not None:
                out.append(replace(story, related=related[key]))
        return out

    def _related(self, keys: list[int]) -> dict[int, list[str]]:
        """story keys (their links written) -> {key: ids of its related stories}."""
        links = self.store.links_of(keys)
        partners = self.store.story_ids_of_keys([k for a, b, _ in links for k in (a, b)])
        found: dict[int, set[str]] = {k: set() for k in keys}
        for a, b, _ in links:
            for key, other in ((a, b), (b, a)):
                if key in found and other in partners:
                    found[key].add(partners[other])
        return {k: sorted(v) for k, v in found.items()}

    def _retired_blobs(self, c: OnlineClusterer) -> dict[str, tuple[int, bytes]]:
        """-> the retired index to write, when enough stories retired since it was."""
        added = c.retired.added
        if len(added) < RETIRED_EVERY:
            return {}
        c.retired.added = []
        keys = " ".join(map(str, c.retired.index.rows)).encode()
        return {"retired": (len(c.retired.index), c.retired.index.to_bytes()),
                "retired_keys": (len(c.retired.index), keys)}

    def _meta(self, c: OnlineClusterer, index: tuple[int, bytes] | None,
              mark: int) -> dict[str, Any]:
        """-> the meta JSON to write with this update."""
        assert self.docfreq is not None
        return meta_of(c, {
            "version": int(self.meta.get("version", 0)) + 1,
            "fingerprint": self.meta["fingerprint"], "changes": mark,
            "n_docs": self.docfreq.n_docs,
            "index_count": index[0] if index else self.meta.get("index_count", 0),
            "pins": self.meta.get("pins", 0),
            "retired_pending": list(c.retired.added)})

    # -- replay ------------------------------------------------------------------------------

    def replay(self, pins: Sequence[Pin], built_from: int) -> Update:
        """every stored article + pins -> the stories replayed in publication order and the
        whole state written (ids carried over from the stored stories)."""
        store, settings = self.store, self.settings
        mark = store.last_article_change()
        articles = store.articles()
        kept = english(articles)
        wires = WireIndex()
        wires.add(kept, {})
        groups = wires.groups()
        representer = Representer(settings, CachedEmbedder(store))
        if kept:
            c = replay(representer.featurise(kept), settings, links_from_pins(pins),
                       retiring=True)
        else:  # nothing to cluster: an empty state, continued by the next update
            c = OnlineClusterer(settings, links_from_pins(pins), retiring=True)
        by_key: dict[int, list[Article]] = {}
        for article in sorted(kept, key=original_order):
            by_key.setdefault(c.key_of(article.id), []).append(article)
        old = store.stories()
        drafts = {k: story_record(arts, groups, STORY_PREFIX + arts[0].id, [])
                  for k, arts in by_key.items()}
        carried = carry_ids(list(drafts.values()), old)
        names = dict(zip(drafts, (s.id for s in carried), strict=True))
        redirects = _lost_ids(old, carried)
        keys = {a.id: article_key(a) for a in kept}
        delta = state_delta(c, names, keys, 0)
        delta.replace, delta.index = True, (len(c.index), c.index.to_bytes())
        df = representer.docfreq.df
        cols = np.flatnonzero(df)
        delta.term_df = dict(zip(cols.tolist(), df[cols].tolist(), strict=True))
        delta.wire_groups = groups
        delta.wire_bands = [(band, bucket, article_id)
                            for article_id, values in wires.sketches.items()
                            for band, bucket in bands_of(values)]
        delta.redirects, delta.changes_read = redirects, mark
        c.retired.added = list(c.retired.index.rows)
        delta.blobs = self._retired_blobs(c) or {}
        self.meta = {"version": int((store.story_state_meta() or {}).get("version", 0)),
                     "fingerprint": fingerprint(settings), "pins": len(pins)}
        self.docfreq = StoredDocFreq(store, representer.docfreq.n_docs)
        delta.meta = self._meta(c, delta.index, mark)
        with store.transaction():
            if not store.record_stories_from(built_from):
                self._forget()
                return Update(stale=True, replayed=True)
            # the version follows the one stored now (read under the write lock), so a
            # writer that updated meanwhile sees its state replaced and reads it again
            stored_version = (store.story_state_meta() or {}).get("version", 0)
            delta.meta["version"] = int(stored_version) + 1
            store.save_story_state(delta)
            stories = self._records_after_replay(c, names, drafts)
            store.write_stories(stories, [], groups, replace=True)
            store.mark_cards_stale(s.id for s in stories)
            store.delete_cards(sorted({s.id for s in old} - {s.id for s in stories}))
        checkpoint("stories-stored")
        written(c)
        self.clusterer, self.meta = c, delta.meta
        return Update(written=[s.id for s in stories], redirects=redirects, replayed=True,
                      left_out=sorted({a.id for a in articles} - {a.id for a in kept}))

    def _records_after_replay(self, c: OnlineClusterer, names: dict[int, str],
                              drafts: dict[int, Story]) -> list[Story]:
        """-> the replayed stories under their carried ids, with their related stories."""
        related: dict[int, set[str]] = {k: set() for k in drafts}
        for a, b, _ in c.links.pairs():
            if a in names and b in names:
                related[a].add(names[b])
                related[b].add(names[a])
        return [Story(**{**asdict(draft), "id": names[k], "related": sorted(related[k])})
                for k, draft in drafts.items()]


def _final(merged: dict[int, int], key: int) -> int:
    """a merged story key -> the key that finally holds its articles."""
    seen = set()
    while key in merged and key not in seen:
        seen.add(key)
        key = merged[key]
    return key


def _lost_ids(old: Sequence[Story], new: Sequence[Story]) -> dict[str, str]:
    """(stories before a replay, after) -> {old id no story has now: the story now holding
    its first article}."""
    now = {s.id for s in new}
    holder = {a: s.id for s in new for a in s.articles}
    return {s.id: holder[s.articles[0]] for s in old
            if s.id not in now and s.articles and s.articles[0] in holder}
