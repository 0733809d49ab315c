"""What the store remembers about the work on it, both backends alike: which documents still
await cleaning and which run claims them, whether the stories are up to date with the
articles and pins, and the secret that signs files kept outside the database.

- ``uncleaned``: a row per document stored (new or updated) and not yet cleaned, with the
  run that stored it. :meth:`Bookkeeping.pending_document_ids` lists those of runs that are
  gone (and documents without any article), so a killed run's work is finished by the next
  run and a live run's work is never taken from it.
- ``meta`` counters: ``inputs_seq`` grows with every change the stories stage reads
  (articles saved or deleted, pins added); ``stories_seq`` is the ``inputs_seq`` the stored
  stories were built from. They differ while stories are out of date, e.g. after a run was
  killed between its articles and its stories: the next run rebuilds them.

A backend mixes this in and provides ``conn``, ``transaction()`` and ``sql()`` (see
:mod:`crosswire.store.documents`); statements here are written with ``?``.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from crosswire.store.claims import run_alive

INPUTS, STORIES, STATE_KEY = "inputs_seq", "stories_seq", "state_key"


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

    def _cleaned(self, ids: Sequence[str]) -> None:
        """ids of documents whose articles were just saved -> no longer awaiting (inside the
        caller's transaction)."""
        for i in ids:
            self._run("DELETE FROM uncleaned WHERE document_id = ?", (i,))

    def release(self, run: str) -> None:
        """a run that ends (normally or by an error it survives) -> its documents not
        cleaned are left to whichever run comes next."""
        with self.transaction():
            self._run("UPDATE uncleaned SET run = '' WHERE run = ?", (run,))

    def pending_document_ids(self, timeout_minutes: float = 60.0) -> list[str]:
        """-> ids of documents awaiting cleaning that no other live run is working on: those
        of runs that died or ended, and documents without an article; in id order."""
        rows = self._run(
            "SELECT d.id, u.run, u.claimed_at FROM documents d "
            "LEFT JOIN articles a ON a.id = d.id "
            "LEFT JOIN uncleaned u ON u.document_id = d.id "
            "WHERE a.id IS NULL OR u.document_id IS NOT NULL ORDER BY d.id").fetchall()
        return [i for i, run, at in rows
                if run is None or not run_alive(run, at, timeout_minutes)]

    # -- are the stories up to date? -----------------------------------------------------------

    def _counter(self, key: str) -> int:
        row = self._run("SELECT number FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _bump_inputs(self) -> None:
        """The stories' inputs changed (inside the caller's transaction)."""
        self._run("INSERT INTO meta (key, number) VALUES (?, 1) ON CONFLICT (key) "
                  "DO UPDATE SET number = meta.number + 1", (INPUTS,))

    def inputs_seq(self) -> int:
        """-> the number of changes to what the stories stage reads (articles, pins)."""
        return self._counter(INPUTS)

    def stories_stale(self) -> bool:
        """-> do the stored stories predate the articles or pins stored now?"""
        return self._counter(STORIES) != self._counter(INPUTS)

    def _stories_from(self, seq: int | None) -> bool:
        """(the inputs_seq a build read, or None: the current one) -> record the stories
        being written as built from it; False (write nothing) when stories built from later
        inputs are stored already (a concurrent run finished first). Inside the caller's
        transaction."""
        seq = self._counter(INPUTS) if seq is None else seq
        if seq < self._counter(STORIES):
            return False
        self._run("INSERT INTO meta (key, number) VALUES (?, ?) ON CONFLICT (key) "
                  "DO UPDATE SET number = excluded.number", (STORIES, seq))
        return True

    # -- the key that signs state kept outside the database -----------------------------------

    def state_key(self) -> bytes:
        """-> this database's secret (made on first use): a file it signed could only have
        been written by someone who can read the database."""
        row = self._run("SELECT text FROM meta WHERE key = ?", (STATE_KEY,)).fetchone()
        if row is None:
            with self.transaction():
                self._run("INSERT INTO meta (key, number, text) VALUES (?, 0, ?) "
                          "ON CONFLICT (key) DO NOTHING", (STATE_KEY, secrets.token_hex(32)))
            row = self._run("SELECT text FROM meta WHERE key = ?", (STATE_KEY,)).fetchone()
        return bytes.fromhex(row[0])
