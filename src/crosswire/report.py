"""One-file reports: Articles -> a self-contained HTML page (no network, inline CSS).

Every piece of article text is escaped: article text is hostile input.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from crosswire import __version__
from crosswire.facts.values import describe
from crosswire.models import Article, Fact, Mention, Story, StoryCard

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}article{border-top:1px solid #ccc;padding:1rem 0}
h2{font-size:1.2rem;margin:.2rem 0}dl{display:grid;grid-template-columns:max-content 1fr;
gap:.1rem 1rem;font-size:.9rem;color:#444}dt{font-weight:600}dd{margin:0}
.null,.ev{color:#888;font-size:.85em}.null{font-style:italic}.body p{margin:.5rem 0}
details{font-size:.85rem;color:#666}
details li{font-family:ui-monospace,monospace;white-space:pre-wrap}
dl.timeline{display:block}.timeline dt{margin-top:.5rem}.timeline dd{margin:0 0 0 1rem}
table.facts{border-collapse:collapse;font-size:.85rem;width:100%}
.facts td,.facts th{border-top:1px solid #ddd;padding:.2rem .4rem;text-align:left;
vertical-align:top}.status{font-weight:600;white-space:nowrap}
.corroborated{color:#1a7f37}.consistent{color:#0550ae}.conflicting{color:#cf222e}
.evolving{color:#9a6700}.single-source{color:#666}
"""


def _value(value: str | None, evidence: str | None = None) -> str:
    """a field and its evidence -> HTML: the value with where it came from, or why unknown."""
    note = escape(evidence.removeprefix("null: ")) if evidence else ""
    if value:
        return escape(value) + (f' <span class="ev">— {note}</span>' if note else "")
    return f'<span class="null">unknown{": " + note if note else ""}</span>'


def _meta(article: Article) -> str:
    ev = article.evidence or {}
    published = article.published
    if published and article.published_confidence:
        published = f"{published} ({article.published_confidence})"
    rows = [
        ("Outlet", _value(article.outlet, ev.get("outlet"))),
        ("Published", _value(published, ev.get("published"))),
        ("Wire credit", _value(article.wire_credit, ev.get("wire_credit"))),
        ("Dateline", _value(article.dateline, ev.get("dateline"))),
        ("Byline", _value(article.byline, ev.get("byline"))),
        ("Language", _value(article.language)),
        ("Source", _value(article.url or article.path)),
    ]
    return "<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _article(article: Article) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.body.split("\n\n") if p)
    removed = "".join(f"<li>{escape(line)}</li>" for line in article.removed)
    return (
        f'<article id="{escape(article.id)}"><h2>{_value(article.headline)}</h2>'
        f"<p><code>{escape(article.id)}</code></p>{_meta(article)}"
        f'<div class="body">{paragraphs}</div>'
        f"<details><summary>{len(article.removed)} line(s) removed as boilerplate or metadata"
        f"</summary><ul>{removed}</ul></details></article>"
    )


def _page(title: str, intro: str, body: str) -> str:
    """title, intro line, body HTML -> one self-contained page (no network, strict CSP)."""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{intro} · crosswire {__version__}</p>{body}</body></html>"
    )


def articles_html(articles: Sequence[Article], title: str = "crosswire report") -> str:
    """Articles -> one self-contained HTML page listing them with metadata and clean text."""
    body = "".join(_article(a) for a in articles)
    return _page(title, f"{len(articles)} article(s)", body)


def _story_header(story: Story) -> str:
    dates = " – ".join(dict.fromkeys(d[:10] for d in (story.first_published,
                                                     story.last_published) if d))
    facts = [
        f"{len(story.articles)} article(s)",
        f"{story.independent_sources} independent source(s)",
        f"outlets: {', '.join(story.outlets) or 'none named'}",
        dates or "undated",
    ]
    related = ", ".join(story.related)
    return (f'<section class=story id="{escape(story.id)}"><h2>{escape(story.title)}</h2>'
            f"<p><code>{escape(story.id)}</code> · {escape(' · '.join(facts))}</p>"
            + (f"<p>Related: {escape(related)}</p>" if related else ""))


def story_html(card: StoryCard) -> str:
    """a StoryCard -> one self-contained HTML page: header, facts, then the articles."""
    return _page(card.story.title, f"story {escape(card.story.id)}", _story_section(card))


def _story_section(card: StoryCard) -> str:
    """a StoryCard -> its HTML section (header, facts table, articles)."""
    return (_story_header(card.story) + _summary_html(card.summary)
            + _timeline_html(card.timeline) + _facts_html(card.facts)
            + _framing_html(card.framing, card.coverage)
            + "".join(_article(a) for a in card.articles) + "</section>")


def cite_label(citation: dict[str, Any]) -> str:
    """a citation dict -> 'article-id:start-end', the way reports print a citation."""
    return f"{citation['article']}:{citation['start']}-{citation['end']}"


def summary_note(sentence: dict[str, Any]) -> str:
    """a summary sentence dict -> its provenance in words: citations, composed, support."""
    notes = ["; ".join(cite_label(c) for c in sentence["citations"])]
    if sentence.get("composed"):
        notes.append("composed by crosswire from the cited facts")
    if sentence.get("supported_by"):
        notes.append("also in " + ", ".join(sentence["supported_by"]))
    if sentence.get("single_source"):
        notes.append("single source")
    return " · ".join(notes)


def _summary_html(summary: Sequence[dict[str, Any]]) -> str:
    """summary sentences -> an ordered list, each with its citations and provenance."""
    if not summary:
        return ""
    items = "".join(f"<li>{escape(s['text'])} <span class=ev>[{escape(summary_note(s))}]"
                    "</span></li>" for s in summary)
    return f"<h3>Summary</h3><ol class=summary>{items}</ol>"


