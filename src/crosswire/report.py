"""Story cards as Markdown, and the wording the terminal and Markdown cards share.

The HTML story page and run report are rendered by ``crosswire.web.render`` (one set of
templates for the web app and the one-file reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from crosswire.facts.values import describe
from crosswire.models import Citation, Fact, Mention, Story, StoryCard

if TYPE_CHECKING:
    from crosswire.narrate.framing import SourceFraming
    from crosswire.narrate.summary import SummarySentence


def cite_label(citation: Citation | Mapping[str, Any]) -> str:
    """a Citation (or its dict) -> 'article-id:start-end', the way reports print a citation."""
    if isinstance(citation, Citation):
        return f"{citation.article}:{citation.start}-{citation.end}"
    return f"{citation['article']}:{citation['start']}-{citation['end']}"


def summary_note(sentence: SummarySentence) -> str:
    """a summary sentence -> its provenance in words: citations, composed, support."""
    notes = ["; ".join(cite_label(c) for c in sentence.citations)]
    if sentence.composed:
        notes.append("composed by crosswire from the cited facts")
    if sentence.supported_by:
        notes.append("also in " + ", ".join(sentence.supported_by))
    if sentence.single_source:
        notes.append("single source")
    return " · ".join(notes)


def framing_rows(framing: Mapping[str, SourceFraming]) -> list[tuple[str, str]]:
    """the card's framing -> (source, one line in words) per source: where it is from, its
    distinctive terms, scare quotes, names, top voices and how many widely reported facts it
    leaves out."""
    rows = []
    for source, f in framing.items():
        where = ", ".join(x for x in (f.country, f.ownership) if x)
        parts = [
            f"terms: {', '.join(t.term for t in f.distinctive_terms) or '—'}",
            f"scare quotes: {', '.join(f.scare_quotes) or '—'}",
            f"names: {', '.join(f'{v}' for v in f.names_used.values()) or '—'}",
            f"voices: {', '.join(v.name for v in f.voices[:3]) or '—'}",
            f"omits {len(f.omits)} widely reported fact(s)"]
        rows.append((source + (f" ({where})" if where else ""), "; ".join(parts)))
    return rows


def coverage_line(coverage: dict[str, Any]) -> str:
    """the card's coverage -> 'countries: China 1, Israel 1; ownership: state 1, ...'."""
    if not coverage:
        return ""
    parts = [f"{k}: {', '.join(f'{n} {c}' for n, c in coverage.get(k, {}).items()) or '—'}"
             for k in ("countries", "ownership")]
    return "; ".join(parts) + f"; unknown outlets: {coverage.get('unknown', 0)}"


def report_line(report: Mention) -> str:
    """one report -> 'i24NEWS: more than 3,200 (Syrian Observatory…, as of 2017-10-21)'."""
    what = (describe(report.value, report.qualifier, report.unit)
            if report.kind == "quantity" else f"“{report.text}”")
    notes = [n for n in (report.attributed_to and f"per {report.attributed_to}",
                         report.as_of and f"as of {report.as_of}") if n]
    outlet = report.outlet or f"{report.article} (outlet unknown)"
    return f"{outlet}: {what}" + (f" ({', '.join(notes)})" if notes else "")


def sources_line(story: Story) -> str:
    """a Story -> its independent source count with what qualifies it ('4 (independence
    uncertain: ...); 2 reports seen in several versions')."""
    text = str(story.independent_sources)
    if story.independence:
        text += f" ({story.independence})"
    if story.versions:
        text += (f"; {len(story.versions)} report(s) seen in several versions (the newest "
                 "shown, each counted once)")
    return text


def story_markdown(card: StoryCard) -> str:
    """a StoryCard -> Markdown: title, counts, facts, then each article's metadata."""
    story = card.story
    lines = [f"# {story.title}", "", f"- id: `{story.id}`",
             f"- articles: {len(story.articles)}; independent sources: "
             f"{sources_line(story)}",
             f"- outlets: {', '.join(story.outlets) or 'none named'}",
             f"- first published: {story.first_published or 'unknown'} "
             f"(`{story.first_publisher}`); last: {story.last_published or 'unknown'}"]
    if story.related:
        lines.append(f"- related: {', '.join(f'`{r}`' for r in story.related)}")
    lines += ["", "## Summary", ""] + [f"{n}. {s.text} _[{summary_note(s)}]_"
                                       for n, s in enumerate(card.summary, 1)]
    lines += ["", "## Timeline", ""] + [
        line for e in card.timeline for line in (
            f"- **{e.date}** ({e.precision})",
            *(f"  - {s.text} _[{'; '.join(cite_label(c) for c in s.citations)}]_"
              for s in e.sentences))]
    lines += ["", "## Facts", ""] + [line for f in card.facts for line in _fact_markdown(f)]
    lines += ["## Framing", "", f"Coverage — {coverage_line(card.coverage)}", ""]
    lines += [f"- **{src}**: {line}" for src, line in framing_rows(card.framing)]
    lines += ["", "## Articles"]
    for art in card.articles:
        lines += ["", f"### {art.headline or '(no headline)'}", "",
                  f"`{art.id}` · {art.outlet or 'outlet unknown'} · "
                  f"{art.published or 'date unknown'}"
                  + (f" ({art.published_confidence})" if art.published_confidence else "")]
    return "\n".join(lines) + "\n"


def _fact_markdown(fact: Fact) -> list[str]:
    """a Fact -> Markdown lines: status and subject, the reason, one bullet per report."""
    return [f"- **{fact.status}** — {fact.subject}: {fact.reason}",
            *(f"  - {report_line(r)}" for r in fact.reports), ""]
