"""What a person sees in Chromium: the story list, search, the Raqqa story page (timeline
dates, fact statuses in words, a followed citation highlighted in its article), phone width,
and hostile articles shown as text with nothing executed."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import ROOT, LiveServer

RAQQA = "s-003_29884fe21087bc82"
RAQQA_TITLE = "U.S.-backed Syrian forces capture Syria's Raqqa from Islamic State"
SCREENSHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture
def page(browser: BrowserContext) -> Iterator[Page]:
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    yield tab
    tab.close()


def cited_text(server: LiveServer, citation: dict[str, int | str]) -> str:
    """a citation -> the words it cites, from the JSON API's article body."""
    body = httpx.get(f"{server.url}/api/articles/{citation['article']}").json()["body"]
    return str(body[int(citation["start"]):int(citation["end"])])


def test_the_list_search_and_story_link(page: Page, samples_server: LiveServer) -> None:
    page.goto(samples_server.url + "/")
    expect(page.get_by_role("heading", name="Stories")).to_be_visible()
    expect(page.get_by_role("link", name=RAQQA_TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="Tough IS fight ahead")).to_be_visible()
    page.get_by_label("Search", exact=True).fill("caliphate Trump")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_have_text("1 story matching “caliphate Trump”")
    expect(page.get_by_role("link", name="Tough IS fight ahead")).to_have_count(0)
    page.get_by_role("link", name=RAQQA_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RAQQA_TITLE)


