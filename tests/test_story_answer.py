"""The top of a story page, said in words: each status as a reader says it (every outcome),
sources by name rather than id, the lede, the reader's filter, and the words outlets choose."""

from __future__ import annotations

from crosswire.models import Citation, Fact, Mention, StoryCard
from crosswire.narrate.framing import SourceFraming
from crosswire.narrate.summary import SummarySentence
from crosswire.web.story_answer import (
    FactFilter,
    article_name,
    distinct_reports,
    finding,
    lede,
    plain_status,
    scare_quotes,
    word_choices,
)
from tests.factories import make_article
from tests.test_cards import story

NAMES = {"a1": "Xinhua", "a2": "i24NEWS", "a3": "RT"}


def report(article: str, value: float, as_of: str | None = None, per: str | None = None,
           kind: str = "quantity") -> Mention:
    outlet = NAMES[article]
    return Mention(article=article, outlet=outlet, kind=kind, text=f"{value:g} dead",
                   subject="dead", citation=Citation(article, 0, 5), value=value, unit="people",
                   attributed_to=per, as_of=as_of)


def fact(status: str, *reports: Mention, origins: list[str] | None = None) -> Fact:
    return Fact(id="fact-1", kind=reports[0].kind, subject="dead", status=status,
                reason="", reports=list(reports), origins=origins or [])


def test_consistent_names_the_one_origin_every_outlet_cites() -> None:
    f = fact("consistent", report("a1", 3250, per="Syrian Observatory"),
             report("a2", 3200, per="Syrian Observatory"))
    assert plain_status(f, NAMES) == "2 outlets, all citing Syrian Observatory"


def test_consistent_names_the_verdicts_origin_first_else_says_one_origin_relayed() -> None:
    f = fact("consistent", report("a1", 3250, per="Trump"), report("a2", 3250, per="Trump"),
             origins=["Reuters"])
    assert plain_status(f, NAMES) == "2 outlets, all citing Reuters"
    f = fact("consistent", report("a1", 3250), report("a2", 3250, per="SDF"))
    assert plain_status(f, NAMES) == "2 outlets, all citing SDF"
    f = fact("consistent", report("a1", 3250, per="UN"), report("a2", 3250, per="SDF"))
    assert plain_status(f, NAMES) == "2 outlets relaying one origin"


def test_corroborated_counts_and_names_the_independent_origins() -> None:
    f = fact("corroborated", report("a1", 10), report("a2", 10), report("a3", 10),
             origins=["Xinhua", "SDF", "UN"])
    assert plain_status(f, NAMES) == "3 outlets, from 3 independent origins: Xinhua, SDF, UN"


def test_evolving_says_from_what_to_what_and_when() -> None:
    f = fact("evolving", report("a2", 90, "2017-10-21"), report("a1", 85, "2017-10-14"))
    assert plain_status(f, NAMES) == \
        "changed over time: 85 people (2017-10-14) → 90 people (2017-10-21)"
    assert plain_status(fact("evolving", report("a1", 1), report("a2", 2)), NAMES) == \
        "2 outlets; it changed over time"
    same = fact("evolving", report("a1", 90, "2017-10-14"), report("a2", 90, "2017-10-21"))
    same.reason = "a later report says it rose"
    assert plain_status(same, NAMES) == \
        "2 outlets; it changed over time: a later report says it rose"


def test_conflicting_and_single_source_in_words() -> None:
    assert plain_status(fact("conflicting", report("a1", 1500), report("a2", 3500)), NAMES) \
        == "2 outlets give figures that cannot all be true at the same time"
    assert plain_status(fact("single-source", report("a3", 4)), NAMES) == "only RT"
    claim = fact("conflicting", report("a1", 1, kind="claim"), report("a2", 1, kind="claim"))
    assert plain_status(claim, NAMES) == "2 outlets report it in ways that contradict each other"


def test_a_finding_lists_reports_earliest_first_and_the_outlets_that_did_not_report_it(
        ) -> None:
    f = fact("evolving", report("a2", 90, "2017-10-21", per="SDF"), report("a1", 85, "2017-10-14"))
    found = finding(f, NAMES, ["Xinhua", "i24NEWS", "RT"])
    assert [(r.source, r.as_of, r.origin) for r in found.reports] == [
        ("Xinhua", "2017-10-14", None), ("i24NEWS", "2017-10-21", "SDF")]
    assert found.missing == ["RT"]
    assert finding(fact("single-source", report("a3", 4)), NAMES, ["Xinhua"]).missing == []
    twice = fact("consistent", report("a1", 1), report("a1", 1), report("a2", 1))
    assert [r.report.article for r in distinct_reports(finding(twice, NAMES, []))] == ["a1", "a2"]


def test_a_source_is_named_by_outlet_then_domain_and_headline_never_by_id() -> None:
    named = make_article("001_8571044f9f1d5040", outlet="Xinhua", headline="Raqqa falls")
    assert article_name(named, 1) == "Xinhua"
    site = make_article("002_abc", headline="Trump says the end of ISIS caliphate is in sight now")
    site.url = "https://www.example.com/news/1"
    assert article_name(site, 2) == "“Trump says the end of ISIS…” (example.com)"
    site.url = "http://[broken/x"  # a URL that does not parse names no site
    assert article_name(site, 2) == "“Trump says the end of ISIS…”"
    bare = make_article("003_abc", headline="Raqqa falls")
    assert article_name(bare, 3) == "“Raqqa falls”"
    nameless = make_article("004_abc")
    nameless.headline = None
    assert article_name(nameless, 4) == "article 4"


def test_the_lede_is_the_first_sentence_an_article_wrote() -> None:
    composed = SummarySentence("Xinhua and RT report 3 dead.", [], composed=True)
    written = SummarySentence("Raqqa fell on Tuesday.", [Citation("a1", 0, 5)])
    card = StoryCard(story("s-1", ["a1"]), [], summary=[composed, written])
    assert lede(card) is written
    assert lede(StoryCard(story("s-1", ["a1"]), [], summary=[composed])) is composed
    assert lede(StoryCard(story("s-1", ["a1"]), [])) is None


def test_the_readers_filter_keeps_facts_by_status_kind_and_outlet() -> None:
    f = fact("consistent", report("a1", 1), report("a2", 1))
    assert FactFilter().keeps(f) and not FactFilter().active
    assert FactFilter(status="consistent", kind="quantity", outlet="XINHUA").keeps(f)
    assert not FactFilter(status="evolving").keeps(f)
    assert not FactFilter(kind="quote").keeps(f)
    assert not FactFilter(outlet="RT").keeps(f)


def test_word_choices_show_only_what_outlets_name_differently() -> None:
    framing = {
        "Xinhua": SourceFraming("Xinhua", ["a1"], names_used={"taking a place by force":
                                "capture", "armed group": "militants"}),
        "RT": SourceFraming("RT", ["a3"], names_used={"taking a place by force": "liberation",
                            "armed group": "militants"}, scare_quotes=["liberation"]),
    }
    choices = word_choices(framing, {})
    assert [(c.concept, c.words) for c in choices] == [
        ("taking a place by force", [("capture", ["Xinhua"]), ("liberation", ["RT"])])]
    assert scare_quotes(framing, {}) == [("RT", ["liberation"])]