def framing_rows(framing: dict[str, Any]) -> list[tuple[str, str]]:
    """the card's framing -> (source, one line in words) per source: where it is from, its
    distinctive terms, scare quotes, names, top voices and how many widely reported facts it
    leaves out."""
    rows = []
    for source, f in framing.items():
        where = ", ".join(x for x in (f.get("country"), f.get("ownership")) if x)
        parts = [
            f"terms: {', '.join(t['term'] for t in f['distinctive_terms']) or '—'}",
            f"scare quotes: {', '.join(f['scare_quotes']) or '—'}",
            f"names: {', '.join(f'{v}' for v in f['names_used'].values()) or '—'}",
            f"voices: {', '.join(v['name'] for v in f['voices'][:3]) or '—'}",
            f"omits {len(f['omits'])} widely reported fact(s)"]
        rows.append((source + (f" ({where})" if where else ""), "; ".join(parts)))
    return rows


def coverage_line(coverage: dict[str, Any]) -> str:
    """the card's coverage -> 'countries: China 1, Israel 1; ownership: state 1, ...'."""
    if not coverage:
        return ""
    parts = [f"{k}: {', '.join(f'{n} {c}' for n, c in coverage.get(k, {}).items()) or '—'}"
             for k in ("countries", "ownership")]
    return "; ".join(parts) + f"; unknown outlets: {coverage.get('unknown', 0)}"


def _framing_html(framing: dict[str, Any], coverage: dict[str, Any]) -> str:
    """framing + coverage -> a section: coverage spread, then one row per source."""
    if not framing:
        return ""
    rows = "".join(f"<tr><th>{escape(src)}</th><td>{escape(line)}</td></tr>"
                   for src, line in framing_rows(framing))
    return (f"<details><summary>How each source frames it</summary>"
            f"<p>Coverage — {escape(coverage_line(coverage))}</p>"
            f"<table class=facts>{rows}</table></details>")


def _timeline_html(timeline: Sequence[dict[str, Any]]) -> str:
    """timeline entries -> a definition list: each date (with its precision), its sentences
    and their citations."""
    if not timeline:
        return ""
    rows = "".join(
        f"<dt><time>{escape(e['date'])}</time> <span class=ev>{escape(e['precision'])}</span>"
        "</dt>" + "".join(
            f"<dd>{escape(s['text'])} <span class=ev>["
            f"{escape('; '.join(cite_label(c) for c in s['citations']))}]</span></dd>"
            for s in e["sentences"]) for e in timeline)
    return f"<h3>Timeline</h3><dl class=timeline>{rows}</dl>"


def _facts_html(facts: Sequence[Fact]) -> str:
    """Facts -> a table: status (in colour and in words), subject and reason, each report."""
    if not facts:
        return "<p class=null>No facts extracted.</p>"
    rows = "".join(
        f'<tr><td class="status {escape(f.status)}">{escape(f.status)}</td>'
        f"<td><b>{escape(f.subject)}</b><br>{escape(f.reason)}</td>"
        f"<td><ul>{''.join(f'<li>{escape(report_line(r))}</li>' for r in f.reports)}</ul>"
        f"</td></tr>" for f in facts)
    return ("<details open><summary>Facts across outlets</summary><table class=facts>"
            "<tr><th>status</th><th>what</th><th>reports</th></tr>"
            f"{rows}</table></details>")


def report_line(report: Mention) -> str:
    """one report -> 'i24NEWS: more than 3,200 (Syrian Observatory…, as of 2017-10-21)'."""
    what = (describe(report.value, report.qualifier, report.unit)
            if report.kind == "quantity" else f"“{report.text}”")
    notes = [n for n in (report.attributed_to and f"per {report.attributed_to}",
                         report.as_of and f"as of {report.as_of}") if n]
    outlet = report.outlet or f"{report.article} (outlet unknown)"
    return f"{outlet}: {what}" + (f" ({', '.join(notes)})" if notes else "")


def report_html(cards: Sequence[StoryCard], articles: Sequence[Article],
                title: str = "crosswire report") -> str:
    """Story cards and all Articles -> the run report: each story with its facts and
    articles, then the articles in no story (not English, say)."""
    parts = [_story_section(card) for card in cards]
    placed = {i for card in cards for i in card.story.articles}
    loose = [a for a in articles if a.id not in placed]
    if loose:
        parts.append("<section><h2>Articles in no story</h2>"
                     + "".join(_article(a) for a in loose) + "</section>")
    intro = f"{len(cards)} stories from {len(articles)} article(s)"
    return _page(title, intro, "".join(parts))


def story_markdown(card: StoryCard) -> str:
    """a StoryCard -> Markdown: title, counts, facts, then each article's metadata."""
    story = card.story
    lines = [f"# {story.title}", "", f"- id: `{story.id}`",
             f"- articles: {len(story.articles)}; independent sources: "
             f"{story.independent_sources}",
             f"- outlets: {', '.join(story.outlets) or 'none named'}",
             f"- first published: {story.first_published or 'unknown'} "
             f"(`{story.first_publisher}`); last: {story.last_published or 'unknown'}"]
    if story.related:
        lines.append(f"- related: {', '.join(f'`{r}`' for r in story.related)}")
    lines += ["", "## Summary", ""] + [f"{n}. {s['text']} _[{summary_note(s)}]_"
                                       for n, s in enumerate(card.summary, 1)]
    lines += ["", "## Timeline", ""] + [
        line for e in card.timeline for line in (
            f"- **{e['date']}** ({e['precision']})",
            *(f"  - {s['text']} _[{'; '.join(cite_label(c) for c in s['citations'])}]_"
              for s in e["sentences"]))]
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
