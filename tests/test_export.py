"""Data out: --csv on facts, story, stories and articles (a header, one row per item, sources
by name, RFC 4180 quoting); the list filters of stories and search; the JSON API's list
envelope under /api/v2/, the old bare lists kept."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crosswire.export import (
    ARTICLE_COLUMNS,
    FACT_COLUMNS,
    STORY_COLUMNS,
    fact_rows,
    source_name,
    write_csv,
)
from crosswire.models import Fact
from crosswire.web.app import create_app
from tests.conftest import Result
from tests.factories import make_article, make_figure

Cli = Callable[..., Result]
RAQQA = "s-003_29884fe21087bc82"  # the four-article story of the samples


def table(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """CSV text -> (its header, its rows as {column: cell})."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    found = list(reader)
    return list(reader.fieldnames or []), found


# -- the CSV writers ---------------------------------------------------------------------------


def test_cells_with_commas_quotes_and_line_breaks_are_quoted_and_read_back() -> None:
    said = make_figure("a1", 0.0, kind="quote", text='He said "no", twice,\nthen left',
                       speaker="Ali", unit=None)
    fact = Fact(id="f1", kind="quote", subject='Ali: "no"', status="single-source",
                reason="1 source, reports it.", reports=[said])
    arts = {"a1": make_article("a1", headline="Raqqa, again", outlet=None)}
    arts["a1"].url = "https://www.example.org/a?b=1"
    text = io.StringIO()
    write_csv(text, FACT_COLUMNS, fact_rows([fact], arts))
    assert '"He said ""no"", twice,\nthen left"' in text.getvalue()
    header, [row] = table(text.getvalue())
    assert header == list(FACT_COLUMNS)
    assert row["text"] == 'He said "no", twice,\nthen left'
    assert row["source"] == "Raqqa, again (example.org)"
    assert (row["subject"], row["reason"]) == ('Ali: "no"', "1 source, reports it.")


def test_a_source_is_named_by_outlet_else_headline_and_domain_else_id() -> None:
    art = make_article("a9", headline="City taken", outlet="Xinhua")
    assert source_name(art, "a9") == "Xinhua"
    art.outlet, art.url = None, "http://www.news.example:8080/x"
    assert source_name(art, "a9") == "City taken (news.example)"
    art.url = None
    assert source_name(art, "a9") == "City taken"
    assert source_name(None, "a9") == "a9"


# -- the commands -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def db(samples_with_cards: str) -> str:
    return samples_with_cards


def test_story_csv_is_its_facts_one_row_per_report_as_facts_csv(cli: Cli, db: str) -> None:
    story = cli("story", RAQQA, "--db", db, "--csv")
    facts = cli("facts", "--story", RAQQA, "--db", db, "--csv")
    assert story.code == 0 and story.out == facts.out
    header, found = table(story.out)
    card = cli("story", RAQQA, "--db", db, "--json").json()
    assert header == list(FACT_COLUMNS)
    assert len(found) == sum(len(f["reports"]) for f in card["facts"])
    assert {r["source"] for r in found} >= {"Xinhua", "i24NEWS"}
    unknown = [r for r in found if not r["outlet"]]
    assert unknown and all(r["source"] == r["headline"] for r in unknown)  # no URL: headline


def test_story_csv_goes_to_a_file_with_o(cli: Cli, db: str, tmp_path: Any) -> None:
    target = tmp_path / "facts.csv"
    assert cli("story", RAQQA, "--db", db, "--csv", "-o", target).code == 0
    assert target.read_bytes().decode("utf-8") == cli(
        "story", RAQQA, "--db", db, "--csv").out


@pytest.mark.parametrize("args", [("story", RAQQA, "--csv", "--json"),
                                  ("story", RAQQA, "--csv", "--md"),
                                  ("stories", "--csv", "--json"),
                                  ("articles", "--csv", "--json")])
def test_one_output_format_at_a_time(cli: Cli, db: str, args: tuple[str, ...]) -> None:
    result = cli(*args, "--db", db)
    assert result.code == 2 and "one output format" in result.out + result.err


def test_stories_csv_names_outlets_and_first_publisher(cli: Cli, db: str) -> None:
    header, found = table(cli("stories", "--db", db, "--csv").out)
    listed = cli("stories", "--db", db, "--json").jsonl()
    assert header == list(STORY_COLUMNS)
    assert [r["story"] for r in found] == [s["id"] for s in listed]
    raqqa = next(r for r in found if r["story"] == RAQQA)
    assert (raqqa["articles"], raqqa["outlets"]) == ("4", "Xinhua; i24NEWS")
    assert raqqa["first_publisher"] == "Islamic State faces imminent defeat in Raqqa"
    assert raqqa["first_publisher_article"] == "003_29884fe21087bc82"


