"""Fault and hostile-input suite: the web app.

Uploads are identified by their content and keep a readable name, leave nothing on disk and
never show a server path; odd parameters (NUL, bad UTF-8, huge numbers) are a 422 with a
message, never a 500; the schema sits behind the read token; logins keep a signed session,
never the token, and wrong tokens are throttled; a story page stays small whatever the
story's size; and a story id that moved redirects to the story holding its article.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosswire.config import load_settings
from crosswire.models import Citation, Fact, Story, StoryCard
from crosswire.narrate.summary import SummarySentence
from crosswire.stories.build import STORY_PREFIX
from crosswire.stories.build import story_id as build_story_id
from crosswire.web import api as json_api
from crosswire.web import state as web_state
from crosswire.web.app import create_app
from crosswire.web.page_bounds import PageBounds
from crosswire.web.render import render, render_story_page, story_context
from crosswire.web.security import READ_COOKIE
from crosswire.web.uploads import safe_name
from tests.factories import copy_db, make_article, make_figure

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "raqqa"
RAQQA = "s-003_29884fe21087bc82"
FOLLOW_UP = "s-004_43c47f607b1253ce"
TOKEN, READ = "write-secret", "read-secret"
AUTH = {"authorization": f"Bearer {TOKEN}"}
HTML = {"accept": "text/html"}


def sample_text(name: str, chars: int = 2500) -> str:
    """a sample article's name -> the start of its text."""
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")[:chars]


def page_of(text: str) -> bytes:
    """article text -> a small HTML page holding it (as a saved index.html would)."""
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html><head><title>{text.splitlines()[0]}</title></head>"
            f"<body><article>{paras}</article></body></html>").encode()


@pytest.fixture(scope="module")
def sample_db(samples_with_cards: str) -> str:
    """The five samples ingested, every story's facts read once (conftest)."""
    return samples_with_cards


@pytest.fixture(scope="module")
def client(sample_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db, TOKEN), raise_server_exceptions=False) as c:
        yield c



