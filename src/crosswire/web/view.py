"""A StoryCard -> the plain records the story page template shows: article bodies cut at
every cited offset (so a script can highlight any cited span), citation links, the fact
matrix (facts x sources), quotes with speakers, timeline positions and the coverage spread.
How much of a big story one page shows is bounded (:mod:`crosswire.web.page_bounds`).

Nothing here escapes text: the templates do (Jinja autoescape), so every string stays raw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from crosswire.facts.values import describe
from crosswire.models import Article, Citation, Fact, Mention, StoryCard
from crosswire.narrate.framing import SourceFraming
from crosswire.narrate.summary import SummarySentence
from crosswire.narrate.timeline import TimelineEntry
from crosswire.web.page_bounds import (
    OTHER_SOURCES,
    PageBounds,
    all_citations,
    full_bodies,
    listed_articles,
    matrix_columns,
)
from crosswire.web.story_answer import (
    AGREED,
    DISPUTED,
    FactFilter,
    Finding,
    WordChoice,
    article_name,
    findings,
    lede,
    scare_quotes,
    word_choices,
)

STATUSES = ("corroborated", "consistent", "evolving", "conflicting", "single-source")
STATUS_HELP = {
    "corroborated": "independent sources of different origins agree",
    "consistent": "several outlets agree but relay one origin",
    "evolving": "the value changes over time",
    "conflicting": "incompatible values for the same thing at the same time",
    "single-source": "only one source reports it",
}
QUOTE_CHARS = 220


def public_path(path: str | None) -> str | None:
    """an article's path as stored -> what the web shows of it: the file name only (an
    upload's name; never the server's folders), with any '#record' kept."""
    if not path:
        return path
    return re.split(r"[\\/]", path)[-1] or path


@dataclass(frozen=True)
class Place:
    """Where an article is on the page: its anchor ('' when not listed), its source label
    ('i24NEWS', 'article 3'), and whether its body is shown in full."""

    anchor: str
    label: str
    full: bool


@dataclass
class Cite:
    """A citation as a link: the article id, offsets, the anchor of the article on the page
    ('' when the article is not on it), a short label ('i24NEWS', 'article 3'), and whether
    the cited words are on this page (the article's body is shown in full)."""

    article: str
    start: int
    end: int
    anchor: str
    label: str
    full: bool = True


@dataclass
class Segment:
    """A run of body text between two cited offsets; ``mark``: inside the citation the page
    highlights (``first``: the first such run)."""

    start: int
    end: int
    text: str
    mark: bool = False
    first: bool = False


@dataclass
class ArticleView:
    """One article on the page: the record, its anchor and source label, its paragraphs as
    segments (none when only its headline is listed: ``full`` False)."""

    article: Article
    anchor: str
    label: str
    paragraphs: list[list[Segment]]
    full: bool = True


@dataclass
class Cell:
    """One report in a fact-matrix cell: what it says, who it is attributed to, when, and
    (in the shared 'other sources' column) whose report it is."""

    what: str
    attributed_to: str | None
    speaker: str | None
    as_of: str | None
    cite: Cite
    source: str | None = None


@dataclass
class Row:
    """One fact of the matrix: the fact, its reports per column, and per column how many
    more reports there are than the cell shows."""

    fact: Fact
    cells: list[list[Cell]]
    more: list[int] = field(default_factory=list)


@dataclass
class TimelineDot:
    """One timeline date: its entry, and its x position (0..1) on the span of the story."""

    entry: TimelineEntry
    x: float
    sentences: list[tuple[str, list[Cite]]]


@dataclass
class StoryView:
    """Everything the story template shows, derived from one StoryCard (within the page's
    bounds: ``more_*`` count what is left out)."""

    card: StoryCard
    articles: list[ArticleView]
    sources: list[str]
    rows: list[Row]
    quotes: list[tuple[Mention, Cite]]
    summary: list[tuple[SummarySentence, list[Cite]]]
    timeline: list[TimelineDot]
    coverage: dict[str, Any]
    framing: dict[str, SourceFraming]
    status_counts: dict[str, int] = field(default_factory=dict)
    columns: list[tuple[str, str]] = field(default_factory=list)
    facts_offset: int = 0
    facts_step: int = 0
    more_articles: int = 0
    more_quotes: int = 0
    more_framing: int = 0
    split_articles: list[Article] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)
    lede: tuple[SummarySentence, list[Cite]] | None = None
    disputes: list[Finding] = field(default_factory=list)
    agreed: list[Finding] = field(default_factory=list)
    single: list[Finding] = field(default_factory=list)
    more_single: int = 0
    fact_filter: FactFilter = field(default_factory=FactFilter)
    kinds: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    cites: dict[int, Cite] = field(default_factory=dict)  # id(report) -> its Cite
    shared_facts: int = 0  # facts of several sources (the matrix's, after the filter)
    related: list[tuple[str, str]] = field(default_factory=list)  # (story id, title)
    word_choices: list[WordChoice] = field(default_factory=list)
    scare_quotes: list[tuple[str, list[str]]] = field(default_factory=list)
    source_names: dict[str, str] = field(default_factory=dict)  # source -> its name
    source_list: list[str] = field(default_factory=list)  # every source by name, once
    lede_date: str | None = None  # the day of the lede's article
    more_disputes: int = 0
    more_agreed: int = 0

    @property
    def counts(self) -> dict[str, int]:
        """-> the story's facts (all of them, whatever the filter) disputed, agreed on and
        single-source."""
        n = self.status_counts
        return {"disputed": sum(n.get(s, 0) for s in DISPUTED),
                "agreed": sum(n.get(s, 0) for s in AGREED), "single": n.get("single-source", 0)}

    @property
    def coverage_bars(self) -> list[tuple[str, dict[str, int], int]]:
        """-> [(what the bar counts, {value: sources}, sources the outlet table does not
        list)]: country, ownership, then each column of a user's own outlet table."""
        cov, unknown = self.coverage, int(self.coverage.get("unknown") or 0)
        bars = [("Country", dict(cov.get("countries") or {}), unknown),
                ("Ownership", {f"{k}-owned": n for k, n in (cov.get("ownership") or {}).items()},
                 unknown)]
        bars += [(name.replace("_", " ").capitalize(), dict(values), unknown)
                 for name, values in (cov.get("columns") or {}).items()]
        return [b for b in bars if b[1]]

    @property
    def other_column(self) -> bool:
        """-> does the matrix end with the shared 'other sources' column?"""
        return bool(self.columns) and self.columns[-1][0] == OTHER_SOURCES

    @property
    def in_full(self) -> int:
        """-> how many article bodies the page shows in full."""
        return sum(a.full for a in self.articles)

    @property
    def facts_shown(self) -> tuple[int, int]:
        """-> (first, last) fact numbers on this page, from 1."""
        return self.facts_offset + 1, self.facts_offset + len(self.rows)

    @property
    def earlier_facts(self) -> int | None:
        """-> the offset of the previous page of facts, or None on the first."""
        return max(0, self.facts_offset - self.facts_step) if self.facts_offset else None

    @property
    def later_facts(self) -> int | None:
        """-> the offset of the next page of facts, or None on the last."""
        following = self.facts_offset + len(self.rows)
        return following if following < self.shared_facts else None


