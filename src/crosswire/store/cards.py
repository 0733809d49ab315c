"""What the store keeps for the pages, both backends alike: each story's card as it was last
built, and the collection's term counts (the framing's background), kept in step with the
articles.

- ``story_cards``: one row per story. ``data`` is the card's JSON (None until first built),
  ``inputs`` what it was built from: the digest of the story row and its articles' rows
  (:meth:`CardRows.card_inputs`), optionally followed by a space and whatever else the
  builder depends on (its settings). ``stale`` is 1 from the moment the story changes
  (:meth:`CardRows.mark_cards_stale`, called inside the writer's transaction) until a card
  built from the story as stored now is saved; the old ``data`` stays meanwhile, so a reader
  is served the old card while the new one is built. A card built from an older version of
  the story never clears a newer stale mark (:meth:`CardRows.save_card` compares digests).
- ``story_pages``: the story page as the web app serves it (gzip-compressed HTML), rendered
  from the build of the card its ``card_built`` names (a card's ``built_at`` is unique to
  each build, to the microsecond) by the renderer its ``page_key`` names; served only while
  the card is fresh and both still match (:meth:`CardRows.fresh_page`).
- ``collection_terms``: term -> count over every article's body; ``meta`` keeps the total
  count of terms (``terms_total``) and the number of texts counted (``terms_texts``; no row:
  the collection was never counted, e.g. a store upgraded from schema 5).

A backend mixes this in beside :class:`crosswire.store.documents.DocumentRows` and provides
``conn``, ``transaction()`` and ``sql()``; statements here are written with ``?``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from crosswire.narrate.framing_terms import TermCounts
from crosswire.store.bookkeeping import Bookkeeping, now_exact
from crosswire.store.chunks import chunks, placeholders

TERMS_TOTAL, TERMS_TEXTS = "terms_total", "terms_texts"

StoredCard = tuple[dict[str, Any] | None, bool, str]  # (card JSON or None, stale?, inputs)


def _text(value: Any) -> str:
    """a JSON column as the driver returns it (SQLite: text; PostgreSQL JSONB: a dict) -> one
    text per value, so a digest over it is stable on either backend."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def content_part(inputs: str) -> str:
    """a card's ``inputs`` -> the digest of the stored story and articles it names (the part
    before the first space)."""
    return inputs.partition(" ")[0]


