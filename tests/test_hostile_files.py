"""Fault and hostile-input suite: files and readers.

Odd names, odd file kinds, faults between listing and reading, bombs and oversized records,
and JSON fields of the wrong type: each becomes a Document or a Skip with a reason, never an
exception and never a lost batch; memory stays bounded while reading.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import signal
import socket
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crosswire import api
from crosswire.config import Settings
from crosswire.models import Document, Skip
from crosswire.readers import read_paths
from crosswire.readers import streams as streams_module
from crosswire.readers import walk as walk_module
from crosswire.readers.base import printable
from crosswire.readers.jsonl import read_jsonl
from crosswire.readers.streams import CHANGED, Unpacked
from crosswire.readers.walk import BROKEN_LINK, FOLDER_LINK

SETTINGS = Settings()
ARTICLE = ("Officials said on Monday that the bridge had closed after the flood. Repairs will "
           "take weeks.\n")


def _items(paths: list[str], settings: Settings = SETTINGS) -> list[Document | Skip]:
    return list(read_paths(paths, settings))


def _docs(items: list[Document | Skip]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def _skips(items: list[Document | Skip]) -> list[tuple[str, str]]:
    return [(i.path, i.reason) for i in items if isinstance(i, Skip)]


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging) when the block takes longer than ``seconds``."""
    def _fail(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, _fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture()
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder is tmp_path, so paths are given relative, as users type them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("caf\udce9.txt", "caf\\xe9.txt"),
        ("a\nb\tc\rd\x00e\x7f.txt", "a\\nb\\tc\\rd\\x00e\\x7f.txt"),
        ("c1\x85.txt", "c1\\u0085.txt"),
        ("lone\ud800.txt", "lone\\ud800.txt"),
        ("Новости – café.txt", "Новости – café.txt"),
    ],
)
def test_names_are_shown_printable_and_valid_utf8(name: str, shown: str) -> None:
    assert printable(name) == shown
    assert printable(shown) == shown
    shown.encode("utf-8")


def test_an_undecodable_file_name_is_read_and_stored_beside_the_good_files(here: Path) -> None:
    folder = here / "mixed"
    folder.mkdir()
    for n in range(3):
        (folder / f"good{n}.txt").write_text(ARTICLE)
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as out:
        out.write(b"A cafe article. " + ARTICLE.encode())
    docs = _docs(_items(["mixed"]))
    odd = docs[0]  # "caf..." sorts first
    assert (odd.path, odd.id) == ("mixed/caf\\xe9.txt", "caf\\xe9")
    assert odd.source == f"{here}/mixed/caf\\xe9.txt" and "cafe article" in odd.content
    counts = api.ingest_counts(["mixed"], db=str(here / "c.db"))
    assert (len(counts.new), counts.skipped) == (4, [])


def test_names_with_newlines_dashes_and_folder_like_extensions(here: Path) -> None:
    (here / "two\nlines.txt").write_text(ARTICLE)
    (here / "-").write_text(ARTICLE)
    (here / "x.html").mkdir()
    (here / "x.html" / "inner.txt").write_text(ARTICLE)
    items = _items(["two\nlines.txt", "-", "x.html/"])
    assert [(d.path, d.id) for d in _docs(items)] == [
        ("two\\nlines.txt", "two\\nlines"), ("-", "-"), ("x.html/inner.txt", "inner")]


def test_a_name_too_long_for_the_system_is_a_skip_and_a_long_valid_one_is_read(here: Path) -> None:
    longest = "n" * 251 + ".txt"
    (here / longest).write_text(ARTICLE)
    items = _items(["m" * 300 + ".txt", longest])
    assert _skips(items) == [("m" * 300 + ".txt", "file name too long")]
    assert [d.id for d in _docs(items)] == ["n" * 251]


def test_each_file_is_read_once_however_it_is_named(here: Path) -> None:
    (here / "a.txt").write_text(ARTICLE)
    os.link(here / "a.txt", here / "hard.txt")
    (here / "soft.txt").symlink_to("a.txt")
    items = _items(["a.txt", "./a.txt", str(here / "a.txt"), "hard.txt", "soft.txt", "."])
    assert [d.path for d in items if isinstance(d, Document)] == ["a.txt"] and len(items) == 1


