"""Who published each article and who supplied it, from the common forms of news metadata.

Synthetic cases, one per form: agency datelines (AP, AFP, Reuters with its page stamp, Xinhua,
ANI, IANS), closing credits ("-- dpa", "(ANI)"), bylines ("By Jane Doe, BBC News", "By John
Smith for Reuters", a staff byline, an organisation on the line below), "Source:" stamps,
site names, URLs, container and user hints; and the forms that must not be read as credits.
"""

from __future__ import annotations

import pytest

from crosswire.clean import clean_document
from crosswire.clean.metadata import Metadata, extract_metadata
from crosswire.config import load_settings
from crosswire.models import Document, Hint, content_hash

LEAD = "Officials said on Tuesday that the talks would resume next week after a long pause."


def meta_of(*lines: str, url: str | None = None, **hints: Hint) -> Metadata:
    return extract_metadata(["Talks resume after a long pause in the capital", "", *lines,
                             LEAD], url=url, hints=hints)


# --- datelines ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lead", "wire", "dateline"), [
    ("WASHINGTON (AP) — Lawmakers met on Tuesday.", "AP", "WASHINGTON (AP)"),
    ("(AP) — Lawmakers met on Tuesday.", "AP", None),
    ("PARIS (AFP) - Ministers met on Tuesday.", "AFP", "PARIS (AFP)"),
    ("BEIJING, May 2 (Xinhua) -- Ministers met on Tuesday.", "Xinhua", "BEIJING, May 2 (Xinhua)"),
    ("CAIRO (Reuters) - Ministers met on Tuesday.", "Reuters", "CAIRO (Reuters)"),
    ("BERLIN (dpa) - Ministers met on Tuesday.", "dpa", "BERLIN (dpa)"),
    ("New Delhi [India], May 3 (ANI): Ministers met on Tuesday.", "ANI",
     "New Delhi [India], May 3 (ANI)"),
    ("New Delhi, May 3 (IANS) Ministers met on Tuesday.", "IANS", "New Delhi, May 3 (IANS)"),
    ("CAPE CANAVERAL, Florida (Reuters) - NASA said.", "Reuters",
     "CAPE CANAVERAL, Florida (Reuters)"),
    ("GENEVA (Reuters/AFP) - Envoys met.", "Reuters", "GENEVA (Reuters/AFP)"),
    ("LONDON (Reuters Life!) - A record was set.", "Reuters", "LONDON (Reuters Life!)"),
    ("Madrid, May 2 (EFE).- Ministers met on Tuesday.", "EFE", "Madrid, May 2 (EFE)"),
    ("MOSCOW, May 2. /TASS/. Ministers met on Tuesday.", "TASS", "MOSCOW, May 2. /TASS/"),
    ("ANKARA (AA) - Ministers met on Tuesday.", "Anadolu", "ANKARA (AA)"),
    ("SEOUL, May 2 (Yonhap) -- Ministers met on Tuesday.", "Yonhap", "SEOUL, May 2 (Yonhap)"),
    ("(Bloomberg) -- Stocks fell on Tuesday.", "Bloomberg", None),
])
def test_an_agency_dateline_is_the_wire_credit_not_the_outlet(lead: str, wire: str,
                                                              dateline: str | None) -> None:
    meta = meta_of(lead)
    assert (meta.wire_credit, meta.dateline) == (wire, dateline)
    assert meta.outlet is None
    assert meta.evidence["outlet"].startswith("null:")
    assert f"credits {wire} as the author" in meta.evidence["outlet"]
    assert "dateline" in meta.evidence["wire_credit"]


def test_a_reuters_page_stamp_before_the_dateline_is_the_publication_time() -> None:
    line = ("CAIRO | Sat Nov 12, 2011 4:05pm EST CAIRO (Reuters) - Egypt's ruling military "
            "council said on Saturday it would hold elections.")
    meta = meta_of(line)
    assert (meta.wire_credit, meta.dateline) == ("Reuters", "CAIRO (Reuters)")
    assert (meta.published, meta.published_confidence) == ("2011-11-12T16:05-05:00", "stated")
    assert "Sat Nov 12, 2011 4:05pm EST" in meta.evidence["published"]
    assert 2 not in meta.consumed  # the lead stays in the body


