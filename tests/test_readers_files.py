"""ingest/files.py: paths, folders and globs -> Documents and Skips; format sniffing."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from crosswire.config import Settings
from crosswire.models import Document, Skip, content_hash
from crosswire.readers import expand_paths, read_paths, sniff_format
from crosswire.readers.base import file_stem
from crosswire.readers.files import OWN_FILE
from crosswire.readers.walk import FOLDER_LINK

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SETTINGS = Settings()


def _write(folder: Path, names: list[str]) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Text of {name} with enough words to be an article.\n")


def test_folders_are_walked_recursively_in_sorted_order_without_hidden_files(
    tmp_path: Path,
) -> None:
    _write(tmp_path, ["b.txt", "a/z.txt", "a/b/c.txt", ".hidden.txt", ".git/x.txt"])
    found = list(expand_paths([str(tmp_path)]))
    assert found == [str(tmp_path / p) for p in ("a/b/c.txt", "a/z.txt", "b.txt")]


def test_globs_expand_sorted_and_each_file_comes_once(tmp_path: Path) -> None:
    _write(tmp_path, ["2.txt", "1.txt", "3.html"])
    found = list(expand_paths([str(tmp_path / "*.txt"), str(tmp_path / "1.txt")]))
    assert found == [str(tmp_path / "1.txt"), str(tmp_path / "2.txt")]


def test_paths_that_match_nothing_are_skips(tmp_path: Path) -> None:
    (tmp_path / "empty-folder").mkdir()
    found = list(
        expand_paths(
            [str(tmp_path / "nope.txt"), str(tmp_path / "*.xml"), str(tmp_path / "empty-folder")]
        )
    )
    assert [s.reason for s in found if isinstance(s, Skip)] == [
        "no such file or folder",
        "pattern matches no files",
        "folder holds no files",
    ]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("x.txt", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("x.xml", b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0"><channel>', "feed"),
        ("x.txt", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("page", b"<!DOCTYPE html><html><body><p>x</p>", "html"),
        ("x.txt", b"  <html><head><title>t</title>", "html"),
        ("x.data", b'{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', "jsonl"),
        ("x.jsonl", b"not json at all\n", "jsonl"),
        ("x.htm", b"Just words, no markup.", "html"),
        ("x.txt", b"Just words, no markup.", "text"),
        ("x", b"Just words < and > signs.", "text"),
        ("x.txt", "<html><body>".encode("utf-16"), "html"),
        ("x.txt", b"[Video] Floods hit the valley {live}\nResidents fled.\n", "text"),
        ("x", b"[Video] Floods hit the valley {live}\n", "text"),
        ("x.txt", b"{Updated} Floods hit the valley\n", "text"),
        ("x.json", b"[Video] Floods hit the valley {live}\n", "jsonl"),
        ("x.txt", b'\n\n{"id": 1, "text": "a"}\nnot json\n', "jsonl"),
        ("x.txt", b'[\n  {\n    "id": 1,\n    "text": "a"\n  }\n]\n', "jsonl"),
        ("x.data", b'{"text": "' + b"word " * 4000 + b'"}\n', "jsonl"),
    ],
)
def test_format_is_sniffed_from_content_then_extension(
    name: str, content: bytes, expected: str
) -> None:
    assert sniff_format(name, content) == expected


def test_file_stem_drops_known_extensions_only() -> None:
    assert file_stem("x/000_68163af6daf85999.txt") == "000_68163af6daf85999"
    assert file_stem("abc.html.gz") == "abc"
    assert file_stem("crawl.warc.gz") == "crawl"
    assert file_stem("report.2019.11.txt") == "report.2019.11"
    assert file_stem("noext") == "noext"


def test_gzipped_html_is_unpacked_and_hashed_by_its_content() -> None:
    path = str(FIXTURES / "article_gz.html.gz")
    [doc] = list(read_paths([path], SETTINGS))
    assert isinstance(doc, Document)
    assert (doc.id, doc.format, doc.media, doc.path) == ("article_gz", "html", "html", path)
    assert doc.source == os.path.realpath(path)
    assert doc.hash == content_hash(gzip.decompress(Path(path).read_bytes()))


def test_html_without_extension_is_read_as_html() -> None:
    [doc] = list(read_paths([str(FIXTURES / "page_without_extension")], SETTINGS))
    assert isinstance(doc, Document) and doc.format == "html"


def test_bad_files_are_skips_with_one_clear_reason(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    corrupt = tmp_path / "broken.html.gz"
    corrupt.write_bytes(gzip.compress(b"<html>" * 100)[:30])
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b" word" * 1000))
    paths = [
        str(FIXTURES / "empty.txt"),
        str(FIXTURES / "binary.bin"),
        str(big),
        str(bomb),
    ]
    reasons = [s.reason for s in read_paths(paths, Settings(max_bytes=200)) if isinstance(s, Skip)]
    assert reasons == [
        "empty file",
        "binary file (NUL bytes)",
        "larger than the 200-byte limit (settings.max_bytes)",
        "larger than the 200-byte limit when unpacked (settings.max_bytes)",
    ]
    [skip] = list(read_paths([str(corrupt)], SETTINGS))
    assert isinstance(skip, Skip) and skip.reason == "corrupt or truncated gzip data"


def test_default_size_limit_is_named_in_megabytes(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.truncate(SETTINGS.max_bytes + 1)
    [skip] = list(read_paths([str(big)], SETTINGS))
    assert isinstance(skip, Skip)
    assert skip.reason == "larger than the 20 MB limit (settings.max_bytes)"


def test_the_batch_goes_on_past_bad_items() -> None:
    items = list(read_paths([str(FIXTURES), str(FIXTURES / "missing.txt")], SETTINGS))
    docs = [i for i in items if isinstance(i, Document)]
    skips = [i for i in items if isinstance(i, Skip)]
    assert {d.format for d in docs} == {"text", "html", "jsonl", "feed", "warc"}
    assert len(docs) == 19
    assert [s.message().split("/")[-1] for s in skips] == [
        "binary.bin: binary file (NUL bytes)",
        "empty.txt: empty file",
        "feed_rss.xml#3: feed entry 3 has no content",
        "records.jsonl#3: malformed JSON on line 4",
        "records.jsonl#5: no text: its text, body and html fields are missing or blank on line 6",
        "truncated.warc.gz: truncated WARC record",
        "missing.txt: no such file or folder",
    ]


def test_reading_is_deterministic() -> None:
    first = [
        d.to_dict() if isinstance(d, Document) else d for d in read_paths([str(FIXTURES)], SETTINGS)
    ]
    again = [
        d.to_dict() if isinstance(d, Document) else d for d in read_paths([str(FIXTURES)], SETTINGS)
    ]
    assert first == again


def test_a_text_article_starting_with_a_bracket_is_read_as_text(tmp_path: Path) -> None:
    article = tmp_path / "floods.txt"
    article.write_text("[Video] Floods hit the valley {live}\n\nResidents fled overnight.\n")
    [doc] = list(read_paths([str(article)], SETTINGS))
    assert isinstance(doc, Document) and (doc.format, doc.id) == ("text", "floods")


def test_utf16_without_bom_in_cyrillic_is_read_as_text(tmp_path: Path) -> None:
    text = "Правительство объявило о новых мерах по восстановлению города.\nЖители вернутся.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"ru-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        [doc] = list(read_paths([str(path)], SETTINGS))
        assert isinstance(doc, Document), doc
        assert (doc.content, doc.encoding, doc.format) == (text, encoding, "text")


def _own(tmp_path: Path) -> tuple[Path, Path]:
    """-> (database, report) in tmp_path, next to an article and the database's side files."""
    _write(tmp_path, ["article.txt", "sub/other.txt"])
    db, report = tmp_path / "crosswire.db", tmp_path / "sub" / "report.html"
    for path in (
        db,
        report,
        *(tmp_path / f"crosswire.db{s}" for s in ("-wal", "-shm", "-journal")),
    ):
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 64)
    return db, report


