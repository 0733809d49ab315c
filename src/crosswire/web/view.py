"""A StoryCard -> the plain records the story page template shows: article bodies cut at
every cited offset (so a script can highlight any cited span), citation links, the fact
matrix (facts x sources), quotes with speakers, timeline positions and the coverage spread.

Nothing here escapes text: the templates do (Jinja autoescape), so every string stays raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from crosswire.facts.values import describe
from crosswire.models import Article, Fact, Mention, StoryCard

STATUSES = ("corroborated", "consistent", "evolving", "conflicting", "single-source")
STATUS_HELP = {
    "corroborated": "independent sources of different origins agree",
    "consistent": "several outlets agree but relay one origin",
    "evolving": "the value changes over time",
    "conflicting": "incompatible values for the same thing at the same time",
    "single-source": "only one source reports it",
}
QUOTE_CHARS = 220


@dataclass
class Cite:
    """A citation as a link: the article id, offsets, the anchor of the article on the page
    ('' when the article is not on it) and a short label ('i24NEWS', 'article 3')."""

    article: str
    start: int
    end: int
    anchor: str
    label: str


@dataclass
class Segment:
    """A run of body text between two cited offsets."""

    start: int
    end: int
    text: str


@dataclass
class ArticleView:
    """One article on the page: the record, its anchor and source label, its paragraphs as
    segments."""

    article: Article
    anchor: str
    label: str
    paragraphs: list[list[Segment]]


@dataclass
class Cell:
    """One report in a fact-matrix cell: what it says, who it is attributed to, when."""

    what: str
    attributed_to: str | None
    speaker: str | None
    as_of: str | None
    cite: Cite


@dataclass
class Row:
    """One fact of the matrix: the fact and its reports per source column."""

    fact: Fact
    cells: list[list[Cell]]


@dataclass
class TimelineDot:
    """One timeline date: its entry, and its x position (0..1) on the span of the story."""

    entry: dict[str, Any]
    x: float
    sentences: list[tuple[str, list[Cite]]]


@dataclass
class StoryView:
    """Everything the story template shows, derived from one StoryCard."""

    card: StoryCard
    articles: list[ArticleView]
    sources: list[str]
    rows: list[Row]
    quotes: list[tuple[Mention, Cite]]
    summary: list[tuple[dict[str, Any], list[Cite]]]
    timeline: list[TimelineDot]
    coverage: dict[str, Any]
    framing: dict[str, Any]
    status_counts: dict[str, int] = field(default_factory=dict)


def source_of(article_id: str, outlet: str | None) -> str:
    """(article id, outlet or None) -> the source name the page groups by: the outlet, or the
    article id when the outlet is unknown (as the framing does)."""
    return outlet or article_id


def _labels(articles: Sequence[Article]) -> dict[str, tuple[str, str]]:
    """articles -> {id: (anchor 'a1'.., label)}; the label is the outlet, or 'article n'."""
    return {a.id: (f"a{n}", a.outlet or f"article {n}") for n, a in enumerate(articles, 1)}


def make_cite(data: dict[str, Any], labels: dict[str, tuple[str, str]]) -> Cite:
    """a citation dict {article, start, end} -> Cite (anchor '' for an article not shown)."""
    anchor, label = labels.get(data["article"], ("", data["article"]))
    return Cite(data["article"], int(data["start"]), int(data["end"]), anchor, label)


def _cited_offsets(card: StoryCard) -> dict[str, set[int]]:
    """a card -> {article id: every offset a citation starts or ends at}."""
    cut: dict[str, set[int]] = {}
    for c in _all_citations(card):
        cut.setdefault(c["article"], set()).update((int(c["start"]), int(c["end"])))
    return cut


def _all_citations(card: StoryCard) -> Iterable[dict[str, Any]]:
    """a card -> every citation dict in its summary, timeline and facts."""
    for s in card.summary:
        yield from s.get("citations", [])
    for e in card.timeline:
        for s in e.get("sentences", []):
            yield from s.get("citations", [])
    for f in card.facts:
        for r in f.reports:
            yield r.citation.to_dict()


def paragraphs(body: str, cuts: set[int]) -> list[list[Segment]]:
    """(body, offsets to cut at) -> paragraphs (split on blank lines), each a list of segments
    whose offsets are into ``body``; empty paragraphs are dropped."""
    out: list[list[Segment]] = []
    start = 0
    for part in body.split("\n\n"):
        end = start + len(part)
        if part.strip():
            inner = sorted(x for x in cuts if start < x < end)
            bounds = [start, *inner, end]
            out.append([Segment(a, b, body[a:b]) for a, b in pairwise(bounds)])
        start = end + 2
    return out


def _article_views(card: StoryCard, labels: dict[str, tuple[str, str]]) -> list[ArticleView]:
    cuts = _cited_offsets(card)
    return [ArticleView(a, *labels[a.id], paragraphs(a.body, cuts.get(a.id, set())))
            for a in card.articles]


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


def _rows(card: StoryCard, sources: list[str], labels: dict[str, tuple[str, str]]) -> list[Row]:
    rows = []
    for fact in card.facts:
        cells: list[list[Cell]] = [[] for _ in sources]
        for r in fact.reports:
            cell = Cell(report_text(r), r.attributed_to, r.speaker, r.as_of,
                        make_cite(r.citation.to_dict(), labels))
            cells[sources.index(source_of(r.article, r.outlet))].append(cell)
        rows.append(Row(fact, cells))
    return rows


def _quotes(card: StoryCard, labels: dict[str, tuple[str, str]]) -> list[tuple[Mention, Cite]]:
    """a card -> every direct quote with a speaker, once per (article, words)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in card.facts:
        for r in f.reports:
            if r.kind == "quote" and r.speaker and (r.article, r.text) not in seen:
                seen.add((r.article, r.text))
                out.append((r, make_cite(r.citation.to_dict(), labels)))
    return out