@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """The folder uploads are copied to while they are read (checked empty afterwards)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


@pytest.fixture
def uploader(sample_db: str, tmp_path: Path, scratch: Path) -> Iterator[TestClient]:
    """A client over a copy of the samples whose uploads go through ``scratch``."""
    db = copy_db(sample_db, tmp_path / "copy.db")
    with TestClient(create_app(db, TOKEN, scratch=str(scratch)),
                    raise_server_exceptions=False) as c:
        yield c


def upload(c: TestClient, *files: tuple[str, bytes]) -> dict[str, Any]:
    answer = c.post("/api/ingest", headers=AUTH,
                    files=[("files", (name, data, "application/octet-stream"))
                           for name, data in files])
    assert answer.status_code in (200, 422), answer.text
    result: dict[str, Any] = answer.json()
    return result


# --- 1. uploads: identity by content, a readable name, nothing left on disk ---------------

def test_two_different_pages_named_index_html_are_two_articles(uploader: TestClient,
                                                               scratch: Path) -> None:
    first = upload(uploader, ("index.html", page_of(sample_text("002_29db2200959aca4a"))))
    second = upload(uploader, ("index.html", page_of(sample_text("004_43c47f607b1253ce"))))
    assert first["ingested"] == ["index"] and second["ingested"] == ["index-2"]
    assert first["updated"] == second["updated"] == []
    bodies = [uploader.get(f"/api/articles/{i}").json()["body"] for i in ("index", "index-2")]
    assert "Xinhua" in bodies[0] or bodies[0] != bodies[1]
    assert bodies[0][:200] != bodies[1][:200]
    again = upload(uploader, ("index.html", page_of(sample_text("002_29db2200959aca4a"))))
    assert again["unchanged"] == ["index"] and again["ingested"] == again["updated"] == []
    assert list(scratch.iterdir()) == []


def test_names_in_other_scripts_stay_apart_and_readable(uploader: TestClient) -> None:
    result = upload(uploader, ("新闻.txt", sample_text("002_29db2200959aca4a").encode()),
                    ("ニュース.txt", sample_text("004_43c47f607b1253ce").encode()))
    assert sorted(result["ingested"]) == sorted(["新闻", "ニュース"])
    article = uploader.get(f"/api/articles/{quote('新闻')}").json()
    assert article["path"] == "新闻.txt"


def test_an_upload_shows_its_name_never_a_server_path(uploader: TestClient,
                                                      scratch: Path) -> None:
    upload(uploader, ("../../etc/report one.txt", sample_text("001_8571044f9f1d5040").encode()))
    article = uploader.get("/api/articles/report_one").json()
    assert article["path"] == "report_one.txt"
    page = uploader.get("/articles/report_one").text
    assert "<code>report_one.txt</code>" in page and str(scratch) not in page
    junk = upload(uploader, ("blob.bin", b"\x00\x01\x02" * 100))
    assert "blob.bin" in str(junk["error"]) and str(scratch) not in str(junk["error"])
    assert "/tmp" not in str(junk["error"]) and "crosswire-upload" not in str(junk["error"])


def test_json_paths_are_file_names_only(client: TestClient) -> None:
    for article in client.get("/api/articles").json():
        assert "/" not in article["path"] and article["path"].endswith(".txt")
    hits = client.get("/api/search", params={"q": "Raqqa"}).json()
    assert hits and all("/" not in h["path"] for h in hits)
    page = client.get("/articles/002_29db2200959aca4a").text
    assert str(SAMPLES) not in page


def test_rejected_and_failed_uploads_leave_no_file(uploader: TestClient, scratch: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rejected = uploader.post("/api/ingest", headers=AUTH,
                             files=[("files", ("x.bin", b"\x00" * 500, "application/x"))])
    assert rejected.status_code == 422 and list(scratch.iterdir()) == []

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(web_state.api, "ingest_items", broken)
    failed = uploader.post("/ingest", data={"token": TOKEN},
                           files=[("files", ("a.txt", b"Some words here.\n" * 20, "text/plain"))])
    assert failed.status_code == 500 and "disk" not in failed.text
    assert list(scratch.iterdir()) == []


def test_a_reader_that_fails_midway_leaves_no_file(uploader: TestClient, scratch: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.web import uploads

    def exploding(path: str, settings: object) -> Iterator[object]:
        assert Path(path).parent.parent == scratch  # the copy exists while it is read
        raise OSError("read error")
        yield

    monkeypatch.setattr(uploads, "read_file", exploding)
    answer = uploader.post("/api/ingest", headers=AUTH,
                           files=[("files", ("a.txt", b"words " * 50, "text/plain"))])
    assert answer.status_code == 500 and list(scratch.iterdir()) == []


def test_posted_records_keep_nothing_and_are_ingested_once(uploader: TestClient,
                                                           scratch: Path) -> None:
    record = {"id": "web-1", "headline": "Raqqa council returns",
              "text": sample_text("002_29db2200959aca4a", 1500), "outlet": "Test Wire"}
    first = uploader.post("/api/articles", json=[record], headers=AUTH).json()
    again = uploader.post("/api/articles", json=[record], headers=AUTH).json()
    assert first["ingested"] == ["web-1"] and again["unchanged"] == ["web-1"]
    assert uploader.get("/api/articles/web-1").json()["path"] == "posted.jsonl"
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd", "passwd"), ("C:\\Users\\x\\notes.txt", "notes.txt"),
    ("新闻.txt", "新闻.txt"), ("Ünïcödé naïve.html", "Ünïcödé_naïve.html"),
    ("evil\u202egnp.txt", "evil_gnp.txt"), ("nul\x00name.txt", "nul_name.txt"),
    ("...hidden", "hidden"), ("", "upload"), (None, "upload"), ("///", "upload"),
    ("नमस्ते.txt", "नमस्ते.txt")])
def test_safe_names_keep_letters_of_any_script_and_drop_the_rest(given: str | None,
                                                                 kept: str) -> None:
    assert safe_name(given) == kept


def test_safe_names_fit_a_file_system_and_keep_their_extension() -> None:
    name = safe_name("长" * 300 + ".html")
    assert name.endswith(".html") and len(name.encode("utf-8")) <= 200 and len(name) <= 100


# --- 2. odd parameters: 422 with a message, never a 500 -----------------------------------

ODD = ["/api/search?q=%00", "/?q=%00", "/api/stories?q=%00", "/api/articles?search=%00",
       "/api/stories?offset=9223372036854775808", "/api/stories?offset=-1",
       "/api/stories?limit=99999999999999999999", "/?page=0", "/?page=99999999999999",
       "/api/stories?since=NaN", "/?until=nan", "/api/articles?since=2017-02-30",
       "/api/stories/" + "x" * 5000, "/stories/" + "y" * 5000, "/api/stories/a%00b",
       "/stories/a%01b", "/articles/%ff%fe", "/api/articles/a%00b", "/api/search?q=%ff",
       "/?q=%c0%af", "/stories/%ed%a0%80", f"/stories/{RAQQA}?facts=-1",
       "/articles/002_29db2200959aca4a?s=-5&e=3", "/?outlet=%1b"]


@pytest.mark.parametrize("path", ODD)
def test_odd_parameters_are_a_422_with_a_message(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
    assert set(answer.json()) == {"error"} and len(answer.json()["error"]) > 10
    assert "Traceback" not in answer.text


def test_browsers_get_an_error_page_saying_what_to_do(client: TestClient) -> None:
    answer = client.get("/?q=%00", headers=HTML)
    assert answer.status_code == 422 and answer.headers["content-type"].startswith("text/html")
    assert "control character (U+0000): remove it" in answer.text
    bad_utf8 = client.get("/articles/%ff", headers=HTML)
    assert bad_utf8.status_code == 422 and "not valid UTF-8" in bad_utf8.text


ROUTE_PARAMS = {  # every GET route -> its query parameters (checked against the app below)
    "/": ["q", "since", "until", "outlet", "page", "sort"],
    "/api/stories": ["q", "since", "until", "outlet", "limit", "offset", "sort"],
    "/api/articles": ["since", "until", "outlet", "search", "limit"],
    "/api/search": ["q", "limit"],
    "/api/v2/stories": ["q", "since", "until", "outlet", "limit", "offset", "sort"],
    "/api/v2/articles": ["since", "until", "outlet", "search", "limit", "offset"],
    "/api/v2/search": ["q", "since", "until", "outlet", "limit", "offset"],
    "/stories/{story_id}": ["facts", "status", "kind", "outlet"], "/api/stories/{story_id}": [],
    "/articles/{article_id}": ["s", "e"], "/api/articles/{article_id}": [],
    "/ingest": [], "/api-docs": [], "/openapi.json": [], "/healthz": [],
    "/facts.csv": ["story", "status", "kind", "outlet"]}
IDS = {"{story_id}": RAQQA, "{article_id}": "002_29db2200959aca4a"}
CASES = [(route, name) for route, names in ROUTE_PARAMS.items() for name in names or ["x"]]
TRICKY = '\x00\x01\x1b\x7f"*^:()-+ \n\t\\\'%&=#/?.,;éZ9新\ufffd\u202e'
BIG = [2**31, 2**63 - 1, 2**63, 2**64, 10**30, -(2**63) - 1, -1, 0]
values = st.one_of(st.text(max_size=30), st.text(st.sampled_from(TRICKY), max_size=8),
                   st.binary(max_size=12), st.sampled_from(BIG).map(str),
                   st.integers(min_value=-2**70, max_value=2**70).map(str),
                   st.sampled_from(["NaN", "inf", "-0", "1e400", "2017-02-30", ""]))


def encoded(value: str | bytes) -> str:
    """a value -> percent-encoded as it is (bytes that are no UTF-8 too)."""
    raw = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
    return quote_from_bytes(raw, safe="")


def test_the_fuzzed_routes_are_every_get_route_with_its_parameters(client: TestClient) -> None:
    found = {}
    for route in [*client.app.routes, *json_api.router.routes]:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()):
            path = route.path.replace(":path}", "}")
            found[path] = sorted(p.name for p in route.dependant.query_params)
    assert found == {route: sorted(names) for route, names in ROUTE_PARAMS.items()}


@pytest.mark.parametrize(("route", "name"), CASES)
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=values)
def test_no_value_of_any_parameter_makes_a_route_fail(client: TestClient, route: str,
                                                      name: str, value: str | bytes) -> None:
    path = route.format(**{k[1:-1]: v for k, v in IDS.items()})
    answer = client.get(f"{path}?{name}={encoded(value)}", headers=HTML)
    assert answer.status_code < 500, (route, name, value, answer.text[:300])


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(["/stories/", "/api/stories/", "/articles/", "/api/articles/"]),
       ident=st.one_of(st.text(min_size=1, max_size=40), st.binary(min_size=1, max_size=20)))
def test_no_id_makes_a_page_fail(client: TestClient, prefix: str, ident: str | bytes) -> None:
    raw = ident if isinstance(ident, bytes) else ident.encode("utf-8", "surrogatepass")
    answer = client.get(prefix + quote_from_bytes(raw, safe=""), follow_redirects=False)
    assert answer.status_code in (200, 307, 404, 422), (prefix, ident, answer.text[:300])


# --- 3./4. the schema and the docs need the read token ------------------------------------

@pytest.fixture(scope="module")
def guarded(sample_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(sample_db, TOKEN, read_token=READ),
                    raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", ["/openapi.json", "/api-docs", "/docs", "/redoc", "/",
                                  "/api/stories", "/no-such-page"])
def test_every_read_needs_the_read_token(guarded: TestClient, path: str) -> None:
    guarded.cookies.clear()
    answer = guarded.get(path)
    assert answer.status_code == 401 and "read token" in answer.json()["error"]


def test_the_schema_opens_with_the_read_token(guarded: TestClient) -> None:
    answer = guarded.get("/openapi.json", headers={"authorization": f"Bearer {READ}"})
    assert answer.status_code == 200 and "/api/stories" in answer.json()["paths"]
    assert guarded.get("/healthz").status_code == 200


# --- 5. login: a signed session, never the token; wrong tokens throttled ------------------

@pytest.fixture
def fresh(sample_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A guarded app allowing 3 wrong tokens a minute, its clock held still."""
    monkeypatch.setenv("CROSSWIRE_WEB_LOGIN_FAILURES", "3")
    app = create_app(sample_db, TOKEN, read_token=READ)
    app.state.auth.throttle.clock = lambda: 1000.0
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def login(c: TestClient, token: str) -> Any:
    return c.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)


