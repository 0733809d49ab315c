"""Mentions across a story's articles -> Facts: each thing reported once, every outlet's
version of it, and a verdict.

Grouping. Quantities about the same thing (subject terms overlap, compatible units) form one
fact; quotes with the same words (most content words shared) and a compatible speaker form
one, reported speech ("X said that ...") joining the quote it restates; reported claims with
no direct quote are kept only when two or more sources report them.

Independence. Articles in one wire group are one source; otherwise each outlet is a source,
and an article of unknown outlet is its own. The *origin* of a report is who the article
attributes it to, or the source itself when it names no one.

Verdicts, in order: one source -> single-source; values that disagree -> evolving when the
disagreeing values belong to different dates (`as_of`), else conflicting; values that agree
-> corroborated when they come from two or more sources of different origins, consistent when
every source relays the same origin.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from crosswire.facts.subjects import overlap, terms
from crosswire.facts.values import agree, describe, interval
from crosswire.models import Article, Fact, Mention

SUBJECT_OVERLAP = 0.5  # quantities about the same thing share more than this of their terms
WINDOW_DAYS = 60  # reports of one figure are about the same time: as_of at most this far apart
QUOTE_OVERLAP = 0.6  # quotes are the same words when this share of the shorter one's words match


@dataclass(frozen=True)
class Sources:
    """Who is independent of whom: article id -> source key, and a source key's name."""

    key: dict[str, str]
    name: dict[str, str]

    def of(self, article: str) -> str:
        """article id -> its source key (the article itself when unknown)."""
        return self.key.get(article, article)


def sources_of(articles: Sequence[Article]) -> Sources:
    """articles (with wire groups) -> Sources: a wire group with several members is one source;
    otherwise the outlet, or the article itself when the outlet is unknown."""
    sizes: dict[str, int] = {}
    for a in articles:
        if a.wire_group:
            sizes[a.wire_group] = sizes.get(a.wire_group, 0) + 1
    key, name = {}, {}
    for a in articles:
        if a.wire_group and sizes[a.wire_group] > 1:
            key[a.id] = f"wire:{a.wire_group}"
            name[key[a.id]] = f"wire copies of {a.wire_group}"
        elif a.outlet:
            key[a.id] = f"outlet:{a.outlet.casefold()}"
            name[key[a.id]] = a.outlet
        else:
            key[a.id] = f"article:{a.id}"
            name[key[a.id]] = f"article {a.id} (outlet unknown)"
    return Sources(key, name)


def align(mentions: Sequence[Mention], sources: Sources) -> list[Fact]:
    """a story's mentions + who is independent -> Facts, most widely reported first."""
    facts = [_quantity_fact(g, sources) for g in group_quantities(
        [m for m in mentions if m.kind == "quantity"])]
    said = group_quotes([m for m in mentions if m.kind in ("quote", "claim")])
    facts += [_quote_fact(g, sources) for g in said if any(m.kind == "quote" for m in g)
              or len({sources.of(m.article) for m in g}) > 1]
    return sorted(facts, key=lambda f: (-len({sources.of(r.article) for r in f.reports}),
                                        _first_offset(f), f.id))


# -- grouping -------------------------------------------------------------------------------


