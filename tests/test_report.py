"""The one-file HTML report (`run --report`, `story ID --html`): self-contained, escaped,
every field with its evidence."""

from __future__ import annotations

from html import unescape

from crosswire.config import load_settings
from crosswire.models import Article, Story, StoryCard
from crosswire.web.render import render_report, render_story_page

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:x">'


def _article(**fields: object) -> Article:
    base: dict[str, object] = dict(
        id="a1", path="a1.txt", url=None, outlet=None, wire_credit=None, headline="H",
        published="2017-10-18", published_confidence="stated",
        evidence={"published": 'stamp "2017-10-18"', "outlet": "null: no name in the text"},
        dateline=None, byline=None, body="First.\n\nSecond.", removed=["READ MORE"],
        language="en")
    base.update(fields)
    return Article(**base)  # type: ignore[arg-type]


def _card(article: Article) -> StoryCard:
    story = Story(id=f"s-{article.id}", title=article.headline or "untitled",
                  articles=[article.id], outlets=[], independent_sources=1,
                  first_published=article.published, first_publisher=article.id,
                  last_published=article.published)
    return StoryCard(story, [article])


def test_report_shows_values_with_evidence_and_unknowns_with_reasons() -> None:
    html = render_report([_card(_article())], [_article()], load_settings())
    assert "2017-10-18" in html and "(stated)" in html and "stamp &#34;2017-10-18&#34;" in html
    assert "unknown" in html and "no name in the text" in html
    assert "First." in html and "Second." in html and "READ MORE" in html


def test_report_escapes_hostile_article_text() -> None:
    hostile = _article(headline=HOSTILE, outlet=HOSTILE, body=HOSTILE, removed=[HOSTILE])
    for html in (render_report([_card(hostile)], [hostile], load_settings()),
                 render_story_page(_card(hostile), load_settings())):
        assert "<script>alert" not in html and "<img" not in html
        assert 'href="javascript' not in html and "onerror=" not in html.replace(
            "onerror=&#34;", "")
        assert "&lt;script&gt;" in html


def test_report_loads_nothing_from_the_network() -> None:
    html = render_report([_card(_article())], [_article()], load_settings())
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in unescape(html)


def test_articles_in_no_story_are_listed() -> None:
    loose = _article(id="fr1", headline="Un titre", language="fr")
    html = render_report([_card(_article())], [_article(), loose], load_settings())
    assert "Articles in no story" in html and "fr1" in html