def test_articles_csv_has_a_row_per_article_in_the_listing_order(cli: Cli, db: str) -> None:
    header, found = table(cli("articles", "--db", db, "--csv", "--outlet", "xinhua").out)
    assert header == list(ARTICLE_COLUMNS)
    assert [(r["article"], r["source"]) for r in found] == [("002_29db2200959aca4a", "Xinhua")]
    everything = cli("articles", "--db", db, "--json").jsonl()
    assert [r["article"] for r in table(cli("articles", "--db", db, "--csv").out)[1]] == [
        a["id"] for a in everything]


def test_stories_take_the_web_lists_filters(cli: Cli, db: str) -> None:
    def ids(*args: str) -> list[str]:
        return [s["id"] for s in cli("stories", "--db", db, "--json", *args).jsonl()]

    every = ids()
    assert len(every) == 2 and ids("--limit", "1") == every[:1]
    assert ids("--outlet", "XINHUA") == [RAQQA]
    assert ids("--since", "2018-01-01") == [s for s in every if s != RAQQA]
    assert ids("--until", "2017-12-31") == [RAQQA]
    assert ids("--search", "Mosul") == [RAQQA]
    assert ids("--limit", "0") == []
    bad = cli("stories", "--db", db, "--since", "yesterday")
    assert bad.code == 2 and "ISO date" in bad.err


def test_list_filters_do_not_go_with_merge_or_split(cli: Cli, db: str) -> None:
    result = cli("stories", "--db", db, "--merge", "a", "b", "--limit", "1")
    assert result.code == 2 and "not with --merge" in result.err


def test_search_takes_limit_since_until_and_outlet(cli: Cli, db: str) -> None:
    def ids(*args: str) -> list[str]:
        return [a["id"] for a in cli("search", "Raqqa", "--db", db, "--json", *args).jsonl()]

    every = ids()
    assert len(every) == 5
    assert ids("--limit", "2") == every[:2]
    assert ids("--outlet", "i24news") == ["000_68163af6daf85999"]
    late = ids("--since", "2017-10-18", "--until", "2017-10-21")
    assert late and set(late) < set(every)
    for hit in cli("search", "Raqqa", "--db", db, "--json", "--since", "2017-10-18",
                   "--until", "2017-10-21").jsonl():
        assert "2017-10-18" <= hit["published"][:10] <= "2017-10-21"
    assert [i for i in every if i in late] == late  # the rank order kept


# -- the JSON API's envelope --------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, None)) as c:
        yield c


def test_every_v2_list_answers_one_envelope(client: TestClient) -> None:
    for path, key in (("/api/v2/stories", "stories"), ("/api/v2/articles", "articles"),
                      ("/api/v2/search?q=Raqqa", "articles")):
        body = client.get(path).json()
        assert set(body) == {"total", "limit", "offset", key}, path
        assert body["total"] == len(body[key]) and body["offset"] == 0


def test_v2_lists_page_with_limit_and_offset(client: TestClient) -> None:
    whole = client.get("/api/v2/articles").json()["articles"]
    page = client.get("/api/v2/articles?limit=2&offset=1").json()
    assert (page["total"], page["limit"], page["offset"]) == (5, 2, 1)
    assert [a["id"] for a in page["articles"]] == [a["id"] for a in whole[1:3]]
    hits = client.get("/api/v2/search?q=Raqqa&limit=1&offset=1").json()
    assert hits["total"] == 5 and len(hits["articles"]) == 1
    assert "[Raqqa]" in hits["articles"][0]["snippet"]


def test_v2_filters_count_what_they_match(client: TestClient) -> None:
    articles = client.get("/api/v2/articles?outlet=Xinhua").json()
    assert articles["total"] == 1 and articles["articles"][0]["outlet"] == "Xinhua"
    hits = client.get("/api/v2/search?q=Raqqa&outlet=i24NEWS").json()
    assert hits["total"] == 1 and [h["outlet"] for h in hits["articles"]] == ["i24NEWS"]
    bad = client.get("/api/v2/articles?since=soon")
    assert bad.status_code == 422 and "since" in bad.json()["error"]


def test_v2_items_are_the_old_lists_items(client: TestClient) -> None:
    assert client.get("/api/v2/articles").json()["articles"] == client.get(
        "/api/articles").json()
    assert client.get("/api/v2/search?q=Raqqa").json()["articles"] == client.get(
        "/api/search?q=Raqqa").json()
    assert client.get("/api/v2/stories").json() == client.get("/api/stories").json()


def test_old_list_endpoints_keep_their_bare_lists(client: TestClient) -> None:
    assert isinstance(client.get("/api/articles").json(), list)
    assert isinstance(client.get("/api/search?q=Raqqa").json(), list)


def test_the_openapi_schema_documents_the_envelopes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v2/stories", "/api/v2/articles", "/api/v2/search"):
        schema = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert schema["schema"]["$ref"].rsplit("/", 1)[1] in {"StoryList", "ArticleList"}