def test_messages_name_paths_as_given_never_the_absolute_path(here: Path) -> None:
    (here / "d").mkdir()
    (here / "d" / "empty.txt").write_bytes(b"")
    (here / "d" / "sources.csv").write_text("pattern,outlet\n*.txt,Example Daily\n")
    (here / "d" / "ok.txt").write_text(ARTICLE)
    items = _items(["d", "missing.txt"])
    assert _skips(items) == [("d/empty.txt", "empty file"),
                             ("missing.txt", "no such file or folder")]
    [doc] = _docs(items)
    assert doc.path == "d/ok.txt"
    assert doc.hints["outlet_user"].evidence.startswith("d/sources.csv row 2")
    text = " ".join(s.message() for s in items if isinstance(s, Skip))
    assert str(here) not in text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(name=st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
    and not b.startswith(b".")), body=st.binary(max_size=300))
def test_any_file_name_and_content_give_documents_or_skips(
        tmp_path: Path, name: bytes, body: bytes) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    for old in os.listdir(os.fsencode(folder)):
        os.remove(os.fsencode(folder) + b"/" + old)
    with open(os.fsencode(folder) + b"/" + name, "wb") as out:
        out.write(body)
    items = _items([str(folder)])
    assert items and all(isinstance(i, Document | Skip) for i in items)
    for item in items:
        json.dumps(item.to_dict() if isinstance(item, Document) else item.__dict__,
                   ensure_ascii=False).encode("utf-8")
        assert "\n" not in item.path and item.path.startswith(printable(str(folder)))


# --- file kinds and faults ---------------------------------------------------------------------