class CardRows(Bookkeeping):
    """Stored story cards (fresh or stale) and the collection's term counts."""

    # -- story cards ---------------------------------------------------------------------------

    def mark_cards_stale(self, story_ids: Iterable[str]) -> None:
        """story ids whose story changed (or is new) -> their card rows marked stale (a row
        made for a story that has none), the card data kept so that the old card can be
        served until it is rebuilt. Opens NO transaction: call it inside the caller's (the
        write that changed the stories), so the mark commits with the change."""
        for story_id in story_ids:
            self._run("INSERT INTO story_cards (story_id, inputs, stale) VALUES (?, '', 1) "
                      "ON CONFLICT (story_id) DO UPDATE SET stale = 1", (story_id,))

    def forget_pages_of(self, article_ids: Sequence[str]) -> None:
        """ids of articles about to be deleted -> the cards of the stories holding them marked
        stale and their stored pages removed, so no page shows a deleted article's text while
        the stories catch up. Opens NO transaction: call it inside the delete's, before."""
        for chunk in chunks(list(article_ids)):
            marks = placeholders(len(chunk))
            held = f"SELECT story_id FROM story_articles WHERE article_id IN ({marks})"
            self._run(f"UPDATE story_cards SET stale = 1 WHERE story_id IN ({held})", chunk)
            self._run(f"DELETE FROM story_pages WHERE story_id IN ({held})", chunk)

    def delete_cards(self, story_ids: Iterable[str]) -> None:
        """ids of stories that are gone -> their card rows (and stored pages) removed. Opens
        NO transaction: call it inside the caller's."""
        for story_id in story_ids:
            self._run("DELETE FROM story_cards WHERE story_id = ?", (story_id,))
            self._run("DELETE FROM story_pages WHERE story_id = ?", (story_id,))

    def card_inputs(self, story_id: str) -> str | None:
        """story id -> a digest of its story row and its articles' rows as stored now (any
        change to the story or to one of its articles changes it); None when there is no such
        story."""
        row = self._run("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        story = _text(row[0])
        ids = list(json.loads(story)["articles"])
        found: dict[str, str] = {}
        for chunk in chunks(ids):
            marks = placeholders(len(chunk))
            found.update((i, _text(d)) for i, d in self._run(
                f"SELECT id, data FROM articles WHERE id IN ({marks})", chunk))
        digest = hashlib.sha1(story.encode("utf-8"))
        for article_id in ids:
            digest.update(b"\0" + found.get(article_id, "").encode("utf-8"))
        return digest.hexdigest()

    def card(self, story_id: str) -> StoredCard | None:
        """story id -> (the stored card's JSON, or None when it was never built; is it stale?;
        the inputs it was built from), or None when the story has no card row."""
        row = self._run("SELECT data, stale, inputs FROM story_cards WHERE story_id = ?",
                        (story_id,)).fetchone()
        if row is None:
            return None
        data = json.loads(row[0]) if row[0] is not None else None
        return data, bool(row[1]), str(row[2])

    def card_json(self, story_id: str) -> tuple[str, str] | None:
        """story id -> (its fresh card's JSON as stored, the inputs it was built from), or
        None when its card is stale or was never built (what the JSON API sends as is)."""
        row = self._run("SELECT data, inputs FROM story_cards WHERE story_id = ? AND "
                        "stale = 0 AND data IS NOT NULL", (story_id,)).fetchone()
        return (_text(row[0]), str(row[1])) if row else None

    def card_state(self, story_id: str) -> tuple[bool, str, bool] | None:
        """story id -> (is its card stale?, the inputs it was built from, has it data?)
        without reading the card itself, or None when the story has no card row."""
        row = self._run("SELECT stale, inputs, data IS NOT NULL FROM story_cards "
                        "WHERE story_id = ?", (story_id,)).fetchone()
        return (bool(row[0]), str(row[1]), bool(row[2])) if row else None

    def save_card(self, story_id: str, inputs: str, data: Mapping[str, Any]) -> bool:
        """(story id, what its card was built from: :meth:`card_inputs` at the start of the
        build, + a space and the builder's own inputs, the card's JSON) -> stored in one
        transaction; -> whether it is fresh.

        The card is fresh (stale = 0) only when the story and its articles are still what it
        was built from. Otherwise it is kept as the stale card (better than an older one)
        unless the stored card is already built from the story as it is now; a card of a
        story that is gone is not stored."""
        with self.transaction():
            current = self.card_inputs(story_id)
            if current is None:
                return False
            fresh = content_part(inputs) == current
            stored = self._run("SELECT inputs, stale FROM story_cards WHERE story_id = ?",
                               (story_id,)).fetchone()
            if not fresh and stored is not None and content_part(stored[0]) == current:
                return False  # a newer build is stored already
            self._run("INSERT INTO story_cards (story_id, inputs, stale, built_at, data) "
                      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
                      "inputs = excluded.inputs, stale = excluded.stale, "
                      "built_at = excluded.built_at, data = excluded.data",
                      (story_id, inputs, 0 if fresh else 1, now_exact(),
                       json.dumps(data, ensure_ascii=False)))
        return fresh

    def stale_cards(self, limit: int | None = None, missing: bool = True) -> list[str]:
        """(at most how many; None: all; look for stories with no card row too?) -> ids of
        the stories whose card is stale or was never built, newest story first (by first
        published; undated last), then id. Without ``missing`` only the stale card rows are
        read (an index holds them): what a refresher asks every few seconds, the stories
        engine making a row for every story it writes."""
        where = ("FROM stories s LEFT JOIN story_cards c ON c.story_id = s.id "
                 "WHERE c.story_id IS NULL OR c.stale = 1 OR c.data IS NULL") if missing else (
                 "FROM story_cards c JOIN stories s ON s.id = c.story_id "
                 "WHERE c.stale = 1 OR c.data IS NULL")
        rows = self._run(
            f"SELECT s.id {where} "
            "ORDER BY s.first_published IS NULL, s.first_published DESC, s.id LIMIT ?",
            (limit if limit is not None else 2**62,))
        return [r[0] for r in rows]

    # -- story pages as served ---------------------------------------------------------------

    def card_built(self, story_id: str) -> str | None:
        """story id -> when its stored card was built (unique to that build: a page names
        the build it was rendered from), or None when it has none."""
        row = self._run("SELECT built_at FROM story_cards WHERE story_id = ? AND "
                        "data IS NOT NULL", (story_id,)).fetchone()
        return str(row[0]) if row and row[0] else None

    def fresh_page(self, story_id: str, page_key: str) -> tuple[str, bytes] | None:
        """(story id, the renderer's key) -> (the inputs of its card, the stored page) when
        its card is fresh (not stale) and the page was rendered from that very build of it
        by that renderer; else None (the page is rendered from the card instead)."""
        row = self._run(
            "SELECT c.inputs, p.page FROM story_cards c JOIN story_pages p "
            "ON p.story_id = c.story_id AND p.card_built = c.built_at "
            "WHERE c.story_id = ? AND c.stale = 0 AND c.data IS NOT NULL AND p.page_key = ?",
            (story_id, page_key)).fetchone()
        return (str(row[0]), bytes(row[1])) if row else None

    def save_page(self, story_id: str, card_built: str, page_key: str, page: bytes) -> bool:
        """(story id, when the card it was rendered from was built, the renderer's key, the
        page) -> stored when that build is still the stored card and fresh; -> was it?"""
        with self.transaction():
            row = self._run("SELECT built_at, stale FROM story_cards WHERE story_id = ?",
                            (story_id,)).fetchone()
            if row is None or row[0] != card_built or row[1]:
                return False
            self._run("INSERT INTO story_pages (story_id, card_built, page_key, page) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET "
                      "card_built = excluded.card_built, page_key = excluded.page_key, "
                      "page = excluded.page", (story_id, card_built, page_key, page))
        return True

    def pages_to_render(self, page_key: str, builder: str, limit: int
                        ) -> list[tuple[str, str]]:
        """(the renderer's key, the card builder's settings digest, at most how many) ->
        [(story id, when its card was built)] of the fresh cards built with those settings
        whose page is missing, of another build or by another renderer."""
        rows = self._run(
            "SELECT c.story_id, c.built_at FROM story_cards c LEFT JOIN story_pages p "
            "ON p.story_id = c.story_id WHERE c.stale = 0 AND c.data IS NOT NULL AND "
            "c.built_at IS NOT NULL AND c.inputs LIKE ? AND "
            "(p.story_id IS NULL OR p.card_built <> c.built_at OR p.page_key <> ?) "
            "ORDER BY c.story_id LIMIT ?", (f"% {builder}", page_key, limit))
        return [(r[0], r[1]) for r in rows]

    def card_marks(self) -> dict[str, str]:
        """-> {story id: the inputs its stored card was built from} for every card row."""
        return {r[0]: str(r[1]) for r in self._run("SELECT story_id, inputs FROM story_cards")}

    # -- the collection's term counts ------------------------------------------------------------

    def terms_counted(self) -> bool:
        """-> have the collection's terms ever been counted into this store?"""
        row = self._run("SELECT number FROM meta WHERE key = ?", (TERMS_TEXTS,)).fetchone()
        return row is not None

    def collection_terms(self, terms: Iterable[str] | None = None) -> TermCounts:
        """(only these terms; None: all) -> the collection's TermCounts (the total and the
        number of texts are the whole collection's either way)."""
        counts: Counter[str] = Counter()
        if terms is None:
            counts.update(dict(self._run("SELECT term, n FROM collection_terms")))
        else:
            for chunk in chunks(sorted(set(terms))):
                marks = placeholders(len(chunk))
                counts.update(dict(self._run(
                    f"SELECT term, n FROM collection_terms WHERE term IN ({marks})", chunk)))
        return TermCounts(Counter({t: int(n) for t, n in counts.items()}),
                          self._counter(TERMS_TOTAL), self._counter(TERMS_TEXTS))

    def add_collection_terms(self, delta: Mapping[str, int], texts: int) -> None:
        """(term -> change of its count, negative for articles removed or replaced; the
        change in the number of texts) -> added to the stored counts in one transaction
        (terms at 0 removed)."""
        changes = [(t, int(n)) for t, n in delta.items() if n]
        with self.transaction():
            self._upsert_terms(changes)
            lowered = sorted(t for t, n in changes if n < 0)  # only these can reach 0
            for chunk in chunks(lowered):
                marks = placeholders(len(chunk))
                self._run(f"DELETE FROM collection_terms WHERE term IN ({marks}) AND n <= 0",
                          chunk)
            self._add_meta(TERMS_TOTAL, sum(n for _, n in changes))
            self._add_meta(TERMS_TEXTS, texts)

    def replace_collection_terms(self, counts: TermCounts) -> None:
        """the whole collection counted -> stored in place of any earlier counts (one
        transaction)."""
        with self.transaction():
            self._run("DELETE FROM collection_terms")
            self._upsert_terms([(t, int(n)) for t, n in counts.counts.items() if n > 0])
            for key, value in ((TERMS_TOTAL, counts.total), (TERMS_TEXTS, counts.texts)):
                self._run("INSERT INTO meta (key, number) VALUES (?, ?) ON CONFLICT (key) "
                          "DO UPDATE SET number = excluded.number", (key, value))

    def _upsert_terms(self, changes: list[tuple[str, int]]) -> None:
        """[(term, change)] -> added to the counts (inside the caller's transaction)."""
        if changes:
            self.conn.cursor().executemany(self.sql(
                "INSERT INTO collection_terms (term, n) VALUES (?, ?) ON CONFLICT (term) "
                "DO UPDATE SET n = collection_terms.n + excluded.n"), changes)

    def _add_meta(self, key: str, change: int) -> None:
        """(a meta counter, a change) -> added, the row made when missing (inside the
        caller's transaction)."""
        self._run("INSERT INTO meta (key, number) VALUES (?, ?) ON CONFLICT (key) "
                  "DO UPDATE SET number = meta.number + excluded.number", (key, change))