def source_of(article_id: str, outlet: str | None) -> str:
    """(article id, outlet or None) -> the source name the page groups by: the outlet, or the
    article id when the outlet is unknown (as the framing does)."""
    return outlet or article_id


def _labels(articles: Sequence[Article], listed: set[str] | None = None,
            full: set[str] | None = None) -> dict[str, Place]:
    """(articles, ids listed on the page and shown in full; None: all) -> {id: Place}: anchor
    'a1'.. ('' when not listed), label the outlet or 'article n'."""
    return {a.id: Place(f"a{n}" if listed is None or a.id in listed else "",
                        article_name(a, n), full is None or a.id in full)
            for n, a in enumerate(articles, 1)}


def make_cite(citation: Citation, labels: dict[str, Place]) -> Cite:
    """a Citation -> Cite (anchor '' for an article not listed)."""
    place = labels.get(citation.article, Place("", citation.article, False))
    return Cite(citation.article, citation.start, citation.end, place.anchor, place.label,
                place.full)


def _cited_offsets(card: StoryCard) -> dict[str, set[int]]:
    """a card -> {article id: every offset a citation starts or ends at}."""
    cut: dict[str, set[int]] = {}
    for c in all_citations(card):
        cut.setdefault(c.article, set()).update((c.start, c.end))
    return cut


