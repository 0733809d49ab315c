"""clean/html.py: HTML -> main text (blank-line paragraphs) and metadata hints, offline."""

from __future__ import annotations

from pathlib import Path

import htmldate.utils
import pytest
import trafilatura.downloads
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.clean.html import extract_html, paragraphs, site_name, stated_time
from crosswire.clean.html import parse_html as parse
from tests.fixtures.make_fixtures import PARAGRAPHS

ARTICLE = (Path(__file__).parent / "fixtures" / "ingest" / "article.html").read_text()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to fetch a URL fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(htmldate.utils, "fetch_url", refuse)
    monkeypatch.setattr(trafilatura.downloads, "fetch_url", refuse)


def test_main_text_is_the_article_paragraphs_without_page_furniture() -> None:
    text, _ = extract_html(ARTICLE, "https://news.example.com/world/raqqa-falls")
    assert text.split("\n\n")[-3:] == PARAGRAPHS
    for furniture in ("Privacy policy", "Copyright 2017", "Sport"):
        assert furniture not in text


def test_hints_carry_value_and_evidence() -> None:
    _, hints = extract_html(ARTICLE, None)
    assert hints["headline"].value == "Raqqa falls to US-backed forces"
    assert hints["outlet"].value == "The Daily Example"
    assert hints["outlet"].evidence == "meta og:site_name"
    assert hints["byline"].value == "Jane Reporter"
    published = hints["published"]
    assert published.value == "2017-10-17T14:05:00+03:00"
    assert published.evidence.startswith("htmldate: ")
    assert "article:published_time" in published.evidence


def test_a_date_without_a_time_stays_a_date() -> None:
    page = ARTICLE.replace("2017-10-17T14:05:00+03:00", "2017-10-17")
    assert extract_html(page, None)[1]["published"].value == "2017-10-17"


def test_a_time_for_another_day_than_htmldate_found_is_not_used() -> None:
    page = ARTICLE.replace(
        "</head>",
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2017-10-15"}</script></head>',
    ).replace("2017-10-17T14:05:00+03:00", "2017-10-19T08:00:00Z")
    published = extract_html(page, None)[1]["published"]
    assert published.value == "2017-10-15" or published.value.startswith("2017-10-19T08:00")


def test_stated_time_reads_meta_and_rejects_garbage() -> None:
    tree = parse(ARTICLE)
    assert tree is not None and stated_time(tree) == (
        "meta article:published_time",
        "2017-10-17T14:05:00+03:00",
    )
    bad = parse(ARTICLE.replace("2017-10-17T14:05:00+03:00", "yesterday at noon"))
    assert bad is not None and stated_time(bad) is None


def test_an_outlet_from_the_url_host_says_so() -> None:
    page = ARTICLE.replace('<meta property="og:site_name" content="The Daily Example">', "")
    page = page.replace(" | The Daily Example", "").replace("The Daily Example.", "")
    outlet = extract_html(page, None)[1]["outlet"]  # the canonical link names the host
    assert outlet.value == "news.example.com"
    assert outlet.evidence == "trafilatura: site name from the URL host"
    page = page.replace('<link rel="canonical"', '<link rel="nothing"')
    assert "outlet" not in extract_html(page, None)[1]


@pytest.mark.parametrize("html", ["", "   ", "https://example.com/article", "<html></html>"])
def test_empty_or_url_like_input_gives_nothing_and_fetches_nothing(html: str) -> None:
    text, hints = extract_html(html, "https://example.com/article")
    assert text == "" or "example.com" in text
    assert "published" not in hints


def test_tiny_pages_still_give_their_text() -> None:
    text, _ = extract_html("<html><body><p>Short note about Raqqa.</p></body></html>", None)
    assert text == "Short note about Raqqa."


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    assert paragraphs("a  b\n\n\nc\n  \nd") == "a b\n\nc\n\nd"


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=300))
def test_extract_never_raises(html: str) -> None:
    text, hints = extract_html(f"<html><body>{html}</body></html>", None)
    assert isinstance(text, str) and "\n\n\n" not in text
    assert all(hint.value and hint.evidence for hint in hints.values())


@pytest.mark.parametrize(
    ("stated", "name"),
    [
        ("The Sun", "The Sun"),
        ("https://www.newsnation.in", "newsnation.in"),
        ("LinkNaija | Nigeria's popular news platform", "LinkNaija"),
        ("Copyright 2014", None),
        ("Autoracing | F1 | Indy |", None),
        ("Read the latest news and opinion from our award winning team", None),
    ],
)
def test_a_stated_site_name_is_used_only_when_it_is_a_name(stated: str, name: str | None) -> None:
    assert site_name(stated) == name


def test_a_fragment_too_small_for_extraction_keeps_its_text() -> None:
    text, _ = extract_html("<p>Kurdish-led forces took <b>Raqqa</b>.</p><p>Second.</p>"
                           "<script>var x = 1;</script>", None)
    assert text == "Kurdish-led forces took Raqqa.\n\nSecond."
