"""The command line: thin wrappers over crosswire.api, per DESIGN.md's CLI contract.

With --json, stdout holds only JSON (one object, or JSON Lines for lists; errors as
{"error": ...}); progress, summaries and warnings go to stderr. Errors become user messages
in one place, :func:`main`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crosswire import __version__
from crosswire.cli_output import (
    MAX_ROWS,
    Output,
    Progress,
    common,
    iso_day,
    list_options,
    one_format,
    report_skips,
    scale,
    store_errors,
)
from crosswire.cli_text import (
    article_line,
    article_text,
    counts_json,
    entry_text,
    fact_text,
    story_line,
    story_text,
)
from crosswire.config import settings_table
from crosswire.errors import CrosswireError, NotFound, UsageError
from crosswire.export import (
    ARTICLE_COLUMNS,
    FACT_COLUMNS,
    STORY_COLUMNS,
    article_rows,
    fact_rows,
    story_rows,
    write_csv,
)
from crosswire.lazy import lazy_module
from crosswire.listings import filtered_search, matching_stories
from crosswire.models import Article, Fact, StoryCard
from crosswire.progress import showing
from crosswire.report import (
    story_markdown,
)
from crosswire.store import Store

if TYPE_CHECKING:
    from crosswire import api
else:  # the pipeline loads when a command first uses it, not for --version or --help
    api = lazy_module("crosswire.api")

F = TypeVar("F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crosswire")
def cli() -> None:
    """crosswire: cross-check news stories across outlets."""


def _ingest(out: Output, paths: Sequence[str], store: Store, label: str,
            exclude: Sequence[str] = (), client: Any = None,
            outlet: str | None = None) -> api.RunCounts:
    """Store the paths with a progress counter; warn about skips; summary line on stderr."""
    progress = Progress(out, label)
    settings = replace(out.settings, outlet=outlet) if outlet else out.settings
    try:
        counts = api.ingest_counts(paths, db=store, progress=progress, exclude=exclude,
                                   client=client, settings=settings)
    finally:
        progress.close()
    report_skips(out, counts.skipped)
    out.info(counts.line())
    return counts


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any item is skipped.")
@click.option("--outlet", help="The publisher of everything read in this call.")
@common
@scale
def ingest(out: Output, paths: tuple[str, ...], strict: bool, outlet: str | None,
           client: Any) -> None:
    """Ingest files, folders and globs into the store."""
    counts = _ingest(out, paths, out.store(create=True), "ingest", client=client, outlet=outlet)
    api.check_counts(counts)
    if out.json:
        out.one(counts_json(counts), "")
    api.check_counts(counts, strict)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--report", "report", default=None, help="Report file (default from settings).")
@click.option("--strict", is_flag=True, help="Exit 1 when any item is skipped.")
@click.option("--outlet", help="The publisher of everything read in this call.")
@common
@scale
def run(out: Output, paths: tuple[str, ...], report: str | None, strict: bool,
        outlet: str | None, client: Any) -> None:
    """Ingest PATHS (files, folders, globs; http(s) URLs are fetched), run every stage and
    write the one-file HTML report."""
    target = api.report_path(report, out.settings)  # a bad path fails before any work
    store = out.store(create=True)
    urls = [p for p in paths if _is_url(p)]
    if urls:  # fetched (issue 16), the files read first, in one ingest
        fetched = _fetch(out, store, "run", urls, paths=[p for p in paths if not _is_url(p)],
                         exclude=[str(target)], client=client, outlet=outlet)
        counts = fetched.counts
        api.check_fetch(fetched)  # nothing processed -> exit 3 before writing a report
    else:
        counts = _ingest(out, paths, store, "run", exclude=[str(target)], client=client,
                         outlet=outlet)
        api.check_counts(counts)  # nothing processed -> exit 3 before writing a report
    from crosswire.web.render import render_report

    cards = api.story_cards(store, out.settings)
    target.write_text(render_report(cards, store.articles(), out.settings), encoding="utf-8")
    out.one({**counts_json(counts), "report": str(target)}, f"report: {target}")
    if urls:
        api.check_fetch(fetched, strict)
    else:
        api.check_counts(counts, strict)


# -- fetch (issue 16: src/crosswire/fetch, docs/fetch.md) -------------------------------------

def _is_url(text: str) -> bool:
    """'https://...' -> True (fetched); anything else is a path (read)."""
    return text.strip().lower().startswith(("http://", "https://"))


def _fetch(out: Output, store: Store, label: str, urls: Sequence[str] = (),
           feeds: Sequence[str] = (), sitemaps: Sequence[str] = (), paths: Sequence[str] = (),
           exclude: Sequence[str] = (), client: Any = None, outlet: str | None = None,
           warc_dir: str | None = None) -> api.FetchResult:
    """Fetch (and read ``paths`` first) with a progress counter; one line per URL that
    failed; the summary lines on stderr."""
    progress = Progress(out, label)
    given: dict[str, Any] = {"outlet": outlet, "fetch_warc_dir": warc_dir}
    settings = replace(out.settings, **{k: v for k, v in given.items() if v})
    try:
        result = api.fetch_counts(urls, feeds, sitemaps, db=store, progress=progress,
                                  settings=settings, paths=paths, exclude=exclude,
                                  client=client)
    finally:
        progress.close()
    report_skips(out, result.counts.skipped)
    out.info(result.counts.line())
    out.info(result.report.line())
    return result


@cli.command(name="fetch")
@click.argument("urls", nargs=-1)
@click.option("--feeds", "feeds_file", type=click.Path(dir_okay=False),
              help="A file of RSS/Atom feed URLs, one per line ('#' comments): each entry's "
              "page is fetched.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL",
              help="A news sitemap or sitemap index: each page it lists is fetched "
              "(repeatable).")
@click.option("--warc-dir", help="Folder of this run's WARC archive (default: the database "
              "file's name + '.warc', beside it).")
@click.option("--strict", is_flag=True, help="Exit 1 when any URL fails or item is skipped.")
@click.option("--outlet", help="The publisher of everything fetched in this call.")
@common
def fetch_cmd(out: Output, urls: tuple[str, ...], feeds_file: str | None,
              sitemaps: tuple[str, ...], warc_dir: str | None, strict: bool,
              outlet: str | None) -> None:
    """Fetch article URLs, the entries of feeds and the pages of news sitemaps, politely
    (robots.txt, per-host delay), into the store; every response kept in a WARC archive."""
    from crosswire.fetch.run import not_urls, read_url_list

    feeds = read_url_list(feeds_file) if feeds_file else []
    wrong = not_urls([*urls, *sitemaps, *feeds])
    if wrong:
        raise UsageError(f"not an http(s) URL: {wrong[0]!r} (files are read by "
                         "`crosswire ingest`)")
    if not (urls or feeds or sitemaps):
        raise UsageError("give URLs, --feeds FILE or --sitemap URL")
    result = _fetch(out, out.store(create=True), "fetch", urls, feeds, sitemaps,
                    outlet=outlet, warc_dir=warc_dir)
    api.check_fetch(result)
    if out.json:
        out.one({**counts_json(result.counts), "fetch": result.report.to_dict()}, "")
    api.check_fetch(result, strict)


@cli.command()
@click.argument("path")
@common
def extract(out: Output, path: str) -> None:
    """Clean one file without a database: its Article(s)."""
    articles, skipped = api.extract_with_skips(path, out.settings)
    report_skips(out, skipped)
    if out.json:
        out.many((a.to_dict() for a in articles), article_line)
    else:
        click.echo("\n\n".join(article_text(a) for a in articles))


@cli.command()
@click.option("--since", help="Published on or after this ISO date.")
@click.option("--until", help="Published on or before this ISO date.")
@click.option("--outlet", help="Only this outlet.")
@click.option("--search", help="Full-text query over headline and body.")
@click.option("--limit", type=click.IntRange(0, MAX_ROWS), help="At most N articles.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV, one row per article (no body).")
@common
def articles(out: Output, since: str | None, until: str | None, outlet: str | None,
             search: str | None, limit: int | None, as_csv: bool) -> None:
    """List stored articles, ordered by published date, then id."""
    one_format(out.json, as_csv)
    found = out.store().articles(iso_day(since), iso_day(until), outlet, search, limit)
    if as_csv:
        write_csv(sys.stdout, ARTICLE_COLUMNS, article_rows(found))
        return
    out.many((a.to_dict() for a in found), article_line)


@cli.command()
@click.argument("article_id")
@common
def article(out: Output, article_id: str) -> None:
    """Show one article: metadata with its evidence, and the clean body."""
    found = api.get_article(out.store(), article_id)
    out.one(found.to_dict(), article_text(found))


@cli.command()
@click.argument("query", nargs=-1, required=True)
@list_options("articles (default 50)")
@common
def search(out: Output, query: tuple[str, ...], since: str | None, until: str | None,
           outlet: str | None, limit: int | None) -> None:
    """Full-text search over headlines and bodies, best match first."""
    hits = filtered_search(out.store(), " ".join(query), iso_day(since), iso_day(until),
                           outlet, 50 if limit is None else limit)
    out.many(({**a.to_dict(), "snippet": snip} for a, snip in hits),
             lambda o: f"{article_line(o)}\n    {o['snippet']}")


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@common
def delete(out: Output, ids: tuple[str, ...]) -> None:
    """Delete articles (and their raw documents) by id."""
    deleted, missing = api.delete(out.store(), ids, out.settings)
    out.info(f"{len(deleted)} deleted")
    if out.json:
        out.one({"deleted": deleted, "missing": missing}, "")
    if missing:
        raise NotFound(f"no article with id {', '.join(map(repr, missing))}", after_output=True)


@cli.command()
@common
@scale
def reprocess(out: Output, client: Any) -> None:
    """Re-run every stage from the stored raw documents."""
    progress = Progress(out, "reprocess")
    try:
        n, skipped = api.reprocess(out.store(), progress=progress, client=client,
                                   settings=out.settings)
    finally:
        progress.close()
    report_skips(out, skipped)
    out.info(f"{n} reprocessed, {len(skipped)} failed (their earlier articles are kept)")
    if out.json:
        out.one({"reprocessed": n, "failed": [s.record for s in skipped]}, "")


@cli.command(name="timeline")
@click.option("--story", "story_id", help="This story (default: all articles as one).")
@click.option("--since", help="Events on or after this ISO date.")
@click.option("--until", help="Events on or before this ISO date.")
@click.option("--dates", type=click.IntRange(1, MAX_ROWS),
              help="Dates to keep (default: setting).")
@click.option("--sentences", type=click.IntRange(1, MAX_ROWS), help="Sentences per date.")
@common
def timeline_cmd(out: Output, story_id: str | None, since: str | None, until: str | None,
                 dates: int | None, sentences: int | None) -> None:
    """A dated timeline: the dates that matter and what happened, each sentence cited."""
    first, last = iso_day(since), iso_day(until)
    entries = api.timeline(out.stories_store(), story_id, dates=dates, sentences=sentences,
                           since=date.fromisoformat(first) if first else None,
                           until=date.fromisoformat(last) if last else None,
                           settings=out.settings)
    out.many((e.to_dict() for e in entries), entry_text)


@cli.command()
@click.option("--story", "story_id", help="The facts of this story.")
@click.option("--text-file", type=click.Path(dir_okay=False),
              help="The facts across the article(s) in this file (no database).")
@click.option("--csv", "as_csv", is_flag=True, help="CSV, one row per report.")
@common
def facts(out: Output, story_id: str | None, text_file: str | None, as_csv: bool) -> None:
    """Numbers, quotes and claims lined up across outlets, each with a status and reason."""
    if bool(story_id) == bool(text_file):
        raise UsageError("give --story ID or --text-file FILE")
    one_format(out.json, as_csv)
    card = api.story_card(out.stories_store(), story_id, out.settings) if story_id else None
    found = card.facts if card else api.text_facts(str(text_file), out.settings)
    if as_csv:
        sys.stdout.write(_facts_csv(found, card.articles if card else []))
        return
    out.many((f.to_dict() for f in found), lambda o: fact_text(Fact.from_dict(o)))


def _facts_csv(facts: list[Fact], articles: list[Article]) -> str:
    """(facts, the articles they cite) -> their CSV, one row per report."""
    text = io.StringIO()
    write_csv(text, FACT_COLUMNS, fact_rows(facts, {a.id: a for a in articles}))
    return text.getvalue()


@cli.command()
@click.option("--merge", nargs=2, metavar="A B", help="Merge two stories (kept on re-runs).")
@click.option("--split", "split_from", metavar="STORY",
              help="Move the ARTICLE ids out of STORY into a story of their own (kept).")
@click.argument("articles", nargs=-1)
@list_options("stories")
@click.option("--search", help="Full-text query over the stories' articles.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV, one row per story.")
@click.option("--sort", type=click.Choice(["importance", "newest"]), default="newest",
              show_default=True, help="Newest first, or most important (sources, recency).")
@common
def stories(out: Output, merge: tuple[str, str] | None, split_from: str | None,
            articles: tuple[str, ...], since: str | None, until: str | None,
            outlet: str | None, limit: int | None, search: str | None, as_csv: bool,
            sort: str) -> None:
    """List stories in the web list's order (filters as there), or merge or split them."""
    if merge and split_from:
        raise UsageError("give --merge or --split, not both")
    if articles and not split_from:
        raise UsageError("article ids go with --split STORY")
    if (merge or split_from) and any(x is not None for x in (since, until, outlet, limit,
                                                              search)):
        raise UsageError("--since, --until, --outlet, --limit and --search list stories: "
                         "not with --merge or --split")
    one_format(out.json, as_csv)
    store = out.stories_store()
    if merge:
        changed = [api.merge_stories(store, *merge, settings=out.settings)]
    elif split_from:
        changed = api.split_story(store, split_from, articles, out.settings)
    else:
        changed = list(matching_stories(store, search or None, iso_day(since),
                                        iso_day(until), outlet or None, limit, sort))
    if as_csv:
        firsts = {s.first_publisher for s in changed if s.first_publisher}
        known = {i: a for i in sorted(firsts) if (a := store.article(i)) is not None}
        write_csv(sys.stdout, STORY_COLUMNS, story_rows(changed, known))
        return
    out.many((s.to_dict() for s in changed), story_line)


