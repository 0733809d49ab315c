"""Data out as CSV: facts (one row per report), stories and articles, for spreadsheets and
scripts (``--csv`` on ``facts``, ``story ID``, ``stories``, ``articles``).

Input: contract records (and the articles they cite, to name them); output: rows under a
header, written with the csv module (RFC 4180 quoting: a cell holding a comma, a quote or a
line break is quoted, quotes doubled). Every row keeps the ids that trace it back (``fact``,
``article``, ``story``) and names each source for people: its outlet, or, when the outlet is
unknown, the article's headline and the domain of its URL (:func:`source_name`), the same
rule as the ``article_sources`` view (docs/store.md#views).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO
from urllib.parse import urlsplit

from crosswire.models import Article, Fact, Story

# The first 17 columns are those `facts --csv` always had (scripts read them by name).
FACT_COLUMNS = ("fact", "kind", "status", "subject", "article", "outlet", "value", "unit",
                "qualifier", "speaker", "attributed_to", "as_of", "as_of_precision",
                "start", "end", "text", "reason", "source", "headline", "published", "url")
STORY_COLUMNS = ("story", "title", "first_published", "last_published", "articles",
                 "independent_sources", "outlets", "first_publisher", "first_publisher_article",
                 "related")
ARTICLE_COLUMNS = ("article", "published", "source", "outlet", "headline", "url", "byline",
                   "dateline", "wire_credit", "language", "wire_group", "published_confidence",
                   "path")
LIST_SEPARATOR = "; "  # between the names of a list held in one cell


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """(where to write, the header, the rows) -> CSV written, None cells empty."""
    writer = csv.writer(stream)
    writer.writerow(columns)
    writer.writerows(rows)


def inert(cell: Any) -> Any:
    """a CSV cell -> the same, with a leading apostrophe when it is text a spreadsheet would
    take for a formula (OWASP's CSV injection advice: = + - @ tab or CR first); numbers are
    left as they are. For files handed to people who open them in a spreadsheet."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def domain(url: str | None) -> str | None:
    """a URL -> its host without 'www.' ('https://www.bbc.co.uk/x' -> 'bbc.co.uk'), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def source_name(article: Article | None, fallback: str) -> str:
    """(an article, or None when it is not at hand; what to show without one: its id) -> the
    name of the source for people: the outlet, else 'headline (domain)', else either, else
    the fallback."""
    if article is None:
        return fallback
    if article.outlet:
        return article.outlet
    host = domain(article.url)
    if article.headline and host:
        return f"{article.headline} ({host})"
    return article.headline or host or fallback


def fact_rows(facts: Sequence[Fact], articles: Mapping[str, Article]) -> Iterator[list[Any]]:
    """(facts, the cited articles by id; those missing are named by their id) -> one row per
    report, under FACT_COLUMNS. A range is written 'low-high'."""
    for fact in facts:
        for r in fact.reports:
            value = "-".join(map(str, r.value)) if isinstance(r.value, list) else r.value
            article = articles.get(r.article)
            yield [fact.id, fact.kind, fact.status, fact.subject, r.article, r.outlet, value,
                   r.unit, r.qualifier, r.speaker, r.attributed_to, r.as_of,
                   r.as_of_precision, r.citation.start, r.citation.end, r.text, fact.reason,
                   r.outlet or source_name(article, r.article),
                   article.headline if article else None,
                   article.published if article else None,
                   article.url if article else None]


def story_rows(stories: Iterable[Story],
               first_publishers: Mapping[str, Article]) -> Iterator[list[Any]]:
    """(stories, their first publishers' articles by id) -> one row per story, under
    STORY_COLUMNS: outlets and related story ids joined by '; '."""
    for s in stories:
        first = s.first_publisher
        yield [s.id, s.title, s.first_published, s.last_published, len(s.articles),
               s.independent_sources, LIST_SEPARATOR.join(s.outlets),
               source_name(first_publishers.get(first), first) if first else None, first,
               LIST_SEPARATOR.join(s.related)]


def article_rows(articles: Iterable[Article]) -> Iterator[list[Any]]:
    """articles -> one row per article, under ARTICLE_COLUMNS (no body: `article ID` or
    --json has it)."""
    for a in articles:
        yield [a.id, a.published, source_name(a, a.id), a.outlet, a.headline, a.url, a.byline,
               a.dateline, a.wire_credit, a.language, a.wire_group, a.published_confidence,
               a.path]
