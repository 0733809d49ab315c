"""What every command shares: where and how it writes (--db, --quiet, --json, and the settings,
read once here at the edge), the list filters and output formats, the Dask options, a progress
counter on stderr (and the long stages' bars turned on: :mod:`crosswire.progress`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crosswire.config import Settings, load_settings
from crosswire.errors import UsageError
from crosswire.lazy import lazy_module
from crosswire.models import Skip
from crosswire.progress import counting, showing
from crosswire.store import Store, open_store

if TYPE_CHECKING:
    from crosswire import api
else:  # the pipeline loads when a command first uses it, not for --version or --help
    api = lazy_module("crosswire.api")

F = TypeVar("F", bound=Callable[..., Any])
MAX_ROWS = 2**63 - 1  # the largest count a database takes (SQLite and PostgreSQL bigint)


@dataclass
class Output:
    """Where and how a command writes: --db, --quiet, --json."""

    db: str
    quiet: bool
    json: bool
    settings: Settings  # read once, here at the edge, and passed down

    def store(self, create: bool = False) -> Store:
        """-> the store named by --db (created only by commands that write articles)."""
        return open_store(self.db, create)

    def stories_store(self) -> Store:
        """-> the store, for a command that shows stories: stories an interrupted run left
        out of date are rebuilt first, so every stored article is in its story (a store
        that cannot be written is shown as it is, with a warning)."""
        store = open_store(self.db, False)
        try:
            if api.catch_up_stories(store, self.settings):
                self.info("stories were out of date (a run was interrupted): rebuilt")
        except store_errors() as exc:
            self.warn(f"stories may be out of date and could not be rebuilt here ({exc})")
        return store

    def info(self, message: str) -> None:
        """A line for a person, on stderr, unless --quiet."""
        if not self.quiet:
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        """A warning on stderr (shown even with --quiet)."""
        click.echo(f"warning: {message}", err=True)

    def one(self, obj: dict[str, Any], text: str) -> None:
        """One thing: a JSON object with --json, else its text."""
        click.echo(json.dumps(obj, ensure_ascii=False) if self.json else text)

    def many(self, objs: Iterable[dict[str, Any]], line: Callable[[dict[str, Any]], str]) -> None:
        """A list: JSON Lines with --json, else one text line per item."""
        for obj in objs:
            click.echo(json.dumps(obj, ensure_ascii=False) if self.json else line(obj))


def common(func: F) -> F:
    """Adds --db, --quiet and --json to a command and passes an Output first."""

    @click.option("--db", default=None, help="Database: a SQLite file (default ./crosswire.db) "
                  "or postgresql://USER@HOST:PORT/DB.")
    @click.option("--quiet", is_flag=True, help="No progress or summaries on stderr.")
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON on stdout.")
    @functools.wraps(func)
    def wrapper(*args: Any, db: str | None, quiet: bool, as_json: bool, **kwargs: Any) -> Any:
        settings = load_settings()
        out = Output(db=db or settings.db, quiet=quiet, json=as_json, settings=settings)
        with showing(showing_bars(out)):  # the long stages' bars (crosswire.progress)
            return func(out, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def one_format(as_json: bool, as_csv: bool, *others: bool) -> None:
    """the output flags given -> UsageError when more than one is set."""
    if sum([as_json, as_csv, *others]) > 1:
        raise UsageError("give one output format: --json, --csv" +
                         (", --md, --html" if others else ""))


def list_options(noun: str) -> Callable[[F], F]:
    """-> the filters every list command takes: --since, --until, --outlet, --limit."""
    def add(func: F) -> F:
        for option in reversed((
                click.option("--since", help="Published on or after this ISO date."),
                click.option("--until", help="Published on or before this ISO date."),
                click.option("--outlet", help="Only this outlet (any case)."),
                click.option("--limit", type=click.IntRange(0, MAX_ROWS),
                             help=f"At most N {noun}."))):
            func = option(func)
        return func
    return add


def iso_day(value: str | None) -> str | None:
    """--since/--until value (any ISO 8601 date, or a datetime whose day is taken) ->
    'YYYY-MM-DD'."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError as exc:
        raise UsageError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def scale(func: F) -> F:
    """Adds --scheduler and --workers (run the stateless stages on a Dask cluster)."""

    @click.option("--scheduler", metavar="tcp://HOST:8786",
                  help="Read and clean on this Dask cluster (stories stay in this process).")
    @click.option("--workers", type=click.IntRange(1, 256),
                  help="Read and clean on a local Dask cluster of N worker processes.")
    @functools.wraps(func)
    def wrapper(*args: Any, scheduler: str | None, workers: int | None, **kwargs: Any) -> Any:
        with _cluster(scheduler, workers) as client:
            return func(*args, client=client, **kwargs)

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _cluster(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """--scheduler / --workers -> a Dask client for the command's run (None: local runner)."""
    if scheduler is None and workers is None:
        yield None
        return
    from crosswire.runners.dask import dask_client

    client = dask_client(scheduler, workers)
    try:
        yield client
    finally:
        client.close()


class Progress:
    """A records counter on stderr while records are processed: how many, their rate, the
    time so far (a :func:`crosswire.progress.counting` bar, drawn when the command shows
    bars: on a terminal, not --quiet)."""

    def __init__(self, out: Output, label: str) -> None:
        self._stage = counting(f"{label}: reading and cleaning", unit="record")
        self._advance = self._stage.__enter__()

    def __call__(self, n: int) -> None:
        self._advance(n)

    def close(self) -> None:
        """End the progress line."""
        self._stage.__exit__(None, None, None)


def showing_bars(out: Output) -> bool:
    """-> should a command show progress bars: on a terminal and not --quiet."""
    return not out.quiet and sys.stderr.isatty()


def report_skips(out: Output, skipped: Sequence[Skip]) -> None:
    """(the command's output, the items skipped) -> one warning line each, on stderr."""
    for skip in skipped:
        out.warn(f"skipped {skip.message()}")


def store_errors() -> tuple[type[BaseException], ...]:
    """-> the errors a store or the file system raise mid-command (psycopg's only when a
    PostgreSQL store was opened, so it is never imported just for this)."""
    psycopg = sys.modules.get("psycopg")
    return (OSError, sqlite3.Error, *((psycopg.Error,) if psycopg is not None else ()))
