"""Small builders for test records."""

from __future__ import annotations

from crosswire.models import Article


def make_article(id: str, body: str = "Body text.", *, headline: str | None = None,
                 published: str | None = None, outlet: str | None = None,
                 confidence: str | None = "stated", language: str | None = "en") -> Article:
    """-> an Article with the given fields and empty metadata otherwise."""
    return Article(id=id, path=id, url=None, outlet=outlet, wire_credit=None,
                   headline=headline if headline is not None else id, published=published,
                   published_confidence=confidence, evidence={}, dateline=None, byline=None,
                   body=body, removed=[], language=language)
