"""What only the PostgreSQL store has (missing database, foreign tables, schema versions,
passwords, parallel writers), a slice of the CLI specification run again here on a throwaway
PostgreSQL server, the web app served from PostgreSQL, and the same stories from both
backends. What every store does is specified once, for both, in tests/test_store_spec.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from fastapi.testclient import TestClient

from crosswire import api
from crosswire.errors import UsageError
from crosswire.store import PostgresStore, SQLiteStore, open_store
from crosswire.store.postgres import public_url
from crosswire.store.sqlite import SCHEMA_VERSION
from crosswire.web.app import create_app
from tests.conftest import Result
from tests.pg import PgServer
from tests.test_cli import (  # noqa: F401  (the CLI specification, run on PostgreSQL)
    test_a_partial_delete_reports_what_it_deleted_then_fails,
    test_article_and_search,
    test_articles_json_lines_follow_the_contract_in_published_order,
    test_dates_are_read_as_iso_in_any_form,
    test_delete_and_reprocess,
    test_ingest_twice_changes_nothing,
)
from tests.test_store import doc
from tests.test_stories_cli import (  # noqa: F401  (the stories specification, on PostgreSQL)
    ingested,
    test_a_merge_after_a_split_joins_them_again,
    test_a_split_is_kept_when_stories_are_rebuilt,
    test_the_2017_fall_of_raqqa_is_one_story_and_the_2018_follow_up_another,
)

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "raqqa"
RAQQA_2017 = ["000_68163af6daf85999", "001_8571044f9f1d5040", "002_29db2200959aca4a",
              "003_29884fe21087bc82"]


@pytest.fixture
def db_path(pg_server: PgServer) -> str:
    """Every test here gets a new, empty PostgreSQL database in place of a SQLite file."""
    return pg_server.new_database()


@pytest.fixture(scope="module")
def pg_samples(pg_server: PgServer) -> str:
    """A PostgreSQL database holding the five samples, every story's facts read once."""
    url = pg_server.new_database("samples")
    api.ingest([str(SAMPLES)], db=url)
    api.story_cards(open_store(url))
    return url


# -- what only a server has -----------------------------------------------------------------


def test_open_store_picks_the_backend_from_the_url(db_path: str, tmp_path: Path) -> None:
    assert isinstance(open_store(db_path), PostgresStore)
    assert isinstance(open_store(str(tmp_path / "x.db")), SQLiteStore)


def test_reading_a_database_crosswire_never_wrote_creates_nothing(db_path: str) -> None:
    with pytest.raises(UsageError, match="no crosswire database"):
        open_store(db_path, create=False)
    with psycopg.connect(db_path) as conn:
        assert conn.execute("SELECT to_regclass('documents')").fetchone() == (None,)


def test_another_programs_tables_are_refused_and_left_alone(db_path: str) -> None:
    with psycopg.connect(db_path, autocommit=True) as conn:
        conn.execute("CREATE TABLE documents (title TEXT)")
    with pytest.raises(UsageError, match="another program"):
        open_store(db_path)
    with psycopg.connect(db_path) as conn:
        assert conn.execute("SELECT to_regclass('crosswire_schema')").fetchone() == (None,)


def test_the_schema_version_is_recorded_and_reapplying_it_changes_nothing(db_path: str) -> None:
    store = PostgresStore(db_path)
    store.add_documents([doc("a", "/x/a")])
    with store.transaction():
        store._apply_schema()  # the upgrade script is idempotent
    assert store._version() == SCHEMA_VERSION and store.count("documents") == 1


