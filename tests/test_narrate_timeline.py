"""The timeline: dated events -> the dates that matter -> cited sentences for each.

Specification on the 2017 Raqqa story of the samples (003 of Oct 14: IS on the verge of
defeat; 002, Xinhua of Oct 17/18: the SDF captured Raqqa on Tuesday; 000 and 001 of Oct 21:
Trump's statement on Saturday), and on small hand-dated Readings for the rules.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crosswire import api
from crosswire.models import Article, DatedSentence, Reading
from crosswire.narrate.timeline import TimelineEntry, build_timeline
from crosswire.narrate.timeline_events import _trimmed, within
from crosswire.narrate.timeline_select import readable
from crosswire.store import open_store
from tests.factories import make_article

RAQQA_2017 = {"000", "001", "002", "003"}


@pytest.fixture(scope="module")
def raqqa(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Article], dict[str, Reading]]:
    """The 2017 Raqqa story of the samples: its articles and their Readings."""
    samples = Path(__file__).resolve().parent.parent / "samples" / "raqqa"
    db = str(tmp_path_factory.mktemp("timeline") / "samples.db")
    api.ingest([str(samples)], db=db)
    store = open_store(db)
    story = next(s for s in store.stories() if {a[:3] for a in s.articles} == RAQQA_2017)
    return [api.get_article(store, i) for i in story.articles], api.readings(store, story.articles)


@pytest.fixture(scope="module")
def timeline(raqqa: tuple[list[Article], dict[str, Reading]]) -> dict[str, TimelineEntry]:
    articles, readings = raqqa
    return {e.date: e for e in build_timeline(articles, readings, dates=10, sentences=2)}


def texts(entry: TimelineEntry) -> str:
    return " ".join(s.text for s in entry.sentences)


def cited(entry: TimelineEntry) -> set[str]:
    return {c.article[:3] for s in entry.sentences for c in s.citations}


# --- the Raqqa story ---------------------------------------------------------------------

def test_the_three_days_of_the_story_are_on_the_timeline(
        timeline: dict[str, TimelineEntry]) -> None:
    for day in ("2017-10-14", "2017-10-17", "2017-10-21"):
        assert timeline[day].precision == "day"


def test_oct_14_is_the_fight_for_raqqa_from_the_report_of_that_day(
        timeline: dict[str, TimelineEntry]) -> None:
    entry = timeline["2017-10-14"]
    assert cited(entry) == {"003"}
    assert "Raqqa" in texts(entry) and "surrender" in texts(entry)


def test_oct_17_is_the_capture_of_raqqa_told_on_tuesday(
        timeline: dict[str, TimelineEntry]) -> None:
    entry = timeline["2017-10-17"]
    assert "have fully captured Raqqa on Tuesday" in texts(entry)
    assert "002" in cited(entry)


def test_oct_21_is_trumps_statement_from_both_reports(
        timeline: dict[str, TimelineEntry]) -> None:
    entry = timeline["2017-10-21"]
    assert all("Trump" in s.text and "Saturday" in s.text for s in entry.sentences)
    assert cited(entry) == {"000", "001"}


def test_every_citation_quotes_its_sentence_exactly(
        raqqa: tuple[list[Article], dict[str, Reading]],
        timeline: dict[str, TimelineEntry]) -> None:
    bodies = {a.id: a.body for a in raqqa[0]}
    spans = [(s.text, c) for e in timeline.values() for s in e.sentences for c in s.citations]
    assert spans
    for text, c in spans:
        assert bodies[c.article][c.start:c.end] == text


def test_entries_come_in_date_order_with_at_most_k_sentences(
        raqqa: tuple[list[Article], dict[str, Reading]]) -> None:
    entries = build_timeline(*raqqa, dates=4, sentences=1)
    assert len(entries) == 4
    days = [e.date for e in entries]
    assert days == sorted(days)
    assert all(len(e.sentences) == 1 for e in entries)


def test_since_and_until_bound_the_dates(
        raqqa: tuple[list[Article], dict[str, Reading]]) -> None:
    entries = build_timeline(*raqqa, since=date(2017, 10, 15), until=date(2017, 10, 20),
                             precisions=("day",))
    assert entries
    assert all("2017-10-15" <= e.date <= "2017-10-20" for e in entries)


def test_to_dict_is_the_contract_shape(timeline: dict[str, TimelineEntry]) -> None:
    entry = timeline["2017-10-17"].to_dict()
    assert set(entry) == {"date", "precision", "sentences"}
    assert set(entry["sentences"][0]) == {"text", "citations"}
    assert set(entry["sentences"][0]["citations"][0]) == {"article", "start", "end"}


# --- the rules, on hand-dated Readings ------------------------------------------------------

def dated(article: Article, *days: tuple[str | None, str | None, bool]) -> Reading:
    """article + (date, precision, stated) for each of its lines -> its Reading."""
    sentences, start = [], 0
    for line, (day, precision, stated) in zip(article.body.split("\n"), days, strict=True):
        sentences.append(DatedSentence(start, start + len(line), day, precision, stated))
        start += len(line) + 1
    return Reading(article.id, sentences=sentences)


QUAKE = "An earthquake of magnitude 6.1 struck the north of the island on Sunday morning."
TOLL = "Rescue teams said on Monday that the number of people killed had risen to forty."
AID = "The government announced an emergency aid package for the region on Monday."


def corpus(copies: int) -> tuple[list[Article], dict[str, Reading]]:
    """One original reporting Sunday's quake, wire copies of it, and two independent
    reports of Monday."""
    articles = [make_article("a", QUAKE, published="2020-03-02")]
    articles += [make_article(f"copy{i}", QUAKE, published="2020-03-02")
                 for i in range(copies)]
    for article in articles:
        article.wire_group = "a"
    articles += [make_article("b", f"{TOLL}\n{AID}", published="2020-03-03"),
                 make_article("c", TOLL, published="2020-03-03")]
    readings = {a.id: dated(a, ("2020-03-01", "day", True)) for a in articles[:copies + 1]}
    readings["b"] = dated(articles[-2], ("2020-03-02", "day", True), ("2020-03-02", "day", True))
    readings["c"] = dated(articles[-1], ("2020-03-02", "day", True))
    return articles, readings


def test_wire_copies_count_once_when_ranking_dates() -> None:
    articles, readings = corpus(copies=5)
    [entry] = build_timeline(articles, readings, dates=1)
    assert entry.date == "2020-03-02"  # two independent sources beat one story copied six times


def test_the_same_wording_cites_every_article_that_prints_it() -> None:
    articles, readings = corpus(copies=2)
    entries = {e.date: e for e in build_timeline(articles, readings, dates=2, sentences=2)}
    quake = entries["2020-03-01"].sentences[0]
    assert quake.text == QUAKE
    assert [c.article for c in quake.citations] == ["a", "copy0", "copy1"]
    toll = next(s for s in entries["2020-03-02"].sentences if s.text == TOLL)
    assert {c.article for c in toll.citations} == {"b", "c"}


def test_the_timeline_is_deterministic() -> None:
    articles, readings = corpus(copies=3)
    first = [e.to_dict() for e in build_timeline(articles, readings)]
    assert first == [e.to_dict() for e in build_timeline(list(articles), dict(readings))]


def test_month_dates_are_entries_of_month_precision() -> None:
    article = make_article("m", "Talks on a ceasefire collapsed in March after two weeks.",
                           published="2020-05-10")
    readings = {"m": dated(article, ("2020-03", "month", True))}
    [entry] = build_timeline([article], readings)
    assert (entry.date, entry.precision) == ("2020-03", "month")
    assert build_timeline([article], readings, precisions=("day",)) == []


def test_sentences_without_a_date_or_reading_are_left_out() -> None:
    article = make_article("u", QUAKE, published=None)
    assert build_timeline([article], {"u": dated(article, (None, None, False))}) == []
    assert build_timeline([article], {}) == []


def test_a_month_lies_within_bounds_only_when_wholly_inside() -> None:
    assert within("2020-03", "month", date(2020, 3, 1), date(2020, 3, 31))
    assert not within("2020-03", "month", date(2020, 3, 5), None)


def test_a_wire_dateline_is_not_part_of_the_sentence() -> None:
    body = "DAMASCUS, Oct. 17 (Xinhua) -- The SDF captured Raqqa on Tuesday."
    start, end = _trimmed(body, 0, len(body))
    assert body[start:end] == "The SDF captured Raqqa on Tuesday."


def test_page_furniture_and_fragments_are_not_timeline_sentences() -> None:
    assert readable("The SDF troops have fully captured Raqqa on Tuesday, the spokesman said.")
    assert not readable("MEXICO CITY | Sat Apr 25, 2009 12:51 am BST MEXICO CITY (Reuters) -")
    assert not readable("Raqqa in ruins")
    assert not readable("Will the city be rebuilt by the forces Washington supports?")


def test_a_date_with_only_page_furniture_is_passed_over_for_the_next() -> None:
    furniture = "MEXICO CITY | Sat Apr 25, 2009 12:51 am BST MEXICO CITY (Reuters) -"
    articles = [make_article(i, furniture, published="2009-04-25") for i in ("x", "y")]
    articles.append(make_article("z", TOLL, published="2009-04-27"))
    readings = {a.id: dated(a, ("2009-04-25", "day", True)) for a in articles[:2]}
    readings["z"] = dated(articles[2], ("2009-04-27", "day", True))
    [entry] = build_timeline(articles, readings, dates=1)
    assert entry.date == "2009-04-27"
