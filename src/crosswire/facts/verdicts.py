"""The verdict on one fact: its status and a reason that names the evidence.

- **single-source**: every report comes from one article;
- **evolving**: the values disagree, and they change in step with the reporting: each time
  (date) agrees within itself and the times differ, or the disagreeing values sit in versions
  of one report, or a report says the figure changed ("rose to", "initially");
- **conflicting**: the values disagree otherwise (incompatible values for the same moment);
- **consistent**: the values agree (or, for a quote, the words) but come from one origin,
  however many outlets relay it; a direct quote always has one origin, its speaker;
- **corroborated**: the values agree and come from two or more origins.

Origins are counted by ``origins.py``; sources (who is independent) by
``stories/sources.py``. When some of the sources are articles of unknown outlet, the reason
says so: their independence is uncertain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crosswire.facts.origins import origins
from crosswire.facts.values import agree, base_interval, describe, interval, unit_scale
from crosswire.models import Mention
from crosswire.stories.sources import Sources

_CHANGED = re.compile(
    r"\b(?:(?:rose|risen|climbed|jumped|increased|grown|fell|dropped|fallen) to|up from|"
    r"down from|revised|originally|initially|(?:earlier|first) reported|now stands at)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    """A fact's status, the sentence saying why, and the names of its origins."""

    status: str
    reason: str
    origins: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()


def quantity_verdict(reports: Sequence[Mention], sources: Sources, subject: str) -> Verdict:
    """quantity reports of one fact -> its Verdict."""
    uncertain = tuple(sources.uncertain(r.article for r in reports))
    if len({r.article for r in reports}) < 2:
        return Verdict("single-source", f"Only {sources.name_of(reports[0].article)} reports "
                       f"{subject} ({values_text(reports)}).", uncertain=uncertain)
    if not agree(_intervals(reports)):
        change = evolution(reports, sources)
        if change is not None:
            return Verdict("evolving", f"The figure for {subject} changes over time: {change}.",
                           uncertain=uncertain)
        return Verdict("conflicting", f"Reports give incompatible figures for {subject} for "
                       f"the same time: {by_origin(reports, sources)}.", uncertain=uncertain)
    return agreement(reports, sources, f"{subject} ({values_text(reports)})", uncertain)


def agreement(reports: Sequence[Mention], sources: Sources, what: str,
              uncertain: tuple[str, ...]) -> Verdict:
    """agreeing reports of one fact + what they agree on -> corroborated (two or more
    origins) or consistent (one origin), the reason naming the origins."""
    found = origins(reports, sources)
    outlets = _names(sources.name_of(r.article) for r in reports)
    names = tuple(found.values())
    note = _uncertain_note(uncertain)
    if len(found) >= 2:
        return Verdict("corroborated", f"{len(found)} independent origins agree on {what}: "
                       f"{_list(names)}{note}.", names, uncertain)
    return Verdict("consistent", f"{len(outlets)} source(s) report {what}, all relaying one "
                   f"origin: {names[0]}{note}.", names, uncertain)


def quote_verdict(reports: Sequence[Mention], sources: Sources, speaker: str | None,
                  kind: str = "quote") -> Verdict:
    """reports of one quote (or one reported statement) -> single-source when one article
    prints it, else consistent: a quote has one origin, its speaker (the reason says how many
    sources attest it)."""
    uncertain = tuple(sources.uncertain(r.article for r in reports))
    outlets = _names(sources.name_of(r.article) for r in reports)
    who = speaker or "an unnamed speaker"
    words = "these words" if kind == "quote" else "this statement"
    if len({r.article for r in reports}) < 2:
        return Verdict("single-source", f"Only {outlets[0]} reports {words} from {who}.",
                       (who,), uncertain)
    return Verdict("consistent", f"{len(outlets)} source(s) attest {words}, all from one "
                   f"origin, the speaker: {who} ({_list(outlets)}){_uncertain_note(uncertain)}.",
                   (who,), uncertain)


