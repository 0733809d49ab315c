"""Hostile articles (tests/fixtures/xss): their markup is shown as text, never as markup, on
every page, in the JSON API and in the self-contained story page."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from crosswire import api
from crosswire.config import load_settings
from crosswire.store import open_store
from crosswire.web.app import create_app
from crosswire.web.render import JS, render_story_page

XSS = Path(__file__).resolve().parent / "fixtures" / "xss"
HOSTILE_ID = "xss-quotes\"'><script>window.__pwned='id'</script>"
FORBIDDEN_TAGS = {"img", "iframe", "object", "embed", "textarea", "base"}


class Elements(HTMLParser):
    """A page as the browser would see its elements: tags with attributes, script texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("xss") / "xss.db")
    api.ingest([str(XSS / "hostile.jsonl"), str(XSS / "hostile-page.html")], db=path)
    api.story_cards(open_store(path))  # the pages show cards as stored
    return path


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, "t")) as c:
        yield c


@pytest.fixture(scope="module")
def story_id(db: str) -> str:
    return max(open_store(db).stories(), key=lambda s: len(s.articles)).id


def assert_inert(page: str) -> None:
    """page HTML -> no payload became markup: crosswire's one script only, no event-handler
    attribute, no javascript: link, none of the tags the payloads bring."""
    parsed = Elements()
    parsed.feed(page)
    assert parsed.scripts in ([], [JS])
    assert [t for t, _ in parsed.tags].count("style") == 1
    for tag, attrs in parsed.tags:
        assert tag not in FORBIDDEN_TAGS, tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript"), attrs


def test_the_corpus_puts_markup_in_headline_outlet_id_and_body(db: str) -> None:
    articles = {a.id: a for a in open_store(db).articles()}
    assert HOSTILE_ID in articles
    assert "<script>" in articles["xss-script"].headline
    assert "<script>" in (articles["xss-script"].outlet or "")
    assert "<script>" in articles["xss-script"].body
    assert "javascript:" in (articles["xss-script"].url or "")


def test_the_story_page_shows_the_markup_as_text(client: TestClient, story_id: str) -> None:
    page = client.get(f"/stories/{quote(story_id, safe='')}").text
    assert_inert(page)
    assert "&lt;script&gt;window.__pwned=&#39;body&#39;" in page
    assert "&lt;script&gt;window.__pwned=&#39;outlet&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page


def test_the_list_and_search_show_the_markup_as_text(client: TestClient) -> None:
    for path in ("/", "/?q=flood", "/?q=%3Cscript%3E"):
        page = client.get(path)
        assert page.status_code == 200
        assert_inert(page.text)


def test_article_pages_even_with_a_hostile_id(client: TestClient) -> None:
    for article_id in ("xss-script", "xss-handlers", HOSTILE_ID, "hostile-page"):
        page = client.get(f"/articles/{quote(article_id, safe='')}")
        assert page.status_code == 200, article_id
        assert_inert(page.text)
    link = client.get("/articles/xss-script").text
    assert "javascript:window" in link and 'href="javascript' not in link


def test_error_pages_echo_hostile_ids_escaped(client: TestClient) -> None:
    page = client.get("/stories/%3Cscript%3Ewindow.__pwned=1%3C%2Fscript%3E",
                      headers={"accept": "text/html"})
    assert page.status_code == 404
    assert_inert(page.text)


def test_the_api_returns_json_never_html(client: TestClient, story_id: str) -> None:
    answer = client.get(f"/api/stories/{quote(story_id, safe='')}")
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "<script>" in answer.json()["title"] + " ".join(answer.json()["outlets"])


def test_the_report_page_shows_the_markup_as_text(db: str, story_id: str) -> None:
    page = render_story_page(api.story_card(open_store(db), story_id), load_settings())
    assert_inert(page)
    assert "&lt;script&gt;" in page
