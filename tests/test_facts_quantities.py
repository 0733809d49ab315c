"""Quantity extraction: what counts as a quantity in news text, its value, unit, bound,
direction and what it counts.  Sentences are real news text (the Raqqa samples and
NewsQuant-style wire copy)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.facts.nlp import load_nlp
from crosswire.facts.numbers import find_numbers, words_value
from crosswire.facts.quantities import Quantity, extract_quantities


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def extract(nlp: Language, text: str) -> list[Quantity]:
    doc = nlp(text)
    found = extract_quantities(doc)
    for quantity in found:
        assert doc.text[quantity.start:quantity.end] == quantity.text
    return found


def one(nlp: Language, text: str, surface: str) -> Quantity:
    """The single quantity whose text contains ``surface``."""
    matches = [q for q in extract(nlp, text) if surface in q.text]
    assert len(matches) == 1, [q.text for q in extract(nlp, text)]
    return matches[0]


def values(nlp: Language, text: str) -> list[float | tuple[float, float]]:
    return [q.value for q in extract(nlp, text)]


# --- the Raqqa samples -------------------------------------------------------------------

DEAD = ("The Syrian Observatory of Human Rights put the number of dead at more than 3,200, "
        "including 1,130 civilians.")
KILLED = ("The Syrian Observatory for Human Rights said Tuesday that as many as 3,250 people, "
          "including 1,130 civilians, have been killed during the four-month-long battles "
          "in Raqqa.")


def test_more_than_is_a_lower_bound_on_the_number_of_dead(nlp: Language) -> None:
    q = one(nlp, DEAD, "3,200")
    assert (q.text, q.value, q.unit) == ("more than 3,200", 3200.0, None)
    assert (q.qualifier, q.change) == ("more_than", ">")
    assert q.counted == "dead"


def test_as_many_as_is_an_upper_bound_on_people_killed(nlp: Language) -> None:
    q = one(nlp, KILLED, "3,250")
    assert (q.text, q.value, q.unit, q.qualifier) == ("as many as 3,250", 3250.0, "people",
                                                      "at_most")
    assert q.counted == "people killed"


def test_civilians_are_the_counted_noun(nlp: Language) -> None:
    q = one(nlp, KILLED, "1,130")
    assert (q.value, q.unit, q.surface_unit, q.counted) == (1130.0, "civilian", "civilians",
                                                            "civilians")
    assert q.qualifier == "exact" and q.change == "="


def test_hyphenated_duration_is_a_quantity(nlp: Language) -> None:
    q = one(nlp, KILLED, "four")
    assert (q.value, q.unit, q.counted) == (4.0, "month", "battles")


def test_percent_of_the_city(nlp: Language) -> None:
    q = one(nlp, "Officials said 85 percent of the city had been liberated.", "85")
    assert (q.text, q.value, q.unit, q.surface_unit) == ("85 percent", 85.0, "percentage",
                                                         "percent")
    assert q.counted == "city"


def test_more_than_ninety_percent_inside_quotes(nlp: Language) -> None:
    text = ("But until now the US assessment was that \u201cmore than 90 percent\u201d had been "
            "freed from the terrorists.")
    q = one(nlp, text, "90")
    assert (q.text, q.value, q.unit, q.qualifier) == ("more than 90 percent", 90.0,
                                                      "percentage", "more_than")


def test_around_fifteen_hundred_civilians(nlp: Language) -> None:
    text = ("Around 1,500 civilians had been able to safely make it to SDF lines within the last "
            "week, he added.")
    q = one(nlp, text, "1,500")
    assert (q.text, q.value, q.unit, q.qualifier, q.change) == (
        "Around 1,500", 1500.0, "civilian", "about", "~")
    assert q.counted is not None and q.counted.startswith("civilians")


def test_counted_names_the_verb_and_its_object(nlp: Language) -> None:
    q = one(nlp, "Some 1,500 civilians reached safety on Monday.", "1,500")
    assert q.counted == "civilians reached safety"


# --- numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The deal is worth $5bn to the group.", 5e9, "dollar"),
    ("About 3.2 million people voted.", 3.2e6, "people"),
    ("The fine was 10.5 million Australian dollars.", 10.5e6, "australian dollar"),
    ("McDougal has been released from her $150,000 contract.", 150000.0, "dollar"),
    ("Ford said it would cost it \u00a3800 million.", 8e8, "pound sterling"),
    ("The index rose 19 per cent last year.", 19.0, "percentage"),
    ("It was 47.6% from the field.", 47.6, "percentage"),
    ("Since rolling out the service the false positive rate fell to .001 per cent.", 0.001,
     "percentage"),
    ("The Hornets total offense the remainder of the game was minus-5 yards.", -5.0, "yard"),
    ("The margin of error is plus or minus 3 percentage points.", 3.0, "percentage point"),
])
def test_digits_scales_and_currencies(nlp: Language, text: str, value: float,
                                      unit: str) -> None:
    found = extract(nlp, text)
    assert [(q.value, q.unit) for q in found] == [(pytest.approx(value), unit)]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The fighting lasted four months.", 4.0, "month"),
    ("Twenty-one soldiers were wounded.", 21.0, "soldier"),
    ("She bought a dozen eggs.", 12.0, "egg"),
    ("They provide three thousand tests per day.", 3000.0, "test per day"),
    ("There were 4 hundred million people.", 4e8, "people"),
    ("A third of the population lives in the south east.", 1 / 3, None),
])
def test_numbers_in_words(nlp: Language, text: str, value: float, unit: str | None) -> None:
    found = extract(nlp, text)
    assert [(q.value, q.unit) for q in found] == [(pytest.approx(value), unit)]


def test_vague_plural_magnitudes_are_ranges_of_one_order(nlp: Language) -> None:
    text = "The war has killed hundreds of thousands of people and dozens of civilians died."
    found = extract(nlp, text)
    assert [(q.value, q.unit) for q in found] == [((1e5, 1e6), "people"),
                                                   ((12.0, 120.0), "civilian")]


def test_words_value_reads_compound_number_words() -> None:
    assert words_value("one hundred and twenty-five thousand") == 125000.0
    assert words_value("a million") == 1e6
    assert words_value("several") is None


def test_find_numbers_skips_ordinals_and_clock_digits() -> None:
    spans = [(m.start, m.end) for m in find_numbers("the 96th minute at 10:27 and 2nd place")]
    assert spans == []


# --- ranges ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Between 3,000-3,500 troops took part.", (3000.0, 3500.0), "troop"),
    ("Between 10 and 20 people were hurt.", (10.0, 20.0), "people"),
    ("Growth will slow from 5 to 7 per cent.", (5.0, 7.0), "percentage"),
    ("He was traveling at a speed of 15 to 22 miles per hour.", (15.0, 22.0), "mile per hour"),
    ("Apple had projected US$89 to $93 billion in revenue.", (89e9, 93e9), "dollar"),
    ("Savings range from $200,000 to $414 million.", (2e5, 4.14e8), "dollar"),
    ("We used a 5-10W laser for heating.", (5.0, 10.0), "watt"),
    ("Over the past three or four years rates fell.", (3.0, 4.0), "year"),
])
def test_ranges(nlp: Language, text: str, value: tuple[float, float], unit: str) -> None:
    found = extract(nlp, text)
    assert [(q.value, q.unit) for q in found] == [(value, unit)]


def test_a_change_by_then_a_level_is_two_quantities(nlp: Language) -> None:
    text = "The deficit increased by $43.6 billion to $419.2 billion."
    found = extract(nlp, text)
    assert [(q.value, q.change) for q in found] == [(43.6e9, "up"), (419.2e9, "=")]


# --- units -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The figure drops to just 87 mph (140 km/h) with bulletproofing.",
     [(87.0, "mile per hour"), (140.0, "kilometre per hour")]),
    ("It has 275 pound-feet of torque at 3000 rpm.",
     [(275.0, "pound-foot"), (3000.0, "revolutions per minute")]),
    ("The September crude contract was at US$58.24 per barrel.", [(58.24, "dollar per barrel")]),
    ("They have a $3,500 a month mortgage.", [(3500.0, "dollar per month")]),
    ("Evaldas Rimasauskas, a 50 year-old man from Lithuania, pled guilty.",
     [(50.0, "year of age")]),
    ("Maddon, 66, has used the downtime to get in better shape.", [(66.0, "year of age")]),
    ("The Lamborghini has a 640bhp 5.2 litre V10 engine.",
     [(640.0, "brake horsepower"), (5.2, "litre")]),
    ("The base iPhone has just 64GB of storage.", [(64.0, "gigabyte")]),
])
def test_units_are_normalised(nlp: Language, text: str,
                              expected: list[tuple[float, str]]) -> None:
    assert [(q.value, q.unit) for q in extract(nlp, text)] == expected


# --- bounds and direction ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "qualifier", "change"), [
    ("The grant is worth up to $8 million.", "up_to", "<"),
    ("At least 40 people died.", "at_least", ">"),
    ("Fewer than 300 homes remain.", "less_than", "<"),
    ("Tesla shares are up nearly 57% this year.", "about", "up"),
    ("Panasonic will study investments over 35 GWh.", "more_than", ">"),
    ("The company has about 600 staff.", "about", "~"),
])
def test_bounds(nlp: Language, text: str, qualifier: str, change: str) -> None:
    (q,) = extract(nlp, text)
    assert (q.qualifier, q.change) == (qualifier, change)


@pytest.mark.parametrize(("text", "change"), [
    ("Shares of Urban Outfitters were down 2.3% before the bell.", "down"),
    ("Peabody Energy shares slid 0.8% after the fire.", "down"),
    ("Nvidia advanced 8% on Tuesday.", "up"),
    ("On Wall St: Nasdaq +0.8%.", "up"),
])
def test_direction_of_change(nlp: Language, text: str, change: str) -> None:
    (q,) = extract(nlp, text)
    assert q.change == change


def test_counted_of_a_measure_is_its_subject(nlp: Language) -> None:
    q = one(nlp, "Keytruda sales jumped 90 per cent last year.", "90")
    assert (q.change, q.counted) == ("up", "Keytruda sales")


# --- what is not a quantity --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The company was founded in 2012 and SoftBank invested in 2017.",
    "She died on September 8 in Dar es Salaam.",
    "The report dated Feb. 21 was released on Oct. 17.",
    "By Jerry Brewer, September 22 2019 at 10:27 PM EDT",
    "The market opened at 5am and closed at 4.30pm.",
    "Call 555-123-4567 for details.",
    "Here are the iPhone 11 Pro cameras and the Galaxy S22.",
    "He scored the winner in the 96th minute and finished second.",
    "Posted 2017-10-18 01:40:26 by the editor.",
    "Campbells team was picked to finish behind Oklahoma in the Big 12.",
    "Attackers exploit the flaw CVE-2013-3893 in the browser.",
    "No one knows which one of them is right.",
])
def test_not_quantities(nlp: Language, text: str) -> None:
    assert extract(nlp, text) == []


def test_counts_of_years_are_kept_apart_from_years(nlp: Language) -> None:
    text = "OHSU has performed more than 1000 heart transplants since the program started in 1985."
    assert [(q.value, q.unit) for q in extract(nlp, text)] == [(1000.0, "heart transplant")]


# --- text rebuilt from tokens (ECB+): split thousands and decimals -------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Police said as many as 20, 000 people took to the streets.", [(20000.0, "people")]),
    ("Rewards totaling $30, 000 are offered.", [(30000.0, "dollar")]),
    ("The quake killed 612 people and injured more than 1, 400, 000 in all.",
     [(612.0, "people"), (1400000.0, "people")]),
    ("Greek stocks plunged 5. 4 per cent.", [(5.4, "percentage")]),
    ("It was a 110 billion euro (93. 6 billion pound) aid package.",
     [(110e9, "euro"), (93.6e9, "pound sterling")]),
    ("The Hunger Games has grossed $368. 0 million globally.", [(368e6, "dollar")]),
    ("A magnitude-5. 9 earthquake hit the island.", [(5.9, "magnitude")]),
    ("The climbers fell 2, 000ft down the face.", [(2000.0, "foot")]),
])
def test_split_numbers_of_tokenized_text_are_joined(nlp: Language, text: str,
                                                    expected: list[tuple[float, str]]) -> None:
    assert [(pytest.approx(q.value), q.unit) for q in extract(nlp, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("On May 5, 300 people marched on the city.", [300.0]),  # a date, not 5,300
    ("The scores were 6, 100 and 200 overall.", [6.0, 100.0, 200.0]),  # a list, not 6,100
    # a version number, a clock time and a dotted date are no decimals
    ("Microsoft said Windows 8. 1 ships to users soon.", []),
    ("At 9. 25 a. m. on Thursday navy personnel boarded the ship.", []),
    ("At 7: 12pm the U. S. Marshals said the article posted on 08. 07. 2012 was true.", []),
    ("Updated 22. 34 BST Monday", []),
    ("Bell (5-foot-11, 220 pounds) joined the team.", [5.0, 220.0]),  # a height, then a weight
])
def test_tokenized_lookalikes_are_not_joined(nlp: Language, text: str,
                                             expected: list[float]) -> None:
    assert [q.value for q in extract(nlp, text)] == expected


def test_ordinary_text_is_not_read_as_tokenized(nlp: Language) -> None:
    text = "Officials counted 3,250 dead; China would be set back 100, 200 years, they said."
    assert [q.value for q in extract(nlp, text)] == [3250.0, 100.0, 200.0]


# --- dimension: what kind of thing is measured ----------------------------------------------

@pytest.mark.parametrize(("text", "dimension"), [
    ("The wall is 200 feet high.", "length"),
    ("The wall is 60 metres high.", "length"),
    ("He was fined $5,000.", "money"),
    ("Turnout rose 5 percent.", "percentage"),
    ("The storm lasted three days.", "time"),
    ("Two guards were taken hostage.", "count"),
    ("He faces 2 counts of murder.", "count"),
    ("The car reached 120 mph.", "speed"),
    ("The ship sailed at 30 knots.", "speed"),
    ("The fire burned 500 acres.", "area"),
    ("Comeaux, 49, was serving a life sentence.", "age"),
    ("Police seized 12 kilograms of cocaine.", "mass"),
])
def test_dimension_says_what_kind_of_thing_is_measured(nlp: Language, text: str,
                                                       dimension: str) -> None:
    (q,) = extract(nlp, text)
    assert q.dimension == dimension


# --- ages: quantities whose counted is the person ---------------------------------------------

@pytest.mark.parametrize(("text", "counted"), [
    ("Arcade Comeaux, 49, was serving a life sentence.", "Arcade Comeaux"),
    ("Police arrested a 38-year-old man on Friday.", "man"),
    ("Smith is 49 years old.", "Smith"),
    ("He will be 35 by the end of the year.", None),
    # a day before the comma is no name; the name a title stands before is the person's
    ("On Saturday, 32-year-old Englishman Robert Buckley fell.", "Englishman Robert Buckley"),
    ("Robert Buckley, 32-year-old Englishman, fell.", "Robert Buckley"),  # in apposition
    ("Arcade Comeaux, 49-year-old convicted child molester, escaped.", "Arcade Comeaux"),
])
def test_ages_say_whose_age(nlp: Language, text: str, counted: str | None) -> None:
    (q,) = extract(nlp, text)
    assert (q.unit, q.dimension, q.counted, q.non_fact) == ("year of age", "age", counted, None)


# --- what is not a fact ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "surface", "reason"), [
    ("It was one of the most stark examples of the crisis.", "one", "idiom"),
    ("The team is now one step closer to the title.", "one", "idiom"),
    ("They are ten steps behind their rivals.", "ten", "idiom"),
    ("Police said 40 people were killed in the past 24 hours.", "24", "time frame"),
    ("Votes are counted within a 24 hour window.", "24", "time frame"),
    ("She is ranked 3 in the world.", "3", "rank"),
    ("Tens of thousands of people marched.", "Tens of thousands", "vague magnitude"),
    ("Dozens of civilians died.", "Dozens", "vague magnitude"),
])
def test_non_facts_are_kept_with_the_reason(nlp: Language, text: str, surface: str,
                                            reason: str) -> None:
    assert one(nlp, text, surface).non_fact == reason


@pytest.mark.parametrize(("text", "surface"), [
    ("Police said 40 people were killed in the past 24 hours.", "40"),
    ("The siege lasted 24 hours.", "24"),
    ("One soldier was killed.", "One"),
    ("The top prize is $1 million.", "$1 million"),
])
def test_facts_have_no_non_fact_reason(nlp: Language, text: str, surface: str) -> None:
    assert one(nlp, text, surface).non_fact is None


@pytest.mark.parametrize("text", [
    "The November 13, 2015 suicide bombings shocked Paris.",
    "The 2015 elections were close.",
])
def test_years_before_a_plural_noun_are_years(nlp: Language, text: str) -> None:
    assert extract(nlp, text) == []


# --- counted: the verb and the place --------------------------------------------------------

def test_counted_names_the_place(nlp: Language) -> None:
    q = one(nlp, "About 20,000 protesters marched in Athens on Sunday.", "20,000")
    assert q.counted == "protesters marched in Athens"


def test_counted_keeps_the_verb_complement(nlp: Language) -> None:
    q = one(nlp, "Two guards were taken hostage.", "Two")
    assert q.counted == "guards taken hostage"


# --- the unit lexicon (quantulum3's units beyond the hand-made table) ------------------------

@pytest.mark.parametrize(("text", "unit"), [
    ("The ship sailed at 30 knots.", "knot"),
    ("The diamond weighs 12 carats.", "carat"),
    ("The phone has a 48-megapixel camera.", "megapixel"),
    ("The bomb had a yield of 15 kilotons.", "kiloton"),
])
def test_units_from_the_quantulum3_lexicon(nlp: Language, text: str, unit: str) -> None:
    (q,) = extract(nlp, text)
    assert q.unit == unit


# --- general quantity grammar ---------------------------------------------------------------

def test_a_score_after_a_team_is_a_figure_not_a_name(nlp: Language) -> None:
    found = extract(nlp, "The Lakers beat the Celtics 112-104 on Sunday.")
    assert [q.value for q in found] == [(112.0, 104.0)]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Diamonds score between 50 and 70 on the GPa scale.", (50.0, 70.0), "gigapascal"),
    ("The quake measured 3.8 on the Richter scale.", 3.8, "magnitude"),
    ("At $1.25 sterling the pound is fairly priced.", 1.25, "pound sterling"),
    ("Oil fell to $75 U. S. per barrel.", 75.0, "dollar per barrel"),
])
def test_units_named_after_the_number(nlp: Language, text: str, value: float,
                                      unit: str) -> None:
    assert [(q.value, q.unit) for q in extract(nlp, text)] == [(value, unit)]


def test_an_average_is_approximate_for_newsquant_but_exact_as_a_bound(nlp: Language) -> None:
    (q,) = extract(nlp, "He has averaged 7.3 points this season.")
    assert (q.change, q.qualifier) == ("~", "exact")


@pytest.mark.parametrize(("text", "unit"), [
    ("Can we expect wins with the top three seeds still playing?", "top seed"),
    ("Another 20,000 people marched.", "people"),
    ("An estimated 300 workers lost their jobs.", "worker"),
])
def test_kind_words_before_the_number_belong_to_the_unit(nlp: Language, text: str,
                                                         unit: str) -> None:
    (q,) = extract(nlp, text)
    assert q.unit == unit


@pytest.mark.parametrize(("text", "change"), [
    ("The brand is expected to grow sales by 35 per cent.", "up"),
    ("Ford will cut its workforce by 10%.", "down"),
    ("It will boost the range by about 35 miles.", "~"),  # the bound word wins
])
def test_the_verb_of_a_by_phrase_gives_the_direction(nlp: Language, text: str,
                                                     change: str) -> None:
    (q,) = extract(nlp, text)
    assert q.change == change


@pytest.mark.parametrize(("text", "units"), [
    ("Three people were killed and 12 injured in the crash.", ["people", "people"]),
    ("German DAX increased by 2 percent but NASDAQ decreased by 1.", ["percentage"] * 2),
    ("The index rose 1.2% to 2,900.", ["percentage", None]),  # a level, not a share
    ("He had 147 carries and caught 39 passes.", ["carry", "pass"]),  # a noun of its own
])
def test_a_coordinated_bare_number_borrows_the_unit_left_unsaid(
        nlp: Language, text: str, units: list[str | None]) -> None:
    assert [q.unit for q in extract(nlp, text)] == units


@pytest.mark.parametrize(("text", "change"), [
    ("The defense gave up 517 rushing yards against Kentucky.", "="),  # a phrasal verb
    ("The Nasdaq is trending up 0.2% this morning.", "up"),
    ("Operating profit was revised upward by $40 million.", "up"),
])
def test_up_as_a_particle_is_no_direction(nlp: Language, text: str, change: str) -> None:
    (q,) = extract(nlp, text)
    assert q.change == change


def test_a_conversion_in_brackets_keeps_the_bound(nlp: Language) -> None:
    text = "The engine makes just under 296 hp (224 kW / 300 PS) and 450 Nm of torque."
    assert [(q.value, q.qualifier) for q in extract(nlp, text)] == [
        (296.0, "less_than"), (224.0, "less_than"), (300.0, "less_than"), (450.0, "exact")]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Bitcoin plummeted from $36,040 at 10.45pm last night to $34,935 at 5am.",
     (36040.0, 34935.0), "dollar"),
    ("Lyft priced its shares at between $62 and $68 per share.", (62.0, 68.0), "dollar per share"),
    ("Tesla delivered 63,150 Model 3s in its fourth quarter.", 63150.0, None),
    ("The 11 member trade agreement was signed.", 11.0, "member trade agreement"),
    ("The car comes with a six-cylinder engine option.", 6.0, "cylinder"),
])
def test_ranges_formatted_numbers_and_compounds(nlp: Language, text: str, value: object,
                                                unit: str | None) -> None:
    assert [(q.value, q.unit) for q in extract(nlp, text)] == [(value, unit)]


def test_a_span_of_years_is_not_a_count(nlp: Language) -> None:
    text = "Between 1600 and 1900 world temperatures dropped by 1 to 1.5 degrees Celsius."
    assert [q.value for q in extract(nlp, text)] == [(1.0, 1.5)]


def test_numbers_left_hanging_on_a_hyphen_share_the_unit(nlp: Language) -> None:
    text = "The range has four-, five- and six-cylinder engine options."
    assert [(q.value, q.unit) for q in extract(nlp, text)] == [
        (4.0, "cylinder"), (5.0, "cylinder"), (6.0, "cylinder")]


def test_a_fraction_of_a_unit(nlp: Language) -> None:
    q = one(nlp, "One US fluid ounce is 1/16 of a US pint.", "1/16")
    assert (q.value, q.unit) == (0.0625, "pint")


@pytest.mark.parametrize(("text", "values"), [
    ("Covid-19 cases rose by 1,200 to 45,000 on Monday.", [1200.0, 45000.0]),
    ("Temperatures dropped by 1 to 1.5 degrees Celsius.", [(1.0, 1.5)]),
    ("Shares rose 5 to 10 percent.", [(5.0, 10.0)]),
])
def test_a_change_then_a_level_or_a_range_of_changes(nlp: Language, text: str,
                                                     values: list[object]) -> None:
    assert [q.value for q in extract(nlp, text)] == values


def test_a_model_name_is_no_unit(nlp: Language) -> None:
    (q,) = extract(nlp, "Ford sold 900,000 F-150 pickups last year.")
    assert (q.value, q.dimension) == (900000.0, "count")


@pytest.mark.parametrize(("text", "expected"), [
    ("It took two and a half years.", [(2.5, "year")]),
    ("One and a half million people fled.", [(1.5e6, "people")]),
    ("The door is 2 1/2 inches thick.", [(2.5, "inch")]),
    ("Italy's GDP is $2.174T.", [(2.174e12, "dollar")]),
    ("They were given 45 and 50 mg of ethanol.", [(45.0, "milligram"), (50.0, "milligram")]),
    ("The women were 61 and 48 years old.", [(61.0, "year of age"), (48.0, "year of age")]),
    ("It is an 8- to 16-metre telescope.", [((8.0, 16.0), "metre")]),
])
def test_halves_mixed_fractions_and_shared_units(nlp: Language, text: str,
                                                 expected: list[tuple[object, str]]) -> None:
    assert [(q.value, q.unit) for q in extract(nlp, text)] == expected
