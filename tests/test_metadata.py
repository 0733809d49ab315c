"""Article metadata from text lines, URL and container hints.

The sample expectations were checked by hand against each sample's text: each value is what
the text supports, and a value the text does not support is null with a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import HtmlElement

from crosswire.clean.html import parse_html
from crosswire.clean.metadata import (
    Metadata,
    YearWindow,
    extract_metadata,
    registrable_domain,
    year_window,
)
from crosswire.clean.metadata.page_dates import markup_published
from crosswire.clean.metadata.page_title import markup_headline
from crosswire.clean.metadata.zones import language_and_region, publisher_zone
from crosswire.models import Hint

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "raqqa"


def _sample(stem: str, window: YearWindow | None = None) -> tuple[Metadata, list[str]]:
    lines = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    return extract_metadata(lines, window=window), lines


def _consumed_text(meta: Metadata, lines: list[str]) -> list[str]:
    return [lines[i].strip() for i in sorted(meta.consumed)]


def test_000_site_title_line_inferred_saturday() -> None:
    meta, _ = _sample("000_68163af6daf85999")
    assert meta.headline == "End of IS is 'in sight' after Raqqa fall, Trump says"
    assert meta.outlet == "i24NEWS"
    assert "Quantcast" in meta.evidence["outlet"]
    assert (meta.published, meta.published_confidence) == ("2017-10-21", "inferred")
    assert "October 16, 2017" in meta.evidence["published"]
    assert meta.consumed == {0, 2}
    assert (meta.wire_credit, meta.dateline, meta.byline) == (None, None, None)


def test_001_bare_stamp_under_headline_is_stated() -> None:
    meta, lines = _sample("001_8571044f9f1d5040")
    assert meta.headline == (
        "Trump says 'end of ISIS caliphate in sight' after liberation campaign leveled Raqqa"
    )
    assert meta.outlet is None
    assert meta.evidence["outlet"].startswith("null:")
    assert (meta.published, meta.published_confidence) == ("2017-10-21T23:47", "stated")
    assert "21 Oct, 2017 23:47" in _consumed_text(meta, lines)[1]


def test_002_source_stamp_names_outlet_and_time() -> None:
    meta, _ = _sample("002_29db2200959aca4a")
    assert meta.headline == "U.S.-backed Syrian forces capture Syria's Raqqa from Islamic State"
    assert meta.outlet == "Xinhua"
    assert "Source: Xinhua" in meta.evidence["outlet"]
    assert (meta.published, meta.published_confidence) == ("2017-10-18T01:40:26", "stated")
    assert meta.dateline == "DAMASCUS, Oct. 17 (Xinhua)"
    assert meta.wire_credit == "Xinhua"
    assert meta.consumed == {0, 2}


def test_003_publication_stamp_beats_todays_banner() -> None:
    meta, lines = _sample("003_29884fe21087bc82")
    assert meta.headline == "Islamic State faces imminent defeat in Raqqa"
    assert meta.outlet is None
    assert (meta.published, meta.published_confidence) == ("2017-10-14T20:36", "stated")
    assert "banner" in meta.evidence["published"]
    consumed = _consumed_text(meta, lines)
    assert consumed.count("Islamic State faces imminent defeat in Raqqa") == 2
    assert any("Sunday, May 28, 2023" in c for c in consumed)
    assert any("Last Update" in c for c in consumed)


def test_004_dateline_and_agencies_credit() -> None:
    meta, _ = _sample("004_43c47f607b1253ce")
    assert meta.headline == "Tough IS fight ahead"
    assert meta.outlet is None
    assert meta.wire_credit == "Agencies"
    assert meta.dateline == "PARIS, Oct 2, (Agencies)"
    assert meta.consumed == {2}


def test_004_alone_the_year_is_not_determined() -> None:
    """The text names Tuesday for Oct 2 but no year: 2012, 2018 and 2029 all fit."""
    meta, _ = _sample("004_43c47f607b1253ce")
    assert meta.published is None and meta.published_confidence is None
    assert "2012, 2018" in meta.evidence["published"]


def test_004_year_from_weekday_within_its_collection() -> None:
    stated = [_sample(s)[0].published for s in ("001_8571044f9f1d5040", "002_29db2200959aca4a",
                                                 "003_29884fe21087bc82")]
    window = year_window(stated)
    assert window is not None and (window.lo, window.hi) == (2015, 2019)
    meta, _ = _sample("004_43c47f607b1253ce", window)
    assert (meta.published, meta.published_confidence) == ("2018-10-02", "inferred")
    assert "Tuesday" in meta.evidence["published"]
    assert "2018" in meta.evidence["published"]


def test_dateline_year_from_weekday_and_text_years() -> None:
    lines = [
        "Talks resume",
        "",
        "GENEVA, March 3 (Reuters) - Envoys met on Friday, a year after the talks of 2016 "
        "collapsed.",
        "The page banner follows.",
    ]
    # March 3 is a Friday in 2017 and 2023; the text's 2016 is a floor but sets no ceiling.
    assert extract_metadata(lines).published is None
    window = YearWindow(2016, 2020, "test window")
    meta = extract_metadata(lines, window=window)
    assert (meta.published, meta.published_confidence) == ("2017-03-03", "inferred")
    assert meta.wire_credit == "Reuters"


def test_dateline_with_contradicting_weekdays_stays_null() -> None:
    lines = ["Talks resume", "", "GENEVA, March 3 (AFP) - Envoys met on Friday.",
             "On Monday they left. On Monday they came back."]
    meta = extract_metadata(lines, window=YearWindow(2015, 2019, "test"))
    assert meta.published is None
    assert "another day" in meta.evidence["published"]


def test_dateline_with_year_is_stated() -> None:
    lines = ["Talks resume", "", "GENEVA, March 3, 2017 (AFP) - Envoys met on Friday."]
    meta = extract_metadata(lines)
    assert (meta.published, meta.published_confidence) == ("2017-03-03", "stated")


def test_banner_alone_gives_no_date() -> None:
    lines = ["Monday, June 5, 2023", "Last Update : 10:00 am", "", "A headline about things",
             "", "Body text that says nothing about when it happened at all, really."]
    meta = extract_metadata(lines)
    assert meta.headline == "A headline about things"
    assert meta.published is None
    assert meta.evidence["published"].startswith("null:")
    assert "banner" in meta.evidence["published"]
    assert {0, 1} <= meta.consumed


@pytest.mark.parametrize(
    ("line", "outlet", "headline"),
    [
        ("Quake hits the coast, hundreds flee - ExampleNews.com", "ExampleNews.com",
         "Quake hits the coast, hundreds flee"),
        ("HuffPost | Quake hits the coast, hundreds flee", "HuffPost",
         "Quake hits the coast, hundreds flee"),
    ],
)
def test_site_title_split_without_a_repeat(line: str, outlet: str, headline: str) -> None:
    meta = extract_metadata([line, "", "Body paragraph one says what happened."])
    assert (meta.outlet, meta.headline) == (outlet, headline)
    assert 0 in meta.consumed


def test_plain_word_before_a_dash_is_not_an_outlet() -> None:
    line = "Syria - the war that will not end, again and again"
    meta = extract_metadata([line, "", "Body paragraph one says what happened."])
    assert meta.outlet is None
    assert meta.headline == line


def test_wire_in_dateline_is_a_credit_not_the_outlet() -> None:
    lines = ["Dam breaks", "", "CAIRO, May 2 (AFP) -- A dam broke on Tuesday, officials said."]
    meta = extract_metadata(lines)
    assert meta.wire_credit == "AFP"
    assert meta.outlet is None
    assert meta.evidence["outlet"].startswith("null:")


def test_url_gives_the_listed_outlet_else_the_registrable_domain() -> None:
    meta = extract_metadata(["A headline here", "", "Body."], url="https://www.nytimes.com/a/b")
    assert meta.outlet == "The New York Times"
    assert "outlets table" in meta.evidence["outlet"]
    meta = extract_metadata(["A headline here", "", "Body."], url="https://news.example-gazette.org/a")
    assert meta.outlet == "example-gazette.org"
    assert "URL" in meta.evidence["outlet"]
    assert registrable_domain("http://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registrable_domain("not a url") is None


def test_hints_are_used_with_their_evidence() -> None:
    hints = {
        "headline": Hint("Dam breaks in the north", "feed entry title"),
        "published": Hint("2019-05-02T10:00:00+02:00", "feed entry published"),
        "outlet": Hint("Example Daily", "og:site_name"),
        "byline": Hint("Jane Doe", "meta author"),
    }
    lines = ["Example Daily - Dam breaks in the north", "Dam breaks in the north",
             "CAIRO, May 2 (AFP) -- A dam broke."]
    meta = extract_metadata(lines, hints=hints)
    assert meta.headline == "Dam breaks in the north"
    assert meta.outlet == "Example Daily" and "og:site_name" in meta.evidence["outlet"]
    assert meta.published == "2019-05-02T10:00+02:00"
    assert meta.published_confidence == "stated"
    assert "feed entry published" in meta.evidence["published"]
    assert meta.byline == "Jane Doe" and "meta author" in meta.evidence["byline"]
    assert meta.wire_credit == "AFP"
    assert {0, 1} <= meta.consumed


def test_labelled_stamp_beats_a_disagreeing_hint() -> None:
    hints = {"published": Hint("2023-05-28", "htmldate")}
    lines = ["A headline here", "Published: October 14, 2017", "Body."]
    meta = extract_metadata(lines, hints=hints)
    assert meta.published == "2017-10-14"
    assert "htmldate" in meta.evidence["published"]


def test_agreeing_hint_and_stamp_keep_the_more_precise() -> None:
    hints = {"published": Hint("2017-10-14", "htmldate")}
    lines = ["A headline here", "Posted on October 14, 2017 at 8:36 pm", "Body."]
    assert extract_metadata(lines, hints=hints).published == "2017-10-14T20:36"


def test_bylines() -> None:
    meta = extract_metadata(["A headline here", "By Jane Doe, Reuters", "Body text here."])
    assert (meta.byline, meta.wire_credit) == ("Jane Doe", "Reuters")
    assert 1 in meta.consumed
    meta = extract_metadata(["A headline here", "John Smith | AFP", "Body text here."])
    assert (meta.byline, meta.wire_credit) == ("John Smith", "AFP")
    meta = extract_metadata(["A headline here", "by the time they came it was over"])
    assert meta.byline is None


def test_credit_lines() -> None:
    meta = extract_metadata(["A headline here", "", "(AP) — The storm hit the coast."])
    assert meta.wire_credit == "AP"
    meta = extract_metadata(["A headline here", "", "The storm hit. — Reuters"])
    assert meta.wire_credit == "Reuters"
    meta = extract_metadata(["A headline here", "", "It was over.", "AP Photo/Someone"])
    assert meta.wire_credit is None  # a photo credit is not a wire credit
    assert meta.evidence["wire_credit"].startswith("null:")


def test_page_without_any_date_is_null_with_reason() -> None:
    meta = extract_metadata(["A headline here", "", "Something happened on Saturday."])
    assert meta.published is None and meta.published_confidence is None
    assert "no full date" in meta.evidence["published"]


def test_future_dates_are_not_anchors() -> None:
    lines = ["A headline here", "", "Leaders met on Monday.",
             "They will meet again on December 5, 2030."]
    assert extract_metadata(lines).published is None


def test_update_stamp_is_not_the_publication_date() -> None:
    meta = extract_metadata(["A headline here", "Updated: October 14, 2017", "Body."])
    assert meta.published is None
    assert "update stamp" in meta.evidence["published"]


def test_garbage_lines_do_not_crash() -> None:
    lines = ["", "\x00\x01", "—" * 500, "2017-99-99", "Source: |||", "By", "PARIS, (", "•" * 9]
    meta = extract_metadata(lines, url="http://[::1")
    assert meta.headline is None
    assert meta.evidence["headline"]
    assert extract_metadata([]).published is None


@given(st.lists(st.text(max_size=120), max_size=12), st.one_of(st.none(), st.text(max_size=40)))
def test_extract_metadata_never_raises(lines: list[str], url: str | None) -> None:
    meta = extract_metadata(lines, url=url)
    assert all(0 <= i < len(lines) for i in meta.consumed)
    assert {"published", "outlet", "headline"} <= meta.evidence.keys()


def test_weekday_and_latest_date_infer_a_day() -> None:
    lines = ["Ceasefire holds", "", "A photo taken on March 6, 2017 (a Monday).",
             "Rebels said on Thursday the truce held."]
    meta = extract_metadata(lines)
    assert (meta.published, meta.published_confidence) == ("2017-03-09", "inferred")


def test_old_anchor_with_a_later_year_is_not_used() -> None:
    lines = ["Ceasefire holds", "", "Unlike the attacks of November 13, 2015, the 2019 truce held.",
             "Rebels said on Thursday the truce held."]
    meta = extract_metadata(lines)
    assert meta.published is None
    assert "2019" in meta.evidence["published"]


def test_future_weekdays_do_not_move_the_inferred_day() -> None:
    lines = ["Ceasefire holds", "", "A photo taken on March 6, 2017.",
             "Rebels said on Tuesday the truce held. They will meet on Saturday."]
    assert extract_metadata(lines).published == "2017-03-07"


def test_chart_source_line_is_not_the_outlet() -> None:
    lines = ["Growth slows sharply in the region", "", "Para one.", "Para two.", "Para three.",
             "Para four.", "Source: World Bank"]
    meta = extract_metadata(lines)
    assert meta.outlet is None


def test_headline_hint_with_site_suffix_is_split() -> None:
    hints = {"headline": Hint("Dam breaks in the north, hundreds flee - ExampleNews.com",
                              "html <title>")}
    meta = extract_metadata(["Body text only."], hints=hints)
    assert meta.headline == "Dam breaks in the north, hundreds flee"
    assert meta.outlet == "ExampleNews.com"


def test_a_headline_hint_loses_the_site_name_the_page_gives_as_its_outlet() -> None:
    hints = {"headline": Hint("Clymer workshop manual review | MoreBikes", "HTML <title>"),
             "outlet": Hint("MoreBikes", "og:site_name")}
    meta = extract_metadata(["Clymer workshop manual review", "The manual is good."], None, hints)
    assert meta.headline == "Clymer workshop manual review"
    assert meta.outlet == "MoreBikes"
    assert meta.consumed == {0}


def test_a_site_name_with_its_own_separator_is_stripped_whole() -> None:
    site = "Remember 80/90 - Memorabilia anni 80/90"
    hints = {"headline": Hint(f"Black Friday per nostalgici - {site}", "HTML <title>"),
             "outlet": Hint(site, "og:site_name")}
    meta = extract_metadata(["Testo dell'articolo."], None, hints)
    assert meta.headline == "Black Friday per nostalgici"


# --- HTML pages: the date and the headline from the markup (page_dates, page_title) --------

def _tree(head: str, body: str) -> HtmlElement:
    tree = parse_html(f"<html lang='de'><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return tree


PROSE = "<p>" + "Der Gemeinderat hat am Abend lange über den Haushalt beraten. " * 5 + "</p>"
GRAPH = ('<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
         '{"@type": "WebSite", "name": "Beispiel"}, {"@type": "NewsArticle", '
         '"datePublished": "2021-03-04T10:00:00+01:00", '
         '"dateModified": "2021-03-09T08:00:00+01:00"}]}</script>')


def test_the_date_under_the_headline_beats_structured_data_and_says_so() -> None:
    tree = _tree(GRAPH, "<h1>Haushalt beschlossen</h1><div>Veröffentlicht am 5. März 2021</div>"
                 + PROSE)
    value, why = markup_published(tree, None, "Haushalt beschlossen") or ("", "")
    assert value == "2021-03-05"
    assert "under the headline" in why and "datePublished" in why  # the other, not used
    assert "dateModified" in why and "kept apart" in why


def test_json_ld_in_a_graph_and_modified_kept_apart() -> None:
    tree = _tree(GRAPH, "<h1>Haushalt beschlossen</h1>" + PROSE)
    value, why = markup_published(tree, None, None) or ("", "")
    assert value == "2021-03-04T10:00:00+01:00"
    assert why.startswith("markup: JSON-LD NewsArticle datePublished")
    only_modified = _tree('<meta property="article:modified_time" content="2021-03-09">',
                          "<h1>Haushalt</h1>" + PROSE)
    assert markup_published(only_modified, None, None) is None  # unknown stays null


def test_an_update_label_and_a_date_in_the_prose_are_not_the_publication() -> None:
    tree = _tree("", "<h1>Haushalt</h1><span>Aktualisiert am 9. März 2021</span>"
                 "<time datetime='2021-03-04T10:00:00+01:00'>4. März</time>" + PROSE)
    assert (markup_published(tree, None, "Haushalt") or ("",))[0] == "2021-03-04T10:00:00+01:00"
    prose = _tree("", "<h1>Haushalt</h1><p>Der Rat tagt wieder am 12. April 2021 im Rathaus, "
                  "wie der Bürgermeister nach der langen Sitzung am Abend den Journalisten "
                  "vor dem Rathaus sagte, und er fügte hinzu, dass der Haushalt bis dahin "
                  "geprüft werde.</p>")
    assert markup_published(prose, None, "Haushalt") is None


def test_a_header_date_after_the_last_modification_is_a_banner() -> None:
    tree = _tree('<meta property="article:modified_time" content="2021-03-09T08:00:00+01:00">'
                 '<meta property="article:published_time" content="2021-03-04T10:00:00+01:00">',
                 "<h1>Haushalt</h1><div>Montag, 6. Dezember 2026</div>" + PROSE)
    value, why = markup_published(tree, None, "Haushalt") or ("", "")
    assert value == "2021-03-04T10:00:00+01:00"
    assert "banner" in why


def test_the_url_path_and_the_publishers_own_offset() -> None:
    tree = _tree('<meta property="article:published_time" content="2023-11-09T05:30:59Z">',
                 "<h1>Wahl</h1>" + PROSE)
    url = "https://news.example.com/2023/11/08/wahl/"
    value, why = markup_published(tree, url, None) or ("", "")
    assert value == "2023-11-08"  # the publisher's day; 05:30 UTC is the evening before
    assert why.startswith("markup: the URL's path '2023/11/08'")
    assert "disagreeing, not used: meta article:published_time" in why
    local = _tree('<meta property="article:published_time" content="2019-10-18T22:04:00Z">'
                  '<meta name="pubdate" content="2019-10-19T00:04:00+02:00">', PROSE)
    assert (markup_published(local, None, None) or ("",))[0] == "2019-10-19T00:04:00+02:00"


def test_the_headline_is_the_h1_the_titles_name_not_the_site_or_a_section() -> None:
    head = ('<title>Meinung | Haushalt beschlossen - Beispiel Zeitung</title>'
            '<meta property="og:title" content="Haushalt beschlossen | Beispiel Zeitung">')
    tree = _tree(head, "<h1><a href='/'>Beispiel Zeitung</a></h1>"
                 "<h1><span>Stadtrat</span> Haushalt beschlossen</h1>" + PROSE)
    title, why = markup_headline(tree, None, "Beispiel Zeitung", "https://example.de/a") \
        or ("", "")
    assert title == "Haushalt beschlossen"
    assert why == "the page's <h1>, as its og:title names it"


def test_without_a_matching_h1_the_title_loses_the_site_name() -> None:
    tree = _tree("<title>Haushalt beschlossen - Beispiel Zeitung</title>", PROSE)
    assert markup_headline(tree, None, "Beispiel Zeitung", None) == (
        "Haushalt beschlossen",
        "<title> 'Haushalt beschlossen - Beispiel Zeitung' without the site's (or a "
        "section's) name",
    )
    dash = _tree("<title>Sazerac - alles über den Cocktail-Klassiker</title>", PROSE)
    assert (markup_headline(dash, None, None, None) or ("",))[0] == \
        "Sazerac - alles über den Cocktail-Klassiker"  # no part names a site: kept whole


def test_a_german_publication_label_makes_a_stamp() -> None:
    meta = extract_metadata(["Haushalt beschlossen", "Veröffentlicht am 05.03.2021",
                             "Der Gemeinderat hat den Haushalt beschlossen."],
                            hints={"published": Hint("2021-03-09", "htmldate")})
    assert meta.published == "2021-03-05"
    assert "publication stamp" in (meta.evidence["published"] or "")


def test_a_foreign_date_line_deep_in_the_text_stays_in_the_body() -> None:
    lines = ["Haushalt beschlossen", "Veröffentlicht am 05.03.2021"]
    lines += [f"Der Gemeinderat hat am Abend über Punkt {n} beraten und ihn beschlossen."
              for n in range(1, 15)]
    lines += ["Gültig: 3. Dezember 2021", "Der Rat tagt wieder im April."]
    meta = extract_metadata(lines)
    assert meta.published == "2021-03-05"
    assert 1 in meta.consumed and lines.index("Gültig: 3. Dezember 2021") not in meta.consumed


def test_an_h1_that_rewords_the_pages_title_is_the_headline() -> None:
    head = ('<title>Firmenwagen: Leasen oder Finanzieren? Was lohnt sich? | Beispiel</title>'
            '<meta property="og:title" content="Firmenwagen: Leasen oder Finanzieren? '
            'Was lohnt sich?">')
    tree = _tree(head, "<h1>Firmenwagen: Leasing oder Finanzierung?</h1>" + PROSE)
    title, why = markup_headline(tree, None, None, "https://beispiel.de/a") or ("", "")
    assert title == "Firmenwagen: Leasing oder Finanzierung?"
    assert why.startswith("the page's <h1>, not its og:title")


def test_an_h1_of_the_sites_name_or_a_menu_is_not_the_headline() -> None:
    head = "<title>Kinder und Arbeit - ProNATs e.V.</title>"
    site = _tree(head, "<h1>ProNATs e.V. Verein zur Unterstützung arbeitender Kinder</h1>"
                 + PROSE)
    assert (markup_headline(site, None, None, None) or ("",))[0] == "Kinder und Arbeit"
    menu = _tree("<title>Haushalt beschlossen | Beispiel Zeitung</title>",
                 "<h1>Menü</h1>" + PROSE)
    assert (markup_headline(menu, None, None, None) or ("",))[0] == "Haushalt beschlossen"
    kicker = _tree("<title>Lagen-Pyramide mit GA2 | Schwimmen</title>",
                   "<h1><span>Einheit der Woche</span>Lagen-Pyramide mit GA2</h1>" + PROSE)
    assert (markup_headline(kicker, None, None, None) or ("",))[0] == "Lagen-Pyramide mit GA2"


def test_soft_hyphens_in_a_heading_are_not_part_of_the_headline() -> None:
    tree = _tree("<title>Messengerdienste sind kein rechtsfreier Raum</title>",
                 "<h1>Mes\u00adsen\u00adger\u00addiens\u00adte sind kein rechts\u00adfrei"
                 "\u00ader Raum</h1>" + PROSE)
    assert markup_headline(tree, None, None, None) == (
        "Messengerdienste sind kein rechtsfreier Raum", "the page's <h1>, as its <title> names it")


def test_a_utc_time_is_the_day_readers_saw_in_the_country_the_page_names() -> None:
    head = '<meta property="article:published_time" content="2019-10-16T23:30:00Z">'
    german = _tree(head, "<h1>Wahl</h1>" + PROSE)
    value, why = markup_published(german, "https://zeitung.example.de/wahl", None) or ("", "")
    assert value == "2019-10-17T01:30:00+02:00"
    assert "in the time of Europe/Berlin (the domain .de)" in why
    region = parse_html("<html lang='de-AT'><head>" + head + "</head><body>" + PROSE
                        + "</body></html>")
    assert region is not None
    assert (markup_published(region, None, None) or ("",))[0] == "2019-10-17T01:30:00+02:00"
    # a language alone, or a country of several time zones, names no zone: UTC as stated
    assert (markup_published(german, "https://news.example.com/wahl", None) or ("",))[0] \
        == "2019-10-16T23:30:00+00:00"
    assert (markup_published(german, "https://news.example.us/wahl", None) or ("",))[0] \
        == "2019-10-16T23:30:00+00:00"


def test_the_date_under_an_h2_headline_when_the_h1_is_a_section() -> None:
    tree = _tree('<meta name="dc.date" content="2021-12-20">',
                 "<h1>Details</h1><h2>Riesling feiert Geburtstag</h2><div>27.01.2022</div>"
                 + PROSE)
    value, why = markup_published(tree, None, "Riesling feiert Geburtstag") or ("", "")
    assert value == "2022-01-27"
    assert "under the headline" in why


def test_disagreeing_structured_data_the_reading_htmldate_seconds_goes_first() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-05-01T08:00:00+02:00"}</script>'
            '<meta property="article:published_time" content="2021-06-02T09:00:00+02:00">')
    tree = _tree(head, "<h1>Haushalt</h1>" + PROSE)
    value, why = markup_published(tree, None, None, "2021-06-02") or ("", "")
    assert value == "2021-06-02T09:00:00+02:00"
    assert "disagreeing, not used: JSON-LD NewsArticle datePublished" in why
    alone = markup_published(tree, None, None)  # no second reading: JSON-LD first, as ranked
    assert (alone or ("",))[0] == "2020-05-01T08:00:00+02:00"


def test_a_title_keeps_the_side_of_the_site_name_that_holds_the_article() -> None:
    title = ("<title>Das vermutlich schwulste Musikvideo der Welt : Krimiblog-Archiv | "
             "Ermittlungen zum Verfall eines Genres! | Gegründet 2005</title>")
    tree = _tree(title, PROSE)
    assert (markup_headline(tree, None, None, "http://archiv.krimiblog.de/?p=2895") or ("",))[0] \
        == "Das vermutlich schwulste Musikvideo der Welt"


def test_the_urls_domain_outranks_a_wrong_stated_site_name() -> None:
    tree = _tree("<title>mediaarchitecture.de // » Jens Weber</title>", PROSE)
    assert (markup_headline(tree, None, "Jens Weber", "http://mediaarchitecture.de/jens-weber/")
            or ("",))[0] == "Jens Weber"


def test_a_time_near_midnight_in_an_unknown_zone_yields_to_the_adjacent_day_shown() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2022-05-10T23:35:55"}</script>')
    tree = _tree(head, "<h1>Gobierno</h1>" + PROSE)
    value, why = markup_published(tree, None, None, "2022-05-11") or ("", "")
    assert value == "2022-05-11"
    assert "a time near midnight in an unknown zone" in why
    # a stated offset, or a time far from midnight, keeps its own day
    for stated in ("2022-05-10T23:35:55-03:00", "2022-05-10T15:35:55"):
        other = _tree(head.replace("2022-05-10T23:35:55", stated), "<h1>Gobierno</h1>" + PROSE)
        assert (markup_published(other, None, None, "2022-05-11") or ("",))[0] == stated


@pytest.mark.parametrize(("title", "heading"), [
    ("Ukraine: Russia launches new offensive in the east", "Ukraine"),  # a kicker alone
    ("Budget 2024: council passes budget", "Budget 2024"),  # a fragment of the title
    ("Council approves housing plan for the city", "Latest council housing news"),
    ("Wahl in Berlin: SPD gewinnt deutlich", "Berliner Stadtmagazin"),
])
def test_a_topic_or_section_heading_is_not_the_headline(title: str, heading: str) -> None:
    tree = _tree(f"<title>{title}</title>", f"<h1>{heading}</h1>" + PROSE)
    assert (markup_headline(tree, None, None, None) or ("",))[0] == title


def test_a_title_part_that_merely_starts_like_the_domain_is_no_site_name() -> None:
    tree = _tree("<title>Healthy Eating Guide | Tips</title>", PROSE)
    assert (markup_headline(tree, None, None, "https://www.health.com/guide") or ("",))[0] == \
        "Healthy Eating Guide"
    tagline = _tree("<title>Breaking: Fire | Daily Planet | Metropolis's best news since 1938 "
                    "and more</title>", PROSE)
    assert (markup_headline(tagline, None, "Daily Planet", "https://dailyplanet.com/x")
            or ("",))[0] == "Breaking: Fire"


def test_an_invisible_title_is_no_title() -> None:
    tree = _tree("<title>\u200b</title>", "<h1>Haushalt beschlossen</h1>" + PROSE)
    assert markup_headline(tree, None, None, None) == ("Haushalt beschlossen", "the page's <h1>")


def test_generic_country_domains_and_known_zones_near_midnight() -> None:
    head = '<meta property="article:published_time" content="2021-01-10T23:00:00Z">'
    english = parse_html(f"<html lang='en'><head>{head}</head><body>{PROSE}</body></html>")
    assert english is not None
    for url in ("https://someone.github.io/post", "https://shop.example.co/post",
                "https://news.example.tv/post"):
        assert (markup_published(english, url, None) or ("",))[0] == \
            "2021-01-10T23:00:00+00:00"  # .io, .co, .tv say nothing of where a site is
    # a time the country's zone places keeps its own day, whatever htmldate says
    evening = _tree('<meta property="article:published_time" content="2019-10-16T21:30:00Z">',
                    PROSE)
    value, why = markup_published(evening, "https://example.de/a", None, "2019-10-17") \
        or ("", "")
    assert value == "2019-10-16T23:30:00+02:00" and "near midnight" not in why


def test_a_malformed_htmldate_day_is_as_if_it_said_nothing() -> None:
    tree = _tree('<meta property="article:published_time" content="2021-03-04T23:30:00Z">',
                 PROSE)
    for said in ("", "2021-3-4", "garbage"):
        assert (markup_published(tree, None, None, said) or ("",))[0] == \
            "2021-03-04T23:30:00+00:00"


def test_a_day_shown_stays_whatever_a_borrowed_time_says() -> None:
    meta = '<meta property="article:published_time" content="2021-01-10T23:00:00Z">'
    shown = _tree(meta, "<h1>Wahl</h1><div>10.01.2021</div>" + PROSE)
    for url, said in (("https://example.de/a", None), (None, "2021-01-11")):
        assert (markup_published(shown, url, "Wahl", said) or ("",))[0][:10] == "2021-01-10"


def test_htmldate_days_that_do_not_exist_and_underscored_us_english() -> None:
    tree = _tree('<meta property="article:published_time" content="2021-03-04T23:30:00Z">',
                 PROSE)
    for said in ("2021-02-30", "2021-13-45", "\u0662\u0660\u0662\u0661-\u0660\u0661-\u0661\u0661"):
        assert (markup_published(tree, None, None, said) or ("",))[0] == \
            "2021-03-04T23:30:00+00:00"
    us = parse_html("<html lang='en_US'><body><h1>Vote</h1><div>03/04/2020</div>"
                    + PROSE + "</body></html>")
    assert us is not None
    assert markup_published(us, None, "Vote") is None  # as en-US: not read day first


@pytest.mark.parametrize(("lang", "url", "zone"), [
    ("zh-Hant", "https://news.example.tw/a", "Asia/Taipei"),  # a script variant is spoken
    ("german", "https://zeitung.example.de/a", "Europe/Berlin"),  # no language code: no veto
    ("en-GB", "https://news.example.co.kr/a", "Asia/Seoul"),  # English vetoes no domain
    ("ko", "https://news.example.de/a", None),  # a language not spoken there: unsure
    ("zh-Hant-TW", None, "Asia/Taipei"),  # the region after a script
])
def test_the_publishers_zone_from_domain_and_language(lang: str, url: str | None,
                                                      zone: str | None) -> None:
    tree = parse_html(f"<html lang='{lang}'><body>{PROSE}</body></html>")
    assert tree is not None
    found = publisher_zone(tree, url)
    assert (found[0].key if found else None) == zone


@pytest.mark.parametrize(("title", "url", "headline"), [
    ("Guardian Angels save cat | Metro", "https://www.guardian.co.uk/a",
     "Guardian Angels save cat"),
    ("Frankfurter Rundschau Archiv | Stadt beschließt neuen Haushalt für 2024",
     "https://www.frankfurter-rundschau.de/a", "Stadt beschließt neuen Haushalt für 2024"),
    ("Live | Daily Planet | Council approves housing plan for the city",
     "https://dailyplanet.com/a", "Council approves housing plan for the city"),
])
def test_site_names_by_the_domain_and_labels_before_them(title: str, url: str,
                                                          headline: str) -> None:
    tree = _tree(f"<title>{title}</title>", PROSE)
    assert (markup_headline(tree, None, "Daily Planet", url) or ("",))[0] == headline


def test_a_title_of_punctuation_only_is_no_title() -> None:
    tree = _tree('<meta property="og:title" content="|"><title>Haushalt beschlossen</title>',
                 "<h1>–</h1>" + PROSE)
    assert (markup_headline(tree, None, None, None) or ("",))[0] == "Haushalt beschlossen"


@pytest.mark.parametrize(("title", "headline"), [
    ("Krimiblog-Archiv : Mordfall Harz", "Mordfall Harz"),  # the site's name the longer part
    ("Krimiblog-Archiv : Ein Mord im Harz", "Ein Mord im Harz"),  # a tie
    ("Tatort | Krimiblog-Archiv", "Tatort"),
])
def test_a_sites_name_longer_than_the_headline_is_still_the_site(title: str,
                                                                  headline: str) -> None:
    tree = _tree(f"<title>{title}</title>", PROSE)
    assert (markup_headline(tree, None, None, "https://krimiblog.de/a") or ("",))[0] == headline


def test_a_one_word_headline_before_the_site_and_a_section_is_kept() -> None:
    tree = _tree("<title>Brexit | BBC News | Live</title>", PROSE)
    assert (markup_headline(tree, None, "BBC News", "https://www.bbc.co.uk/a") or ("",))[0] \
        == "Brexit"


@pytest.mark.parametrize(("lang", "found"), [
    ("de-AT-u-nu-latn", ("de", "AT")), ("en-GB-oed", ("en", "GB")),
    ("zh-yue-HK", ("zh", "HK")), ("zh-cmn-Hans-CN", ("zh", "CN")), ("de-", ("de", None)),
    ("german", (None, None)), ("i-klingon", (None, None)),
])
def test_language_tags_with_extensions_and_variants(lang: str,
                                                    found: tuple[str | None, str | None]) -> None:
    assert language_and_region(lang) == found
