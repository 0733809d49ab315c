"""The JSON API: the CLI's JSON over HTTP, with FastAPI's OpenAPI schema at /openapi.json.

Reads: GET /api/stories (a page of Story objects, filters as on the story list),
/api/stories/{id} (the story card), /api/articles (filters as `crosswire articles`),
/api/articles/{id}, /api/search?q= (articles with a snippet). The list endpoints under
/api/v2/ (stories, articles, search) all answer one envelope, {"total", "limit", "offset",
"stories" | "articles"}, with the same filters and paging; /api/articles and /api/search
keep their bare lists for the clients written against them (docs/architecture.md#json-api).
Writes (Bearer token): POST /api/articles (JSON article records), /api/ingest (file
upload), /api/stories/merge, /api/stories/{id}/split. Errors are {"error": message} with
a 4xx status.

A story id that no longer names a story (e.g. after a merge) is answered
307 with the address of the story now holding that article (see :mod:`crosswire.web.app`);
clients that follow redirects get the card. An article's ``path`` is its file name only (an
upload's name), never a folder of the server.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from crosswire import api
from crosswire.listings import filtered_search
from crosswire.models import Article
from crosswire.store import Store
from crosswire.web.queries import StoryFilter, iso_day, list_stories, sort_order
from crosswire.web.state import PendingCard, WebState, counts_json
from crosswire.web.view import public_path

MAX_RECORDS = 2000
MAX_FILES = 50
MAX_ID = 1000  # characters in an id given in a path
MAX_OFFSET = 10**9
CARD_HEADER = "X-Crosswire-Card"  # fresh | stale | pending
StoryId = Annotated[str, PathParam(min_length=1, max_length=MAX_ID, description="a story id")]
ArticleId = Annotated[str, PathParam(min_length=1, max_length=MAX_ID,
                                     description="an article id")]


class StoryOut(BaseModel):
    """The contract's Story (fields may be added)."""

    model_config = ConfigDict(extra="allow")
    id: str
    title: str
    articles: list[str]
    outlets: list[str]
    independent_sources: int
    first_published: str | None
    first_publisher: str | None
    last_published: str | None
    related: list[str] = []


class StoryList(BaseModel):
    """A page of stories, newest first, and how many match in all."""

    total: int
    limit: int
    offset: int
    stories: list[StoryOut]


class ArticleList(BaseModel):
    """A page of articles (as /api/articles lists them; from /api/v2/search each with its
    ``snippet``, best match first) and how many match in all."""

    total: int
    limit: int
    offset: int
    articles: list[dict[str, Any]]


class ArticleIn(BaseModel):
    """One article to ingest, as a JSON Lines record: text (or body, or html) is required."""

    model_config = ConfigDict(extra="allow")
    id: str | None = Field(None, max_length=300)
    headline: str | None = None
    text: str | None = None
    body: str | None = None
    html: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    byline: str | None = None


class MergeIn(BaseModel):
    """Two story ids to merge."""

    first: str = Field(max_length=MAX_ID)
    second: str = Field(max_length=MAX_ID)


class SplitIn(BaseModel):
    """The article ids that leave the story and form a new one."""

    articles: list[str] = Field(min_length=1, max_length=MAX_RECORDS)


def web(request: Request) -> WebState:
    """request -> the app's WebState."""
    state: WebState = request.app.state.web
    return state


def writer(request: Request) -> WebState:
    """request -> the WebState, after checking the write token (Bearer header)."""
    request.app.state.auth.check_write(request)
    return web(request)


Web = Annotated[WebState, Depends(web)]
Writer = Annotated[WebState, Depends(writer)]
router = APIRouter(prefix="/api", tags=["api"])
Day = Annotated[str | None, Query(max_length=40, description="an ISO date, YYYY-MM-DD")]


