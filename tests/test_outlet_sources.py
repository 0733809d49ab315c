"""What the user and the container say about who published a record: ``--outlet``, a
``sources.csv`` sidecar, a JSON Lines field, a feed's title."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from crosswire.api import extract
from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.outlets import outlet_in_title
from crosswire.readers import expand_paths, read_paths
from crosswire.readers.feeds import feed_outlet
from tests.conftest import Result

STORY = ("Talks resume after a long pause\n\nCAIRO (Reuters) - Officials said on Tuesday that "
         "the talks would resume next week.\n\nThe envoys met in the capital.\n")


def _docs(paths: list[str], **settings: str) -> dict[str, Document]:
    items = list(read_paths(paths, Settings(**settings)))  # type: ignore[arg-type]
    return {Path(d.path).name + (f"#{d.id}" if d.format == "jsonl" else ""): d
            for d in items if isinstance(d, Document)}


def _folder(tmp_path: Path, sidecar: str) -> Path:
    (tmp_path / "bbc").mkdir()
    (tmp_path / "bbc" / "one.txt").write_text(STORY)
    (tmp_path / "wire-2.txt").write_text(STORY)
    (tmp_path / "other.txt").write_text(STORY)
    records = [{"id": "r1", "text": STORY, "url": "https://news.bbc.co.uk/2/hi/1.stm"},
               {"id": "r2", "text": STORY, "url": "https://example.org/2"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    (tmp_path / "sources.csv").write_text(sidecar)
    return tmp_path


SIDECAR = ("pattern,outlet\n"
           "# a comment\n"
           "bbc/*,BBC\n"
           "wire-*.txt,Reuters\n"
           "bbc.co.uk,BBC\n")


def test_a_sidecar_names_the_outlet_by_path_glob_or_domain(tmp_path: Path) -> None:
    docs = _docs([str(_folder(tmp_path, SIDECAR))])
    assert docs["one.txt"].hints["outlet_user"].value == "BBC"
    assert "sources.csv row 3: 'bbc/*' -> 'BBC'" in docs["one.txt"].hints["outlet_user"].evidence
    assert docs["wire-2.txt"].hints["outlet_user"].value == "Reuters"
    assert docs["feed.jsonl#r1"].hints["outlet_user"].value == "BBC"  # news.bbc.co.uk
    assert "outlet_user" not in docs["feed.jsonl#r2"].hints
    assert "outlet_user" not in docs["other.txt"].hints


def test_the_sidecar_is_no_article_and_applies_to_files_named_alone(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SIDECAR)
    found = list(expand_paths([str(folder)]))
    assert str(folder / "sources.csv") not in found
    assert str(folder / "sources.csv") not in list(expand_paths([str(folder / "*")]))
    [skip] = list(read_paths([str(folder / "sources.csv")], Settings()))
    assert isinstance(skip, Skip) and "sidecar" in skip.reason
    [doc] = list(read_paths([str(folder / "bbc" / "one.txt")], Settings()))
    assert isinstance(doc, Document) and doc.hints["outlet_user"].value == "BBC"


def test_a_csv_without_the_sidecar_header_is_an_ordinary_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "name,count\nbbc/*,3\n")
    docs = _docs([str(folder)])
    assert "sources.csv" in docs
    assert all("outlet_user" not in d.hints for d in docs.values())


def test_outlet_flag_beats_the_sidecar_and_changes_the_record_hash(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SIDECAR)
    plain = _docs([str(folder / "other.txt")])["other.txt"]
    given = _docs([str(folder)], outlet="Example Daily")
    assert given["one.txt"].hints["outlet_user"].value == "Example Daily"
    assert "--outlet 'Example Daily'" in given["one.txt"].hints["outlet_user"].evidence
    assert given["other.txt"].hash != plain.hash  # another outlet claim is another revision


def test_the_users_outlet_reaches_the_article_with_its_evidence(tmp_path: Path) -> None:
    folder = _folder(tmp_path, SIDECAR)
    [article] = extract(str(folder / "bbc" / "one.txt"))
    assert (article.outlet, article.wire_credit) == ("BBC", "Reuters")
    assert article.evidence["outlet"].startswith("given by the user:")
    [article] = extract(str(folder / "other.txt"))
    assert (article.outlet, article.wire_credit) == (None, "Reuters")
    [article] = extract(str(folder / "other.txt"), outlet="reuters")
    assert article.outlet == "Reuters"  # the table's spelling


def test_ingest_and_run_take_outlet(cli: Callable[..., Result], tmp_path: Path) -> None:
    folder = _folder(tmp_path, "pattern,outlet\n")
    db = tmp_path / "x.db"
    assert cli("ingest", folder / "other.txt", "--outlet", "Example Daily", "--db", db,
               "--quiet").code == 0
    [row] = cli("articles", "--db", db, "--json").jsonl()
    assert row["outlet"] == "Example Daily"
    result = cli("run", folder / "wire-2.txt", "--outlet", "Example Post", "--db", db,
                 "--report", tmp_path / "r.html", "--quiet")
    assert result.code == 0
    outlets = {r["outlet"] for r in cli("articles", "--db", db, "--json").jsonl()}
    assert outlets == {"Example Daily", "Example Post"}


def test_json_lines_outlet_fields(tmp_path: Path) -> None:
    records = [{"id": "a", "text": STORY, "source": {"name": "BBC News"}},
               {"id": "b", "text": STORY, "publisher": "Example Daily"},
               {"id": "c", "text": STORY, "url": "https://www.nytimes.com/2011/11/12/x.html"}]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    articles = {a.id: a for a in extract(str(path))}
    assert articles["a"].outlet == "BBC"
    assert "JSON Lines field 'source'" in articles["a"].evidence["outlet"]
    assert articles["b"].outlet == "Example Daily"
    assert articles["c"].outlet == "The New York Times"
    assert {a.wire_credit for a in articles.values()} == {"Reuters"}


def test_a_feed_title_names_its_outlet() -> None:
    hint = feed_outlet("BBC News - World", "http://www.bbc.co.uk/news/")
    assert hint is not None and hint.value == "BBC"
    assert "BBC News - World" in hint.evidence
    hint = feed_outlet("Top stories | Example Gazette", "https://www.examplegazette.com/")
    assert hint is not None and hint.value == "Example Gazette"
    assert feed_outlet("  ", None) is None
    assert outlet_in_title("Reuters: Top News") == ("Reuters", "its part 'Reuters' is listed "
                                                                "in the outlets table")
    assert outlet_in_title("Example Weekly")[0] == "Example Weekly"
