"""One-file reports: Articles -> a self-contained HTML page (no network, inline CSS).

Every piece of article text is escaped: article text is hostile input.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from crosswire import __version__
from crosswire.models import Article

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


def articles_html(articles: Sequence[Article], title: str = "crosswire report") -> str:
    """Articles -> one self-contained HTML page listing them with metadata and clean text."""
    body = "".join(_article(a) for a in articles)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{len(articles)} article(s) · crosswire {__version__}</p>"
        f"{body}</body></html>"
    )