def test_the_story_page_shows_dates_and_statuses_in_words(
        page: Page, samples_server: LiveServer) -> None:
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    dates = page.locator("ol.timeline time").all_inner_texts()
    assert {"2017-10-14", "2017-10-17", "2017-10-21"} <= set(dates)
    expect(page.locator("ol.timeline time", has_text="2017-10-17")).to_be_visible()
    agreed = page.locator("#h-agree + ul.findings")
    assert {"consistent", "corroborated"} <= set(agreed.locator(".status").all_inner_texts())
    expect(agreed.get_by_text("all citing", exact=False).first).to_be_visible()
    page.get_by_text("reported by several sources, one column per source").click()
    expect(page.locator("table.matrix .status", has_text="consistent").first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Xinhua")).to_be_visible()
    removed = page.locator("details.removed").first
    removed.locator("summary").click()
    expect(removed.locator("li").first).to_be_visible()


def test_following_a_citation_highlights_the_cited_words(
        page: Page, samples_server: LiveServer) -> None:
    card = httpx.get(f"{samples_server.url}/api/stories/{RAQQA}").json()
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    link = page.locator("ol.summary a.cite").first
    link.click()
    mark = page.locator("mark.hl")
    expect(mark.first).to_be_in_viewport()
    assert "".join(mark.all_inner_texts()) == cited_text(samples_server,
                                                         card["summary"][0]["citations"][0])
    expect(link).to_have_attribute("aria-current", "true")

    second = page.locator("ol.timeline a.cite").nth(2)  # by keyboard this time
    second.focus()
    page.keyboard.press("Enter")
    wanted = {"article": second.get_attribute("data-a") or "",
              "start": int(second.get_attribute("data-s") or 0),
              "end": int(second.get_attribute("data-e") or 0)}
    expect(page.locator("mark.hl").first).to_be_focused()
    assert "".join(page.locator("mark.hl").all_inner_texts()) == cited_text(samples_server,
                                                                            wanted)
    page.keyboard.press("Escape")
    expect(second).to_be_focused()


def test_screenshots_at_desktop_and_phone_width(
        page: Page, samples_server: LiveServer, tmp_path: Path) -> None:
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    desktop = tmp_path / "story-desktop-1280.png"  # the answer: what happened, who agrees
    page.screenshot(path=str(desktop))
    page.locator("ol.summary a.cite").first.click()
    expect(page.locator("mark.hl").first).to_be_in_viewport()
    cited = tmp_path / "story-cited-1280.png"  # a followed citation, its words marked
    page.screenshot(path=str(cited))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, f"the page scrolls sideways at phone width ({overflow}px)"
    phone = tmp_path / "story-phone-390.png"
    page.screenshot(path=str(phone))
    page.goto(samples_server.url + "/")
    page.screenshot(path=str(tmp_path / "list-phone-390.png"))

    for shot in (desktop, cited, phone):
        assert shot.stat().st_size > 10_000
    if os.environ.get("CROSSWIRE_UPDATE_SCREENSHOTS"):  # refresh docs/screenshots on purpose
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for shot in (desktop, cited, phone):
            shutil.copy(shot, SCREENSHOTS / shot.name)


def test_hostile_articles_run_nothing_and_show_their_markup(
        page: Page, xss_server: LiveServer) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    stories = httpx.get(f"{xss_server.url}/api/stories").json()["stories"]
    articles = [a["id"] for a in httpx.get(f"{xss_server.url}/api/articles").json()]
    paths = ["/", "/?q=flood", *(f"/stories/{s['id']}" for s in stories),
             *(f"/articles/{quote(a, safe='')}" for a in articles)]
    for path in paths:
        page.goto(xss_server.url + path)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert page.evaluate("document.scripts.length") <= 1, path
        assert page.locator("img, iframe, svg[onload]").count() == 0, path
    assert dialogs == []
    page.goto(f"{xss_server.url}/stories/{max(stories, key=lambda s: len(s['articles']))['id']}")
    text = page.locator("body").inner_text()
    assert "<script>window.__pwned='body';alert('xss')</script>" in text
    assert "<script>window.__pwned='outlet'</script>" in text
    page.locator("a.cite").first.click()  # the script still works on hostile text
    expect(page.locator("mark.hl").first).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_the_answer_comes_first_and_fits_three_screens(
        page: Page, samples_server: LiveServer) -> None:
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    lede = page.locator("p.lede")
    expect(lede).to_be_in_viewport()
    expect(lede).to_contain_text("Raqqa")
    expect(lede.locator("a.cite").first).to_be_visible()
    order = page.evaluate("""['h-disagree', 'h-agree', 'h-summary', 'h-facts', 'h-timeline',
        'h-articles'].map(id => document.getElementById(id).getBoundingClientRect().top)""")
    assert order == sorted(order), "the answer comes before the matrix, timeline and articles"
    timeline_top = page.evaluate(
        "document.getElementById('h-timeline').getBoundingClientRect().top + scrollY")
    assert timeline_top <= 3 * 900, f"the answer takes {timeline_top}px before the timeline"
    header = page.locator("main").inner_text()[:3000]
    assert not re.search(r"\b\d{3}_[0-9a-f]{16}\b(?! )", header.split("story s-")[0]), \
        "a source is shown by its id"
    sources = page.locator("main p", has_text="Sources:")
    expect(sources).to_contain_text("Xinhua (China, state)")  # where the outlet table knows
    expect(sources).to_contain_text("i24NEWS (Israel, private)")
    expect(page.locator("details.single summary")).to_contain_text("reported by one source only")
    expect(page.locator("details.single ul.findings")).not_to_be_visible()  # collapsed


def test_a_reader_filters_the_facts_to_one_outlet_and_follows_a_citation(
        page: Page, samples_server: LiveServer) -> None:
    page.goto(f"{samples_server.url}/stories/{RAQQA}")
    page.get_by_text("reported by several sources, one column per source").click()
    page.locator("form.filters select[name=outlet]").select_option("i24NEWS")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"outlet=i24NEWS"))
    rows = page.locator("table.matrix tbody tr")
    expect(rows.first).to_be_visible()  # the filtered matrix is open
    for row in rows.all():
        expect(row).to_contain_text("i24NEWS")
    agreed = page.locator("#h-agree + ul.findings > li")
    for item in agreed.all():
        expect(item.locator("a.cite", has_text="i24NEWS").first).to_be_attached()
    with page.expect_download() as download:  # the facts as filtered, as a spreadsheet
        page.get_by_role("link", name="Facts as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert rows and download.value.suggested_filename == f"{RAQQA}-facts.csv"
    by_fact: dict[str, set[str]] = {}
    for row in rows:
        by_fact.setdefault(row["fact"], set()).add(row["outlet"])
    assert all("i24NEWS" in outlets for outlets in by_fact.values())
    agreed.first.locator("a.cite").first.click()
    expect(page.locator("mark.hl").first).to_be_in_viewport()


def test_no_sideways_scrolling_at_phone_or_desktop_width(
        page: Page, samples_server: LiveServer) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{samples_server.url}/stories/{RAQQA}")
        page.get_by_text("reported by several sources, one column per source").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 390:  # the fact matrix reads as cards: one block per fact, labelled
            cell = page.locator("table.matrix td.cell:not(.empty)").first
            assert cell.evaluate("e => getComputedStyle(e).display") == "block"


def test_a_reader_finds_where_two_outlets_disagree_and_checks_each_figure(
        page: Page, conflict_server: LiveServer) -> None:
    page.goto(conflict_server.url + "/")
    page.locator("ol.stories a.title").first.click()
    dispute = page.locator("#h-disagree ~ article.dispute").first
    expect(dispute.locator(".status")).to_have_text("conflicting")
    expect(dispute).to_contain_text("cannot all be true at the same time")
    rows = dispute.locator("table.side tbody tr")
    expect(rows).to_have_count(2)
    says = {rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).locator("td").nth(1)
            .inner_text() for i in range(2)}
    assert says.keys() == {"Daily Star", "Morning Post"}
    assert "12" in says["Daily Star"] and "40" in says["Morning Post"]
    expect(dispute.locator("td", has_text="the regional fire service").first).to_be_visible()
    rows.nth(0).locator("a.cite").click()  # each figure leads to the words that state it
    expect(page.locator("mark.hl").first).to_be_in_viewport()
    assert re.search(r"Twelve|Forty", "".join(page.locator("mark.hl").all_inner_texts()))
