"""What the top of a story page answers first: the central event in one cited sentence, where
outlets disagree (conflicting and evolving facts side by side, per outlet, with dates and
origins), what they agree on (each status said in words a reader understands, and the
outlets that did not report it), and the single-source facts kept apart behind a count.

Input: a StoryCard and the page's places (:mod:`crosswire.web.view`); output: plain records
the template shows. Nothing here escapes text: the templates do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from crosswire.export import source_name
from crosswire.facts.values import describe
from crosswire.models import Article, Fact, Mention, StoryCard
from crosswire.narrate.framing import SourceFraming
from crosswire.narrate.summary import SummarySentence

DISPUTED = ("conflicting", "evolving")
AGREED = ("corroborated", "consistent")
HEADLINE_CHARS = 32
WHAT_CHARS = 200  # a quote or claim shown in a finding is cut here


@dataclass
class SideReport:
    """One outlet's report of a disputed fact: who, what, as of when, on whose word, where."""

    source: str
    what: str
    as_of: str | None
    origin: str | None
    report: Mention


@dataclass
class Finding:
    """A fact as the answer shows it: what it says, its status in words, its reports (one a
    source), and the story's named outlets that did not report it."""

    fact: Fact
    what: str
    plain: str
    reports: list[SideReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    more_reports: int = 0  # reports left out of ``reports`` (a page shows a bounded number)

    def bounded(self, most: int) -> Finding:
        """(at most how many reports) -> this finding with its reports cut there."""
        self.more_reports, self.reports = max(0, len(self.reports) - most), self.reports[:most]
        return self


@dataclass
class FactFilter:
    """What the reader narrowed the facts to (None: any): a status, a kind, an outlet."""

    status: str | None = None
    kind: str | None = None
    outlet: str | None = None

    @property
    def active(self) -> bool:
        """-> does it narrow anything?"""
        return bool(self.status or self.kind or self.outlet)

    def keeps(self, fact: Fact) -> bool:
        """a fact -> does it pass (the outlet: one of its reports is that outlet's)?"""
        if self.status and fact.status != self.status:
            return False
        if self.kind and fact.kind != self.kind:
            return False
        wanted = (self.outlet or "").casefold()
        return not wanted or any((r.outlet or "").casefold() == wanted for r in fact.reports)


def article_name(article: Article, number: int) -> str:
    """(an article, its place in the story from 1) -> the name a reader knows it by: the
    CSV's and the views' rule (:func:`crosswire.export.source_name`: its outlet; else its
    headline and its site's domain; else either) with the headline shortened and quoted;
    else 'article n'."""
    headline = (article.headline or "").strip()
    if len(headline) > HEADLINE_CHARS:
        headline = headline[:HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"
    quoted = replace(article, headline=f"“{headline}”" if headline else None)
    return source_name(quoted, f"article {number}")


def lede(card: StoryCard) -> SummarySentence | None:
    """a card -> the sentence that states its central event: the first summary sentence an
    article wrote (not one crosswire composed from facts), else the first; None: no summary."""
    written = [s for s in card.summary if not s.composed]
    if written:
        return written[0]
    return card.summary[0] if card.summary else None


def report_what(report: Mention) -> str:
    """a report -> what it says, in words: a figure with its unit, else its words."""
    if report.kind == "quantity":
        return describe(report.value, report.qualifier, report.unit)
    text = report.text if len(report.text) <= WHAT_CHARS else report.text[:WHAT_CHARS] + "…"
    return f"“{text}”" if report.kind == "quote" else text


def _origin(report: Mention) -> str | None:
    return report.attributed_to or report.speaker


def plain_status(fact: Fact, names: dict[str, str]) -> str:
    """(a fact, {article id: source name}) -> its status as a reader says it: '3 outlets, all
    citing the Syrian Observatory', '2 outlets, from 2 independent origins: A, B', ..."""
    sources = list(dict.fromkeys(names.get(r.article, r.article) for r in fact.reports))
    n = len(sources)
    origins = list(dict.fromkeys(o for r in fact.reports if (o := _origin(r))))
    count = f"{n} outlet{'s' if n != 1 else ''}"
    if fact.status == "single-source":
        return f"only {sources[0]}" if sources else "one source"
    if fact.status == "consistent":  # the verdict's origin first, else the one attributed
        origin = fact.origins[0] if len(fact.origins) == 1 else (
            origins[0] if len(origins) == 1 else None)
        return f"{count}, all citing {origin}" if origin else f"{count} relaying one origin"
    if fact.status == "corroborated":
        k = max(len(fact.origins), 2)
        named = f": {', '.join(fact.origins[:4])}" if fact.origins else ""
        return f"{count}, from {k} independent origins{named}"
    if fact.status == "evolving":
        dated = sorted((r for r in fact.reports if r.as_of), key=lambda r: r.as_of or "")
        first, last = (dated[0], dated[-1]) if dated else (None, None)
        if first and last and report_what(first) != report_what(last):
            return (f"changed over time: {report_what(first)} ({first.as_of}) → "
                    f"{report_what(last)} ({last.as_of})")
        return f"{count}; it changed over time: {fact.reason}" if fact.reason else \
            f"{count}; it changed over time"
    if fact.status == "conflicting":
        if fact.kind == "quantity":
            return f"{count} give figures that cannot all be true at the same time"
        return f"{count} report it in ways that contradict each other"
    return count


def _side(fact: Fact, names: dict[str, str]) -> list[SideReport]:
    """a fact -> one line per report, earliest first (undated last)."""
    ordered = sorted(fact.reports, key=lambda r: (r.as_of is None, r.as_of or ""))
    return [SideReport(names.get(r.article, r.article), report_what(r), r.as_of, _origin(r), r)
            for r in ordered]


def _missing(fact: Fact, outlets: Sequence[str]) -> list[str]:
    """(a fact, the story's named outlets) -> those with no report of it."""
    reported = {(r.outlet or "").casefold() for r in fact.reports}
    return [o for o in outlets if o.casefold() not in reported]


def finding(fact: Fact, names: dict[str, str], outlets: Sequence[str]) -> Finding:
    """(a fact, {article id: source name}, the story's outlets) -> Finding."""
    what = report_what(fact.reports[0]) if fact.reports else fact.subject
    missing = _missing(fact, outlets) if fact.status != "single-source" else []
    return Finding(fact, what, plain_status(fact, names), _side(fact, names), missing)


def findings(card: StoryCard, names: dict[str, str], statuses: Sequence[str],
             flt: FactFilter | None = None) -> list[Finding]:
    """(card, names, the statuses wanted, the reader's filter) -> those facts as Findings,
    most widely reported first (the card's order)."""
    flt = flt or FactFilter()
    return [finding(f, names, card.story.outlets) for f in card.facts
            if f.status in statuses and flt.keeps(f)]


@dataclass
class WordChoice:
    """One thing the outlets name differently: what it is, and each word with who uses it."""

    concept: str
    words: list[tuple[str, list[str]]]


def word_choices(framing: dict[str, SourceFraming], names: dict[str, str]) -> list[WordChoice]:
    """(each source's framing, {source or article id: name}) -> the things the sources name
    with different words ('taking a place by force': 'liberation' (RT), 'capture' (Xinhua)),
    most sources first; things every source names alike are left out."""
    used: dict[str, dict[str, list[str]]] = {}
    for source, entry in framing.items():
        for concept, word in entry.names_used.items():
            used.setdefault(concept, {}).setdefault(word, []).append(names.get(source, source))
    choices = [WordChoice(c, sorted(w.items(), key=lambda kv: (-len(kv[1]), kv[0])))
               for c, w in used.items() if len(w) > 1]
    return sorted(choices, key=lambda c: (-sum(len(s) for _, s in c.words), c.concept))


def scare_quotes(framing: dict[str, SourceFraming],
                 names: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(each source's framing, names) -> [(source name, the words it puts in quotes)]."""
    return [(names.get(s, s), e.scare_quotes) for s, e in framing.items() if e.scare_quotes]


def distinct_reports(finding: Finding) -> list[SideReport]:
    """a finding -> its first report from each article (one citation per article)."""
    seen: set[str] = set()
    out = []
    for r in finding.reports:
        if r.report.article not in seen:
            seen.add(r.report.article)
            out.append(r)
    return out