def test_a_database_from_a_newer_crosswire_is_refused(db_path: str) -> None:
    open_store(db_path)
    with psycopg.connect(db_path, autocommit=True) as conn:
        conn.execute("UPDATE crosswire_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(UsageError, match="newer crosswire"):
        open_store(db_path)


def test_the_store_path_names_the_database_without_its_password() -> None:
    url = "postgresql://news:s3cret@db.example:5433/crosswire?sslmode=require&password=x"
    assert public_url(url) == "postgresql://news@db.example:5433/crosswire?sslmode=require"


def test_an_unreachable_server_is_a_usage_error_without_the_password() -> None:
    with pytest.raises(UsageError, match="cannot connect") as caught:
        open_store("postgresql://u:hunter2@127.0.0.1:1/none?connect_timeout=2")
    assert "hunter2" not in str(caught.value)


def test_writers_in_parallel_take_turns(db_path: str) -> None:
    """Several processes (web workers, runners) open one new database and write at once: the
    schema is applied once and ids stay unique, as with SQLite's one writer."""
    def write(n: int) -> list[str]:
        store = open_store(db_path)
        return [d.id for d, _ in store.add_documents([doc("same", f"/w{n}/{i}")
                                                      for i in range(5)])]

    with ThreadPoolExecutor(4) as pool:
        ids = [i for batch in pool.map(write, range(4)) for i in batch]
    assert len(ids) == len(set(ids)) == 20
    assert open_store(db_path).count("documents") == 20


# -- the same on both backends --------------------------------------------------------------


def test_the_samples_make_the_same_stories_on_both_backends(tmp_path: Path,
                                                            pg_server: PgServer) -> None:
    lite, pg = str(tmp_path / "lite.db"), pg_server.new_database("same")
    for db in (lite, pg):
        api.ingest([str(SAMPLES)], db=db)
    assert ([s.to_dict() for s in open_store(lite).stories()]
            == [s.to_dict() for s in open_store(pg).stories()])
    assert ([a.to_dict() for a in open_store(lite).articles()]
            == [a.to_dict() for a in open_store(pg).articles()])


# -- the CLI and the web app on PostgreSQL -----------------------------------------------------


def test_facts_of_a_story_from_postgresql(cli: Cli, pg_samples: str) -> None:
    story = max(open_store(pg_samples).stories(), key=lambda s: len(s.articles))
    facts = cli("facts", "--story", story.id, "--db", pg_samples, "--json").jsonl()
    assert facts and all(f["reports"] for f in facts)
    assert sorted(story.articles) == RAQQA_2017


@pytest.fixture(scope="module")
def web(pg_samples: str) -> Iterator[TestClient]:
    with TestClient(create_app(pg_samples, "write-secret")) as client:
        yield client


def test_the_web_app_lists_and_shows_stories_from_postgresql(web: TestClient,
                                                             pg_samples: str) -> None:
    page = web.get("/", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.text.index("Tough IS fight ahead") < page.text.index("capture Syria&#39;s Raqqa")
    assert "1 story" in web.get("/?q=caliphate+Trump").text
    assert "1 story" in web.get("/?outlet=xinhua").text
    story = max(open_store(pg_samples).stories(), key=lambda s: len(s.articles))
    shown = web.get(f"/stories/{story.id}", headers={"accept": "text/html"})
    assert shown.status_code == 200 and story.title in shown.text.replace("&#39;", "'")


def test_the_json_api_serves_a_story_card_from_postgresql(web: TestClient,
                                                          pg_samples: str) -> None:
    story = max(open_store(pg_samples).stories(), key=lambda s: len(s.articles))
    card = web.get(f"/api/stories/{story.id}").json()
    assert card["id"] == story.id and sorted(card["articles"]) == RAQQA_2017
    assert card["facts"] and {"timeline", "summary", "framing"} <= set(card)
    assert web.get("/api/stories/s-nope").status_code == 404


def test_posted_articles_are_ingested_once_and_kept_only_in_the_store(
        pg_server: PgServer, state_dir: Path) -> None:
    url = pg_server.new_database("posted")
    record = {"id": "web-1", "headline": "Raqqa council returns",
              "text": (SAMPLES / "002_29db2200959aca4a.txt").read_text()[:1500],
              "outlet": "Test Wire", "published": "2017-10-22"}
    auth = {"authorization": "Bearer write-secret"}
    app = create_app(url, "write-secret")
    with TestClient(app) as client:
        first = client.post("/api/articles", json=[record], headers=auth)
        again = client.post("/api/articles", json=[record], headers=auth).json()
    assert first.status_code == 200 and first.json()["ingested"] == ["web-1"]
    assert again["unchanged"] == ["web-1"]
    assert not any(state_dir.glob("uploads-*"))  # the web keeps no copy of what is posted
    assert open_store(url).article("web-1") is not None


def test_a_missing_server_package_is_reported_not_skipped(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.pg as pg

    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    with pytest.raises(pg.PgUnavailable, match="no PostgreSQL binaries"):
        pg.start_server()