def test_the_same_stamp_on_a_line_of_its_own_leaves_the_body() -> None:
    meta = meta_of("CAIRO | Sat Nov 12, 2011 4:05pm EST",
                   "CAIRO (Reuters) - Egypt's ruling military council said on Saturday.")
    assert meta.wire_credit == "Reuters"
    assert meta.published == "2011-11-12T16:05-05:00"
    assert 2 in meta.consumed and 3 not in meta.consumed


def test_a_stamp_alone_before_the_credit_and_a_headline_glued_before_it() -> None:
    meta = meta_of("Sun Apr 26, 2009 10:12 pm BST (Reuters) - The WHO met on Sunday.")
    assert (meta.wire_credit, meta.published) == ("Reuters", "2009-04-26T22:12+01:00")
    glued = ("After SARS, Asia wary of new virus HONG KONG | Mon Apr 27, 2009 7:16 am EDT "
             "HONG KONG (Reuters) - Asia battled to keep the virus out.")
    meta = extract_metadata([glued, "More text follows here."])
    assert (meta.wire_credit, meta.dateline) == ("Reuters", "HONG KONG (Reuters)")


def test_an_outlet_in_a_dateline_credits_its_own_reporting() -> None:
    meta = meta_of("Washington (CNN) -- Lawmakers met on Tuesday.")
    assert (meta.outlet, meta.wire_credit, meta.dateline) == ("CNN", None, "Washington (CNN)")
    assert "own reporting" in meta.evidence["outlet"]


@pytest.mark.parametrize("lead", [
    "He said (this) - that was the end of it.",
    "WAEL GHONIM, EGYPTIAN ACTIVIST (via telephone): We were there.",
    "Tens of thousands marched on Saturday (CNN) -- hope replaced chaos.",
    "The minister (Reuters) - said nothing.",
])
def test_parentheses_that_are_not_datelines(lead: str) -> None:
    meta = meta_of(lead)
    assert meta.dateline is None and meta.wire_credit is None


# --- closing and credit lines --------------------------------------------------------------

@pytest.mark.parametrize(("closing", "wire"), [
    ("The talks resume on Monday. -- dpa", "dpa"),
    ("The talks resume on Monday, he said. (ANI)", "ANI"),
    ("The talks resume on Monday. (IANS)", "IANS"),
    ("The storm hit the coast. — Reuters", "Reuters"),
    ("Additional reporting by AFP", "AFP"),
    ("With inputs from PTI", "PTI"),
    ("The Associated Press contributed to this report.", "AP"),
    ("© Thomson Reuters 2011 All rights reserved", "Reuters"),
    ("-- Jane Doe is a Reuters columnist.", "Reuters"),
])
def test_closing_credits(closing: str, wire: str) -> None:
    meta = extract_metadata(["Talks resume after a long pause", "", LEAD, closing])
    assert meta.wire_credit == wire
    assert meta.outlet is None


@pytest.mark.parametrize("line", [
    "Protesters march in Cairo. (Reuters)",  # a caption's photo credit, mid-story
    "Photograph: Andy Rain/EPA",
    "Photo: John Doe/Reuters",
    "Credit: Reuters/The New Straits Times Press",
])
def test_photo_credits_are_not_wire_credits(line: str) -> None:
    meta = extract_metadata(["Talks resume after a long pause", "", LEAD, line, LEAD, LEAD,
                             LEAD, "The end of the story."])
    assert meta.wire_credit is None