@router.get("/v2/stories", response_model=StoryList)
@router.get("/stories", response_model=StoryList)
def stories(request: Request, state: Web,
            q: Annotated[str | None, Query(max_length=500)] = None,
            since: Day = None, until: Day = None,
            outlet: Annotated[str | None, Query(max_length=200)] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 50,
            offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
            sort: Annotated[str | None, Query(
                max_length=20, description="importance or newest (default: newest on "
                "/api/stories, as the contract always had it; importance on /api/v2)")]
            = None) -> Response:
    """Stories, newest first on /api/stories (the contract's order) and most important first
    on /api/v2/stories (sort= chooses): a search query over their articles (q), overlapping a
    date range, with an outlet; paged (the answer kept until something is written)."""
    default = "importance" if request.url.path.startswith("/api/v2/") else "newest"
    flt = StoryFilter(q or None, iso_day(since, "since"), iso_day(until, "until"),
                      outlet or None, limit, offset, sort_order(sort, default))

    def answer(store: Store) -> bytes:
        found = list_stories(store, flt)
        return json_bytes({"total": found.total, "limit": limit, "offset": offset,
                           "stories": [s.to_dict() for s in found.stories]})

    return Response(state.kept(("api stories", *dataclasses.astuple(flt)), answer),
                    media_type="application/json")


@router.get("/stories/{story_id:path}", response_model=None)
async def story(request: Request, story_id: StoryId, state: Web) -> Response:
    """The story card: the Story fields plus timeline, facts, summary and framing, as
    stored (header ``X-Crosswire-Card``: ``fresh``, or ``stale`` while the story's new card
    is built). A story whose card was never built: 202 with the Story fields, ``pending``
    true and ``Retry-After``; never waits for a card. The id of a story merged into
    another: 301 to it; another former story id (or an article's id): 307 to the story now
    holding that article."""
    stored = await run_in_threadpool(state.fresh_card_json, story_id)
    if stored is not None:  # as stored: no reading back and writing again
        return Response(stored, media_type="application/json", headers={CARD_HEADER: "fresh"})
    found = await state.find_quickly(story_id)
    if isinstance(found, str):
        return moved(request, "/api/stories/", found, state)
    if isinstance(found, PendingCard):
        return JSONResponse({**found.story.to_dict(), "pending": True}, 202,
                            headers={"Retry-After": "5", CARD_HEADER: "pending"})
    data = await run_in_threadpool(found.card.to_dict)
    return JSONResponse(data, headers={CARD_HEADER: "stale" if found.stale else "fresh"})


def moved(request: Request, prefix: str, story_id: str, state: WebState) -> RedirectResponse:
    """(request, '/stories/' or '/api/stories/', the id the story has now, the app's state)
    -> a redirect to it, the query kept: 301 when the asked id was merged into it (for
    good), 307 otherwise (an id that names an article, which may move again)."""
    query = f"?{request.url.query}" if request.url.query else ""
    asked = request.path_params.get("story_id", "")
    permanent = state.merged_into(asked) == story_id
    return RedirectResponse(f"{prefix}{quote(story_id, safe='')}{query}",
                            301 if permanent else 307)


def article_json(article: Article) -> dict[str, Any]:
    """Article -> its JSON, the path reduced to the file name (:func:`public_path`)."""
    return {**article.to_dict(), "path": public_path(article.path)}


@router.get("/articles")
def articles(state: Web, since: Day = None, until: Day = None,
             outlet: Annotated[str | None, Query(max_length=200)] = None,
             search: Annotated[str | None, Query(max_length=500)] = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    """Articles ordered by published, then id (as `crosswire articles --json`)."""
    found = state.store().articles(iso_day(since, "since"), iso_day(until, "until"),
                                   outlet, search, limit)
    return [article_json(a) for a in found]


@router.get("/articles/{article_id:path}")
def article(article_id: ArticleId, state: Web) -> dict[str, Any]:
    """One Article (as `crosswire article ID --json`)."""
    return article_json(api.get_article(state.store(), article_id))


@router.get("/search")
def search(state: Web, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=200)] = 50) -> Response:
    """Full text over headlines and bodies: articles, best first, each with a snippet (as
    `crosswire search --json`; the answer kept until something is written)."""
    def answer(store: Store) -> bytes:
        return json_bytes([{**article_json(a), "snippet": snip}
                           for a, snip in store.search(q, limit)])

    return Response(state.kept(("api search", q, limit), answer),
                    media_type="application/json")


