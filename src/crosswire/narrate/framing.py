"""How each source frames a story: its distinctive wording, scare quotes, names for contested
things, the voices it gives room to, and the widely reported facts it leaves out.

A source is an outlet (articles of one outlet together, whatever the case of its name), or a
single article when its outlet is unknown, keyed by the article id. The parts:

- distinctive terms: words and two-word phrases the source uses more than the story's other
  sources, by weighted log-odds with an informative Dirichlet prior (``framing_terms``); with a
  ``background`` (the whole collection counted once by :func:`term_counts`), also the terms it
  uses more than the collection at large (``collection_terms``). Copies of one wire story
  within a source count once.
- scare quotes: the short phrases the source's articles put in quotation marks with no speaker
  (``Reading.scare_quotes``), as written; a quoted figure ("more than 90 percent") is a
  citation and a whole quoted sentence ("We are under quarantine.") a quotation whose speaker
  was not found, not a scare quote: both are left out.
- names used: for each concept named in competing ways, the variant the source uses most in
  its own words (``framing_names``).
- voices: speakers and attributions of its mentions, once per sentence (``framing_voices``).
- omits: the ids of the story's corroborated or consistent facts that none of its articles
  report although another source reported them on an earlier day than its latest article
  was published (an article can only omit what was known); undated, never omitted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crosswire.models import Article, Fact, Reading
from crosswire.narrate.framing_names import Concept, found_concepts, load_concepts, name_uses
from crosswire.narrate.framing_terms import (
    TOP_TERMS,
    Z_MIN,
    TermCounts,
    log_odds_z,
    term_counts,
    top_terms,
)
from crosswire.narrate.framing_voices import Voice, voices
from crosswire.outlets import Outlet, outlet_of

WIDELY_REPORTED = ("corroborated", "consistent")
SCARE_WORDS = 5  # a scare quote is a short phrase: at most this many words

__all__ = ["SourceFraming", "Term", "TermCounts", "framing", "framing_dict", "term_counts"]


@dataclass
class Term:
    """A distinctive term: the term, its z-score, and how often the source uses it."""

    term: str
    z: float
    count: int

    def to_dict(self) -> dict[str, Any]:
        """-> {term, z, count}."""
        return {"term": self.term, "z": self.z, "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Term:
        """:meth:`to_dict` output -> Term."""
        return cls(data["term"], data["z"], data["count"])


@dataclass
class SourceFraming:
    """One source's framing of a story: the contract's fields (distinctive_terms, scare_quotes,
    names_used, voices, omits) plus its articles, the listed outlet with country and ownership
    (None when the outlet table does not list it), terms distinctive against the whole
    collection, and how often it used each variant of the concepts it names (``name_counts``:
    {concept: {variant: uses}}, most used first)."""

    source: str
    articles: list[str]
    distinctive_terms: list[Term] = field(default_factory=list)
    scare_quotes: list[str] = field(default_factory=list)
    names_used: dict[str, str] = field(default_factory=dict)
    voices: list[Voice] = field(default_factory=list)
    omits: list[str] = field(default_factory=list)
    outlet: str | None = None
    country: str | None = None
    ownership: str | None = None
    collection_terms: list[Term] = field(default_factory=list)
    name_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """-> the story card's framing entry for this source (contract fields first)."""
        return {"distinctive_terms": [t.to_dict() for t in self.distinctive_terms],
                "scare_quotes": list(self.scare_quotes), "names_used": dict(self.names_used),
                "voices": [v.to_dict() for v in self.voices], "omits": list(self.omits),
                "articles": list(self.articles), "outlet": self.outlet,
                "country": self.country, "ownership": self.ownership,
                "collection_terms": [t.to_dict() for t in self.collection_terms],
                "name_counts": {c: dict(n) for c, n in self.name_counts.items()}}

    @classmethod
    def from_dict(cls, source: str, data: dict[str, Any]) -> SourceFraming:
        """(source name, :meth:`to_dict` output) -> SourceFraming."""
        return cls(
            source=source, articles=list(data.get("articles", [])),
            distinctive_terms=[Term.from_dict(t) for t in data.get("distinctive_terms", [])],
            scare_quotes=list(data.get("scare_quotes", [])),
            names_used=dict(data.get("names_used", {})),
            voices=[Voice.from_dict(v) for v in data.get("voices", [])],
            omits=list(data.get("omits", [])), outlet=data.get("outlet"),
            country=data.get("country"), ownership=data.get("ownership"),
            collection_terms=[Term.from_dict(t) for t in data.get("collection_terms", [])],
            name_counts={c: dict(n) for c, n in data.get("name_counts", {}).items()})


