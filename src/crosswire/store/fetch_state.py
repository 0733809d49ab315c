"""What fetching remembers between runs, both backends alike (table ``fetch_validators``,
schema 10): per canonical URL fetched, the ETag and Last-Modified of its last 2xx answer, so
the next run asks with If-None-Match / If-Modified-Since and an unchanged feed or page costs
one 304. A row also marks a page a feed or sitemap listed as fetched already
(src/crosswire/fetch/run.py).

A backend mixes this in with :class:`~crosswire.store.bookkeeping.Bookkeeping`; statements are
written with ``?``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from crosswire.store.bookkeeping import Bookkeeping, now
from crosswire.store.chunks import chunks, placeholders

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified)


class FetchStateRows(Bookkeeping):
    """The validators of fetched URLs."""

    def fetch_validators(self, urls: Sequence[str]) -> dict[str, Validators]:
        """canonical URLs -> {url: (ETag, Last-Modified)} for those fetched before."""
        found: dict[str, Validators] = {}
        unique = list(dict.fromkeys(urls))
        for part in chunks(unique):
            marks = placeholders(len(part))
            rows = self._run("SELECT url, etag, last_modified FROM fetch_validators "
                             f"WHERE url IN ({marks})", part)
            found.update({url: (etag, modified) for url, etag, modified in rows})
        return found

    def save_fetch_validators(self, rows: Mapping[str, Validators]) -> None:
        """{canonical URL: (ETag, Last-Modified)} -> stored (replacing earlier ones), in one
        transaction."""
        stamp = now()
        with self.transaction():
            for url, (etag, modified) in rows.items():
                self._run("INSERT INTO fetch_validators (url, etag, last_modified, fetched_at) "
                          "VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                          "etag = excluded.etag, last_modified = excluded.last_modified, "
                          "fetched_at = excluded.fetched_at", (url, etag, modified, stamp))

    def forget_fetched_of(self, document_ids: Sequence[str]) -> None:
        """ids of documents about to be deleted -> the validators of their sources dropped,
        so a page deleted from the store is fetched again, unconditionally (inside the
        caller's transaction)."""
        unique = list(dict.fromkeys(document_ids))
        for part in chunks(unique):
            self._run("DELETE FROM fetch_validators WHERE url IN "
                      f"(SELECT source FROM documents WHERE id IN ({placeholders(len(part))}))",
                      list(part))
