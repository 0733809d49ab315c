"""What the store remembers about the work on it, both backends alike: which documents still
await cleaning and which run claims them, whether the stories are up to date with the
articles and pins, and the secret that signs files kept outside the database.

- ``uncleaned``: a row per document stored (new or updated) and not yet cleaned, with the
  run that stored it. :meth:`Bookkeeping.pending_document_ids` lists those of runs that are
  gone (and documents without any article), so a killed run's work is finished by the next
  run and a live run's work is never taken from it.
- ``meta`` counters: ``inputs_seq`` grows with every change the stories stage reads
  (articles saved or deleted, pins added); ``stories_seq`` is the ``inputs_seq`` the stored
  stories were built from. They differ while stories are out of date: during a run (which
  notes itself as ``stories_run`` and rebuilds them at its end), or after a run was killed
  between its articles and its stories, when the next command rebuilds them.

A backend mixes this in and provides ``conn``, ``transaction()`` and ``sql()`` (see
:mod:`crosswire.store.documents`); statements here are written with ``?``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from crosswire.models import Article
from crosswire.store.claims import run_alive


def now() -> str:
    """-> the current UTC time, ISO, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def now_exact() -> str:
    """-> the current UTC time, ISO, to the microsecond (what names one build of a card)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


INPUTS, STORIES, STATE_KEY = "inputs_seq", "stories_seq", "state_key"
STORY_WRITES = "story_writes"  # grows with every write of stories (any writer, any reason)
STORIES_RUN = "stories_run"  # the run that will rebuild the stories when it ends, and since when


class Bookkeeping:
    """Claims on uncleaned documents, the stories' up-to-dateness, the state-signing key."""

    conn: Any

    def sql(self, statement: str) -> str:
        """a statement with ``?`` placeholders -> the backend's placeholder style."""
        return statement

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (each backend provides it)."""
        raise NotImplementedError

    def _run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """(statement with ``?`` placeholders, parameters) -> the executed cursor."""
        return self.conn.execute(self.sql(statement), params)

    # -- documents awaiting the clean stage ----------------------------------------------------

    def _claim(self, document_id: str, run: str, stamp: str) -> None:
        """(a document just stored, the run storing it, now) -> marked as awaiting cleaning
        by that run (inside the caller's transaction)."""
        self._run("INSERT INTO uncleaned (document_id, run, claimed_at) VALUES (?, ?, ?) "
                  "ON CONFLICT (document_id) DO UPDATE SET run = excluded.run, "
                  "claimed_at = excluded.claimed_at", (document_id, run, stamp))

    def _still_current(self, articles: Sequence[Article],
                       cleaned_from: Mapping[str, str] | None) -> list[Article]:
        """(articles, {article id: hash of the document version it was cleaned from}) -> the
        articles whose document is still that version (inside the caller's transaction): an
        article cleaned from a version another run has since replaced is not saved, and the
        newer version's claim stays. Without ``cleaned_from``, all of them."""
        if cleaned_from is None:
            return list(articles)
        return [a for a in articles if cleaned_from.get(a.id) == self._document_hash(a.id)]

    def _document_hash(self, document_id: str) -> str | None:
        row = self._run("SELECT hash FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def _cleaned(self, ids: Sequence[str]) -> None:
        """ids of documents whose articles were just saved -> no longer awaiting (inside the
        caller's transaction)."""
        for i in ids:
            self._run("DELETE FROM uncleaned WHERE document_id = ?", (i,))

    def release(self, run: str) -> None:
        """a run that ends (normally or by an error it survives) -> its documents not
        cleaned, and the stories if it left them out of date, are left to whichever run or
        command comes next."""
        with self.transaction():
            self._run("UPDATE uncleaned SET run = '' WHERE run = ?", (run,))
            self._run("UPDATE meta SET text = NULL WHERE key = ? AND text LIKE ?",
                      (STORIES_RUN, f"{run} %"))

    def pending_document_ids(self, timeout_minutes: float = 60.0) -> list[str]:
        """-> ids of documents awaiting cleaning that no live run is working on: those of
        runs that died or ended, and documents without an article; in id order."""
        rows = self._run(
            "SELECT d.id, u.run, u.claimed_at FROM documents d "
            "LEFT JOIN articles a ON a.id = d.id "
            "LEFT JOIN uncleaned u ON u.document_id = d.id "
            "WHERE a.id IS NULL OR u.document_id IS NOT NULL ORDER BY d.id").fetchall()
        return [i for i, run, at in rows
                if run is None or not run_alive(run, at, timeout_minutes)]

    def claim_pending(self, run: str, timeout_minutes: float = 60.0) -> list[str]:
        """a run -> the pending documents (:meth:`pending_document_ids`), claimed for it in
        one transaction, so two runs never recover the same ones; -> their ids."""
        with self.transaction():
            ids = self.pending_document_ids(timeout_minutes)
            stamp = now()
            for i in ids:
                self._claim(i, run, stamp)
        return ids

    # -- are the stories up to date? -----------------------------------------------------------

    def _counter(self, key: str) -> int:
        row = self._run("SELECT number FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def claim_stories(self, run: str) -> None:
        """a run that will rebuild the stories when it ends -> noted, so that stories out of
        date meanwhile are not taken as left by a dead run (:meth:`stories_need_catch_up`)."""
        with self.transaction():
            self._run("INSERT INTO meta (key, number, text) VALUES (?, 0, ?) "
                      "ON CONFLICT (key) DO UPDATE SET text = excluded.text",
                      (STORIES_RUN, f"{run} {now()}"))

    def stories_need_catch_up(self, timeout_minutes: float = 60.0) -> bool:
        """-> are the stories out of date with no live run about to rebuild them (the run
        that was died, or none claimed them)?"""
        if not self.stories_stale():
            return False
        row = self._run("SELECT text FROM meta WHERE key = ?", (STORIES_RUN,)).fetchone()
        run, _, at = (row[0] or "").partition(" ") if row else ("", "", "")
        return not run_alive(run, at, timeout_minutes)

    def _bump_inputs(self) -> None:
        """The stories' inputs changed (inside the caller's transaction)."""
        self._run("INSERT INTO meta (key, number) VALUES (?, 1) ON CONFLICT (key) "
                  "DO UPDATE SET number = meta.number + 1", (INPUTS,))

    def _bump_story_writes(self) -> None:
        """Stories were written (inside the caller's transaction)."""
        self._run("INSERT INTO meta (key, number) VALUES (?, 1) ON CONFLICT (key) "
                  "DO UPDATE SET number = meta.number + 1", (STORY_WRITES,))

    def listing_mark(self) -> tuple[int, int]:
        """-> (:meth:`inputs_seq`, the number of story writes): changes whenever articles,
        pins or stories are written, so a listing or search result kept under it is current
        while it is the same (two reads by key)."""
        return self._counter(INPUTS), self._counter(STORY_WRITES)

    def inputs_seq(self) -> int:
        """-> the number of changes to what the stories stage reads (articles, pins)."""
        return self._counter(INPUTS)

    def stories_stale(self) -> bool:
        """-> do the stored stories predate the articles or pins stored now?"""
        return self._counter(STORIES) != self._counter(INPUTS)

    def record_stories_from(self, seq: int) -> bool:
        """(the inputs_seq a build read) -> recorded as what the stories are built from;
        False when stories built from later inputs are stored already (inside the caller's
        transaction)."""
        return self._stories_from(seq)

    def _stories_from(self, seq: int) -> bool:
        """(the inputs_seq a build read) -> record the stories being written as built from
        it; False (write nothing) when stories built from later inputs are stored already (a
        concurrent run finished first). Inside the caller's transaction."""
        if seq < self._counter(STORIES):
            return False
        self._run("INSERT INTO meta (key, number) VALUES (?, ?) ON CONFLICT (key) "
                  "DO UPDATE SET number = excluded.number", (STORIES, seq))
        return True

    # -- the key that signs state kept outside the database -----------------------------------

    def state_key(self) -> bytes:
        """-> this database's secret (made when its schema was): a file it signed could only
        have been written by someone who can read the database."""
        row = self._run("SELECT text FROM meta WHERE key = ?", (STATE_KEY,)).fetchone()
        return bytes.fromhex(row[0])

    def _set_up_meta(self, upgraded: bool) -> None:
        """(did the schema exist before?) -> the secret made, and, for a store from before
        these counters, its stories marked out of date once (inside the migration's
        transaction)."""
        self._run("INSERT INTO meta (key, number, text) VALUES (?, 0, ?) "
                  "ON CONFLICT (key) DO NOTHING", (STATE_KEY, secrets.token_hex(32)))
        if upgraded:
            self._run("INSERT INTO meta (key, number) VALUES (?, 1) ON CONFLICT (key) "
                      "DO NOTHING", (INPUTS,))
