"""Stories through the CLI: the samples' stories, the story card formats, pinned merges and
splits that survive re-runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]
STORY_FIELDS = {"id", "title", "articles", "outlets", "independent_sources", "first_published",
                "first_publisher", "last_published", "related"}
RAQQA_2017 = ["000_68163af6daf85999", "001_8571044f9f1d5040", "002_29db2200959aca4a",
              "003_29884fe21087bc82"]
FOLLOW_UP = "004_43c47f607b1253ce"


@pytest.fixture
def ingested(cli: Cli, samples: Path, db_path: str) -> str:
    assert cli("ingest", samples, "--db", db_path, "--quiet").code == 0
    return db_path


def _stories(cli: Cli, db: str) -> list[dict[str, object]]:
    return cli("stories", "--db", db, "--json").jsonl()


def test_the_2017_fall_of_raqqa_is_one_story_and_the_2018_follow_up_another(
        cli: Cli, ingested: str) -> None:
    stories = _stories(cli, ingested)
    assert all(set(s) >= STORY_FIELDS for s in stories)
    by_members = {tuple(sorted(s["articles"])): s for s in stories}  # type: ignore[arg-type]
    assert set(by_members) == {tuple(RAQQA_2017), (FOLLOW_UP,)}
    fall = by_members[tuple(RAQQA_2017)]
    assert fall["first_publisher"] == "003_29884fe21087bc82"
    assert fall["first_published"] == "2017-10-14T20:36"
    assert fall["independent_sources"] == 4 and fall["outlets"] == ["Xinhua", "i24NEWS"]
    follow_up = by_members[(FOLLOW_UP,)]
    assert fall["related"] == [follow_up["id"]] and follow_up["related"] == [fall["id"]]


def test_story_card_formats(cli: Cli, ingested: str, tmp_path: Path) -> None:
    story_id = _stories(cli, ingested)[-1]["id"]
    card = cli("story", story_id, "--db", ingested, "--json").json()
    assert set(card) >= STORY_FIELDS
    assert cli("story", story_id, "--db", ingested, "--md").out.startswith("# ")
    page = tmp_path / "story.html"
    assert cli("story", story_id, "--db", ingested, "--html", "-o", page).code == 0
    assert "<!doctype html>" in page.read_text()
    assert cli("story", "s-nope", "--db", ingested).code == 2


def test_a_split_is_kept_when_stories_are_rebuilt(cli: Cli, ingested: str,
                                                  samples: Path) -> None:
    fall = next(s for s in _stories(cli, ingested) if len(s["articles"]) == 4)  # type: ignore
    moved = "001_8571044f9f1d5040"
    result = cli("stories", "--split", fall["id"], moved, "--db", ingested, "--json")
    assert result.code == 0, result.err
    assert cli("reprocess", "--db", ingested, "--quiet").code == 0
    groups = {tuple(sorted(s["articles"])) for s in _stories(cli, ingested)}  # type: ignore
    assert (moved,) in groups
    assert tuple(a for a in RAQQA_2017 if a != moved) in groups


def test_a_merge_is_kept_when_stories_are_rebuilt(cli: Cli, ingested: str) -> None:
    stories = _stories(cli, ingested)
    result = cli("stories", "--merge", stories[0]["id"], stories[1]["id"], "--db", ingested,
                 "--json")
    assert result.code == 0, result.err
    assert cli("reprocess", "--db", ingested, "--quiet").code == 0
    (merged,) = _stories(cli, ingested)
    assert sorted(merged["articles"]) == sorted([*RAQQA_2017, FOLLOW_UP])  # type: ignore


def test_the_id_of_a_story_merged_into_another_shows_that_story_and_says_so(
        cli: Cli, ingested: str) -> None:
    first, second = (s["id"] for s in _stories(cli, ingested)[:2])
    assert cli("stories", "--merge", first, second, "--db", ingested, "--json").code == 0
    (merged,) = _stories(cli, ingested)
    gone = second if merged["id"] == first else first
    shown = cli("story", gone, "--db", ingested, "--json")
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["id"] == merged["id"]
    assert f"story {gone} was merged into {merged['id']}" in shown.err


def test_a_merge_after_a_split_joins_them_again(cli: Cli, ingested: str) -> None:
    fall = next(s for s in _stories(cli, ingested) if len(s["articles"]) == 4)  # type: ignore
    moved = "001_8571044f9f1d5040"
    left, apart = cli("stories", "--split", fall["id"], moved, "--db", ingested,
                      "--json").jsonl()
    result = cli("stories", "--merge", left["id"], apart["id"], "--db", ingested, "--json")
    assert result.code == 0, result.err
    assert sorted(result.jsonl()[0]["articles"]) == RAQQA_2017
    assert cli("reprocess", "--db", ingested, "--quiet").code == 0
    groups = {tuple(sorted(s["articles"])) for s in _stories(cli, ingested)}  # type: ignore
    assert tuple(RAQQA_2017) in groups


def test_bad_story_commands_are_usage_errors(cli: Cli, ingested: str) -> None:
    story_id = _stories(cli, ingested)[0]["id"]
    assert cli("stories", "--split", story_id, "not-an-article", "--db", ingested).code == 2
    assert cli("stories", "stray-article", "--db", ingested).code == 2
    assert cli("story", story_id, "--md", "--html", "--db", ingested).code == 2