def group_quantities(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """quantity mentions -> groups about the same thing (first come, best match joins; only
    groups sharing a term are compared, through an index of terms)."""
    groups: list[list[Mention]] = []
    keys: list[frozenset[str]] = []
    by_term: dict[str, list[int]] = {}
    for mention in mentions:
        mine = _quantity_terms(mention)
        best, best_score = None, SUBJECT_OVERLAP
        for i in sorted({i for t in mine for i in by_term.get(t, ())}):
            score = overlap(mine, keys[i])
            if score > best_score and _units_compatible(mention.unit, groups[i][0].unit) and all(
                    _close_in_time(mention, other) for other in groups[i]):
                best, best_score = i, score
        if best is None:
            groups.append([mention])
            keys.append(mine)
            for term in mine:
                by_term.setdefault(term, []).append(len(groups) - 1)
        else:
            groups[best].append(mention)
    return groups


def _quantity_terms(mention: Mention) -> frozenset[str]:
    """a quantity mention -> the terms of what it counts (its unit, for a count noun)."""
    if mention.unit and not is_measure(mention.unit):
        return terms(f"{mention.subject or ''} {mention.unit.partition(' per ')[0]}")
    return terms(mention.subject)


def _close_in_time(a: Mention, b: Mention) -> bool:
    """Two reports -> could they be about the same moment (as_of within the window, allowing
    for the coarser precision; undated reports fit anything)?"""
    span_a, span_b = _as_of_span(a), _as_of_span(b)
    if span_a is None or span_b is None:
        return True
    gap = max(span_a[0] - span_b[1], span_b[0] - span_a[1], 0)
    return gap <= WINDOW_DAYS


def _as_of_span(m: Mention) -> tuple[int, int] | None:
    """a report -> the first and last day (ordinals) its as_of can mean, or None."""
    if not m.as_of:
        return None
    try:
        if m.as_of_precision == "year" or len(m.as_of) == 4:
            year = int(m.as_of[:4])
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        if m.as_of_precision == "month" or len(m.as_of) == 7:
            first = date.fromisoformat(m.as_of[:7] + "-01")
            return first.toordinal(), first.toordinal() + 30
        day = date.fromisoformat(m.as_of[:10]).toordinal()
        return day, day
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _measures() -> frozenset[str]:
    from crosswire.facts.units import unit_table

    table = unit_table()
    return frozenset(n.lower() for part in (table.insensitive, table.symbols, table.glued,
                                            table.prefixes) for n in part)


def is_measure(unit: str | None) -> bool:
    """a unit name -> is it a unit of measure or money (not a counted noun)?"""
    return bool(unit) and str(unit).lower() in _measures()


def _units_compatible(a: str | None, b: str | None) -> bool:
    """Two units -> may they measure the same thing? Measures must be equal; counted nouns
    (and no unit) leave it to the subject, but a rate only meets the same rate."""
    if is_measure(a) or is_measure(b):
        return (a or "").lower() == (b or "").lower()
    return _per(a) == _per(b)


def _per(unit: str | None) -> str:
    """a unit -> its rate part ('civilian per day' -> 'day'; '' when it is not a rate)."""
    return (unit or "").lower().partition(" per ")[2]


def group_quotes(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """quote (or claim) mentions -> groups of the same words from a compatible speaker (a
    mention joins the first group with a member sharing most of its words; only groups
    sharing a word are compared, through an index of words)."""
    groups: list[list[tuple[Mention, frozenset[str]]]] = []
    by_word: dict[str, list[int]] = {}
    for mention in mentions:
        words = _content_words(mention.text)
        home = next((i for i in sorted({i for w in words for i in by_word.get(w, ())})
                     if _speakers_compatible(mention.speaker, groups[i][0][0].speaker)
                     and any(_containment(words, other) >= QUOTE_OVERLAP
                             for _, other in groups[i])), None)
        if home is None:
            groups.append([])
            home = len(groups) - 1
        groups[home].append((mention, words))
        for word in words:
            if not by_word.get(word) or by_word[word][-1] != home:
                by_word.setdefault(word, []).append(home)
    return [[m for m, _ in group] for group in groups]


def _content_words(text: str) -> frozenset[str]:
    """a quote -> its content words as comparable terms."""
    return terms(text)


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _speakers_compatible(a: str | None, b: str | None) -> bool:
    """Two speakers -> could they be the same person ('Donald Trump' / 'Trump'; unknown fits
    anyone)?"""
    if not a or not b:
        return True
    wa, wb = set(a.casefold().split()), set(b.casefold().split())
    return bool(wa & wb)


# -- verdicts -------------------------------------------------------------------------------


def _quantity_fact(group: list[Mention], sources: Sources) -> Fact:
    """one group of quantity mentions -> a Fact with its status and reason."""
    subject = _subject(group)
    status, reason = quantity_status(group, sources, subject)
    return Fact(_fact_id("quantity", group), "quantity", subject, status, reason, group)


def quantity_status(group: Sequence[Mention], sources: Sources,
                    subject: str) -> tuple[str, str]:
    """quantity reports of one thing -> (status, one-sentence reason)."""
    spread = {sources.of(m.article) for m in group}
    by_date = _by_date(group)
    values = [interval(m.value, m.qualifier) for m in group if m.value is not None]
    if not agree(values):
        if len(by_date) > 1 and all(agree(_intervals(ms)) for ms in by_date.values()):
            steps = "; ".join(f"{_values(ms)} as of {d}" for d, ms in sorted(by_date.items()))
            return "evolving", f"The figure for {subject} changes over time: {steps}."
        return "conflicting", (f"Reports give incompatible figures for {subject} "
                               f"for the same time: {_values(group)}.")
    if len(spread) < 2:
        return "single-source", f"Only {sources.name[next(iter(spread))]} reports {subject}."
    origins = {_origin(m, sources) for m in group}
    if len(origins) == 1 and group[0].attributed_to:
        return "consistent", (f"{len(spread)} sources agree on {subject} ({_values(group)}), "
                              f"but all relay one origin: {group[0].attributed_to}.")
    return "corroborated", (f"{len(spread)} independent sources agree on {subject} "
                            f"({_values(group)}), from {len(origins)} different origins.")


def _quote_fact(group: list[Mention], sources: Sources) -> Fact:
    """one group of quotes (or claims) -> a Fact."""
    speaker = next((m.speaker for m in group if m.speaker), None)
    kind = "quote" if any(m.kind == "quote" for m in group) else "claim"
    lead = min((m for m in group if m.kind == kind), key=lambda m: len(m.text))
    words_of = lead.text.split()
    gist = " ".join(words_of[:12]) + ("…" if len(words_of) > 12 else "")
    subject = f"{speaker or 'unnamed speaker'}: “{gist}”"
    spread = {sources.of(m.article) for m in group}
    words = "these words" if kind == "quote" else "this"
    who = f" from {speaker}" if speaker else ""
    if len(spread) < 2:
        status = "single-source"
        reason = f"Only {sources.name[next(iter(spread))]} reports {words}{who}."
    else:
        status = "corroborated"
        reason = f"{len(spread)} independent sources report {words}{who}."
    return Fact(_fact_id(kind, group), kind, subject, status, reason, group)


def _by_date(group: Iterable[Mention]) -> dict[str, list[Mention]]:
    """mentions -> {as_of at month precision or finer: mentions}; undated ones under ''."""
    dated: dict[str, list[Mention]] = {}
    for m in group:
        if m.value is None:
            continue
        day = (m.as_of or "")[:7] if m.as_of_precision == "month" else (m.as_of or "")
        dated.setdefault(day, []).append(m)
    return dated


def _intervals(group: Iterable[Mention]) -> list[tuple[float, float]]:
    return [interval(m.value, m.qualifier) for m in group if m.value is not None]


def _values(group: Iterable[Mention]) -> str:
    """mentions -> their distinct values in words, in order ('more than 3,200, 3,250')."""
    seen: list[str] = []
    for m in group:
        text = describe(m.value, m.qualifier, "percentage" if m.unit == "percentage" else None)
        if text not in seen:
            seen.append(text)
    return ", ".join(seen)


def _origin(mention: Mention, sources: Sources) -> str:
    """a report -> who it comes from: the attributed source, or the printing source."""
    if mention.attributed_to:
        return " ".join(sorted(terms(mention.attributed_to))) or mention.attributed_to
    return sources.of(mention.article)


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
