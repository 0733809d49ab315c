"""The facts stage: a story's articles -> their mentions -> aligned Facts.

Extraction is per article and cached by the runner (``runners/local.py: story_mentions``)
under :func:`crosswire.facts.mentions.cache_key`; alignment is per story and cheap, so it is
redone whenever a story is shown. Articles in another language than English are not read
(the pipeline is English), and are named by the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence

from crosswire.facts.align import align, sources_of
from crosswire.facts.claims import group_claims
from crosswire.models import Article, Fact, Mention, Reading
from crosswire.processes import worker_pool

log = logging.getLogger(__name__)
PARSE_BATCH = 16
PARALLEL_FROM = 32  # fewer articles than this are parsed in-process (worker start-up costs)


def readable(article: Article) -> bool:
    """Article -> can the (English) facts pipeline read it?"""
    return article.language in ("en", None) and bool(article.body.strip())


def extract(articles: Sequence[Article],
            processes: int = 1) -> Iterator[tuple[Article, list[Mention]]]:
    """articles (+ parse processes to use for a long list) -> (article, its mentions) for
    each readable one, parsed in batches."""
    for article, reading in read(articles, processes):
        yield article, reading.mentions


def read(articles: Sequence[Article], processes: int = 1) -> Iterator[tuple[Article, Reading]]:
    """articles (+ parse processes) -> (article, its Reading) for each readable one, in
    order (an article an extractor fails on is logged and left out, so it is tried again
    next time). A long list is read by a pool of worker processes that die with this one
    (:func:`crosswire.processes.worker_pool`)."""
    todo = [a for a in articles if readable(a)]
    if processes <= 1 or len(todo) < PARALLEL_FROM:
        yield from read_here(todo)
        return
    chunks = [todo[i : i + PARSE_BATCH] for i in range(0, len(todo), PARSE_BATCH)]
    with worker_pool(processes) as pool:
        for chunk, readings in zip(chunks, pool.map(_read_chunk, chunks), strict=True):
            by_id = dict(readings)
            yield from ((a, by_id[a.id]) for a in chunk if a.id in by_id)


def _read_chunk(articles: list[Article]) -> list[tuple[str, Reading]]:
    """(in a worker) articles -> [(article id, Reading)] for those read."""
    return [(a.id, r) for a, r in read_here(articles)]


def read_here(articles: Sequence[Article]) -> Iterator[tuple[Article, Reading]]:
    """readable articles -> (article, its Reading), parsed in this process in batches."""
    from crosswire.facts.mentions import read_article  # spaCy: loaded only when used
    from crosswire.facts.nlp import load_nlp

    docs = load_nlp().pipe((a.body for a in articles), batch_size=PARSE_BATCH)
    for article, doc in zip(articles, docs, strict=True):
        try:
            reading = read_article(article, doc)
        except Exception as exc:  # one article the extractors trip on must not stop a story
            log.warning("facts: article %s could not be read (%r); left out, not cached",
                        article.id, exc)
            continue
        yield article, reading


def facts(articles: Sequence[Article], mentions: Mapping[str, list[Mention]],
          readings: Mapping[str, Reading] | None = None) -> list[Fact]:
    """a story's articles + {article id: mentions} (+ their Readings, for the story's key
    claims) -> its Facts, most widely reported first."""
    ordered = [m for a in articles for m in mentions.get(a.id, [])]
    claims = group_claims(articles, readings) if readings is not None else None
    return align(ordered, sources_of(articles), claims=claims)
