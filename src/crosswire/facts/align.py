"""Mentions across a story's articles -> Facts: each thing reported once, every outlet's
version of it, and a verdict.

Grouping.
- Quantities: two figures are one fact when they are the same measure of the same thing over
  the same window. Pairs of figures are scored by a learned weighting of general features
  (``quantity_pairs.py``: values, units, what is counted, the words around the number and in
  the sentence, names, copied sentences) and grouped by average link (``grouping.py``): a
  figure joins a group only when it is linked to most of it.
- Quotes (and reported statements that restate one): same speaker (when both are known) and
  the same words (``quote_groups.py``).
- Claims: the story's key statements of what happened, made by two or more articles
  (``claims.py``), checked for agreement (negation, dates).

Independence (``stories/sources.py``): one source per publisher, wire copies and versions
once; an article of unknown outlet is its own source, its independence uncertain. Origins
(``origins.py``): who a report is attributed to, or its source. Verdicts: ``verdicts.py``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from crosswire.facts.claims import disagreement
from crosswire.facts.figures import dimension_of
from crosswire.facts.grouping import average_link
from crosswire.facts.quantity_pairs import PairModel, load_model, pair_table, score_pairs
from crosswire.facts.quote_groups import group_quotes, speaker_of
from crosswire.facts.verdicts import Verdict, agreement, quantity_verdict, quote_verdict
from crosswire.models import Article, DatedSentence, Fact, Mention
from crosswire.stories.sources import Sources, source_groups

__all__ = ["Sources", "align", "group_quantities", "sources_of"]

ASIDE_DIMENSIONS = frozenset({"age", "time", "[time]"})


def sources_of(articles: Sequence[Article]) -> Sources:
    """a story's articles (with their wire groups) -> who is independent of whom."""
    return source_groups(articles, {a.id: a.wire_group for a in articles if a.wire_group})


def align(mentions: Sequence[Mention], sources: Sources, model: PairModel | None = None,
          claims: Sequence[Sequence[tuple[Mention, DatedSentence]]] | None = None
          ) -> list[Fact]:
    """a story's mentions + who is independent (+ a pair model other than the shipped one,
    + the story's claim groups from ``claims.group_claims``) -> Facts, most widely reported
    first. Without claim groups, reported statements two or more articles carry stand in."""
    quantities = [m for m in mentions if m.kind == "quantity"]
    facts = [_quantity_fact(g, sources) for g in group_quantities(quantities, model)]
    said = group_quotes([m for m in mentions if m.kind in ("quote", "claim")])
    facts += [_quote_fact(g, sources) for g in said if any(m.kind == "quote" for m in g)
              or (claims is None and len({m.article for m in g}) > 1)]
    facts += [_claim_fact(g, sources) for g in claims or ()]
    return sorted(facts, key=lambda f: (_aside(f), -sources.count(r.article for r in f.reports),
                                        -len({r.article for r in f.reports}),
                                        _first_offset(f), f.id))


def _aside(fact: Fact) -> bool:
    """a fact -> is it an aside to the story's measure: an age or a duration (listed after
    the counts, sums and shares that say what happened, however widely reported)?"""
    dimensions = {dimension_of(r) for r in fact.reports if r.kind == "quantity"}
    return bool(dimensions) and dimensions <= ASIDE_DIMENSIONS


def group_quantities(mentions: Sequence[Mention],
                     model: PairModel | None = None) -> list[list[Mention]]:
    """quantity mentions of one story -> groups reporting one fact each."""
    model = model or load_model()
    scores = score_pairs(pair_table(mentions), model)
    return [[mentions[i] for i in group]
            for group in average_link(len(mentions), scores, model.threshold)]


def _quantity_fact(group: list[Mention], sources: Sources) -> Fact:
    """one group of quantity mentions -> a Fact with its status and reason."""
    subject = _subject(group)
    verdict = quantity_verdict(group, sources, subject)
    return _fact("quantity", subject, verdict, group)


def _quote_fact(group: list[Mention], sources: Sources) -> Fact:
    """one group of quotes (or reported statements) -> a Fact."""
    speaker = speaker_of(group)
    kind = "quote" if any(m.kind == "quote" for m in group) else "claim"
    lead = min((m for m in group if m.kind == kind), key=lambda m: len(m.text))
    words = lead.text.split()
    gist = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    subject = f"{speaker or 'unnamed speaker'}: “{gist}”"
    return _fact(kind, subject, quote_verdict(group, sources, speaker, kind), group)


def _claim_fact(group: Sequence[tuple[Mention, DatedSentence]], sources: Sources) -> Fact:
    """one group of the same claim -> a Fact: conflicting when the reports disagree (one
    negates it, or they date it differently), else corroborated or consistent by origins."""
    reports = [m for m, _ in group]
    lead = min(reports, key=lambda m: len(m.text))
    words = lead.text.split()
    subject = " ".join(words[:16]) + ("…" if len(words) > 16 else "")
    uncertain = tuple(sources.uncertain(r.article for r in reports))
    why = disagreement(group)
    if why is not None:
        verdict = Verdict("conflicting", f"Reports of this claim disagree: {why}.",
                          uncertain=uncertain)
    else:
        verdict = agreement(reports, sources, "this claim", uncertain)
    return _fact("claim", subject, verdict, reports)


def _fact(kind: str, subject: str, verdict: Verdict, group: list[Mention]) -> Fact:
    note = None
    if verdict.uncertain:
        note = (f"independence uncertain: {len(verdict.uncertain)} source(s) of unknown outlet "
                f"({'; '.join(verdict.uncertain[:3])}) may copy others")
    return Fact(_fact_id(kind, group), kind, subject, verdict.status, verdict.reason, group,
                list(verdict.origins), note)


def _subject(group: Sequence[Mention]) -> str:
    """a group -> its subject in words: the most common wording of what is counted."""
    names = [m.subject or m.unit or "a figure" for m in group]
    return max(sorted(set(names)), key=names.count)


def _fact_id(kind: str, group: Sequence[Mention]) -> str:
    """a group -> a stable id from its kind, citations and values (two figures in one
    sentence are two facts citing the same span)."""
    cites = sorted(f"{m.citation.article}:{m.citation.start}:{m.value}" for m in group)
    digest = hashlib.sha1("|".join([kind, *cites]).encode()).hexdigest()[:10]
    return f"fact-{digest}"


def _first_offset(fact: Fact) -> tuple[str, int]:
    first = min(fact.reports, key=lambda m: (m.citation.article, m.citation.start))
    return first.citation.article, first.citation.start
