"""Progress bars: long stages say on stderr what they do, how far they are and how long is
left, on a terminal only and never under --quiet; library callers see nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crosswire.progress import counting, counting_or, showing, tracked
from tests.conftest import Result

Cli = Callable[..., Result]


def test_a_tracked_loop_draws_nothing_unless_bars_are_on(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert list(tracked([1, 2, 3], "building story cards")) == [1, 2, 3]
    with counting("reading articles", 3) as advance:
        advance(3)
    assert capsys.readouterr().err == ""


def test_a_bar_names_the_stage_its_count_and_total(capsys: pytest.CaptureFixture[str]) -> None:
    with showing(True):
        assert list(tracked(["a", "b", "c"], "building story cards", unit="card")) == [
            "a", "b", "c"]
        with counting("reading articles", 4, "article") as advance:
            advance(4)
    err = capsys.readouterr().err
    assert "building story cards:   0%" in err and "0/3" in err  # the total is known
    assert "reading articles" in err and "0/4" in err


def test_bars_are_off_again_after_the_block(capsys: pytest.CaptureFixture[str]) -> None:
    with showing(True):
        pass
    assert list(tracked(range(5), "cards")) == [0, 1, 2, 3, 4]
    assert capsys.readouterr().err == ""


def test_a_single_item_shows_no_bar(capsys: pytest.CaptureFixture[str]) -> None:
    with showing(True):
        list(tracked(["only"], "building story cards"))
    assert capsys.readouterr().err == ""


def run_samples(cli: Cli, samples: Path, tmp_path: Path, *flags: str) -> Result:
    return cli("run", str(samples), "--db", str(tmp_path / "bars.db"), "--report",
               str(tmp_path / "report.html"), *flags)


def test_run_on_a_terminal_shows_each_long_stage(cli: Cli, samples: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    result = run_samples(cli, samples, tmp_path)
    assert result.code == 0
    # each stage's bar is drawn when it starts (counts are redrawn at most twice a second)
    for stage in ("run: reading and cleaning", "record", "building story cards", "0/2"):
        assert stage in result.err


def test_quiet_and_pipes_show_no_bars(cli: Cli, samples: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    piped = run_samples(cli, samples, tmp_path)  # the captured stderr is no terminal
    assert piped.code == 0 and "reading articles" not in piped.err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    (tmp_path / "q").mkdir()
    quiet = run_samples(cli, samples, tmp_path / "q", "--quiet")
    assert quiet.code == 0 and quiet.err == ""


def test_a_callers_counter_stands_for_a_bar_of_its_own(
        capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[int] = []
    with showing(True), counting_or(seen.append, "cleaning stored documents") as advance:
        advance(3)
    assert seen == [3] and "cleaning stored documents" not in capsys.readouterr().err
    with showing(True), counting_or(None, "cleaning stored documents", 5) as advance:
        advance(2)
    assert "cleaning stored documents" in capsys.readouterr().err  # a bar of its own