@cli.command()
@click.argument("story_id")
@click.option("--md", "as_md", is_flag=True, help="Markdown.")
@click.option("--html", "as_html", is_flag=True, help="One self-contained HTML page.")
@click.option("--csv", "as_csv", is_flag=True, help="Its facts as CSV, one row per report.")
@click.option("-o", "output", type=click.Path(dir_okay=False), help="Write to this file.")
@common
def story(out: Output, story_id: str, as_md: bool, as_html: bool, as_csv: bool,
          output: str | None) -> None:
    """Show one story: its card as text (default), --json, --md, --html or --csv."""
    one_format(out.json, as_csv, as_md, as_html)
    store = out.stories_store()
    story_id, note = api.current_story_id(store, story_id)
    if note:
        out.warn(note)
    card = api.story_card(store, story_id, out.settings)
    text = (_facts_csv(card.facts, card.articles) if as_csv
            else _story_as(card, out, as_md, as_html) + "\n")
    if output:
        with Path(output).open("w", encoding="utf-8", newline="") as file:
            file.write(text)
        out.info(f"wrote {output}")
    else:
        click.echo(text, nl=False)


def _story_as(card: StoryCard, out: Output, as_md: bool, as_html: bool) -> str:
    """(a story card, the command's output, --md?, --html?) -> the card as JSON (--json),
    Markdown, an HTML page or text."""
    if out.json:
        return json.dumps(card.to_dict(), ensure_ascii=False)
    if as_md:
        return story_markdown(card)
    if as_html:
        from crosswire.web.render import render_story_page

        return render_story_page(card, out.settings)
    return story_text(card)


