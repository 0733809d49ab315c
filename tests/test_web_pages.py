"""Story pages stored beside their cards: rendered once per version of a card, served as
stored (gzip) while the card is fresh and the renderer the same, rendered per request
otherwise; the card refresher stores the pages of cards built without one."""

from __future__ import annotations

import dataclasses
import gzip
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crosswire import cards
from crosswire.config import load_settings
from crosswire.models import Story
from crosswire.store import Store, open_store
from crosswire.web import app as web_app
from crosswire.web.api import CARD_HEADER
from crosswire.web.app import create_app
from crosswire.web.page_bounds import PageBounds
from crosswire.web.pages import page_maker
from crosswire.web.render import render, story_context
from tests.factories import copy_db
from tests.test_cards import stored_stories, story

KEY = page_maker(load_settings()).key
BUILDER = cards.builder_inputs(load_settings())


@pytest.fixture
def web_db(samples_with_cards: str, tmp_path: Path) -> str:
    """A copy of the samples with every card (and page) built and stored."""
    return copy_db(samples_with_cards, tmp_path / "pages.db")


def biggest_story(store: Store) -> Story:
    """-> the story with the most articles."""
    return max(store.stories(), key=lambda s: len(s.articles))


def biggest(store: Store) -> str:
    """-> the id of the story with the most articles."""
    return biggest_story(store).id


def rendered(store: Store, story_id: str) -> str:
    """-> the story page rendered now from its stored card (what a request would render)."""
    found = cards.stored_card(store, story_id, load_settings())
    assert found is not None and not found.stale
    return render("story.html", stale=False, **story_context(found.card))


# -- the store keeps a page only for the card it was rendered from ---------------------------


def fresh_card(store: Store, story_id: str, builder: str = "b1") -> str:
    """-> when the fresh card saved now for the story was built."""
    assert store.save_card(story_id, f"{store.card_inputs(story_id)} {builder}", {"id": story_id})
    built = store.card_built(story_id)
    assert built is not None
    return built


def test_a_page_is_served_for_the_card_build_and_renderer_it_was_made_by(
        any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]), story("s-a2", ["a2"]))
    built = fresh_card(any_store, "s-a1")
    other = fresh_card(any_store, "s-a2")
    assert any_store.pages_to_render("k1", "b1", 10) == [("s-a1", built), ("s-a2", other)]
    assert any_store.save_page("s-a1", built, "k1", b"page one")
    assert any_store.fresh_page("s-a1", "k1") == (any_store.card("s-a1")[2], b"page one")
    assert any_store.fresh_page("s-a1", "k2") is None  # another renderer
    assert any_store.pages_to_render("k1", "b1", 10) == [("s-a2", other)]
    assert any_store.pages_to_render("k2", "b1", 10) == [("s-a1", built), ("s-a2", other)]
    assert any_store.pages_to_render("k1", "b2", 10) == []  # cards of other settings: rebuilt


