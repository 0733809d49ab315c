"""Metadata eval: dates, titles, authors and snippets scored for crosswire, htmldate alone and
trafilatura alone on the same pages; the two parts; the command line."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from crosswire.config import load_settings
from crosswire.evaluation.extraction import snippet_part
from crosswire.evaluation.metadata import (
    Guess,
    Tally,
    evaluate_metadata,
    read_gold,
    scored_names,
)
from tests.conftest import SHARED, Result

REAL = SHARED / "eval" / "metadata"
LEAD = ("The city council approved the new budget on Tuesday after a long debate about "
        "schools, roads and the cost of heating public buildings through the winter. ")


def _page(title: str, h1: str, published: str, body: str) -> str:
    return (
        f"<html lang='en'><head><title>{title} | The Daily Example</title>"
        f"<meta property='og:site_name' content='The Daily Example'>"
        f"<meta property='article:published_time' content='{published}'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{h1}</h1><p>By Jane Reporter</p>"
        + "".join(f"<p>{body} {LEAD}</p>" for _ in range(3))
        + "</article><footer>Subscribe to our newsletter</footer></body></html>"
    )


@pytest.fixture
def small_set(tmp_path: Path) -> Path:
    """A metadata folder of three pages, one per file-name part and one undated."""
    pages = tmp_path / "pages"
    pages.mkdir()
    records = [
        ("budget.html", "Council passes budget", "2021-03-04T10:00:00+01:00", "2021-03-04"),
        ("bridge.html", "Bridge to reopen in May", "2020-11-20T08:30:00+00:00", "2020-11-20"),
        ("notice.html", "Library hours change", "2019-01-02T09:00:00+00:00", None),
    ]
    gold = []
    for name, title, published, day in records:
        html = _page(title, title, published, f"{title} was the main story.")
        (pages / f"{name}.gz").write_bytes(gzip.compress(html.encode()))
        gold.append({"file": name, "url": f"https://news.example.com/{name}",
                     "with": [f"{title} was the main story"], "without": ["Subscribe to our"],
                     "date": day, "title": title, "author": "Jane Reporter"})
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    return tmp_path


def test_every_system_is_scored_on_the_same_pages(small_set: Path) -> None:
    n, metrics = evaluate_metadata(str(small_set), load_settings())
    assert n == 3 and metrics["dated_pages"] == 2 and metrics["titled_pages"] == 3
    assert metrics["crosswire_date_exact"] == 1.0
    assert metrics["crosswire_title_exact"] == 1.0  # the <h1>, not "Title | Site"
    assert metrics["crosswire_snippet_f1"] == 1.0
    assert metrics["crosswire_snippet_without_kept"] == 0.0
    assert {"htmldate_date_exact", "trafilatura_date_exact", "trafilatura_title_exact",
            "trafilatura_author_exact", "trafilatura_snippet_f1"} <= set(metrics)
    assert "htmldate_title_exact" not in metrics  # htmldate finds dates only


def test_details_list_the_pages_crosswire_got_wrong(small_set: Path) -> None:
    gold = small_set / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text().splitlines()]
    rows[0]["date"], rows[0]["title"] = "2021-03-05", "Another title"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows))
    _, metrics = evaluate_metadata(str(small_set), load_settings(), details=True)
    assert metrics["crosswire_date_exact"] == 0.5
    (miss,) = metrics["misses"]
    assert miss["file"] == "budget.html"
    assert miss["date"]["gold"] == "2021-03-05" and miss["date"]["crosswire"] == "2021-03-04"
    assert "article:published_time" in miss["date"]["evidence"]
    assert miss["title"]["crosswire"] == "Council passes budget"


def test_parts_split_by_the_md5_of_the_file_name(tmp_path: Path) -> None:
    names = [f"page{i}.html" for i in range(40)]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps({"file": n}) + "\n" for n in names))
    one = {r["file"] for r in read_gold(tmp_path, "1")}
    two = {r["file"] for r in read_gold(tmp_path, "2")}
    assert one and two and not one & two
    assert all(snippet_part(n) in "0123" for n in one)
    assert all(snippet_part(n) in "4567" for n in two)
    assert len(read_gold(tmp_path)) == 40


def test_scoring_rules() -> None:
    tally = Tally()
    fields = ("date", "title", "author")
    gold = {"date": "2020-01-02", "title": "A  title", "author": "Ann Lee; Bo Chen"}
    assert tally.add(gold, Guess("2020-01-02", "A title", "ann lee and Bo Chen"), fields) == []
    assert tally.add(gold, Guess("2020-01-03", "A title | Site", None), fields) == \
        ["date", "title", "author"]
    assert tally.add({"date": None}, Guess("2020-01-02"), fields) == []  # undated: not scored
    metrics = tally.metrics(fields)
    assert metrics["date_exact"] == 0.5 and metrics["undated_given_a_date"] == 1
    assert scored_names(["Ann Lee", "Bo Chen"]) == ["ann lee", "bo chen"]


def test_the_command_prints_the_figures(small_set: Path, cli: Callable[..., Result]) -> None:
    result = cli("eval", "metadata", small_set, "--part", "1", "--json")
    assert result.code == 0, result.err
    out = result.json()
    assert out["task"] == "metadata"
    assert out["n"] == len([n for n in ("budget.html", "bridge.html", "notice.html")
                            if snippet_part(n) in "0123"])
    assert "crosswire_date_exact" in out["metrics"]


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/eval/metadata is not beside the repo")
def test_real_pages_of_the_set(tmp_path: Path) -> None:
    """Three pages of the set: the figures are shares and the three systems all run."""
    rows = read_gold(REAL)[:3]
    (tmp_path / "pages").mkdir()
    for row in rows:
        shutil.copy(REAL / "pages" / f"{row['file']}.gz", tmp_path / "pages")
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    n, metrics = evaluate_metadata(str(tmp_path), load_settings())
    assert n == 3
    for system in ("crosswire", "htmldate", "trafilatura"):
        assert 0.0 <= metrics[f"{system}_date_exact"] <= 1.0
    assert 0.0 < metrics["crosswire_snippet_recall"] <= 1.0