def test_own_database_and_report_are_left_out_of_folders_and_globs(tmp_path: Path) -> None:
    db, report = _own(tmp_path)
    exclude = [str(db), str(report)]
    walked = list(expand_paths([str(tmp_path)], exclude=exclude))
    assert walked == [str(tmp_path / "article.txt"), str(tmp_path / "sub" / "other.txt")]
    assert list(expand_paths([str(tmp_path / "*")], exclude=exclude)) == walked
    assert list(expand_paths([str(tmp_path / "crosswire.db*")], exclude=exclude)) == [
        Skip(str(tmp_path / "crosswire.db*"), f"pattern matches no files but {OWN_FILE}s")
    ]
    everything = list(expand_paths([str(tmp_path)]))
    assert len(everything) == 7  # nothing is left out without ``exclude``


def test_own_files_are_matched_by_resolved_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = _own(tmp_path)
    (tmp_path / "link").symlink_to(tmp_path / "sub", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    found = list(expand_paths(["."], exclude=[str(db), str(tmp_path / "link" / "report.html")]))
    assert found == ["article.txt", Skip("link", FOLDER_LINK), "sub/other.txt"]


def test_own_file_named_on_the_command_line_is_a_skip(tmp_path: Path) -> None:
    db, report = _own(tmp_path)
    article = str(tmp_path / "article.txt")
    items = list(
        read_paths([str(db), article, str(report)], SETTINGS, exclude=[str(db), str(report)])
    )
    assert [(i.path, i.reason) for i in items if isinstance(i, Skip)] == [
        (str(db), OWN_FILE),
        (str(report), OWN_FILE),
    ]
    assert [i.path for i in items if isinstance(i, Document)] == [article]
    only_own = tmp_path / "only"
    only_own.mkdir()
    (only_own / "c.db").write_bytes(b"x")
    [skip] = list(read_paths([str(only_own)], SETTINGS, exclude=[str(only_own / "c.db")]))
    assert isinstance(skip, Skip) and skip.reason == f"folder holds no files but {OWN_FILE}s"
