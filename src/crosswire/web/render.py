"""HTML rendering shared by the web app and the one-file reports.

:func:`render_story_page` turns a StoryCard into one self-contained page (inline CSS, script
and SVG, no network, a Content-Security-Policy that allows only that script and style by hash):
what ``story ID --html`` and the run report write. The web app renders the same templates.

Every piece of article text reaches the page through Jinja autoescaping; only this package's
own constant CSS and script are marked safe.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from crosswire import __version__
from crosswire.config import Settings
from crosswire.models import Article, StoryCard
from crosswire.web.page_bounds import PageBounds
from crosswire.web.story_answer import FactFilter, distinct_reports
from crosswire.web.view import STATUS_HELP, framing_rows, public_path, story_view

HERE = Path(__file__).resolve().parent
CSS = (HERE / "static" / "app.css").read_text(encoding="utf-8")
JS = (HERE / "static" / "app.js").read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """inline script or style text -> its CSP source expression 'sha256-…'."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(frame_ancestors: bool = True) -> str:
    """-> the policy every page carries: nothing from anywhere, except this package's inline
    style and script (by hash), same-origin forms, and data: images. ``frame_ancestors``
    False leaves that directive out (a <meta> policy cannot carry it)."""
    parts = ["default-src 'none'", f"script-src {csp_hash(JS)}", f"style-src {csp_hash(CSS)}",
             "img-src 'self' data:", "form-action 'self'", "base-uri 'none'"]
    if frame_ancestors:
        parts.append("frame-ancestors 'none'")
    return "; ".join(parts)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """-> the Jinja environment over templates/ (autoescape on for every template)."""
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = lambda value: quote(str(value), safe="")
    env.filters["public_path"] = public_path
    env.filters["id"] = id  # a report -> the key of its Cite in StoryView.cites
    env.filters["distinct_reports"] = distinct_reports
    env.globals.update(css=Markup(CSS), js=Markup(JS), status_help=STATUS_HELP,
                       framing_rows=framing_rows, version=__version__)
    return env


def _counter() -> Callable[[], int]:
    """-> a function returning 1, 2, 3, … (unique ids for citation links on one page)."""
    numbers = itertools.count(1)
    return lambda: next(numbers)


def story_context(card: StoryCard, bounds: PageBounds | None = None,
                  facts_offset: int = 0, flt: FactFilter | None = None) -> dict[str, Any]:
    """(StoryCard, the page's bounds (None: the defaults), first fact shown, the reader's
    filter of the facts) -> the template variables of the story page."""
    view = story_view(card, bounds, facts_offset, flt)
    return {"v": view, "next_id": _counter(), "with_script": True,
            "anchors": {i: p.anchor for i, p in view.places.items()},
            "anchors_label": {i: p.label for i, p in view.places.items()}}


def render(template: str, **context: Any) -> str:
    """(template name, variables) -> HTML; ``standalone`` defaults to False (server pages)."""
    context.setdefault("standalone", False)
    context.setdefault("root", "")
    context.setdefault("query", {})
    context.setdefault("csp", content_security_policy(frame_ancestors=False))
    return environment().get_template(template).render(**context)


def render_story_page(card: StoryCard, settings: Settings) -> str:
    """StoryCard -> one self-contained HTML page of the story (inline CSS/JS/SVG, no network,
    strict CSP in a <meta>): header, timeline, summary with citations that highlight the cited
    words, fact matrix, quotes, framing, and the articles with their removed boilerplate;
    within the settings' page bounds (the first page of facts, the most cited bodies in
    full)."""
    bounds = PageBounds.from_settings(settings)
    return render("story.html", standalone=True, **story_context(card, bounds))


def render_report(cards: list[StoryCard], articles: list[Article], settings: Settings,
                  title: str = "crosswire report") -> str:
    """story cards + every article -> one self-contained page: an index of the stories, then
    each story as its story page shows it, then the articles in no story (not English, say)."""
    counter = _counter()
    bounds = PageBounds.from_settings(settings)
    stories = [{**story_context(card, bounds), "next_id": counter} for card in cards]
    placed = {i for card in cards for i in card.story.articles}
    return render("report.html", standalone=True, with_script=True, title=title,
                  stories=stories, n_articles=len(articles), next_id=counter,
                  loose=[a for a in articles if a.id not in placed])