@cli.command()
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--feeds", "feeds_file", type=click.Path(exists=True, dir_okay=False),
              help="Poll the RSS/Atom feeds this file lists (one URL a line) instead of a "
              "folder, fetching each new entry's page.")
@click.option("--interval", default=None, type=click.FloatRange(0.1, 86400),
              help="Seconds a file must keep still before it is taken (default 2; the "
              "folder is listed this often when it sends no events) or between polls of the "
              "feeds (default 300).")
@common
def watch(out: Output, folder: str | None, feeds_file: str | None,
          interval: float | None) -> None:
    """Ingest files as they arrive in FOLDER (and change), or the new entries of feeds
    (--feeds FILE), updating their stories; Ctrl-C stops."""
    if bool(folder) == bool(feeds_file):
        raise UsageError("give a FOLDER to watch or --feeds FILE, not both")
    if feeds_file:
        _watch_feeds(out, feeds_file, 300.0 if interval is None else interval)
        return
    assert folder is not None
    interval = 2.0 if interval is None else interval
    from crosswire.runners.watch import WatchBatch
    from crosswire.runners.watch import watch as watch_folder

    def report(batch: WatchBatch) -> None:
        report_skips(out, batch.counts.skipped)
        out.one({**counts_json(batch.counts), "files": batch.paths}, batch.line())

    how = "file events" if out.settings.watch_events else f"a listing every {interval:g} s"
    out.info(f"watching {folder} ({how}; a file is taken once still for {interval:g} s; "
             "Ctrl-C stops)")
    try:
        watch_folder(folder, out.store(create=True), out.settings, interval=interval,
                     on_change=report, card_process=True)
    except KeyboardInterrupt:
        out.info("stopped")