def paragraphs(body: str, cuts: set[int],
               marked: tuple[int, int] | None = None) -> list[list[Segment]]:
    """(body, offsets to cut at, a (start, end) span to mark or None) -> paragraphs (split on
    blank lines), each a list of segments whose offsets are into ``body``; empty paragraphs
    are dropped. The span's ends are cut at too, and its segments marked."""
    if marked:
        cuts = cuts | set(marked)
    out: list[list[Segment]] = []
    start = 0
    first = True
    for part in body.split("\n\n"):
        end = start + len(part)
        if part.strip():
            inner = sorted(x for x in cuts if start < x < end)
            segments = [Segment(a, b, body[a:b]) for a, b in pairwise([start, *inner, end])]
            for seg in segments:
                seg.mark = marked is not None and marked[0] <= seg.start < seg.end <= marked[1]
                seg.first = seg.mark and first
                first = first and not seg.mark
            out.append(segments)
        start = end + 2
    return out


def _article_views(card: StoryCard, labels: dict[str, Place]) -> list[ArticleView]:
    """(card, places) -> a view of each listed article, its paragraphs when shown in full."""
    cuts = _cited_offsets(card)
    views = []
    for a in card.articles:
        place = labels[a.id]
        if place.anchor:
            body = paragraphs(a.body, cuts.get(a.id, set())) if place.full else []
            views.append(ArticleView(a, place.anchor, place.label, body, place.full))
    return views


def report_text(report: Mention) -> str:
    """a report -> what it says in a cell: the value in words for a quantity, else the quoted
    words (shortened)."""
    if report.kind == "quantity":
        return describe(report.value, report.qualifier, report.unit)
    text = report.text if len(report.text) <= QUOTE_CHARS else report.text[:QUOTE_CHARS] + "…"
    return f"“{text}”"


def _sources(card: StoryCard) -> list[str]:
    """a card -> the matrix columns: one per source, in the story's article order, plus any
    source only the facts name."""
    names = [source_of(a.id, a.outlet) for a in card.articles]
    names += [source_of(r.article, r.outlet) for f in card.facts for r in f.reports]
    return list(dict.fromkeys(names))


def report_source(report: Mention) -> str:
    """a report -> the source (matrix column) it belongs to."""
    return source_of(report.article, report.outlet)


def source_label(source: str, labels: dict[str, Place]) -> str:
    """a source (outlet, or the article id of an article without one) -> its label."""
    return labels[source].label if source in labels else source


def _rows(facts: Sequence[Fact], columns: list[str], other: bool, labels: dict[str, Place],
          per_cell: int) -> list[Row]:
    """(the facts of the page, sources with a column, whether an 'other sources' column
    follows, places, reports shown per cell) -> the matrix rows."""
    index = {s: n for n, s in enumerate(columns)}
    width = len(columns) + other
    rows = []
    for fact in facts:
        cells: list[list[Cell]] = [[] for _ in range(width)]
        for r in fact.reports:
            source = report_source(r)
            column = index.get(source, width - 1)
            cells[column].append(Cell(
                report_text(r), r.attributed_to, r.speaker, r.as_of,
                make_cite(r.citation, labels),
                None if source in index else source_label(source, labels)))
        rows.append(Row(fact, [c[:per_cell] for c in cells],
                        [max(0, len(c) - per_cell) for c in cells]))
    return rows


