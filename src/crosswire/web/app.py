"""The web app: HTML pages (story list, story page, article page, ingest and curate forms)
and the JSON API (:mod:`crosswire.web.api`) over one crosswire database.

    create_app(db, token, read_token=None) -> FastAPI
    serve(db, host="127.0.0.1", port=8000, token=None, workers=1, read_token=None)

Writes need ``token`` (no token: writes are off); reads need ``read_token`` when one is set,
on every path but /login and /healthz (the OpenAPI schema and the API docs included).
Errors reach clients as {"error": message} (JSON API, scripts) or a short HTML page
(browsers), never as a stack trace: an address that cannot be valid (percent-escapes that are
not UTF-8, a control character such as NUL in the path or a query value) is refused with 422
before any route runs, and every parameter has bounds (422 beyond them).

A story id that names no story any more (ids last across rebuilds, but a merge leaves one of
two ids naming no story, and a new story is named 's-' + its first article's id) is answered
with a 307 redirect to the story now holding that article, on the page (/stories/ID) and in
the JSON API (/api/stories/ID) alike, the query kept; an article's own id redirects the same
way. An id naming no article either is 404.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import re
import secrets
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from crosswire import __version__, api
from crosswire.config import Settings, load_settings
from crosswire.errors import CrosswireError, NotFound
from crosswire.store import Store
from crosswire.web import api as json_api
from crosswire.web.api import CARD_HEADER, MAX_OFFSET, ArticleId, StoryId, moved
from crosswire.web.page_bounds import PageBounds
from crosswire.web.queries import StoryFilter, iso_day, list_stories, sort_order, stories_of
from crosswire.web.render import render, story_context
from crosswire.web.security import (
    MAX_BODY,
    READ_COOKIE,
    Auth,
    SecurityMiddleware,
    Sessions,
    Throttle,
    control_character,
    request_problem,
)
from crosswire.web.state import CachedCard, PendingCard, StoredPage, WebState, counts_json
from crosswire.web.story_answer import FactFilter
from crosswire.web.view import ArticleView, paragraphs

log = logging.getLogger("crosswire.web")
PAGE_SIZE = 50
PENDING_REFRESH = 5  # seconds between reloads of a story page whose card is being built
OPEN_PATHS = {"/login", "/healthz"}
TITLES = {400: "Bad request", 401: "Token needed", 403: "Not allowed", 404: "Not found",
          405: "Not allowed", 413: "Too large", 422: "Cannot do that", 429: "Too many tries",
          500: "Server error"}
ENV_DB, ENV_TOKEN, ENV_READ = "CROSSWIRE_WEB_DB", "CROSSWIRE_WEB_TOKEN", "CROSSWIRE_WEB_READ_TOKEN"
ENV_SESSION = "CROSSWIRE_WEB_SESSION_SECRET"


def _wants_html(request: Request) -> bool:
    """request -> answer with an HTML page? (a browser page, not the JSON API)."""
    return (not request.url.path.startswith("/api")
            and "text/html" in request.headers.get("accept", ""))


def error_response(request: Request, status: int, message: str,
                   headers: Mapping[str, str] | None = None) -> Response:
    """(request, status, message) -> {"error": message} JSON, or an HTML page for browsers."""
    if not _wants_html(request):
        return JSONResponse({"error": message}, status, headers=dict(headers or {}))
    page = render("error.html", status=status, title=TITLES.get(status, "Error"),
                  message=message, login=bool(request.app.state.auth.read_token),
                  next=request.url.path)
    return HTMLResponse(page, status, headers=dict(headers or {}))


def _validation_message(exc: RequestValidationError) -> str:
    """validation errors -> one line: 'query.since: Input should be a valid date; …'."""
    parts = [".".join(str(x) for x in e.get("loc", ())) + ": " + str(e.get("msg", ""))
             for e in exc.errors()]
    return "invalid request: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    """app -> every error answered in words with a 4xx/5xx status, no stack trace."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(request, exc.status_code, str(exc.detail), exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, 422, _validation_message(exc))

    async def crosswire_error(request: Request, exc: Exception) -> Response:
        return error_response(request, 404 if isinstance(exc, NotFound) else 422, str(exc))

    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return error_response(request, 500, "internal server error")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(CrosswireError, crosswire_error)
    app.add_exception_handler(Exception, unexpected)