def test_links_pipes_sockets_and_devices_are_skips_that_never_block(here: Path) -> None:
    (here / "d" / "sub").mkdir(parents=True)
    (here / "d" / "sub" / "a.txt").write_text(ARTICLE)
    (here / "d" / "sub" / "loop").symlink_to("..")
    (here / "d" / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(here / "d" / "pipe.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind("d/sock")
    with _deadline(10):
        items = _items(["d", "d/pipe.txt", "/dev/null"])
    server.close()
    assert _skips(items) == [
        ("d/dangling.txt", BROKEN_LINK),
        ("d/pipe.txt", "not a regular file (named pipe (FIFO)); never opened"),
        ("d/sock", "not a regular file (socket); never opened"),
        ("d/sub/loop", FOLDER_LINK),
        ("/dev/null", "not a regular file (character device); never opened"),
    ]
    assert [d.path for d in _docs(items)] == ["d/sub/a.txt"]


@pytest.mark.parametrize("pattern", ["d/**", "d/**/*.txt", "d/*/*", "d/*/*/*/*"])
def test_globs_end_over_symlink_loops(here: Path, pattern: str) -> None:
    (here / "d" / "a").mkdir(parents=True)
    (here / "d" / "a" / "x.txt").write_text(ARTICLE)
    (here / "d" / "a" / "up").symlink_to("..")
    (here / "d" / "b").symlink_to("a")
    with _deadline(10):
        items = _items([pattern])
    assert [d.path for d in _docs(items)] == (["d/a/x.txt"] if pattern != "d/*/*/*/*" else [])
    assert set(_skips(items)) <= {("d/a/up", FOLDER_LINK), ("d/b", FOLDER_LINK),
                                  (pattern, "pattern matches no files")}


def test_a_folder_link_named_by_the_user_is_followed(here: Path) -> None:
    (here / "real").mkdir()
    (here / "real" / "a.txt").write_text(ARTICLE)
    (here / "link").symlink_to("real")
    assert [d.path for d in _docs(_items(["link", "link/*.txt"]))] == ["link/a.txt"]


def _deny(blocked: str, real: object) -> object:
    def scandir(path: str = ".") -> object:
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", path)
        return real(path)  # type: ignore[operator]
    return scandir


def test_an_unreadable_folder_is_a_skip_and_the_rest_is_read(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "d" / "locked").mkdir(parents=True)
    (here / "d" / "locked" / "secret.txt").write_text(ARTICLE)
    (here / "d" / "z.txt").write_text(ARTICLE)
    monkeypatch.setattr(walk_module.os, "scandir", _deny("d/locked", os.scandir))
    for args in (["d"], ["d/**"], ["d/*/*.txt", "d/z.txt"]):
        items = _items(args)
        assert ("d/locked", "cannot read folder: permission denied") in _skips(items)
        assert [d.path for d in _docs(items)] == ["d/z.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_really_unreadable_folder_and_file(here: Path) -> None:
    (here / "d" / "locked").mkdir(parents=True)
    (here / "d" / "shut.txt").write_text(ARTICLE)
    (here / "d" / "z.txt").write_text(ARTICLE)
    os.chmod(here / "d" / "locked", 0)
    os.chmod(here / "d" / "shut.txt", 0)
    try:
        items = _items(["d"])
    finally:
        os.chmod(here / "d" / "locked", 0o755)
    assert _skips(items) == [("d/locked", "cannot read folder: permission denied"),
                             ("d/shut.txt", "cannot read file (permission denied)")]


def test_an_unopenable_file_is_a_skip(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "a.txt").write_text(ARTICLE)
    (here / "b.txt").write_text(ARTICLE)
    real_open = os.open

    def deny(path: str, *args: object) -> int:
        if path == "a.txt":
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(streams_module.os, "open", deny)
    items = _items(["a.txt", "b.txt"])
    assert _skips(items) == [("a.txt", "cannot read file (permission denied)")]
    assert len(_docs(items)) == 1


def test_a_file_deleted_after_listing_is_a_skip(here: Path) -> None:
    (here / "d").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (here / "d" / name).write_text(ARTICLE)
    seen = []
    for item in read_paths(["d"], SETTINGS):
        seen.append(item)
        if len(seen) == 1:
            (here / "d" / "b.txt").unlink()
    assert [type(i).__name__ for i in seen] == ["Document", "Skip", "Document"]
    assert seen[1].path == "d/b.txt" and "no such file" in seen[1].reason  # type: ignore[union-attr]


def test_a_file_that_changes_while_read_is_a_skip(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (here / "growing.txt").write_text(ARTICLE)
    (here / "log.jsonl").write_text('{"id": "1", "text": "One."}\n' * 20_000)
    monkeypatch.setattr(streams_module.OpenFile, "changed", lambda self: True)
    assert _skips(_items(["growing.txt"])) == [("growing.txt", CHANGED)]
    items = _items(["log.jsonl"])
    assert _skips(items)[-1] == ("log.jsonl", CHANGED)


def test_empty_and_huge_sparse_files_are_skipped_from_their_size(here: Path) -> None:
    (here / "zero.txt").write_bytes(b"")
    (here / "blank.txt").write_bytes(b" \n\t\n")
    with open(here / "sparse.html", "wb") as out:
        out.truncate(50 * 1024**3)
    with _deadline(5):
        items = _items(["zero.txt", "blank.txt", "sparse.html"])
    assert _skips(items) == [("zero.txt", "empty file"), ("blank.txt", "empty file"),
                             ("sparse.html", "larger than the 20 MB limit (settings.max_bytes)")]


# --- bombs, limits and bounded memory ---------------------------------------------------------


def test_gzip_is_never_unpacked_past_its_limit() -> None:
    bomb = gzip.compress(b"\0" * 30_000_000, 9)
    stream = Unpacked(io.BytesIO(bomb), limit=1000)
    assert len(stream.read_up_to(10**9)) == 1000 and stream.over and stream.count == 1001


def test_gzip_bombs_are_skips(here: Path) -> None:
    (here / "bomb.txt.gz").write_bytes(gzip.compress(b"word " * 6_000_000, 9))
    feed = b"<rss><channel><item><description>" + b"x" * 3_000_000 + b"</description>"
    (here / "feed.xml.gz").write_bytes(gzip.compress(feed, 9))
    small = Settings(max_bytes=1_000_000)
    assert _skips(_items(["bomb.txt.gz", "feed.xml.gz"], small)) == [
        (name, "larger than the 1 MB limit when unpacked (settings.max_bytes)")
        for name in ("bomb.txt.gz", "feed.xml.gz")]


def _warc(pages: list[bytes], encoding: str | None = None) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n, body in enumerate(pages):
        headers = [("Content-Type", "text/html")]
        if encoding:
            headers.append(("Content-Encoding", encoding))
        http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://n.example/{n}", "response", payload=io.BytesIO(body), http_headers=http))
    return buffer.getvalue()


PAGE = b"<html><body><p>" + ARTICLE.encode() + b"</p></body></html>"


def test_warc_records_over_the_record_limit_are_skips_and_the_archive_limit_stops(
        here: Path) -> None:
    big = b"<html><body>" + b"<p>filler words here</p>" * 20_000 + b"</body></html>"
    bomb = gzip.compress(b"<html><body>" + b" " * 20_000_000, 9)
    (here / "crawl.warc.gz").write_bytes(_warc([big, PAGE, big]) + _warc([bomb], "gzip"))
    limited = Settings(max_record_bytes=100_000)
    items = _items(["crawl.warc.gz"], limited)
    reason = "record larger than the 100000-byte limit (settings.max_record_bytes)"
    assert [(i.record, i.reason) if isinstance(i, Skip) else i.url for i in items] == [
        ("1", reason), "https://n.example/1", ("3", reason), ("4", reason)]
    stopped = _items(["crawl.warc.gz"], Settings(max_archive_bytes=600_000))
    assert [type(i).__name__ for i in stopped] == ["Document", "Document", "Skip"]
    assert "limit when unpacked (settings.max_archive_bytes)" in stopped[-1].reason  # type: ignore[union-attr]


def _peak_bytes(paths: list[str], settings: Settings) -> tuple[int, list[Document | Skip]]:
    tracemalloc.start()
    try:
        items = _items(paths, settings)
        return tracemalloc.get_traced_memory()[1], items
    finally:
        tracemalloc.stop()


def test_streamed_files_keep_memory_bounded(here: Path) -> None:
    line = json.dumps({"id": "huge", "text": "word " * 2_400_000}) + "\n"
    (here / "big.jsonl").write_text('{"id": "a", "text": "First."}\n' + line
                                    + '{"id": "b", "text": "Last."}\n')
    (here / "big.warc.gz").write_bytes(_warc([b"<p>" + b"word " * 2_400_000, PAGE]))
    limited = Settings(max_record_bytes=1_000_000)
    peak, items = _peak_bytes(["big.jsonl", "big.warc.gz"], limited)
    assert [d.id for d in _docs(items)] == ["a", "b", "big-2"]
    assert [s.record for s in items if isinstance(s, Skip)] == ["2", "1"]
    assert peak < 3_000_000, peak  # each file holds 12 MB in one record; the limit is 1 MB


def test_a_json_lines_file_over_max_bytes_is_read_record_by_record(here: Path) -> None:
    (here / "many.jsonl").write_text("".join(
        json.dumps({"id": str(n), "text": f"Record {n}."}) + "\n" for n in range(5000)))
    (here / "array.json").write_text(json.dumps([{"text": "x" * 50}] * 5000))
    items = _items(["many.jsonl", "array.json"], Settings(max_bytes=10_000))
    assert len(_docs(items)) == 5000
    assert _skips(items) == [("array.json", "larger than the 10000-byte limit "
                              "(settings.max_bytes)")]


# --- JSON Lines content -------------------------------------------------------------------------


def test_json_fields_of_the_wrong_type_skip_the_record_or_are_left_out(
        here: Path, caplog: pytest.LogCaptureFixture) -> None:
    records = [
        {"id": ["a", "b"], "text": "Listed id."},
        {"id": 7, "text": ["para"]},
        {"id": True, "text": "Boolean id."},
        {"id": 42, "text": "Integer id.", "published": 1573120800, "url": 5,
         "author": ["A. One", {"name": "B. Two"}], "source": {"name": "BBC News"},
         "title": {"x": 1}, "headline": None},
        {"id": "d", "body": 3.5, "html": "<p>x</p>"},
    ]
    (here / "typed.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    with caplog.at_level(logging.WARNING):
        items = _items(["typed.jsonl"])
    assert [i.reason for i in items if isinstance(i, Skip)] == [
        "field 'id' must be a string or an integer, not a list on line 1",
        "field 'text' must be a string, not a list on line 2",
        "field 'id' must be a string or an integer, not true/false on line 3",
        "field 'body' must be a string, not a number on line 5",
    ]
    [doc] = _docs(items)
    assert (doc.id, doc.url, doc.source.rpartition("#")[2]) == ("42", None, "id=42")
    assert {k: h.value for k, h in doc.hints.items()} == {
        "byline": "A. One; B. Two", "outlet": "BBC News"}
    warnings = " ".join(r.getMessage() for r in caplog.records)
    for field_name in ("'published' must be a string, not an integer",
                       "'url' must be a string, not an integer", "'title' must be a string"):
        assert field_name in warnings


def test_bad_lines_spoil_no_other_line(here: Path) -> None:
    lines = [
        json.dumps({"id": "utf8", "text": "Café in UTF-8."}).encode(),
        '{"id": "latin", "text": "Café in cp1252."}'.encode("cp1252"),
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "nul", "text": "a\x00b"}',
        json.dumps({"id": "esc", "text": "Escaped \u0000 NUL and \ud800 surrogate."}).encode(),
        b"",
        json.dumps({"id": "last", "text": "Last."}).encode(),
    ]
    (here / "mixed.jsonl").write_bytes(b"\n".join(lines))
    with _deadline(10):
        items = _items(["mixed.jsonl"])
    assert [(d.id, d.content, d.encoding) for d in _docs(items)] == [
        ("utf8", "Café in UTF-8.", "utf-8"), ("latin", "Café in cp1252.", "cp1252"),
        ("esc", "Escaped  NUL and  surrogate.", "utf-8"), ("last", "Last.", "utf-8")]
    assert [i.reason for i in items if isinstance(i, Skip)] == [
        "JSON nested too deeply on line 3", "malformed JSON on line 4"]


def test_an_id_repeated_many_times_keeps_sources_distinct_in_linear_time(here: Path) -> None:
    (here / "same.jsonl").write_text('{"id": "x", "text": "Again."}\n' * 30_000)
    with _deadline(10):
        docs = _docs(_items(["same.jsonl"]))
    assert len({d.source for d in docs}) == 30_000
    assert docs[-1].source.endswith("#id=x~30000")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=3),
    max_leaves=8)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(
    st.sampled_from(["id", "text", "body", "html", "url", "title", "published", "author",
                     "source", "outlet"]), JSON_VALUES, max_size=6), min_size=1, max_size=5))
