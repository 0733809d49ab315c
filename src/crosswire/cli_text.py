"""How the commands show records as text for a person: listing lines, an article, a story
card, a fact, a timeline entry, and facts as CSV rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crosswire.models import Article, Fact, StoryCard
from crosswire.report import (
    cite_label,
    coverage_line,
    framing_rows,
    report_line,
    sources_line,
    summary_note,
)

if TYPE_CHECKING:
    from crosswire.runners.local import RunCounts


def counts_json(counts: RunCounts) -> dict[str, Any]:
    return {
        "ingested": counts.new,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "not_english": counts.not_english,
        "skipped": [{"path": s.path, "record": s.record, "reason": s.reason}
                    for s in counts.skipped],
    }


def article_line(obj: dict[str, Any]) -> str:
    """article dict -> 'id  published  outlet  headline' for listings."""
    return "  ".join([obj["id"], obj.get("published") or "-", obj.get("outlet") or "-",
                      obj.get("headline") or "(no headline)"])


def article_text(article: Article) -> str:
    """Article -> readable text: metadata lines, then the body."""
    ev = article.evidence or {}
    lines = [article.headline or "(no headline)", ""]
    for name in ("outlet", "published", "wire_credit", "dateline", "byline", "language", "url"):
        value = getattr(article, name)
        note = f"  [{ev[name]}]" if name in ev else ""
        lines.append(f"{name}: {value if value is not None else 'unknown'}{note}")
    lines.append(f"removed: {len(article.removed)} line(s)")
    return "\n".join([*lines, "", article.body])


def story_line(obj: dict[str, Any]) -> str:
    """story dict -> 'id  first published  N articles / K sources  title' for listings."""
    first = (obj.get("first_published") or "-")[:10]
    counts = f"{len(obj['articles'])} art / {obj['independent_sources']} src"
    return "  ".join([obj["id"], first, counts, obj["title"]])


def story_text(card: StoryCard) -> str:
    """StoryCard -> readable text for the terminal."""
    story = card.story
    lines = [story.title, "", f"id: {story.id}",
             f"articles: {len(story.articles)}, independent sources: "
             f"{sources_line(story)}",
             f"outlets: {', '.join(story.outlets) or 'none named'}",
             f"first published: {story.first_published or 'unknown'} by "
             f"{story.first_publisher}; last: {story.last_published or 'unknown'}"]
    if story.related:
        lines.append(f"related: {', '.join(story.related)}")
    lines += ["", "timeline:", *(entry_text(e.to_dict()) for e in card.timeline)]
    lines += ["", "summary:", *(f"  {n}. {s.text}\n     [{summary_note(s)}]"
                                for n, s in enumerate(card.summary, 1))]
    shown = [f for f in card.facts if f.status != "single-source"]
    lines += ["", f"facts: {len(card.facts)} ({len(shown)} reported by several sources; "
              "all with `crosswire facts --story ID`)", *(fact_text(f) for f in shown)]
    lines += ["", f"framing (coverage — {coverage_line(card.coverage)}):",
              *(f"  {src}: {line}" for src, line in framing_rows(card.framing))]
    lines += ["", *(article_line(a.to_dict()) for a in card.articles)]
    return "\n".join(lines)


def fact_text(fact: Fact) -> str:
    """Fact -> a terminal block: '[status] subject', the reason, one line per report."""
    return "\n".join([f"[{fact.status}] {fact.subject}", f"    {fact.reason}",
                      *(f"    - {report_line(r)}" for r in fact.reports)])


def entry_text(entry: dict[str, Any]) -> str:
    """a timeline entry dict -> terminal lines: the date, then each sentence and citations."""
    lines = [f"{entry['date']} ({entry['precision']})"]
    for s in entry["sentences"]:
        cites = "; ".join(cite_label(c) for c in s["citations"])
        lines.append(f"  - {s['text']}\n    [{cites}]")
    return "\n".join(lines)

