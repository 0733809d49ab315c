"""The one-file HTML report: self-contained, escaped, every field with its evidence."""

from __future__ import annotations

from crosswire.models import Article
from crosswire.report import articles_html

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


def test_report_shows_values_with_evidence_and_unknowns_with_reasons() -> None:
    html = articles_html([_article()])
    assert "2017-10-18 (stated)" in html and "stamp &quot;2017-10-18&quot;" in html
    assert "unknown: no name in the text" in html
    assert "<p>First.</p><p>Second.</p>" in html and "READ MORE" in html


def test_report_escapes_hostile_article_text() -> None:
    html = articles_html([_article(headline=HOSTILE, outlet=HOSTILE, body=HOSTILE,
                                   removed=[HOSTILE])])
    assert "<script>alert" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_report_loads_nothing_from_the_network() -> None:
    html = articles_html([_article()])
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html