class RequestGate:
    """ASGI middleware in front of every route (and of the 404 for no route): refuses an
    address that cannot be valid (422, :func:`crosswire.web.security.request_problem`) and,
    when a read token is configured, a request that may not read (401, or 429 while its
    address is throttled), except on /login and /healthz."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            problem = request_problem(scope)
            if problem:
                await error_response(request, 422, problem)(scope, receive, send)
                return
            auth: Auth = request.app.state.auth
            refusal = None if scope["path"] in OPEN_PATHS else auth.read_refusal(request)
            if refusal:
                answer = error_response(request, refusal.status, refusal.message,
                                        refusal.headers)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def state_of(request: Request) -> WebState:
    """request -> the app's WebState."""
    state: WebState = request.app.state.web
    return state


Web = Annotated[WebState, Depends(state_of)]


def _page_url(request: Request, page: int) -> str:
    """(request, page number) -> the list URL with the same filters on that page."""
    params = {k: v for k, v in request.query_params.items() if k != "page" and v}
    return "/?" + urlencode({**params, "page": page})


def story_list(request: Request, state: Web,
               q: Annotated[str | None, Query(max_length=500)] = None,
               since: Annotated[str | None, Query(max_length=40)] = None,
               until: Annotated[str | None, Query(max_length=40)] = None,
               outlet: Annotated[str | None, Query(max_length=200)] = None,
               page: Annotated[int, Query(ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1,
               sort: Annotated[str | None, Query(max_length=20)] = None
               ) -> HTMLResponse:
    """The story list: most important first (sort=newest: newest first), filtered by a
    search query, dates and outlet; 50 a page."""
    flt = StoryFilter(q.strip() if q and q.strip() else None, iso_day(since, "since"),
                      iso_day(until, "until"), outlet or None, PAGE_SIZE,
                      (page - 1) * PAGE_SIZE, sort_order(sort))

    def page_html(store: Store) -> str:  # (kept until something is written)
        found = list_stories(store, flt)
        more = flt.offset + len(found.stories) < found.total
        return render("list.html", page=found, offset=flt.offset, outlets=state.outlets(),
                      query={"q": flt.q, "since": flt.since, "until": flt.until,
                             "outlet": outlet, "sort": flt.sort},
                      prev_url=_page_url(request, page - 1) if page > 1 else None,
                      next_url=_page_url(request, page + 1) if more else None)

    return HTMLResponse(state.kept(("list page", str(request.url.query)), page_html))


async def story_page(request: Request, story_id: StoryId, state: Web,
                     facts: Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                                 description="first fact shown (from 0)")] = 0,
                     status: Annotated[str | None, Query(max_length=40)] = None,
                     kind: Annotated[str | None, Query(max_length=40)] = None,
                     outlet: Annotated[str | None, Query(max_length=200)] = None
                     ) -> Response:
    """One story, answer first: the central event, where outlets disagree, what they
    agree on, in brief, every fact by source (a page of them; filtered by status, kind and
    outlet), quotes, framing, timeline, articles (the most cited in full), curate; within
    the app's page bounds. The unfiltered first page is sent as stored."""
    flt = FactFilter(status or None, kind or None, outlet or None)
    per_request = bool(facts) or flt.active
    found = await (state.find_quickly(story_id) if per_request
                   else state.find_page_quickly(story_id))
    if isinstance(found, str):
        return moved(request, "/stories/", found, state)
    if isinstance(found, StoredPage):  # rendered when its card was built
        return stored_page_response(request, found)
    if isinstance(found, PendingCard):  # never built yet: never waited for
        return HTMLResponse(render("story_pending.html", story=found.story,
                                   articles=found.articles, refresh=PENDING_REFRESH))
    bounds: PageBounds = request.app.state.bounds
    card, stale = found.card, found.stale
    if per_request:
        return HTMLResponse(await run_in_threadpool(lambda: render(
            "story.html", stale=stale, **story_context(card, bounds, facts, flt))))
    if found.html is None:
        found.html = await run_in_threadpool(
            lambda: render("story.html", stale=stale, **story_context(card, bounds)))
    return HTMLResponse(found.html)


def accepts_gzip(accept_encoding: str) -> bool:
    """an Accept-Encoding header -> does it accept gzip (``gzip`` or ``*`` with q > 0)?"""
    found: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found[name.strip()] = q
    return found.get("gzip", found.get("*", 0.0)) > 0


