"""`watch`: files dropped into a folder are ingested once they stop changing, and their
stories are updated; a changed file is ingested again as an update; stop ends the loop."""

from __future__ import annotations

import logging
import queue
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosswire.config import load_settings
from crosswire.owner import Pipeline
from crosswire.runners import watch as watch_module
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


def test_after_the_first_look_only_the_paths_events_name_are_looked_at(
        tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "in-folder.db"))
    watcher = Watcher(tmp_path, Pipeline(store, load_settings()))
    assert watcher.ready() == []  # the first look: the whole folder (empty)
    article, hidden = tmp_path / "a.txt", tmp_path / ".a.txt.part"
    article.write_text("Raqqa fell on Tuesday.\n")
    hidden.write_text("half")
    (tmp_path / "unnamed.txt").write_text("no event named it")
    named = [str(article), str(hidden), store.path, "/elsewhere/b.txt"]
    assert watcher.ready(named) == []  # first sight of a.txt
    assert watcher.pending == {str(article)}  # hidden, the store and outsiders are not input
    assert watcher.ready(set()) == [str(article)]  # unchanged an interval later: ready
    assert watcher.pending == set()


def test_a_file_deleted_before_it_settles_is_forgotten(tmp_path: Path) -> None:
    watcher = Watcher(tmp_path, Pipeline(open_store(str(tmp_path / "s.db")), load_settings()))
    watcher.ready()
    article = tmp_path / "a.txt"
    article.write_text("Raqqa fell on Tuesday.\n")
    assert watcher.ready([str(article)]) == []
    article.unlink()
    assert watcher.ready([str(article)]) == [] and watcher.pending == set()


def test_a_folder_moved_in_is_looked_into(tmp_path: Path) -> None:
    watcher = Watcher(tmp_path, Pipeline(open_store(str(tmp_path / "s.db")), load_settings()))
    watcher.ready()
    batch = tmp_path / "batch"
    (batch / "deeper").mkdir(parents=True)
    (batch / "a.txt").write_text("Raqqa fell on Tuesday.\n")
    (batch / "deeper" / "b.txt").write_text("Raqqa fell.\n")
    (batch / ".c.txt.part").write_text("half")
    assert watcher.ready([str(batch)]) == []  # the one event names the folder
    assert sorted(watcher.ready(set())) == [str(batch / "a.txt"), str(batch / "deeper" / "b.txt")]


def test_a_file_must_keep_still_for_the_settle_time(tmp_path: Path) -> None:
    watcher = Watcher(tmp_path, Pipeline(open_store(str(tmp_path / "s.db")), load_settings()),
                      settle=30.0)
    (tmp_path / "a.txt").write_text("half an art")
    assert watcher.ready() == [] and watcher.ready() == []  # other wake-ups come and go
    assert watcher.pending == {str(tmp_path / "a.txt")}


def test_events_that_end_unasked_mean_listing_from_now_on() -> None:
    assert watch_module._next_events(iter([{"a"}]), None) == ({"a"}, True)
    assert watch_module._next_events(iter([]), None) == (None, False)
    assert watch_module._next_events(iter([]), lambda: True) == (set(), True)  # asked to stop


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


def _watch_in_thread(inbox: Path, db: str, stop: threading.Event,
                     batches: queue.Queue[WatchBatch]) -> threading.Thread:
    thread = threading.Thread(target=watch, args=(inbox, db, load_settings(), 0.2, stop,
                                                  batches.put), kwargs={"cards": False})
    thread.start()
    return thread


def test_dropped_files_arrive_by_events_without_listing_the_folder_again(
        tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listings: list[Path] = []
    real_scan = watch_module.scan

    def counted_scan(folder: Path, ignore: set[str]) -> dict[str, tuple[int, int]]:
        listings.append(folder)
        return real_scan(folder, ignore)

    monkeypatch.setattr(watch_module, "scan", counted_scan)
    monkeypatch.setattr(watch_module, "FULL_LOOK_EVERY", 10**6)
    inbox, db = tmp_path / "inbox", str(tmp_path / "watch.db")
    inbox.mkdir()
    batches: queue.Queue[WatchBatch] = queue.Queue()
    stop = threading.Event()
    thread = _watch_in_thread(inbox, db, stop, batches)
    try:
        name = sorted(p.name for p in samples.glob("*.txt"))[0]
        shutil.copy(samples / name, inbox / name)
        assert batches.get(timeout=60).paths == [str(inbox / name)]
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert listings == [inbox.resolve()] * 2  # the first look, and once events began


def test_when_events_fail_the_folder_is_listed_instead(
        tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def no_events(folder: Path, interval: float, stop: object) -> Iterator[set[str]]:
        raise OSError("inotify watch limit reached")
        yield set()  # a generator: the error comes at the first wake-up, as watchfiles' does

    monkeypatch.setattr(watch_module, "file_events", no_events)
    inbox, db = tmp_path / "inbox", str(tmp_path / "watch.db")
    inbox.mkdir()
    batches: queue.Queue[WatchBatch] = queue.Queue()
    stop = threading.Event()
    with caplog.at_level(logging.WARNING, logger="crosswire.runners.watch"):
        thread = _watch_in_thread(inbox, db, stop, batches)
        try:
            name = sorted(p.name for p in samples.glob("*.txt"))[0]
            shutil.copy(samples / name, inbox / name)
            assert len(batches.get(timeout=60).counts.new) == 1
        finally:
            stop.set()
            thread.join(timeout=30)
    assert "file-system events failed (inotify watch limit reached)" in caplog.text