def _watch_feeds(out: Output, feeds_file: str, interval: float) -> None:
    """`watch --feeds FILE`: poll the feeds every ``interval`` seconds (fetch/poll.py)."""
    from crosswire.fetch.poll import FeedPoll, watch_feeds
    from crosswire.fetch.run import not_urls, read_url_list

    feeds = read_url_list(feeds_file)
    if not feeds:
        raise UsageError(f"{feeds_file} lists no feed URL")
    if not_urls(feeds):
        raise UsageError(f"not an http(s) URL in {feeds_file}: {not_urls(feeds)[0]!r}")

    def report(poll: FeedPoll) -> None:
        report_skips(out, poll.result.counts.skipped)
        out.one({**counts_json(poll.result.counts), "fetch": poll.result.report.to_dict()},
                poll.line())

    out.info(f"polling {len(feeds)} feed(s) every {interval:g} s (Ctrl-C stops)")
    try:
        watch_feeds(feeds, out.store(create=True), out.settings, interval=interval,
                    on_poll=report, card_process=True)
    except KeyboardInterrupt:
        out.info("stopped")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", envvar="CROSSWIRE_TOKEN",
              help="Token that writes (upload, merge, split) must carry; default "
                   "$CROSSWIRE_TOKEN; without one, writes are refused.")