def test_the_login_cookie_holds_a_signed_session_not_the_token(sample_db: str) -> None:
    app = create_app(sample_db, TOKEN, read_token=READ)
    with TestClient(app, base_url="https://testserver") as c:
        answer = c.post("/login", data={"token": TOKEN, "next": "/"}, follow_redirects=False)
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"]
        assert TOKEN not in cookie and READ not in cookie
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert "Secure" in cookie and "Max-Age=" in cookie
        assert c.get("/", headers=HTML).status_code == 200
        value = c.cookies[READ_COOKIE]
        tampered = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
        for cookie in (tampered, READ, TOKEN, "9999999999.x"):  # READ: the old cookie's value
            c.cookies.clear()
            c.cookies.set(READ_COOKIE, cookie)
            assert c.get("/api/stories").status_code == 401, cookie
        c.cookies.clear()
        c.cookies.set(READ_COOKIE, value)
        assert c.get("/api/stories").status_code == 200
        app.state.auth.sessions.clock = lambda: time.time() + 13 * 3600
        assert c.get("/api/stories").status_code == 401


def test_plain_http_cookies_are_not_marked_secure(sample_db: str) -> None:
    with TestClient(create_app(sample_db, TOKEN, read_token=READ)) as c:
        cookie = c.post("/login", data={"token": READ}, follow_redirects=False).headers[
            "set-cookie"]
        assert "Secure" not in cookie and "HttpOnly" in cookie


