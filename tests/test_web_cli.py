"""`crosswire serve` is a thin wrapper: a bad store is a usage error before any server starts;
`story ID --html` writes the self-contained story page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Result

Cli = Callable[..., Result]


def test_serve_refuses_a_missing_database(cli: Cli, tmp_path: Path) -> None:
    result = cli("serve", "--db", tmp_path / "nothing.db", "--port", "8765")
    assert result.code == 2 and "no crosswire database" in result.err


def test_serve_refuses_a_bad_port(cli: Cli, tmp_path: Path) -> None:
    assert cli("serve", "--db", tmp_path / "x.db", "--port", "0").code == 2


def test_story_html_is_the_self_contained_story_page(cli: Cli, samples: Path, db_path: str,
                                                     tmp_path: Path) -> None:
    assert cli("ingest", samples, "--db", db_path, "--quiet").code == 0
    story = max(cli("stories", "--db", db_path, "--json").jsonl(),
                key=lambda s: len(s["articles"]))
    out = tmp_path / "story.html"
    assert cli("story", story["id"], "--db", db_path, "--html", "-o", out).code == 0
    html = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "http://" not in html.replace(
        "http://www.w3.org/2000/svg", "")
    assert "consistent" in html and "2017-10-17" in html