@click.option("--read-token", envvar="CROSSWIRE_READ_TOKEN",
              help="Token reads must carry (default $CROSSWIRE_READ_TOKEN; none: open).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes.")
@common
def serve(out: Output, host: str, port: int, token: str | None, read_token: str | None,
          workers: int) -> None:
    """Serve the web app and JSON API over the store (127.0.0.1 by default)."""
    from crosswire.web.app import serve as run_server

    out.store()  # a missing or foreign database is a usage error before the server starts
    out.info(f"crosswire on http://{host}:{port}/ (writes {'on' if token else 'off'})")
    with showing(False):  # uploads handled by the server draw no bars on its terminal
        run_server(out.db, host=host, port=port, token=token, workers=workers,
                   read_token=read_token)


@cli.command(name="settings")
@common
def settings_cmd(out: Output) -> None:
    """List every setting with its default and help (override with CROSSWIRE_<NAME>)."""
    out.many(({"name": n, "default": d, "help": h} for n, d, h in settings_table()),
             lambda o: f"{o['name']} = {o['default']!r}\n    {o['help']}")


@cli.command()
@common
def doctor(out: Output) -> None:
    """Check this installation: versions, where the models come from, the store's schema,
    and the optional parts (web, scale-out, chromium, PostgreSQL). Exit 1 when a required
    part is missing."""
    from crosswire import doctor as checkup

    found = checkup.checks(out.db)
    out.one({"healthy": checkup.healthy(found), "checks": [c.to_dict() for c in found]},
            checkup.report_text(found))
    if not checkup.healthy(found):
        raise SystemExit(1)


