"""`crosswire doctor`: the first thing a user runs when something is off."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from crosswire import doctor
from crosswire.store import open_store
from crosswire.store.sqlite import SCHEMA_VERSION
from tests.conftest import Result

Cli = Callable[..., Result]


def by_name(found: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.name: c for c in found}


def test_a_working_install_is_healthy_and_says_where_its_models_come_from(
        cli: Cli, db_path: str) -> None:
    open_store(db_path).close()
    result = cli("doctor", "--json", "--db", db_path)
    assert result.code == 0
    report = result.json()
    assert report["healthy"] is True
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["MiniLM embeddings (ONNX)"]["status"] == "ok"
    assert "model.onnx" in checks["MiniLM embeddings (ONNX)"]["detail"]
    assert checks["MiniLM tokenizer"]["detail"].endswith("(0.5 MB, from crosswire)")
    assert checks["spaCy English"]["status"] == "ok"
    assert checks[db_path]["detail"] == f"SQLite, {Path(db_path).stat().st_size / 1e6:.1f} " \
        f"MB, schema {SCHEMA_VERSION} (current)"


def test_the_text_report_ends_with_a_verdict(cli: Cli, db_path: str) -> None:
    result = cli("doctor", "--db", db_path)
    assert result.code == 0
    assert "no database here yet" in result.out
    assert result.out.rstrip().endswith("everything crosswire needs is here")


def set_schema(db_path: str, version: int) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version={version}")


def test_an_older_store_is_upgraded_by_the_next_write(db_path: str) -> None:
    set_schema(db_path, SCHEMA_VERSION - 1)
    check = by_name(doctor.checks(db_path))[db_path]
    assert check.status == "note" and "upgraded to" in check.detail


def test_a_store_from_a_newer_crosswire_fails_with_what_to_do(cli: Cli, db_path: str) -> None:
    set_schema(db_path, SCHEMA_VERSION + 1)
    result = cli("doctor", "--db", db_path)
    assert result.code == 1
    assert "written by a newer crosswire" in result.out
    assert "-> upgrade crosswire" in result.out


def test_a_file_that_is_no_database_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("shopping list", encoding="utf-8")
    check = by_name(doctor.checks(str(bad)))[str(bad)]
    assert check.status == "missing" and "not a readable SQLite database" in check.detail
    assert bad.read_text(encoding="utf-8") == "shopping list"  # nothing written


def test_a_missing_required_package_is_named_with_the_fix(
        monkeypatch: pytest.MonkeyPatch, db_path: str) -> None:
    monkeypatch.setattr(doctor, "required_packages", lambda: ["click", "no-such-package-x"])
    found = doctor.checks(db_path)
    check = by_name(found)["no-such-package-x"]
    assert (check.status, check.detail) == ("missing", "not installed")
    assert check.fix is not None and "reinstall" in check.fix
    assert not doctor.healthy(found)
    assert "MISSING" in doctor.report_text(found)


def test_doctor_writes_nothing_beside_the_store_whatever_its_name(tmp_path: Path) -> None:
    db = tmp_path / "news #2?.db"
    open_store(str(db)).close()
    before = sorted(p.name for p in tmp_path.iterdir())
    check = by_name(doctor.checks(str(db)))[str(db)]
    assert check.status == "ok" and check.detail.endswith(f"schema {SCHEMA_VERSION} (current)")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal, -shm, no "news "


def test_an_empty_postgresql_database_is_a_note_not_a_failure(pg_server: Any) -> None:
    url = pg_server.new_database("doctor_empty")
    check = by_name(doctor.checks(url))[url]
    assert (check.status, check.detail) == ("note", "PostgreSQL: no crosswire tables yet")


def test_an_unreachable_postgresql_store_is_reported() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://nobody@127.0.0.1:9/none"  # discard port: nothing listens
    check = by_name(doctor.checks(url))[url]
    assert check.status == "missing" and check.detail.startswith("cannot read it")


def test_a_broken_install_without_spacy_is_reported_not_a_crash(
        monkeypatch: pytest.MonkeyPatch, db_path: str) -> None:
    monkeypatch.setitem(sys.modules, "crosswire.facts.nlp", None)  # import fails
    monkeypatch.setitem(sys.modules, "crosswire.stories.embed", None)
    found = by_name(doctor.checks(db_path))
    assert found["spaCy English"].status == "missing"
    assert found["MiniLM embeddings"].status == "missing"