def test_wrong_guesses_are_throttled_then_allowed_again(fresh: TestClient) -> None:
    assert [login(fresh, f"guess-{n}").status_code for n in range(3)] == [403] * 3
    blocked = login(fresh, READ)
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    bearer = fresh.get("/api/stories", headers={"authorization": f"Bearer {READ}"})
    assert bearer.status_code == 429
    fresh.app.state.auth.throttle.clock = lambda: 1061.0  # type: ignore[attr-defined]
    assert login(fresh, READ).status_code == 303


def test_wrong_bearer_tokens_count_as_guesses_too(fresh: TestClient) -> None:
    wrong = {"authorization": "Bearer nope"}
    codes = [fresh.post("/api/stories/merge", headers=wrong,
                        json={"first": RAQQA, "second": FOLLOW_UP}).status_code
             for _ in range(4)]
    assert codes == [401, 401, 401, 429]  # the read check refuses first, and counts


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example",
                                    "/%0d%0aSet-Cookie:x", "/\x00x", "javascript:alert(1)"])
def test_login_never_redirects_off_the_site(sample_db: str, target: str) -> None:
    with TestClient(create_app(sample_db, TOKEN, read_token=READ)) as c:
        answer = c.post("/login", data={"token": READ, "next": target}, follow_redirects=False)
        location = answer.headers["location"]
        assert answer.status_code == 303 and location in ("/", target)
        assert location == "/" or not re.match(r"^(/[/\\]|[a-z]+:)", location)