Outlet = Annotated[str | None, Query(max_length=200)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


@router.get("/v2/articles", response_model=ArticleList)
def articles_page(state: Web, since: Day = None, until: Day = None, outlet: Outlet = None,
                  search: Annotated[str | None, Query(max_length=500)] = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Offset = 0) -> Response:
    """A page of articles ordered by published, then id, and how many match (the filters
    of /api/articles; the answer kept until something is written)."""
    first, last = iso_day(since, "since"), iso_day(until, "until")

    def answer(store: Store) -> bytes:
        found = store.articles(first, last, outlet, search, offset + limit)[offset:]
        total = (store.count("articles") if not (first or last or outlet or search)
                 else len(store.articles(first, last, outlet, search)))
        return json_bytes({"total": total, "limit": limit, "offset": offset,
                           "articles": [article_json(a) for a in found]})

    key = ("api v2 articles", first, last, outlet, search, limit, offset)
    return Response(state.kept(key, answer), media_type="application/json")


@router.get("/v2/search", response_model=ArticleList)
def search_page(state: Web, q: Annotated[str, Query(min_length=1, max_length=500)],
                since: Day = None, until: Day = None, outlet: Outlet = None,
                limit: Annotated[int, Query(ge=1, le=200)] = 50,
                offset: Offset = 0) -> Response:
    """Full text over headlines and bodies: a page of articles, best first, each with a
    snippet, published within since..until, of an outlet, and how many match (the answer
    kept until something is written)."""
    first, last = iso_day(since, "since"), iso_day(until, "until")

    def answer(store: Store) -> bytes:
        hits = filtered_search(store, q, first, last, outlet, offset + limit)[offset:]
        total = len(store.articles(first, last, outlet, q))
        return json_bytes({"total": total, "limit": limit, "offset": offset,
                           "articles": [{**article_json(a), "snippet": snip}
                                        for a, snip in hits]})

    key = ("api v2 search", q, first, last, outlet, limit, offset)
    return Response(state.kept(key, answer), media_type="application/json")


def json_bytes(value: Any) -> bytes:
    """a JSON-able value -> its JSON as UTF-8 bytes, as JSONResponse writes it."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


@router.post("/articles")
def post_articles(state: Writer,
                  records: Annotated[list[ArticleIn], Body(max_length=MAX_RECORDS)]
                  ) -> dict[str, Any]:
    """Ingest JSON article records (a list); -> what `ingest --json` prints, plus stories."""
    rows = [r.model_dump(exclude_none=True) for r in records]
    if any(not (r.get("text") or r.get("body") or r.get("html")) for r in rows):
        raise HTTPException(422, "every article needs a text, body or html field")
    return counts_json(state.ingest_records(rows))


@router.post("/ingest")
async def upload(request: Request, files: Annotated[list[UploadFile], File()]
                 ) -> dict[str, Any]:
    """Ingest uploaded files (any format `crosswire ingest` reads)."""
    request.app.state.auth.check_write(request)
    if len(files) > MAX_FILES:
        raise HTTPException(422, f"at most {MAX_FILES} files at once")
    data = [(f.filename, await f.read()) for f in files]
    counts = await run_in_threadpool(web(request).ingest_files, data)
    return counts_json(counts)


@router.post("/stories/merge", response_model=StoryOut)
def merge(state: Writer, pair: MergeIn) -> dict[str, Any]:
    """Merge two stories (the decision is kept for every later run); -> the merged story."""
    return state.write(lambda s: api.merge_stories(s, pair.first, pair.second)).to_dict()


@router.post("/stories/{story_id:path}/split", response_model=list[StoryOut])
def split(story_id: StoryId, state: Writer, body: SplitIn) -> list[dict[str, Any]]:
    """Move some articles of a story to a new story; -> [the story left, the new story]."""
    return [s.to_dict() for s in
            state.write(lambda st: api.split_story(st, story_id, body.articles))]