def test_any_json_record_gives_a_document_or_a_skip_per_line(records: list[dict]) -> None:
    data = "\n".join(json.dumps(r) for r in records).encode()
    items = list(read_jsonl("fuzz.jsonl", data, SETTINGS))
    per_line = [i for i in items if isinstance(i, Document) or i.record is not None]
    assert len(per_line) == len(records)
    for doc in _docs(items):
        assert all(isinstance(h.value, str) and h.value for h in doc.hints.values())
        assert isinstance(doc.id, str) and doc.content.strip()


def test_a_billion_laughs_feed_does_not_expand(here: Path) -> None:
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    (here / "laughs.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel>'
        "<title>T</title><item><title>x</title><description>&a9;</description></item>"
        "</channel></rss>")
    (here / "doctype.xml").write_bytes(
        ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [<!ENTITY x "y">]><rss '
         'version="2.0"><channel><item><description>&x;</description></item></channel></rss>'
         ).encode("utf-16"))
    with _deadline(10):
        peak, items = _peak_bytes(["laughs.xml", "doctype.xml"], SETTINGS)
    assert peak < 5_000_000
    assert [i.reason for i in items if isinstance(i, Skip)] == [
        "refused: the feed declares XML entities (<!ENTITY>), as entity expansion attacks do"
    ] * 2