def group_sources(articles: Sequence[Article]) -> dict[str, list[Article]]:
    """articles -> {source name: its articles by id}: one source per outlet (case-insensitive,
    named as its first article by id spells it), one per article of unknown outlet; sources
    in name order."""
    groups: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: a.id):
        key = f"outlet:{article.outlet.casefold()}" if article.outlet else f"article:{article.id}"
        groups.setdefault(key, []).append(article)
    named = {(g[0].outlet or g[0].id): g for g in groups.values()}
    return dict(sorted(named.items(), key=lambda kv: (kv[0].casefold(), kv[0])))


def _counted(articles: Sequence[Article]) -> list[Article]:
    """a source's articles -> one per wire group (the first by id), so copies count once."""
    seen: set[str] = set()
    out = []
    for article in articles:
        group = article.wire_group or article.id
        if group not in seen:
            seen.add(group)
            out.append(article)
    return out


def _rest(whole: TermCounts, focus: TermCounts) -> TermCounts:
    """(a whole, a part of it) -> the rest of the whole, counted for the part's terms only
    (all the log-odds needs, and cheap for a big whole)."""
    counts = Counter({t: max(whole.counts.get(t, 0) - c, 0) for t, c in focus.counts.items()})
    return TermCounts(counts, max(whole.total - focus.total, 0))


def _prior(focus: TermCounts, *wholes: TermCounts) -> TermCounts:
    """(the source's counts, the collections it belongs to) -> the prior over the source's
    terms: each term's largest count in any of them (a background may or may not hold the
    story), over the largest total."""
    counts = Counter({t: max(c, *(w.counts.get(t, 0) for w in wholes))
                      for t, c in focus.counts.items()})
    return TermCounts(counts, max(focus.total, *(w.total for w in wholes)))


def _own_name(term: str, names: set[str]) -> bool:
    """-> is the term made only of words of the source's own name ('xinhua' for Xinhua)?"""
    return bool(names) and all(w in names for w in term.split(" "))


def _terms(z: dict[str, float], focus: TermCounts, names: set[str], z_min: float,
           limit: int) -> list[Term]:
    """(z per term, the source's counts, words of its own name) -> its distinctive Terms."""
    z = {t: v for t, v in z.items() if not _own_name(t, names)}
    return [Term(t, v, focus.counts[t]) for t, v in top_terms(z, focus.counts, z_min, limit)]


def distinctive_terms(counts: dict[str, TermCounts], background: TermCounts | None = None,
                      names: dict[str, set[str]] | None = None, z_min: float = Z_MIN,
                      limit: int = TOP_TERMS) -> dict[str, tuple[list[Term], list[Term]]]:
    """{source: its TermCounts} (+ the collection's, + words of each source's own name) ->
    {source: (terms distinctive against the story's other sources, terms distinctive against
    the collection)}; the second list is empty without a background, the first when the story
    has one source."""
    story = TermCounts()
    for c in counts.values():
        story.add(c)
    out = {}
    for source, focus in counts.items():
        own = (names or {}).get(source, set())
        prior = _prior(focus, story, background) if background else _prior(focus, story)
        versus_story = (_terms(log_odds_z(focus, _rest(story, focus), prior), focus, own,
                               z_min, limit) if len(counts) > 1 else [])
        versus_all = (_terms(log_odds_z(focus, _rest(background, focus),
                                        _prior(focus, background)), focus, own, z_min, limit)
                      if background else [])
        out[source] = (versus_story, versus_all)
    return out


