"""The web app over the Raqqa samples: pages, the JSON API, tokens, limits and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire import api, cards
from crosswire.config import load_settings
from crosswire.store import open_store
from crosswire.web.app import create_app
from crosswire.web.render import render_story_page
from crosswire.web.state import WebState
from tests.factories import copy_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "raqqa"
RAQQA = "s-003_29884fe21087bc82"
FOLLOW_UP = "s-004_43c47f607b1253ce"
TOKEN = "write-secret"
HTML = {"accept": "text/html"}
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def sample_db(samples_with_cards: str) -> str:
    """The five samples ingested, every story's facts read once (conftest)."""
    return samples_with_cards



@pytest.fixture(scope="module")
def client(sample_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db, TOKEN)) as c:
        yield c


@pytest.fixture
def writable(sample_db: str, tmp_path: Path) -> Iterator[TestClient]:
    """A client over a copy of the samples, for tests that write."""
    with TestClient(create_app(copy_db(sample_db, tmp_path / "copy.db"), TOKEN)) as c:
        yield c


def test_the_list_shows_stories_newest_first_with_counts(client: TestClient) -> None:
    page = client.get("/", headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert text.index("Tough IS fight ahead") < text.index("capture Syria&#39;s Raqqa")
    assert "4</b> independent source(s)" in text and "2</b> outlet(s)" in text


def test_the_list_searches_and_filters(client: TestClient) -> None:
    assert "2 stories" in client.get("/?q=Raqqa").text
    found = client.get("/?q=caliphate+Trump").text
    assert "1 story" in found and "capture Syria" in found
    assert "0 stories" in client.get("/?q=zebra").text
    dated = client.get("/?since=2018-01-01").text
    assert "Tough IS fight ahead" in dated and "capture Syria" not in dated
    assert "1 story" in client.get("/?outlet=xinhua").text
    assert client.get("/?since=not-a-date", headers=HTML).status_code == 422


def test_the_story_page_shows_timeline_summary_facts_and_articles(client: TestClient) -> None:
    page = client.get(f"/stories/{RAQQA}")
    assert page.status_code == 200
    text = page.text
    for day in ("2017-10-14", "2017-10-17", "2017-10-21"):
        assert f'<time datetime="{day}">{day}</time>' in text
    assert 'class="status st-consistent"' in text and ">consistent</span>" in text
    assert 'class="cite"' in text and 'data-body="000_68163af6daf85999"' in text
    assert "Syrian Observatory for Human Rights" in text
    assert "line(s) removed as boilerplate" in text
    assert 'action="/stories/s-003_29884fe21087bc82/merge"' in text


def test_a_summary_citation_points_at_segments_that_spell_the_cited_words(
        client: TestClient) -> None:
    card = client.get(f"/api/stories/{RAQQA}").json()
    cite = card["summary"][0]["citations"][0]
    body = client.get(f"/api/articles/{cite['article']}").json()["body"]
    page = client.get(f"/stories/{RAQQA}").text
    assert f'data-a="{cite["article"]}" data-s="{cite["start"]}" data-e="{cite["end"]}"' in page
    assert f'<span data-s="{cite["start"]}" data-e=' in page
    assert body[cite["start"]:cite["end"]].split()[0] in page


def test_the_article_page_shows_its_story_and_clean_text(client: TestClient) -> None:
    page = client.get("/articles/002_29db2200959aca4a").text
    assert f'href="/stories/{RAQQA}"' in page and "Xinhua" in page


def test_the_json_api_mirrors_the_cli(client: TestClient, sample_db: str) -> None:
    listing = client.get("/api/stories").json()
    assert listing["total"] == 2
    assert [s["id"] for s in listing["stories"]] == [FOLLOW_UP, RAQQA]
    card = client.get(f"/api/stories/{RAQQA}").json()
    expected = api.story_card(open_store(sample_db), RAQQA).to_dict()
    assert json.loads(json.dumps(expected)) == card
    article = client.get("/api/articles/002_29db2200959aca4a").json()
    assert article["outlet"] == "Xinhua" and article["body"]
    hits = client.get("/api/search", params={"q": "caliphate"}).json()
    assert hits and all("[" in h["snippet"] for h in hits)
    assert len(client.get("/api/articles", params={"outlet": "i24NEWS"}).json()) >= 1


def test_the_openapi_schema_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
            "/api/search", "/api/articles", "/api/ingest"} <= set(paths)
    assert "/api/stories" in client.get("/api-docs").text


@pytest.mark.parametrize(("path", "status"), [
    ("/api/stories/nope", 404), ("/api/articles/nope", 404), ("/api/search", 422),
    ("/api/stories?limit=0", 422), ("/api/stories?since=2017-13-40", 422),
    ("/api/nothing-here", 404)])
def test_bad_reads_get_a_clear_json_error(client: TestClient, path: str, status: int) -> None:
    answer = client.get(path)
    assert answer.status_code == status
    assert set(answer.json()) == {"error"} and answer.json()["error"]


def test_browsers_get_error_pages(client: TestClient) -> None:
    answer = client.get("/stories/nope", headers=HTML)
    assert answer.status_code == 404 and "no story with id" in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_writes_need_the_token(client: TestClient, sample_db: str) -> None:
    pair = {"first": RAQQA, "second": FOLLOW_UP}
    assert client.post("/api/stories/merge", json=pair).status_code == 401
    wrong = client.post("/api/stories/merge", json=pair, headers={"authorization": "Bearer x"})
    assert wrong.status_code == 403 and wrong.json() == {"error": "wrong token"}
    form = client.post(f"/stories/{RAQQA}/merge", data={"other": FOLLOW_UP, "token": "x"})
    assert form.status_code == 403
    with TestClient(create_app(sample_db, None)) as read_only:
        answer = read_only.post("/api/stories/merge", json=pair, headers=AUTH)
        assert answer.status_code == 403 and "disabled" in answer.json()["error"]


