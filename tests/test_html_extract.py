"""clean/html.py: HTML -> main text (blank-line paragraphs) and metadata hints, offline."""

from __future__ import annotations

import json
from pathlib import Path

import htmldate.utils
import pytest
import trafilatura.downloads
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.clean import clean_document
from crosswire.clean.html import extract_html, paragraphs, site_name, stated_time
from crosswire.clean.html import parse_html as parse
from crosswire.clean.markup import PageIndex
from crosswire.clean.markup import furniture as set_aside
from crosswire.config import load_settings
from crosswire.evaluation.extraction import SnippetCounts, snippet_part, snippet_records
from crosswire.models import Article, Document, content_hash
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


# --- reader comments, captions and teasers (clean/markup.py) ---------------------------------

FURNITURE = Path(__file__).parent / "fixtures" / "furniture"
STORY_PARAGRAPHS = [
    "A flood barrier meant to protect 4,000 homes along the River Wensum will be finished in "
    "2027, two years later than planned,",
    "The council said the delay was caused by a shortage of steel piling",
    '"We would rather build it once and build it properly," council leader Mark Ellis',
    "The Environment Agency, which pays for two thirds of the scheme,",
    "Residents of the Heigham Street area, where 350 homes were flooded in 2020,",
    "The agency said temporary barriers would stay in place until the new wall is finished.",
]
NOT_ARTICLE = [
    "Reader comments (3)", "riverwatcher77", "3 hours ago", "1 rock at a time",
    "They are ten steps behind every other council", "At least it is one step closer",
    "Workers stacked sandbags along the river bank", "(Eastern Courier/Tom Baker)",
    "The new wall will run for 2.5 km", "Related: Storm Henk floods hundreds of homes",
    "More on this story", "Rail services cut as high winds sweep across Scotland",
    "Government promises 5 billion pounds for flood defences",
]


def _clean_html(html: str) -> Article:
    doc = Document(id="p", path="p.html", source="p.html", media="html", content=html,
                   format="html", hash=content_hash(html.encode()))
    return clean_document(doc, load_settings())


@pytest.fixture(scope="module")
def story() -> Article:
    """-> the synthetic story page (comments the extractor lets through, captions, teasers)."""
    return _clean_html((FURNITURE / "story_with_comments.html").read_text(encoding="utf-8"))


def test_comments_captions_and_teasers_of_a_page_stay_out_of_its_body(story: Article) -> None:
    paragraphs = story.body.split("\n\n")
    assert len(paragraphs) == len(STORY_PARAGRAPHS)
    for paragraph, opening in zip(paragraphs, STORY_PARAGRAPHS, strict=True):
        assert paragraph.startswith(opening)
    for text in NOT_ARTICLE:
        assert text not in story.body
        assert any(text in line for line in story.removed), text


def test_page_furniture_outside_the_article_is_neither_body_nor_listed(story: Article) -> None:
    for text in ("Prime minister announces election date", "Weather", "Copyright 2024"):
        assert text not in story.body
        assert not any(text in line for line in story.removed)


def _page(article: str, *, wrapper: str = "<article>") -> str:
    lead = ("<p>The city council approved a budget of 12 million euros on Monday after a "
            "debate that lasted more than six hours and ended in a narrow vote.</p>")
    close = "</" + wrapper.strip("<>").split()[0] + ">"
    body = f"{wrapper}<h1>Budget passed</h1>{lead}{article}{close}"
    return f"<html><body><main>{body}</main></body></html>"


SECOND_TEXT = ("The opposition said the plan would raise local taxes by 3 percent and promised "
               "to challenge it at the regional court before the end of the year.")
SECOND = f"<p>{SECOND_TEXT}</p>"


def test_reader_comments_trafilatura_recognises_are_removed_not_body() -> None:
    html = _page(SECOND + '<div class="comments"><div class="comment"><p>jo_smith</p>'
                 "<p>I paid 30 percent more this year and nobody asked me about it at all, "
                 "the council is a disgrace and should resign tomorrow.</p></div></div>")
    article = _clean_html(html)
    assert "30 percent" not in article.body
    assert any("30 percent" in line for line in article.removed)
    assert "3 percent" in article.body


@pytest.mark.parametrize(
    "container",
    ['<section itemtype="https://schema.org/UserComments">', '<div id="disqus_thread">',
     '<div data-testid="CommentsSection">', '<ol class="commentlist">'],
)
def test_a_comment_container_named_by_its_markup_is_set_aside(container: str) -> None:
    tag = container.strip("<>").split()[0]
    thread = (f"{container}<p>Reader Ann said it was all lies and the budget was really 99 "
              f"million euros if you count every single hidden cost in it.</p></{tag}>")
    article = _clean_html(_page(SECOND + thread))
    assert "99 million" not in article.body
    assert any("99 million" in line for line in article.removed)