def facts_csv(state: Web, story: Annotated[str, Query(min_length=1, max_length=500)],
              status: Annotated[str | None, Query(max_length=40)] = None,
              kind: Annotated[str | None, Query(max_length=40)] = None,
              outlet: Annotated[str | None, Query(max_length=200)] = None) -> Response:
    """A story's facts as CSV, one row per report (the columns of `crosswire facts --csv`),
    filtered as the story page's facts are; a download named after the story (header
    ``X-Crosswire-Card``: fresh or stale, as the JSON API says). A cell a spreadsheet would
    run as a formula (= + - @ first) is written with a leading apostrophe. 503 with
    Retry-After while the story's facts are worked out."""
    from crosswire.export import FACT_COLUMNS, fact_rows, inert, write_csv

    found = state.find(story)
    for _ in range(3):  # an id that moved (a merge, a rename) names the story now
        if not isinstance(found, str):
            break
        found = state.find(found)
    if isinstance(found, str):
        raise NotFound(f"no story with id {story!r}")
    if not isinstance(found, CachedCard):
        return JSONResponse({"error": f"the facts of story {story!r} are being worked out: "
                                      "try again in a moment"}, 503, headers={"Retry-After": "5"})
    flt = FactFilter(status or None, kind or None, outlet or None)
    card = found.card
    out = io.StringIO()
    rows = fact_rows([f for f in card.facts if flt.keeps(f)], {a.id: a for a in card.articles})
    write_csv(out, FACT_COLUMNS, ([inert(c) for c in row] for row in rows))
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", card.story.id)[:80] or "story"
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}-facts.csv"',
                             CARD_HEADER: "stale" if found.stale else "fresh"})


