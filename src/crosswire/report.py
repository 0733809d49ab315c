"""One-file reports: Articles -> a self-contained HTML page (no network, inline CSS).

Every piece of article text is escaped: article text is hostile input.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from crosswire import __version__
from crosswire.models import Article, Story

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem}article{border-top:1px solid #ccc;padding:1rem 0}
h2{font-size:1.2rem;margin:.2rem 0}dl{display:grid;grid-template-columns:max-content 1fr;
gap:.1rem 1rem;font-size:.9rem;color:#444}dt{font-weight:600}dd{margin:0}
.null,.ev{color:#888;font-size:.85em}.null{font-style:italic}.body p{margin:.5rem 0}
details{font-size:.85rem;color:#666}
details li{font-family:ui-monospace,monospace;white-space:pre-wrap}
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


def story_html(story: Story, articles: Sequence[Article]) -> str:
    """a Story and its Articles -> one self-contained HTML page (the story card so far)."""
    body = _story_header(story) + "".join(_article(a) for a in articles) + "</section>"
    return _page(story.title, f"story {escape(story.id)}", body)


def report_html(stories: Sequence[Story], articles: Sequence[Article],
                title: str = "crosswire report") -> str:
    """Stories and all Articles -> the run report: each story with its articles, then the
    articles in no story (not English, say)."""
    by_id = {a.id: a for a in articles}
    parts = [_story_header(s) + "".join(_article(by_id[i]) for i in s.articles if i in by_id)
             + "</section>" for s in stories]
    placed = {i for s in stories for i in s.articles}
    loose = [a for a in articles if a.id not in placed]
    if loose:
        parts.append("<section><h2>Articles in no story</h2>"
                     + "".join(_article(a) for a in loose) + "</section>")
    intro = f"{len(stories)} stories from {len(articles)} article(s)"
    return _page(title, intro, "".join(parts))


def story_markdown(story: Story, articles: Sequence[Article]) -> str:
    """a Story and its Articles -> Markdown: title, counts, then each article's metadata."""
    lines = [f"# {story.title}", "", f"- id: `{story.id}`",
             f"- articles: {len(story.articles)}; independent sources: "
             f"{story.independent_sources}",
             f"- outlets: {', '.join(story.outlets) or 'none named'}",
             f"- first published: {story.first_published or 'unknown'} "
             f"(`{story.first_publisher}`); last: {story.last_published or 'unknown'}"]
    if story.related:
        lines.append(f"- related: {', '.join(f'`{r}`' for r in story.related)}")
    for art in articles:
        lines += ["", f"## {art.headline or '(no headline)'}", "",
                  f"`{art.id}` · {art.outlet or 'outlet unknown'} · "
                  f"{art.published or 'date unknown'}"
                  + (f" ({art.published_confidence})" if art.published_confidence else "")]
    return "\n".join(lines) + "\n"
