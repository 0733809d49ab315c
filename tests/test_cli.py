"""The CLI contract (DESIGN.md): commands, --json output, errors and exit codes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from crosswire import __version__
from tests.conftest import Result

Cli = Callable[..., Result]
CONTRACT = {"id", "path", "url", "outlet", "wire_credit", "headline", "published",
            "published_confidence", "evidence", "dateline", "byline", "body", "removed",
            "language", "wire_group"}


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0 and __version__ in result.out


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["settings"]])
def test_commands_that_need_no_pipeline_do_not_load_it(args: list[str]) -> None:
    import subprocess
    import sys

    probe = ("import sys; from crosswire.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "heavy = ('sklearn', 'datasketch', 'spacy', 'onnxruntime', 'faiss', 'scipy')\n"
             "print(','.join(m for m in heavy if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True,
                          text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1:] in ([], [""]), done.stderr


def test_run_ingests_the_samples_and_writes_the_report(cli: Cli, samples: Path,
                                                       db_path: str, tmp_path: Path) -> None:
    report = tmp_path / "out.html"
    result = cli("run", samples, "--db", db_path, "--report", report)
    assert result.code == 0
    assert str(report) in result.out
    assert "5 ingested, 0 unchanged, 0 skipped" in result.err
    html = report.read_text()
    assert "Tough IS fight ahead" in html
    assert html.count("<script") == 1  # crosswire's own, allowed by hash in the page's CSP


def test_ingest_twice_changes_nothing(cli: Cli, samples: Path, db_path: str) -> None:
    first = cli("ingest", samples, "--db", db_path, "--json").json()
    second = cli("ingest", samples, "--db", db_path, "--json").json()
    assert len(first["ingested"]) == 5 and first["unchanged"] == []
    assert second["ingested"] == [] and sorted(second["unchanged"]) == sorted(first["ingested"])


def test_articles_json_lines_follow_the_contract_in_published_order(
        cli: Cli, samples: Path, db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    rows = cli("articles", "--db", db_path, "--json").jsonl()
    assert len(rows) == 5
    assert all(set(row) >= CONTRACT for row in rows)
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates)


def test_article_and_search(cli: Cli, samples: Path, db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    one = cli("article", "002_29db2200959aca4a", "--db", db_path, "--json").json()
    assert one["outlet"] == "Xinhua"
    hits = cli("search", "Bukamal", "--db", db_path, "--json").jsonl()
    assert [h["id"] for h in hits] == ["002_29db2200959aca4a"]


def test_unknown_article_is_a_usage_error_in_json(cli: Cli, samples: Path, db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    result = cli("article", "nope", "--db", db_path, "--json")
    assert result.code == 2
    assert "nope" in result.json()["error"]


def test_bad_date_and_unknown_command_are_usage_errors(cli: Cli, db_path: str) -> None:
    assert cli("articles", "--since", "last week", "--db", db_path).code == 2
    result = cli("frobnicate", "--json")
    assert result.code == 2 and "error" in result.json()


def test_bad_items_are_skipped_with_a_message_and_strict_exits_1(
        cli: Cli, samples: Path, db_path: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(samples / "002_29db2200959aca4a.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    result = cli("ingest", folder, "--db", db_path)
    assert result.code == 0
    assert "empty.txt" in result.err and "1 ingested, 0 unchanged, 1 skipped" in result.err
    assert cli("ingest", folder, "--db", db_path, "--strict").code == 1


def test_nothing_processed_exits_3(cli: Cli, db_path: str, tmp_path: Path) -> None:
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 10)
    result = cli("ingest", tmp_path / "blob.bin", "--db", db_path, "--json")
    assert result.code == 3
    assert "blob.bin" in result.json()["error"]


def test_extract_needs_no_database(cli: Cli, samples: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("extract", samples / "003_29884fe21087bc82.txt", "--json")
    assert result.code == 0
    (article,) = result.jsonl()
    assert article["headline"] == "Islamic State faces imminent defeat in Raqqa"
    assert not (tmp_path / "crosswire.db").exists()


def test_delete_and_reprocess(cli: Cli, samples: Path, db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    assert cli("delete", "003_29884fe21087bc82", "--db", db_path).code == 0
    assert cli("delete", "003_29884fe21087bc82", "--db", db_path).code == 2
    assert cli("reprocess", "--db", db_path, "--json").json() == {"reprocessed": 4, "failed": []}
    assert len(cli("articles", "--db", db_path, "--json").jsonl()) == 4


def test_quiet_silences_the_summary(cli: Cli, samples: Path, db_path: str) -> None:
    assert cli("ingest", samples, "--db", db_path, "--quiet").err == ""


def test_a_partial_delete_reports_what_it_deleted_then_fails(cli: Cli, samples: Path,
                                                            db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    result = cli("delete", "003_29884fe21087bc82", "nope", "--db", db_path, "--json")
    assert result.code == 2
    assert result.json() == {"deleted": ["003_29884fe21087bc82"], "missing": ["nope"]}
    assert "nope" in result.err


def test_dates_are_read_as_iso_in_any_form(cli: Cli, samples: Path, db_path: str) -> None:
    cli("ingest", samples, "--db", db_path, "--quiet")
    compact = cli("articles", "--since", "20171018", "--db", db_path, "--json").jsonl()
    dashed = cli("articles", "--since", "2017-10-18T00:00", "--db", db_path, "--json").jsonl()
    assert [r["id"] for r in compact] == [r["id"] for r in dashed]
    assert len(compact) == 4


def test_reading_commands_do_not_create_a_database(cli: Cli, tmp_path: Path) -> None:
    result = cli("articles", "--db", tmp_path / "typo.db", "--json")
    assert result.code == 2 and "no crosswire database" in result.json()["error"]
    assert not (tmp_path / "typo.db").exists()


def test_run_never_reads_its_own_database_or_report(cli: Cli, samples: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(samples / "002_29db2200959aca4a.txt", tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("run", ".").code == 0
    again = cli("run", ".", "--strict")
    assert again.code == 0, again.err
    assert "0 ingested, 1 unchanged, 0 skipped" in again.err


def test_an_unwritable_report_fails_before_any_work(cli: Cli, samples: Path,
                                                   tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    result = cli("run", samples, "--db", db, "--report", tmp_path / "no" / "r.html", "--json")
    assert result.code == 2 and "no folder" in result.json()["error"]
    assert not db.exists()


def test_extract_warns_about_skipped_records(cli: Cli, tmp_path: Path) -> None:
    records = tmp_path / "b.jsonl"
    records.write_text('{"id": "ok", "text": "Raqqa fell on Tuesday."}\n{"bad\n')
    result = cli("extract", records, "--json")
    assert result.code == 0 and [a["id"] for a in result.jsonl()] == ["ok"]
    assert "malformed JSON on line 2" in result.err


def test_no_arguments_prints_help(cli: Cli) -> None:
    result = cli()
    assert result.code == 0 and "Usage" in result.out and "ingest" in result.out