def test_source_stamps() -> None:
    meta = meta_of("Source: PTI | May 3, 2017")
    assert (meta.outlet, meta.wire_credit) == ("Press Trust of India", "PTI")
    assert "nothing else names another publisher" in meta.evidence["outlet"]
    meta = meta_of("Source: PTI | May 3, 2017", url="https://www.example-times.in/a/1")
    assert (meta.outlet, meta.wire_credit) == ("example-times.in", "PTI")
    meta = meta_of("Source: Example Daily | May 3, 2017", url="https://www.example-times.in/a")
    assert (meta.outlet, meta.wire_credit) == ("Example Daily", None)


# --- bylines -------------------------------------------------------------------------------

@pytest.mark.parametrize(("lines", "outlet", "wire", "byline"), [
    (["By Jane Doe, BBC News"], "BBC", None, "Jane Doe, BBC News"),
    (["By Jane Doe | BBC News"], "BBC", None, "Jane Doe, BBC News"),
    (["By John Smith for Reuters"], None, "Reuters", "John Smith"),
    (["By JOHN DOE, Associated Press Writer"], None, "AP", "JOHN DOE"),
    (["By Tarek Osman, Special to CNN"], "CNN", None, "Tarek Osman, CNN"),
    (["By Jane Doe, CNN Senior International Correspondent"], "CNN", None, "Jane Doe, CNN"),
    (["By the CNN Wire Staff"], "CNN", None, "the CNN Wire Staff"),
    (["By The Associated Press"], None, "AP", "The Associated Press"),
    (["By Ben Wedeman and Amir Ahmed, CNN"], "CNN", None, "Ben Wedeman and Amir Ahmed, CNN"),
    (["By Jon Leyne", "BBC News, Cairo"], "BBC", None, "Jon Leyne, BBC News"),
    (["By Jon Leyne BBC News, Cairo"], "BBC", None, "Jon Leyne, BBC News"),
    (["By Frank Gardner", "BBC security correspondent"], "BBC", None, "Frank Gardner, BBC"),
    (["Jane Doe | Reuters"], None, "Reuters", "Jane Doe"),
    (["By Jane Doe, Example Gazette"], "Example Gazette", None, "Jane Doe, Example Gazette"),
    (["By Jane Doe, Staff Writer"], None, None, "Jane Doe, Staff Writer"),
])
def test_bylines_and_the_organisation_they_credit(lines: list[str], outlet: str | None,
                                                  wire: str | None, byline: str) -> None:
    meta = meta_of(*lines)
    assert (meta.outlet, meta.wire_credit, meta.byline) == (outlet, wire, byline)
    assert {2, 2 + len(lines) - 1} <= meta.consumed  # byline lines of their own leave the body


@pytest.mark.parametrize("line", [
    "By the time they came it was over.",
    "By Monday, the talks had resumed in the capital.",
    "From Monday to Friday the office is closed.",
    "Jane Doe, Washington",
    "By Jane Doe, Independent journalist",
])
def test_lines_that_are_not_bylines_with_an_outlet(line: str) -> None:
    meta = meta_of(line)
    assert meta.outlet is None and meta.wire_credit is None


def test_a_byline_glued_to_the_lead_gives_its_credit_and_stays_in_the_body() -> None:
    text = ("January 25, 2011 | By Amir Ahmed, CNN Demonstrators clashed with police in "
            "central Cairo on Tuesday as thousands marched against the government.")
    meta = extract_metadata([text, "Police used tear gas against the crowds."])
    assert (meta.outlet, meta.byline) == ("CNN", "Amir Ahmed, CNN")
    assert 0 not in meta.consumed or meta.headline is not None


# --- the publisher: ranking ----------------------------------------------------------------

def test_the_url_names_the_publisher_and_the_dateline_the_supplier() -> None:
    lead = "CAIRO (Reuters) - Egypt's army said on Saturday it would hold elections."
    meta = meta_of(lead, url="https://www.reuters.com/article/egypt-idUS1")
    assert (meta.outlet, meta.wire_credit) == ("Reuters", "Reuters")
    meta = meta_of(lead, url="https://news.example-portal.com/egypt-1")
    assert (meta.outlet, meta.wire_credit) == ("example-portal.com", "Reuters")


