"""Named points of a run where its work so far is committed, and a hook for fault tests.

The runner calls :func:`checkpoint` after each commit of the local runner (documents stored,
articles stored, stories stored, readings stored; the Dask runner has none), and
:mod:`crosswire.cards` after each story card it stores (cards-stored). Nothing happens
unless the environment variable ``CROSSWIRE_KILL_AT`` names that checkpoint (optionally
``NAME:N`` for its N-th time): then the process kills itself with SIGKILL, as a crash or
``kill -9`` would. The fault suite (tests/test_faults_kill.py) uses it to check that a re-run
loses, duplicates and strands nothing whatever point a run died at. It is read once, when
this module is imported.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

KILL_AT_VARIABLE = "CROSSWIRE_KILL_AT"
_KILL_AT = os.environ.get(KILL_AT_VARIABLE, "")
_reached: Counter[str] = Counter()


def checkpoint(name: str) -> None:
    """a checkpoint's name -> nothing, or the process killed when the fault hook names it."""
    if not _KILL_AT:
        return
    _reached[name] += 1
    wanted, _, nth = _KILL_AT.partition(":")
    if wanted == name and str(_reached[name]) == (nth or "1"):
        os.kill(os.getpid(), signal.SIGKILL)