def test_a_file_named_like_a_pattern_is_the_file(here: Path) -> None:
    (here / "a[1].txt").write_text(ARTICLE)
    (here / "a1.txt").write_text(ARTICLE)
    assert [d.path for d in _docs(_items(["a[1].txt"]))] == ["a[1].txt"]


def test_text_in_mixed_encodings_is_read_whole(here: Path) -> None:
    (here / "mixed.txt").write_bytes("Le café ouvre.\n".encode() + "Le café ferme.\n".encode(
        "cp1252") + ARTICLE.encode())
    (here / "wide.txt").write_bytes(ARTICLE.encode("utf-16-le"))
    docs = _docs(_items(["mixed.txt", "wide.txt"]))
    assert docs[0].content.count("café") == 2
    assert (docs[1].content, docs[1].encoding) == (ARTICLE, "utf-16-le")


def test_utf16_json_lines_are_read_line_by_line(here: Path) -> None:
    text = "".join(json.dumps({"id": f"r{n}", "text": f"Запись {n}."}, ensure_ascii=False)
                   + "\n" for n in range(3000))
    (here / "wide.jsonl").write_bytes(text.encode("utf-16"))
    (here / "wide-nobom.jsonl").write_bytes(text.encode("utf-16-le"))
    docs = _docs(_items(["wide.jsonl", "wide-nobom.jsonl"]))
    assert len(docs) == 6000 and docs[1].content == "Запись 1."
    assert {d.encoding for d in docs} == {"utf-16-le"}


def test_a_record_whose_text_is_only_control_characters_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_text('{"id": "n", "text": "\\u0000\\u0000\\u0001"}\n', encoding="utf-8")
    (skip,) = list(read_paths([str(path)], Settings()))
    assert isinstance(skip, Skip) and "no text" in skip.reason