def test_a_site_name_is_normalised_to_the_outlets_table() -> None:
    meta = extract_metadata(["BBC News - Egypt protests continue for a fifth day in Cairo",
                             "", LEAD])
    assert meta.outlet == "BBC"
    assert "BBC News" in meta.evidence["outlet"] and "outlets table" in meta.evidence["outlet"]


def test_a_site_name_beats_a_byline_credit_and_both_are_in_the_evidence() -> None:
    meta = extract_metadata(["Egypt protests continue for a fifth day in Cairo | Example Post",
                             "By Jane Doe, BBC News", LEAD], url="https://examplepost.com/a")
    assert meta.outlet == "Example Post"
    assert "BBC" in meta.evidence["outlet"]


def test_the_user_beats_everything_the_text_and_url_say() -> None:
    hints = {"outlet_user": Hint("Example Daily", "--outlet 'Example Daily' for every record"),
             "outlet": Hint("Other Site", "og:site_name")}
    meta = meta_of("CAIRO (Reuters) - Egypt said.", url="https://www.bbc.co.uk/news/1", **hints)
    assert (meta.outlet, meta.wire_credit) == ("Example Daily", "Reuters")
    assert meta.evidence["outlet"].startswith("given by the user: --outlet")
    assert "bbc.co.uk" in meta.evidence["outlet"] and "Other Site" in meta.evidence["outlet"]


@pytest.mark.parametrize(("value", "outlet"), [
    ("BBC News", "BBC"), ("reuters", "Reuters"), ("https://www.bbc.co.uk/news/x", "BBC"),
    ("https://www.example-gazette.org/x", "example-gazette.org"),
    ("Example Daily", "Example Daily"),
])
def test_a_container_outlet_is_read_through_the_outlets_table(value: str, outlet: str) -> None:
    meta = meta_of(outlet=Hint(value, "JSON Lines field 'source'"))
    assert meta.outlet == outlet
    assert "JSON Lines field 'source'" in meta.evidence["outlet"]


@pytest.mark.parametrize("line", [
    "Many fell ill with what doctors call swine flu - or H1N1.",
    "1970s - 2003: mass graves are found across the country, officials say today.",
    "France's Sanofi-Aventis (SASY.PA) - the drugmaker said on Tuesday it would build.",
])
def test_prose_with_a_dash_names_no_site(line: str) -> None:
    meta = extract_metadata(["Talks resume after a long pause", "", line, LEAD])
    assert meta.outlet is None


# --- weak evidence: sources who spoke to an agency -----------------------------------------

def test_told_reuters_is_weak_wire_evidence_when_nothing_else_says() -> None:
    meta = meta_of('"We will not stop," the spokesman told Reuters by phone.')
    assert meta.wire_credit == "Reuters"
    assert meta.evidence["wire_credit"].startswith("weak evidence")
    assert meta.outlet is None


@pytest.mark.parametrize(("line", "url", "why"), [
    ("The spokesman told the Reuters news agency it was over.", None, "null:"),
    ("The spokesman told Reuters it was over, and later told the BBC the same.", None,
     "also names BBC"),
    ("The spokesman told Reuters it was over.", "https://www.bbc.co.uk/news/1",
     "published by BBC"),
    ("The spokesman told Reuters it was over; according to Reuters, talks end.", None,
     "third person"),
    ("He told Reuters it was over. She told AFP it was not.", None, "several agencies"),
])
def test_told_an_agency_is_no_credit_when_the_text_quotes_it(line: str, url: str | None,
                                                            why: str) -> None:
    meta = meta_of(line, url=url)
    assert meta.wire_credit is None
    assert meta.evidence["wire_credit"].startswith("null:") and why in meta.evidence["wire_credit"]


