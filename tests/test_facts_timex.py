"""Specification of the time resolver: real news sentences (the Raqqa samples) and edge cases.

Publication dates of the samples: 000 and 001 Saturday 2017-10-21, 002 Wednesday 2017-10-18,
003 Saturday 2017-10-14, 004 Tuesday 2018-10-02.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.language import Language

from crosswire.facts.nlp import load_nlp
from crosswire.facts.timex import TimeExpr, as_of, find_times

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "raqqa"
SAT_2017_10_21 = dt.date(2017, 10, 21)
SAT_2017_10_14 = dt.date(2017, 10, 14)
WED_2017_10_18 = dt.date(2017, 10, 18)
TUE_2018_10_02 = dt.date(2018, 10, 2)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def resolve(
    nlp: Language, text: str, published: dt.date | dt.datetime | None
) -> list[tuple[str, str | None, str | None]]:
    """text + publication date -> [(expression text, value, precision)]."""
    return [(t.text, t.value, t.precision) for t in find_times(nlp(text), published)]


def value_of(nlp: Language, text: str, published: dt.date | None, phrase: str) -> str | None:
    """The value of the one expression whose text is ``phrase``."""
    hits = [v for t, v, _ in resolve(nlp, text, published) if t == phrase]
    assert len(hits) == 1, resolve(nlp, text, published)
    return hits[0]


def sentence_as_of(
    nlp: Language, text: str, published: dt.date | None
) -> tuple[str | None, str | None]:
    """as_of for the first sentence of ``text`` with the times of the whole text."""
    doc = nlp(text)
    return as_of(next(iter(doc.sents)), find_times(doc, published), published)


class TestRealSentences:
    def test_saturday_in_an_article_published_on_saturday_is_that_day(self, nlp: Language) -> None:
        text = ("US President Donald Trump announced the full liberation of the Syrian city of "
                "Raqqa from Islamic State on Saturday, following a campaign that saw the city "
                "leveled and almost depopulated.")
        assert resolve(nlp, text, SAT_2017_10_21) == [("Saturday", "2017-10-21", "day")]

    def test_past_tuesday_is_the_tuesday_before_publication(self, nlp: Language) -> None:
        text = ("The US-backed Syrian Democratic Forces, comprised of Kurds and other opposition "
                "groups, already announced the complete liberation of Raqqa on Tuesday, but until "
                "now the US assessment was that “more than 90 percent” had been freed.")
        assert value_of(nlp, text, SAT_2017_10_21, "Tuesday") == "2017-10-17"

    def test_present_perfect_counts_as_past(self, nlp: Language) -> None:
        text = ("The SDF, backed by the U.S.-led coalition, have fully captured Raqqa on Tuesday, "
                "after eliminating the terror-labeled militants.")
        assert value_of(nlp, text, WED_2017_10_18, "Tuesday") == "2017-10-17"

    def test_may_be_cleared_on_sunday_looks_forward(self, nlp: Language) -> None:
        text = ("Islamic State is on the verge of defeat in Syria's Raqqa and the city may finally "
                "be cleared of the jihadists on Sunday, the Syrian Kurdish YPG militia told "
                "reporters.")
        assert value_of(nlp, text, SAT_2017_10_14, "Sunday") == "2017-10-15"

    def test_said_on_sunday_in_a_tuesday_article(self, nlp: Language) -> None:
        text = ("In a sign of the threat still posed by the militant group, security forces in "
                "northern Syria’s Raqqa said on Sunday they had uncovered an Islamic State "
                "sleeper cell.")
        assert value_of(nlp, text, TUE_2018_10_02, "Sunday") == "2018-09-30"

    def test_since_june_and_earlier_this_year(self, nlp: Language) -> None:
        text = ("The Syrian Democratic Forces have been battling since June to oust Islamic State "
                "from Raqqa. The defeat will be a milestone in Syria and Iraq, where earlier this "
                "year the group was driven from the city of Mosul.")
        assert resolve(nlp, text, SAT_2017_10_14) == [
            ("June", "2017-06", "month"), ("earlier this year", "2017", "year")]

    def test_last_october_a_year_on(self, nlp: Language) -> None:
        text = ("Raqqa served as the de facto capital of Islamic State’s self-proclaimed caliphate "
                "until it was retaken by the Syrian Democratic Forces (SDF) militia alliance last "
                "October.")
        assert resolve(nlp, text, TUE_2018_10_02) == [("last October", "2017-10", "month")]

    def test_four_years_ago_and_last_month(self, nlp: Language) -> None:
        text = ("While the extremists have lost almost all of the self-declared “caliphate” they "
                "held across Iraq and Syria four years ago, Mattis warned that it would take time. "
                "Last month the military chief of France estimated the jihadists would lose "
                "their last Syrian territory by January.")
        assert resolve(nlp, text, TUE_2018_10_02) == [
            ("four years ago", "2014", "year"), ("Last month", "2018-09", "month"),
            ("January", "2019-01", "month")]

    def test_future_months_in_a_will_clause(self, nlp: Language) -> None:
        text = ("Erdogan also said that Turkey will hold a summit with Russia, Germany and France "
                "in October or November to discuss Syria.")
        assert resolve(nlp, text, TUE_2018_10_02) == [
            ("October", "2018-10", "month"), ("November", "2018-11", "month")]

    def test_past_month_in_the_publication_year(self, nlp: Language) -> None:
        text = ("In June, the SDF imposed a three-day curfew in Raqqa and declared a state of "
                "emergency.")
        assert resolve(nlp, text, TUE_2018_10_02) == [("June", "2018-06", "month")]

    def test_the_previous_day_is_anchored_on_the_sentence_date(self, nlp: Language) -> None:
        text = ("Syria’s foreign minister said in remarks broadcast Tuesday that the Iranian "
                "ballistic missile attack on militants in eastern Syria the previous day was "
                "part of “legitimate” cooperation.")
        assert resolve(nlp, text, TUE_2018_10_02) == [
            ("Tuesday", "2018-10-02", "day"), ("the previous day", "2018-10-01", "day")]


class TestCountingFromAnEvent:
    def test_four_days_after_an_undated_event_is_unresolved(self, nlp: Language) -> None:
        text = ("The declaration came four days after US-backed Kurdish-led forces recaptured "
                "Raqqa, the capital of IS's self-proclaimed caliphate.")
        assert resolve(nlp, text, SAT_2017_10_21) == [("four days after", None, None)]

    def test_the_previous_time_is_not_the_events_date(self, nlp: Language) -> None:
        # Saturday dates the declaration, not the fall: Saturday + 4 days would be wrong.
        text = ("Trump spoke on Saturday. The declaration came four days after the city fell.")
        assert value_of(nlp, text, SAT_2017_10_21, "four days after") is None

    def test_an_earlier_date_for_the_same_event_anchors_it(self, nlp: Language) -> None:
        text = ("Kurdish-led forces recaptured Raqqa on Tuesday. The declaration came four days "
                "after US-backed forces recaptured the city.")
        assert value_of(nlp, text, SAT_2017_10_21, "four days after") == "2017-10-21"

    def test_a_misparsed_time_before_after_does_not_date_the_event(self, nlp: Language) -> None:
        # The parser hangs "Friday morning" under "began": it must not become the protests' date.
        text = ("She has not contacted anyone since Friday morning - three days after major "
                "protests in the capital began.")
        assert resolve(nlp, text, dt.date(2011, 1, 31)) == [
            ("Friday morning", "2011-01-28", "day"), ("three days after", None, None)]

    def test_a_date_inside_the_event_clause_anchors_it(self, nlp: Language) -> None:
        text = "The declaration came four days after the city fell on Oct. 17."
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("four days after", "2017-10-21", "day"), ("Oct. 17", "2017-10-17", "day")]

    def test_later_and_earlier_count_from_the_previous_time(self, nlp: Language) -> None:
        text = ("IS captured the city in 2014. Three years later, it lost it. The next day "
                "nothing changed.")
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("2014", "2014", "year"), ("Three years later", "2017", "year"),
            ("The next day", None, None)]

    def test_a_week_later_from_a_day(self, nlp: Language) -> None:
        text = ("The city fell on Oct. 17. A week later, the last fighters left. The next day, "
                "aid came.")
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("Oct. 17", "2017-10-17", "day"), ("A week later", "2017-10", "month"),
            ("The next day", None, None)]

    def test_anchors_reach_back_two_sentences_at_most(self, nlp: Language) -> None:
        text = ("The city fell on Oct. 17. Aid was slow. Roads were closed. Rain fell. The next "
                "day, aid came.")
        assert value_of(nlp, text, SAT_2017_10_21, "The next day") is None

    def test_anchors_do_not_cross_paragraphs(self, nlp: Language) -> None:
        text = "The city fell on Oct. 17.\n\nThe next day, aid came."
        assert value_of(nlp, text, SAT_2017_10_21, "The next day") is None

    def test_the_next_day_after_a_dated_day(self, nlp: Language) -> None:
        text = "The city fell on Oct. 17. The next day, aid convoys arrived."
        assert value_of(nlp, text, SAT_2017_10_21, "The next day") == "2017-10-18"


class TestExplicitDates:
    @pytest.mark.parametrize(
        ("text", "phrase", "value", "relative"),
        [
            ("The city fell on Oct. 17.", "Oct. 17", "2017-10-17", True),
            ("The city fell on Oct 17th.", "Oct 17th", "2017-10-17", True),
            ("The city fell on October 17, 2017.", "October 17, 2017", "2017-10-17", False),
            ("The city fell on 17 October 2017.", "17 October 2017", "2017-10-17", False),
            ("The band played on 8 October.", "8 October", "2017-10-08", True),
            ("The band will play on 8 October.", "8 October", "2018-10-08", True),
            ("Filed 2017-10-17 by staff.", "2017-10-17", "2017-10-17", False),
            ("The offensive began in June 2016.", "June 2016", "2016-06", False),
            ("IS declared Raqqa its capital in 2014.", "2014", "2014", False),
            ("Growth slowed in mid-2016.", "mid-2016", "2016", False),
            ("The report is dated 25/12/2016.", "25/12/2016", "2016-12-25", False),
        ],
    )
    def test_forms(
        self, nlp: Language, text: str, phrase: str, value: str, relative: bool
    ) -> None:
        times = find_times(nlp(text), SAT_2017_10_21)
        assert [(t.text, t.value, t.relative) for t in times] == [(phrase, value, relative)]

    def test_offsets_index_the_text(self, nlp: Language) -> None:
        doc = nlp("Trump spoke at the White House on October 16, 2017.")
        (time,) = find_times(doc, None)
        assert doc.text[time.start:time.end] == time.text == "October 16, 2017"

    def test_day_month_order_that_is_not_certain_stays_unresolved(self, nlp: Language) -> None:
        assert value_of(nlp, "The report is dated 05/06/2016.", None, "05/06/2016") is None

    def test_without_publication_only_full_dates_resolve(self, nlp: Language) -> None:
        text = "The city fell on Tuesday, October 17, 2017, and Trump spoke on Saturday."
        assert resolve(nlp, text, None) == [
            ("Tuesday, October 17, 2017", "2017-10-17", "day"), ("Saturday", None, None)]

    def test_publication_time_and_zone_are_ignored(self, nlp: Language) -> None:
        stamp = dt.datetime(2017, 10, 21, 23, 47, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
        assert resolve(nlp, "Trump spoke on Tuesday.", stamp) == [
            ("Tuesday", "2017-10-17", "day")]

    def test_a_stated_weekday_picks_the_year(self, nlp: Language) -> None:
        text = "Erdogan spoke in Ankara on Wednesday, Nov. 6."
        assert value_of(nlp, text, dt.date(2019, 12, 1), "Wednesday, Nov. 6") == "2019-11-06"


class TestYearBoundariesAndLeapDays:
    def test_december_in_a_january_article_is_last_year(self, nlp: Language) -> None:
        assert resolve(nlp, "The talks collapsed in December.", dt.date(2018, 1, 9)) == [
            ("December", "2017-12", "month")]

    def test_january_in_a_december_article_is_next_year_when_future(self, nlp: Language) -> None:
        assert resolve(nlp, "The talks will resume in January.", dt.date(2017, 12, 20)) == [
            ("January", "2018-01", "month")]

    @pytest.mark.parametrize(
        ("published", "value"),
        [(dt.date(2018, 10, 2), "2017-10"), (dt.date(2018, 11, 5), "2018-10"),
         (dt.date(2018, 1, 5), "2017-10")],
    )
    def test_last_october(self, nlp: Language, published: dt.date, value: str) -> None:
        assert resolve(nlp, "The city fell last October.", published) == [
            ("last October", value, "month")]

    def test_a_month_of_last_year(self, nlp: Language) -> None:
        assert resolve(nlp, "It happened in April last year.", SAT_2017_10_21) == [
            ("April last year", "2016-04", "month")]

    def test_a_tenseless_month_far_from_publication_is_not_guessed(self, nlp: Language) -> None:
        # Five months back or seven ahead: a deadline one "faces" could be either.
        assert resolve(nlp, "They face a May deadline.", SAT_2017_10_21) == [("May", None, None)]

    def test_next_march_in_march_is_a_year_ahead(self, nlp: Language) -> None:
        assert resolve(nlp, "Elections are due next March.", dt.date(2018, 3, 15)) == [
            ("next March", "2019-03", "month")]

    def test_year_less_date_across_new_year(self, nlp: Language) -> None:
        assert value_of(nlp, "The city fell on Dec. 30.", dt.date(2018, 1, 2), "Dec. 30") == (
            "2017-12-30")

    def test_leap_day_without_a_year(self, nlp: Language) -> None:
        assert value_of(nlp, "The deal was signed on Feb. 29.", dt.date(2021, 3, 10),
                        "Feb. 29") == "2020-02-29"

    def test_impossible_dates_do_not_resolve(self, nlp: Language) -> None:
        assert resolve(nlp, "It was signed on February 29, 2019.", None) == [
            ("February 29, 2019", None, None)]
        assert resolve(nlp, "It was signed on February 29, 2020.", None) == [
            ("February 29, 2020", "2020-02-29", "day")]


class TestWeekdays:
    def test_last_friday_on_a_friday_is_a_week_earlier(self, nlp: Language) -> None:
        friday = dt.date(2017, 10, 20)
        assert resolve(nlp, "He resigned last Friday.", friday) == [
            ("last Friday", "2017-10-13", "day")]

    def test_bare_friday_on_a_friday_is_that_day(self, nlp: Language) -> None:
        assert resolve(nlp, "He resigned on Friday.", dt.date(2017, 10, 20)) == [
            ("Friday", "2017-10-20", "day")]

    def test_next_friday_and_future_friday(self, nlp: Language) -> None:
        text = "He will resign on Friday. She plans to leave next Friday."
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("Friday", "2017-10-27", "day"), ("next Friday", "2017-10-27", "day")]

    def test_expected_to_looks_forward(self, nlp: Language) -> None:
        text = "The minister is expected to arrive on Monday."
        assert value_of(nlp, text, SAT_2017_10_21, "Monday") == "2017-10-23"

    def test_present_reporting_verb_reports_the_past(self, nlp: Language) -> None:
        assert value_of(nlp, "Mattis says Tuesday the fight is not over.", SAT_2017_10_21,
                        "Tuesday") == "2017-10-17"

    def test_tenseless_far_weekday_is_not_guessed(self, nlp: Language) -> None:
        # Wednesday is 3 days back or 4 ahead of a Saturday: no tense says which.
        assert value_of(nlp, "The summit opens Wednesday.", SAT_2017_10_21, "Wednesday") is None

    def test_possessive_weekday(self, nlp: Language) -> None:
        assert value_of(nlp, "Saturday's attack killed five people.", SAT_2017_10_21,
                        "Saturday") == "2017-10-21"
        # Published on a Thursday: the protests are the next day, whatever "had" says.
        text = "A page devoted to Friday's planned protests had many followers."
        assert value_of(nlp, text, dt.date(2011, 1, 27), "Friday") == "2011-01-28"

    def test_a_dated_present_progressive_is_planned(self, nlp: Language) -> None:
        text = "The heads of several missions are gathering on Monday."
        assert value_of(nlp, text, dt.date(2011, 2, 10), "Monday") == "2011-02-14"


class TestDeicticAndPeriods:
    def test_today_yesterday_tomorrow_tonight(self, nlp: Language) -> None:
        text = ("Officials met yesterday and again today. They meet tonight and will vote "
                "tomorrow.")
        assert [v for _, v, _ in resolve(nlp, text, SAT_2017_10_21)] == [
            "2017-10-20", "2017-10-21", "2017-10-21", "2017-10-22"]

    def test_years_and_months_relative_to_publication(self, nlp: Language) -> None:
        text = ("Talks failed last year, resumed this year and may end next year. Fighting "
                "resumed last month.")
        assert resolve(nlp, text, dt.date(2018, 1, 3)) == [
            ("last year", "2017", "year"), ("this year", "2018", "year"),
            ("next year", "2019", "year"), ("last month", "2017-12", "month")]

    def test_a_week_is_a_month_only_when_it_fits_in_one(self, nlp: Language) -> None:
        assert resolve(nlp, "The ministry said last week.", SAT_2017_10_21) == [
            ("last week", "2017-10", "month")]
        # Published Tuesday Oct 3: last week reaches back into September.
        assert resolve(nlp, "The ministry said last week.", dt.date(2017, 10, 3)) == [
            ("last week", "2017", "year")]
        assert resolve(nlp, "The ministry said last week.", dt.date(2018, 1, 3)) == [
            ("last week", None, None)]

    def test_offsets_from_publication(self, nlp: Language) -> None:
        text = ("The city fell four days ago. Talks began two weeks ago. The war began a year "
                "ago. He left about a year ago.")
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("four days ago", "2017-10-17", "day"), ("two weeks ago", "2017-10", "month"),
            ("a year ago", "2016", "year"), ("about a year ago", None, None)]


class TestWordsThatAreNotDates:
    def test_may_the_modal_and_may_the_name(self, nlp: Language) -> None:
        text = "Officials may visit in March. Theresa May spoke in May."
        assert resolve(nlp, text, SAT_2017_10_21) == [
            ("March", "2018-03", "month"), ("May", "2017-05", "month")]

    def test_a_march_is_not_a_month(self, nlp: Language) -> None:
        assert resolve(nlp, "Thousands joined a march on Sunday.", dt.date(2017, 10, 16)) == [
            ("Sunday", "2017-10-15", "day")]

    def test_newspaper_names(self, nlp: Language) -> None:
        assert resolve(nlp, "The Sunday Times reported the attack.", SAT_2017_10_21) == []

    def test_feasts_and_marches_named_after_days_and_months(self, nlp: Language) -> None:
        assert resolve(nlp, "Good Friday is a holiday.", SAT_2017_10_21) == []
        assert resolve(nlp, "The March on Washington drew crowds.", SAT_2017_10_21) == []

    def test_numbers_and_labels_are_not_years(self, nlp: Language) -> None:
        text = "He scored 2017 points. Flight 2017 landed. The 2014 elections were violent."
        assert resolve(nlp, text, SAT_2017_10_21) == [("2014", "2014", "year")]

    def test_ages_and_durations(self, nlp: Language) -> None:
        text = "He is 40 years old and served for four months in a seven-year-old war."
        assert resolve(nlp, text, SAT_2017_10_21) == []

    def test_counts_are_not_years(self, nlp: Language) -> None:
        assert resolve(nlp, "About 2000 people fled to 2015 shelters.", SAT_2017_10_21) == []

    def test_decades_have_no_precision(self, nlp: Language) -> None:
        assert resolve(nlp, "The city was a trading hub in the 1990s.", SAT_2017_10_21) == [
            ("the 1990s", None, None)]


class TestAsOf:
    def test_the_main_verbs_time(self, nlp: Language) -> None:
        text = ("Syria’s foreign minister said in remarks broadcast Tuesday that the attack on "
                "militants the previous day was legitimate.")
        assert sentence_as_of(nlp, text, TUE_2018_10_02) == ("2018-10-02", "day")

    def test_time_in_an_adverbial_clause(self, nlp: Language) -> None:
        text = ("Raqqa served as the de facto capital of the caliphate until it was retaken by "
                "the SDF last October.")
        assert sentence_as_of(nlp, text, TUE_2018_10_02) == ("2017-10", "month")

    def test_a_noun_modifier_date_is_about_something_else(self, nlp: Language) -> None:
        text = ("Since capturing it in 2014, IS had used Raqqa as a base for attacks, including "
                "the November 13, 2015 suicide bombings.")
        assert sentence_as_of(nlp, text, SAT_2017_10_21) == ("2014", "year")

    def test_a_relative_clause_time_is_skipped(self, nlp: Language) -> None:
        text = "Trump spoke at the White House about the attack that happened on Monday."
        assert sentence_as_of(nlp, text, SAT_2017_10_21) == ("2017-10-21", "day")

    def test_no_time_means_the_publication_day(self, nlp: Language) -> None:
        stamp = dt.datetime(2017, 10, 21, 23, 47)
        assert sentence_as_of(nlp, "Trump said the end is in sight.", stamp) == (
            "2017-10-21", "day")
        assert sentence_as_of(nlp, "Trump said the end is in sight.", None) == (None, None)

    def test_an_unresolved_time_is_not_replaced_by_the_publication_day(
        self, nlp: Language
    ) -> None:
        text = ("The declaration came four days after US-backed Kurdish-led forces recaptured "
                "Raqqa.")
        assert sentence_as_of(nlp, text, SAT_2017_10_21) == (None, None)
        assert sentence_as_of(nlp, "In the 1990s, the city was a trading hub.",
                              SAT_2017_10_21) == (None, None)

    def test_each_sentence_gets_its_own_date(self, nlp: Language) -> None:
        doc = nlp("Forces captured Raqqa on Tuesday. Trump spoke on Saturday. He was pleased.")
        times = find_times(doc, SAT_2017_10_21)
        dates = [as_of(s, times, SAT_2017_10_21)[0] for s in doc.sents]
        assert dates == ["2017-10-17", "2017-10-21", "2017-10-21"]


class TestWholeArticles:
    def test_2018_follow_up(self, nlp: Language) -> None:
        doc = nlp((SAMPLES / "004_43c47f607b1253ce.txt").read_text(encoding="utf-8"))
        found = {(t.text, t.value) for t in find_times(doc, TUE_2018_10_02)}
        assert {("Oct 2", "2018-10-02"), ("four years ago", "2014"),
                ("last October", "2017-10"), ("Sunday", "2018-09-30"),
                ("the previous day", "2018-10-01")} <= found
        assert all(isinstance(t, TimeExpr) for t in find_times(doc, None))

    def test_time_expressions_are_frozen(self) -> None:
        time = TimeExpr(0, 4, "2014", "2014", "year", False)
        with pytest.raises(AttributeError):
            time.value = "2015"  # type: ignore[misc]
