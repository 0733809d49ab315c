"""Killing crosswire mid-ingest loses nothing committed; a re-run finishes without duplicates."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TOTAL = 300


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _make_corpus(folder: Path, samples: Path) -> None:
    folder.mkdir()
    texts = [p.read_text() for p in sorted(samples.glob("*.txt"))]
    for i in range(TOTAL):
        (folder / f"article_{i:04d}.txt").write_text(f"{texts[i % 5]}\n\nEdition number {i}.\n")


def _ingest(folder: Path, db: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CROSSWIRE_BATCH_SIZE": "2"}
    return subprocess.Popen([sys.executable, "-m", "crosswire", "ingest", str(folder),
                             "--db", str(db), "--quiet"], env=env)


def test_kill_mid_ingest_then_rerun(tmp_path: Path, samples: Path) -> None:
    folder, db = tmp_path / "corpus", tmp_path / "kill.db"
    _make_corpus(folder, samples)
    proc = _ingest(folder, db)
    deadline = time.monotonic() + 60
    while _count(db, "articles") < 6 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    at_kill = _count(db, "documents")
    assert 0 < at_kill < TOTAL, "the kill should land mid-run"

    assert _ingest(folder, db).wait(timeout=300) == 0
    assert _count(db, "documents") == TOTAL
    assert _count(db, "articles") == TOTAL
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    assert len(set(ids)) == TOTAL and not any(i.endswith("-2") for i in ids)