# --- 6. a story page stays small whatever the story's size ------------------------------

def big_card(n_articles: int = 300, n_facts: int = 400, reports: int = 40) -> StoryCard:
    """-> a story of many articles of unknown outlet (one matrix column each, unbounded)
    and many facts, each reported by many articles."""
    body = "The flood killed 34 people in Carrow, officials said on Tuesday. " * 30
    articles = [make_article(f"art-{n:03d}", body, headline=f"Flood report {n}",
                             published=f"2023-10-{12 + n % 5}") for n in range(n_articles)]
    facts = []
    for f in range(n_facts):
        cited = [articles[(f * 7 + k) % n_articles] for k in range(reports)]
        facts.append(Fact(f"f{f}", "quantity", f"people killed {f}", "corroborated",
                          "independent sources agree",
                          [make_figure(a.id, 34, text="The flood killed 34 people")
                           for a in cited]))
    summary = [SummarySentence("The flood killed 34 people.",
                               [Citation(a.id, 0, 26) for a in articles[::50]])]
    story = Story("s-art-000", "Carrow flood", [a.id for a in articles], [], n_articles,
                  "2023-10-12", None, "2023-10-16")
    return StoryCard(story, articles, facts, summary=summary)


def test_a_huge_story_page_stays_a_few_mb_and_every_citation_resolves() -> None:
    card = big_card()
    started = time.perf_counter()
    page = render("story.html", **story_context(card, PageBounds()))
    took = time.perf_counter() - started
    assert len(page.encode("utf-8")) < 3_000_000, len(page)
    assert took < 10
    bodies = set(re.findall(r'data-body="([^"]+)"', page))
    assert 0 < len(bodies) <= PageBounds().bodies
    cite = r'<a class="cite" id="c\d+" href="([^"]+)"(?: data-a="([^"]+)")?'
    for href, article in re.findall(cite, page):
        assert (href.startswith("#a") and article in bodies) or re.match(
            r"^/articles/art-\d+\?s=\d+&amp;e=\d+#cited$", href), href
    assert "?facts=100#h-facts" in page
    assert "Facts 1–100 of the 400 reported by several sources" in page
    header = page[page.index('<table class="matrix">'):page.index("</thead>")]
    assert len(re.findall(r"<th[ >]", header)) == 2 + PageBounds().columns + 1
    assert "Other sources" in header


