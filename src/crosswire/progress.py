"""Progress bars for long stages, on stderr, through tqdm.

Library code marks its long loops (``tracked(items, "story cards")``) and long counted work
(``with counting("reading articles", total) as advance: ... advance(n)``); nothing shows
unless the edge asked for it: the CLI turns bars on for a command (``with showing(True)``)
when it writes to a terminal and not ``--quiet``. The switch is a context variable, so the
Python API, the web app, tests and background threads stay silent, and settings are not
touched. Each bar says what is happening, how far it is, its rate and, when the total is
known, the time left.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
Advance = Callable[[int], None]
MIN_ITEMS = 2  # a loop over fewer items than this shows no bar
_SHOWING: ContextVar[bool] = ContextVar("crosswire_progress", default=False)


@contextmanager
def showing(enabled: bool) -> Iterator[None]:
    """bars on (or off) for the work done inside the block, in this thread."""
    token = _SHOWING.set(enabled)
    try:
        yield
    finally:
        _SHOWING.reset(token)


def shown() -> bool:
    """-> are bars on here?"""
    return _SHOWING.get()


def tracked(items: Iterable[T], what: str, total: int | None = None,
            unit: str = "item") -> Iterator[T]:
    """(a loop's items, what the loop does, how many when not ``len(items)``, the unit) ->
    the same items, with a bar while bars are on."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with counting(what, total, unit) as advance:
        for item in items:
            yield item
            advance(1)


@contextmanager
def counting(what: str, total: int | None = None, unit: str = "item") -> Iterator[Advance]:
    """(what the work does, how much there is when known, the unit) -> a function to call
    with each step's size, drawing a bar while bars are on."""
    if not shown() or (total is not None and total < MIN_ITEMS):
        yield _nothing
        return
    from tqdm import tqdm

    with tqdm(desc=what, total=total, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True, mininterval=0.5) as bar:
        yield bar.update


@contextmanager
def counting_or(advance: Advance | None, what: str, total: int | None = None,
                unit: str = "item") -> Iterator[Advance]:
    """(the caller's counter or None, then as ``counting``) -> the caller's counter, so one
    piece of work draws one bar, else a bar of its own."""
    if advance is not None:
        yield advance
        return
    with counting(what, total, unit) as own:
        yield own


def _nothing(n: int) -> None:
    """The advance of a bar that is not drawn."""
