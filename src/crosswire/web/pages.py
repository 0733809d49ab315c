"""Story pages rendered when their card is built, stored beside it, and served as stored.

Rendering a story page from its card costs ~2 ms for a small story and ~80 ms for one of
a hundred articles (Jinja escaping every paragraph): per request that is the page's whole
latency under load. So a page is rendered once per version of its card — by whoever builds
the card (:func:`crosswire.cards.build_and_save` with this module's :class:`PageMaker`), or
by the card refresher catching up on cards built without one (``crosswire run`` without the
web extra) — stored gzip-compressed (``story_pages``), and a request for a story whose card
is fresh reads one row and sends it as it is.

A stored page names the build of the card it was rendered from (its ``built_at``) and the
renderer (:func:`page_key`: crosswire's version, ``PAGE_FORMAT``, the source of the modules
that turn a card into a page, the templates, CSS and script, the page bounds); either
changing makes it unused (and rendered again). A stale card, or a page of facts past
the first, is rendered per request as before.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from crosswire import __version__
from crosswire.cards import PageMaker
from crosswire.config import Settings
from crosswire.models import StoryCard
from crosswire.web.page_bounds import PageBounds
from crosswire.web.render import HERE, render, story_context

LEVEL = 6  # gzip level: ~8x smaller pages at ~1 ms for a 100 KB page
PAGE_FORMAT = "1"  # bump when a page changes in a way the sources below do not show


@lru_cache(maxsize=1)
def _renderer_digest() -> str:
    """-> a digest of what turns a card into a page: the templates, CSS and script, and the
    source of the modules that read the card (any edit makes stored pages unused)."""
    import crosswire.models as models
    import crosswire.web.page_bounds as page_bounds
    import crosswire.web.render as render_module
    import crosswire.web.view as view

    code = [Path(m.__file__ or "") for m in (models, page_bounds, render_module, view)]
    assets = [*(HERE / "templates").glob("*.html"), *(HERE / "static").glob("*"),
              Path(__file__), *code]
    digest = hashlib.sha1()
    for path in sorted(assets):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()


def page_key(bounds: PageBounds) -> str:
    """the page's bounds -> the key of the renderer: what besides the card shapes a page."""
    parts = (__version__, PAGE_FORMAT, _renderer_digest(), repr(bounds))
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:16]


def render_page(card: StoryCard, bounds: PageBounds) -> bytes:
    """(a fresh card, the page bounds) -> its story page (the first page of facts) as the web
    app serves it, gzip-compressed."""
    html = render("story.html", stale=False, **story_context(card, bounds))
    return gzip.compress(html.encode("utf-8"), compresslevel=LEVEL, mtime=0)


def page_maker(settings: Settings) -> PageMaker:
    """settings -> the web app's PageMaker (its key and renderer for those settings' bounds)."""
    bounds = PageBounds.from_settings(settings)
    return PageMaker(page_key(bounds), lambda card: render_page(card, bounds))