def test_the_self_contained_page_is_bounded_too() -> None:
    page = render_story_page(big_card(), load_settings())
    assert len(page.encode("utf-8")) < 3_000_000
    assert "crosswire story s-art-000 --json" in page and 'href="/' not in page


def test_later_facts_are_a_page_away(client: TestClient) -> None:
    first = client.get(f"/stories/{RAQQA}").text
    later = client.get(f"/stories/{RAQQA}?facts=1").text
    assert first.count("<tr id=") == later.count("<tr id=") + 1
    beyond = client.get(f"/stories/{RAQQA}?facts=99999")
    assert beyond.status_code == 200


def test_a_citation_opens_the_article_at_the_cited_words(client: TestClient) -> None:
    body = client.get("/api/articles/002_29db2200959aca4a").json()["body"]
    page = client.get("/articles/002_29db2200959aca4a?s=10&e=60").text
    marked = re.findall(r'<mark class="hl"[^>]*><span data-s="(\d+)" data-e="(\d+)">', page)
    assert marked and int(marked[0][0]) == 10 and int(marked[-1][1]) == 60
    assert 'id="cited"' in page and body[10:20] in page


# --- 7. a story id that moved redirects to the story holding its article -----------------

def test_story_ids_are_the_prefix_and_the_first_article() -> None:
    assert build_story_id(make_article("abc")) == STORY_PREFIX + "abc"


def test_a_merged_story_redirects_for_good_and_an_article_id_to_its_story(
        uploader: TestClient) -> None:
    merged = uploader.post("/api/stories/merge", headers=AUTH,
                           json={"first": RAQQA, "second": FOLLOW_UP}).json()["id"]
    gone = FOLLOW_UP if merged == RAQQA else RAQQA
    page = uploader.get(f"/stories/{gone}?facts=0", follow_redirects=False)
    assert page.status_code == 301  # merged: moved permanently
    assert page.headers["location"] == f"/stories/{merged}?facts=0"
    card = uploader.get(f"/api/stories/{gone}", follow_redirects=False)
    assert card.status_code == 301 and card.headers["location"] == f"/api/stories/{merged}"
    assert uploader.get(f"/api/stories/{gone}").json()["id"] == merged
    by_article = uploader.get("/stories/002_29db2200959aca4a", follow_redirects=False)
    assert by_article.status_code == 307  # an article may move again: not for good
    assert by_article.headers["location"] == f"/stories/{merged}"
    assert uploader.get("/stories/s-no-such-thing").status_code == 404
    assert uploader.get("/api/stories/no-such-thing").status_code == 404


def test_the_json_card_is_the_card(client: TestClient) -> None:
    card = client.get(f"/api/stories/{RAQQA}").json()
    assert card["id"] == RAQQA and json.dumps(card)


def test_readers_follow_a_story_while_ingests_add_earlier_reports(uploader: TestClient
                                                                   ) -> None:
    """Each post brings an earlier copy of the Raqqa story's first report (which would name
    the story anew) while another thread keeps reading it by its id: the id lasts."""
    full = sample_text("003_29884fe21087bc82", 6000)
    text = full[full.index("Islamic State is on the verge"):][:3000]  # no dateline
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        with TestClient(uploader.app, raise_server_exceptions=False) as reader:
            while not done.is_set():
                seen.append(reader.get(f"/api/stories/{RAQQA}").status_code)

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for day in (12, 11, 10):
            record = {"id": f"early-{day}", "text": text, "outlet": f"Copy Desk {day}",
                      "headline": "Islamic State faces imminent defeat in Raqqa",
                      "published": f"2017-10-{day}T08:00:00Z"}
            assert uploader.post("/api/articles", json=[record], headers=AUTH).status_code == 200
    finally:
        done.set()
        thread.join(30)
    now = uploader.get(f"/api/stories/{RAQQA}", follow_redirects=False)
    assert now.status_code == 200 and "early-10" in now.json()["articles"]
    assert seen and set(seen) == {200}, sorted(set(seen))