def test_a_page_of_another_build_of_the_card_is_refused_and_never_served(
        any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    first = fresh_card(any_store, "s-a1")
    second = fresh_card(any_store, "s-a1")  # built again from the same story
    assert first != second
    assert not any_store.save_page("s-a1", first, "k1", b"page of the first build")
    assert not any_store.save_page("s-none", second, "k1", b"no such card")
    assert any_store.fresh_page("s-a1", "k1") is None
    assert any_store.save_page("s-a1", second, "k1", b"page")
    fresh_card(any_store, "s-a1")  # a third build: the page named the second
    assert any_store.fresh_page("s-a1", "k1") is None


def test_a_stale_card_has_no_page_to_serve_or_render(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    built = fresh_card(any_store, "s-a1")
    with any_store.transaction():
        any_store.mark_cards_stale(["s-a1"])
    assert not any_store.save_page("s-a1", built, "k1", b"page")
    assert any_store.pages_to_render("k1", "b1", 10) == []  # its card is built first
    with any_store.transaction():
        any_store.delete_cards(["s-a1"])
    assert any_store.save_page("s-a1", fresh_card(any_store, "s-a1"), "k1", b"page")
    with any_store.transaction():
        any_store.mark_cards_stale(["s-a1"])
    assert any_store.fresh_page("s-a1", "k1") is None


def test_deleting_a_card_deletes_its_page(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1"]))
    assert any_store.save_page("s-a1", fresh_card(any_store, "s-a1"), "k1", b"page")
    with any_store.transaction():
        any_store.delete_cards(["s-a1"])
    assert any_store.card_built("s-a1") is None and any_store.fresh_page("s-a1", "k1") is None


def test_deleting_an_article_takes_down_the_page_of_its_story_at_once(any_store: Store) -> None:
    stored_stories(any_store, story("s-a1", ["a1", "a2"]), story("s-a3", ["a3"]))
    for story_id in ("s-a1", "s-a3"):
        assert any_store.save_page(story_id, fresh_card(any_store, story_id), "k1", b"page")
    any_store.delete(["a2"])  # (the stories are brought up to date later)
    assert any_store.fresh_page("s-a1", "k1") is None
    assert any_store.card_state("s-a1")[0] is True
    assert any_store.fresh_page("s-a3", "k1") is not None


# -- pages rendered when cards are built, and served as stored -------------------------------


def test_building_the_cards_stores_each_story_page_as_a_request_would_render_it(
        web_db: str) -> None:
    store = open_store(web_db)
    for s in store.stories():
        found = store.fresh_page(s.id, KEY)
        assert found is not None, s.id
        assert gzip.decompress(found[1]).decode("utf-8") == rendered(store, s.id)


def test_a_stored_page_is_sent_as_stored_without_rendering(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(web_db)
    story_id = biggest(store)
    expected = rendered(store, story_id)

    def no_render(*args: object, **kwargs: object) -> str:
        raise AssertionError("a stored page was rendered again")

    monkeypatch.setattr(web_app, "render", no_render)
    with TestClient(create_app(web_db, None)) as client:
        page = client.get(f"/stories/{story_id}")
        plain = client.get(f"/stories/{story_id}", headers={"Accept-Encoding": "identity"})
        refused = client.get(f"/stories/{story_id}", headers={"Accept-Encoding": "gzip;q=0"})
    assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
    assert page.text == expected and 'id="h-facts"' in page.text
    assert plain.status_code == 200 and "content-encoding" not in plain.headers
    assert plain.text == expected and refused.text == expected
    assert "content-encoding" not in refused.headers
    assert "default-src" in page.headers["content-security-policy"]  # headers as for any page


def test_other_page_bounds_make_the_stored_pages_unused_until_rendered_for_them(
        web_db: str) -> None:
    store = open_store(web_db)
    story_id = biggest(store)
    settings = dataclasses.replace(load_settings(), web_story_facts=1)
    other = page_maker(settings).key
    found = cards.stored_card(store, story_id, settings)
    assert found is not None
    expected = render("story.html", stale=False,
                      **story_context(found.card, PageBounds.from_settings(settings)))
    assert other != KEY and expected != rendered(store, story_id)  # (the bounds show)
    assert store.fresh_page(story_id, other) is None
    with TestClient(create_app(web_db, None, settings=settings)) as client:
        page = client.get(f"/stories/{story_id}")  # rendered now, or stored meanwhile
        deadline = time.monotonic() + 60  # the refresher stores the pages for these bounds
        while time.monotonic() < deadline and store.pages_to_render(other, BUILDER, 100):
            time.sleep(0.2)
        again = client.get(f"/stories/{story_id}")
    assert page.status_code == 200 and page.text == expected
    assert store.pages_to_render(other, BUILDER, 100) == []
    assert again.headers["content-encoding"] == "gzip" and again.text == expected


def test_the_refresher_stores_the_pages_of_cards_built_without_one(web_db: str) -> None:
    with sqlite3.connect(web_db) as conn:
        conn.execute("DELETE FROM story_pages")
    store = open_store(web_db)
    wanted = sorted(s.id for s in store.stories())
    assert sorted(i for i, _ in store.pages_to_render(KEY, BUILDER, 100)) == wanted
    refresher = cards.CardRefresher(web_db, load_settings(), interval=0.1,
                                    pages=page_maker(load_settings()))
    refresher.nudge()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and store.pages_to_render(KEY, BUILDER, 100):
            time.sleep(0.1)
    finally:
        refresher.stop()
    assert store.pages_to_render(KEY, BUILDER, 100) == []
    assert all(store.fresh_page(i, KEY) is not None for i in wanted)


def test_a_page_that_cannot_be_rendered_is_logged_and_passed_over(
        web_db: str, caplog: pytest.LogCaptureFixture) -> None:
    with sqlite3.connect(web_db) as conn:
        conn.execute("DELETE FROM story_pages")
    store = open_store(web_db)
    failing = cards.PageMaker("kf", lambda card: 1 / 0)
    refresher = cards.CardRefresher(web_db, load_settings(), pages=failing)
    count = len(store.pages_to_render("kf", BUILDER, 100))
    assert [refresher.render_one(store) for _ in range(count + 1)] == [True] * count + [False]
    assert "could not be rendered" in caplog.text


def test_cards_built_with_other_settings_leave_the_page_renderer_idle(web_db: str) -> None:
    with sqlite3.connect(web_db) as conn:
        conn.execute("DELETE FROM story_pages")
    store = open_store(web_db)
    settings = dataclasses.replace(load_settings(), summary_sentences=1)  # other cards
    refresher = cards.CardRefresher(web_db, settings, pages=page_maker(settings))
    assert refresher.render_one(store) is False  # (its cards are rebuilt first)


def test_a_page_whose_card_is_built_again_meanwhile_is_not_stored_nor_tried_again(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(web_db) as conn:
        conn.execute("DELETE FROM story_pages")
    store = open_store(web_db)
    maker = page_maker(load_settings())
    story_id = biggest(store)

    def rebuilt_meanwhile(card: object) -> bytes:
        found = cards.stored_card(store, story_id, load_settings())
        assert found is not None
        store.save_card(story_id, found.inputs, found.card.to_dict())  # another build
        return b"page of the build before"

    refresher = cards.CardRefresher(web_db, load_settings(),
                                    pages=cards.PageMaker(maker.key, rebuilt_meanwhile))
    listed = [(story_id, store.card_built(story_id))]
    monkeypatch.setattr(store, "pages_to_render", lambda *args: listed)  # (listed again)
    assert refresher.render_one(store) is True
    assert store.fresh_page(story_id, maker.key) is None  # not stored under the new build
    assert refresher.render_one(store) is False  # that build is passed over, no spinning


# -- listings and searches kept until something is written ----------------------------------


def test_a_search_or_listing_asked_again_is_answered_without_reading_the_store_again(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.store.sqlite import SQLiteStore

    reads: list[str] = []
    for name in ("search", "story_page"):
        real = getattr(SQLiteStore, name)

        def counted(self: SQLiteStore, *args: object, _real=real, _name=name,  # type: ignore[no-untyped-def]
                    **kwargs: object):
            reads.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(SQLiteStore, name, counted)
    with TestClient(create_app(web_db, None)) as client:
        first = [client.get(p).text for p in ("/api/search?q=Raqqa", "/?q=Raqqa", "/api/stories")]
        again = [client.get(p).text for p in ("/api/search?q=Raqqa", "/?q=Raqqa", "/api/stories")]
    assert again == first
    assert reads == ["search", "story_page", "story_page"]


def test_a_kept_search_or_listing_is_read_again_once_articles_or_stories_change(
        web_db: str) -> None:
    from crosswire import api

    store = open_store(web_db)
    story = biggest_story(store)
    gone = story.articles[-1]
    with TestClient(create_app(web_db, None)) as client:
        before = client.get("/api/search", params={"q": "Raqqa", "limit": 200}).json()
        listed = client.get("/api/stories").json()
        api.delete(open_store(web_db), [gone])  # another process writes
        after = client.get("/api/search", params={"q": "Raqqa", "limit": 200}).json()
        relisted = client.get("/api/stories").json()
    assert gone in [a["id"] for a in before] and gone not in [a["id"] for a in after]
    assert relisted != listed
    held = {s["id"]: s["articles"] for s in relisted["stories"]}
    assert gone not in held.get(story.id, [])


# -- a server builds cards in a process of its own -------------------------------------------


def test_a_server_builds_stale_cards_and_their_pages_in_a_process_of_its_own(
        web_db: str) -> None:
    with sqlite3.connect(web_db) as conn:
        conn.execute("DELETE FROM story_pages")
    store = open_store(web_db)
    story_id = biggest(store)
    with store.transaction():
        store.mark_cards_stale([story_id])
    app = create_app(web_db, None, card_process=True)
    with TestClient(app) as client:
        stale = client.get(f"/stories/{story_id}")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and store.fresh_page(story_id, KEY) is None:
            time.sleep(0.2)
        fresh = client.get(f"/stories/{story_id}")
        assert app.state.web.refresher.running
    assert not app.state.web.refresher.running  # stopped with the app
    assert "being updated" in stale.text and "content-encoding" not in stale.headers
    assert fresh.headers["content-encoding"] == "gzip" and "being updated" not in fresh.text
    assert fresh.text == rendered(store, story_id)


def test_the_card_process_ends_when_its_parent_is_gone(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    db = str(tmp_path / "orphan.db")
    open_store(db).close()
    code = ("import sys, time; from crosswire.card_process import CardProcess; "
            "from crosswire.config import load_settings; "
            "p = CardProcess(sys.argv[1], load_settings(), interval=0.1).start(); "
            "print(p._process.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code, db], stdout=subprocess.PIPE,
                              text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(10)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.2)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """-> is process ``pid`` running (not a zombie)?"""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def test_a_store_of_schema_6_gets_its_pages_table_and_serves_its_cards_at_once(
        web_db: str) -> None:
    from crosswire.store.sqlite import SCHEMA_VERSION

    with sqlite3.connect(web_db) as conn:
        conn.executescript("DROP TABLE story_pages; PRAGMA user_version=6;")
    store = open_store(web_db)  # upgraded on open: the cards kept, no page yet
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    story_id = biggest(store)
    assert store.fresh_page(story_id, KEY) is None
    with TestClient(create_app(web_db, None)) as client:
        page = client.get(f"/stories/{story_id}")  # rendered from the stored card
    assert page.status_code == 200 and page.text == rendered(store, story_id)


def test_requests_asking_the_same_while_it_is_made_wait_for_that_one_answer(
        web_db: str) -> None:
    import threading

    from crosswire.web.state import WebState

    state = WebState(web_db, load_settings(), refresh=False)
    started, release, made = threading.Event(), threading.Event(), []

    def slow(store: Store) -> object:
        made.append(1)
        started.set()
        release.wait(10)
        return object()

    answers: list[object] = []
    askers = [threading.Thread(target=lambda: answers.append(state.kept(("k",), slow)))
              for _ in range(5)]
    askers[0].start()
    assert started.wait(10)
    for asker in askers[1:]:
        asker.start()
    time.sleep(0.2)
    release.set()
    for asker in askers:
        asker.join(10)
    assert len(made) == 1 and len(answers) == 5 and all(a is answers[0] for a in answers)


def test_a_failed_answer_fails_its_waiters_and_is_made_again_next_time(web_db: str) -> None:
    from crosswire.web.state import WebState

    state = WebState(web_db, load_settings(), refresh=False)

    def broken(store: Store) -> object:
        raise RuntimeError("the store failed")

    with pytest.raises(RuntimeError):
        state.kept(("k",), broken)
    assert state.kept(("k",), lambda store: "made again") == "made again"


def test_a_fresh_card_is_sent_by_the_api_as_stored(web_db: str) -> None:
    store = open_store(web_db)
    story_id = biggest(store)
    with TestClient(create_app(web_db, None)) as client:
        answer = client.get(f"/api/stories/{story_id}")
    found = cards.stored_card(store, story_id, load_settings())
    assert found is not None and not found.stale
    assert answer.status_code == 200 and answer.headers[CARD_HEADER] == "fresh"
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == found.card.to_dict()


def test_a_story_without_a_card_lists_a_bounded_number_of_its_articles(
        web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosswire.web import state as web_state

    store = open_store(web_db)
    story = biggest_story(store)
    with store.transaction():
        store.delete_cards([story.id])
    monkeypatch.setattr(web_state, "PENDING_ARTICLES", 1)
    with TestClient(create_app(web_db, None, card_process=False)) as client:
        page = client.get(f"/stories/{story.id}")
    assert page.status_code == 200 and "being worked out" in page.text
    assert page.text.count("/articles/") == 1
    assert f"and {len(story.articles) - 1} more article(s)" in page.text


def test_a_storys_facts_download_as_csv_filtered_as_the_page_filters_them(web_db: str) -> None:
    import csv
    import io

    store = open_store(web_db)
    story_id = biggest(store)
    with TestClient(create_app(web_db, None)) as client:
        every = client.get("/facts.csv", params={"story": story_id})
        xinhua = client.get("/facts.csv", params={"story": story_id, "outlet": "Xinhua"})
        missing = client.get("/facts.csv", params={"story": "s-no-such-story"})
    assert every.status_code == 200 and every.headers["content-type"].startswith("text/csv")
    assert "attachment" in every.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(every.text)))
    card = cards.stored_card(store, story_id, load_settings())
    assert card is not None
    assert len(rows) == sum(len(f.reports) for f in card.card.facts)
    kept = {r["fact"] for r in csv.DictReader(io.StringIO(xinhua.text))}
    assert kept == {f.id for f in card.card.facts
                    if any(r.outlet == "Xinhua" for r in f.reports)}
    assert missing.status_code == 404


def test_a_users_own_outlet_table_adds_a_coverage_bar_for_each_column_it_carries(
        web_db: str, tmp_path: Path) -> None:
    import json

    from crosswire.outlets import TABLE_PATH

    table = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    for row in table["outlets"]:
        if row["name"] == "Xinhua":
            row["bias"] = "state line"
    mine = tmp_path / "my-outlets.json"
    mine.write_text(json.dumps(table), encoding="utf-8")
    settings = dataclasses.replace(load_settings(), outlets_table=str(mine))
    assert cards.builder_inputs(settings) != BUILDER  # its cards are built again
    store = open_store(web_db)
    story_id = biggest(store)
    card = cards.build_card(store, story_id, settings)
    assert card.coverage["columns"] == {"bias": {"state line": 1, "not rated": 1}}
    page = render("story.html", stale=False, **story_context(card))
    assert 'aria-label="Bias: state line 1, not rated 1, not in the outlet table 2"' in page
    assert "columns" not in cards.build_card(store, story_id, load_settings()).coverage
