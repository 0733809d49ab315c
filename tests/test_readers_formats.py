"""One reader per format: bytes -> Documents (ids, sources, hashes, hints) or Skips."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.clean import clean_document
from crosswire.config import Settings, load_settings
from crosswire.models import Document, Hint, Skip, content_hash
from crosswire.readers import read_paths
from crosswire.readers.base import Reader, canonical_url
from crosswire.readers.feeds import iso_date, read_feed
from crosswire.readers.files import READERS
from crosswire.readers.html import read_html
from crosswire.readers.jsonl import read_jsonl
from crosswire.readers.text import read_text
from crosswire.readers.warc import read_warc
from tests.fixtures.make_fixtures import warc_bytes, warc_page_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SETTINGS = Settings()


def _read(reader: Reader, name: str) -> list[Document | Skip]:
    path = str(FIXTURES / name)
    return list(reader(path, (FIXTURES / name).read_bytes(), SETTINGS))


def _docs(items: list[Document | Skip]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def test_text_file_is_one_document_with_file_identity() -> None:
    [doc] = _read(read_text, "plain.txt")
    assert isinstance(doc, Document)
    assert (doc.id, doc.media, doc.format, doc.url) == ("plain", "text", "text", None)
    assert doc.path == str(FIXTURES / "plain.txt")
    assert doc.source == os.path.realpath(FIXTURES / "plain.txt")
    assert doc.hash == content_hash((FIXTURES / "plain.txt").read_bytes())
    assert (
        doc.content.startswith("Raqqa falls\nBy Jane Reporter\n\nKurdish-led")
        and "\r" not in doc.content
    )


def test_whitespace_only_text_is_a_skip() -> None:
    [skip] = list(read_text("blank.txt", b" \r\n\t\n", SETTINGS))
    assert isinstance(skip, Skip) and skip.reason == "empty file (no text)"


def test_html_page_keeps_markup_and_takes_the_canonical_url() -> None:
    [doc] = _read(read_html, "article.html")
    assert isinstance(doc, Document)
    assert (doc.id, doc.media, doc.format) == ("article", "html", "html")
    assert doc.url == "https://news.example.com/world/raqqa-falls?ref=a&b=1"
    assert "<article>" in doc.content


def test_canonical_url_falls_back_to_og_url_and_ignores_relative_links() -> None:
    page = (
        '<link href="/rel" rel="canonical"><meta content="https://x.example/og" property="og:url">'
    )
    assert canonical_url(page) == "https://x.example/og"
    assert canonical_url("<p>no head</p>") is None


def test_jsonl_records_ids_sources_hints_and_bad_lines() -> None:
    items = _read(read_jsonl, "records.jsonl")
    docs = _docs(items)
    assert [d.id for d in docs] == ["a1", "records-2", "h1"]
    assert [d.media for d in docs] == ["text", "text", "html"]
    source = os.path.realpath(FIXTURES / "records.jsonl")
    assert [d.source for d in docs] == [f"{source}#id=a1", f"{source}#2", f"{source}#id=h1"]
    first = docs[0]
    assert first.content == "Kurdish-led forces took Raqqa.\nThe battle lasted four months."
    assert first.url == "https://x.example/a1"
    assert first.hints["published"] == Hint("2017-10-17", "JSON Lines field 'published'")
    assert first.hints["outlet"] == Hint("Example Post", "JSON Lines field 'outlet'")
    line = (FIXTURES / "records.jsonl").read_bytes().split(b"\n")[0]
    assert first.hash == content_hash(line)
    second = docs[1].hints
    assert second["headline"] == Hint("No id here", "JSON Lines field 'title'")
    assert second["outlet"].value == "Wire" and second["byline"].value == "A. One; B. Two"
    assert [(s.reason, s.record) for s in items if isinstance(s, Skip)] == [
        ("malformed JSON on line 4", "3"),
        ("no text: its text, body and html fields are missing or blank on line 6", "5"),
    ]


def test_a_json_array_file_is_read_record_by_record() -> None:
    data = json.dumps([{"id": "x", "text": "one"}, {"text": "two"}, [3]], indent=2).encode()
    items = list(read_jsonl("list.json", data, SETTINGS))
    assert [(d.id, d.content) for d in _docs(items)] == [("x", "one"), ("list-2", "two")]
    assert isinstance(items[-1], Skip) and items[-1].reason == "not a JSON object in JSON item 3"


def _sources(reader: Reader, path: Path, data: bytes) -> dict[str, str]:
    """-> {document url or content: source} for the documents ``reader`` finds in ``data``."""
    path.write_bytes(data)
    return {d.url or d.content: d.source for d in _docs(list(reader(str(path), data, SETTINGS)))}


def test_jsonl_sources_follow_the_record_not_its_position(tmp_path: Path) -> None:
    old = [
        {"id": "a1", "url": "https://x.example/a1", "text": "First."},
        {"url": "https://x.example/b", "text": "Second."},
        {"text": "No id, no url."},
    ]
    new = {"id": "n0", "text": "Breaking."}
    lines = [json.dumps(r) for r in old]
    before = _sources(read_jsonl, tmp_path / "w.jsonl", "\n".join(lines).encode())
    after = _sources(
        read_jsonl, tmp_path / "w.jsonl", "\n".join([json.dumps(new), *lines]).encode()
    )
    source = os.path.realpath(tmp_path / "w.jsonl")
    assert before["https://x.example/a1"] == after["https://x.example/a1"] == f"{source}#id=a1"
    assert before["https://x.example/b"] == after["https://x.example/b"]
    assert after["https://x.example/b"] == f"{source}#url=https://x.example/b"
    assert (before["No id, no url."], after["No id, no url."]) == (f"{source}#3", f"{source}#4")
    assert after["Breaking."] == f"{source}#id=n0"


def test_ids_keep_the_design_rules_while_sources_use_record_keys() -> None:
    data = b'{"id": "a1", "text": "one"}\n{"url": "https://x.example/b", "text": "two"}\n'
    docs = _docs(list(read_jsonl("dir/w.jsonl", data, SETTINGS)))
    assert [d.id for d in docs] == ["a1", "w-2"]


def test_a_key_given_twice_in_one_file_still_gives_distinct_sources() -> None:
    data = b'{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n{"id": "x~2", "text": "3"}\n'
    sources = [
        d.source.rpartition("#")[2] for d in _docs(list(read_jsonl("d.jsonl", data, SETTINGS)))
    ]
    assert sources == ["id=x", "id=x~2", "id=x~2~2"]


RSS_ITEM = "<item><title>{0}</title>{1}<description>Text of {0}.</description></item>"


def _rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def test_feed_sources_follow_the_entry_guid_or_link_not_its_position(tmp_path: Path) -> None:
    old = [
        RSS_ITEM.format(
            "a", "<guid isPermaLink='false'>tag:w,2017:a</guid><link>https://w/a</link>"
        ),
        RSS_ITEM.format("b", "<link>https://w/b</link>"),
    ]
    new = RSS_ITEM.format("n", "<guid>tag:w,2017:n</guid>")
    before = _sources(read_feed, tmp_path / "f.xml", _rss(old))
    after = _sources(read_feed, tmp_path / "f.xml", _rss([new, *old]))
    source = os.path.realpath(tmp_path / "f.xml")
    assert before["https://w/a"] == after["https://w/a"] == f"{source}#id=tag:w,2017:a"
    assert before["https://w/b"] == after["https://w/b"] == f"{source}#url=https://w/b"
    assert [d.id for d in _docs(list(read_feed("f.xml", _rss([new, *old]), SETTINGS)))] == [
        "f-1",
        "f-2",
        "f-3",
    ]


def test_atom_sources_use_the_entry_id() -> None:
    docs = _docs(_read(read_feed, "feed_atom.atom"))
    assert [d.source.rpartition("#")[2] for d in docs] == ["id=urn:example:1", "id=urn:example:2"]


def test_warc_sources_follow_the_target_uri_across_recrawls(tmp_path: Path) -> None:
    first = warc_page_bytes([("https://n.example/a", "A"), ("https://n.example/b", "B")], crawl=1)
    again = warc_page_bytes(
        [
            ("https://n.example/new", "N"),
            ("https://n.example/a", "A"),
            ("https://n.example/b", "B"),
        ],
        crawl=2,  # a re-crawl: new WARC-Record-IDs and dates
    )
    before = _sources(read_warc, tmp_path / "c.warc", first)
    after = _sources(read_warc, tmp_path / "c.warc", again)
    source = os.path.realpath(tmp_path / "c.warc")
    for url in ("https://n.example/a", "https://n.example/b"):
        assert before[url] == after[url] == f"{source}#url={url}"


def test_rss_entries_become_html_documents_with_feed_hints() -> None:
    items = _read(read_feed, "feed_rss.xml")
    docs = _docs(items)
    assert [d.id for d in docs] == ["feed_rss-1", "feed_rss-2"]
    first = docs[0]
    assert (first.media, first.format) == ("html", "feed")
    assert first.url == "https://wire.example.org/raqqa-falls"
    assert "<b>Raqqa</b>" in first.content
    assert first.hints["outlet"] == Hint("Example Wire World News", "feed title")
    assert first.hints["headline"].value == "Raqqa falls"
    assert first.hints["byline"].value == "Jane Reporter"
    assert first.hints["published"].value == "2017-10-17T11:05:00+00:00"
    assert "Tue, 17 Oct 2017" in first.hints["published"].evidence
    assert docs[1].hints["published"].value == "2017-10-18T09:00:00+02:00"
    assert first.source.endswith("feed_rss.xml#url=https://wire.example.org/raqqa-falls")
    [skip] = [i for i in items if isinstance(i, Skip)]
    assert (skip.reason, skip.record) == ("feed entry 3 has no content", "3")


def test_atom_entries_keep_offsets_and_plain_text_summaries() -> None:
    docs = _docs(_read(read_feed, "feed_atom.atom"))
    assert [d.url for d in docs] == ["https://atom.example.net/1", "https://atom.example.net/2"]
    assert docs[0].hints["published"].value == "2017-10-17T14:05:00+03:00"
    assert docs[0].hints["outlet"] == Hint("Atom Example Times", "feed title")
    assert docs[1].media == "text" and docs[1].content == "Thousands cannot return yet."
    assert docs[1].hints["published"].evidence.startswith("feed entry 'updated'")


def test_feed_dates() -> None:
    assert iso_date("2017-10-17") == "2017-10-17"
    assert iso_date("Tue, 17 Oct 2017 11:05:00 GMT") == "2017-10-17T11:05:00+00:00"
    assert iso_date("sometime last week") is None


@pytest.mark.parametrize("data", [b"<rss><channel><item>", b"<html><body>not a feed</body></html>"])
def test_broken_feeds_are_skips(data: bytes) -> None:
    items = list(read_feed("bad.xml", data, SETTINGS))
    skips = [i for i in items if isinstance(i, Skip)]
    assert skips == items and skips[-1].reason.startswith("malformed feed")


def test_warc_html_responses_become_documents() -> None:
    items = _read(read_warc, "archive.warc.gz")
    assert all(isinstance(i, Document) for i in items)
    docs = _docs(items)
    assert [d.id for d in docs] == ["archive-1", "archive-2"]
    assert [d.url for d in docs] == ["https://news.example.com/a", "https://news.example.com/b"]
    assert docs[1].encoding == "cp1252" and "café" in docs[1].content
    assert docs[0].source.endswith("archive.warc.gz#url=https://news.example.com/a")
    assert docs[0].format == "warc"


def test_truncated_warc_yields_what_was_readable_then_a_skip() -> None:
    items = _read(read_warc, "truncated.warc.gz")
    assert [type(i).__name__ for i in items] == ["Document", "Skip"]
    assert items[1].reason == "truncated WARC record"  # type: ignore[union-attr]


def test_uncompressed_warc_cut_mid_record_is_a_skip() -> None:
    data = warc_bytes(gzipped=False)
    items = list(read_warc("cut.warc", data[: len(data) - 30], SETTINGS))
    assert len(_docs(items)) == 1
    assert isinstance(items[-1], Skip) and items[-1].reason == "truncated WARC record"


def test_a_warc_over_the_file_limit_is_read_record_by_record(tmp_path: Path) -> None:
    archive = tmp_path / "big.warc"
    archive.write_bytes(warc_bytes(gzipped=False))
    small = Settings(max_bytes=200)  # the archive is larger; the second page's record is not
    items = list(read_paths([str(archive)], small))
    skips = [i for i in items if isinstance(i, Skip)]
    assert [d.url for d in _docs(items)] == ["https://news.example.com/b"]
    assert [(s.record, "record larger than" in s.reason) for s in skips] == [("1", True)]


def test_warc_without_html_is_a_skip() -> None:
    [skip] = list(read_warc("none.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n", SETTINGS))
    assert isinstance(skip, Skip)


ANY_BYTES = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda p, b: p + b,
        st.sampled_from([b"WARC/1.0\r\n", b"<rss>", b"{", b"\x1f\x8b", b"\xff\xfe"]),
        st.binary(max_size=400),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(READERS)), ANY_BYTES)
def test_readers_never_raise_on_arbitrary_bytes(fmt: str, data: bytes) -> None:
    items = list(READERS[fmt]("fuzz.bin", data, SETTINGS))
    assert all(isinstance(i, Document | Skip) for i in items)
    for item in items:
        if isinstance(item, Skip):
            assert item.reason and item.path == "fuzz.bin"


def test_a_records_list_of_authors_stays_a_list(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Kurdish-led forces took Raqqa on Tuesday.",
                                "author": ["Ann Lee", {"name": "Bo Chen"}]}) + "\n")
    docs = [d for d in read_paths([str(path)], load_settings()) if isinstance(d, Document)]
    article = clean_document(docs[0], load_settings())
    assert (article.byline, article.authors) == ("Ann Lee; Bo Chen", ["Ann Lee", "Bo Chen"])


def test_empty_items_of_a_records_author_list_are_absent(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Kurdish-led forces took Raqqa on Tuesday.",
                                "author": ["Ann Lee", "", None, "  ", "Bo Chen"]}) + "\n")
    docs = [d for d in read_paths([str(path)], load_settings()) if isinstance(d, Document)]
    assert docs[0].hints["byline"].value == "Ann Lee; Bo Chen"