def _quotes(card: StoryCard, labels: dict[str, Place]) -> list[tuple[Mention, Cite]]:
    """a card -> every direct quote with a speaker, once per (article, words)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in card.facts:
        for r in f.reports:
            if r.kind == "quote" and r.speaker and (r.article, r.text) not in seen:
                seen.add((r.article, r.text))
                out.append((r, make_cite(r.citation, labels)))
    return out


def day_of(value: str) -> date | None:
    """'2017', '2017-10' or '2017-10-14…' -> the first day it names, or None."""
    parts = value[:10].split("-")
    try:
        nums = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(nums[0], nums[1], nums[2])
    except (ValueError, IndexError):
        return None


def _timeline(card: StoryCard, labels: dict[str, Place]) -> list[TimelineDot]:
    days = [day_of(e.date) for e in card.timeline]
    known = [d.toordinal() for d in days if d]
    low, span = (min(known), max(known) - min(known)) if known else (0, 0)
    dots = []
    for entry, day in zip(card.timeline, days, strict=True):
        x = (day.toordinal() - low) / span if day and span else 0.5
        sents = [(s.text, [make_cite(c, labels) for c in s.citations])
                 for s in entry.sentences]
        dots.append(TimelineDot(entry, x, sents))
    return dots


def _coverage(card: StoryCard) -> dict[str, Any]:
    """a card -> its coverage spread {countries, ownership, unknown} (empty when the card
    has none)."""
    found = getattr(card, "coverage", None)
    return found if isinstance(found, dict) else {}


def _answer(view: StoryView, card: StoryCard, labels: dict[str, Place], bounds: PageBounds,
            flt: FactFilter) -> None:
    """(the view, card, places, bounds, the reader's filter) -> the view's answer-first
    parts filled: the lede, the disputes, the agreed facts, the single-source ones."""
    names = {a: p.label for a, p in labels.items()}
    found = lede(card)
    view.lede = (found, [make_cite(c, labels) for c in found.citations]) if found else None
    published = {a.id: a.published for a in card.articles}
    first = found.citations[0].article if found and found.citations else None
    view.lede_date = (published.get(first) or "")[:10] or None if first else None
    view.source_list = list(dict.fromkeys(p.label for p in labels.values()))
    def shown(statuses: Sequence[str]) -> tuple[list[Finding], int]:
        """-> (the first page of those facts, each with at most twice a cell's reports;
        how many are left out)."""
        found = findings(card, names, statuses, flt)
        return ([f.bounded(2 * bounds.cell_reports) for f in found[:bounds.facts]],
                max(0, len(found) - bounds.facts))

    view.disputes, view.more_disputes = shown(DISPUTED)
    view.agreed, view.more_agreed = shown(AGREED)
    view.single, view.more_single = shown(("single-source",))
    view.cites = {id(r.report): make_cite(r.report.citation, labels)
                  for f in [*view.disputes, *view.agreed, *view.single] for r in f.reports}
    view.fact_filter = flt
    view.kinds = sorted({f.kind for f in card.facts})
    view.outlets = sorted({r.outlet for f in card.facts for r in f.reports if r.outlet})
    titles = card.related_titles
    view.related = [(r, titles.get(r) or r) for r in card.story.related]
    view.source_names = {**names, **{s: s for s in card.framing if s not in labels}}
    view.word_choices = word_choices(card.framing, view.source_names)
    view.scare_quotes = scare_quotes(card.framing, view.source_names)


def story_view(card: StoryCard, bounds: PageBounds | None = None,
               facts_offset: int = 0, flt: FactFilter | None = None) -> StoryView:
    """(StoryCard, the page's bounds (None: the defaults), the first fact of the matrix,
    the reader's filter) -> StoryView: what the story page shows, every citation resolvable
    (on the page, or on the cited article's own page). The matrix holds the facts reported
    by several sources (the single-source ones are listed apart)."""
    bounds, flt = bounds or PageBounds(), flt or FactFilter()
    full = full_bodies(card, bounds)
    listed = listed_articles(card, full, bounds)
    labels = _labels(card.articles, listed, full)
    sources = _sources(card)
    shared = [f for f in card.facts if f.status != "single-source" and flt.keeps(f)]
    columns, other = matrix_columns(sources, shared, report_source, bounds)
    counts = {s: sum(f.status == s for f in card.facts) for s in STATUSES}
    summary = [(s, [make_cite(c, labels) for c in s.citations]) for s in card.summary]
    offset = max(0, min(facts_offset, max(0, len(shared) - 1)))
    quotes = _quotes(card, labels)
    framing = card.framing
    view = StoryView(
        card=card, articles=_article_views(card, labels), sources=sources,
        rows=_rows(shared[offset:offset + bounds.facts], columns, other, labels,
                   bounds.cell_reports),
        quotes=quotes[:bounds.quotes], summary=summary, timeline=_timeline(card, labels),
        coverage=_coverage(card), framing=dict(list(framing.items())[:bounds.framing]),
        status_counts={k: v for k, v in counts.items() if v},
        columns=[(s, source_label(s, labels)) for s in columns]
        + ([(OTHER_SOURCES, OTHER_SOURCES)] if other else []),
        facts_offset=offset, facts_step=bounds.facts,
        more_articles=len(card.articles) - len(listed),
        more_quotes=max(0, len(quotes) - bounds.quotes),
        more_framing=max(0, len(framing) - bounds.framing),
        split_articles=[a for a in card.articles if a.id in listed], places=labels)
    view.shared_facts = len(shared)
    _answer(view, card, labels, bounds, flt)
    return view


FRAMING_LABELS = {"distinctive_terms": "Distinctive terms", "scare_quotes": "Scare quotes",
                  "names_used": "Names used", "voices": "Voices", "omits": "Omits",
                  "collection_terms": "Distinctive in the collection"}
FRAMING_HIDDEN = {"articles", "outlet", "country", "ownership"}


def _plain(value: Any) -> str:
    """any JSON value -> one line of text (dicts as 'k: v', lists joined by commas)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _framing_values(key: str, value: Any, subjects: dict[str, str]) -> list[str]:
    """one framing field -> the strings to show for it."""
    if key in {"distinctive_terms", "collection_terms"} and isinstance(value, list):
        return [f"{t.get('term')} (z {float(t.get('z') or 0):.1f})" if isinstance(t, dict)
                else _plain(t) for t in value]
    if key == "voices" and isinstance(value, list):
        return [f"{v.get('name')} ×{v.get('count')}" if isinstance(v, dict) else _plain(v)
                for v in value]
    if key == "names_used" and isinstance(value, dict):
        return [f"{k} → {_plain(v)}" for k, v in value.items()]
    if key == "omits" and isinstance(value, list):
        return [subjects.get(str(v), str(v)) for v in value]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return [_plain(value)] if _plain(value) else []


def framing_rows(framing: SourceFraming | Any,
                 facts: Sequence[Fact]) -> list[tuple[str, list[str]]]:
    """one source's framing (a SourceFraming, or any JSON) -> [(label, values)] for the
    framing panel: the contract's fields in words, any other field as plain text (shown
    as its JSON says it); empty fields dropped."""
    entry = framing.to_dict() if isinstance(framing, SourceFraming) else framing
    if not isinstance(entry, dict):
        return [("", [_plain(entry)])]
    subjects = {f.id: f.subject for f in facts}
    rows = []
    for key, value in entry.items():
        if key in FRAMING_HIDDEN:
            continue
        values = [v for v in _framing_values(key, value, subjects) if v]
        if values:
            rows.append((FRAMING_LABELS.get(key, key.replace("_", " ").capitalize()), values))
    return rows