@cli.command(name="eval")
@click.argument("task", type=click.Choice(["extraction", "clustering", "quantities",
                                           "timeline", "facts", "metadata"]))
@click.argument("data")
@click.option("--texts", default=None, help="facts: the JSON Lines file of article texts "
              "(default: ../clustering/ecbplus.jsonl beside the facts folder).")
@click.option("--store", "keep", default=None, help="facts: keep the store here (parses are "
              "reused by the next run); default a temporary one.")
@click.option("--details", is_flag=True, help="facts: list misses, wrong statuses and "
              "imprecise facts; metadata: the pages whose date or title is wrong (with "
              "--json).")
@click.option("--part", type=click.Choice(["1", "2"]), default=None,
              help="quantities: score one half of the file (1: rows 1, 3, 5, ...; 2: rows 2, "
              "4, 6, ...); metadata: the pages whose file name's md5 starts with 0-3 (1) or "
              "4-7 (2); to develop on one half and report the other.")
@common
def eval_cmd(out: Output, task: str, data: str, texts: str | None, keep: str | None,
             details: bool, part: str | None) -> None:
    """Score one data set in the ../shared/eval formats."""
    from crosswire.evaluation import run_eval

    options: dict[str, Any] = {}
    if task == "facts":
        options = {"texts": texts, "db": keep, "details": details}
    elif task == "quantities":
        options = {"part": part}
    elif task == "metadata":
        options = {"part": part, "details": details}
    result = run_eval(task, data, out.settings, **options)
    text = "\n".join(f"{k}: {v}" if isinstance(v, int) else f"{k}: {v:.4f}"
                     for k, v in result["metrics"].items() if isinstance(v, (int, float)))
    out.one(result, f"{task} on {data} (n={result['n']}, {result['seconds']:.1f}s)\n{text}")


def _wants_json(argv: Sequence[str]) -> bool:
    return "--json" in argv


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI, turning every error into a message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        click.echo(cli.get_help(click.Context(cli, info_name="crosswire")))
        return
    try:
        with _unwinding_on_sigterm():
            _run(args)
    except Terminated:  # every finally has run: now end as SIGTERM ends a process
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)


class Terminated(BaseException):
    """SIGTERM arrived: unwinding (not an error any handler should catch)."""


@contextlib.contextmanager
def _unwinding_on_sigterm() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated`, so every ``finally`` runs
    (transactions end, claims are released) before :func:`main` ends the process by the
    signal itself (as a service manager expects); the old handler is put back after. Only
    the main thread can set it; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _run(args: list[str]) -> None:
    """CLI arguments -> the command run, every error turned into a message and exit code."""
    try:
        cli.main(args=args, prog_name="crosswire", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _fail(args, exc.format_message(), 2)
    except CrosswireError as exc:
        _fail(args, str(exc), exc.exit_code, exc.after_output)
    except BrokenPipeError:  # stdout closed early (| head): not an error
        sys.exit(0)
    except store_errors() as exc:  # disk full, read-only store, locked database, server gone
        _fail(args, f"{type(exc).__name__}: {exc}", 3)
    except click.exceptions.Abort:
        _fail(args, "interrupted", 130)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM -> :class:`Terminated` raised where the program is."""
    raise Terminated


def _fail(args: Sequence[str], message: str, code: int, after_output: bool = False) -> None:
    if _wants_json(args) and not after_output:
        click.echo(json.dumps({"error": message}, ensure_ascii=False))
    else:
        click.echo(f"crosswire: {message}", err=True)
    sys.exit(code)