def test_a_strong_credit_beats_the_weak_phrase() -> None:
    meta = meta_of("PARIS (AFP) - The minister met envoys.", "He told Reuters it was over.")
    assert meta.wire_credit == "AFP"


# --- the body: what leaves it ----------------------------------------------------------------

def test_byline_lines_leave_the_body_and_the_dateline_lead_stays() -> None:
    text = "\n".join(["Talks resume after a long pause in the capital", "By Jane Doe",
                      "BBC News, Cairo", "",
                      "CAIRO (Reuters) - Officials said on Tuesday that talks would resume.",
                      LEAD])
    doc = Document(id="a", path="a.txt", source="a", media="text", content=text, format="text",
                   hash=content_hash(text.encode()))
    article = clean_document(doc, load_settings())
    assert article.body.split("\n\n")[0].startswith("CAIRO (Reuters) - Officials")
    assert "By Jane Doe" not in article.body and "BBC News, Cairo" not in article.body
    assert (article.outlet, article.wire_credit) == ("BBC", "Reuters")


@pytest.mark.parametrize(("byline", "authors"), [
    ("Michael L Anderson; Carlos Dobkin; Devon Gorry",
     ["Michael L Anderson", "Carlos Dobkin", "Devon Gorry"]),
    ("E. BARRENECHE / J. I. DA SILVA", ["E. BARRENECHE", "J. I. DA SILVA"]),
    ("Ben Wedeman and Amir Ahmed", ["Ben Wedeman", "Amir Ahmed"]),
    ("Jane Doe, John Roe and Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
    ("JANE DOE AND JOHN ROE", ["JANE DOE", "JOHN ROE"]),
    ("Jane Doe, BBC News", ["Jane Doe"]),  # her employer is no author
    ("Jane Doe | BBC News", ["Jane Doe"]),
    ("Jane Doe, Senior Correspondent", ["Jane Doe"]),  # nor her job
    ("Jane Doe, New York", ["Jane Doe, New York"]),  # a place or a name: kept as written
    ("AFP", ["AFP"]),  # a byline crediting an organisation alone
    ("AFP; The Local", ["AFP", "The Local"]),  # organisations alone, both credited
    ("Jane Doe / BBC News / Cairo", ["Jane Doe", "Cairo"]),  # a place or a name (Bono): kept
    ("Jane Doe and the Associated Press", ["Jane Doe"]),
    ("By Jane Doe, Staff Writer and John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe, Ph.D.", ["Jane Doe"]),  # a degree beside the name
    ("Por Alberto Ávila", ["Alberto Ávila"]),
    ("Jane Doe; Émile Zola; 王小明", ["Jane Doe", "Émile Zola", "王小明"]),  # any script
    ("Jane Doe and John Roe, New York", ["Jane Doe", "John Roe"]),  # after the last name
    ("Jane Doe and John Roe, Senior Writers", ["Jane Doe", "John Roe"]),
    ("Jane Doe; Di Wang", ["Jane Doe", "Di Wang"]),  # 'Di' is a name, not 'by'
    ("Von Max Mustermann", ["Max Mustermann"]),
    ("Jane Doe and John Roe.", ["Jane Doe", "John Roe"]),
    ("Jane Doe, Jr.", ["Jane Doe, Jr."]),
    ("Jane Doe; Jane Doe", ["Jane Doe"]),
    ("Krimiblogger", ["Krimiblogger"]),
])
def test_a_bylines_authors_are_a_list_of_names(byline: str, authors: list[str]) -> None:
    meta = extract_metadata(["A headline here", "Body text here."],
                            hints={"byline": Hint(byline, "author field")})
    assert (meta.byline, meta.authors) == (byline, authors)


def test_a_text_bylines_authors_leave_its_organisation_out() -> None:
    meta = extract_metadata(["A headline here", "By Jane Doe and John Roe, BBC News",
                             "Body text here."])
    assert meta.authors == ["Jane Doe", "John Roe"]
    assert extract_metadata(["A headline here", "Body text here."]).authors == []
