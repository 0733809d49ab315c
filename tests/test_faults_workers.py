"""Fault and hostile-input suite: worker processes die with the run that started them.

A `run` killed (SIGKILL or SIGTERM) while its facts stage parses in worker processes must
not leave those workers (~0.5 GB each) alive under PID 1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crosswire.processes import worker_pool

POOL_SCRIPT = """
import os, sys, time
from crosswire.processes import worker_pool

def nap(_):
    time.sleep(60)
    return os.getpid()

if __name__ == "__main__":
    with worker_pool(2) as pool:
        futures = [pool.submit(nap, i) for i in range(2)]
        time.sleep(3)  # both workers started
        print(" ".join(str(p) for p in pool._processes), flush=True)
        futures[0].result()
"""


def _alive(pid: int) -> bool:
    """process id -> does it exist and is it not a zombie?"""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see processes")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_pool_workers_die_when_their_parent_is_killed(how: signal.Signals,
                                                     tmp_path: Path) -> None:
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(_alive(p) for p in workers)
    os.kill(parent.pid, how)
    parent.wait(10)
    assert _gone_within(workers, 5), "workers outlived their parent"


def test_a_pool_gives_results_in_order_and_stops_its_workers() -> None:
    with worker_pool(2) as pool:
        assert list(pool.map(abs, [-3, -1, -2])) == [3, 1, 2]
        workers = list(pool._processes)  # type: ignore[attr-defined]
    assert _gone_within(workers, 5)


def test_the_facts_stage_reads_the_same_in_worker_processes_as_in_this_one() -> None:
    from crosswire import api
    from crosswire.facts import stage
    from tests.conftest import SAMPLES

    articles = [a for p in sorted(SAMPLES.iterdir()) for a in api.extract(str(p))]
    many = [type(a).from_dict({**a.to_dict(), "id": f"{a.id}-{n}"})
            for n in range(7) for a in articles]
    assert len(many) >= stage.PARALLEL_FROM
    here = [(a.id, r.to_dict()) for a, r in stage.read(many, processes=1)]
    pooled = [(a.id, r.to_dict()) for a, r in stage.read(many, processes=2)]
    assert pooled == here and len(here) == len(many)
