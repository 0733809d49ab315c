"""Small builders for test records."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from crosswire.models import Article, Citation, Mention


def copy_db(source: str, target: Path) -> str:
    """a database file -> a consistent copy (SQLite backup, WAL included); -> its path."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return str(target)


def make_article(id: str, body: str = "Body text.", *, headline: str | None = None,
                 published: str | None = None, outlet: str | None = None,
                 confidence: str | None = "stated", language: str | None = "en") -> Article:
    """-> an Article with the given fields and empty metadata otherwise."""
    return Article(id=id, path=id, url=None, outlet=outlet, wire_credit=None,
                   headline=headline if headline is not None else id, published=published,
                   published_confidence=confidence, evidence={}, dateline=None, byline=None,
                   body=body, removed=[], language=language)


def make_figure(article: str, value: float | list[float], *, unit: str | None = "people",
                text: str = "", subject: str | None = None, qualifier: str = "exact",
                attributed_to: str | None = None, as_of: str | None = None,
                kind: str = "quantity", speaker: str | None = None) -> Mention:
    """-> a report (a quantity by default) citing its whole text."""
    text = text or f"{value} {unit or ''} were reported."
    return Mention(article=article, outlet=None, kind=kind, text=text, subject=subject,
                   citation=Citation(article, 0, len(text)), value=value, unit=unit,
                   qualifier=qualifier, speaker=speaker, attributed_to=attributed_to,
                   as_of=as_of, as_of_precision="day" if as_of else None)
