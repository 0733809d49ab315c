"""How each source frames a story: distinctive wording, scare quotes, competing names, voices
and omissions. The story is the 2017 fall of Raqqa in the samples: 000 (i24NEWS), 001 (outlet
unknown: RT's text, with a scare-quoted "liberation"), 002 (Xinhua), 003 (outlet unknown)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from crosswire import api
from crosswire.models import Article, Citation, DatedSentence, Fact, Mention, Reading
from crosswire.narrate.framing import (
    SourceFraming,
    framing,
    group_sources,
    omissions,
    scare_quotes,
)
from crosswire.narrate.framing_names import (
    Concept,
    bracket_pairs,
    found_concepts,
    load_concepts,
    names_used,
    own_words,
)
from crosswire.narrate.framing_terms import TermCounts, log_odds_z, term_counts, terms, top_terms
from crosswire.narrate.framing_voices import canonical_names, voices
from crosswire.store import open_store

RAQQA_2017 = {"000", "001", "002", "003"}
RT, DHAKA = "001_8571044f9f1d5040", "003_29884fe21087bc82"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[list[Article], dict[str, Reading], list[Fact]]:
    """The 2017 Raqqa story of the samples: its articles, their Readings and its facts."""
    samples = Path(__file__).resolve().parent.parent / "samples" / "raqqa"
    db = str(tmp_path_factory.mktemp("framing") / "samples.db")
    api.ingest([str(samples)], db=db)
    store = open_store(db)
    found = next(s for s in store.stories() if {a[:3] for a in s.articles} == RAQQA_2017)
    card = api.story_card(store, found.id)
    return card.articles, api.readings(store, found.articles), card.facts


@pytest.fixture(scope="module")
def framed(story: tuple[list[Article], dict[str, Reading], list[Fact]]
           ) -> dict[str, SourceFraming]:
    articles, readings, facts = story
    return framing(articles, readings, facts)


def article(id: str, body: str, outlet: str | None = None,
            wire_group: str | None = None) -> Article:
    return Article(id=id, path=f"{id}.txt", url=None, outlet=outlet, wire_credit=None,
                   headline=None, published=None, published_confidence=None, evidence={},
                   dateline=None, byline=None, body=body, removed=[], language="en",
                   wire_group=wire_group)


def mention(article_id: str, start: int, speaker: str | None, kind: str = "quote",
            attributed_to: str | None = None) -> Mention:
    return Mention(article=article_id, outlet=None, kind=kind, text="...", subject=None,
                   citation=Citation(article_id, start, start + 3), speaker=speaker,
                   attributed_to=attributed_to if attributed_to is not None else speaker)


# --- the Raqqa story -------------------------------------------------------------------------

def test_sources_are_outlets_or_the_article_when_the_outlet_is_unknown(
        framed: dict[str, SourceFraming]) -> None:
    assert set(framed) == {"i24NEWS", "Xinhua", RT, DHAKA}
    assert framed["Xinhua"].articles == ["002_29db2200959aca4a"]
    assert (framed["Xinhua"].country, framed["Xinhua"].ownership) == ("China", "state")
    assert framed[RT].outlet is None and framed[RT].country is None


def test_the_framing_has_the_contract_shape(framed: dict[str, SourceFraming]) -> None:
    card = json.loads(json.dumps({s: f.to_dict() for s, f in framed.items()}))
    for entry in card.values():
        assert {"distinctive_terms", "scare_quotes", "names_used", "voices", "omits"} <= set(entry)
        assert all(set(t) >= {"term", "z"} for t in entry["distinctive_terms"])
        assert all(set(v) >= {"name", "count"} for v in entry["voices"])
        assert all(isinstance(f, str) for f in entry["omits"])


def test_the_scare_quoted_liberation_belongs_to_the_source_that_wrote_it(
        framed: dict[str, SourceFraming]) -> None:
    assert "liberation" in framed[RT].scare_quotes
    assert "more than 90 percent" not in framed[RT].scare_quotes  # a quoted figure, a citation
    assert framed[DHAKA].scare_quotes == ["caliphate"]
    assert not any("liberation" in q for s in ("i24NEWS", "Xinhua", DHAKA)
                   for q in framed[s].scare_quotes)


def test_each_source_lists_the_people_it_quotes(framed: dict[str, SourceFraming]) -> None:
    heard = {s: {v.name for v in f.voices} for s, f in framed.items()}
    assert {"Donald Trump", "Yves Le Drian"} <= heard["i24NEWS"]
    assert {"Donald Trump", "Igor Konashenkov"} <= heard[RT]
    assert {"Talal Silo", "Anas Joudeh"} <= heard["Xinhua"]
    assert {"Ryan Dillon", "Omar Alloush"} <= heard[DHAKA]
    assert not any("Trump" in h for h in (heard["Xinhua"], heard[DHAKA]))


def test_trump_and_donald_trump_are_one_voice(framed: dict[str, SourceFraming]) -> None:
    for source in ("i24NEWS", RT):
        names = [v.name for v in framed[source].voices]
        assert "Trump" not in names and names[0] == "Donald Trump"


def test_voice_counts_and_shares_add_up(framed: dict[str, SourceFraming]) -> None:
    for f in framed.values():
        assert f.voices == sorted(f.voices, key=lambda v: (-v.count, v.name))
        assert sum(v.share for v in f.voices) == pytest.approx(1.0, abs=0.01)


def test_omissions_are_the_widely_reported_facts_a_source_leaves_out(
        story: tuple[list[Article], dict[str, Reading], list[Fact]],
        framed: dict[str, SourceFraming]) -> None:
    facts = story[2]
    caliphate = next(f for f in facts if "caliphate is in sight" in f.subject)
    toll = next(f for f in facts if any(r.value == 3250.0 for r in f.reports))
    assert caliphate.status == "consistent" and toll.status == "consistent"
    # Trump spoke on Oct 21: the Oct 14 and Oct 17 articles could not have reported it
    assert caliphate.id not in framed["Xinhua"].omits + framed[DHAKA].omits
    assert caliphate.id not in framed["i24NEWS"].omits + framed[RT].omits
    # the toll was reported on Oct 17: RT's Oct 21 article leaves it out, the Oct 14 one cannot
    assert toll.id in framed[RT].omits and toll.id not in framed[DHAKA].omits
    assert toll.id not in framed["Xinhua"].omits + framed["i24NEWS"].omits
    single = {f.id for f in facts if f.status == "single-source"} - {
        f.id for f in facts if f.status != "single-source"}
    assert not single & {i for f in framed.values() for i in f.omits}


def test_distinctive_terms_do_not_depend_on_article_order(
        story: tuple[list[Article], dict[str, Reading], list[Fact]],
        framed: dict[str, SourceFraming]) -> None:
    articles, readings, facts = story
    expected = {s: [(t.term, t.z) for t in f.distinctive_terms] for s, f in framed.items()}
    assert any(expected.values())
    for seed in range(3):
        shuffled = list(articles)
        random.Random(seed).shuffle(shuffled)
        again = framing(shuffled, dict(reversed(readings.items())), list(reversed(facts)))
        assert {s: [(t.term, t.z) for t in f.distinctive_terms]
                for s, f in again.items()} == expected


def test_distinctive_terms_pass_the_threshold_and_tell_sources_apart(
        framed: dict[str, SourceFraming]) -> None:
    for f in framed.values():
        assert len(f.distinctive_terms) <= 10
        assert all(t.z >= 1.96 for t in f.distinctive_terms)
    assert "sdf" in [t.term for t in framed["Xinhua"].distinctive_terms]
    assert "xinhua" not in [t.term for t in framed["Xinhua"].distinctive_terms]  # its own name
    assert "isis" in [t.term for t in framed[RT].distinctive_terms]


def test_names_used_show_who_says_sdf_and_who_spells_it_out(
        framed: dict[str, SourceFraming]) -> None:
    assert framed["Xinhua"].names_used["Syrian Democratic Forces"] == "SDF"
    assert framed[RT].names_used["Syrian Democratic Forces"] == "Syrian Democratic Forces"
    assert framed["i24NEWS"].names_used["the Islamic State group"] == "IS"
    assert framed[DHAKA].names_used["the Islamic State group"] == "Islamic State"
    assert framed[RT].names_used["taking a place by force"] == "liberation"
    counts = framed[RT].name_counts["taking a place by force"]
    assert next(iter(counts)) == "liberation" and counts["liberation"] == max(counts.values())


def test_a_background_adds_terms_distinctive_against_the_collection(
        story: tuple[list[Article], dict[str, Reading], list[Fact]]) -> None:
    articles, readings, facts = story
    other = ("Health officials said the flu vaccine supply was adequate for the season. "
             "Hospitals reported fewer flu cases this week than last week. ") * 20
    background = term_counts([a.body for a in articles] + [other])
    framed = framing(articles, readings, facts, background)
    assert all(all(t.z >= 1.96 for t in f.collection_terms) for f in framed.values())
    assert "sdf" in [t.term for t in framed["Xinhua"].collection_terms]
    assert not any(t.term == "flu" for f in framed.values() for t in f.collection_terms)


# --- terms and the log-odds ratio ------------------------------------------------------------

def test_terms_are_content_words_and_adjacent_pairs_within_punctuation() -> None:
    found = list(terms("The U.S.-led coalition, backed by air strikes, took Raqqa's centre."))
    assert found == ["us-led", "us-led coalition", "coalition", "backed", "air", "air strikes",
                     "strikes", "took", "took raqqa", "raqqa", "raqqa centre", "centre"]
    assert "coalition backed" not in found  # a comma between them


def test_numbers_and_stop_words_are_not_terms() -> None:
    assert list(terms("It was 3,200 of them in 2017")) == []


def test_words_in_any_script_stay_whole() -> None:
    assert list(terms("Không có; São Paulo, H1N1")) == [
        "không", "không có", "có", "são", "são paulo", "paulo", "h1n1"]


def test_a_term_one_side_uses_far_more_scores_high_and_a_shared_one_near_zero() -> None:
    a = term_counts(["siege. city. army."] * 6)
    b = term_counts(["liberation. city. army."] * 6)
    prior = term_counts(["siege. city. army."] * 6 + ["liberation. city. army."] * 6)
    z = log_odds_z(a, b, prior)
    assert z["siege"] > 1.96
    assert abs(z["army"]) < 1.0 and abs(z["city"]) < 1.0
    assert "liberation" not in z  # scored only for terms the source uses
    back = log_odds_z(b, a, prior)
    assert back["liberation"] > 1.96


def test_top_terms_rank_by_z_and_drop_a_word_its_phrase_covers() -> None:
    z = {"islamic state": 3.0, "islamic": 3.0, "state": 2.5, "fighters": 2.0, "city": 1.0}
    counts = {"islamic state": 7, "islamic": 7, "state": 9, "fighters": 5, "city": 9}
    assert top_terms(z, counts) == [("islamic state", 3.0), ("state", 2.5), ("fighters", 2.0)]
    assert top_terms(z, counts, limit=1) == [("islamic state", 3.0)]


def test_term_counts_add_up_and_subtract() -> None:
    one, two = term_counts(["siege of the city"]), term_counts(["siege ended"])
    both = TermCounts()
    both.add(one)
    both.add(two)
    assert both.counts["siege"] == 2 and both.texts == 2
    assert both.minus(two).counts == one.counts


# --- names, voices, scare quotes, omissions, sources ------------------------------------------

def test_aliases_in_brackets_are_pairs_of_names() -> None:
    text = ("The US-backed Syrian Democratic Forces (SDF) took the city. "
            "\"Our fight against ISIS [Islamic State] goes on,\" he said, "
            "and they (IS) left. Rex Tillerson (L) spoke.")
    assert bracket_pairs(text) == [("Syrian Democratic Forces", "SDF"),
                                   ("ISIS", "Islamic State")]


def test_spellings_apart_by_a_letter_are_not_joined_they_may_be_two_people() -> None:
    texts = ["Fighting in Raqqa went on.", "The council of Raqa met.", "Philip and Phillip met."]
    assert found_concepts(texts, load_concepts()) == []


def test_acronyms_match_in_capitals_only_and_not_in_shouted_headlines() -> None:
    group = next(c for c in load_concepts() if c.name == "the Islamic State group")
    assert group.counts("IS fighters left; this is it; ISIL and Daesh") == {
        "IS": 1, "ISIL": 1, "Daesh": 1}
    assert group.counts("WHY IS THE WORLD WATCHING NOW\nThe Islamic State group") == {
        "Islamic State": 1}


def test_names_count_in_the_outlets_own_words_not_in_quotes() -> None:
    assert own_words('He said "we liberated it" as the “liberation” ended').split() == [
        "He", "said", "as", "the", "ended"]
    event = next(c for c in load_concepts() if c.name == "taking a place by force")
    used = names_used({"a": ['"We liberated Raqqa," he said of the capture.'],
                       "b": ["After the fall of Raqqa, the recapture of Tabqa."]}, [event])
    assert used == {"a": {"taking a place by force": "capture"},
                    "b": {"taking a place by force": "recapture"}}  # a tie: the first listed


def test_names_found_in_the_text_are_reported_only_when_sources_differ() -> None:
    texts = {"a": ["The Syrian Democratic Forces (SDF) advanced. The SDF held. SDF said."],
             "b": ["The Syrian Democratic Forces advanced."],
             "c": ["The World Health Organization (WHO) met."], "d": ["WHO said so."]}
    found = found_concepts([t for ts in texts.values() for t in ts], load_concepts())
    assert [c.name for c in found] == ["Syrian Democratic Forces", "World Health Organization"]
    used = names_used(texts, found)
    assert used["a"] == {"Syrian Democratic Forces": "SDF"}
    assert used["b"] == {"Syrian Democratic Forces": "Syrian Democratic Forces"}
    assert used["c"] == {"World Health Organization": "World Health Organization"}
    assert used["d"] == {"World Health Organization": "WHO"}
    same = names_used({"a": ["SDF"], "b": ["the SDF"]},
                      [Concept("SDF", {"SDF": ("SDF",), "Syrian Democratic Forces": (
                          "Syrian Democratic Forces",)}, found=True)])
    assert same == {"a": {}, "b": {}}  # both say SDF: no competition to report


def test_a_surname_joins_the_one_full_name_it_ends() -> None:
    names = canonical_names({"Trump": 3, "Donald Trump": 1, "the UN": 1, "UN": 2,
                             "the spokesman": 1, "a spokesman": 1})
    assert names["Trump"] == "Donald Trump"
    assert names["the UN"] == names["UN"] == "UN"
    assert names["the spokesman"] != names["a spokesman"]  # perhaps two people


def test_a_surname_shared_by_two_full_names_stays_apart() -> None:
    names = canonical_names({"Trump": 1, "Donald Trump": 1, "Eric Trump": 1})
    assert names["Trump"] == "Trump"


def test_a_name_joins_through_titles_and_shows_as_the_plain_full_name() -> None:
    names = canonical_names({"Trump": 2, "Donald Trump": 1, "President Donald Trump": 3,
                             "Besser": 1, "Richard Besser": 1, "Dr. Richard Besser": 1,
                             "CDC Director Richard Besser": 1, "CDC's Besser": 1,
                             "Fukuda": 3, "Dr Fukuda": 2, "Keiji Fukuda": 1})
    assert {names["Trump"], names["President Donald Trump"]} == {"Donald Trump"}
    assert {names[n] for n in names if n.endswith("Besser")} == {"Richard Besser"}
    assert {names[n] for n in names if n.endswith("Fukuda")} == {"Keiji Fukuda"}


def test_a_title_does_not_join_a_surname_two_people_share() -> None:
    names = canonical_names({"Chan": 1, "Dr Chan": 1, "Margaret Chan": 1, "Jackie Chan": 1})
    assert names["Chan"] == "Chan" and names["Dr Chan"] == "Dr Chan"


def test_a_voice_counts_once_per_sentence() -> None:
    sentences = [DatedSentence(0, 50, None, None, False), DatedSentence(51, 90, None, None, False)]
    reading = Reading("a", [mention("a", 5, "Jim Mattis"), mention("a", 20, "Mattis", "claim"),
                            mention("a", 60, "Mattis"), mention("a", 70, None, "quantity",
                                                                "the UN")], sentences)
    heard = voices({"s": [reading]})["s"]
    assert [(v.name, v.count, v.share) for v in heard] == [
        ("Jim Mattis", 2, 0.667), ("the UN", 1, 0.333)]


def test_scare_quotes_are_kept_as_written_once_each() -> None:
    one = Reading("a", scare_quotes=[{"start": 9, "end": 19, "text": "Liberation"},
                                     {"start": 1, "end": 10, "text": "caliphate"}])
    two = Reading("b", scare_quotes=[{"start": 1, "end": 11, "text": "liberation"},
                                     {"start": 30, "end": 40, "text": "about 3,000"},
                                     {"start": 50, "end": 72, "text": "We are under quarantine."},
                                     {"start": 80, "end": 90, "text": "a b c d e f"}])
    assert scare_quotes([one, two]) == ["caliphate", "Liberation"]


def test_omissions_skip_facts_the_source_reports_and_single_source_ones() -> None:
    def fact(id: str, status: str, *articles: str) -> Fact:
        return Fact(id, "quote", "x", status, "why", [mention(a, 0, "X") for a in articles])

    facts = [fact("f1", "corroborated", "a", "b"), fact("f2", "consistent", "b", "c"),
             fact("f3", "single-source", "b"), fact("f4", "conflicting", "b", "c")]
    mine = [article("a", "..."), article("d", "...")]
    mine[1].published = "2017-10-21"
    dates = {"a": "2017-10-21", "b": "2017-10-17", "c": "2017-10-18", "d": "2017-10-21"}
    assert omissions(mine, facts, dates) == ["f2"]


def test_an_article_omits_only_what_was_reported_before_it_was_published() -> None:
    fact = Fact("f", "quote", "x", "consistent", "why", [mention(a, 0, "X") for a in "bc"])
    early = [article("e", "...")]
    early[0].published = "2017-10-14"
    dates = {"b": "2017-10-21", "c": "2017-10-22", "e": "2017-10-14"}
    assert omissions(early, [fact], dates) == []
    assert omissions(early, [fact], {}) == []  # no dates: nothing can be called omitted


def test_one_outlet_is_one_source_and_wire_copies_count_once() -> None:
    body = "Xinhua reports the siege. The siege of Raqqa. Siege. Siege. Siege. Siege ended."
    others = [article("3", "Fighters left the city after the liberation.", None),
              article("4", "The liberation of the city. Fighters left the city.", "AFP")]
    arts = [article("2", body, "reuters", "w1"), article("1", body, "Reuters", "w1"), *others]
    assert list(group_sources(arts)) == ["3", "AFP", "Reuters"]
    framed = framing(arts, {}, [])
    assert framed["Reuters"].articles == ["1", "2"]
    assert framed["Reuters"].outlet == "Reuters" and framed["AFP"].ownership == "wire"
    siege = [(t.term, t.count) for t in framed["Reuters"].distinctive_terms]
    assert siege == [("siege", 6)]  # two copies of one wire story: counted once
    alone = framing([article("1", body, "Reuters", "w1"), *others], {}, [])
    assert [(t.term, t.count) for t in alone["Reuters"].distinctive_terms] == siege
    rewritten = framing([*arts, article("5", body, "Reuters", "w2")], {}, [])
    assert [t.count for t in rewritten["Reuters"].distinctive_terms] == [12]
