"""The pipeline: stages share one signature; clean runs in two passes; bad items become skips."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosswire.api import extract
from crosswire.config import load_settings
from crosswire.models import Document, content_hash
from crosswire.pipeline import PIPELINE, Batch, Context, run_stages

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_the_pipeline_is_a_list_of_named_stages() -> None:
    assert [name for name, _ in PIPELINE] == ["clean"]


def test_feed_entries_become_articles_with_their_container_metadata() -> None:
    articles = extract(str(FIXTURES / "feed_rss.xml"))
    first = articles[0]
    assert (first.id, first.headline, first.outlet) == ("feed_rss-1", "Raqqa falls",
                                                        "Example Wire World News")
    assert first.published == "2017-10-17T11:05+00:00"
    assert first.body == "Kurdish-led forces took Raqqa."


def test_json_lines_records_keep_their_fields_as_evidence() -> None:
    by_id = {a.id: a for a in extract(str(FIXTURES / "records.jsonl"))}
    assert by_id["a1"].headline == "Raqqa falls" and by_id["a1"].outlet == "Example Post"
    assert "JSON Lines field" in by_id["a1"].evidence["published"]
    assert by_id["h1"].body == "Markup body."


def test_a_records_text_is_its_body_unless_settings_say_to_clean_it(tmp_path: Path) -> None:
    record = tmp_path / "one.jsonl"
    record.write_text('{"id": "r", "text": "Menu\\nHome\\nRaqqa fell on Tuesday, officials '
                      'said, after four months of fighting in the city."}\n')
    (trusted,) = extract(str(record))
    (cleaned,) = extract(str(record), trust_record_text=False)
    assert trusted.body.startswith("Menu\n\nHome\n\nRaqqa fell")
    assert "Menu" not in cleaned.body and cleaned.body.startswith("Raqqa fell")


def test_a_document_that_breaks_a_stage_is_skipped_and_the_batch_goes_on(
        monkeypatch: pytest.MonkeyPatch, samples: Path) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    good = Document(id="good", path="g", source="g", media="text", format="text",
                    content=(samples / "003_29884fe21087bc82.txt").read_text(),
                    hash=content_hash(b"g"))
    bad = Document(id="bad", path="b", source="b", media="html", format="html",
                   content="<p>x</p>", hash=content_hash(b"b"))
    monkeypatch.setattr("crosswire.clean.extract_page", explode)
    batch = run_stages(Batch(documents=[good, bad]), Context(load_settings()))
    assert [a.id for a in batch.articles] == ["good"]
    assert [(s.record, "boom" in s.reason) for s in batch.skipped] == [("bad", True)]


def test_a_record_without_a_headline_field_keeps_its_first_sentence_in_the_body(
        tmp_path: Path) -> None:
    record = tmp_path / "t17.jsonl"
    record.write_text('{"id": "h", "published": "2009-06-16", "text": "Flu cases rose.\\n'
                      'Officials said schools would stay open."}\n')
    (article,) = extract(str(record))
    assert article.headline is None and "no headline or title field" in article.evidence["headline"]
    assert article.body == "Flu cases rose.\n\nOfficials said schools would stay open."