def stored_page_response(request: Request, page: StoredPage) -> Response:
    """(request, a stored page) -> the page as stored (gzip) when the client accepts gzip,
    else decompressed."""
    if accepts_gzip(request.headers.get("accept-encoding", "")):
        return Response(page.gz, media_type="text/html; charset=utf-8",
                        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    return HTMLResponse(gzip.decompress(page.gz), headers={"Vary": "Accept-Encoding"})


def article_page(article_id: ArticleId, state: Web,
                 s: Annotated[int | None, Query(ge=0, le=MAX_OFFSET,
                                                description="cited span start")] = None,
                 e: Annotated[int | None, Query(ge=0, le=MAX_OFFSET,
                                                description="cited span end")] = None
                 ) -> HTMLResponse:
    """One article: metadata with evidence, clean text (the cited span s..e marked, when
    given), removed lines, its story."""
    article = api.get_article(state.store(), article_id)
    span = (s, e) if s is not None and e is not None and s < e else None
    view = ArticleView(article, "a1", article.outlet or article.id,
                       paragraphs(article.body, set(), span))
    return HTMLResponse(render("article.html", view=view,
                               stories=stories_of(state.store(), article_id)))


def ingest_form(request: Request) -> HTMLResponse:
    """The upload form."""
    return HTMLResponse(render("ingest.html", writable=bool(request.app.state.auth.token)))


async def ingest_upload(request: Request, files: Annotated[list[UploadFile], File()],
                        token: Annotated[str | None, Form()] = None) -> HTMLResponse:
    """Uploaded files -> ingested -> what happened, as a page."""
    request.app.state.auth.check_write(request, token)
    if len(files) > json_api.MAX_FILES:
        raise HTTPException(422, f"at most {json_api.MAX_FILES} files at once")
    data = [(f.filename, await f.read()) for f in files]
    counts = await run_in_threadpool(state_of(request).ingest_files, data)
    return HTMLResponse(render("result.html", counts=counts_json(counts)))


def merge_form(request: Request, story_id: StoryId, state: Web,
               other: Annotated[str, Form(max_length=300)],
               token: Annotated[str | None, Form()] = None) -> RedirectResponse:
    """Merge this story with another -> the merged story's page."""
    request.app.state.auth.check_write(request, token)
    merged = state.write(lambda s: api.merge_stories(s, story_id, other.strip()))
    return RedirectResponse(f"/stories/{quote(merged.id, safe='')}", 303)


def split_form(request: Request, story_id: StoryId, state: Web,
               articles: Annotated[list[str], Form()],
               token: Annotated[str | None, Form()] = None) -> RedirectResponse:
    """Move the chosen articles to a new story -> the new story's page."""
    request.app.state.auth.check_write(request, token)
    parts = state.write(lambda s: api.split_story(s, story_id, articles))
    return RedirectResponse(f"/stories/{quote(parts[-1].id, safe='')}", 303)


def local_target(value: str) -> str:
    """a 'next' form value -> itself when it is a path on this site, else '/' (no scheme, no
    host, no '//' or backslash a browser could read as another host, no control
    character)."""
    if (not value.startswith("/") or value.startswith("//") or "\\" in value
            or control_character(value)):
        return "/"
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else "/"


def login(request: Request, token: Annotated[str, Form(max_length=500)],
          next: Annotated[str, Form(max_length=2000)] = "/") -> Response:
    """The read (or write) token from a form -> a signed session in an HttpOnly, SameSite
    cookie (never the token itself); back to the page asked. Wrong tokens are throttled."""
    auth: Auth = request.app.state.auth
    session = auth.login(request, token)
    response = RedirectResponse(local_target(next), 303)
    response.set_cookie(READ_COOKIE, session, max_age=auth.sessions.seconds, path="/",
                        httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")
    return response


def api_docs(request: Request) -> HTMLResponse:
    """The JSON API's endpoints in words (the schema itself is /openapi.json)."""
    return HTMLResponse(render("apidocs.html", spec=request.app.openapi()))


def openapi_schema(request: Request) -> JSONResponse:
    """The OpenAPI schema (behind the read token, like every read)."""
    return JSONResponse(request.app.openapi())


def healthz() -> dict[str, Any]:
    """Liveness: {"ok": true, "version": …}."""
    return {"ok": True, "version": __version__}


PAGES: list[tuple[str, str, Any]] = [
    ("GET", "/", story_list), ("GET", "/stories/{story_id:path}", story_page),
    ("GET", "/articles/{article_id:path}", article_page), ("GET", "/ingest", ingest_form),
    ("POST", "/ingest", ingest_upload), ("POST", "/stories/{story_id:path}/merge", merge_form),
    ("POST", "/stories/{story_id:path}/split", split_form), ("GET", "/api-docs", api_docs),
    ("POST", "/login", login)]
DOWNLOADS: list[tuple[str, Any]] = [("/facts.csv", facts_csv)]


def _add_pages(app: FastAPI) -> None:
    """app -> the HTML pages and form actions added (kept out of the OpenAPI schema)."""
    for method, path, endpoint in PAGES:
        app.add_api_route(path, endpoint, methods=[method], response_class=HTMLResponse,
                          include_in_schema=False)
    for path, endpoint in DOWNLOADS:
        app.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False)
    app.add_api_route("/healthz", healthz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/openapi.json", openapi_schema, methods=["GET"],
                      include_in_schema=False)


def create_app(db: str, token: str | None, read_token: str | None = None,
               max_body: int = MAX_BODY, session_secret: bytes | None = None,
               scratch: str | None = None, settings: Settings | None = None,
               card_process: bool = False) -> FastAPI:
    """(database path, write token or None: writes off, read token or None: reads open,
    request body limit in bytes, the key signing login sessions (None: a random one), a
    folder for uploads' temporary copies (None: the system's), the settings (None: read
    here, the web app's edge), build cards in a process of their own (a server) rather
    than a thread?) -> the FastAPI app (pages, JSON API, OpenAPI schema)."""
    settings = settings or load_settings()
    web = WebState(db, settings, scratch, card_process=card_process)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        """The card refresher runs while the app serves (stale cards built meanwhile)."""
        if web.refresher is not None:
            web.refresher.nudge()
        try:
            yield
        finally:
            await run_in_threadpool(web.stop)

    app = FastAPI(title="crosswire", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=lifespan,
                  description="Stories cross-checked across outlets: the CLI's JSON over HTTP.")
    app.state.web = web
    app.state.auth = Auth(token or None, read_token or None,
                          Sessions(session_secret or secrets.token_bytes(32),
                                   settings.web_session_hours),
                          Throttle(settings.web_login_failures))
    app.state.bounds = PageBounds.from_settings(settings)
    _install_error_handlers(app)
    app.include_router(json_api.router)
    _add_pages(app)
    app.add_middleware(RequestGate)
    app.add_middleware(SecurityMiddleware, max_body=max_body)
    return app


def app_from_env() -> FastAPI:
    """-> create_app over the settings :func:`serve` leaves in the environment (for uvicorn
    worker processes, which import the app by name; they share one session key)."""
    secret = os.environ.get(ENV_SESSION)
    return create_app(os.environ[ENV_DB], os.environ.get(ENV_TOKEN),
                      os.environ.get(ENV_READ),
                      session_secret=bytes.fromhex(secret) if secret else None,
                      card_process=True)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          workers: int = 1, read_token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted (``workers`` > 1: that many processes)."""
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "server_header": False,
                               "log_level": "info"}
    if workers <= 1:
        uvicorn.run(create_app(db, token, read_token, card_process=True), **options)
        return
    create_app(db, token, read_token)  # fail here, once, on a bad database
    os.environ[ENV_DB] = db
    os.environ[ENV_SESSION] = secrets.token_hex(32)
    for name, value in ((ENV_TOKEN, token), (ENV_READ, read_token)):
        if value:
            os.environ[name] = value
    uvicorn.run("crosswire.web.app:app_from_env", factory=True, workers=workers, **options)
