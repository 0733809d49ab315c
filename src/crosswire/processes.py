"""Worker processes that never outlive the process that started them.

A pool from :func:`worker_pool` starts its workers fresh ("spawn": nothing of a threaded
parent, such as a lock another thread held, is copied into them) and runs each worker's
initializer :func:`die_with_parent`: on Linux the kernel sends the worker SIGKILL when its
parent dies (``prctl(PR_SET_PDEATHSIG)``), however the parent ends (SIGKILL, SIGTERM, a
crash); elsewhere a watchdog thread in the worker exits it within a second of the parent's
end. A run killed mid-way therefore leaves no orphaned workers (each holds a spaCy model:
~0.5 GB). The kernel's signal follows the *thread* that started the worker: a pool is used
and shut down by the thread that made it (as :func:`worker_pool`'s ``with`` block does).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """(the parent's process id) -> this process is killed when the parent ends; it exits
    at once if the parent is already gone."""
    if not (sys.platform.startswith("linux") and _kernel_kills_orphan()):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    """-> True once the kernel will SIGKILL this process when its parent dies (Linux)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError) as exc:
        log.warning("prctl unavailable (%s): workers watch their parent instead", exc)
        return False


def _watch_parent(parent: int) -> None:
    """Exit this process once its parent has gone (polled each second)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


@contextmanager
def worker_pool(processes: int) -> Iterator[ProcessPoolExecutor]:
    """number of processes -> a process pool whose workers die with this process; on leaving,
    work not started is cancelled and the workers are stopped."""
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