def evolution(reports: Sequence[Mention], sources: Sources) -> str | None:
    """disagreeing reports -> how the figure changed ('3 as of 2017-10-14; 10 as of ...'),
    or None when nothing says the values belong to different moments."""
    timed = _by_time(reports)
    if len(timed) > 1 and all(agree(_intervals(ms)) for ms in timed.values()) and \
            not agree([_span(ms) for ms in timed.values()]):
        return "; ".join(f"{values_text(ms)} as of {t}" for t, ms in sorted(timed.items()))
    versions: dict[str, list[Mention]] = {}
    for r in reports:
        versions.setdefault(sources.latest.get(r.article, r.article), []).append(r)
    for group in versions.values():
        if len({r.article for r in group}) > 1 and not agree(_intervals(group)):
            return (f"versions of one report by {sources.name_of(group[0].article)} give "
                    f"{values_text(group)}")
    said = [r for r in reports if _CHANGED.search(r.text)]
    if said:
        return f"{sources.name_of(said[0].article)} reports a change: “{said[0].text.strip()}”"
    return None


def _by_time(reports: Iterable[Mention]) -> dict[str, list[Mention]]:
    """reports -> {the day (or month) each was true: reports}, undated ones left out."""
    timed: dict[str, list[Mention]] = {}
    for r in reports:
        if r.value is None or not r.as_of:
            continue
        when = r.as_of[:7] if r.as_of_precision == "month" else r.as_of[:10]
        if r.as_of_precision == "year":
            continue
        timed.setdefault(when, []).append(r)
    return timed


def _intervals(reports: Iterable[Mention]) -> list[tuple[float, float]]:
    """reports -> the intervals their values allow, in one dimension's base unit when every
    unit converts to it (200 feet and 60 metres), else as written."""
    valued = [r for r in reports if r.value is not None]
    based = [base_interval(r.value, r.qualifier, r.unit) for r in valued]  # type: ignore[arg-type]
    if len({dim for dim, _ in based}) == 1 and based[0][0] is not None:
        return [span for _, span in based]
    return [interval(r.value, r.qualifier) for r in valued]  # type: ignore[arg-type]


def _span(reports: Sequence[Mention]) -> tuple[float, float]:
    """reports that agree -> the interval all of them allow."""
    spans = _intervals(reports)
    return max(a for a, _ in spans), min(b for _, b in spans)


def values_text(reports: Iterable[Mention]) -> str:
    """reports -> their distinct values in words, in order ('more than 3,200, 3,250'), each
    with its unit when the reports use units of measure that differ ('about 940 mile, 1,500
    kilometre')."""
    reports = list(reports)
    units = {r.unit for r in reports if r.unit and unit_scale(r.unit) is not None}
    seen: list[str] = []
    for r in reports:
        unit = r.unit if len(units) > 1 and r.unit in units else None
        text = describe(r.value, r.qualifier, "percentage" if r.unit == "percentage" else unit)
        if text not in seen:
            seen.append(text)
    return ", ".join(seen)


def by_origin(reports: Sequence[Mention], sources: Sources) -> str:
    """disagreeing reports -> each value with who gives it ('3 (Reuters); 10 (police)')."""
    parts: dict[str, list[str]] = {}
    for r in reports:
        who = r.attributed_to or sources.name_of(r.article)
        parts.setdefault(values_text([r]), [])
        if who not in parts[values_text([r])]:
            parts[values_text([r])].append(who)
    return "; ".join(f"{v} ({', '.join(w)})" for v, w in parts.items())


def _names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _list(names: Sequence[str], most: int = 4) -> str:
    shown = list(names[:most])
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(shown) + more


def _uncertain_note(uncertain: Sequence[str]) -> str:
    if not uncertain:
        return ""
    return (f" (independence uncertain: {len(uncertain)} of the sources have no known "
            "outlet and may copy one another)")
