"""--workers / --scheduler on the CLI: the same articles and stories as the local runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

Cli = Callable[..., Result]


def _snapshot(cli: Cli, db: str) -> tuple[list[dict[str, object]], set[tuple[str, ...]]]:
    articles = cli("articles", "--db", db, "--json").jsonl()
    stories = {tuple(sorted(s["articles"])) for s in cli("stories", "--db", db, "--json").jsonl()}
    return articles, stories


def test_ingest_on_a_local_dask_cluster_matches_the_local_runner(
        cli: Cli, samples: Path, tmp_path: Path) -> None:
    local, dask = str(tmp_path / "local.db"), str(tmp_path / "dask.db")
    assert cli("ingest", samples, "--db", local, "--quiet").code == 0
    result = cli("ingest", samples, "--db", dask, "--workers", "1", "--json")
    assert result.code == 0, result.err
    assert len(result.json()["ingested"]) == 5
    assert _snapshot(cli, dask) == _snapshot(cli, local)
    assert cli("reprocess", "--db", dask, "--workers", "1", "--quiet").code == 0
    assert _snapshot(cli, dask) == _snapshot(cli, local)


def test_an_unreachable_scheduler_is_an_error_not_a_hang(cli: Cli, samples: Path,
                                                         tmp_path: Path) -> None:
    result = cli("ingest", samples, "--db", tmp_path / "x.db", "--scheduler",
                 "tcp://127.0.0.1:9")
    assert result.code != 0 and result.err
