"""Which run stored a document, and whether that run is still alive.

A run (one ``ingest``/``run``/``watch`` call) claims the documents it stores until it has
cleaned them. Another run leaves a live run's documents alone and recovers those of a run
that died (killed, crashed): on the same machine by asking the operating system whether the
process still exists (with the same start time, so a reused process id does not count), on
another machine (or this one before a reboot: the boot id differs) when the claim is older
than the ``claim_timeout`` setting.

Input: nothing but the process; output: run ids ``host:pid:start:token`` and liveness.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime
from pathlib import Path


def _machine() -> str:
    """-> this machine's name for claims: host name, boot id and process namespace, so two
    containers (or hosts) sharing a name are told apart, and a process from before a reboot
    is not mistaken for one of now (parts the system does not give are left out)."""
    parts = [socket.gethostname()]
    for source in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
        try:
            parts.append(Path(source).read_text().strip()[:8] if "boot" in source
                         else os.readlink(source).strip("pid:[]"))
        except OSError:
            continue
    return "/".join(parts).replace(":", "_").replace(" ", "_")


HOST = _machine()


def process_start(pid: int) -> str | None:
    """process id -> its start time in clock ticks since boot (Linux ``/proc``), "0" when
    the process exists but its start time cannot be read, or None when there is none."""
    stat = Path(f"/proc/{pid}/stat")
    try:
        fields = stat.read_text().rpartition(")")[2].split()
        return fields[19]  # field 22 of stat, counted after the command name
    except (OSError, IndexError):  # no /proc, or hidden (hidepid): ask the system
        return _exists(pid)


def _exists(pid: int) -> str | None:
    """process id -> "0" when a process with that id exists (no start time known), else
    None."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # exists, owned by someone else
        return "0"
    return "0"


def new_run_id() -> str:
    """-> a fresh id for one run of this process: 'host:pid:start:token'."""
    pid = os.getpid()
    return f"{HOST}:{pid}:{process_start(pid) or '0'}:{uuid.uuid4().hex[:8]}"


def run_alive(run: str, claimed_at: str, timeout_minutes: float) -> bool:
    """(a run id, when it claimed, the claim timeout) -> is that run possibly still working?
    An empty id is no claim (False)."""
    parts = run.split(":")
    if not run or len(parts) != 4:
        return False
    host, pid, start, _ = parts
    if host == HOST and pid.isdigit():
        now_start = process_start(int(pid))
        return now_start is not None and (start in ("0", now_start) or now_start == "0")
    try:
        age = datetime.now(UTC) - datetime.fromisoformat(claimed_at)
    except ValueError:
        return False
    return age.total_seconds() < timeout_minutes * 60