def test_a_container_holding_the_article_itself_is_not_taken_for_comments() -> None:
    html = _page(SECOND, wrapper='<article class="post comments-open has-comments">')
    article = _clean_html(html)
    assert "12 million euros" in article.body and "3 percent" in article.body


THIRD_TEXT = ("A final vote on the bus routes, which take up a third of the budget, is expected "
              "in March, the mayor's office said in a statement on Tuesday.")
THIRD = f"<p>{THIRD_TEXT}</p>"


def test_a_comments_heading_ends_the_article_but_a_comments_link_above_it_does_not() -> None:
    html = _page("<p>Comments</p>" + SECOND + THIRD + "<h3>Comments</h3><p>Dave</p>"
                 "<p>2 hours ago</p><p>Another waste of 5 million euros by people who never "
                 "take the bus.</p>")
    article = _clean_html(html)
    assert "3 percent" in article.body and "in March" in article.body
    assert "5 million" not in article.body
    assert any("5 million" in line for line in article.removed)


def _verdicts(article: str) -> dict[str, str | None]:
    """article markup -> {paragraph: why it is set aside, or None}, for every paragraph of
    the page's article (what an extractor could have let through)."""
    tree = parse(_page(article))
    assert tree is not None
    found = [" ".join(p.text_content().split()) for p in tree.iter("p", "li", "h1")]
    return dict(zip(found, set_aside(found, PageIndex(tree)), strict=True))


def test_a_run_of_links_is_a_teaser_list_behind_a_label_or_at_the_end_of_the_article() -> None:
    deals = ('<ul><li><a href="/d1">Laptop for 499 euros at Shop A</a></li>'
             '<li><a href="/d2">Headphones for 59 euros at Shop B</a></li></ul>')
    labelled = ('<p>More from Politics:</p><ul><li><a href="/t1">Mayor resigns over housing '
                'scandal</a></li><li><a href="/t2">Elections set for May</a></li></ul>')
    last = ('<ul><li><a href="/t3">Bus fares rise again</a></li><li><a href="/t4">New tram '
            'line opens</a></li></ul>')
    verdicts = _verdicts(deals + SECOND + labelled + THIRD + last)
    assert verdicts["Laptop for 499 euros at Shop A"] is None  # between paragraphs: content
    assert verdicts["More from Politics:"] and verdicts["Mayor resigns over housing scandal"]
    assert verdicts["Bus fares rise again"] and verdicts["New tram line opens"]
    assert verdicts[SECOND_TEXT] is None and verdicts[THIRD_TEXT] is None


def test_a_link_behind_a_teaser_label_and_a_caption_credit_are_set_aside() -> None:
    verdicts = _verdicts('<p>Read more: <a href="/other">Budget rows in other cities</a></p>'
                         + SECOND + "<p>Protesters outside the town hall. (Reuters/Jane Doe)</p>"
                         + '<p>The vote <a href="/v">was close</a>, the mayor said.</p>')
    assert verdicts["Read more: Budget rows in other cities"] == "teaser link"
    assert verdicts["Protesters outside the town hall. (Reuters/Jane Doe)"] == "caption"
    assert verdicts["The vote was close, the mayor said."] is None


def test_snippet_scoring_counts_as_trafilatura_evaluation_does() -> None:
    counts = SnippetCounts()
    counts.add("The council met. 12 comments", ["council met", "budget"], ["12 comments", "Reply"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    assert counts.metrics() == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "without_kept": 0.5}



def test_the_snippet_set_is_split_by_the_md5_of_the_file_name(tmp_path: Path) -> None:
    names = [f"page{i}.html" for i in range(40)]
    (tmp_path / "gold.jsonl").write_text("".join(
        json.dumps({"file": n, "with": [], "without": []}) + "\n" for n in names))
    dev = {r["file"] for r in snippet_records(tmp_path, "dev")}
    held = {r["file"] for r in snippet_records(tmp_path, "held-out")}
    assert dev and held and not dev & held
    assert all(snippet_part(n) in "0123" for n in dev)
    assert all(snippet_part(n) in "4567" for n in held)
    assert dev | held == {n for n in names if snippet_part(n) in "01234567"}


def test_a_pages_authors_are_a_list_in_the_articles_json() -> None:
    body = "<p>" + "The council met on Monday evening to discuss the budget at length. " * 6
    html = ("<html><head><title>Budget passed</title>"
            "<meta name='author' content='Jane Doe, John Roe'></head><body><article>"
            f"<h1>Budget passed</h1>{body}</p>{body}</p></article></body></html>")
    article = _clean_html(html)
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.to_dict()["authors"] == ["Jane Doe", "John Roe"]
