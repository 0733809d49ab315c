"""The Python API: plain functions over the store. cli.py and the web app wrap these.

    >>> import crosswire
    >>> result = crosswire.ingest(["samples/raqqa"], db="crosswire.db")
    >>> [a.headline for a in crosswire.extract("samples/raqqa/002_29db2200959aca4a.txt")]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosswire import cards
from crosswire.config import Settings, load_settings
from crosswire.errors import NotFound, NothingProcessed, SkippedUnderStrict, UsageError
from crosswire.facts import stage as facts_stage
from crosswire.models import Article, Document, Fact, Reading, Skip, Story, StoryCard
from crosswire.narrate.timeline import TimelineEntry, build_timeline
from crosswire.owner import DaskRunner, LocalRunner, Pipeline, Runner
from crosswire.pipeline import Batch, Context, run_stages
from crosswire.readers import read_paths
from crosswire.runners.local import Progress, RunCounts, story_readings
from crosswire.store import Store, open_store

if TYPE_CHECKING:  # fetching (httpx) loads only when a fetch is asked for
    from crosswire.fetch.run import FetchResult


def _context(settings: Settings | None, overrides: dict[str, Any]) -> Context:
    """(the caller's settings or None, overrides) -> a Context: the settings are read here,
    at the Python API's edge, when the caller gave none."""
    return Context(settings=settings or load_settings(**overrides))


def _settings(settings: Settings | None) -> Settings:
    return settings or load_settings()


def _runner(client: Any) -> Runner:
    """a Dask client or None -> the runner that executes the batches."""
    return DaskRunner(client) if client is not None else LocalRunner()


def ingest_counts(
    paths: Sequence[str],
    db: str | Store = "crosswire.db",
    progress: Progress | None = None,
    settings: Settings | None = None,
    exclude: Sequence[str] = (),
    client: Any = None,
    **overrides: Any,
) -> RunCounts:
    """files, folders, globs -> stored, cleaned articles; -> what happened to each item.

    The store's own files, and any path in ``exclude`` (a report being written), are never
    read as input. With a Dask ``client`` (:func:`crosswire.runners.dask.dask_client`),
    reading and cleaning run on its cluster; stories are still assigned here, in order.
    """
    ctx = _context(settings, overrides)
    store = open_store(db) if isinstance(db, str) else db
    own = [str(Path(p).expanduser().resolve()) for p in (store.path, *exclude)]
    if client is not None:
        from crosswire.runners.dask import read_paths_dask

        items: Iterable[Document | Skip] = read_paths_dask(paths, ctx.settings, client, own)
    else:
        items = read_paths(paths, ctx.settings, exclude=own)
    return Pipeline(store, ctx.settings, _runner(client)).ingest(items, progress)


def ingest_items(items: Iterable[Document | Skip], store: Store, settings: Settings,
                 progress: Progress | None = None) -> RunCounts:
    """reader output (Documents and Skips: files read, uploads) -> stored, cleaned articles
    and their stories; -> what happened to each item."""
    return Pipeline(store, settings).ingest(items, progress)


def catch_up_stories(store: Store, settings: Settings | None = None) -> bool:
    """store -> its stories rebuilt when they are older than its articles or pins and no
    live run is about to rebuild them (the run died between its articles and its stories);
    -> whether they were."""
    return Pipeline(store, _settings(settings)).catch_up()


def check_counts(counts: RunCounts, strict: bool = False) -> None:
    """Raise NothingProcessed when every item was skipped, SkippedUnderStrict when some were
    and ``strict`` is set; the messages list the skipped items."""
    if not counts.skipped:
        return
    reasons = "\n".join(f"  {s.message()}" for s in counts.skipped)
    if not (counts.new or counts.updated or counts.unchanged):
        raise NothingProcessed(f"nothing could be processed:\n{reasons}")
    if strict:
        raise SkippedUnderStrict(f"{len(counts.skipped)} item(s) skipped under --strict")


def ingest(
    paths: Sequence[str],
    db: str | Store = "crosswire.db",
    strict: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    **overrides: Any,
) -> RunCounts:
    """files, folders, globs -> stored, cleaned articles; -> what happened to each item.

    Raises NothingProcessed when every item was skipped, SkippedUnderStrict when some were
    and ``strict`` is set (the rest is stored either way).
    """
    counts = ingest_counts(paths, db, progress, settings, **overrides)
    check_counts(counts, strict)
    return counts


# -- fetch: URLs, feeds and sitemaps (issue 16; src/crosswire/fetch, docs/fetch.md) ------------

def fetch_counts(
    urls: Sequence[str] = (),
    feeds: Sequence[str] = (),
    sitemaps: Sequence[str] = (),
    db: str | Store = "crosswire.db",
    progress: Progress | None = None,
    settings: Settings | None = None,
    paths: Sequence[str] = (),
    exclude: Sequence[str] = (),
    client: Any = None,
    transport: Any = None,
    **overrides: Any,
) -> FetchResult:
    """page URLs, feed URLs, sitemap URLs (+ files, folders, globs read first, as ``run``
    takes them) -> fetched politely, every response archived (WARC), stored and cleaned as
    files are, stories updated; -> FetchResult (the run's counts and the fetch report).
    ``transport``: an httpx transport (tests)."""
    from crosswire.fetch.run import Sources, fetch_into

    ctx = _context(settings, overrides)
    store = open_store(db) if isinstance(db, str) else db
    before: Iterable[Document | Skip] = ()
    if paths:
        own = [str(Path(p).expanduser().resolve()) for p in (store.path, *exclude)]
        if client is not None:
            from crosswire.runners.dask import read_paths_dask

            before = read_paths_dask(paths, ctx.settings, client, own)
        else:
            before = read_paths(paths, ctx.settings, exclude=own)
    pipeline = Pipeline(store, ctx.settings, _runner(client))
    return fetch_into(pipeline, Sources(urls, feeds, sitemaps), progress, before,
                      transport=transport)


def check_fetch(result: FetchResult, strict: bool = False) -> None:
    """As :func:`check_counts` for a fetch: a page the server says is unchanged (304), and a
    listed page an earlier run fetched, count as processed."""
    report = result.report
    if report.not_modified or report.known:
        if strict and result.counts.skipped:
            raise SkippedUnderStrict(f"{len(result.counts.skipped)} item(s) skipped under "
                                     "--strict")
        return
    check_counts(result.counts, strict)


def fetch(urls: Sequence[str] = (), feeds: Sequence[str] = (), sitemaps: Sequence[str] = (),
          db: str | Store = "crosswire.db", strict: bool = False,
          settings: Settings | None = None, **overrides: Any) -> FetchResult:
    """page URLs, feed URLs, sitemap URLs -> stored, cleaned articles (see
    :func:`fetch_counts`). Raises NothingProcessed when every URL failed, SkippedUnderStrict
    when some did and ``strict`` is set (the rest is stored either way)."""
    result = fetch_counts(urls, feeds, sitemaps, db, settings=settings, **overrides)
    check_fetch(result, strict)
    return result


def extract(path: str, settings: Settings | None = None, **overrides: Any) -> list[Article]:
    """one file -> its cleaned Article(s), without a store (skipped records are dropped;
    :func:`extract_with_skips` returns them too).

    Raises NothingProcessed (with the reasons) when no record of the file could be read.
    """
    return extract_with_skips(path, settings, **overrides)[0]


def extract_with_skips(
    path: str, settings: Settings | None = None, **overrides: Any
) -> tuple[list[Article], list[Skip]]:
    """one file -> (its cleaned Articles, the records that were skipped and why)."""
    ctx = _context(settings, overrides)
    items = list(read_paths([path], ctx.settings))
    docs = [x for x in items if isinstance(x, Document)]
    batch = run_stages(Batch(documents=docs), ctx)
    skipped = [x for x in items if isinstance(x, Skip)] + batch.skipped
    if not batch.articles:
        reasons = "; ".join(s.message() for s in skipped) or "no records"
        raise NothingProcessed(reasons)
    return batch.articles, skipped


def reprocess(db: str | Store = "crosswire.db", progress: Progress | None = None,
              settings: Settings | None = None, client: Any = None,
              **overrides: Any) -> tuple[int, list[Skip]]:
    """store (+ a Dask client to clean on its cluster) -> every stage re-run from the stored
    raw documents; -> (articles rebuilt, the documents that failed, whose earlier article is
    kept)."""
    store = open_store(db) if isinstance(db, str) else db
    ctx = _context(settings, overrides)
    return Pipeline(store, ctx.settings, _runner(client)).reprocess(progress)


def get_article(store: Store, article_id: str) -> Article:
    """(store, id) -> the Article; NotFound when there is none."""
    article = store.article(article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id!r}")
    return article


def delete(store: Store, ids: Sequence[str],
           settings: Settings | None = None) -> tuple[list[str], list[str]]:
    """(store, ids) -> (ids deleted, ids that did not exist); their stories are updated."""
    return Pipeline(store, _settings(settings)).delete(ids)


def get_story(store: Store, story_id: str) -> Story:
    """(store, id) -> the Story; NotFound when there is none (saying which story took it
    over when it was merged into another)."""
    story = store.story(story_id)
    if story is None:
        merged = store.redirect(story_id)
        hint = f": it was merged into {merged} (crosswire story {merged})" if merged else ""
        raise NotFound(f"no story with id {story_id!r}{hint}")
    return story


def current_story_id(store: Store, story_id: str) -> tuple[str, str | None]:
    """(store, a story id) -> (the id to show: the story it was merged into when it names no
    story any more, else itself; a note saying so, or None)."""
    if store.story(story_id) is None:
        merged = store.redirect(story_id)
        if merged is not None and store.story(merged) is not None:
            return merged, f"story {story_id} was merged into {merged}: showing {merged}"
    return story_id, None


def story_card(store: Store, story_id: str, settings: Settings | None = None) -> StoryCard:
    """(store, id) -> the StoryCard: the story, its articles, facts, timeline, summary,
    framing and coverage; the stored card when it is up to date, else built and stored
    (:func:`crosswire.cards.card_for`). NotFound when there is no such story."""
    return cards.card_for(store, story_id, _settings(settings))


def timeline(store: Store, story_id: str | None = None, *, since: date | None = None,
             until: date | None = None, dates: int | None = None,
             sentences: int | None = None,
             settings: Settings | None = None) -> list[TimelineEntry]:
    """(store, a story id or None for every article as one collection, date bounds, dates
    and sentences per date; None: the settings) -> the timeline entries in date order."""
    settings = _settings(settings)
    if story_id is not None:
        members = [get_article(store, i) for i in get_story(store, story_id).articles]
    else:
        members = store.articles()
    read = story_readings(store, members, settings.facts_processes)
    return build_timeline(members, read, settings.timeline_dates if dates is None else dates,
                          settings.timeline_sentences if sentences is None else sentences,
                          since, until)


def readings(store: Store, article_ids: Sequence[str],
             settings: Settings | None = None) -> dict[str, Reading]:
    """(store, article ids) -> {id: Reading} (cached in the store; made on first use)."""
    articles = [get_article(store, i) for i in article_ids]
    return story_readings(store, articles, _settings(settings).facts_processes)


def story_cards(store: Store, settings: Settings | None = None) -> list[StoryCard]:
    """store -> every story's card, newest first: the stored ones up to date, the rest
    built (their articles read in one pass, in parallel where it pays) and stored."""
    return cards.stored_cards(store, _settings(settings))


def text_facts(path: str, settings: Settings | None = None, **overrides: Any) -> list[Fact]:
    """a file of one or more articles (any format ``extract`` reads) -> the facts across its
    articles, as if they were one story (each article its own source unless wire copies or
    outlets say otherwise)."""
    from crosswire.stories.dedupe import wire_groups

    articles = extract(path, settings, **overrides)
    for article_id, group in wire_groups(articles).items():
        next(a for a in articles if a.id == article_id).wire_group = group
    mentions = {a.id: ms for a, ms in facts_stage.extract(articles)}
    return facts_stage.facts(articles, mentions)


def merge_stories(store: Store, first: str, second: str,
                  settings: Settings | None = None) -> Story:
    """(store, two story ids) -> the story holding both, after pinning the decision so that
    every later run keeps them together."""
    a, b = get_story(store, first), get_story(store, second)
    return Pipeline(store, _settings(settings)).merge(a, b)


def split_story(store: Store, story_id: str, article_ids: Sequence[str],
                settings: Settings | None = None) -> list[Story]:
    """(store, story id, some of its article ids) -> [the story left, the new story of those
    articles], after pinning the decision for every later run."""
    return Pipeline(store, _settings(settings)).split(get_story(store, story_id), article_ids)


def report_path(path: str | None, settings: Settings) -> Path:
    """--report value -> the absolute path the report will be written to; UsageError when it
    cannot be (no such folder, or the path is a folder)."""
    target = Path(path or settings.report).expanduser().resolve()
    if not target.parent.is_dir():
        raise UsageError(f"cannot write the report to {target}: no folder {target.parent}")
    if target.is_dir():
        raise UsageError(f"cannot write the report to {target}: it is a folder")
    return target
