"""Wire copies found against the store: a new article's MinHash is cut into the LSH bands
datasketch's ``MinHashLSH`` would use (same threshold, same number of bands and rows), each
band's bucket looked up in ``wire_bands``, and candidates confirmed by shingle containment as
:class:`crosswire.stories.dedupe.WireIndex` does. The buckets and each article's group
(``wire_groups``: the id of its group's original) live in the store, so the cost of adding N
articles follows N, not the collection, and every process sees the same groups.

(datasketch keeps its buckets in memory, Redis or Cassandra; keeping them in the store's own
tables is what lets PostgreSQL users back them up and share them.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from datasketch.lsh import _optimal_param

from crosswire.models import Article
from crosswire.store import Store
from crosswire.stories.dedupe import (
    LSH_THRESHOLD,
    NUM_PERM,
    _minhash,
    containment,
    original_order,
    shingles,
)

BANDS, ROWS = _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5)
Fetch = Callable[[Sequence[str]], dict[str, Article]]


def buckets(grams: set[str]) -> list[tuple[int, int]]:
    """a text's shingles -> its (band, bucket) pairs (bucket: a 63-bit digest of the band)."""
    return bands_of(_minhash(grams).hashvalues)


def bands_of(values: np.ndarray) -> list[tuple[int, int]]:
    """a MinHash's values -> its (band, bucket) pairs."""
    out = []
    for band in range(BANDS):
        part = values[band * ROWS:(band + 1) * ROWS].byteswap().tobytes()
        digest = hashlib.blake2b(part, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "little") >> 1))
    return out


def add_copies(store: Store, new: Sequence[Article], fetch: Fetch,
               regrouped: dict[str, str] | None = None, min_containment: float = 0.8,
               min_shingles: int = 20) -> tuple[list[tuple[int, int, str]], dict[str, str]]:
    """(store, new articles, a way to read stored articles by id, + groups already changed
    in this update: {article id: its group's original}) -> (the bucket rows to store,
    {article id: its group's original} for every article whose group is new or changed),
    each new article compared, earliest first, with the copies its buckets propose among
    those stored and those added before it."""
    ordered = sorted(new, key=original_order)
    roots = {**(regrouped or {}), **{a.id: a.id for a in ordered}}
    known = {a.id: a for a in ordered}
    rows: list[tuple[int, int, str]] = []
    pending: dict[tuple[int, int], list[str]] = {}
    grams = {a.id: shingles(a.body) for a in ordered}
    for art in ordered:
        if len(grams[art.id]) < min_shingles:
            continue
        mine = buckets(grams[art.id])
        found = store.wire_candidates(mine) | {i for b in mine for i in pending.get(b, ())}
        missing = [i for i in found if i not in known]
        known.update(fetch(missing))
        roots.update({i: r for i, r in store.wire_roots(missing).items() if i not in roots})
        for other in sorted(found, key=lambda i: original_order(known[i]) if i in known else (
                True, "", i)):
            if other not in known:
                continue
            if other not in grams:
                grams[other] = shingles(known[other].body)
            if containment(grams[art.id], grams[other]) >= min_containment:
                _join(store, roots, known, fetch, other, art.id)
        for b in mine:
            pending.setdefault(b, []).append(art.id)
        rows += [(band, bucket, art.id) for band, bucket in mine]
    return rows, roots


def _join(store: Store, roots: dict[str, str], known: dict[str, Article], fetch: Fetch,
          one: str, two: str) -> None:
    """Join the groups of two articles; the joined group keeps the earliest original, and
    every member of the other group is moved to it (``roots`` updated in place)."""
    ra, rb = _root(roots, store, one), _root(roots, store, two)
    if ra == rb:
        return
    known.update(fetch([r for r in (ra, rb) if r not in known]))
    keep, gone = sorted((ra, rb), key=lambda r: original_order(known[r]) if r in known else (
        True, "", r))
    members = set(store.wire_members(gone)) | {i for i, r in roots.items() if r == gone} | {gone}
    for member in members:
        roots[member] = keep


def _root(roots: dict[str, str], store: Store, article_id: str) -> str:
    if article_id not in roots:
        roots.update(store.wire_roots([article_id]) or {article_id: article_id})
    return roots[article_id]
