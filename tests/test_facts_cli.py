"""Facts through the CLI: `crosswire facts` for a story or a file, as text, JSON Lines and CSV;
the facts array of the story card; `crosswire eval quantities`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]
REPORT_FIELDS = {"article", "outlet", "text", "value", "unit", "qualifier", "speaker",
                 "attributed_to", "as_of", "as_of_precision", "citation"}
FACT_FIELDS = {"id", "kind", "subject", "status", "reason", "reports"}
STATUSES = {"corroborated", "consistent", "conflicting", "evolving", "single-source"}
FIXTURE = Path(__file__).parent / "fixtures" / "quantities" / "newsquant_sample.jsonl"


@pytest.fixture
def story_db(raqqa_story: tuple[str, str]) -> tuple[str, str]:
    """(db path, id of the 2017 Raqqa story) after ingesting the samples."""
    return raqqa_story


def test_facts_of_a_story_as_json_lines_follow_the_contract(
        cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    facts = cli("facts", "--story", story, "--db", db, "--json").jsonl()
    assert facts and all(set(f) >= FACT_FIELDS for f in facts)
    assert {f["status"] for f in facts} <= STATUSES
    assert all(set(r) >= REPORT_FIELDS for f in facts for r in f["reports"])
    assert all(set(r["citation"]) == {"article", "start", "end"}
               for f in facts for r in f["reports"])


def test_the_story_card_carries_the_same_facts(cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    card = cli("story", story, "--db", db, "--json").json()
    listed = cli("facts", "--story", story, "--db", db, "--json").jsonl()
    assert [f["id"] for f in card["facts"]] == [f["id"] for f in listed]
    assert {"timeline", "summary", "framing"} <= set(card)


def test_facts_as_csv_have_one_row_per_report(cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    result = cli("facts", "--story", story, "--db", db, "--csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    listed = cli("facts", "--story", story, "--db", db, "--json").jsonl()
    assert len(rows) == sum(len(f["reports"]) for f in listed)
    toll = next(r for r in rows if r["value"] == "3250.0")
    assert (toll["status"], toll["qualifier"], toll["outlet"]) == (
        "consistent", "at_most", "Xinhua")


def test_facts_as_text_name_status_and_reason(cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    out = cli("facts", "--story", story, "--db", db).out
    assert "[consistent]" in out and "Syrian Observatory" in out


def test_facts_of_a_file_need_no_database(cli: Cli, samples: Path, tmp_path: Path) -> None:
    result = cli("facts", "--text-file", samples / "002_29db2200959aca4a.txt", "--json",
                 "--db", tmp_path / "never.db")
    facts = result.jsonl()
    assert result.code == 0 and facts
    assert all(f["status"] == "single-source" for f in facts)  # one article: one source
    assert not (tmp_path / "never.db").exists()


@pytest.mark.parametrize("args", [[], ["--story", "x", "--text-file", "y"]])
def test_facts_needs_exactly_one_input(cli: Cli, args: list[str]) -> None:
    result = cli("facts", *args)
    assert result.code == 2 and "--story" in result.err


def test_an_unknown_story_is_reported(cli: Cli, story_db: tuple[str, str]) -> None:
    db, _ = story_db
    result = cli("facts", "--story", "s-nope", "--db", db, "--json")
    assert result.code != 0 and "error" in result.json()


def test_eval_quantities_prints_the_contract_metrics(cli: Cli) -> None:
    result = cli("eval", "quantities", FIXTURE, "--json").json()
    assert result["task"] == "quantities" and result["n"] == 8
    assert {"value_f1", "value_precision", "value_recall", "value_unit_f1"} <= set(
        result["metrics"])
    assert 0.5 < result["metrics"]["value_f1"] <= 1.0
