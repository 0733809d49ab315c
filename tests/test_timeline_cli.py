"""`crosswire timeline` and the story card's timeline: the contract's shape, citations that
hold their sentence, date bounds and counts, usage errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crosswire.store import open_store
from tests.conftest import Result

Cli = Callable[..., Result]


@pytest.fixture
def story_db(raqqa_story: tuple[str, str]) -> tuple[str, str]:
    """(db path, id of the 2017 Raqqa story) after ingesting the samples."""
    return raqqa_story


def _cited(db: str, citation: dict[str, object]) -> str:
    article = open_store(db, create=False).article(str(citation["article"]))
    assert article is not None
    return article.body[int(str(citation["start"])):int(str(citation["end"]))]


def test_a_story_timeline_follows_the_contract_and_its_citations_hold(
        cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    entries = cli("timeline", "--story", story, "--db", db, "--json").jsonl()
    assert entries and all(set(e) == {"date", "precision", "sentences"} for e in entries)
    assert all(e["precision"] in ("day", "month", "year") for e in entries)
    for entry in entries:
        for sentence in entry["sentences"]:
            assert sentence["citations"]
            assert all(_cited(db, c) == sentence["text"] for c in sentence["citations"])


def test_the_raqqa_timeline_holds_the_three_key_days(cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    days = {e["date"] for e in cli("timeline", "--story", story, "--db", db, "--json").jsonl()}
    assert {"2017-10-14", "2017-10-17", "2017-10-21"} <= days


def test_dates_sentences_and_bounds_are_honoured(cli: Cli, story_db: tuple[str, str]) -> None:
    db, _ = story_db
    entries = cli("timeline", "--db", db, "--json", "--dates", "2", "--sentences", "1",
                  "--since", "2017-10-01", "--until", "2017-10-31").jsonl()
    assert 1 <= len(entries) <= 2
    assert all(len(e["sentences"]) == 1 for e in entries)
    assert all("2017-10" <= e["date"][:7] <= "2017-10" for e in entries)


def test_the_story_card_carries_the_timeline(cli: Cli, story_db: tuple[str, str]) -> None:
    db, story = story_db
    card = cli("story", story, "--db", db, "--json").json()
    assert card["timeline"] == cli("timeline", "--story", story, "--db", db, "--json").jsonl()


@pytest.mark.parametrize("args", [["--since", "last week"], ["--dates", "0"]])
def test_bad_options_are_usage_errors(cli: Cli, story_db: tuple[str, str],
                                      args: list[str]) -> None:
    db, _ = story_db
    assert cli("timeline", "--db", db, *args).code == 2
