"""The Python API shown in the README: ingest, extract, reprocess, open_store."""

from __future__ import annotations

from pathlib import Path

import pytest

import crosswire
from crosswire.errors import NothingProcessed, SkippedUnderStrict

FRENCH = (
    "Les forces kurdes ont pris Raqqa\n\n"
    "Les Forces démocratiques syriennes ont annoncé mardi la prise complète de la ville de "
    "Raqqa, ancienne capitale autoproclamée du groupe État islamique en Syrie, après quatre mois "
    "de combats acharnés dans les quartiers du centre et autour du stade municipal.\n\n"
    "Selon l'Observatoire syrien des droits de l'homme, plus de trois mille personnes ont été "
    "tuées pendant l'offensive, dont plus de mille civils, et la ville est en grande partie "
    "détruite par les frappes aériennes de la coalition internationale.\n"
)


def test_ingest_then_query_the_store(samples: Path, db_path: str) -> None:
    counts = crosswire.ingest([str(samples)], db=db_path)
    assert counts.line() == "5 ingested, 0 unchanged, 0 skipped; 2 stories"
    store = crosswire.open_store(db_path)
    assert [a.outlet for a in store.articles(since="2017-10-18", until="2017-10-18")] == ["Xinhua"]


def test_extract_returns_articles_without_a_store(samples: Path) -> None:
    (article,) = crosswire.extract(str(samples / "002_29db2200959aca4a.txt"))
    assert article.published == "2017-10-18T01:40:26"
    assert "Source: Xinhua" in article.evidence["outlet"]


def test_non_english_articles_are_stored_and_flagged(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "raqqa-fr.txt").write_text(FRENCH, encoding="utf-8")
    counts = crosswire.ingest([str(tmp_path / "raqqa-fr.txt")], db=db_path)
    assert counts.not_english == {"raqqa-fr": "fr"}
    assert "flagged as not English" in counts.line()
    assert crosswire.open_store(db_path).article("raqqa-fr") is not None


def test_ingest_raises_when_nothing_could_be_read(tmp_path: Path, db_path: str) -> None:
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(NothingProcessed, match=r"empty\.txt"):
        crosswire.ingest([str(tmp_path / "empty.txt")], db=db_path)


def test_strict_raises_after_storing_the_rest(samples: Path, tmp_path: Path, db_path: str) -> None:
    (tmp_path / "empty.txt").write_text("")
    paths = [str(samples / "003_29884fe21087bc82.txt"), str(tmp_path / "empty.txt")]
    with pytest.raises(SkippedUnderStrict):
        crosswire.ingest(paths, db=db_path, strict=True)
    assert crosswire.open_store(db_path).count() == 1


def test_reprocess_rebuilds_every_article_from_raw_documents(samples: Path, db_path: str) -> None:
    crosswire.ingest([str(samples)], db=db_path)
    store = crosswire.open_store(db_path)
    store.conn.execute("DELETE FROM articles")
    assert store.pending_document_ids() != []
    assert crosswire.reprocess(db_path) == (5, [])
    assert store.count() == 5 and store.pending_document_ids() == []


def test_a_rerun_cleans_what_an_interrupted_run_left_and_says_so(samples: Path,
                                                                 db_path: str) -> None:
    crosswire.ingest([str(samples)], db=db_path)
    crosswire.open_store(db_path).conn.execute("DELETE FROM articles WHERE id LIKE '00%'")
    counts = crosswire.ingest([str(samples)], db=db_path)
    assert len(counts.recovered) == 5 and len(counts.unchanged) == 5
    assert "5 recovered from an interrupted run" in counts.line()