def scare_quotes(readings: Sequence[Reading]) -> list[str]:
    """a source's Readings -> its scare-quoted terms as written, first use first, each once
    (case-insensitive); a quoted figure or a quoted sentence is left out."""
    out: dict[str, str] = {}
    for reading in readings:
        for quote in sorted(reading.scare_quotes, key=lambda q: q["start"]):
            text = " ".join(str(quote["text"]).split())
            if _scare(text):
                out.setdefault(text.casefold(), text)
    return list(out.values())


def _scare(text: str) -> bool:
    """-> is a quoted span a scare quote: a short phrase, not a figure nor a sentence?"""
    return (bool(text) and len(text.split()) <= SCARE_WORDS and text[-1] not in ".!?"
            and not any(c.isdigit() for c in text))


def omissions(articles: Sequence[Article], facts: Sequence[Fact],
              published: dict[str, str | None] | None = None) -> list[str]:
    """a source's articles + the story's facts (+ {article id: published} of the story) ->
    ids of the corroborated or consistent facts that none of its articles report although one
    of them was published after the fact was first reported, in the facts' order. An article
    can only omit what was already known: with no dates to tell, nothing is called omitted."""
    mine = {a.id for a in articles}
    when = published or {}
    latest = max((a.published for a in articles if a.published), default=None)
    out: dict[str, None] = {}
    for fact in facts:
        if fact.status not in WIDELY_REPORTED or not mine.isdisjoint(r.article for r in
                                                                     fact.reports):
            continue
        first = min((d for r in fact.reports if (d := when.get(r.article))), default=None)
        if latest is not None and first is not None and first[:10] < latest[:10]:
            out.setdefault(fact.id)
    return list(out)


def _name_words(source: str, outlet: Outlet | None) -> set[str]:
    """(source name, its listed outlet) -> the lower-case words of its names."""
    names = [source, *((outlet.name, *outlet.aliases) if outlet else ())]
    return {w for n in names for w in term_counts([n]).counts if " " not in w}


def framing(articles: Sequence[Article], readings: dict[str, Reading], facts: Sequence[Fact],
            background: TermCounts | None = None, concepts: Sequence[Concept] | None = None,
            z_min: float = Z_MIN, limit: int = TOP_TERMS) -> dict[str, SourceFraming]:
    """a story's articles, their Readings (by article id) and its Facts (+ the collection's
    TermCounts, + the competing-name concepts, default the packaged table) -> {source name:
    SourceFraming}, sources in name order; the same whatever the order of the articles."""
    sources = group_sources(articles)
    listed = list(load_concepts() if concepts is None else concepts)
    bodies = {s: [a.body for a in arts] for s, arts in sources.items()}
    found = found_concepts([b for bs in bodies.values() for b in bs], listed)
    names = name_uses(bodies, listed + found)
    outlets = {s: outlet_of(arts[0]) for s, arts in sources.items()}
    counts = {s: term_counts(a.body for a in _counted(arts)) for s, arts in sources.items()}
    terms = distinctive_terms(counts, background, {s: _name_words(s, outlets[s])
                                                   for s in sources}, z_min, limit)
    read = {s: [readings[a.id] for a in arts if a.id in readings] for s, arts in sources.items()}
    heard = voices(read)
    widely = [f for f in facts if f.status in WIDELY_REPORTED]
    published = {a.id: a.published for a in articles}
    out = {}
    for source, arts in sources.items():
        outlet = outlets[source]
        out[source] = SourceFraming(
            source=source, articles=[a.id for a in arts], distinctive_terms=terms[source][0],
            scare_quotes=scare_quotes(read[source]),
            names_used={c: u.term for c, u in names[source].items()},
            name_counts={c: u.counts for c, u in names[source].items()},
            voices=heard[source], omits=omissions(arts, widely, published),
            outlet=outlet.name if outlet else None, country=outlet.country if outlet else None,
            ownership=outlet.ownership if outlet else None, collection_terms=terms[source][1])
    return out


def framing_dict(articles: Sequence[Article], readings: dict[str, Reading],
                 facts: Sequence[Fact], background: TermCounts | None = None,
                 ) -> dict[str, dict[str, Any]]:
    """the same inputs as :func:`framing` -> the story card's ``framing`` object (JSON-ready)."""
    return {s: f.to_dict() for s, f in framing(articles, readings, facts, background).items()}
