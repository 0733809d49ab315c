"""The framing's background: the collection's term counts, kept in the store in step with the
articles (no file beside the database, no recount per run).

Every writer of articles goes through :func:`save_articles_counted` (or calls
:func:`update_collection_terms` after deleting): the terms of the articles saved are added,
those of the versions they replace or of the articles deleted are taken away. A store that
was never counted (new, or upgraded from schema 5), or whose count of texts disagrees with
its articles (a run killed between saving its articles and counting them, or two writers
counting at once), is counted whole once instead.

Known limit: a run killed between replacing an article and counting it leaves that
article's old terms counted (the number of texts still agrees, so nothing tells); the counts
are a prior for the framing's log-odds, where such drift of a few articles is negligible.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from crosswire.models import Article
from crosswire.narrate.framing_terms import TermCounts, term_counts, terms
from crosswire.store import Store

log = logging.getLogger(__name__)


def save_articles_counted(store: Store, articles: Sequence[Article],
                          cleaned_from: Mapping[str, str] | None = None) -> list[Article]:
    """(store, articles, + {id: hash of the document version each was cleaned from}) ->
    saved (``store.save_articles``) and the collection's term counts updated: the versions
    they replace are read first; -> the articles actually saved (an article whose document
    another run replaced meanwhile is not)."""
    old = {a.id: found for a in articles if (found := store.article(a.id)) is not None}
    store.save_articles(articles, cleaned_from)
    saved = [a for a in articles if store.article(a.id) == a]
    update_collection_terms(store, saved, [old[a.id] for a in saved if a.id in old])
    return saved


def update_collection_terms(store: Store, added: Sequence[Article],
                            removed: Sequence[Article]) -> None:
    """(store, articles just saved, the versions they replaced and articles just deleted) ->
    the stored term counts brought in step (after the write). Counted whole instead when
    the store was never counted or its count of texts does not add up."""
    if not store.terms_counted():
        recount(store)
        return
    texts = len(added) - len(removed)
    before = store.collection_terms([]).texts
    if before + texts != store.count("articles"):
        log.info("the collection's term counts are out of step (%d texts + %d, %d articles):"
                 " counting them again", before, texts, store.count("articles"))
        recount(store)
        return
    store.add_collection_terms(term_delta(added, removed), texts)


def term_delta(added: Iterable[Article], removed: Iterable[Article]) -> Counter[str]:
    """(articles added, articles removed) -> term -> change of its count."""
    delta: Counter[str] = Counter()
    for article in added:
        delta.update(terms(article.body))
    for article in removed:
        delta.subtract(terms(article.body))
    return delta


def recount(store: Store) -> TermCounts:
    """store -> every article's terms counted and stored in place of the old counts."""
    counts = term_counts(a.body for a in store.articles())
    store.replace_collection_terms(counts)
    return counts


def background(store: Store, texts: Iterable[str] | None = None) -> TermCounts:
    """(store, + the texts whose terms are wanted; None: all) -> the collection's term
    counts (only those texts' terms: all the framing's log-odds reads, and a few rows instead
    of the whole table); counted first when the store never was."""
    if not store.terms_counted():
        recount(store)
    if texts is None:
        return store.collection_terms()
    wanted = {t for text in texts for t in terms(text)}
    return store.collection_terms(wanted)
