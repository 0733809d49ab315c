"""The raw-document rows both store backends keep alike: versions, revisions, free ids.

A backend mixes :class:`DocumentRows` in and provides ``conn`` (a DB-API connection whose
``execute`` returns a cursor), ``transaction()``, and ``sql(statement)`` (the placeholder
style: SQLite keeps ``?``; PostgreSQL turns it into ``%s``). Statements here are written with
``?``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from crosswire.models import Document, Hint
from crosswire.store.bookkeeping import Bookkeeping, now

NEW, UNCHANGED, UPDATED = "new", "unchanged", "updated"



def hints_json(hints: dict[str, Hint]) -> str:
    """a Document's hints -> their JSON text."""
    return json.dumps({k: {"value": h.value, "evidence": h.evidence} for k, h in hints.items()})


class DocumentRows(Bookkeeping):
    """Storing raw documents: the same source (or, from another source, the same http(s) URL)
    with the same hash is unchanged; other bytes update the document in place (same id; the
    newest ingest is taken as the newest text) and keep the old version in ``revisions``; a
    new source whose id is taken gets a suffix. A new or updated document awaits cleaning,
    claimed by the run that stored it (:mod:`crosswire.store.bookkeeping`)."""

    def add_documents(self, docs: Sequence[Document],
                      run: str = "") -> list[tuple[Document, str]]:
        """(Documents, the id of the run storing them: "" for none) -> [(stored document,
        new|unchanged|updated)], in one transaction."""
        with self.transaction():
            stored = [self._add_document(doc) for doc in docs]
            stamp = now()
            for doc, status in stored:
                if status != UNCHANGED:
                    self._claim(doc.id, run, stamp)
            return stored

    def _known_version(self, doc: Document) -> tuple[str, str, str, str] | None:
        """document -> (id, hash, content, hints) of the stored document it is a version of:
        the same source, or else the same web address (a page fetched again into another
        file is a revision of the article, not a new one)."""
        cols = "id, hash, content, hints"
        row = self._run(f"SELECT {cols} FROM documents WHERE source = ?",
                        (doc.source,)).fetchone()
        if row is None and doc.url and doc.url.lower().startswith(("http://", "https://")):
            row = self._run(f"SELECT {cols} FROM documents WHERE url = ? "
                            "ORDER BY ingested_at, id LIMIT 1", (doc.url,)).fetchone()
        return tuple(row) if row is not None else None

    def _add_document(self, doc: Document) -> tuple[Document, str]:
        """one document -> stored as new, left unchanged, or updated with a revision kept."""
        row = self._known_version(doc)
        if row is None:
            doc.id = self._free_id(doc.id)
            self._insert_document(doc)
            return doc, NEW
        doc.id = row[0]
        if row[1] == doc.hash:
            return doc, UNCHANGED
        self._run("INSERT INTO revisions (document_id, hash, content, hints, replaced_at) "
                  "VALUES (?, ?, ?, ?, ?)", (row[0], row[1], row[2], row[3], now()))
        self._run("UPDATE documents SET path=?, hash=?, format=?, media=?, url=?, encoding=?, "
                  "content=?, hints=?, updated_at=? WHERE id=?",
                  (doc.path, doc.hash, doc.format, doc.media, doc.url, doc.encoding,
                   doc.content, hints_json(doc.hints), now(), doc.id))
        return doc, UPDATED

    def _free_id(self, wanted: str) -> str:
        """'abc' -> 'abc', or 'abc-2', 'abc-3'... when taken by another source."""
        candidate, n = wanted, 1
        while self._run("SELECT 1 FROM documents WHERE id = ?", (candidate,)).fetchone():
            n += 1
            candidate = f"{wanted}-{n}"
        return candidate

    def _insert_document(self, doc: Document) -> None:
        """a new document -> its row."""
        stamp = now()
        self._run("INSERT INTO documents (id, source, path, hash, format, media, url, encoding, "
                  "content, hints, ingested_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  (doc.id, doc.source, doc.path, doc.hash, doc.format, doc.media, doc.url,
                   doc.encoding, doc.content, hints_json(doc.hints), stamp, stamp))

    def document_ids(self) -> list[str]:
        """-> the ids of every stored document, in id order."""
        return [r[0] for r in self._run("SELECT id FROM documents ORDER BY id")]