def day_of(value: str) -> date | None:
    """'2017', '2017-10' or '2017-10-14…' -> the first day it names, or None."""
    parts = value[:10].split("-")
    try:
        nums = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(nums[0], nums[1], nums[2])
    except (ValueError, IndexError):
        return None


def _timeline(card: StoryCard, labels: dict[str, tuple[str, str]]) -> list[TimelineDot]:
    days = [day_of(str(e.get("date", ""))) for e in card.timeline]
    known = [d.toordinal() for d in days if d]
    low, span = (min(known), max(known) - min(known)) if known else (0, 0)
    dots = []
    for entry, day in zip(card.timeline, days, strict=True):
        x = (day.toordinal() - low) / span if day and span else 0.5
        sents = [(s["text"], [make_cite(c, labels) for c in s.get("citations", [])])
                 for s in entry.get("sentences", [])]
        dots.append(TimelineDot(entry, x, sents))
    return dots


def _coverage(card: StoryCard) -> dict[str, Any]:
    """a card -> its coverage spread {countries, ownership, unknown} (empty when the card
    has none)."""
    found = getattr(card, "coverage", None)
    return found if isinstance(found, dict) else {}


def story_view(card: StoryCard) -> StoryView:
    """StoryCard -> StoryView: what the story page shows, every citation resolvable."""
    labels = _labels(card.articles)
    sources = _sources(card)
    counts = {s: sum(f.status == s for f in card.facts) for s in STATUSES}
    summary = [(s, [make_cite(c, labels) for c in s.get("citations", [])]) for s in card.summary]
    return StoryView(
        card=card, articles=_article_views(card, labels), sources=sources,
        rows=_rows(card, sources, labels), quotes=_quotes(card, labels), summary=summary,
        timeline=_timeline(card, labels), coverage=_coverage(card),
        framing=card.framing or {}, status_counts={k: v for k, v in counts.items() if v})


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


def framing_rows(entry: Any, facts: Sequence[Fact]) -> list[tuple[str, list[str]]]:
    """one source's framing entry (any JSON) -> [(label, values)] for the framing panel:
    the contract's fields in words, any other field as plain text; empty fields dropped."""
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