def test_a_read_token_guards_reads(sample_db: str) -> None:
    with TestClient(create_app(sample_db, TOKEN, read_token="read-secret")) as c:
        assert c.get("/api/stories").status_code == 401
        assert c.get("/", headers=HTML).status_code == 401
        ok = c.get("/api/stories", headers={"authorization": "Bearer read-secret"})
        assert ok.status_code == 200
        c.post("/login", data={"token": "read-secret", "next": "/"}, follow_redirects=False)
        assert c.get("/", headers=HTML).status_code == 200


def test_merge_and_split_from_the_api(writable: TestClient) -> None:
    merged = writable.post("/api/stories/merge", headers=AUTH,
                           json={"first": RAQQA, "second": FOLLOW_UP})
    assert merged.status_code == 200 and len(merged.json()["articles"]) == 5
    story = merged.json()["id"]
    parts = writable.post(f"/api/stories/{story}/split", headers=AUTH,
                          json={"articles": ["004_43c47f607b1253ce"]})
    assert parts.status_code == 200
    assert [len(s["articles"]) for s in parts.json()] == [4, 1]
    bad = writable.post(f"/api/stories/{RAQQA}/split", headers=AUTH,
                        json={"articles": ["not-in-it"]})
    assert bad.status_code == 422 and "cannot split" in bad.json()["error"]


def test_merge_and_split_from_the_story_page(writable: TestClient) -> None:
    merged = writable.post(f"/stories/{RAQQA}/merge", follow_redirects=False,
                           data={"other": FOLLOW_UP, "token": TOKEN})
    assert merged.status_code == 303
    story = merged.headers["location"]
    assert writable.get("/api" + story).json()["articles"].__len__() == 5
    split = writable.post(f"{story}/split", follow_redirects=False,
                          data={"articles": ["004_43c47f607b1253ce"], "token": TOKEN})
    assert split.status_code == 303
    assert "Tough IS fight ahead" in writable.get(split.headers["location"]).text
    assert writable.get("/api/stories").json()["total"] == 2


def test_json_articles_are_ingested_once(writable: TestClient) -> None:
    record = {"id": "web-1", "headline": "Raqqa council returns",
              "text": (SAMPLES / "002_29db2200959aca4a.txt").read_text()[:1500],
              "outlet": "Test Wire", "published": "2017-10-22"}
    first = writable.post("/api/articles", json=[record], headers=AUTH)
    assert first.status_code == 200 and first.json()["ingested"] == ["web-1"]
    again = writable.post("/api/articles", json=[record], headers=AUTH).json()
    assert again["ingested"] == [] and again["unchanged"] == ["web-1"]
    empty = writable.post("/api/articles", json=[{"id": "x"}], headers=AUTH)
    assert empty.status_code == 422
    assert writable.post("/api/articles", json={"no": "list"}, headers=AUTH).status_code == 422


def test_files_are_uploaded_from_the_browser_form(writable: TestClient) -> None:
    text = (SAMPLES / "004_43c47f607b1253ce.txt").read_bytes()
    page = writable.post("/ingest", data={"token": TOKEN},
                         files=[("files", ("../../etc/new story.txt", text[:3000], "text/plain"))])
    assert page.status_code == 200 and "1 new" in page.text
    assert "new_story" in page.text
    junk = writable.post("/api/ingest", headers=AUTH,
                         files=[("files", ("blob.bin", b"\x00\x01\x02" * 100, "application/x"))])
    assert junk.status_code == 422 and "nothing could be processed" in junk.json()["error"]


def test_bodies_over_the_limit_are_refused(sample_db: str) -> None:
    with TestClient(create_app(sample_db, TOKEN, max_body=1000)) as c:
        big = c.post("/api/articles", headers=AUTH, content=b"[" + b" " * 5000 + b"]")
        assert big.status_code == 413 and "too large" in big.json()["error"]

        def chunks() -> Iterator[bytes]:
            yield from (b" " * 600, b" " * 600)

        streamed = c.post("/api/articles", headers={**AUTH, "content-type": "application/json"},
                          content=chunks())
        assert streamed.status_code == 413


def test_unexpected_errors_show_no_stack_trace(sample_db: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("secret internals /home/x/db.py line 7")

    monkeypatch.setattr(cards, "stored_card", broken)
    monkeypatch.setattr(WebState, "fresh_card_json", broken)  # (the stored JSON, sent as is)
    monkeypatch.setattr(WebState, "stored_page", broken)  # (the stored page, sent as is)
    with TestClient(create_app(sample_db, TOKEN), raise_server_exceptions=False) as c:
        answer = c.get(f"/api/stories/{FOLLOW_UP}")
        assert answer.status_code == 500
        assert answer.json() == {"error": "internal server error"}
        assert "secret" not in c.get(f"/stories/{FOLLOW_UP}", headers=HTML).text


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", f"/stories/{RAQQA}", "/api/stories", "/api/stories/nope"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "'unsafe-inline'" not in csp and "http" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_the_report_page_is_self_contained(sample_db: str) -> None:
    page = render_story_page(api.story_card(open_store(sample_db), RAQQA), load_settings())
    assert page.startswith("<!doctype html>") and "Content-Security-Policy" in page
    assert "<script src" not in page and "<link rel=\"stylesheet\"" not in page
    assert 'href="/' not in page and 'action="' not in page
    for day in ("2017-10-14", "2017-10-17", "2017-10-21"):
        assert day in page
    assert 'href="#a1"' in page and 'id="a1"' in page
