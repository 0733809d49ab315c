"""How much of a story one page shows, so that a story page stays a few MB and renders in a
fraction of a second whatever the story's size (a 219-article story was a 45 MB page).

A page shows in full the bodies of the most cited articles (up to a count and a total of
characters), lists the others as links to their own pages, gives the sources reporting the
most facts their own matrix column (the rest share one), and pages through the facts. The
JSON API and ``story ID --json`` always carry everything.

    PageBounds.from_settings(settings) -> the bounds the settings ask for
    full_bodies(card, bounds) -> ids of the articles shown in full
    matrix_columns(sources, facts, bounds) -> (sources with a column, whether 'other' is one)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from crosswire.config import Settings
from crosswire.models import Citation, Fact, Mention, StoryCard

OTHER_SOURCES = "Other sources"


@dataclass(frozen=True)
class PageBounds:
    """The most a story page shows of each part."""

    bodies: int = 25  # article bodies in full (the most cited first)
    body_chars: int = 1_000_000  # and at most this many characters of bodies in all
    articles: int = 300  # articles listed at all (in full or as a link), and in the split form
    columns: int = 12  # sources with their own matrix column
    facts: int = 100  # matrix rows per page
    cell_reports: int = 6  # reports shown in one matrix cell
    quotes: int = 100  # quotes listed
    framing: int = 24  # sources whose framing is shown
    outlets: int = 40  # outlet names in the header

    @classmethod
    def from_settings(cls, settings: Settings) -> PageBounds:
        """settings -> bounds with the web_story_* settings' counts (at least 1 each)."""
        return cls(bodies=max(1, settings.web_story_bodies),
                   columns=max(1, settings.web_story_columns),
                   facts=max(1, settings.web_story_facts))


def citation_counts(card: StoryCard) -> tuple[Counter[str], Counter[str]]:
    """a card -> (citations per article in its summary, citations per article in all)."""
    in_summary = Counter(c.article for s in card.summary for c in s.citations)
    return in_summary, Counter(c.article for c in all_citations(card))


def all_citations(card: StoryCard) -> Iterable[Citation]:
    """a card -> every Citation in its summary, timeline and facts."""
    for s in card.summary:
        yield from s.citations
    for e in card.timeline:
        for sentence in e.sentences:
            yield from sentence.citations
    for f in card.facts:
        for r in f.reports:
            yield r.citation


def full_bodies(card: StoryCard, bounds: PageBounds) -> set[str]:
    """(card, bounds) -> ids of the articles whose bodies the page shows in full: those the
    summary cites most, then those cited most anywhere, then story order, while the count and
    the total characters stay within the bounds (an article too long for what is left of the
    budget is skipped, a shorter one may still fit)."""
    in_summary, in_all = citation_counts(card)
    order = {a.id: n for n, a in enumerate(card.articles)}
    ranked = sorted(card.articles, key=lambda a: (-in_summary[a.id], -in_all[a.id], order[a.id]))
    chosen: set[str] = set()
    budget = bounds.body_chars
    for article in ranked:
        if len(chosen) >= bounds.bodies:
            break
        if len(article.body) <= budget:
            chosen.add(article.id)
            budget -= len(article.body)
    return chosen


def listed_articles(card: StoryCard, full: set[str], bounds: PageBounds) -> set[str]:
    """(card, ids shown in full, bounds) -> ids of the articles the page lists: every one shown
    in full, then the others in story order up to ``bounds.articles`` in all."""
    listed = set(full)
    for article in card.articles:
        if len(listed) >= bounds.articles:
            break
        listed.add(article.id)
    return listed


def matrix_columns(sources: Sequence[str], facts: Sequence[Fact],
                   report_source: Callable[[Mention], str],
                   bounds: PageBounds) -> tuple[list[str], bool]:
    """(every source in page order, every fact, report -> its source, bounds) -> (the
    sources given a column: the ``bounds.columns`` reporting the most facts, in page order,
    and whether an 'other sources' column holds the rest's reports)."""
    if len(sources) <= bounds.columns:
        return list(sources), False
    reach: Counter[str] = Counter()
    for fact in facts:
        reach.update({report_source(r) for r in fact.reports})
    position = {s: n for n, s in enumerate(sources)}
    top = set(sorted(sources, key=lambda s: (-reach[s], position[s]))[:bounds.columns])
    return [s for s in sources if s in top], True
