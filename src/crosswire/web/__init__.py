"""The web face of crosswire: a FastAPI app (HTML pages and a JSON API) over the plain
functions of :mod:`crosswire.api`, and :func:`crosswire.web.render.render_story_page`, the
self-contained story page the one-file reports reuse."""
