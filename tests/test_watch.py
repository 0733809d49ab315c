"""`watch`: files dropped into a folder are ingested once they stop changing, and their
stories are updated; a changed file is ingested again as an update; stop ends the loop."""

from __future__ import annotations

import queue
import shutil
import threading
from pathlib import Path

from crosswire.config import load_settings
from crosswire.owner import Pipeline
from crosswire.runners.watch import WatchBatch, Watcher, scan, watch
from crosswire.store import open_store


def test_a_file_is_ready_once_it_looks_the_same_in_two_polls(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "in-folder.db"))  # the store's own files are never input
    watcher = Watcher(tmp_path, Pipeline(store, load_settings()))
    article = tmp_path / "a.txt"
    article.write_text("Raqqa fell on Tuesday.\n")
    assert watcher.ready() == []  # first sight: it may still be being written
    article.write_text("Raqqa fell on Tuesday, officials said.\n")
    assert watcher.ready() == []  # grew since the last poll
    assert watcher.ready() == [str(article)]


def test_hidden_files_and_folders_are_not_input(tmp_path: Path) -> None:
    (tmp_path / ".partial.txt").write_text("half an article")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "note.txt").write_text("not news")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("news")
    assert list(scan(tmp_path, set())) == [str(tmp_path / "sub" / "b.txt")]


def _batches_until(batches: queue.Queue[WatchBatch], new: int) -> list[WatchBatch]:
    """-> the batches reported until ``new`` articles were ingested (files dropped together
    may straddle a poll and arrive in two batches)."""
    got = [batches.get(timeout=90)]
    while sum(len(b.counts.new) for b in got) < new:
        got.append(batches.get(timeout=90))
    return got


def test_watch_ingests_dropped_files_updates_stories_and_stops(tmp_path: Path,
                                                              samples: Path) -> None:
    inbox, db = tmp_path / "inbox", str(tmp_path / "inbox" / "watch.db")
    inbox.mkdir()
    batches: queue.Queue[WatchBatch] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(inbox, db, load_settings(), 0.2, stop,
                                                  batches.put))
    thread.start()
    try:
        names = sorted(p.name for p in samples.glob("*.txt"))
        for name in names[:4]:  # the four October 2017 reports on the fall of Raqqa
            shutil.copy(samples / name, inbox / name)
        first = _batches_until(batches, 4)
        assert sum(len(b.counts.new) for b in first) == 4 and first[-1].counts.stories == 1

        shutil.copy(samples / names[4], inbox / names[4])  # a later report, on its own
        second = _batches_until(batches, 1)[0]
        assert second.paths == [str(inbox / names[4])]
        assert len(second.counts.new) == 1 and second.counts.stories is not None
        in_stories = {i for s in open_store(db, create=False).stories() for i in s.articles}
        assert second.counts.new[0] in in_stories and len(in_stories) == 5

        with (inbox / names[0]).open("a") as handle:  # a revision of an ingested file
            handle.write("\nThis article has been updated.\n")
        third = batches.get(timeout=90)
        assert third.counts.updated == [names[0].split(".")[0]] and not third.counts.new
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert batches.empty()
    store = open_store(db, create=False)
    assert store.count("articles") == 5 and store.count("stories") == second.counts.stories
    assert store.count("revisions") == 1
